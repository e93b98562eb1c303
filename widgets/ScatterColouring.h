// How the points of the latent view are coloured, as plain data: a continuous colour map over a value
// range, or the Okabe-Ito palette by category, or one neutral grey. Values in, RGBA out: the VTK scene fills
// its lookup tables from it, and a figure painted with QPainter gets the same colours without a render window.
#pragma once

#include "widgets/ColorMap.h"

#include <array>
#include <cstdint>
#include <utility>
#include <vector>

namespace zooscope {

class ScatterColouring {
public:
    enum class Mode { None, Continuous, Categorical };
    using Rgba = std::array<std::uint8_t, 4>;

    static constexpr ColorMap::Rgb kNeutral{0.35, 0.35, 0.35}; // points without values
    static constexpr ColorMap::Rgb kNan{0.6, 0.6, 0.6};        // NaN values and unknown categories

    void setMode(Mode mode, int categoryCount = 0);
    Mode mode() const { return m_mode; }
    int categoryCount() const { return m_categoryCount; }

    void setColorMap(ColorMap::Name name, bool reverse = false);
    ColorMap::Name colorMap() const { return m_colorMap; }
    bool reversed() const { return m_reverse; }

    // A fixed value range, or (setAutoValueRange) the range of the finite values given, 0..1 when none.
    void setValueRange(double lo, double hi);
    void setAutoValueRange(const std::vector<double>& values);
    bool autoValueRange() const { return m_autoRange; }
    std::pair<double, double> valueRange() const { return m_range; }
    // The range the colour map spans: valueRange() widened when empty (a single value sits mid-map).
    std::pair<double, double> mappedRange() const;

    // The colour of one value in the current mode, as the VTK lookup tables draw it.
    ColorMap::Rgb colour(double value) const;
    static Rgba toRgba(const ColorMap::Rgb& c);
    // One RGBA per value (values empty or mode None: all neutral, `count` of them).
    std::vector<Rgba> colours(const std::vector<double>& values, std::size_t count) const;

private:
    Mode m_mode = Mode::None;
    int m_categoryCount = 0;
    ColorMap::Name m_colorMap = ColorMap::Name::Viridis;
    bool m_reverse = false;
    bool m_autoRange = true;
    std::pair<double, double> m_range{0.0, 1.0};
};

} // namespace zooscope
