#include "training/BatchedEvaluator.h"

#include "core/EngineInfo.h"
#include "training/CnnKernels.h"
#include "training/LaneGroup.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <cstring>
#include <mutex>
#include <numeric>
#include <stdexcept>
#include <thread>

namespace zooscope {

using kernels::kLanes;

BatchedEvaluator::BatchedEvaluator(Architecture architecture, int threads)
    : m_architecture(std::move(architecture)), m_threads(threads)
{
}

EvaluationResult BatchedEvaluator::evaluate(const std::vector<float>& weights, const std::vector<Activation>& activations,
                                            const DatasetSplit& split, const Progress& progress) const
{
    const int64_t P = m_architecture.parameterCount();
    if (P <= 0 || weights.size() % size_t(P) != 0)
        throw std::invalid_argument("weights are not a whole number of flat weight vectors");
    return evaluate(weights.data(), int64_t(weights.size()) / P, activations, split, progress);
}

EvaluationResult BatchedEvaluator::evaluate(const float* weights, int64_t models, const std::vector<Activation>& activations,
                                            const DatasetSplit& split, const Progress& progress) const
{
    return run(weights, models, activations, split, progress, Record::Totals);
}

EvaluationResult BatchedEvaluator::evaluateWithCorrectness(const float* weights, int64_t models,
                                                           const std::vector<Activation>& activations,
                                                           const DatasetSplit& split, const Progress& progress) const
{
    return run(weights, models, activations, split, progress, Record::Correctness);
}

EvaluationResult BatchedEvaluator::evaluateWithPredictions(const float* weights, int64_t models,
                                                           const std::vector<Activation>& activations,
                                                           const DatasetSplit& split, const Progress& progress) const
{
    return run(weights, models, activations, split, progress, Record::Predictions);
}

EvaluationResult BatchedEvaluator::run(const float* weights, int64_t models, const std::vector<Activation>& activations,
                                       const DatasetSplit& split, const Progress& progress, Record record) const
{
    if (int64_t(activations.size()) != models)
        throw std::invalid_argument("need one activation per model (" + std::to_string(models) + "), got " +
                                    std::to_string(activations.size()));
    const auto k = kernels::makeNetKernels(m_architecture);
    const int64_t P = k->parameterCount();
    if (split.count > 0 && split.imageSize() != k->imageFloats())
        throw std::invalid_argument("dataset images have " + std::to_string(split.imageSize()) +
                                    " values, the architecture expects " + std::to_string(k->imageFloats()));
    for (int64_t y : split.labels)
        if (y < 0 || y >= k->classes())
            throw std::invalid_argument("dataset label " + std::to_string(y) + " is outside the classes");

    EvaluationResult out;
    out.loss.assign(size_t(models), std::nan(""));
    out.accuracy.assign(size_t(models), std::nan(""));
    if (record != Record::Totals)
        out.correct.assign(size_t(models * split.count), 0);
    if (record == Record::Predictions)
        out.predicted.assign(size_t(models * split.count), -1);
    if (models == 0 || split.count == 0)
        return out;

    // Lane groups by activation, in model order.
    struct Group {
        Activation act;
        std::vector<int64_t> rows;
        float* w = nullptr;
    };
    std::vector<Group> groups;
    {
        std::vector<int64_t> order(static_cast<size_t>(models));
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(),
                         [&](int64_t a, int64_t b) { return int(activations[a]) < int(activations[b]); });
        for (int64_t r : order) {
            if (groups.empty() || groups.back().act != activations[r] || groups.back().rows.size() == size_t(kLanes))
                groups.push_back({activations[r], {}, nullptr});
            groups.back().rows.push_back(r);
        }
    }
    const size_t laneFloats = size_t(P) * kLanes;
    AlignedFloats lanes(groups.size() * laneFloats);
    float* wbuf = lanes.p;
    for (size_t g = 0; g < groups.size(); ++g) {
        float* w = wbuf + g * laneFloats;
        groups[g].w = w;
        for (int l = 0; l < kLanes; ++l) {
            const auto& rows = groups[g].rows;
            const int64_t r = rows[size_t(l) < rows.size() ? size_t(l) : 0];
            const float* src = weights + r * P;
            for (int64_t p = 0; p < P; ++p)
                w[p * kLanes + l] = src[p];
        }
    }

    // Work items: (group, chunk of images); partial sums reduced in a fixed order.
    constexpr int64_t kChunk = 500;
    const int64_t chunks = (split.count + kChunk - 1) / kChunk;
    const int64_t items = int64_t(groups.size()) * chunks;
    std::vector<double> lossPart(size_t(items) * kLanes, 0.0);
    std::vector<int64_t> correctPart(size_t(items) * kLanes, 0);
    std::atomic<int64_t> next{0}, done{0};
    std::atomic<bool> stop{false};
    std::string failure;
    std::mutex mu;
    std::condition_variable cv;
    int running = 0;
    const int threads = int(std::max<int64_t>(1, std::min<int64_t>(EngineInfo::threadsFor(m_threads), items)));
    const int64_t fl = split.imageSize();

