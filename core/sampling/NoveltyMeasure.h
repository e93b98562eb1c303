#pragma once

#include "zoo/Architecture.h"
#include "zoo/Dataset.h"
#include "zoo/Hyperparameters.h"
#include "core/Progress.h"
#include "training/BatchedEvaluator.h"

#include <cstdint>
#include <vector>

namespace zooscope {

// How new a set of models is with respect to a reference population (method.md section 3, after Zeng
// et al. 2025): a near-copy of a training model misclassifies the same images and sits close to it in
// weight space.
struct NoveltyResult {
    std::vector<double> maxIoU;               // [models]: highest IoU of misclassified-image sets with any reference
    std::vector<int64_t> mostSimilarReference; // [models]: index of that reference
    std::vector<double> nearestDistance;      // [models]: L2 distance to the nearest reference's weights
    std::vector<int64_t> nearestReference;    // [models]
    std::vector<double> accuracy;             // [models]: on the measuring split (a by-product)
    bool empty() const { return maxIoU.empty(); }
};

// Holds the references' misclassification sets (bitsets over the split's images) and weights.
class NoveltyMeasure {
public:
    // references: [referenceCount, parameters]; one activation each. The split is usually the test
    // split. threads 0: the engine's compute threads. Throws std::invalid_argument on size mismatches or
    // no references, OperationCancelled when `progress` is cancelled while the references are evaluated.
    NoveltyMeasure(Architecture architecture, const DatasetSplit& split, std::vector<float> references,
                   std::vector<Activation> activations, int threads = 0, const Progress& progress = {});

    // The same measure from the references' earlier test (NoveltyReferenceStore): one misclassification
    // set of (split.count + 63) / 64 words and one accuracy per reference. Throws std::invalid_argument when
    // the sizes do not fit.
    NoveltyMeasure(Architecture architecture, const DatasetSplit& split, std::vector<float> references,
                   std::vector<std::vector<uint64_t>> misclassified, std::vector<double> accuracy, int threads = 0);

    int64_t referenceCount() const { return m_referenceCount; }
    // The references' misclassified test images, one bitset each.
    const std::vector<std::vector<uint64_t>>& referenceMisclassified() const { return m_referenceWrong; }
    const DatasetSplit& split() const { return m_split; }
    // Accuracy of each reference on the split.
    const std::vector<double>& referenceAccuracy() const { return m_referenceAccuracy; }

    // models: [count, parameters]. Non-finite models get NaN. Throws OperationCancelled when cancelled.
    NoveltyResult measure(const float* models, int64_t count, const std::vector<Activation>& activations,
                          const Progress& progress = {}) const;

    // measure() in two steps, so that an evaluation made for other purposes is shared: the evaluation of
    // `models` on `split` with misclassifications (non-finite models evaluated as zeros), then the
    // comparison with the references (split must be this measure's split).
    static EvaluationResult evaluateModels(const Architecture& architecture, const DatasetSplit& split, int threads,
                                           const float* models, int64_t count, const std::vector<Activation>& activations,
                                           const Progress& progress = {});
    NoveltyResult compare(const float* models, int64_t count, const EvaluationResult& evaluation) const;

    // |A and B| / |A or B| of two misclassification bitsets; 1 when both are empty.
    static double intersectionOverUnion(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b);
    // Misclassified images as bitsets, one per model, from a [models, images] 0/1 correctness table.
    static std::vector<std::vector<uint64_t>> misclassifiedSets(const std::vector<uint8_t>& correct, int64_t models,
                                                                int64_t images);

private:
    // The number of flat weight vectors in `references`; throws std::invalid_argument unless >= 1 whole ones.
    static int64_t referenceCountOf(const Architecture& architecture, const std::vector<float>& references);

    Architecture m_architecture;
    const DatasetSplit& m_split;
    int m_threads;
    int64_t m_referenceCount = 0;
    std::vector<float> m_references;
    std::vector<std::vector<uint64_t>> m_referenceWrong;
    std::vector<double> m_referenceAccuracy;
};

} // namespace zooscope
