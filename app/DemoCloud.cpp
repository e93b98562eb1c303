#include "app/DemoCloud.h"

#include <cmath>
#include <random>

namespace zooscope {

DemoCloud DemoCloud::make()
{
    std::mt19937 rng(7);
    std::normal_distribution<float> noise(0.0f, 0.35f);
    const int clusters = 5;
    const int perCluster = 400;
    DemoCloud cloud;
    cloud.xyz.reserve(clusters * perCluster * 3);
    cloud.values.reserve(clusters * perCluster);
    for (int c = 0; c < clusters; ++c) {
        const float angle = 2.0f * float(M_PI) * float(c) / float(clusters);
        const float cx = 2.5f * std::cos(angle), cy = 2.5f * std::sin(angle), cz = float(c) - 2.0f;
        for (int i = 0; i < perCluster; ++i) {
            const float x = cx + noise(rng), y = cy + noise(rng), z = cz + noise(rng);
            cloud.xyz.insert(cloud.xyz.end(), {x, y, z});
            cloud.values.push_back(0.1 + 0.8 * double(c) / (clusters - 1) + 0.05 * double(noise(rng)));
        }
    }
    return cloud;
}

} // namespace zooscope