    auto work = [&] {
        kernels::DenormalGuard denormals;
        try {
            AlignedFloats workspace(k->workspaceFloats());
            float* ws = workspace.p;
            std::vector<int32_t> predicted(record == Record::Predictions ? size_t(kChunk * kLanes) : 0);
            for (;;) {
                if (stop || progress.isCancelled())
                    break;
                const int64_t it = next.fetch_add(1);
                if (it >= items)
                    break;
                const Group& g = groups[size_t(it / chunks)];
                const int64_t c = it % chunks;
                const int64_t first = c * kChunk, n = std::min(kChunk, split.count - first);
                if (record != Record::Correctness) {
                    int32_t* pred = predicted.empty() ? nullptr : predicted.data();
                    k->evaluate(g.act, g.w, split.images.data() + first * fl, split.labels.data() + first, n,
                                &lossPart[size_t(it) * kLanes], &correctPart[size_t(it) * kLanes], ws, pred);
                    for (int64_t i = 0; pred && i < n; ++i)
                        for (size_t l = 0; l < g.rows.size(); ++l) {
                            const size_t at = size_t(g.rows[l] * split.count + first + i);
                            out.predicted[at] = pred[i * kLanes + int64_t(l)];
                            out.correct[at] = uint8_t(out.predicted[at] == split.labels[size_t(first + i)]);
                        }
                } else {
                    // One image at a time: the per-lane correct count of a single image is its verdict.
                    for (int64_t i = first; i < first + n; ++i) {
                        int64_t right[kLanes] = {};
                        k->evaluate(g.act, g.w, split.images.data() + i * fl, split.labels.data() + i, 1,
                                    &lossPart[size_t(it) * kLanes], right, ws, nullptr);
                        for (size_t l = 0; l < g.rows.size(); ++l) {
                            correctPart[size_t(it) * kLanes + l] += right[l];
                            out.correct[size_t(g.rows[l] * split.count + i)] = uint8_t(right[l] != 0);
                        }
                    }
                }
                ++done;
            }
        } catch (const std::exception& e) {
            std::lock_guard<std::mutex> lk(mu);
            failure = e.what();
            stop = true;
        }
        std::lock_guard<std::mutex> lk(mu);
        --running;
        cv.notify_all();
    };

    progress.report(0.0, "evaluating");
    std::vector<std::thread> pool;
    running = threads;
    for (int t = 0; t < threads; ++t)
        pool.emplace_back(work);
    // The listener runs here while the workers run: whatever it throws ends them first.
    std::exception_ptr listenerError;
    for (;;) {
        std::unique_lock<std::mutex> lk(mu);
        if (cv.wait_for(lk, std::chrono::milliseconds(200), [&] { return running == 0; }))
            break;
        lk.unlock();
        if (listenerError)
            continue;
        try {
            progress.report(double(done.load()) / double(items), "evaluating");
        } catch (...) {
            listenerError = std::current_exception();
            stop = true;
        }
    }
    for (auto& t : pool)
        t.join();
    if (!failure.empty())
        throw std::runtime_error("batched evaluation failed: " + failure);
    if (listenerError)
        std::rethrow_exception(listenerError);
    if (done.load() != items)
        throw OperationCancelled();
    progress.report(1.0, "evaluating");

    for (size_t g = 0; g < groups.size(); ++g) {
        for (size_t l = 0; l < groups[g].rows.size(); ++l) {
            double loss = 0;
            int64_t correct = 0;
            for (int64_t c = 0; c < chunks; ++c) {
                const size_t it = (g * size_t(chunks) + size_t(c)) * kLanes + l;
                loss += lossPart[it];
                correct += correctPart[it];
            }
            const int64_t r = groups[g].rows[l];
            out.loss[size_t(r)] = loss / double(split.count);
            out.accuracy[size_t(r)] = double(correct) / double(split.count);
        }
    }
    return out;
}

EvaluationResult BatchedEvaluator::evaluateZoo(const ModelZoo& zoo, int64_t checkpoint, const DatasetSplit& split,
                                               const Progress& progress) const
{
    if (checkpoint < 0 || checkpoint >= zoo.checkpointCount())
        throw std::invalid_argument("checkpoint index " + std::to_string(checkpoint) + " is out of range");
    const int64_t P = zoo.parameterCount();
    std::vector<float> w(size_t(zoo.modelCount() * P));
    std::vector<Activation> acts(size_t(zoo.modelCount()));
    for (int64_t m = 0; m < zoo.modelCount(); ++m) {
        std::memcpy(w.data() + m * P, zoo.weightsAt(m, checkpoint), size_t(P) * sizeof(float));
        acts[size_t(m)] = zoo.hyperparameters[size_t(m)].activation;
    }
    return evaluate(w, acts, split, progress);
}

} // namespace zooscope
