// Lasso selection: a free outline along the mouse's path, closed back to its start; selects the points
// whose centres lie inside.
#pragma once

#include "widgets/OutlineSelectionMode.h"

namespace zooscope {

class LassoSelectionMode : public OutlineSelectionMode {
public:
    using OutlineSelectionMode::OutlineSelectionMode;

protected:
    void extendOutline(QPolygonF& path, const QPointF& press, const QPointF& pos) const override;
    void drawToolSign(QPainter& painter) const override;
};

} // namespace zooscope
