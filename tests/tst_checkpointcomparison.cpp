// CheckpointComparison: distances, per-layer change, trajectories and prediction disagreement of two
// checkpoints, on a synthetic CNN-s zoo with an untrained (but deterministic) hyper-representation.
#include "AutoencoderTestUtil.h"
#include "ErrorOf.h"
#include "ZooTestUtil.h"
#include "analysis/CheckpointComparison.h"
#include "hyperrep/HyperRepresentation.h"
#include "training/BatchedEvaluator.h"
#include "zoo/CheckpointReference.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <random>

using namespace zooscope;

namespace {

// Random images in the CNN-s input shape with labels 0..9.
DatasetSplit randomSplit(int64_t count, uint64_t seed)
{
    DatasetSplit s;
    s.count = count;
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    s.images.resize(size_t(count * s.imageSize()));
    for (float& v : s.images)
        v = normal(rng);
    for (int64_t i = 0; i < count; ++i)
        s.labels.push_back(int64_t(rng() % 10));
    return s;
}

double l2(const float* x, const float* y, int64_t n)
{
    double s = 0;
    for (int64_t i = 0; i < n; ++i)
        s += (double(x[i]) - double(y[i])) * (double(x[i]) - double(y[i]));
    return std::sqrt(s);
}

} // namespace

class TestCheckpointComparison : public QObject {
    Q_OBJECT

    ModelZoo m_zoo = zootest::syntheticZoo(7, 4, {0, 2, 4}); // ids 100, 103, ..., 118
    HyperRepresentation m_h = aetest::untrainedHyperRepresentation(m_zoo.architecture, {m_zoo.weightsAt(0, 0), m_zoo.weightsAt(1, 0)});
    DatasetSplit m_test = randomSplit(300, 5);

    float* weights(int64_t id, int64_t epoch) { return m_zoo.weightsAt(m_zoo.rowOf(id), m_zoo.checkpointIndex(epoch)); }

private slots:
    void parsesCheckpointReferences()
    {
        const CheckpointReference r = CheckpointReference::parse("17@5");
        QCOMPARE(r.modelId, int64_t(17));
        QCOMPARE(r.epoch, int64_t(5));
        QCOMPARE(r.toString(), std::string("17@5"));
        QCOMPARE(CheckpointReference::parse("17").epoch, int64_t(-1));
        for (const char* bad : {"", "@5", "17@", "17@x", "x@5", "17@-1", "17@5x", "17x@5", "17@5@6"})
            QVERIFY_THROWS_EXCEPTION(std::invalid_argument, CheckpointReference::parse(bad));
    }

    void identicalCheckpointsAreZeroApart()
    {
        const auto c = CheckpointComparison::compute(m_zoo, {103, 2}, {103, 2}, &m_h, &m_test);
        QCOMPARE(c.weightDistance, 0.0);
        QCOMPARE(c.layers.size(), m_zoo.architecture.layers.size());
        for (const auto& l : c.layers) {
            QCOMPARE(l.change, 0.0);
            QVERIFY(l.normA > 0);
        }
        QVERIFY(c.hasLatents);
        QCOMPARE(c.latentDistance, 0.0);
        QVERIFY(std::abs(c.latentCosine - 1.0) < 1e-6);
        QVERIFY(c.predictions.measured);
        QCOMPARE(c.predictions.images, m_test.count);
        QCOMPARE(c.predictions.disagreeing, int64_t(0));
        QCOMPARE(c.predictions.disagreement, 0.0);
        QCOMPARE(c.predictions.fixedByB, int64_t(0));
        QCOMPARE(c.predictions.newErrorsOfB, int64_t(0));
        QCOMPARE(c.predictions.errorsA, c.predictions.errorsB);
        QCOMPARE(c.aOnB.weightEpoch, int64_t(2));
        QCOMPARE(c.aOnB.weightDistance, 0.0);
    }

