// `zooscope-cli diagnose` as a user runs it: its JSON, its text, and its refusals.
#include "AutoencoderTestUtil.h"
#include "ZooTestUtil.h"
#include "hyperrep/HyperRepresentation.h"
#include "zoo/ZooFile.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace zooscope;

namespace {

zootest::ProcessResult cli(const QStringList& args)
{
    return zootest::runProcess(QStringLiteral(ZOOSCOPE_BIN_DIR "/zooscope-cli"), args);
}

void writeHyperRepresentation(const Architecture& a, const QString& path)
{
    aetest::untrainedHyperRepresentation(a).save(path.toStdString());
}

bool haveFashionMnist() { return QFile::exists("/usr/share/datasets/fashion-mnist"); }

} // namespace

class TestAnalysisCli : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_zoo, m_ae, m_cnn3;

private slots:
    void initTestCase()
    {
        m_zoo = m_tmp.filePath("zoo.h5");
        ModelZoo zoo = aetest::structuredZoo(40, {0, 1, 3});
        zoo.datasetId = "fashion-mnist"; // the units run on Debian's Fashion-MNIST
        ZooFile::write(zoo, m_zoo.toStdString());
        m_ae = m_tmp.filePath("small.hr");
        writeHyperRepresentation(zoo.architecture, m_ae);
        m_cnn3 = m_tmp.filePath("cnn3.hr");
        writeHyperRepresentation(Architecture::cnn3(3), m_cnn3);
    }

    void jsonHasOneEntryPerCheckpoint()
    {
        QStringList args{"diagnose", "--zoo", m_zoo, "--ae", m_ae, "--ids", "3,5@1", "--k", "4", "--json"};
        if (!haveFashionMnist())
            args << "--no-units";
        const auto r = cli(args);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(o["zoo"].toString(), m_zoo);
        QCOMPARE(o["k"].toInt(), 4);
        const QJsonArray checkpoints = o["checkpoints"].toArray();
        QCOMPARE(checkpoints.size(), 2);
        const QJsonObject first = checkpoints[0].toObject(), second = checkpoints[1].toObject();
        QCOMPARE(first["model"].toInt(), 3);
        QCOMPARE(first["epoch"].toInt(), 3); // the last checkpoint
        QCOMPARE(second["model"].toInt(), 5);
        QCOMPARE(second["epoch"].toInt(), 1);
        QVERIFY(first["diverged"].isBool() && !first["diverged"].toBool());
        QVERIFY(first["test_accuracy"].isDouble());
        const QJsonObject n = first["neighbourhood"].toObject();
        QVERIFY(n["available"].toBool());
        const QJsonArray neighbours = n["neighbours"].toArray();
        QCOMPARE(neighbours.size(), 4);
        for (const auto& e : neighbours) {
            QVERIFY(e.toObject()["model"].toInt() != 3);
            QCOMPARE(e.toObject()["epoch"].toInt(), 3);
        }
        QVERIFY(n["outlier_percentile"].isDouble() && n["mean_neighbour_accuracy"].isDouble());
        QVERIFY(first["layer_flags"].isArray() && first["statistics_checked"].toBool());
        QCOMPARE(first["units_checked"].toBool(), haveFashionMnist());
        if (haveFashionMnist()) {
            QCOMPARE(o["probe_images"].toInt(), 256);
            QCOMPARE(first["units_total"].toInt(), 8 + 6 + 4 + 20);
            QVERIFY(first["dead_units"].isDouble() && first["units"].isArray());
        }
    }

    void textNamesEachPart()
    {
        const auto r = cli({"diagnose", "--zoo", m_zoo, "--ids", "7", "--epoch", "1", "--no-units"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        for (const char* part : {"model 7 @ epoch 1", "divergence", "neighbourhood  - (no hyper-representation)", "weights", "units"})
            QVERIFY2(r.out.contains(part), qPrintable(part + QStringLiteral(" in\n") + r.out));
    }

    void badInputExitsWithUsage_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown id") << QStringList{"--ids", "3,9999"} << "model 9999 is not in the zoo";
        QTest::newRow("epoch not a checkpoint") << QStringList{"--ids", "3@2"} << "no checkpoint at epoch 2";
        QTest::newRow("--epoch not a checkpoint") << QStringList{"--ids", "3", "--epoch", "2"} << "no checkpoint at epoch 2";
        QTest::newRow("bad id") << QStringList{"--ids", "3x"} << "bad checkpoint '3x'";
        QTest::newRow("no ids") << QStringList{"--ids", ","} << "no model ids";
        QTest::newRow("bad k") << QStringList{"--ids", "3", "--k", "0"} << "--k";
        QTest::newRow("unknown option") << QStringList{"--ids", "3", "--neighbours", "4"} << "unknown option --neighbours";
    }

    void badInputExitsWithUsage()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const auto r = cli(QStringList{"diagnose", "--zoo", m_zoo, "--no-units"} + args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }

    void missingZooIsAnError()
    {
        const auto noZoo = cli({"diagnose", "--ids", "3"});
        QCOMPARE(noZoo.exitCode, 2);
        QVERIFY2(noZoo.err.contains("--zoo"), qPrintable(noZoo.err));
        const auto absent = cli({"diagnose", "--zoo", m_tmp.filePath("absent.h5"), "--ids", "3"});
        QCOMPARE(absent.exitCode, 2); // a missing input is bad usage
        QVERIFY2(absent.err.contains("zoo file not found"), qPrintable(absent.err));
    }

    void hyperRepresentationOfAnotherArchitectureIsRefused()
    {
        const auto r = cli({"diagnose", "--zoo", m_zoo, "--ae", m_cnn3, "--ids", "3", "--no-units"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("architecture mismatch") && r.err.contains(m_cnn3), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestAnalysisCli)
#include "tst_analysiscli.moc"
