#include "analysis/NeighbourPlacement.h"

#include "analysis/ParallelFor.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace zooscope {

NeighbourPlacement::NeighbourPlacement(const float* references, const float* coordinates, int64_t rows, int64_t columns,
                                       int dimensions, int neighbours)
    : m_rows(rows), m_columns(columns), m_dimensions(dimensions),
      m_neighbours(static_cast<int>(std::min<int64_t>(neighbours, rows)))
{
    if (rows < 1 || columns < 1 || dimensions < 1 || neighbours < 1)
        throw std::invalid_argument("neighbour placement needs at least one reference point, column, dimension and neighbour");
    m_references.assign(references, references + rows * columns);
    m_coordinates.assign(coordinates, coordinates + rows * dimensions);
}

std::vector<float> NeighbourPlacement::place(const float* points, int64_t count, int threads) const
{
    std::vector<float> out(static_cast<size_t>(count * m_dimensions), 0.0f);
    const int64_t n = m_rows, d = m_columns;
    parallelFor(count, threads, [&](int64_t begin, int64_t end, int) {
        std::vector<std::pair<double, int64_t>> dist(static_cast<size_t>(n));
        std::vector<double> at(static_cast<size_t>(m_dimensions));
        for (int64_t i = begin; i < end; ++i) {
            const float* xi = points + i * d;
            for (int64_t j = 0; j < n; ++j) {
                const float* xj = m_references.data() + j * d;
                double s = 0;
                for (int64_t c = 0; c < d; ++c) {
                    const double diff = static_cast<double>(xi[c]) - xj[c];
                    s += diff * diff;
                }
                dist[static_cast<size_t>(j)] = {s, j};
            }
            std::partial_sort(dist.begin(), dist.begin() + m_neighbours, dist.end());
            double weightSum = 0;
            std::fill(at.begin(), at.end(), 0.0);
            for (int k = 0; k < m_neighbours; ++k) {
                const double w = 1.0 / (std::sqrt(dist[static_cast<size_t>(k)].first) + 1e-12);
                weightSum += w;
                const int64_t row = dist[static_cast<size_t>(k)].second;
                for (int a = 0; a < m_dimensions; ++a)
                    at[static_cast<size_t>(a)] += w * m_coordinates[static_cast<size_t>(row * m_dimensions + a)];
            }
            for (int a = 0; a < m_dimensions; ++a)
                out[static_cast<size_t>(i * m_dimensions + a)] = static_cast<float>(at[static_cast<size_t>(a)] / weightSum);
        }
    });
    return out;
}

} // namespace zooscope
