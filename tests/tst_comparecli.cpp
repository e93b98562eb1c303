// `zooscope-cli compare` as a user runs it: the JSON's shape, the text, and the errors on bad input.
#include "AutoencoderTestUtil.h"
#include "ZooTestUtil.h"
#include "hyperrep/HyperRepresentation.h"
#include "zoo/ZooFile.h"

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

// An untrained hyper-representation of `architecture`: encoding is deterministic, which is all compare needs.
void saveTinyHyperRepresentation(const Architecture& architecture, const std::string& datasetId, const QString& path)
{
    const std::vector<float> sample(size_t(architecture.parameterCount()), 0.1f);
    HyperRepresentation h = aetest::untrainedHyperRepresentation(architecture, {sample.data()});
    ZooIdentity zoo;
    zoo.datasetId = datasetId;
    zoo.architecture = architecture.name;
    h.setZoo(zoo);
    h.save(path.toStdString());
}

} // namespace

class TestCompareCli : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_zoo, m_ae;
    const QString m_mnist = QStringLiteral(ZOOSCOPE_SOURCE_DIR "/tests/data/mnist");

private slots:
    void initTestCase()
    {
        m_zoo = m_tmp.filePath("zoo.h5");
        ModelZoo zoo = zootest::syntheticZoo(5, 4, {0, 2, 4}); // ids 100, 103, 106, 109, 112
        zoo.datasetId = "mnist";
        ZooFile::write(zoo, m_zoo.toStdString());
        m_ae = m_tmp.filePath("tiny.hr");
        saveTinyHyperRepresentation(zoo.architecture, "mnist", m_ae);
    }

    void jsonHasEveryPart()
    {
        const auto r = cli({"compare", "--zoo", m_zoo, "--ae", m_ae, "--data", m_mnist, "--threads", "1", "100@0", "103@4", "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(o["a"].toString(), QStringLiteral("100@0"));
        QCOMPARE(o["b"].toString(), QStringLiteral("103@4"));
        QCOMPARE(o["zoo"].toString(), m_zoo);
        QVERIFY2(o["weight_distance"].toDouble() > 0, qPrintable(r.out));
        QVERIFY(o["latent_distance"].isDouble() && o["latent_cosine"].isDouble());
        const QJsonArray layers = o["layers"].toArray();
        QCOMPARE(layers.size(), 5);
        QCOMPARE(layers[0].toObject()["layer"].toString(), QStringLiteral("conv1"));
        for (const char* key : {"norm_a", "change", "relative_change"})
            QVERIFY2(layers[4].toObject()[key].isDouble(), key);
        const QJsonObject recorded = o["recorded"].toObject();
        QVERIFY(recorded["a"].toObject()["test_accuracy"].isDouble() && recorded["test_accuracy_change"].isDouble());
        const QJsonObject p = o["predictions"].toObject();
        QVERIFY2(p["images"].toInt() > 0, qPrintable(r.out));
        QVERIFY(p["disagreement"].toDouble() >= 0 && p["disagreement"].toDouble() <= 1);
        QCOMPARE(p["errors_b"].toInt(), p["errors_a"].toInt() - p["fixed_by_b"].toInt() + p["new_errors_of_b"].toInt());
        const QJsonObject ta = o["trajectories"].toObject()["a"].toObject();
        QCOMPARE(ta["model"].toInt(), 100);
        QCOMPARE(ta["epochs"].toArray().size(), 3);
        QVERIFY(ta["weight_path_length"].toDouble() > 0 && ta["latent_path_length"].toDouble() > 0);
        const QJsonObject aOnB = o["nearest"].toObject()["a_on_b"].toObject();
        QCOMPARE(aOnB["trajectory_model"].toInt(), 103);
        QVERIFY(aOnB["weight_epoch"].isDouble() && aOnB["latent_epoch"].isDouble());
    }

    void sameCheckpointWithoutPredictions()
    {
        const auto r = cli({"compare", "--zoo", m_zoo, "106@2", "106@2", "--no-predictions", "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(o["weight_distance"].toDouble(), 0.0);
        QVERIFY(o["predictions"].isNull());
        QVERIFY(o["latent_distance"].isNull() && o["ae"].isNull());
        QCOMPARE(o["nearest"].toObject()["a_on_b"].toObject()["weight_epoch"].toInt(), 2);
    }

    void textNamesTheParts()
    {
        const auto r = cli({"compare", "--zoo", m_zoo, "--ae", m_ae, "100@2", "103@4", "--no-predictions"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        for (const char* part : {"A = 100@2, B = 103@4", "weight distance", "latent distance", "conv1", "fc2",
                                 "model 100 (epochs 0, 2, 4): path length", "model 103 (epochs 0, 2, 4)",
                                 "100@2 is nearest to epoch", "103@4 is nearest to epoch"})
            QVERIFY2(r.out.contains(part), qPrintable(part + QStringLiteral(" missing in:\n") + r.out));
        const auto versions = cli({"compare", "--zoo", m_zoo, "100@2", "100@4", "--no-predictions"});
        QVERIFY2(versions.exitCode == 0 && versions.out.contains("checkpoints of one model") &&
                     !versions.out.contains("latent distance") && !versions.out.contains("model 100 (epochs 0, 2, 4): path length 0"),
                 qPrintable(versions.out + versions.err));
    }

    void badCheckpointsAreUsageErrors()
    {
        const QList<std::pair<QStringList, QString>> cases{
            {{"100@2", "999@2"}, "model id 999 is not in the zoo"},
            {{"100@3", "100@2"}, "epoch 3 of 100@3 is not a checkpoint epoch"},
            {{"100-2", "100@2"}, "bad checkpoint '100-2'"},
            {{"100@2", "100"}, "has no epoch"},
            {{"100@2"}, "two checkpoints"},
            {{"100@2", "103@2", "106@2"}, "two checkpoints"},
        };
        for (const auto& [checkpoints, message] : cases) {
            const auto r = cli(QStringList{"compare", "--zoo", m_zoo, "--no-predictions"} + checkpoints);
            QVERIFY2(r.exitCode == 2, qPrintable(checkpoints.join(' ') + ": " + r.err));
            QVERIFY2(r.err.contains("zooscope-cli compare: ") && r.err.contains(message), qPrintable(r.err));
        }
    }

    void hyperRepresentationOfAnotherZooIsRefused()
    {
        const QString otherArchitecture = m_tmp.filePath("rgb.hr");
        saveTinyHyperRepresentation(Architecture::cnnSmall(3), "mnist", otherArchitecture);
        const auto r = cli({"compare", "--zoo", m_zoo, "--ae", otherArchitecture, "100@2", "103@2", "--no-predictions"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(otherArchitecture) && r.err.contains("architecture mismatch"), qPrintable(r.err));

        const QString otherDataset = m_tmp.filePath("cifar.hr");
        saveTinyHyperRepresentation(Architecture::cnnSmall(1), "cifar10", otherDataset);
        const auto d = cli({"compare", "--zoo", m_zoo, "--ae", otherDataset, "100@2", "103@2", "--no-predictions"});
        QCOMPARE(d.exitCode, 1);
        QVERIFY2(d.err.contains("dataset 'cifar10'"), qPrintable(d.err));

        const auto missing = cli({"compare", "--zoo", m_zoo, "--ae", m_tmp.filePath("none.hr"), "100@2", "103@2"});
        QCOMPARE(missing.exitCode, 2); // a missing input is bad usage
        QVERIFY2(missing.err.contains("hyper-representation file not found"), qPrintable(missing.err));
    }
};

QTEST_GUILESS_MAIN(TestCompareCli)
#include "tst_comparecli.moc"
