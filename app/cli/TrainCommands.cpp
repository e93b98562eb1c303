#include "app/cli/TrainCommands.h"
#include "app/cli/InterruptGuard.h"
#include "app/cli/MpiCommunicator.h"
#include "app/cli/PathChecks.h"

#include "zoo/DatasetLoader.h"
#include "core/EngineInfo.h"
#include "core/cluster/SlurmJobScripts.h"
#include "training/PopulationTrainer.h"
#include "training/ZooRecipe.h"
#include "training/ZooCreation.h"
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

void checkDatasetSpec(const std::string& spec)
{
    try {
        ZooCreation::checkDatasetSpec(spec);
    } catch (const std::invalid_argument& e) {
        throw UsageError(std::string("option --dataset: ") + e.what());
    }
}

Dataset loadDataset(const std::string& spec, long long maxTrainImages = -1, long long maxEvalImages = -1)
{
    try {
        return ZooCreation::loadDataset(spec, maxTrainImages, maxEvalImages);
    } catch (const std::invalid_argument& e) {
        throw UsageError(std::string("option --dataset: ") + e.what());
    }
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

// The options of `zoo create` that say what to train (all but --out, --shard and the Slurm options):
// what the Slurm array job passes on to each shard, in the order ZooCreation::arguments writes them (the
// New Zoo dialog's "Write Slurm Job Scripts" then writes the same scripts).
const std::vector<std::string> kZooCreateTrainingOptions = {
    "grid", "seeds-per-config", "seeds", "dataset", "arch", "epochs", "checkpoints", "batch-size", "threads",
    "kernels", "max-train-images", "max-eval-images", "stop-after", "resume-interval"};
const std::vector<std::string> kSlurmOptions = {"slurm-scripts", "shards", "partition", "time-limit", "cpus-per-task",
                                                "slurm-cli"};

// `zoo create ... --slurm-scripts DIR --shards N` ("Write Slurm job scripts"): the arguments are checked
// as for training, then the array, merge and submit scripts are written instead of training.
int writeSlurmScripts(const Arguments& args, size_t modelCount, std::ostream& out)
{
    if (args.has("shard"))
        throw UsageError("--shard goes without --slurm-scripts (the array job gives each task its shard)");
    if (!args.has("shards"))
        throw UsageError("--slurm-scripts needs --shards N (the array tasks)");
    SlurmJobRequest request;
    request.shards = int(args.integer("shards", 1, 1, SlurmJobScripts::kMaxShards));
    if (size_t(request.shards) > modelCount)
        throw UsageError("option --shards: " + std::to_string(request.shards) + " shards for " +
                         std::to_string(modelCount) + " models would leave shards empty; give at most " +
                         std::to_string(modelCount));
    request.cpusPerTask = int(args.integer("cpus-per-task", 0, 1, OptionLimits::kThreads));
    for (const char* key : {"partition", "time-limit", "slurm-cli"})
        if (args.has(key) && args.value(key).empty())
            throw UsageError(std::string("option --") + key + ": expects a value, got ''");
    request.partition = args.value("partition");
    request.timeLimit = args.value("time-limit");
    for (const auto& key : kZooCreateTrainingOptions)
        if (args.has(key))
            request.zooCreateArguments.insert(request.zooCreateArguments.end(), {"--" + key, args.value(key)});
    request.outputZoo = args.required("out");
    std::error_code ec;
    request.cliPath = args.has("slurm-cli") ? args.value("slurm-cli") : fs::read_symlink("/proc/self/exe", ec).string();
    if (ec || request.cliPath.empty())
        request.cliPath = "zooscope-cli";
    const std::string dir = args.value("slurm-scripts");
    checkDatasetSpec(args.value("dataset", "fashion-mnist"));
    try {
        SlurmJobScripts::check(request, dir);
    } catch (const SlurmRequestError& e) {
        const std::vector<std::string> options = {"shards", "partition", "time-limit", "cpus-per-task", "out", "slurm-scripts"};
        if (std::find(options.begin(), options.end(), e.field()) != options.end())
            throw UsageError("option --" + e.field() + ": " + e.what());
        throw UsageError(e.what());
    }
    PathChecks::outputFile(request.outputZoo, "out");
    PathChecks::outputFolder(dir, "slurm-scripts");
    const SlurmJobFiles files = SlurmJobScripts::write(request, dir);
    out << "wrote Slurm job scripts for " << modelCount << " models in " << request.shards << " shards:\n";
    for (const auto& f : files.all())
        out << "  " << f << "\n";
    out << "submit with: " << files.submitScript << " (the merged zoo: " << request.outputZoo << ")\n";
    return 0;
}

int zooCreate(const Arguments& args, std::ostream& out, std::ostream& err)
{
    std::vector<std::string> known = kZooCreateTrainingOptions;
    known.insert(known.end(), {"out", "shard"});
    known.insert(known.end(), kSlurmOptions.begin(), kSlurmOptions.end());
    args.allowOnly(known);
    for (const auto& key : kSlurmOptions)
        if (key != "slurm-scripts" && args.has(key) && !args.has("slurm-scripts"))
            throw UsageError("--" + key + " goes with --slurm-scripts DIR");
    const std::string outPath = args.required("out");
    if (args.has("grid") == args.has("seeds"))
        throw UsageError("give exactly one of --grid public-fmnist or --seeds RANGE");

    std::vector<Hyperparameters> models;
    if (args.has("grid")) {
        if (args.value("grid") != "public-fmnist")
            throw UsageError("option --grid: unknown grid '" + args.value("grid") + "' (known: public-fmnist)");
        const long long k = args.integer("seeds-per-config", 1, 1, ZooCreation::kMaxSeedsPerConfig);
        models = ZooRecipe::publicFmnistGrid(k);
    } else {
        if (args.has("seeds-per-config"))
            throw UsageError("--seeds-per-config goes with --grid; --seeds lists the seeds itself");
        const auto seeds = args.integerList("seeds", {.min = 0, .maxCount = ZooCreation::kMaxSeedCount});
        models = ZooRecipe::seedZoo(std::vector<uint64_t>(seeds.begin(), seeds.end()));
    }
    const long long batch = args.integer("batch-size", 10, 1, ZooCreation::kMaxBatchSize);
    for (auto& h : models)
        h.batchSize = batch;

    const long long epochs = args.integer("epochs", 50, 1, ZooCreation::kMaxEpochs);
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
    const long long maxTrainImages = args.integer("max-train-images", -1, 1, ZooCreation::kMaxImages);
    const long long maxEvalImages = args.integer("max-eval-images", -1, 1, ZooCreation::kMaxImages);
    const long long stopAfter = args.integer("stop-after", -1, 0, std::numeric_limits<int64_t>::max());
    const double resumeInterval = args.number("resume-interval", 60, 0, 1e6);
    const KernelChoice kernels = parseKernels(args);
    if (args.has("slurm-scripts"))
        return writeSlurmScripts(args, models.size(), out);

    // Fail now, not after hours of training, when the output cannot be written.
    PathChecks::outputFile(outPath, "out");

    err << "loading dataset " << args.value("dataset", "fashion-mnist") << "\n" << std::flush;
    Dataset data = loadDataset(args.value("dataset", "fashion-mnist"), maxTrainImages, maxEvalImages);
    if (batch > data.train.count)
        throw UsageError("option --batch-size: " + std::to_string(batch) + " is more than the " +
                         std::to_string(data.train.count) + " training images");

    const Architecture arch = [&] {
        try {
            return ZooCreation::architecture(args.value("arch", "cnn-s"), data);
        } catch (const std::invalid_argument& e) {
            throw UsageError(std::string("--arch: ") + e.what());
        }
    }();

    PopulationTrainingOptions options;
    options.epochs = epochs;
    options.checkpointEpochs = checkpoints;
    options.threads = int(threads);
    options.resumePath = ZooCreation::resumePath(trainedPath);
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
        err << "writing " << trainedPath << "\n" << std::flush;
        ModelZoo trained = ZooCreation::write(std::move(result), ids, invocation(), trainedPath);
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
             "  --out FILE                   the zoo file to write (HDF5), in an existing writable folder\n"
             "\n"
             "Write Slurm job scripts (instead of training; docs/cluster.md):\n"
             "  --slurm-scripts DIR          write DIR/zoo-shards.sbatch (an array job, task i trains --shard i/N),\n"
             "                               DIR/zoo-merge.sbatch (zoo merge into FILE once all shards succeeded)\n"
             "                               and DIR/submit.sh, which submits both\n"
             "  --shards N                   array tasks, 1..100000 and at most the zoo's models\n"
             "  --partition P                #SBATCH --partition (default: the cluster's default)\n"
             "  --time-limit T               #SBATCH --time of each job: minutes, H:MM:SS or D-HH:MM:SS\n"
             "  --cpus-per-task C            #SBATCH --cpus-per-task, 1..1024; each shard trains with\n"
             "                               --threads C unless --threads is given (default 1)\n"
             "  --slurm-cli PATH             zooscope-cli as the compute nodes run it (default: this program's\n"
             "                               path; a name without / is looked up in the nodes' PATH)",
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
