// What the 3D view shows beyond the projection and the point style: the camera, the trajectories, the
// isolated points and the density; and the linked histograms beside it with their brushes. The session
// holds it (rows of the zoo on show) so that a session file can save it and
// a headless caller (a figure made without a window) reads the same view as the window restores.
#pragma once

#include "app/HistogramState.h"
#include "widgets/CameraPose.h"
#include "widgets/DensitySettings.h"
#include "widgets/ScatterPointData.h"

#include <optional>
#include <vector>

namespace zooscope {

struct ViewState {
    std::optional<CameraPose> camera; // none until a view sets one (or a session restores one)
    ScatterPointData::TrajectoryMode trajectories = ScatterPointData::TrajectoryMode::Selected;
    std::vector<int> isolatedRows; // ascending; empty: every point is shown
    // The Histograms panel's, top to bottom; none without the panel (a session opened headless).
    std::optional<std::vector<HistogramState>> histograms;
    DensitySettings density;       // the density of the points on screen (contours, shading)
};

} // namespace zooscope
