#include "widgets/DensitySubset.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>

namespace zooscope {

std::vector<int> DensitySubset::rows(const std::vector<float>& xyz, const std::vector<int>& rows, std::size_t target,
                                     int cellsPerAxis)
{
    if (rows.size() <= target)
        return rows;
    const int g = std::clamp(cellsPerAxis, 1, 256);
    std::array<float, 3> lo{std::numeric_limits<float>::max(), std::numeric_limits<float>::max(),
                            std::numeric_limits<float>::max()};
    std::array<float, 3> hi{std::numeric_limits<float>::lowest(), std::numeric_limits<float>::lowest(),
                            std::numeric_limits<float>::lowest()};
    for (int r : rows)
        for (int a = 0; a < 3; ++a) {
            lo[std::size_t(a)] = std::min(lo[std::size_t(a)], xyz[3 * std::size_t(r) + std::size_t(a)]);
            hi[std::size_t(a)] = std::max(hi[std::size_t(a)], xyz[3 * std::size_t(r) + std::size_t(a)]);
        }
    std::array<float, 3> scale{};
    for (std::size_t a = 0; a < 3; ++a)
        scale[a] = hi[a] > lo[a] ? float(g) / (hi[a] - lo[a]) : 0.0f;
    std::vector<std::uint32_t> cellOf(rows.size());
    std::vector<std::uint32_t> count(std::size_t(g) * std::size_t(g) * std::size_t(g), 0);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const float* p = &xyz[3 * std::size_t(rows[i])];
        std::size_t cell = 0;
        for (std::size_t a = 0; a < 3; ++a) {
            const int c = std::clamp(int((p[a] - lo[a]) * scale[a]), 0, g - 1); // NaN lands in cell 0
            cell = cell * std::size_t(g) + std::size_t(c);
        }
        cellOf[i] = std::uint32_t(cell);
        ++count[cell];
    }
    // The largest k with sum over cells of min(count, k) <= target (at least 1).
    std::vector<std::uint32_t> occupied;
    for (std::uint32_t c : count)
        if (c > 0)
            occupied.push_back(c);
    const auto keptWith = [&](std::uint32_t k) {
        std::size_t sum = 0;
        for (std::uint32_t c : occupied)
            sum += std::min(c, k);
        return sum;
    };
    std::uint32_t lowK = 1, highK = *std::max_element(occupied.begin(), occupied.end());
    while (lowK < highK) {
        const std::uint32_t mid = lowK + (highK - lowK + 1) / 2;
        if (keptWith(mid) <= target)
            lowK = mid;
        else
            highK = mid - 1;
    }
    std::vector<std::uint32_t> taken(count.size(), 0);
    std::vector<int> out;
    out.reserve(keptWith(lowK));
    for (std::size_t i = 0; i < rows.size(); ++i)
        if (taken[cellOf[i]]++ < lowK)
            out.push_back(rows[i]);
    return out;
}

} // namespace zooscope
