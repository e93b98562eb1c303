// PyTorch interop with Debian's python3-torch: reading real torch.save'd state dicts (zip and legacy),
// importing a zoo in the public on-disk layout, and exporting models that plain PyTorch loads and that
// reach the accuracy their JSON records.
#include "ErrorOf.h"
#include "ZooTestUtil.h"
#include "zoo/PublicZooImporter.h"
#include "zoo/TorchStateDict.h"
#include "zoo/ZooExporter.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <cstring>
#include <fstream>

using namespace zooscope;

namespace {

const QString kScripts = QStringLiteral(ZOOSCOPE_SOURCE_DIR "/tests/python");

std::vector<float> readBin(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QByteArray b = f.readAll();
    std::vector<float> v(static_cast<size_t>(b.size()) / sizeof(float));
    std::memcpy(v.data(), b.constData(), v.size() * sizeof(float));
    return v;
}

bool bitwiseEqual(const float* a, const std::vector<float>& b)
{
    return std::memcmp(a, b.data(), b.size() * sizeof(float)) == 0;
}

using zootest::errorOf;

} // namespace

class TestTorchInterop : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_zoo, m_ref;
    QJsonObject m_manifest;

    QJsonObject manifestModel(int i) const { return m_manifest[QStringLiteral("models")].toArray()[i].toObject(); }
    QString folder(int i) const { return manifestModel(i)[QStringLiteral("folder")].toString(); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_zoo = m_tmp.filePath(QStringLiteral("public-zoo"));
        m_ref = m_tmp.filePath(QStringLiteral("reference"));
        const auto r = zootest::runProcess(zootest::debianPython(),
                                           {kScripts + QStringLiteral("/make_public_zoo.py"), m_zoo, m_ref});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QFile f(m_ref + QStringLiteral("/manifest.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        m_manifest = QJsonDocument::fromJson(f.readAll()).object();
        QCOMPARE(m_manifest[QStringLiteral("models")].toArray().size(), 4);
    }

    void stateDictKeysMatchThePublicModules()
    {
        const auto r = zootest::runPython(QStringLiteral(
            "import sys, json\nsys.path.insert(0, sys.argv[1])\nfrom public_zoo_common import CNN, CNN3\n"
            "print(json.dumps([list(CNN(1, 'tanh', 0.0).state_dict().keys()), list(CNN(1, 'tanh', 0.5).state_dict().keys()),"
            " list(CNN3(3, 'tanh', 0.0).state_dict().keys()), [int(p.numel()) for p in CNN3(3).parameters()]]))\n"),
                                          {kScripts});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonArray a = QJsonDocument::fromJson(r.out.toUtf8()).array();
        const auto toStd = [](const QJsonArray& keys) {
            std::vector<std::string> v;
            for (const auto& k : keys)
                v.push_back(k.toString().toStdString());
            return v;
        };
        QCOMPARE(toStd(a[0].toArray()), Architecture::cnnSmall(1).stateDictKeys(false));
        QCOMPARE(toStd(a[1].toArray()), Architecture::cnnSmall(1).stateDictKeys(true));
        QCOMPARE(toStd(a[2].toArray()), Architecture::cnn3(3).stateDictKeys(false));
        int total = 0;
        for (const auto& n : a[3].toArray())
            total += n.toInt();
        QCOMPARE(total, 10853);
    }

    void readsRealStateDicts()
    {
        // Every checkpoint (zip format and one legacy-format file) gives exactly PyTorch's weights.
        int legacy = 0;
        for (int i = 0; i < 4; ++i) {
            const QJsonObject m = manifestModel(i);
            const QString fmt = m[QStringLiteral("ckfmt")].toString();
            for (int e = 0; e <= 2; ++e) {
                const QString ck = fmt == QStringLiteral("checkpoint_{}") ? QStringLiteral("checkpoint_%1").arg(e)
                                                                           : QStringLiteral("checkpoint_%1").arg(e, 6, 10, QLatin1Char('0'));
                const std::string path = (m_zoo + "/" + folder(i) + "/" + ck + "/checkpoints").toStdString();
                const auto sd = TorchStateDict::read(path);
                QCOMPARE(int(sd.size()), 10);
                QCOMPARE(sd[0].dtype, std::string("float32"));
                QCOMPARE(sd[2].shape, (std::vector<int64_t>{6, 8, 5, 5}));
                const Architecture arch = TorchStateDict::detectArchitecture(sd);
                QCOMPARE(arch.name, std::string("cnn-s"));
                const std::vector<float> flat = TorchStateDict::toFlat(arch, sd);
                const std::vector<float> ref = readBin(QStringLiteral("%1/%2_%3.bin").arg(m_ref, folder(i)).arg(e));
                QCOMPARE(flat.size(), size_t(2464));
                QCOMPARE(ref.size(), size_t(2464));
                QVERIFY2(bitwiseEqual(flat.data(), ref), qPrintable(QString::fromStdString(path)));
                for (const auto& key : m[QStringLiteral("keys")].toArray())
                    QVERIFY(std::any_of(sd.begin(), sd.end(), [&](const StateTensor& t) { return t.name == key.toString().toStdString(); }));
                if (m[QStringLiteral("legacy")].toArray().contains(e))
                    ++legacy;
            }
        }
        QCOMPARE(legacy, 1);
    }

    void stateDictRoundTripInCpp()
    {
        const Architecture arch = Architecture::cnnSmall(1);
        std::vector<float> flat(2464);
        for (size_t i = 0; i < flat.size(); ++i)
            flat[i] = std::sin(float(i)) * 3.0f;
        const std::string path = m_tmp.filePath(QStringLiteral("roundtrip.pt")).toStdString();
        for (bool dropout : {false, true}) {
            TorchStateDict::write(TorchStateDict::fromFlat(arch, flat.data(), dropout), path);
            const auto sd = TorchStateDict::read(path);
            QCOMPARE(sd[6].name, dropout ? std::string("module_list.11.weight") : std::string("module_list.9.weight"));
            QVERIFY(bitwiseEqual(TorchStateDict::toFlat(arch, sd).data(), flat));
        }
        // Shape checks.
        auto sd = TorchStateDict::fromFlat(arch, flat.data(), false);
        sd[2].shape = {6, 8, 25};
        QVERIFY2(errorOf([&] { TorchStateDict::toFlat(arch, sd); }).contains(QStringLiteral("module_list.3.weight")),
                 qPrintable(errorOf([&] { TorchStateDict::toFlat(arch, sd); })));
        sd.erase(sd.begin() + 4);
        QVERIFY(errorOf([&] { TorchStateDict::toFlat(arch, sd); }).contains(QStringLiteral("module_list.6.weight")));
        QVERIFY(errorOf([&] { TorchStateDict::detectArchitecture({}); }).contains(QStringLiteral("module_list.0.weight")));
    }

    void badTorchFiles()
    {
        const QString dir = m_tmp.filePath(QStringLiteral("bad"));
        QDir().mkpath(dir);
        const QString good = m_zoo + "/" + folder(0) + QStringLiteral("/checkpoint_000001/checkpoints");
        QFile g(good);
        QVERIFY(g.open(QIODevice::ReadOnly));
        const QByteArray bytes = g.readAll();

        const auto write = [&](const QString& name, const QByteArray& data) {
            QFile f(dir + "/" + name);
            f.open(QIODevice::WriteOnly);
            f.write(data);
            return (dir + "/" + name);
        };
        QString e = errorOf([&] { TorchStateDict::read((dir + "/missing.pt").toStdString()); });
        QVERIFY2(e.contains(QStringLiteral("missing.pt")) && e.contains(QStringLiteral("not found")), qPrintable(e));
        const QString half = write(QStringLiteral("half.pt"), bytes.left(bytes.size() / 2));
        e = errorOf([&] { TorchStateDict::read(half.toStdString()); });
        QVERIFY2(e.startsWith(half + ":"), qPrintable(e));
        const QString text = write(QStringLiteral("text.pt"), QByteArray("hello, not a tensor file"));
        e = errorOf([&] { TorchStateDict::read(text.toStdString()); });
        QVERIFY2(e.startsWith(text + ":") && e.contains(QStringLiteral("not a PyTorch file")), qPrintable(e));
        const QString empty = write(QStringLiteral("empty.pt"), QByteArray());
        QVERIFY(errorOf([&] { TorchStateDict::read(empty.toStdString()); }).contains(QStringLiteral("empty")));

        // Legacy format, truncated in the raw storages.
        const QString legacyGood = m_zoo + "/" + folder(1) + QStringLiteral("/checkpoint_1/checkpoints");
        QFile lg(legacyGood);
        QVERIFY(lg.open(QIODevice::ReadOnly));
        const QByteArray legacyBytes = lg.readAll();
        const QString legacyCut = write(QStringLiteral("legacy-cut.pt"), legacyBytes.left(legacyBytes.size() - 100));
        e = errorOf([&] { TorchStateDict::read(legacyCut.toStdString()); });
        QVERIFY2(e.startsWith(legacyCut + ":") && e.contains(QStringLiteral("truncated")), qPrintable(e));

        // A whole module saved instead of its state dict, and a float64/int64 dict (converted).
        const auto r = zootest::runPython(QStringLiteral(
            "import sys, torch\ntorch.save(torch.nn.Linear(2, 3), sys.argv[1] + '/module.pt')\n"
            "torch.save({'a': torch.arange(6, dtype=torch.float64).reshape(2, 3).t(), 'n': torch.tensor(7), "
            "'h': torch.tensor([1.5, -2.0], dtype=torch.float16)}, sys.argv[1] + '/mixed.pt')\n"),
                                          {dir});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        e = errorOf([&] { TorchStateDict::read((dir + "/module.pt").toStdString()); });
        QVERIFY2(e.contains(QStringLiteral("module.pt")) && e.contains(QStringLiteral("not a state dict")), qPrintable(e));
        const auto mixed = TorchStateDict::read((dir + "/mixed.pt").toStdString());
        QCOMPARE(mixed.size(), size_t(3));
        QCOMPARE(mixed[0].dtype, std::string("float64"));
        QCOMPARE(mixed[0].shape, (std::vector<int64_t>{3, 2}));
        // transposed view: row-major values of arange(6).reshape(2,3).t()
        QCOMPARE(mixed[0].values, (std::vector<float>{0, 3, 1, 4, 2, 5}));
        QCOMPARE(mixed[1].shape, std::vector<int64_t>{});
        QCOMPARE(mixed[1].values, std::vector<float>{7});
        QCOMPARE(mixed[2].values, (std::vector<float>{1.5f, -2.0f}));
    }

    void importsThePublicLayout()
    {
        ImportReport report;
        std::vector<double> fractions;
        const Progress progress([&](const ProgressUpdate& u) { fractions.push_back(u.fraction); });
        const ModelZoo zoo = PublicZooImporter::import(m_zoo.toStdString(), {}, &report, progress);
        QCOMPARE(fractions, (std::vector<double>{0.25, 0.5, 0.75, 1.0})); // one report per model folder
        QCOMPARE(report.modelFolders, int64_t(4));
        QCOMPARE(report.modelsImported, int64_t(4));
        QCOMPARE(zoo.modelCount(), int64_t(4));
        QCOMPARE(zoo.architecture.name, std::string("cnn-s"));
        QCOMPARE(zoo.datasetId, std::string("fashion-mnist"));
        QCOMPARE(zoo.checkpointEpochs, (std::vector<int64_t>{0, 1, 2}));
        QCOMPARE(zoo.epochs, int64_t(2));
        QCOMPARE(zoo.modelIds, (std::vector<int64_t>{0, 1, 2, 3}));
        QCOMPARE(zoo.split.size(), size_t(4));
        // Two checkpoints dropped: model 2 epoch 2 (NaN), model 3 epoch 1 (|w| = 7.5 > 5).
        QCOMPARE(report.checkpointsRead, int64_t(12));
        QCOMPARE(report.checkpointsDropped, int64_t(2));
        QCOMPARE(report.checkpointsMissing, int64_t(0));
        QString messages;
        for (const auto& m : report.messages)
            messages += QString::fromStdString(m) + "\n";
        QVERIFY2(messages.contains(QStringLiteral("00002_2_seed=3 epoch 2: NaN")), qPrintable(messages));
        QVERIFY2(messages.contains(QStringLiteral("00003_3_seed=4 epoch 1: max |w| 7.5")), qPrintable(messages));
        QVERIFY(!zoo.hasWeights(2, 2));
        QVERIFY(!zoo.hasWeights(3, 1));

        for (int i = 0; i < 4; ++i) {
            const QJsonObject m = manifestModel(i);
            QCOMPARE(QString::fromStdString(zoo.modelSources[i]), folder(i));
            const Hyperparameters& h = zoo.hyperparameters[i];
            QCOMPARE(QString::fromStdString(toString(h.activation)), m[QStringLiteral("nlin")].toString());
            QCOMPARE(QString::fromStdString(toString(h.init)), m[QStringLiteral("init")].toString());
            QCOMPARE(QString::fromStdString(toString(h.optimizer)), m[QStringLiteral("optimizer")].toString());
            QCOMPARE(h.dropout, m[QStringLiteral("dropout")].toDouble());
            QCOMPARE(h.learningRate, m[QStringLiteral("lr")].toDouble());
            QCOMPARE(h.weightDecay, m[QStringLiteral("wd")].toDouble());
            QCOMPARE(int(h.seed), m[QStringLiteral("seed")].toInt());
            QCOMPARE(h.batchSize, int64_t(10));
            const double scale = m[QStringLiteral("percent")].toBool() ? 0.01 : 1.0;
            for (int e = 0; e <= 2; ++e) {
                const QJsonObject metrics = m[QStringLiteral("epochs")].toObject()[QString::number(e)].toObject();
                // null in the manifest: NaN in result.json (the model with NaN weights)
                const auto expected = [&](const char* key, double factor) {
                    const QJsonValue v = metrics[QLatin1String(key)];
                    return v.isNull() ? std::nanf("") : float(v.toDouble() * factor);
                };
                const auto same = [](float a, float b) { return (std::isnan(a) && std::isnan(b)) || a == b; };
                QVERIFY(same(zoo.metricAt(zoo.testAccuracy, i, e), expected("test_acc", scale)));
                QVERIFY(same(zoo.metricAt(zoo.trainLoss, i, e), expected("train_loss", 1.0)));
                QVERIFY(same(zoo.metricAt(zoo.validationAccuracy, i, e), expected("val_acc", scale)));
                QVERIFY(same(zoo.metricAt(zoo.testLoss, i, e), expected("test_loss", 1.0)));
                const bool dropped = (i == 2 && e == 2) || (i == 3 && e == 1);
                if (!dropped)
                    QVERIFY(bitwiseEqual(zoo.weightsAt(i, e), readBin(QStringLiteral("%1/%2_%3.bin").arg(m_ref, folder(i)).arg(e))));
            }
        }

        // Without the magnitude threshold only the NaN checkpoint goes.
        ImportOptions keepLarge;
        keepLarge.maxAbs = 0;
        ImportReport r2;
        const ModelZoo all = PublicZooImporter::import(m_zoo.toStdString(), keepLarge, &r2);
        QCOMPARE(r2.checkpointsDropped, int64_t(1));
        QVERIFY(all.hasWeights(3, 1));

        // Selected epochs only; a missing epoch is reported.
        ImportOptions some;
        some.epochs = {0, 2, 3};
        ImportReport r3;
        const ModelZoo part = PublicZooImporter::import(m_zoo.toStdString(), some, &r3);
        QCOMPARE(part.checkpointEpochs, (std::vector<int64_t>{0, 2, 3}));
        QCOMPARE(r3.checkpointsMissing, int64_t(4));
        QVERIFY(!part.hasWeights(0, 2));

        QVERIFY(errorOf([] { PublicZooImporter::import("/nonexistent/zoo"); }).contains(QStringLiteral("not found")));
        const QString emptyDir = m_tmp.filePath(QStringLiteral("no-models"));
        QDir().mkpath(emptyDir);
        QVERIFY(errorOf([&] { PublicZooImporter::import(emptyDir.toStdString()); }).contains(QStringLiteral("no model folders")));
    }

    void exportedModelsLoadInPyTorchWithTheirAccuracy()
    {
        const ModelZoo zoo = PublicZooImporter::import(m_zoo.toStdString());
        const QString out = m_tmp.filePath(QStringLiteral("export"));
        // Model 2 has no weights at the last epoch (NaN, dropped): a clear error.
        const QString e = errorOf([&] { ZooExporter::exportModels(zoo, {2}, -1, out.toStdString()); });
        QVERIFY2(e.contains(QStringLiteral("model 2 has no weights at epoch 2")), qPrintable(e));

        const auto exported = ZooExporter::exportModels(zoo, {0, 1, 3}, -1, out.toStdString());
        QCOMPARE(exported.size(), size_t(3));
        QCOMPARE(exported[1].epoch, int64_t(2));
        QVERIFY(QFile::exists(out + QStringLiteral("/1.pt")));
        QVERIFY(QFile::exists(out + QStringLiteral("/1.json")));

        const int evalImages = m_manifest[QStringLiteral("eval_images")].toInt();
        const auto r = zootest::runProcess(zootest::debianPython(), {kScripts + QStringLiteral("/check_export.py"), out,
                                                                     QString::number(evalImages), m_ref});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject results = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(results.size(), 3);
        for (const QString id : {QStringLiteral("0"), QStringLiteral("1"), QStringLiteral("3")}) {
            const QJsonObject m = results[id].toObject();
            QCOMPARE(m[QStringLiteral("type")].toString(), QStringLiteral("OrderedDict"));
            QCOMPARE(m[QStringLiteral("dtype")].toString(), QStringLiteral("torch.float32"));
            QCOMPARE(m[QStringLiteral("epoch")].toInt(), 2);
            QCOMPARE(m[QStringLiteral("max_abs_diff")].toDouble(), 0.0);
            QCOMPARE(m[QStringLiteral("keys")].toArray(), manifestModel(id.toInt())[QStringLiteral("keys")].toArray());
            // Plain PyTorch on the same test images gives the accuracy the zoo (and the JSON) records.
            const double acc = m[QStringLiteral("acc")].toDouble();
            const double recorded = m[QStringLiteral("json_acc")].toDouble();
            QVERIFY2(std::abs(acc - recorded) < 1e-3, qPrintable(QStringLiteral("model %1: %2 vs %3").arg(id).arg(acc).arg(recorded)));
        }
        // The models that learned are far from chance: a wrong weight order would not be.
        QVERIFY(results[QStringLiteral("0")].toObject()[QStringLiteral("acc")].toDouble() > 0.4);
        QVERIFY(results[QStringLiteral("1")].toObject()[QStringLiteral("acc")].toDouble() > 0.25);

        // The JSON next to the state dict.
        QFile jf(out + QStringLiteral("/1.json"));
        QVERIFY(jf.open(QIODevice::ReadOnly));
        const QJsonObject j = QJsonDocument::fromJson(jf.readAll()).object();
        QCOMPARE(j[QStringLiteral("id")].toInt(), 1);
        QCOMPARE(j[QStringLiteral("epoch")].toInt(), 2);
        QCOMPARE(j[QStringLiteral("activation")].toString(), QStringLiteral("tanh"));
        QCOMPARE(j[QStringLiteral("init")].toString(), QStringLiteral("kaiming_normal"));
        QCOMPARE(j[QStringLiteral("optimizer")].toString(), QStringLiteral("adam"));
        QCOMPARE(j[QStringLiteral("dropout")].toDouble(), 0.5);
        QCOMPARE(j[QStringLiteral("lr")].toDouble(), 1e-3);
        QCOMPARE(j[QStringLiteral("weight_decay")].toDouble(), 1e-4);
        QCOMPARE(j[QStringLiteral("seed")].toInt(), 2);
        QCOMPARE(j[QStringLiteral("batch_size")].toInt(), 10);
        for (const char* k : {"train_loss", "train_acc", "val_loss", "val_acc", "test_loss", "test_acc", "split", "dataset"})
            QVERIFY2(j.contains(QLatin1String(k)), k);
        const double testAcc = j[QStringLiteral("test_acc")].toDouble();
        QVERIFY(testAcc > 0 && testAcc < 1);
    }
};

QTEST_GUILESS_MAIN(TestTorchInterop)
#include "tst_torchinterop.moc"
