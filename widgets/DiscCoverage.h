// Which parts of a figure's plot are already covered by opaque discs, on a grid of square cells: the
// vector figure paints points front to back in its head and leaves out a point whose disc lies wholly in
// covered cells, so that 100,000-point figures stay small. It errs one way only: a cell counts as covered
// when it lies entirely inside one disc, and a disc as hidden when every cell it touches is covered (cells
// outside the grid count as covered: the plot clips them away). A point that shows even a sliver is kept.
#pragma once

#include <cstdint>
#include <vector>

namespace zooscope {

class DiscCoverage {
public:
    // A grid of width x height cells, each `cell` units wide, whose top left corner is at (x0, y0).
    DiscCoverage(double x0, double y0, double cell, int width, int height);

    int width() const { return m_width; }
    int height() const { return m_height; }

    // Whether the disc (centre, radius in the caller's units) is covered wholly.
    bool covered(double cx, double cy, double radius) const;
    // Marks the cells that lie entirely inside the disc.
    void cover(double cx, double cy, double radius);

private:
    double m_x0, m_y0, m_cell;
    int m_width, m_height;
    std::vector<std::uint8_t> m_cells;
};

} // namespace zooscope
