#include "analysis/LatentNeighbourhood.h"

#include "core/EvenSubset.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>

namespace zooscope {

namespace {
constexpr auto kMetric = LatentNeighbours::Metric::Euclidean;
}

LatentNeighbourhood::LatentNeighbourhood(LatentNeighbours space, int references, std::vector<double> referenceAccuracy, int k,
                                         int maxScaleRows)
    : m_space(std::move(space))
    , m_references(references)
    , m_accuracy(std::move(referenceAccuracy))
{
    if (references < 0 || references > m_space.rowCount() || m_accuracy.size() != static_cast<size_t>(references))
        throw std::invalid_argument("latent neighbourhood: " + std::to_string(references) + " references, " +
                                    std::to_string(m_accuracy.size()) + " accuracies, " + std::to_string(m_space.rowCount()) + " rows");
    if (k < 1)
        throw std::invalid_argument("latent neighbourhood: k must be at least 1");
    m_k = std::min(k, std::max(references - 1, 0));
    if (references < 2)
        return;
    m_scaleRows.resize(static_cast<size_t>(references));
    std::iota(m_scaleRows.begin(), m_scaleRows.end(), 0);
    m_scaleRows = evenSubset(m_scaleRows, static_cast<size_t>(maxScaleRows));
    for (int r : m_scaleRows)
        m_scaleKth.push_back(kthDistance(r, nullptr));
}

double LatentNeighbourhood::kthDistance(int row, std::vector<int>* nearest) const
{
    std::vector<int> rows = m_space.nearest(row, m_k, kMetric, m_references);
    const double d = rows.empty() ? std::nan("") : double(m_space.distance(row, rows.back(), kMetric));
    if (nearest)
        *nearest = std::move(rows);
    return d;
}

LatentNeighbourhood::Placement LatentNeighbourhood::place(int row) const
{
    Placement p;
    if (m_references < 2 || row < 0 || row >= m_space.rowCount())
        return p;
    p.kthDistance = kthDistance(row, &p.nearest);
    double sum = 0;
    int known = 0;
    for (int r : p.nearest) {
        p.distances.push_back(m_space.distance(row, r, kMetric));
        const double a = m_accuracy[static_cast<size_t>(r)];
        if (std::isfinite(a)) {
            sum += a;
            ++known;
        }
    }
    p.meanNeighbourAccuracy = known ? sum / known : std::nan("");
    // The scale without the row itself, as its neighbours are.
    std::vector<double> others;
    for (size_t i = 0; i < m_scaleRows.size(); ++i)
        if (m_scaleRows[i] != row)
            others.push_back(m_scaleKth[i]);
    if (others.empty())
        return p;
    const double mean = std::accumulate(others.begin(), others.end(), 0.0) / double(others.size());
    double var = 0;
    for (double d : others)
        var += (d - mean) * (d - mean);
    const double sd = std::sqrt(var / double(others.size()));
    const auto closer = std::count_if(others.begin(), others.end(), [&](double d) { return d < p.kthDistance; });
    p.outlierPercentile = 100.0 * double(closer) / double(others.size());
    p.outlierZ = sd > 0 ? (p.kthDistance - mean) / sd : std::nan("");
    p.available = true;
    return p;
}

} // namespace zooscope
