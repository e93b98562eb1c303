// What the user draws over the 3D view while selecting: the rubber-band rectangle or the lasso outline.
// A transparent child widget of the view: it never takes mouse events.
#pragma once

#include <QPolygonF>
#include <QWidget>

namespace zooscope {

class SelectionOverlay : public QWidget {
    Q_OBJECT
public:
    explicit SelectionOverlay(QWidget* parent);

    // An outline in the parent's coordinates: closed when drawn (the lasso closes back to its start).
    void setOutline(const QPolygonF& outline);
    void clearOutline();
    const QPolygonF& outline() const { return m_outline; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QPolygonF m_outline;
};

} // namespace zooscope
