#include "app/cli/SampleCommands.h"
#include "app/cli/CommandInputs.h"
#include "app/cli/InterruptGuard.h"
#include "app/cli/MpiCommunicator.h"
#include "app/cli/PathChecks.h"

#include "core/AtomicFile.h"
#include "zoo/DatasetLoader.h"
#include "hyperrep/HyperRepresentation.h"
#include "sampling/ModelSampler.h"
#include "sampling/NoveltyReferenceStore.h"
#include "sampling/SamplingReport.h"
#include "zoo/ZooFile.h"

#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <optional>
#include <ostream>
#include <sstream>

namespace zooscope::cli {

namespace {

namespace fs = std::filesystem;

std::string clock(double seconds)
{
    if (!(seconds >= 0))
        return "?";
    const long s = long(std::lround(seconds));
    std::ostringstream o;
    if (s >= 3600)
        o << s / 3600 << "h " << std::setw(2) << std::setfill('0') << (s % 3600) / 60 << "m";
    else
        o << s / 60 << "m " << std::setw(2) << std::setfill('0') << s % 60 << "s";
    return o.str();
}

const char* kSampleUsage =
    "Usage: zooscope-cli sample --zoo ZOO --ae AE --method NAME --n N [--anchors top30|ids:3,17,...]\n"
    "                           [--finetune-epochs 0,1,5] --out GEN.h5 --report REPORT.json [options]\n\n"
    "Generates N new models: anchors -> latents -> sampler -> decode -> batched evaluation ->\n"
    "fine-tuning of all models together with the anchors' recipe -> novelty against the training\n"
    "population. GEN.h5 is a zoo file (one checkpoint per fine-tuning epoch) that `zoo info`,\n"
    "`zoo export` and the GUI open like any zoo. Progress goes to stderr; Ctrl-C stops. Under mpirun\n"
    "or srun the ranks split decoding, testing, fine-tuning and novelty; rank 0 writes the same files as\n"
    "one process with the same --threads (docs/cluster-mpi.md).\n\n"
    "Methods (samplers need --ae; baselines do not):\n"
    "  kde-paper    the public code's KDE as it runs (shared anchor and noise draw, bandwidth 0.002)\n"
    "  kde          true multivariate KDE: anchor + h * N(0, I), h by Scott's rule unless --bandwidth\n"
    "  gauss        one Gaussian with the anchors' full covariance\n"
    "  gmm          Gaussian mixture (--components K, default 5)\n"
    "  neigh        uniform in the bounding box of a 3-D PCA projection of the anchors, mapped back\n"
    "  uniform      z ~ U(-1, 1)^d\n"
    "  noise        baseline: anchor weights + N(0, sigma^2) (--sigma, default 0.02)\n"
    "  random-init  baseline B_T: new models with the zoo's recipe\n"
    "  zoo          baseline B_F: the anchors themselves, fine-tuned\n\n"
    "Options:\n"
    "  --anchors SEL          top30 (default; top P% of the training population's checkpoints by\n"
    "                         test accuracy), all, ids:3,17 (last checkpoint) or ids:3@5,17@10\n"
    "  --n N                  models to generate, 1..10000\n"
    "  --finetune-epochs LIST epochs at which accuracy is recorded, each 0..1000 (default 0,1,5;\n"
    "                         0 = as generated)\n"
    "  --bandwidth H          KDE bandwidth, 1e-12..100 (kde-paper default 0.002; kde default by the rule)\n"
    "  --bandwidth-rule R     scott (default) or silverman, for kde without --bandwidth\n"
    "  --components K         gmm components, 1..1000 (default 5)\n"
    "  --sigma S              noise baseline sigma, 0..10 (default 0.02)\n"
    "  --seed N               draws, noise, new models' seeds, 0..2^63-1 (default 1)\n"
    "  --data DIR             the zoo's dataset as IDX files (default: built-in Fashion-MNIST)\n"
    "  --transfer DIR         fine-tune and evaluate on this dataset instead (IDX files; same image size;\n"
    "                         the dataset is named after the directory, e.g. tests/data/mnist -> mnist)\n"
    "  --finetune-images-per-class N\n"
    "                         few-shot: fine-tune on only N >= 1 training images of each class (the same\n"
    "                         images in every run); test accuracy is still on all test images\n"
    "  --no-novelty           skip the novelty measurement\n"
    "  --novelty-epochs LIST  training-population checkpoint epochs to compare with, each 0..100000\n"
    "                         (default: all)\n"
    "  --no-cache             test the novelty references anew, without the cache that keeps their\n"
    "                         test results between runs ($XDG_CACHE_HOME/zooscope/novelty)\n"
    "  --markdown FILE        also write the report as Markdown\n"
    "  --threads T            worker threads, 1..1024 (default: all cores)\n"
    "GEN.h5, REPORT.json and FILE must be in existing writable folders (checked before any work).";

int runSample(const Arguments& args, std::ostream& out, std::ostream& err)
{
    args.allowOnly({"zoo", "ae", "method", "n", "anchors", "finetune-epochs", "out", "report", "bandwidth", "bandwidth-rule",
                    "components", "sigma", "seed", "data", "transfer", "finetune-images-per-class", "no-novelty", "no-cache", "novelty-epochs", "markdown", "threads"});
    SamplingOptions o;
    try {
        o.method = samplingMethodFromString(args.required("method"));
        o.anchors = AnchorSelection::parse(args.value("anchors", "top30"));
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
    const std::string zooPath = args.required("zoo");
    const std::string outPath = args.required("out");
    const std::string reportPath = args.value("report");
    o.count = args.integer("n", 100, 1, 10000);
    o.finetuneEpochs = args.integerList("finetune-epochs", {.min = 0, .max = 1000}, {0, 1, 5});
    o.sampler.bandwidth = args.number("bandwidth", -1, 1e-12, 100);
    try {
        o.sampler.bandwidthRule = bandwidthRuleNames().parse(args.value("bandwidth-rule", "scott"));
    } catch (const std::invalid_argument& e) {
        throw UsageError(std::string("option --bandwidth-rule: ") + e.what());
    }
    o.sampler.gmmComponents = int(args.integer("components", 5, 1, 1000));
    o.noiseSigma = args.number("sigma", 0.02, 0, 10);
    o.seed = uint64_t(args.integer("seed", 1, 0, OptionLimits::kSeed));
    if (args.has("finetune-images-per-class"))
        o.finetuneImagesPerClass = args.integer("finetune-images-per-class", 0, 1, 1'000'000);
    o.threads = int(args.integer("threads", 0, 1, OptionLimits::kThreads)); // 0: all cores
    o.measureNovelty = !args.has("no-novelty");
    o.noveltyReferenceEpochs = args.integerList("novelty-epochs", {.min = 0, .max = OptionLimits::kEpoch});
    if (!args.has("no-cache"))
        o.noveltyStoreDirectory = NoveltyReferenceStore::defaultDirectory();
    if (!args.has("novelty-epochs"))
        o.noveltyReferenceEpochs.clear();

    std::optional<HyperRepresentation> hyper;
    if (needsHyperRepresentation(o.method)) {
        if (!args.has("ae"))
            throw UsageError("method '" + toString(o.method) + "' samples a hyper-representation: give --ae AE");
    }
    requireFile(zooPath, "zoo file");
    if (args.has("ae"))
        requireFile(args.value("ae"), "hyper-representation file");
    if (args.has("data"))
        PathChecks::inputFolder(args.value("data"), "dataset directory");
    if (args.has("transfer"))
        PathChecks::inputFolder(args.value("transfer"), "dataset directory");
    PathChecks::outputFile(outPath, "out");
    if (!reportPath.empty())
        PathChecks::outputFile(reportPath, "report");
    if (args.has("markdown"))
        PathChecks::outputFile(args.value("markdown"), "markdown");
    err << "reading " << zooPath << "\n" << std::flush;
    const ModelZoo zoo = ZooFile::read(zooPath);
    if (args.has("ae")) {
        hyper.emplace(readHyperRepresentation(args.value("ae"), zoo, zooPath, true));
    }
    const Dataset data = zooDataset(zoo.datasetId, args.value("data"));
    std::optional<Dataset> transfer;
    if (args.has("transfer")) {
        // "tests/data/mnist/" names the dataset "mnist" too
        fs::path dir = fs::path(args.value("transfer")).lexically_normal();
        if (dir.filename().empty())
            dir = dir.parent_path();
        std::string id = dir.filename().string();
        if (id.empty() || id == "." || id == "..")
            id = fs::weakly_canonical(dir).filename().string();
        transfer = DatasetLoader::idxDirectory(args.value("transfer"), id.empty() ? "transfer" : id);
        o.transferDataset = &*transfer;
    }
    if (o.finetuneImagesPerClass > 0) {
        // a bad value for this dataset (a class with too few images) is a usage error too, before anything is sampled
        const Dataset& fineTuning = transfer ? *transfer : data;
        try {
            DatasetLoader::perClassRows(fineTuning.train, o.finetuneImagesPerClass);
        } catch (const std::invalid_argument& e) {
            throw UsageError("--finetune-images-per-class " + std::to_string(o.finetuneImagesPerClass) + ": dataset '" +
                                     fineTuning.id + "' (training split): " + e.what());
        }
    }

    std::string lastStage;
    auto lastPrint = std::chrono::steady_clock::now() - std::chrono::seconds(10);
    const Progress progress([&](const ProgressUpdate& p) {
        const auto now = std::chrono::steady_clock::now();
        if (p.stage == lastStage && now - lastPrint < std::chrono::seconds(5) && p.fraction < 1.0)
            return;
        lastStage = p.stage;
        lastPrint = now;
        err << p.stage << ": " << std::fixed << std::setprecision(1) << 100.0 * p.fraction << "% | "
            << clock(p.secondsLeft) << " left\n" << std::flush;
    });
    InterruptGuard stopGuard(progress);

    // Under mpirun/srun each rank decodes, tests, fine-tunes and measures its block of models and tests its
    // block of novelty references; rank 0 writes the one-process result.
    Communicator& ranks = MpiCommunicator::current();
    if (ranks.size() > o.count)
        throw UsageError(std::to_string(ranks.size()) + " MPI ranks for " + std::to_string(o.count) +
                         " models: use at most " + std::to_string(o.count) + " ranks");
    o.communicator = &ranks;
    const ModelSampler generator(zoo, data, hyper ? &*hyper : nullptr);
    SamplingResult result;
    try {
        result = generator.generate(o, progress);
    } catch (const OperationCancelled&) {
        err << "stopped: nothing written\n";
        return 130;
    }
    if (!ranks.isRoot())
        return 0;
    result.zoo.createdBy = invocation();
    err << "time per stage";
    if (ranks.size() > 1) // says that the ranks formed one job (each alone would report for itself)
        err << " on " << ranks.size() << " ranks";
    err << ":";
    for (const auto& [stage, seconds] : result.stageSeconds)
        err << " " << stage << " " << std::fixed << std::setprecision(2) << seconds << " s;";
    err << "\n";
    if (result.noveltyReferencesSource == "stored")
        err << "novelty references: " << result.noveltyReferences << " checkpoints' test results from the cache\n";
    err << std::flush;
    ZooFile::write(result.zoo, outPath);

    SamplingReport report;
    report.zoo = zooPath;
    report.hyperRepresentation = args.value("ae");
    report.methods.push_back(MethodStatistics::fromResult(result, o.anchors.toString()));
    report.notes.push_back("`" + invocation() + "`");
    report.compareWithNoise();
    if (!reportPath.empty())
        report.writeJson(reportPath);
    if (args.has("markdown"))
        AtomicFile::write(args.value("markdown"), report.toMarkdown());

    const MethodStatistics& m = report.methods.front();
    out << "generated " << m.models << " models with " << m.label << " from " << m.anchors << " anchors ("
        << m.anchorSelection << ", anchors' mean test accuracy " << std::fixed << std::setprecision(1)
        << m.anchorMeanAccuracy << "%) -> " << outPath << "\n";
    out << "settings of each model: " << m.settingsRule << "\n";
    for (const MethodEpochStatistics& e : m.epochs) {
        out << "epoch " << e.epoch << ": test accuracy " << std::setprecision(1) << e.accuracy.mean << " +- " << e.accuracy.std
            << "% (median " << e.accuracy.median << ", 95% CI " << e.accuracy.ciLow << "-" << e.accuracy.ciHigh << ")";
        if (e.maxIoU.n > 0)
            out << std::setprecision(3) << ", max IoU " << e.maxIoU.mean << ", distance " << std::setprecision(2)
                << e.nearestDistance.mean;
        out << "\n";
    }
    out << "time " << clock(result.seconds) << (reportPath.empty() ? "" : ", report " + reportPath) << "\n";
    return 0;
}

const char* kReportUsage =
    "Usage: zooscope-cli report REPORT.json... [--json ALL.json] [--markdown TABLE.md] [--note TEXT]\n\n"
    "Merges sampling reports (from `zooscope-cli sample --report`, or merged ones) into one report:\n"
    "methods x fine-tuning epochs (mean +- std as in the paper), medians with bootstrap 95% intervals,\n"
    "epoch-0 accuracy relative to the anchors, novelty, and whether each sampler beats the noise\n"
    "baseline on accuracy at equal novelty. Prints the Markdown unless --markdown is given.\n\n"
    "  --json FILE      write the merged report as JSON\n"
    "  --markdown FILE  write the Markdown table to FILE\n"
    "  --note TEXT      add a note (what was used, deviations); text may contain \\n-free sentences";

int runReport(const Arguments& args, std::ostream& out, std::ostream& err)
{
    args.allowOnly({"json", "markdown", "note"});
    if (args.positionals().empty())
        throw UsageError("give at least one report JSON file");
    SamplingReport merged;
    for (const std::string& path : args.positionals())
        requireFile(path, "report");
    if (args.has("json"))
        PathChecks::outputFile(args.value("json"), "json");
    if (args.has("markdown"))
        PathChecks::outputFile(args.value("markdown"), "markdown");
    for (const std::string& path : args.positionals()) {
        const SamplingReport r = SamplingReport::readJson(path);
        if (merged.zoo.empty())
            merged.zoo = r.zoo;
        else if (!r.zoo.empty() && r.zoo != merged.zoo)
            err << "note: " << path << " is of another zoo (" << r.zoo << ")\n";
        if (merged.hyperRepresentation.empty())
            merged.hyperRepresentation = r.hyperRepresentation;
        merged.methods.insert(merged.methods.end(), r.methods.begin(), r.methods.end());
        merged.notes.insert(merged.notes.end(), r.notes.begin(), r.notes.end());
    }
    if (args.has("note"))
        merged.notes.insert(merged.notes.begin(), args.value("note"));
    merged.compareWithNoise();
    if (args.has("json"))
        merged.writeJson(args.value("json"));
    const std::string md = merged.toMarkdown();
    if (args.has("markdown")) {
        AtomicFile::write(args.value("markdown"), md);
        out << "wrote " << args.value("markdown") << " (" << merged.methods.size() << " methods)\n";
    } else {
        out << md;
    }
    return 0;
}

} // namespace

void addSampleCommands(CommandLine& cli)
{
    cli.add({"sample", "generate new models by sampling a hyper-representation (or a baseline), fine-tune, measure novelty",
             kSampleUsage, runSample, {"no-novelty", "no-cache"}});
    cli.add({"report", "merge sampling reports into the paper-style table (methods x fine-tuning epochs)", kReportUsage,
             runReport, {}});
}

} // namespace zooscope::cli
