#include "widgets/ScatterPointData.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>

namespace zooscope {

namespace {

void checkCount(std::size_t got, std::size_t points, const char* what)
{
    if (got != points)
        throw std::invalid_argument(std::string("ScatterPointData::") + what + ": one value per point expected");
}

// xyz: 3 floats per point; values: one per point or none.
void checkPointSet(const std::vector<float>& xyz, const std::vector<double>& values, const char* what)
{
    if (xyz.size() % 3 != 0)
        throw std::invalid_argument(std::string("ScatterPointData::") + what + ": xyz must hold 3 coordinates per point");
    if (!values.empty())
        checkCount(values.size(), xyz.size() / 3, what);
}

} // namespace

void ScatterPointData::setPoints(const std::vector<float>& xyz, const std::vector<double>& values)
{
    checkPointSet(xyz, values, "setPoints");
    if (xyz.size() != m_xyz.size())
        m_trajectoryGroups.clear(); // groups of another data set no longer apply
    m_xyz = xyz;
    m_values = values;
    m_categoryNames.clear();
    m_sizeFactors.clear();
    m_highlightRows.clear();
    m_trajectories.clear();
    m_visibleRows.resize(pointCount());
    std::iota(m_visibleRows.begin(), m_visibleRows.end(), 0);
}

std::array<float, 3> ScatterPointData::position(std::size_t row) const
{
    return {m_xyz[3 * row], m_xyz[3 * row + 1], m_xyz[3 * row + 2]};
}

void ScatterPointData::setValues(const std::vector<double>& values)
{
    if (!values.empty())
        checkCount(values.size(), pointCount(), "setValues");
    m_values = values;
    m_categoryNames.clear();
}

void ScatterPointData::setCategories(const std::vector<int>& codes, const std::vector<std::string>& names)
{
    checkCount(codes.size(), pointCount(), "setCategories");
    m_values.resize(codes.size());
    for (std::size_t i = 0; i < codes.size(); ++i)
        m_values[i] = codes[i] >= 0 && std::size_t(codes[i]) < names.size() ? double(codes[i])
                                                                             : std::numeric_limits<double>::quiet_NaN();
    m_categoryNames = names;
}

void ScatterPointData::setSizeValues(const std::vector<double>& values)
{
    if (!values.empty())
        checkCount(values.size(), pointCount(), "setSizeValues");
    m_sizeFactors.clear();
    if (values.empty())
        return;
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (double v : values)
        if (std::isfinite(v)) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    m_sizeFactors.assign(values.size(), 1.0f);
    if (lo < hi)
        for (std::size_t i = 0; i < values.size(); ++i)
            if (std::isfinite(values[i]))
                m_sizeFactors[i] = float(0.5 + 1.5 * (values[i] - lo) / (hi - lo));
}

void ScatterPointData::setVisibleRows(std::vector<int> rows)
{
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    rows.erase(std::remove_if(rows.begin(), rows.end(), [this](int r) { return r < 0 || std::size_t(r) >= pointCount(); }),
               rows.end());
    m_visibleRows = std::move(rows);
}

void ScatterPointData::showAllPoints()
{
    m_visibleRows.resize(pointCount());
    std::iota(m_visibleRows.begin(), m_visibleRows.end(), 0);
}

std::array<double, 6> ScatterPointData::visibleBounds() const
{
    if (m_visibleRows.empty())
        return {-0.5, 0.5, -0.5, 0.5, -0.5, 0.5};
    std::array<double, 6> b{};
    for (int axis = 0; axis < 3; ++axis) {
        b[std::size_t(2 * axis)] = std::numeric_limits<double>::infinity();
        b[std::size_t(2 * axis + 1)] = -std::numeric_limits<double>::infinity();
    }
    for (int r : m_visibleRows)
        for (std::size_t axis = 0; axis < 3; ++axis) {
            const double v = m_xyz[3 * std::size_t(r) + axis];
            b[2 * axis] = std::min(b[2 * axis], v);
            b[2 * axis + 1] = std::max(b[2 * axis + 1], v);
        }
    return b;
}

void ScatterPointData::setHighlightedRows(std::vector<int> rows)
{
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    m_highlightRows = std::move(rows);
}

std::vector<int> ScatterPointData::highlightedVisibleRows() const
{
    std::vector<int> shown;
    shown.reserve(m_highlightRows.size());
    std::set_intersection(m_highlightRows.begin(), m_highlightRows.end(), m_visibleRows.begin(), m_visibleRows.end(),
                          std::back_inserter(shown));
    return shown;
}

std::vector<int> ScatterPointData::subsetOfVisible(int count) const
{
    if (m_visibleRows.size() <= std::size_t(std::max(count, 0)))
        return {};
    std::vector<int> rows = m_visibleRows;
    std::mt19937 rng(20221128u);
    std::shuffle(rows.begin(), rows.end(), rng);
    rows.resize(std::size_t(count));
    std::sort(rows.begin(), rows.end());
    return rows;
}

void ScatterPointData::setGeneratedPoints(const std::vector<float>& xyz, const std::vector<double>& values)
{
    checkPointSet(xyz, values, "setGeneratedPoints");
    m_generatedXyz = xyz;
    m_generatedValues = values;
}

void ScatterPointData::setTrajectories(const std::vector<std::vector<int>>& lines)
{
    m_trajectories.clear();
    for (const std::vector<int>& line : lines) {
        std::vector<int> rows;
        for (int r : line)
            if (r >= 0 && std::size_t(r) < pointCount())
                rows.push_back(r);
        if (rows.size() >= 2)
            m_trajectories.push_back(std::move(rows));
    }
}

std::vector<std::vector<int>> ScatterPointData::trajectoryLines(TrajectoryMode mode) const
{
    std::vector<std::vector<int>> lines;
    if (mode == TrajectoryMode::None)
        return lines;
    std::vector<char> shown(pointCount(), 0);
    for (int r : m_visibleRows)
        shown[std::size_t(r)] = 1;
    for (const std::vector<int>& group : m_trajectoryGroups) {
        if (mode == TrajectoryMode::Selected &&
            std::none_of(group.begin(), group.end(),
                         [this](int r) { return std::binary_search(m_highlightRows.begin(), m_highlightRows.end(), r); }))
            continue;
        std::vector<int> line;
        for (int r : group)
            if (r >= 0 && std::size_t(r) < shown.size() && shown[std::size_t(r)])
                line.push_back(r);
        lines.push_back(std::move(line));
    }
    return lines;
}

} // namespace zooscope
