#include "app/AnalysisComputation.h"

#include "app/PointProperty.h"
#include "core/EngineInfo.h"

#include <chrono>

namespace zooscope {

AnalysisResult AnalysisComputation::compute(const ModelZoo& zoo, const HyperRepresentation* hr, const Progress& progress)
{
    AnalysisResult result;
    result.hasLatent = hr != nullptr;
    const auto started = std::chrono::steady_clock::now();
    // The stages are not known in advance: the bar creeps towards the end with each one.
    int stages = 0;
    const Progress staged([&](const ProgressUpdate& u) {
        ++stages;
        progress.report(double(stages) / double(stages + 8), u.stage);
    });
    AnalysisReportOptions options;
    options.threads = EngineInfo::computeThreads();
    result.probes = AnalysisReport::probeProperties(zoo, hr, options, staged);
    progress.throwIfCancelled();

    // The probes' own predictions on the test population, for the predicted-vs-true chart.
    for (const PropertyProbe& probe : result.probes) {
        if (probe.categorical || probe.testTruth.empty())
            continue;
        ProbePredictions p;
        p.property = QString::fromStdString(probe.property);
        p.title = PointProperty::titleOf(p.property);
        p.truth = probe.testTruth;
        p.stats = probe.stats.testPredictions;
        p.statsR2 = probe.stats.testScore;
        p.weightsR2 = probe.weights.testScore;
        if (hr) {
            p.latent = probe.latent.testPredictions;
            p.latentR2 = probe.latent.testScore;
        }
        result.predictions.push_back(std::move(p));
    }
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return result;
}

} // namespace zooscope
