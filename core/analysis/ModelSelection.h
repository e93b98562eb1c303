#pragma once

#include "core/EnumNames.h"
#include "core/Json.h"
#include "core/Progress.h"
#include "zoo/ModelZoo.h"

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace zooscope {

class HyperRepresentation;

// Which representation of a checkpoint at epoch k predicts the model's final accuracy.
enum class SelectionPredictor : int8_t {
    Latent = 0,          // ridge on the hyper-representation's latents
    Weights = 1,         // ridge on the raw flat weights W
    Statistics = 2,      // ridge on the per-layer weight statistics s(W)
    CurrentAccuracy = 3, // the baseline: the test accuracy at epoch k (for the gap: the gap at k)
    LatentAndCurrent = 4, // the accuracy (gap) at k plus a ridge on the latents for the change to the final
                          // epoch: does the latent add to the baseline?
};
const EnumNames<SelectionPredictor>& selectionPredictorNames(); // "latent", "weights", "stats", "current", "latent+current"
std::string toString(SelectionPredictor p);
SelectionPredictor selectionPredictorFromString(const std::string& s); // throws std::invalid_argument

struct ModelSelectionOptions {
    // The early epochs k to predict from (checkpoint epochs before the final one); empty: all of them.
    std::vector<int64_t> epochs;
    // The epoch whose test accuracy is predicted; -1: the zoo's last checkpoint epoch.
    int64_t finalEpoch = -1;
    // The fractions of models kept by "stop all but the predicted top f" (precision, compute saved).
    std::vector<double> keepFractions{0.10, 0.25};
    // Training and validation checkpoints with |w| above this are left out of the fit (as the probes
    // do); 0: none. Test models are all predicted.
    double maxAbsWeight = 5.0;
    // Also predict every model of the zoo (all populations), e.g. to colour the 3D view by it.
    bool predictAllModels = false;
};

// How one predictor did at one early epoch, scored on the zoo's test population.
struct SelectionScore {
    SelectionPredictor predictor = SelectionPredictor::CurrentAccuracy;
    double lambda = 0;              // ridge penalty chosen on the validation population
    double kendallTau = std::nan(""); // tau-b between predicted and true final test accuracy
    double r2 = std::nan("");         // of the predicted final accuracy (predictions clipped to [0, 1])
    double gapKendallTau = std::nan(""), gapR2 = std::nan(""); // the same for the final generalisation gap
    // Per keep fraction (parallel to ModelSelectionOptions::keepFractions): the share of the predicted
    // top f that is in the true top f, and the best true final accuracy among the predicted top f.
    std::vector<double> precision, bestKeptAccuracy;
    std::vector<double> testPredictions;    // predicted final accuracy, parallel to SelectionAtEpoch::testModelRows
    std::vector<double> allPredictions;     // [zoo models]; NaN where the model has no usable checkpoint at k
};

struct SelectionAtEpoch {
    int64_t epoch = 0;
    int64_t trainModels = 0, validationModels = 0;
    std::vector<int64_t> testModelRows;     // the test models scored (finite weights at k and a final accuracy)
    std::vector<double> testFinalAccuracy;  // their true final test accuracy
    double bestFinalAccuracy = std::nan(""); // the best of them: what stopping nobody keeps
    // Per keep fraction: models kept, and the model-epochs saved by stopping the others at k (of
    // models x finalEpoch in all).
    std::vector<int64_t> kept, modelEpochsSaved;
    std::vector<SelectionScore> scores;     // one per predictor (no Latent without a hyper-representation)

    const SelectionScore* score(SelectionPredictor p) const;
};

// Model selection and early stopping from early checkpoints (the poster's "learning dynamics"): predict
// each model's final test accuracy and generalisation gap from its checkpoint at epoch k with predictors
// fitted on the training population (lambda on the validation population) and score them on the test
// population: how well they rank the models, how often the predicted best are the true best, and what
// stopping the rest at k saves.
struct ModelSelectionReport {
    int64_t finalEpoch = 0;
    int64_t testModels = 0;
    std::vector<double> keepFractions;
    std::vector<SelectionAtEpoch> epochs;

    const SelectionAtEpoch* at(int64_t epoch) const;

    Json toJson() const;
    std::string toText() const;

    // The ids of the `n` models with the highest predicted final accuracy (all populations) at `epoch`
    // by `predictor`; needs predictAllModels. Throws std::invalid_argument when that epoch or predictor
    // was not computed.
    std::vector<int64_t> predictedTop(const ModelZoo& zoo, int64_t epoch, SelectionPredictor predictor, int64_t n) const;

    // Throws std::invalid_argument for an epoch that is not a checkpoint epoch before the final one, a zoo
    // without training, validation or test models, or a final epoch without test accuracies;
    // std::runtime_error for a hyper-representation of another architecture; OperationCancelled.
    static ModelSelectionReport compute(const ModelZoo& zoo, const HyperRepresentation* hyperRepresentation,
                                        const ModelSelectionOptions& options = {}, const Progress& progress = {});

    // Kendall's tau-b (ties in either list are allowed); NaN with fewer than two pairs or a constant list.
    static double kendallTau(const std::vector<double>& a, const std::vector<double>& b);
};

} // namespace zooscope
