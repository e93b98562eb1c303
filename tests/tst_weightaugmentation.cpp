// Augmentations of flat weight vectors: the neuron permutation must keep the network's function
// (checked with plain PyTorch forward passes), noise and erasing must do what they say.
#include "ZooTestUtil.h"
#include "hyperrep/WeightAugmentation.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <random>

using namespace zooscope;

namespace {

std::vector<float> randomWeights(const Architecture& a, uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> normal(0.0f, 0.5f);
    std::vector<float> w(static_cast<size_t>(a.parameterCount()));
    for (auto& x : w)
        x = normal(rng);
    return w;
}

bool writeBin(const QString& path, const std::vector<float>& v)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) &&
           f.write(reinterpret_cast<const char*>(v.data()), static_cast<qint64>(v.size() * sizeof(float))) ==
               static_cast<qint64>(v.size() * sizeof(float));
}

} // namespace

class TestWeightAugmentation : public QObject {
    Q_OBJECT
private slots:
    void permutationMovesWholeNeurons()
    {
        const Architecture a = Architecture::cnnSmall(1);
        const WeightAugmentation aug(a);
        std::mt19937_64 rng(5);
        const auto perm = aug.randomPermutation(rng);
        QCOMPARE(perm.size(), size_t(4)); // every layer but the output layer
        std::vector<float> flat(static_cast<size_t>(a.parameterCount()));
        for (size_t i = 0; i < flat.size(); ++i)
            flat[i] = static_cast<float>(i);
        const std::vector<float> p = aug.permuted(flat, perm);
        // A bijection on the parameters.
        std::vector<float> sorted = p;
        std::sort(sorted.begin(), sorted.end());
        QVERIFY(sorted == flat);
        // conv3 -> fc1: fc1's columns move in blocks of 9 (one block per conv3 channel).
        const LayerLayout& fc1 = a.layers[3];
        for (int64_t o = 0; o < fc1.neurons; ++o) {
            const int64_t src = perm[3][static_cast<size_t>(o)];
            for (int64_t c = 0; c < 4; ++c)
                for (int64_t k = 0; k < 9; ++k)
                    QCOMPARE(p[static_cast<size_t>(fc1.offset + o * 36 + c * 9 + k)],
                             flat[static_cast<size_t>(fc1.offset + src * 36 + perm[2][static_cast<size_t>(c)] * 9 + k)]);
            QCOMPARE(p[static_cast<size_t>(fc1.biasOffset() + o)], flat[static_cast<size_t>(fc1.biasOffset() + src)]);
        }
        // The output layer keeps its rows (class order) and only follows fc1's permutation in its columns.
        const LayerLayout& fc2 = a.layers[4];
        QCOMPARE(p[static_cast<size_t>(fc2.biasOffset() + 3)], flat[static_cast<size_t>(fc2.biasOffset() + 3)]);
        QVERIFY(aug.permuted(flat, aug.identityPermutation()) == flat);
    }

