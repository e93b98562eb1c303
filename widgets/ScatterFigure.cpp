#include "widgets/ScatterFigure.h"

#include "widgets/DiscCoverage.h"
#include "widgets/ScatterCamera.h"

#include <QCoreApplication>
#include <QFont>
#include <QFontMetricsF>
#include <QImage>
#include <QLinearGradient>
#include <QPainter>
#include <QPainterPath>
#include <QPolygonF>

#include <vtkCamera.h>
#include <vtkMatrix4x4.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace zooscope {

namespace {

// The view's point size is in screen pixels; in the figure each of those pixels is 0.4 pt at the camera's
// focal distance (an 8-pixel point becomes a 3.2 pt, about 1.1 mm, disc), so that a figure's points keep
// the screen's size relative to one another and read well at a paper's column width.
constexpr double kPointsPerScreenPixel = 0.4;
// The screen's glyphs (LatentScatterScene): selection ring and generated diamond relative to a point.
constexpr double kRingOuter = 1.7; // the ring's disc radius / point radius; its inner 60% is the point's colour
constexpr double kRingInner = 1.02;
constexpr double kDiamondScale = 1.5; // the diamond's half diagonal / point radius
const QColor kRingColour = QColor::fromRgbF(0.85f, 0.0f, 0.65f);
const QColor kOutlineColour = QColor::fromRgbF(0.1f, 0.1f, 0.1f);
const QColor kGeneratedNeutral = QColor::fromRgbF(0.9f, 0.9f, 0.9f);
const QColor kTrajectoryColour = QColor::fromRgbF(0.3f, 0.3f, 0.3f);
constexpr double kTrajectoryWidthPx = 1.5; // screen pixels, as the scene draws them
const QColor kText(0, 0, 0);
const QColor kAxis(0x33, 0x33, 0x33);
// Hidden points are found on a grid of at least this resolution (dots per inch), and of at most this many
// cells (coarser cells hide fewer points, never a visible one).
constexpr int kMinCoverageDpi = 300;
constexpr double kMaxCoverageCells = 64.0e6;

QColor colourOf(const ColorMap::Rgb& c)
{
    const ScatterColouring::Rgba b = ScatterColouring::toRgba(c);
    return QColor(b[0], b[1], b[2]);
}

// About `count` round ticks covering [lo, hi]: steps of 1, 2, 2.5 or 5 times a power of ten.
struct Ticks {
    std::vector<double> values;
    int decimals = 0;
};

Ticks niceTicks(double lo, double hi, int count)
{
    Ticks t;
    if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi))
        return t;
    const double raw = (hi - lo) / std::max(count, 1);
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    double step = 10.0 * power;
    for (double m : {1.0, 2.0, 2.5, 5.0})
        if (m * power >= raw * 0.999) {
            step = m * power;
            break;
        }
    const double mantissa = step / power;
    t.decimals = std::max(0, int(-std::floor(std::log10(step) + 1e-9)) + (mantissa == 2.5 ? 1 : 0));
    const double first = std::ceil(lo / step - 1e-9) * step;
    for (double v = first; v <= hi + step * 1e-9; v += step)
        t.values.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
    return t;
}

QString tickLabel(double v, int decimals)
{
    QString s = QString::number(v, 'f', decimals);
    if (s.startsWith(QLatin1Char('-')) && s.mid(1).count(QLatin1Char('0')) + s.count(QLatin1Char('.')) == s.size() - 1)
        s.remove(0, 1); // "-0.0"
    return s.replace(QLatin1Char('-'), QChar(0x2212)); // a true minus sign
}

// Text laid out in points at the options' dpi: every device (and the measuring image) has that logical
// resolution, so measurements agree with what is painted.
QFont figureFont(const FigureOptions& o, double scale = 1.0)
{
    QFont f(o.fontFamily);
    f.setPointSizeF(o.fontSize * scale);
    f.setHintingPreference(QFont::PreferNoHinting);
    f.setKerning(true);
    return f;
}

const QPaintDevice* measuringDevice(int dpi)
{
    static thread_local QImage image;
    const int dotsPerMetre = int(std::lround(dpi / 0.0254));
    if (image.isNull() || image.dotsPerMeterX() != dotsPerMetre) {
        image = QImage(1, 1, QImage::Format_ARGB32);
        image.setDotsPerMeterX(dotsPerMetre);
        image.setDotsPerMeterY(dotsPerMetre);
    }
    return &image;
}

void drawTextAt(QPainter& p, const QPointF& anchor, Qt::Alignment align, const QString& text)
{
    // A large box around the anchor, aligned within it.
    constexpr double big = 1e5;
    QRectF box(anchor.x() - big, anchor.y() - big, 2 * big, 2 * big);
    if (align & Qt::AlignLeft)
        box.setLeft(anchor.x());
    if (align & Qt::AlignRight)
        box.setRight(anchor.x());
    if (align & Qt::AlignTop)
        box.setTop(anchor.y());
    if (align & Qt::AlignBottom)
        box.setBottom(anchor.y());
    p.drawText(box, int(align) | Qt::TextDontClip, text);
}

