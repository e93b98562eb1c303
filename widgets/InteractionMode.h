// What the mouse does in the latent view (ITK-SNAP's interaction modes): navigate the camera, or draw a
// rectangle or lasso to select. The view hands its mouse and key events to the current mode; a mode that
// does not handle an event leaves it to the camera. Clicks select in every mode.
#pragma once

#include "widgets/SelectionModel.h"

#include <QCursor>
#include <QPointF>
#include <QPolygonF>
#include <QRectF>

#include <optional>
#include <vector>

class QKeyEvent;
class QMouseEvent;

namespace zooscope {

class InteractionMode {
public:
    // What a mode needs of the view: picking in widget coordinates, the shared selection, the outline.
    class Host {
    public:
        virtual ~Host() = default;
        virtual int rowAt(const QPointF& pos) = 0;
        virtual std::vector<int> rowsInRect(const QRectF& rect) = 0;
        virtual std::vector<int> rowsInPolygon(const QPolygonF& polygon) = 0;
        virtual SelectionModel* selectionModel() const = 0;
        virtual SelectionModel::Mode selectionModeFor(Qt::KeyboardModifiers modifiers) const = 0;
        virtual void showOutline(const QPolygonF& outline) = 0;
        virtual void hideOutline() = 0;
    };

    explicit InteractionMode(Host& host);
    virtual ~InteractionMode();
    InteractionMode(const InteractionMode&) = delete;
    InteractionMode& operator=(const InteractionMode&) = delete;

    // Return true when the mode handled the event (the camera does not see it).
    virtual bool press(QMouseEvent* event);
    virtual bool move(QMouseEvent* event);
    virtual bool release(QMouseEvent* event);
    // Called after the camera has seen a release the mode did not handle.
    virtual void afterRelease(QMouseEvent* event);
    virtual bool key(QKeyEvent* event);
    // Drops whatever is half drawn.
    virtual void cancel() {}
    virtual bool isDrawing() const { return false; }
    // The cursor for the selection mode the keys give; none: the widget's default arrow.
    virtual std::optional<QCursor> cursor(SelectionModel::Mode mode) const;

    // A double click ends the press (the view focuses the point instead).
    void endPress() { m_leftPressed = false; }

protected:
    // A click without a drag: the point under pos joins the selection by the keys' mode; empty space
    // clears it in the replace mode.
    void clickSelect(const QPointF& pos, Qt::KeyboardModifiers modifiers);

    Host& m_host;
    QPointF m_pressPos;
    bool m_leftPressed = false;
    bool m_dragged = false;
};

} // namespace zooscope
