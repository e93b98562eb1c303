// ModelDiagnostics: each finding is provoked by a change to one model of a synthetic zoo and must
// appear there and only there.
#include "AutoencoderTestUtil.h"
#include "ErrorOf.h"
#include "analysis/LatentNeighbourhood.h"
#include "analysis/ModelDiagnostics.h"
#include "hyperrep/HyperRepresentation.h"

#include <QtTest>

#include <algorithm>
#include <random>

using namespace zooscope;

namespace {

const std::vector<int64_t> kCheckpoints{0, 1, 3}; // epoch 2 is no checkpoint
constexpr int64_t kEpoch = 3;

ModelZoo zoo() { return aetest::structuredZoo(60, kCheckpoints, 3, 11); }

// Random images in [-1, 1]: the probe batch.
DatasetSplit probeImages(int64_t count = 64)
{
    DatasetSplit s;
    s.count = count;
    s.images.resize(size_t(count * s.imageSize()));
    std::mt19937_64 rng(5);
    std::uniform_real_distribution<float> u(-1.0f, 1.0f);
    for (float& x : s.images)
        x = u(rng);
    s.labels.assign(size_t(count), 0);
    return s;
}

ModelDiagnostics::Checkpoint diagnose(const ModelZoo& z, int64_t id, const ModelDiagnosticsOptions& options = {},
                                      const HyperRepresentation* h = nullptr)
{
    const ModelDiagnostics d = ModelDiagnostics::compute(z, {{id, kEpoch}}, h, options);
    return d.checkpoints.at(0);
}

// The weights of model `id` at kEpoch.
float* weightsOf(ModelZoo& z, int64_t id) { return z.weightsAt(z.rowOf(id), z.checkpointIndex(kEpoch)); }

const LayerLayout& layer(const ModelZoo& z, const std::string& name)
{
    for (const LayerLayout& l : z.architecture.layers)
        if (l.name == name)
            return l;
    throw std::logic_error("no layer " + name);
}

// Zeroes the weights and the bias of one output unit: its output is then constant.
void silence(ModelZoo& z, int64_t id, const LayerLayout& l, int64_t unit)
{
    float* w = weightsOf(z, id);
    std::fill(w + l.offset + unit * l.inFeatures(), w + l.offset + (unit + 1) * l.inFeatures(), 0.0f);
    w[l.biasOffset() + unit] = 0.0f;
}

bool has(const std::vector<ModelDiagnostics::Unit>& units, const std::string& layer, int64_t unit, bool dead)
{
    return std::any_of(units.begin(), units.end(),
                       [&](const ModelDiagnostics::Unit& u) { return u.layer == layer && u.unit == unit && u.dead == dead; });
}

std::vector<int64_t> trainIds(const ModelZoo& z)
{
    std::vector<int64_t> ids;
    for (int64_t r = 0; r < z.modelCount(); ++r)
        if (z.split[size_t(r)] == PopulationSplit::Train)
            ids.push_back(z.modelIds[size_t(r)]);
    return ids;
}

} // namespace

