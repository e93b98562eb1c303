#include "training/PopulationStepper.h"

#include "training/CounterRng.h"
#include "training/TrainingScheduler.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <exception>

namespace zooscope {

using kernels::kLanes;

namespace {
constexpr int64_t kEvalChunk = 1000;
} // namespace

// One worker thread's scratch: the kernels' workspace, the gathered images, dropout masks and the data
// order of the group and epoch it works on.
struct PopulationStepper::Buffers {
    AlignedFloats ws, x, mask;
    std::vector<int32_t> order[kLanes];
    const LaneGroup* orderGroup = nullptr;
    int64_t orderEpoch = -1;

    explicit Buffers(const kernels::NetKernels& k)
    {
        ws.resize(k.workspaceFloats());
        x.resize(size_t(k.imageFloats()) * kLanes);
        mask.resize(size_t(std::max<int64_t>(1, k.dropoutSize())) * kLanes);
    }
};

PopulationStepper::PopulationStepper(const Architecture& architecture, const std::vector<Hyperparameters>& models,
                                     const PopulationTrainingOptions& options, const kernels::NetKernels& kernels,
                                     const Dataset& data, std::vector<std::unique_ptr<LaneGroup>>& groups, ModelZoo& zoo,
                                     std::vector<float>& finalWeights, TrainingScheduler& scheduler)
    : m_arch(architecture), m_models(models), m_opt(options), m_k(kernels), m_data(data), m_groups(groups), m_zoo(zoo),
      m_finalWeights(finalWeights), m_scheduler(scheduler), m_P(kernels.parameterCount()), m_epochs(options.epochs)
{
}

int64_t PopulationStepper::plannedSteps(const LaneGroup& g) const
{
    int64_t s = m_epochs * PopulationTrainer::stepsPerEpoch(trainCount(), g.batch);
    if (m_opt.stepLimit >= 0)
        s = std::min(s, m_opt.stepLimit);
    return s;
}

float* PopulationStepper::metric(std::vector<float>& v, int model, int64_t epoch) const
{
    return &v[size_t(model) * (m_epochs + 1) + epoch];
}

void PopulationStepper::initGroup(LaneGroup& g)
{
    for (int l = 0; l < kLanes; ++l) {
        const int mi = g.modelOrFirst(l);
        if (!m_opt.initialWeights.empty()) {
            const float* w0 = m_opt.initialWeights.data() + size_t(mi) * size_t(m_P);
            for (int64_t p = 0; p < m_P; ++p)
                g.w.p[p * kLanes + l] = w0[p];
        } else {
            const std::vector<float> w0 = PopulationTrainer::initialWeights(m_arch, m_models[mi]);
            for (int64_t p = 0; p < m_P; ++p)
                g.w.p[p * kLanes + l] = w0[p];
        }
    }
    g.m.zero();
    g.v.zero();
    g.epoch = g.step = g.totalSteps = 0;
    g.clearRunningSums();
    g.initialised = true;
    g.evaluated = false;
}

void PopulationStepper::evaluateChunks(const LaneGroup& g, const DatasetSplit& split, Buffers& b,
                                       std::vector<Team::ChunkSums>& chunks, size_t first, size_t stride)
{
    const int64_t fl = split.imageSize();
    for (size_t c = first; c < chunks.size(); c += stride) {
        if (m_scheduler.shouldStop())
            return;
        const int64_t i = int64_t(c) * kEvalChunk, n = std::min(kEvalChunk, split.count - i);
        m_k.evaluate(g.activation, g.w.p, split.images.data() + i * fl, split.labels.data() + i, n, chunks[c].loss,
                     chunks[c].correct, b.ws.p, nullptr);
    }
}

// Full forward pass of a split in chunks (shared with the helper in a team); false when stopped.
bool PopulationStepper::evaluateSplit(LaneGroup& g, const DatasetSplit& split, Buffers& b, Team* team, double* loss,
                                      double* acc)
{
    std::vector<Team::ChunkSums> chunks(size_t((split.count + kEvalChunk - 1) / kEvalChunk));
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
    if (m_scheduler.shouldStop())
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

bool PopulationStepper::evaluateEpoch(LaneGroup& g, Buffers& b, Team* team)
{
    const int64_t e = g.epoch;
    double trL[kLanes], trA[kLanes], vaL[kLanes], vaA[kLanes], teL[kLanes], teA[kLanes];
    for (double* values : {trL, trA, vaL, vaA, teL, teA})
        std::fill(values, values + kLanes, std::nan(""));
    if (e == 0) {
        if (m_opt.evaluate && m_opt.evaluateTrainAtEpoch0 && !evaluateSplit(g, m_data.train, b, team, trL, trA))
            return false;
    } else if (g.runCount > 0) {
        for (int l = 0; l < kLanes; ++l) {
            trL[l] = g.runLoss[l] / double(g.runCount);
            trA[l] = double(g.runCorrect[l]) / double(g.runCount);
        }
    }
    if (m_opt.evaluate) {
        if (!evaluateSplit(g, m_data.validation, b, team, vaL, vaA) || !evaluateSplit(g, m_data.test, b, team, teL, teA))
            return false;
    }
    ModelZoo& z = m_zoo;
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
            for (int64_t p = 0; p < m_P; ++p)
                dst[p] = g.w.p[p * kLanes + l];
        }
    }
    g.clearRunningSums();
    g.evaluated = true;
    return true;
}

