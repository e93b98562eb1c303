#include "app/AnalysisJob.h"

#include "app/OpenedZoo.h"
#include "app/PointProperty.h"
#include "hyperrep/HyperRepresentationTrainer.h"
#include "analysis/LinearProbe.h"

#include <QCoreApplication>

#include <chrono>
#include <cmath>
#include <exception>

namespace zooscope {

namespace {

// A regression property exactly as AnalysisReport defines it (learning rate and weight decay as log10).
double propertyValue(const ModelZoo& zoo, const ZooSample& s, const std::string& property)
{
    const int64_t epoch = zoo.checkpointEpochs[static_cast<size_t>(s.checkpoint)];
    const Hyperparameters& h = zoo.hyperparameters[static_cast<size_t>(s.model)];
    if (property == "test_accuracy")
        return zoo.metricAt(zoo.testAccuracy, s.model, epoch);
    if (property == "generalization_gap")
        return static_cast<double>(zoo.metricAt(zoo.trainAccuracy, s.model, epoch)) - zoo.metricAt(zoo.testAccuracy, s.model, epoch);
    if (property == "epoch")
        return static_cast<double>(epoch);
    if (property == "lr")
        return h.learningRate > 0 ? std::log10(h.learningRate) : h.learningRate;
    if (property == "weight_decay")
        return h.weightDecay > 0 ? std::log10(h.weightDecay) : h.weightDecay;
    return std::nan("");
}

struct Features {
    FeatureMatrix latent, stats;
};

Features represent(const ModelZoo& zoo, const std::vector<ZooSample>& samples, const HyperRepresentation* hr)
{
    Features f;
    f.stats.columns = static_cast<int64_t>(zoo.architecture.layers.size()) * 14;
    std::vector<float> flat;
    for (const ZooSample& s : samples) {
        const float* w = zoo.weightsAt(s.model, s.checkpoint);
        f.stats.appendRow(layerWeightStatistics(zoo.architecture, w).data());
        flat.insert(flat.end(), w, w + zoo.parameterCount());
    }
    if (hr && !samples.empty()) {
        f.latent.columns = hr->latentDim();
        f.latent.rows = static_cast<int64_t>(samples.size());
        f.latent.values = hr->encode(flat.data(), f.latent.rows);
    }
    return f;
}

FeatureMatrix keepRows(const FeatureMatrix& m, const std::vector<bool>& keep)
{
    FeatureMatrix out;
    out.columns = m.columns;
    for (int64_t r = 0; r < m.rows; ++r)
        if (keep[static_cast<size_t>(r)])
            out.appendRow(m.row(r));
    return out;
}

} // namespace

AnalysisResult AnalysisJob::run(const ModelZoo& zoo, const HyperRepresentation* hr, const std::function<bool(const QString&)>& progress)
{
    AnalysisResult result;
    result.hasLatent = hr != nullptr;
    const auto started = std::chrono::steady_clock::now();
    const auto stage = [&](const QString& text) {
        if (progress && !progress(text))
            throw OperationCancelled{};
    };
    try {
        QualityReportOptions options;
        const Progress stages([&](const ProgressUpdate& u) {
            if (!u.stage.empty())
                stage(QString::fromStdString(u.stage));
        });
        result.probes = AnalysisReport::probeProperties(zoo, hr, options, stages);

        stage(QCoreApplication::translate("AnalysisJob", "predictions on the test population"));
        const std::vector<ZooSample> train = AnalysisReport::probeTrainingSamples(zoo, options);
        const std::vector<ZooSample> test =
            HyperRepresentationTrainer::populationSamples(zoo, PopulationSplit::Test, options.checkpointEpochs, options.maxAbsWeight);
        const Features trainFeatures = represent(zoo, train, hr);
        const Features testFeatures = represent(zoo, test, hr);
        for (const PropertyProbe& probe : result.probes) {
            if (probe.categorical)
                continue;
            stage(QCoreApplication::translate("AnalysisJob", "predicting %1").arg(QString::fromStdString(probe.property)));
            std::vector<bool> keepTrain, keepTest;
            std::vector<double> yTrain;
            ProbePredictions p;
            p.property = QString::fromStdString(probe.property);
            p.title = PointProperty::titleOf(p.property);
            for (const ZooSample& s : train) {
                const double v = propertyValue(zoo, s, probe.property);
                keepTrain.push_back(std::isfinite(v));
                if (std::isfinite(v))
                    yTrain.push_back(v);
            }
            for (const ZooSample& s : test) {
                const double v = propertyValue(zoo, s, probe.property);
                keepTest.push_back(std::isfinite(v));
                if (std::isfinite(v))
                    p.truth.push_back(v);
            }
            if (yTrain.size() < 2 || p.truth.empty())
                continue;
            p.stats = LinearProbe::ridgePredict(keepRows(trainFeatures.stats, keepTrain), yTrain, 1, probe.stats.lambda,
                                                keepRows(testFeatures.stats, keepTest));
            p.statsR2 = probe.stats.testScore;
            p.weightsR2 = probe.weights.testScore;
            if (hr) {
                p.latent = LinearProbe::ridgePredict(keepRows(trainFeatures.latent, keepTrain), yTrain, 1, probe.latent.lambda,
                                                     keepRows(testFeatures.latent, keepTest));
                p.latentR2 = probe.latent.testScore;
            }
            result.predictions.push_back(std::move(p));
        }
    } catch (const OperationCancelled&) {
        result.cancelled = true;
    } catch (const std::exception& e) {
        result.error = QString::fromStdString(e.what());
    }
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return result;
}

} // namespace zooscope
