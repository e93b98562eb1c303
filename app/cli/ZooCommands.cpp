#include "app/cli/ZooCommands.h"
#include "app/cli/PathChecks.h"

#include "core/EngineInfo.h"
#include "core/Json.h"
#include "core/Progress.h"
#include "hyperrep/ZooFileUpgrade.h"
#include "zoo/PublicZooImporter.h"
#include "zoo/ZooExporter.h"
#include "zoo/ZooFile.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <map>
#include <memory>
#include <ostream>
#include <set>
#include <sstream>

namespace zooscope::cli {

namespace {

// "label: 10% ... 100%" in steps of 10%, one line each (readable in logs as well as on a terminal), with
// a label per stage of the operation (the stage names that ZooFile, PublicZooImporter and ZooExporter
// report).
Progress printedProgress(std::ostream& err, std::map<std::string, std::string> labels)
{
    struct State {
        std::string stage;
        int last = -1;
    };
    auto state = std::make_shared<State>();
    return Progress([&err, labels = std::move(labels), state](const ProgressUpdate& u) {
        if (u.stage != state->stage) {
            state->stage = u.stage;
            state->last = -1;
        }
        const auto label = labels.find(u.stage);
        if (label == labels.end())
            return;
        const int step = static_cast<int>(std::floor(std::clamp(u.fraction, 0.0, 1.0) * 10.0));
        if (step == state->last)
            return;
        state->last = step;
        err << label->second << ": " << step * 10 << "%\n" << std::flush;
    });
}

struct Stats {
    int64_t count = 0;
    double mean = NAN, std = NAN, min = NAN, max = NAN;
};

Stats statsOf(const std::vector<float>& values)
{
    Stats s;
    double sum = 0, sq = 0;
    for (float v : values) {
        if (std::isnan(v))
            continue;
        if (s.count == 0)
            s.min = s.max = v;
        s.min = std::min<double>(s.min, v);
        s.max = std::max<double>(s.max, v);
        sum += v;
        ++s.count;
    }
    if (s.count == 0)
        return s;
    s.mean = sum / static_cast<double>(s.count);
    for (float v : values)
        if (!std::isnan(v))
            sq += (v - s.mean) * (v - s.mean);
    s.std = std::sqrt(sq / static_cast<double>(s.count));
    return s;
}

Json numberOrNull(double v) { return std::isnan(v) ? Json() : Json(v); }

template <typename T, typename F>
std::vector<T> distinct(const ModelZoo& zoo, F get)
{
    std::set<T> values;
    for (const auto& h : zoo.hyperparameters)
        values.insert(get(h));
    return {values.begin(), values.end()};
}

int runInfo(const Arguments& args, std::ostream& out, std::ostream&)
{
    args.allowOnly({"json"});
    if (args.positionals().size() != 1)
        throw UsageError("expects one zoo file");
    const std::string path = args.positionals()[0];
    PathChecks::inputFile(path, "zoo file");
    const ModelZoo zoo = ZooFile::readSummary(path);

    Json hp = Json::object();
    {
        Json a = Json::array();
        for (auto v : distinct<int>(zoo, [](const Hyperparameters& h) { return static_cast<int>(h.activation); }))
            a.push(toString(static_cast<Activation>(v)));
        hp["activation"] = a;
        Json i = Json::array();
        for (auto v : distinct<int>(zoo, [](const Hyperparameters& h) { return static_cast<int>(h.init); }))
            i.push(toString(static_cast<Init>(v)));
        hp["init"] = i;
        Json o = Json::array();
        for (auto v : distinct<int>(zoo, [](const Hyperparameters& h) { return static_cast<int>(h.optimizer); }))
            o.push(toString(static_cast<Optimizer>(v)));
        hp["optimizer"] = o;
        hp["dropout"] = Json::arrayOf(distinct<double>(zoo, [](const Hyperparameters& h) { return h.dropout; }));
        hp["lr"] = Json::arrayOf(distinct<double>(zoo, [](const Hyperparameters& h) { return h.learningRate; }));
        hp["weight_decay"] = Json::arrayOf(distinct<double>(zoo, [](const Hyperparameters& h) { return h.weightDecay; }));
        hp["batch_size"] = Json::arrayOf(distinct<long long>(zoo, [](const Hyperparameters& h) { return static_cast<long long>(h.batchSize); }));
        hp["seed"] = Json::arrayOf(distinct<unsigned long long>(zoo, [](const Hyperparameters& h) { return static_cast<unsigned long long>(h.seed); }));
    }
    std::set<std::tuple<int, int, int, double, double, double, int64_t>> configs;
    for (const auto& h : zoo.hyperparameters)
        configs.insert({static_cast<int>(h.activation), static_cast<int>(h.init), static_cast<int>(h.optimizer), h.dropout,
                        h.learningRate, h.weightDecay, h.batchSize});

    std::map<std::string, int64_t> splitCounts = {{"train", 0}, {"val", 0}, {"test", 0}};
    for (auto s : zoo.split)
        ++splitCounts[toString(s)];

    std::vector<std::pair<int64_t, Stats>> accuracy;
    for (int64_t e : zoo.checkpointEpochs) {
        std::vector<float> v;
        for (int64_t m = 0; m < zoo.modelCount(); ++m)
            v.push_back(zoo.metricAt(zoo.testAccuracy, m, e));
        accuracy.emplace_back(e, statsOf(v));
    }

    if (args.has("json")) {
        Json j = Json::object();
        j["file"] = path;
        j["format"] = ZooFile::kFormat;
        j["schema_version"] = Json(static_cast<long long>(ZooFile::kSchemaVersion));
        j["zooscope_version"] = zoo.createdWithVersion;
        j["created_by"] = zoo.createdBy;
        j["dataset"] = zoo.datasetId;
        j["architecture"] = zoo.architecture.name;
        j["input_channels"] = Json(static_cast<long long>(zoo.architecture.inputChannels));
        j["models"] = Json(static_cast<long long>(zoo.modelCount()));
        j["parameters"] = Json(static_cast<long long>(zoo.parameterCount()));
        j["epochs"] = Json(static_cast<long long>(zoo.epochs));
        j["checkpoints"] = Json::arrayOf(zoo.checkpointEpochs);
        j["configurations"] = Json(static_cast<long long>(configs.size()));
        j["hyperparameters"] = hp;
        Json split = Json::object();
        for (const auto& [k, n] : splitCounts)
            split[k] = Json(static_cast<long long>(n));
        j["split"] = split;
        Json acc = Json::object();
        for (const auto& [e, s] : accuracy) {
            Json o = Json::object();
            o["mean"] = numberOrNull(s.mean);
            o["std"] = numberOrNull(s.std);
            o["min"] = std::isnan(s.min) ? Json() : Json(static_cast<float>(s.min)); // a stored float32 value
            o["max"] = std::isnan(s.max) ? Json() : Json(static_cast<float>(s.max));
            o["count"] = Json(static_cast<long long>(s.count));
            acc[std::to_string(e)] = o;
        }
        j["test_acc"] = acc;
        out << j.dump(2) << "\n";
        return 0;
    }

    out << path << "\n"
        << "  architecture   " << zoo.architecture.name << " (" << zoo.architecture.inputChannels << " input channels, "
        << zoo.parameterCount() << " parameters)\n"
        << "  dataset        " << zoo.datasetId << "\n"
        << "  models         " << zoo.modelCount() << " (" << configs.size() << " configurations; split train "
        << splitCounts["train"] << " / val " << splitCounts["val"] << " / test " << splitCounts["test"] << ")\n"
        << "  epochs         " << zoo.epochs << "\n"
        << "  checkpoints    ";
    for (size_t i = 0; i < zoo.checkpointEpochs.size(); ++i)
        out << (i ? ", " : "") << zoo.checkpointEpochs[i];
    out << "\n  created by     " << zoo.createdBy << "\n"
        << "  ZooScope       " << zoo.createdWithVersion << "\n"
        << "  hyperparameters\n";
    for (const auto& [name, values] : hp.members()) {
        out << "    " << std::left << std::setw(14) << name << std::right;
        const size_t n = values.size();
        for (size_t i = 0; i < std::min<size_t>(n, 12); ++i)
            out << (i ? ", " : "") << (values[i].isString() ? values[i].string() : values[i].dump());
        if (n > 12)
            out << ", ... (" << n << " values)";
        out << "\n";
    }
    out << "  test accuracy per checkpoint epoch (%)\n"
        << "    epoch    mean     std     min     max  models\n";
    for (const auto& [e, s] : accuracy) {
        out << "    " << std::setw(5) << e << std::fixed << std::setprecision(2) << std::setw(8) << s.mean * 100
            << std::setw(8) << s.std * 100 << std::setw(8) << s.min * 100 << std::setw(8) << s.max * 100 << std::setw(8)
            << s.count << "\n";
        out.unsetf(std::ios::fixed);
    }
    return 0;
}

int runImport(const Arguments& args, std::ostream& out, std::ostream& err)
{
    args.allowOnly({"out", "max-abs", "dataset", "epochs"});
    if (args.positionals().size() != 1)
        throw UsageError("expects one directory of model folders");
    const std::string dir = args.positionals()[0];
    const std::string file = args.required("out");
    ImportOptions options;
    options.maxAbs = args.number("max-abs", 5.0, 0, OptionLimits::kMaxAbs);
    options.datasetId = args.value("dataset");
    options.epochs = args.integerList("epochs", {.min = 0, .max = OptionLimits::kEpoch});
    PathChecks::inputFolder(dir, "folder of model folders");
    PathChecks::outputFile(file, "out");
    const Progress progress = printedProgress(err, {{"importing", "importing " + dir}, {"writing", "writing " + file}});
    ImportReport report;
    ModelZoo zoo = PublicZooImporter::import(dir, options, &report, progress);
    zoo.createdBy = invocation();
    zoo.createdWithVersion = EngineInfo::version();
    ZooFile::write(zoo, file, progress);

    out << "imported " << report.modelsImported << " of " << report.modelFolders << " model folders ("
        << zoo.architecture.name << ", dataset " << zoo.datasetId << ", " << zoo.checkpointCount() << " checkpoints) into "
        << file << "\n"
        << "checkpoints: " << report.checkpointsRead << " read, " << report.checkpointsDropped << " dropped (NaN or |w| > "
        << options.maxAbs << "), " << report.checkpointsMissing << " missing\n";
    const size_t shown = std::min<size_t>(report.messages.size(), 20);
    for (size_t i = 0; i < shown; ++i)
        out << "  " << report.messages[i] << "\n";
    if (report.messages.size() > shown)
        out << "  ... and " << report.messages.size() - shown << " more\n";
    return 0;
}

int runExport(const Arguments& args, std::ostream& out, std::ostream& err)
{
    args.allowOnly({"out", "ids", "random", "seed", "epoch"});
    if (args.positionals().size() != 1)
        throw UsageError("expects one zoo file");
    const std::string path = args.positionals()[0];
    const std::string dir = args.required("out");
    const int64_t epoch = args.integer("epoch", -1, 0, OptionLimits::kEpoch);
    if (args.has("ids") && args.has("random"))
        throw UsageError("give either --ids or --random, not both");
    if (args.has("seed") && !args.has("random"))
        throw UsageError("--seed only goes with --random");
    const std::vector<int64_t> listed = args.integerList("ids", {.min = 0});
    const long long random = args.integer("random", 0, 1, 100'000'000);
    const auto seed = static_cast<uint64_t>(args.integer("seed", 0, 0, OptionLimits::kSeed));
    PathChecks::inputFile(path, "zoo file");
    PathChecks::outputFolder(dir, "out");
    // Ids and the epoch are checked against the zoo's summary: one the zoo lacks is the user's to fix.
    const ModelZoo summary = ZooFile::readSummary(path);
    if (epoch >= 0 && summary.checkpointIndex(epoch) < 0) {
        std::string known;
        for (int64_t e : summary.checkpointEpochs)
            known += (known.empty() ? "" : ", ") + std::to_string(e);
        throw UsageError("option --epoch: no checkpoint at epoch " + std::to_string(epoch) + " (checkpoints: " + known + ")");
    }
    std::vector<int64_t> ids;
    if (args.has("ids")) {
        ids = listed;
        for (int64_t id : ids)
            if (std::find(summary.modelIds.begin(), summary.modelIds.end(), id) == summary.modelIds.end())
                throw UsageError("option --ids: no model with id " + std::to_string(id) + " in " + path);
    } else {
        if (args.has("random")) {
            if (random > summary.modelCount())
                throw UsageError("option --random: expects 1.." + std::to_string(summary.modelCount()) +
                                 " (the zoo's models), got " + std::to_string(random));
            ids = ZooExporter::randomIds(summary, random, seed);
        } else {
            ids = summary.modelIds;
        }
    }
    const ModelZoo subset = ZooFile::readSubset(path, ids, epoch);
    const auto exported = ZooExporter::exportModels(subset, ids, subset.checkpointEpochs.front(), dir,
                                                    printedProgress(err, {{"exporting", "exporting to " + dir}}));
    out << "exported " << exported.size() << " models at epoch " << subset.checkpointEpochs.front() << " to " << dir
        << " (<id>.pt + <id>.json)\n";
    return 0;
}

int runMerge(const Arguments& args, std::ostream& out, std::ostream& err)
{
    args.allowOnly({});
    if (args.positionals().size() < 2)
        throw UsageError("expects the output file and at least one shard");
    const std::string target = args.positionals()[0];
    PathChecks::outputFile(target, "");
    for (size_t i = 1; i < args.positionals().size(); ++i)
        PathChecks::inputFile(args.positionals()[i], "zoo shard");
    std::vector<ModelZoo> shards;
    for (size_t i = 1; i < args.positionals().size(); ++i) {
        const std::string& shard = args.positionals()[i];
        if (shard == target)
            throw UsageError("the output file " + target + " is also given as a shard");
        shards.push_back(ZooFile::read(shard, printedProgress(err, {{"reading", "reading " + shard}})));
    }
    ModelZoo merged = ZooFile::merge(shards);
    merged.createdWithVersion = EngineInfo::version();
    ZooFile::write(merged, target, printedProgress(err, {{"writing", "writing " + target}}));
    out << "merged " << shards.size() << " shards into " << target << ": " << merged.modelCount() << " models, "
        << merged.checkpointCount() << " checkpoints\n";
    return 0;
}

int runUpgrade(const Arguments& args, std::ostream& out, std::ostream&)
{
    args.allowOnly({"out"});
    if (args.positionals().size() != 1)
        throw UsageError("expects one zoo file");
    const std::string path = args.positionals()[0];
    const std::string target = args.required("out");
    const ZooFileUpgrade::Result r = ZooFileUpgrade::upgrade(path, target);
    out << "upgraded " << path << " (HDF5 superblock v" << r.superblockBefore
        << (r.superblockBefore >= 2 ? ", already checksummed" : ", metadata without checksums") << ") to " << target
        << " (superblock v" << r.superblockAfter << ", checksummed metadata, Fletcher-32 on every chunk)";
    if (!r.embeddings.empty())
        out << " with " << r.embeddings.size() << " embedding" << (r.embeddings.size() == 1 ? "" : "s");
    out << "\n";
    return 0;
}

} // namespace

void addZooCommands(CommandLine& cli)
{
    cli.add({"zoo info", "summarise a zoo file (models, checkpoints, hyperparameters, accuracy)",
             "Usage: zooscope-cli zoo info FILE [--json]\n\n"
             "Prints the architecture, dataset, models, checkpoint epochs, the distinct values of each\n"
             "hyperparameter and test accuracy statistics (mean, std, min, max) per checkpoint epoch.\n"
             "  --json   one JSON object: models, parameters, checkpoints, hyperparameters (name -> values),\n"
             "           test_acc (epoch -> {mean, std, min, max, count}, accuracies 0..1), split, ...",
             runInfo,
             {"json"}});
    cli.add({"zoo import", "import a zoo in the public layout (model folders with params.json, result.json, checkpoints)",
             "Usage: zooscope-cli zoo import DIR --out FILE [--max-abs 5] [--dataset ID] [--epochs 0,5,10]\n\n"
             "DIR holds one folder per model: params.json, result.json (JSON lines per epoch) and\n"
             "checkpoint_<epoch>/checkpoints (torch.save'd state dicts).\n"
             "  --out FILE      the zoo file to write (HDF5)\n"
             "  --max-abs X     drop checkpoints with NaN or any |w| > X, 0..1e6 (default 5; 0 keeps all finite)\n"
             "  --dataset ID    dataset id (default: guessed from params.json)\n"
             "  --epochs LIST   checkpoint epochs to import, each 0..100000 (default: all)",
             runImport,
             {}});
    cli.add({"zoo export", "export models as PyTorch state dicts (<id>.pt) with their metrics (<id>.json)",
             "Usage: zooscope-cli zoo export FILE --out DIR [--ids 3,17 | --random N [--seed S]] [--epoch E]\n\n"
             "  --out DIR       output folder: an existing one, or a new one in an existing folder\n"
             "  --ids LIST      model ids to export, each >= 0 (default: all models)\n"
             "  --random N      N models drawn at random, 1..the zoo's models (--seed S, 0..2^63-1, default 0)\n"
             "  --epoch E       checkpoint epoch, 0..100000 (default: the last checkpoint)",
             runExport,
             {}});
    cli.add({"zoo merge", "join zoo shards (made with --shard i/n) into one zoo file",
             "Usage: zooscope-cli zoo merge OUT SHARD...\n\n"
             "The shards must share architecture, dataset, epochs and checkpoint epochs and have distinct\n"
             "model ids; the population split is assigned afresh over all models (seed 42).",
             runMerge,
             {}});
    cli.add({"zoo upgrade", "rewrite a zoo file from before checksummed metadata in the current format",
             "Usage: zooscope-cli zoo upgrade FILE --out NEW\n\n"
             "Zoo files written by earlier ZooScope builds (HDF5 superblock v0/v1, variable-length strings) have no\n"
             "checksums on their metadata; ZooScope reads them whole in a child process before opening them.\n"
             "NEW holds the same zoo and embeddings with checksummed metadata (HDF5 1.10 format) and a\n"
             "Fletcher-32 checksum on every data chunk, and opens without that check. NEW may be FILE.\n"
             "  --out NEW   the file to write (atomically)",
             runUpgrade,
             {}});
}

} // namespace zooscope::cli
