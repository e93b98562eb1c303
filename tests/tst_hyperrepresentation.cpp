// The hyper-representation autoencoder: losses against hand computations, save/load, architecture
// checks, training on a structured synthetic zoo, and resuming an interrupted training.
#include "ErrorOf.h"
#include "AutoencoderTestUtil.h"
#include "core/EngineInfo.h"
#include "hyperrep/HyperRepresentation.h"
#include "hyperrep/HyperRepresentationTrainer.h"
#include "hyperrep/NeuronTokenizer.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <ATen/Context.h>

#include <thread>

#include <atomic>
#include <cmath>
#include <random>

using namespace zooscope;

namespace {

using aetest::smallConfig;
using aetest::unitNormalisation;

HyperRepresentationTrainingOptions quickOptions()
{
    HyperRepresentationTrainingOptions o;
    o.epochs = 30;
    o.batchSize = 16;
    o.learningRate = 3e-3;
    o.weightDecay = 0;
    o.gamma = 0.05;
    o.augmentation.permutationProbability = 0;
    o.augmentation.noiseSigma = 0.001;
    o.augmentation.erasingProbability = 0;
    o.seed = 5;
    return o;
}

using zootest::errorOf;

double maxAbsDiff(const std::vector<float>& a, const std::vector<float>& b)
{
    double m = 0;
    for (size_t i = 0; i < a.size(); ++i)
        m = std::max(m, static_cast<double>(std::abs(a[i] - b[i])));
    return a.size() == b.size() ? m : INFINITY;
}

} // namespace

class TestHyperRepresentation : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;

