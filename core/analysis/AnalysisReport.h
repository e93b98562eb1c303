#pragma once

#include "zoo/Dataset.h"
#include "hyperrep/HyperRepresentation.h"
#include "hyperrep/HyperRepresentationTrainer.h" // ZooSample
#include "core/Json.h"
#include "core/Progress.h"
#include "analysis/LinearProbe.h"
#include "cluster/Communicator.h"
#include "zoo/ModelZoo.h"

#include <cmath>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace zooscope {

// One property read off three representations by linear probes, on the test population.
struct PropertyProbe {
    std::string property;   // "test_accuracy", "generalization_gap", "epoch", "lr", "weight_decay",
                            // "activation", "init", "optimizer"
    bool categorical = false; // scores are accuracies (else R^2)
    bool latentAvailable = false;
    ProbeFit latent, weights, stats; // hyper-representation latents, raw flat weights W, s(W); each with
                                     // its test predictions, parallel to testPoints
    int64_t trainSamples = 0, validationSamples = 0, testSamples = 0;
    // The test checkpoints the probe was scored on (those with a finite value) and their values as the
    // probes read them: lr and weight decay as log10 (when all are positive), the generalisation gap as
    // train - test accuracy, categorical properties as class indices 0..k-1 (in the order of the enum
    // values present).
    std::vector<ZooSample> testPoints;
    std::vector<double> testTruth;
};

struct AnalysisReportOptions {
    // Zoo epochs whose checkpoints the reconstruction score and the probes use (empty: all).
    std::vector<int64_t> checkpointEpochs;
    // Checkpoints with any |w| above this are left out (diverged models, as the public loaders do); 0: none.
    double maxAbsWeight = 5.0;
    // At most this many training-population samples for the probes (evenly spaced; the raw-weights
    // probe costs O(samples^3)). 0: all.
    int64_t maxProbeTrainSamples = 2000;
    bool probes = true;
    // Accuracy of reconstructed vs original test-population models on this split (usually the
    // dataset's test split) at `accuracyEpoch` (-1: the last checkpoint); null: not measured.
    const DatasetSplit* evaluationData = nullptr;
    // Whose reconstruction R^2 and accuracy are measured: the test population (the report's purpose);
    // Train shows what the autoencoder does on models it was trained on. Probes always use all three.
    PopulationSplit reconstructionPopulation = PopulationSplit::Test;
    int64_t accuracyEpoch = -1;
    int threads = 0; // evaluation threads; 0: the engine's compute threads
    // The ranks that share the work (null: this process alone): reconstruction chunks, the accuracy's
    // models and the probes' fits are split over them, and every rank gets the one-process report bit for
    // bit. compute and probeProperties are then collectives (every rank calls them).
    Communicator* communicator = nullptr;
};

// The quality of a hyper-representation on its zoo's test population (method.md sections 2 and 5):
// reconstruction R^2 overall and per layer, the accuracy kept by reconstructed models, and linear probes.
// Computed without a hyper-representation it holds only the two baselines' probes.
struct AnalysisReport {
    std::string architecture;
    std::string population = "test";         // whose reconstruction is scored (AnalysisReportOptions)
    int64_t testModels = 0;                  // models and checkpoints of that population used
    int64_t testSamples = 0;
    double reconstructionR2 = std::nan("");
    std::vector<std::pair<std::string, double>> layerR2;
    // Mean test-split accuracy of the test population's models, original and decoded(encoded(model)).
    double originalAccuracy = std::nan("");
    double reconstructedAccuracy = std::nan("");
    double accuracyRetention = std::nan(""); // reconstructed / original
    int64_t accuracyModels = 0;
    int64_t accuracyEpoch = -1;
    std::vector<PropertyProbe> probes;

    // reconstruction_r2, layer_r2 {layer: r2}, accuracy_original, accuracy_reconstructed,
    // accuracy_retention, probe {property: {latent, weights, stats}}, probe_details.
    Json toJson() const;
    // Human-readable table.
    std::string toText() const;

    // hyperRepresentation may be null (baselines only). Throws std::runtime_error when the
    // hyper-representation was trained for another architecture, std::invalid_argument when the zoo
    // has no test population, OperationCancelled when `progress` is cancelled. Stages reported:
    // "reconstruction", "accuracy of reconstructed models", "probes: ...".
    static AnalysisReport compute(const ModelZoo& zoo, const HyperRepresentation* hyperRepresentation,
                                 const AnalysisReportOptions& options = {}, const Progress& progress = {});

    // Linear probes only (what `zooscope-cli probe` prints).
    static std::vector<PropertyProbe> probeProperties(const ModelZoo& zoo, const HyperRepresentation* hyperRepresentation,
                                                      const AnalysisReportOptions& options = {},
                                                      const Progress& progress = {});

    // The samples the probes are fitted on: the training population, evenly thinned to
    // options.maxProbeTrainSamples (so that callers refitting a probe use exactly the same ones).
    static std::vector<ZooSample> probeTrainingSamples(const ModelZoo& zoo, const AnalysisReportOptions& options);
};

} // namespace zooscope