struct Projected {
    double x = 0, y = 0, depth = 0, scale = 1; // device units; depth: far is larger; scale: perspective size
    bool inFront = false;
};

// Projects world points into a plot rectangle through the camera, as VTK renders them.
class Projector {
public:
    Projector(const CameraPose& pose, const QRectF& plot)
        : m_plot(plot)
    {
        m_camera.setPose(pose);
        m_matrix = m_camera.worldToClip(plot.width() / std::max(plot.height(), 1e-9));
        vtkCamera* c = m_camera.vtk();
        c->GetPosition(m_position);
        c->GetDirectionOfProjection(m_direction);
        m_distance = c->GetDistance();
        m_orthographic = m_camera.orthographic();
    }

    Projected project(double x, double y, double z) const
    {
        const auto& m = m_matrix;
        double clip[4];
        for (int i = 0; i < 4; ++i)
            clip[i] = m[std::size_t(4 * i)] * x + m[std::size_t(4 * i + 1)] * y + m[std::size_t(4 * i + 2)] * z +
                      m[std::size_t(4 * i + 3)];
        Projected p;
        p.depth = (x - m_position[0]) * m_direction[0] + (y - m_position[1]) * m_direction[1] +
                  (z - m_position[2]) * m_direction[2];
        if (!(clip[3] > 0.0))
            return p;
        p.inFront = m_orthographic || p.depth > 0.0;
        p.x = m_plot.left() + 0.5 * (clip[0] / clip[3] + 1.0) * m_plot.width();
        p.y = m_plot.top() + 0.5 * (1.0 - clip[1] / clip[3]) * m_plot.height();
        p.scale = m_orthographic ? 1.0 : m_distance / std::max(p.depth, 1e-12);
        return p;
    }

    // The world's axes as seen: screen directions (x right, y down) of unit vectors, and their depth.
    std::array<double, 3> axis(int i) const
    {
        vtkMatrix4x4* view = m_camera.vtk()->GetViewTransformMatrix();
        return {view->GetElement(0, i), -view->GetElement(1, i), -view->GetElement(2, i)};
    }

private:
    ScatterCamera m_camera;
    QRectF m_plot;
    std::array<double, 16> m_matrix{};
    double m_position[3]{}, m_direction[3]{};
    double m_distance = 1;
    bool m_orthographic = false;
};

} // namespace

struct ScatterFigure::Layout {
    QRectF target, plot, title, bar; // bar: the colour bar's or legend's strip (empty: none)
    double unit = 1;                 // device units per point
    double lineHeight = 0;           // of the figure's font
    // 2D: the data range shown and its ticks.
    double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
    Ticks xTicks, yTicks;
};

ScatterFigure::ScatterFigure(ScatterFigureContent content, FigureOptions options)
    : m_content(std::move(content))
    , m_options(std::move(options))
{
}

namespace {

bool hasColourKey(const ScatterFigureContent& c, const FigureOptions& o)
{
    if (!o.colorBar)
        return false;
    switch (c.colouring.mode()) {
    case ScatterColouring::Mode::None: return false;
    case ScatterColouring::Mode::Categorical: return !c.data.categoryNames().empty();
    case ScatterColouring::Mode::Continuous: return !c.data.values().empty();
    }
    return false;
}

bool anyUnknownCategory(const ScatterFigureContent& c)
{
    const auto& values = c.data.values();
    if (values.size() != c.data.pointCount())
        return false;
    const double n = double(c.data.categoryNames().size());
    for (int row : c.data.visibleRows()) {
        const double v = values[std::size_t(row)];
        if (!(v >= 0 && v < n && v == std::round(v)))
            return true;
    }
    return false;
}

QString unknownCategoryName() { return QCoreApplication::translate("zooscope::ScatterFigure", "unknown"); }

Ticks colourTicks(const ScatterColouring& colouring)
{
    const auto [lo, hi] = colouring.mappedRange();
    return niceTicks(lo, hi, 5);
}

} // namespace

