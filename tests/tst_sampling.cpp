// Sampling new models (issue 5): the latent samplers, the novelty measure, the statistics and the
// report, and the generator end to end on a small zoo trained here on a Fashion-MNIST subset.
#include "training/BatchedEvaluator.h"
#include "zoo/DatasetLoader.h"
#include "hyperrep/HyperRepresentation.h"
#include "sampling/LatentSampler.h"
#include "sampling/ModelSampler.h"
#include "sampling/NoveltyMeasure.h"
#include "sampling/NoveltyReferenceStore.h"
#include "analysis/PcaProjection.h"
#include "training/PopulationTrainer.h"
#include "sampling/SamplingReport.h"
#include "zoo/ZooFile.h"

#include "FileBytes.h"

#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <cmath>
#include <cstring>
#include <numeric>
#include <optional>
#include <random>
#include <set>

using namespace zooscope;

namespace {

const std::string kFashion = "/usr/share/datasets/fashion-mnist";

// The noise baseline's options: cheap runs of the whole pipeline (no hyper-representation needed).
SamplingOptions noiseRun(double sigma, int64_t count, std::vector<int64_t> finetuneEpochs, const char* anchors)
{
    SamplingOptions o;
    o.method = SamplingMethod::Noise;
    o.noiseSigma = sigma;
    o.count = count;
    o.finetuneEpochs = std::move(finetuneEpochs);
    o.anchors = AnchorSelection::parse(anchors);
    return o;
}

DatasetSplit firstRows(const DatasetSplit& s, int64_t n)
{
    std::vector<int64_t> rows(static_cast<size_t>(std::min(n, s.count)));
    std::iota(rows.begin(), rows.end(), 0);
    return DatasetLoader::subset(s, rows);
}

std::vector<float> randomPoints(int64_t n, int64_t d, double scale, uint64_t seed, double offset = 0)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal(0, scale);
    std::vector<float> v(size_t(n * d));
    for (auto& x : v)
        x = float(offset + normal(rng));
    return v;
}

} // namespace

class TestSampling : public QObject {
    Q_OBJECT

    Dataset m_data;
    ModelZoo m_zoo; // 16 models, tanh and relu mixed, checkpoints 0 and 1

private slots:
    void initTestCase()
    {
        const Dataset full = DatasetLoader::fashionMnist(kFashion);
        m_data.id = full.id;
        m_data.train = firstRows(full.train, 2000);
        m_data.validation = firstRows(full.validation, 300);
        m_data.test = firstRows(full.test, 1000);
        std::vector<Hyperparameters> models;
        for (int i = 0; i < 16; ++i) {
            Hyperparameters h;
            h.activation = i % 2 ? Activation::ReLU : Activation::Tanh;
            h.init = Init::KaimingUniform;
            h.optimizer = Optimizer::Adam;
            h.learningRate = 1e-3;
            h.seed = uint64_t(1 + i);
            models.push_back(h);
        }
        PopulationTrainingOptions o;
        o.epochs = 1;
        o.checkpointEpochs = {0, 1};
        o.evaluateTrainAtEpoch0 = false;
        PopulationTrainingResult r = PopulationTrainer(Architecture::cnnSmall(1), models, o).train(m_data);
        m_zoo = std::move(r.zoo);
        m_zoo.datasetId = m_data.id;
        assignPopulationSplit(m_zoo);
    }

    // ----- samplers

    void namesRoundTripAndUnknownNamesAreRejected()
    {
        for (const std::string& n : samplerNames())
            QCOMPARE(toString(samplerKindFromString(n)), n);
        for (const auto& e : samplingMethodNames().entries())
            QCOMPARE(toString(samplingMethodFromString(std::string(e.name))), std::string(e.name));
        QCOMPARE(samplingMethodNames().entries().size(), size_t(9));
        QVERIFY(samplingMethodFromString("Random_Init") == SamplingMethod::RandomInit);
        QCOMPARE(toString(bandwidthRuleNames().parse("silverman")), std::string("silverman"));
        try {
            samplingMethodFromString("gan");
            QFAIL("an unknown method was accepted");
        } catch (const std::invalid_argument& e) {
            QVERIFY(std::string(e.what()).find("kde-paper") != std::string::npos); // lists the known names
        }
        QVERIFY(needsHyperRepresentation(SamplingMethod::Gmm));
        QVERIFY(!needsHyperRepresentation(SamplingMethod::Noise));
    }

