#include "app/LatentNeighbourhoodCard.h"

#include "analysis/LatentNeighbourhood.h"
#include "analysis/ModelDiagnostics.h"
#include "app/OpenedZoo.h"

#include <cmath>

namespace zooscope {

LatentNeighbourhoodCard::LatentNeighbourhoodCard(std::shared_ptr<const OpenedZoo> zoo, std::shared_ptr<const std::vector<float>> latents,
                                                 int64_t dim)
    : m_zoo(std::move(zoo))
    , m_latents(std::move(latents))
    , m_dim(dim)
{
}

LatentNeighbourhoodCard::~LatentNeighbourhoodCard() = default;

LatentNeighbourhoodCard::AtEpoch& LatentNeighbourhoodCard::atCheckpoint(int64_t checkpoint)
{
    auto it = m_epochs.find(checkpoint);
    if (it != m_epochs.end())
        return it->second;
    AtEpoch& at = m_epochs[checkpoint];
    const ModelZoo& zoo = m_zoo->zoo;
    const int64_t epoch = zoo.checkpointEpochs[static_cast<size_t>(checkpoint)];
    // The points of this checkpoint, by model row.
    std::unordered_map<int64_t, int> pointOfModel;
    for (int64_t p = 0; p < m_zoo->pointCount(); ++p)
        if (m_zoo->pointCheckpoints[static_cast<size_t>(p)] == checkpoint)
            pointOfModel.emplace(m_zoo->pointModelRows[static_cast<size_t>(p)], static_cast<int>(p));
    // The space: the reference population first (as Diagnose compares with), then the other points.
    std::vector<float> rows;
    std::vector<double> accuracy;
    const auto add = [&](int point) {
        const float* z = m_latents->data() + static_cast<size_t>(point) * static_cast<size_t>(m_dim);
        rows.insert(rows.end(), z, z + m_dim);
        at.rowOfPoint.emplace(point, static_cast<int>(at.rowOfPoint.size()));
    };
    for (int64_t model : ModelDiagnostics::referenceRows(zoo, checkpoint, ModelDiagnosticsOptions{})) {
        const auto found = pointOfModel.find(model);
        if (found == pointOfModel.end())
            continue;
        add(found->second);
        accuracy.push_back(zoo.metricAt(zoo.testAccuracy, model, epoch));
    }
    const int references = static_cast<int>(accuracy.size());
    for (const auto& [model, point] : pointOfModel)
        if (!at.rowOfPoint.count(point))
            add(point);
    if (references >= 2) {
        LatentNeighbours space;
        space.setLatents(std::move(rows), static_cast<int>(m_dim));
        at.hood = std::make_unique<LatentNeighbourhood>(std::move(space), references, std::move(accuracy), ModelDiagnosticsOptions{}.k);
    }
    return at;
}

QString LatentNeighbourhoodCard::line(int point)
{
    if (!m_zoo || !m_latents || m_dim <= 0 || point < 0 || point >= m_zoo->pointCount() ||
        m_latents->size() != static_cast<size_t>(m_zoo->pointCount() * m_dim))
        return QString();
    AtEpoch& at = atCheckpoint(m_zoo->pointCheckpoints[static_cast<size_t>(point)]);
    const auto row = at.rowOfPoint.find(point);
    if (!at.hood || row == at.rowOfPoint.end())
        return QString();
    const LatentNeighbourhood::Placement p = at.hood->place(row->second);
    if (!p.available || !std::isfinite(p.meanNeighbourAccuracy))
        return QString();
    return tr("%1 latent neighbours at this epoch: test accuracy %2%<br>Outlier percentile %3 <span style='color:#666'>(100: farthest out)</span>")
        .arg(p.nearest.size())
        .arg(100 * p.meanNeighbourAccuracy, 0, 'f', 1)
        .arg(p.outlierPercentile, 0, 'f', 0);
}

} // namespace zooscope
