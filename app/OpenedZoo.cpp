#include "app/OpenedZoo.h"

#include "analysis/PcaProjection.h"
#include "hyperrep/HyperRepresentation.h"
#include "zoo/ZooFile.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

namespace zooscope {

OpenedZoo OpenedZoo::load(const QString& path, const Progress& progress)
{
    OpenedZoo opened;
    opened.path = path;
    // Reading is most of the work; the projection is the last tenth.
    opened.zoo = ZooFile::read(path.toStdString(), progress.sub(0.0, 0.9));

    const ModelZoo& zoo = opened.zoo;
    for (int64_t m = 0; m < zoo.modelCount(); ++m) {
        for (int64_t c = 0; c < zoo.checkpointCount(); ++c) {
            if (!zoo.hasWeights(m, c))
                continue;
            opened.pointModelRows.push_back(m);
            opened.pointCheckpoints.push_back(c);
            opened.testAccuracy.push_back(zoo.metricAt(zoo.testAccuracy, m, zoo.checkpointEpochs[size_t(c)]));
        }
    }
    const int64_t points = opened.pointCount();
    if (points < 2)
        throw std::runtime_error("the zoo has fewer than two checkpoints with weights: nothing to show");
    progress.report(0.9);

    const std::vector<float> rows = opened.allPointWeights();
    if (!std::all_of(rows.begin(), rows.end(), [](float v) { return std::isfinite(v); }))
        throw std::runtime_error("the zoo has checkpoints with infinite weights: they cannot be shown");
    opened.weightPca = std::make_shared<const PcaProjection>(rows.data(), points, zoo.parameterCount(), 3);
    progress.report(1.0);
    return opened;
}

std::vector<float> OpenedZoo::allPointWeights() const
{
    const int64_t p = zoo.parameterCount();
    std::vector<float> rows;
    rows.reserve(static_cast<size_t>(pointCount() * p));
    for (int64_t i = 0; i < pointCount(); ++i)
        rows.insert(rows.end(), pointWeights(i), pointWeights(i) + p);
    return rows;
}

std::vector<float> OpenedZoo::encode(const HyperRepresentation& hr, const Progress& progress) const
{
    hr.requireArchitecture(zoo.architecture);
    const int64_t p = zoo.parameterCount(), latent = hr.latentDim(), points = pointCount();
    // Batches keep the memory of the attention layers bounded and let the caller cancel between them.
    constexpr int64_t kBatch = 256;
    std::vector<float> out;
    out.reserve(static_cast<size_t>(points * latent));
    std::vector<float> batch;
    for (int64_t first = 0; first < points; first += kBatch) {
        progress.report(static_cast<double>(first) / static_cast<double>(points));
        const int64_t n = std::min(kBatch, points - first);
        batch.clear();
        for (int64_t i = first; i < first + n; ++i)
            batch.insert(batch.end(), pointWeights(i), pointWeights(i) + p);
        const std::vector<float> z = hr.encode(batch.data(), n);
        out.insert(out.end(), z.begin(), z.end());
    }
    progress.report(1.0);
    return out;
}

std::vector<std::vector<int>> OpenedZoo::rowsPerModel() const
{
    std::map<int64_t, std::vector<std::pair<int64_t, int>>> byModel; // model row -> (checkpoint, point)
    for (std::size_t r = 0; r < pointModelRows.size(); ++r)
        byModel[pointModelRows[r]].emplace_back(pointCheckpoints[r], int(r));
    std::vector<std::vector<int>> groups;
    groups.reserve(byModel.size());
    for (auto& [model, points] : byModel) {
        std::sort(points.begin(), points.end());
        std::vector<int> group;
        for (const auto& entry : points)
            group.push_back(entry.second);
        groups.push_back(std::move(group));
    }
    return groups;
}

} // namespace zooscope