    void kdePaperSharesOneAnchorAndOneNoiseDraw()
    {
        const int64_t n = 7, d = 12;
        const auto anchors = randomPoints(n, d, 1.0, 3);
        const LatentSamples s = LatentSampler(SamplerKind::KdePaper).sample(anchors, n, d, {}, 400);
        QCOMPARE(s.bandwidthUsed, 0.002);
        double sumSq = 0;
        for (int64_t i = 0; i < s.count; ++i) {
            const int64_t a = s.settingsAnchor[size_t(i)];
            QVERIFY(a >= 0 && a < n);
            const double shift0 = double(s.latents[size_t(i * d)]) - anchors[size_t(a * d)];
            for (int64_t j = 1; j < d; ++j) // the same shift in every dimension
                QVERIFY(std::abs(double(s.latents[size_t(i * d + j)]) - anchors[size_t(a * d + j)] - shift0) < 1e-5);
            sumSq += shift0 * shift0;
        }
        const double sd = std::sqrt(sumSq / double(s.count));
        QVERIFY2(sd > 0.0015 && sd < 0.0025, qPrintable(QString::number(sd)));
    }

    void trueKdeDrawsIndependentDimensionsWithBandwidth()
    {
        const int64_t n = 5, d = 16;
        const auto anchors = randomPoints(n, d, 1.0, 4);
        SamplerOptions o;
        o.bandwidth = 0.1;
        const LatentSamples s = LatentSampler(SamplerKind::Kde, o).sample(anchors, n, d, {}, 2000);
        double sumSq = 0, sameShift = 0;
        for (int64_t i = 0; i < s.count; ++i) {
            const int64_t a = s.settingsAnchor[size_t(i)];
            const double s0 = s.latents[size_t(i * d)] - anchors[size_t(a * d)];
            const double s1 = s.latents[size_t(i * d + 1)] - anchors[size_t(a * d + 1)];
            sameShift += std::abs(s0 - s1) < 1e-6;
            for (int64_t j = 0; j < d; ++j) {
                const double t = s.latents[size_t(i * d + j)] - anchors[size_t(a * d + j)];
                sumSq += t * t;
            }
        }
        QCOMPARE(sameShift, 0.0);
        const double sd = std::sqrt(sumSq / double(s.count * d));
        QVERIFY2(std::abs(sd - 0.1) < 0.005, qPrintable(QString::number(sd)));
        // Scott's rule without a given bandwidth: factor n^(-1/(d+4)) times the anchors' spread.
        QVERIFY(std::abs(LatentSampler::bandwidthFactor(BandwidthRule::Scott, 100, 6) - std::pow(100.0, -0.1)) < 1e-12);
        QVERIFY(std::abs(LatentSampler::bandwidthFactor(BandwidthRule::Silverman, 100, 6) - std::pow(200.0, -0.1)) < 1e-12);
        const LatentSamples scott = LatentSampler(SamplerKind::Kde).sample(anchors, n, d, {}, 3);
        QVERIFY(scott.bandwidthUsed > 0.3 && scott.bandwidthUsed < 1.0); // anchors' std 1, factor 5^(-1/20)
    }

    void gaussianReproducesTheAnchorsCovariance()
    {
        // Correlated 2-D anchors: y = x + small noise.
        const int64_t n = 400, d = 2;
        std::mt19937_64 rng(5);
        std::normal_distribution<double> normal;
        std::vector<float> anchors;
        for (int64_t i = 0; i < n; ++i) {
            const double x = 2 * normal(rng);
            anchors.push_back(float(x + 3));
            anchors.push_back(float(x + 0.3 * normal(rng)));
        }
        const LatentSamples s = LatentSampler(SamplerKind::Gauss).sample(anchors, n, d, {}, 20000);
        double mx = 0, my = 0, sxx = 0, sxy = 0;
        for (int64_t i = 0; i < s.count; ++i) {
            mx += s.latents[size_t(2 * i)];
            my += s.latents[size_t(2 * i + 1)];
        }
        mx /= double(s.count);
        my /= double(s.count);
        for (int64_t i = 0; i < s.count; ++i) {
            const double x = s.latents[size_t(2 * i)] - mx, y = s.latents[size_t(2 * i + 1)] - my;
            sxx += x * x;
            sxy += x * y;
        }
        QVERIFY(std::abs(mx - 3) < 0.1 && std::abs(my) < 0.1);
        QVERIFY2(std::abs(sxx / double(s.count) - 4) < 0.3, qPrintable(QString::number(sxx / double(s.count))));
        QVERIFY(sxy / std::sqrt(sxx * sxx) > 0.9); // the correlation survives (independent dims would give 0)
    }

