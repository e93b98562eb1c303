// Population training: initialisation, data order, a model alone vs inside a population (bit-identical),
// resume after interruption (bit-identical), both kernel builds, batched evaluation, bad options.
#include "training/BatchedEvaluator.h"
#include "training/CnnKernels.h"
#include "zoo/DatasetLoader.h"
#include "training/PopulationTrainer.h"
#include "training/ZooRecipe.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <numeric>
#include <set>

using namespace zooscope;

namespace {

const std::string kFashion = "/usr/share/datasets/fashion-mnist";

DatasetSplit firstRows(const DatasetSplit& s, int64_t n)
{
    std::vector<int64_t> rows(static_cast<size_t>(std::min(n, s.count)));
    std::iota(rows.begin(), rows.end(), 0);
    return DatasetLoader::subset(s, rows);
}

// 16 models mixing every activation, init, dropout and optimiser.
std::vector<Hyperparameters> mixedModels(int n)
{
    std::vector<Hyperparameters> models;
    const auto grid = ZooRecipe::publicFmnistGrid(1);
    for (int i = 0; i < n; ++i) {
        Hyperparameters h = grid[size_t((i * 37 + 11) % 256)];
        h.seed = uint64_t(100 + i);
        h.init = i % 2 ? Init::KaimingUniform : Init::KaimingNormal;
        models.push_back(h);
    }
    return models;
}

bool bitEqual(const float* a, const float* b, size_t n) { return std::memcmp(a, b, n * sizeof(float)) == 0; }

bool sameFloats(const std::vector<float>& a, const std::vector<float>& b)
{
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i) {
        const bool bothNan = std::isnan(a[i]) && std::isnan(b[i]);
        if (!bothNan && std::memcmp(&a[i], &b[i], sizeof(float)) != 0)
            return false;
    }
    return true;
}

} // namespace

class TestPopulationTrainer : public QObject {
    Q_OBJECT

    Dataset m_small; // 2,000 train, 500 validation, 500 test images of Fashion-MNIST

// The tests that train need Fashion-MNIST, a dependency (scripts/install-deps.sh): without it they fail.
#define REQUIRE_FASHION_MNIST()                                                                              \
    if (m_small.train.count == 0)                                                                            \
    QFAIL(qPrintable(QString::fromStdString(kFashion) + " is missing: install the dependencies (scripts/install-deps.sh)"))

private slots:
    void initTestCase()
    {
        if (!std::filesystem::exists(kFashion + "/train-images-idx3-ubyte.gz"))
            return;
        const Dataset full = DatasetLoader::fashionMnist(kFashion);
        m_small.id = full.id;
        m_small.train = firstRows(full.train, 2000);
        m_small.validation = firstRows(full.validation, 500);
        m_small.test = firstRows(full.test, 500);
    }

    void initialWeightsFollowTheRecipe()
    {
        const Architecture arch = Architecture::cnnSmall(1);
        Hyperparameters h;
        for (Init init : {Init::Uniform, Init::Normal, Init::KaimingUniform, Init::KaimingNormal}) {
            h.init = init;
            h.seed = 7;
            const auto w = PopulationTrainer::initialWeights(arch, h);
            QCOMPARE(int64_t(w.size()), arch.parameterCount());
            QCOMPARE(PopulationTrainer::initialWeights(arch, h), w); // deterministic
            for (const auto& l : arch.layers) {
                const double fanIn = double(l.channelsIn * l.kernelSize);
                double sum = 0, sq = 0, lo = 1e9, hi = -1e9;
                for (int64_t i = 0; i < l.weightCount(); ++i) {
                    const double v = w[size_t(l.offset + i)];
                    sum += v;
                    sq += v * v;
                    lo = std::min(lo, v);
                    hi = std::max(hi, v);
                }
                const double n = double(l.weightCount()), mean = sum / n, sd = std::sqrt(sq / n - mean * mean);
                for (int64_t i = 0; i < l.neurons; ++i)
                    QCOMPARE(w[size_t(l.biasOffset() + i)], 0.01f);
                if (n < 200)
                    continue; // too few for statistics
                switch (init) {
                case Init::Uniform:
                    QVERIFY(lo >= 0.0 && hi < 1.0);
                    QVERIFY2(std::abs(mean - 0.5) < 0.06, qPrintable(QString::number(mean)));
                    break;
                case Init::Normal:
                    QVERIFY(std::abs(mean) < 0.15 && std::abs(sd - 1.0) < 0.15);
                    break;
                case Init::KaimingUniform: {
                    const double bound = std::sqrt(6.0 / fanIn);
                    QVERIFY(lo >= -bound && hi <= bound);
                    QVERIFY(std::abs(sd - bound / std::sqrt(3.0)) < 0.15 * bound);
                    break;
                }
                case Init::KaimingNormal:
                    QVERIFY(std::abs(sd - std::sqrt(2.0 / fanIn)) < 0.15 * std::sqrt(2.0 / fanIn));
                    break;
                }
            }
        }
        Hyperparameters other = h;
        other.seed = 8;
        QVERIFY(PopulationTrainer::initialWeights(arch, other) != PopulationTrainer::initialWeights(arch, h));
    }

