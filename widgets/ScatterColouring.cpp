#include "widgets/ScatterColouring.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace zooscope {

void ScatterColouring::setMode(Mode mode, int categoryCount)
{
    m_mode = mode;
    m_categoryCount = mode == Mode::Categorical ? std::max(categoryCount, 0) : 0;
}

void ScatterColouring::setColorMap(ColorMap::Name name, bool reverse)
{
    m_colorMap = name;
    m_reverse = reverse;
}

void ScatterColouring::setValueRange(double lo, double hi)
{
    m_autoRange = false;
    m_range = {std::min(lo, hi), std::max(lo, hi)};
}

void ScatterColouring::setAutoValueRange(const std::vector<double>& values)
{
    m_autoRange = true;
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    if (m_mode == Mode::Continuous)
        for (double v : values)
            if (std::isfinite(v)) {
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
    m_range = lo <= hi ? std::make_pair(lo, hi) : std::make_pair(0.0, 1.0);
}

std::pair<double, double> ScatterColouring::mappedRange() const
{
    return ColorMap::mappedRange(m_range.first, m_range.second);
}

ColorMap::Rgb ScatterColouring::colour(double value) const
{
    switch (m_mode) {
    case Mode::None:
        return kNeutral;
    case Mode::Categorical: {
        // An indexed table: only the named categories have a colour.
        const double index = std::round(value);
        if (!std::isfinite(value) || index != value || index < 0.0 || index >= double(m_categoryCount))
            return kNan;
        const QColor c = ColorMap::category(int(index));
        return {c.redF(), c.greenF(), c.blueF()};
    }
    case Mode::Continuous:
        break;
    }
    if (std::isnan(value))
        return kNan;
    const auto [lo, hi] = mappedRange();
    return ColorMap::sample(m_colorMap, (value - lo) / (hi - lo), m_reverse);
}

ScatterColouring::Rgba ScatterColouring::toRgba(const ColorMap::Rgb& c)
{
    const auto byte = [](double v) { return std::uint8_t(std::lround(std::clamp(v, 0.0, 1.0) * 255.0)); };
    return {byte(c.r), byte(c.g), byte(c.b), 255};
}

std::vector<ScatterColouring::Rgba> ScatterColouring::colours(const std::vector<double>& values, std::size_t count) const
{
    if (m_mode == Mode::None || values.empty())
        return std::vector<Rgba>(count, toRgba(kNeutral));
    std::vector<Rgba> out;
    out.reserve(values.size());
    for (double v : values)
        out.push_back(toRgba(colour(v)));
    return out;
}

} // namespace zooscope
