// The zoo commands of zooscope-cli as a user runs them: info (text and the --json contract), import,
// export, merge, and clean errors for bad files.
#include "PublicZooTestUtil.h"
#include "ZooTestUtil.h"
#include "core/Json.h"
#include "zoo/TorchStateDict.h"
#include "zoo/ZooFile.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>

using namespace zooscope;
using zootest::syntheticZoo;
using zootest::writePublicZoo;

namespace {

zootest::ProcessResult cli(const QStringList& args)
{
    return zootest::runProcess(QStringLiteral(ZOOSCOPE_BIN_DIR "/zooscope-cli"), args);
}

void writeText(const QString& path, const std::string& text)
{
    std::ofstream out(path.toStdString());
    out << text;
}

} // namespace

class TestZooCli : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_zoo;
    ModelZoo m_model;

private slots:
    void initTestCase()
    {
        m_zoo = m_tmp.filePath(QStringLiteral("zoo.h5"));
        m_model = syntheticZoo(9);
        // Known accuracies at the checkpoints: model m has test_acc (m + 1) / 10 at every epoch.
        for (int64_t m = 0; m < 9; ++m)
            for (int64_t e = 0; e <= m_model.epochs; ++e)
                m_model.testAccuracy[m * (m_model.epochs + 1) + e] = float(m + 1) / 10.0f;
        ZooFile::write(m_model, m_zoo.toStdString());
    }

    void helpListsTheZooCommands()
    {
        const auto r = cli({QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        for (const char* c : {"zoo info", "zoo import", "zoo export", "zoo merge"})
            QVERIFY2(r.out.contains(QLatin1String(c)), c);
        const auto h = cli({QStringLiteral("zoo"), QStringLiteral("export"), QStringLiteral("--help")});
        QVERIFY(h.out.contains(QStringLiteral("--random N")));
    }

    void infoJsonContract()
    {
        const auto r = cli({QStringLiteral("zoo"), QStringLiteral("info"), m_zoo, QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QJsonParseError pe;
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8(), &pe).object();
        QVERIFY2(pe.error == QJsonParseError::NoError, qPrintable(r.out));
        QCOMPARE(o[QStringLiteral("models")].toInt(), 9);
        QCOMPARE(o[QStringLiteral("parameters")].toInt(), 2464);
        QCOMPARE(o[QStringLiteral("checkpoints")].toArray(), (QJsonArray{0, 2, 4}));
        QCOMPARE(o[QStringLiteral("architecture")].toString(), QStringLiteral("cnn-s"));
        QCOMPARE(o[QStringLiteral("dataset")].toString(), QStringLiteral("fashion-mnist"));
        const QJsonObject hp = o[QStringLiteral("hyperparameters")].toObject();
        QCOMPARE(hp[QStringLiteral("activation")].toArray(),
                 (QJsonArray{QStringLiteral("tanh"), QStringLiteral("relu"), QStringLiteral("sigmoid"), QStringLiteral("gelu")}));
        QCOMPARE(hp[QStringLiteral("optimizer")].toArray(), (QJsonArray{QStringLiteral("adam"), QStringLiteral("sgd")}));
        QCOMPARE(hp[QStringLiteral("dropout")].toArray(), (QJsonArray{0, 0.5}));
        QCOMPARE(hp[QStringLiteral("lr")].toArray(), (QJsonArray{1e-4, 1e-3}));
        QCOMPARE(hp[QStringLiteral("seed")].toArray().size(), 9);
        QVERIFY(hp.contains(QStringLiteral("init")) && hp.contains(QStringLiteral("weight_decay")));
        const QJsonObject acc = o[QStringLiteral("test_acc")].toObject();
        QCOMPARE(acc.keys(), (QStringList{QStringLiteral("0"), QStringLiteral("2"), QStringLiteral("4")}));
        const QJsonObject a4 = acc[QStringLiteral("4")].toObject();
        QVERIFY(std::abs(a4[QStringLiteral("mean")].toDouble() - 0.5) < 1e-6);
        QVERIFY(std::abs(a4[QStringLiteral("min")].toDouble() - 0.1) < 1e-6);
        QVERIFY(std::abs(a4[QStringLiteral("max")].toDouble() - 0.9) < 1e-6);
        QVERIFY(std::abs(a4[QStringLiteral("std")].toDouble() - std::sqrt(20.0 / 3.0) / 10.0) < 1e-6);
        QCOMPARE(a4[QStringLiteral("count")].toInt(), 9);
        const QJsonObject split = o[QStringLiteral("split")].toObject();
        QCOMPARE(split[QStringLiteral("train")].toInt() + split[QStringLiteral("val")].toInt() + split[QStringLiteral("test")].toInt(), 9);
        QCOMPARE(o[QStringLiteral("created_by")].toString(), QString::fromStdString(m_model.createdBy));
    }

    void infoText()
    {
        const auto r = cli({QStringLiteral("zoo"), QStringLiteral("info"), m_zoo});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("cnn-s")) && r.out.contains(QStringLiteral("9 (")) &&
                     r.out.contains(QStringLiteral("0, 2, 4")) && r.out.contains(QStringLiteral("kaiming_uniform")) &&
                     r.out.contains(QStringLiteral("50.00")),
                 qPrintable(r.out));
    }

    void exportIdsRandomAndEpoch()
    {
        const QString out = m_tmp.filePath(QStringLiteral("export-ids"));
        auto r = cli({QStringLiteral("zoo"), QStringLiteral("export"), m_zoo, QStringLiteral("--out"), out, QStringLiteral("--ids"),
                      QStringLiteral("103,118")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(QDir(out).entryList(QDir::Files, QDir::Name),
                 (QStringList{QStringLiteral("103.json"), QStringLiteral("103.pt"), QStringLiteral("118.json"), QStringLiteral("118.pt")}));
        // The last checkpoint by default; weights equal the zoo's.
        const auto sd = TorchStateDict::read((out + QStringLiteral("/118.pt")).toStdString());
        const std::vector<float> flat = TorchStateDict::toFlat(m_model.architecture, sd);
        QVERIFY(std::equal(flat.begin(), flat.end(), m_model.weightsAt(m_model.rowOf(118), 2)));
        QFile jf(out + QStringLiteral("/118.json"));
        QVERIFY(jf.open(QIODevice::ReadOnly));
        const QJsonObject j = QJsonDocument::fromJson(jf.readAll()).object();
        QCOMPARE(j[QStringLiteral("id")].toInt(), 118);
        QCOMPARE(j[QStringLiteral("epoch")].toInt(), 4);
        QCOMPARE(j[QStringLiteral("activation")].toString(), QStringLiteral("sigmoid"));
        QVERIFY(std::abs(j[QStringLiteral("test_acc")].toDouble() - 0.7) < 1e-6); // row 6: 7/10
        // row 6 has dropout 0.5: the module indices of a CNN-s with dropout modules
        QCOMPARE(j[QStringLiteral("dropout")].toDouble(), 0.5);
        QCOMPARE(sd[2].name, std::string("module_list.4.weight"));

        const QString rnd = m_tmp.filePath(QStringLiteral("export-random"));
        r = cli({QStringLiteral("zoo"), QStringLiteral("export"), m_zoo, QStringLiteral("--out"), rnd, QStringLiteral("--random"),
                 QStringLiteral("3"), QStringLiteral("--seed"), QStringLiteral("5"), QStringLiteral("--epoch"), QStringLiteral("2")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QStringList files = QDir(rnd).entryList({QStringLiteral("*.json")}, QDir::Files);
        QCOMPARE(files.size(), 3);
        // Same seed, same choice.
        const QString rnd2 = m_tmp.filePath(QStringLiteral("export-random2"));
        cli({QStringLiteral("zoo"), QStringLiteral("export"), m_zoo, QStringLiteral("--out"), rnd2, QStringLiteral("--random"),
             QStringLiteral("3"), QStringLiteral("--seed"), QStringLiteral("5"), QStringLiteral("--epoch"), QStringLiteral("2")});
        QCOMPARE(QDir(rnd2).entryList({QStringLiteral("*.json")}, QDir::Files), files);
        QFile rj(rnd + "/" + files[0]);
        QVERIFY(rj.open(QIODevice::ReadOnly));
        QCOMPARE(QJsonDocument::fromJson(rj.readAll()).object()[QStringLiteral("epoch")].toInt(), 2);

        // Errors: unknown id, unknown epoch, bad option values.
        r = cli({QStringLiteral("zoo"), QStringLiteral("export"), m_zoo, QStringLiteral("--out"), out, QStringLiteral("--ids"), QStringLiteral("5")});
        QCOMPARE(r.exitCode, 2); // an id or epoch the zoo lacks is bad usage
        QVERIFY2(r.err.contains(QStringLiteral("no model with id 5")), qPrintable(r.err));
        r = cli({QStringLiteral("zoo"), QStringLiteral("export"), m_zoo, QStringLiteral("--out"), out, QStringLiteral("--epoch"), QStringLiteral("3")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("no checkpoint at epoch 3 (checkpoints: 0, 2, 4)")), qPrintable(r.err));
        r = cli({QStringLiteral("zoo"), QStringLiteral("export"), m_zoo, QStringLiteral("--out"), out, QStringLiteral("--ids"), QStringLiteral("1,x")});
        QCOMPARE(r.exitCode, 2);
        r = cli({QStringLiteral("zoo"), QStringLiteral("export"), m_zoo, QStringLiteral("--out"), out, QStringLiteral("--random"), QStringLiteral("99")});
        QCOMPARE(r.exitCode, 2);
    }

    void exportAllByDefault()
    {
        const QString out = m_tmp.filePath(QStringLiteral("export-all"));
        const auto r = cli({QStringLiteral("zoo"), QStringLiteral("export"), m_zoo, QStringLiteral("--out"), out});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(QDir(out).entryList({QStringLiteral("*.pt")}, QDir::Files).size(), 9);
        QVERIFY2(r.err.contains(QStringLiteral("100%")), qPrintable(r.err)); // progress
        const auto sd = TorchStateDict::read((out + QStringLiteral("/100.pt")).toStdString());
        QCOMPARE(sd[2].name, std::string("module_list.4.weight")); // model 100 has dropout 0.5
    }

    void importPublicLayout()
    {
        const QString dir = m_tmp.filePath(QStringLiteral("public"));
        ModelZoo src = syntheticZoo(4, 3, {0, 1, 3}, 11);
        src.weightsAt(2, 1)[17] = 6.0f; // dropped with --max-abs 5 (the default)
        writePublicZoo(src, dir);
        // A model folder the importer cannot use: skipped and reported, the rest imported.
        QDir().mkpath(dir + QStringLiteral("/trial_bad"));
        writeText(dir + QStringLiteral("/trial_bad/params.json"), R"({"model::nlin": "swish", "model::init_type": "uniform",
                  "optim::optimizer": "adam", "optim::lr": 0.001})");
        const QString out = m_tmp.filePath(QStringLiteral("imported.h5"));
        auto r = cli({QStringLiteral("zoo"), QStringLiteral("import"), dir, QStringLiteral("--out"), out});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("imported 4 of 5")) && r.out.contains(QStringLiteral("1 dropped")) &&
                     r.out.contains(QStringLiteral("trial_002 epoch 1: max |w| 6 > 5")) &&
                     r.out.contains(QStringLiteral("skipped model trial_bad: params.json: unknown activation 'swish'")),
                 qPrintable(r.out));
        const ModelZoo z = ZooFile::read(out.toStdString());
        QCOMPARE(z.modelCount(), int64_t(4));
        QCOMPARE(z.checkpointEpochs, (std::vector<int64_t>{0, 1, 3}));
        QCOMPARE(z.datasetId, std::string("fashion-mnist"));
        QVERIFY(!z.hasWeights(2, 1));
        QVERIFY(std::equal(z.weightsAt(3, 2), z.weightsAt(3, 2) + 2464, src.weightsAt(3, 2)));
        QCOMPARE(z.metricAt(z.testAccuracy, 1, 2), src.metricAt(src.testAccuracy, 1, 2));
        QVERIFY2(QString::fromStdString(z.createdBy).startsWith(QStringLiteral("zooscope-cli zoo import ")),
                 z.createdBy.c_str());

        r = cli({QStringLiteral("zoo"), QStringLiteral("import"), dir, QStringLiteral("--out"), out, QStringLiteral("--max-abs"),
                 QStringLiteral("10"), QStringLiteral("--dataset"), QStringLiteral("my-data")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QStringLiteral("0 dropped")));
        QCOMPARE(ZooFile::readSummary(out.toStdString()).datasetId, std::string("my-data"));

        r = cli({QStringLiteral("zoo"), QStringLiteral("import"), m_tmp.filePath(QStringLiteral("nothing-here")), QStringLiteral("--out"), out});
        QCOMPARE(r.exitCode, 2); // a missing input is bad usage
        QVERIFY2(r.err.contains(QStringLiteral("not found")), qPrintable(r.err));
        r = cli({QStringLiteral("zoo"), QStringLiteral("import"), dir});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("--out")));
    }

    void mergeShards()
    {
        // Two shards: rows 0-3 and 4-8 of the same zoo.
        const auto shard = [&](int first, int last, const QString& name) {
            ModelZoo s = m_model;
            const size_t perModel = size_t(s.checkpointCount() * s.parameterCount());
            const size_t perMetric = size_t(s.epochs + 1);
            s.modelIds.assign(m_model.modelIds.begin() + first, m_model.modelIds.begin() + last);
            s.hyperparameters.assign(m_model.hyperparameters.begin() + first, m_model.hyperparameters.begin() + last);
            s.modelSources.assign(m_model.modelSources.begin() + first, m_model.modelSources.begin() + last);
            s.weights.assign(m_model.weights.begin() + first * perModel, m_model.weights.begin() + last * perModel);
            for (auto mem : {&ModelZoo::trainLoss, &ModelZoo::trainAccuracy, &ModelZoo::validationLoss, &ModelZoo::validationAccuracy,
                             &ModelZoo::testLoss, &ModelZoo::testAccuracy})
                (s.*mem).assign((m_model.*mem).begin() + first * perMetric, (m_model.*mem).begin() + last * perMetric);
            assignPopulationSplit(s);
            const QString path = m_tmp.filePath(name);
            ZooFile::write(s, path.toStdString());
            return path;
        };
        const QString a = shard(0, 4, QStringLiteral("shard-a.h5"));
        const QString b = shard(4, 9, QStringLiteral("shard-b.h5"));
        const QString merged = m_tmp.filePath(QStringLiteral("merged.h5"));
        auto r = cli({QStringLiteral("zoo"), QStringLiteral("merge"), merged, b, a});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QStringLiteral("9 models")));
        const ModelZoo z = ZooFile::read(merged.toStdString());
        QCOMPARE(z.modelIds, m_model.modelIds);
        QVERIFY(z.weights == m_model.weights);
        QVERIFY(z.split == m_model.split); // the split of the zoo made in one go

        r = cli({QStringLiteral("zoo"), QStringLiteral("merge"), merged, a, a});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("also in another shard")), qPrintable(r.err));
        r = cli({QStringLiteral("zoo"), QStringLiteral("merge"), merged});
        QCOMPARE(r.exitCode, 2);
    }

    void badFilesGiveCleanErrors()
    {
        const QString text = m_tmp.filePath(QStringLiteral("text.h5"));
        writeText(text, "not a zoo");
        QFile f(m_zoo);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray all = f.readAll();
        const QString cut = m_tmp.filePath(QStringLiteral("cut.h5"));
        QFile c(cut);
        QVERIFY(c.open(QIODevice::WriteOnly));
        c.write(all.left(all.size() / 3));
        c.close();
        const QString missing = m_tmp.filePath(QStringLiteral("missing.h5"));
        const auto absent = cli({QStringLiteral("zoo"), QStringLiteral("info"), missing, QStringLiteral("--json")});
        QCOMPARE(absent.exitCode, 2); // a missing input is bad usage
        QVERIFY2(absent.err.startsWith(QStringLiteral("zooscope-cli zoo info: ") + missing + QStringLiteral(": zoo file not found")),
                 qPrintable(absent.err));
        for (const QString& path : {text, cut}) {
            const auto r = cli({QStringLiteral("zoo"), QStringLiteral("info"), path, QStringLiteral("--json")});
            QCOMPARE(r.exitCode, 1);
            QVERIFY2(r.err.startsWith(QStringLiteral("zooscope-cli zoo info: error: ") + path), qPrintable(r.err));
            QVERIFY2(!r.err.contains(QStringLiteral("HDF5-DIAG")), qPrintable(r.err)); // HDF5's own stack is not printed
            QVERIFY(r.out.isEmpty());
        }
    }

    void upgradeOldFileAndCorruptOnes()
    {
        // an old-format zoo (no checksums, variable-length strings) into the checksummed format
        const QString old = QStringLiteral(ZOOSCOPE_SOURCE_DIR "/tests/fuzz/corpus/zoo/old-format-4-models.zoo.h5");
        const QString upgraded = m_tmp.filePath(QStringLiteral("upgraded.h5"));
        auto r = cli({QStringLiteral("zoo"), QStringLiteral("upgrade"), old, QStringLiteral("--out"), upgraded});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("superblock v0, metadata without checksums"))
                     && r.out.contains(QStringLiteral("(superblock v3, checksummed metadata")) && r.out.contains(QStringLiteral("1 embedding")),
                 qPrintable(r.out));
        const ModelZoo before = ZooFile::read(old.toStdString()), after = ZooFile::read(upgraded.toStdString());
        QVERIFY(after.weights == before.weights);
        QCOMPARE(after.modelIds, before.modelIds);
        r = cli({QStringLiteral("zoo"), QStringLiteral("upgrade"), old});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("--out")), qPrintable(r.err));

        // a mutated old file that crashed libhdf5: an error message, exit 1, no crash
        const QString crashed = QStringLiteral(ZOOSCOPE_SOURCE_DIR "/tests/fuzz/regressions/zoo/segv-global-heap-byte-2815.h5");
        for (const char* command : {"info", "export"}) {
            QStringList args{QStringLiteral("zoo"), QString::fromLatin1(command), crashed};
            if (QByteArray(command) == "export")
                args << QStringLiteral("--out") << m_tmp.filePath(QStringLiteral("export-crashed"));
            r = cli(args);
            QCOMPARE(r.exitCode, 1);
            QVERIFY2(r.err.contains(QStringLiteral("the file's HDF5 metadata is corrupt: reading it crashed libhdf5 (signal 11)")),
                     qPrintable(r.err));
        }
        r = cli({QStringLiteral("zoo"), QStringLiteral("upgrade"), crashed, QStringLiteral("--out"), m_tmp.filePath(QStringLiteral("x.h5"))});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(!QFile::exists(m_tmp.filePath(QStringLiteral("x.h5"))));

        // a flipped byte in a new file's metadata: libhdf5's checksum error, and nothing else on stderr
        QFile f(upgraded);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QByteArray bytes = f.readAll();
        f.close();
        const int header = bytes.indexOf("OHDR");
        bytes[header + 7] = char(bytes[header + 7] ^ 0x10);
        const QString bad = m_tmp.filePath(QStringLiteral("bad-checksum.h5"));
        QFile b(bad);
        QVERIFY(b.open(QIODevice::WriteOnly));
        b.write(bytes);
        b.close();
        r = cli({QStringLiteral("zoo"), QStringLiteral("info"), bad});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("incorrect metadata checksum")) && r.err.count(QLatin1Char('\n')) == 1, qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestZooCli)
#include "tst_zoocli.moc"
