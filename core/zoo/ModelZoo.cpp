#include "zoo/ModelZoo.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>
#include <unordered_set>

namespace zooscope {

bool ModelZoo::hasWeights(int64_t model, int64_t checkpoint) const
{
    if (model < 0 || model >= modelCount() || checkpoint < 0 || checkpoint >= checkpointCount())
        return false;
    const float* w = weightsAt(model, checkpoint);
    return !std::isnan(w[0]);
}

int64_t ModelZoo::rowOf(int64_t modelId) const
{
    const auto it = std::find(modelIds.begin(), modelIds.end(), modelId);
    return it == modelIds.end() ? -1 : static_cast<int64_t>(it - modelIds.begin());
}

int64_t ModelZoo::checkpointIndex(int64_t epoch) const
{
    const auto it = std::find(checkpointEpochs.begin(), checkpointEpochs.end(), epoch);
    return it == checkpointEpochs.end() ? -1 : static_cast<int64_t>(it - checkpointEpochs.begin());
}

float ModelZoo::metricAt(const std::vector<float>& metric, int64_t model, int64_t epoch) const
{
    const size_t i = static_cast<size_t>(model * (epochs + 1) + epoch);
    if (model < 0 || epoch < 0 || epoch > epochs || i >= metric.size())
        return std::nanf("");
    return metric[i];
}

void ModelZoo::validate(bool checkWeights) const
{
    const auto bad = [](const std::string& what) { throw std::invalid_argument("inconsistent model zoo: " + what); };
    const size_t m = modelIds.size();
    if (architecture.layers.empty())
        bad("no architecture");
    if (hyperparameters.size() != m)
        bad(std::to_string(hyperparameters.size()) + " hyperparameter rows for " + std::to_string(m) + " models");
    if (!split.empty() && split.size() != m)
        bad(std::to_string(split.size()) + " split entries for " + std::to_string(m) + " models");
    if (!modelSources.empty() && modelSources.size() != m)
        bad(std::to_string(modelSources.size()) + " model sources for " + std::to_string(m) + " models");
    if (epochs < 0)
        bad("negative epoch count");
    for (size_t i = 0; i < checkpointEpochs.size(); ++i) {
        if (checkpointEpochs[i] < 0 || checkpointEpochs[i] > epochs)
            bad("checkpoint epoch " + std::to_string(checkpointEpochs[i]) + " outside 0.." + std::to_string(epochs));
        if (i > 0 && checkpointEpochs[i] <= checkpointEpochs[i - 1])
            bad("checkpoint epochs are not strictly ascending");
    }
    const size_t expectedWeights = m * checkpointEpochs.size() * static_cast<size_t>(parameterCount());
    if (checkWeights && weights.size() != expectedWeights)
        bad(std::to_string(weights.size()) + " weights, expected models x checkpoints x parameters = " +
            std::to_string(expectedWeights));
    const size_t perMetric = m * static_cast<size_t>(epochs + 1);
    const std::pair<const char*, const std::vector<float>*> metrics[] = {
        {"train_loss", &trainLoss}, {"train_acc", &trainAccuracy}, {"val_loss", &validationLoss},
        {"val_acc", &validationAccuracy}, {"test_loss", &testLoss}, {"test_acc", &testAccuracy}};
    for (const auto& [name, v] : metrics) {
        if (!v->empty() && v->size() != perMetric)
            bad(std::string(name) + " has " + std::to_string(v->size()) + " values, expected models x (epochs + 1) = " +
                std::to_string(perMetric));
    }
    std::unordered_set<int64_t> ids;
    for (int64_t id : modelIds) {
        if (!ids.insert(id).second)
            bad("model id " + std::to_string(id) + " appears twice");
    }
}

std::vector<int64_t> seededPermutation(int64_t n, uint64_t seed)
{
    std::vector<int64_t> p(static_cast<size_t>(std::max<int64_t>(n, 0)));
    for (int64_t i = 0; i < n; ++i)
        p[i] = i;
    std::mt19937_64 rng(seed);
    for (int64_t i = n - 1; i > 0; --i) {
        const uint64_t range = static_cast<uint64_t>(i) + 1;
        const uint64_t limit = std::mt19937_64::max() - std::mt19937_64::max() % range;
        uint64_t r;
        do {
            r = rng();
        } while (r >= limit);
        std::swap(p[i], p[static_cast<int64_t>(r % range)]);
    }
    return p;
}

void assignPopulationSplit(ModelZoo& zoo, uint64_t seed)
{
    const int64_t n = zoo.modelCount();
    std::vector<int64_t> byId(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i)
        byId[i] = i;
    std::sort(byId.begin(), byId.end(), [&](int64_t a, int64_t b) { return zoo.modelIds[a] < zoo.modelIds[b]; });
    const std::vector<int64_t> perm = seededPermutation(n, seed);
    const int64_t nVal = static_cast<int64_t>(std::llround(0.15 * static_cast<double>(n)));
    const int64_t nTest = static_cast<int64_t>(std::llround(0.15 * static_cast<double>(n)));
    zoo.split.assign(static_cast<size_t>(n), PopulationSplit::Train);
    for (int64_t k = 0; k < n; ++k) {
        const int64_t row = byId[perm[k]];
        zoo.split[row] = k < nVal ? PopulationSplit::Validation : k < nVal + nTest ? PopulationSplit::Test : PopulationSplit::Train;
    }
}

const EnumNames<PopulationSplit>& populationSplitNames()
{
    static const EnumNames<PopulationSplit> names("population split", {{PopulationSplit::Train, "train", {}},
                                                                       {PopulationSplit::Validation, "val", {"validation"}},
                                                                       {PopulationSplit::Test, "test", {}}});
    return names;
}

std::string toString(PopulationSplit s) { return populationSplitNames().toString(s); }

PopulationSplit populationSplitFromString(const std::string& s) { return populationSplitNames().parse(s); }

} // namespace zooscope