class TestModelDiagnostics : public QObject {
    Q_OBJECT

private slots:
    void latentNeighbourhoodPlacesByDistance()
    {
        // Ten references on a line at 0, 1, ..., 9 (accuracy = position / 10), then two rows to place:
        // one at 4.2 (inside) and one at 100 (far outside).
        std::vector<float> z;
        std::vector<double> accuracy;
        for (int i = 0; i < 10; ++i) {
            z.push_back(float(i));
            z.push_back(0);
            accuracy.push_back(i / 10.0);
        }
        accuracy[5] = std::nan(""); // unknown: left out of the mean
        for (float x : {4.2f, 100.0f}) {
            z.push_back(x);
            z.push_back(0);
        }
        LatentNeighbours space;
        space.setLatents(z, 2);
        const LatentNeighbourhood hood(std::move(space), 10, accuracy, 3);
        const LatentNeighbourhood::Placement inside = hood.place(10);
        QVERIFY(inside.available);
        QCOMPARE(inside.nearest, (std::vector<int>{4, 5, 3}));
        QCOMPARE(inside.distances.size(), size_t(3));
        QVERIFY(std::fabs(inside.kthDistance - 1.2) < 1e-5);
        QVERIFY(std::fabs(inside.meanNeighbourAccuracy - 0.35) < 1e-12); // (0.4 + 0.3) / 2
        // Every reference's 3rd neighbour is 2 or 3 away: 1.2 is closer than all of them.
        QCOMPARE(inside.outlierPercentile, 0.0);
        const LatentNeighbourhood::Placement far = hood.place(11);
        QCOMPARE(far.nearest, (std::vector<int>{9, 8, 7}));
        QCOMPARE(far.outlierPercentile, 100.0);
        QVERIFY(far.outlierZ > 10);
        // A reference is placed among the others (itself excluded): reference 0's neighbours are 1, 2, 3.
        QCOMPARE(hood.place(0).nearest, (std::vector<int>{1, 2, 3}));
        // Fewer than two references: nothing to place against.
        LatentNeighbours one;
        one.setLatents({0.f, 0.f, 1.f, 1.f}, 2);
        QVERIFY(!LatentNeighbourhood(std::move(one), 1, {0.5}, 3).place(1).available);
        LatentNeighbours bad;
        bad.setLatents({0.f, 0.f}, 2);
        QVERIFY(zootest::errorOf<std::invalid_argument>([&] { LatentNeighbourhood(std::move(bad), 1, {}, 3); }).contains(QStringLiteral("accuracies")));
    }

    void scaledLayerIsFlaggedAndNoOther()
    {
        ModelZoo z = zoo();
        // A training model that sits inside the population on every statistic (the check must not flag
        // everything), then its conv2 times 100.
        int64_t typical = -1;
        for (int64_t id : trainIds(z)) {
            const auto c = diagnose(z, id);
            QVERIFY(c.statisticsChecked);
            if (c.layerFlags.empty()) {
                typical = id;
                break;
            }
        }
        QVERIFY2(typical >= 0, "every training model has a statistic outside the population's range");
        const LayerLayout& conv2 = layer(z, "conv2");
        float* w = weightsOf(z, typical);
        for (int64_t i = conv2.offset; i < conv2.offset + conv2.length; ++i)
            w[i] *= 100.0f;
        const auto c = diagnose(z, typical);
        QVERIFY(!c.layerFlags.empty());
        QStringList statistics;
        for (const auto& f : c.layerFlags) {
            QCOMPARE(QString::fromStdString(f.layer), QStringLiteral("conv2"));
            QVERIFY(f.value < f.populationLow || f.value > f.populationHigh);
            statistics << QString::fromStdString(f.statistic);
        }
        QVERIFY2(statistics.contains("weight variance") && statistics.contains("weight p99") && statistics.contains("bias variance"),
                 qPrintable(statistics.join(", ")));
    }

    void modelsOutsideTheTrainingPopulationAreComparedToo()
    {
        const ModelZoo z = zoo();
        const auto row = std::find(z.split.begin(), z.split.end(), PopulationSplit::Test) - z.split.begin();
        const auto c = diagnose(z, z.modelIds[size_t(row)]);
        QCOMPARE(QString::fromStdString(c.population), QStringLiteral("test"));
        QVERIFY(c.statisticsChecked);
        QVERIFY(std::isfinite(c.testAccuracy));
        QCOMPARE(c.testAccuracy, double(z.metricAt(z.testAccuracy, row, kEpoch)));
    }

