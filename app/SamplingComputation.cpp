#include "app/SamplingComputation.h"

#include "app/BackgroundJob.h"
#include "app/OpenedZoo.h"
#include "core/EngineInfo.h"
#include "hyperrep/HyperRepresentation.h"
#include "sampling/NoveltyReferenceStore.h"
#include "widgets/HyperRepresentationPanel.h"
#include "widgets/SamplingResultsChart.h"
#include "zoo/DatasetLoader.h"
#include "zoo/ZooFile.h"

#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <set>
#include <stdexcept>

namespace zooscope {

SamplingOutcome SamplingComputation::compute(const OpenedZoo& zoo, const HyperRepresentation* hyperRepresentation,
                                             const SamplingRequest& request, std::shared_ptr<const Dataset> dataset,
                                             const Progress& progress, std::shared_ptr<const NoveltyReferenceCache> novelty,
                                             const Preview& preview)
{
    SamplingOutcome outcome;
    const auto started = std::chrono::steady_clock::now();
    const ModelZoo& z = zoo.zoo;
    if (!dataset || dataset->id != z.datasetId) {
        progress.report(0, tr("loading the dataset").toStdString());
        if (z.datasetId != "fashion-mnist")
            throw std::runtime_error(tr("the zoo's dataset '%1' is not built in; ZooScope can test generated models "
                                        "on Fashion-MNIST only (zooscope-cli sample --data DIR takes others)")
                                         .arg(QString::fromStdString(z.datasetId))
                                         .toStdString());
        auto data = std::make_shared<Dataset>(DatasetLoader::fashionMnist());
        data->id = z.datasetId;
        dataset = std::move(data);
    }
    outcome.dataset = dataset;
    progress.throwIfCancelled();
    const ModelSampler sampler(z, *dataset, hyperRepresentation);
    const double share = request.compareWithRandomInit ? 0.75 : 1.0;

    SamplingOptions o = request.options;
    // References tested on another dataset object than this run's are not used (the key also says so).
    if (novelty && novelty->measure && &novelty->measure->split() == &dataset->test)
        o.noveltyCache = std::move(novelty);
    // The CLI's store: a zoo's references tested by either are not tested again by the other.
    o.noveltyStoreDirectory = NoveltyReferenceStore::defaultDirectory();
    if (preview) {
        o.preview = [&](const SamplingPreview& p) {
            // The models as generated, as a one-checkpoint zoo (epoch 0), placed like the final ones.
            auto early = std::make_shared<SamplingOutcome>();
            early->preliminary = true;
            SamplingResult& g = early->generated;
            g.method = o.method;
            g.methodName = p.methodName;
            g.anchors = p.anchors;
            g.settingsAnchor = p.settingsAnchor;
            const int64_t n = int64_t(p.testAccuracy.size());
            ModelZoo& m = g.zoo;
            m.architecture = z.architecture;
            m.datasetId = dataset->id;
            m.epochs = 0;
            m.checkpointEpochs = {0};
            m.weights = p.weights;
            GeneratedEpoch e;
            e.epoch = 0;
            e.testAccuracy = p.testAccuracy;
            for (int64_t i = 0; i < n; ++i) {
                m.modelIds.push_back(i);
                m.testAccuracy.push_back(float(p.testAccuracy[size_t(i)]));
            }
            g.epochs.push_back(std::move(e));
            double sum = 0;
            int count = 0;
            for (const AnchorId& a : g.anchors) {
                const int64_t row = z.rowOf(a.modelId);
                const float acc = row >= 0 ? z.metricAt(z.testAccuracy, row, a.epoch) : NAN;
                early->anchorAccuracy.push_back(std::isfinite(acc) ? 100.0 * acc : NAN);
                if (std::isfinite(acc)) {
                    sum += acc;
                    ++count;
                }
            }
            g.anchorMeanAccuracy = count ? sum / count : NAN;
            early->dataset = dataset;
            represent(*early, hyperRepresentation, {});
            early->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            preview(std::move(early));
        };
    }
    outcome.generated = sampler.generate(o, progress.sub(0.0, share));
    if (outcome.generated.noveltyCache) {
        auto kept = std::make_shared<NoveltyReferenceCache>(*outcome.generated.noveltyCache);
        kept->owner = dataset; // the measure refers to the dataset's test split
        outcome.novelty = std::move(kept);
    }
    outcome.generated.zoo.createdBy = "ZooScope explorer: " + outcome.generated.methodName + " from " + o.anchors.toString();
    progress.throwIfCancelled();

    // Anchors as they are in the zoo: the "selection" of the comparison.
    for (const AnchorId& a : outcome.generated.anchors) {
        const int64_t row = z.rowOf(a.modelId);
        const float acc = row >= 0 ? z.metricAt(z.testAccuracy, row, a.epoch) : NAN;
        outcome.anchorAccuracy.push_back(std::isfinite(acc) ? 100.0 * acc : NAN);
    }

    if (request.compareWithRandomInit) {
        SamplingOptions b = request.options;
        b.method = SamplingMethod::RandomInit;
        b.count = request.randomInitCount;
        b.measureNovelty = false;
        b.seed = request.options.seed + 1;
        outcome.randomInit = sampler.generate(b, progress.sub(share, 1.0).prefixed(tr("random init").toStdString() + ": "));
        progress.throwIfCancelled();
        outcome.hasRandomInit = true;
    }

    represent(outcome, hyperRepresentation, progress);
    outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return outcome;
}

void SamplingComputation::represent(SamplingOutcome& outcome, const HyperRepresentation* hyperRepresentation, const Progress& progress)
{
    // The generated models at their last fine-tuning epoch, in the space the view projects.
    const ModelZoo& g = outcome.generated.zoo;
    const int64_t models = g.modelCount(), params = g.parameterCount(), last = g.checkpointCount() - 1;
    std::vector<float> flat(size_t(models * params));
    for (int64_t m = 0; m < models; ++m)
        std::copy_n(g.weightsAt(m, last), params, flat.begin() + m * params);
    if (hyperRepresentation) {
        progress.report(1.0, tr("encoding the generated models").toStdString());
        outcome.representation = hyperRepresentation->encode(flat.data(), models);
        outcome.columns = hyperRepresentation->latentDim();
        outcome.latent = true;
    } else {
        outcome.representation = std::move(flat);
        outcome.columns = params;
        outcome.latent = false;
    }
}

SamplingOutcome SamplingComputation::readGenerated(const OpenedZoo& zoo, const HyperRepresentation* hyperRepresentation,
                                                   const QString& file, const Progress& progress)
{
    SamplingOutcome outcome;
    SamplingResult& r = outcome.generated;
    r.zoo = ZooFile::read(QFileInfo(file).absoluteFilePath().toStdString(), progress.sub(0.0, 0.5));
    const ModelZoo& g = r.zoo;
    if (g.modelCount() == 0 || g.checkpointCount() == 0)
        throw std::runtime_error(tr("%1 holds no generated models.").arg(file).toStdString());
    if (g.parameterCount() != zoo.zoo.parameterCount())
        throw std::runtime_error(tr("The generated models in %1 have another architecture than the zoo %2.")
                                     .arg(file, zoo.path)
                                     .toStdString());
    // "<method> from anchor <id>@<epoch> (settings: <rule>)", as ModelSampler writes the sources.
    static const QRegularExpression source(QStringLiteral("^(\\S+) from anchor (-?\\d+)@(-?\\d+) \\(settings: (.*)\\)$"));
    for (int64_t m = 0; m < g.modelCount(); ++m) {
        const auto match = source.match(QString::fromStdString(size_t(m) < g.modelSources.size() ? g.modelSources[size_t(m)] : std::string()));
        if (!match.hasMatch()) {
            r.settingsAnchor.push_back(-1);
            continue;
        }
        if (r.methodName.empty()) {
            r.methodName = match.captured(1).toStdString();
            r.settingsRule = match.captured(4).toStdString();
        }
        const AnchorId anchor{match.captured(2).toLongLong(), match.captured(3).toLongLong()};
        auto it = std::find(r.anchors.begin(), r.anchors.end(), anchor);
        if (it == r.anchors.end())
            it = r.anchors.insert(r.anchors.end(), anchor);
        r.settingsAnchor.push_back(int64_t(it - r.anchors.begin()));
    }
    if (r.methodName.empty())
        r.methodName = tr("generated").toStdString();
    try {
        r.method = samplingMethodFromString(r.methodName);
    } catch (const std::exception&) {
        // another tool's models: the name stays as written
    }
    r.datasetId = g.datasetId;
    for (int64_t epoch : g.checkpointEpochs) {
        GeneratedEpoch e;
        e.epoch = epoch;
        for (int64_t m = 0; m < g.modelCount(); ++m) {
            e.testAccuracy.push_back(g.metricAt(g.testAccuracy, m, epoch));
            e.testLoss.push_back(g.metricAt(g.testLoss, m, epoch));
        }
        r.epochs.push_back(std::move(e));
    }
    double sum = 0;
    int n = 0;
    for (const AnchorId& a : r.anchors) {
        const int64_t row = zoo.zoo.rowOf(a.modelId);
        const float acc = row >= 0 ? zoo.zoo.metricAt(zoo.zoo.testAccuracy, row, a.epoch) : NAN;
        outcome.anchorAccuracy.push_back(std::isfinite(acc) ? 100.0 * acc : NAN);
        if (std::isfinite(acc)) {
            sum += acc;
            ++n;
        }
    }
    r.anchorMeanAccuracy = n ? sum / n : 0;
    represent(outcome, hyperRepresentation, progress.sub(0.5, 1.0));
    return outcome;
}

std::vector<AnchorId> SamplingComputation::anchorsOfRows(const OpenedZoo& zoo, const std::vector<int>& rows)
{
    std::vector<AnchorId> anchors;
    anchors.reserve(rows.size());
    for (int r : rows) {
        if (r < 0 || r >= zoo.pointCount())
            continue;
        const int64_t model = zoo.pointModelRows[size_t(r)];
        const int64_t checkpoint = zoo.pointCheckpoints[size_t(r)];
        anchors.push_back({zoo.zoo.modelIds[size_t(model)], zoo.zoo.checkpointEpochs[size_t(checkpoint)]});
    }
    return anchors;
}

void SamplingComputation::setAnchors(SamplingRequest& request, const OpenedZoo& zoo, const std::vector<int>* selectedRows)
{
    if (selectedRows) {
        request.options.anchors.kind = AnchorSelection::Kind::Explicit;
        request.options.anchors.ids = anchorsOfRows(zoo, *selectedRows);
        // Novelty against the training models at the stages the selection shows (all would cost more).
        std::set<int64_t> epochs;
        for (const AnchorId& a : request.options.anchors.ids)
            epochs.insert(a.epoch);
        request.options.noveltyReferenceEpochs.assign(epochs.begin(), epochs.end());
    } else if (!zoo.zoo.checkpointEpochs.empty()) {
        // The best checkpoints are trained ones: compare with the training models' last checkpoints.
        request.options.noveltyReferenceEpochs = {zoo.zoo.checkpointEpochs.back()};
    }
}

SamplingChartData SamplingComputation::chartData(const SamplingOutcome& outcome)
{
    SamplingChartData data;
    const SamplingResult& g = outcome.generated;
    data.generatedLabel = tr("%1 (%2 models)").arg(QString::fromStdString(g.methodName)).arg(g.zoo.modelCount());
    data.selection = outcome.anchorAccuracy;
    auto percent = [](const std::vector<double>& v) {
        std::vector<double> out(v.size());
        std::transform(v.begin(), v.end(), out.begin(), [](double a) { return 100.0 * a; });
        return out;
    };
    bool anyNovelty = false;
    for (const GeneratedEpoch& e : g.epochs) {
        data.epochs.push_back(e.epoch);
        data.generated.push_back(percent(e.testAccuracy));
        data.novelty.push_back(e.novelty.maxIoU);
        anyNovelty = anyNovelty || !e.novelty.empty();
    }
    if (!anyNovelty)
        data.novelty.clear();
    if (outcome.hasRandomInit) {
        for (int64_t epoch : data.epochs) {
            std::vector<double> values;
            for (const GeneratedEpoch& e : outcome.randomInit.epochs)
                if (e.epoch == epoch)
                    values = percent(e.testAccuracy);
            data.randomInit.push_back(values);
        }
    }
    return data;
}

QString SamplingComputation::summary(const SamplingOutcome& o)
{
    QString text = tr("%1 models with %2 from %3 anchors in %4.")
                       .arg(o.generated.zoo.modelCount())
                       .arg(QString::fromStdString(o.generated.methodName))
                       .arg(o.generated.anchors.size())
                       .arg(HyperRepresentationPanel::formatDuration(o.seconds));
    if (!o.generated.epochs.empty()) {
        const GeneratedEpoch& last = o.generated.epochs.back();
        double sum = 0;
        int n = 0;
        for (double a : last.testAccuracy)
            if (std::isfinite(a)) {
                sum += a;
                ++n;
            }
        text += tr(" Mean test accuracy after %1 fine-tuning epochs: %2% (anchors %3%).")
                    .arg(last.epoch)
                    .arg(n ? 100.0 * sum / n : NAN, 0, 'f', 1)
                    .arg(100.0 * o.generated.anchorMeanAccuracy, 0, 'f', 1);
    }
    return text;
}

QString SamplingComputation::card(const SamplingOutcome& o, int index)
{
    const SamplingResult& g = o.generated;
    if (index < 0 || index >= g.zoo.modelCount())
        return QString();
    QString text = tr("<b>Generated model %1</b> (%2)").arg(index + 1).arg(QString::fromStdString(g.methodName).toHtmlEscaped());
    if (size_t(index) < g.zoo.modelSources.size())
        text += QStringLiteral("<br>") + QString::fromStdString(g.zoo.modelSources[size_t(index)]).toHtmlEscaped();
    for (const GeneratedEpoch& e : g.epochs) {
        text += tr("<br>fine-tuning epoch %1: test accuracy %2%").arg(e.epoch).arg(100.0 * e.testAccuracy[size_t(index)], 0, 'f', 1);
        if (size_t(index) < e.novelty.maxIoU.size())
            text += tr(", max IoU %1").arg(e.novelty.maxIoU[size_t(index)], 0, 'f', 3);
    }
    return text;
}

void SamplingComputation::exportZoo(const SamplingOutcome& outcome, const QString& file)
{
    if (outcome.preliminary)
        throw std::runtime_error(tr("The generated models are still being fine-tuned; export them when sampling has finished.").toStdString());
    if (outcome.generated.zoo.modelCount() == 0)
        throw std::runtime_error(tr("There are no generated models to export.").toStdString());
    ZooFile::write(outcome.generated.zoo, QFileInfo(file).absoluteFilePath().toStdString());
}

} // namespace zooscope