    void epochOrderIsASeededPermutation()
    {
        Hyperparameters h;
        h.seed = 3;
        const auto a = PopulationTrainer::epochOrder(h, 1, 1000);
        std::set<int32_t> s(a.begin(), a.end());
        QCOMPARE(int(s.size()), 1000);
        QCOMPARE(*s.begin(), 0);
        QCOMPARE(*s.rbegin(), 999);
        QCOMPARE(PopulationTrainer::epochOrder(h, 1, 1000), a);
        QVERIFY(PopulationTrainer::epochOrder(h, 2, 1000) != a);
        h.seed = 4;
        QVERIFY(PopulationTrainer::epochOrder(h, 1, 1000) != a);
        QCOMPARE(PopulationTrainer::stepsPerEpoch(50000, 10), int64_t(5000));
        QCOMPARE(PopulationTrainer::stepsPerEpoch(2005, 10), int64_t(201));
    }

    void dropoutMasksKeepHalf()
    {
        const Architecture arch = Architecture::cnnSmall(1);
        Hyperparameters h;
        h.dropout = 0.5;
        h.seed = 9;
        const auto m = PopulationTrainer::dropoutMask(arch, h, 1, 0, 0);
        QCOMPARE(int(m.size()), 8 * 12 * 12 + 6 * 4 * 4 + 20);
        int kept = 0;
        for (float v : m) {
            QVERIFY(v == 0.0f || v == 2.0f);
            kept += v != 0.0f;
        }
        QVERIFY2(std::abs(kept - int(m.size()) / 2) < 80, qPrintable(QString::number(kept)));
        QCOMPARE(PopulationTrainer::dropoutMask(arch, h, 1, 0, 0), m);
        QVERIFY(PopulationTrainer::dropoutMask(arch, h, 1, 0, 1) != m);
        h.dropout = 0.0;
        for (float v : PopulationTrainer::dropoutMask(arch, h, 1, 0, 0))
            QCOMPARE(v, 1.0f);
    }

    void publicGridHas256Configurations()
    {
        const auto g = ZooRecipe::publicFmnistGrid(1);
        QCOMPARE(int(g.size()), 256);
        std::set<std::tuple<int, int, double, int, double, double>> distinct;
        for (const auto& h : g)
            distinct.insert({int(h.activation), int(h.init), h.dropout, int(h.optimizer), h.learningRate, h.weightDecay});
        QCOMPARE(int(distinct.size()), 256);
        QCOMPARE(int(ZooRecipe::publicFmnistGrid(3).size()), 768);
        const auto s = ZooRecipe::seedZoo({1, 2, 3});
        QCOMPARE(int(s.size()), 3);
        QCOMPARE(s[2].seed, uint64_t(3));
        QCOMPARE(s[0].learningRate, 3e-4);
    }

