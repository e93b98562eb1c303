#include "analysis/ModelSelection.h"

#include "analysis/LinearProbe.h"
#include "analysis/SampleFeatures.h"
#include "hyperrep/HyperRepresentation.h"
#include "hyperrep/HyperRepresentationTrainer.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <numeric>
#include <sstream>
#include <stdexcept>

namespace zooscope {

const EnumNames<SelectionPredictor>& selectionPredictorNames()
{
    static const EnumNames<SelectionPredictor> names("predictor", {{SelectionPredictor::Latent, "latent", {"latents"}},
                                                                   {SelectionPredictor::Weights, "weights", {"w"}},
                                                                   {SelectionPredictor::Statistics, "stats", {"s(w)", "statistics"}},
                                                                   {SelectionPredictor::CurrentAccuracy, "current", {"current-accuracy"}},
                                                                   {SelectionPredictor::LatentAndCurrent, "latent+current", {}}});
    return names;
}

std::string toString(SelectionPredictor p) { return selectionPredictorNames().toString(p); }

SelectionPredictor selectionPredictorFromString(const std::string& s) { return selectionPredictorNames().parse(s); }

const SelectionScore* SelectionAtEpoch::score(SelectionPredictor p) const
{
    for (const SelectionScore& s : scores)
        if (s.predictor == p)
            return &s;
    return nullptr;
}

const SelectionAtEpoch* ModelSelectionReport::at(int64_t epoch) const
{
    for (const SelectionAtEpoch& e : epochs)
        if (e.epoch == epoch)
            return &e;
    return nullptr;
}

double ModelSelectionReport::kendallTau(const std::vector<double>& a, const std::vector<double>& b)
{
    if (a.size() != b.size())
        throw std::invalid_argument("kendallTau: lists of different length");
    // tau-b = (concordant - discordant) / sqrt((n0 - ties in a) (n0 - ties in b)); O(n^2) is fine for
    // populations of a few thousand models.
    double concordant = 0, discordant = 0, tiesA = 0, tiesB = 0, pairs = 0;
    for (size_t i = 0; i < a.size(); ++i)
        for (size_t j = i + 1; j < a.size(); ++j) {
            const double da = a[i] - a[j], db = b[i] - b[j];
            pairs += 1;
            if (da == 0)
                tiesA += 1;
            if (db == 0)
                tiesB += 1;
            if (da * db > 0)
                concordant += 1;
            else if (da * db < 0)
                discordant += 1;
        }
    const double denominator = std::sqrt((pairs - tiesA) * (pairs - tiesB));
    if (!(denominator > 0))
        return std::nan("");
    return (concordant - discordant) / denominator;
}

namespace {

// Indices of the n largest values, the larger (then the earlier) first.
std::vector<size_t> topIndices(const std::vector<double>& values, int64_t n)
{
    std::vector<size_t> order;
    for (size_t i = 0; i < values.size(); ++i)
        if (std::isfinite(values[i]))
            order.push_back(i);
    std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) { return values[x] > values[y]; });
    if (static_cast<int64_t>(order.size()) > n)
        order.resize(static_cast<size_t>(n));
    return order;
}

// A linear map extrapolates without bound for a model unlike the training population (one test model
// at 1e3 standard deviations gave s(W) an R^2 of -2000); no accuracy is outside [0, 1].
std::vector<double> clipped(std::vector<double> v, double low, double high)
{
    for (double& x : v)
        x = std::clamp(x, low, high);
    return v;
}

int64_t keptCount(double fraction, size_t models)
{
    return std::clamp<int64_t>(static_cast<int64_t>(std::ceil(fraction * static_cast<double>(models) - 1e-9)), 1,
                               static_cast<int64_t>(models));
}

std::string epochList(const ModelZoo& zoo)
{
    std::string s;
    for (int64_t e : zoo.checkpointEpochs)
        s += (s.empty() ? "" : ", ") + std::to_string(e);
    return s;
}

std::string fixed(double v, int precision)
{
    if (std::isnan(v))
        return "-";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", precision, v);
    return buf;
}

} // namespace