ScatterFigure::Layout ScatterFigure::layout(const QRectF& target) const
{
    Layout l;
    l.target = target;
    l.unit = m_options.unitsPerPoint();
    const double u = l.unit;
    const QPaintDevice* device = measuringDevice(m_options.dpi);
    const QFontMetricsF fm(figureFont(m_options), const_cast<QPaintDevice*>(device));
    l.lineHeight = fm.height();
    const double pad = 3 * u;

    QRectF area = target;
    if (!m_options.title.isEmpty()) {
        const QFontMetricsF tm(figureFont(m_options, 1.2), const_cast<QPaintDevice*>(device));
        l.title = QRectF(target.left(), target.top() + pad, target.width(), tm.height());
        area.setTop(l.title.bottom() + pad);
    }

    // 3D: the plot is the whole area and the colour bar sits over its right side, as on screen, where the
    // camera's window centre shifts the points left of it; so a figure of the screen's aspect is the screen.
    const QRectF full = area;
    if (hasColourKey(m_content, m_options)) {
        double width = 0;
        if (m_content.colouring.mode() == ScatterColouring::Mode::Continuous) {
            const Ticks ticks = colourTicks(m_content.colouring);
            double labels = 0;
            for (double v : ticks.values)
                labels = std::max(labels, fm.horizontalAdvance(tickLabel(v, ticks.decimals)));
            // gap, bar, tick, gap, labels, gap, the title turned on its side, margin
            width = 6 * u + 0.9 * m_options.fontSize * u + 2 * u + 2 * u + labels + 3 * u +
                    (m_content.colorBarTitle.isEmpty() ? 0 : l.lineHeight) + pad;
        } else {
            double names = 0;
            for (const std::string& n : m_content.data.categoryNames())
                names = std::max(names, fm.horizontalAdvance(QString::fromStdString(n)));
            if (anyUnknownCategory(m_content))
                names = std::max(names, fm.horizontalAdvance(unknownCategoryName()));
            const double entries = 6 * u + l.lineHeight + 3 * u + names + pad;
            width = std::max(entries, 6 * u + fm.horizontalAdvance(m_content.colorBarTitle) + pad);
        }
        width = std::min(width, 0.45 * target.width());
        l.bar = QRectF(area.right() - width, area.top(), width, area.height());
        area.setRight(l.bar.left());
    }

    if (m_options.view == FigureOptions::View::ThreeD) {
        l.plot = full;
        return l;
    }

    // 2D: the data range (points on show and, when drawn, generated models) with a margin, and the axes'
    // room: tick labels and titles left of and below the plot.
    double x0 = std::numeric_limits<double>::infinity(), x1 = -x0, y0 = x0, y1 = -x0;
    const auto take = [&](double x, double y) {
        if (!std::isfinite(x) || !std::isfinite(y))
            return;
        x0 = std::min(x0, x);
        x1 = std::max(x1, x);
        y0 = std::min(y0, y);
        y1 = std::max(y1, y);
    };
    const std::vector<float>& xyz = m_content.data.xyz();
    for (int row : m_content.data.visibleRows())
        take(xyz[3 * std::size_t(row)], xyz[3 * std::size_t(row) + 1]);
    if (m_options.generated) {
        const std::vector<float>& g = m_content.data.generatedXyz();
        for (std::size_t i = 0; i + 2 < g.size(); i += 3)
            take(g[i], g[i + 1]);
    }
    if (!(x0 <= x1)) {
        x0 = y0 = -1;
        x1 = y1 = 1;
    }
    const auto widen = [](double& lo, double& hi) {
        if (hi - lo <= 0) {
            const double d = lo == 0 ? 1.0 : std::abs(lo) * 0.1;
            lo -= d;
            hi += d;
        }
        const double margin = 0.05 * (hi - lo);
        lo -= margin;
        hi += margin;
    };
    widen(x0, x1);
    widen(y0, y1);
    l.x0 = x0;
    l.x1 = x1;
    l.y0 = y0;
    l.y1 = y1;
    l.xTicks = niceTicks(x0, x1, 5);
    l.yTicks = niceTicks(y0, y1, 5);
    double yLabels = 0;
    for (double v : l.yTicks.values)
        yLabels = std::max(yLabels, fm.horizontalAdvance(tickLabel(v, l.yTicks.decimals)));
    const double tick = 2.5 * u;
    const double left = pad + l.lineHeight + 3 * u + yLabels + 2 * u + tick;
    const double bottom = tick + 2 * u + l.lineHeight + 2 * u + l.lineHeight + pad;
    const double top = m_options.title.isEmpty() ? 0.6 * l.lineHeight + pad : 0.5 * l.lineHeight;
    const double right = l.bar.isEmpty() ? 0.6 * l.lineHeight + pad : 0;
    l.plot = QRectF(area.left() + left, area.top() + top, std::max(1.0, area.width() - left - right),
                    std::max(1.0, area.height() - top - bottom));
    return l;
}

QRectF ScatterFigure::plotRect(const QRectF& target) const { return layout(target).plot; }

bool ScatterFigure::project(int row, const QRectF& target, QPointF* position) const
{
    if (row < 0 || std::size_t(row) >= m_content.data.pointCount())
        return false;
    const Layout l = layout(target);
    const std::array<float, 3> p = m_content.data.position(std::size_t(row));
    if (m_options.view == FigureOptions::View::TwoD) {
        *position = QPointF(l.plot.left() + (p[0] - l.x0) / (l.x1 - l.x0) * l.plot.width(),
                            l.plot.bottom() - (p[1] - l.y0) / (l.y1 - l.y0) * l.plot.height());
        return true;
    }
    const Projected q = Projector(m_content.camera, l.plot).project(p[0], p[1], p[2]);
    if (!q.inFront)
        return false;
    *position = QPointF(q.x, q.y);
    return true;
}

