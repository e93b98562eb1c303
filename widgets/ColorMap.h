// Colour maps of the explorer: viridis and cividis for continuous values, Okabe-Ito for categories.
#pragma once

#include <QColor>
#include <QString>

#include <vtkSmartPointer.h>

#include <array>
#include <optional>
#include <utility>

class vtkLookupTable;

namespace zooscope {

class ColorMap {
public:
    enum class Name { Viridis, Cividis };

    struct Rgb {
        double r = 0.0, g = 0.0, b = 0.0; // 0..1
        QColor toQColor() const { return QColor::fromRgbF(float(r), float(g), float(b)); }
    };

    static constexpr int kTableSize = 256;
    static constexpr int kOkabeItoSize = 8;

    // The 256-entry table of a continuous map, from its first (low values) to its last colour.
    static const std::array<Rgb, kTableSize>& table(Name name);
    // The colour of t in [0, 1] (clamped), as a 256-entry vtkLookupTable would pick it.
    static Rgb sample(Name name, double t, bool reverse = false);

    // Okabe & Ito's colour-blind safe categorical palette; index wraps around.
    static const std::array<QColor, kOkabeItoSize>& okabeIto();
    static QColor category(int index);

    // The range a table spans for [lo, hi]: ordered, 0..1 when not finite, widened when lo == hi.
    static std::pair<double, double> mappedRange(double lo, double hi);
    // A lookup table for scalar values in [lo, hi] (widened when lo == hi); NaN maps to grey.
    static vtkSmartPointer<vtkLookupTable> lookupTable(Name name, double lo, double hi, bool reverse = false);
    // Fills an existing table in place (keeps the objects that observe it).
    static void fillLookupTable(vtkLookupTable* lut, Name name, double lo, double hi, bool reverse = false);
    // An indexed lookup table for categories 0..count-1 in the Okabe-Ito palette.
    static vtkSmartPointer<vtkLookupTable> categoricalLookupTable(int count);

    // Stable identifiers for settings and session files ("viridis", "cividis").
    static QString id(Name name);
    static std::optional<Name> fromId(const QString& id);
};

} // namespace zooscope
