#pragma once

#include "core/Json.h"

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace zooscope {

struct SamplingResult;

// Summary statistics of one set of values (NaNs left out).
struct SummaryStatistics {
    int64_t n = 0;
    double mean = 0, std = 0, median = 0;
    double ciLow = 0, ciHigh = 0; // bootstrap 95% interval of the mean (percentile method)

    // resamples: bootstrap draws; seed makes the interval reproducible.
    static SummaryStatistics of(const std::vector<double>& values, int64_t resamples = 2000, uint64_t seed = 1);
    Json toJson() const;
    static SummaryStatistics fromJson(const Json& j);
};

// One method at one fine-tuning epoch.
struct MethodEpochStatistics {
    int64_t epoch = 0;
    SummaryStatistics accuracy;        // test accuracy in % (0..100)
    SummaryStatistics maxIoU;          // novelty: highest misclassification IoU with a training model
    SummaryStatistics nearestDistance; // novelty: L2 distance to the nearest training model
    std::vector<double> accuracyValues, maxIoUValues; // per model (for the accuracy-vs-novelty comparison)
};

// One method's run (one `zooscope-cli sample` call).
struct MethodStatistics {
    std::string method;                // "kde-paper", "noise", ...
    std::string label;                 // row label, e.g. "noise (sigma 0.02)"
    int64_t models = 0;
    int64_t anchors = 0;
    double anchorMeanAccuracy = 0;     // %
    std::string anchorSelection;
    std::string settingsRule;
    std::string datasetId;
    double bandwidth = 0;
    double seconds = 0;
    Json options;
    std::vector<MethodEpochStatistics> epochs;

    static MethodStatistics fromResult(const SamplingResult& result, const std::string& anchorSelection);
    Json toJson() const;
    static MethodStatistics fromJson(const Json& j);
};

// Whether a sampler beats the noise baseline on accuracy at equal novelty, per IoU bin.
struct NoveltyComparison {
    std::string method;
    int64_t epoch = 0;
    struct Bin {
        double iouLow = 0, iouHigh = 0;
        int64_t methodModels = 0, noiseModels = 0;
        double methodAccuracy = 0, noiseAccuracy = 0; // mean %, NaN when a side has too few models
        double standardError = std::nan("");           // of the difference of the two means
    };
    std::vector<Bin> bins;
    // Won / lost: accuracy higher / lower than the noise baseline's by more than 2 standard errors.
    int64_t binsCompared = 0, binsWon = 0, binsLost = 0;
    std::string verdict; // one sentence
};

// The paper-style report over several methods: methods x fine-tuning epochs (mean +- std), with medians,
// bootstrap intervals, novelty and the comparison against the noise baseline.
struct SamplingReport {
    static constexpr int kVersion = 1; // of the JSON file; a reader refuses newer ones
    std::string zoo, hyperRepresentation;
    std::vector<MethodStatistics> methods;
    std::vector<NoveltyComparison> comparisons; // filled by compareWithNoise()
    std::vector<std::string> notes;             // free text (what was used, deviations)

    // Bins of max-IoU width `binWidth`; a bin counts where both sides have >= minModels models. A method
    // beats the noise baseline where it wins the majority of the bins both share.
    void compareWithNoise(double binWidth = 0.05, int64_t minModels = 3);
    // Every fine-tuning epoch that any method has, ascending.
    std::vector<int64_t> allEpochs() const;

    Json toJson() const;
    static SamplingReport fromJson(const Json& j);
    std::string toMarkdown() const;

    // readJson/fromJson check every field against its meaning (accuracies in [0, 100] %, IoU in [0, 1],
    // counts whole and >= 0, no NaN/Infinity literals or strings for numbers, at least one method, a known
    // version) and throw std::runtime_error naming the file and the field. Any text gives a report or
    // that error.
    // Throws std::runtime_error naming the file.
    void writeJson(const std::string& path) const;
    static SamplingReport readJson(const std::string& path);
};

} // namespace zooscope