void ScatterFigure::paint(QPainter& painter, const QRectF& target)
{
    m_stats = Stats{};
    const Layout l = layout(target);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    if (!m_options.transparent)
        painter.fillRect(target, Qt::white);

    if (m_options.view == FigureOptions::View::ThreeD)
        paintPlot3d(painter, l);
    else
        paintPlot2d(painter, l);

    if (!l.bar.isEmpty())
        paintColorBar(painter, l);
    if (!l.title.isEmpty()) {
        painter.setFont(figureFont(m_options, 1.2));
        painter.setPen(kText);
        painter.drawText(l.title, Qt::AlignHCenter | Qt::AlignTop | Qt::TextDontClip, m_options.title);
    }
    painter.restore();
}

namespace {

// One glyph of the plot: a point (with its ring when selected) or a generated model.
struct Mark {
    double x, y, depth, radius; // device units; radius of the point (the diamond's and ring's follow from it)
    int index;                  // row, or generated index
    bool generated;
    bool ring;
};

// Where the zoo's marks (not the generated models') are painted: what the density is measured on.
std::pair<std::vector<float>, std::vector<float>> zooMarkPositions(const std::vector<Mark>& marks)
{
    std::vector<float> x, y;
    for (const Mark& m : marks)
        if (!m.generated) {
            x.push_back(float(m.x));
            y.push_back(float(m.y));
        }
    return {std::move(x), std::move(y)};
}

// Paints the marks back to front, leaving out points wholly covered by nearer ones (Stats counted).
void paintMarks(QPainter& p, std::vector<Mark>& marks, const ScatterFigureContent& c, const FigureOptions& o,
                const QRectF& plot, bool hideCovered, ScatterFigure::Stats& stats)
{
    // Far first; equal depths in a fixed order.
    std::sort(marks.begin(), marks.end(), [](const Mark& a, const Mark& b) {
        if (a.depth != b.depth)
            return a.depth > b.depth;
        if (a.generated != b.generated)
            return a.generated;
        return a.index < b.index;
    });

    // Front to back in the head: which points are hidden. The coverage grid's cells are device pixels at
    // the figure's resolution (at least 300 dpi for the vector formats).
    const double coverageDpi = o.format == FigureOptions::Format::Png ? o.dpi : std::max(o.dpi, kMinCoverageDpi);
    double cell = double(o.dpi) / coverageDpi; // device units per cell
    const double cells = (plot.width() / cell) * (plot.height() / cell);
    if (cells > kMaxCoverageCells)
        cell *= std::sqrt(cells / kMaxCoverageCells);
    DiscCoverage coverage(plot.left(), plot.top(), cell, int(std::ceil(plot.width() / cell)),
                          int(std::ceil(plot.height() / cell)));
    std::vector<char> draw(marks.size(), 0);
    for (std::size_t k = marks.size(); k-- > 0;) {
        const Mark& m = marks[k];
        const double reach = m.radius * (m.generated ? kDiamondScale : m.ring ? kRingOuter : 1.0);
        if (m.x + reach < plot.left() || m.x - reach > plot.right() || m.y + reach < plot.top() ||
            m.y - reach > plot.bottom()) {
            if (!m.generated)
                ++stats.pointsOutside;
            continue;
        }
        if (m.generated) { // always drawn, and no cover for others (its outline has corners)
            draw[k] = 1;
            continue;
        }
        if (hideCovered && coverage.covered(m.x, m.y, reach)) {
            ++stats.pointsHidden;
            continue;
        }
        draw[k] = 1;
        // A disc covers what lies inside it, less half a cell: renderers draw circles as Bezier curves
        // flattened into polygons, a little inside the true circle.
        coverage.cover(m.x, m.y, reach - 0.5 * cell);
    }

    const std::vector<double>& values = c.data.values();
    const bool coloured = c.colouring.mode() != ScatterColouring::Mode::None && !values.empty();
    const std::vector<double>& gValues = c.data.generatedValues();
    const bool gColoured = c.colouring.mode() != ScatterColouring::Mode::None && !gValues.empty();
    p.setPen(Qt::NoPen);
    for (std::size_t k = 0; k < marks.size(); ++k) {
        if (!draw[k])
            continue;
        const Mark& m = marks[k];
        const QPointF centre(m.x, m.y);
        if (m.generated) {
            const QColor fill = gColoured ? colourOf(c.colouring.colour(gValues[std::size_t(m.index)])) : kGeneratedNeutral;
            // The screen's diamond: |x| + |y| <= 1.5 r, its outer 30% dark; here the outline is a pen
            // centred 85% out whose mitred corners reach the full size.
            const double h = m.radius * kDiamondScale;
            const double mid = 0.85 * h, width = 0.3 * h / std::sqrt(2.0);
            QPen pen(kOutlineColour, width, Qt::SolidLine, Qt::SquareCap, Qt::MiterJoin);
            p.setPen(pen);
            p.setBrush(fill);
            const QPolygonF diamond({centre + QPointF(0, -mid), centre + QPointF(mid, 0), centre + QPointF(0, mid),
                                     centre + QPointF(-mid, 0)});
            p.drawPolygon(diamond);
            p.setPen(Qt::NoPen);
            ++stats.generatedDrawn;
            continue;
        }
        const ColorMap::Rgb rgb = coloured ? c.colouring.colour(values[std::size_t(m.index)]) : ScatterColouring::kNeutral;
        if (m.ring) {
            QPainterPath ring;
            ring.setFillRule(Qt::OddEvenFill);
            ring.addEllipse(centre, m.radius * kRingOuter, m.radius * kRingOuter);
            ring.addEllipse(centre, m.radius * kRingInner, m.radius * kRingInner);
            p.setBrush(kRingColour);
            p.drawPath(ring);
            ++stats.highlightsDrawn;
        }
        p.setBrush(colourOf(rgb));
        p.drawEllipse(centre, m.radius, m.radius);
        ++stats.pointsDrawn;
    }
}

std::vector<char> ringRows(const ScatterFigureContent& c, const FigureOptions& o)
{
    std::vector<char> ring(c.data.pointCount(), 0);
    if (o.selection)
        for (int row : c.data.highlightedVisibleRows())
            ring[std::size_t(row)] = 1;
    return ring;
}

} // namespace

