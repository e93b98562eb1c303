// Linear probes: closed-form ridge with lambda chosen on validation, the one-vs-rest classifier, the
// s(W) statistics, and the quality report's probes on a structured synthetic zoo.
#include "AutoencoderTestUtil.h"
#include "analysis/LinearProbe.h"
#include "analysis/AnalysisReport.h"

#include <QtTest>

#include <cmath>
#include <map>
#include <random>

using namespace zooscope;

namespace {

struct Linear {
    FeatureMatrix x;
    std::vector<double> y;
};

// y = 2 x0 - 3 x2 + 0.5 x5 + 7 + noise, other features are distractors.
Linear linearData(int64_t rows, int64_t columns, double noise, uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal;
    Linear d;
    d.x.columns = columns;
    std::vector<float> row(static_cast<size_t>(columns));
    for (int64_t r = 0; r < rows; ++r) {
        for (auto& v : row)
            v = static_cast<float>(normal(rng));
        d.x.appendRow(row.data());
        d.y.push_back(2 * row[0] - 3 * row[2] + 0.5 * row[5] + 7 + noise * normal(rng));
    }
    return d;
}

} // namespace

class TestLinearProbe : public QObject {
    Q_OBJECT
private slots:
    void ridgeRecoversALinearRelation()
    {
        const Linear train = linearData(200, 10, 0.01, 1), val = linearData(50, 10, 0.01, 2), test = linearData(80, 10, 0.01, 3);
        const ProbeFit fit = LinearProbe::regression(train.x, train.y, val.x, val.y, test.x, test.y);
        QVERIFY2(fit.testScore > 0.9999, qPrintable(QString::number(fit.testScore)));
        QVERIFY(fit.lambda <= 1.0);
        // Predictions at tiny lambda are the true function (coefficients and the bias are recovered).
        FeatureMatrix probe;
        probe.columns = 10;
        std::vector<float> unit(10, 0.0f);
        probe.appendRow(unit.data()); // -> bias 7
        unit[2] = 1.0f;
        probe.appendRow(unit.data()); // -> 7 - 3
        const std::vector<double> p = LinearProbe::ridgePredict(train.x, train.y, 1, 1e-5, probe);
        QVERIFY(std::abs(p[0] - 7.0) < 0.01);
        QVERIFY(std::abs(p[1] - 4.0) < 0.01);
    }

    void dualFormWhenFeaturesOutnumberSamples()
    {
        // 300 features, 60 samples: the kernel form; heavy regularisation must win on noisy data.
        const Linear train = linearData(60, 300, 0.5, 4), val = linearData(40, 300, 0.5, 5), test = linearData(60, 300, 0.5, 6);
        const ProbeFit fit = LinearProbe::regression(train.x, train.y, val.x, val.y, test.x, test.y);
        qInfo("300 features, 60 samples: test R^2 %.3f at lambda %g", fit.testScore, fit.lambda);
        QVERIFY(fit.testScore > 0.0 && fit.testScore < 0.99);
        QVERIFY(fit.trainScore > fit.testScore);
        // With more features than samples and a tiny lambda the dual solution interpolates the training data.
        const std::vector<double> p = LinearProbe::ridgePredict(train.x, train.y, 1, 1e-5, train.x);
        QVERIFY(LinearProbe::r2(train.y, p) > 0.999999);
    }

    void r2IsTheUsualDefinition()
    {
        QCOMPARE(LinearProbe::r2({1, 2, 3}, {1, 2, 3}), 1.0);
        QCOMPARE(LinearProbe::r2({1, 2, 3}, {2, 2, 2}), 0.0);
        QVERIFY(std::isnan(LinearProbe::r2({2, 2}, {2, 2})));
    }

    void classifierSeparatesClasses()
    {
        std::mt19937_64 rng(8);
        std::normal_distribution<double> normal;
        const auto make = [&](int64_t n, FeatureMatrix& x, std::vector<int64_t>& y) {
            x.columns = 6;
            std::vector<float> row(6);
            for (int64_t i = 0; i < n; ++i) {
                const int64_t c = i % 3;
                for (int64_t k = 0; k < 6; ++k)
                    row[static_cast<size_t>(k)] = static_cast<float>(normal(rng) + (k == c ? 3.0 : 0.0));
                x.appendRow(row.data());
                y.push_back(c);
            }
        };
        FeatureMatrix tx, vx, sx;
        std::vector<int64_t> ty, vy, sy;
        make(150, tx, ty);
        make(60, vx, vy);
        make(90, sx, sy);
        const ProbeFit fit = LinearProbe::classification(tx, ty, vx, vy, sx, sy);
        QVERIFY2(fit.testScore > 0.9, qPrintable(QString::number(fit.testScore)));
        // Random labels give chance accuracy.
        std::shuffle(sy.begin(), sy.end(), rng);
        QVERIFY(LinearProbe::classification(tx, ty, vx, vy, sx, sy).testScore < 0.6);
    }

