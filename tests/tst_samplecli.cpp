// `zooscope-cli sample` and `zooscope-cli report` (issue 5): a small zoo on a Fashion-MNIST subset (IDX
// files written here), its hyper-representation, generation with a sampler and the noise baseline, the
// merged report, the generated zoo opened and exported like any zoo (and checked in PyTorch), and the
// clear errors for bad arguments.
#include "ZooTestUtil.h"

#include "zoo/DatasetLoader.h"
#include "core/Json.h"
#include "zoo/ZooFile.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>
#include <numeric>
#include <sstream>

using namespace zooscope;

namespace {

const QString kCli = QStringLiteral(ZOOSCOPE_BIN_DIR "/zooscope-cli");
const QString kScripts = QStringLiteral(ZOOSCOPE_SOURCE_DIR "/tests/python");

void writeBigEndian(std::ofstream& f, uint32_t v)
{
    const unsigned char b[4] = {uint8_t(v >> 24), uint8_t(v >> 16), uint8_t(v >> 8), uint8_t(v)};
    f.write(reinterpret_cast<const char*>(b), 4);
}

// The first `count` images of a split back as IDX bytes (the loader's (x/255 - 0.5)/0.5 inverted).
void writeIdx(const DatasetSplit& s, int64_t count, const std::string& images, const std::string& labels)
{
    std::ofstream fi(images, std::ios::binary), fl(labels, std::ios::binary);
    writeBigEndian(fi, 0x803);
    writeBigEndian(fi, uint32_t(count));
    writeBigEndian(fi, 28);
    writeBigEndian(fi, 28);
    for (int64_t i = 0; i < count * 784; ++i)
        fi.put(char(uint8_t(std::lround((s.images[size_t(i)] * 0.5f + 0.5f) * 255.0f))));
    writeBigEndian(fl, 0x801);
    writeBigEndian(fl, uint32_t(count));
    for (int64_t i = 0; i < count; ++i)
        fl.put(char(uint8_t(s.labels[size_t(i)])));
}

Json readJson(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Json();
    return Json::parse(f.readAll().toStdString());
}

} // namespace

