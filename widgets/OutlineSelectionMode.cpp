#include "widgets/OutlineSelectionMode.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPixmap>

namespace zooscope {

bool OutlineSelectionMode::press(QMouseEvent* event)
{
    InteractionMode::press(event);
    if (event->button() != Qt::LeftButton)
        return false;
    m_drawing = true;
    m_path = QPolygonF{event->position()};
    return true;
}

bool OutlineSelectionMode::move(QMouseEvent* event)
{
    InteractionMode::move(event);
    if (!m_drawing)
        return false;
    extendOutline(m_path, m_pressPos, event->position());
    m_host.showOutline(m_path);
    return true;
}

bool OutlineSelectionMode::release(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton || !m_drawing)
        return false;
    extendOutline(m_path, m_pressPos, event->position());
    m_leftPressed = false;
    const QPolygonF outline = m_path;
    cancel();
    if (!m_dragged) {
        clickSelect(event->position(), event->modifiers());
        return true;
    }
    if (SelectionModel* selection = m_host.selectionModel())
        selection->select(rowsInside(outline), m_host.selectionModeFor(event->modifiers()));
    return true;
}

bool OutlineSelectionMode::key(QKeyEvent* event)
{
    if (event->key() != Qt::Key_Escape || !m_drawing)
        return false;
    cancel();
    return true;
}

void OutlineSelectionMode::cancel()
{
    m_drawing = false;
    m_path.clear();
    m_host.hideOutline();
}

std::vector<int> OutlineSelectionMode::rowsInside(const QPolygonF& outline) const { return m_host.rowsInPolygon(outline); }

std::optional<QCursor> OutlineSelectionMode::cursor(SelectionModel::Mode mode) const
{
    // A crosshair with the tool's sign and a badge that names the selection mode (+ add, - subtract,
    // ± toggle), drawn here so that it needs no image files.
    QPixmap pixmap(32, 32);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    const QPen white(Qt::white, 3.0), black(Qt::black, 1.0);
    for (const QPen& pen : {white, black}) {
        p.setPen(pen);
        p.drawLine(QPointF(10.5, 1), QPointF(10.5, 20));
        p.drawLine(QPointF(1, 10.5), QPointF(20, 10.5));
    }
    p.setPen(QPen(Qt::black, 1.2));
    p.setBrush(QColor(255, 255, 255, 200));
    drawToolSign(p);
    // The badge as strokes (no font needed).
    p.setPen(QPen(QColor(217, 0, 166), 2.2, Qt::SolidLine, Qt::FlatCap));
    const bool plus = mode == SelectionModel::Mode::Add || mode == SelectionModel::Mode::Toggle;
    const bool minus = mode == SelectionModel::Mode::Subtract || mode == SelectionModel::Mode::Toggle;
    const double top = mode == SelectionModel::Mode::Toggle ? 1.0 : 4.0;
    if (plus) {
        p.drawLine(QPointF(20, top + 4.5), QPointF(29, top + 4.5));
        p.drawLine(QPointF(24.5, top), QPointF(24.5, top + 9));
    }
    if (minus) {
        const double y = mode == SelectionModel::Mode::Toggle ? 13.5 : 8.5;
        p.drawLine(QPointF(20, y), QPointF(29, y));
    }
    p.end();
    return QCursor(pixmap, 10, 10);
}

} // namespace zooscope
