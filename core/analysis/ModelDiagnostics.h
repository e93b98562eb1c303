#pragma once

#include "core/Json.h"
#include "core/Progress.h"
#include "zoo/CheckpointReference.h"
#include "zoo/Dataset.h"
#include "zoo/ModelZoo.h"

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace zooscope {

class HyperRepresentation;

struct ModelDiagnosticsOptions {
    int k = 10;                  // latent neighbours
    // A checkpoint with any |w| above this is diverged (the public loaders' 5); the reference population
    // leaves such checkpoints out. 0: no bound (NaN and inf still count as diverged).
    double maxAbsWeight = 5.0;
    // The images units are checked on (usually the dataset's test split; the first probeImages are
    // used); null: no unit check.
    const DatasetSplit* probeData = nullptr;
    int64_t probeImages = 256;
    double deadTolerance = 1e-5;      // a unit whose activation's std over the batch is below this is dead
    double saturationMargin = 0.02;   // tanh |a| >= 1 - margin, sigmoid a <= margin or >= 1 - margin ...
    double saturatedFraction = 0.99;  // ... for at least this fraction of the unit's outputs: saturated
    // The reference population's k-th-neighbour distances and its statistics are taken from at most
    // this many checkpoints (evenly spaced); 0: all.
    int64_t maxReferences = 5000;
};

// Where single checkpoints of a zoo stand against the zoo's training population at the same epoch: their
// latent neighbourhood, per-layer weight statistics outside the population's range, dead or saturated
// units on a probe batch, and divergence. What the model card and the Analysis panel show for a selection,
// and `zooscope-cli diagnose` prints.
class ModelDiagnostics {
public:
    // The k nearest training-population checkpoints at the same epoch in latent space (the model itself
    // excluded): neighbours at one training stage, so that accuracies compare like with like.
    struct Neighbourhood {
        bool available = false;            // false without a hyper-representation or usable weights
        std::vector<CheckpointReference> neighbours; // nearest first
        std::vector<double> distances;     // Euclidean, parallel to neighbours
        double meanNeighbourAccuracy = std::nan(""); // their mean test accuracy (those with one)
        // Outlier score: the distance to the k-th neighbour against the same distance of every reference
        // checkpoint (to its own k-th neighbour), the checkpoint itself left out: the percentage of
        // references closer to their k-th neighbour (0..100; 100 = farther out than all), and the z-score.
        double kthDistance = std::nan("");
        double outlierPercentile = std::nan("");
        double outlierZ = std::nan("");
    };

    // One of layerStatisticNames() of one layer outside the reference population's 1st..99th percentile.
    struct LayerFlag {
        std::string layer;
        std::string statistic;             // "weight mean", "weight variance", "weight p1", ..., "bias p99"
        double value = 0;
        double populationLow = 0, populationHigh = 0; // 1st and 99th percentile of the statistic
    };

    // A hidden unit (conv channel or dense neuron) that carries no information on the probe batch.
    struct Unit {
        std::string layer;
        int64_t unit = 0;
        bool dead = false;                 // constant output (std below the tolerance); else saturated
        double mean = 0, std = 0;          // of its outputs over images (and positions)
        double fractionAtBound = 0;        // of its outputs within the margin of a bound (bounded activations)
    };

    struct Checkpoint {
        int64_t modelId = 0;
        int64_t epoch = 0;
        std::string population;            // "train", "val", "test"
        std::string activation;
        double testAccuracy = std::nan("");
        bool hasWeights = true;            // false: the zoo has no weights for it (missing or dropped)
        int64_t nonFiniteWeights = 0;
        double maxAbsWeight = std::nan("");
        bool diverged = false;             // missing weights, any NaN/inf, or max |w| above the bound
        Neighbourhood neighbourhood;
        bool statisticsChecked = false;    // false: no usable weights or fewer than 2 references
        std::vector<LayerFlag> layerFlags;
        bool unitsChecked = false;         // false: no probe images or no usable weights
        int64_t unitsTotal = 0;
        std::vector<Unit> units;           // the dead and saturated ones
        int64_t deadUnits() const;
        int64_t saturatedUnits() const;
    };

    std::string architecture;
    int k = 0;
    double maxAbsWeight = 0;
    int64_t probeImages = 0;               // images the units were checked on (0: not checked)
    bool latentAvailable = false;
    std::vector<Checkpoint> checkpoints;   // in the order asked (repeats dropped)
    // Reference population size per epoch, parallel to epochs.
    std::vector<int64_t> referenceEpochs, referenceSizes;

    // {architecture, k, max_abs_weight, probe_images, latent, references {epoch: n}, checkpoints: [{model,
    // epoch, population, activation, test_accuracy, has_weights, non_finite_weights, max_abs_weight,
    // diverged, neighbourhood {available, neighbours [{model, epoch, distance}], mean_neighbour_accuracy,
    // kth_distance, outlier_percentile, outlier_z}, statistics_checked, layer_flags [{layer, statistic,
    // value, population_low, population_high}], units_checked, units_total, dead_units, saturated_units,
    // units [{layer, unit, state, mean, std, fraction_at_bound}]}]}. NaN as null.
    Json toJson() const;
    // A block per checkpoint, for a terminal or a model card.
    std::string toText() const;

    // The reference population at one checkpoint (index): the training population's model rows with
    // weights within options.maxAbsWeight, at most options.maxReferences of them (evenly spaced), ascending.
    static std::vector<int64_t> referenceRows(const ModelZoo& zoo, int64_t checkpoint, const ModelDiagnosticsOptions& options);

    // ids: epoch -1 means the zoo's last checkpoint epoch. hyperRepresentation may be null (no
    // neighbourhood). Throws std::invalid_argument naming the bad item for an empty list, an unknown model
    // id, an epoch without a checkpoint, or k < 1; std::runtime_error when the hyper-representation was
    // made for another architecture; OperationCancelled when `progress` is cancelled.
    static ModelDiagnostics compute(const ModelZoo& zoo, const std::vector<CheckpointReference>& ids,
                                    const HyperRepresentation* hyperRepresentation,
                                    const ModelDiagnosticsOptions& options = {}, const Progress& progress = {});
};

} // namespace zooscope
