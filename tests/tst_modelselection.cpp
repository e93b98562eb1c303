// Model selection from early checkpoints (core/analysis/ModelSelection): what `zooscope-cli select` and the
// Analysis panel report.
#include "AutoencoderTestUtil.h"
#include "analysis/ModelSelection.h"
#include "hyperrep/HyperRepresentation.h"

#include <QtTest>

#include <algorithm>
#include <random>

using namespace zooscope;

namespace {

// structuredZoo's final accuracy is linear in a factor that the weights carry; here the accuracies
// measured before the last epoch are replaced by noise, so the weights know the final ranking and the
// early accuracy does not.
ModelZoo zooWithNoisyEarlyAccuracy()
{
    ModelZoo zoo = aetest::structuredZoo(120, {0, 1, 2, 4});
    std::mt19937_64 rng(5);
    std::uniform_real_distribution<float> noise(0.1f, 0.9f);
    for (int64_t m = 0; m < zoo.modelCount(); ++m)
        for (int64_t e = 0; e < zoo.epochs; ++e) {
            const size_t k = static_cast<size_t>(m * (zoo.epochs + 1) + e);
            zoo.testAccuracy[k] = noise(rng);
            zoo.trainAccuracy[k] = noise(rng);
        }
    return zoo;
}
} // namespace

