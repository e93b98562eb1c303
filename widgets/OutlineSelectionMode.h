// A selection tool that draws an outline with the left button (rectangle or lasso) and selects the points
// inside on release, by the mode of the keys held (ParaView's: Ctrl adds, Shift subtracts, Ctrl+Shift
// toggles) or the default mode. A click without a drag selects the point under it; Esc drops the outline.
#pragma once

#include "widgets/InteractionMode.h"

class QPainter;

namespace zooscope {

class OutlineSelectionMode : public InteractionMode {
public:
    using InteractionMode::InteractionMode;

    bool press(QMouseEvent* event) override;
    bool move(QMouseEvent* event) override;
    bool release(QMouseEvent* event) override;
    bool key(QKeyEvent* event) override;
    void cancel() override;
    bool isDrawing() const override { return m_drawing; }
    std::optional<QCursor> cursor(SelectionModel::Mode mode) const override;

    // The outline drawn so far (widget coordinates).
    const QPolygonF& outline() const { return m_path; }

protected:
    // The outline after the mouse moved to pos, the press having been at `press`.
    virtual void extendOutline(QPolygonF& path, const QPointF& press, const QPointF& pos) const = 0;
    // The rows inside a finished outline (by default: inside the polygon).
    virtual std::vector<int> rowsInside(const QPolygonF& outline) const;
    // The tool's small sign at the cursor's lower right.
    virtual void drawToolSign(QPainter& painter) const = 0;

private:
    bool m_drawing = false;
    QPolygonF m_path;
};

} // namespace zooscope
