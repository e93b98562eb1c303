// Export Selection (issue 12): the selected points of the default zoo as CSV and JSON (ids, epochs, every
// point property, latent and projected coordinates, row by row), as a zoo subset that ZooFile reads back
// with exactly those models and checkpoints and the same weights (and that opens as exactly those
// points), and as PyTorch state dicts that ZooScope and Python's torch.load read back.
#include "app/OpenedZoo.h"
#include "app/PointProperty.h"
#include "app/ProjectionComputation.h"
#include "app/SelectionExport.h"
#include "core/Json.h"
#include "zoo/TorchStateDict.h"
#include "zoo/ZooFile.h"
#include "zoo/ZooSubset.h"

#include "ZooTestUtil.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <cstring>
#include <memory>
#include <set>

using namespace zooscope;

namespace {

const QString kZoo = QStringLiteral(ZOOSCOPE_SOURCE_DIR "/data/fashion-mnist-cnn-s.zoo.h5");
// Points of the default zoo (256 models x checkpoints 0, 1, 2, 3, 5, 7, 10, model-major): model row 0 at
// epochs 3 and 10, rows 1 and 2 at 10, row 100 at 0, row 255 at 10.
const std::vector<int> kRows{3, 6, 13, 20, 700, 1791};
const std::vector<int64_t> kModelRows{0, 0, 1, 2, 100, 255};
const std::vector<int64_t> kEpochs{3, 10, 10, 10, 0, 10};
constexpr int64_t kLatentDim = 3;

// Distinct, recognisable values per point: latent d of point r is r + d / 10, projected k is -r - k / 4.
float latentOf(int row, int64_t d) { return float(row) + float(d) / 10.0f; }
float projectedOf(int row, int k) { return -float(row) - float(k) / 4.0f; }

QStringList csvFields(const QString& line) { return line.split(QLatin1Char(',')); } // no quoted fields in this zoo

} // namespace

class TestSelectionExport : public QObject {
    Q_OBJECT
    std::unique_ptr<OpenedZoo> m_zoo;
    std::vector<float> m_latents;
    ProjectionResult m_projection;
    QTemporaryDir m_tmp;

    SelectionExport selection() const { return SelectionExport(*m_zoo, kRows, m_latents, kLatentDim, &m_projection); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_zoo = std::make_unique<OpenedZoo>(OpenedZoo::load(kZoo));
        QCOMPARE(m_zoo->pointCount(), int64_t(256 * 7));
        const int64_t points = m_zoo->pointCount();
        for (int64_t r = 0; r < points; ++r)
            for (int64_t d = 0; d < kLatentDim; ++d)
                m_latents.push_back(latentOf(int(r), d));
        m_projection.request.method = ProjectionMethod::Pca;
        m_projection.explainedVariance = {0.5, 0.25, 0.125};
        for (int64_t r = 0; r < points; ++r)
            for (int k = 0; k < 3; ++k)
                m_projection.xyz.push_back(projectedOf(int(r), k));
    }

    void csvHasEveryPropertyLatentAndProjectionPerPoint()
    {
        const ModelZoo& zoo = m_zoo->zoo;
        const SelectionExport s = selection();
        const QString file = m_tmp.filePath(QStringLiteral("selection.csv"));
        s.writeCsv(file);
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 1 + int(kRows.size()));

        QStringList expected{QStringLiteral("model_id"), QStringLiteral("epoch")};
        for (const QString& id : PointProperty::ids()) {
            if (id == QLatin1String("model_id") || id == QLatin1String("epoch") || PointProperty::isDerived(id))
                continue;
            expected << (id == QLatin1String("lr") || id == QLatin1String("weight_decay") ? QStringLiteral("log10_") + id : id);
        }
        expected << QStringLiteral("latent_1") << QStringLiteral("latent_2") << QStringLiteral("latent_3")
                 << QStringLiteral("projected_x") << QStringLiteral("projected_y") << QStringLiteral("projected_z");
        const QStringList header = csvFields(lines[0]);
        QCOMPARE(header, expected);
        QVERIFY(header.contains(QStringLiteral("test_accuracy")) && header.contains(QStringLiteral("activation")));

