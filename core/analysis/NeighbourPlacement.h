#pragma once

#include <cstdint>
#include <vector>

namespace zooscope {

// Places points in a projection that has no map for new points (t-SNE): each at the distance-weighted
// mean (weights 1 / distance) of the projected coordinates of its k nearest reference points, nearest
// measured in the input space. t-SNE places the points it left out of its fit this way, and the explorer
// places generated models in a t-SNE view the same way.
class NeighbourPlacement {
public:
    // references: [rows, columns] row-major inputs; coordinates: [rows, dimensions], their places in the
    // projection. Both are copied. Throws std::invalid_argument on empty or mismatched sizes.
    NeighbourPlacement(const float* references, const float* coordinates, int64_t rows, int64_t columns, int dimensions,
                       int neighbours = 5);

    int dimensions() const { return m_dimensions; }
    int64_t columns() const { return m_columns; }

    // Places `count` points ([count, columns]): [count, dimensions]. threads 0: the engine's compute threads.
    std::vector<float> place(const float* points, int64_t count, int threads = 0) const;

private:
    int64_t m_rows, m_columns;
    int m_dimensions, m_neighbours;
    std::vector<float> m_references, m_coordinates;
};

} // namespace zooscope
