#pragma once

#include "zoo/Architecture.h"

#include <cstdint>
#include <string>
#include <vector>

namespace zooscope {

class Communicator;

// A dense row-major matrix of features: one row per sample.
struct FeatureMatrix {
    std::vector<float> values; // [rows, columns]
    int64_t rows = 0;
    int64_t columns = 0;

    const float* row(int64_t i) const { return values.data() + i * columns; }
    void appendRow(const float* data);
};

// How well a linear map reads a property off a representation (method.md section 5).
struct ProbeFit {
    double lambda = 0;           // chosen on the validation population
    double trainScore = 0;       // R^2 (regression) or accuracy (classification)
    double validationScore = 0;
    double testScore = 0;
    // At the chosen lambda, one per test row: the prediction (regression) or the predicted class
    // (classification, 0..classes-1).
    std::vector<double> testPredictions;
};

// One property to read off: regression targets, or class labels 0..classes-1 stored as doubles.
struct ProbeTask {
    std::string name;
    bool categorical = false;
    std::vector<double> train, validation, test; // one value per row of the matching feature matrix
};

// Linear probes, closed form and torch-free. Features are standardised with the training population's
// mean and std (constant features drop out), targets centred: equivalent to an unpenalised bias
// column. Ridge: min ||y - Xw||^2 + lambda ||w||^2, solved in the primal (features <= samples) or the
// dual (kernel) form, whichever is smaller; lambda from lambdaGrid() by validation score.
class LinearProbe {
public:
    // 1e-5, 1e-4, ..., 1e3.
    static const std::vector<double>& lambdaGrid();

    // Several properties of the same samples at once: the Gram matrix and one factorisation per lambda
    // are shared by all tasks; lambda is chosen per task. Regression tasks score R^2, categorical ones
    // accuracy (one-vs-rest ridge on +-1 targets, the largest output wins). With `ranks` (a collective:
    // every rank calls it with the same data) the Gram matrix's rows and the lambdas are split over them
    // and every rank gets one process's fits bit for bit; null: this process alone.
    static std::vector<ProbeFit> fit(const FeatureMatrix& train, const FeatureMatrix& validation, const FeatureMatrix& test,
                                     const std::vector<ProbeTask>& tasks, Communicator* ranks = nullptr);

    // Ridge regression; scores are R^2 (1 - SS_res / SS_tot around each population's own mean).
    static ProbeFit regression(const FeatureMatrix& train, const std::vector<double>& yTrain, const FeatureMatrix& validation,
                               const std::vector<double>& yValidation, const FeatureMatrix& test, const std::vector<double>& yTest);

    // Linear classifier: one-vs-rest ridge on +-1 targets, the class with the largest output wins;
    // lambda by validation accuracy; scores are accuracies. Labels are 0..classes-1.
    static ProbeFit classification(const FeatureMatrix& train, const std::vector<int64_t>& yTrain,
                                   const FeatureMatrix& validation, const std::vector<int64_t>& yValidation,
                                   const FeatureMatrix& test, const std::vector<int64_t>& yTest);

    // Ridge with one lambda: predictions for `apply` (outputs columns per row) after fitting `train`
    // against targets [rows, outputs].
    static std::vector<double> ridgePredict(const FeatureMatrix& train, const std::vector<double>& targets, int64_t outputs,
                                            double lambda, const FeatureMatrix& apply);

    static double r2(const std::vector<double>& truth, const std::vector<double>& predicted);
};

// The s(W) baseline: per layer, mean, variance and the 1/25/50/75/99th percentiles (linear
// interpolation) of its weights, then the same of its biases: 14 numbers per layer.
std::vector<float> layerWeightStatistics(const Architecture& architecture, const float* flat);
// The names of those 14 numbers in order: "weight mean", "weight variance", "weight p1", ..., "bias p99".
const std::vector<std::string>& layerStatisticNames();

// The q-th percentile (0..100) of ascending values, linearly interpolated; 0 for none.
double sortedPercentile(const std::vector<float>& sorted, double q);

} // namespace zooscope
