#pragma once

#include "zoo/Architecture.h"
#include "zoo/Hyperparameters.h"

#include <cstdint>
#include <string>
#include <vector>

namespace zooscope {

enum class PopulationSplit : int8_t { Train = 0, Validation = 1, Test = 2 };

// A model zoo in memory: models of one architecture trained on one dataset, weights at checkpoint
// epochs and metrics at every epoch. Models are addressed by stable ids, never by position.
struct ModelZoo {
    Architecture architecture;
    std::string datasetId;
    int64_t epochs = 0;                        // training epochs; metrics have epochs + 1 rows (epoch 0 = untrained)
    std::vector<int64_t> checkpointEpochs;     // ascending, e.g. {0, 1, 2, 5, 10}

    std::vector<int64_t> modelIds;             // [models]
    std::vector<Hyperparameters> hyperparameters; // [models]
    std::vector<PopulationSplit> split;        // [models]; 70/15/15 by model with seed 42

    std::vector<float> weights;                // [models, checkpoints, parameters]

    // Per model and epoch, [models, epochs + 1]; NaN where not measured. Accuracies in 0..1.
    std::vector<float> trainLoss, trainAccuracy, validationLoss, validationAccuracy, testLoss, testAccuracy;

    std::string createdBy;                     // the command line that made the zoo
    std::string createdWithVersion;            // ZooScope version

    // Optional [models] (empty when not recorded): where each model came from, e.g. the folder name of an
    // imported public-zoo model.
    std::vector<std::string> modelSources;

    int64_t modelCount() const { return static_cast<int64_t>(modelIds.size()); }
    int64_t checkpointCount() const { return static_cast<int64_t>(checkpointEpochs.size()); }
    int64_t parameterCount() const { return architecture.parameterCount(); }
    // The flat weight vector of model row `model` at checkpoint index `checkpoint`.
    const float* weightsAt(int64_t model, int64_t checkpoint) const
    {
        return weights.data() + (model * checkpointCount() + checkpoint) * parameterCount();
    }
    float* weightsAt(int64_t model, int64_t checkpoint)
    {
        return weights.data() + (model * checkpointCount() + checkpoint) * parameterCount();
    }
    // False where a checkpoint is missing or was dropped (e.g. by the importer: NaN or |w| too large);
    // such checkpoints hold NaN weights.
    bool hasWeights(int64_t model, int64_t checkpoint) const;

    int64_t rowOf(int64_t modelId) const;          // -1 when the id is not in the zoo
    int64_t checkpointIndex(int64_t epoch) const;  // -1 when there is no checkpoint at that epoch
    // A per-epoch metric (one of the vectors above) of model row `model` at `epoch`; NaN when absent.
    float metricAt(const std::vector<float>& metric, int64_t model, int64_t epoch) const;

    // Throws std::invalid_argument when the sizes of the vectors disagree with each other, ids repeat,
    // checkpoint epochs are not ascending or beyond `epochs`. `checkWeights` false: a summary without weights.
    void validate(bool checkWeights = true) const;
};

// Assigns the population split by model: models ordered by id, shuffled by a seeded permutation
// (seededPermutation(n, seed)); the first round(0.15 n) become validation, the next round(0.15 n) test,
// the rest train. Depends only on the set of ids, so shards merged later get the same split as a zoo
// made in one go.
void assignPopulationSplit(ModelZoo& zoo, uint64_t seed = 42);

const EnumNames<PopulationSplit>& populationSplitNames(); // "train", "val" (or "validation"), "test"
std::string toString(PopulationSplit s);
PopulationSplit populationSplitFromString(const std::string& s);

// 0..n-1 shuffled by mt19937_64(seed) and an explicit Fisher-Yates (unbiased rejection sampling), so the
// result is the same with every standard library.
std::vector<int64_t> seededPermutation(int64_t n, uint64_t seed);

} // namespace zooscope
