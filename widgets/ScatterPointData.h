// The points of the latent view as plain data, without VTK: positions, colour values or categories, size
// factors, the rows on show, the selected rows, generated models and trajectories. The VTK scene draws it;
// the figure export and tests read it directly.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <vector>

namespace zooscope {

class ScatterPointData {
public:
    // Which models' trajectories are drawn.
    enum class TrajectoryMode { None, Selected, All };

    // xyz holds 3 floats per point; values one per point (or none). Shows all points; clears categories,
    // sizes, highlights and trajectories, and the trajectory groups when the number of points changes. Throws std::invalid_argument when the sizes do not match.
    void setPoints(const std::vector<float>& xyz, const std::vector<double>& values);
    std::size_t pointCount() const { return m_xyz.size() / 3; }
    const std::vector<float>& xyz() const { return m_xyz; }
    std::array<float, 3> position(std::size_t row) const;

    // One value per point (or none). Throws on a size mismatch.
    void setValues(const std::vector<double>& values);
    // Codes 0..names.size()-1 per point become the values (other codes NaN). Throws on a size mismatch.
    void setCategories(const std::vector<int>& codes, const std::vector<std::string>& names);
    const std::vector<double>& values() const { return m_values; }
    const std::vector<std::string>& categoryNames() const { return m_categoryNames; }

    // Relative disc sizes from a property: its range maps to 0.5x..2x (NaN: 1x); empty: all 1x.
    void setSizeValues(const std::vector<double>& values);
    const std::vector<float>& sizeFactors() const { return m_sizeFactors; }
    float sizeFactor(std::size_t row) const { return m_sizeFactors.empty() ? 1.0f : m_sizeFactors[row]; }

    // The rows on show, increasing; out-of-range and repeated rows are dropped.
    void setVisibleRows(std::vector<int> rows);
    void showAllPoints();
    bool allPointsVisible() const { return m_visibleRows.size() == pointCount(); }
    const std::vector<int>& visibleRows() const { return m_visibleRows; }
    // Bounds of the points on show (xmin, xmax, ymin, ymax, zmin, zmax); a unit cube around 0 when none.
    std::array<double, 6> visibleBounds() const;

    // Selected rows, increasing; highlightedVisibleRows() those of them on show.
    void setHighlightedRows(std::vector<int> rows);
    const std::vector<int>& highlightedRows() const { return m_highlightRows; }
    std::vector<int> highlightedVisibleRows() const;

    // A fixed random subset of `count` rows on show, increasing (empty when no more rows than that are on show):
    // the same subset every time, so that the level of detail does not flicker between moves.
    std::vector<int> subsetOfVisible(int count) const;

    // Generated models: a second point set, not selectable. Throws on a size mismatch.
    void setGeneratedPoints(const std::vector<float>& xyz, const std::vector<double>& values);
    std::size_t generatedCount() const { return m_generatedXyz.size() / 3; }
    const std::vector<float>& generatedXyz() const { return m_generatedXyz; }
    const std::vector<double>& generatedValues() const { return m_generatedValues; }

    // Polylines through rows (e.g. one model's checkpoints in epoch order); rows out of range are skipped,
    // lines of fewer than 2 rows dropped.
    void setTrajectories(const std::vector<std::vector<int>>& lines);
    const std::vector<std::vector<int>>& trajectories() const { return m_trajectories; }
    // The rows of each model in epoch order, and the lines they give for a mode: every group or those with
    // a highlighted row, each through its rows on show.
    void setTrajectoryGroups(std::vector<std::vector<int>> rowsPerModel) { m_trajectoryGroups = std::move(rowsPerModel); }
    const std::vector<std::vector<int>>& trajectoryGroups() const { return m_trajectoryGroups; }
    std::vector<std::vector<int>> trajectoryLines(TrajectoryMode mode) const;

private:
    std::vector<float> m_xyz;
    std::vector<double> m_values;
    std::vector<std::string> m_categoryNames;
    std::vector<float> m_sizeFactors;
    std::vector<int> m_visibleRows;
    std::vector<int> m_highlightRows;
    std::vector<float> m_generatedXyz;
    std::vector<double> m_generatedValues;
    std::vector<std::vector<int>> m_trajectories;
    std::vector<std::vector<int>> m_trajectoryGroups;
};

} // namespace zooscope
