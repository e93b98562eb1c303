#include "widgets/LassoSelectionMode.h"

#include <QPainter>

namespace zooscope {

void LassoSelectionMode::extendOutline(QPolygonF& path, const QPointF&, const QPointF& pos) const { path << pos; }

void LassoSelectionMode::drawToolSign(QPainter& painter) const { painter.drawEllipse(QRectF(19, 21, 11, 8)); }

} // namespace zooscope