    void silencedUnitIsDead()
    {
        ModelZoo z = zoo();
        ModelDiagnosticsOptions options;
        const DatasetSplit images = probeImages();
        options.probeData = &images;
        for (const int64_t id : {int64_t(0), int64_t(1)}) { // a tanh and a ReLU model
            const auto before = diagnose(z, id, options);
            QVERIFY(before.unitsChecked);
            QCOMPARE(before.unitsTotal, int64_t(8 + 6 + 4 + 20));
            QVERIFY(!has(before.units, "conv1", 3, true));
            QVERIFY(!has(before.units, "fc1", 5, true));
            silence(z, id, layer(z, "conv1"), 3);
            silence(z, id, layer(z, "fc1"), 5);
            const auto after = diagnose(z, id, options);
            QVERIFY(has(after.units, "conv1", 3, true));
            QVERIFY(has(after.units, "fc1", 5, true));
            // Units fed only by a silenced one may die with it (ReLU); no unit comes back to life.
            QVERIFY(after.deadUnits() >= before.deadUnits() + 2);
            for (const auto& u : before.units)
                if (u.dead)
                    QVERIFY(has(after.units, u.layer, u.unit, true));
        }
    }

    void tanhUnitsDrivenToTheirBoundAreSaturated()
    {
        ModelZoo z = zoo();
        const int64_t id = 0;
        QVERIFY(z.hyperparameters[size_t(z.rowOf(id))].activation == Activation::Tanh);
        ModelDiagnosticsOptions options;
        const DatasetSplit images = probeImages();
        options.probeData = &images;
        const auto before = diagnose(z, id, options);
        const LayerLayout& conv1 = layer(z, "conv1");
        float* w = weightsOf(z, id);
        for (int64_t i = conv1.offset; i < conv1.offset + conv1.length; ++i)
            w[i] *= 1000.0f;
        const auto after = diagnose(z, id, options);
        int64_t saturated = 0;
        for (const auto& u : after.units)
            if (u.layer == "conv1" && !u.dead) {
                QVERIFY(u.fractionAtBound >= 0.99);
                ++saturated;
            }
        QVERIFY2(saturated >= 4, qPrintable(QString::number(saturated)));
        QVERIFY(after.saturatedUnits() > before.saturatedUnits());
    }

    void nanOrLargeWeightsAndMissingCheckpointsAreDiverged()
    {
        ModelZoo z = zoo();
        QVERIFY(!diagnose(z, 2).diverged);
        QVERIFY(!diagnose(z, 3).diverged);
        weightsOf(z, 2)[100] = std::nanf("");
        weightsOf(z, 3)[200] = -10.0f;
        const auto nan = diagnose(z, 2);
        QVERIFY(nan.diverged && nan.hasWeights);
        QCOMPARE(nan.nonFiniteWeights, int64_t(1));
        QVERIFY(!nan.statisticsChecked);
        const auto large = diagnose(z, 3);
        QVERIFY(large.diverged);
        QCOMPARE(large.maxAbsWeight, 10.0);
        ModelDiagnosticsOptions lenient;
        lenient.maxAbsWeight = 20;
        QVERIFY(!diagnose(z, 3, lenient).diverged);
        float* w = weightsOf(z, 4);
        std::fill(w, w + z.parameterCount(), std::nanf("")); // as the importer stores a dropped checkpoint
        const auto missing = diagnose(z, 4);
        QVERIFY(missing.diverged && !missing.hasWeights);
    }