    void gmmFindsClustersAndTakesTheRegionsMajoritySettings()
    {
        // Two far-apart clusters: group 0 around -10, group 1 around +10 (one group-0 outlier inside).
        const int64_t per = 20, d = 4;
        std::vector<float> anchors = randomPoints(per, d, 0.5, 6, -10);
        const auto b = randomPoints(per, d, 0.5, 7, 10);
        anchors.insert(anchors.end(), b.begin(), b.end());
        std::vector<int> groups(size_t(2 * per), 0);
        for (int64_t i = per; i < 2 * per; ++i)
            groups[size_t(i)] = 1;
        groups[size_t(per + 3)] = 0; // minority inside cluster B
        SamplerOptions o;
        o.gmmComponents = 2;
        const LatentSamples s = LatentSampler(SamplerKind::Gmm, o).sample(anchors, 2 * per, d, groups, 500);
        int64_t nearA = 0, nearB = 0;
        for (int64_t i = 0; i < s.count; ++i) {
            const float x = s.latents[size_t(i * d)];
            const int64_t a = s.settingsAnchor[size_t(i)];
            QVERIFY(std::abs(std::abs(x) - 10) < 3);
            if (x > 0) {
                ++nearB;
                QCOMPARE(groups[size_t(a)], 1); // the majority of cluster B, never the outlier's group
            } else {
                ++nearA;
                QCOMPARE(groups[size_t(a)], 0);
            }
        }
        QVERIFY(nearA > 150 && nearB > 150);
    }

    void neighStaysInTheProjectionsBoxAndUniformInItsCube()
    {
        // Anchors on a 3-D subspace of a 6-D space: dimensions 3..5 are constant.
        const int64_t n = 30, d = 6;
        std::vector<float> anchors = randomPoints(n, d, 1.0, 8);
        for (int64_t i = 0; i < n; ++i)
            for (int64_t j = 3; j < d; ++j)
                anchors[size_t(i * d + j)] = 0.5f;
        const LatentSamples s = LatentSampler(SamplerKind::Neigh).sample(anchors, n, d, {}, 200);
        // In the projection's coordinates every sample lies inside the anchors' bounding box.
        const PcaProjection pca(anchors.data(), n, d, 3);
        const std::vector<float>& y = pca.coordinates();
        std::vector<float> lo(3, 1e9f), hi(3, -1e9f);
        for (int64_t i = 0; i < n; ++i)
            for (int j = 0; j < 3; ++j) {
                lo[size_t(j)] = std::min(lo[size_t(j)], y[size_t(i * 3 + j)]);
                hi[size_t(j)] = std::max(hi[size_t(j)], y[size_t(i * 3 + j)]);
            }
        const std::vector<float> ys = pca.transform(s.latents.data(), s.count);
        for (int64_t i = 0; i < s.count; ++i) {
            for (int64_t j = 3; j < d; ++j)
                QVERIFY(std::abs(s.latents[size_t(i * d + j)] - 0.5f) < 1e-4);
            for (int j = 0; j < 3; ++j)
                QVERIFY(ys[size_t(i * 3 + j)] >= lo[size_t(j)] - 1e-3 && ys[size_t(i * 3 + j)] <= hi[size_t(j)] + 1e-3);
        }
        const LatentSamples u = LatentSampler(SamplerKind::Uniform).sample(anchors, n, d, {}, 200);
        float umin = 1, umax = -1;
        for (float v : u.latents) {
            umin = std::min(umin, v);
            umax = std::max(umax, v);
        }
        QVERIFY(umin >= -1 && umax <= 1 && umin < -0.9f && umax > 0.9f);
    }

