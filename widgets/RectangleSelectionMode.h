// Rectangle selection: a rubber band from the press to the mouse; selects the points whose centres lie inside.
#pragma once

#include "widgets/OutlineSelectionMode.h"

namespace zooscope {

class RectangleSelectionMode : public OutlineSelectionMode {
public:
    using OutlineSelectionMode::OutlineSelectionMode;

protected:
    // The points inside the rectangle (a faster test than the polygon's).
    std::vector<int> rowsInside(const QPolygonF& outline) const override;
    void extendOutline(QPolygonF& path, const QPointF& press, const QPointF& pos) const override;
    void drawToolSign(QPainter& painter) const override;
};

} // namespace zooscope
