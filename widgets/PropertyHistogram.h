// The bins of one point property (test accuracy, epoch, activation, ...), made once per property and zoo
// so that linked histograms only recount when the selection or a brush changes: each row's bin is kept.
// Continuous values get equal-width bins over their finite range (one bin per integer when the values are
// few integers, such as epochs); categorical ones one bin per category. NaN (not measured) rows have no
// bin and are counted apart. Plain C++: tests and the crossfilter use it without a window.
#pragma once

#include <QString>
#include <QStringList>

#include <vector>

namespace zooscope {

class PropertyHistogram {
public:
    static constexpr int kMaxBins = 40;

    PropertyHistogram() = default;
    // Values of a continuous property (NaN: no value). At most maxBins bins.
    static PropertyHistogram continuous(std::vector<double> values, int maxBins = kMaxBins);
    // Category indices 0..categories.size()-1 per row (NaN or out of range: no value).
    static PropertyHistogram categorical(const std::vector<double>& values, const QStringList& categories);

    bool isCategorical() const { return m_categorical; }
    int rowCount() const { return int(m_bins.size()); }
    int binCount() const { return m_binCount; }
    // A continuous bin's edges [low, high) (the last one closed); a category's bin is [i - 0.5, i + 0.5).
    double binLow(int bin) const;
    double binHigh(int bin) const;
    double minimum() const { return m_min; }
    double maximum() const { return m_max; }
    // Whether continuous bins are whole numbers (one per integer value).
    bool integerBins() const { return m_integer; }
    const QStringList& categories() const { return m_categories; }
    // A row's bin; -1 when it has no value (or is out of range).
    int binOf(int row) const { return row >= 0 && row < rowCount() ? m_bins[size_t(row)] : -1; }
    double value(int row) const { return m_values[size_t(row)]; }
    // Rows without a value.
    int missingCount() const { return m_missing; }

    // Rows per bin of `rows` (out of range ones ignored); rows without a value are added to *missing.
    std::vector<int> counts(const std::vector<int>& rows, int* missing = nullptr) const;
    // Rows per bin of the rows whose flag is set (mask.size() == rowCount()).
    std::vector<int> counts(const std::vector<char>& mask, int* missing = nullptr) const;

private:
    bool m_categorical = false;
    bool m_integer = false;
    int m_binCount = 0;
    double m_min = 0, m_max = 0, m_width = 1;
    int m_missing = 0;
    QStringList m_categories;
    std::vector<double> m_values;
    std::vector<int> m_bins;
};

} // namespace zooscope
