#include "sampling/NoveltyMeasure.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace zooscope {

int64_t NoveltyMeasure::referenceCountOf(const Architecture& architecture, const std::vector<float>& references)
{
    const int64_t P = architecture.parameterCount();
    if (P <= 0 || references.size() % size_t(P) != 0)
        throw std::invalid_argument("novelty references are not a whole number of flat weight vectors");
    if (references.empty())
        throw std::invalid_argument("novelty needs at least one reference model");
    return int64_t(references.size()) / P;
}

NoveltyMeasure::NoveltyMeasure(Architecture architecture, const DatasetSplit& split, std::vector<float> references,
                               std::vector<Activation> activations, int threads, const Progress& progress)
    : m_architecture(std::move(architecture)), m_split(split), m_threads(threads), m_references(std::move(references))
{
    m_referenceCount = referenceCountOf(m_architecture, m_references);
    if (int64_t(activations.size()) != m_referenceCount)
        throw std::invalid_argument("novelty: need one activation per reference model");
    const BatchedEvaluator evaluator(m_architecture, m_threads);
    const EvaluationResult r =
        evaluator.evaluateWithCorrectness(m_references.data(), m_referenceCount, activations, m_split, progress);
    m_referenceWrong = misclassifiedSets(r.correct, m_referenceCount, m_split.count);
    m_referenceAccuracy = r.accuracy;
}

NoveltyMeasure::NoveltyMeasure(Architecture architecture, const DatasetSplit& split, std::vector<float> references,
                               std::vector<std::vector<uint64_t>> misclassified, std::vector<double> accuracy, int threads)
    : m_architecture(std::move(architecture)), m_split(split), m_threads(threads), m_references(std::move(references)),
      m_referenceWrong(std::move(misclassified)), m_referenceAccuracy(std::move(accuracy))
{
    m_referenceCount = referenceCountOf(m_architecture, m_references);
    const size_t words = size_t((m_split.count + 63) / 64);
    if (int64_t(m_referenceWrong.size()) != m_referenceCount || int64_t(m_referenceAccuracy.size()) != m_referenceCount)
        throw std::invalid_argument("novelty: need one misclassification set and one accuracy per reference model");
    for (const std::vector<uint64_t>& w : m_referenceWrong)
        if (w.size() != words)
            throw std::invalid_argument("novelty: a misclassification set does not fit the split's images");
}

std::vector<std::vector<uint64_t>> NoveltyMeasure::misclassifiedSets(const std::vector<uint8_t>& correct,
                                                                     int64_t models, int64_t images)
{
    if (int64_t(correct.size()) != models * images)
        throw std::invalid_argument("correctness table has the wrong size");
    const size_t words = size_t((images + 63) / 64);
    std::vector<std::vector<uint64_t>> sets(static_cast<size_t>(models), std::vector<uint64_t>(words, 0));
    for (int64_t m = 0; m < models; ++m)
        for (int64_t i = 0; i < images; ++i)
            if (!correct[size_t(m * images + i)])
                sets[size_t(m)][size_t(i / 64)] |= uint64_t(1) << (i % 64);
    return sets;
}

double NoveltyMeasure::intersectionOverUnion(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b)
{
    if (a.size() != b.size())
        throw std::invalid_argument("misclassification sets of different lengths");
    int64_t inter = 0, uni = 0;
    for (size_t w = 0; w < a.size(); ++w) {
        inter += std::popcount(a[w] & b[w]);
        uni += std::popcount(a[w] | b[w]);
    }
    return uni == 0 ? 1.0 : double(inter) / double(uni);
}

namespace {

// Non-finite models cannot be evaluated: they are zeros to the evaluator and NaN in the results.
bool isFinite(const float* w, int64_t P)
{
    for (int64_t p = 0; p < P; ++p)
        if (!std::isfinite(w[p]))
            return false;
    return true;
}

} // namespace

EvaluationResult NoveltyMeasure::evaluateModels(const Architecture& architecture, const DatasetSplit& split, int threads,
                                                const float* models, int64_t count,
                                                const std::vector<Activation>& activations, const Progress& progress)
{
    const int64_t P = architecture.parameterCount();
    std::vector<float> weights(models, models + count * P);
    for (int64_t m = 0; m < count; ++m)
        if (!isFinite(weights.data() + m * P, P))
            std::fill(weights.begin() + m * P, weights.begin() + (m + 1) * P, 0.0f);
    const BatchedEvaluator evaluator(architecture, threads);
    return evaluator.evaluateWithCorrectness(weights.data(), count, activations, split, progress);
}

NoveltyResult NoveltyMeasure::measure(const float* models, int64_t count, const std::vector<Activation>& activations,
                                      const Progress& progress) const
{
    if (count == 0)
        return compare(models, 0, EvaluationResult{});
    return compare(models, count, evaluateModels(m_architecture, m_split, m_threads, models, count, activations, progress));
}

NoveltyResult NoveltyMeasure::compare(const float* models, int64_t count, const EvaluationResult& r) const
{
    const int64_t P = m_architecture.parameterCount();
    NoveltyResult out;
    const double nan = std::nan("");
    out.maxIoU.assign(size_t(count), nan);
    out.mostSimilarReference.assign(size_t(count), -1);
    out.nearestDistance.assign(size_t(count), nan);
    out.nearestReference.assign(size_t(count), -1);
    out.accuracy.assign(size_t(count), nan);
    if (count == 0)
        return out;
    if (int64_t(r.accuracy.size()) != count)
        throw std::invalid_argument("novelty: the evaluation is of another number of models");
    const auto wrong = misclassifiedSets(r.correct, count, m_split.count);
    for (int64_t m = 0; m < count; ++m) {
        const float* a = models + m * P;
        if (!isFinite(a, P))
            continue;
        out.accuracy[size_t(m)] = r.accuracy[size_t(m)];
        double best = -1, nearest = std::numeric_limits<double>::infinity();
        for (int64_t ref = 0; ref < m_referenceCount; ++ref) {
            const double iou = intersectionOverUnion(wrong[size_t(m)], m_referenceWrong[size_t(ref)]);
            if (iou > best) {
                best = iou;
                out.mostSimilarReference[size_t(m)] = ref;
            }
            double d2 = 0;
            const float* b = m_references.data() + ref * P;
            for (int64_t p = 0; p < P; ++p) {
                const double t = double(a[p]) - double(b[p]);
                d2 += t * t;
            }
            if (d2 < nearest) {
                nearest = d2;
                out.nearestReference[size_t(m)] = ref;
            }
        }
        out.maxIoU[size_t(m)] = best;
        out.nearestDistance[size_t(m)] = std::sqrt(nearest);
    }
    return out;
}

} // namespace zooscope
