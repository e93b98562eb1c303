#include "widgets/ScreenDensity.h"

#include <QColor>
#include <QElapsedTimer>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <unordered_map>

namespace zooscope {

namespace {

// Grid cells: about 2.5 per kernel standard deviation (a Gaussian sampled that finely is smooth), at most
// kMaxCells and at least kMinCells along the longer side.
constexpr double kCellsPerSigma = 2.5;
constexpr double kMaxCells = 400;
constexpr double kMinCells = 80;
constexpr int kShadeBins = 4096;

} // namespace

void ScreenDensity::clear()
{
    m_grid.clear();
    m_gw = m_gh = 0;
    m_points = 0;
    m_bandwidth = m_scott = 0;
    m_maxDensity = 0;
    m_above.clear();
    m_contours.clear();
}

void ScreenDensity::compute(const std::vector<float>& xs, const std::vector<float>& ys, double width, double height,
                            double bandwidthFactor)
{
    QElapsedTimer timer;
    timer.start();
    clear();
    m_width = width;
    m_height = height;
    const std::size_t total = std::min(xs.size(), ys.size());
    if (!(width > 0) || !(height > 0))
        return;
    const auto onScreen = [&](std::size_t i) {
        const float x = xs[i], y = ys[i];
        return x >= 0.0f && y >= 0.0f && double(x) <= width && double(y) <= height; // false for NaN
    };

    // Scott's rule in screen space, isotropic: n^(-1/6) times the geometric mean of the two standard deviations.
    double sx = 0, sy = 0, sxx = 0, syy = 0;
    std::size_t n = 0;
    const double cx = 0.5 * width, cy = 0.5 * height; // shifted sums: no cancellation
    for (std::size_t i = 0; i < total; ++i) {
        if (!onScreen(i))
            continue;
        const double dx = xs[i] - cx, dy = ys[i] - cy;
        sx += dx;
        sy += dy;
        sxx += dx * dx;
        syy += dy * dy;
        ++n;
    }
    m_points = n;
    if (n == 0)
        return;
    const double nd = double(n);
    const double varX = std::max(0.0, sxx / nd - (sx / nd) * (sx / nd));
    const double varY = std::max(0.0, syy / nd - (sy / nd) * (sy / nd));
    double spread = std::sqrt(std::sqrt(varX) * std::sqrt(varY));
    if (!(spread > 0)) // all on one line: its spread
        spread = std::sqrt(std::max(varX, varY));
    // All at one place (or one point): a fiftieth of the screen's diagonal.
    m_scott = spread > 0 ? spread * std::pow(nd, -1.0 / 6.0) : 0.02 * std::hypot(width, height);
    const double longSide = std::max(width, height);
    m_bandwidth = std::clamp(m_scott * std::clamp(bandwidthFactor, 0.05, 20.0), 0.5, longSide);

    // The grid: the screen plus room for the kernel (contours around points at the edge close off screen).
    const double pad = std::min(3.0 * m_bandwidth, 0.5 * longSide);
    const double extent = longSide + 2 * pad;
    m_cell = std::min(std::max(m_bandwidth / kCellsPerSigma, extent / kMaxCells), extent / kMinCells);
    m_x0 = -pad;
    m_y0 = -pad;
    m_gw = std::max(2, int(std::ceil((width + 2 * pad) / m_cell)));
    m_gh = std::max(2, int(std::ceil((height + 2 * pad) / m_cell)));
    m_grid.assign(std::size_t(m_gw) * std::size_t(m_gh), 0.0f);

    // Linear binning: each point shares its unit weight among the four nearest cell centres.
    const double inv = 1.0 / m_cell;
    for (std::size_t i = 0; i < total; ++i) {
        if (!onScreen(i))
            continue;
        const double u = (xs[i] - m_x0) * inv - 0.5, v = (ys[i] - m_y0) * inv - 0.5;
        const int i0 = int(std::floor(u)), j0 = int(std::floor(v));
        const float fu = float(u - i0), fv = float(v - j0);
        const float w[4] = {(1 - fu) * (1 - fv), fu * (1 - fv), (1 - fu) * fv, fu * fv};
        const int ci[4] = {i0, i0 + 1, i0, i0 + 1}, cj[4] = {j0, j0, j0 + 1, j0 + 1};
        for (int k = 0; k < 4; ++k)
            if (ci[k] >= 0 && cj[k] >= 0 && ci[k] < m_gw && cj[k] < m_gh)
                m_grid[std::size_t(cj[k]) * std::size_t(m_gw) + std::size_t(ci[k])] += w[k];
    }
    blur(m_bandwidth / m_cell);
    const float toDensity = float(1.0 / (nd * m_cell * m_cell));
    float maxValue = 0.0f;
    for (float& g : m_grid) {
        g *= toDensity;
        maxValue = std::max(maxValue, g);
    }
    m_maxDensity = maxValue;

    // The density at each point, ranked: the level holding a share q of the points is the density that
    // a share q of them reach or exceed.
    std::vector<float> atPoint;
    atPoint.reserve(n);
    for (std::size_t i = 0; i < total; ++i)
        if (onScreen(i))
            atPoint.push_back(float(densityAt(xs[i], ys[i])));
    if (m_maxDensity > 0) {
        std::vector<double> counts(kShadeBins + 1, 0.0);
        for (float d : atPoint)
            counts[std::size_t(std::clamp(int(double(d) / m_maxDensity * kShadeBins), 0, kShadeBins))] += 1;
        m_above.assign(kShadeBins + 2, 0.0);
        for (int b = kShadeBins; b >= 0; --b)
            m_above[std::size_t(b)] = m_above[std::size_t(b) + 1] + counts[std::size_t(b)] / nd;
    }
    // Fractions in increasing order: each rank lies below the one before, so each nth_element works on
    // what lies below the last one (about 2.5 passes over the points instead of four).
    std::size_t bound = atPoint.size();
    for (double q : kFractions) {
        Contour c;
        c.fraction = q;
        const std::size_t k = std::min(n - 1, std::size_t(std::floor((1.0 - q) * nd)));
        const std::size_t end = std::max(bound, k + 1);
        std::nth_element(atPoint.begin(), atPoint.begin() + std::ptrdiff_t(k), atPoint.begin() + std::ptrdiff_t(end));
        bound = k;
        c.level = atPoint[k];
        if (c.level > 0)
            c.lines = trace(c.level);
        m_contours.push_back(std::move(c));
    }
    m_computeMs = double(timer.nsecsElapsed()) / 1e6;
}

void ScreenDensity::blur(double sigmaCells)
{
    const int radius = std::max(1, int(std::ceil(4.0 * sigmaCells)));
    std::vector<float> kernel(std::size_t(2 * radius + 1));
    double sum = 0;
    for (int k = -radius; k <= radius; ++k) {
        const double w = std::exp(-0.5 * (k * k) / (sigmaCells * sigmaCells));
        kernel[std::size_t(k + radius)] = float(w);
        sum += w;
    }
    for (float& w : kernel)
        w = float(w / sum);
    std::vector<float> tmp(m_grid.size(), 0.0f);
    const std::size_t gw = std::size_t(m_gw);
    for (int j = 0; j < m_gh; ++j) { // rows
        const float* in = &m_grid[std::size_t(j) * gw];
        float* out = &tmp[std::size_t(j) * gw];
        for (int i = 0; i < m_gw; ++i) {
            const float v = in[i];
            if (v == 0.0f)
                continue;
            const int a = std::max(0, i - radius), b = std::min(m_gw - 1, i + radius);
            for (int t = a; t <= b; ++t)
                out[t] += v * kernel[std::size_t(t - i + radius)];
        }
    }
    std::fill(m_grid.begin(), m_grid.end(), 0.0f);
    for (int j = 0; j < m_gh; ++j) { // columns, a row at a time
        const float* in = &tmp[std::size_t(j) * gw];
        const int a = std::max(0, j - radius), b = std::min(m_gh - 1, j + radius);
        for (int t = a; t <= b; ++t) {
            const float w = kernel[std::size_t(t - j + radius)];
            float* out = &m_grid[std::size_t(t) * gw];
            for (int i = 0; i < m_gw; ++i)
                out[i] += w * in[i];
        }
    }
}

double ScreenDensity::densityAt(double x, double y) const
{
    if (m_grid.empty() || !std::isfinite(x) || !std::isfinite(y))
        return 0.0;
    const double u = (x - m_x0) / m_cell - 0.5, v = (y - m_y0) / m_cell - 0.5;
    if (u < -1 || v < -1 || u > m_gw || v > m_gh)
        return 0.0;
    const int i0 = int(std::floor(u)), j0 = int(std::floor(v));
    const double fu = u - i0, fv = v - j0;
    return (1 - fu) * (1 - fv) * gridValue(i0, j0) + fu * (1 - fv) * gridValue(i0 + 1, j0) +
           (1 - fu) * fv * gridValue(i0, j0 + 1) + fu * fv * gridValue(i0 + 1, j0 + 1);
}

QPointF ScreenDensity::peak() const
{
    if (m_grid.empty() || m_maxDensity <= 0)
        return {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
    const std::size_t k = std::size_t(std::max_element(m_grid.begin(), m_grid.end()) - m_grid.begin());
    const int i = int(k % std::size_t(m_gw)), j = int(k / std::size_t(m_gw));
    return {m_x0 + (i + 0.5) * m_cell, m_y0 + (j + 0.5) * m_cell};
}

std::size_t ScreenDensity::lineCount() const
{
    std::size_t count = 0;
    for (const Contour& c : m_contours)
        count += c.lines.size();
    return count;
}

double ScreenDensity::shade(double density) const
{
    if (m_above.empty() || !(density > 0))
        return 0.0;
    const double u = std::clamp(density / m_maxDensity * kShadeBins, 0.0, double(kShadeBins));
    const int b = int(u);
    const double f = u - b;
    const double above = (1 - f) * m_above[std::size_t(b)] + f * m_above[std::size_t(b) + 1];
    return std::clamp(1.0 - above, 0.0, 1.0);
}

QImage ScreenDensity::shading(const QSize& size, const QRectF& area, const QColor& colour) const
{
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    if (image.isNull())
        return image;
    image.fill(Qt::transparent);
    if (isEmpty() || m_above.empty())
        return image;
    const double sx = area.width() / size.width(), sy = area.height() / size.height();
    const double opacity = colour.alphaF();
    const double r = colour.redF(), g = colour.greenF(), b = colour.blueF();
    for (int py = 0; py < size.height(); ++py) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(py));
        const double y = area.top() + (py + 0.5) * sy;
        for (int px = 0; px < size.width(); ++px) {
            const double a = opacity * std::sqrt(shade(densityAt(area.left() + (px + 0.5) * sx, y)));
            if (a <= 0)
                continue;
            line[px] = qRgba(int(std::lround(255 * r * a)), int(std::lround(255 * g * a)), int(std::lround(255 * b * a)),
                             int(std::lround(255 * a)));
        }
    }
    return image;
}