void ScatterFigure::paintPlot3d(QPainter& painter, const Layout& l)
{
    const ScatterPointData& data = m_content.data;
    const Projector projector(m_content.camera, l.plot);
    const double baseRadius = 0.5 * m_content.pointSize * kPointsPerScreenPixel * l.unit;
    const std::vector<float>& xyz = data.xyz();

    painter.save();
    painter.setClipRect(l.plot);

    if (m_options.trajectories && !data.trajectories().empty()) {
        QPen pen(kTrajectoryColour, kTrajectoryWidthPx * kPointsPerScreenPixel * l.unit, Qt::SolidLine, Qt::RoundCap,
                 Qt::RoundJoin);
        painter.setPen(pen);
        painter.setBrush(Qt::NoBrush);
        for (const std::vector<int>& line : data.trajectories()) {
            QPolygonF polyline;
            const auto flush = [&] {
                if (polyline.size() >= 2)
                    painter.drawPolyline(polyline);
                polyline.clear();
            };
            for (int row : line) {
                const std::size_t r = std::size_t(row);
                const Projected q = projector.project(xyz[3 * r], xyz[3 * r + 1], xyz[3 * r + 2]);
                if (!q.inFront) {
                    flush();
                    continue;
                }
                polyline << QPointF(q.x, q.y);
            }
            flush();
            ++m_stats.trajectoriesDrawn;
        }
    }

    const std::vector<char> ring = ringRows(m_content, m_options);
    std::vector<Mark> marks;
    marks.reserve(data.visibleRows().size() + data.generatedCount());
    for (int row : data.visibleRows()) {
        const std::size_t r = std::size_t(row);
        const Projected q = projector.project(xyz[3 * r], xyz[3 * r + 1], xyz[3 * r + 2]);
        if (!q.inFront) {
            ++m_stats.pointsOutside;
            continue;
        }
        marks.push_back({q.x, q.y, q.depth, baseRadius * data.sizeFactor(r) * q.scale, row, false, ring[r] != 0});
    }
    if (m_options.generated) {
        const std::vector<float>& g = data.generatedXyz();
        for (std::size_t i = 0; i < data.generatedCount(); ++i) {
            const Projected q = projector.project(g[3 * i], g[3 * i + 1], g[3 * i + 2]);
            if (q.inFront)
                marks.push_back({q.x, q.y, q.depth, baseRadius * q.scale, int(i), true, false});
        }
    }
    if (m_content.density.on) {
        const auto [x, y] = zooMarkPositions(marks);
        computeDensity(x, y, l.plot);
        paintShading(painter, l.plot);
    }
    paintMarks(painter, marks, m_content, m_options, l.plot, m_hideCovered, m_stats);
    paintContours(painter, l.plot, l.unit);
    painter.restore();

    if (m_options.axes)
        paintAxisTriad(painter, l.plot);
}

