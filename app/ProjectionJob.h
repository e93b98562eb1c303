#pragma once

#include <QString>

#include <array>
#include <functional>
#include <memory>
#include <vector>

namespace zooscope {

enum class ProjectionMethod { Pca, Tsne, Axes };

// What to project: a representation of the view's points ([rows, columns]: latents or flat weights).
struct ProjectionRequest {
    ProjectionMethod method = ProjectionMethod::Pca;
    std::shared_ptr<const std::vector<float>> data;
    int64_t rows = 0;
    int64_t columns = 0;
    std::array<int, 3> axes{0, 1, 2}; // Axes: the three columns shown
    double perplexity = 30;           // Tsne
    int iterations = 1000;            // Tsne
    uint64_t seed = 1;                // Tsne

    // Same method, parameters and data (the cache key of computed projections).
    bool sameAs(const ProjectionRequest& other) const;
};

struct ProjectionResult {
    ProjectionRequest request;
    std::vector<float> xyz;                // [rows, 3]
    std::vector<double> explainedVariance; // Pca: share of the variance per component
    QString description;                   // one line for the status bar and the panel (translated)
    QString error;                         // non-empty when it failed
    bool cancelled = false;
};

// Computes a 3D projection off the GUI thread (run it with QtConcurrent). Never throws: errors land
// in ProjectionResult::error.
class ProjectionJob {
public:
    static QString methodId(ProjectionMethod method); // "pca", "tsne", "axes"
    static bool methodFromId(const QString& id, ProjectionMethod& method);
    // progress gets 0..1 and returns false to cancel.
    static ProjectionResult run(const ProjectionRequest& request, const std::function<bool(double)>& progress);
};

} // namespace zooscope
