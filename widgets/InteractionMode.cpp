#include "widgets/InteractionMode.h"

#include <QMouseEvent>

namespace zooscope {

namespace {

constexpr double kDragThreshold = 3.0; // logical pixels (Manhattan) before a press becomes a drag

} // namespace

InteractionMode::InteractionMode(Host& host)
    : m_host(host)
{
}

InteractionMode::~InteractionMode() = default;

bool InteractionMode::press(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton) {
        m_leftPressed = true;
        m_dragged = false;
        m_pressPos = event->position();
    }
    return false;
}

bool InteractionMode::move(QMouseEvent* event)
{
    if (m_leftPressed && (event->position() - m_pressPos).manhattanLength() > kDragThreshold)
        m_dragged = true;
    return false;
}

bool InteractionMode::release(QMouseEvent*) { return false; }

void InteractionMode::afterRelease(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton)
        return;
    m_leftPressed = false;
    if (!m_dragged)
        clickSelect(event->position(), event->modifiers());
}

bool InteractionMode::key(QKeyEvent*) { return false; }

std::optional<QCursor> InteractionMode::cursor(SelectionModel::Mode) const { return std::nullopt; }

void InteractionMode::clickSelect(const QPointF& pos, Qt::KeyboardModifiers modifiers)
{
    SelectionModel* selection = m_host.selectionModel();
    if (!selection)
        return;
    const int row = m_host.rowAt(pos);
    const SelectionModel::Mode mode = m_host.selectionModeFor(modifiers);
    if (row >= 0)
        selection->select({row}, mode);
    else if (mode == SelectionModel::Mode::Replace)
        selection->clear();
}

} // namespace zooscope
