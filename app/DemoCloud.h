// The synthetic point cloud the 3D view shows while no zoo is open: five clusters on a ring, with a value
// per point that colours them. Fixed (seeded), so that screenshots of the empty window are reproducible.
#pragma once

#include <vector>

namespace zooscope {

struct DemoCloud {
    std::vector<float> xyz;     // [points, 3]
    std::vector<double> values; // [points]

    static DemoCloud make();
};

} // namespace zooscope
