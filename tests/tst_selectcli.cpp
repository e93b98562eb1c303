// `zooscope-cli select` as a user runs it: the report, the kept models, and the errors on bad input.
#include "AutoencoderTestUtil.h"
#include "ZooTestUtil.h"
#include "hyperrep/HyperRepresentation.h"
#include "zoo/ZooFile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <set>

using namespace zooscope;

namespace {

zootest::ProcessResult cli(const QStringList& args)
{
    return zootest::runProcess(QStringLiteral(ZOOSCOPE_BIN_DIR "/zooscope-cli"), args);
}

// An untrained autoencoder is enough: select only encodes.
void writeHyperRepresentation(const ModelZoo& zoo, const QString& path, const std::string& datasetId)
{
    HyperRepresentation h = aetest::untrainedHyperRepresentation(zoo);
    ZooIdentity identity;
    identity.datasetId = datasetId;
    identity.architecture = zoo.architecture.name;
    h.setZoo(identity);
    h.save(path.toStdString());
}

} // namespace

class TestSelectCli : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_zoo, m_ae;
    std::set<int64_t> m_ids;

private slots:
    void initTestCase()
    {
        m_zoo = m_tmp.filePath("zoo.h5");
        const ModelZoo zoo = aetest::structuredZoo(60, {0, 1, 2, 4});
        ZooFile::write(zoo, m_zoo.toStdString());
        m_ids.insert(zoo.modelIds.begin(), zoo.modelIds.end());
        m_ae = m_tmp.filePath("zoo.hr");
        writeHyperRepresentation(zoo, m_ae, zoo.datasetId);
    }

    void reportsEveryEarlyEpochAsJson()
    {
        const auto r = cli({"select", "--zoo", m_zoo, "--ae", m_ae, "--json", "--keep", "6", "--by", "weights", "--at", "2"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject j = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(j["final_epoch"].toInt(), 4);
        const QJsonArray epochs = j["epochs"].toArray();
        QCOMPARE(epochs.size(), 3);
        QCOMPARE(epochs[2].toObject()["epoch"].toInt(), 2);
        const QJsonObject predictors = epochs[0].toObject()["predictors"].toObject();
        for (const char* p : {"latent", "weights", "stats", "current", "latent+current"}) {
            QVERIFY2(predictors.contains(p), p);
            const double tau = predictors[p].toObject()["kendall_tau"].toDouble(99);
            QVERIFY(tau >= -1 && tau <= 1);
            QVERIFY(predictors[p].toObject()["precision"].toObject().contains("top25"));
        }
        QVERIFY(epochs[0].toObject()["stopping"].toObject()["top10"].toObject()["model_epochs_saved"].toInt() > 0);
        const QJsonObject kept = j["kept"].toObject();
        QCOMPARE(kept["epoch"].toInt(), 2);
        QCOMPARE(kept["predictor"].toString(), QStringLiteral("weights"));
        const QJsonArray ids = kept["ids"].toArray();
        QCOMPARE(ids.size(), 6);
        std::set<int64_t> distinct;
        for (const auto& id : ids) {
            QVERIFY(m_ids.count(id.toInteger()));
            distinct.insert(id.toInteger());
        }
        QCOMPARE(distinct.size(), size_t(6));
    }

    void printsATableWithoutAHyperRepresentation()
    {
        const auto r = cli({"select", "--zoo", m_zoo, "--epochs", "1", "--keep", "3"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("epoch 1:") && !r.out.contains("epoch 0:"), qPrintable(r.out));
        QVERIFY2(r.out.contains("stats") && !r.out.contains("latent"), qPrintable(r.out));
        QVERIFY2(r.out.contains("the 3 models with the best final accuracy predicted by stats at epoch 1:"), qPrintable(r.out));
    }

    void refusesBadInput()
    {
        const auto usage = [&](const QStringList& args, const char* words) {
            const auto r = cli(QStringList{"select", "--zoo", m_zoo} + args);
            if (r.exitCode != 2 || !r.err.contains(words))
                qWarning("%s -> %d: %s", qPrintable(args.join(' ')), r.exitCode, qPrintable(r.err));
            return r.exitCode == 2 && r.err.contains(words);
        };
        QVERIFY(usage({"--epochs", "3"}, "3 is not a checkpoint epoch of the zoo"));
        QVERIFY(usage({"--epochs", "4"}, "not before the final epoch 4"));
        QVERIFY(usage({"--final-epoch", "7"}, "--final-epoch 7 is not an epoch of the zoo"));
        QVERIFY(usage({"--keep", "0"}, "option --keep: expects an integer in 1..100000000"));
        QVERIFY(usage({"--by", "weights"}, "give --keep N"));
        QVERIFY(usage({"--keep", "2", "--by", "latent"}, "--by latent needs a hyper-representation"));
        QVERIFY(usage({"--keep", "2", "--by", "oracle"}, "unknown predictor 'oracle'"));
        QVERIFY(usage({"--keep", "2", "--at", "3"}, "--at 3 is not a checkpoint epoch"));
        QVERIFY(usage({"--colour"}, "colour"));

        auto r = cli({"select", "--zoo", m_tmp.filePath("missing.h5")});
        QCOMPARE(r.exitCode, 2); // a missing input is bad usage
        QVERIFY2(r.err.contains("zoo file not found"), qPrintable(r.err));
        // A hyper-representation made for another zoo: another architecture, or another dataset.
        const ModelZoo cnn3 = aetest::structuredZoo(20, {0, 1, 2}, 3, 7, Architecture::cnn3(1));
        writeHyperRepresentation(cnn3, m_tmp.filePath("cnn3.hr"), cnn3.datasetId);
        r = cli({"select", "--zoo", m_zoo, "--ae", m_tmp.filePath("cnn3.hr")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("cnn3"), qPrintable(r.err));
        writeHyperRepresentation(aetest::structuredZoo(20, {0, 1, 2}), m_tmp.filePath("other.hr"), "mnist");
        r = cli({"select", "--zoo", m_zoo, "--ae", m_tmp.filePath("other.hr")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("trained on a zoo of dataset 'mnist'"), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestSelectCli)
#include "tst_selectcli.moc"
