// The camera of the latent view as plain geometry: the reset pose and the axis presets fitted to the
// points' bounds, orthographic or perspective, focus on a point, and the one formula for the height of the
// world seen at the focal distance. It wraps a vtkCamera (VTK's camera is math only: it needs no render
// window), so that the scene renders with it and a figure export projects points with the same matrices.
#pragma once

#include "widgets/CameraPose.h"

#include <vtkSmartPointer.h>

#include <array>
#include <utility>

class vtkCamera;

namespace zooscope {

class ScatterCamera {
public:
    using Vec3 = std::array<double, 3>;
    // Axis-aligned views (looking along the named axis, as ParaView's buttons) and an isometric one.
    enum class Preset { PlusX, MinusX, PlusY, MinusY, PlusZ, MinusZ, Isometric };

    ScatterCamera();
    ~ScatterCamera();
    ScatterCamera(const ScatterCamera&) = delete;
    ScatterCamera& operator=(const ScatterCamera&) = delete;

    vtkCamera* vtk() const;

    // Direction of projection and view up of a preset.
    static std::pair<Vec3, Vec3> presetAxes(Preset preset);

    // Looks along `direction` with `viewUp` at the centre of `bounds` (xmin, xmax, ymin, ymax, zmin, zmax),
    // all of it in view for a viewport of width/height `aspect` (as vtkRenderer::ResetCamera fits it) less
    // the share `reservedRight` of its width on the right (the colour bar's), centred in what is left,
    // with a margin. Keeps the projection type.
    void lookAlong(const std::array<double, 6>& bounds, const Vec3& direction, const Vec3& viewUp, double aspect,
                   double reservedRight = kDefaultReserved);
    // The reset pose: looking down -z with +y up.
    void reset(const std::array<double, 6>& bounds, double aspect, double reservedRight = kDefaultReserved);
    void setPreset(Preset preset, const std::array<double, 6>& bounds, double aspect, double reservedRight = kDefaultReserved);
    // What lookAlong leaves for the colour bar when not told (a bar in a wide view).
    static constexpr double kDefaultReserved = 0.12;

    // Orthographic (parallel) projection; keeps what is seen at the focal distance.
    void setOrthographic(bool on);
    bool orthographic() const;

    // Same direction, the point at the focal point, half the distance (or half the parallel scale).
    void focusOn(const Vec3& point);

    // The height of the world seen at the focal distance (world units).
    double visibleHeight() const;

    // The pose as plain numbers (for session files and figures), and back: setPose() leaves the camera
    // exactly as pose() read it.
    CameraPose pose() const;
    void setPose(const CameraPose& pose);

    // World to clip coordinates (row-major 4x4) for a viewport of width/height `aspect`, as VTK renders.
    std::array<double, 16> worldToClip(double aspect) const;
    // Element (1,1) of the projection alone: world lengths at unit depth to clip units.
    double projectionYScale(double aspect) const;
    // Where a world point lands in a width x height image (origin top left, y down); false behind the camera.
    bool project(const Vec3& point, double width, double height, double* x, double* y) const;

private:
    vtkSmartPointer<vtkCamera> m_camera;
};

} // namespace zooscope
