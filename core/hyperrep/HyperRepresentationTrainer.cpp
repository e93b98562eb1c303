#include "hyperrep/HyperRepresentationTrainer.h"
#include "hyperrep/HyperRepresentationModule.h"
#include "hyperrep/DifferentiableForward.h"
#include "core/EngineInfo.h"
#include "core/EvenSubset.h"
#include "cluster/SingleProcessCommunicator.h"

#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <limits>
#include <random>
#include <stdexcept>

namespace zooscope {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::vector<PopulationSplit> splitOf(const ModelZoo& zoo)
{
    if (zoo.split.size() == zoo.modelIds.size())
        return zoo.split;
    ModelZoo ids;
    ids.modelIds = zoo.modelIds;
    assignPopulationSplit(ids, 42);
    return ids.split;
}

// Counter-based random streams: what a step draws depends only on (seed, epoch, step), so a resumed
// run draws exactly what an uninterrupted one would.
std::mt19937_64 streamFor(uint64_t seed, uint64_t a, uint64_t b)
{
    std::seed_seq seq{static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32), static_cast<uint32_t>(a),
                      static_cast<uint32_t>(a >> 32), static_cast<uint32_t>(b), static_cast<uint32_t>(b >> 32)};
    return std::mt19937_64(seq);
}

std::vector<int64_t> epochOrder(int64_t n, uint64_t seed, int64_t epoch)
{
    std::vector<int64_t> order(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i)
        order[static_cast<size_t>(i)] = i;
    std::mt19937_64 rng = streamFor(seed, 0x5eed0000u, static_cast<uint64_t>(epoch));
    for (int64_t i = n - 1; i > 0; --i)
        std::swap(order[static_cast<size_t>(i)], order[std::uniform_int_distribution<size_t>(0, static_cast<size_t>(i))(rng)]);
    return order;
}

std::vector<const float*> pointers(const ModelZoo& zoo, const std::vector<ZooSample>& samples)
{
    std::vector<const float*> p;
    p.reserve(samples.size());
    for (const ZooSample& s : samples)
        p.push_back(zoo.weightsAt(s.model, s.checkpoint));
    return p;
}

// Where an interrupted training stands: the next step to run and the running sums of its epoch.
struct TrainerState {
    int64_t epoch = 1;
    int64_t step = 0;
    double lossSum = 0, reconstructionSum = 0, contrastiveSum = 0, behaviourSum = 0;
    double epochSeconds = 0;
    int64_t samples = 0;

    Json toJson() const
    {
        Json j = Json::object();
        j["epoch"] = epoch;
        j["step"] = step;
        j["loss_sum"] = lossSum;
        j["reconstruction_sum"] = reconstructionSum;
        j["contrastive_sum"] = contrastiveSum;
        j["behaviour_sum"] = behaviourSum;
        j["epoch_seconds"] = epochSeconds;
        j["samples"] = samples;
        return j;
    }
    static TrainerState fromJson(const Json& j)
    {
        TrainerState s;
        s.epoch = j.at("epoch").integer();
        s.step = j.at("step").integer();
        s.lossSum = j.at("loss_sum").number();
        s.reconstructionSum = j.at("reconstruction_sum").number();
        s.contrastiveSum = j.at("contrastive_sum").number();
        if (const Json* b = j.find("behaviour_sum"))
            s.behaviourSum = b->number();
        s.epochSeconds = j.at("epoch_seconds").number();
        s.samples = j.at("samples").integer();
        return s;
    }
};

torch::Tensor rows(std::vector<float>& data, int64_t n, int64_t columns)
{
    return torch::from_blob(data.data(), {n, columns}, torch::kFloat32);
}

} // namespace

