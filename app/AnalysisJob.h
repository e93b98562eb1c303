#pragma once

#include "analysis/AnalysisReport.h"
#include "widgets/AnalysisPanel.h"

#include <QString>

#include <functional>

namespace zooscope {

struct AnalysisResult {
    std::vector<PropertyProbe> probes;         // R^2 / accuracy of latent, W and s(W) probes
    std::vector<ProbePredictions> predictions; // regression properties: predicted vs true on the test population
    bool hasLatent = false;
    QString error;
    bool cancelled = false;
    double seconds = 0;
};

// The analysis panel's numbers (method.md section 5), computed off the GUI thread: linear probes of
// the zoo's properties from the hyper-representation's latents against the raw weights W and the
// per-layer statistics s(W) (AnalysisReport::probeProperties), and for every regression property the
// test population's predictions of the latent and s(W) probes at their chosen lambda. Never throws.
class AnalysisJob {
public:
    // hyperRepresentation may be null (baselines only). progress gets a stage name and returns false to cancel.
    static AnalysisResult run(const ModelZoo& zoo, const HyperRepresentation* hyperRepresentation,
                              const std::function<bool(const QString&)>& progress);
};

} // namespace zooscope
