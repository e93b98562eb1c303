// A subset of many points that keeps every point where they are sparse and thins them where they crowd:
// at most k points per cell of a 3D grid over their bounds, k chosen so that about `target` points remain.
// The latent view draws it culled as the first still frame after a camera move at a million points; the
// crowded cells still show a closed surface of discs and no outlier goes missing, and the full frame
// follows a moment later.
#pragma once

#include <vector>

namespace zooscope {

class DensitySubset {
public:
    // Rows (of xyz, 3 floats per row) kept from `rows`, in their order; all of them when there are no
    // more than target. cellsPerAxis: the grid's resolution.
    static std::vector<int> rows(const std::vector<float>& xyz, const std::vector<int>& rows, std::size_t target,
                                 int cellsPerAxis = 64);
};

} // namespace zooscope
