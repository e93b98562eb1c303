#pragma once

#include "core/Progress.h"
#include "zoo/Architecture.h"
#include "zoo/Dataset.h"
#include "zoo/Hyperparameters.h"
#include "zoo/ModelZoo.h"

#include <cstdint>
#include <vector>

namespace zooscope {

struct EvaluationResult {
    std::vector<double> loss;     // mean NLL of log-softmax per model
    std::vector<double> accuracy; // 0..1 per model
    // [models, images]: 1 where the model classifies the image right; only from evaluateWithCorrectness.
    std::vector<uint8_t> correct;
    // [models, images]: each model's predicted class of each image; only from evaluateWithPredictions.
    std::vector<int32_t> predicted;
};

// Accuracy and loss of many flat weight vectors at once (forward only, no dropout), with the
// population kernels: models in SIMD lanes, grouped by activation, work spread over threads in image
// chunks and summed in a fixed order (the result does not depend on the thread count).
class BatchedEvaluator {
public:
    // threads 0: EngineInfo::computeThreads() (read at each evaluation).
    explicit BatchedEvaluator(Architecture architecture, int threads = 0);

    // weights: [models, parameters] in the flat order of method.md; activations: one per model.
    // `progress` hears the fraction done ("evaluating") on the calling thread; when it is cancelled the
    // workers stop between image chunks and OperationCancelled is thrown. Throws std::invalid_argument on
    // size mismatches.
    EvaluationResult evaluate(const std::vector<float>& weights, const std::vector<Activation>& activations,
                              const DatasetSplit& split, const Progress& progress = {}) const;
    EvaluationResult evaluate(const float* weights, int64_t models, const std::vector<Activation>& activations,
                              const DatasetSplit& split, const Progress& progress = {}) const;

    // The same, and which images each model gets right (EvaluationResult::correct), e.g. for the
    // misclassification IoU of the novelty measure.
    EvaluationResult evaluateWithCorrectness(const float* weights, int64_t models, const std::vector<Activation>& activations,
                                             const DatasetSplit& split, const Progress& progress = {}) const;

    // The same, and each model's predicted class of each image (EvaluationResult::predicted, and
    // `correct`), e.g. for the prediction disagreement of two checkpoints.
    EvaluationResult evaluateWithPredictions(const float* weights, int64_t models, const std::vector<Activation>& activations,
                                             const DatasetSplit& split, const Progress& progress = {}) const;

    // All models of a zoo at checkpoint index `checkpoint` (activation from their hyperparameters).
    EvaluationResult evaluateZoo(const ModelZoo& zoo, int64_t checkpoint, const DatasetSplit& split,
                                 const Progress& progress = {}) const;

private:
    enum class Record { Totals, Correctness, Predictions };
    EvaluationResult run(const float* weights, int64_t models, const std::vector<Activation>& activations,
                         const DatasetSplit& split, const Progress& progress, Record record) const;

    Architecture m_architecture;
    int m_threads;
};

} // namespace zooscope