    void differentModelsDisagreeAsTheirPredictionsSay()
    {
        // Models 100 (tanh) and 103 (ReLU): per-image predictions checked through the evaluator's own
        // correct counter, with the test set relabelled by A's predictions.
        const int64_t P = m_zoo.parameterCount();
        std::vector<float> both(weights(100, 4), weights(100, 4) + P);
        both.insert(both.end(), weights(103, 4), weights(103, 4) + P);
        const std::vector<Activation> acts{m_zoo.hyperparameters[0].activation, m_zoo.hyperparameters[1].activation};
        const BatchedEvaluator evaluator(m_zoo.architecture, 2);
        const EvaluationResult e = evaluator.evaluateWithPredictions(both.data(), 2, acts, m_test);
        QCOMPARE(e.predicted.size(), size_t(2 * m_test.count));
        DatasetSplit relabelled = m_test;
        for (int64_t i = 0; i < m_test.count; ++i)
            relabelled.labels[size_t(i)] = e.predicted[size_t(i)];
        QCOMPARE(evaluator.evaluate(both.data(), 1, {acts[0]}, relabelled).accuracy[0], 1.0);

        const auto c = CheckpointComparison::compute(m_zoo, {100, 4}, {103, 4}, nullptr, &relabelled);
        QVERIFY2(c.predictions.disagreeing > 0, "two random models of different activations never disagree");
        QCOMPARE(c.predictions.errorsA, int64_t(0));
        QCOMPARE(c.predictions.errorsB, c.predictions.disagreeing);
        QCOMPARE(c.predictions.newErrorsOfB, c.predictions.disagreeing);
        QCOMPARE(c.predictions.fixedByB, int64_t(0));
        QCOMPARE(c.predictions.disagreement, double(c.predictions.disagreeing) / double(m_test.count));

        // On the true labels: B's errors are A's, less those it fixes, plus its new ones.
        const auto t = CheckpointComparison::compute(m_zoo, {100, 4}, {103, 4}, nullptr, &m_test);
        QCOMPARE(t.predictions.errorsB, t.predictions.errorsA - t.predictions.fixedByB + t.predictions.newErrorsOfB);
        QCOMPARE(t.predictions.accuracyA, 1.0 - double(t.predictions.errorsA) / double(m_test.count));
        QCOMPARE(t.predictions.disagreeing, c.predictions.disagreeing);
        QVERIFY(!t.hasLatents && std::isnan(t.latentDistance) && t.aOnB.latentEpoch == -1);
    }

    void findsItsOwnCopyOnAnotherTrajectory()
    {
        // 112@4 becomes a copy of 109@2: placed on model 109's trajectory it must land on epoch 2.
        const int64_t P = m_zoo.parameterCount();
        std::copy(weights(109, 2), weights(109, 2) + P, weights(112, 4));
        const auto c = CheckpointComparison::compute(m_zoo, {112, 4}, {109, 0}, &m_h, nullptr);
        QCOMPARE(c.aOnB.trajectoryModelId, int64_t(109));
        QCOMPARE(c.aOnB.weightEpoch, int64_t(2));
        QCOMPARE(c.aOnB.weightDistance, 0.0);
        QCOMPARE(c.aOnB.latentEpoch, int64_t(2));
        QVERIFY(c.aOnB.latentDistance < 1e-5);
        // B (109@0) against A's model: the nearest is whichever of 112's checkpoints is nearest, by hand.
        const std::vector<int64_t> epochs{0, 2, 4};
        int64_t best = -1;
        double bestDistance = 1e300;
        for (int64_t e : epochs) {
            const double d = l2(weights(109, 0), weights(112, e), P);
            if (d < bestDistance) {
                bestDistance = d;
                best = e;
            }
        }
        QCOMPARE(c.bOnA.weightEpoch, best);
        QVERIFY(std::abs(c.bOnA.weightDistance - bestDistance) < 1e-9 * bestDistance);
        QVERIFY(!c.predictions.measured);
    }

    void changingOneLayerChangesOnlyItsEntry()
    {
        const int64_t P = m_zoo.parameterCount();
        const LayerLayout& conv2 = m_zoo.architecture.layers[1];
        std::copy(weights(115, 0), weights(115, 0) + P, weights(115, 2));
        for (int64_t i = conv2.offset; i < conv2.offset + conv2.length; ++i)
            weights(115, 2)[i] += 0.25f;
        const auto c = CheckpointComparison::compute(m_zoo, {115, 0}, {115, 2}, nullptr, nullptr);
        const double expected = 0.25 * std::sqrt(double(conv2.length));
        for (size_t l = 0; l < c.layers.size(); ++l) {
            QCOMPARE(c.layers[l].name, m_zoo.architecture.layers[l].name);
            if (l == 1)
                QVERIFY2(std::abs(c.layers[l].change - expected) < 1e-5 * expected, qPrintable(QString::number(c.layers[l].change)));
            else
                QCOMPARE(c.layers[l].change, 0.0);
        }
        QVERIFY(std::abs(c.weightDistance - c.layers[1].change) < 1e-9);
        const double normA = l2(weights(115, 0) + conv2.offset, std::vector<float>(size_t(conv2.length), 0.0f).data(), conv2.length);
        QVERIFY(std::abs(c.layers[1].relative - expected / normA) < 1e-6);
        QVERIFY(std::abs(c.layers[1].normA - normA) < 1e-9 * normA);
    }

