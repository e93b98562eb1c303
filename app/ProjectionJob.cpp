#include "app/ProjectionJob.h"

#include "analysis/PcaProjection.h"
#include "analysis/TsneProjection.h"

#include <QCoreApplication>

#include <chrono>
#include <cmath>
#include <exception>

namespace zooscope {

namespace {
QString tr(const char* text) { return QCoreApplication::translate("ProjectionJob", text); }
} // namespace

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

QString ProjectionJob::methodId(ProjectionMethod method)
{
    switch (method) {
    case ProjectionMethod::Pca: return QStringLiteral("pca");
    case ProjectionMethod::Tsne: return QStringLiteral("tsne");
    case ProjectionMethod::Axes: return QStringLiteral("axes");
    }
    return {};
}

bool ProjectionJob::methodFromId(const QString& id, ProjectionMethod& method)
{
    for (ProjectionMethod m : {ProjectionMethod::Pca, ProjectionMethod::Tsne, ProjectionMethod::Axes})
        if (methodId(m) == id) {
            method = m;
            return true;
        }
    return false;
}

ProjectionResult ProjectionJob::run(const ProjectionRequest& request, const std::function<bool(double)>& progress)
{
    ProjectionResult result;
    result.request = request;
    const auto started = std::chrono::steady_clock::now();
    try {
        if (!request.data || request.rows < 2 || request.columns < 1 ||
            static_cast<int64_t>(request.data->size()) != request.rows * request.columns)
            throw std::invalid_argument(tr("there is nothing to project (fewer than two points)").toStdString());
        const float* data = request.data->data();
        const int64_t n = request.rows;
        switch (request.method) {
        case ProjectionMethod::Pca: {
            if (!progress(0.0))
                throw OperationCancelled{};
            const PcaProjection pca(data, n, request.columns, 3);
            result.xyz = pca.coordinates();
            result.explainedVariance = pca.explainedVarianceRatio();
            const auto& ev = result.explainedVariance;
            result.description = tr("PCA: %1% + %2% + %3% = %4% of the variance")
                                     .arg(100 * ev[0], 0, 'f', 1)
                                     .arg(100 * ev[1], 0, 'f', 1)
                                     .arg(100 * ev[2], 0, 'f', 1)
                                     .arg(100 * (ev[0] + ev[1] + ev[2]), 0, 'f', 1);
            break;
        }
        case ProjectionMethod::Tsne: {
            TsneOptions options;
            options.perplexity = request.perplexity;
            options.iterations = request.iterations;
            options.seed = request.seed;
            // The job's callback answers false to cancel: that cancels t-SNE's Progress.
            Progress tsneProgress;
            tsneProgress = Progress([&tsneProgress, &progress](const ProgressUpdate& u) {
                if (!progress(u.fraction))
                    tsneProgress.cancel();
            });
            const TsneProjection tsne(data, n, request.columns, options, tsneProgress);
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
    } catch (const OperationCancelled&) {
        result.cancelled = true;
        result.xyz.clear();
    } catch (const std::exception& e) {
        result.error = QString::fromStdString(e.what());
        result.xyz.clear();
    }
    return result;
}

} // namespace zooscope
