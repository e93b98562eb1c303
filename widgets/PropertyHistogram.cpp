#include "widgets/PropertyHistogram.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace zooscope {

PropertyHistogram PropertyHistogram::continuous(std::vector<double> values, int maxBins)
{
    PropertyHistogram h;
    maxBins = std::max(1, maxBins);
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    bool integers = true;
    int finite = 0;
    for (double v : values) {
        if (!std::isfinite(v))
            continue;
        ++finite;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
        integers = integers && v == std::floor(v);
    }
    h.m_values = std::move(values);
    h.m_bins.assign(h.m_values.size(), -1);
    h.m_missing = int(h.m_values.size()) - finite;
    if (finite == 0)
        return h;
    h.m_min = lo;
    h.m_max = hi;
    if (integers && hi - lo + 1 <= maxBins) {
        // Epochs, batch sizes: a bar per whole number, centred on it.
        h.m_integer = true;
        h.m_binCount = int(hi - lo) + 1;
        h.m_min = lo - 0.5;
        h.m_max = hi + 0.5;
        h.m_width = 1;
    } else {
        // Rice's rule, at least 10 bars where there are values enough, at most maxBins.
        const int rice = int(std::ceil(2.0 * std::cbrt(double(finite))));
        h.m_binCount = std::clamp(rice, std::min(10, maxBins), maxBins);
        if (hi == lo) {
            h.m_binCount = 1;
            h.m_min = lo - 0.5;
            h.m_max = hi + 0.5;
        }
        h.m_width = (h.m_max - h.m_min) / h.m_binCount;
    }
    for (size_t i = 0; i < h.m_values.size(); ++i) {
        const double v = h.m_values[i];
        if (std::isfinite(v))
            h.m_bins[i] = std::clamp(int(std::floor((v - h.m_min) / h.m_width)), 0, h.m_binCount - 1);
    }
    return h;
}

PropertyHistogram PropertyHistogram::categorical(const std::vector<double>& values, const QStringList& categories)
{
    PropertyHistogram h;
    h.m_categorical = true;
    h.m_categories = categories;
    h.m_binCount = int(categories.size());
    h.m_values = values;
    h.m_bins.assign(values.size(), -1);
    h.m_min = -0.5;
    h.m_max = h.m_binCount - 0.5;
    for (size_t i = 0; i < values.size(); ++i) {
        const double v = values[i];
        if (std::isfinite(v) && v >= 0 && v < h.m_binCount && v == std::floor(v))
            h.m_bins[i] = int(v);
        else
            ++h.m_missing;
    }
    return h;
}

double PropertyHistogram::binLow(int bin) const { return m_categorical ? bin - 0.5 : m_min + bin * m_width; }

double PropertyHistogram::binHigh(int bin) const
{
    return m_categorical ? bin + 0.5 : (bin == m_binCount - 1 ? m_max : m_min + (bin + 1) * m_width);
}

std::vector<int> PropertyHistogram::counts(const std::vector<int>& rows, int* missing) const
{
    std::vector<int> out(size_t(m_binCount), 0);
    for (int r : rows) {
        if (r < 0 || r >= rowCount())
            continue;
        const int b = m_bins[size_t(r)];
        if (b >= 0)
            ++out[size_t(b)];
        else if (missing)
            ++*missing;
    }
    return out;
}

std::vector<int> PropertyHistogram::counts(const std::vector<char>& mask, int* missing) const
{
    std::vector<int> out(size_t(m_binCount), 0);
    const size_t n = std::min(mask.size(), m_bins.size());
    for (size_t r = 0; r < n; ++r) {
        if (!mask[r])
            continue;
        const int b = m_bins[r];
        if (b >= 0)
            ++out[size_t(b)];
        else if (missing)
            ++*missing;
    }
    return out;
}

} // namespace zooscope
