// The latent view as a true vector figure: every point on show, the selection rings, the generated
// models' diamonds and the trajectories are projected through the camera with VTK's matrices (ScatterCamera,
// so the figure matches the screen) and painted back to front with QPainter: points as circles, generated
// models as diamonds, in the colouring's exact colours; the colour bar as a vector gradient with tick labels
// (or a legend for categories), an axis triad labelled with the components' explained variance, a title;
// all text as text. Points completely hidden behind nearer ones at the figure's resolution are left out
// (counted in Stats), so that 100,000-point figures stay small. The 2D variant draws the first two
// components as a flat scatter with labelled axes. No render window and no display are needed.
#pragma once

#include "widgets/CameraPose.h"
#include "widgets/DensitySettings.h"
#include "widgets/FigureOptions.h"
#include "widgets/ScatterColouring.h"
#include "widgets/ScatterPointData.h"
#include "widgets/ScreenDensity.h"

#include <QPointF>
#include <QRectF>
#include <QString>
#include <QStringList>

#include <cstddef>
#include <vector>

class QPainter;

namespace zooscope {

// What a figure of the latent view shows: the same plain data the VTK scene draws.
struct ScatterFigureContent {
    ScatterPointData data;       // points, values, rows on show, highlighted rows, generated models, trajectories
    ScatterColouring colouring;  // mode, colour map, value range
    CameraPose camera;
    double pointSize = 6;        // the view's point diameter in screen pixels at the focal distance
    QString colorBarTitle;       // e.g. "Test accuracy"
    QStringList axisTitles;      // one per component shown, e.g. "PC 1 (38.0%)", "PC 2 (21.5%)", "PC 3 (9.1%)"
    DensitySettings density;     // the density of the points in the plot, as the view draws it (off by default)
};

class ScatterFigure {
public:
    struct Stats {
        std::size_t pointsDrawn = 0;     // circles painted
        std::size_t pointsHidden = 0;    // points on show left out: completely covered by nearer points
        std::size_t pointsOutside = 0;   // points on show outside the plot (or behind the camera): not painted
        std::size_t generatedDrawn = 0;  // diamonds painted
        std::size_t highlightsDrawn = 0; // selection rings painted
        std::size_t trajectoriesDrawn = 0;
        std::size_t densityLines = 0;    // density contours painted (closed polylines)
        bool densityShaded = false;      // the density's shading painted (an image under the points)
    };

    ScatterFigure(ScatterFigureContent content, FigureOptions options);

    // Paints the whole figure (background, title, plot, colour bar or legend, axes) into `target`
    // (device units, as FigureWriter gives it).
    void paint(QPainter& painter, const QRectF& target);
    // Whether points wholly covered by nearer ones are left out (on by default); off, every point on show
    // inside the plot is painted (the tests compare both).
    void setHideCoveredPoints(bool on) { m_hideCovered = on; }
    bool hideCoveredPoints() const { return m_hideCovered; }

    // What the last paint() drew.
    const Stats& stats() const { return m_stats; }

    // Where a point (row of content.data) lands in a figure of `target`, in the plot area the camera
    // projects into; false when it is behind the camera. The agreement tests project points both ways.
    bool project(int row, const QRectF& target, QPointF* position) const;
    // The rectangle of `target` the plot fills: below the title; in 3D the colour bar sits over its right
    // side (as on screen), in 2D beside it.
    QRectF plotRect(const QRectF& target) const;

    const ScatterFigureContent& content() const { return m_content; }
    const FigureOptions& options() const { return m_options; }

private:
    struct Layout;
    Layout layout(const QRectF& target) const;
    void paintPlot3d(QPainter& painter, const Layout& layout);
    void paintPlot2d(QPainter& painter, const Layout& layout);
    void paintColorBar(QPainter& painter, const Layout& layout) const;
    void paintAxisTriad(QPainter& painter, const QRectF& plot) const;
    // The density of the points on show at these positions (device units; not the generated models) in
    // the plot: its shading is painted before the points, its contours after them.
    void computeDensity(const std::vector<float>& x, const std::vector<float>& y, const QRectF& plot);
    void paintShading(QPainter& painter, const QRectF& plot);
    void paintContours(QPainter& painter, const QRectF& plot, double unit);

    ScatterFigureContent m_content;
    FigureOptions m_options;
    Stats m_stats;
    ScreenDensity m_density;
    bool m_hideCovered = true;
};

} // namespace zooscope
