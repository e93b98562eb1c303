#include "zoo/PublicZooImporter.h"

#include "zoo/TorchStateDict.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <array>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>

namespace zooscope {

namespace {

namespace fs = std::filesystem;

std::string readText(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    if (!in)
        throw std::runtime_error(p.string() + ": cannot open");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// "model::nlin" in a flat Ray config, or nested {"model": {"nlin": ...}}.
const Json* lookup(const Json& params, const std::string& key)
{
    if (const Json* v = params.find(key))
        return v;
    const Json* node = &params;
    size_t pos = 0;
    while (node && node->isObject()) {
        const size_t sep = key.find("::", pos);
        const std::string part = key.substr(pos, sep == std::string::npos ? std::string::npos : sep - pos);
        node = node->find(part);
        if (sep == std::string::npos)
            return node;
        pos = sep + 2;
    }
    return nullptr;
}

// The largest epoch or training iteration a public zoo may name: far beyond any real zoo (they train
// 25-100 epochs), small enough that metric rows of that length fit in memory.
constexpr int64_t kMaxEpoch = 100000;

std::string shortNumber(double v)
{
    std::ostringstream s;
    s << v;
    return s.str();
}

// A number of params.json (a JSON number, or a string that is one whole number, as some Ray configs have),
// finite and in [low, high]; `integer` also asks for a whole number. Messages name the file and the key.
double numberOf(const Json& params, const std::string& key, std::optional<double> fallback, double low = -HUGE_VAL,
                double high = HUGE_VAL, bool integer = false)
{
    const Json* v = lookup(params, key);
    if (!v || v->isNull()) {
        if (fallback)
            return *fallback;
        throw std::runtime_error("params.json has no \"" + key + "\"");
    }
    double x = 0;
    if (v->isString()) {
        const std::string& s = v->string();
        size_t used = 0;
        try {
            x = std::stod(s, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used == 0 || used != s.size())
            throw std::runtime_error("params.json \"" + key + "\" is the string \"" + s.substr(0, 40) + "\", not a number");
    } else if (v->isNumber()) {
        x = v->number();
    } else {
        throw std::runtime_error("params.json \"" + key + "\" is not a number");
    }
    if (!std::isfinite(x))
        throw std::runtime_error("params.json \"" + key + "\" is " + shortNumber(x) + ", not a finite number");
    if (x < low || x > high)
        throw std::runtime_error("params.json \"" + key + "\" = " + shortNumber(x) + " is outside [" + shortNumber(low) +
                                 ", " + shortNumber(high) + "]");
    if (integer && std::floor(x) != x)
        throw std::runtime_error("params.json \"" + key + "\" = " + shortNumber(x) + " is not a whole number");
    return x;
}

std::string stringOf(const Json& params, const std::string& key)
{
    const Json* v = lookup(params, key);
    if (!v || !v->isString())
        throw std::runtime_error("params.json has no string \"" + key + "\"");
    return v->string();
}

std::string lower(std::string s)
{
    for (auto& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string guessDataset(const Json& params)
{
    const Json* v = lookup(params, "dataset::dump");
    if (!v || !v->isString())
        return "unknown";
    const std::string s = lower(v->string());
    if (s.find("fashion") != std::string::npos || s.find("fmnist") != std::string::npos || s.find("f-mnist") != std::string::npos)
        return "fashion-mnist";
    if (s.find("mnist") != std::string::npos)
        return "mnist";
    if (s.find("cifar") != std::string::npos)
        return "cifar10";
    if (s.find("svhn") != std::string::npos)
        return "svhn";
    if (s.find("stl") != std::string::npos)
        return "stl10";
    return "unknown";
}

// checkpoint_<digits> folders holding a `checkpoints` file: epoch -> path.
std::map<int64_t, fs::path> checkpointFiles(const fs::path& model)
{
    std::map<int64_t, fs::path> out;
    for (const auto& e : fs::directory_iterator(model)) {
        if (!e.is_directory())
            continue;
        const std::string name = e.path().filename().string();
        if (name.rfind("checkpoint_", 0) != 0)
            continue;
        const std::string digits = name.substr(11);
        if (digits.empty() || !std::all_of(digits.begin(), digits.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
            continue;
        if (digits.size() > 9 || std::stoll(digits) > kMaxEpoch)
            throw std::runtime_error(e.path().string() + ": checkpoint epoch " + digits + " is beyond " +
                                     std::to_string(kMaxEpoch));
        const fs::path file = e.path() / "checkpoints";
        if (fs::is_regular_file(file))
            out[std::stoll(digits)] = file;
    }
    return out;
}

struct ResultLine {
    int64_t iteration = 0;
    float values[6];
};
const char* const kMetricKeys[6] = {"train_loss", "train_acc", "val_loss", "val_acc", "test_loss", "test_acc"};

std::vector<ResultLine> readResults(const fs::path& file)
{
    std::vector<ResultLine> lines;
    if (!fs::exists(file))
        return lines;
    std::istringstream in(readText(file));
    std::string line;
    int lineNo = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        if (line.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        Json j;
        try {
            j = Json::parse(line);
        } catch (const std::runtime_error& e) {
            throw std::runtime_error(file.string() + ": line " + std::to_string(lineNo) + ": " + e.what());
        }
        const auto bad = [&](const std::string& key, const std::string& what) {
            return std::runtime_error(file.string() + ": line " + std::to_string(lineNo) + ": \"" + key + "\" " + what);
        };
        if (!j.isObject())
            throw std::runtime_error(file.string() + ": line " + std::to_string(lineNo) + ": not a JSON object");
        ResultLine r;
        r.iteration = static_cast<int64_t>(lines.size()) + 1;
        if (const Json* it = j.find("training_iteration"); it && !it->isNull()) {
            if (!it->isNumber())
                throw bad("training_iteration", "is not a number");
            const double x = it->number();
            if (!std::isfinite(x) || std::floor(x) != x || x < 0 || x > double(kMaxEpoch))
                throw bad("training_iteration", "= " + shortNumber(x) + " is not a whole number in [0, " +
                                                    std::to_string(kMaxEpoch) + "]");
            r.iteration = static_cast<int64_t>(x);
        }
        // Accuracies are fractions in [0, 1] or percentages in [0, 100]; losses are >= 0. NaN (null, or
        // Python's NaN) means "not measured" or a diverged run and is kept as NaN; infinite losses too
        // (a diverged run). Anything else out of range or not a number means a damaged file.
        for (int k = 0; k < 6; ++k) {
            const Json* v = j.find(kMetricKeys[k]);
            r.values[k] = std::nanf("");
            if (!v || v->isNull())
                continue;
            if (!v->isNumber())
                throw bad(kMetricKeys[k], "is not a number");
            const double x = v->number();
            const bool accuracy = k % 2 == 1;
            if (std::isnan(x))
                continue;
            if (accuracy && !(x >= 0 && x <= 100))
                throw bad(kMetricKeys[k], "= " + shortNumber(x) + " is not an accuracy (a fraction in [0, 1] or a percentage in [0, 100])");
            if (!accuracy && !(x >= 0))
                throw bad(kMetricKeys[k], "= " + shortNumber(x) + " is not a loss (losses are >= 0)");
            r.values[k] = std::isinf(x) ? std::nanf("") : static_cast<float>(x);
        }
        lines.push_back(r);
    }
    std::sort(lines.begin(), lines.end(), [](const ResultLine& a, const ResultLine& b) { return a.iteration < b.iteration; });
    return lines;
}

struct ModelData {
    std::string folder;
    Hyperparameters hp;
    std::map<int64_t, fs::path> checkpoints;
    std::map<int64_t, std::array<float, 6>> metrics; // epoch -> values
};

} // namespace

Hyperparameters PublicZooImporter::parseParams(const Json& params)
{
    if (!params.isObject())
        throw std::runtime_error("params.json is not a JSON object");
    Hyperparameters h;
    try {
        h.activation = activationFromString(stringOf(params, "model::nlin"));
        h.init = initFromString(stringOf(params, "model::init_type"));
        h.optimizer = optimizerFromString(stringOf(params, "optim::optimizer"));
    } catch (const std::invalid_argument& e) {
        throw std::runtime_error(std::string("params.json: ") + e.what());
    }
    h.dropout = numberOf(params, "model::dropout", 0.0, 0.0, 1.0);
    h.learningRate = numberOf(params, "optim::lr", std::nullopt, 0.0, 1e6);
    h.weightDecay = numberOf(params, "optim::wd", 0.0, 0.0, 1e6);
    h.seed = static_cast<uint64_t>(numberOf(params, "seed", 0.0, 0.0, 9007199254740992.0, true));
    h.batchSize = static_cast<int64_t>(numberOf(params, "trainset::batchsize", 10.0, 1.0, 1e7, true));
    // Not used by the import, but a value out of its meaning says the file is damaged.
    for (const char* key : {"training::epochs_train", "training::epochs", "model::channels_in"})
        numberOf(params, key, 0.0, 0.0, double(kMaxEpoch), true);
    return h;
}

ModelZoo PublicZooImporter::import(const std::string& dir, const ImportOptions& options, ImportReport* reportOut,
                                   const Progress& progress)
{
    ImportReport report;
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        throw std::runtime_error(dir + ": zoo directory not found");

    std::vector<fs::path> folders;
    for (const auto& e : fs::directory_iterator(dir)) {
        if (e.is_directory() && fs::is_regular_file(e.path() / "params.json"))
            folders.push_back(e.path());
    }
    std::sort(folders.begin(), folders.end());
    report.modelFolders = static_cast<int64_t>(folders.size());
    if (folders.empty())
        throw std::runtime_error(dir + ": no model folders (sub-folders with a params.json) found");

    // Pass 1: configs, checkpoint lists and metrics of every model folder.
    std::vector<ModelData> models;
    std::string datasetId = options.datasetId;
    std::set<int64_t> allEpochs;
    for (const auto& folder : folders) {
        ModelData m;
        m.folder = folder.filename().string();
        try {
            const fs::path paramsFile = folder / "params.json";
            Json params;
            try {
                params = Json::parse(readText(paramsFile));
            } catch (const std::runtime_error& e) {
                throw std::runtime_error(paramsFile.string() + ": " + e.what());
            }
            m.hp = parseParams(params);
            if (datasetId.empty())
                datasetId = guessDataset(params);
            m.checkpoints = checkpointFiles(folder);
            if (m.checkpoints.empty())
                throw std::runtime_error("no checkpoint_<epoch>/checkpoints files");
            const auto lines = readResults(folder / "result.json");
            const int64_t maxCk = m.checkpoints.rbegin()->first;
            const bool indexIsEpoch = m.checkpoints.count(0) && static_cast<int64_t>(lines.size()) == maxCk + 1;
            float maxAcc = 0.0f;
            for (const auto& l : lines)
                for (int k : {1, 3, 5})
                    if (!std::isnan(l.values[k]))
                        maxAcc = std::max(maxAcc, l.values[k]);
            const float accScale = maxAcc > 1.0f + 1e-6f ? 0.01f : 1.0f; // percent -> fraction
            for (size_t i = 0; i < lines.size(); ++i) {
                const int64_t epoch = indexIsEpoch ? static_cast<int64_t>(i) : lines[i].iteration;
                std::array<float, 6> v;
                for (int k = 0; k < 6; ++k)
                    v[k] = (k % 2 == 1) ? lines[i].values[k] * accScale : lines[i].values[k];
                m.metrics[epoch] = v;
            }
        } catch (const std::exception& e) {
            report.messages.push_back("skipped model " + m.folder + ": " + e.what());
            continue;
        }
        for (const auto& [epoch, path] : m.checkpoints)
            allEpochs.insert(epoch);
        models.push_back(std::move(m));
    }
    if (models.empty())
        throw std::runtime_error(dir + ": no model could be imported (first problem: " +
                                 (report.messages.empty() ? std::string("?") : report.messages.front()) + ")");

    ModelZoo zoo;
    zoo.datasetId = datasetId.empty() ? "unknown" : datasetId;
    zoo.checkpointEpochs = options.epochs.empty() ? std::vector<int64_t>(allEpochs.begin(), allEpochs.end()) : options.epochs;
    std::sort(zoo.checkpointEpochs.begin(), zoo.checkpointEpochs.end());
    zoo.checkpointEpochs.erase(std::unique(zoo.checkpointEpochs.begin(), zoo.checkpointEpochs.end()), zoo.checkpointEpochs.end());
    int64_t maxEpoch = zoo.checkpointEpochs.empty() ? 0 : zoo.checkpointEpochs.back();
    for (const auto& m : models)
        if (!m.metrics.empty())
            maxEpoch = std::max(maxEpoch, m.metrics.rbegin()->first);
    zoo.epochs = maxEpoch;

    // The architecture from the first readable checkpoint.
    bool haveArchitecture = false;
    for (const auto& m : models) {
        try {
            zoo.architecture = TorchStateDict::detectArchitecture(TorchStateDict::read(m.checkpoints.begin()->second.string()));
            haveArchitecture = true;
            break;
        } catch (const std::exception& e) {
            report.messages.push_back(std::string("cannot read ") + m.checkpoints.begin()->second.string() + ": " + e.what());
        }
    }
    if (!haveArchitecture)
        throw std::runtime_error(dir + ": no checkpoint could be read to find the architecture");

    // Pass 2: weights.
    const int64_t c = zoo.checkpointCount();
    const int64_t p = zoo.parameterCount();
    const size_t perMetric = static_cast<size_t>(zoo.epochs + 1);
    std::vector<float>* metrics[6] = {&zoo.trainLoss, &zoo.trainAccuracy, &zoo.validationLoss,
                                      &zoo.validationAccuracy, &zoo.testLoss, &zoo.testAccuracy};
    const float nan = std::nanf("");
    int64_t done = static_cast<int64_t>(folders.size() - models.size());
    for (auto& m : models) {
        std::vector<float> w(static_cast<size_t>(c * p), nan);
        bool failed = false;
        for (int64_t ci = 0; ci < c && !failed; ++ci) {
            const int64_t epoch = zoo.checkpointEpochs[ci];
            const auto it = m.checkpoints.find(epoch);
            if (it == m.checkpoints.end()) {
                ++report.checkpointsMissing;
                report.messages.push_back("model " + m.folder + ": no checkpoint at epoch " + std::to_string(epoch));
                continue;
            }
            std::vector<float> flat;
            try {
                const auto sd = TorchStateDict::read(it->second.string());
                flat = TorchStateDict::toFlat(zoo.architecture, sd);
            } catch (const std::exception& e) {
                report.messages.push_back("skipped model " + m.folder + ": " + e.what());
                failed = true;
                break;
            }
            ++report.checkpointsRead;
            float maxAbs = 0.0f;
            bool nonFinite = false;
            for (float x : flat) {
                if (!std::isfinite(x))
                    nonFinite = true;
                else
                    maxAbs = std::max(maxAbs, std::abs(x));
            }
            if (nonFinite || (options.maxAbs > 0 && maxAbs > options.maxAbs)) {
                ++report.checkpointsDropped;
                report.messages.push_back("dropped model " + m.folder + " epoch " + std::to_string(epoch) + ": " +
                                          (nonFinite ? std::string("NaN/inf weights") : "max |w| " + shortNumber(maxAbs) + " > " + shortNumber(options.maxAbs)));
                continue;
            }
            std::copy(flat.begin(), flat.end(), w.begin() + ci * p);
        }
        ++done;
        progress.report(static_cast<double>(done) / static_cast<double>(folders.size()), "importing");
        if (failed)
            continue;
        zoo.modelIds.push_back(static_cast<int64_t>(zoo.modelIds.size()));
        zoo.modelSources.push_back(m.folder);
        zoo.hyperparameters.push_back(m.hp);
        zoo.weights.insert(zoo.weights.end(), w.begin(), w.end());
        for (int k = 0; k < 6; ++k) {
            std::vector<float> row(perMetric, nan);
            for (const auto& [epoch, values] : m.metrics)
                if (epoch >= 0 && epoch <= zoo.epochs)
                    row[static_cast<size_t>(epoch)] = values[k];
            metrics[k]->insert(metrics[k]->end(), row.begin(), row.end());
        }
    }
    report.modelsImported = zoo.modelCount();
    if (zoo.modelCount() == 0)
        throw std::runtime_error(dir + ": no model could be imported (first problem: " +
                                 (report.messages.empty() ? std::string("?") : report.messages.front()) + ")");
    // Model ids follow the imported models' order (0..n-1, sorted folder names).
    assignPopulationSplit(zoo, 42);
    zoo.validate();
    if (reportOut)
        *reportOut = std::move(report);
    return zoo;
}

} // namespace zooscope
