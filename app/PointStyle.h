// How the 3D view draws the zoo's points: the property that colours them and its colour map, the property
// that sizes them, the base point size. Part of what a session file will restore.
#pragma once

#include "widgets/ColorMap.h"

#include <QString>

namespace zooscope {

struct PointStyle {
    QString colorBy = QStringLiteral("test_accuracy");
    QString sizeBy; // empty: every point the same size
    ColorMap::Name colorMap = ColorMap::Name::Viridis;
    bool colorMapReversed = false;
    double pointSize = 6;
};

} // namespace zooscope
