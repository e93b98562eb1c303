#include "zoo/ZooExporter.h"

#include "zoo/TorchStateDict.h"

#include "core/AtomicFile.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <stdexcept>

namespace zooscope {

namespace {

namespace fs = std::filesystem;

Json metricJson(float v) { return std::isnan(v) ? Json() : Json(v); }

} // namespace

Json ZooExporter::modelJson(const ModelZoo& zoo, int64_t row, int64_t epoch)
{
    const Hyperparameters& h = zoo.hyperparameters.at(static_cast<size_t>(row));
    const int64_t id = zoo.modelIds.at(static_cast<size_t>(row));
    Json j = Json::object();
    j["id"] = Json(static_cast<long long>(id));
    j["epoch"] = Json(static_cast<long long>(epoch));
    j["architecture"] = zoo.architecture.name;
    j["input_channels"] = Json(static_cast<long long>(zoo.architecture.inputChannels));
    j["dataset"] = zoo.datasetId;
    j["activation"] = toString(h.activation);
    j["init"] = toString(h.init);
    j["optimizer"] = toString(h.optimizer);
    j["dropout"] = h.dropout;
    j["lr"] = h.learningRate;
    j["weight_decay"] = h.weightDecay;
    j["seed"] = Json(static_cast<unsigned long long>(h.seed));
    j["batch_size"] = Json(static_cast<long long>(h.batchSize));
    if (!zoo.split.empty())
        j["split"] = toString(zoo.split[static_cast<size_t>(row)]);
    if (!zoo.modelSources.empty())
        j["source"] = zoo.modelSources[static_cast<size_t>(row)];
    j["train_loss"] = metricJson(zoo.metricAt(zoo.trainLoss, row, epoch));
    j["train_acc"] = metricJson(zoo.metricAt(zoo.trainAccuracy, row, epoch));
    j["val_loss"] = metricJson(zoo.metricAt(zoo.validationLoss, row, epoch));
    j["val_acc"] = metricJson(zoo.metricAt(zoo.validationAccuracy, row, epoch));
    j["test_loss"] = metricJson(zoo.metricAt(zoo.testLoss, row, epoch));
    j["test_acc"] = metricJson(zoo.metricAt(zoo.testAccuracy, row, epoch));
    j["state_dict"] = std::to_string(id) + ".pt";
    j["state_dict_keys"] = Json::arrayOf(zoo.architecture.stateDictKeys(h.dropout > 0.0));
    return j;
}

std::vector<ExportedModel> ZooExporter::exportModels(const ModelZoo& zoo, const std::vector<int64_t>& ids, int64_t epoch,
                                                     const std::string& dir,
                                                     const Progress& progress)
{
    if (zoo.checkpointCount() == 0)
        throw std::runtime_error("the zoo has no checkpoints to export");
    if (epoch < 0)
        epoch = zoo.checkpointEpochs.back();
    const int64_t ci = zoo.checkpointIndex(epoch);
    if (ci < 0) {
        std::string list;
        for (int64_t e : zoo.checkpointEpochs)
            list += (list.empty() ? "" : ", ") + std::to_string(e);
        throw std::runtime_error("no checkpoint at epoch " + std::to_string(epoch) + " (checkpoints: " + list + ")");
    }
    std::vector<int64_t> rows;
    for (int64_t id : ids) {
        const int64_t row = zoo.rowOf(id);
        if (row < 0)
            throw std::runtime_error("no model with id " + std::to_string(id) + " in the zoo");
        if (!zoo.hasWeights(row, ci))
            throw std::runtime_error("model " + std::to_string(id) + " has no weights at epoch " + std::to_string(epoch) +
                                     " (dropped or missing on import)");
        rows.push_back(row);
    }
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (!fs::is_directory(dir))
        throw std::runtime_error(dir + ": cannot create the output directory" + (ec ? ": " + ec.message() : ""));

    std::vector<ExportedModel> out;
    for (size_t i = 0; i < rows.size(); ++i) {
        progress.throwIfCancelled();
        const int64_t row = rows[i];
        ExportedModel e;
        e.id = ids[i];
        e.epoch = epoch;
        e.statePath = (fs::path(dir) / (std::to_string(e.id) + ".pt")).string();
        e.jsonPath = (fs::path(dir) / (std::to_string(e.id) + ".json")).string();
        const bool withDropout = zoo.hyperparameters[static_cast<size_t>(row)].dropout > 0.0;
        TorchStateDict::write(TorchStateDict::fromFlat(zoo.architecture, zoo.weightsAt(row, ci), withDropout), e.statePath);
        AtomicFile::write(e.jsonPath, modelJson(zoo, row, epoch).dump(2) + "\n");
        out.push_back(e);
        progress.report(static_cast<double>(i + 1) / static_cast<double>(rows.size()), "exporting");
    }
    return out;
}

std::vector<int64_t> ZooExporter::randomIds(const ModelZoo& zoo, int64_t n, uint64_t seed)
{
    if (n < 0 || n > zoo.modelCount())
        throw std::runtime_error("cannot choose " + std::to_string(n) + " of " + std::to_string(zoo.modelCount()) + " models");
    std::vector<int64_t> perm = seededPermutation(zoo.modelCount(), seed);
    perm.resize(static_cast<size_t>(n));
    std::sort(perm.begin(), perm.end());
    std::vector<int64_t> ids;
    for (int64_t row : perm)
        ids.push_back(zoo.modelIds[static_cast<size_t>(row)]);
    return ids;
}

} // namespace zooscope