    void samplerRejectsBadInput()
    {
        const LatentSampler s(SamplerKind::Kde);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, s.sample({}, 0, 4, {}, 3));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, s.sample(std::vector<float>(7, 0.f), 2, 4, {}, 3));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, s.sample(std::vector<float>(8, NAN), 2, 4, {}, 3));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, s.sample(std::vector<float>(8, 0.f), 2, 4, {1}, 3));
    }

    // ----- novelty and evaluation

    void correctnessAgreesWithAccuracyAndCopiesHaveIoUOne()
    {
        const int64_t P = m_zoo.parameterCount();
        const int64_t ck = m_zoo.checkpointIndex(1);
        std::vector<float> refs;
        std::vector<Activation> acts;
        for (int64_t m = 0; m < 6; ++m) {
            refs.insert(refs.end(), m_zoo.weightsAt(m, ck), m_zoo.weightsAt(m, ck) + P);
            acts.push_back(m_zoo.hyperparameters[size_t(m)].activation);
        }
        const BatchedEvaluator ev(m_zoo.architecture);
        const EvaluationResult plain = ev.evaluate(refs, acts, m_data.test);
        const EvaluationResult withCorrect = ev.evaluateWithCorrectness(refs.data(), 6, acts, m_data.test);
        QCOMPARE(withCorrect.correct.size(), size_t(6 * m_data.test.count));
        for (int64_t m = 0; m < 6; ++m) {
            int64_t right = 0;
            for (int64_t i = 0; i < m_data.test.count; ++i)
                right += withCorrect.correct[size_t(m * m_data.test.count + i)];
            QCOMPARE(double(right) / double(m_data.test.count), plain.accuracy[size_t(m)]);
            QCOMPARE(withCorrect.accuracy[size_t(m)], plain.accuracy[size_t(m)]);
        }

        const NoveltyMeasure novelty(m_zoo.architecture, m_data.test, refs, acts);
        // Model 0 itself, model 0 plus noise, and model 7 (not a reference).
        std::vector<float> probe(refs.begin(), refs.begin() + P);
        std::vector<float> noisy = probe;
        std::mt19937_64 rng(9);
        std::normal_distribution<float> normal(0.f, 0.01f);
        double noiseNorm = 0;
        for (auto& w : noisy) {
            const float e = normal(rng);
            w += e;
            noiseNorm += double(e) * e;
        }
        probe.insert(probe.end(), noisy.begin(), noisy.end());
        probe.insert(probe.end(), m_zoo.weightsAt(7, ck), m_zoo.weightsAt(7, ck) + P);
        const NoveltyResult r = novelty.measure(probe.data(), 3, {acts[0], acts[0], m_zoo.hyperparameters[7].activation});
        QCOMPARE(r.maxIoU[0], 1.0);
        QCOMPARE(r.mostSimilarReference[0], int64_t(0));
        QCOMPARE(r.nearestDistance[0], 0.0);
        QCOMPARE(r.nearestReference[1], int64_t(0));
        QVERIFY(std::abs(r.nearestDistance[1] - std::sqrt(noiseNorm)) < 1e-3);
        QVERIFY(r.maxIoU[1] > 0.8);
        QVERIFY(r.maxIoU[2] < 1.0 && r.nearestDistance[2] > 0.1);

        const std::vector<uint64_t> a{0b1011}, b{0b0110};
        QCOMPARE(NoveltyMeasure::intersectionOverUnion(a, b), 1.0 / 4.0);
    }

    // ----- statistics and report

    void summaryStatistics()
    {
        const SummaryStatistics s = SummaryStatistics::of({1, 2, 3, 4, NAN, 10});
        QCOMPARE(s.n, int64_t(5));
        QCOMPARE(s.mean, 4.0);
        QCOMPARE(s.median, 3.0);
        QVERIFY(std::abs(s.std - std::sqrt(50.0 / 4.0)) < 1e-12);
        QVERIFY(s.ciLow < s.mean && s.ciHigh > s.mean && s.ciLow >= 1 && s.ciHigh <= 10);
        // More data, narrower interval.
        std::vector<double> many;
        for (int i = 0; i < 400; ++i)
            many.push_back(double(i % 10));
        const SummaryStatistics m = SummaryStatistics::of(many);
        QVERIFY(m.ciHigh - m.ciLow < 0.7 && m.ciLow < 4.5 && m.ciHigh > 4.5);
        QCOMPARE(SummaryStatistics::of(many, 2000, 3).ciLow, SummaryStatistics::of(many, 2000, 3).ciLow);
    }

    void reportComparesWithNoiseAtEqualNovelty()
    {
        const auto method = [](const std::string& name, double acc, double iou) {
            MethodStatistics m;
            m.method = m.label = name;
            m.models = 10;
            m.anchorMeanAccuracy = 80;
            for (int64_t e : {0, 1}) {
                MethodEpochStatistics s;
                s.epoch = e;
                for (int i = 0; i < 10; ++i) {
                    s.accuracyValues.push_back(acc + e + 0.1 * i);
                    s.maxIoUValues.push_back(iou + 0.001 * i);
                }
                s.accuracy = SummaryStatistics::of(s.accuracyValues);
                s.maxIoU = SummaryStatistics::of(s.maxIoUValues);
                s.nearestDistance = SummaryStatistics::of({1, 2});
                m.epochs.push_back(s);
            }
            return m;
        };
        SamplingReport r;
        r.zoo = "z.h5";
        r.methods = {method("noise", 70, 0.62), method("kde", 75, 0.61), method("gauss", 60, 0.63),
                     method("uniform", 10, 0.2)};
        r.notes.push_back("a note");
        r.compareWithNoise();
        QCOMPARE(r.comparisons.size(), size_t(6));
        QVERIFY(r.comparisons[0].verdict.find("beats the noise baseline") != std::string::npos);
        QCOMPARE(r.comparisons[0].binsWon, int64_t(1));
        QVERIFY(r.comparisons[2].verdict.find("does not beat") != std::string::npos);
        QCOMPARE(r.comparisons[2].binsLost, int64_t(1));
        QVERIFY(r.comparisons[4].verdict.find("no novelty range shared") != std::string::npos);
        const std::string md = r.toMarkdown();
        QVERIFY(md.find("| method | anchors | models | ep 0 | ep 1 |") != std::string::npos);
        QVERIFY(md.find("| kde | 0 (, mean 80.0) | 10 | 75.5 +- 0.3 | 76.5 +- 0.3 |") != std::string::npos);
        QVERIFY(md.find("**Beats the noise baseline on accuracy at equal novelty:** kde (epoch 0), kde (epoch 1)") !=
                std::string::npos);
        QVERIFY(md.find("a note") != std::string::npos);

        QTemporaryDir dir;
        const std::string path = dir.filePath("r.json").toStdString();
        r.writeJson(path);
        const SamplingReport back = SamplingReport::readJson(path);
        QCOMPARE(back.methods.size(), size_t(4));
        QCOMPARE(back.methods[1].epochs[1].accuracy.mean, r.methods[1].epochs[1].accuracy.mean);
        QCOMPARE(back.toMarkdown(), md);

        // A difference within two standard errors is a tie, not a win.
        r.methods = {method("noise", 70, 0.62), method("kde", 70.05, 0.62)};
        r.compareWithNoise();
        QCOMPARE(r.comparisons[0].binsCompared, int64_t(1));
        QCOMPARE(r.comparisons[0].binsWon + r.comparisons[0].binsLost, int64_t(0));
        QVERIFY(r.comparisons[0].verdict.find("1 within 2 standard errors") != std::string::npos);

        // Without a winner the report says so.
        r.methods = {method("noise", 70, 0.62), method("gauss", 60, 0.63)};
        r.compareWithNoise();
        QVERIFY(r.toMarkdown().find("**No method beats the noise baseline on accuracy at equal novelty.**") != std::string::npos);
    }

    // ----- the generator end to end

    void anchorsSelection()
    {
        QCOMPARE(AnchorSelection::parse("top30").topPercent, 30.0);
        QVERIFY(AnchorSelection::parse("all").kind == AnchorSelection::Kind::All);
        const AnchorSelection ids = AnchorSelection::parse("ids:3,17@5");
        QCOMPARE(ids.ids.size(), size_t(2));
        QCOMPARE(ids.ids[1].epoch, int64_t(5));
        QCOMPARE(ids.toString(), std::string("ids:3,17@5"));
        for (const char* bad : {"ids:", "top0", "top101", "best", "ids:3,x", "ids:3@-1"})
            QVERIFY_THROWS_EXCEPTION(std::invalid_argument, AnchorSelection::parse(bad));

        const ModelSampler gen(m_zoo, m_data, nullptr);
        const auto top = gen.resolveAnchors(AnchorSelection::parse("top30"));
        const auto all = gen.resolveAnchors(AnchorSelection::parse("all"));
        int64_t train = 0;
        for (auto s : m_zoo.split)
            train += s == PopulationSplit::Train;
        QCOMPARE(int64_t(all.size()), 2 * train);
        QCOMPARE(int64_t(top.size()), int64_t(std::ceil(0.3 * double(all.size()))));
        // Best first, and only training-population models.
        const auto acc = [&](const AnchorId& a) { return m_zoo.metricAt(m_zoo.testAccuracy, m_zoo.rowOf(a.modelId), a.epoch); };
        for (size_t i = 1; i < top.size(); ++i)
            QVERIFY(acc(top[i - 1]) >= acc(top[i]));
        for (const auto& a : all)
            QVERIFY(m_zoo.split[size_t(m_zoo.rowOf(a.modelId))] == PopulationSplit::Train);
        const auto explicitIds = gen.resolveAnchors(AnchorSelection::parse("ids:3,5@0"));
        QCOMPARE(explicitIds.size(), size_t(2));
        QCOMPARE(explicitIds[0].epoch, int64_t(1)); // last checkpoint
        QCOMPARE(explicitIds[1].epoch, int64_t(0));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, gen.resolveAnchors(AnchorSelection::parse("ids:999")));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, gen.resolveAnchors(AnchorSelection::parse("ids:3@4")));
    }

    void noiseWithoutNoiseReproducesTheAnchorsExactly()
    {
        const ModelSampler gen(m_zoo, m_data, nullptr);
        SamplingOptions o = noiseRun(0, 12, {0}, "ids:2,3,4,5");
        std::vector<double> fractions;
        const Progress progress([&](const ProgressUpdate& p) { fractions.push_back(p.fraction); });
        const SamplingResult r = gen.generate(o, progress);
        QCOMPARE(r.zoo.modelCount(), int64_t(12));
        QCOMPARE(r.epochs.size(), size_t(1));
        for (int64_t s = 0; s < 12; ++s) {
            const AnchorId& a = r.anchors[size_t(r.settingsAnchor[size_t(s)])];
            const int64_t row = m_zoo.rowOf(a.modelId);
            // Same weights, same activation, same accuracy as the anchor (never another activation).
            QCOMPARE(std::memcmp(r.zoo.weightsAt(s, 0), m_zoo.weightsAt(row, m_zoo.checkpointIndex(a.epoch)),
                                 size_t(m_zoo.parameterCount()) * sizeof(float)),
                     0);
            QVERIFY(r.zoo.hyperparameters[size_t(s)].activation == m_zoo.hyperparameters[size_t(row)].activation);
            QCOMPARE(float(r.epochs[0].testAccuracy[size_t(s)]), m_zoo.metricAt(m_zoo.testAccuracy, row, a.epoch));
            // A copy is no novelty at all: it makes exactly a training model's mistakes (when it is one).
            if (m_zoo.split[size_t(row)] == PopulationSplit::Train)
                QCOMPARE(r.epochs[0].novelty.maxIoU[size_t(s)], 1.0);
            QVERIFY(r.zoo.modelSources[size_t(s)].find("anchor " + std::to_string(a.modelId) + "@1") != std::string::npos);
        }
        QVERIFY(!fractions.empty() && fractions.back() == 1.0);
        QVERIFY(std::is_sorted(fractions.begin(), fractions.end()));
    }

    // Issue 13: the models come back at their epoch-0 test (before fine-tuning), the stages are timed, and
    // the training population's novelty references are kept for the next run when nothing they depend on
    // changed, with the same novelty as testing them anew.
    void previewStageTimesAndKeptNoveltyReferences()
    {
        const ModelSampler gen(m_zoo, m_data, nullptr);
        SamplingOptions o = noiseRun(0.01, 6, {0, 1}, "ids:2,3,4,5");
        std::vector<std::string> stages;
        std::optional<SamplingPreview> preview;
        size_t stagesBeforePreview = 0;
        o.preview = [&](const SamplingPreview& p) {
            QVERIFY(!preview);
            preview = p;
            stagesBeforePreview = stages.size();
        };
        const Progress progress([&](const ProgressUpdate& p) { stages.push_back(p.stage); });
        const SamplingResult r1 = gen.generate(o, progress);
        QVERIFY(preview);
        QVERIFY(std::none_of(stages.begin(), stages.begin() + std::ptrdiff_t(stagesBeforePreview),
                             [](const std::string& s) { return s == "fine-tuning"; }));
        QVERIFY(std::find(stages.begin(), stages.end(), "fine-tuning") != stages.end());
        const int64_t P = m_zoo.parameterCount();
        QCOMPARE(preview->testAccuracy.size(), size_t(6));
        QCOMPARE(preview->settingsAnchor, r1.settingsAnchor);
        for (int64_t s = 0; s < 6; ++s) {
            QCOMPARE(std::memcmp(preview->weights.data() + s * P, r1.zoo.weightsAt(s, 0), size_t(P) * sizeof(float)), 0);
            QCOMPARE(float(preview->testAccuracy[size_t(s)]), float(r1.epochs[0].testAccuracy[size_t(s)]));
        }
        std::vector<std::string> timed;
        for (const auto& [stage, seconds] : r1.stageSeconds) {
            timed.push_back(stage);
            QVERIFY(seconds >= 0);
        }
        QCOMPARE(timed, (std::vector<std::string>{"anchors", "sample", "evaluate", "novelty references", "fine-tune", "novelty"}));
        QVERIFY(r1.noveltyCache && r1.noveltyCache->measure);
        QCOMPARE(r1.noveltyCache->references, r1.noveltyReferences);

        // The shared epoch-0 test gives the novelty that testing the models anew gives.
        std::vector<Activation> acts;
        for (const auto& h : r1.zoo.hyperparameters)
            acts.push_back(h.activation);
        std::vector<float> atZero(size_t(6 * P));
        for (int64_t s = 0; s < 6; ++s)
            std::memcpy(atZero.data() + s * P, r1.zoo.weightsAt(s, 0), size_t(P) * sizeof(float));
        const NoveltyResult anew = r1.noveltyCache->measure->measure(atZero.data(), 6, acts);
        QCOMPARE(anew.maxIoU, r1.epochs[0].novelty.maxIoU);
        QCOMPARE(anew.nearestDistance, r1.epochs[0].novelty.nearestDistance);

        // The next run keeps the references: no "novelty references" stage, the same results.
        SamplingOptions again = o;
        again.preview = {};
        again.noveltyCache = r1.noveltyCache;
        const SamplingResult r2 = gen.generate(again);
        QCOMPARE(r2.noveltyCache.get(), r1.noveltyCache.get());
        for (const auto& [stage, seconds] : r2.stageSeconds)
            QVERIFY2(stage != "novelty references", "the kept references were tested again");
        QCOMPARE(r2.noveltyReferences, r1.noveltyReferences);
        for (size_t e = 0; e < 2; ++e) {
            QCOMPARE(r2.epochs[e].testAccuracy, r1.epochs[e].testAccuracy);
            QCOMPARE(r2.epochs[e].novelty.maxIoU, r1.epochs[e].novelty.maxIoU);
            QCOMPARE(r2.epochs[e].novelty.nearestReference, r1.epochs[e].novelty.nearestReference);
        }

        // Other reference epochs are other references: not taken from the kept ones.
        SamplingOptions other = again;
        other.noveltyReferenceEpochs = {1};
        const SamplingResult r3 = gen.generate(other);
        QVERIFY(r3.noveltyCache.get() != r1.noveltyCache.get());
        QVERIFY(r3.noveltyReferences < r1.noveltyReferences);
        QVERIFY(std::any_of(r3.stageSeconds.begin(), r3.stageSeconds.end(),
                            [](const auto& st) { return st.first == "novelty references"; }));
    }

    void storedNoveltyReferencesAreReadBackNotTestedAgain()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string store = dir.filePath("novelty").toStdString();
        const ModelSampler gen(m_zoo, m_data, nullptr);
        SamplingOptions o = noiseRun(0.01, 4, {0}, "ids:2,3");
        o.noveltyStoreDirectory = store;
        const SamplingResult tested = gen.generate(o);
        QCOMPARE(tested.noveltyReferencesSource, std::string("tested"));
        const NoveltyReferenceStore s(store);
        const std::string file = s.pathFor(tested.noveltyCache->key);
        QVERIFY2(QFile::exists(QString::fromStdString(file)), file.c_str());

        // A second run (another process, as far as it knows) reads the test results: same novelty.
        const SamplingResult stored = gen.generate(o);
        QCOMPARE(stored.noveltyReferencesSource, std::string("stored"));
        QCOMPARE(stored.noveltyReferences, tested.noveltyReferences);
        QCOMPARE(stored.epochs[0].novelty.maxIoU, tested.epochs[0].novelty.maxIoU);
        QCOMPARE(stored.epochs[0].novelty.mostSimilarReference, tested.epochs[0].novelty.mostSimilarReference);
        QCOMPARE(stored.noveltyCache->measure->referenceAccuracy(), tested.noveltyCache->measure->referenceAccuracy());
        QCOMPARE(stored.noveltyCache->measure->referenceMisclassified(), tested.noveltyCache->measure->referenceMisclassified());

        // Another test split is another key; so are other weights.
        DatasetSplit fewer = firstRows(m_data.test, 500);
        std::vector<float> refs(m_zoo.weightsAt(0, 1), m_zoo.weightsAt(0, 1) + m_zoo.parameterCount());
        const std::vector<Activation> acts{m_zoo.hyperparameters[0].activation};
        const std::string k = NoveltyReferenceStore::keyOf(m_zoo.architecture, m_data.test, refs, acts);
        QVERIFY(k != NoveltyReferenceStore::keyOf(m_zoo.architecture, fewer, refs, acts));
        std::vector<float> moved = refs;
        moved[7] += 1e-6f;
        QVERIFY(k != NoveltyReferenceStore::keyOf(m_zoo.architecture, m_data.test, moved, acts));

        // A truncated or corrupted file is not used: the references are tested again and the file mended.
        const QByteArray whole = readBytes(QString::fromStdString(file));
        QByteArray flipped = whole;
        flipped[whole.size() - 100] = char(flipped[whole.size() - 100] ^ 0x55); // inside a misclassification set
        for (const QByteArray& bad : {whole.left(whole.size() / 2), flipped}) {
            QFile f(QString::fromStdString(file));
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(bad);
            f.close();
            const SamplingResult again = gen.generate(o);
            QCOMPARE(again.noveltyReferencesSource, std::string("tested"));
            QCOMPARE(again.epochs[0].novelty.maxIoU, tested.epochs[0].novelty.maxIoU);
            QCOMPARE(readBytes(QString::fromStdString(file)), whole);
        }

        // Without a store folder nothing is written and every run tests.
        o.noveltyStoreDirectory.clear();
        QCOMPARE(gen.generate(o).noveltyReferencesSource, std::string("tested"));
    }

    void baselinesAndSamplerFineTuneIntoAZooFile()
    {
        const ModelSampler gen(m_zoo, m_data, nullptr);
        SamplingOptions o;
        o.count = 8;
        o.finetuneEpochs = {0, 1};
        o.anchors = AnchorSelection::parse("top50");
        o.method = SamplingMethod::RandomInit;
        const SamplingResult random = gen.generate(o);
        o.method = SamplingMethod::Zoo;
        const SamplingResult zoo = gen.generate(o);
        const double anchorMean = zoo.anchorMeanAccuracy;
        const auto mean = [](const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0) / double(v.size()); };
        QVERIFY2(mean(random.epochs[0].testAccuracy) < 0.3, "random init must be near chance at epoch 0");
        QVERIFY(mean(random.epochs[1].testAccuracy) > mean(random.epochs[0].testAccuracy) + 0.2); // it trains
        QVERIFY(anchorMean > 0.5);
        for (int64_t s = 0; s < 8; ++s) { // B_F starts exactly at its anchors
            const AnchorId& a = zoo.anchors[size_t(zoo.settingsAnchor[size_t(s)])];
            QCOMPARE(float(zoo.epochs[0].testAccuracy[size_t(s)]),
                     m_zoo.metricAt(m_zoo.testAccuracy, m_zoo.rowOf(a.modelId), a.epoch));
        }
        QVERIFY(std::abs(mean(zoo.epochs[1].testAccuracy) - mean(zoo.epochs[0].testAccuracy)) > 1e-6); // and trains on

        // The generated zoo is a zoo: it validates, round-trips through the file format.
        QTemporaryDir dir;
        const std::string path = dir.filePath("gen.h5").toStdString();
        ModelZoo z = zoo.zoo;
        z.createdBy = "test";
        ZooFile::write(z, path);
        const ModelZoo back = ZooFile::read(path);
        QCOMPARE(back.checkpointEpochs, (std::vector<int64_t>{0, 1}));
        QCOMPARE(back.modelCount(), int64_t(8));
        QCOMPARE(back.metricAt(back.testAccuracy, 3, 1), float(zoo.epochs[1].testAccuracy[3]));

        // A sampler needs a hyper-representation; with one (untrained here) it runs through decode.
        o.method = SamplingMethod::Kde;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, gen.generate(o));
        std::vector<const float*> samples;
        for (int64_t m = 0; m < m_zoo.modelCount(); ++m)
            samples.push_back(m_zoo.weightsAt(m, 1));
        HyperRepresentationConfig c;
        c.dModel = 16;
        c.heads = 2;
        c.feedForward = 16;
        c.latentDim = 8;
        c.blocks = 1;
        const HyperRepresentation h(m_zoo.architecture, c, LayerNormalisation::fromSamples(m_zoo.architecture, samples));
        const ModelSampler withAe(m_zoo, m_data, &h);
        o.finetuneEpochs = {0};
        o.count = 6;
        o.anchors = AnchorSelection::parse("all");
        for (SamplingMethod m : {SamplingMethod::KdePaper, SamplingMethod::Gmm, SamplingMethod::Neigh}) {
            o.method = m;
            const SamplingResult r = withAe.generate(o);
            QCOMPARE(r.zoo.modelCount(), int64_t(6));
            for (int64_t s = 0; s < 6; ++s) {
                const AnchorId& a = r.anchors[size_t(r.settingsAnchor[size_t(s)])];
                QVERIFY(r.zoo.hyperparameters[size_t(s)].activation ==
                        m_zoo.hyperparameters[size_t(m_zoo.rowOf(a.modelId))].activation);
                QVERIFY(std::isfinite(r.epochs[0].testAccuracy[size_t(s)]));
            }
        }
        // Bad options and cancellation.
        o.count = 0;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, withAe.generate(o));
        o.count = 4;
        o.finetuneEpochs = {1, 0};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, withAe.generate(o));
        o.finetuneEpochs = {0};
        const Progress stop;
        stop.cancel();
        QVERIFY_THROWS_EXCEPTION(OperationCancelled, withAe.generate(o, stop));
        // Cancelled in the middle: while fine-tuning, and while novelty is measured.
        for (const std::string stage : {"fine-tuning", "measuring novelty"}) {
            SamplingOptions later = o;
            later.finetuneEpochs = {0, 1};
            Progress midway;
            bool reached = false;
            midway = Progress([&](const ProgressUpdate& u) {
                if (u.stage.rfind(stage, 0) == 0) {
                    reached = true;
                    midway.cancel();
                }
            });
            QVERIFY_THROWS_EXCEPTION(OperationCancelled, withAe.generate(later, midway));
            QVERIFY2(reached, stage.c_str());
        }
    }
};

QTEST_GUILESS_MAIN(TestSampling)
#include "tst_sampling.moc"
