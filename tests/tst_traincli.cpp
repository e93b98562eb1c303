// `zooscope-cli zoo create` and `bench train` as a user runs them: a small zoo end to end, shards,
// usage errors, and an interrupted run (SIGTERM) that continues from FILE.resume to the same zoo.
#include "zoo/ZooFile.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <cstring>
#include <filesystem>

using namespace zooscope;

namespace {

struct Result {
    int exitCode;
    QString out, err;
};

Result cli(const QStringList& args, int timeoutMs = 300000)
{
    QProcess p;
    p.start(QStringLiteral(ZOOSCOPE_BIN_DIR "/zooscope-cli"), args);
    if (!p.waitForFinished(timeoutMs))
        return {-1, {}, QStringLiteral("timed out")};
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

bool haveFashion() { return std::filesystem::exists("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"); }

} // namespace

class TestTrainCli : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;

private slots:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        // A dependency (scripts/install-deps.sh): without it the suite fails, it does not pass.
        QVERIFY2(haveFashion(), "Debian's dataset-fashion-mnist is not installed (scripts/install-deps.sh)");
    }

    void benchTrainPrintsJson()
    {
        const Result r = cli({"bench", "train", "--models", "8", "--steps", "5", "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QVERIFY2(o[QStringLiteral("model_steps_per_s")].toDouble() > 0, qPrintable(r.out));
        QVERIFY(o[QStringLiteral("gflops")].toDouble() > 0);
        QCOMPARE(o[QStringLiteral("model_steps")].toInt(), 40);
    }

    void createsASmallZoo()
    {
        const QString out = m_tmp.filePath(QStringLiteral("grid-shard.zoo"));
        const Result r = cli({"zoo", "create", "--dataset", "fashion-mnist", "--arch", "cnn-s", "--grid", "public-fmnist",
                              "--shard", "2/32", "--epochs", "2", "--checkpoints", "0,2", "--max-train-images", "300",
                              "--max-eval-images", "200", "--threads", "2", "--out", out});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("wrote")), qPrintable(r.out));
        QVERIFY(r.err.contains(QStringLiteral("training")));
        QVERIFY(!QFile::exists(out + QStringLiteral(".resume")));
        const ModelZoo z = ZooFile::read(out.toStdString());
        QCOMPARE(z.modelCount(), int64_t(8));
        QCOMPARE(z.modelIds.front(), int64_t(8)); // the second of 32 blocks of the 256 configurations
        QCOMPARE(z.modelIds.back(), int64_t(15));
        QCOMPARE(z.checkpointEpochs, (std::vector<int64_t>{0, 2}));
        QCOMPARE(z.epochs, int64_t(2));
        QCOMPARE(z.datasetId, std::string("fashion-mnist"));
        QVERIFY2(z.createdBy.find("zoo create") != std::string::npos, z.createdBy.c_str());
        QVERIFY(z.createdBy.find("--shard 2/32") != std::string::npos);
        for (int64_t m = 0; m < z.modelCount(); ++m) {
            QVERIFY(std::isfinite(z.metricAt(z.testAccuracy, m, 0)));
            QVERIFY(std::isfinite(z.metricAt(z.testAccuracy, m, 2)));
            QVERIFY(std::isfinite(z.metricAt(z.validationLoss, m, 1)));
        }
    }

    // Two shards merged with `zoo merge` = the zoo made in one go (models are independent of each other).
    void shardsMergeToTheWholeZoo()
    {
        const QStringList common = {"zoo", "create", "--seeds", "1-13", "--epochs", "1", "--checkpoints", "0,1",
                                    "--max-train-images", "200", "--max-eval-images", "100"};
        const QString whole = m_tmp.filePath(QStringLiteral("whole.zoo")), s1 = m_tmp.filePath(QStringLiteral("s1.zoo")),
                      s2 = m_tmp.filePath(QStringLiteral("s2.zoo")), merged = m_tmp.filePath(QStringLiteral("merged.zoo"));
        QCOMPARE(cli(common + QStringList{"--out", whole}).exitCode, 0);
        QCOMPARE(cli(common + QStringList{"--shard", "1/2", "--out", s1}).exitCode, 0);
        QCOMPARE(cli(common + QStringList{"--shard", "2/2", "--out", s2}).exitCode, 0);
        const Result m = cli({"zoo", "merge", merged, s1, s2});
        QVERIFY2(m.exitCode == 0, qPrintable(m.err));
        const ModelZoo a = ZooFile::read(whole.toStdString()), b = ZooFile::read(merged.toStdString());
        QCOMPARE(b.modelCount(), int64_t(13));
        QCOMPARE(a.modelIds, b.modelIds);
        QVERIFY(std::memcmp(a.weights.data(), b.weights.data(), a.weights.size() * sizeof(float)) == 0);
        QVERIFY(std::memcmp(a.testLoss.data(), b.testLoss.data(), a.testLoss.size() * sizeof(float)) == 0);
        QVERIFY(a.split == b.split);
    }

    void usageErrors()
    {
        const QString out = m_tmp.filePath(QStringLiteral("bad.zoo"));
        QCOMPARE(cli({"zoo", "create", "--grid", "public-fmnist", "--seeds", "1-3", "--out", out}).exitCode, 2);
        QCOMPARE(cli({"zoo", "create", "--seeds", "1-3"}).exitCode, 2);
        QCOMPARE(cli({"zoo", "create", "--grid", "nonsense", "--out", out}).exitCode, 2);
        QCOMPARE(cli({"zoo", "create", "--seeds", "1-3", "--shard", "0/4", "--out", out}).exitCode, 2);
        QCOMPARE(cli({"zoo", "create", "--seeds", "1-3", "--epochs", "2", "--checkpoints", "0,3", "--out", out}).exitCode, 2);
        QCOMPARE(cli({"zoo", "create", "--seeds", "3-1", "--out", out}).exitCode, 2);
        const Result r = cli({"zoo", "create", "--seeds", "1-3", "--dataset", "/nonexistent/dir", "--out", out});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("/nonexistent/dir")));
        QVERIFY(!QFile::exists(out));
        QCOMPARE(cli({"bench", "train", "--models", "0"}).exitCode, 2);
    }

    // SIGTERM (as Ctrl-C) reaches the trainer through the command's Progress: exit 130 and FILE.resume.
    // The run is far too long to finish between its first progress line and the signal.
    void signalStopsTraining()
    {
        const QString out = m_tmp.filePath(QStringLiteral("signalled.zoo"));
        QProcess p;
        p.start(QStringLiteral(ZOOSCOPE_BIN_DIR "/zooscope-cli"),
                {"zoo", "create", "--seeds", "1-64", "--epochs", "100", "--checkpoints", "0", "--out", out});
        QVERIFY(p.waitForStarted());
        p.setReadChannel(QProcess::StandardError);
        QByteArray err;
        while (!err.contains("training:") && p.state() == QProcess::Running && p.waitForReadyRead(60000))
            err += p.readAllStandardError();
        QVERIFY2(err.contains("training:"), err.constData());
        p.terminate();
        QVERIFY(p.waitForFinished(120000));
        err += p.readAllStandardError();
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 130);
        QVERIFY2(err.contains("interrupted: state saved"), err.constData());
        QVERIFY(QFile::exists(out + QStringLiteral(".resume")));
        QVERIFY(!QFile::exists(out));
    }

    // Stopped (as by Ctrl-C, through the same Progress) at a known point: exit 130 with FILE.resume; the
    // same command again finishes and gives the same zoo as an uninterrupted run.
    void interruptedRunResumes()
    {
        const QString a = m_tmp.filePath(QStringLiteral("seeds-a.zoo")), b = m_tmp.filePath(QStringLiteral("seeds-b.zoo"));
        auto args = [](const QString& out) {
            return QStringList{"zoo", "create", "--seeds", "1-48", "--epochs", "3", "--checkpoints", "0,1,3",
                               "--max-train-images", "2000", "--max-eval-images", "300", "--out", out};
        };
        const Result ref = cli(args(a));
        QVERIFY2(ref.exitCode == 0, qPrintable(ref.err));

        // --stop-after 0 stops at the first report, before any step: the same outcome on every machine.
        const Result stopped = cli(args(b) + QStringList{"--stop-after", "0"});
        QCOMPARE(stopped.exitCode, 130);
        QVERIFY2(stopped.err.contains(QStringLiteral("interrupted")), qPrintable(stopped.err));
        QVERIFY(QFile::exists(b + QStringLiteral(".resume")));
        QVERIFY(!QFile::exists(b));

        const Result again = cli(args(b));
        QVERIFY2(again.exitCode == 0, qPrintable(again.err));
        QVERIFY(again.err.contains(QStringLiteral("resuming")));
        QVERIFY(!QFile::exists(b + QStringLiteral(".resume")));

        const ModelZoo za = ZooFile::read(a.toStdString()), zb = ZooFile::read(b.toStdString());
        QCOMPARE(za.modelCount(), int64_t(48));
        QCOMPARE(za.weights.size(), zb.weights.size());
        QVERIFY(std::memcmp(za.weights.data(), zb.weights.data(), za.weights.size() * sizeof(float)) == 0);
        QVERIFY(std::memcmp(za.testAccuracy.data(), zb.testAccuracy.data(), za.testAccuracy.size() * sizeof(float)) == 0);
        QVERIFY(std::memcmp(za.trainLoss.data(), zb.trainLoss.data(), za.trainLoss.size() * sizeof(float)) == 0);
    }
};

QTEST_GUILESS_MAIN(TestTrainCli)
#include "tst_traincli.moc"
