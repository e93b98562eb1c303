#pragma once

#include <cstdint>
#include <vector>

namespace zooscope {

// Principal component analysis of a point set (rows = points), for the 3D view and for sampling in a
// low-dimensional projection.
class PcaProjection {
public:
    // Exact: eigen-decomposition of the smaller of the Gram and covariance matrices. Subspace: block
    // power iteration on the data for the leading components only; Auto picks it when both sides of the
    // data exceed kExactLimit (a zoo's raw weights: the exact solve of 1,792 x 2,464 takes ~3 s on one
    // core, the iteration ~0.1 s, and agrees with it to float precision on such data).
    enum class Solver { Auto, Exact, Subspace };
    static constexpr int64_t kExactLimit = 512;

    // Fits on `rows` x `columns` row-major data. Throws std::invalid_argument on empty or non-finite data.
    PcaProjection(const float* data, int64_t rows, int64_t columns, int components = 3, Solver solver = Solver::Auto);

    int components() const { return m_components; }
    int64_t columns() const { return static_cast<int64_t>(m_mean.size()); }
    // Share of the total variance per component, in 0..1, descending.
    const std::vector<double>& explainedVarianceRatio() const { return m_explained; }
    // The fitted points' coordinates, [rows, components].
    const std::vector<float>& coordinates() const { return m_coordinates; }

    // Coordinates of other points in the fitted space, [rows, components].
    std::vector<float> transform(const float* data, int64_t rows) const;
    // Back from the fitted space to the original one, [rows, columns].
    std::vector<float> inverseTransform(const float* coordinates, int64_t rows) const;

private:
    int m_components = 0;
    std::vector<float> m_mean;       // [columns]
    std::vector<float> m_axes;       // [components, columns], unit length
    std::vector<double> m_explained; // [components]
    std::vector<float> m_coordinates;
};

} // namespace zooscope