    // The determinism contract: model #5 of a mixed population ends bit-identical to model #5 trained alone.
    void modelAloneEqualsModelInPopulation_data()
    {
        QTest::addColumn<int>("kernels");
        QTest::newRow("auto") << int(KernelChoice::Auto);
        QTest::newRow("generic") << int(KernelChoice::Generic);
    }
    void modelAloneEqualsModelInPopulation()
    {
        REQUIRE_FASHION_MNIST();
        QFETCH(int, kernels);
        const auto models = mixedModels(16);
        PopulationTrainingOptions opt;
        opt.epochs = 1;
        opt.checkpointEpochs = {0, 1};
        opt.threads = 2;
        opt.kernels = KernelChoice(kernels);
        const Architecture arch = Architecture::cnnSmall(1);
        const auto all = PopulationTrainer(arch, models, opt).train(m_small);
        QCOMPARE(all.modelSteps, int64_t(16 * 200));

        const int k = 5;
        opt.threads = 1;
        const auto alone = PopulationTrainer(arch, {models[k]}, opt).train(m_small);
        const int64_t P = arch.parameterCount();
        // alone on two threads (a team shares the lane group): the same bits again
        opt.threads = 2;
        const auto aloneTeam = PopulationTrainer(arch, {models[k]}, opt).train(m_small);
        QVERIFY(bitEqual(aloneTeam.finalWeights.data(), alone.finalWeights.data(), size_t(P)));
        QVERIFY(sameFloats(aloneTeam.zoo.trainLoss, alone.zoo.trainLoss));
        QVERIFY(sameFloats(aloneTeam.zoo.testLoss, alone.zoo.testLoss));
        QVERIFY(bitEqual(all.finalWeights.data() + k * P, alone.finalWeights.data(), size_t(P)));
        for (int c = 0; c < 2; ++c)
            QVERIFY(bitEqual(all.zoo.weightsAt(k, c), alone.zoo.weightsAt(0, c), size_t(P)));
        for (auto member : {&ModelZoo::trainLoss, &ModelZoo::trainAccuracy, &ModelZoo::validationLoss,
                            &ModelZoo::validationAccuracy, &ModelZoo::testLoss, &ModelZoo::testAccuracy}) {
            const auto& a = all.zoo.*member;
            const auto& b = alone.zoo.*member;
            QVERIFY(bitEqual(a.data() + k * 2, b.data(), 2));
        }
        // epoch 0 checkpoint = the initial weights; training moved them
        QCOMPARE(std::vector<float>(alone.zoo.weightsAt(0, 0), alone.zoo.weightsAt(0, 0) + P),
                 PopulationTrainer::initialWeights(arch, models[k]));
        QVERIFY(!bitEqual(alone.zoo.weightsAt(0, 0), alone.zoo.weightsAt(0, 1), size_t(P)));
        // metrics are filled and sane
        for (int m = 0; m < 16; ++m) {
            const float acc0 = all.zoo.testAccuracy[size_t(m * 2)], acc1 = all.zoo.testAccuracy[size_t(m * 2 + 1)];
            QVERIFY(acc0 >= 0.0f && acc0 <= 1.0f && acc1 >= 0.0f && acc1 <= 1.0f);
            QVERIFY(std::isfinite(all.zoo.trainLoss[size_t(m * 2 + 1)]));
        }
    }

    void learnsSomething()
    {
        REQUIRE_FASHION_MNIST();
        // tanh + kaiming + Adam 1e-3: well above chance after one epoch of 2,000 images
        Hyperparameters h;
        h.init = Init::KaimingUniform;
        h.learningRate = 1e-3;
        PopulationTrainingOptions opt;
        opt.epochs = 1;
        const auto r = PopulationTrainer(Architecture::cnnSmall(1), {h}, opt).train(m_small);
        QVERIFY2(r.zoo.testAccuracy[1] > 0.5f, qPrintable(QString::number(r.zoo.testAccuracy[1])));
        QVERIFY(r.zoo.testAccuracy[0] < 0.3f);
        QVERIFY(r.zoo.trainLoss[1] < r.zoo.trainLoss[0]);
    }