        const auto column = [&](const char* name) { return int(header.indexOf(QLatin1String(name))); };
        for (size_t i = 0; i < kRows.size(); ++i) {
            const QStringList f = csvFields(lines[int(i) + 1]);
            QCOMPARE(f.size(), header.size());
            const int64_t m = kModelRows[i], epoch = kEpochs[i];
            const Hyperparameters& h = zoo.hyperparameters[size_t(m)];
            QCOMPARE(f[0].toLongLong(), zoo.modelIds[size_t(m)]);
            QCOMPARE(f[1].toLongLong(), epoch);
            // Metrics as the zoo's floats, exactly.
            QCOMPARE(f[column("test_accuracy")].toFloat(), zoo.metricAt(zoo.testAccuracy, m, epoch));
            QCOMPARE(f[column("train_accuracy")].toFloat(), zoo.metricAt(zoo.trainAccuracy, m, epoch));
            QCOMPARE(f[column("test_loss")].toFloat(), zoo.metricAt(zoo.testLoss, m, epoch));
            // Categories by name, hyperparameters as numbers.
            QCOMPARE(f[column("activation")], QString::fromStdString(toString(h.activation)));
            QCOMPARE(f[column("optimizer")], QString::fromStdString(toString(h.optimizer)));
            QCOMPARE(f[column("split")], QString::fromStdString(toString(zoo.split[size_t(m)])));
            QCOMPARE(f[column("log10_lr")].toDouble(), std::log10(h.learningRate));
            QCOMPARE(f[column("seed")].toLongLong(), (long long)h.seed);
            QCOMPARE(f[column("batch_size")].toLongLong(), (long long)h.batchSize);
            // This point's latent and projected coordinates, not another's.
            for (int d = 0; d < kLatentDim; ++d)
                QCOMPARE(f[column("latent_1") + d].toFloat(), latentOf(kRows[i], d));
            for (int k = 0; k < 3; ++k)
                QCOMPARE(f[column("projected_x") + k].toFloat(), projectedOf(kRows[i], k));
        }
    }

    void withoutLatentsOrProjectionTheirColumnsAreLeftOut()
    {
        const SelectionExport s(*m_zoo, kRows, {}, 0, nullptr);
        const QStringList columns = s.csvColumns();
        QVERIFY(!columns.contains(QStringLiteral("latent_1")));
        QVERIFY(!columns.contains(QStringLiteral("projected_x")));
        const Json j = s.json();
        QVERIFY(j.at("projection").isNull());
        QVERIFY(!j.at("points")[0].contains("latent"));
        QVERIFY(!j.at("points")[0].contains("projected"));
    }

    void jsonHasTheSamePoints()
    {
        const ModelZoo& zoo = m_zoo->zoo;
        const QString file = m_tmp.filePath(QStringLiteral("selection.json"));
        selection().writeJson(file);
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const Json j = Json::parse(f.readAll().toStdString());
        QCOMPARE(QString::fromStdString(j.at("format").string()), QStringLiteral("zooscope-selection"));
        QCOMPARE(j.at("version").integer(), int64_t(1));
        QCOMPARE(QString::fromStdString(j.at("zoo").string()), QStringLiteral("fashion-mnist-cnn-s.zoo.h5"));
        QCOMPARE(j.at("latent_dimension").integer(), kLatentDim);
        QCOMPARE(QString::fromStdString(j.at("projection").at("method").string()), QStringLiteral("pca"));
        QCOMPARE(j.at("projection").at("explained_variance")[0].number(), 0.5);
        const Json& points = j.at("points");
        QCOMPARE(points.size(), kRows.size());
        for (size_t i = 0; i < kRows.size(); ++i) {
            const Json& p = points[i];
            const int64_t m = kModelRows[i], epoch = kEpochs[i];
            QCOMPARE(p.at("model_id").integer(), zoo.modelIds[size_t(m)]);
            QCOMPARE(p.at("epoch").integer(), epoch);
            const Json& props = p.at("properties");
            QCOMPARE(props.members().size(), size_t(PointProperty::ids().size() - 3)); // not model_id, epoch, the prediction
            QCOMPARE(float(props.at("test_accuracy").number()), zoo.metricAt(zoo.testAccuracy, m, epoch));
            QCOMPARE(QString::fromStdString(props.at("init").string()),
                     QString::fromStdString(toString(zoo.hyperparameters[size_t(m)].init)));
            QCOMPARE(props.at("log10_weight_decay").number(), std::log10(zoo.hyperparameters[size_t(m)].weightDecay));
            QCOMPARE(p.at("latent").size(), size_t(kLatentDim));
            for (int64_t d = 0; d < kLatentDim; ++d)
                QCOMPARE(float(p.at("latent")[size_t(d)].number()), latentOf(kRows[i], d));
            for (size_t k = 0; k < 3; ++k)
                QCOMPARE(float(p.at("projected")[k].number()), projectedOf(kRows[i], int(k)));
        }
    }

    void zooSubsetHoldsExactlyTheSelectedCheckpoints()
    {
        const ModelZoo& zoo = m_zoo->zoo;
        const QString file = m_tmp.filePath(QStringLiteral("selection.zoo.h5"));
        selection().writeZoo(file);
        const ModelZoo subset = ZooFile::read(file.toStdString());
        const std::vector<int64_t> ids{zoo.modelIds[0], zoo.modelIds[1], zoo.modelIds[2], zoo.modelIds[100], zoo.modelIds[255]};
        QCOMPARE(subset.modelIds, ids);
        QCOMPARE(subset.checkpointEpochs, (std::vector<int64_t>{0, 3, 10}));
        QCOMPARE(subset.architecture.name, zoo.architecture.name);
        QCOMPARE(subset.datasetId, zoo.datasetId);
        QCOMPARE(subset.epochs, zoo.epochs);
        std::set<std::pair<int64_t, int64_t>> selected;
        for (size_t i = 0; i < kRows.size(); ++i)
            selected.insert({zoo.modelIds[size_t(kModelRows[i])], kEpochs[i]});
        const int64_t p = zoo.parameterCount();
        int withWeights = 0;
        for (int64_t r = 0; r < subset.modelCount(); ++r) {
            const int64_t original = zoo.rowOf(subset.modelIds[size_t(r)]);
            QVERIFY(subset.hyperparameters[size_t(r)].activation == zoo.hyperparameters[size_t(original)].activation);
            QVERIFY(subset.split[size_t(r)] == zoo.split[size_t(original)]);
            for (int64_t e = 0; e <= zoo.epochs; ++e) // the models' whole history of metrics
                QCOMPARE(subset.metricAt(subset.testAccuracy, r, e), zoo.metricAt(zoo.testAccuracy, original, e));
            for (int64_t c = 0; c < subset.checkpointCount(); ++c) {
                const int64_t epoch = subset.checkpointEpochs[size_t(c)];
                const bool isSelected = selected.count({subset.modelIds[size_t(r)], epoch}) > 0;
                QCOMPARE(subset.hasWeights(r, c), isSelected);
                if (isSelected) {
                    ++withWeights;
                    QVERIFY(std::memcmp(subset.weightsAt(r, c), zoo.weightsAt(original, zoo.checkpointIndex(epoch)),
                                        size_t(p) * sizeof(float)) == 0);
                }
            }
        }
        QCOMPARE(withWeights, int(kRows.size()));
        // Opened in ZooScope, the subset shows exactly the selected points.
        const OpenedZoo reopened = OpenedZoo::load(file);
        QCOMPARE(reopened.pointCount(), int64_t(kRows.size()));
        for (int64_t i = 0; i < reopened.pointCount(); ++i) {
            const int64_t id = reopened.zoo.modelIds[size_t(reopened.pointModelRows[size_t(i)])];
            const int64_t epoch = reopened.zoo.checkpointEpochs[size_t(reopened.pointCheckpoints[size_t(i)])];
            QVERIFY(selected.count({id, epoch}) == 1);
        }
    }

    void stateDictsReadBackInZooScopeAndPyTorch()
    {
        const ModelZoo& zoo = m_zoo->zoo;
        const QString dir = m_tmp.filePath(QStringLiteral("state-dicts"));
        const std::vector<ExportedModel> written = selection().writeStateDicts(dir);
        QCOMPARE(written.size(), kRows.size());
        QString script = QStringLiteral("import sys, torch\nfor path in sys.argv[1:]:\n"
                                        "    sd = torch.load(path)\n"
                                        "    assert all(t.dtype == torch.float32 for t in sd.values())\n"
                                        "    print('%.9g' % sum(float(t.double().sum()) for t in sd.values()))\n");
        QStringList paths;
        std::vector<double> sums;
        for (size_t i = 0; i < kRows.size(); ++i) {
            const int64_t m = kModelRows[i], epoch = kEpochs[i];
            const int64_t id = zoo.modelIds[size_t(m)];
            const ExportedModel* e = nullptr;
            for (const ExportedModel& w : written)
                if (w.id == id && w.epoch == epoch)
                    e = &w;
            QVERIFY2(e, qPrintable(QStringLiteral("model %1 at epoch %2 not exported").arg(id).arg(epoch)));
            const QString expectedPath = dir + QStringLiteral("/epoch-%1/%2.pt").arg(epoch).arg(id);
            QCOMPARE(QString::fromStdString(e->statePath), expectedPath);
            QVERIFY(QFile::exists(QString::fromStdString(e->jsonPath)));
            const std::vector<float> flat = TorchStateDict::toFlat(zoo.architecture, TorchStateDict::read(e->statePath));
            const float* original = zoo.weightsAt(m, zoo.checkpointIndex(epoch));
            QVERIFY(std::memcmp(flat.data(), original, flat.size() * sizeof(float)) == 0);
            double sum = 0;
            for (int64_t k = 0; k < zoo.parameterCount(); ++k)
                sum += double(original[k]);
            sums.push_back(sum);
            paths << expectedPath;
        }
        const auto r = zootest::runPython(script, paths);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        const QStringList printed = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(printed.size(), int(sums.size()));
        for (size_t i = 0; i < sums.size(); ++i)
            QVERIFY2(std::abs(printed[int(i)].toDouble() - sums[i]) <= 1e-6 * (1 + std::abs(sums[i])), qPrintable(printed[int(i)]));
    }

    void formatsFollowTheSuffix()
    {
        QCOMPARE(SelectionExport::formatOf(QStringLiteral("a.CSV")), std::optional(SelectionExport::Format::Csv));
        QCOMPARE(SelectionExport::formatOf(QStringLiteral("a.json")), std::optional(SelectionExport::Format::Json));
        QCOMPARE(SelectionExport::formatOf(QStringLiteral("a.zoo.h5")), std::optional(SelectionExport::Format::Zoo));
        QCOMPARE(SelectionExport::formatOf(QStringLiteral("a.hdf5")), std::optional(SelectionExport::Format::Zoo));
        QVERIFY(!SelectionExport::formatOf(QStringLiteral("folder")));
        QVERIFY(!SelectionExport::formatOf(QStringLiteral("a.txt")));
    }

    void badInputGivesClearErrors()
    {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, SelectionExport(*m_zoo, {}, {}, 0, nullptr));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, SelectionExport(*m_zoo, {int(m_zoo->pointCount())}, {}, 0, nullptr));
        // A missing folder: a message naming the file, nothing written.
        const QString missing = m_tmp.filePath(QStringLiteral("no-such-folder/selection.csv"));
        try {
            selection().writeCsv(missing);
            QFAIL("writing into a missing folder did not throw");
        } catch (const std::runtime_error& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("no-such-folder")), e.what());
        }
        QVERIFY(!QFile::exists(missing));
        const ModelZoo& zoo = m_zoo->zoo;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ZooSubset::select(zoo, {}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ZooSubset::select(zoo, {{-12345, 10}}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ZooSubset::select(zoo, {{zoo.modelIds[0], 4}})); // no checkpoint at 4
    }

    void repeatedCheckpointsCountOnce()
    {
        const ModelZoo& zoo = m_zoo->zoo;
        const ModelZoo subset = ZooSubset::select(zoo, {{zoo.modelIds[5], 10}, {zoo.modelIds[5], 10}, {zoo.modelIds[3], 2}});
        QCOMPARE(subset.modelIds, (std::vector<int64_t>{zoo.modelIds[3], zoo.modelIds[5]})); // the zoo's order
        QCOMPARE(subset.checkpointEpochs, (std::vector<int64_t>{2, 10}));
        QVERIFY(subset.hasWeights(0, 0) && !subset.hasWeights(0, 1));
        QVERIFY(!subset.hasWeights(1, 0) && subset.hasWeights(1, 1));
    }
};

QTEST_GUILESS_MAIN(TestSelectionExport)
#include "tst_selectionexport.moc"
