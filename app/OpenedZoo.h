#pragma once

#include "core/ModelZoo.h"

#include <QString>

#include <vector>

namespace zooscope {

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
};

struct OperationCancelled {};

} // namespace zooscope
