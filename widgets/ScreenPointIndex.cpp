#include "widgets/ScreenPointIndex.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace zooscope {

void ScreenPointIndex::clear()
{
    m_rows.clear();
    m_x.clear();
    m_y.clear();
    m_depth.clear();
    m_radius.clear();
    m_w.clear();
    m_slotOfRow.clear();
    m_maxRadius = 0.0f;
}

void ScreenPointIndex::project(const std::vector<float>& xyz, const std::vector<int>& rows, const Camera& camera,
                               double worldRadius, const std::vector<float>& sizes)
{
    const std::size_t n = rows.size();
    m_rows = rows;
    m_x.resize(n);
    m_y.resize(n);
    m_depth.resize(n);
    m_radius.resize(n);
    m_w.resize(n);
    m_width = camera.width;
    m_height = camera.height;
    m_maxRadius = 0.0f;
    const auto& m = camera.worldToClip;
    const double halfW = 0.5 * camera.width, halfH = 0.5 * camera.height;
    const double radiusScale = worldRadius * camera.projectionYScale * halfH;
    const double flip = 1.0 / std::max(camera.devicePixelRatio, 1e-9);
    const std::size_t total = xyz.size() / 3;
    m_slotOfRow.assign(total, -1);
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t r = std::size_t(rows[i]);
        m_slotOfRow[r] = int(i);
        const double x = xyz[3 * r], y = xyz[3 * r + 1], z = xyz[3 * r + 2];
        const double cx = m[0] * x + m[1] * y + m[2] * z + m[3];
        const double cy = m[4] * x + m[5] * y + m[6] * z + m[7];
        const double cz = m[8] * x + m[9] * y + m[10] * z + m[11];
        const double cw = m[12] * x + m[13] * y + m[14] * z + m[15];
        if (cw <= 1e-12) { // behind the camera: never hit
            m_w[i] = 0.0f;
            m_x[i] = m_y[i] = std::numeric_limits<float>::quiet_NaN();
            m_depth[i] = std::numeric_limits<float>::infinity();
            m_radius[i] = 0.0f;
            continue;
        }
        m_w[i] = float(cw);
        // VTK's view-to-display mapping, then Qt's y axis (down; VTK's row y is Qt's row height - 1 - y).
        m_x[i] = float((cx / cw + 1.0) * halfW);
        m_y[i] = float(camera.height - (cy / cw + 1.0) * halfH - flip);
        m_depth[i] = float(cz / cw);
        const double factor = sizes.empty() ? 1.0 : double(sizes[r]);
        m_radius[i] = float(radiusScale * factor / cw);
        m_maxRadius = std::max(m_maxRadius, m_radius[i]);
    }
}

std::vector<int> ScreenPointIndex::rowsInRect(const QRectF& rect, bool visibleOnly) const
{
    const QRectF r = rect.normalized();
    const std::vector<char> visible = visibleOnly ? visibleIn(r) : std::vector<char>();
    const float x0 = float(r.left()), x1 = float(r.right()), y0 = float(r.top()), y1 = float(r.bottom());
    std::vector<int> out;
    for (std::size_t i = 0; i < m_x.size(); ++i) {
        if (m_x[i] >= x0 && m_x[i] <= x1 && m_y[i] >= y0 && m_y[i] <= y1 && (!visibleOnly || visible[i]))
            out.push_back(m_rows[i]);
    }
    if (!std::is_sorted(out.begin(), out.end()))
        std::sort(out.begin(), out.end());
    return out;
}

std::vector<int> ScreenPointIndex::rowsInPolygon(const QPolygonF& polygon, bool visibleOnly) const
{
    if (polygon.size() < 3)
        return {};
    const std::vector<char> visible = visibleOnly ? visibleIn(polygon.boundingRect()) : std::vector<char>();
    const std::size_t nv = std::size_t(polygon.size());
    std::vector<float> px(nv), py(nv);
    for (std::size_t k = 0; k < nv; ++k) {
        px[k] = float(polygon[qsizetype(k)].x());
        py[k] = float(polygon[qsizetype(k)].y());
    }
    const auto [minX, maxX] = std::minmax_element(px.begin(), px.end());
    const auto [minY, maxY] = std::minmax_element(py.begin(), py.end());
    const float bx0 = *minX, bx1 = *maxX, by0 = *minY, by1 = *maxY;
    // The edges by rows of one pixel: a point tests only those whose y range holds its row (two or so of
    // a lasso's hundreds), with the same arithmetic as against all of them.
    const int bucketCount = std::max(1, int(std::min(1e6f, by1 - by0)) + 1);
    std::vector<std::vector<std::uint32_t>> bucket(static_cast<std::size_t>(bucketCount));
    const auto bucketOf = [&](float y) { return std::clamp(int(y - by0), 0, bucketCount - 1); };
    for (std::size_t a = 0, b = nv - 1; a < nv; b = a++) {
        if (py[a] == py[b])
            continue; // a level edge is never crossed
        const int lo = bucketOf(std::min(py[a], py[b])), hi = bucketOf(std::max(py[a], py[b]));
        for (int k = lo; k <= hi; ++k)
            bucket[std::size_t(k)].push_back(std::uint32_t(a));
    }
    std::vector<int> out;
    for (std::size_t i = 0; i < m_x.size(); ++i) {
        const float x = m_x[i], y = m_y[i];
        if (!(x >= bx0 && x <= bx1 && y >= by0 && y <= by1))
            continue;
        if (visibleOnly && !visible[i])
            continue;
        // Even-odd rule: count the edges that a ray to the right crosses.
        bool inside = false;
        for (const std::uint32_t a : bucket[std::size_t(bucketOf(y))]) {
            const std::size_t b = a == 0 ? nv - 1 : a - 1;
            if ((py[a] > y) != (py[b] > y)) {
                const float xCross = px[a] + (y - py[a]) * (px[b] - px[a]) / (py[b] - py[a]);
                if (x < xCross)
                    inside = !inside;
            }
        }
        if (inside)
            out.push_back(m_rows[i]);
    }
    if (!std::is_sorted(out.begin(), out.end()))
        std::sort(out.begin(), out.end());
    return out;
}