std::vector<QPolygonF> ScreenDensity::trace(double level) const
{
    // Marching squares over the cell centres, the grid surrounded by a ring of zeros so that every line
    // closes; saddles resolved by the mean of the four corners. Segments meet on the grid's edges: an
    // edge's key joins them into polylines.
    const int stride = m_gw + 2;
    const auto hKey = [&](int i, int j) { return (std::int64_t(j + 1) * stride + (i + 1)) * 2; };     // (i,j)-(i+1,j)
    const auto vKey = [&](int i, int j) { return (std::int64_t(j + 1) * stride + (i + 1)) * 2 + 1; }; // (i,j)-(i,j+1)
    const auto centre = [&](int i, int j) { return QPointF(m_x0 + (i + 0.5) * m_cell, m_y0 + (j + 0.5) * m_cell); };
    const auto cross = [&](int i0, int j0, int i1, int j1) {
        const double a = gridValue(i0, j0), b = gridValue(i1, j1);
        const double t = b != a ? std::clamp((level - a) / (b - a), 0.0, 1.0) : 0.5;
        return centre(i0, j0) + t * (centre(i1, j1) - centre(i0, j0));
    };

    struct Segment {
        std::int64_t a, b;
    };
    std::vector<Segment> segments;
    std::unordered_map<std::int64_t, QPointF> points;
    std::unordered_map<std::int64_t, std::array<int, 2>> atEdge;
    const auto add = [&](std::int64_t a, std::int64_t b) {
        const int s = int(segments.size());
        segments.push_back({a, b});
        for (std::int64_t k : {a, b}) {
            auto it = atEdge.find(k);
            if (it == atEdge.end())
                atEdge.emplace(k, std::array<int, 2>{s, -1});
            else
                it->second[1] = s;
        }
    };
    for (int j = -1; j < m_gh; ++j) {
        for (int i = -1; i < m_gw; ++i) {
            const double va = gridValue(i, j), vb = gridValue(i + 1, j), vc = gridValue(i + 1, j + 1),
                         vd = gridValue(i, j + 1);
            const int index = (va >= level ? 8 : 0) | (vb >= level ? 4 : 0) | (vc >= level ? 2 : 0) | (vd >= level ? 1 : 0);
            if (index == 0 || index == 15)
                continue;
            const std::int64_t top = hKey(i, j), bottom = hKey(i, j + 1), left = vKey(i, j), right = vKey(i + 1, j);
            const auto point = [&](std::int64_t key) {
                if (points.count(key))
                    return;
                if (key == top)
                    points.emplace(key, cross(i, j, i + 1, j));
                else if (key == bottom)
                    points.emplace(key, cross(i, j + 1, i + 1, j + 1));
                else if (key == left)
                    points.emplace(key, cross(i, j, i, j + 1));
                else
                    points.emplace(key, cross(i + 1, j, i + 1, j + 1));
            };
            const auto segment = [&](std::int64_t a, std::int64_t b) {
                point(a);
                point(b);
                add(a, b);
            };
            const bool middle = 0.25 * (va + vb + vc + vd) >= level;
            switch (index) {
            case 1: case 14: segment(left, bottom); break;
            case 2: case 13: segment(bottom, right); break;
            case 3: case 12: segment(left, right); break;
            case 4: case 11: segment(top, right); break;
            case 6: case 9: segment(top, bottom); break;
            case 7: case 8: segment(left, top); break;
            case 5: // b and d inside
                if (middle) {
                    segment(left, top);
                    segment(bottom, right);
                } else {
                    segment(top, right);
                    segment(left, bottom);
                }
                break;
            case 10: // a and c inside
                if (middle) {
                    segment(top, right);
                    segment(left, bottom);
                } else {
                    segment(left, top);
                    segment(bottom, right);
                }
                break;
            default: break;
            }
        }
    }

    std::vector<QPolygonF> lines;
    std::vector<char> used(segments.size(), 0);
    for (std::size_t s0 = 0; s0 < segments.size(); ++s0) {
        if (used[s0])
            continue;
        QPolygonF line;
        used[s0] = 1;
        line << points.at(segments[s0].a) << points.at(segments[s0].b);
        std::int64_t end = segments[s0].b;
        int current = int(s0);
        for (;;) {
            const std::array<int, 2>& pair = atEdge.at(end);
            const int next = pair[0] == current ? pair[1] : pair[0];
            if (next == int(s0)) { // closed
                line << line.first();
                break;
            }
            if (next < 0 || used[std::size_t(next)])
                break;
            used[std::size_t(next)] = 1;
            const Segment& seg = segments[std::size_t(next)];
            end = seg.a == end ? seg.b : seg.a;
            line << points.at(end);
            current = next;
        }
        if (line.size() >= 3)
            lines.push_back(std::move(line));
    }
    return lines;
}

} // namespace zooscope
