#include "app/cli/AutoencoderCommands.h"
#include "app/cli/CommandInputs.h"
#include "app/cli/InterruptGuard.h"
#include "app/cli/MpiCommunicator.h"
#include "app/cli/PathChecks.h"

#include "cluster/CancelTogether.h"

#include "zoo/DatasetLoader.h"
#include "hyperrep/EmbeddingFile.h"
#include "core/EngineInfo.h"
#include "hyperrep/HyperRepresentation.h"
#include "hyperrep/HyperRepresentationTrainer.h"
#include "core/Json.h"
#include "hyperrep/NeuronTokenizer.h"
#include "analysis/AnalysisReport.h"
#include "zoo/ZooFile.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <memory>
#include <optional>
#include <ostream>
#include <random>
#include <sstream>
#include <sys/resource.h>

namespace zooscope::cli {

namespace {

namespace fs = std::filesystem;


std::string duration(double seconds)
{
    if (seconds < 0 || std::isnan(seconds))
        return "?";
    const long s = std::lround(seconds);
    std::ostringstream o;
    if (s >= 3600)
        o << s / 3600 << "h" << std::setw(2) << std::setfill('0') << (s % 3600) / 60 << "m";
    else if (s >= 60)
        o << s / 60 << "m" << std::setw(2) << std::setfill('0') << s % 60 << "s";
    else
        o << s << "s";
    return o.str();
}

std::string fixed(double v, int precision)
{
    if (std::isnan(v))
        return "-";
    std::ostringstream o;
    o << std::fixed << std::setprecision(precision) << v;
    return o.str();
}

double peakMemoryMiB()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) / 1024.0; // kilobytes on Linux
}

