// HDF5 zoo files: round trip, h5py compatibility, atomic writes, errors for bad files, population split
// and shard merging.
#include "ErrorOf.h"
#include "ZooTestUtil.h"
#include "zoo/ZooFile.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <cstring>
#include <map>

using namespace zooscope;
using zootest::syntheticZoo;

namespace {

bool sameFloats(const std::vector<float>& a, const std::vector<float>& b)
{
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

void compareZoos(const ModelZoo& a, const ModelZoo& b, bool weights = true)
{
    QCOMPARE(b.architecture.name, a.architecture.name);
    QCOMPARE(b.architecture.inputChannels, a.architecture.inputChannels);
    QCOMPARE(b.parameterCount(), a.parameterCount());
    QCOMPARE(b.datasetId, a.datasetId);
    QCOMPARE(b.epochs, a.epochs);
    QCOMPARE(b.checkpointEpochs, a.checkpointEpochs);
    QCOMPARE(b.modelIds, a.modelIds);
    QCOMPARE(b.modelSources, a.modelSources);
    QCOMPARE(b.createdBy, a.createdBy);
    QCOMPARE(b.createdWithVersion, a.createdWithVersion);
    QCOMPARE(b.split.size(), a.split.size());
    for (size_t i = 0; i < a.split.size(); ++i)
        QVERIFY(b.split[i] == a.split[i]);
    QCOMPARE(b.hyperparameters.size(), a.hyperparameters.size());
    for (size_t i = 0; i < a.hyperparameters.size(); ++i) {
        const auto &x = a.hyperparameters[i], &y = b.hyperparameters[i];
        QVERIFY(x.activation == y.activation);
        QVERIFY(x.init == y.init);
        QVERIFY(x.optimizer == y.optimizer);
        QCOMPARE(y.dropout, x.dropout);
        QCOMPARE(y.learningRate, x.learningRate);
        QCOMPARE(y.weightDecay, x.weightDecay);
        QCOMPARE(y.seed, x.seed);
        QCOMPARE(y.batchSize, x.batchSize);
    }
    QVERIFY(sameFloats(b.trainLoss, a.trainLoss));
    QVERIFY(sameFloats(b.trainAccuracy, a.trainAccuracy));
    QVERIFY(sameFloats(b.validationLoss, a.validationLoss));
    QVERIFY(sameFloats(b.validationAccuracy, a.validationAccuracy));
    QVERIFY(sameFloats(b.testLoss, a.testLoss)); // NaN bit patterns survive too
    QVERIFY(sameFloats(b.testAccuracy, a.testAccuracy));
    if (weights)
        QVERIFY(sameFloats(b.weights, a.weights));
}

using zootest::errorOf;

} // namespace

class TestZooFile : public QObject {
    Q_OBJECT
private slots:
    void roundTrip()
    {
        QTemporaryDir tmp;
        const std::string path = tmp.filePath(QStringLiteral("zoo.h5")).toStdString();
        const ModelZoo zoo = syntheticZoo();
        std::vector<double> fractions;
        ZooFile::write(zoo, path, Progress([&](const ProgressUpdate& u) { fractions.push_back(u.fraction); }));
        QVERIFY(!fractions.empty());
        QCOMPARE(fractions.back(), 1.0);
        const ModelZoo back = ZooFile::read(path);
        compareZoos(zoo, back);

        const ModelZoo summary = ZooFile::readSummary(path);
        QVERIFY(summary.weights.empty());
        compareZoos(zoo, summary, false);

        // Some models at one checkpoint without reading the rest.
        const std::vector<float> w = ZooFile::readWeights(path, {4, 1}, 2);
        QCOMPARE(w.size(), size_t(2 * 2464));
        QVERIFY(std::memcmp(w.data(), zoo.weightsAt(4, 2), 2464 * sizeof(float)) == 0);
        QVERIFY(std::memcmp(w.data() + 2464, zoo.weightsAt(1, 2), 2464 * sizeof(float)) == 0);
        QVERIFY(errorOf([&] { ZooFile::readWeights(path, {7}, 0); }).contains(QStringLiteral("out of range")));
        QVERIFY(errorOf([&] { ZooFile::readWeights(path, {0}, 3); }).contains(QStringLiteral("out of range")));
    }