void ScatterFigure::paintPlot2d(QPainter& painter, const Layout& l)
{
    const ScatterPointData& data = m_content.data;
    const double u = l.unit;
    const auto toX = [&](double x) { return l.plot.left() + (x - l.x0) / (l.x1 - l.x0) * l.plot.width(); };
    const auto toY = [&](double y) { return l.plot.bottom() - (y - l.y0) / (l.y1 - l.y0) * l.plot.height(); };
    const double baseRadius = 0.5 * m_content.pointSize * kPointsPerScreenPixel * u;
    const std::vector<float>& xyz = data.xyz();

    painter.save();
    painter.setClipRect(l.plot);
    if (m_options.trajectories && !data.trajectories().empty()) {
        painter.setPen(QPen(kTrajectoryColour, kTrajectoryWidthPx * kPointsPerScreenPixel * u, Qt::SolidLine,
                            Qt::RoundCap, Qt::RoundJoin));
        painter.setBrush(Qt::NoBrush);
        for (const std::vector<int>& line : data.trajectories()) {
            QPolygonF polyline;
            for (int row : line)
                polyline << QPointF(toX(xyz[3 * std::size_t(row)]), toY(xyz[3 * std::size_t(row) + 1]));
            painter.drawPolyline(polyline);
            ++m_stats.trajectoriesDrawn;
        }
    }
    // Depth as the reset camera sees the points (looking down -z): a larger third coordinate is nearer.
    const std::vector<char> ring = ringRows(m_content, m_options);
    std::vector<Mark> marks;
    marks.reserve(data.visibleRows().size() + data.generatedCount());
    for (int row : data.visibleRows()) {
        const std::size_t r = std::size_t(row);
        marks.push_back({toX(xyz[3 * r]), toY(xyz[3 * r + 1]), -double(xyz[3 * r + 2]), baseRadius * data.sizeFactor(r),
                         row, false, ring[r] != 0});
    }
    if (m_options.generated) {
        const std::vector<float>& g = data.generatedXyz();
        for (std::size_t i = 0; i < data.generatedCount(); ++i)
            marks.push_back({toX(g[3 * i]), toY(g[3 * i + 1]), -double(g[3 * i + 2]), baseRadius, int(i), true, false});
    }
    if (m_content.density.on) {
        const auto [x, y] = zooMarkPositions(marks);
        computeDensity(x, y, l.plot);
        paintShading(painter, l.plot);
    }
    paintMarks(painter, marks, m_content, m_options, l.plot, m_hideCovered, m_stats);
    paintContours(painter, l.plot, u);
    painter.restore();

    if (!m_options.axes)
        return;
    // The axes: a frame, outward ticks with labels, and the components' titles.
    const double tick = 2.5 * u;
    painter.save();
    painter.setPen(QPen(kAxis, 0.6 * u, Qt::SolidLine, Qt::FlatCap, Qt::MiterJoin));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(l.plot);
    painter.setFont(figureFont(m_options));
    for (double v : l.xTicks.values) {
        const double x = toX(v);
        painter.setPen(QPen(kAxis, 0.6 * u));
        painter.drawLine(QPointF(x, l.plot.bottom()), QPointF(x, l.plot.bottom() + tick));
        painter.setPen(kText);
        drawTextAt(painter, QPointF(x, l.plot.bottom() + tick + 2 * u), Qt::AlignHCenter | Qt::AlignTop,
                   tickLabel(v, l.xTicks.decimals));
    }
    for (double v : l.yTicks.values) {
        const double y = toY(v);
        painter.setPen(QPen(kAxis, 0.6 * u));
        painter.drawLine(QPointF(l.plot.left() - tick, y), QPointF(l.plot.left(), y));
        painter.setPen(kText);
        drawTextAt(painter, QPointF(l.plot.left() - tick - 2 * u, y), Qt::AlignRight | Qt::AlignVCenter,
                   tickLabel(v, l.yTicks.decimals));
    }
    const QStringList& titles = m_content.axisTitles;
    const QString xTitle = titles.size() > 0 ? titles[0] : QStringLiteral("x");
    const QString yTitle = titles.size() > 1 ? titles[1] : QStringLiteral("y");
    painter.setPen(kText);
    drawTextAt(painter, QPointF(l.plot.center().x(), l.plot.bottom() + tick + 2 * u + l.lineHeight + 2 * u),
               Qt::AlignHCenter | Qt::AlignTop, xTitle);
    painter.translate(l.target.left() + 3 * u, l.plot.center().y());
    painter.rotate(-90);
    drawTextAt(painter, QPointF(0, 0), Qt::AlignHCenter | Qt::AlignTop, yTitle);
    painter.restore();
}

void ScatterFigure::computeDensity(const std::vector<float>& x, const std::vector<float>& y, const QRectF& plot)
{
    // The plot is the figure's screen: positions relative to its top left corner.
    std::vector<float> px(x.size()), py(y.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
        px[i] = float(x[i] - plot.left());
        py[i] = float(y[i] - plot.top());
    }
    m_density.compute(px, py, plot.width(), plot.height(), m_content.density.bandwidth);
}

void ScatterFigure::paintShading(QPainter& painter, const QRectF& plot)
{
    if (!m_content.density.shading() || m_density.isEmpty())
        return;
    // An image (the density is smooth): about a device pixel per two, at most 1200 along the longer side.
    const double scale = std::min(0.5, 1200.0 / std::max(plot.width(), plot.height()));
    const QSize size(std::max(1, int(std::lround(plot.width() * scale))), std::max(1, int(std::lround(plot.height() * scale))));
    const QImage image = m_density.shading(size, QRectF(0, 0, plot.width(), plot.height()), ScreenDensity::shadeColour());
    painter.save();
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    painter.drawImage(plot, image);
    painter.restore();
    m_stats.densityShaded = true;
}

