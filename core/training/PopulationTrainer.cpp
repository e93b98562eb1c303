#include "training/PopulationTrainer.h"

#include "core/EngineInfo.h"
#include "training/CnnKernels.h"
#include "training/CounterRng.h"
#include "training/LaneGroup.h"
#include "training/PopulationStepper.h"
#include "training/ResumeFile.h"
#include "training/TrainingScheduler.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace zooscope {

namespace {

using kernels::kLanes;
using Clock = std::chrono::steady_clock;

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

const EnumNames<KernelChoice>& kernelChoiceNames()
{
    static const EnumNames<KernelChoice> names("kernel build", {{KernelChoice::Auto, "auto", {}},
                                                                {KernelChoice::Generic, "generic", {}},
                                                                {KernelChoice::Avx2, "avx2", {}}});
    return names;
}

struct PopulationTrainer::Impl {
    Architecture arch;
    std::vector<Hyperparameters> models;
    PopulationTrainingOptions opt;

    void validate() const;
    static void checkData(const kernels::NetKernels& k, const Dataset& data, int64_t epochs);
};

void PopulationTrainer::Impl::validate() const
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

void PopulationTrainer::Impl::checkData(const kernels::NetKernels& k, const Dataset& data, int64_t epochs)
{
    if (data.train.imageSize() != k.imageFloats())
        throw std::invalid_argument("dataset images have " + std::to_string(data.train.imageSize()) +
                                    " values, the architecture expects " + std::to_string(k.imageFloats()));
    if (data.train.count < 1 && epochs > 0)
        throw std::invalid_argument("the training split is empty");
    for (const DatasetSplit* sp : {&data.train, &data.validation, &data.test}) {
        for (int64_t y : sp->labels)
            if (y < 0 || y >= k.classes())
                throw std::invalid_argument("dataset label " + std::to_string(y) + " is outside 0.." +
                                            std::to_string(k.classes() - 1));
        if (sp->count && sp->imageSize() != k.imageFloats())
            throw std::invalid_argument("dataset splits have different image sizes");
    }
}

PopulationTrainer::PopulationTrainer(Architecture architecture, std::vector<Hyperparameters> models,
                                     PopulationTrainingOptions options)
    : d(std::make_unique<Impl>())
{
    d->arch = std::move(architecture);
    d->models = std::move(models);
    d->opt = std::move(options);
}

PopulationTrainer::~PopulationTrainer() = default;

PopulationTrainingResult PopulationTrainer::train(const Dataset& data, const Progress& progress)
{
    const Impl& s = *d;
    const PopulationTrainingOptions& opt = s.opt;
    s.validate();
    const auto k = kernels::makeNetKernels(s.arch, isaFor(opt.kernels));
    const int64_t P = k->parameterCount();
    const int64_t E = opt.epochs;
    Impl::checkData(*k, data, E);

    auto groups = LaneGroup::build(s.models, P);
    const int64_t N = int64_t(s.models.size());
    const double nan = std::nan("");

    PopulationTrainingResult r;
    r.kernelName = kernels::isaName(isaFor(opt.kernels));
    ModelZoo& z = r.zoo;
    z.architecture = s.arch;
    z.datasetId = data.id;
    z.epochs = E;
    z.checkpointEpochs = opt.checkpointEpochs;
    z.modelIds.resize(N);
    std::iota(z.modelIds.begin(), z.modelIds.end(), 0);
    z.hyperparameters = s.models;
    z.weights.assign(size_t(N) * z.checkpointEpochs.size() * P, float(nan));
    for (auto* v : {&z.trainLoss, &z.trainAccuracy, &z.validationLoss, &z.validationAccuracy, &z.testLoss, &z.testAccuracy})
        v->assign(size_t(N) * (E + 1), float(nan));
    r.finalWeights.assign(size_t(N) * P, float(nan));

    // What the resume file keeps besides the groups, in file order.
    const std::vector<std::vector<float>*> results = {&z.trainLoss, &z.trainAccuracy, &z.validationLoss,
                                                      &z.validationAccuracy, &z.testLoss, &z.testAccuracy,
                                                      &z.weights, &r.finalWeights};
    const uint64_t fingerprint = opt.resumePath.empty() ? 0 : ResumeFile::fingerprint(s.arch, P, s.models, opt, data);
    auto saveState = [&] {
        ResumeFile::write(opt.resumePath, fingerprint, P, groups, {results.begin(), results.end()});
    };
    if (!opt.resumePath.empty())
        r.resumed = ResumeFile::read(opt.resumePath, fingerprint, P, groups, results);

    TrainingScheduler scheduler(progress.cancelFlag());
    PopulationStepper stepper(s.arch, s.models, opt, *k, data, groups, z, r.finalWeights, scheduler);
    int64_t stepsTotal = 0, stepsAtStart = 0, modelsAtStart = 0;
    for (const auto& g : groups) {
        stepsTotal += g->lanes * stepper.plannedSteps(*g);
        stepsAtStart += g->lanes * std::min(g->totalSteps, stepper.plannedSteps(*g));
        if (g->finished)
            modelsAtStart += g->lanes;
    }
    stepper.stepsDone = stepsAtStart;
    stepper.modelsDone = modelsAtStart;

    const auto t0 = Clock::now();
    auto report = [&] {
        TrainingStatistics p;
        p.modelsTotal = N;
        p.modelsDone = stepper.modelsDone;
        p.stepsTotal = stepsTotal;
        p.stepsDone = stepper.stepsDone;
        p.elapsedSeconds = std::chrono::duration<double>(Clock::now() - t0).count();
        const int64_t doneHere = p.stepsDone - stepsAtStart;
        if (doneHere > 0 && p.elapsedSeconds > 0) {
            p.modelStepsPerSecond = double(doneHere) / p.elapsedSeconds;
            p.secondsLeft = double(stepsTotal - p.stepsDone) / p.modelStepsPerSecond;
        }
        if (opt.statistics)
            opt.statistics(p);
        progress.report(stepsTotal > 0 ? double(p.stepsDone) / double(stepsTotal) : 1.0, "training", p.secondsLeft);
    };

    try {
        report();
    } catch (const OperationCancelled&) {
        // cancelled already: the workers stop at once and the state is saved below
    }
    auto lastSave = t0;
    const int threads = EngineInfo::threadsFor(opt.threads);
    scheduler.run(stepper, threads, int(groups.size()), opt.reportIntervalSeconds, [&] {
        if (opt.pauseRequested && opt.pauseRequested())
            scheduler.whilePaused(report);
        else
            report();
        const double sinceSave = std::chrono::duration<double>(Clock::now() - lastSave).count();
        if (!opt.resumePath.empty() && opt.resumeIntervalSeconds >= 0 && sinceSave >= opt.resumeIntervalSeconds &&
            !progress.isCancelled()) {
            scheduler.whilePaused(saveState);
            lastSave = Clock::now();
        }
    });

    const bool completed = std::all_of(groups.begin(), groups.end(), [](const auto& g) { return g->finished; });
    if (!completed) {
        // Only a cancellation ends the workers early without an error.
        if (!opt.resumePath.empty())
            saveState();
        throw OperationCancelled();
    }
    r.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    r.modelSteps = stepper.stepsDone - stepsAtStart;
    // Flops of the training kernels: model-steps x mean batch size x flops per image (the smaller last
    // batch of an epoch is ignored).
    double images = 0;
    int64_t totalLanes = 0;
    for (const auto& g : groups) {
        images += double(g->lanes) * double(g->batch);
        totalLanes += g->lanes;
    }
    const double meanBatch = totalLanes ? images / double(totalLanes) : 0.0;
    r.flops = double(r.modelSteps) * meanBatch * k->trainFlopsPerImage();
    if (!opt.resumePath.empty())
        saveState();
    if (!progress.isCancelled()) // the work is complete: a late cancellation does not discard it
        report();
    return r;
}

std::vector<float> PopulationTrainer::initialWeights(const Architecture& architecture, const Hyperparameters& hp)
{
    std::vector<float> w(size_t(architecture.parameterCount()));
    CounterRng r(hp.seed, CounterRng::kInitStream);
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
    CounterRng r(hp.seed, CounterRng::orderStream(epoch));
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
    CounterRng::seedDropoutLane(state, kLanes, 0, hp.seed, epoch, step, image);
    threshold[0] = LaneGroup::dropoutThreshold(hp.dropout);
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

} // namespace zooscope
