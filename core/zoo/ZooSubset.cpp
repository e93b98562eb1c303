#include "zoo/ZooSubset.h"

#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>
#include <string>

namespace zooscope {

ModelZoo ZooSubset::select(const ModelZoo& zoo, const std::vector<Checkpoint>& checkpoints)
{
    if (checkpoints.empty())
        throw std::invalid_argument("no model checkpoints to put in the subset");
    std::map<int64_t, std::set<int64_t>> epochsOfRow; // zoo row -> selected epochs
    std::set<int64_t> epochs;
    for (const Checkpoint& c : checkpoints) {
        const int64_t row = zoo.rowOf(c.modelId);
        if (row < 0)
            throw std::invalid_argument("no model with id " + std::to_string(c.modelId) + " in the zoo");
        const int64_t ci = zoo.checkpointIndex(c.epoch);
        if (ci < 0)
            throw std::invalid_argument("model " + std::to_string(c.modelId) + ": no checkpoint at epoch " +
                                        std::to_string(c.epoch));
        if (!zoo.hasWeights(row, ci))
            throw std::invalid_argument("model " + std::to_string(c.modelId) + " has no weights at epoch " +
                                        std::to_string(c.epoch));
        epochsOfRow[row].insert(c.epoch);
        epochs.insert(c.epoch);
    }

    ModelZoo out;
    out.architecture = zoo.architecture;
    out.datasetId = zoo.datasetId;
    out.epochs = zoo.epochs;
    out.checkpointEpochs.assign(epochs.begin(), epochs.end());
    out.createdBy = zoo.createdBy;
    out.createdWithVersion = zoo.createdWithVersion;
    const int64_t params = zoo.parameterCount();
    const size_t perMetric = static_cast<size_t>(zoo.epochs + 1);
    const auto copyMetric = [&](const std::vector<float>& from, std::vector<float>& to, int64_t row) {
        if (from.empty())
            return;
        to.insert(to.end(), from.begin() + static_cast<std::ptrdiff_t>(static_cast<size_t>(row) * perMetric),
                  from.begin() + static_cast<std::ptrdiff_t>(static_cast<size_t>(row + 1) * perMetric));
    };
    out.weights.assign(epochsOfRow.size() * out.checkpointEpochs.size() * static_cast<size_t>(params),
                       std::numeric_limits<float>::quiet_NaN());
    int64_t outRow = 0;
    for (const auto& [row, selected] : epochsOfRow) { // std::map: the zoo's order
        const size_t r = static_cast<size_t>(row);
        out.modelIds.push_back(zoo.modelIds[r]);
        out.hyperparameters.push_back(zoo.hyperparameters[r]);
        if (!zoo.split.empty())
            out.split.push_back(zoo.split[r]);
        if (!zoo.modelSources.empty())
            out.modelSources.push_back(zoo.modelSources[r]);
        copyMetric(zoo.trainLoss, out.trainLoss, row);
        copyMetric(zoo.trainAccuracy, out.trainAccuracy, row);
        copyMetric(zoo.validationLoss, out.validationLoss, row);
        copyMetric(zoo.validationAccuracy, out.validationAccuracy, row);
        copyMetric(zoo.testLoss, out.testLoss, row);
        copyMetric(zoo.testAccuracy, out.testAccuracy, row);
        for (int64_t epoch : selected) {
            const float* from = zoo.weightsAt(row, zoo.checkpointIndex(epoch));
            std::copy(from, from + params, out.weightsAt(outRow, out.checkpointIndex(epoch)));
        }
        ++outRow;
    }
    out.validate();
    return out;
}

} // namespace zooscope
