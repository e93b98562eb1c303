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

double numberOf(const Json& params, const std::string& key, std::optional<double> fallback)
{
    const Json* v = lookup(params, key);
    if (!v || v->isNull()) {
        if (fallback)
            return *fallback;
        throw std::runtime_error("params.json has no \"" + key + "\"");
    }
    if (v->isString()) {
        try {
            return std::stod(v->string());
        } catch (const std::exception&) {
        }
    }
    if (!v->isNumber())
        throw std::runtime_error("params.json \"" + key + "\" is not a number");
    return v->number();
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
        ResultLine r;
        r.iteration = j.contains("training_iteration") && j.at("training_iteration").isNumber()
                          ? j.at("training_iteration").integer()
                          : static_cast<int64_t>(lines.size()) + 1;
        for (int k = 0; k < 6; ++k) {
            const Json* v = j.find(kMetricKeys[k]);
            r.values[k] = v && v->isNumber() ? static_cast<float>(v->number()) : std::nanf("");
        }
        lines.push_back(r);
    }
    std::sort(lines.begin(), lines.end(), [](const ResultLine& a, const ResultLine& b) { return a.iteration < b.iteration; });
    return lines;
}

std::string shortNumber(double v)
{
    std::ostringstream s;
    s << v;
    return s.str();
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
    h.dropout = numberOf(params, "model::dropout", 0.0);
    h.learningRate = numberOf(params, "optim::lr", std::nullopt);
    h.weightDecay = numberOf(params, "optim::wd", 0.0);
    const double seed = numberOf(params, "seed", 0.0);
    h.seed = static_cast<uint64_t>(std::max(0.0, seed));
    h.batchSize = static_cast<int64_t>(numberOf(params, "trainset::batchsize", 10.0));
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
            const Json params = Json::parse(readText(folder / "params.json"));
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
