// The projections of the 3D view (PCA, t-SNE, raw axes) and the placement of new points (generated
// models) in the projection on show: PCA by the fitted map itself, axes by the same columns, t-SNE (which
// has no map) by the nearest projected points.
#pragma once

#include "core/Progress.h"

#include <QCoreApplication>
#include <QString>

#include <array>
#include <memory>
#include <vector>

namespace zooscope {

class PcaProjection;
struct OpenedZoo;

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
    std::shared_ptr<const PcaProjection> pca; // Pca: the fitted map, which also places new points
    QString description;                   // one line for the status bar and the panel (translated)
};

class ProjectionComputation {
    Q_DECLARE_TR_FUNCTIONS(zooscope::ProjectionComputation)
public:
    static QString methodId(ProjectionMethod method); // "pca", "tsne", "axes"
    static bool methodFromId(const QString& id, ProjectionMethod& method);
    // Throws std::exception with a message for the user, OperationCancelled when cancelled.
    static ProjectionResult compute(const ProjectionRequest& request, const Progress& progress);
    // The PCA the zoo came with (its first frame), for the zoo's flat weights `weights`.
    static ProjectionResult weightPca(const OpenedZoo& zoo, std::shared_ptr<const std::vector<float>> weights);
    // Where new points [n, columns] of the projected space go in `projection`: PCA by its fitted map, raw
    // axes by the same columns, t-SNE by the distance-weighted mean of the 5 nearest projected points (as
    // t-SNE places the points it did not fit). Empty when the sizes do not match.
    static std::vector<float> place(const ProjectionResult& projection, const std::vector<float>& representation,
                                    int64_t columns);

private:
    static QString pcaDescription(const std::vector<double>& explained);
};

} // namespace zooscope
