// k nearest neighbours in latent space: brute force over all rows (100,000 x 64 floats is a few ms),
// exact, Euclidean or cosine.
#pragma once

#include <cstddef>
#include <vector>

namespace zooscope {

class LatentNeighbours {
public:
    enum class Metric { Euclidean, Cosine };

    // data: rows x dims floats, row-major. Throws std::invalid_argument when the size does not fit.
    void setLatents(std::vector<float> data, int dims);
    int rowCount() const { return m_dims > 0 ? int(m_data.size() / std::size_t(m_dims)) : 0; }
    int dims() const { return m_dims; }

    // The k rows nearest to row `query` (itself excluded), nearest first. candidateRows >= 0: only rows
    // 0..candidateRows-1 are candidates (a reference population first, the rows to place after it).
    std::vector<int> nearest(int query, int k, Metric metric, int candidateRows = -1) const;
    // Between rows a and b: Euclidean distance, or cosine distance 1 - cos.
    float distance(int a, int b, Metric metric) const;
    // The union of the k nearest rows of every query row, without the query rows themselves.
    std::vector<int> nearestOfAll(const std::vector<int>& queries, int k, Metric metric) const;

private:
    // What nearest() ranks by: the squared Euclidean distance, or the cosine distance.
    float dissimilarity(int a, int b, Metric metric) const;

    std::vector<float> m_data;
    std::vector<float> m_norms;
    int m_dims = 0;
};

} // namespace zooscope