HyperRepresentationConfig configFrom(const Arguments& args)
{
    HyperRepresentationConfig c;
    c.blocks = args.integer("blocks", c.blocks, 1, 64);
    c.dModel = args.integer("d-model", c.dModel, 1, 4096);
    c.heads = args.integer("heads", c.heads, 1, 64);
    c.feedForward = args.integer("ff", c.feedForward, 1, 65536);
    c.latentDim = args.integer("latent", c.latentDim, 1, 65536);
    c.dropout = args.number("dropout", c.dropout, 0, 0.99);
    c.projectionDim = args.integer("projection", c.projectionDim, 1, 4096);
    c.seed = static_cast<uint64_t>(args.integer("seed", static_cast<long long>(c.seed), 0, OptionLimits::kSeed));
    c.tanhLatent = args.has("tanh-latent");
    try {
        c.bottleneck = bottleneckFromString(args.value("bottleneck", "linear"));
        c.validate();
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
    return c;
}

HyperRepresentationTrainingOptions optionsFrom(const Arguments& args)
{
    HyperRepresentationTrainingOptions o;
    o.epochs = args.integer("epochs", o.epochs, 1, 100000);
    o.batchSize = args.integer("batch", o.batchSize, 2, 65536);
    o.learningRate = args.number("lr", o.learningRate, 1e-9, 10);
    o.weightDecay = args.number("weight-decay", o.weightDecay, 0, 10);
    o.gamma = args.number("gamma", o.gamma, 0, 1);
    o.temperature = args.number("temperature", o.temperature, 1e-6, 100);
    if (args.has("plain-mse") && args.has("loss"))
        throw UsageError("give either --loss or --plain-mse, not both");
    o.loss = args.has("plain-mse") ? ReconstructionLoss::PlainMse : ReconstructionLoss::LayerNormalised;
    if (args.has("loss")) {
        try {
            o.loss = reconstructionLossFromString(args.required("loss"));
        } catch (const std::invalid_argument& e) {
            throw UsageError(std::string("option --loss: ") + e.what());
        }
    }
    o.augmentation.permutationProbability = args.number("permutation", o.augmentation.permutationProbability, 0, 1);
    o.augmentation.noiseSigma = args.number("noise", o.augmentation.noiseSigma, 0, 10);
    o.augmentation.erasingProbability = args.number("erasing", o.augmentation.erasingProbability, 0, 1);
    o.reconstructAugmentedView = args.has("reconstruct-augmented");
    o.checkpointEpochs = args.integerList("checkpoint-epochs", {.min = 0, .max = OptionLimits::kEpoch});
    o.maxAbsWeight = args.number("max-abs", o.maxAbsWeight, 0, OptionLimits::kMaxAbs);
    o.seed = static_cast<uint64_t>(args.integer("seed", static_cast<long long>(o.seed), 0, OptionLimits::kSeed));
    o.warmupSteps = args.integer("warmup", o.warmupSteps, 0, 10'000'000);
    o.cosineDecay = !args.has("constant-lr");
    o.behaviourWeight = args.number("behaviour-weight", o.behaviourWeight, 0, 1e6);
    o.behaviourImages = args.integer("behaviour-images", o.behaviourImages, 1, 100000);
    o.behaviourStartEpoch = args.integer("behaviour-start", o.behaviourStartEpoch, 1, 100000);
    if (o.behaviourWeight > 0 && o.behaviourStartEpoch > o.epochs)
        throw UsageError("--behaviour-start " + std::to_string(o.behaviourStartEpoch) + " is after the last epoch (" +
                         std::to_string(o.epochs) + "): the behavioural term would never run");
    if (o.epochs < 1 || o.batchSize < 2 || !(o.learningRate > 0) || !(o.gamma >= 0 && o.gamma <= 1))
        throw UsageError("--epochs >= 1, --batch >= 2, --lr > 0 and --gamma in [0, 1] are required");
    return o;
}

// Prints one line per epoch and, within long epochs, one every 10 seconds.
std::function<void(const HyperRepresentationProgress&)> progressPrinter(std::ostream& err)
{
    auto last = std::make_shared<std::chrono::steady_clock::time_point>(std::chrono::steady_clock::now());
    return [&err, last](const HyperRepresentationProgress& p) {
        const auto now = std::chrono::steady_clock::now();
        if (!p.epochEnd && now - *last < std::chrono::seconds(10))
            return;
        *last = now;
        err << "epoch " << p.epoch << "/" << p.epochs;
        if (!p.epochEnd)
            err << " step " << p.step << "/" << p.stepsPerEpoch;
        err << "  loss " << fixed(p.loss, 4) << " (reconstruction " << fixed(p.reconstructionLoss, 4) << ", contrastive "
            << fixed(p.contrastiveLoss, 3);
        if (!std::isnan(p.behaviourLoss))
            err << ", behaviour " << fixed(p.behaviourLoss, 4);
        err << ")";
        if (p.epochEnd)
            err << "  R^2 train " << fixed(p.trainR2, 3) << " val " << fixed(p.validationR2, 3);
        else
            err << "  batch R^2 " << fixed(p.batchR2, 3);
        err << "  elapsed " << duration(p.elapsedSeconds) << ", left " << duration(p.secondsLeft) << "\n" << std::flush;
    };
}

// --threads N: this command's compute-thread budget (LibTorch's intra-op threads).
void setComputeThreads(const Arguments& args)
{
    if (args.has("threads"))
        EngineInfo::setComputeThreads(static_cast<int>(args.integer("threads", 0, 1, OptionLimits::kThreads)));
}

int runTrain(const Arguments& args, std::ostream& out, std::ostream& err)
{
    args.allowOnly({"zoo", "out", "epochs", "batch", "lr", "weight-decay", "latent", "d-model", "blocks", "heads", "ff", "dropout",
                    "projection", "bottleneck", "tanh-latent", "gamma", "temperature", "plain-mse", "loss", "permutation", "noise", "erasing",
                    "reconstruct-augmented", "checkpoint-epochs", "max-abs", "seed", "threads", "warmup", "constant-lr", "resume",
                    "checkpoint-interval", "behaviour-weight", "behaviour-images", "behaviour-start", "data"});
    const std::string zooPath = args.required("zoo");
    const std::string outPath = args.required("out");
    const HyperRepresentationConfig config = configFrom(args);
    HyperRepresentationTrainingOptions options = optionsFrom(args);
    const double checkpointInterval = args.number("checkpoint-interval", 60, 0, 86400);
    if (args.has("threads"))
        args.integer("threads", 0, 1, OptionLimits::kThreads);
    // Before the zoo is read and hours are trained: where the result and its checkpoint go.
    requireFile(zooPath, "zoo file");
    PathChecks::outputFile(outPath, "out");
    if (args.has("data"))
        PathChecks::inputFolder(args.value("data"), "dataset directory");
    const ModelZoo zoo = readZoo(args.required("zoo"), err);
    if (options.behaviourWeight > 0) {
        // The behavioural term runs the models on the zoo's own training images (the first K are kept).
        if (!args.has("data") && zoo.datasetId != "fashion-mnist")
            throw UsageError("--behaviour-weight needs the zoo's training images: give --data DIR (IDX files of dataset '" +
                             zoo.datasetId + "')");
        const Dataset data = zooDataset(zoo.datasetId, args.value("data"));
        std::vector<int64_t> rows(static_cast<size_t>(std::min(options.behaviourImages, data.train.count)));
        for (size_t i = 0; i < rows.size(); ++i)
            rows[i] = static_cast<int64_t>(i);
        options.behaviourData = std::make_shared<const DatasetSplit>(DatasetLoader::subset(data.train, rows));
    }
    options.checkpointPath = outPath + ".checkpoint";
    options.checkpointIntervalSeconds = checkpointInterval;
    options.resume = args.has("resume");
    std::error_code ec;
    if (!options.resume && fs::exists(options.checkpointPath, ec))
        err << "note: starting afresh; " << options.checkpointPath << " (an interrupted training) will be replaced. "
            << "Use --resume to continue it.\n";
    if (options.resume && !fs::exists(options.checkpointPath, ec))
        err << "note: no checkpoint " << options.checkpointPath << " to resume; starting afresh\n";
    int64_t epochsDone = 0;
    options.onStep = [&epochsDone, print = progressPrinter(err)](const HyperRepresentationProgress& p) {
        epochsDone = p.epochEnd ? p.epoch : p.epoch - 1;
        print(p);
    };
    setComputeThreads(args);
    // Under mpirun/srun the ranks split every batch (data-parallel); rank 0 writes the checkpoint and the result.
    Communicator& ranks = MpiCommunicator::current();
    options.communicator = &ranks;

    const Progress progress;
    InterruptGuard guard(progress);
    HyperRepresentationTrainer trainer(config, options);
    HyperRepresentationTrainingResult result;
    try {
        result = trainer.train(zoo, zooPath, progress);
    } catch (const OperationCancelled&) {
        err << "interrupted after " << epochsDone << " complete epochs; checkpoint " << options.checkpointPath
            << " written. Continue with the same command and --resume.\n";
        return 130;
    }
    HyperRepresentation& h = *result.model;
    Json info = h.trainingInfo();
    info["command"] = invocation();
    info["zooscope_version"] = EngineInfo::version();
    info["seconds"] = result.seconds;
    h.setTrainingInfo(info);
    if (!ranks.isRoot())
        return 0;
    h.save(outPath);
    const TrainingRecord& last = h.history().back();
    double epochSeconds = 0;
    for (const TrainingRecord& r : h.history())
        epochSeconds += r.seconds;
    out << "trained " << outPath << " on " << h.zoo().trainingSamples << " checkpoints of " << zoo.modelCount() << " models ("
        << zoo.architecture.name << "), " << h.trainableParameterCount() << " parameters, latent " << h.latentDim() << "\n"
        << "final loss " << fixed(last.loss, 4) << ", reconstruction R^2 train " << fixed(last.trainR2, 4) << " validation "
        << fixed(last.validationR2, 4) << "\n"
        << "time per epoch " << fixed(epochSeconds / static_cast<double>(h.history().size()), 2) << " s"
        << (ranks.size() > 1 ? " on " + std::to_string(ranks.size()) + " ranks" : std::string())
        << (result.resumed ? " (resumed)" : "") << ", peak memory " << fixed(peakMemoryMiB(), 0) << " MiB\n";
    return 0;
}

// The dataset the zoo's accuracy is measured on: --data DIR, or Debian's Fashion-MNIST for F-MNIST zoos.
std::optional<Dataset> evaluationDataset(const Arguments& args, const ModelZoo& zoo, std::ostream& err)
{
    if (args.has("no-accuracy"))
        return std::nullopt;
    return zooDatasetIfAvailable(zoo, args.value("data"), "accuracy of reconstructed models", err);
}

AnalysisReportOptions reportOptions(const Arguments& args)
{
    AnalysisReportOptions o;
    o.checkpointEpochs = args.integerList("epochs", {.min = 0, .max = OptionLimits::kEpoch});
    o.maxAbsWeight = args.number("max-abs", o.maxAbsWeight, 0, OptionLimits::kMaxAbs);
    o.maxProbeTrainSamples = args.integer("probe-samples", o.maxProbeTrainSamples, 0, 100'000'000);
    o.accuracyEpoch = args.integer("accuracy-epoch", -1, 0, OptionLimits::kEpoch);
    o.threads = static_cast<int>(args.integer("threads", 0, 1, OptionLimits::kThreads)); // 0: all cores
    return o;
}

int runEval(const Arguments& args, std::ostream& out, std::ostream& err)
{
    args.allowOnly({"zoo", "ae", "json", "data", "no-accuracy", "no-probes", "epochs", "max-abs", "probe-samples", "accuracy-epoch",
                    "population", "threads"});
    const std::string zooPath = args.required("zoo");
    const std::string aePath = args.required("ae");
    AnalysisReportOptions options = reportOptions(args);
    requireFile(zooPath, "zoo file");
    requireFile(aePath, "hyper-representation file");
    const ModelZoo zoo = readZoo(args.required("zoo"), err);
    const HyperRepresentation h = readHyperRepresentation(aePath, zoo, zooPath);
    const std::optional<Dataset> data = evaluationDataset(args, zoo, err);
    options.probes = !args.has("no-probes");
    try {
        options.reconstructionPopulation = populationSplitFromString(args.value("population", "test"));
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
    if (data)
        options.evaluationData = &data->test;
    // --threads also sets the encoder's threads: a thread count changes how its products are summed.
    setComputeThreads(args);
    // Under mpirun/srun the ranks split reconstruction, accuracy and probes; each gets the one-process report.
    options.communicator = &MpiCommunicator::current();
    const Progress progress = stagePrinter(err);
    InterruptGuard guard(progress);
    AnalysisReport report;
    try {
        report = AnalysisReport::compute(zoo, &h, options, progress);
    } catch (const OperationCancelled&) {
        err << "interrupted\n";
        return 130;
    }
    if (args.has("json")) {
        Json j = report.toJson();
        j["zoo"] = zooPath;
        j["ae"] = aePath;
        j["loss"] = h.trainingInfo().find("options") ? h.trainingInfo().at("options").at("loss") : Json();
        out << j.dump(2) << "\n";
    } else {
        out << "hyper-representation " << aePath << " on " << zooPath << "\n" << report.toText();
    }
    return 0;
}

// What a hyper-representation file holds: its architecture, configuration, the zoo it was trained on, the
// command that trained it and how training went, so that a shipped .hr can be traced to its making.
int runInfo(const Arguments& args, std::ostream& out, std::ostream&)
{
    args.allowOnly({"json"});
    if (args.positionals().size() != 1)
        throw UsageError("ae info expects one hyper-representation file");
    const std::string path = args.positionals()[0];
    requireFile(path, "hyper-representation file");
    const HyperRepresentation h = HyperRepresentation::load(path);
    Json j = Json::object();
    j["file"] = path;
    j["architecture"] = h.architecture().name;
    j["parameters_per_model"] = h.parameterCount();
    j["latent_dim"] = h.latentDim();
    j["autoencoder_parameters"] = h.trainableParameterCount();
    j["config"] = h.config().toJson();
    j["zoo"] = h.zoo().toJson();
    j["training"] = h.trainingInfo();
    j["epochs"] = static_cast<int64_t>(h.history().size());
    if (!h.history().empty()) {
        j["final_train_r2"] = h.history().back().trainR2;
        j["final_validation_r2"] = h.history().back().validationR2;
    }
    if (args.has("json")) {
        out << j.dump(2) << "\n";
        return 0;
    }
    const HyperRepresentationConfig& c = h.config();
    out << path << "\n"
        << "  architecture   " << h.architecture().name << " (" << h.parameterCount() << " weights per model)\n"
        << "  autoencoder    " << c.blocks << " blocks, d_model " << c.dModel << ", " << c.heads << " heads, feed-forward "
        << c.feedForward << ", latent " << c.latentDim << ", dropout " << c.dropout << ", bottleneck " << toString(c.bottleneck)
        << " (" << h.trainableParameterCount() << " parameters)\n"
        << "  zoo            " << h.zoo().path << " (" << h.zoo().datasetId << ", " << h.zoo().models << " models, "
        << h.zoo().trainingSamples << " training samples)\n";
    if (h.trainingInfo().find("command"))
        out << "  command        " << h.trainingInfo().at("command").string() << "\n";
    const int64_t ranks = h.trainingInfo().find("ranks") ? h.trainingInfo().at("ranks").integer() : 1;
    if (!h.history().empty())
        out << "  trained        " << h.history().size() << " epochs"
            << (ranks > 1 ? " on " + std::to_string(ranks) + " ranks" : std::string()) << ", R^2 train " << h.history().back().trainR2
            << ", validation " << h.history().back().validationR2 << "\n";
    return 0;
}

int runProbe(const Arguments& args, std::ostream& out, std::ostream& err)
{
    args.allowOnly({"zoo", "ae", "json", "epochs", "max-abs", "probe-samples", "threads"});
    const std::string zooPath = args.required("zoo");
    const AnalysisReportOptions options = reportOptions(args);
    requireFile(zooPath, "zoo file");
    if (args.has("ae"))
        requireFile(args.value("ae"), "hyper-representation file");
    const ModelZoo zoo = readZoo(args.required("zoo"), err);
    std::optional<HyperRepresentation> h;
    if (args.has("ae"))
        h.emplace(readHyperRepresentation(args.value("ae"), zoo, zooPath));
    AnalysisReport report;
    report.architecture = zoo.architecture.name;
    const Progress progress = stagePrinter(err);
    InterruptGuard guard(progress);
    try {
        report.probes = AnalysisReport::probeProperties(zoo, h ? &*h : nullptr, options, progress);
    } catch (const OperationCancelled&) {
        err << "interrupted\n";
        return 130;
    }
    if (args.has("json")) {
        const Json full = report.toJson();
        Json j = Json::object();
        j["zoo"] = zooPath;
        j["ae"] = h ? Json(args.value("ae")) : Json();
        j["probe"] = full.at("probe");
        j["probe_details"] = full.at("probe_details");
        out << j.dump(2) << "\n";
    } else {
        if (report.probes.empty())
            out << "zoo " << zooPath << ": no property varies across the training population\n";
        else
            out << "zoo " << zooPath << ": fitted on " << report.probes.front().trainSamples << " train, lambda on "
                << report.probes.front().validationSamples << " validation, scored on " << report.probes.front().testSamples
                << " test checkpoints\n";
        out << report.toText();
    }
    return 0;
}

int runEmbed(const Arguments& args, std::ostream& out, std::ostream& err)
{
    args.allowOnly({"zoo", "ae", "name", "threads"});
    const std::string zooPath = args.required("zoo");
    const std::string aePath = args.required("ae");
    requireFile(zooPath, "zoo file");
    requireFile(aePath, "hyper-representation file");
    PathChecks::outputFile(zooPath, "zoo"); // the latents are written into the zoo file
    const ModelZoo zoo = readZoo(args.required("zoo"), err);
    const HyperRepresentation h = readHyperRepresentation(aePath, zoo, zooPath);
    ZooEmbedding e;
    e.name = args.value("name", fs::path(aePath).stem().string());
    e.models = zoo.modelCount();
    e.checkpoints = zoo.checkpointCount();
    e.latentDim = h.latentDim();
    e.modelIds = zoo.modelIds;
    e.checkpointEpochs = zoo.checkpointEpochs;
    e.hyperRepresentationPath = fs::absolute(aePath).string();
    e.hyperRepresentationHash = HyperRepresentation::fileHash(aePath);
    e.layoutHash = NeuronTokenizer::layoutHash(zoo.architecture);
    e.createdBy = invocation();
    // Checkpoints without weights (NaN) get NaN latents; all others are encoded in one pass.
    const int64_t P = zoo.parameterCount(), L = h.latentDim(), rows = e.models * e.checkpoints;
    std::vector<int64_t> valid;
    std::vector<float> batch;
    for (int64_t r = 0; r < rows; ++r) {
        const float* w = zoo.weights.data() + r * P;
        if (std::all_of(w, w + P, [](float v) { return std::isfinite(v); })) {
            valid.push_back(r);
            batch.insert(batch.end(), w, w + P);
        }
    }
    // Under mpirun/srun rank r encodes the r-th block of whole chunks (the same bits as one process) and
    // rank 0 gathers the latents and writes them.
    Communicator& ranks = MpiCommunicator::current();
    const RankShare share(ranks, static_cast<int64_t>(valid.size()), HyperRepresentation::kChunkRows);
    setComputeThreads(args);
    const Progress progress;
    InterruptGuard guard(progress);
    std::vector<float> latents;
    try {
        cancelTogether(ranks, [&] {
            if (share.count() > 0)
                latents = h.encode(batch.data() + share.begin() * P, share.count(), progress);
        });
    } catch (const OperationCancelled&) {
        err << "interrupted: nothing written\n";
        return 130;
    }
    if (ranks.size() > 1) {
        latents = RankShare::allgather(ranks, latents);
        if (!ranks.isRoot())
            return 0;
    }
    e.latents.assign(static_cast<size_t>(rows * L), std::nanf(""));
    for (size_t k = 0; k < valid.size(); ++k)
        std::copy(latents.begin() + static_cast<long>(k * L), latents.begin() + static_cast<long>((k + 1) * L),
                  e.latents.begin() + valid[k] * L);
    EmbeddingFile::write(zooPath, e);
    out << "embedded " << valid.size() << " of " << rows << " checkpoints into " << zooPath << " /embeddings/" << e.name << " (latent "
        << L << ")\n";
    return 0;
}

// Trains on random weights of the zoo's shape: the speed of the engine, not the quality.
int runBench(const Arguments& args, std::ostream& out, std::ostream&)
{
    args.allowOnly({"arch", "channels", "samples", "epochs", "batch", "latent", "d-model", "blocks", "heads", "ff", "dropout",
                    "projection", "gamma", "threads", "seed", "json"});
    ModelZoo zoo;
    try {
        zoo.architecture = Architecture::byName(args.value("arch", "cnn-s"), args.integer("channels", 1, 1, 64));
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
    const int64_t samples = args.integer("samples", 2000, 2, 1'000'000);
    zoo.datasetId = "benchmark";
    zoo.epochs = 0;
    zoo.checkpointEpochs = {0};
    const int64_t P = zoo.parameterCount();
    std::mt19937_64 rng(1);
    std::normal_distribution<float> normal(0.0f, 0.1f);
    zoo.weights.resize(static_cast<size_t>(samples * P));
    for (float& w : zoo.weights)
        w = normal(rng);
    for (int64_t i = 0; i < samples; ++i)
        zoo.modelIds.push_back(i);
    zoo.hyperparameters.resize(static_cast<size_t>(samples));
    zoo.split.assign(static_cast<size_t>(samples), PopulationSplit::Train);
    HyperRepresentationConfig config = configFrom(args);
    HyperRepresentationTrainingOptions options;
    options.epochs = args.integer("epochs", 3, 1, 10000);
    options.batchSize = args.integer("batch", 64, 2, 65536);
    options.gamma = args.number("gamma", options.gamma, 0, 1);
    setComputeThreads(args);
    options.r2Samples = 0; // every sample: the epoch-end R^2 is part of an epoch's cost in `ae train`
    const auto result = HyperRepresentationTrainer(config, options).train(zoo);
    std::vector<double> seconds;
    for (const TrainingRecord& r : result.model->history())
        seconds.push_back(r.seconds);
    // The first epoch includes one-time warm-up (allocations, thread start); report the rest when there is a rest.
    double steady = 0;
    const size_t from = seconds.size() > 1 ? 1 : 0;
    for (size_t i = from; i < seconds.size(); ++i)
        steady += seconds[i];
    steady /= static_cast<double>(seconds.size() - from);
    Json j = Json::object();
    j["engine"] = "zooscope";
    j["architecture"] = zoo.architecture.name;
    j["samples"] = samples;
    j["parameters"] = P;
    j["batch"] = options.batchSize;
    j["epochs"] = options.epochs;
    j["autoencoder_parameters"] = result.model->trainableParameterCount();
    j["epoch_seconds"] = Json::arrayOf(seconds);
    j["seconds_per_epoch"] = steady;
    j["peak_memory_mib"] = peakMemoryMiB();
    j["threads"] = EngineInfo::computeThreads();
    if (args.has("json"))
        out << j.dump() << "\n";
    else
        out << "ZooScope autoencoder: " << fixed(steady, 3) << " s per epoch of " << samples << " samples (batch " << options.batchSize
            << "), peak memory " << fixed(peakMemoryMiB(), 0) << " MiB\n";
    return 0;
}

const char* kModelOptions =
    "  --latent N        latent dimension, 1..65536 (default 256)\n"
    "  --d-model N       token width, 1..4096, a multiple of --heads (default 64)\n"
    "  --blocks N        transformer blocks in encoder and decoder each, 1..64 (default 2)\n"
    "  --heads N         attention heads, 1..64 (default 4)\n"
    "  --ff N            feed-forward width, 1..65536 (default 128)\n"
    "  --dropout X       dropout, 0..0.99 (default 0.1)\n"
    "  --projection N    projection head width, 1..4096 (default 64)\n"
    "  --bottleneck K    linear (flatten tokens -> latent, default) or token (compression token)\n"
    "  --tanh-latent     bound the latent to (-1, 1)\n";

} // namespace

void addAutoencoderCommands(CommandLine& cli)
{
    cli.add({"ae train", "train a hyper-representation (transformer autoencoder) on a zoo's weights",
             std::string("Usage: zooscope-cli ae train --zoo ZOO --out AE [options]\n\n"
                         "Trains on all checkpoints of the zoo's train population (finite weights only); the\n"
                         "validation population gives the validation R^2. Progress goes to stderr. Ctrl-C stops\n"
                         "after writing AE.checkpoint; --resume continues from it. Under mpirun or srun the ranks\n"
                         "split every batch (data-parallel); rank 0 writes AE (docs/cluster-mpi.md).\n") +
                 kModelOptions +
                 "  --epochs N        training epochs, 1..100000 (default 30)\n"
                 "  --batch N         samples per step, 2..65536 (default 64; two augmented views each)\n"
                 "  --lr X            AdamW learning rate, 1e-9..10 (default 1e-3), warm-up then cosine decay\n"
                 "  --weight-decay X  AdamW weight decay, 0..10 (default 1e-4)\n"
                 "  --warmup N        warm-up steps, 0..10000000 (default 5% of all steps, at most 500)\n"
                 "  --constant-lr     no cosine decay\n"
                 "  --gamma X         contrastive weight, 0..1: gamma * NT-Xent + (1 - gamma) * reconstruction\n"
                 "                    (default 0.1)\n"
                 "  --temperature X   NT-Xent temperature, 1e-6..100 (default 0.1)\n"
                 "  --behaviour-weight B  behavioural term: decoded and original models run on the first K\n"
                 "                    training images; B * log(1 + their logits' relative squared error) joins\n"
                 "                    the loss, (1 - gamma) * (reconstruction + B * behaviour), 0..1e6\n"
                 "                    (default 0 = off)\n"
                 "  --behaviour-images K  probe images of the behavioural term, 1..100000 (default 256)\n"
                 "  --behaviour-start E  the first epoch with the behavioural term, 1..100000 (default 1); the decoder's\n"
                 "                    early outputs are noise whose term drowns the reconstruction\n"
                 "  --data DIR        IDX files of the zoo's dataset, for the behavioural term (default:\n"
                 "                    Debian's Fashion-MNIST for F-MNIST zoos)\n"
                 "  --loss KIND       reconstruction loss: layer-normalised (the paper's, default), plain-mse\n"
                 "                    (the ablation baseline) or model-relative (each model's layer error\n"
                 "                    relative to its own layer RMS, for zoos whose models differ in scale)\n"
                 "  --plain-mse       the same as --loss plain-mse\n"
                 "  --permutation P   probability of a neuron permutation per view, 0..1 (default 0: the\n"
                 "                    paper's permutations need far longer training than a desktop run)\n"
                 "  --noise S         Gaussian noise sigma per view, 0..10 (default 0.01)\n"
                 "  --erasing P       probability of random erasing per view, 0..1 (default 0.5)\n"
                 "  --reconstruct-augmented  reconstruct the augmented view (public code) instead of the clean one\n"
                 "  --checkpoint-epochs LIST  zoo epochs to train on, each 0..100000 (default: all checkpoints)\n"
                 "  --max-abs X       skip checkpoints with any |w| > X, diverged models, 0..1e6 (default 5;\n"
                 "                    0 = keep all)\n"
                 "  --seed N          initial weights, data order, augmentations, 0..2^63-1 (default 1)\n"
                 "  --threads N       compute threads, 1..1024 (default: all)\n"
                 "  --resume          continue an interrupted training from AE.checkpoint\n"
                 "  --checkpoint-interval S  seconds between checkpoints, 0..86400 (default 60; 0: as often as it can)\n"
                 "AE must be in an existing writable folder; it is checked before the zoo is read.",
             runTrain,
             {"plain-mse", "tanh-latent", "reconstruct-augmented", "resume", "constant-lr"}});
    cli.add({"ae eval", "quality of a hyper-representation: reconstruction R^2, accuracy retention, linear probes",
             "Usage: zooscope-cli ae eval --zoo ZOO --ae AE [--json] [--data DIR] [options]\n\n"
             "On the zoo's test population: reconstruction R^2 (overall and per layer), the test accuracy\n"
             "of decoded(encoded(model)) next to the original's (last checkpoint), and linear probes for\n"
             "test accuracy, generalisation gap, epoch, lr, weight decay (ridge, R^2) and activation, init,\n"
             "optimizer (linear classifier, accuracy) on the latents, the raw weights W and s(W).\n"
             "Under mpirun or srun the ranks split the reconstruction's chunks, the accuracy's models and\n"
             "the probes' encoding, Gram matrices and lambdas; rank 0 prints the report of one process with\n"
             "the same --threads, bit for bit (docs/cluster-mpi.md).\n"
             "  --json             one JSON object: reconstruction_r2, layer_r2, accuracy_original,\n"
             "                     accuracy_reconstructed, accuracy_retention, probe {property: {latent,\n"
             "                     weights, stats}}, probe_details\n"
             "  --data DIR         IDX files of the zoo's dataset (default: Debian's Fashion-MNIST for\n"
             "                     fashion-mnist zoos; otherwise accuracy is not measured)\n"
             "  --no-accuracy      skip the accuracy of reconstructed models\n"
             "  --no-probes        skip the linear probes\n"
             "  --accuracy-epoch E checkpoint epoch for the accuracy comparison, 0..100000 (default: the last)\n"
             "  --population P     score reconstruction and accuracy on train, val or test (default test)\n"
             "  --epochs LIST      checkpoint epochs for R^2 and probes, each 0..100000 (default: all)\n"
             "  --max-abs X        leave out checkpoints with any |w| > X, 0..1e6 (default 5; 0 = keep all)\n"
             "  --probe-samples N  at most N training samples for the probes, 0..100000000 (default 2000;\n"
             "                     0 = all)\n"
             "  --threads N        compute threads (per rank), 1..1024 (default: all)",
             runEval,
             {"json", "no-accuracy", "no-probes"}});
    cli.add({"ae info", "what a hyper-representation file holds: configuration, zoo, training command, R^2",
             "Usage: zooscope-cli ae info AE [--json]\n\n"
             "Prints the architecture, the autoencoder's configuration, the zoo it was trained on (path, dataset,\n"
             "models), the command that trained it and the final train/validation R^2.",
             runInfo,
             {"json"}});
    cli.add({"embed", "encode every model and checkpoint of a zoo and store the latents in the zoo file",
             "Usage: zooscope-cli embed --zoo ZOO --ae AE [--name NAME] [--threads T]\n\n"
             "Writes /embeddings/NAME (default: AE's file name without extension) into ZOO: latents\n"
             "[models, checkpoints, latent_dim] (NaN where a checkpoint has no weights), model ids,\n"
             "checkpoint epochs, and AE's path and hash. The zoo is rewritten through a copy, so an\n"
             "interruption leaves it as it was. Under mpirun or srun the ranks split the checkpoints and\n"
             "rank 0 writes; the latents are those of one process with the same --threads, bit for bit.\n"
             "  --threads T   compute threads (per rank), 1..1024 (default: all cores)",
             runEmbed,
             {}});
    cli.add({"probe", "linear probes of a zoo's properties from latents, raw weights and weight statistics",
             "Usage: zooscope-cli probe --zoo ZOO [--ae AE] [--json] [--epochs LIST] [--max-abs X] [--probe-samples N]\n\n"
             "Fitted on the train population, lambda (1e-5..1e3) chosen on the validation population,\n"
             "reported on the test population: R^2 for test accuracy, generalisation gap, epoch, lr and\n"
             "weight decay; accuracy for activation, init and optimizer. Without --ae only the baselines\n"
             "(raw weights W, per-layer statistics s(W)). Ranges as in `ae eval`: --epochs each 0..100000,\n"
             "--max-abs 0..1e6, --probe-samples 0..100000000 (0 = all), --threads 1..1024.",
             runProbe,
             {"json"}});
    cli.add({"bench ae", "time hyper-representation training on random weights of a zoo's shape",
             std::string("Usage: zooscope-cli bench ae [--arch cnn-s|cnn3] [--channels C] [--samples N] [--epochs E]\n"
                         "                             [--batch B] [--gamma X] [--threads N] [--json] [model options]\n\n"
                         "Ranges: --channels 1..64 (default 1), --samples 2..1000000 (default 2000), --epochs\n"
                         "1..10000 (default 3), --batch 2..65536 (default 64), --gamma 0..1, --threads 1..1024.\n"
                         "Seconds per epoch (after the first) and peak memory of `ae train`'s training loop; used by\n"
                         "benchmarks/bench_autoencoder.py next to the same autoencoder in plain PyTorch.\n") +
                 kModelOptions,
             runBench,
             {"json", "tanh-latent"}});
}

} // namespace zooscope::cli