void PopulationStepper::finishGroup(LaneGroup& g)
{
    for (int l = 0; l < g.lanes; ++l) {
        float* dst = m_finalWeights.data() + size_t(g.model[l]) * m_P;
        for (int64_t p = 0; p < m_P; ++p)
            dst[p] = g.w.p[p * kLanes + l];
    }
    g.finished = true;
    modelsDone += g.lanes;
}

void PopulationStepper::ensureOrders(const LaneGroup& g, Buffers& b)
{
    const int64_t epoch = g.epoch + 1;
    if (b.orderGroup == &g && b.orderEpoch == epoch)
        return;
    for (int l = 0; l < kLanes; ++l) {
        if (l > 0 && g.model[l] < 0) {
            b.order[l] = b.order[0];
            continue;
        }
        b.order[l] = PopulationTrainer::epochOrder(m_models[g.modelOrFirst(l)], epoch, trainCount());
    }
    b.orderGroup = &g;
    b.orderEpoch = epoch;
}

// Images [i0, i1) of the mini-batch starting at `first` into the gradient buffer `grad`.
void PopulationStepper::trainImages(const LaneGroup& g, Buffers& b, int64_t first, int64_t i0, int64_t i1, float scale,
                                    float* grad, Team::HalfResult& r)
{
    const int64_t fl = m_k.imageFloats();
    const float* images = m_data.train.images.data();
    std::memset(grad, 0, size_t(m_P) * kLanes * sizeof(float));
    for (int64_t i = i0; i < i1; ++i) {
        int32_t labels[kLanes];
        const float* rows[kLanes];
        for (int l = 0; l < kLanes; ++l) {
            const int32_t row = b.order[l][size_t(first + i)];
            labels[l] = int32_t(m_data.train.labels[size_t(row)]);
            rows[l] = images + int64_t(row) * fl;
        }
        m_k.gatherImages(rows, b.x.p);
        if (g.anyDropout) {
            // per lane a generator for (seed, epoch, step, image); lanes without dropout keep all
            alignas(32) uint32_t state[4 * kLanes];
            for (int l = 0; l < kLanes; ++l)
                CounterRng::seedDropoutLane(state, kLanes, l,
                                            g.model[l] >= 0 && g.dropThreshold[l] ? m_models[size_t(g.model[l])].seed : 0,
                                            g.epoch + 1, g.step, i);
            m_k.dropoutMasks(state, g.dropThreshold, g.dropScale, b.mask.p);
        }
        float loss[kLanes];
        int32_t correct[kLanes];
        m_k.trainImage(g.activation, g.w.p, grad, b.x.p, labels, g.anyDropout ? b.mask.p : nullptr, scale, loss, correct,
                       b.ws.p);
        for (int l = 0; l < kLanes; ++l) {
            r.loss[l] += double(loss[l]);
            r.correct[l] += correct[l];
        }
    }
}