void ScatterFigure::paintContours(QPainter& painter, const QRectF& plot, double unit)
{
    if (!m_content.density.contours() || m_density.isEmpty())
        return;
    painter.save();
    painter.translate(plot.topLeft());
    painter.setPen(QPen(ScreenDensity::lineColour(), ScreenDensity::kLineWidth * kPointsPerScreenPixel * unit, Qt::SolidLine,
                        Qt::RoundCap, Qt::RoundJoin));
    painter.setBrush(Qt::NoBrush);
    for (const ScreenDensity::Contour& c : m_density.contours())
        for (const QPolygonF& line : c.lines) {
            painter.drawPolyline(line);
            ++m_stats.densityLines;
        }
    painter.restore();
}

void ScatterFigure::paintColorBar(QPainter& painter, const Layout& l) const
{
    const double u = l.unit;
    const QFont font = figureFont(m_options);
    const QFontMetricsF fm(font, const_cast<QPaintDevice*>(measuringDevice(m_options.dpi)));
    painter.save();
    painter.setFont(font);
    const double left = l.bar.left() + 6 * u;

    if (m_content.colouring.mode() == ScatterColouring::Mode::Categorical) {
        // A legend: the title, then a swatch (a point's disc) and the name of each category.
        double y = l.bar.top() + 0.5 * l.bar.height() - 0.5 * l.lineHeight *
                   (double(m_content.data.categoryNames().size()) + (m_content.colorBarTitle.isEmpty() ? 0 : 1.3));
        y = std::max(y, l.bar.top());
        painter.setPen(kText);
        if (!m_content.colorBarTitle.isEmpty()) {
            drawTextAt(painter, QPointF(left, y), Qt::AlignLeft | Qt::AlignTop, m_content.colorBarTitle);
            y += 1.3 * l.lineHeight;
        }
        const double swatch = 0.35 * l.lineHeight;
        const auto entry = [&](const QColor& colour, const QString& name) {
            QPainterPath disc; // a path: the points are the figure's only circles
            disc.addEllipse(QPointF(left + 0.5 * l.lineHeight, y + 0.5 * l.lineHeight), swatch, swatch);
            painter.setPen(Qt::NoPen);
            painter.setBrush(colour);
            painter.drawPath(disc);
            painter.setPen(kText);
            drawTextAt(painter, QPointF(left + l.lineHeight + 3 * u, y + 0.5 * l.lineHeight), Qt::AlignLeft | Qt::AlignVCenter,
                       name);
            y += l.lineHeight;
        };
        const auto& names = m_content.data.categoryNames();
        for (std::size_t i = 0; i < names.size(); ++i)
            entry(colourOf(m_content.colouring.colour(double(i))), QString::fromStdString(names[i]));
        if (anyUnknownCategory(m_content))
            entry(colourOf(ScatterColouring::kNan), unknownCategoryName());
        painter.restore();
        return;
    }

    // A continuous bar: 70% of the plot's height, centred, as on screen; the map as a vector gradient with
    // a stop at the middle of each of its 256 bins, so that it equals the lookup table.
    const double barWidth = 0.9 * m_options.fontSize * u;
    const double barHeight = 0.7 * l.bar.height();
    const QRectF bar(left, l.bar.top() + 0.5 * (l.bar.height() - barHeight), barWidth, barHeight);
    QLinearGradient gradient(bar.bottomLeft(), bar.topLeft());
    const ColorMap::Name map = m_content.colouring.colorMap();
    const bool reverse = m_content.colouring.reversed();
    const int n = ColorMap::kTableSize;
    gradient.setColorAt(0.0, colourOf(ColorMap::sample(map, 0.0, reverse)));
    for (int i = 0; i < n; ++i) {
        const double t = (i + 0.5) / n;
        gradient.setColorAt(t, colourOf(ColorMap::sample(map, t, reverse)));
    }
    gradient.setColorAt(1.0, colourOf(ColorMap::sample(map, 1.0, reverse)));
    painter.setPen(Qt::NoPen);
    painter.setBrush(gradient);
    painter.drawRect(bar);
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(kAxis, 0.5 * u, Qt::SolidLine, Qt::FlatCap, Qt::MiterJoin));
    painter.drawRect(bar);

    const auto [lo, hi] = m_content.colouring.mappedRange();
    const Ticks ticks = colourTicks(m_content.colouring);
    const double tick = 2 * u;
    double labels = 0;
    for (double v : ticks.values) {
        const double y = bar.bottom() - (v - lo) / (hi - lo) * bar.height();
        painter.setPen(QPen(kAxis, 0.5 * u));
        painter.drawLine(QPointF(bar.right(), y), QPointF(bar.right() + tick, y));
        painter.setPen(kText);
        const QString label = tickLabel(v, ticks.decimals);
        labels = std::max(labels, fm.horizontalAdvance(label));
        drawTextAt(painter, QPointF(bar.right() + tick + 2 * u, y), Qt::AlignLeft | Qt::AlignVCenter, label);
    }
    if (!m_content.colorBarTitle.isEmpty()) {
        // The title on its side right of the labels, reading upwards (as matplotlib's colour bars).
        painter.setPen(kText);
        painter.translate(bar.right() + tick + 2 * u + labels + 3 * u, bar.center().y());
        painter.rotate(-90);
        drawTextAt(painter, QPointF(0, 0), Qt::AlignHCenter | Qt::AlignTop, m_content.colorBarTitle);
    }
    painter.restore();
}