    void kernelBuildsAgree()
    {
        REQUIRE_FASHION_MNIST();
        if (kernels::bestIsa() != kernels::Isa::Avx2)
            QSKIP("no AVX2 on this CPU");
        const auto models = mixedModels(8);
        PopulationTrainingOptions opt;
        opt.epochs = 1;
        opt.stepLimit = 20;
        opt.evaluate = false;
        opt.checkpointEpochs = {};
        opt.kernels = KernelChoice::Avx2;
        const auto a = PopulationTrainer(Architecture::cnnSmall(1), models, opt).train(m_small);
        opt.kernels = KernelChoice::Generic;
        const auto b = PopulationTrainer(Architecture::cnnSmall(1), models, opt).train(m_small);
        QCOMPARE(a.kernelName, std::string("avx2+fma"));
        QCOMPARE(b.kernelName, std::string("generic"));
        double worst = 0;
        for (size_t i = 0; i < a.finalWeights.size(); ++i)
            if (std::isfinite(a.finalWeights[i]))
                worst = std::max(worst, double(std::abs(a.finalWeights[i] - b.finalWeights[i])) /
                                            std::max(1.0, double(std::abs(a.finalWeights[i]))));
        QVERIFY2(worst < 1e-4, qPrintable(QString::number(worst)));
    }

