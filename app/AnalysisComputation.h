#pragma once

#include "analysis/AnalysisReport.h"
#include "core/Progress.h"
#include "widgets/AnalysisPanel.h"

namespace zooscope {

struct AnalysisResult {
    std::vector<PropertyProbe> probes;         // R^2 / accuracy of latent, W and s(W) probes
    std::vector<ProbePredictions> predictions; // regression properties: predicted vs true on the test population
    bool hasLatent = false;
    double seconds = 0;
};

// The analysis panel's numbers (method.md section 5), computed off the GUI thread: linear probes of
// the zoo's properties from the hyper-representation's latents against the raw weights W and the
// per-layer statistics s(W) (AnalysisReport::probeProperties), and for every regression property the
// test population's predictions of the latent and s(W) probes at their chosen lambda, as the probes made them.
class AnalysisComputation {
public:
    // hyperRepresentation may be null (baselines only). Reports one stage name after another through
    // `progress`; throws OperationCancelled when cancelled, std::exception when it fails.
    static AnalysisResult compute(const ModelZoo& zoo, const HyperRepresentation* hyperRepresentation, const Progress& progress);
};

} // namespace zooscope
