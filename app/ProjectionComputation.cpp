#include "app/ProjectionComputation.h"

#include "analysis/NeighbourPlacement.h"
#include "analysis/PcaProjection.h"
#include "analysis/TsneProjection.h"
#include "app/OpenedZoo.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>

namespace zooscope {

bool ProjectionRequest::sameAs(const ProjectionRequest& o) const
{
    if (method != o.method || data != o.data || rows != o.rows || columns != o.columns)
        return false;
    if (method == ProjectionMethod::Axes)
        return axes == o.axes;
    if (method == ProjectionMethod::Tsne)
        return perplexity == o.perplexity && iterations == o.iterations && seed == o.seed;
    return true;
}

QString ProjectionComputation::methodId(ProjectionMethod method)
{
    switch (method) {
    case ProjectionMethod::Pca: return QStringLiteral("pca");
    case ProjectionMethod::Tsne: return QStringLiteral("tsne");
    case ProjectionMethod::Axes: return QStringLiteral("axes");
    }
    return {};
}

bool ProjectionComputation::methodFromId(const QString& id, ProjectionMethod& method)
{
    for (ProjectionMethod m : {ProjectionMethod::Pca, ProjectionMethod::Tsne, ProjectionMethod::Axes})
        if (methodId(m) == id) {
            method = m;
            return true;
        }
    return false;
}

QString ProjectionComputation::pcaDescription(const std::vector<double>& ev)
{
    return tr("PCA: %1% + %2% + %3% = %4% of the variance")
        .arg(100 * ev[0], 0, 'f', 1)
        .arg(100 * ev[1], 0, 'f', 1)
        .arg(100 * ev[2], 0, 'f', 1)
        .arg(100 * (ev[0] + ev[1] + ev[2]), 0, 'f', 1);
}

ProjectionResult ProjectionComputation::weightPca(const OpenedZoo& zoo, std::shared_ptr<const std::vector<float>> weights)
{
    ProjectionResult pca;
    pca.request.method = ProjectionMethod::Pca;
    pca.request.data = std::move(weights);
    pca.request.rows = zoo.pointCount();
    pca.request.columns = zoo.zoo.parameterCount();
    pca.pca = zoo.weightPca;
    pca.xyz = zoo.weightPca->coordinates();
    pca.explainedVariance = zoo.weightPca->explainedVarianceRatio();
    pca.explainedVariance.resize(3, 0.0);
    pca.description = pcaDescription(pca.explainedVariance);
    return pca;
}

ProjectionResult ProjectionComputation::compute(const ProjectionRequest& request, const Progress& progress)
{
    ProjectionResult result;
    result.request = request;
    const auto started = std::chrono::steady_clock::now();
    if (!request.data || request.rows < 2 || request.columns < 1 ||
        static_cast<int64_t>(request.data->size()) != request.rows * request.columns)
        throw std::invalid_argument(tr("there is nothing to project (fewer than two points)").toStdString());
    const float* data = request.data->data();
    const int64_t n = request.rows;
    switch (request.method) {
    case ProjectionMethod::Pca: {
        progress.report(0.0);
        auto pca = std::make_shared<const PcaProjection>(data, n, request.columns, 3);
        result.xyz = pca->coordinates();
        result.explainedVariance = pca->explainedVarianceRatio();
        result.explainedVariance.resize(3, 0.0);
        result.pca = std::move(pca);
        result.description = pcaDescription(result.explainedVariance);
        break;
    }
    case ProjectionMethod::Tsne: {
        TsneOptions options;
        options.perplexity = request.perplexity;
        options.iterations = request.iterations;
        options.seed = request.seed;
        const TsneProjection tsne(data, n, request.columns, options, progress);
        result.xyz = tsne.coordinates();
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        result.description = tr("t-SNE 3D: perplexity %1, %2 iterations, KL divergence %3, %4 s")
                                 .arg(tsne.perplexity(), 0, 'g', 3)
                                 .arg(request.iterations)
                                 .arg(tsne.klDivergence(), 0, 'f', 3)
                                 .arg(seconds, 0, 'f', 1);
        if (tsne.fittedPoints() < n)
            result.description += tr(" (fitted on %1 of %2 points, the rest placed by their nearest neighbours)")
                                      .arg(tsne.fittedPoints())
                                      .arg(n);
        break;
    }
    case ProjectionMethod::Axes: {
        for (int a : request.axes)
            if (a < 0 || a >= request.columns)
                throw std::invalid_argument(tr("axis %1 does not exist: the representation has %2 dimensions")
                                                .arg(a + 1)
                                                .arg(request.columns)
                                                .toStdString());
        result.xyz.resize(static_cast<size_t>(n * 3));
        for (int64_t i = 0; i < n; ++i)
            for (int k = 0; k < 3; ++k)
                result.xyz[static_cast<size_t>(i * 3 + k)] = data[i * request.columns + request.axes[static_cast<size_t>(k)]];
        result.description = tr("Axes %1, %2, %3 of the representation, unprojected")
                                 .arg(request.axes[0] + 1)
                                 .arg(request.axes[1] + 1)
                                 .arg(request.axes[2] + 1);
        break;
    }
    }
    for (float& v : result.xyz)
        if (!std::isfinite(v))
            v = 0.0f;
    return result;
}

std::vector<float> ProjectionComputation::place(const ProjectionResult& projection, const std::vector<float>& representation,
                                                int64_t columns)
{
    const ProjectionRequest& req = projection.request;
    if (!req.data || columns <= 0 || req.columns != columns || representation.empty() ||
        representation.size() % size_t(columns) != 0 || projection.xyz.size() != size_t(req.rows * 3))
        return {};
    const int64_t n = int64_t(representation.size()) / columns;
    std::vector<float> xyz(size_t(n * 3), 0.0f);
    switch (req.method) {
    case ProjectionMethod::Axes:
        for (int64_t i = 0; i < n; ++i)
            for (int k = 0; k < 3; ++k) {
                const int axis = req.axes[size_t(k)];
                xyz[size_t(i * 3 + k)] = axis >= 0 && axis < columns ? representation[size_t(i * columns + axis)] : 0.0f;
            }
        break;
    case ProjectionMethod::Pca: {
        if (!projection.pca || projection.pca->columns() != columns)
            return {};
        const int k = projection.pca->components();
        const std::vector<float> mapped = projection.pca->transform(representation.data(), n);
        for (int64_t i = 0; i < n; ++i)
            for (int c = 0; c < std::min(k, 3); ++c)
                xyz[size_t(i * 3 + c)] = mapped[size_t(i * k + c)];
        break;
    }
    case ProjectionMethod::Tsne: {
        // No map for new points: the placement t-SNE itself uses for the points it did not fit.
        const NeighbourPlacement placement(req.data->data(), projection.xyz.data(), req.rows, columns, 3);
        xyz = placement.place(representation.data(), n);
        break;
    }
    }
    for (float& v : xyz)
        if (!std::isfinite(v))
            v = 0.0f;
    return xyz;
}

} // namespace zooscope