class TestSampleCli : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_data, m_zoo, m_ae;

    QString path(const QString& name) const { return m_dir.filePath(name); }

    zootest::ProcessResult cli(const QStringList& args) { return zootest::runProcess(kCli, args); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // Train images: the loader keeps 1/6 for validation; test: the first 500 F-MNIST test images (so
        // that the PyTorch check below, which reads the real test set, sees the same images).
        const Dataset full = DatasetLoader::fashionMnist();
        m_data = path("tiny");
        QVERIFY(QDir().mkpath(m_data));
        writeIdx(full.train, 1200, (m_data + "/train-images-idx3-ubyte").toStdString(),
                 (m_data + "/train-labels-idx1-ubyte").toStdString());
        writeIdx(full.test, 500, (m_data + "/t10k-images-idx3-ubyte").toStdString(),
                 (m_data + "/t10k-labels-idx1-ubyte").toStdString());

        m_zoo = path("zoo.h5");
        auto r = cli({"zoo", "create", "--dataset", m_data, "--seeds", "1-12", "--epochs", "2", "--checkpoints", "0,1,2",
                      "--out", m_zoo});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        m_ae = path("ae.pt");
        r = cli({"ae", "train", "--zoo", m_zoo, "--out", m_ae, "--epochs", "2", "--d-model", "16", "--heads", "2", "--ff",
                 "16", "--latent", "8", "--blocks", "1", "--projection", "8"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    }

    void sampleWritesAZooAndAReport()
    {
        const QString gen = path("gen.h5"), report = path("kde.json");
        const auto r = cli({"sample", "--zoo", m_zoo, "--ae", m_ae, "--method", "kde-paper", "--n", "8", "--anchors", "top30",
                            "--finetune-epochs", "0,1", "--data", m_data, "--out", gen, "--report", report});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QVERIFY(r.out.contains("generated 8 models with kde-paper"));
        QVERIFY(r.out.contains("epoch 1: test accuracy"));

        const ModelZoo z = ZooFile::read(gen.toStdString());
        QCOMPARE(z.modelCount(), int64_t(8));
        QCOMPARE(z.checkpointEpochs, (std::vector<int64_t>{0, 1}));
        QVERIFY(z.createdBy.find("sample") != std::string::npos);
        QVERIFY(z.modelSources[0].find("kde-paper from anchor") != std::string::npos);

        const Json j = readJson(report);
        QCOMPARE(j.at("format").string(), std::string("zooscope-sampling-report"));
        const Json& m = j.at("methods")[0];
        QCOMPARE(m.at("method").string(), std::string("kde-paper"));
        QCOMPARE(m.at("epochs").size(), size_t(2));
        // The report's numbers are the zoo file's numbers.
        double mean = 0;
        for (int64_t s = 0; s < 8; ++s)
            mean += 100.0 * z.metricAt(z.testAccuracy, s, 1);
        QVERIFY(std::abs(m.at("epochs")[1].at("accuracy").at("mean").number() - mean / 8) < 1e-3);
        QVERIFY(m.at("epochs")[0].at("max_iou").at("n").integer() == 8);

        // Opened and exported like any zoo; PyTorch measures the same accuracy.
        auto info = cli({"zoo", "info", gen});
        QVERIFY2(info.exitCode == 0, qPrintable(info.err));
        QVERIFY(info.out.contains("8"));
        const QString exportDir = path("export");
        auto ex = cli({"zoo", "export", gen, "--out", exportDir, "--epoch", "1"});
        QVERIFY2(ex.exitCode == 0, qPrintable(ex.err));
        const auto py = zootest::runProcess(zootest::debianPython(), {kScripts + "/check_export.py", exportDir, "500"});
        QVERIFY2(py.exitCode == 0, qPrintable(py.err));
        const Json checked = Json::parse(py.out.trimmed().toStdString());
        QCOMPARE(checked.members().size(), size_t(8));
        for (const auto& [id, v] : checked.members())
            QVERIFY2(std::abs(v.at("acc").number() - v.at("json_acc").number()) < 1e-6,
                     qPrintable(QString::fromStdString(id + ": " + v.dump())));
    }

    void noiseBaselineAndMergedReport()
    {
        const QString a = path("noise.json"), b = path("kde2.json");
        auto r = cli({"sample", "--zoo", m_zoo, "--method", "noise", "--sigma", "0.04", "--n", "8", "--finetune-epochs", "0",
                      "--data", m_data, "--out", path("noise.h5"), "--report", a});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        r = cli({"sample", "--zoo", m_zoo, "--ae", m_ae, "--method", "kde", "--n", "8", "--finetune-epochs", "0", "--data",
                 m_data, "--out", path("kde2.h5"), "--report", b});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QString md = path("table.md"), all = path("all.json");
        r = cli({"report", a, b, "--markdown", md, "--json", all, "--note", "a test run"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QFile f(md);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(f.readAll());
        QVERIFY(text.contains("| noise (sigma 0.04) |"));
        QVERIFY(text.contains("| kde (h "));
        QVERIFY(text.contains("against the noise baseline"));
        QVERIFY(text.contains("a test run"));
        QCOMPARE(readJson(all).at("methods").size(), size_t(2));
        // Without --markdown the table goes to stdout.
        r = cli({"report", all});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("# Sampling report"));
    }

    void badArgumentsGiveClearErrors()
    {
        const QStringList base{"sample", "--zoo", m_zoo, "--ae", m_ae, "--n", "4", "--finetune-epochs", "0", "--data", m_data,
                               "--out", path("bad.h5")};
        auto r = cli(base + QStringList{"--method", "gan"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("unknown sampling method 'gan'") && r.err.contains("kde-paper"), qPrintable(r.err));
        r = cli(base + QStringList{"--method", "kde", "--anchors", "ids:"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("empty"), qPrintable(r.err));
        r = cli(base + QStringList{"--method", "kde", "--anchors", "ids:9999"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("anchor model 9999 is not in the zoo"), qPrintable(r.err));
        r = cli({"sample", "--zoo", m_zoo, "--method", "gmm", "--n", "4", "--out", path("bad.h5"), "--data", m_data});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("--ae"), qPrintable(r.err));
        QVERIFY(!QFile::exists(path("bad.h5")));

        // A hyper-representation of a zoo of another dataset.
        const QString other = path("other");
        QVERIFY(QDir().mkpath(other));
        for (const char* f : {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"})
            QVERIFY(QFile::copy(m_data + "/" + f, other + "/" + f));
        const QString otherZoo = path("other.h5");
        r = cli({"zoo", "create", "--dataset", other, "--seeds", "1-2", "--epochs", "1", "--out", otherZoo});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        r = cli({"sample", "--zoo", otherZoo, "--ae", m_ae, "--method", "kde", "--n", "4", "--data", other, "--out",
                 path("bad.h5")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("trained on a zoo of dataset 'tiny'"), qPrintable(r.err));
        r = cli({"report", path("missing.json")});
        QCOMPARE(r.exitCode, 2); // a missing input is bad usage
        QVERIFY2(r.err.contains("not found"), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestSampleCli)
#include "tst_samplecli.moc"