class TestModelSelection : public QObject {
    Q_OBJECT

private slots:
    void kendallTauMatchesHandComputedValues()
    {
        QCOMPARE(ModelSelectionReport::kendallTau({1, 2, 3, 4}, {10, 20, 30, 40}), 1.0);
        QCOMPARE(ModelSelectionReport::kendallTau({1, 2, 3, 4}, {4, 3, 2, 1}), -1.0);
        // 5 concordant, 1 discordant pair of 6.
        QVERIFY(qAbs(ModelSelectionReport::kendallTau({1, 2, 3, 4}, {1, 3, 2, 4}) - 4.0 / 6.0) < 1e-12);
        // tau-b with a tie in the first list: 2 concordant, 0 discordant, 3 pairs, 1 tied.
        QVERIFY(qAbs(ModelSelectionReport::kendallTau({1, 1, 2}, {1, 2, 3}) - 2.0 / std::sqrt(6.0)) < 1e-12);
        QVERIFY(std::isnan(ModelSelectionReport::kendallTau({1, 1, 1}, {1, 2, 3})));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ModelSelectionReport::kendallTau({1, 2}, {1}));
    }

    void weightsPredictTheFinalAccuracyWhereTheEarlyAccuracyCannot()
    {
        const ModelZoo zoo = zooWithNoisyEarlyAccuracy();
        ModelSelectionOptions options;
        options.epochs = {1};
        const ModelSelectionReport report = ModelSelectionReport::compute(zoo, nullptr, options);
        QCOMPARE(report.finalEpoch, int64_t(4));
        QCOMPARE(report.epochs.size(), size_t(1));
        const SelectionAtEpoch& at = report.epochs[0];
        QCOMPARE(at.epoch, int64_t(1));
        QVERIFY(at.testModelRows.size() >= 15);
        for (int64_t row : at.testModelRows)
            QVERIFY(zoo.split[static_cast<size_t>(row)] == PopulationSplit::Test);
        QVERIFY(at.score(SelectionPredictor::Latent) == nullptr);
        const SelectionScore* weights = at.score(SelectionPredictor::Weights);
        const SelectionScore* current = at.score(SelectionPredictor::CurrentAccuracy);
        QVERIFY(weights && current);
        QVERIFY2(weights->kendallTau > 0.8, qPrintable(QString::number(weights->kendallTau)));
        QVERIFY2(weights->r2 > 0.8, qPrintable(QString::number(weights->r2)));
        QVERIFY2(weights->gapKendallTau > 0.5, qPrintable(QString::number(weights->gapKendallTau)));
        QVERIFY2(std::abs(current->kendallTau) < 0.5, qPrintable(QString::number(current->kendallTau)));
        QVERIFY2(weights->precision[1] >= 0.75, qPrintable(QString::number(weights->precision[1])));
        QVERIFY(weights->precision[1] > current->precision[1]);
        // Predictions are accuracies.
        for (double p : current->testPredictions)
            QVERIFY(p >= 0 && p <= 1);
    }

    void stoppingTheRestSavesTheirRemainingEpochs()
    {
        const ModelZoo zoo = zooWithNoisyEarlyAccuracy();
        ModelSelectionOptions options;
        options.keepFractions = {0.1, 0.25, 1.0};
        const ModelSelectionReport report = ModelSelectionReport::compute(zoo, nullptr, options);
        QCOMPARE(report.epochs.size(), size_t(3)); // 0, 1, 2: every checkpoint before the final epoch 4
        for (const SelectionAtEpoch& at : report.epochs) {
            const auto N = static_cast<int64_t>(at.testModelRows.size());
            QCOMPARE(at.kept[0], static_cast<int64_t>(std::ceil(0.1 * static_cast<double>(N))));
            QCOMPARE(at.kept[1], static_cast<int64_t>(std::ceil(0.25 * static_cast<double>(N))));
            QCOMPARE(at.kept[2], N);
            QCOMPARE(at.modelEpochsSaved[1], (N - at.kept[1]) * (4 - at.epoch));
            QCOMPARE(at.modelEpochsSaved[2], int64_t(0));
            QCOMPARE(at.bestFinalAccuracy, *std::max_element(at.testFinalAccuracy.begin(), at.testFinalAccuracy.end()));
            // Keeping everybody keeps the best model and finds the whole true "top 100%".
            for (const SelectionScore& s : at.scores) {
                QCOMPARE(s.precision[2], 1.0);
                QCOMPARE(s.bestKeptAccuracy[2], at.bestFinalAccuracy);
                QVERIFY(s.bestKeptAccuracy[0] <= at.bestFinalAccuracy);
            }
        }
        const Json j = report.toJson();
        QCOMPARE(j.at("epochs").size(), size_t(3));
        QVERIFY(j.at("epochs")[1].at("predictors").contains("stats"));
        QCOMPARE(j.at("epochs")[1].at("stopping").at("top25").at("kept").integer(), report.epochs[1].kept[1]);
        QVERIFY(QString::fromStdString(report.toText()).contains("stopping all but the predicted top"));
    }

    void predictedTopRanksEveryModelByItsPrediction()
    {
        const ModelZoo zoo = zooWithNoisyEarlyAccuracy();
        ModelSelectionOptions options;
        options.epochs = {2};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 ModelSelectionReport::compute(zoo, nullptr, options).predictedTop(zoo, 2, SelectionPredictor::Weights, 5));
        options.predictAllModels = true;
        const ModelSelectionReport report = ModelSelectionReport::compute(zoo, nullptr, options);
        const SelectionScore* s = report.epochs[0].score(SelectionPredictor::Weights);
        QCOMPARE(s->allPredictions.size(), static_cast<size_t>(zoo.modelCount()));
        // The test models' predictions are the same as those the scores were computed from.
        for (size_t i = 0; i < report.epochs[0].testModelRows.size(); ++i)
            QVERIFY(qAbs(s->allPredictions[static_cast<size_t>(report.epochs[0].testModelRows[i])] - s->testPredictions[i]) < 1e-9);
        const std::vector<int64_t> top = report.predictedTop(zoo, 2, SelectionPredictor::Weights, 5);
        QCOMPARE(top.size(), size_t(5));
        double previous = 2;
        for (int64_t id : top) {
            const double p = s->allPredictions[static_cast<size_t>(zoo.rowOf(id))];
            QVERIFY(p <= previous);
            previous = p;
        }
        const double fifth = previous;
        QCOMPARE(std::count_if(s->allPredictions.begin(), s->allPredictions.end(), [&](double p) { return p > fifth; }), long(4));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, report.predictedTop(zoo, 1, SelectionPredictor::Weights, 5));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, report.predictedTop(zoo, 2, SelectionPredictor::Latent, 5));
    }

    void latentPredictorsComeWithAHyperRepresentation()
    {
        const ModelZoo zoo = zooWithNoisyEarlyAccuracy();
        const HyperRepresentation hr = aetest::untrainedHyperRepresentation(zoo);
        ModelSelectionOptions options;
        options.epochs = {1};
        const ModelSelectionReport report = ModelSelectionReport::compute(zoo, &hr, options);
        const SelectionAtEpoch& at = report.epochs[0];
        QVERIFY(at.score(SelectionPredictor::Latent) && at.score(SelectionPredictor::LatentAndCurrent));
        QCOMPARE(at.scores.size(), size_t(5));
        QVERIFY(std::isfinite(at.score(SelectionPredictor::Latent)->kendallTau));
        QVERIFY(selectionPredictorFromString("latent+current") == SelectionPredictor::LatentAndCurrent);

        ModelZoo cnn3 = aetest::structuredZoo(30, {0, 1, 2}, 3, 7, Architecture::cnn3(1));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, ModelSelectionReport::compute(cnn3, &hr, options));
    }

    void badRequestsAreRefused()
    {
        const ModelZoo zoo = zooWithNoisyEarlyAccuracy();
        const auto refuses = [&](ModelSelectionOptions o, const char* words) {
            try {
                ModelSelectionReport::compute(zoo, nullptr, o);
            } catch (const std::invalid_argument& e) {
                return QString(e.what()).contains(words);
            }
            return false;
        };
        ModelSelectionOptions o;
        o.epochs = {3};
        QVERIFY(refuses(o, "epoch 3 is not a checkpoint epoch of the zoo (0, 1, 2, 4)"));
        o.epochs = {4};
        QVERIFY(refuses(o, "not before the final epoch 4"));
        o.epochs = {1};
        o.finalEpoch = 9;
        QVERIFY(refuses(o, "final epoch 9 is not an epoch of the zoo"));
        o.finalEpoch = -1;
        o.keepFractions = {0};
        QVERIFY(refuses(o, "keep fraction"));
        o.keepFractions = {0.25};
        o.finalEpoch = 1;
        o.epochs = {};
        QVERIFY(ModelSelectionReport::compute(zoo, nullptr, o).epochs.size() == 1); // only epoch 0 is before 1
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, selectionPredictorFromString("oracle"));
    }
};

QTEST_GUILESS_MAIN(TestModelSelection)
#include "tst_modelselection.moc"
