// Linked histograms' logic, as crossfilter.js does it: several properties (dimensions), each binned
// once, each with an optional brush; the rows that pass every brush (AND across dimensions) are the
// selection. For each dimension it also counts the rows that pass every OTHER dimension's brush, so that
// a histogram can show what its own brush would select if it were moved. Only the rows on show (all, or
// the isolated ones) take part. Plain C++, no window: the histogram panel's binding drives it.
#pragma once

#include "widgets/HistogramBrush.h"
#include "widgets/PropertyHistogram.h"

#include <QString>

#include <memory>
#include <vector>

namespace zooscope {

class Crossfilter {
public:
    // The number of rows (points of the zoo); drops every dimension.
    void reset(int rowCount);
    int rowCount() const { return int(m_shown.size()); }
    // The rows on show, ascending; empty: every row.
    void setShownRows(const std::vector<int>& rows);
    bool isShown(int row) const { return row >= 0 && row < rowCount() && m_shown[size_t(row)]; }
    int shownCount() const { return m_shownCount; }

    // Adds a dimension (its histogram must have rowCount() rows); returns its index.
    int addDimension(const QString& id, std::shared_ptr<const PropertyHistogram> histogram);
    void removeDimension(int index);
    int dimensionCount() const { return int(m_dimensions.size()); }
    int indexOf(const QString& id) const;
    const QString& id(int index) const { return m_dimensions[size_t(index)].id; }
    const PropertyHistogram& histogram(int index) const { return *m_dimensions[size_t(index)].histogram; }

    void setBrush(int index, const HistogramBrush& brush);
    const HistogramBrush& brush(int index) const { return m_dimensions[size_t(index)].brush; }
    void clearBrushes();
    int brushCount() const;
    // Whether a row's value lies in dimension `index`'s brush (true without a brush).
    bool passes(int index, int row) const;

    // The rows on show that pass every brush, ascending (every row on show without brushes).
    std::vector<int> filteredRows() const;
    // Per bin of dimension `index`: the rows on show; those that pass every other dimension's brush;
    // those of `rows` that are on show. Rows without a value are added to *missing.
    std::vector<int> shownCounts(int index, int* missing = nullptr) const;
    std::vector<int> othersCounts(int index, int* missing = nullptr) const;
    std::vector<int> countsOf(int index, const std::vector<int>& rows, int* missing = nullptr) const;

private:
    struct Dimension {
        QString id;
        std::shared_ptr<const PropertyHistogram> histogram;
        HistogramBrush brush;
        std::vector<char> inBrush; // per bin (categorical) for a quick test
    };
    std::vector<Dimension> m_dimensions;
    std::vector<char> m_shown;
    int m_shownCount = 0;
};

} // namespace zooscope