void ScatterFigure::paintAxisTriad(QPainter& painter, const QRectF& plot) const
{
    // Three arrows from a common origin, turned as the camera sees the world's axes, each labelled with
    // its component's title; the farthest drawn first; the whole triad, labels included, in the bottom
    // left corner of the plot.
    const double u = m_options.unitsPerPoint();
    const double length = 14 * u;
    const QFont font = figureFont(m_options, 0.85);
    const QFontMetricsF fm(font, const_cast<QPaintDevice*>(measuringDevice(m_options.dpi)));
    const Projector projector(m_content.camera, plot);
    std::array<std::array<double, 3>, 3> axes{projector.axis(0), projector.axis(1), projector.axis(2)};
    std::array<int, 3> order{0, 1, 2};
    std::sort(order.begin(), order.end(), [&](int a, int b) { return axes[std::size_t(a)][2] > axes[std::size_t(b)][2]; });
    static const char* const fallback[] = {"x", "y", "z"};

    struct Arrow {
        QPointF dir; // screen direction times the projected length (0..1)
        double len;
        QString label;
        QPointF at; // the label's anchor, relative to the origin
        Qt::Alignment align;
        QRectF box; // the label's extent, relative to the origin
    };
    std::array<Arrow, 3> arrows;
    QRectF extent(QPointF(0, 0), QSizeF(0, 0));
    for (int i = 0; i < 3; ++i) {
        Arrow& a = arrows[std::size_t(i)];
        a.dir = QPointF(axes[std::size_t(i)][0], axes[std::size_t(i)][1]);
        a.len = std::hypot(a.dir.x(), a.dir.y());
        a.label = i < m_content.axisTitles.size() ? m_content.axisTitles[i] : QString::fromLatin1(fallback[i]);
        // An axis along the line of sight: a dot at the origin, its label below left of it.
        a.align = Qt::AlignRight | Qt::AlignTop;
        a.at = QPointF(-2 * u, 1.5 * u);
        if (a.len > 0.05) {
            const QPointF d = a.dir / a.len;
            a.at = a.dir * length + d * 2.0 * u; // beyond the tip, aligned away from the origin
            if (d.x() > 0.38)
                a.align = (a.align & ~Qt::AlignHorizontal_Mask) | Qt::AlignLeft;
            else if (d.x() < -0.38)
                a.align = (a.align & ~Qt::AlignHorizontal_Mask) | Qt::AlignRight;
            if (d.y() > 0.38)
                a.align = (a.align & ~Qt::AlignVertical_Mask) | Qt::AlignTop;
            else if (d.y() < -0.38)
                a.align = (a.align & ~Qt::AlignVertical_Mask) | Qt::AlignBottom;
        }
        const double w = fm.horizontalAdvance(a.label), h = fm.height();
        const double x = (a.align & Qt::AlignLeft) ? a.at.x() : (a.align & Qt::AlignRight) ? a.at.x() - w : a.at.x() - 0.5 * w;
        const double y = (a.align & Qt::AlignTop) ? a.at.y() : (a.align & Qt::AlignBottom) ? a.at.y() - h : a.at.y() - 0.5 * h;
        a.box = QRectF(x, y, w, h);
        extent = extent.united(a.box).united(QRectF(a.dir * length, QSizeF(0, 0)).normalized());
    }
    const QPointF origin(plot.left() + 3 * u - extent.left(), plot.bottom() - 3 * u - extent.bottom());

    painter.save();
    painter.setFont(font);
    for (int i : order) {
        const Arrow& a = arrows[std::size_t(i)];
        const QPointF tip = origin + a.dir * length;
        if (a.len > 0.05) {
            const QPointF d = a.dir / a.len, n(-d.y(), d.x());
            const double head = std::min(3.0 * u, 0.4 * a.len * length);
            painter.setPen(QPen(kAxis, 0.6 * u, Qt::SolidLine, Qt::RoundCap, Qt::MiterJoin));
            painter.drawLine(origin, tip - d * head * 0.8);
            painter.setPen(Qt::NoPen);
            painter.setBrush(kAxis);
            painter.drawPolygon(QPolygonF({tip, tip - d * head + n * head * 0.4, tip - d * head - n * head * 0.4}));
        } else {
            // A path, not an ellipse: the points are the figure's only circles (the tests count them).
            QPainterPath dot;
            dot.addEllipse(origin, 1.2 * u, 1.2 * u);
            painter.setPen(Qt::NoPen);
            painter.setBrush(kAxis);
            painter.drawPath(dot);
        }
        painter.setPen(kText);
        drawTextAt(painter, origin + a.at, a.align, a.label);
    }
    painter.restore();
}

} // namespace zooscope
