#include "widgets/SelectionOverlay.h"

#include <QPainter>
#include <QPen>

namespace zooscope {

SelectionOverlay::SelectionOverlay(QWidget* parent)
    : QWidget(parent)
{
    setAttribute(Qt::WA_TransparentForMouseEvents);
    setAttribute(Qt::WA_NoSystemBackground);
    setAttribute(Qt::WA_TranslucentBackground);
    setFocusPolicy(Qt::NoFocus);
    hide();
}

void SelectionOverlay::setOutline(const QPolygonF& outline)
{
    m_outline = outline;
    if (parentWidget())
        setGeometry(parentWidget()->rect());
    show();
    raise();
    update();
}

void SelectionOverlay::clearOutline()
{
    m_outline.clear();
    hide();
}

void SelectionOverlay::paintEvent(QPaintEvent*)
{
    if (m_outline.size() < 2)
        return;
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    // ParaView's selection magenta: a light fill and a dashed dark-on-light outline, visible on any colour.
    painter.setBrush(QColor(217, 0, 166, 28));
    painter.setPen(QPen(QColor(255, 255, 255, 220), 3.0));
    painter.drawPolygon(m_outline);
    QPen dashed(QColor(217, 0, 166), 1.5, Qt::DashLine);
    painter.setPen(dashed);
    painter.setBrush(Qt::NoBrush);
    painter.drawPolygon(m_outline);
}

} // namespace zooscope
