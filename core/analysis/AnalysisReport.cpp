#include "analysis/AnalysisReport.h"
#include "analysis/SampleFeatures.h"
#include "core/EvenSubset.h"
#include "cluster/CancelTogether.h"
#include "cluster/SingleProcessCommunicator.h"

#include "training/BatchedEvaluator.h"
#include "hyperrep/HyperRepresentationTrainer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

namespace zooscope {

namespace {

std::vector<double> selectValues(const std::vector<double>& v, const std::vector<bool>& keep)
{
    std::vector<double> out;
    for (size_t i = 0; i < v.size(); ++i)
        if (keep[i])
            out.push_back(v[i]);
    return out;
}

struct Property {
    std::string name;
    bool categorical = false;
    std::vector<double> values[3]; // train, validation, test
};

double logOrRaw(double v, bool useLog) { return useLog ? std::log10(v) : v; }

std::string formatNumber(double v, int precision = 3)
{
    if (std::isnan(v))
        return "-";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", precision, v);
    return buf;
}

Json score(double v) { return std::isnan(v) ? Json() : Json(v); }

// The mean test-split accuracy of the reconstruction population's models at one epoch, original and
// decoded(encoded(model)). The ranks decode blocks of whole chunks (one process's bits) and evaluate blocks
// of models (a model's accuracy does not depend on the others in its batch); the accuracies are added in
// model order, so every rank gets one process's means.
void measureAccuracy(AnalysisReport& report, const ModelZoo& zoo, const HyperRepresentation& hr, const AnalysisReportOptions& options,
                     Communicator& ranks, const Progress& progress)
{
    const int64_t checkpoint = options.accuracyEpoch < 0 ? zoo.checkpointCount() - 1 : zoo.checkpointIndex(options.accuracyEpoch);
    if (checkpoint < 0)
        throw std::invalid_argument("the zoo has no checkpoint at epoch " + std::to_string(options.accuracyEpoch));
    report.accuracyEpoch = zoo.checkpointEpochs[static_cast<size_t>(checkpoint)];
    const std::vector<ZooSample> atEpoch =
        HyperRepresentationTrainer::populationSamples(zoo, options.reconstructionPopulation, {report.accuracyEpoch}, options.maxAbsWeight);
    report.accuracyModels = static_cast<int64_t>(atEpoch.size());
    if (atEpoch.empty())
        return;
    const int64_t P = zoo.parameterCount(), models = report.accuracyModels;
    std::vector<float> original;
    std::vector<Activation> activations;
    for (const ZooSample& s : atEpoch) {
        original.insert(original.end(), zoo.weightsAt(s.model, s.checkpoint), zoo.weightsAt(s.model, s.checkpoint) + P);
        activations.push_back(zoo.hyperparameters[static_cast<size_t>(s.model)].activation);
    }
    const RankShare coded(ranks, models, HyperRepresentation::kChunkRows);
    std::vector<float> decoded;
    cancelTogether(ranks, [&] {
        progress.report(0);
        if (coded.count() > 0)
            decoded = hr.decode(hr.encode(original.data() + coded.begin() * P, coded.count()));
    });
    const std::vector<float> reconstructed = RankShare::allgather(ranks, decoded);
    // [model][original, reconstructed] of this rank's models.
    const RankShare evaluated(ranks, models);
    std::vector<double> accuracies;
    cancelTogether(ranks, [&] {
        if (evaluated.count() == 0)
            return;
        const BatchedEvaluator evaluator(zoo.architecture, options.threads);
        const std::vector<Activation> mine(activations.begin() + evaluated.begin(), activations.begin() + evaluated.end());
        const EvaluationResult before = evaluator.evaluate(original.data() + evaluated.begin() * P, evaluated.count(), mine,
                                                           *options.evaluationData, progress.sub(0, 0.5));
        const EvaluationResult after = evaluator.evaluate(reconstructed.data() + evaluated.begin() * P, evaluated.count(), mine,
                                                          *options.evaluationData, progress.sub(0.5, 1));
        for (int64_t i = 0; i < evaluated.count(); ++i) {
            accuracies.push_back(before.accuracy[static_cast<size_t>(i)]);
            accuracies.push_back(after.accuracy[static_cast<size_t>(i)]);
        }
    });
    const std::vector<double> all = RankShare::allgather(ranks, accuracies);
    double a = 0, b = 0;
    for (size_t i = 0; i < all.size(); i += 2) {
        a += all[i];
        b += all[i + 1];
    }
    report.originalAccuracy = a / static_cast<double>(models);
    report.reconstructedAccuracy = b / static_cast<double>(models);
    report.accuracyRetention = report.originalAccuracy > 0 ? report.reconstructedAccuracy / report.originalAccuracy : std::nan("");
}

} // namespace

std::vector<PropertyProbe> AnalysisReport::probeProperties(const ModelZoo& zoo, const HyperRepresentation* hr,
                                                          const AnalysisReportOptions& options, const Progress& progress)
{
    if (hr)
        hr->requireArchitecture(zoo.architecture);
    // The ranks split the encoding and each fit (SampleFeatures, LinearProbe); progress is reported, and a
    // cancellation acted on, only where they all agree.
    Communicator& ranks = options.communicator ? *options.communicator : SingleProcessCommunicator::instance();
    cancelTogether(ranks, [&] { progress.report(0, "probes: collecting representations"); });
    SampleFeatures pops[3] = {
        SampleFeatures::of(zoo, probeTrainingSamples(zoo, options), hr, &ranks),
        SampleFeatures::of(zoo, HyperRepresentationTrainer::populationSamples(zoo, PopulationSplit::Validation, options.checkpointEpochs, options.maxAbsWeight), hr, &ranks),
        SampleFeatures::of(zoo, HyperRepresentationTrainer::populationSamples(zoo, PopulationSplit::Test, options.checkpointEpochs, options.maxAbsWeight), hr, &ranks)};
    if (pops[0].samples.size() < 2 || pops[2].samples.empty())
        throw std::invalid_argument("linear probes need training and test populations (train: " +
                                    std::to_string(pops[0].samples.size()) + ", test: " +
                                    std::to_string(pops[2].samples.size()) + " usable checkpoints)");

    bool lrPositive = true, wdPositive = true;
    for (const Hyperparameters& h : zoo.hyperparameters) {
        lrPositive = lrPositive && h.learningRate > 0;
        wdPositive = wdPositive && h.weightDecay > 0;
    }
    std::vector<Property> properties(8);
    const char* names[8] = {"test_accuracy", "generalization_gap", "epoch", "lr", "weight_decay", "activation", "init", "optimizer"};
    for (size_t k = 0; k < properties.size(); ++k) {
        properties[k].name = names[k];
        properties[k].categorical = k >= 5;
    }
    for (int pi = 0; pi < 3; ++pi) {
        for (const ZooSample& s : pops[pi].samples) {
            const int64_t epoch = zoo.checkpointEpochs[static_cast<size_t>(s.checkpoint)];
            const Hyperparameters& h = zoo.hyperparameters[static_cast<size_t>(s.model)];
            const double test = zoo.metricAt(zoo.testAccuracy, s.model, epoch);
            const double train = zoo.metricAt(zoo.trainAccuracy, s.model, epoch);
            const double values[8] = {test,
                                      train - test,
                                      static_cast<double>(epoch),
                                      logOrRaw(h.learningRate, lrPositive),
                                      logOrRaw(h.weightDecay, wdPositive),
                                      static_cast<double>(static_cast<int>(h.activation)),
                                      static_cast<double>(static_cast<int>(h.init)),
                                      static_cast<double>(static_cast<int>(h.optimizer))};
            for (size_t k = 0; k < properties.size(); ++k)
                properties[k].values[pi].push_back(values[k]);
        }
    }
    // Class labels 0..k-1 in the order of the enum values present.
    for (Property& p : properties) {
        if (!p.categorical)
            continue;
        std::set<double> present;
        for (const auto& v : p.values)
            present.insert(v.begin(), v.end());
        std::map<double, double> index;
        for (double v : present)
            index.emplace(v, static_cast<double>(index.size()));
        for (auto& v : p.values)
            for (double& x : v)
                x = index[x];
    }

    // Properties without variation in the training population say nothing (e.g. the activation of a seed zoo).
    std::vector<size_t> active;
    for (size_t k = 0; k < properties.size(); ++k) {
        std::set<double> distinct;
        for (double v : properties[k].values[0])
            if (std::isfinite(v))
                distinct.insert(v);
        if (distinct.size() >= 2)
            active.push_back(k);
    }
    // Samples with a missing metric drop out of that property only; properties with the same valid
    // samples share one fit.
    std::map<std::vector<bool>, std::vector<size_t>> groups;
    for (size_t k : active) {
        std::vector<bool> mask;
        for (int pi = 0; pi < 3; ++pi)
            for (double v : properties[k].values[pi])
                mask.push_back(std::isfinite(v));
        groups[mask].push_back(k);
    }
    std::vector<PropertyProbe> results(properties.size());
    size_t groupsDone = 0;
    for (const auto& [mask, members] : groups) {
        const size_t memberCount = members.size(); // clang 14 cannot capture a structured binding
        cancelTogether(ranks, [&] {
            progress.report(0.3 + 0.7 * static_cast<double>(groupsDone) / static_cast<double>(groups.size()),
                            "probes: fitting " + std::to_string(memberCount) + " properties");
        });
        ++groupsDone;
        std::vector<bool> keep[3];
        size_t at = 0;
        for (int pi = 0; pi < 3; ++pi) {
            keep[pi].assign(mask.begin() + static_cast<long>(at), mask.begin() + static_cast<long>(at + pops[pi].samples.size()));
            at += pops[pi].samples.size();
        }
        std::vector<ProbeTask> tasks;
        for (size_t k : members)
            tasks.push_back(ProbeTask{properties[k].name, properties[k].categorical, selectValues(properties[k].values[0], keep[0]),
                                      selectValues(properties[k].values[1], keep[1]), selectValues(properties[k].values[2], keep[2])});
        const auto fitOn = [&](FeatureMatrix SampleFeatures::*representation) {
            return LinearProbe::fit(selectRows(pops[0].*representation, keep[0]), selectRows(pops[1].*representation, keep[1]),
                                    selectRows(pops[2].*representation, keep[2]), tasks, &ranks);
        };
        const std::vector<ProbeFit> weights = fitOn(&SampleFeatures::weights);
        const std::vector<ProbeFit> stats = fitOn(&SampleFeatures::stats);
        std::vector<ProbeFit> latent;
        if (hr)
            latent = fitOn(&SampleFeatures::latent);
        for (size_t i = 0; i < members.size(); ++i) {
            PropertyProbe& r = results[members[i]];
            r.property = properties[members[i]].name;
            r.categorical = properties[members[i]].categorical;
            r.weights = weights[i];
            r.stats = stats[i];
            r.latentAvailable = hr != nullptr;
            if (hr)
                r.latent = latent[i];
            r.trainSamples = static_cast<int64_t>(tasks[i].train.size());
            r.validationSamples = static_cast<int64_t>(tasks[i].validation.size());
            r.testSamples = static_cast<int64_t>(tasks[i].test.size());
            r.testTruth = tasks[i].test;
            for (size_t t = 0; t < pops[2].samples.size(); ++t)
                if (keep[2][t])
                    r.testPoints.push_back(pops[2].samples[t]);
        }
    }
    std::vector<PropertyProbe> out;
    for (size_t k : active)
        out.push_back(results[k]);
    return out;
}

std::vector<ZooSample> AnalysisReport::probeTrainingSamples(const ModelZoo& zoo, const AnalysisReportOptions& options)
{
    return evenSubset(HyperRepresentationTrainer::populationSamples(zoo, PopulationSplit::Train, options.checkpointEpochs, options.maxAbsWeight),
                      options.maxProbeTrainSamples);
}

AnalysisReport AnalysisReport::compute(const ModelZoo& zoo, const HyperRepresentation* hr, const AnalysisReportOptions& options,
                                       const Progress& progress)
{
    if (hr)
        hr->requireArchitecture(zoo.architecture);
    Communicator& ranks = options.communicator ? *options.communicator : SingleProcessCommunicator::instance();
    AnalysisReport report;
    report.architecture = zoo.architecture.name;
    report.population = toString(options.reconstructionPopulation);
    const std::vector<ZooSample> test =
        HyperRepresentationTrainer::populationSamples(zoo, options.reconstructionPopulation, options.checkpointEpochs, options.maxAbsWeight);
    if (test.empty())
        throw std::invalid_argument("the zoo has no " + toString(options.reconstructionPopulation) + " population with usable checkpoints");
    std::set<int64_t> testModels;
    for (const ZooSample& s : test)
        testModels.insert(s.model);
    report.testModels = static_cast<int64_t>(testModels.size());
    report.testSamples = static_cast<int64_t>(test.size());

    if (hr) {
        std::vector<const float*> samples;
        for (const ZooSample& s : test)
            samples.push_back(zoo.weightsAt(s.model, s.checkpoint));
        const HyperRepresentation::ReconstructionScore score =
            hr->reconstructionScore(samples, &ranks, progress.sub(0, 0.1, "reconstruction"));
        report.reconstructionR2 = score.r2;
        for (size_t l = 0; l < zoo.architecture.layers.size(); ++l)
            report.layerR2.emplace_back(zoo.architecture.layers[l].name, score.layerR2[l]);
        if (options.evaluationData)
            measureAccuracy(report, zoo, *hr, options, ranks, progress.sub(0.1, 0.3, "accuracy of reconstructed models"));
    }
    if (options.probes)
        report.probes = probeProperties(zoo, hr, options, hr ? progress.sub(0.3, 1) : progress);
    cancelTogether(ranks, [&] { progress.throwIfCancelled(); });
    return report;
}

Json AnalysisReport::toJson() const
{
    Json j = Json::object();
    j["architecture"] = architecture;
    j["population"] = population;
    j["test_models"] = testModels;
    j["test_samples"] = testSamples;
    j["reconstruction_r2"] = score(reconstructionR2);
    Json layers = Json::object();
    for (const auto& [name, r2] : layerR2)
        layers[name] = score(r2);
    j["layer_r2"] = layers;
    j["accuracy_original"] = score(originalAccuracy);
    j["accuracy_reconstructed"] = score(reconstructedAccuracy);
    j["accuracy_retention"] = score(accuracyRetention);
    j["accuracy_models"] = accuracyModels;
    j["accuracy_epoch"] = accuracyEpoch;
    Json probe = Json::object(), details = Json::object();
    for (const PropertyProbe& p : probes) {
        Json scores = Json::object();
        scores["latent"] = p.latentAvailable ? score(p.latent.testScore) : Json();
        scores["weights"] = score(p.weights.testScore);
        scores["stats"] = score(p.stats.testScore);
        probe[p.property] = scores;
        Json d = Json::object();
        d["metric"] = p.categorical ? "accuracy" : "r2";
        d["train_samples"] = p.trainSamples;
        d["validation_samples"] = p.validationSamples;
        d["test_samples"] = p.testSamples;
        const auto fitJson = [](const ProbeFit& f) {
            Json x = Json::object();
            x["lambda"] = f.lambda;
            x["train"] = score(f.trainScore);
            x["validation"] = score(f.validationScore);
            x["test"] = score(f.testScore);
            return x;
        };
        if (p.latentAvailable)
            d["latent"] = fitJson(p.latent);
        d["weights"] = fitJson(p.weights);
        d["stats"] = fitJson(p.stats);
        details[p.property] = d;
    }
    j["probe"] = probe;
    j["probe_details"] = details;
    return j;
}

std::string AnalysisReport::toText() const
{
    std::ostringstream out;
    if (testSamples > 0)
        out << population << " population: " << testModels << " models, " << testSamples << " checkpoints (" << architecture << ")\n";
    if (!std::isnan(reconstructionR2)) {
        out << "reconstruction R^2: " << formatNumber(reconstructionR2, 4) << "   per layer:";
        for (const auto& [name, r2] : layerR2)
            out << " " << name << " " << formatNumber(r2, 3);
        out << "\n";
    }
    if (!std::isnan(accuracyRetention))
        out << "test accuracy at epoch " << accuracyEpoch << " (" << accuracyModels << " models): original "
            << formatNumber(100 * originalAccuracy, 2) << "%, reconstructed " << formatNumber(100 * reconstructedAccuracy, 2)
            << "%, retention " << formatNumber(100 * accuracyRetention, 1) << "%\n";
    if (!probes.empty()) {
        out << "linear probes on the test population (R^2, or accuracy for categorical properties):\n";
        char line[160];
        std::snprintf(line, sizeof line, "  %-20s %-9s %9s %9s %9s\n", "property", "metric", "latent", "W", "s(W)");
        out << line;
        for (const PropertyProbe& p : probes) {
            std::snprintf(line, sizeof line, "  %-20s %-9s %9s %9s %9s\n", p.property.c_str(), p.categorical ? "accuracy" : "R^2",
                          p.latentAvailable ? formatNumber(p.latent.testScore).c_str() : "-", formatNumber(p.weights.testScore).c_str(),
                          formatNumber(p.stats.testScore).c_str());
            out << line;
        }
    }
    return out.str();
}

} // namespace zooscope