    void permutationPreservesOutputsInPyTorch_data()
    {
        QTest::addColumn<QString>("arch");
        QTest::addColumn<int>("channels");
        QTest::newRow("cnn-s") << QStringLiteral("cnn-s") << 1;
        QTest::newRow("cnn3") << QStringLiteral("cnn3") << 3;
    }
    void permutationPreservesOutputsInPyTorch()
    {
        QFETCH(QString, arch);
        QFETCH(int, channels);
        if (zootest::runPython(QStringLiteral("import torch, numpy")).exitCode != 0)
            QFAIL("Debian's python3-torch is missing (scripts/install-deps.sh installs it)");
        const Architecture a = Architecture::byName(arch.toStdString(), channels);
        const WeightAugmentation aug(a);
        const std::vector<float> w = randomWeights(a, 11);
        std::mt19937_64 rng(12);
        const auto perm = aug.randomPermutation(rng);
        const std::vector<float> permuted = aug.permuted(w, perm);
        QVERIFY(permuted != w);
        // Control: the rows of conv3 permuted without fc1's columns following is a different network.
        auto rowsOnly = aug.identityPermutation();
        rowsOnly[2] = perm[2];
        std::vector<float> broken = aug.permuted(w, rowsOnly);
        const LayerLayout& fc1 = a.layers[3];
        std::copy(w.begin() + fc1.offset, w.begin() + fc1.offset + fc1.length, broken.begin() + fc1.offset);

        QTemporaryDir dir;
        QVERIFY(writeBin(dir.filePath("w.bin"), w));
        QVERIFY(writeBin(dir.filePath("p.bin"), permuted));
        QVERIFY(writeBin(dir.filePath("b.bin"), broken));
        const auto r = zootest::runProcess(zootest::debianPython(),
                                           {QStringLiteral(ZOOSCOPE_SOURCE_DIR "/tests/python/permutation_check.py"), arch,
                                            QString::number(channels), dir.filePath("w.bin"), dir.filePath("p.bin"),
                                            dir.filePath("b.bin")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        const double scale = o["scale"].toDouble();
        const QJsonArray diffs = o["diffs"].toArray();
        QVERIFY(scale > 0.1);
        for (const char* act : {"tanh", "relu"}) {
            const double same = diffs[0].toObject()[act].toDouble();
            const double other = diffs[1].toObject()[act].toDouble();
            QVERIFY2(same < 1e-9 * std::max(1.0, scale), qPrintable(QStringLiteral("%1: permuted differs by %2").arg(act).arg(same)));
            QVERIFY2(other > 1e-3 * scale, qPrintable(QStringLiteral("%1: broken differs by only %2").arg(act).arg(other)));
        }
    }

    void layoutWithoutMatchingChannelsIsRejected()
    {
        Architecture a = Architecture::cnnSmall(1);
        a.layers[1].channelsIn = 7;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, WeightAugmentation{a});
    }

    void noiseHasTheRequestedSigma()
    {
        const Architecture a = Architecture::cnn3(3);
        const WeightAugmentation aug(a);
        std::vector<float> w(static_cast<size_t>(a.parameterCount()), 1.0f);
        std::mt19937_64 rng(1);
        aug.addNoise(w.data(), 0.05, rng);
        double mean = 0, var = 0;
        for (float x : w)
            mean += x - 1.0;
        mean /= static_cast<double>(w.size());
        for (float x : w)
            var += (x - 1.0 - mean) * (x - 1.0 - mean);
        const double sd = std::sqrt(var / static_cast<double>(w.size()));
        QVERIFY(std::abs(mean) < 0.003);
        QVERIFY(std::abs(sd - 0.05) < 0.003);
    }

    void erasingZeroesOneBlockOfTheStatedLength()
    {
        const Architecture a = Architecture::cnnSmall(1);
        const WeightAugmentation aug(a); // p 0.5, 2..33%
        std::mt19937_64 rng(9);
        int erased = 0;
        const int trials = 2000;
        for (int t = 0; t < trials; ++t) {
            std::vector<float> w(static_cast<size_t>(a.parameterCount()), 1.0f);
            const bool did = aug.randomErase(w.data(), rng);
            const auto first = std::find(w.begin(), w.end(), 0.0f);
            const auto zeros = std::count(w.begin(), w.end(), 0.0f);
            if (!did) {
                QCOMPARE(zeros, 0);
                continue;
            }
            ++erased;
            QVERIFY(std::all_of(first, first + zeros, [](float x) { return x == 0.0f; })); // contiguous
            QVERIFY(zeros >= std::lround(0.02 * 2464) && zeros <= std::lround(0.33 * 2464));
        }
        QVERIFY(erased > trials * 0.45 && erased < trials * 0.55);
    }

    void viewIsCleanPermutedPlusNoise()
    {
        const Architecture a = Architecture::cnnSmall(1);
        WeightAugmentation::Options o;
        o.permutationProbability = 1;
        o.erasingProbability = 0;
        o.noiseSigma = 0;
        const WeightAugmentation aug(a, o);
        const std::vector<float> w = randomWeights(a, 3);
        std::vector<float> clean(w.size()), augmented(w.size());
        std::mt19937_64 rng(4);
        aug.makeView(w.data(), clean.data(), augmented.data(), rng);
        QVERIFY(clean == augmented);
        QVERIFY(clean != w);
        std::vector<float> s1 = clean, s2 = w;
        std::sort(s1.begin(), s1.end());
        std::sort(s2.begin(), s2.end());
        QVERIFY(s1 == s2);
        // The same stream gives the same view.
        std::mt19937_64 again(4);
        std::vector<float> clean2(w.size()), augmented2(w.size());
        aug.makeView(w.data(), clean2.data(), augmented2.data(), again);
        QVERIFY(clean2 == clean);
    }
};

QTEST_GUILESS_MAIN(TestWeightAugmentation)
#include "tst_weightaugmentation.moc"