Json HyperRepresentationTrainingOptions::toJson() const
{
    Json j = Json::object();
    j["epochs"] = epochs;
    j["batch_size"] = batchSize;
    j["learning_rate"] = learningRate;
    j["weight_decay"] = weightDecay;
    j["warmup_steps"] = warmupSteps;
    j["cosine_decay"] = cosineDecay;
    j["gradient_clip"] = gradientClip;
    j["gamma"] = gamma;
    j["temperature"] = temperature;
    j["loss"] = toString(loss);
    j["behaviour_weight"] = behaviourWeight;
    j["behaviour_images"] = behaviourImages;
    j["behaviour_start_epoch"] = behaviourStartEpoch;
    Json a = Json::object();
    a["permutation_probability"] = augmentation.permutationProbability;
    a["noise_sigma"] = augmentation.noiseSigma;
    a["erasing_probability"] = augmentation.erasingProbability;
    a["erasing_min_fraction"] = augmentation.erasingMinFraction;
    a["erasing_max_fraction"] = augmentation.erasingMaxFraction;
    j["augmentation"] = a;
    j["reconstruct_augmented_view"] = reconstructAugmentedView;
    j["checkpoint_epochs"] = Json::arrayOf(checkpointEpochs);
    j["max_abs_weight"] = maxAbsWeight;
    j["seed"] = static_cast<unsigned long long>(seed);
    j["r2_samples"] = r2Samples;
    return j;
}

HyperRepresentationTrainer::HyperRepresentationTrainer(HyperRepresentationConfig config,
                                                       HyperRepresentationTrainingOptions options)
    : m_config(std::move(config)), m_options(std::move(options))
{
}

std::vector<ZooSample> HyperRepresentationTrainer::populationSamples(const ModelZoo& zoo, PopulationSplit split,
                                                                     const std::vector<int64_t>& epochs, double maxAbsWeight)
{
    const std::vector<PopulationSplit> splits = splitOf(zoo);
    std::vector<int64_t> checkpoints;
    for (int64_t c = 0; c < zoo.checkpointCount(); ++c)
        if (epochs.empty() || std::find(epochs.begin(), epochs.end(), zoo.checkpointEpochs[static_cast<size_t>(c)]) != epochs.end())
            checkpoints.push_back(c);
    const int64_t P = zoo.parameterCount();
    std::vector<ZooSample> out;
    if (static_cast<int64_t>(zoo.weights.size()) != zoo.modelCount() * zoo.checkpointCount() * P)
        throw std::invalid_argument("zoo weights are not loaded (" + std::to_string(zoo.weights.size()) + " values)");
    for (int64_t m = 0; m < zoo.modelCount(); ++m) {
        if (splits[static_cast<size_t>(m)] != split)
            continue;
        for (int64_t c : checkpoints) {
            const float* w = zoo.weightsAt(m, c);
            const float bound = maxAbsWeight > 0 ? static_cast<float>(maxAbsWeight) : std::numeric_limits<float>::infinity();
            if (std::all_of(w, w + P, [bound](float v) { return std::isfinite(v) && std::abs(v) <= bound; }))
                out.push_back({m, c});
        }
    }
    return out;
}

