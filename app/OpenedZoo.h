#pragma once

#include "core/Progress.h" // OperationCancelled
#include "zoo/ModelZoo.h"

#include <functional>

#include <QString>

#include <vector>

namespace zooscope {

class HyperRepresentation;

// A zoo as the window shows it: the zoo, and one 3D point per model checkpoint that has weights.
struct OpenedZoo {
    QString path;
    ModelZoo zoo;
    std::vector<int64_t> pointModelRows;   // [points]: the model row of each point
    std::vector<int64_t> pointCheckpoints; // [points]: the checkpoint index of each point
    std::vector<float> xyz;                // [points, 3]: PCA of the flat weights
    std::vector<double> explainedVariance; // [3]
    std::vector<double> testAccuracy;      // [points]; NaN where not measured

    // Reads the zoo and projects its weights; `progress` gets 0..1 and returns false to cancel
    // (then this throws OperationCancelled). Throws std::runtime_error with a message for the user.
    static OpenedZoo load(const QString& path, const std::function<bool(double)>& progress);

    int64_t pointCount() const { return static_cast<int64_t>(pointModelRows.size()); }
    const float* pointWeights(int64_t point) const
    {
        return zoo.weightsAt(pointModelRows[static_cast<size_t>(point)], pointCheckpoints[static_cast<size_t>(point)]);
    }
    // The flat weights of every point, [points, parameters].
    std::vector<float> allPointWeights() const;
    // Latents of every point, [points, latentDim], encoded in batches (cancellable through `progress`,
    // then this throws OperationCancelled). Throws std::runtime_error when the hyper-representation was
    // trained for another architecture.
    std::vector<float> encode(const HyperRepresentation& hyperRepresentation,
                              const std::function<bool(double)>& progress = {}) const;
};

} // namespace zooscope
