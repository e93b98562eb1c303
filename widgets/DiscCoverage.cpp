#include "widgets/DiscCoverage.h"

#include <algorithm>
#include <cmath>

namespace zooscope {

namespace {

// Slack in cells against rounding: the files keep coordinates to a few decimals.
constexpr double kSlack = 0.02;

} // namespace

DiscCoverage::DiscCoverage(double x0, double y0, double cell, int width, int height)
    : m_x0(x0)
    , m_y0(y0)
    , m_cell(cell)
    , m_width(std::max(width, 0))
    , m_height(std::max(height, 0))
    , m_cells(std::size_t(m_width) * std::size_t(m_height), 0)
{
}

bool DiscCoverage::covered(double cx, double cy, double radius) const
{
    // In cells; grown by the slack so that every cell the disc might touch is looked at.
    const double x = (cx - m_x0) / m_cell, y = (cy - m_y0) / m_cell, r = radius / m_cell + kSlack;
    if (!std::isfinite(x) || !std::isfinite(y) || !std::isfinite(r))
        return false;
    const int rowFirst = std::max(0, int(std::floor(y - r)));
    const int rowLast = std::min(m_height - 1, int(std::floor(y + r)));
    for (int row = rowFirst; row <= rowLast; ++row) {
        // The disc's widest extent within the strip [row, row + 1].
        const double dy = (y >= row && y <= row + 1) ? 0.0 : std::min(std::abs(y - row), std::abs(y - (row + 1)));
        if (dy > r)
            continue;
        const double half = std::sqrt(r * r - dy * dy);
        const int first = std::max(0, int(std::floor(x - half)));
        const int last = std::min(m_width - 1, int(std::floor(x + half)));
        const std::uint8_t* line = m_cells.data() + std::size_t(row) * std::size_t(m_width);
        for (int col = first; col <= last; ++col)
            if (!line[col])
                return false;
    }
    return true; // every cell it touches is covered or outside the grid
}

void DiscCoverage::cover(double cx, double cy, double radius)
{
    // Shrunk by the slack: only cells surely inside.
    const double x = (cx - m_x0) / m_cell, y = (cy - m_y0) / m_cell, r = radius / m_cell - kSlack;
    if (!(r > 0) || !std::isfinite(x) || !std::isfinite(y))
        return;
    const int rowFirst = std::max(0, int(std::ceil(y - r)));
    const int rowLast = std::min(m_height - 1, int(std::floor(y + r)) - 1);
    for (int row = rowFirst; row <= rowLast; ++row) {
        // The disc's narrowest extent within the strip: at the strip's edge farther from the centre.
        const double dy = std::max(std::abs(y - row), std::abs(y - (row + 1)));
        if (dy >= r)
            continue;
        const double half = std::sqrt(r * r - dy * dy);
        const int first = std::max(0, int(std::ceil(x - half)));
        const int last = std::min(m_width - 1, int(std::floor(x + half)) - 1);
        std::uint8_t* line = m_cells.data() + std::size_t(row) * std::size_t(m_width);
        for (int col = first; col <= last; ++col)
            line[col] = 1;
    }
}

} // namespace zooscope
