// Where the latent view's camera is, as plain numbers: what a session file saves and a figure projects
// through. The same fields as VTK's camera (vtkCamera), which ScatterCamera wraps.
#pragma once

#include "core/Json.h"

#include <array>

namespace zooscope {

struct CameraPose {
    std::array<double, 3> position{0, 0, 1};
    std::array<double, 3> focalPoint{0, 0, 0};
    std::array<double, 3> viewUp{0, 1, 0};
    double viewAngle = 30;    // degrees, vertical (perspective)
    double parallelScale = 1; // half the height seen (orthographic)
    bool orthographic = false;
    std::array<double, 2> windowCenter{0, 0}; // the image's shift (ScatterCamera leaves room for the colour bar)

    // Throws std::invalid_argument when a field is missing, not finite, or the pose is degenerate
    // (position on the focal point, view up along the direction of projection).
    static CameraPose fromJson(const Json& json);
    Json toJson() const;

    bool operator==(const CameraPose& other) const = default;
};

} // namespace zooscope