ModelSelectionReport ModelSelectionReport::compute(const ModelZoo& zoo, const HyperRepresentation* hr,
                                                   const ModelSelectionOptions& options, const Progress& progress)
{
    if (hr)
        hr->requireArchitecture(zoo.architecture);
    ModelSelectionReport report;
    report.finalEpoch = options.finalEpoch < 0 ? zoo.epochs : options.finalEpoch;
    if (report.finalEpoch < 1 || report.finalEpoch > zoo.epochs)
        throw std::invalid_argument("final epoch " + std::to_string(report.finalEpoch) + " is not an epoch of the zoo (1.." +
                                    std::to_string(zoo.epochs) + ")");
    for (double f : options.keepFractions)
        if (!(f > 0 && f <= 1))
            throw std::invalid_argument("keep fraction " + std::to_string(f) + " is not in (0, 1]");
    report.keepFractions = options.keepFractions;

    std::vector<int64_t> epochs = options.epochs;
    if (epochs.empty())
        for (int64_t e : zoo.checkpointEpochs)
            if (e < report.finalEpoch)
                epochs.push_back(e);
    for (int64_t e : epochs) {
        if (zoo.checkpointIndex(e) < 0)
            throw std::invalid_argument("epoch " + std::to_string(e) + " is not a checkpoint epoch of the zoo (" + epochList(zoo) + ")");
        if (e >= report.finalEpoch)
            throw std::invalid_argument("epoch " + std::to_string(e) + " is not before the final epoch " +
                                        std::to_string(report.finalEpoch));
    }
    if (epochs.empty())
        throw std::invalid_argument("the zoo has no checkpoint before the final epoch " + std::to_string(report.finalEpoch));

    // What is predicted, per model row: final test accuracy and generalisation gap.
    const auto models = static_cast<size_t>(zoo.modelCount());
    std::vector<double> finalAccuracy(models), finalGap(models);
    for (size_t m = 0; m < models; ++m) {
        finalAccuracy[m] = zoo.metricAt(zoo.testAccuracy, static_cast<int64_t>(m), report.finalEpoch);
        finalGap[m] = zoo.metricAt(zoo.trainAccuracy, static_cast<int64_t>(m), report.finalEpoch) - finalAccuracy[m];
    }

    std::vector<SelectionPredictor> predictors;
    if (hr)
        predictors.push_back(SelectionPredictor::Latent);
    predictors.insert(predictors.end(), {SelectionPredictor::Weights, SelectionPredictor::Statistics, SelectionPredictor::CurrentAccuracy});
    if (hr)
        predictors.push_back(SelectionPredictor::LatentAndCurrent);

    for (size_t ei = 0; ei < epochs.size(); ++ei) {
        const int64_t k = epochs[ei];
        progress.report(static_cast<double>(ei) / static_cast<double>(epochs.size()), "model selection: epoch " + std::to_string(k));
        // Every model with finite weights at k, and which population it is in (train and validation rows
        // also within maxAbsWeight, as the probes' fits are).
        std::vector<ZooSample> samples;
        std::vector<int> role; // 0 train, 1 validation, 2 test, -1 predicted only
        std::vector<ZooSample> bySplit[3];
        for (PopulationSplit split : {PopulationSplit::Train, PopulationSplit::Validation, PopulationSplit::Test})
            bySplit[static_cast<int>(split)] = HyperRepresentationTrainer::populationSamples(zoo, split, {k}, 0);
        for (int split = 0; split < 3; ++split)
            for (const ZooSample& s : bySplit[split]) {
                const float* w = zoo.weightsAt(s.model, s.checkpoint);
                const bool bounded = options.maxAbsWeight <= 0 ||
                                     std::all_of(w, w + zoo.parameterCount(), [&](float x) { return std::abs(x) <= options.maxAbsWeight; });
                const bool usable = std::isfinite(finalAccuracy[static_cast<size_t>(s.model)]) &&
                                    std::isfinite(zoo.metricAt(zoo.testAccuracy, s.model, k)) && (split == 2 || bounded);
                if (!usable && !options.predictAllModels)
                    continue;
                samples.push_back(s);
                role.push_back(usable ? split : -1);
            }
        const SampleFeatures features = SampleFeatures::of(zoo, samples, hr);
        // The baseline predicts each quantity from itself as measured at k: the final accuracy from the test
        // accuracy, the final gap from the gap (where every model has a training accuracy).
        std::vector<double> currentAccuracy(samples.size()), currentGap(samples.size());
        bool currentGapKnown = true;
        for (size_t i = 0; i < samples.size(); ++i) {
            currentAccuracy[i] = zoo.metricAt(zoo.testAccuracy, samples[i].model, k);
            currentGap[i] = zoo.metricAt(zoo.trainAccuracy, samples[i].model, k) - currentAccuracy[i];
            currentGapKnown = currentGapKnown && std::isfinite(currentGap[i]);
        }
        FeatureMatrix current, currentGapFeature;
        current.columns = currentGapFeature.columns = 1;
        for (size_t i = 0; i < samples.size(); ++i) {
            const auto a = static_cast<float>(currentAccuracy[i]), g = static_cast<float>(currentGap[i]);
            current.appendRow(&a);
            if (currentGapKnown)
                currentGapFeature.appendRow(&g);
        }

        SelectionAtEpoch at;
        at.epoch = k;
        std::vector<bool> keep[3];
        std::vector<double> accuracy[3], gap[3];
        bool gapKnown = true;
        for (int split = 0; split < 3; ++split) {
            keep[split].resize(samples.size());
            for (size_t i = 0; i < samples.size(); ++i) {
                keep[split][i] = role[i] == split;
                if (!keep[split][i])
                    continue;
                const auto m = static_cast<size_t>(samples[i].model);
                accuracy[split].push_back(finalAccuracy[m]);
                gap[split].push_back(finalGap[m]);
                gapKnown = gapKnown && std::isfinite(finalGap[m]);
                if (split == 2)
                    at.testModelRows.push_back(samples[i].model);
            }
        }
        if (accuracy[0].size() < 2 || accuracy[1].empty() || accuracy[2].size() < 2)
            throw std::invalid_argument("model selection at epoch " + std::to_string(k) + " needs training, validation and test models " +
                                        "with weights there and a final accuracy (train " + std::to_string(accuracy[0].size()) +
                                        ", validation " + std::to_string(accuracy[1].size()) + ", test " +
                                        std::to_string(accuracy[2].size()) + ")");
        at.trainModels = static_cast<int64_t>(accuracy[0].size());
        at.validationModels = static_cast<int64_t>(accuracy[1].size());
        at.testFinalAccuracy = accuracy[2];
        at.bestFinalAccuracy = *std::max_element(accuracy[2].begin(), accuracy[2].end());
        const size_t N = accuracy[2].size();
        for (double f : options.keepFractions) {
            const int64_t n = keptCount(f, N);
            at.kept.push_back(n);
            at.modelEpochsSaved.push_back((static_cast<int64_t>(N) - n) * (report.finalEpoch - k));
        }

        for (SelectionPredictor p : predictors) {
            progress.throwIfCancelled();
            const FeatureMatrix& all = p == SelectionPredictor::Latent || p == SelectionPredictor::LatentAndCurrent ? features.latent
                                       : p == SelectionPredictor::Weights                                          ? features.weights
                                       : p == SelectionPredictor::Statistics                                       ? features.stats
                                                                                                                   : current;
            // latent+current keeps the baseline as it is and fits only what it leaves: the latents predict
            // final - current (one ridge penalty over 384 latents and the accuracy would shrink the
            // accuracy's weight like any latent's).
            const bool residual = p == SelectionPredictor::LatentAndCurrent;
            const auto target = [&](const std::vector<double>& truth, const std::vector<double>& offset) {
                std::vector<double> v[3];
                for (size_t i = 0; i < samples.size(); ++i)
                    if (role[i] >= 0)
                        v[role[i]].push_back(truth[static_cast<size_t>(samples[i].model)] - (residual ? offset[i] : 0.0));
                return std::array<std::vector<double>, 3>{v[0], v[1], v[2]};
            };
            const auto accuracyTargets = target(finalAccuracy, currentAccuracy);
            const auto gapTargets = target(finalGap, currentGap);
            std::vector<ProbeTask> tasks{{"final_accuracy", false, accuracyTargets[0], accuracyTargets[1], accuracyTargets[2]}};
            if (gapKnown)
                tasks.push_back({"final_gap", false, gapTargets[0], gapTargets[1], gapTargets[2]});
            const FeatureMatrix train = selectRows(all, keep[0]);
            std::vector<ProbeFit> fits = LinearProbe::fit(train, selectRows(all, keep[1]), selectRows(all, keep[2]), tasks);
            // The baseline has no gap prediction where the gap at k is unknown.
            const bool gapScored = gapKnown && (p != SelectionPredictor::CurrentAccuracy || currentGapKnown);
            if (p == SelectionPredictor::CurrentAccuracy && gapScored)
                fits[1] = LinearProbe::fit(selectRows(currentGapFeature, keep[0]), selectRows(currentGapFeature, keep[1]),
                                           selectRows(currentGapFeature, keep[2]), {tasks[1]})
                              .front();
            // Predictions back on the scale of the truth, for rows where `mask` holds.
            const auto restored = [&](std::vector<double> predicted, const std::vector<double>& offset, const std::vector<bool>* mask) {
                for (size_t i = 0, r = 0; i < samples.size(); ++i)
                    if (!mask || (*mask)[i])
                        predicted[r++] += residual ? offset[i] : 0.0;
                return predicted;
            };
            SelectionScore score;
            score.predictor = p;
            score.lambda = fits[0].lambda;
            score.testPredictions = clipped(restored(fits[0].testPredictions, currentAccuracy, &keep[2]), 0, 1);
            score.r2 = LinearProbe::r2(accuracy[2], score.testPredictions);
            score.kendallTau = kendallTau(score.testPredictions, accuracy[2]);
            if (gapScored) {
                const std::vector<double> gapPredictions = clipped(restored(fits[1].testPredictions, currentGap, &keep[2]), -1, 1);
                score.gapR2 = LinearProbe::r2(gap[2], gapPredictions);
                score.gapKendallTau = kendallTau(gapPredictions, gap[2]);
            }
            for (size_t fi = 0; fi < options.keepFractions.size(); ++fi) {
                const std::vector<size_t> predicted = topIndices(score.testPredictions, at.kept[fi]);
                const std::vector<size_t> truth = topIndices(accuracy[2], at.kept[fi]);
                int64_t hits = 0;
                double best = -INFINITY;
                for (size_t i : predicted) {
                    hits += std::count(truth.begin(), truth.end(), i) > 0;
                    best = std::max(best, accuracy[2][i]);
                }
                score.precision.push_back(static_cast<double>(hits) / static_cast<double>(at.kept[fi]));
                score.bestKeptAccuracy.push_back(best);
            }
            if (options.predictAllModels) {
                score.allPredictions.assign(models, std::nan(""));
                const std::vector<double> predictions =
                    clipped(restored(LinearProbe::ridgePredict(train, accuracyTargets[0], 1, score.lambda, all), currentAccuracy, nullptr), 0, 1);
                for (size_t i = 0; i < samples.size(); ++i)
                    score.allPredictions[static_cast<size_t>(samples[i].model)] = predictions[i];
            }
            at.scores.push_back(std::move(score));
        }
        report.testModels = std::max<int64_t>(report.testModels, static_cast<int64_t>(N));
        report.epochs.push_back(std::move(at));
    }
    progress.report(1.0, "model selection: epoch " + std::to_string(epochs.back()));
    return report;
}