    void weightStatisticsOfAKnownVector()
    {
        const Architecture a = Architecture::cnnSmall(1);
        std::vector<float> flat(2464, 0.0f);
        // conv1 weights 0..199, biases all 5.
        for (int i = 0; i < 200; ++i)
            flat[static_cast<size_t>(i)] = static_cast<float>(i);
        for (int i = 200; i < 208; ++i)
            flat[static_cast<size_t>(i)] = 5.0f;
        const std::vector<float> s = layerWeightStatistics(a, flat.data());
        QCOMPARE(s.size(), size_t(5 * 14));
        QCOMPARE(s[0], 99.5f);                 // mean
        QCOMPARE(s[1], 3333.25f);              // population variance of 0..199
        QCOMPARE(s[2], 1.99f);                 // 1st percentile (numpy's linear interpolation)
        QCOMPARE(s[4], 99.5f);                 // median
        QCOMPARE(s[6], 197.01f);               // 99th percentile
        QCOMPARE(s[7], 5.0f);                  // bias mean
        QCOMPARE(s[8], 0.0f);                  // bias variance
    }

    void probesOnAStructuredZoo()
    {
        // Weights move along the model's factors u scaled by the epoch; accuracy is linear in (u, epoch),
        // so W explains much of it (not all: the weights hold epoch x u), the epoch and the activation's
        // linear mark are found.
        const ModelZoo zoo = aetest::structuredZoo(80);
        const std::vector<PropertyProbe> probes = AnalysisReport::probeProperties(zoo, nullptr);
        QCOMPARE(probes.size(), size_t(8));
        std::map<std::string, PropertyProbe> by;
        for (const auto& p : probes) {
            by[p.property] = p;
            qInfo("%-20s W %.3f  s(W) %.3f", p.property.c_str(), p.weights.testScore, p.stats.testScore);
        }
        QVERIFY(!by["test_accuracy"].latentAvailable);
        QVERIFY2(by["test_accuracy"].weights.testScore > 0.6, qPrintable(QString::number(by["test_accuracy"].weights.testScore)));
        QVERIFY(by["epoch"].weights.testScore > 0.9);
        QVERIFY(by["activation"].categorical);
        QVERIFY(by["activation"].weights.testScore > 0.8);
        QCOMPARE(by["test_accuracy"].testSamples, int64_t(12 * 4));
        // The seed is no property; lr/wd/init/optimizer carry no signal in this zoo, so they stay low.
        QVERIFY(by["lr"].weights.testScore < 0.5);

        // Each probe's test predictions are the ones it was scored on.
        const PropertyProbe& accuracy = by["test_accuracy"];
        QCOMPARE(accuracy.testPoints.size(), size_t(accuracy.testSamples));
        QCOMPARE(accuracy.testTruth.size(), accuracy.testPoints.size());
        QCOMPARE(accuracy.stats.testPredictions.size(), accuracy.testTruth.size());
        QCOMPARE(LinearProbe::r2(accuracy.testTruth, accuracy.weights.testPredictions), accuracy.weights.testScore);
        QCOMPARE(LinearProbe::r2(accuracy.testTruth, accuracy.stats.testPredictions), accuracy.stats.testScore);
        const PropertyProbe& activation = by["activation"];
        int64_t right = 0;
        for (size_t i = 0; i < activation.testTruth.size(); ++i)
            right += activation.weights.testPredictions[i] == activation.testTruth[i];
        QCOMPARE(double(right) / double(activation.testTruth.size()), activation.weights.testScore);
    }

    void analysisIsCancelledThroughProgress()
    {
        const ModelZoo zoo = aetest::structuredZoo(40);
        std::vector<std::string> stages;
        Progress progress;
        progress = Progress([&](const ProgressUpdate& u) {
            stages.push_back(u.stage);
            if (u.stage.rfind("probes: fitting", 0) == 0)
                progress.cancel();
        });
        QVERIFY_THROWS_EXCEPTION(OperationCancelled, AnalysisReport::compute(zoo, nullptr, {}, progress));
        QVERIFY(!stages.empty());
        QCOMPARE(stages.front(), std::string("probes: collecting representations"));
        QVERIFY(stages.back().rfind("probes: fitting", 0) == 0);
    }
};

QTEST_GUILESS_MAIN(TestLinearProbe)
#include "tst_linearprobe.moc"
