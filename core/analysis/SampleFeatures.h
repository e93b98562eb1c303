#pragma once

#include "analysis/LinearProbe.h"
#include "zoo/ModelZoo.h"
#include "zoo/ZooSample.h"

#include <vector>

namespace zooscope {

class Communicator;
class HyperRepresentation;

// The three representations of the same checkpoints, row by row, that probes and predictors are fitted
// on: hyper-representation latents, raw flat weights W and per-layer weight statistics s(W).
struct SampleFeatures {
    std::vector<ZooSample> samples;
    FeatureMatrix latent, weights, stats; // latent is empty without a hyper-representation

    // `samples` must have weights (finite). hyperRepresentation may be null. With `ranks` (a collective)
    // they encode blocks of whole chunks and every rank gets one process's latents bit for bit.
    static SampleFeatures of(const ModelZoo& zoo, std::vector<ZooSample> samples, const HyperRepresentation* hyperRepresentation,
                             Communicator* ranks = nullptr);
};

// The rows of `m` whose entry in `keep` is true.
FeatureMatrix selectRows(const FeatureMatrix& m, const std::vector<bool>& keep);

} // namespace zooscope