std::vector<int64_t> ModelSelectionReport::predictedTop(const ModelZoo& zoo, int64_t epoch, SelectionPredictor predictor, int64_t n) const
{
    const SelectionAtEpoch* e = at(epoch);
    if (!e)
        throw std::invalid_argument("model selection was not computed at epoch " + std::to_string(epoch));
    const SelectionScore* s = e->score(predictor);
    if (!s)
        throw std::invalid_argument("model selection has no " + toString(predictor) + " predictor (it needs a hyper-representation)");
    if (s->allPredictions.size() != static_cast<size_t>(zoo.modelCount()))
        throw std::invalid_argument("model selection was computed without predictions for every model");
    std::vector<int64_t> ids;
    for (size_t row : topIndices(s->allPredictions, n))
        ids.push_back(zoo.modelIds[row]);
    return ids;
}

Json ModelSelectionReport::toJson() const
{
    const auto fractionKey = [](double f) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "top%g", 100 * f);
        return std::string(buf);
    };
    Json j = Json::object();
    j["final_epoch"] = Json(static_cast<int64_t>(finalEpoch));
    j["test_models"] = Json(static_cast<int64_t>(testModels));
    Json list = Json::array();
    for (const SelectionAtEpoch& e : epochs) {
        Json je = Json::object();
        je["epoch"] = Json(static_cast<int64_t>(e.epoch));
        je["train_models"] = Json(static_cast<int64_t>(e.trainModels));
        je["validation_models"] = Json(static_cast<int64_t>(e.validationModels));
        je["test_models"] = Json(static_cast<int64_t>(e.testModelRows.size()));
        je["best_final_accuracy"] = Json(e.bestFinalAccuracy);
        Json saved = Json::object();
        for (size_t fi = 0; fi < keepFractions.size(); ++fi) {
            Json s = Json::object();
            s["kept"] = Json(static_cast<int64_t>(e.kept[fi]));
            s["model_epochs_saved"] = Json(static_cast<int64_t>(e.modelEpochsSaved[fi]));
            s["fraction_saved"] = Json(static_cast<double>(e.modelEpochsSaved[fi]) /
                                       static_cast<double>(static_cast<int64_t>(e.testModelRows.size()) * finalEpoch));
            saved[fractionKey(keepFractions[fi])] = s;
        }
        je["stopping"] = saved;
        Json predictors = Json::object();
        for (const SelectionScore& s : e.scores) {
            Json js = Json::object();
            js["kendall_tau"] = Json(s.kendallTau);
            js["r2"] = Json(s.r2);
            js["gap_kendall_tau"] = Json(s.gapKendallTau);
            js["gap_r2"] = Json(s.gapR2);
            js["lambda"] = Json(s.lambda);
            Json precision = Json::object(), best = Json::object();
            for (size_t fi = 0; fi < keepFractions.size(); ++fi) {
                precision[fractionKey(keepFractions[fi])] = Json(s.precision[fi]);
                best[fractionKey(keepFractions[fi])] = Json(s.bestKeptAccuracy[fi]);
            }
            js["precision"] = precision;
            js["best_kept_accuracy"] = best;
            predictors[toString(s.predictor)] = js;
        }
        je["predictors"] = predictors;
        list.push(je);
    }
    j["epochs"] = list;
    return j;
}

