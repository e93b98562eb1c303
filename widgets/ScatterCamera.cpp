#include "widgets/ScatterCamera.h"

#include <vtkCamera.h>
#include <vtkMath.h>
#include <vtkMatrix4x4.h>

#include <algorithm>
#include <cmath>

namespace zooscope {

namespace {

constexpr double kViewAngle = 30.0;     // degrees, VTK's default
constexpr double kMargin = 0.88;        // zoom: a margin around the points

} // namespace

ScatterCamera::ScatterCamera()
    : m_camera(vtkSmartPointer<vtkCamera>::New())
{
}

ScatterCamera::~ScatterCamera() = default;

vtkCamera* ScatterCamera::vtk() const { return m_camera; }

std::pair<ScatterCamera::Vec3, ScatterCamera::Vec3> ScatterCamera::presetAxes(Preset preset)
{
    switch (preset) {
    case Preset::PlusX: return {{1, 0, 0}, {0, 1, 0}};
    case Preset::MinusX: return {{-1, 0, 0}, {0, 1, 0}};
    case Preset::PlusY: return {{0, 1, 0}, {0, 0, 1}};
    case Preset::MinusY: return {{0, -1, 0}, {0, 0, 1}};
    case Preset::PlusZ: return {{0, 0, 1}, {0, 1, 0}};
    case Preset::MinusZ: return {{0, 0, -1}, {0, 1, 0}};
    case Preset::Isometric: break;
    }
    return {{-1, -1, -1}, {0, 1, 0}};
}

void ScatterCamera::lookAlong(const std::array<double, 6>& bounds, const Vec3& direction, const Vec3& viewUp, double aspect,
                              double reservedRight)
{
    // The points fit the part of the viewport left of the colour bar.
    reservedRight = std::clamp(reservedRight, 0.0, 0.45);
    aspect *= 1.0 - reservedRight;
    const double cx = 0.5 * (bounds[0] + bounds[1]), cy = 0.5 * (bounds[2] + bounds[3]), cz = 0.5 * (bounds[4] + bounds[5]);
    m_camera->SetFocalPoint(cx, cy, cz);
    m_camera->SetPosition(cx - direction[0], cy - direction[1], cz - direction[2]);
    m_camera->SetViewUp(viewUp[0], viewUp[1], viewUp[2]);
    m_camera->OrthogonalizeViewUp();
    m_camera->SetViewAngle(kViewAngle);

    // The bounding sphere fits the frustum's narrower angle (vtkRenderer::ResetCamera's rule).
    const double w1 = bounds[1] - bounds[0], w2 = bounds[3] - bounds[2], w3 = bounds[5] - bounds[4];
    double radius = w1 * w1 + w2 * w2 + w3 * w3;
    radius = 0.5 * std::sqrt(radius == 0.0 ? 1.0 : radius);
    double angle = vtkMath::RadiansFromDegrees(kViewAngle);
    double parallelScale = radius;
    if (aspect >= 1.0) {
        if (m_camera->GetUseHorizontalViewAngle())
            angle = 2.0 * std::atan(std::tan(0.5 * angle) / aspect);
    } else {
        if (!m_camera->GetUseHorizontalViewAngle())
            angle = 2.0 * std::atan(std::tan(0.5 * angle) * aspect);
        parallelScale /= aspect;
    }
    const double distance = radius / std::sin(0.5 * angle);
    double vn[3];
    m_camera->GetViewPlaneNormal(vn);
    m_camera->SetPosition(cx + distance * vn[0], cy + distance * vn[1], cz + distance * vn[2]);
    m_camera->SetParallelScale(parallelScale);

    // The focal point moves to the middle of the free part: window centre x shifts the image by -x in
    // normalised coordinates (-1..1 across the width), and the free part's middle is at -reservedRight.
    m_camera->SetWindowCenter(reservedRight, 0.0);
    m_camera->Zoom(kMargin);
}

void ScatterCamera::reset(const std::array<double, 6>& bounds, double aspect, double reservedRight)
{
    setPreset(Preset::MinusZ, bounds, aspect, reservedRight);
}

void ScatterCamera::setPreset(Preset preset, const std::array<double, 6>& bounds, double aspect, double reservedRight)
{
    const auto [direction, up] = presetAxes(preset);
    lookAlong(bounds, direction, up, aspect, reservedRight);
}

void ScatterCamera::setOrthographic(bool on)
{
    if (on == orthographic())
        return;
    // The same extent at the focal point in both projections.
    const double halfHeight = 0.5 * visibleHeight();
    if (on) {
        m_camera->SetParallelScale(halfHeight);
    } else {
        const double distance = halfHeight / std::tan(vtkMath::RadiansFromDegrees(0.5 * m_camera->GetViewAngle()));
        double fp[3], dop[3];
        m_camera->GetFocalPoint(fp);
        m_camera->GetDirectionOfProjection(dop);
        m_camera->SetPosition(fp[0] - distance * dop[0], fp[1] - distance * dop[1], fp[2] - distance * dop[2]);
    }
    m_camera->SetParallelProjection(on);
}

bool ScatterCamera::orthographic() const { return m_camera->GetParallelProjection(); }

void ScatterCamera::focusOn(const Vec3& p)
{
    double dop[3];
    m_camera->GetDirectionOfProjection(dop);
    const double distance = 0.5 * m_camera->GetDistance();
    m_camera->SetFocalPoint(p.data());
    m_camera->SetPosition(p[0] - distance * dop[0], p[1] - distance * dop[1], p[2] - distance * dop[2]);
    if (orthographic())
        m_camera->SetParallelScale(0.5 * m_camera->GetParallelScale());
}

double ScatterCamera::visibleHeight() const
{
    return orthographic() ? 2.0 * m_camera->GetParallelScale()
                          : 2.0 * m_camera->GetDistance() * std::tan(vtkMath::RadiansFromDegrees(0.5 * m_camera->GetViewAngle()));
}

std::array<double, 16> ScatterCamera::worldToClip(double aspect) const
{
    vtkMatrix4x4* composite = m_camera->GetCompositeProjectionTransformMatrix(aspect, -1.0, 1.0);
    std::array<double, 16> matrix{};
    for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j)
            matrix[std::size_t(4 * i + j)] = composite->GetElement(i, j);
    return matrix;
}