    void writeIsAtomicAndOverwrites()
    {
        QTemporaryDir tmp;
        const std::string path = tmp.filePath(QStringLiteral("zoo.h5")).toStdString();
        ZooFile::write(syntheticZoo(3), path);
        const ModelZoo bigger = syntheticZoo(5, 4, {0, 2, 4}, 7);
        ZooFile::write(bigger, path);
        QCOMPARE(ZooFile::read(path).modelCount(), int64_t(5));
        // Only the finished file is left: no temporary files.
        QCOMPARE(QDir(tmp.path()).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("zoo.h5")});

        // A failed write leaves the old file and no temporary behind.
        ModelZoo broken = bigger;
        broken.weights.pop_back();
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ZooFile::write(broken, path));
        QCOMPARE(ZooFile::read(path).modelCount(), int64_t(5));
        const QString e = errorOf([&] { ZooFile::write(bigger, tmp.filePath(QStringLiteral("no/such/dir/zoo.h5")).toStdString()); });
        QVERIFY2(e.contains(QStringLiteral("no/such/dir/zoo.h5")), qPrintable(e));
        QCOMPARE(QDir(tmp.path()).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("zoo.h5")});
    }

    void emptyAndNoCheckpointZoos()
    {
        QTemporaryDir tmp;
        const std::string path = tmp.filePath(QStringLiteral("empty.h5")).toStdString();
        ModelZoo z = syntheticZoo(0, 3, {0, 3});
        ZooFile::write(z, path);
        const ModelZoo back = ZooFile::read(path);
        QCOMPARE(back.modelCount(), int64_t(0));
        QCOMPARE(back.checkpointEpochs, (std::vector<int64_t>{0, 3}));
    }

    void h5pyReadsIt()
    {
        QTemporaryDir tmp;
        const QString path = tmp.filePath(QStringLiteral("zoo.h5"));
        const ModelZoo zoo = syntheticZoo();
        ZooFile::write(zoo, path.toStdString());
        const QString script = QStringLiteral(R"PY(
import sys, json, h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
w = f["weights"]
hp = f["hyperparameters"]
act = hp["activation"]
names = [s.decode() for s in act.attrs["labels"]]   # fixed-length strings come back as bytes
out = {
  "format": f.attrs["format"].decode(), "schema_version": int(f.attrs["schema_version"]),
  "created_by": f.attrs["created_by"].decode(), "dataset": f.attrs["dataset"].decode(),
  "arch": f["architecture"].attrs["name"].decode(), "layer_names": [s.decode() for s in f["architecture/layers/name"][:]],
  "offsets": f["architecture/layers/offset"][:].tolist(),
  "shape": list(w.shape), "dtype": str(w.dtype), "chunks": list(w.chunks), "compression": w.compression,
  "shuffle": bool(w.shuffle), "fletcher32": bool(w.fletcher32), "ids_fletcher32": bool(f["model_ids"].fletcher32),
  "w_sum": float(np.asarray(w[:], dtype=np.float64).sum()), "w_1_2_5": float(w[1, 2, 5]),
  "model_ids": f["model_ids"][:].tolist(), "epochs": f["checkpoint_epochs"][:].tolist(),
  "activation": [str(names[c]) for c in act[:]],
  "lr": hp["lr"][:].tolist(), "seed": hp["seed"][:].tolist(),
  "test_acc_shape": list(f["metrics/test_acc"].shape), "test_acc_3_4": float(f["metrics/test_acc"][3, 4]),
  "test_loss_nan": bool(np.isnan(f["metrics/test_loss"][0, 1])),
  "split": [list(f["split"].attrs["labels"])[c].decode() for c in f["split"][:]],
  "sources": [s.decode() for s in f["model_sources"][:]],
}
print(json.dumps(out))
)PY");
        const auto r = zootest::runPython(script, {path});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QVERIFY2(!o.isEmpty(), qPrintable(r.out));
        QCOMPARE(o[QStringLiteral("format")].toString(), QStringLiteral("zooscope-zoo"));
        QCOMPARE(o[QStringLiteral("schema_version")].toInt(), 1);
        QCOMPARE(o[QStringLiteral("created_by")].toString(), QString::fromStdString(zoo.createdBy));
        QCOMPARE(o[QStringLiteral("dataset")].toString(), QStringLiteral("fashion-mnist"));
        QCOMPARE(o[QStringLiteral("arch")].toString(), QStringLiteral("cnn-s"));
        QCOMPARE(o[QStringLiteral("layer_names")].toArray().size(), 5);
        QCOMPARE(o[QStringLiteral("offsets")].toArray()[3].toInt(), 1514);
        QCOMPARE(o[QStringLiteral("shape")].toArray(), (QJsonArray{7, 3, 2464}));
        QCOMPARE(o[QStringLiteral("dtype")].toString(), QStringLiteral("float32"));
        QCOMPARE(o[QStringLiteral("chunks")].toArray(), (QJsonArray{1, 1, 2464}));
        QCOMPARE(o[QStringLiteral("compression")].toString(), QStringLiteral("gzip"));
        QVERIFY(o[QStringLiteral("shuffle")].toBool());
        QVERIFY(o[QStringLiteral("fletcher32")].toBool());
        QVERIFY(o[QStringLiteral("ids_fletcher32")].toBool());
        double sum = 0;
        for (float w : zoo.weights)
            sum += w;
        QVERIFY(std::abs(o[QStringLiteral("w_sum")].toDouble() - sum) < 1e-6 * zoo.weights.size());
        QCOMPARE(float(o[QStringLiteral("w_1_2_5")].toDouble()), zoo.weightsAt(1, 2)[5]);
        QCOMPARE(o[QStringLiteral("model_ids")].toArray()[2].toInt(), 106);
        QCOMPARE(o[QStringLiteral("epochs")].toArray(), (QJsonArray{0, 2, 4}));
        QCOMPARE(o[QStringLiteral("activation")].toArray()[1].toString(), QStringLiteral("relu"));
        QCOMPARE(o[QStringLiteral("activation")].toArray()[3].toString(), QStringLiteral("gelu"));
        QCOMPARE(o[QStringLiteral("lr")].toArray()[1].toDouble(), 1e-3);
        QCOMPARE(o[QStringLiteral("seed")].toArray()[6].toInt(), 1006);
        QCOMPARE(o[QStringLiteral("test_acc_shape")].toArray(), (QJsonArray{7, 5}));
        QCOMPARE(float(o[QStringLiteral("test_acc_3_4")].toDouble()), zoo.testAccuracy[3 * 5 + 4]);
        QVERIFY(o[QStringLiteral("test_loss_nan")].toBool());
        const QJsonArray split = o[QStringLiteral("split")].toArray();
        for (int i = 0; i < 7; ++i)
            QCOMPARE(split[i].toString(), QString::fromStdString(toString(zoo.split[i])));
        QCOMPARE(o[QStringLiteral("sources")].toArray()[5].toString(), QStringLiteral("trial_5"));
    }

    void missingAndNonHdf5Files()
    {
        QTemporaryDir tmp;
        const std::string missing = tmp.filePath(QStringLiteral("nope.h5")).toStdString();
        QString e = errorOf([&] { ZooFile::read(missing); });
        QVERIFY2(e.contains(QString::fromStdString(missing)) && e.contains(QStringLiteral("not found")), qPrintable(e));

        const QString text = tmp.filePath(QStringLiteral("text.h5"));
        QFile f(text);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("this is not a zoo\n");
        f.close();
        e = errorOf([&] { ZooFile::read(text.toStdString()); });
        QVERIFY2(e.contains(text) && e.contains(QStringLiteral("not a ZooScope zoo file")), qPrintable(e));
        e = errorOf([&] { ZooFile::read(tmp.path().toStdString()); });
        QVERIFY2(e.contains(QStringLiteral("directory")), qPrintable(e));
    }

    void truncatedFile()
    {
        QTemporaryDir tmp;
        const QString path = tmp.filePath(QStringLiteral("zoo.h5"));
        ZooFile::write(syntheticZoo(20), path.toStdString());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray all = f.readAll();
        f.close();
        for (double keep : {0.9, 0.5, 0.05}) {
            const QString cut = tmp.filePath(QStringLiteral("cut-%1.h5").arg(keep));
            QFile c(cut);
            QVERIFY(c.open(QIODevice::WriteOnly));
            c.write(all.left(int(all.size() * keep)));
            c.close();
            const QString e = errorOf([&] { ZooFile::read(cut.toStdString()); });
            QVERIFY2(e.contains(cut) && e != QStringLiteral("<no exception>"), qPrintable(e));
            qInfo("%s", qPrintable(e));
        }
    }

    void corruptBytes()
    {
        // Damage inside the compressed weights: reading must fail cleanly, not crash.
        QTemporaryDir tmp;
        const QString path = tmp.filePath(QStringLiteral("zoo.h5"));
        ZooFile::write(syntheticZoo(20), path.toStdString());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QByteArray all = f.readAll();
        for (int i = all.size() / 2; i < all.size() / 2 + 4096; ++i)
            all[i] = char(all[i] ^ 0x55);
        f.seek(0);
        f.write(all);
        f.close();
        const QString e = errorOf([&] { ZooFile::read(path.toStdString()); });
        QVERIFY2(e.contains(path) && e != QStringLiteral("<no exception>"), qPrintable(e));
        qInfo("%s", qPrintable(e));
    }

    void wrongFormatVersionAndShapes_data()
    {
        QTest::addColumn<QString>("edit");
        QTest::addColumn<QString>("expected");
        QTest::newRow("newer schema") << QStringLiteral("f.attrs['schema_version'] = 2") << QStringLiteral("schema version 2 is newer");
        QTest::newRow("zero schema") << QStringLiteral("f.attrs['schema_version'] = 0") << QStringLiteral("invalid zoo schema version 0");
        QTest::newRow("other format") << QStringLiteral("f.attrs['format'] = 'something-else'") << QStringLiteral("format 'something-else'");
        QTest::newRow("no format") << QStringLiteral("del f.attrs['format']") << QStringLiteral("not a ZooScope zoo file");
        QTest::newRow("missing metric") << QStringLiteral("del f['metrics/test_acc']") << QStringLiteral("missing dataset /metrics/test_acc");
        QTest::newRow("weights shape")
            << QStringLiteral("del f['weights']; f.create_dataset('weights', data=np.zeros((7, 3, 100), 'f4'))")
            << QStringLiteral("/weights has shape [7, 3, 100], expected [7, 3, 2464]");
        QTest::newRow("model ids") << QStringLiteral("del f['model_ids']; f['model_ids'] = np.arange(6)")
                                   << QStringLiteral("/model_ids has shape [6], expected [7]");
        QTest::newRow("duplicate ids") << QStringLiteral("f['model_ids'][:] = np.zeros(7, 'i8')")
                                       << QStringLiteral("appears twice");
        QTest::newRow("bad enum code") << QStringLiteral("f['hyperparameters/activation'][0] = 9")
                                       << QStringLiteral("code 9 outside");
        QTest::newRow("unknown architecture") << QStringLiteral("f['architecture'].attrs['name'] = 'resnet'")
                                              << QStringLiteral("unknown architecture 'resnet'");
    }

    void wrongFormatVersionAndShapes()
    {
        QFETCH(QString, edit);
        QFETCH(QString, expected);
        QTemporaryDir tmp;
        const QString path = tmp.filePath(QStringLiteral("zoo.h5"));
        ZooFile::write(syntheticZoo(), path.toStdString());
        const auto r = zootest::runPython(
            QStringLiteral("import sys, h5py, numpy as np\nf = h5py.File(sys.argv[1], 'r+')\n%1\nf.close()\n").arg(edit), {path});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QString e = errorOf([&] { ZooFile::read(path.toStdString()); });
        QVERIFY2(e.contains(path) && e.contains(expected), qPrintable(e));
        const QString s = errorOf([&] { ZooFile::readSummary(path.toStdString()); });
        QVERIFY2(s.contains(expected), qPrintable(s));
    }

    void populationSplit()
    {
        ModelZoo z = syntheticZoo(256, 1, {0, 1});
        assignPopulationSplit(z, 42);
        std::map<PopulationSplit, int> counts;
        for (auto s : z.split)
            ++counts[s];
        QCOMPARE(counts[PopulationSplit::Train], 180);
        QCOMPARE(counts[PopulationSplit::Validation], 38);
        QCOMPARE(counts[PopulationSplit::Test], 38);
        // By id, not by row: reversing the rows keeps each model's split.
        ModelZoo r = z;
        std::reverse(r.modelIds.begin(), r.modelIds.end());
        assignPopulationSplit(r, 42);
        for (int i = 0; i < 256; ++i)
            QVERIFY(r.split[255 - i] == z.split[i]);
        // The seed matters.
        ModelZoo other = z;
        assignPopulationSplit(other, 43);
        QVERIFY(other.split != z.split);
        // 2560 models: 70/15/15 exactly.
        ModelZoo big;
        for (int i = 0; i < 2560; ++i)
            big.modelIds.push_back(i);
        assignPopulationSplit(big);
        QCOMPARE(std::count(big.split.begin(), big.split.end(), PopulationSplit::Train), 1792);
        QCOMPARE(std::count(big.split.begin(), big.split.end(), PopulationSplit::Test), 384);
    }

    void mergeShards()
    {
        const ModelZoo full = syntheticZoo(9);
        // Shard i/3 takes rows i, i+3, i+6.
        std::vector<ModelZoo> shards;
        for (int s = 0; s < 3; ++s) {
            ModelZoo z = full;
            z.modelIds.clear();
            z.hyperparameters.clear();
            z.modelSources.clear();
            z.weights.clear();
            for (auto* v : {&z.trainLoss, &z.trainAccuracy, &z.validationLoss, &z.validationAccuracy, &z.testLoss, &z.testAccuracy})
                v->clear();
            const size_t perModel = size_t(full.checkpointCount() * full.parameterCount());
            for (int row = 2 - s; row < 9; row += 3) { // reverse shard order on purpose
                z.modelIds.push_back(full.modelIds[row]);
                z.hyperparameters.push_back(full.hyperparameters[row]);
                z.modelSources.push_back(full.modelSources[row]);
                z.weights.insert(z.weights.end(), full.weights.begin() + row * perModel, full.weights.begin() + (row + 1) * perModel);
                const std::pair<std::vector<float> ModelZoo::*, int> ms[] = {
                    {&ModelZoo::trainLoss, 0}, {&ModelZoo::trainAccuracy, 0}, {&ModelZoo::validationLoss, 0},
                    {&ModelZoo::validationAccuracy, 0}, {&ModelZoo::testLoss, 0}, {&ModelZoo::testAccuracy, 0}};
                for (const auto& [m, unused] : ms) {
                    (void)unused;
                    const auto& src = full.*m;
                    (z.*m).insert((z.*m).end(), src.begin() + row * 5, src.begin() + (row + 1) * 5);
                }
            }
            assignPopulationSplit(z);
            shards.push_back(z);
        }
        const ModelZoo merged = ZooFile::merge(shards);
        compareZoos(full, merged);

        // The merged zoo also survives a file round trip.
        QTemporaryDir tmp;
        const std::string path = tmp.filePath(QStringLiteral("m.h5")).toStdString();
        ZooFile::write(merged, path);
        compareZoos(full, ZooFile::read(path));

        // Shards that do not fit.
        std::vector<ModelZoo> dup = {shards[0], shards[0]};
        QVERIFY2(errorOf([&] { ZooFile::merge(dup); }).contains(QStringLiteral("also in another shard")),
                 qPrintable(errorOf([&] { ZooFile::merge(dup); })));
        std::vector<ModelZoo> otherCk = {shards[0], shards[1]};
        otherCk[1].checkpointEpochs = {0, 1, 4};
        QVERIFY(errorOf([&] { ZooFile::merge(otherCk); }).contains(QStringLiteral("checkpoint epochs")));
        std::vector<ModelZoo> otherData = {shards[0], shards[1]};
        otherData[1].datasetId = "mnist";
        QVERIFY(errorOf([&] { ZooFile::merge(otherData); }).contains(QStringLiteral("dataset 'mnist'")));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ZooFile::merge({}));
    }

    void validateCatchesInconsistentZoos()
    {
        ModelZoo z = syntheticZoo(3);
        z.testAccuracy.pop_back();
        QVERIFY(errorOf([&] { z.validate(); }).contains(QStringLiteral("test_acc")));
        z = syntheticZoo(3);
        z.checkpointEpochs = {0, 4, 2};
        QVERIFY(errorOf([&] { z.validate(); }).contains(QStringLiteral("ascending")));
        z = syntheticZoo(3);
        z.hyperparameters.pop_back();
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, z.validate());
    }
};

QTEST_GUILESS_MAIN(TestZooFile)
#include "tst_zoofile.moc"