std::string ModelSelectionReport::toText() const
{
    std::ostringstream out;
    out << "predicting the test accuracy at epoch " << finalEpoch << " of " << testModels
        << " test-population models from early checkpoints (fitted on the training population)\n";
    for (const SelectionAtEpoch& e : epochs) {
        out << "\nepoch " << e.epoch << ": " << e.testModelRows.size() << " test models, best final accuracy "
            << fixed(100 * e.bestFinalAccuracy, 2) << "%\n";
        std::string header = "  predictor        tau     R^2    gap tau";
        for (double f : keepFractions) {
            char buf[64];
            std::snprintf(buf, sizeof buf, "  top%g%% prec. best kept", 100 * f);
            header += buf;
        }
        out << header << "\n";
        for (const SelectionScore& s : e.scores) {
            char line[256];
            std::snprintf(line, sizeof line, "  %-14s %6s %7s %8s", toString(s.predictor).c_str(), fixed(s.kendallTau, 3).c_str(),
                          fixed(s.r2, 3).c_str(), fixed(s.gapKendallTau, 3).c_str());
            out << line;
            for (size_t fi = 0; fi < keepFractions.size(); ++fi) {
                std::snprintf(line, sizeof line, "  %11s %8s%%", fixed(s.precision[fi], 2).c_str(),
                              fixed(100 * s.bestKeptAccuracy[fi], 2).c_str());
                out << line;
            }
            out << "\n";
        }
        for (size_t fi = 0; fi < keepFractions.size(); ++fi)
            out << "  stopping all but the predicted top " << e.kept[fi] << " at epoch " << e.epoch << " saves " << e.modelEpochsSaved[fi]
                << " of " << static_cast<int64_t>(e.testModelRows.size()) * finalEpoch << " model-epochs ("
                << fixed(100.0 * static_cast<double>(e.modelEpochsSaved[fi]) /
                             static_cast<double>(static_cast<int64_t>(e.testModelRows.size()) * finalEpoch), 0)
                << "%)\n";
    }
    return out.str();
}

} // namespace zooscope