    // Interrupt (cancel) part-way, resume from the state file: bit-identical to an uninterrupted run.
    void resumeIsBitIdentical_data()
    {
        QTest::addColumn<int>("models_");
        QTest::newRow("one thread per lane group") << 10;
        QTest::newRow("two threads on one lane group") << 5;
    }
    void resumeIsBitIdentical()
    {
        REQUIRE_FASHION_MNIST();
        QFETCH(int, models_);
        QTemporaryDir dir;
        auto models = mixedModels(models_);
        if (models_ <= 8)
            for (auto& h : models)
                h.activation = Activation::GELU; // one lane group: a team of two threads
        const Architecture arch = Architecture::cnnSmall(1);
        Dataset data = m_small;
        data.train = firstRows(m_small.train, 1000);
        PopulationTrainingOptions opt;
        opt.epochs = 2;
        opt.checkpointEpochs = {0, 1, 2};
        opt.threads = 2;
        const auto reference = PopulationTrainer(arch, models, opt).train(data);

        const std::string state = dir.filePath("zoo.resume").toStdString();
        opt.resumePath = state;
        opt.resumeIntervalSeconds = 0.05; // exercise the periodic saves too
        opt.reportIntervalSeconds = 0.01;
        Progress progress;
        progress = Progress([&progress](const ProgressUpdate& u) {
            if (u.fraction >= 0.4)
                progress.cancel();
        });
        QVERIFY_THROWS_EXCEPTION(OperationCancelled, PopulationTrainer(arch, models, opt).train(data, progress));
        QVERIFY(std::filesystem::exists(state));
        QCOMPARE(int(std::distance(std::filesystem::directory_iterator(dir.path().toStdString()),
                                   std::filesystem::directory_iterator())),
                 1); // no temporary files

        const auto second = PopulationTrainer(arch, models, opt).train(data);
        QVERIFY(second.resumed);
        QVERIFY(second.modelSteps < reference.modelSteps);
        QVERIFY(sameFloats(second.finalWeights, reference.finalWeights));
        QVERIFY(sameFloats(second.zoo.weights, reference.zoo.weights));
        QVERIFY(sameFloats(second.zoo.trainLoss, reference.zoo.trainLoss));
        QVERIFY(sameFloats(second.zoo.trainAccuracy, reference.zoo.trainAccuracy));
        QVERIFY(sameFloats(second.zoo.validationLoss, reference.zoo.validationLoss));
        QVERIFY(sameFloats(second.zoo.testAccuracy, reference.zoo.testAccuracy));

        // A finished state resumes to the same result at once.
        const auto third = PopulationTrainer(arch, models, opt).train(data);
        QCOMPARE(third.modelSteps, int64_t(0));
        QVERIFY(sameFloats(third.finalWeights, reference.finalWeights));

        // A state of other models is refused, a corrupt one too.
        auto otherModels = models;
        otherModels[3].learningRate *= 2;
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, PopulationTrainer(arch, otherModels, opt).train(data));
        {
            FILE* f = std::fopen(state.c_str(), "r+b");
            QVERIFY(f);
            std::fseek(f, 200, SEEK_SET);
            const char junk[4] = {1, 2, 3, 4};
            std::fwrite(junk, 1, 4, f);
            std::fclose(f);
        }
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, PopulationTrainer(arch, models, opt).train(data));
        std::filesystem::resize_file(state, 100);
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, PopulationTrainer(arch, models, opt).train(data));
    }

    void progressAndStepLimit()
    {
        REQUIRE_FASHION_MNIST();
        const auto models = mixedModels(12);
        PopulationTrainingOptions opt;
        opt.epochs = 1;
        opt.stepLimit = 30;
        opt.evaluate = false;
        opt.checkpointEpochs = {};
        opt.reportIntervalSeconds = 0.01;
        int64_t lastDone = -1, total = 0, calls = 0;
        opt.statistics = [&](const TrainingStatistics& p) {
            QVERIFY(p.stepsDone >= lastDone);
            lastDone = p.stepsDone;
            total = p.stepsTotal;
            ++calls;
        };
        std::vector<double> fractions;
        const Progress progress([&](const ProgressUpdate& u) { fractions.push_back(u.fraction); });
        const auto r = PopulationTrainer(Architecture::cnnSmall(1), models, opt).train(m_small, progress);
        QCOMPARE(int(fractions.size()), int(calls)); // the same reports through Progress
        QCOMPARE(fractions.back(), 1.0);
        QCOMPARE(r.modelSteps, int64_t(12 * 30));
        QCOMPARE(total, int64_t(12 * 30));
        QCOMPARE(lastDone, total);
        QVERIFY(calls >= 2);
        QVERIFY(r.flops > 12 * 30 * 9e6);
        for (float v : r.zoo.testAccuracy)
            QVERIFY(std::isnan(v));
    }

    void badOptionsAreRejected()
    {
        REQUIRE_FASHION_MNIST();
        const Architecture arch = Architecture::cnnSmall(1);
        Hyperparameters h;
        PopulationTrainingOptions opt;
        opt.epochs = 2;
        opt.checkpointEpochs = {0, 3};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, PopulationTrainer(arch, {h}, opt).train(m_small));
        opt.checkpointEpochs = {1, 0};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, PopulationTrainer(arch, {h}, opt).train(m_small));
        opt.checkpointEpochs = {0};
        h.dropout = 1.0;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, PopulationTrainer(arch, {h}, opt).train(m_small));
        h.dropout = 0.0;
        h.batchSize = 0;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, PopulationTrainer(arch, {h}, opt).train(m_small));
        h.batchSize = 10;
        // CNN3 expects 32x32 images
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, PopulationTrainer(Architecture::cnn3(1), {h}, opt).train(m_small));
    }

    void batchedEvaluatorMatchesTheTrainer()
    {
        REQUIRE_FASHION_MNIST();
        const auto models = mixedModels(11);
        const Architecture arch = Architecture::cnnSmall(1);
        PopulationTrainingOptions opt;
        opt.epochs = 1;
        opt.checkpointEpochs = {0, 1};
        const auto r = PopulationTrainer(arch, models, opt).train(m_small);
        const auto a = BatchedEvaluator(arch, 1).evaluateZoo(r.zoo, 1, m_small.test);
        const auto b = BatchedEvaluator(arch, 2).evaluateZoo(r.zoo, 1, m_small.test);
        QCOMPARE(a.accuracy, b.accuracy); // independent of the thread count
        QCOMPARE(a.loss, b.loss);
        for (int m = 0; m < 11; ++m) {
            QCOMPARE(float(a.accuracy[size_t(m)]), r.zoo.testAccuracy[size_t(m * 2 + 1)]);
            QVERIFY(std::isfinite(a.loss[size_t(m)]));
            QVERIFY(std::abs(float(a.loss[size_t(m)]) - r.zoo.testLoss[size_t(m * 2 + 1)]) < 1e-5f);
        }
        // errors
        std::vector<float> w(size_t(arch.parameterCount()) * 2);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 BatchedEvaluator(arch).evaluate(w, {Activation::Tanh}, m_small.test));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 BatchedEvaluator(arch).evaluate(std::vector<float>(5), {Activation::Tanh}, m_small.test));
    }
};

QTEST_GUILESS_MAIN(TestPopulationTrainer)
#include "tst_populationtrainer.moc"