int ScreenPointIndex::rowAt(const QPointF& pos, double maxDistance) const
{
    const float x = float(pos.x()), y = float(pos.y());
    int covering = -1, nearest = -1;
    float coveringDepth = std::numeric_limits<float>::infinity();
    float nearestDist2 = float(maxDistance * maxDistance);
    for (std::size_t i = 0; i < m_x.size(); ++i) {
        if (!onScreen(i))
            continue;
        const float dx = m_x[i] - x, dy = m_y[i] - y;
        const float d2 = dx * dx + dy * dy;
        if (d2 <= m_radius[i] * m_radius[i] && m_depth[i] < coveringDepth) {
            coveringDepth = m_depth[i];
            covering = int(i);
        }
        if (d2 <= nearestDist2) {
            nearestDist2 = d2;
            nearest = int(i);
        }
    }
    const int slot = covering >= 0 ? covering : nearest;
    return slot >= 0 ? m_rows[std::size_t(slot)] : -1;
}

bool ScreenPointIndex::position(int row, QPointF* pos) const
{
    if (row < 0 || std::size_t(row) >= m_slotOfRow.size() || m_slotOfRow[std::size_t(row)] < 0)
        return false;
    const std::size_t i = std::size_t(m_slotOfRow[std::size_t(row)]);
    if (!onScreen(i))
        return false;
    if (pos)
        *pos = QPointF(m_x[i], m_y[i]);
    return true;
}

std::vector<char> ScreenPointIndex::visibleIn(const QRectF& box) const
{
    // A software depth buffer over the box (plus the largest disc: a point inside can only be hidden by
    // discs that reach into it), with the frontmost disc's index per cell. Cells of 2 x 2 pixels: a quarter
    // of the work, and a disc of a few pixels still covers several cells.
    constexpr float kCell = 2.0f;
    const double pad = double(m_maxRadius) + 1.0;
    const int bx0 = int(std::floor(std::max(0.0, box.left() - pad) / kCell));
    const int by0 = int(std::floor(std::max(0.0, box.top() - pad) / kCell));
    const int bx1 = int(std::ceil(std::min(m_width, box.right() + pad) / kCell));
    const int by1 = int(std::ceil(std::min(m_height, box.bottom() + pad) / kCell));
    std::vector<char> visible(m_x.size(), 0);
    if (bx1 <= bx0 || by1 <= by0)
        return visible;
    const int w = bx1 - bx0, h = by1 - by0;
    std::vector<float> depth(std::size_t(w) * std::size_t(h), std::numeric_limits<float>::infinity());
    std::vector<int> owner(std::size_t(w) * std::size_t(h), -1);
    for (std::size_t i = 0; i < m_x.size(); ++i) {
        if (!onScreen(i) || m_depth[i] < -1.0f || m_depth[i] > 1.0f)
            continue;
        const float r = std::max(m_radius[i] / kCell, 0.5f);
        const float cx = m_x[i] / kCell - float(bx0), cy = m_y[i] / kCell - float(by0);
        const int xa = std::max(0, int(std::floor(cx - r))), xb = std::min(w - 1, int(std::ceil(cx + r)));
        const int ya = std::max(0, int(std::floor(cy - r))), yb = std::min(h - 1, int(std::ceil(cy + r)));
        if (xa > xb || ya > yb)
            continue;
        const float r2 = r * r;
        const float d = m_depth[i];
        for (int py = ya; py <= yb; ++py) {
            const float dy = float(py) + 0.5f - cy;
            float* depthRow = &depth[std::size_t(py) * std::size_t(w)];
            int* ownerRow = &owner[std::size_t(py) * std::size_t(w)];
            for (int px = xa; px <= xb; ++px) {
                const float dx = float(px) + 0.5f - cx;
                if (dx * dx + dy * dy <= r2 && d < depthRow[px]) {
                    depthRow[px] = d;
                    ownerRow[px] = int(i);
                }
            }
        }
    }
    for (int o : owner)
        if (o >= 0)
            visible[std::size_t(o)] = 1;
    return visible;
}

} // namespace zooscope
