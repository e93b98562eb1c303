// `zooscope-cli ae train / ae eval / embed / probe / bench ae` as a user runs them.
#include "AutoencoderTestUtil.h"
#include "ZooTestUtil.h"
#include "hyperrep/EmbeddingFile.h"
#include "hyperrep/HyperRepresentation.h"
#include "zoo/ZooFile.h"

#include <QFile>
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

const QStringList kSmallModel{"--threads", "1", "--latent", "8", "--d-model", "32", "--blocks", "1", "--heads", "2", "--ff", "64", "--projection", "16"};

} // namespace

class TestAutoencoderCli : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_zoo, m_ae;

private slots:
    void initTestCase()
    {
        m_zoo = m_tmp.filePath("zoo.h5");
        ModelZoo zoo = aetest::structuredZoo(40);
        zoo.datasetId = "fashion-mnist"; // so that `ae eval` measures accuracy on Debian's Fashion-MNIST
        ZooFile::write(zoo, m_zoo.toStdString());
        m_ae = m_tmp.filePath("small.hr");
    }

    void trainWritesAHyperRepresentation()
    {
        const auto r = cli(QStringList{"ae", "train", "--zoo", m_zoo, "--out", m_ae, "--epochs", "3", "--batch", "16"} + kSmallModel);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("epoch 3/3") && r.err.contains("left"), qPrintable(r.err));
        QVERIFY2(r.out.contains("time per epoch"), qPrintable(r.out));
        QVERIFY(!QFile::exists(m_ae + ".checkpoint"));
        const HyperRepresentation h = HyperRepresentation::load(m_ae.toStdString());
        QCOMPARE(h.latentDim(), int64_t(8));
        QCOMPARE(h.history().size(), size_t(3));
        QVERIFY(QString::fromStdString(h.trainingInfo().at("command").string()).contains("ae train"));
        QCOMPARE(QString::fromStdString(h.zoo().path), m_zoo);
    }

    void evalPrintsTheReportAsJson()
    {
        const bool haveData = QFile::exists("/usr/share/datasets/fashion-mnist");
        QStringList args{"ae", "eval", "--zoo", m_zoo, "--ae", m_ae, "--json"};
        if (!haveData)
            args << "--no-accuracy";
        const auto r = cli(args);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QVERIFY2(o.contains("reconstruction_r2") && o["reconstruction_r2"].isDouble(), qPrintable(r.out));
        QVERIFY(o.contains("accuracy_retention"));
        if (haveData) {
            QVERIFY2(o["accuracy_retention"].isDouble(), qPrintable(r.out));
            QCOMPARE(o["accuracy_models"].toInt(), 6);
        }
        QCOMPARE(o["layer_r2"].toObject().size(), 5);
        const QJsonObject probe = o["probe"].toObject();
        for (const char* property : {"test_accuracy", "generalization_gap", "epoch", "activation"}) {
            const QJsonObject p = probe[property].toObject();
            QVERIFY2(p["latent"].isDouble() && p["weights"].isDouble() && p["stats"].isDouble(), property);
        }
    }

    void infoShowsConfigZooAndCommand()
    {
        const auto text = cli({"ae", "info", m_ae});
        QVERIFY2(text.exitCode == 0, qPrintable(text.err));
        QVERIFY2(text.out.contains("latent 8") && text.out.contains(m_zoo) && text.out.contains("ae train"), qPrintable(text.out));
        const auto json = cli({"ae", "info", m_ae, "--json"});
        QVERIFY2(json.exitCode == 0, qPrintable(json.err));
        const QJsonObject o = QJsonDocument::fromJson(json.out.toUtf8()).object();
        QCOMPARE(o["latent_dim"].toInt(), 8);
        QCOMPARE(o["epochs"].toInt(), 3);
        QCOMPARE(o["zoo"].toObject()["path"].toString(), m_zoo);
        QVERIFY(o["training"].toObject()["command"].toString().contains("ae train"));
        const auto notAnAe = cli({"ae", "info", m_zoo});
        QCOMPARE(notAnAe.exitCode, 1);
        QVERIFY2(notAnAe.err.contains("not a ZooScope hyper-representation"), qPrintable(notAnAe.err));
    }

    void lossKindIsChosenByName()
    {
        const QString out = m_tmp.filePath("relative.hr");
        const auto r = cli(QStringList{"ae", "train", "--zoo", m_zoo, "--out", out, "--epochs", "1", "--batch", "16", "--loss",
                                       "model-relative"} + kSmallModel);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const HyperRepresentation h = HyperRepresentation::load(out.toStdString());
        QCOMPARE(QString::fromStdString(h.trainingInfo().at("options").at("loss").string()), QStringLiteral("model-relative"));
        const auto bad = cli(QStringList{"ae", "train", "--zoo", m_zoo, "--out", out, "--loss", "l1"});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(bad.err.contains("--loss") && bad.err.contains("model-relative"), qPrintable(bad.err));
    }

    void probeWithoutAutoencoderHasOnlyBaselines()
    {
        const auto r = cli({"probe", "--zoo", m_zoo, "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject p = QJsonDocument::fromJson(r.out.toUtf8()).object()["probe"].toObject()["test_accuracy"].toObject();
        QVERIFY(p["latent"].isNull());
        QVERIFY(p["weights"].toDouble() > 0.5);
        const auto text = cli({"probe", "--zoo", m_zoo, "--ae", m_ae});
        QVERIFY2(text.exitCode == 0 && text.out.contains("test_accuracy") && text.out.contains("s(W)"), qPrintable(text.out + text.err));
    }

    void embedStoresLatentsInTheZoo()
    {
        const auto r = cli({"embed", "--zoo", m_zoo, "--ae", m_ae});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const ZooEmbedding e = EmbeddingFile::read(m_zoo.toStdString(), "small");
        QCOMPARE(e.models, int64_t(40));
        QCOMPARE(e.latentDim, int64_t(8));
        QCOMPARE(e.hyperRepresentationHash, HyperRepresentation::fileHash(m_ae.toStdString()));
        // The stored latents are the autoencoder's encoding of the zoo's weights.
        const ModelZoo zoo = ZooFile::read(m_zoo.toStdString());
        const HyperRepresentation h = HyperRepresentation::load(m_ae.toStdString());
        const std::vector<float> z = h.encode(zoo.weightsAt(7, 2), 1);
        for (int64_t k = 0; k < 8; ++k)
            QVERIFY(std::abs(z[static_cast<size_t>(k)] - e.latentAt(7, 2)[k]) < 1e-5f);
    }

    void clearErrors()
    {
        const auto missing = cli({"ae", "eval", "--zoo", m_tmp.filePath("nope.h5"), "--ae", m_ae});
        QCOMPARE(missing.exitCode, 2); // a missing input is bad usage
        QVERIFY2(missing.err.contains("nope.h5") && missing.err.contains("not found"), qPrintable(missing.err));
        const auto noAe = cli({"embed", "--zoo", m_zoo, "--ae", m_tmp.filePath("nope.hr")});
        QCOMPARE(noAe.exitCode, 2);
        QVERIFY2(noAe.err.contains("nope.hr"), qPrintable(noAe.err));

        const QString cnn3 = m_tmp.filePath("cnn3.h5");
        ZooFile::write(aetest::structuredZoo(10, {0, 1}, 3, 1, Architecture::cnn3(3)), cnn3.toStdString());
        const auto mismatch = cli({"ae", "eval", "--zoo", cnn3, "--ae", m_ae, "--json"});
        QCOMPARE(mismatch.exitCode, 1);
        QVERIFY2(mismatch.err.contains("trained for cnn-s") && mismatch.err.contains("cnn3"), qPrintable(mismatch.err));
        const auto badOption = cli({"ae", "train", "--zoo", m_zoo, "--out", m_ae, "--heads", "3"});
        QCOMPARE(badOption.exitCode, 2);
        QVERIFY2(badOption.err.contains("multiple of heads"), qPrintable(badOption.err));
    }

    void benchReportsTimeAndMemory()
    {
        const auto r = cli(QStringList{"bench", "ae", "--samples", "64", "--epochs", "2", "--batch", "16", "--json"} + kSmallModel);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QVERIFY(o["seconds_per_epoch"].toDouble() > 0);
        QVERIFY(o["peak_memory_mib"].toDouble() > 10);
        QCOMPARE(o["samples"].toInt(), 64);
    }
};

QTEST_GUILESS_MAIN(TestAutoencoderCli)
#include "tst_autoencodercli.moc"