double ScatterCamera::projectionYScale(double aspect) const
{
    return m_camera->GetProjectionTransformMatrix(aspect, -1.0, 1.0)->GetElement(1, 1);
}

bool ScatterCamera::project(const Vec3& p, double width, double height, double* x, double* y) const
{
    const std::array<double, 16> m = worldToClip(width / height);
    double clip[4];
    for (int i = 0; i < 4; ++i)
        clip[i] = m[std::size_t(4 * i)] * p[0] + m[std::size_t(4 * i + 1)] * p[1] + m[std::size_t(4 * i + 2)] * p[2] +
                  m[std::size_t(4 * i + 3)];
    if (clip[3] <= 0.0)
        return false;
    *x = 0.5 * (clip[0] / clip[3] + 1.0) * width;
    *y = 0.5 * (1.0 - clip[1] / clip[3]) * height;
    return true;
}

} // namespace zooscope

namespace zooscope {

CameraPose ScatterCamera::pose() const
{
    CameraPose p;
    m_camera->GetPosition(p.position.data());
    m_camera->GetFocalPoint(p.focalPoint.data());
    m_camera->GetViewUp(p.viewUp.data());
    p.viewAngle = m_camera->GetViewAngle();
    p.parallelScale = m_camera->GetParallelScale();
    p.orthographic = m_camera->GetParallelProjection() != 0;
    m_camera->GetWindowCenter(p.windowCenter.data());
    return p;
}

void ScatterCamera::setPose(const CameraPose& p)
{
    m_camera->SetPosition(p.position.data());
    m_camera->SetFocalPoint(p.focalPoint.data());
    m_camera->SetViewUp(p.viewUp.data());
    m_camera->SetViewAngle(p.viewAngle);
    m_camera->SetParallelScale(p.parallelScale);
    m_camera->SetParallelProjection(p.orthographic ? 1 : 0);
    m_camera->SetWindowCenter(p.windowCenter[0], p.windowCenter[1]);
}

} // namespace zooscope
