// The density of the points as they lie on the screen: a kernel density estimate of their projected 2D
// positions, on a grid (linear binning, then a separable Gaussian blur: O(points + grid cells), a few
// tens of milliseconds at 1,000,000 points), with an isotropic Gaussian kernel whose width follows Scott's
// rule in screen space (times a factor the user chooses). Its contours are highest-density regions: the
// line for 50% encloses the densest region holding half of the points on screen, found by ranking the
// density at each point. Plain data and Qt geometry only (no VTK), so that the 3D view and its vector
// figures draw the same contours.
#pragma once

#include <QColor>
#include <QImage>
#include <QPointF>
#include <QPolygonF>
#include <QRectF>
#include <QSize>

#include <array>
#include <cstddef>
#include <vector>

namespace zooscope {

class ScreenDensity {
public:
    // The contour levels: the densest regions holding these shares of the points on screen.
    static constexpr std::array<double, 4> kFractions{0.25, 0.5, 0.75, 0.9};

    // How the view and its figures draw it: the shading's colour (a slate grey that neither viridis nor
    // Okabe-Ito uses) with its opacity at the peak as alpha, and the contours' colour and width (screen pixels).
    static QColor shadeColour() { return QColor::fromRgbF(0.22f, 0.30f, 0.40f, 0.5f); }
    static QColor lineColour() { return QColor::fromRgbF(0.12f, 0.12f, 0.12f); }
    static constexpr double kLineWidth = 1.5;

    struct Contour {
        double fraction = 0;           // share of the points inside, e.g. 0.5
        double level = 0;              // the density on the line (per square pixel)
        std::vector<QPolygonF> lines;  // closed polylines (first point repeated last), pixels of the area
    };

    // x, y: positions in pixels of an area `width` x `height`, origin top left; entries that are not finite
    // and points outside the area are left out. bandwidthFactor: the kernel's width as a factor of Scott's
    // rule (1: Scott's rule; clamped to 0.05..20).
    void compute(const std::vector<float>& x, const std::vector<float>& y, double width, double height,
                 double bandwidthFactor = 1.0);
    void clear();

    bool isEmpty() const { return m_points == 0; }
    std::size_t pointCount() const { return m_points; }           // points on screen that were used
    double bandwidth() const { return m_bandwidth; }               // the kernel's standard deviation, pixels
    double scottBandwidth() const { return m_scott; }              // Scott's rule alone, pixels
    double computeMs() const { return m_computeMs; }                // how long the last compute() took
    double width() const { return m_width; }
    double height() const { return m_height; }

    // The estimated density (per square pixel: it integrates to 1 over the plane) at a position.
    double densityAt(double x, double y) const;
    // The densest place (the centre of the grid's highest cell); (NaN, NaN) when empty.
    QPointF peak() const;
    // One per kFractions, in that order (no lines when empty).
    const std::vector<Contour>& contours() const { return m_contours; }
    std::size_t lineCount() const;

    // The shade of a density, 0..1: the share of the points on screen that lie where the density is
    // lower (0 outside the points, 0.5 on the 50% contour, 1 at the peak).
    double shade(double density) const;
    // The shading of `area` (pixels of the screen area) as an image of `size`: `colour` with an opacity of
    // its alpha times the square root of the shade (so that the sparse outskirts, where the points do not
    // hide it, show too), premultiplied; transparent where there are no points.
    QImage shading(const QSize& size, const QRectF& area, const QColor& colour) const;

    // The grid (tests): cells of cellSize() pixels from gridOrigin(), values per square pixel.
    int gridWidth() const { return m_gw; }
    int gridHeight() const { return m_gh; }
    double cellSize() const { return m_cell; }
    QPointF gridOrigin() const { return {m_x0, m_y0}; }

private:
    double gridValue(int i, int j) const
    {
        return i < 0 || j < 0 || i >= m_gw || j >= m_gh ? 0.0 : double(m_grid[std::size_t(j) * std::size_t(m_gw) + std::size_t(i)]);
    }
    void blur(double sigmaCells);
    std::vector<QPolygonF> trace(double level) const;

    std::vector<float> m_grid;
    int m_gw = 0, m_gh = 0;
    double m_x0 = 0, m_y0 = 0, m_cell = 1;
    double m_width = 0, m_height = 0;
    std::size_t m_points = 0;
    double m_bandwidth = 0, m_scott = 0;
    double m_maxDensity = 0;
    double m_computeMs = 0;
    std::vector<double> m_above; // share of the points whose density is at least bin b of [0, max]
    std::vector<Contour> m_contours;
};

} // namespace zooscope
