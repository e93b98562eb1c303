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

// Two checkpoints of one zoo side by side, A = (model, epoch) and B = (model, epoch): two versions of a
// model or two models. Everything a GUI shows for "pick two points" sits in this plain struct; distances
// are plain L2 over the flat weight vectors (or the latents), so they mean the same across zoos of one
// architecture.
struct CheckpointComparison {
    // One layer's share of the change from A to B (weights and bias together).
    struct LayerChange {
        std::string name;        // "conv1", ..., "fc2"
        double normA = 0;        // L2 of A's layer
        double change = 0;       // L2 of B - A in this layer
        double relative = NAN;   // change / normA; NaN when A's layer is all zero
    };

    // What the zoo recorded for one checkpoint (NaN where not measured).
    struct RecordedMetrics {
        double testAccuracy = NAN;
        double trainAccuracy = NAN;
        double gap = NAN;        // train - test accuracy
    };

    // A and B run on the test images: where their predicted classes differ, and what B fixes or breaks.
    struct Predictions {
        bool measured = false;
        int64_t images = 0;
        int64_t disagreeing = 0; // images whose predicted classes differ
        double disagreement = NAN; // disagreeing / images
        int64_t errorsA = 0, errorsB = 0;
        int64_t fixedByB = 0;    // A wrong, B right
        int64_t newErrorsOfB = 0; // A right, B wrong
        double accuracyA = NAN, accuracyB = NAN; // measured here, next to the recorded ones
    };

    // One model's checkpoints in epoch order, those with weights.
    struct Trajectory {
        int64_t modelId = 0;
        std::vector<int64_t> epochs;
        double weightLength = 0;   // sum of L2 steps between consecutive checkpoints
        double latentLength = NAN; // the same in latent space; NaN without a hyper-representation
    };

    // The checkpoint of another model's trajectory nearest to one checkpoint.
    struct NearestOnTrajectory {
        CheckpointReference from;   // the checkpoint placed
        int64_t trajectoryModelId = 0;
        int64_t weightEpoch = -1;   // nearest by weights
        double weightDistance = NAN;
        int64_t latentEpoch = -1;   // nearest by latents; -1 without a hyper-representation
        double latentDistance = NAN;
    };

    CheckpointReference a, b;
    double weightDistance = 0;           // L2 of B - A
    std::vector<LayerChange> layers;     // in the architecture's order
    bool hasLatents = false;
    double latentDistance = NAN;         // L2 of the latents' difference
    double latentCosine = NAN;           // cosine similarity of the two latents
    RecordedMetrics recordedA, recordedB;
    Predictions predictions;
    Trajectory trajectoryA, trajectoryB; // A's model and B's model (the same one for two versions)
    NearestOnTrajectory aOnB, bOnA;      // A placed on B's model's trajectory, and B on A's

    // Throws std::invalid_argument naming the bad item when `ref` has no epoch, its model id is not in
    // `zoo`, its epoch is not a checkpoint epoch of the zoo or that checkpoint has no weights.
    static void validate(const ModelZoo& zoo, const CheckpointReference& ref);

    // Compares A and B (both validated first). `hyperRepresentation` (may be null) adds the latent
    // numbers; it must be of the zoo's architecture (std::runtime_error otherwise). `test` (may be null)
    // adds the prediction disagreement: A and B run on it through the BatchedEvaluator. threads 0: the
    // engine's compute threads. Throws OperationCancelled when `progress` is cancelled.
    static CheckpointComparison compute(const ModelZoo& zoo, const CheckpointReference& a, const CheckpointReference& b,
                                        const HyperRepresentation* hyperRepresentation, const DatasetSplit* test,
                                        int threads = 0, const Progress& progress = {});

    // snake_case keys; NaN as null.
    Json toJson() const;
    // A few aligned lines and a per-layer table, as the CLI prints them.
    std::string toText() const;
};

} // namespace zooscope
