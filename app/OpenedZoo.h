#pragma once

#include "core/Progress.h"
#include "zoo/ModelZoo.h"

#include <QString>

#include <memory>
#include <vector>

namespace zooscope {

class HyperRepresentation;
class PcaProjection;

// A zoo as the window shows it: the zoo, and one 3D point per model checkpoint that has weights, in
// model-major order (every checkpoint of the first model, then the next model's).
struct OpenedZoo {
    QString path;
    ModelZoo zoo;
    std::vector<int64_t> pointModelRows;   // [points]: the model row of each point
    std::vector<int64_t> pointCheckpoints; // [points]: the checkpoint index of each point
    std::shared_ptr<const PcaProjection> weightPca; // the first frame's map: PCA of the flat weights
    std::vector<double> testAccuracy;      // [points]; NaN where not measured

    // Reads the zoo and fits the PCA of its weights; cancellation through `progress` ends it with
    // OperationCancelled. Throws std::runtime_error with a message for the user.
    static OpenedZoo load(const QString& path, const Progress& progress = {});

    int64_t pointCount() const { return static_cast<int64_t>(pointModelRows.size()); }
    const float* pointWeights(int64_t point) const
    {
        return zoo.weightsAt(pointModelRows[static_cast<size_t>(point)], pointCheckpoints[static_cast<size_t>(point)]);
    }
    // The points of each model in checkpoint order (the model's trajectory through the view), models in
    // row order.
    std::vector<std::vector<int>> rowsPerModel() const;
    // The flat weights of every point, [points, parameters].
    std::vector<float> allPointWeights() const;
    // Latents of every point in the points' order, [points, latentDim], encoded in batches (cancellable
    // through `progress`). Throws std::runtime_error when the hyper-representation was trained for another
    // architecture.
    std::vector<float> encode(const HyperRepresentation& hyperRepresentation, const Progress& progress = {}) const;
};

} // namespace zooscope
