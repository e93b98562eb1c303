#include "app/cli/TrainCommands.h"
#include "app/cli/InterruptGuard.h"
#include "app/cli/MpiCommunicator.h"
#include "app/cli/PathChecks.h"

#include "zoo/DatasetLoader.h"
#include "core/EngineInfo.h"
#include "training/PopulationTrainer.h"
#include "training/ZooRecipe.h"
#include "zoo/ZooFile.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <limits>
#include <numeric>
#include <ostream>
#include <sstream>

#include <sys/resource.h>
#include <unistd.h>

namespace zooscope::cli {

namespace {

namespace fs = std::filesystem;

long long parseInteger(const std::string& text, const std::string& option)
{
    try {
        size_t used = 0;
        const long long v = std::stoll(text, &used);
        if (used == text.size())
            return v;
    } catch (const std::exception&) {
    }
    throw UsageError("option --" + option + ": '" + text + "' is not an integer");
}

Dataset loadDataset(const std::string& spec)
{
    if (spec == "fashion-mnist" || spec == "fmnist" || spec == "f-mnist")
        return DatasetLoader::fashionMnist();
    std::error_code ec;
    if (!fs::is_directory(spec, ec))
        throw UsageError("option --dataset: '" + spec + "' is neither 'fashion-mnist' nor a folder of IDX files");
    std::string id = fs::path(spec).lexically_normal().filename().string();
    if (id.empty())
        id = fs::path(spec).lexically_normal().parent_path().filename().string();
    return DatasetLoader::idxDirectory(spec, id.empty() ? "dataset" : id);
}

void limitSplit(DatasetSplit& split, long long n)
{
    if (n < 0 || n >= split.count)
        return;
    std::vector<int64_t> rows(static_cast<size_t>(n));
    std::iota(rows.begin(), rows.end(), 0);
    split = DatasetLoader::subset(split, rows);
}

KernelChoice parseKernels(const Arguments& args)
{
    try {
        return kernelChoiceNames().parse(args.value("kernels", "auto"));
    } catch (const std::invalid_argument& e) {
        throw UsageError(std::string("option --kernels: ") + e.what());
    }
}

std::string duration(double seconds)
{
    if (!(seconds >= 0) || !std::isfinite(seconds))
        return "?";
    const long long s = std::llround(seconds);
    std::ostringstream o;
    if (s >= 3600)
        o << s / 3600 << "h " << std::setw(2) << std::setfill('0') << (s % 3600) / 60 << "m";
    else if (s >= 60)
        o << s / 60 << "m " << std::setw(2) << std::setfill('0') << s % 60 << "s";
    else
        o << s << "s";
    return o.str();
}

// One progress line at most every 2 s, and only when something moved by >= 1% or 30 s passed.
class TrainingPrinter {
public:
    explicit TrainingPrinter(std::ostream& err) : m_err(err) {}
    void operator()(const TrainingStatistics& p, bool force = false)
    {
        const auto now = std::chrono::steady_clock::now();
        const double since = std::chrono::duration<double>(now - m_last).count();
        const double fraction = p.stepsTotal ? double(p.stepsDone) / double(p.stepsTotal) : 1.0;
        if (!force && (since < 2.0 || (fraction - m_fraction < 0.01 && since < 30.0)))
            return;
        m_last = now;
        m_fraction = fraction;
        m_err << "training: " << std::fixed << std::setprecision(1) << 100.0 * fraction << "% | models "
              << p.modelsDone << "/" << p.modelsTotal << " done | " << p.stepsDone << "/" << p.stepsTotal
              << " model-steps | " << std::setprecision(0) << p.modelStepsPerSecond << " model-steps/s | "
              << duration(p.secondsLeft) << " left\n"
              << std::defaultfloat << std::flush;
    }

private:
    std::ostream& m_err;
    std::chrono::steady_clock::time_point m_last{};
    double m_fraction = -1;
};

int zooCreate(const Arguments& args, std::ostream& out, std::ostream& err)
{
    args.allowOnly({"dataset", "arch", "grid", "seeds", "seeds-per-config", "epochs", "checkpoints", "shard",
                    "threads", "out", "batch-size", "kernels", "max-train-images", "max-eval-images", "stop-after",
                    "resume-interval"});
    const std::string outPath = args.required("out");
    if (args.has("grid") == args.has("seeds"))
        throw UsageError("give exactly one of --grid public-fmnist or --seeds RANGE");

    std::vector<Hyperparameters> models;
    if (args.has("grid")) {
        if (args.value("grid") != "public-fmnist")
            throw UsageError("option --grid: unknown grid '" + args.value("grid") + "' (known: public-fmnist)");
        const long long k = args.integer("seeds-per-config", 1, 1, 1000);
        models = ZooRecipe::publicFmnistGrid(k);
    } else {
        if (args.has("seeds-per-config"))
            throw UsageError("--seeds-per-config goes with --grid; --seeds lists the seeds itself");
        const auto seeds = args.integerList("seeds", {.min = 0, .maxCount = 10'000'001});
        models = ZooRecipe::seedZoo(std::vector<uint64_t>(seeds.begin(), seeds.end()));
    }
    const long long batch = args.integer("batch-size", 10, 1, 10000);
    for (auto& h : models)
        h.batchSize = batch;

    const long long epochs = args.integer("epochs", 50, 1, 10000);
    std::vector<int64_t> checkpoints;
    if (args.has("checkpoints")) {
        checkpoints = args.integerList("checkpoints", {.min = 0, .max = epochs, .sortedUnique = true});
    } else {
        checkpoints.resize(size_t(epochs) + 1);
        std::iota(checkpoints.begin(), checkpoints.end(), 0);
    }

    // Global model ids: the position in the full list; a shard trains a contiguous block.
    std::vector<int64_t> ids(models.size());
    std::iota(ids.begin(), ids.end(), 0);
    // Under mpirun/srun rank r trains the r-th block of models (as --shard r+1/n would) into a file of its
    // own; rank 0 merges the blocks into the one zoo, the same bits as one process makes.
    Communicator& ranks = MpiCommunicator::current();
    const bool distributed = ranks.size() > 1;
    std::string trainedPath = outPath;
    if (distributed) {
        if (args.has("shard"))
            throw UsageError("--shard does not go with an MPI launch: the " + std::to_string(ranks.size()) +
                             " ranks share the models themselves");
        const size_t total = models.size(), n = size_t(ranks.size()), r = size_t(ranks.rank());
        if (total < n)
            throw UsageError(std::to_string(n) + " MPI ranks for " + std::to_string(total) + " models: use at most " +
                             std::to_string(total) + " ranks");
        const size_t begin = r * total / n, end = (r + 1) * total / n;
        models = std::vector<Hyperparameters>(models.begin() + long(begin), models.begin() + long(end));
        ids = std::vector<int64_t>(ids.begin() + long(begin), ids.begin() + long(end));
        trainedPath = outPath + ".rank" + std::to_string(r + 1) + "-of-" + std::to_string(n);
    }
    if (args.has("shard")) {
        const std::string s = args.value("shard");
        const auto slash = s.find('/');
        if (slash == std::string::npos)
            throw UsageError("option --shard expects i/n (1-based, e.g. 2/8), got '" + s + "'");
        const long long i = parseInteger(s.substr(0, slash), "shard"), n = parseInteger(s.substr(slash + 1), "shard");
        if (n < 1 || i < 1 || i > n || n > 1'000'000)
            throw UsageError("option --shard expects i/n with 1 <= i <= n <= 1000000, got '" + s + "'");
        const size_t total = models.size();
        const size_t begin = size_t((i - 1) * (long long)total / n), end = size_t(i * (long long)total / n);
        models = std::vector<Hyperparameters>(models.begin() + long(begin), models.begin() + long(end));
        ids = std::vector<int64_t>(ids.begin() + long(begin), ids.begin() + long(end));
        if (models.empty())
            throw UsageError("shard " + s + " has no models (only " + std::to_string(total) + " in all)");
    }

    const long long threads = args.integer("threads", 0, 1, OptionLimits::kThreads); // 0: all cores
    const long long maxTrainImages = args.integer("max-train-images", -1, 1, 100'000'000);
    const long long maxEvalImages = args.integer("max-eval-images", -1, 1, 100'000'000);
    const long long stopAfter = args.integer("stop-after", -1, 0, std::numeric_limits<int64_t>::max());
    const double resumeInterval = args.number("resume-interval", 60, 0, 1e6);
    const KernelChoice kernels = parseKernels(args);

    // Fail now, not after hours of training, when the output cannot be written.
    PathChecks::outputFile(outPath, "out");

    err << "loading dataset " << args.value("dataset", "fashion-mnist") << "\n" << std::flush;
    Dataset data = loadDataset(args.value("dataset", "fashion-mnist"));
    limitSplit(data.train, maxTrainImages);
    limitSplit(data.validation, maxEvalImages);
    limitSplit(data.test, maxEvalImages);
    if (batch > data.train.count)
        throw UsageError("option --batch-size: " + std::to_string(batch) + " is more than the " +
                         std::to_string(data.train.count) + " training images");

    const Architecture arch = [&] {
        try {
            return Architecture::byName(args.value("arch", "cnn-s"), data.train.channels);
        } catch (const std::invalid_argument& e) {
            throw UsageError(std::string("--arch: ") + e.what());
        }
    }();
    if (arch.inputSize != data.train.height || arch.inputSize != data.train.width)
        throw UsageError("--arch " + arch.name + " expects " + std::to_string(arch.inputSize) + "x" +
                         std::to_string(arch.inputSize) + " images; the dataset has " +
                         std::to_string(data.train.height) + "x" + std::to_string(data.train.width));

    PopulationTrainingOptions options;
    options.epochs = epochs;
    options.checkpointEpochs = checkpoints;
    options.threads = int(threads);
    options.resumePath = trainedPath + ".resume";
    options.resumeIntervalSeconds = resumeInterval;
    options.kernels = kernels;
    TrainingPrinter printer(err);

    const bool resuming = fs::exists(options.resumePath);
    err << (resuming ? "resuming from " + options.resumePath + ": " : std::string("training ")) << models.size()
        << " models (" << arch.name << ", " << arch.parameterCount() << " parameters) on " << data.id << " ("
        << data.train.count << " train / " << data.validation.count << " val / " << data.test.count << " test), "
        << epochs << " epochs, checkpoints at " << checkpoints.size() << " epochs, kernels "
        << (options.kernels == KernelChoice::Auto ? PopulationTrainer::defaultKernelName() : args.value("kernels"))
        << "\n"
        << std::flush;

    const auto started = std::chrono::steady_clock::now();
    PopulationTrainingResult result;
    ModelZoo zoo; // the whole zoo: this process's, or on rank 0 the ranks' blocks merged
    bool interrupted = false, trainedBefore = false;
    if (distributed && !resuming && fs::exists(trainedPath)) {
        // This rank's block is done from an earlier, interrupted run of the same command (another rank stopped).
        const ModelZoo before = ZooFile::readSummary(trainedPath);
        trainedBefore = before.modelIds == ids && before.epochs == epochs && before.checkpointEpochs == checkpoints &&
                        before.createdBy == invocation();
        if (trainedBefore)
            err << "rank " << ranks.rank() << ": " << trainedPath << " holds this rank's models already\n";
    }
    if (!trainedBefore) {
        try {
            InterruptGuard interrupts;
            int64_t stepsAtStart = -1; // the first report comes before any step of this run
            options.statistics = [&](const TrainingStatistics& p) {
                printer(p);
                if (stepsAtStart < 0)
                    stepsAtStart = p.stepsDone;
                if (stopAfter >= 0 && p.stepsDone - stepsAtStart >= stopAfter)
                    interrupts.progress().cancel();
            };
            PopulationTrainer trainer(arch, models, options);
            result = trainer.train(data, interrupts.progress());
        } catch (const OperationCancelled&) {
            interrupted = true;
        }
    }
    if (!interrupted && !trainedBefore) {
        err << "trained " << models.size() << " models: " << result.modelSteps << " model-steps in " << duration(result.seconds)
            << " (" << std::llround(result.seconds > 0 ? result.modelSteps / result.seconds : 0) << " model-steps/s)\n";
        ModelZoo trained = std::move(result.zoo);
        trained.modelIds = ids;
        trained.createdBy = invocation();
        trained.createdWithVersion = EngineInfo::version();
        assignPopulationSplit(trained);
        err << "writing " << trainedPath << "\n" << std::flush;
        ZooFile::write(trained, trainedPath);
        std::error_code ec;
        fs::remove(options.resumePath, ec);
        if (!distributed)
            zoo = std::move(trained);
    }
    // Every rank learns whether any was interrupted (Ctrl-C reaches all ranks, --stop-after one), and the
    // model-steps done by all.
    double figures[2] = {interrupted ? 1.0 : 0.0, double(result.modelSteps)};
    ranks.allreduceSum(figures, 2);
    if (figures[0] > 0) {
        if (interrupted)
            err << "interrupted: state saved to " << options.resumePath << "; run the same command again to continue\n";
        else
            err << "another rank was interrupted; " << trainedPath << " keeps this rank's models for the next run\n";
        return 130;
    }
    if (distributed) {
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        err << "trained on " << ranks.size() << " ranks: " << std::llround(figures[1]) << " model-steps in " << duration(seconds)
            << " (" << std::llround(seconds > 0 ? figures[1] / seconds : 0) << " model-steps/s)\n";
        if (!ranks.isRoot()) {
            ranks.barrier(); // rank 0 has written the zoo
            return 0;
        }
    }

    if (distributed) {
        std::vector<ModelZoo> blocks;
        std::vector<std::string> paths;
        for (int r = 0; r < ranks.size(); ++r)
            paths.push_back(outPath + ".rank" + std::to_string(r + 1) + "-of-" + std::to_string(ranks.size()));
        for (const std::string& path : paths) {
            if (!fs::exists(path))
                throw std::runtime_error(path + " is missing: every rank writes its models next to --out, which must be a "
                                                "folder that all ranks share");
            blocks.push_back(ZooFile::read(path));
        }
        zoo = ZooFile::merge(blocks);
        zoo.createdBy = invocation();
        zoo.createdWithVersion = EngineInfo::version();
        err << "writing " << outPath << "\n" << std::flush;
        ZooFile::write(zoo, outPath);
        std::error_code ec;
        for (const std::string& path : paths)
            fs::remove(path, ec);
        ranks.barrier();
    }

    // Summary: test accuracy at the last epoch.
    std::vector<float> last;
    for (int64_t m = 0; m < zoo.modelCount(); ++m)
        last.push_back(zoo.metricAt(zoo.testAccuracy, m, zoo.epochs));
    std::vector<float> finite;
    for (float v : last)
        if (std::isfinite(v))
            finite.push_back(v);
    out << "wrote " << outPath << ": " << zoo.modelCount() << " models, " << zoo.checkpointCount() << " checkpoints";
    if (!finite.empty()) {
        std::sort(finite.begin(), finite.end());
        const double mean = std::accumulate(finite.begin(), finite.end(), 0.0) / double(finite.size());
        out << ", test accuracy at epoch " << zoo.epochs << ": mean " << std::fixed << std::setprecision(4) << mean
            << ", median " << finite[finite.size() / 2] << ", max " << finite.back() << std::defaultfloat;
    }
    out << "\n";
    return 0;
}

int benchTrain(const Arguments& args, std::ostream& out, std::ostream& err)
{
    args.allowOnly({"models", "steps", "threads", "json", "dataset", "kernels"});
    const long long n = args.integer("models", 64, 1, 1'000'000);
    const long long steps = args.integer("steps", 200, 1, 10'000'000);
    const long long threads = args.integer("threads", 0, 1, OptionLimits::kThreads); // 0: all cores
    const bool json = args.has("json");

    Dataset data = loadDataset(args.value("dataset", "fashion-mnist"));
    // N models of the default grid in grid order (the grid repeats with the next seed beyond 256).
    const std::vector<Hyperparameters> grid = ZooRecipe::publicFmnistGrid(1);
    std::vector<Hyperparameters> models;
    for (long long i = 0; i < n; ++i) {
        Hyperparameters h = grid[size_t(i) % grid.size()];
        h.seed = uint64_t(1 + i / (long long)grid.size());
        models.push_back(h);
    }
    const Architecture arch = Architecture::cnnSmall(data.train.channels);
    PopulationTrainingOptions options;
    options.epochs = (steps + PopulationTrainer::stepsPerEpoch(data.train.count, 10) - 1) /
                     PopulationTrainer::stepsPerEpoch(data.train.count, 10);
    options.checkpointEpochs = {};
    options.stepLimit = steps;
    options.evaluate = false;
    options.threads = int(threads);
    options.kernels = parseKernels(args);
    auto cpuSeconds = [] {
        rusage u{};
        getrusage(RUSAGE_SELF, &u);
        return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + 1e-6 * double(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
    };
    PopulationTrainer trainer(arch, models, options);
    const double cpu0 = cpuSeconds();
    const PopulationTrainingResult r = trainer.train(data);
    const double cpu = cpuSeconds() - cpu0;

    const double rate = r.seconds > 0 ? double(r.modelSteps) / r.seconds : 0.0;
    const double gflops = r.seconds > 0 ? r.flops / r.seconds * 1e-9 : 0.0;
    const int usedThreads = EngineInfo::threadsFor(int(threads));
    if (json) {
        out << std::setprecision(10) << "{\"model_steps_per_s\": " << rate << ", \"gflops\": " << gflops
            << ", \"models\": " << n << ", \"steps\": " << steps << ", \"model_steps\": " << r.modelSteps
            << ", \"seconds\": " << r.seconds << ", \"threads\": " << usedThreads
            << ", \"flops_per_model_step\": " << PopulationTrainer::flopsPerModelStep(arch, 10) << ", \"kernels\": \""
            << r.kernelName << "\", \"batch_size\": 10, \"cpu_seconds\": " << cpu
            << ", \"model_steps_per_cpu_s\": " << (cpu > 0 ? double(r.modelSteps) / cpu : 0.0) << "}\n";
    } else {
        out << "population training: " << n << " CNN-s models x " << steps << " steps (batch 10, default grid), "
            << usedThreads << " threads, " << r.kernelName << " kernels\n"
            << std::fixed << std::setprecision(0) << "  " << rate << " model-steps/s, " << std::setprecision(1)
            << gflops << " GFLOP/s (" << std::setprecision(2) << PopulationTrainer::flopsPerModelStep(arch, 10) * 1e-6
            << " MFLOP per model-step), " << std::setprecision(2) << r.seconds << " s, " << cpu
            << " s of CPU time (" << std::setprecision(0) << (cpu > 0 ? double(r.modelSteps) / cpu : 0.0)
            << " model-steps per CPU-second)\n"
            << std::defaultfloat;
    }
    (void)err;
    return 0;
}

} // namespace

void addTrainCommands(CommandLine& cli)
{
    cli.add({"zoo create", "train a model zoo (population training, all models at once)",
             "Usage: zooscope-cli zoo create (--grid public-fmnist | --seeds RANGE) --out FILE [options]\n"
             "\n"
             "Trains a population of CNNs with the fast population trainer (models in SIMD lanes) and writes\n"
             "a zoo file. Progress (with time left) goes to stderr. Ctrl-C stops at the next step and keeps\n"
             "the state in FILE.resume; the same command continues from there (bit-identical result).\n"
             "Under mpirun or srun the ranks split the models and rank 0 writes the zoo, the same bits as\n"
             "one process (docs/cluster-mpi.md).\n"
             "\n"
             "Options:\n"
             "  --dataset fashion-mnist|DIR  dataset (default fashion-mnist from /usr/share/datasets; DIR: IDX files)\n"
             "  --arch cnn-s                 architecture (default cnn-s; cnn3 needs 32x32 images)\n"
             "  --grid public-fmnist         the public F-MNIST hyperparameter grid: 256 configurations\n"
             "  --seeds-per-config K         seeds 1..K for each grid configuration, 1..1000 (default 1)\n"
             "  --seeds RANGE                the public seed recipe (tanh, U(0,1), Adam 3e-4, wd 0) for these\n"
             "                               seeds, e.g. 1-1000 or 1,5,7-9\n"
             "  --epochs E                   training epochs, 1..10000 (default 50)\n"
             "  --checkpoints LIST           epochs to keep weights of, ascending, each 0..E, e.g. 0,1,2,5,10\n"
             "                               (default: every epoch)\n"
             "  --shard i/n                  train only the i-th of n equal blocks of models (1-based,\n"
             "                               n <= 1000000); join the shard files with `zoo merge`\n"
             "  --threads T                  worker threads, 1..1024 (default: all cores)\n"
             "  --batch-size B               mini-batch size, 1..10000 and at most the training images\n"
             "                               (default 10)\n"
             "  --max-train-images N         use only the first N training images, N >= 1 (quick trials)\n"
             "  --max-eval-images N          use only the first N validation and test images, N >= 1\n"
             "  --kernels auto|generic|avx2  kernel build (default auto)\n"
             "  --stop-after S               stop as Ctrl-C does once this run has done S >= 0 model-steps\n"
             "                               (checked at each progress report), keeping FILE.resume\n"
             "  --resume-interval S          seconds between saves of FILE.resume while training, 0..1000000\n"
             "                               (default 60)\n"
             "  --out FILE                   the zoo file to write (HDF5), in an existing writable folder",
             zooCreate,
             {}});
    cli.add({"bench train", "measure population training speed (model-steps/s, GFLOP/s)",
             "Usage: zooscope-cli bench train [--models N] [--steps S] [--threads T] [--json]\n"
             "\n"
             "Trains the first N models of the public F-MNIST grid (CNN-s, batch 10) for S steps on\n"
             "Fashion-MNIST, without evaluation, and prints model-steps per second and GFLOP/s.\n"
             "\n"
             "Options:\n"
             "  --models N                   models, 1..1000000 (default 64)\n"
             "  --steps S                    optimiser steps per model, 1..10000000 (default 200)\n"
             "  --threads T                  worker threads, 1..1024 (default: all cores)\n"
             "  --dataset fashion-mnist|DIR  dataset (default fashion-mnist)\n"
             "  --kernels auto|generic|avx2  kernel build (default auto)\n"
             "  --json                       print {\"model_steps_per_s\": ..., \"gflops\": ..., ...}",
             benchTrain,
             {"json"}});
}

} // namespace zooscope::cli
