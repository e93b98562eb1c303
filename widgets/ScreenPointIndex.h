// The points of the 3D view as they lie on the screen: projected once per camera change, then rectangle,
// lasso, hover and click queries are plain 2D work (100,000 points in a few milliseconds).
// Coordinates are the widget's logical pixels, origin top left, as Qt's mouse events give them.
#pragma once

#include <QPointF>
#include <QPolygonF>
#include <QRectF>

#include <array>
#include <vector>

namespace zooscope {

class ScreenPointIndex {
public:
    struct Camera {
        std::array<double, 16> worldToClip{}; // row-major, VTK's composite projection (view angle, aspect, window centre)
        double projectionYScale = 1.0;        // element (1,1) of the projection alone: world length -> clip units
        double width = 1.0, height = 1.0;     // the widget, logical pixels
        double devicePixelRatio = 1.0;
    };

    // xyz: 3 floats per row of the whole data set; rows: those on show; worldRadius: the disc radius in world
    // units; sizes: per-row factors of that radius (empty: all 1).
    void project(const std::vector<float>& xyz, const std::vector<int>& rows, const Camera& camera,
                 double worldRadius, const std::vector<float>& sizes);
    void clear();
    bool isEmpty() const { return m_x.empty(); }
    std::size_t size() const { return m_x.size(); }
    // The positions of the rows on show, in their order (NaN: behind the camera).
    const std::vector<float>& xs() const { return m_x; }
    const std::vector<float>& ys() const { return m_y; }

    // Rows whose centres lie inside (visibleOnly: and that show at least one pixel, i.e. are not hidden
    // behind nearer points). Increasing row order.
    std::vector<int> rowsInRect(const QRectF& rect, bool visibleOnly) const;
    std::vector<int> rowsInPolygon(const QPolygonF& polygon, bool visibleOnly) const;

    // The frontmost row whose disc covers pos, else the row with the nearest centre within maxDistance;
    // -1 if none.
    int rowAt(const QPointF& pos, double maxDistance = 4.0) const;

    // Where a row lies (centre, logical pixels); false when it is not on show or behind the camera.
    bool position(int row, QPointF* pos) const;

private:
    // Per index: whether the point owns at least one pixel inside `box` (expanded by the largest disc) of
    // a depth buffer of all discs, as an ID render pass would show it.
    std::vector<char> visibleIn(const QRectF& box) const;
    bool onScreen(std::size_t i) const { return m_w[i] > 0.0f; }

    std::vector<int> m_rows;
    std::vector<float> m_x, m_y, m_depth, m_radius, m_w;
    std::vector<int> m_slotOfRow; // row -> index into m_rows, or -1
    double m_width = 1.0, m_height = 1.0;
    float m_maxRadius = 0.0f;
};

} // namespace zooscope
