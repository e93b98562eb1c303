// Part of a zoo as a zoo of its own: some models, each with some of its checkpoints. The explorer's
// Export Selection writes the selected points (model checkpoints) this way, so that the file opens in
// ZooScope with exactly those points and can be trained on or sampled from like any zoo.
#pragma once

#include "zoo/ModelZoo.h"

#include <cstdint>
#include <vector>

namespace zooscope {

class ZooSubset {
public:
    // One model checkpoint: a model by its stable id at a checkpoint epoch.
    struct Checkpoint {
        int64_t modelId = 0;
        int64_t epoch = 0;
    };

    // The models of `checkpoints` in the zoo's order, with every epoch that any of them selected as the
    // subset's checkpoint epochs (ascending). A model's checkpoints that were not asked for hold NaN
    // weights, as checkpoints dropped on import do, so they are not points when the subset is opened.
    // Hyperparameters, population split, sources and the metrics of every epoch are kept. Repeated
    // entries count once. Throws std::invalid_argument for an empty list, an unknown id, an epoch
    // without a checkpoint, or a checkpoint that has no weights.
    static ModelZoo select(const ModelZoo& zoo, const std::vector<Checkpoint>& checkpoints);
};

} // namespace zooscope