    void neighboursAreOthersAtTheSameEpoch()
    {
        ModelZoo z = zoo();
        const std::vector<int64_t> train = trainIds(z);
        const int64_t a = train[0], b = train[1];
        // b becomes a copy of a: a's nearest neighbour, at distance 0.
        std::copy(weightsOf(z, a), weightsOf(z, a) + z.parameterCount(), weightsOf(z, b));
        const HyperRepresentation h = aetest::untrainedHyperRepresentation(z.architecture);
        ModelDiagnosticsOptions options;
        options.k = 5;
        const auto c = diagnose(z, a, options, &h);
        const auto& n = c.neighbourhood;
        QVERIFY(n.available);
        QCOMPARE(n.neighbours.size(), size_t(5));
        QCOMPARE(n.neighbours[0].modelId, b);
        QVERIFY(n.distances[0] < 1e-4);
        double accuracy = 0;
        for (size_t i = 0; i < n.neighbours.size(); ++i) {
            QVERIFY(n.neighbours[i].modelId != a);
            QCOMPARE(n.neighbours[i].epoch, kEpoch);
            QVERIFY(std::find(train.begin(), train.end(), n.neighbours[i].modelId) != train.end());
            QVERIFY(i == 0 || n.distances[i] >= n.distances[i - 1]);
            accuracy += z.metricAt(z.testAccuracy, z.rowOf(n.neighbours[i].modelId), kEpoch);
        }
        QCOMPARE(n.meanNeighbourAccuracy, accuracy / 5);
        QCOMPARE(n.kthDistance, n.distances.back());
        QVERIFY(n.outlierPercentile >= 0 && n.outlierPercentile <= 100);
        // Far from everyone: beyond every reference's k-th neighbour.
        float* w = weightsOf(z, a);
        std::mt19937_64 rng(9);
        std::normal_distribution<float> noise(0.0f, 1.0f);
        for (int64_t i = 0; i < z.parameterCount(); ++i)
            w[i] = std::clamp(noise(rng), -4.0f, 4.0f);
        const auto far = diagnose(z, a, options, &h);
        QVERIFY(far.neighbourhood.kthDistance > n.kthDistance);
        QCOMPARE(far.neighbourhood.outlierPercentile, 100.0);
        QVERIFY(far.neighbourhood.outlierZ > 2);
        // Without a hyper-representation there is no neighbourhood.
        QVERIFY(!diagnose(z, a, options).neighbourhood.available);
    }

    void badInputIsRefusedByName()
    {
        const ModelZoo z = zoo();
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ModelDiagnostics::compute(z, {}, nullptr));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ModelDiagnostics::compute(z, {{9999, 3}}, nullptr));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ModelDiagnostics::compute(z, {{5, 2}}, nullptr));
        QVERIFY(zootest::errorOf([&] { ModelDiagnostics::compute(z, {}, nullptr); }).contains("empty"));
        QVERIFY(zootest::errorOf([&] { ModelDiagnostics::compute(z, {{0, 3}, {9999, 3}}, nullptr); }).contains("model 9999 is not in the zoo"));
        const QString epoch = zootest::errorOf([&] { ModelDiagnostics::compute(z, {{5, 2}}, nullptr); });
        QVERIFY2(epoch.contains("no checkpoint at epoch 2") && epoch.contains("5@2") && epoch.contains("0,1,3"), qPrintable(epoch));
        ModelDiagnosticsOptions zeroK;
        zeroK.k = 0;
        QVERIFY(zootest::errorOf([&] { ModelDiagnostics::compute(z, {{5, 3}}, nullptr, zeroK); }).contains("k must be"));
        const HyperRepresentation cnn3 = aetest::untrainedHyperRepresentation(Architecture::cnn3(3));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, ModelDiagnostics::compute(z, {{5, 3}}, &cnn3));
    }

    void defaultEpochIsTheLastCheckpointAndRepeatsAreDropped()
    {
        const ModelZoo z = zoo();
        const ModelDiagnostics d = ModelDiagnostics::compute(z, {{7, -1}, {7, 3}, {8, 0}}, nullptr);
        QCOMPARE(d.checkpoints.size(), size_t(2));
        QCOMPARE(d.checkpoints[0].epoch, int64_t(3));
        QCOMPARE(d.checkpoints[1].epoch, int64_t(0));
        const Json j = Json::parse(d.toJson().dump()); // as a reader sees it: NaN as null
        QCOMPARE(j.at("checkpoints").size(), size_t(2));
        QCOMPARE(j.at("checkpoints")[1].at("model").integer(), int64_t(8));
        QVERIFY(j.at("checkpoints")[0].at("layer_flags").isArray());
        QVERIFY(j.at("checkpoints")[0].at("neighbourhood").at("outlier_percentile").isNull());
        QVERIFY(QString::fromStdString(d.toText()).contains("model 8 @ epoch 0"));
    }
};

QTEST_GUILESS_MAIN(TestModelDiagnostics)
#include "tst_modeldiagnostics.moc"
