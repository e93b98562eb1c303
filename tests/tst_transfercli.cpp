// `zooscope-cli sample --transfer` (issue 13): models sampled from the shipped Fashion-MNIST
// hyper-representation are fine-tuned and tested on the MNIST digits shipped in tests/data/mnist, and
// `--finetune-images-per-class` fine-tunes them on a few images per class only. Each check would fail if
// the option were ignored: the same run without --transfer tests other images, the few-shot run trains
// other weights than the run on all images.
#include "ZooTestUtil.h"

#include "core/Json.h"
#include "zoo/ZooFile.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <cstring>

using namespace zooscope;

namespace {

const QString kCli = QStringLiteral(ZOOSCOPE_BIN_DIR "/zooscope-cli");
const QString kZoo = QStringLiteral(ZOOSCOPE_SOURCE_DIR "/data/fashion-mnist-cnn-s.zoo.h5");
const QString kAe = QStringLiteral(ZOOSCOPE_SOURCE_DIR "/data/fashion-mnist-cnn-s.hr");
// With a trailing slash: the dataset is still named after the directory.
const QString kMnist = QStringLiteral(ZOOSCOPE_SOURCE_DIR "/tests/data/mnist/");
constexpr int64_t kMnistTestImages = 2004; // tests/data/mnist/README.md

Json readJson(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Json();
    return Json::parse(f.readAll().toStdString());
}

// Whether `accuracy` (0..1) is a whole number of correct images out of `images`.
bool isCountOutOf(double accuracy, int64_t images)
{
    const double correct = accuracy * double(images);
    return std::abs(correct - std::round(correct)) < 1e-6 * double(images);
}

bool sameWeights(const ModelZoo& a, int64_t ckA, const ModelZoo& b, int64_t ckB, int64_t model)
{
    const int64_t p = a.architecture.parameterCount();
    return std::memcmp(a.weightsAt(model, ckA), b.weightsAt(model, ckB), size_t(p) * sizeof(float)) == 0;
}

} // namespace

