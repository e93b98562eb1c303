#include "analysis/LatentNeighbours.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace zooscope {

void LatentNeighbours::setLatents(std::vector<float> data, int dims)
{
    if (dims <= 0 || data.size() % std::size_t(dims) != 0)
        throw std::invalid_argument("LatentNeighbours: the latent matrix must hold rows x dims values");
    m_data = std::move(data);
    m_dims = dims;
    const int n = rowCount();
    m_norms.assign(std::size_t(n), 0.0f);
    for (int i = 0; i < n; ++i) {
        const float* v = &m_data[std::size_t(i) * std::size_t(dims)];
        double s = 0.0;
        for (int d = 0; d < dims; ++d)
            s += double(v[d]) * v[d];
        m_norms[std::size_t(i)] = float(std::sqrt(s));
    }
}

float LatentNeighbours::dissimilarity(int a, int b, Metric metric) const
{
    const std::size_t dims = std::size_t(m_dims);
    const float* q = &m_data[std::size_t(a) * dims];
    const float* v = &m_data[std::size_t(b) * dims];
    if (metric == Metric::Euclidean) {
        float d = 0.0f;
        for (std::size_t j = 0; j < dims; ++j) {
            const float t = v[j] - q[j];
            d += t * t;
        }
        return d;
    }
    float dot = 0.0f;
    for (std::size_t j = 0; j < dims; ++j)
        dot += v[j] * q[j];
    const float norms = m_norms[std::size_t(b)] * m_norms[std::size_t(a)];
    return norms > 0.0f ? 1.0f - dot / norms : 1.0f;
}

float LatentNeighbours::distance(int a, int b, Metric metric) const
{
    if (a < 0 || b < 0 || a >= rowCount() || b >= rowCount())
        throw std::invalid_argument("LatentNeighbours: row out of range");
    const float d = dissimilarity(a, b, metric);
    return metric == Metric::Euclidean ? std::sqrt(d) : d;
}

std::vector<int> LatentNeighbours::nearest(int query, int k, Metric metric, int candidateRows) const
{
    const int n = rowCount();
    if (query < 0 || query >= n || k <= 0)
        return {};
    const int candidates = candidateRows >= 0 ? std::min(candidateRows, n) : n;
    std::vector<std::pair<float, int>> dist;
    dist.reserve(std::size_t(candidates));
    for (int i = 0; i < candidates; ++i)
        if (i != query)
            dist.emplace_back(dissimilarity(query, i, metric), i);
    const std::size_t kk = std::min(std::size_t(k), dist.size());
    std::partial_sort(dist.begin(), dist.begin() + std::ptrdiff_t(kk), dist.end());
    std::vector<int> rows(kk);
    for (std::size_t i = 0; i < kk; ++i)
        rows[i] = dist[i].second;
    return rows;
}

std::vector<int> LatentNeighbours::nearestOfAll(const std::vector<int>& queries, int k, Metric metric) const
{
    std::vector<char> isQuery(std::size_t(rowCount()), 0), taken(std::size_t(rowCount()), 0);
    for (int q : queries)
        if (q >= 0 && q < rowCount())
            isQuery[std::size_t(q)] = 1;
    std::vector<int> out;
    for (int q : queries)
        for (int r : nearest(q, k, metric))
            if (!isQuery[std::size_t(r)] && !taken[std::size_t(r)]) {
                taken[std::size_t(r)] = 1;
                out.push_back(r);
            }
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace zooscope
