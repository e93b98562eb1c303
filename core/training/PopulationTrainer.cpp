#include "training/PopulationTrainer.h"

#include "training/CnnKernels.h"

#include <algorithm>
#include <barrier>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <limits>
#include <mutex>
#include <numeric>
#include <stdexcept>
#include <thread>

#include <unistd.h>

namespace zooscope {

namespace {

using kernels::kLanes;
using Clock = std::chrono::steady_clock;

// ---------------------------------------------------------------------------------------------
// Random numbers: xoshiro256** seeded through SplitMix64 from (seed, stream). Streams are derived
// from counters (epoch, step, image), so no generator state has to survive an interruption.

uint64_t splitmix64(uint64_t& x)
{
    uint64_t z = (x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

uint64_t mix(uint64_t a, uint64_t b)
{
    uint64_t x = a ^ (b * 0xD1B54A32D192ED03ull);
    return splitmix64(x);
}

class Rng {
public:
    Rng(uint64_t seed, uint64_t stream)
    {
        uint64_t x = mix(seed, stream);
        for (auto& v : s)
            v = splitmix64(x);
    }
    uint64_t next()
    {
        const uint64_t result = rotl(s[1] * 5, 7) * 9;
        const uint64_t t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = rotl(s[3], 45);
        return result;
    }
    float uniformFloat() { return float(next() >> 40) * 0x1.0p-24f; } // [0, 1), 24 bits like a float
    double uniform() { return double(next() >> 11) * 0x1.0p-53; }     // [0, 1)
    double normal()
    {
        const double u1 = double((next() >> 11) + 1) * 0x1.0p-53; // (0, 1]
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
    }
    uint64_t below(uint64_t n) { return uint64_t((static_cast<unsigned __int128>(next()) * n) >> 64); }

private:
    static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    uint64_t s[4];
};

constexpr uint64_t kInitStream = 1;
uint64_t orderStream(int64_t epoch) { return mix(2, uint64_t(epoch)); }
uint64_t dropoutStream(int64_t epoch, int64_t step, int64_t image)
{
    return mix(mix(mix(3, uint64_t(epoch)), uint64_t(step)), uint64_t(image));
}

// The dropout generator of one lane for (seed, epoch, step, image): xoshiro128** state from SplitMix64.
void seedDropoutLane(uint32_t* state, int lane, uint64_t seed, int64_t epoch, int64_t step, int64_t image)
{
    uint64_t x = mix(seed, dropoutStream(epoch, step, image));
    const uint64_t a = splitmix64(x), c = splitmix64(x);
    state[0 * kLanes + lane] = uint32_t(a);
    state[1 * kLanes + lane] = uint32_t(a >> 32);
    state[2 * kLanes + lane] = uint32_t(c);
    state[3 * kLanes + lane] = uint32_t(c >> 32) | 1u; // never all zero
}

uint32_t dropoutThreshold(double p) { return uint32_t(std::clamp(std::lround(p * 65536.0), 1L, 65535L)); }

// ---------------------------------------------------------------------------------------------

struct AlignedFloats {
    float* p = nullptr;
    size_t n = 0;
    AlignedFloats() = default;
    explicit AlignedFloats(size_t count) { resize(count); }
    AlignedFloats(const AlignedFloats&) = delete;
    AlignedFloats& operator=(const AlignedFloats&) = delete;
    ~AlignedFloats() { std::free(p); }
    void resize(size_t count)
    {
        std::free(p);
        n = count;
        const size_t bytes = std::max<size_t>(32, (count * sizeof(float) + 31) / 32 * 32);
        p = static_cast<float*>(std::aligned_alloc(32, bytes));
        if (!p)
            throw std::bad_alloc();
        std::memset(p, 0, bytes);
    }
    void zero() { std::memset(p, 0, n * sizeof(float)); }
};

struct Group {
    Activation activation = Activation::Tanh;
    int64_t batch = 10;
    int lanes = 0;                      // real models
    int model[kLanes] = {-1, -1, -1, -1, -1, -1, -1, -1};
    kernels::OptimizerLanes optimizer;
    bool anyDropout = false;
    alignas(32) uint32_t dropThreshold[kLanes] = {}; // 16-bit threshold; 0 = no dropout
    alignas(32) float dropScale[kLanes] = {1, 1, 1, 1, 1, 1, 1, 1};

    AlignedFloats w, m, v, g0, g1;

    // Position: `epoch` completed epochs, `step` steps done in the next one.
    int64_t epoch = 0, step = 0, totalSteps = 0;
    bool initialised = false, evaluated = false, finished = false;
    double runLoss[kLanes] = {};
    int64_t runCorrect[kLanes] = {};
    int64_t runCount = 0;
};

struct WorkerBuffers {
    AlignedFloats ws, x, mask;
    std::vector<int32_t> order[kLanes];
    const Group* orderGroup = nullptr;
    int64_t orderEpoch = -1;
};

struct HalfResult {
    double loss[kLanes] = {};
    int64_t correct[kLanes] = {};
};

// Per-lane sums of one evaluation chunk.
struct ChunkSums {
    double loss[kLanes] = {};
    int64_t correct[kLanes] = {};
};

// Two threads on one lane group (when there are fewer groups than threads): the leader drives, the
// helper takes the second half of every mini-batch, the odd evaluation chunks and the upper half of
// the parameters in the optimiser step. Results are the same as with one thread: the batch halves
// always go to separate gradient buffers, the chunks are always summed in order.
struct Team {
    enum class Command { Step, Eval, Quit };
    std::barrier<> sync{2};
    Command command = Command::Quit;
    Group* group = nullptr;
    int64_t first = 0, half = 0, count = 0; // step: images [half, count) of the batch at `first`
    float scale = 1;
    HalfResult helperHalf;
    const DatasetSplit* split = nullptr;
    std::vector<ChunkSums>* chunks = nullptr;
};

// 64-bit hash, 8 bytes at a time.
struct Hasher {
    uint64_t h = 0xcbf29ce484222325ull;
    void bytes(const void* data, size_t n)
    {
        const auto* c = static_cast<const unsigned char*>(data);
        size_t i = 0;
        for (; i + 8 <= n; i += 8) {
            uint64_t w;
            std::memcpy(&w, c + i, 8);
            h = (h ^ w) * 0x100000001b3ull;
            h ^= h >> 29;
        }
        for (; i < n; ++i)
            h = (h ^ c[i]) * 0x100000001b3ull;
    }
    template <class T>
    void value(const T& v)
    {
        bytes(&v, sizeof v);
    }
    void string(const std::string& s)
    {
        value(uint64_t(s.size()));
        bytes(s.data(), s.size());
    }
};

constexpr char kResumeMagic[8] = {'Z', 'S', 'R', 'E', 'S', 'U', 'M', 'E'};
constexpr uint32_t kResumeVersion = 1;

kernels::Isa isaFor(KernelChoice c)
{
    switch (c) {
    case KernelChoice::Generic: return kernels::Isa::Generic;
    case KernelChoice::Avx2:
        if (kernels::bestIsa() != kernels::Isa::Avx2)
            throw std::invalid_argument("AVX2+FMA kernels requested, but this CPU (or ZOOSCOPE_KERNELS) does not allow them");
        return kernels::Isa::Avx2;
    case KernelChoice::Auto: break;
    }
    return kernels::bestIsa();
}

} // namespace

// =============================================================================================

struct PopulationTrainer::Impl {
    Architecture arch;
    std::vector<Hyperparameters> models;
    PopulationTrainingOptions opt;

    std::unique_ptr<kernels::NetKernels> k;
    int64_t P = 0;
    const Dataset* data = nullptr;
    std::vector<std::unique_ptr<Group>> groups;
    PopulationTrainingResult result;
    int64_t E = 0;

    // threads
    std::mutex mu;
    std::condition_variable cv;
    std::atomic<size_t> nextGroup{0};
    std::atomic<bool> pause{false};
    int running = 0, parked = 0;
    std::atomic<int64_t> stepsDone{0}, modelsDone{0};
    std::atomic<bool> failed{false};
    std::string failure;

    std::atomic<bool> stop{false}; // internal stop (a failed resume save)
    bool cancelled() const
    {
        return (opt.cancel && opt.cancel->load(std::memory_order_relaxed)) || stop.load(std::memory_order_relaxed);
    }

    int64_t trainCount() const { return data->train.count; }

    void validate() const
    {
        if (opt.epochs < 0)
            throw std::invalid_argument("epochs must be >= 0");
        int64_t last = -1;
        for (int64_t e : opt.checkpointEpochs) {
            if (e < 0 || e > opt.epochs)
                throw std::invalid_argument("checkpoint epoch " + std::to_string(e) + " is outside 0.." +
                                            std::to_string(opt.epochs));
            if (e <= last)
                throw std::invalid_argument("checkpoint epochs must be ascending and distinct");
            last = e;
        }
        if (!opt.initialWeights.empty() && opt.initialWeights.size() != models.size() * size_t(arch.parameterCount()))
            throw std::invalid_argument("initial weights: expected " + std::to_string(models.size()) + " x " +
                                        std::to_string(arch.parameterCount()) + " values, got " + std::to_string(opt.initialWeights.size()));
        for (size_t i = 0; i < models.size(); ++i) {
            const auto& h = models[i];
            const std::string who = "model " + std::to_string(i) + ": ";
            if (!(h.dropout >= 0.0 && h.dropout < 1.0))
                throw std::invalid_argument(who + "dropout must be in [0, 1)");
            if (h.batchSize < 1)
                throw std::invalid_argument(who + "batch size must be >= 1");
            if (!(h.learningRate >= 0.0) || !std::isfinite(h.learningRate))
                throw std::invalid_argument(who + "learning rate must be finite and >= 0");
            if (!(h.weightDecay >= 0.0) || !std::isfinite(h.weightDecay))
                throw std::invalid_argument(who + "weight decay must be finite and >= 0");
        }
    }

    void buildGroups()
    {
        // Models with the same activation and batch size share lane groups, in model order.
        std::vector<int> idx(models.size());
        std::iota(idx.begin(), idx.end(), 0);
        std::stable_sort(idx.begin(), idx.end(), [&](int a, int b) {
            const auto& x = models[a];
            const auto& y = models[b];
            if (x.activation != y.activation)
                return int(x.activation) < int(y.activation);
            return x.batchSize < y.batchSize;
        });
        for (size_t i = 0; i < idx.size();) {
            auto g = std::make_unique<Group>();
            const auto& first = models[idx[i]];
            g->activation = first.activation;
            g->batch = first.batchSize;
            while (i < idx.size() && g->lanes < kLanes && models[idx[i]].activation == g->activation &&
                   models[idx[i]].batchSize == g->batch) {
                const int mi = idx[i++];
                const auto& h = models[mi];
                const int l = g->lanes++;
                g->model[l] = mi;
                g->optimizer.learningRate[l] = float(h.learningRate);
                g->optimizer.weightDecay[l] = float(h.weightDecay);
                g->optimizer.adam[l] = h.optimizer == Optimizer::Adam ? 1 : 0;
                if (h.dropout > 0.0) {
                    g->anyDropout = true;
                    g->dropThreshold[l] = dropoutThreshold(h.dropout);
                    g->dropScale[l] = 1.0f / (1.0f - float(h.dropout));
                }
            }
            // padding lanes: lr 0, never read back
            for (int l = g->lanes; l < kLanes; ++l)
                g->optimizer.adam[l] = 1;
            const size_t n = size_t(P) * kLanes;
            g->w.resize(n);
            g->m.resize(n);
            g->v.resize(n);
            g->g0.resize(n);
            g->g1.resize(n);
            groups.push_back(std::move(g));
        }
    }

    int64_t stepsPerEpochOf(const Group& g) const { return PopulationTrainer::stepsPerEpoch(trainCount(), g.batch); }

    int64_t plannedSteps(const Group& g) const
    {
        int64_t s = E * stepsPerEpochOf(g);
        if (opt.stepLimit >= 0)
            s = std::min(s, opt.stepLimit);
        return s;
    }

    // ----- per model results

    float* metric(std::vector<float>& v, int model, int64_t epoch) { return &v[size_t(model) * (E + 1) + epoch]; }

    void initGroup(Group& g)
    {
        for (int l = 0; l < kLanes; ++l) {
            const int mi = g.model[l] >= 0 ? g.model[l] : g.model[0];
            if (!opt.initialWeights.empty()) {
                const float* w0 = opt.initialWeights.data() + size_t(mi) * size_t(P);
                for (int64_t p = 0; p < P; ++p)
                    g.w.p[p * kLanes + l] = w0[p];
            } else {
                const std::vector<float> w0 = PopulationTrainer::initialWeights(arch, models[mi]);
                for (int64_t p = 0; p < P; ++p)
                    g.w.p[p * kLanes + l] = w0[p];
            }
        }
        g.m.zero();
        g.v.zero();
        g.epoch = g.step = g.totalSteps = 0;
        g.runCount = 0;
        std::fill(std::begin(g.runLoss), std::end(g.runLoss), 0.0);
        std::fill(std::begin(g.runCorrect), std::end(g.runCorrect), 0);
        g.initialised = true;
        g.evaluated = false;
    }

    static constexpr int64_t kEvalChunk = 1000;

    // Evaluation chunks c = first, first + stride, ... of a split into chunks[c].
    void evaluateChunks(const Group& g, const DatasetSplit& split, WorkerBuffers& b, std::vector<ChunkSums>& chunks,
                        size_t first, size_t stride)
    {
        const int64_t fl = split.imageSize();
        for (size_t c = first; c < chunks.size(); c += stride) {
            if (cancelled())
                return;
            const int64_t i = int64_t(c) * kEvalChunk, n = std::min(kEvalChunk, split.count - i);
            k->evaluate(g.activation, g.w.p, split.images.data() + i * fl, split.labels.data() + i, n, chunks[c].loss,
                        chunks[c].correct, b.ws.p);
        }
    }

    // Full forward pass of a split in chunks (shared with the helper in a team); false when cancelled.
    bool evaluateSplit(Group& g, const DatasetSplit& split, WorkerBuffers& b, Team* team, double* loss, double* acc)
    {
        std::vector<ChunkSums> chunks(size_t((split.count + kEvalChunk - 1) / kEvalChunk));
        if (team) {
            team->command = Team::Command::Eval;
            team->group = &g;
            team->split = &split;
            team->chunks = &chunks;
            team->sync.arrive_and_wait();
            evaluateChunks(g, split, b, chunks, 0, 2);
            team->sync.arrive_and_wait();
        } else {
            evaluateChunks(g, split, b, chunks, 0, 1);
        }
        if (cancelled())
            return false;
        double lossSum[kLanes] = {};
        int64_t correct[kLanes] = {};
        for (const auto& c : chunks)
            for (int l = 0; l < kLanes; ++l) {
                lossSum[l] += c.loss[l];
                correct[l] += c.correct[l];
            }
        for (int l = 0; l < kLanes; ++l) {
            loss[l] = split.count ? lossSum[l] / double(split.count) : std::nan("");
            acc[l] = split.count ? double(correct[l]) / double(split.count) : std::nan("");
        }
        return true;
    }

    bool evaluateEpoch(Group& g, WorkerBuffers& b, Team* team)
    {
        const int64_t e = g.epoch;
        double trL[kLanes], trA[kLanes], vaL[kLanes], vaA[kLanes], teL[kLanes], teA[kLanes];
        const double nan = std::nan("");
        std::fill(std::begin(trL), std::end(trL), nan);
        std::fill(std::begin(trA), std::end(trA), nan);
        std::fill(std::begin(vaL), std::end(vaL), nan);
        std::fill(std::begin(vaA), std::end(vaA), nan);
        std::fill(std::begin(teL), std::end(teL), nan);
        std::fill(std::begin(teA), std::end(teA), nan);
        if (e == 0) {
            if (opt.evaluate && opt.evaluateTrainAtEpoch0 && !evaluateSplit(g, data->train, b, team, trL, trA))
                return false;
        } else if (g.runCount > 0) {
            for (int l = 0; l < kLanes; ++l) {
                trL[l] = g.runLoss[l] / double(g.runCount);
                trA[l] = double(g.runCorrect[l]) / double(g.runCount);
            }
        }
        if (opt.evaluate) {
            if (!evaluateSplit(g, data->validation, b, team, vaL, vaA) || !evaluateSplit(g, data->test, b, team, teL, teA))
                return false;
        }
        ModelZoo& z = result.zoo;
        for (int l = 0; l < g.lanes; ++l) {
            const int mi = g.model[l];
            *metric(z.trainLoss, mi, e) = float(trL[l]);
            *metric(z.trainAccuracy, mi, e) = float(trA[l]);
            *metric(z.validationLoss, mi, e) = float(vaL[l]);
            *metric(z.validationAccuracy, mi, e) = float(vaA[l]);
            *metric(z.testLoss, mi, e) = float(teL[l]);
            *metric(z.testAccuracy, mi, e) = float(teA[l]);
        }
        const auto it = std::find(z.checkpointEpochs.begin(), z.checkpointEpochs.end(), e);
        if (it != z.checkpointEpochs.end()) {
            const int64_t c = it - z.checkpointEpochs.begin();
            for (int l = 0; l < g.lanes; ++l) {
                float* dst = z.weightsAt(g.model[l], c);
                for (int64_t p = 0; p < P; ++p)
                    dst[p] = g.w.p[p * kLanes + l];
            }
        }
        g.runCount = 0;
        std::fill(std::begin(g.runLoss), std::end(g.runLoss), 0.0);
        std::fill(std::begin(g.runCorrect), std::end(g.runCorrect), 0);
        g.evaluated = true;
        return true;
    }

    void finishGroup(Group& g)
    {
        for (int l = 0; l < g.lanes; ++l) {
            float* dst = result.finalWeights.data() + size_t(g.model[l]) * P;
            for (int64_t p = 0; p < P; ++p)
                dst[p] = g.w.p[p * kLanes + l];
        }
        g.finished = true;
        modelsDone += g.lanes;
    }

    void ensureOrders(const Group& g, WorkerBuffers& b)
    {
        const int64_t epoch = g.epoch + 1;
        if (b.orderGroup == &g && b.orderEpoch == epoch)
            return;
        for (int l = 0; l < kLanes; ++l) {
            const int mi = g.model[l] >= 0 ? g.model[l] : g.model[0];
            if (l > 0 && g.model[l] < 0) {
                b.order[l] = b.order[0];
                continue;
            }
            b.order[l] = PopulationTrainer::epochOrder(models[mi], epoch, trainCount());
        }
        b.orderGroup = &g;
        b.orderEpoch = epoch;
    }

    // Images [i0, i1) of the mini-batch starting at `first` into the gradient buffer `grad`.
    void trainImages(const Group& g, WorkerBuffers& b, int64_t first, int64_t i0, int64_t i1, float scale, float* grad,
                     HalfResult& r)
    {
        const int64_t fl = k->imageFloats();
        const float* images = data->train.images.data();
        std::memset(grad, 0, size_t(P) * kLanes * sizeof(float));
        for (int64_t i = i0; i < i1; ++i) {
            int32_t labels[kLanes];
            const float* rows[kLanes];
            for (int l = 0; l < kLanes; ++l) {
                const int32_t row = b.order[l][size_t(first + i)];
                labels[l] = int32_t(data->train.labels[size_t(row)]);
                rows[l] = images + int64_t(row) * fl;
            }
            k->gatherImages(rows, b.x.p);
            if (g.anyDropout) {
                // per lane a generator for (seed, epoch, step, image); lanes without dropout keep all
                alignas(32) uint32_t state[4 * kLanes];
                for (int l = 0; l < kLanes; ++l)
                    seedDropoutLane(state, l,
                                    g.model[l] >= 0 && g.dropThreshold[l] ? models[size_t(g.model[l])].seed : 0,
                                    g.epoch + 1, g.step, i);
                k->dropoutMasks(state, g.dropThreshold, g.dropScale, b.mask.p);
            }
            float loss[kLanes];
            int32_t correct[kLanes];
            k->trainImage(g.activation, g.w.p, grad, b.x.p, labels, g.anyDropout ? b.mask.p : nullptr, scale, loss,
                          correct, b.ws.p);
            for (int l = 0; l < kLanes; ++l) {
                r.loss[l] += double(loss[l]);
                r.correct[l] += correct[l];
            }
        }
    }

    // One optimiser step of a group: images [0, half) -> g0, [half, bs) -> g1 (always, so that the
    // sum is the same with one thread or a team), then the update with g0 + g1.
    void trainStep(Group& g, WorkerBuffers& b, Team* team)
    {
        const int64_t first = g.step * g.batch;
        const int64_t bs = std::min(g.batch, trainCount() - first);
        const int64_t half = (bs + 1) / 2;
        const float scale = 1.0f / float(bs);
        const int64_t step = g.totalSteps + 1;
        HalfResult r0, r1local;
        HalfResult* r1 = &r1local;
        if (team) {
            team->command = Team::Command::Step;
            team->group = &g;
            team->first = first;
            team->half = half;
            team->count = bs;
            team->scale = scale;
            team->helperHalf = HalfResult{};
            team->sync.arrive_and_wait(); // A: the helper takes [half, bs)
            trainImages(g, b, first, 0, half, scale, g.g0.p, r0);
            team->sync.arrive_and_wait(); // B: both halves done
            k->optimizerStep(g.optimizer, step, 0, P / 2, g.w.p, g.g0.p, g.g1.p, g.m.p, g.v.p);
            team->sync.arrive_and_wait(); // C: both parameter halves updated
            r1 = &team->helperHalf;
        } else {
            trainImages(g, b, first, 0, half, scale, g.g0.p, r0);
            trainImages(g, b, first, half, bs, scale, g.g1.p, r1local);
            k->optimizerStep(g.optimizer, step, 0, P, g.w.p, g.g0.p, g.g1.p, g.m.p, g.v.p);
        }
        for (int l = 0; l < kLanes; ++l) {
            g.runLoss[l] += r0.loss[l];
            g.runLoss[l] += r1->loss[l];
            g.runCorrect[l] += r0.correct[l] + r1->correct[l];
        }
        g.runCount += bs;
        g.totalSteps = step;
        ++g.step;
        stepsDone += g.lanes;
    }

    // The helper of a team: follows the leader's commands until Quit.
    void helper(Team& t)
    {
        kernels::DenormalGuard denormals;
        WorkerBuffers b;
        try {
            b.ws.resize(k->workspaceFloats());
            b.x.resize(size_t(k->imageFloats()) * kLanes);
            b.mask.resize(size_t(std::max<int64_t>(1, k->dropoutSize())) * kLanes);
        } catch (const std::exception& e) {
            fail(e.what());
        }
        for (;;) {
            t.sync.arrive_and_wait(); // A
            if (t.command == Team::Command::Quit)
                return;
            Group& g = *t.group;
            try {
                if (t.command == Team::Command::Step) {
                    if (!failed) {
                        ensureOrders(g, b);
                        trainImages(g, b, t.first, t.half, t.count, t.scale, g.g1.p, t.helperHalf);
                    }
                    t.sync.arrive_and_wait(); // B
                    if (!failed)
                        k->optimizerStep(g.optimizer, g.totalSteps + 1, P / 2, P, g.w.p, g.g0.p, g.g1.p, g.m.p, g.v.p);
                    t.sync.arrive_and_wait(); // C
                } else {
                    if (!failed)
                        evaluateChunks(g, *t.split, b, *t.chunks, 1, 2);
                    t.sync.arrive_and_wait();
                }
            } catch (const std::exception& e) {
                fail(e.what());
                // keep the barrier protocol: finish this command's remaining phases
                if (t.command == Team::Command::Step) {
                    t.sync.arrive_and_wait();
                    t.sync.arrive_and_wait();
                } else {
                    t.sync.arrive_and_wait();
                }
            }
        }
    }

    void fail(const std::string& what)
    {
        std::lock_guard<std::mutex> lk(mu);
        if (!failed) {
            failure = what;
            failed = true;
        }
    }

    void pausePoint()
    {
        if (!pause.load(std::memory_order_acquire))
            return;
        std::unique_lock<std::mutex> lk(mu);
        ++parked;
        cv.notify_all();
        cv.wait(lk, [&] { return !pause.load(); });
        --parked;
    }

    // Runs a group until it is finished; returns early when cancelled.
    void runGroup(Group& g, WorkerBuffers& b, Team* team)
    {
        for (;;) {
            if (g.finished || cancelled() || failed)
                return;
            pausePoint();
            if (!g.initialised)
                initGroup(g);
            if (!g.evaluated) {
                if (!evaluateEpoch(g, b, team))
                    return;
            }
            if (g.epoch >= E || (opt.stepLimit >= 0 && g.totalSteps >= opt.stepLimit)) {
                finishGroup(g);
                return;
            }
            ensureOrders(g, b);
            const int64_t spe = stepsPerEpochOf(g);
            while (g.step < spe) {
                if (cancelled() || failed)
                    return;
                pausePoint();
                trainStep(g, b, team);
                if (opt.stepLimit >= 0 && g.totalSteps >= opt.stepLimit)
                    break;
            }
            if (g.step == spe) {
                ++g.epoch;
                g.step = 0;
                g.evaluated = false;
            } else {
                finishGroup(g); // step limit inside an epoch
                return;
            }
        }
    }

    // A driving worker: takes lane groups until none is left (with a helper when `team` is set).
    void worker(Team* team)
    {
        kernels::DenormalGuard denormals;
        WorkerBuffers b;
        try {
            b.ws.resize(k->workspaceFloats());
            b.x.resize(size_t(k->imageFloats()) * kLanes);
            b.mask.resize(size_t(std::max<int64_t>(1, k->dropoutSize())) * kLanes);
            for (;;) {
                if (cancelled() || failed)
                    break;
                const size_t gi = nextGroup.fetch_add(1);
                if (gi >= groups.size())
                    break;
                runGroup(*groups[gi], b, team);
            }
        } catch (const std::exception& e) {
            fail(e.what());
        }
        if (team) {
            team->command = Team::Command::Quit;
            team->sync.arrive_and_wait();
        }
        std::lock_guard<std::mutex> lk(mu);
        --running;
        cv.notify_all();
    }

    // ----- resume state

    uint64_t fingerprint() const
    {
        Hasher h;
        h.string("zooscope population training");
        h.string(arch.name);
        h.value(arch.inputChannels);
        h.value(P);
        h.value(uint64_t(models.size()));
        for (const auto& m : models) {
            h.value(int32_t(m.activation));
            h.value(int32_t(m.init));
            h.value(m.dropout);
            h.value(int32_t(m.optimizer));
            h.value(m.learningRate);
            h.value(m.weightDecay);
            h.value(m.seed);
            h.value(m.batchSize);
        }
        h.value(E);
        for (int64_t e : opt.checkpointEpochs)
            h.value(e);
        h.value(opt.stepLimit);
        h.value(opt.evaluate);
        h.value(opt.evaluateTrainAtEpoch0);
        if (!opt.initialWeights.empty())
            for (float w : opt.initialWeights)
                h.value(w);
        h.string(data->id);
        for (const DatasetSplit* s : {&data->train, &data->validation, &data->test}) {
            h.value(s->count);
            h.value(s->imageSize());
            h.bytes(s->labels.data(), s->labels.size() * sizeof(int64_t));
            for (size_t i = 0; i < s->images.size(); i += 101)
                h.value(s->images[i]);
        }
        return h.h;
    }

    struct Writer {
        std::FILE* f;
        Hasher h;
        void bytes(const void* p, size_t n)
        {
            if (n && std::fwrite(p, 1, n, f) != n)
                throw std::runtime_error("write failed");
            h.bytes(p, n);
        }
        template <class T>
        void value(const T& v)
        {
            bytes(&v, sizeof v);
        }
    };

    struct Reader {
        std::FILE* f;
        Hasher h;
        std::string path;
        void bytes(void* p, size_t n)
        {
            if (n && std::fread(p, 1, n, f) != n)
                throw std::runtime_error(path + ": resume file is truncated");
            h.bytes(p, n);
        }
        template <class T>
        T value()
        {
            T v;
            bytes(&v, sizeof v);
            return v;
        }
    };

    template <class IO, class F>
    static void eachGroupField(IO& io, Group& g, F&& scalar)
    {
        scalar(g.epoch);
        scalar(g.step);
        scalar(g.totalSteps);
        scalar(g.initialised);
        scalar(g.evaluated);
        scalar(g.finished);
        scalar(g.runLoss);
        scalar(g.runCorrect);
        scalar(g.runCount);
        (void)io;
    }

    void writeState(const std::string& path)
    {
        const std::string tmp = path + ".tmp";
        std::FILE* f = std::fopen(tmp.c_str(), "wb");
        if (!f)
            throw std::runtime_error(tmp + ": cannot write the resume file: " + std::strerror(errno));
        try {
            Writer w{f, {}};
            w.bytes(kResumeMagic, sizeof kResumeMagic);
            w.value(kResumeVersion);
            w.value(fingerprint());
            w.value(uint64_t(models.size()));
            w.value(P);
            w.value(uint64_t(groups.size()));
            for (auto& gp : groups) {
                Group& g = *gp;
                eachGroupField(w, g, [&](auto& v) { w.value(v); });
                if (g.initialised && !g.finished) {
                    w.bytes(g.w.p, g.w.n * sizeof(float));
                    w.bytes(g.m.p, g.m.n * sizeof(float));
                    w.bytes(g.v.p, g.v.n * sizeof(float));
                }
            }
            const ModelZoo& z = result.zoo;
            const std::vector<float>* arrays[] = {&z.trainLoss, &z.trainAccuracy, &z.validationLoss, &z.validationAccuracy,
                                                  &z.testLoss,  &z.testAccuracy,  &z.weights,        &result.finalWeights};
            for (const auto* v : arrays)
                w.bytes(v->data(), v->size() * sizeof(float));
            const uint64_t sum = w.h.h;
            w.value(sum);
            if (std::fflush(f) != 0 || ::fsync(fileno(f)) != 0)
                throw std::runtime_error("flush failed");
        } catch (const std::exception& e) {
            std::fclose(f);
            std::remove(tmp.c_str());
            throw std::runtime_error(tmp + ": cannot write the resume file: " + e.what());
        }
        std::fclose(f);
        std::error_code ec;
        std::filesystem::rename(tmp, path, ec);
        if (ec)
            throw std::runtime_error(path + ": cannot replace the resume file: " + ec.message());
    }

    bool readState(const std::string& path)
    {
        std::error_code ec;
        if (!std::filesystem::exists(path, ec))
            return false;
        std::FILE* f = std::fopen(path.c_str(), "rb");
        if (!f)
            throw std::runtime_error(path + ": cannot open the resume file: " + std::strerror(errno));
        struct Closer {
            std::FILE* f;
            ~Closer() { std::fclose(f); }
        } closer{f};
        Reader r{f, {}, path};
        char magic[8];
        r.bytes(magic, 8);
        if (std::memcmp(magic, kResumeMagic, 8) != 0)
            throw std::runtime_error(path + ": not a ZooScope training resume file");
        const auto version = r.value<uint32_t>();
        if (version != kResumeVersion)
            throw std::runtime_error(path + ": resume file version " + std::to_string(version) + ", expected " +
                                     std::to_string(kResumeVersion));
        if (r.value<uint64_t>() != fingerprint())
            throw std::runtime_error(path + ": the resume file belongs to other models, recipe or dataset; remove "
                                            "it to start afresh");
        if (r.value<uint64_t>() != models.size() || r.value<int64_t>() != P || r.value<uint64_t>() != groups.size())
            throw std::runtime_error(path + ": resume file sizes do not match");
        for (auto& gp : groups) {
            Group& g = *gp;
            eachGroupField(r, g, [&](auto& v) { r.bytes(&v, sizeof v); });
            if (g.initialised && !g.finished) {
                r.bytes(g.w.p, g.w.n * sizeof(float));
                r.bytes(g.m.p, g.m.n * sizeof(float));
                r.bytes(g.v.p, g.v.n * sizeof(float));
            }
        }
        ModelZoo& z = result.zoo;
        for (auto* v : {&z.trainLoss, &z.trainAccuracy, &z.validationLoss, &z.validationAccuracy, &z.testLoss,
                        &z.testAccuracy, &z.weights, &result.finalWeights})
            r.bytes(v->data(), v->size() * sizeof(float));
        const uint64_t expected = r.h.h;
        uint64_t sum = 0;
        if (std::fread(&sum, sizeof sum, 1, f) != 1)
            throw std::runtime_error(path + ": resume file is truncated");
        if (sum != expected)
            throw std::runtime_error(path + ": resume file is corrupt (checksum mismatch)");
        return true;
    }

    void pauseAll()
    {
        std::unique_lock<std::mutex> lk(mu);
        pause = true;
        cv.wait(lk, [&] { return parked == running; });
    }

    void resumeAll()
    {
        {
            std::lock_guard<std::mutex> lk(mu);
            pause = false;
        }
        cv.notify_all();
    }
};

// =============================================================================================

PopulationTrainer::PopulationTrainer(Architecture architecture, std::vector<Hyperparameters> models,
                                     PopulationTrainingOptions options)
    : d(std::make_unique<Impl>())
{
    d->arch = std::move(architecture);
    d->models = std::move(models);
    d->opt = std::move(options);
}

PopulationTrainer::~PopulationTrainer() = default;

PopulationTrainingResult PopulationTrainer::train(const Dataset& data)
{
    Impl& s = *d;
    s.validate();
    s.k = kernels::makeNetKernels(s.arch, isaFor(s.opt.kernels));
    s.P = s.k->parameterCount();
    s.E = s.opt.epochs;
    s.data = &data;
    if (data.train.imageSize() != s.k->imageFloats())
        throw std::invalid_argument("dataset images have " + std::to_string(data.train.imageSize()) +
                                    " values, the architecture expects " + std::to_string(s.k->imageFloats()));
    if (data.train.count < 1 && s.E > 0)
        throw std::invalid_argument("the training split is empty");
    for (const DatasetSplit* sp : {&data.train, &data.validation, &data.test}) {
        for (int64_t y : sp->labels)
            if (y < 0 || y >= s.k->classes())
                throw std::invalid_argument("dataset label " + std::to_string(y) + " is outside 0.." +
                                            std::to_string(s.k->classes() - 1));
        if (sp->count && sp->imageSize() != s.k->imageFloats())
            throw std::invalid_argument("dataset splits have different image sizes");
    }

    s.groups.clear();
    s.buildGroups();
    const int64_t N = int64_t(s.models.size());
    const double nan = std::nan("");

    PopulationTrainingResult& r = s.result;
    r = PopulationTrainingResult{};
    r.kernelName = kernels::isaName(isaFor(s.opt.kernels));
    ModelZoo& z = r.zoo;
    z.architecture = s.arch;
    z.datasetId = data.id;
    z.epochs = s.E;
    z.checkpointEpochs = s.opt.checkpointEpochs;
    z.modelIds.resize(N);
    std::iota(z.modelIds.begin(), z.modelIds.end(), 0);
    z.hyperparameters = s.models;
    z.weights.assign(size_t(N) * z.checkpointEpochs.size() * s.P, float(nan));
    for (auto* v : {&z.trainLoss, &z.trainAccuracy, &z.validationLoss, &z.validationAccuracy, &z.testLoss, &z.testAccuracy})
        v->assign(size_t(N) * (s.E + 1), float(nan));
    r.finalWeights.assign(size_t(N) * s.P, float(nan));

    if (!s.opt.resumePath.empty())
        r.resumed = s.readState(s.opt.resumePath);

    int64_t stepsTotal = 0, stepsAtStart = 0, modelsAtStart = 0;
    for (const auto& g : s.groups) {
        stepsTotal += g->lanes * s.plannedSteps(*g);
        stepsAtStart += g->lanes * std::min(g->totalSteps, s.plannedSteps(*g));
        if (g->finished)
            modelsAtStart += g->lanes;
    }
    s.stepsDone = stepsAtStart;
    s.modelsDone = modelsAtStart;
    s.nextGroup = 0;
    s.pause = false;
    s.failed = false;
    s.stop = false;
    s.parked = 0;

    const int threads = s.opt.threads > 0 ? s.opt.threads : int(std::max(1u, std::thread::hardware_concurrency()));
    // Fewer lane groups than threads: teams of two threads per group; else one thread per group.
    const int groupCount = int(std::max<size_t>(1, s.groups.size()));
    const bool teams = threads >= 2 * groupCount;
    const int drivers = std::max(1, std::min(teams ? threads / 2 : threads, groupCount));
    std::vector<std::unique_ptr<Team>> teamList;
    if (teams)
        for (int t = 0; t < drivers; ++t)
            teamList.push_back(std::make_unique<Team>());

    const auto t0 = Clock::now();
    auto lastSave = t0;
    auto progress = [&] {
        if (!s.opt.progress)
            return;
        TrainingProgress p;
        p.modelsTotal = N;
        p.modelsDone = s.modelsDone;
        p.stepsTotal = stepsTotal;
        p.stepsDone = s.stepsDone;
        p.elapsedSeconds = std::chrono::duration<double>(Clock::now() - t0).count();
        const int64_t doneHere = p.stepsDone - stepsAtStart;
        if (doneHere > 0 && p.elapsedSeconds > 0) {
            p.modelStepsPerSecond = double(doneHere) / p.elapsedSeconds;
            p.secondsLeft = double(stepsTotal - p.stepsDone) / p.modelStepsPerSecond;
        }
        s.opt.progress(p);
    };

    progress();
    std::vector<std::thread> pool;
    {
        std::lock_guard<std::mutex> lk(s.mu);
        s.running = drivers;
    }
    for (int t = 0; t < drivers; ++t) {
        Team* team = teams ? teamList[size_t(t)].get() : nullptr;
        pool.emplace_back([&s, team] { s.worker(team); });
        if (team)
            pool.emplace_back([&s, team] { s.helper(*team); });
    }

    std::string saveError;
    for (;;) {
        {
            std::unique_lock<std::mutex> lk(s.mu);
            const auto wait = std::chrono::duration<double>(std::max(0.01, s.opt.progressIntervalSeconds));
            if (s.cv.wait_for(lk, wait, [&] { return s.running == 0; }))
                break;
        }
        progress();
        const double sinceSave = std::chrono::duration<double>(Clock::now() - lastSave).count();
        if (!s.opt.resumePath.empty() && s.opt.resumeIntervalSeconds >= 0 && sinceSave >= s.opt.resumeIntervalSeconds &&
            !s.cancelled()) {
            s.pauseAll();
            try {
                s.writeState(s.opt.resumePath);
            } catch (const std::exception& e) {
                saveError = e.what();
            }
            s.resumeAll();
            lastSave = Clock::now();
            if (!saveError.empty())
                s.stop = true; // cannot keep a resumable state: stop the workers

        }
    }
    for (auto& t : pool)
        t.join();
    if (s.failed)
        throw std::runtime_error("population training failed: " + s.failure);
    if (!saveError.empty())
        throw std::runtime_error(saveError);

    r.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    r.modelSteps = s.stepsDone - stepsAtStart;
    r.completed = std::all_of(s.groups.begin(), s.groups.end(), [](const auto& g) { return g->finished; });
    r.cancelled = !r.completed && s.cancelled();
    // Flops of the training kernels: model-steps x mean batch size x flops per image (the smaller last
    // batch of an epoch is ignored).
    double flops = 0;
    {
        double images = 0;
        int64_t totalLanes = 0;
        for (const auto& g : s.groups) {
            images += double(g->lanes) * double(g->batch);
            totalLanes += g->lanes;
        }
        const double meanBatch = totalLanes ? images / double(totalLanes) : 0.0;
        flops = double(r.modelSteps) * meanBatch * s.k->trainFlopsPerImage();
    }
    r.flops = flops;
    if (!s.opt.resumePath.empty())
        s.writeState(s.opt.resumePath);
    progress();
    PopulationTrainingResult out = std::move(s.result);
    s.result = PopulationTrainingResult{};
    s.groups.clear();
    return out;
}

std::vector<float> PopulationTrainer::initialWeights(const Architecture& architecture, const Hyperparameters& hp)
{
    std::vector<float> w(size_t(architecture.parameterCount()));
    Rng r(hp.seed, kInitStream);
    for (const auto& l : architecture.layers) {
        const double fanIn = double(l.channelsIn * l.kernelSize);
        const double gain = std::sqrt(2.0);
        float* p = w.data() + l.offset;
        for (int64_t i = 0; i < l.weightCount(); ++i) {
            switch (hp.init) {
            case Init::Uniform: p[i] = r.uniformFloat(); break;
            case Init::Normal: p[i] = float(r.normal()); break;
            case Init::KaimingUniform: {
                const double bound = gain * std::sqrt(3.0 / fanIn);
                p[i] = float(-bound + 2.0 * bound * r.uniform());
                break;
            }
            case Init::KaimingNormal: p[i] = float(gain / std::sqrt(fanIn) * r.normal()); break;
            }
        }
        for (int64_t i = 0; i < l.neurons; ++i)
            w[size_t(l.biasOffset() + i)] = 0.01f;
    }
    return w;
}

std::vector<int32_t> PopulationTrainer::epochOrder(const Hyperparameters& hp, int64_t epoch, int64_t trainCount)
{
    std::vector<int32_t> order(size_t(std::max<int64_t>(0, trainCount)));
    std::iota(order.begin(), order.end(), 0);
    Rng r(hp.seed, orderStream(epoch));
    for (int64_t i = trainCount - 1; i > 0; --i)
        std::swap(order[size_t(i)], order[size_t(r.below(uint64_t(i) + 1))]);
    return order;
}

std::vector<float> PopulationTrainer::dropoutMask(const Architecture& architecture, const Hyperparameters& hp,
                                                 int64_t epoch, int64_t step, int64_t image)
{
    const auto k = kernels::makeNetKernels(architecture, kernels::Isa::Generic);
    const int64_t dm = k->dropoutSize();
    std::vector<float> out(size_t(dm), 1.0f);
    if (!(hp.dropout > 0.0))
        return out;
    alignas(32) uint32_t state[4 * kLanes] = {};
    alignas(32) uint32_t threshold[kLanes] = {};
    alignas(32) float scale[kLanes] = {1, 1, 1, 1, 1, 1, 1, 1};
    seedDropoutLane(state, 0, hp.seed, epoch, step, image);
    threshold[0] = dropoutThreshold(hp.dropout);
    scale[0] = 1.0f / (1.0f - float(hp.dropout));
    AlignedFloats mask(size_t(dm) * kLanes);
    k->dropoutMasks(state, threshold, scale, mask.p);
    for (int64_t j = 0; j < dm; ++j)
        out[size_t(j)] = mask.p[j * kLanes];
    return out;
}

int64_t PopulationTrainer::stepsPerEpoch(int64_t trainCount, int64_t batchSize)
{
    return batchSize > 0 ? (trainCount + batchSize - 1) / batchSize : 0;
}

double PopulationTrainer::flopsPerModelStep(const Architecture& architecture, int64_t batchSize)
{
    return kernels::makeNetKernels(architecture, kernels::Isa::Generic)->trainFlopsPerImage() * double(batchSize);
}

std::string PopulationTrainer::defaultKernelName() { return kernels::isaName(kernels::bestIsa()); }

std::vector<Hyperparameters> publicFmnistGrid(int64_t seedsPerConfig)
{
    if (seedsPerConfig < 1)
        throw std::invalid_argument("seeds per configuration must be >= 1");
    std::vector<Hyperparameters> out;
    for (Activation a : {Activation::Tanh, Activation::ReLU, Activation::Sigmoid, Activation::GELU})
        for (Init i : {Init::Uniform, Init::Normal, Init::KaimingUniform, Init::KaimingNormal})
            for (double dropout : {0.0, 0.5})
                for (Optimizer o : {Optimizer::Adam, Optimizer::SGD})
                    for (double lr : {1e-3, 1e-4})
                        for (double wd : {1e-3, 1e-4})
                            for (int64_t seed = 1; seed <= seedsPerConfig; ++seed) {
                                Hyperparameters h;
                                h.activation = a;
                                h.init = i;
                                h.dropout = dropout;
                                h.optimizer = o;
                                h.learningRate = lr;
                                h.weightDecay = wd;
                                h.seed = uint64_t(seed);
                                h.batchSize = 10;
                                out.push_back(h);
                            }
    return out;
}

std::vector<Hyperparameters> seedZooRecipe(const std::vector<uint64_t>& seeds)
{
    std::vector<Hyperparameters> out;
    for (uint64_t seed : seeds) {
        Hyperparameters h;
        h.activation = Activation::Tanh;
        h.init = Init::Uniform;
        h.dropout = 0.0;
        h.optimizer = Optimizer::Adam;
        h.learningRate = 3e-4;
        h.weightDecay = 0.0;
        h.seed = seed;
        h.batchSize = 10;
        out.push_back(h);
    }
    return out;
}

} // namespace zooscope