// One optimiser step of a group: images [0, half) -> g0, [half, bs) -> g1 (always, so that the
// sum is the same with one thread or a team), then the update with g0 + g1.
void PopulationStepper::trainStep(LaneGroup& g, Buffers& b, Team* team)
{
    const int64_t first = g.step * g.batch;
    const int64_t bs = std::min(g.batch, trainCount() - first);
    const int64_t half = (bs + 1) / 2;
    const float scale = 1.0f / float(bs);
    const int64_t step = g.totalSteps + 1;
    Team::HalfResult r0, r1local;
    Team::HalfResult* r1 = &r1local;
    if (team) {
        team->command = Team::Command::Step;
        team->group = &g;
        team->first = first;
        team->half = half;
        team->count = bs;
        team->scale = scale;
        team->helperHalf = Team::HalfResult{};
        team->sync.arrive_and_wait(); // A: the helper takes [half, bs)
        trainImages(g, b, first, 0, half, scale, g.g0.p, r0);
        team->sync.arrive_and_wait(); // B: both halves done
        m_k.optimizerStep(g.optimizer, step, 0, m_P / 2, g.w.p, g.g0.p, g.g1.p, g.m.p, g.v.p);
        team->sync.arrive_and_wait(); // C: both parameter halves updated
        r1 = &team->helperHalf;
    } else {
        trainImages(g, b, first, 0, half, scale, g.g0.p, r0);
        trainImages(g, b, first, half, bs, scale, g.g1.p, r1local);
        m_k.optimizerStep(g.optimizer, step, 0, m_P, g.w.p, g.g0.p, g.g1.p, g.m.p, g.v.p);
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

void PopulationStepper::help(Team& t)
{
    kernels::DenormalGuard denormals;
    std::unique_ptr<Buffers> b;
    try {
        b = std::make_unique<Buffers>(m_k);
    } catch (const std::exception& e) {
        m_scheduler.fail(e.what());
    }
    for (;;) {
        t.sync.arrive_and_wait(); // A
        if (t.command == Team::Command::Quit)
            return;
        LaneGroup& g = *t.group;
        try {
            if (t.command == Team::Command::Step) {
                if (!m_scheduler.failed()) {
                    ensureOrders(g, *b);
                    trainImages(g, *b, t.first, t.half, t.count, t.scale, g.g1.p, t.helperHalf);
                }
                t.sync.arrive_and_wait(); // B
                if (!m_scheduler.failed())
                    m_k.optimizerStep(g.optimizer, g.totalSteps + 1, m_P / 2, m_P, g.w.p, g.g0.p, g.g1.p, g.m.p, g.v.p);
                t.sync.arrive_and_wait(); // C
            } else {
                if (!m_scheduler.failed())
                    evaluateChunks(g, *t.split, *b, *t.chunks, 1, 2);
                t.sync.arrive_and_wait();
            }
        } catch (const std::exception& e) {
            m_scheduler.fail(e.what());
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

// Runs a group until it is finished; returns early when stopped.
void PopulationStepper::runGroup(LaneGroup& g, Buffers& b, Team* team)
{
    for (;;) {
        if (g.finished || m_scheduler.shouldStop())
            return;
        m_scheduler.pausePoint();
        if (!g.initialised)
            initGroup(g);
        if (!g.evaluated) {
            if (!evaluateEpoch(g, b, team))
                return;
        }
        if (g.epoch >= m_epochs || (m_opt.stepLimit >= 0 && g.totalSteps >= m_opt.stepLimit)) {
            finishGroup(g);
            return;
        }
        ensureOrders(g, b);
        const int64_t spe = PopulationTrainer::stepsPerEpoch(trainCount(), g.batch);
        while (g.step < spe) {
            if (m_scheduler.shouldStop())
                return;
            m_scheduler.pausePoint();
            trainStep(g, b, team);
            if (m_opt.stepLimit >= 0 && g.totalSteps >= m_opt.stepLimit)
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

void PopulationStepper::drive(Team* team)
{
    kernels::DenormalGuard denormals;
    try {
        Buffers b(m_k);
        for (;;) {
            if (m_scheduler.shouldStop())
                break;
            const size_t gi = m_nextGroup.fetch_add(1);
            if (gi >= m_groups.size())
                break;
            runGroup(*m_groups[gi], b, team);
        }
    } catch (const std::exception& e) {
        m_scheduler.fail(e.what());
    }
    if (team) {
        team->command = Team::Command::Quit;
        team->sync.arrive_and_wait();
    }
}

} // namespace zooscope