HyperRepresentationTrainingResult HyperRepresentationTrainer::train(const ModelZoo& zoo, const std::string& zooPath,
                                                                   const Progress& progress)
{
    const HyperRepresentationTrainingOptions& opt = m_options;
    m_config.validate();
    if (opt.epochs < 0 || opt.batchSize < 2 || !(opt.learningRate > 0) || opt.weightDecay < 0 || !(opt.gamma >= 0 && opt.gamma <= 1) ||
        !(opt.temperature > 0) || opt.gradientClip < 0)
        throw std::invalid_argument("hyper-representation training: epochs >= 0, batch >= 2, learning rate > 0, weight "
                                    "decay >= 0, gamma in [0, 1], temperature > 0 and gradient clip >= 0 are required");
    if (!(opt.behaviourWeight >= 0) || !std::isfinite(opt.behaviourWeight) || opt.behaviourImages < 1 ||
        opt.behaviourStartEpoch < 1)
        throw std::invalid_argument("hyper-representation training: behaviour weight >= 0, behaviour images >= 1 and behaviour start "
                                    "epoch >= 1 are required");
    if (opt.behaviourWeight > 0 && opt.behaviourStartEpoch > opt.epochs)
        throw std::invalid_argument("the behavioural term would start at epoch " + std::to_string(opt.behaviourStartEpoch) +
                                    ", after the last epoch (" + std::to_string(opt.epochs) + "): start it earlier or set its weight to 0");
    const Clock::time_point start = Clock::now();
    const int threads = EngineInfo::computeThreads();

    const Architecture& arch = zoo.architecture;
    const std::vector<ZooSample> trainSamples = populationSamples(zoo, PopulationSplit::Train, opt.checkpointEpochs, opt.maxAbsWeight);
    const std::vector<const float*> train = pointers(zoo, trainSamples);
    const std::vector<const float*> validation =
        pointers(zoo, populationSamples(zoo, PopulationSplit::Validation, opt.checkpointEpochs, opt.maxAbsWeight));
    const int64_t N = static_cast<int64_t>(train.size()), P = arch.parameterCount();
    if (N < 2)
        throw std::invalid_argument("the zoo has " + std::to_string(N) +
                                    " usable training samples (train-split checkpoints with finite weights within the |w| bound); at least 2 are needed");
    const int64_t B = std::min(opt.batchSize, N);
    // A final batch of one sample is dropped: the projection head's batch norm needs two.
    const int64_t stepsPerEpoch = N / B + (N % B >= 2 ? 1 : 0);
    const int64_t stepsTotal = opt.epochs * stepsPerEpoch;
    Communicator& comm = opt.communicator ? *opt.communicator : SingleProcessCommunicator::instance();
    const int rank = comm.rank(), ranks = comm.size();
    const bool distributed = ranks > 1, root = comm.isRoot();
    if (distributed && stepsPerEpoch > 0) {
        const int64_t smallest = std::min(B, N - (stepsPerEpoch - 1) * B);
        if (smallest < ranks)
            throw std::invalid_argument("data-parallel training on " + std::to_string(ranks) + " ranks needs at least " +
                                        std::to_string(ranks) + " samples in every batch; the smallest batch has " +
                                        std::to_string(smallest) + " (batch size " + std::to_string(B) + ", " +
                                        std::to_string(N) + " training samples): use fewer ranks or another batch size");
    }
    const int64_t warmup = opt.warmupSteps >= 0 ? opt.warmupSteps
                                                : std::min<int64_t>(500, static_cast<int64_t>(std::ceil(0.05 * static_cast<double>(stepsTotal))));

    ZooIdentity identity;
    std::error_code ec;
    identity.path = zooPath.empty() ? std::string() : std::filesystem::absolute(zooPath, ec).string();
    identity.datasetId = zoo.datasetId;
    identity.architecture = arch.name;
    identity.layoutHash = NeuronTokenizer::layoutHash(arch);
    identity.models = zoo.modelCount();
    identity.trainingSamples = N;

    HyperRepresentationTrainingResult result;
    std::optional<HyperRepresentation> hr;
    std::unique_ptr<torch::optim::AdamW> optimizer;
    TrainerState state;
    // Dropout's own stream, seeded from the options: nothing else draws from it, and it is saved in the resume file.
    at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(opt.seed);
    const auto makeOptimizer = [&]() {
        optimizer = std::make_unique<torch::optim::AdamW>(
            hr->impl().module->parameters(), torch::optim::AdamWOptions(opt.learningRate).weight_decay(opt.weightDecay));
    };

    const bool resuming = opt.resume && !opt.checkpointPath.empty() && std::filesystem::exists(opt.checkpointPath, ec);
    if (resuming) {
        const std::string& path = opt.checkpointPath;
        torch::serialize::InputArchive archive;
        detail::loadArchive(archive, path);
        std::unique_ptr<HyperRepresentation::Impl> impl = HyperRepresentation::Impl::readFrom(archive, path);
        c10::IValue stateText, optionsText;
        if (!archive.try_read("trainer_state", stateText) || !stateText.isString() || !archive.try_read("trainer_options", optionsText) ||
            !optionsText.isString())
            throw std::runtime_error(path + ": not a training checkpoint");
        state = TrainerState::fromJson(Json::parse(stateText.toStringRef()));
        // A checkpoint only continues the training it came from.
        std::vector<std::string> differences;
        if (impl->zoo.layoutHash != identity.layoutHash)
            differences.push_back("architecture " + impl->zoo.architecture + " vs " + identity.architecture);
        if (state.samples != N)
            differences.push_back(std::to_string(state.samples) + " vs " + std::to_string(N) + " training samples");
        if (impl->config.toJson().dump() != m_config.toJson().dump())
            differences.push_back("autoencoder config " + impl->config.toJson().dump() + " vs " + m_config.toJson().dump());
        const Json saved = Json::parse(optionsText.toStringRef()), now = opt.toJson();
        for (const auto& [key, value] : now.members()) {
            const Json* old = saved.find(key);
            if (!old || old->dump() != value.dump())
                differences.push_back(key + " " + (old ? old->dump() : std::string("(none)")) + " vs " + value.dump());
        }
        if (!differences.empty()) {
            std::string text;
            for (const std::string& d : differences)
                text += (text.empty() ? "" : "; ") + d;
            throw std::runtime_error(path + ": the checkpoint belongs to another training (" + text + ")");
        }
        hr.emplace(HyperRepresentation(std::move(impl)));
        makeOptimizer();
        torch::serialize::InputArchive optimizerArchive;
        archive.read("optimizer", optimizerArchive);
        optimizer->load(optimizerArchive);
        torch::Tensor rng;
        archive.read("rng", rng);
        generator.set_state(rng);
        result.resumed = true;
    } else {
        hr.emplace(arch, m_config, LayerNormalisation::fromSamples(arch, train));
        std::vector<double> mean(static_cast<size_t>(P), 0.0);
        for (const float* s : train)
            for (int64_t i = 0; i < P; ++i)
                mean[static_cast<size_t>(i)] += s[i];
        std::vector<float> meanF(static_cast<size_t>(P));
        for (int64_t i = 0; i < P; ++i)
            meanF[static_cast<size_t>(i)] = static_cast<float>(mean[static_cast<size_t>(i)] / static_cast<double>(N));
        hr->setTrainingMean(std::move(meanF));
        hr->setZoo(identity);
        state.samples = N;
        makeOptimizer();
    }
    Json info = Json::object();
    info["options"] = opt.toJson();
    info["training_samples"] = N;
    info["validation_samples"] = static_cast<int64_t>(validation.size());
    info["threads"] = threads;
    if (distributed)
        info["ranks"] = ranks;
    hr->setTrainingInfo(info);

    detail::Autoencoder module = hr->impl().module;
    module->setDropoutGenerator(generator);
    const std::vector<torch::Tensor> parameters = module->parameters();
    // The projection head sees every rank's latents on every rank: its gradient is whole on each, so only
    // rank 0 contributes it to the sum.
    std::vector<bool> projectionParameter;
    for (const auto& item : module->named_parameters())
        projectionParameter.push_back(item.key().rfind("projection.", 0) == 0);
    torch::Tensor meanNormalised;
    {
        std::vector<float> mean = hr->trainingMean();
        meanNormalised = module->normalise(rows(mean, 1, P)).clone();
    }
    const WeightAugmentation augmentation(arch, opt.augmentation);

    // The behavioural term's fixed probe: the first K training images, and each sample's activation.
    const bool behaviour = opt.behaviourWeight > 0;
    std::optional<detail::DifferentiableForward> forward;
    torch::Tensor probeImages;
    std::vector<Activation> sampleActivations;
    if (behaviour) {
        const DatasetSplit* data = opt.behaviourData.get();
        if (!data || data->count < 1)
            throw std::invalid_argument("the behavioural term needs the zoo's training images (none were given)");
        if (data->channels != arch.inputChannels || data->height != arch.inputSize || data->width != arch.inputSize)
            throw std::invalid_argument("the behavioural term's images are " + std::to_string(data->channels) + "x" + std::to_string(data->height) +
                                        "x" + std::to_string(data->width) + ", the architecture " + arch.name + " expects " +
                                        std::to_string(arch.inputChannels) + "x" + std::to_string(arch.inputSize) + "x" +
                                        std::to_string(arch.inputSize));
        const int64_t K = std::min(opt.behaviourImages, data->count);
        probeImages = torch::from_blob(const_cast<float*>(data->images.data()), {K, data->channels, data->height, data->width}, torch::kFloat32)
                          .clone();
        forward.emplace(arch);
        sampleActivations.reserve(trainSamples.size());
        for (const ZooSample& s : trainSamples)
            sampleActivations.push_back(zoo.hyperparameters.at(static_cast<size_t>(s.model)).activation);
    }
    std::vector<Activation> batchActivations;
    const std::vector<const float*> trainR2 = evenSubset(train, opt.r2Samples);
    const std::vector<const float*> validationR2 = evenSubset(validation, opt.r2Samples);

    Clock::time_point lastCheckpoint = Clock::now();
    const auto writeCheckpoint = [&]() {
        if (opt.checkpointPath.empty() || !root)
            return;
        torch::serialize::OutputArchive archive;
        hr->impl().writeTo(archive);
        torch::serialize::OutputArchive optimizerArchive;
        optimizer->save(optimizerArchive);
        archive.write("optimizer", optimizerArchive);
        archive.write("rng", generator.get_state());
        archive.write("trainer_state", c10::IValue(state.toJson().dump()));
        archive.write("trainer_options", c10::IValue(opt.toJson().dump()));
        detail::saveArchiveAtomically(archive, opt.checkpointPath);
        lastCheckpoint = Clock::now();
    };

    std::vector<float> cleanI(static_cast<size_t>(B * P)), augI(cleanI.size()), cleanJ(cleanI.size()), augJ(cleanI.size());
    int64_t stepsDone = (state.epoch - 1) * stepsPerEpoch + state.step;
    double stepSeconds = 0, evaluationSeconds = 0;
    int64_t evaluations = 0;
    const auto secondsLeft = [&]() {
        if (result.stepsDone == 0)
            return -1.0;
        const double perEpochEvaluation = evaluations ? evaluationSeconds / static_cast<double>(evaluations) : 0.0;
        const int64_t epochsLeft = std::max<int64_t>(0, opt.epochs - (state.epoch - 1)); // epoch-end evaluations still to run
        return stepSeconds / static_cast<double>(result.stepsDone) * static_cast<double>(stepsTotal - stepsDone) +
               perEpochEvaluation * static_cast<double>(epochsLeft);
    };

    // Cancellation ends the training before the next step, after the resume file is written; a report
    // that sees it first leaves it to that check.
    const auto reportProgress = [&](double left) {
        try {
            progress.report(stepsTotal > 0 ? static_cast<double>(stepsDone) / static_cast<double>(stepsTotal) : 1.0,
                            "training", left);
        } catch (const OperationCancelled&) {
        }
    };

    // Warm-up, then cosine decay (or constant), by the steps done over the whole training.
    const auto setLearningRate = [&]() {
        double lr = opt.learningRate;
        if (stepsDone < warmup)
            lr *= static_cast<double>(stepsDone + 1) / static_cast<double>(warmup + 1);
        else if (opt.cosineDecay && stepsTotal > warmup)
            lr *= 0.5 * (1.0 + std::cos(M_PI * static_cast<double>(stepsDone - warmup) / static_cast<double>(stepsTotal - warmup)));
        for (auto& group : optimizer->param_groups())
            static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);
    };

    while (state.epoch <= opt.epochs) {
        const std::vector<int64_t> order = epochOrder(N, opt.seed, state.epoch);
        const bool behaviourNow = behaviour && state.epoch >= opt.behaviourStartEpoch;
        while (state.step < stepsPerEpoch) {
            if (!distributed && progress.isCancelled()) {
                writeCheckpoint();
                progress.throwIfCancelled();
            }
            const Clock::time_point stepStart = Clock::now();
            const int64_t first = state.step * B, n = std::min(B, N - first);
            std::mt19937_64 rng = streamFor(opt.seed, static_cast<uint64_t>(state.epoch), static_cast<uint64_t>(state.step));
            batchActivations.clear();
            for (int64_t k = 0; k < n; ++k) {
                const float* source = train[static_cast<size_t>(order[static_cast<size_t>(first + k)])];
                if (behaviour)
                    batchActivations.push_back(sampleActivations[static_cast<size_t>(order[static_cast<size_t>(first + k)])]);
                augmentation.makeView(source, cleanI.data() + k * P, augI.data() + k * P, rng);
                augmentation.makeView(source, cleanJ.data() + k * P, augJ.data() + k * P, rng);
            }
            torch::Tensor loss, reconstruction, contrastive, behaviourTerm;
            double batchR2 = 0, lossValue = 0, reconstructionValue = 0, contrastiveValue = 0, behaviourValue = 0;
            bool cancelledSomewhere = false;
            if (!distributed) {
                const torch::Tensor inputs = torch::cat({rows(augI, n, P), rows(augJ, n, P)});
                const torch::Tensor targets = opt.reconstructAugmentedView ? inputs : torch::cat({rows(cleanI, n, P), rows(cleanJ, n, P)});

                module->train();
                const torch::Tensor z = module->encodeNormalised(module->normalise(inputs));
                const torch::Tensor y = module->decodeNormalised(z);
                const torch::Tensor t = module->normalise(targets);
                reconstruction = detail::reconstructionLoss(y, t, *module, opt.loss);
                contrastive = torch::zeros({}, torch::kFloat32);
                if (opt.gamma > 0) {
                    const torch::Tensor p = module->project(z);
                    contrastive = detail::ntXent(p.narrow(0, 0, n), p.narrow(0, n, n), opt.temperature);
                }
                // Behaviour on the first view only (its clean target is a permutation of the source model,
                // so the same function): half the cost of both views for an unbiased estimate of the same term.
                behaviourTerm = torch::zeros({}, torch::kFloat32);
                if (behaviourNow) {
                    const torch::Tensor decoded = module->denormalise(y.narrow(0, 0, n));
                    torch::Tensor targetLogits;
                    {
                        torch::NoGradGuard noGrad;
                        targetLogits = forward->logits(targets.narrow(0, 0, n), batchActivations, probeImages);
                    }
                    behaviourTerm = detail::DifferentiableForward::behaviourLoss(forward->logits(decoded, batchActivations, probeImages), targetLogits);
                }
                loss =
                    opt.gamma * contrastive + (1.0 - opt.gamma) * (behaviourNow ? reconstruction + opt.behaviourWeight * behaviourTerm : reconstruction);

                setLearningRate();
                optimizer->zero_grad();
                loss.backward();
                if (opt.gradientClip > 0)
                    torch::nn::utils::clip_grad_norm_(parameters, opt.gradientClip);
                optimizer->step();

                {
                    torch::NoGradGuard noGrad;
                    const double fit = detail::reconstructionLoss(y, t, *module, ReconstructionLoss::LayerNormalised).item<double>();
                    const double reference =
                        detail::reconstructionLoss(meanNormalised.expand_as(t), t, *module, ReconstructionLoss::LayerNormalised).item<double>();
                    batchR2 = reference > 0 ? 1.0 - fit / reference : std::nan("");
                }

                lossValue = loss.item<double>();
                reconstructionValue = reconstruction.item<double>();
                contrastiveValue = contrastive.item<double>();
                behaviourValue = behaviourTerm.item<double>();
            } else {
                // This rank's rows [a, b) of both views; the loss terms are weighted so that the sum over the
                // ranks of their gradients is the one-process gradient of the whole batch.
                const int64_t a = rank * n / ranks, nl = (rank + 1) * n / ranks - a;
                const double share = static_cast<double>(nl) / static_cast<double>(n);
                const torch::Tensor inputs = torch::cat({rows(augI, n, P).narrow(0, a, nl), rows(augJ, n, P).narrow(0, a, nl)});
                const torch::Tensor targets = opt.reconstructAugmentedView
                                                  ? inputs
                                                  : torch::cat({rows(cleanI, n, P).narrow(0, a, nl), rows(cleanJ, n, P).narrow(0, a, nl)});
                std::vector<int64_t> batchRows;
                for (int64_t k = 0; k < nl; ++k)
                    batchRows.push_back(a + k);
                for (int64_t k = 0; k < nl; ++k)
                    batchRows.push_back(n + a + k);
                module->setDropoutRows(2 * n, torch::tensor(batchRows, torch::kLong));
                module->train();
                const torch::Tensor z = module->encodeNormalised(module->normalise(inputs));
                const torch::Tensor y = module->decodeNormalised(z);
                module->setDropoutRows(0, {});
                const torch::Tensor t = module->normalise(targets);
                reconstruction = detail::reconstructionLoss(y, t, *module, opt.loss) * share;
                contrastive = torch::zeros({}, torch::kFloat32);
                if (opt.gamma > 0) {
                    // NT-Xent couples the whole batch: every rank projects all latents (the others' as constants,
                    // its own with their gradient), so its latents get their exact share of the gradient.
                    const torch::Tensor mine = z.detach().contiguous();
                    const std::vector<std::vector<float>> all =
                        comm.allgather(std::vector<float>(mine.data_ptr<float>(), mine.data_ptr<float>() + mine.numel()));
                    const int64_t L = z.size(1);
                    std::vector<torch::Tensor> pieces;
                    for (int64_t view = 0; view < 2; ++view)
                        for (int s = 0; s < ranks; ++s) {
                            const int64_t ns = (s + 1) * n / ranks - s * n / ranks;
                            if (s == rank)
                                pieces.push_back(z.narrow(0, view * nl, nl));
                            else
                                pieces.push_back(torch::from_blob(const_cast<float*>(all[static_cast<size_t>(s)].data()) + view * ns * L,
                                                                  {ns, L}, torch::kFloat32)
                                                     .clone());
                        }
                    const torch::Tensor p = module->project(torch::cat(pieces));
                    contrastive = detail::ntXent(p.narrow(0, 0, n), p.narrow(0, n, n), opt.temperature);
                }
                behaviourTerm = torch::zeros({}, torch::kFloat32);
                if (behaviourNow) {
                    const torch::Tensor decoded = module->denormalise(y.narrow(0, 0, nl));
                    const std::vector<Activation> activations(batchActivations.begin() + a, batchActivations.begin() + a + nl);
                    torch::Tensor targetLogits;
                    {
                        torch::NoGradGuard noGrad;
                        targetLogits = forward->logits(targets.narrow(0, 0, nl), activations, probeImages);
                    }
                    behaviourTerm = detail::DifferentiableForward::behaviourLoss(forward->logits(decoded, activations, probeImages), targetLogits) * share;
                }
                loss = opt.gamma * contrastive +
                       (1.0 - opt.gamma) * (behaviourNow ? reconstruction + opt.behaviourWeight * behaviourTerm : reconstruction);

                setLearningRate();
                optimizer->zero_grad();
                loss.backward();
                // One flat buffer per step: every gradient, then whether each is defined (a parameter that no
                // rank's loss reached keeps no gradient, as in one process, and AdamW leaves it alone).
                int64_t total = 0;
                for (const torch::Tensor& w : parameters)
                    total += w.numel();
                std::vector<float> flat(static_cast<size_t>(total + static_cast<int64_t>(parameters.size())), 0.0f);
                int64_t offset = 0;
                for (size_t i = 0; i < parameters.size(); ++i) {
                    const torch::Tensor& g = parameters[i].grad();
                    if (g.defined() && (root || !projectionParameter[i])) {
                        const torch::Tensor c = g.contiguous();
                        std::copy_n(c.data_ptr<float>(), c.numel(), flat.data() + offset);
                    }
                    if (g.defined())
                        flat[static_cast<size_t>(total) + i] = 1.0f;
                    offset += parameters[i].numel();
                }
                comm.allreduceSum(flat.data(), flat.size());
                offset = 0;
                for (size_t i = 0; i < parameters.size(); ++i) {
                    torch::Tensor w = parameters[i];
                    if (flat[static_cast<size_t>(total) + i] > 0)
                        w.mutable_grad() = torch::from_blob(flat.data() + offset, w.sizes(), torch::kFloat32).clone();
                    else
                        w.mutable_grad() = torch::Tensor();
                    offset += w.numel();
                }
                if (opt.gradientClip > 0)
                    torch::nn::utils::clip_grad_norm_(parameters, opt.gradientClip);
                optimizer->step();

                // The step's figures over the whole batch, and whether any rank was asked to stop.
                std::vector<double> figures(6, 0.0);
                figures[0] = reconstruction.item<double>();
                figures[1] = behaviourTerm.item<double>();
                {
                    torch::NoGradGuard noGrad;
                    figures[2] = detail::reconstructionLoss(y, t, *module, ReconstructionLoss::LayerNormalised).item<double>() * share;
                    figures[3] = detail::reconstructionLoss(meanNormalised.expand_as(t), t, *module, ReconstructionLoss::LayerNormalised)
                                     .item<double>() *
                                 share;
                }
                figures[4] = progress.isCancelled() ? 1.0 : 0.0;
                comm.allreduceSum(figures.data(), figures.size());
                reconstructionValue = figures[0];
                behaviourValue = figures[1];
                contrastiveValue = contrastive.item<double>();
                batchR2 = figures[3] > 0 ? 1.0 - figures[2] / figures[3] : std::nan("");
                lossValue = opt.gamma * contrastiveValue +
                            (1.0 - opt.gamma) * (behaviourNow ? reconstructionValue + opt.behaviourWeight * behaviourValue : reconstructionValue);
                cancelledSomewhere = figures[4] > 0;
            }
            state.lossSum += lossValue;
            state.reconstructionSum += reconstructionValue;
            state.contrastiveSum += contrastiveValue;
            state.behaviourSum += behaviourValue;
            ++state.step;
            ++stepsDone;
            ++result.stepsDone;
            const double took = secondsSince(stepStart);
            stepSeconds += took;
            state.epochSeconds += took;

            const double left = secondsLeft();
            if (opt.onStep) {
                HyperRepresentationProgress p;
                p.epoch = state.epoch;
                p.epochs = opt.epochs;
                p.step = state.step;
                p.stepsPerEpoch = stepsPerEpoch;
                p.stepsDone = stepsDone;
                p.stepsTotal = stepsTotal;
                p.loss = state.lossSum / static_cast<double>(state.step);
                p.reconstructionLoss = state.reconstructionSum / static_cast<double>(state.step);
                p.contrastiveLoss = state.contrastiveSum / static_cast<double>(state.step);
                p.behaviourLoss = behaviourNow ? state.behaviourSum / static_cast<double>(state.step) : std::nan("");
                p.batchR2 = batchR2;
                p.trainR2 = p.validationR2 = std::nan("");
                p.elapsedSeconds = secondsSince(start);
                p.secondsLeft = left;
                opt.onStep(p);
            }
            reportProgress(left);
            if (cancelledSomewhere) {
                // Every rank stops after the same step; rank 0 keeps it in the resume file.
                writeCheckpoint();
                throw OperationCancelled();
            }
            if (secondsSince(lastCheckpoint) >= opt.checkpointIntervalSeconds && state.step < stepsPerEpoch)
                writeCheckpoint();
        }

        const Clock::time_point evaluationStart = Clock::now();
        TrainingRecord record;
        record.epoch = state.epoch;
        record.loss = state.lossSum / static_cast<double>(stepsPerEpoch);
        record.reconstructionLoss = state.reconstructionSum / static_cast<double>(stepsPerEpoch);
        record.contrastiveLoss = state.contrastiveSum / static_cast<double>(stepsPerEpoch);
        record.behaviourLoss = behaviourNow ? state.behaviourSum / static_cast<double>(stepsPerEpoch) : std::nan("");
        module->eval();
        // The ranks score blocks of whole chunks and add the chunks' sums in order: one process's R^2, in
        // less time than rank 0 alone took while the others waited.
        record.trainR2 = hr->reconstructionScore(trainR2, &comm).r2;
        record.validationR2 = hr->reconstructionScore(validationR2, &comm).r2;
        const double evaluationTook = secondsSince(evaluationStart);
        evaluationSeconds += evaluationTook;
        ++evaluations;
        record.seconds = state.epochSeconds + evaluationTook;
        std::vector<TrainingRecord> history = hr->history();
        history.push_back(record);
        hr->setHistory(std::move(history));

        const int64_t finishedEpoch = state.epoch;
        state = TrainerState{};
        state.epoch = finishedEpoch + 1;
        state.samples = N;
        const double left = secondsLeft();
        if (opt.onStep) {
            HyperRepresentationProgress p;
            p.epoch = finishedEpoch;
            p.epochs = opt.epochs;
            p.step = p.stepsPerEpoch = stepsPerEpoch;
            p.stepsDone = stepsDone;
            p.stepsTotal = stepsTotal;
            p.loss = record.loss;
            p.reconstructionLoss = record.reconstructionLoss;
            p.contrastiveLoss = record.contrastiveLoss;
            p.behaviourLoss = record.behaviourLoss;
            p.batchR2 = std::nan("");
            p.epochEnd = true;
            p.trainR2 = record.trainR2;
            p.validationR2 = record.validationR2;
            p.elapsedSeconds = secondsSince(start);
            p.secondsLeft = left;
            opt.onStep(p);
        }
        reportProgress(left);
        if (secondsSince(lastCheckpoint) >= opt.checkpointIntervalSeconds && state.epoch <= opt.epochs)
            writeCheckpoint();
    }

    module->eval();
    if (!opt.checkpointPath.empty() && root)
        std::filesystem::remove(opt.checkpointPath, ec);
    result.completed = true;
    result.epochsDone = opt.epochs;
    result.seconds = secondsSince(start);
    result.model.emplace(std::move(*hr));
    return result;
}

} // namespace zooscope
