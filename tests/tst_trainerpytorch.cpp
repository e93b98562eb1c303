// The population trainer against plain PyTorch (Debian's python3-torch): 32 CNN-s models (every
// activation, Adam and SGD, with and without dropout) trained 50 steps by PopulationTrainer and by
// PyTorch from the same initial weights on the same batches with the same dropout masks; and the
// kernels' gradient of one batch against float64 autograd. The same for CNN3 (8 models, random
// 32x32x3 images). Skips itself without python3-torch.
#include "training/CnnKernels.h"
#include "zoo/DatasetLoader.h"
#include "training/PopulationTrainer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <random>

using namespace zooscope;

namespace {

const std::string kFashion = "/usr/share/datasets/fashion-mnist";

template <class T>
void writeRaw(const QString& path, const std::vector<T>& v)
{
    std::ofstream out(path.toStdString(), std::ios::binary);
    out.write(reinterpret_cast<const char*>(v.data()), std::streamsize(v.size() * sizeof(T)));
}

// An interpreter that imports torch: $ZOOSCOPE_TORCH_PYTHON, /usr/bin/python3, python3.
QString torchPython()
{
    QStringList candidates;
    if (const char* env = std::getenv("ZOOSCOPE_TORCH_PYTHON"))
        candidates << QString::fromLocal8Bit(env);
    candidates << QStringLiteral("/usr/bin/python3") << QStringLiteral("python3");
    for (const QString& c : candidates) {
        QProcess p;
        p.start(c, {QStringLiteral("-c"), QStringLiteral("import torch")});
        if (p.waitForFinished(60000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0)
            return c;
    }
    return {};
}

// Exports what PyTorch needs (images, batches, masks, initial and final weights, the kernels'
// gradient of the first batch at the initial weights), runs tests/python/trainer_pytorch_check.py.
QJsonArray runPyTorch(const QString& python, const Architecture& arch, const Dataset& data,
                      const std::vector<Hyperparameters>& models, int64_t steps, int64_t batch,
                      const PopulationTrainingResult& r)
{
    constexpr int L = kernels::kLanes;
    const int64_t M = int64_t(models.size());
    const int64_t P = arch.parameterCount();
    const int64_t nImages = data.train.count;
    const auto k = kernels::makeNetKernels(arch);
    const int64_t DM = k->dropoutSize(), F = k->imageFloats();
    std::vector<int32_t> order;
    std::vector<float> masks, grads;
    for (int64_t i = 0; i < M; ++i) {
        const auto o = PopulationTrainer::epochOrder(models[size_t(i)], 1, nImages);
        order.insert(order.end(), o.begin(), o.begin() + steps * batch);
        for (int64_t s = 0; s < steps; ++s)
            for (int64_t b = 0; b < batch; ++b) {
                const auto m = PopulationTrainer::dropoutMask(arch, models[size_t(i)], 1, s, b);
                masks.insert(masks.end(), m.begin(), m.end());
            }
        // the kernels' gradient of the first batch at the initial weights, every lane = model i
        const size_t laneFloats = size_t(P) * L;
        std::vector<float> buf(laneFloats * 2 + k->workspaceFloats() + size_t(F + DM) * L + 64);
        float* w = reinterpret_cast<float*>((reinterpret_cast<uintptr_t>(buf.data()) + 31) & ~uintptr_t(31));
        float* g = w + laneFloats;
        float* x = g + laneFloats;
        float* mk = x + F * L;
        float* ws = mk + DM * L;
        for (int64_t p = 0; p < P; ++p)
            for (int l = 0; l < L; ++l)
                w[p * L + l] = r.zoo.weightsAt(i, 0)[p];
        kernels::DenormalGuard guard;
        for (int64_t b = 0; b < batch; ++b) {
            const float* img = data.train.images.data() + o[size_t(b)] * F;
            const float* imgs[L] = {img, img, img, img, img, img, img, img};
            k->gatherImages(imgs, x);
            const auto m = PopulationTrainer::dropoutMask(arch, models[size_t(i)], 1, 0, b);
            for (int64_t j = 0; j < DM; ++j)
                for (int l = 0; l < L; ++l)
                    mk[j * L + l] = m[size_t(j)];
            int32_t labels[L];
            std::fill(labels, labels + L, int32_t(data.train.labels[size_t(o[size_t(b)])]));
            float loss[L];
            int32_t correct[L];
            k->trainImage(models[size_t(i)].activation, w, g, x, labels, mk, 1.0f / float(batch), loss, correct, ws);
        }
        for (int64_t p = 0; p < P; ++p)
            grads.push_back(g[p * L]);
    }

    QTemporaryDir dir;
    if (!dir.isValid())
        return {};
    {
        std::ofstream meta(dir.filePath(QStringLiteral("meta.txt")).toStdString());
        meta << "arch " << arch.name << "\nchannels " << arch.inputChannels << "\nsize " << arch.inputSize
             << "\nimages " << nImages << "\nmodels " << M << "\nsteps " << steps << "\nbatch " << batch
             << "\nparameters " << P << "\ndropout " << DM << "\n";
        std::ofstream list(dir.filePath(QStringLiteral("models.txt")).toStdString());
        for (const auto& h : models)
            list << toString(h.activation) << " " << toString(h.init) << " " << h.dropout << " "
                 << toString(h.optimizer) << " " << h.learningRate << " " << h.weightDecay << " " << h.seed << "\n";
    }
    writeRaw(dir.filePath(QStringLiteral("images.f32")), data.train.images);
    writeRaw(dir.filePath(QStringLiteral("labels.i64")), data.train.labels);
    std::vector<float> init;
    for (int64_t i = 0; i < M; ++i)
        init.insert(init.end(), r.zoo.weightsAt(i, 0), r.zoo.weightsAt(i, 0) + P);
    writeRaw(dir.filePath(QStringLiteral("init.f32")), init);
    writeRaw(dir.filePath(QStringLiteral("final.f32")), r.finalWeights);
    writeRaw(dir.filePath(QStringLiteral("order.i32")), order);
    writeRaw(dir.filePath(QStringLiteral("masks.f32")), masks);
    writeRaw(dir.filePath(QStringLiteral("grads.f32")), grads);

    QProcess p;
    p.start(python, {QStringLiteral(ZOOSCOPE_SOURCE_DIR "/tests/python/trainer_pytorch_check.py"), dir.path()});
    if (!p.waitForFinished(540000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        qWarning().noquote() << p.readAllStandardError();
        return {};
    }
    return QJsonDocument::fromJson(p.readAllStandardOutput()).array();
}

// Gradients: the kernels against float64 autograd, relative to the largest entry. Weights after the
// steps: within 1e-4 of float64 PyTorch; where PyTorch's own float32 run strays further from float64
// (a max-pool or ReLU near-tie resolved the other way, amplified by Adam), within twice that.
void checkResults(const QJsonArray& results, int64_t M)
{
    QCOMPARE(results.size(), int(M));
    int exact = 0;
    for (const auto& v : results) {
        const QJsonObject o = v.toObject();
        const double grad = o[QStringLiteral("grad_rel")].toDouble();
        const double d64 = o[QStringLiteral("diff_f64")].toDouble();
        const double torch32 = o[QStringLiteral("torch_f32_vs_f64")].toDouble();
        const QString what = QStringLiteral("model %1 (%2, %3, dropout %4): grad rel %5, |w - torch f64| %6, "
                                            "|torch f32 - f64| %7, moved %8")
                                 .arg(o[QStringLiteral("model")].toInt())
                                 .arg(o[QStringLiteral("activation")].toString(), o[QStringLiteral("optimizer")].toString())
                                 .arg(o[QStringLiteral("dropout")].toDouble())
                                 .arg(grad)
                                 .arg(d64)
                                 .arg(torch32)
                                 .arg(o[QStringLiteral("moved")].toDouble());
        qInfo().noquote() << what;
        QVERIFY2(grad < 1e-4, qPrintable(what));
        QVERIFY2(o[QStringLiteral("moved")].toDouble() > 1e-4, qPrintable(what));
        QVERIFY2(d64 < std::max(1e-4, 2.0 * torch32), qPrintable(what));
        exact += d64 < 1e-4;
    }
    QVERIFY(exact >= M - 2);
}

} // namespace

class TestTrainerPyTorch : public QObject {
    Q_OBJECT

private slots:
    void matchesPyTorch()
    {
        // Both are dependencies (scripts/install-deps.sh): without them the check fails, it does not pass.
        QVERIFY2(std::filesystem::exists(kFashion + "/train-images-idx3-ubyte.gz"),
                 "Debian's dataset-fashion-mnist is not installed (scripts/install-deps.sh)");
        const QString python = torchPython();
        QVERIFY2(!python.isEmpty(), "no Python interpreter with torch (install python3-torch: scripts/install-deps.sh)");

        const int64_t nImages = 600, steps = 50, batch = 10;
        const Dataset full = DatasetLoader::fashionMnist(kFashion);
        std::vector<int64_t> rows(nImages);
        std::iota(rows.begin(), rows.end(), 0);
        Dataset data;
        data.id = full.id;
        data.train = DatasetLoader::subset(full.train, rows);
        data.validation = DatasetLoader::subset(full.validation, {0});
        data.test = DatasetLoader::subset(full.test, {0});

        // 4 activations x {adam, sgd} x {no dropout, 0.5} x lr {1e-3, 1e-4}; wd and init vary.
        std::vector<Hyperparameters> models;
        for (Activation a : {Activation::Tanh, Activation::ReLU, Activation::Sigmoid, Activation::GELU})
            for (Optimizer o : {Optimizer::Adam, Optimizer::SGD})
                for (double dropout : {0.0, 0.5})
                    for (double lr : {1e-3, 1e-4}) {
                        Hyperparameters h;
                        h.activation = a;
                        h.optimizer = o;
                        h.dropout = dropout;
                        h.learningRate = lr;
                        h.weightDecay = models.size() % 3 == 0 ? 0.0 : (models.size() % 3 == 1 ? 1e-4 : 1e-3);
                        h.init = models.size() % 2 ? Init::KaimingNormal : Init::KaimingUniform;
                        h.seed = 1 + models.size();
                        models.push_back(h);
                    }
        const int64_t M = int64_t(models.size());
        const Architecture arch = Architecture::cnnSmall(1);
        const int64_t P = arch.parameterCount();

        PopulationTrainingOptions opt;
        opt.epochs = 1;
        opt.stepLimit = steps;
        opt.evaluate = false;
        opt.checkpointEpochs = {0};
        const PopulationTrainingResult r = PopulationTrainer(arch, models, opt).train(data);

        checkResults(runPyTorch(python, arch, data, models, steps, batch, r), M);
    }

    // CNN3 (32x32, 3 channels, dropout after every activation) on random images: the same check.
    void cnn3MatchesPyTorch()
    {
        const QString python = torchPython();
        QVERIFY2(!python.isEmpty(), "no Python interpreter with torch (install python3-torch: scripts/install-deps.sh)");
        const Architecture arch = Architecture::cnn3(3);
        Dataset data;
        data.id = "random";
        std::mt19937 rng(5);
        std::uniform_real_distribution<float> u(-1.0f, 1.0f);
        for (DatasetSplit* s : {&data.train, &data.validation, &data.test}) {
            s->count = s == &data.train ? 300 : 10;
            s->channels = 3;
            s->height = s->width = 32;
            s->images.resize(size_t(s->count * 3 * 32 * 32));
            for (auto& v : s->images)
                v = u(rng);
            for (int64_t i = 0; i < s->count; ++i)
                s->labels.push_back(int64_t(rng() % 10));
        }
        std::vector<Hyperparameters> models;
        for (Activation a : {Activation::Tanh, Activation::ReLU, Activation::Sigmoid, Activation::GELU})
            for (Optimizer o : {Optimizer::Adam, Optimizer::SGD}) {
                Hyperparameters h;
                h.activation = a;
                h.optimizer = o;
                h.dropout = models.size() % 2 ? 0.5 : 0.0;
                h.learningRate = o == Optimizer::Adam ? 1e-3 : 1e-2;
                h.weightDecay = 1e-4;
                h.init = Init::KaimingUniform;
                h.seed = 11 + models.size();
                models.push_back(h);
            }
        const int64_t steps = 20, batch = 10;
        PopulationTrainingOptions opt;
        opt.epochs = 1;
        opt.stepLimit = steps;
        opt.evaluate = false;
        opt.checkpointEpochs = {0};
        const PopulationTrainingResult r = PopulationTrainer(arch, models, opt).train(data);
        checkResults(runPyTorch(python, arch, data, models, steps, batch, r), int64_t(models.size()));
    }
};

QTEST_GUILESS_MAIN(TestTrainerPyTorch)
#include "tst_trainerpytorch.moc"
