#include "widgets/Crossfilter.h"

#include <cmath>
#include <stdexcept>

namespace zooscope {

void Crossfilter::reset(int rowCount)
{
    m_dimensions.clear();
    m_shown.assign(size_t(std::max(0, rowCount)), 1);
    m_shownCount = int(m_shown.size());
}

void Crossfilter::setShownRows(const std::vector<int>& rows)
{
    if (rows.empty()) {
        m_shown.assign(m_shown.size(), 1);
        m_shownCount = int(m_shown.size());
        return;
    }
    m_shown.assign(m_shown.size(), 0);
    m_shownCount = 0;
    for (int r : rows)
        if (r >= 0 && r < rowCount() && !m_shown[size_t(r)]) {
            m_shown[size_t(r)] = 1;
            ++m_shownCount;
        }
}

int Crossfilter::addDimension(const QString& id, std::shared_ptr<const PropertyHistogram> histogram)
{
    if (!histogram || histogram->rowCount() != rowCount())
        throw std::invalid_argument("a crossfilter dimension needs a histogram of every row");
    m_dimensions.push_back({id, std::move(histogram), {}, {}});
    return int(m_dimensions.size()) - 1;
}

void Crossfilter::removeDimension(int index)
{
    if (index >= 0 && index < dimensionCount())
        m_dimensions.erase(m_dimensions.begin() + index);
}

int Crossfilter::indexOf(const QString& id) const
{
    for (int i = 0; i < dimensionCount(); ++i)
        if (m_dimensions[size_t(i)].id == id)
            return i;
    return -1;
}

void Crossfilter::setBrush(int index, const HistogramBrush& brush)
{
    Dimension& d = m_dimensions.at(size_t(index));
    d.brush = brush;
    d.inBrush.assign(size_t(d.histogram->binCount()), 0);
    if (d.histogram->isCategorical())
        for (int c : brush.categories)
            if (c >= 0 && c < d.histogram->binCount())
                d.inBrush[size_t(c)] = 1;
}

void Crossfilter::clearBrushes()
{
    for (int i = 0; i < dimensionCount(); ++i)
        setBrush(i, {});
}

int Crossfilter::brushCount() const
{
    int n = 0;
    for (const Dimension& d : m_dimensions)
        n += d.brush.active ? 1 : 0;
    return n;
}

bool Crossfilter::passes(int index, int row) const
{
    const Dimension& d = m_dimensions[size_t(index)];
    if (!d.brush.active)
        return true;
    const int bin = d.histogram->binOf(row);
    if (bin < 0)
        return false; // no value: never inside a brush
    if (d.histogram->isCategorical())
        return d.inBrush[size_t(bin)] != 0;
    const double v = d.histogram->value(row);
    return v >= d.brush.low && v <= d.brush.high;
}

std::vector<int> Crossfilter::filteredRows() const
{
    std::vector<int> brushed;
    for (int i = 0; i < dimensionCount(); ++i)
        if (m_dimensions[size_t(i)].brush.active)
            brushed.push_back(i);
    std::vector<int> rows;
    for (int r = 0; r < rowCount(); ++r) {
        if (!m_shown[size_t(r)])
            continue;
        bool ok = true;
        for (int i : brushed)
            if (!passes(i, r)) {
                ok = false;
                break;
            }
        if (ok)
            rows.push_back(r);
    }
    return rows;
}

std::vector<int> Crossfilter::shownCounts(int index, int* missing) const
{
    return histogram(index).counts(m_shown, missing);
}

std::vector<int> Crossfilter::othersCounts(int index, int* missing) const
{
    std::vector<char> mask = m_shown;
    for (int i = 0; i < dimensionCount(); ++i) {
        if (i == index || !m_dimensions[size_t(i)].brush.active)
            continue;
        for (int r = 0; r < rowCount(); ++r)
            if (mask[size_t(r)] && !passes(i, r))
                mask[size_t(r)] = 0;
    }
    return histogram(index).counts(mask, missing);
}

std::vector<int> Crossfilter::countsOf(int index, const std::vector<int>& rows, int* missing) const
{
    std::vector<int> shown;
    shown.reserve(rows.size());
    for (int r : rows)
        if (isShown(r))
            shown.push_back(r);
    return histogram(index).counts(shown, missing);
}

} // namespace zooscope
