#include "widgets/RectangleSelectionMode.h"

#include <QPainter>

namespace zooscope {

void RectangleSelectionMode::extendOutline(QPolygonF& path, const QPointF& press, const QPointF& pos) const
{
    path = QPolygonF(QRectF(press, pos).normalized());
    path.removeLast(); // QPolygonF(QRectF) closes itself
}

std::vector<int> RectangleSelectionMode::rowsInside(const QPolygonF& outline) const
{
    return m_host.rowsInRect(outline.boundingRect());
}

void RectangleSelectionMode::drawToolSign(QPainter& painter) const { painter.drawRect(QRectF(19.5, 20.5, 10, 9)); }

} // namespace zooscope
