// One cancellation for every long operation of the zoo and training rooms: a Progress cancelled by its
// own listener after the first report ends the operation with OperationCancelled, leaves no half
// output, and the population trainer keeps its resume file.
#include "ZooTestUtil.h"

#include "core/Progress.h"
#include "training/BatchedEvaluator.h"
#include "training/PopulationTrainer.h"
#include "training/ZooRecipe.h"
#include "zoo/PublicZooImporter.h"
#include "zoo/TorchStateDict.h"
#include "zoo/ZooExporter.h"
#include "zoo/ZooFile.h"

#include <QDir>
#include "FolderEntries.h"

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <random>

using namespace zooscope;

using testutil::folderEntries;

namespace {

// A Progress that cancels itself in its first report and counts the reports.
struct SelfCancelling {
    Progress progress;
    int reports = 0;
    SelfCancelling()
    {
        progress = Progress([this](const ProgressUpdate&) {
            ++reports;
            progress.cancel();
        });
    }
};

DatasetSplit randomSplit(int64_t count, uint64_t seed)
{
    DatasetSplit s;
    s.count = count;
    s.images.resize(size_t(count * s.imageSize()));
    s.labels.resize(size_t(count));
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> normal;
    for (auto& v : s.images)
        v = normal(rng);
    for (auto& y : s.labels)
        y = int64_t(rng() % 10);
    return s;
}

Dataset randomDataset()
{
    Dataset d;
    d.id = "random";
    d.train = randomSplit(400, 1);
    d.validation = randomSplit(100, 2);
    d.test = randomSplit(100, 3);
    return d;
}

} // namespace

class TestCancellation : public QObject {
    Q_OBJECT

private slots:
    // A prefixed part of a Progress names its stages with the prefix, maps its fraction into the part's
    // range and is cancelled with its parent.
    void prefixedPartSharesTheCancellation()
    {
        std::vector<zooscope::ProgressUpdate> seen;
        const zooscope::Progress root([&](const zooscope::ProgressUpdate& u) { seen.push_back(u); });
        const zooscope::Progress part = root.sub(0.5, 1.0).prefixed("random init: ");
        part.report(0.5, "decoding");
        QCOMPARE(seen.size(), size_t(1));
        QCOMPARE(seen[0].stage, std::string("random init: decoding"));
        QCOMPARE(seen[0].fraction, 0.75);
        root.cancel();
        QVERIFY(part.isCancelled());
        QVERIFY_THROWS_EXCEPTION(zooscope::OperationCancelled, part.report(0.6, "decoding"));
    }

    void zooFileWriteLeavesTheOldFile()
    {
        QTemporaryDir tmp;
        const std::string path = tmp.filePath(QStringLiteral("zoo.h5")).toStdString();
        ZooFile::write(zootest::syntheticZoo(3), path);
        SelfCancelling c;
        QVERIFY_THROWS_EXCEPTION(OperationCancelled, ZooFile::write(zootest::syntheticZoo(5), path, c.progress));
        QCOMPARE(c.reports, 1);
        QCOMPARE(ZooFile::read(path).modelCount(), int64_t(3));
        QCOMPARE(folderEntries(tmp.path()), std::vector<std::string>{"zoo.h5"});
    }

    void zooFileRead()
    {
        QTemporaryDir tmp;
        const std::string path = tmp.filePath(QStringLiteral("zoo.h5")).toStdString();
        ZooFile::write(zootest::syntheticZoo(3), path);
        SelfCancelling c;
        QVERIFY_THROWS_EXCEPTION(OperationCancelled, ZooFile::read(path, c.progress));
        QCOMPARE(c.reports, 1);
    }

    void exporterStopsBetweenModels()
    {
        QTemporaryDir tmp;
        const ModelZoo zoo = zootest::syntheticZoo(4);
        SelfCancelling c;
        const QString out = tmp.filePath(QStringLiteral("out"));
        QVERIFY_THROWS_EXCEPTION(OperationCancelled,
                                 ZooExporter::exportModels(zoo, zoo.modelIds, -1, out.toStdString(), c.progress));
        QCOMPARE(c.reports, 1);
        // The first model is complete, the others were never started.
        QCOMPARE(folderEntries(out), (std::vector<std::string>{"100.json", "100.pt"}));
    }

    void importerStopsBetweenModelFolders()
    {
        QTemporaryDir tmp;
        const ModelZoo zoo = zootest::syntheticZoo(3);
        for (int64_t m = 0; m < zoo.modelCount(); ++m) {
            const std::string folder = tmp.filePath(QStringLiteral("trial_%1").arg(m)).toStdString();
            std::filesystem::create_directories(folder + "/checkpoint_000000");
            std::ofstream(folder + "/params.json") << R"({"model::nlin": "tanh", "model::init_type": "uniform", "optim::optimizer": "adam", "optim::lr": 0.001, "seed": 1})";
            std::ofstream(folder + "/result.json") << R"({"test_acc": 0.5, "training_iteration": 1})" << "\n";
            TorchStateDict::write(TorchStateDict::fromFlat(zoo.architecture, zoo.weightsAt(m, 0), false),
                                  folder + "/checkpoint_000000/checkpoints");
        }
        QCOMPARE(PublicZooImporter::import(tmp.path().toStdString()).modelCount(), int64_t(3)); // a valid layout
        SelfCancelling c;
        QVERIFY_THROWS_EXCEPTION(OperationCancelled, PublicZooImporter::import(tmp.path().toStdString(), {}, nullptr, c.progress));
        QCOMPARE(c.reports, 1);
    }

    void trainerWritesItsResumeFileAndResumes()
    {
        QTemporaryDir tmp;
        const Dataset data = randomDataset();
        const auto models = ZooRecipe::seedZoo({1, 2, 3});
        PopulationTrainingOptions opt;
        opt.epochs = 1;
        opt.threads = 2;
        const PopulationTrainingResult reference = PopulationTrainer(Architecture::cnnSmall(1), models, opt).train(data);

        opt.resumePath = tmp.filePath(QStringLiteral("zoo.resume")).toStdString();
        SelfCancelling c;
        QVERIFY_THROWS_EXCEPTION(OperationCancelled, PopulationTrainer(Architecture::cnnSmall(1), models, opt).train(data, c.progress));
        QCOMPARE(c.reports, 1);
        QVERIFY(std::filesystem::exists(opt.resumePath));
        QCOMPARE(folderEntries(tmp.path()), std::vector<std::string>{"zoo.resume"});

        const PopulationTrainingResult resumed = PopulationTrainer(Architecture::cnnSmall(1), models, opt).train(data);
        QVERIFY(resumed.resumed);
        QCOMPARE(resumed.finalWeights, reference.finalWeights);
    }

    void batchedEvaluatorStops()
    {
        const Dataset data = randomDataset();
        const Architecture arch = Architecture::cnnSmall(1);
        const ModelZoo zoo = zootest::syntheticZoo(9);
        const BatchedEvaluator evaluator(arch, 2);
        QCOMPARE(evaluator.evaluateZoo(zoo, 0, data.test).accuracy.size(), size_t(9));
        SelfCancelling c;
        QVERIFY_THROWS_EXCEPTION(OperationCancelled, evaluator.evaluateZoo(zoo, 0, data.test, c.progress));
        QCOMPARE(c.reports, 1);
    }
};

QTEST_GUILESS_MAIN(TestCancellation)
#include "tst_cancellation.moc"