class TestTransferCli : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    QString path(const QString& name) const { return m_dir.filePath(name); }
    zootest::ProcessResult cli(const QStringList& args) { return zootest::runProcess(kCli, args); }
    // kde-paper from the best 5% of the default zoo's checkpoints, 4 models, no novelty (seconds).
    QStringList sample(const QString& name, const QString& epochs) const
    {
        return {"sample", "--zoo", kZoo, "--ae", kAe, "--method", "kde-paper", "--n", "4", "--anchors", "top5",
                "--finetune-epochs", epochs, "--seed", "3", "--no-novelty", "--threads", "2",
                "--out", path(name + ".h5"), "--report", path(name + ".json")};
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void transferFineTunesAndTestsOnMnist()
    {
        auto r = cli(sample("mnist", "0,1") + QStringList{"--transfer", kMnist});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QVERIFY(r.out.contains("epoch 1: test accuracy"));
        const Json m = readJson(path("mnist.json")).at("methods")[0];
        QCOMPARE(m.at("dataset").string(), std::string("mnist"));
        QCOMPARE(m.at("options").at("dataset").string(), std::string("mnist"));
        const ModelZoo z = ZooFile::read(path("mnist.h5").toStdString());
        QCOMPARE(z.datasetId, std::string("mnist"));
        QCOMPARE(z.modelCount(), int64_t(4));
        QCOMPARE(z.checkpointEpochs, (std::vector<int64_t>{0, 1}));
        // Accuracies are counts out of MNIST's 2,004 test images, and one epoch on MNIST teaches the
        // F-MNIST models digits: above chance (10%) and above epoch 0 on average.
        double mean0 = 0, mean1 = 0;
        for (int64_t s = 0; s < 4; ++s) {
            for (int64_t e : {0, 1})
                QVERIFY2(isCountOutOf(z.metricAt(z.testAccuracy, s, e), kMnistTestImages),
                         qPrintable(QString::number(z.metricAt(z.testAccuracy, s, e), 'g', 12)));
            mean0 += z.metricAt(z.testAccuracy, s, 0) / 4;
            mean1 += z.metricAt(z.testAccuracy, s, 1) / 4;
            QVERIFY(!sameWeights(z, 0, z, 1, s));
        }
        QVERIFY2(mean1 > 0.5 && mean1 > mean0, qPrintable(QString("epoch 0 %1, epoch 1 %2").arg(mean0).arg(mean1)));
        QVERIFY(std::abs(m.at("epochs")[1].at("accuracy").at("mean").number() - 100.0 * mean1) < 1e-3);

        // The same draw without --transfer: the same epoch-0 models, tested on Fashion-MNIST's 10,000 images.
        r = cli(sample("fmnist", "0"));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        const ModelZoo f = ZooFile::read(path("fmnist.h5").toStdString());
        QCOMPARE(f.datasetId, std::string("fashion-mnist"));
        QCOMPARE(readJson(path("fmnist.json")).at("methods")[0].at("dataset").string(), std::string("fashion-mnist"));
        int differ = 0;
        for (int64_t s = 0; s < 4; ++s) {
            QVERIFY(sameWeights(z, 0, f, 0, s));
            differ += z.metricAt(z.testAccuracy, s, 0) != f.metricAt(f.testAccuracy, s, 0);
        }
        QCOMPARE(differ, 4);
    }

    void fewShotFineTunesOnFewImagesPerClass()
    {
        auto r = cli(sample("full", "0,1") + QStringList{"--transfer", kMnist});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        r = cli(sample("few", "0,1") + QStringList{"--transfer", kMnist, "--finetune-images-per-class", "10"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        const Json m = readJson(path("few.json")).at("methods")[0];
        QCOMPARE(m.at("options").at("finetune_images_per_class").integer(), int64_t(10));
        QCOMPARE(m.at("options").at("finetune_training_images").integer(), int64_t(100));
        QVERIFY2(m.at("dataset").string().find("mnist (100 training images, 10 per class)") == 0,
                 m.at("dataset").string().c_str());
        QVERIFY2(m.at("label").string().find(", 10 per class") != std::string::npos, m.at("label").string().c_str());
        const ModelZoo few = ZooFile::read(path("few.h5").toStdString());
        const ModelZoo full = ZooFile::read(path("full.h5").toStdString());
        QCOMPARE(few.datasetId, std::string("mnist"));
        for (int64_t s = 0; s < 4; ++s) {
            QVERIFY(sameWeights(few, 0, full, 0, s));  // the same models as generated
            QVERIFY(!sameWeights(few, 1, full, 1, s)); // fine-tuned on other (fewer) images
            QVERIFY(!sameWeights(few, 0, few, 1, s));  // but fine-tuned
            QVERIFY(isCountOutOf(few.metricAt(few.testAccuracy, s, 1), kMnistTestImages)); // all test images
        }
        // The merged report keeps the two runs apart.
        r = cli({"report", path("full.json"), path("few.json")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("| kde-paper (h 0.002) |") && r.out.contains("| kde-paper (h 0.002), 10 per class |"),
                 qPrintable(r.out));
    }

    void badImagesPerClassAreUsageErrors()
    {
        for (const QString& bad : {QStringLiteral("0"), QStringLiteral("-3"), QStringLiteral("ten"), QStringLiteral("2.5")}) {
            const auto r = cli(sample("bad", "0,1") + QStringList{"--transfer", kMnist, "--finetune-images-per-class", bad});
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.err.contains("--finetune-images-per-class"), qPrintable(r.err));
        }
        // More than a class has: digit 5 has 690 training images, of which the loader keeps about 5/6 for training.
        const auto r = cli(sample("bad", "0,1") + QStringList{"--transfer", kMnist, "--finetune-images-per-class", "700"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("class 5 has only") && r.err.contains("mnist"), qPrintable(r.err));
        QVERIFY(!QFile::exists(path("bad.h5")));
        // A directory without the IDX files.
        const auto missing = cli(sample("bad", "0") + QStringList{"--transfer", path("nothing")});
        QCOMPARE(missing.exitCode, 2); // a missing input is bad usage
        QVERIFY2(missing.err.contains("dataset directory not found"), qPrintable(missing.err));
    }
};

QTEST_GUILESS_MAIN(TestTransferCli)
#include "tst_transfercli.moc"
