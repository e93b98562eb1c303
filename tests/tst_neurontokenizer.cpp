// Neuron tokens: one per output neuron ([incoming weights, bias]), zero padded, for any layout.
#include "hyperrep/NeuronTokenizer.h"

#include <QtTest>

#include <random>
#include <set>

using namespace zooscope;

class TestNeuronTokenizer : public QObject {
    Q_OBJECT
private slots:
    void cnnSmallShape()
    {
        const NeuronTokenizer t(Architecture::cnnSmall(1));
        QCOMPARE(t.tokenCount(), int64_t(48));
        QCOMPARE(t.tokenDim(), int64_t(201)); // conv2: 8 channels x 25 + bias
        QCOMPARE(t.parameterCount(), int64_t(2464));
        QCOMPARE(t.layers().size(), size_t(5));
        const int64_t dims[] = {26, 201, 25, 37, 21};
        const int64_t counts[] = {8, 6, 4, 20, 10};
        int64_t first = 0;
        for (size_t l = 0; l < 5; ++l) {
            QCOMPARE(t.layers()[l].dim, dims[l]);
            QCOMPARE(t.layers()[l].count, counts[l]);
            QCOMPARE(t.layers()[l].firstToken, first);
            first += counts[l];
        }
        QCOMPARE(t.tokenLayer()[8], int64_t(1));
        QCOMPARE(t.tokenLayer()[47], int64_t(4));
    }

    void cnn3Shape()
    {
        const NeuronTokenizer t(Architecture::cnn3(3));
        QCOMPARE(t.tokenCount(), int64_t(16 + 32 + 15 + 20 + 10));
        QCOMPARE(t.tokenDim(), int64_t(32 * 9 + 1));
        QCOMPARE(t.parameterCount(), int64_t(10853));
    }

    void everyParameterInExactlyOneSlot_data()
    {
        QTest::addColumn<int>("which");
        QTest::newRow("cnn-s 1ch") << 0;
        QTest::newRow("cnn-s 3ch") << 1;
        QTest::newRow("cnn3 3ch") << 2;
    }
    void everyParameterInExactlyOneSlot()
    {
        QFETCH(int, which);
        const Architecture a = which == 0 ? Architecture::cnnSmall(1) : which == 1 ? Architecture::cnnSmall(3) : Architecture::cnn3(3);
        const NeuronTokenizer t(a);
        std::vector<int> seen(static_cast<size_t>(a.parameterCount()), 0);
        int64_t padding = 0;
        for (int64_t s : t.slotToFlat()) {
            if (s < 0)
                ++padding;
            else
                ++seen[static_cast<size_t>(s)];
        }
        for (int c : seen)
            QCOMPARE(c, 1);
        QCOMPARE(padding + a.parameterCount(), t.tokenCount() * t.tokenDim());
    }

    void roundTrip_data() { everyParameterInExactlyOneSlot_data(); }
    void roundTrip()
    {
        QFETCH(int, which);
        const Architecture a = which == 0 ? Architecture::cnnSmall(1) : which == 1 ? Architecture::cnnSmall(3) : Architecture::cnn3(3);
        const NeuronTokenizer t(a);
        std::mt19937 rng(3);
        std::normal_distribution<float> normal;
        std::vector<float> flat(static_cast<size_t>(3 * a.parameterCount()));
        for (auto& w : flat)
            w = normal(rng);
        const std::vector<float> tokens = t.tokenize(flat);
        QCOMPARE(tokens.size(), size_t(3 * t.tokenCount() * t.tokenDim()));
        QVERIFY(t.detokenize(tokens) == flat);
        // Padding is zero.
        for (int64_t b = 0; b < 3; ++b)
            for (int64_t s = 0; s < t.tokenCount() * t.tokenDim(); ++s)
                if (t.slotToFlat()[static_cast<size_t>(s)] < 0)
                    QCOMPARE(tokens[static_cast<size_t>(b * t.tokenCount() * t.tokenDim() + s)], 0.0f);
    }

    void tokenHoldsIncomingWeightsThenBias()
    {
        const Architecture a = Architecture::cnnSmall(1);
        const NeuronTokenizer t(a);
        std::vector<float> flat(static_cast<size_t>(a.parameterCount()));
        for (size_t i = 0; i < flat.size(); ++i)
            flat[i] = static_cast<float>(i);
        const std::vector<float> tokens = t.tokenize(flat);
        const int64_t D = t.tokenDim();
        // fc1 (layer 3), neuron 2: weight row 2 of [20, 36] (channel-major: 4 channels x 9 positions), then bias 2.
        const LayerLayout& fc1 = a.layers[3];
        const int64_t token = t.layers()[3].firstToken + 2;
        for (int64_t c = 0; c < 4; ++c)
            for (int64_t p = 0; p < 9; ++p)
                QCOMPARE(tokens[static_cast<size_t>(token * D + c * 9 + p)], static_cast<float>(fc1.offset + 2 * 36 + c * 9 + p));
        QCOMPARE(tokens[static_cast<size_t>(token * D + 36)], static_cast<float>(fc1.biasOffset() + 2));
        QCOMPARE(tokens[static_cast<size_t>(token * D + 37)], 0.0f);
        // conv1, neuron 0: 25 kernel weights then the bias at offset 200.
        QCOMPARE(tokens[25], 200.0f);
    }

    void badSizesAreRejected()
    {
        const NeuronTokenizer t(Architecture::cnnSmall(1));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, t.tokenize(std::vector<float>(100)));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, t.detokenize(std::vector<float>(100)));
    }

    void layoutHashTellsArchitecturesApart()
    {
        const std::set<std::string> hashes{NeuronTokenizer::layoutHash(Architecture::cnnSmall(1)),
                                           NeuronTokenizer::layoutHash(Architecture::cnnSmall(3)),
                                           NeuronTokenizer::layoutHash(Architecture::cnn3(1)),
                                           NeuronTokenizer::layoutHash(Architecture::cnn3(3))};
        QCOMPARE(hashes.size(), size_t(4));
        QCOMPARE(NeuronTokenizer::layoutHash(Architecture::cnnSmall(1)), NeuronTokenizer::layoutHash(Architecture::cnnSmall(1)));
        QCOMPARE(NeuronTokenizer::layoutHash(Architecture::cnnSmall(1)).size(), size_t(16));
    }
};

QTEST_GUILESS_MAIN(TestNeuronTokenizer)
#include "tst_neurontokenizer.moc"