private slots:
    // Tiny models: more threads only add synchronisation.
    void initTestCase() { EngineInfo::setComputeThreads(1); }

    void configIsValidated()
    {
        HyperRepresentationConfig c = smallConfig();
        c.heads = 5;
        QVERIFY(errorOf([&] { c.validate(); }).contains("multiple of heads"));
        c = smallConfig();
        c.dropout = 1.0;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, c.validate());
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 HyperRepresentation(Architecture::cnnSmall(1), smallConfig(), unitNormalisation(3)));
    }

    void normalisationFromSamples()
    {
        const Architecture a = Architecture::cnnSmall(1);
        std::vector<float> s1(2464, 0.0f), s2(2464, 0.0f);
        // conv1: values 1 and 3 -> mean 2, std 1. conv2: constant -> sigma floored. fc2: 0 and 4 -> mean 2, std 2.
        std::fill(s1.begin(), s1.begin() + 208, 1.0f);
        std::fill(s2.begin(), s2.begin() + 208, 3.0f);
        std::fill(s1.begin() + 208, s1.begin() + 1414, 0.5f);
        std::fill(s2.begin() + 208, s2.begin() + 1414, 0.5f);
        std::fill(s2.begin() + 2254, s2.end(), 4.0f);
        const LayerNormalisation n = LayerNormalisation::fromSamples(a, {s1.data(), s2.data()});
        QCOMPARE(n.mean[0], 2.0);
        QCOMPARE(n.sigma[0], 1.0);
        QCOMPARE(n.mean[1], 0.5);
        QCOMPARE(n.sigma[1], LayerNormalisation::kSigmaFloor);
        QCOMPARE(n.mean[4], 2.0);
        QCOMPARE(n.sigma[4], 2.0);
    }

    void layerNormalisedLossMatchesHandComputation()
    {
        const Architecture a = Architecture::cnnSmall(1);
        LayerNormalisation n;
        n.mean = {0.3, -0.1, 0.0, 1.0, 0.0};
        n.sigma = {0.5, 0.1, 2.0, 1.0, 0.25};
        const HyperRepresentation h(a, smallConfig(), n);
        std::mt19937 rng(1);
        std::normal_distribution<float> normal;
        std::vector<float> target(2 * 2464);
        for (auto& x : target)
            x = normal(rng);
        std::vector<float> predicted = target;
        // (sample, flat index, delta, sigma of that layer)
        const struct { int s; int i; float d; double sigma; } deltas[] = {
            {0, 3, 0.1f, 0.5}, {0, 208 + 5, 0.02f, 0.1}, {0, 1414 + 99, 1.0f, 2.0}, {1, 2463, -0.5f, 0.25}, {1, 2254 - 1, 0.3f, 1.0}};
        double layerNormalised = 0, plain = 0;
        for (const auto& d : deltas) {
            const size_t k = static_cast<size_t>(d.s * 2464 + d.i);
            predicted[k] = target[k] + d.d;
            const double actual = static_cast<double>(predicted[k]) - static_cast<double>(target[k]); // after float rounding
            layerNormalised += actual * actual / (d.sigma * d.sigma);
            plain += actual * actual;
        }
        layerNormalised /= 2.0 * 2464.0; // 1/(M N)
        plain /= 2.0 * 2464.0;
        QVERIFY(std::abs(h.reconstructionLoss(predicted, target, ReconstructionLoss::LayerNormalised) - layerNormalised) <
                1e-9 * layerNormalised);
        QVERIFY(std::abs(h.reconstructionLoss(predicted, target, ReconstructionLoss::PlainMse) - plain) < 1e-9 * plain);
        QCOMPARE(h.reconstructionLoss(target, target, ReconstructionLoss::LayerNormalised), 0.0);

        // Model-relative: each error over the mean square of its own model's layer (floored at (0.05 sigma_l)^2).
        const int64_t offsets[] = {0, 208, 1414, 1514, 2254, 2464};
        const auto layerOf = [&](int i) {
            int l = 0;
            while (i >= offsets[l + 1])
                ++l;
            return l;
        };
        double relative = 0;
        for (const auto& d : deltas) {
            const int l = layerOf(d.i);
            double meanSquare = 0;
            for (int64_t i = offsets[l]; i < offsets[l + 1]; ++i)
                meanSquare += double(target[size_t(d.s * 2464 + i)]) * double(target[size_t(d.s * 2464 + i)]);
            meanSquare = std::max(meanSquare / double(offsets[l + 1] - offsets[l]), std::pow(0.05 * n.sigma[size_t(l)], 2));
            const size_t k = static_cast<size_t>(d.s * 2464 + d.i);
            const double actual = static_cast<double>(predicted[k]) - static_cast<double>(target[k]);
            relative += actual * actual / meanSquare;
        }
        relative /= 2.0 * 2464.0;
        const double got = h.reconstructionLoss(predicted, target, ReconstructionLoss::ModelRelative);
        QVERIFY2(std::abs(got - relative) < 1e-6 * relative, qPrintable(QStringLiteral("%1 vs %2").arg(got).arg(relative)));
        // A model ten times larger with ten times larger errors costs the same: the loss is per-model scale-free.
        std::vector<float> bigTarget = target, bigPredicted = predicted;
        for (size_t k = 0; k < 2464; ++k) {
            bigTarget[k] *= 10.0f;
            bigPredicted[k] *= 10.0f;
        }
        const double scaled = h.reconstructionLoss(bigPredicted, bigTarget, ReconstructionLoss::ModelRelative);
        QVERIFY2(std::abs(scaled - got) < 1e-4 * got, qPrintable(QStringLiteral("%1 vs %2").arg(scaled).arg(got)));
        QVERIFY(h.reconstructionLoss(bigPredicted, bigTarget, ReconstructionLoss::LayerNormalised) > 5 * h.reconstructionLoss(predicted, target, ReconstructionLoss::LayerNormalised));
        QCOMPARE(toString(ReconstructionLoss::ModelRelative), std::string("model-relative"));
        QVERIFY(reconstructionLossFromString("model-relative") == ReconstructionLoss::ModelRelative);
    }

    void ntXentMatchesFormula()
    {
        const int64_t B = 3, D = 4;
        std::mt19937 rng(2);
        std::normal_distribution<float> normal;
        std::vector<float> a(B * D), b(B * D);
        for (auto& x : a)
            x = normal(rng);
        for (auto& x : b)
            x = normal(rng);
        const double t = 0.1;
        std::vector<std::vector<double>> z;
        for (const auto* v : {&a, &b})
            for (int64_t i = 0; i < B; ++i) {
                std::vector<double> row(v->begin() + i * D, v->begin() + (i + 1) * D);
                double norm = 0;
                for (double x : row)
                    norm += x * x;
                for (double& x : row)
                    x /= std::sqrt(norm);
                z.push_back(row);
            }
        double expected = 0;
        for (int64_t i = 0; i < 2 * B; ++i) {
            const int64_t positive = i < B ? i + B : i - B;
            double denominator = 0, numerator = 0;
            for (int64_t j = 0; j < 2 * B; ++j) {
                if (j == i)
                    continue;
                double sim = 0;
                for (int64_t k = 0; k < D; ++k)
                    sim += z[i][k] * z[j][k];
                denominator += std::exp(sim / t);
                if (j == positive)
                    numerator = sim / t;
            }
            expected += -(numerator - std::log(denominator));
        }
        expected /= 2 * B;
        QVERIFY(std::abs(HyperRepresentation::ntXentLoss(a, b, B, t) - expected) < 1e-4 * expected);
    }

    void encodeDecodeShapesAndSeed()
    {
        const Architecture a = Architecture::cnnSmall(1);
        const ModelZoo zoo = aetest::structuredZoo(4);
        const std::vector<float> flat(zoo.weights.begin(), zoo.weights.begin() + 3 * 2464);
        const HyperRepresentation h1(a, smallConfig(), unitNormalisation(5));
        const HyperRepresentation h2(a, smallConfig(), unitNormalisation(5));
        HyperRepresentationConfig other = smallConfig();
        other.seed = 4;
        const HyperRepresentation h3(a, other, unitNormalisation(5));
        const std::vector<float> z = h1.encode(flat);
        QCOMPARE(z.size(), size_t(3 * 12));
        QCOMPARE(h1.decode(z).size(), flat.size());
        QVERIFY(h2.encode(flat) == z);
        QVERIFY(h3.encode(flat) != z);
        QVERIFY(h1.trainableParameterCount() > 10000);
        // CNN3 and the compression-token variant with a bounded latent need no code changes.
        HyperRepresentationConfig token = smallConfig();
        token.bottleneck = Bottleneck::CompressionToken;
        token.tanhLatent = true;
        const HyperRepresentation h4(Architecture::cnn3(3), token, unitNormalisation(5));
        std::vector<float> big(2 * 10853, 3.0f);
        const std::vector<float> zb = h4.encode(big);
        QCOMPARE(zb.size(), size_t(24));
        for (float x : zb)
            QVERIFY(x > -1.0f && x < 1.0f);
        QCOMPARE(h4.decode(zb).size(), big.size());
    }

    void saveLoadRoundTrip()
    {
        const ModelZoo zoo = aetest::structuredZoo(20);
        HyperRepresentationTrainingOptions o = quickOptions();
        o.epochs = 2;
        HyperRepresentationTrainingResult r = HyperRepresentationTrainer(smallConfig(), o).train(zoo, "/some/zoo.h5");
        QVERIFY(r.completed);
        const HyperRepresentation& h = *r.model;
        const QString path = m_tmp.filePath("round.hr");
        h.save(path.toStdString());
        QVERIFY(!QFile::exists(path + ".tmp-" + QString::number(QCoreApplication::applicationPid())));
        const HyperRepresentation back = HyperRepresentation::load(path.toStdString());
        const std::vector<float> flat(zoo.weights.begin(), zoo.weights.begin() + 5 * 2464);
        QVERIFY(back.encode(flat) == h.encode(flat));
        QVERIFY(back.decode(h.encode(flat)) == h.decode(h.encode(flat)));
        QCOMPARE(back.config().toJson().dump(), h.config().toJson().dump());
        QCOMPARE(back.zoo().path, std::string("/some/zoo.h5"));
        QCOMPARE(back.zoo().datasetId, std::string("synthetic"));
        QCOMPARE(back.zoo().layoutHash, NeuronTokenizer::layoutHash(zoo.architecture));
        QCOMPARE(back.history().size(), size_t(2));
        QCOMPARE(back.history()[1].loss, h.history()[1].loss);
        QVERIFY(back.normalisation().sigma == h.normalisation().sigma);
        QVERIFY(back.trainingMean() == h.trainingMean());
        QCOMPARE(back.trainingInfo().at("options").at("batch_size").integer(), int64_t(16));
        QCOMPARE(HyperRepresentation::fileHash(path.toStdString()).size(), size_t(16));
    }

    void wrongArchitectureAndBadFilesAreClearErrors()
    {
        const QString path = m_tmp.filePath("cnns.hr");
        HyperRepresentation(Architecture::cnnSmall(1), smallConfig(), unitNormalisation(5)).save(path.toStdString());
        const QString e = errorOf([&] { HyperRepresentation::load(path.toStdString(), Architecture::cnn3(3)); });
        QVERIFY2(e.contains(path) && e.contains("trained for cnn-s") && e.contains("cnn3") && e.contains("10853"), qPrintable(e));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, HyperRepresentation::load(path.toStdString(), Architecture::cnnSmall(3)));
        HyperRepresentation::load(path.toStdString(), Architecture::cnnSmall(1)); // fine

        const QString missing = m_tmp.filePath("missing.hr");
        QVERIFY(errorOf([&] { HyperRepresentation::load(missing.toStdString()); }).contains("no such file"));
        const QString garbage = m_tmp.filePath("garbage.hr");
        QFile f(garbage);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not a model at all");
        f.close();
        QVERIFY(errorOf([&] { HyperRepresentation::load(garbage.toStdString()); }).contains("not a ZooScope hyper-representation"));
    }

    void populationSamplesSkipNaNCheckpoints()
    {
        ModelZoo zoo = aetest::structuredZoo(20);
        const auto before = HyperRepresentationTrainer::populationSamples(zoo, PopulationSplit::Train);
        QCOMPARE(before.size(), size_t(14 * 4));
        zoo.weightsAt(before[0].model, 1)[17] = std::nanf("");
        QCOMPARE(HyperRepresentationTrainer::populationSamples(zoo, PopulationSplit::Train).size(), size_t(14 * 4 - 1));
        QCOMPARE(HyperRepresentationTrainer::populationSamples(zoo, PopulationSplit::Train, {0, 3}).size(), size_t(14 * 2));
        QCOMPARE(HyperRepresentationTrainer::populationSamples(zoo, PopulationSplit::Test).size(), size_t(3 * 4));
    }

    void trainingLowersLossAndReconstructs()
    {
        const ModelZoo zoo = aetest::structuredZoo(60);
        std::vector<HyperRepresentationProgress> epochs;
        int64_t steps = 0;
        HyperRepresentationTrainingOptions o = quickOptions();
        o.epochs = 60;
        o.onStep = [&](const HyperRepresentationProgress& p) {
            if (p.epochEnd)
                epochs.push_back(p);
            else
                ++steps;
        };
        HyperRepresentationTrainingResult r = HyperRepresentationTrainer(smallConfig(), o).train(zoo);
        QVERIFY(r.completed);
        QCOMPARE(int64_t(epochs.size()), o.epochs);
        QCOMPARE(steps, epochs.back().stepsTotal);
        QVERIFY(epochs.back().secondsLeft >= 0 && epochs.back().secondsLeft < 1.0);
        const auto& h = r.model->history();
        qInfo("loss %g -> %g, reconstruction %g -> %g, R^2 train %.3f validation %.3f", h.front().loss, h.back().loss,
              h.front().reconstructionLoss, h.back().reconstructionLoss, h.back().trainR2, h.back().validationR2);
        QVERIFY(h.back().reconstructionLoss < 0.3 * h.front().reconstructionLoss);
        QVERIFY(h.back().trainR2 > 0.9);
        QVERIFY(h.back().validationR2 > 0.8); // models never seen in training
        // The score on unseen test models agrees.
        std::vector<const float*> test;
        for (const ZooSample& s : HyperRepresentationTrainer::populationSamples(zoo, PopulationSplit::Test))
            test.push_back(zoo.weightsAt(s.model, s.checkpoint));
        const auto score = r.model->reconstructionScore(test);
        QVERIFY(score.r2 > 0.8);
        QCOMPARE(score.layerR2.size(), size_t(5));
    }

    void layerNormalisationKeepsSmallLayers()
    {
        // fc1 has the smallest weights of the synthetic zoo; plain MSE neglects it.
        const ModelZoo zoo = aetest::structuredZoo(60);
        std::vector<const float*> test;
        for (const ZooSample& s : HyperRepresentationTrainer::populationSamples(zoo, PopulationSplit::Test))
            test.push_back(zoo.weightsAt(s.model, s.checkpoint));
        HyperRepresentationTrainingOptions o = quickOptions();
        o.epochs = 20;
        const auto normalised = HyperRepresentationTrainer(smallConfig(), o).train(zoo).model->reconstructionScore(test);
        o.loss = ReconstructionLoss::PlainMse;
        const auto plain = HyperRepresentationTrainer(smallConfig(), o).train(zoo).model->reconstructionScore(test);
        qInfo("fc1 R^2: layer-normalised %.3f, plain MSE %.3f; overall %.3f vs %.3f", normalised.layerR2[3], plain.layerR2[3],
              normalised.r2, plain.r2);
        QVERIFY(normalised.layerR2[3] > plain.layerR2[3] + 0.1);
    }

    void resumeMatchesUninterruptedTraining()
    {
        const ModelZoo zoo = aetest::structuredZoo(24);
        HyperRepresentationConfig config = smallConfig();
        config.dropout = 0.1; // the dropout stream must be restored too
        HyperRepresentationTrainingOptions o = quickOptions();
        o.epochs = 3;
        o.augmentation.permutationProbability = 0.5;
        o.augmentation.erasingProbability = 0.5;
        const auto whole = HyperRepresentationTrainer(config, o).train(zoo);
        QVERIFY(whole.completed);

        const QString checkpoint = m_tmp.filePath("resume.ckpt");
        const Progress cancelled;
        HyperRepresentationTrainingOptions first = o;
        first.checkpointPath = checkpoint.toStdString();
        first.resume = true;
        int64_t seen = 0;
        first.onStep = [&](const HyperRepresentationProgress& p) {
            if (!p.epochEnd && ++seen == 5) // 64 samples, 4 steps per epoch: after the first step of epoch 2
                cancelled.cancel();
        };
        QVERIFY_THROWS_EXCEPTION(OperationCancelled, HyperRepresentationTrainer(config, first).train(zoo, {}, cancelled));
        QCOMPARE(seen, int64_t(5));
        QVERIFY(QFile::exists(checkpoint)); // written before the cancellation left

        HyperRepresentationTrainingOptions second = o;
        second.checkpointPath = checkpoint.toStdString();
        second.resume = true;
        const auto rest = HyperRepresentationTrainer(config, second).train(zoo);
        QVERIFY(rest.resumed);
        QVERIFY(rest.completed);
        QVERIFY(!QFile::exists(checkpoint)); // removed once complete
        QCOMPARE(seen + rest.stepsDone, whole.stepsDone);

        const std::vector<float> flat(zoo.weights.begin(), zoo.weights.begin() + 8 * 2464);
        const double diff = maxAbsDiff(whole.model->encode(flat), rest.model->encode(flat));
        qInfo("largest latent difference resumed vs uninterrupted: %g", diff);
        QVERIFY(diff < 1e-4);
        QCOMPARE(rest.model->history().size(), size_t(3));
        for (size_t e = 0; e < 3; ++e)
            QVERIFY(std::abs(rest.model->history()[e].loss - whole.model->history()[e].loss) < 1e-4 * whole.model->history()[e].loss);

        // A checkpoint of another training is refused with the reason.
        const Progress cancelledAgain;
        first.onStep = [&](const HyperRepresentationProgress& p) {
            if (!p.epochEnd)
                cancelledAgain.cancel();
        };
        QVERIFY_THROWS_EXCEPTION(OperationCancelled, HyperRepresentationTrainer(config, first).train(zoo, {}, cancelledAgain));
        HyperRepresentationTrainingOptions changed = second;
        changed.batchSize = 8;
        const QString e = errorOf([&] { HyperRepresentationTrainer(config, changed).train(zoo); });
        QVERIFY2(e.contains("another training") && e.contains("batch_size"), qPrintable(e));
    }

    // One hyper-representation serves the analysis and the sampling workers at once.
    void encodeAndDecodeFromTwoThreadsAgreeWithOneThread()
    {
        const ModelZoo zoo = aetest::structuredZoo(24);
        HyperRepresentationConfig config = smallConfig();
        config.dropout = 0.2; // a module left in training mode would drop differently on every call
        const HyperRepresentation h(zoo.architecture, config, LayerNormalisation::fromSamples(zoo.architecture, {zoo.weights.data()}));
        const std::vector<float> flat(zoo.weights.begin(), zoo.weights.begin() + 16 * h.parameterCount());
        const std::vector<float> latents = h.encode(flat);
        const std::vector<float> decoded = h.decode(latents);
        std::vector<float> latentsA, latentsB, decodedA, decodedB;
        for (int round = 0; round < 5; ++round) {
            std::thread a([&] {
                latentsA = h.encode(flat);
                decodedA = h.decode(latents);
            });
            std::thread b([&] {
                decodedB = h.decode(latents);
                latentsB = h.encode(flat);
            });
            a.join();
            b.join();
            QCOMPARE(latentsA, latents);
            QCOMPARE(latentsB, latents);
            QCOMPARE(decodedA, decoded);
            QCOMPARE(decodedB, decoded);
        }
    }

    void encodingIsCancelledThroughProgress()
    {
        const ModelZoo zoo = aetest::structuredZoo(24);
        const HyperRepresentation h(zoo.architecture, smallConfig(), LayerNormalisation::fromSamples(zoo.architecture, {zoo.weights.data()}));
        const std::vector<float> flat(zoo.weights.begin(), zoo.weights.begin() + 8 * h.parameterCount());
        const Progress cancelled;
        cancelled.cancel();
        QVERIFY_THROWS_EXCEPTION(OperationCancelled, h.encode(flat, cancelled));
    }

    // Dropout draws from the trainer's own generator: LibTorch's global one does not change the result.
    void trainingIgnoresTheGlobalGenerator()
    {
        const ModelZoo zoo = aetest::structuredZoo(24);
        HyperRepresentationConfig config = smallConfig();
        config.dropout = 0.2;
        HyperRepresentationTrainingOptions o = quickOptions();
        o.epochs = 2;
        at::manual_seed(11);
        const auto one = HyperRepresentationTrainer(config, o).train(zoo);
        at::manual_seed(12345);
        const auto two = HyperRepresentationTrainer(config, o).train(zoo);
        const std::vector<float> flat(zoo.weights.begin(), zoo.weights.begin() + 8 * 2464);
        QCOMPARE(one.model->encode(flat), two.model->encode(flat));
    }
};

QTEST_GUILESS_MAIN(TestHyperRepresentation)
#include "tst_hyperrepresentation.moc"