    void pathLengthIsTheSumOfSteps()
    {
        // Model 118: 0 at epoch 0, (3, 0, ...) at 2, (3, 4, 0, ...) at 4: steps 3 and 4.
        const int64_t P = m_zoo.parameterCount();
        for (int64_t e : {0, 2, 4})
            std::fill(weights(118, e), weights(118, e) + P, 0.0f);
        weights(118, 2)[0] = 3.0f;
        weights(118, 4)[0] = 3.0f;
        weights(118, 4)[1] = 4.0f;
        const auto c = CheckpointComparison::compute(m_zoo, {118, 4}, {106, 2}, &m_h, nullptr);
        QCOMPARE(c.trajectoryA.modelId, int64_t(118));
        QCOMPARE(c.trajectoryA.epochs, (std::vector<int64_t>{0, 2, 4}));
        QCOMPARE(c.trajectoryA.weightLength, 7.0);
        // The latent path of model 118 by hand: encode its three checkpoints and add the steps.
        std::vector<float> batch;
        for (int64_t e : {0, 2, 4})
            batch.insert(batch.end(), weights(118, e), weights(118, e) + P);
        const std::vector<float> z = m_h.encode(batch);
        const int64_t L = m_h.latentDim();
        const double latentLength = l2(z.data(), z.data() + L, L) + l2(z.data() + L, z.data() + 2 * L, L);
        QVERIFY2(latentLength > 0 && std::abs(c.trajectoryA.latentLength - latentLength) < 1e-4 * latentLength,
                 qPrintable(QString("%1 vs %2").arg(c.trajectoryA.latentLength).arg(latentLength)));
        // B's model: its own steps, nothing of A's.
        double lengthB = 0;
        lengthB = l2(weights(106, 0), weights(106, 2), P) + l2(weights(106, 2), weights(106, 4), P);
        QVERIFY(std::abs(c.trajectoryB.weightLength - lengthB) < 1e-9 * lengthB);
    }

    void checkpointsWithoutWeightsLeaveTheTrajectory()
    {
        ModelZoo zoo = zootest::syntheticZoo(3, 4, {0, 2, 4});
        const int64_t P = zoo.parameterCount();
        std::fill(zoo.weightsAt(1, 1), zoo.weightsAt(1, 1) + P, std::nanf(""));
        const auto c = CheckpointComparison::compute(zoo, {103, 0}, {100, 4}, nullptr, nullptr);
        QCOMPARE(c.trajectoryA.epochs, (std::vector<int64_t>{0, 4}));
        QVERIFY(std::abs(c.trajectoryA.weightLength - l2(zoo.weightsAt(1, 0), zoo.weightsAt(1, 2), P)) < 1e-6);
        QCOMPARE(c.recordedA.testAccuracy, double(zoo.metricAt(zoo.testAccuracy, 1, 0)));
        QCOMPARE(c.recordedB.gap, double(zoo.metricAt(zoo.trainAccuracy, 0, 4)) - double(zoo.metricAt(zoo.testAccuracy, 0, 4)));
        const QString noWeights = zootest::errorOf<std::invalid_argument>([&] { CheckpointComparison::compute(zoo, {103, 2}, {100, 4}, nullptr, nullptr); });
        QVERIFY2(noWeights.contains("103@2") && noWeights.contains("no weights"), qPrintable(noWeights));
    }

    void badCheckpointsAreNamed()
    {
        const auto message = [&](CheckpointReference a, CheckpointReference b) {
            return zootest::errorOf<std::invalid_argument>([&] { CheckpointComparison::compute(m_zoo, a, b, nullptr, nullptr); });
        };
        const QString unknown = message({100, 2}, {999, 2});
        QVERIFY2(unknown.contains("model id 999"), qPrintable(unknown));
        const QString epoch = message({100, 3}, {100, 2});
        QVERIFY2(epoch.contains("epoch 3") && epoch.contains("0, 2, 4"), qPrintable(epoch));
        const QString noEpoch = message({100, -1}, {100, 2});
        QVERIFY2(noEpoch.contains("no epoch"), qPrintable(noEpoch));
    }

    void hyperRepresentationOfAnotherArchitectureIsRefused()
    {
        const Architecture rgb = Architecture::cnnSmall(3);
        const std::vector<float> sample(size_t(rgb.parameterCount()), 0.1f);
        const HyperRepresentation other = aetest::untrainedHyperRepresentation(rgb, {sample.data()});
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, CheckpointComparison::compute(m_zoo, {100, 2}, {103, 2}, &other, nullptr));
    }

    void jsonAndTextCarryTheNumbers()
    {
        const auto c = CheckpointComparison::compute(m_zoo, {100, 0}, {100, 4}, &m_h, &m_test);
        const Json j = c.toJson();
        QCOMPARE(j.at("a").string(), std::string("100@0"));
        QCOMPARE(j.at("weight_distance").number(), c.weightDistance);
        QCOMPARE(j.at("layers").items().size(), c.layers.size());
        QCOMPARE(j.at("predictions").at("disagreeing").number(), double(c.predictions.disagreeing));
        QCOMPARE(j.at("trajectories").at("a").at("weight_path_length").number(), c.trajectoryA.weightLength);
        QCOMPARE(j.at("nearest").at("b_on_a").at("weight_epoch").number(), 4.0);
        const std::string text = c.toText();
        QVERIFY2(text.find("A = 100@0, B = 100@4") != std::string::npos && text.find("conv1") != std::string::npos &&
                     text.find("prediction disagreement") != std::string::npos && text.find("latent distance") != std::string::npos,
                 text.c_str());
    }
};

QTEST_GUILESS_MAIN(TestCheckpointComparison)
#include "tst_checkpointcomparison.moc"
