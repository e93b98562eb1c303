// Architectures as data: parameter counts, the flat-vector layout and the public zoos' state-dict keys.
#include "zoo/Architecture.h"
#include "zoo/Hyperparameters.h"

#include <QtTest>

using namespace zooscope;

class TestArchitecture : public QObject {
    Q_OBJECT
private slots:
    void cnnSmallParameterCounts()
    {
        QCOMPARE(Architecture::cnnSmall(1).parameterCount(), int64_t(2464));
        QCOMPARE(Architecture::cnnSmall(3).parameterCount(), int64_t(2864));
        QCOMPARE(Architecture::cnnSmall().tokenCount(), int64_t(48));
        QCOMPARE(Architecture::cnnSmall().inputSize, int64_t(28));
    }

    void cnn3ParameterCount()
    {
        const Architecture a = Architecture::cnn3(3);
        QCOMPARE(a.parameterCount(), int64_t(10853));
        QCOMPARE(a.inputSize, int64_t(32));
        QCOMPARE(a.layers.size(), size_t(5));
        QCOMPARE(a.layers[3].inFeatures(), int64_t(60));
        QCOMPARE(a.layers[3].channelsIn, int64_t(15));
        QCOMPARE(a.layers[3].kernelSize, int64_t(4));
    }

    void cnnSmallLayoutTable()
    {
        // method.md section 1: name, offset, length, neurons, kernel size, channels in, token dim
        struct Row {
            const char* name;
            int64_t offset, length, neurons, kernel, channelsIn, tokenDim;
        };
        const Row rows[] = {{"conv1", 0, 208, 8, 25, 1, 26},
                            {"conv2", 208, 1206, 6, 25, 8, 201},
                            {"conv3", 1414, 100, 4, 4, 6, 25},
                            {"fc1", 1514, 740, 20, 9, 4, 37},
                            {"fc2", 2254, 210, 10, 1, 20, 21}};
        const Architecture a = Architecture::cnnSmall(1);
        QCOMPARE(a.layers.size(), size_t(5));
        for (size_t i = 0; i < 5; ++i) {
            const LayerLayout& l = a.layers[i];
            QCOMPARE(QString::fromStdString(l.name), QString::fromLatin1(rows[i].name));
            QCOMPARE(l.offset, rows[i].offset);
            QCOMPARE(l.length, rows[i].length);
            QCOMPARE(l.neurons, rows[i].neurons);
            QCOMPARE(l.kernelSize, rows[i].kernel);
            QCOMPARE(l.channelsIn, rows[i].channelsIn);
            QCOMPARE(l.tokenDim(), rows[i].tokenDim);
            QCOMPARE(l.biasOffset(), l.offset + l.length - l.neurons);
        }
        QVERIFY(a.layers[0].kind == LayerKind::Conv);
        QVERIFY(a.layers[3].kind == LayerKind::Linear);
        QVERIFY(a.layers[0].poolAfter && a.layers[1].poolAfter && !a.layers[2].poolAfter);
        QVERIFY(!a.layers[4].activationAfter && a.layers[3].activationAfter);
        QCOMPARE(a.layers[1].weightShape(), (std::vector<int64_t>{6, 8, 5, 5}));
        QCOMPARE(a.layers[2].weightShape(), (std::vector<int64_t>{4, 6, 2, 2}));
        QCOMPARE(a.layers[3].weightShape(), (std::vector<int64_t>{20, 36}));
    }

    void stateDictKeys()
    {
        const Architecture a = Architecture::cnnSmall(1);
        QCOMPARE(a.moduleIndices(false), (std::vector<int>{0, 3, 6, 9, 11}));
        QCOMPARE(a.moduleIndices(true), (std::vector<int>{0, 4, 8, 11, 14}));
        const auto keys = a.stateDictKeys(false);
        QCOMPARE(keys.size(), size_t(10));
        QCOMPARE(keys[0], std::string("module_list.0.weight"));
        QCOMPARE(keys[1], std::string("module_list.0.bias"));
        QCOMPARE(keys[8], std::string("module_list.11.weight"));
        QCOMPARE(a.stateDictKeys(true)[6], std::string("module_list.11.weight"));
        // public CNN3: conv pool act drop (x3), flatten, linear act drop, linear; dropout modules always
        QCOMPARE(Architecture::cnn3(3).moduleIndices(false), (std::vector<int>{0, 4, 8, 13, 16}));
        QCOMPARE(Architecture::cnn3(3).moduleIndices(true), (std::vector<int>{0, 4, 8, 13, 16}));
        const auto shapes = a.stateDictShapes();
        QCOMPARE(shapes.size(), size_t(10));
        QCOMPARE(shapes[0], (std::vector<int64_t>{8, 1, 5, 5}));
        QCOMPARE(shapes[9], (std::vector<int64_t>{10}));
    }

    void byName()
    {
        QCOMPARE(Architecture::byName("cnn-s", 1).parameterCount(), int64_t(2464));
        QCOMPARE(Architecture::byName("cnn3", 3).parameterCount(), int64_t(10853));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Architecture::byName("resnet", 3));
    }

    void hyperparameterNames()
    {
        for (Activation a : {Activation::Tanh, Activation::ReLU, Activation::Sigmoid, Activation::GELU})
            QVERIFY(activationFromString(toString(a)) == a);
        for (Init i : {Init::Uniform, Init::Normal, Init::KaimingUniform, Init::KaimingNormal})
            QVERIFY(initFromString(toString(i)) == i);
        for (Optimizer o : {Optimizer::Adam, Optimizer::SGD})
            QVERIFY(optimizerFromString(toString(o)) == o);
        QCOMPARE(toString(Init::KaimingNormal), std::string("kaiming_normal"));
        QVERIFY(activationFromString("ReLU") == Activation::ReLU);
        QVERIFY(initFromString("kaiming-uniform") == Init::KaimingUniform);
        try {
            activationFromString("swish");
            QFAIL("no exception");
        } catch (const std::invalid_argument& e) {
            QVERIFY(QString::fromLatin1(e.what()).contains(QStringLiteral("swish")));
        }
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, optimizerFromString("rmsprop"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, initFromString(""));
    }
};

QTEST_GUILESS_MAIN(TestArchitecture)
#include "tst_architecture.moc"
