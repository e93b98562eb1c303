#include "app/OpenedZoo.h"

#include "core/PcaProjection.h"
#include "core/ZooFile.h"

#include <cmath>
#include <stdexcept>

namespace zooscope {

OpenedZoo OpenedZoo::load(const QString& path, const std::function<bool(double)>& progress)
{
    OpenedZoo opened;
    opened.path = path;
    // Reading is most of the work; the projection is the last tenth.
    opened.zoo = ZooFile::read(path.toStdString(), [&](double f) {
        if (!progress(0.9 * f))
            throw OperationCancelled{};
    });

    const ModelZoo& zoo = opened.zoo;
    const int64_t p = zoo.parameterCount();
    std::vector<float> rows;
    rows.reserve(static_cast<size_t>(zoo.modelCount() * zoo.checkpointCount() * p));
    for (int64_t m = 0; m < zoo.modelCount(); ++m) {
        for (int64_t c = 0; c < zoo.checkpointCount(); ++c) {
            if (!zoo.hasWeights(m, c))
                continue;
            const float* w = zoo.weightsAt(m, c);
            rows.insert(rows.end(), w, w + p);
            opened.pointModelRows.push_back(m);
            opened.pointCheckpoints.push_back(c);
            opened.testAccuracy.push_back(zoo.metricAt(zoo.testAccuracy, m, zoo.checkpointEpochs[c]));
        }
    }
    const int64_t points = static_cast<int64_t>(opened.pointModelRows.size());
    if (points < 2)
        throw std::runtime_error("the zoo has fewer than two checkpoints with weights: nothing to show");
    if (!progress(0.9))
        throw OperationCancelled{};

    const PcaProjection pca(rows.data(), points, p, 3);
    opened.xyz = pca.coordinates();
    opened.explainedVariance = pca.explainedVarianceRatio();
    progress(1.0);
    return opened;
}

} // namespace zooscope
