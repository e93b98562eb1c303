#include "app/SamplingJob.h"

#include "app/OpenedZoo.h"
#include "zoo/DatasetLoader.h"
#include "core/EngineInfo.h"
#include "hyperrep/HyperRepresentation.h"
#include "analysis/PcaProjection.h"
#include "zoo/ZooFile.h"
#include "widgets/SamplingResultsChart.h"

#include <QFileInfo>
#include <QThread>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <set>

namespace zooscope {

SamplingJob::SamplingJob(QObject* parent)
    : QObject(parent)
{
}

SamplingJob::~SamplingJob()
{
    m_cancel = true;
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
    }
}

void SamplingJob::cancel() { m_cancel = true; }

void SamplingJob::wait()
{
    if (m_thread)
        m_thread->wait();
}

bool SamplingJob::start(std::shared_ptr<const OpenedZoo> zoo, std::shared_ptr<const HyperRepresentation> hyperRepresentation,
                          SamplingRequest request)
{
    if (m_active || !zoo)
        return false;
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
        m_thread = nullptr;
    }
    m_active = true;
    m_cancel = false;
    m_outcome = SamplingOutcome{};

    m_thread = QThread::create([this, zoo, hyperRepresentation, request]() mutable {
        SamplingOutcome outcome;
        const auto started = std::chrono::steady_clock::now();
        auto lastSent = std::chrono::steady_clock::now() - std::chrono::seconds(1);
        std::string lastStage;
        // Progress of a part of the work (`from`..`to` of the whole): throttled, stage changes always sent.
        auto report = [&](const std::string& stage, double fraction, double from, double to) {
            const auto now = std::chrono::steady_clock::now();
            if (stage == lastStage && now - lastSent < std::chrono::milliseconds(100))
                return;
            lastStage = stage;
            lastSent = now;
            const double overall = from + (to - from) * std::clamp(fraction, 0.0, 1.0);
            const double elapsed = std::chrono::duration<double>(now - started).count();
            const double left = overall > 0.05 ? elapsed / overall * (1.0 - overall) : -1.0;
            const QString text = QString::fromStdString(stage);
            QMetaObject::invokeMethod(this, [this, text, overall, left] { emit progress(text, overall, left); },
                                      Qt::QueuedConnection);
        };
        try {
            const ModelZoo& z = zoo->zoo;
            if (!m_dataset || m_dataset->id != z.datasetId) {
                report(tr("loading the dataset").toStdString(), 0, 0, 0);
                if (z.datasetId != "fashion-mnist")
                    throw std::runtime_error(tr("the zoo's dataset '%1' is not built in; ZooScope can test generated models "
                                                "on Fashion-MNIST only (zooscope-cli sample --data DIR takes others)")
                                                 .arg(QString::fromStdString(z.datasetId))
                                                 .toStdString());
                auto data = std::make_shared<Dataset>(DatasetLoader::fashionMnist());
                data->id = z.datasetId;
                m_dataset = std::move(data);
            }
            if (m_cancel)
                throw OperationCancelled{};
            const ModelSampler generator(z, *m_dataset, hyperRepresentation.get());
            const double share = request.compareWithRandomInit ? 0.75 : 1.0;

            SamplingOptions o = request.options;
            if (o.threads <= 0)
                o.threads = EngineInfo::computeThreads(); // the GUI keeps a core (app/main.cpp)
            // cancel() sets m_cancel; the next report passes it on to the sampler's Progress.
            Progress progress;
            progress = Progress([&](const ProgressUpdate& p) {
                if (m_cancel)
                    progress.cancel();
                report(p.stage, p.fraction, 0.0, share);
            });
            outcome.generated = generator.generate(o, progress);
            outcome.generated.zoo.createdBy = "ZooScope explorer: " + outcome.generated.methodName + " from " +
                                              o.anchors.toString();
            if (m_cancel)
                throw OperationCancelled{};

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
                if (b.threads <= 0)
                    b.threads = EngineInfo::computeThreads();
                Progress randomInitProgress;
                randomInitProgress = Progress([&](const ProgressUpdate& p) {
                    if (m_cancel)
                        randomInitProgress.cancel();
                    report(tr("random init: %1").arg(QString::fromStdString(p.stage)).toStdString(), p.fraction, share, 1.0);
                });
                outcome.randomInit = generator.generate(b, randomInitProgress);
                if (m_cancel)
                    throw OperationCancelled{};
                outcome.hasRandomInit = true;
            }

            // The generated models at their last fine-tuning epoch, in the space the view projects.
            const ModelZoo& g = outcome.generated.zoo;
            const int64_t models = g.modelCount(), params = g.parameterCount(), last = g.checkpointCount() - 1;
            std::vector<float> flat(size_t(models * params));
            for (int64_t m = 0; m < models; ++m)
                std::copy_n(g.weightsAt(m, last), params, flat.begin() + m * params);
            if (hyperRepresentation) {
                report(tr("encoding the generated models").toStdString(), 1.0, 0.0, 1.0);
                outcome.representation = hyperRepresentation->encode(flat.data(), models);
                outcome.columns = hyperRepresentation->latentDim();
                outcome.latent = true;
            } else {
                outcome.representation = std::move(flat);
                outcome.columns = params;
            }
            try {
                outcome.placedXyz = placeInProjection(request.projection, outcome.representation, outcome.columns);
                outcome.placedFor = request.projection.request;
            } catch (const std::exception&) {
                // Not placed: the window tries again with the projection it shows.
            }
            outcome.completed = true;
        } catch (const OperationCancelled&) {
            outcome.cancelled = true;
        } catch (const std::exception& e) {
            outcome.error = QString::fromStdString(e.what());
        } catch (...) {
            outcome.error = tr("unknown error in the generation worker");
        }
        outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (outcome.cancelled)
            outcome.completed = false;
        QMetaObject::invokeMethod(
            this,
            [this, outcome = std::move(outcome)]() mutable {
                m_outcome = std::move(outcome);
                m_active = false;
                emit finished();
            },
            Qt::QueuedConnection);
    });
    m_thread->setObjectName(QStringLiteral("model generation"));
    m_thread->start(QThread::LowPriority);
    return true;
}

std::vector<AnchorId> SamplingJob::anchorsOfRows(const OpenedZoo& zoo, const std::vector<int>& rows)
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

namespace {

// Least squares: the affine map (4x3) that takes `from` [n, 3] closest to `to` [n, 3]. Fitted PCA
// coordinates and the shown ones agree up to the axes' signs (or, for the zoo's own weight PCA, a
// slightly different solver); the fit absorbs both.
bool fitAffine(const std::vector<float>& from, const std::vector<float>& to, double map[4][3])
{
    const size_t n = from.size() / 3;
    double a[4][4] = {}, b[4][3] = {};
    for (size_t i = 0; i < n; ++i) {
        const double x[4] = {from[i * 3], from[i * 3 + 1], from[i * 3 + 2], 1.0};
        for (int r = 0; r < 4; ++r) {
            for (int c = 0; c < 4; ++c)
                a[r][c] += x[r] * x[c];
            for (int c = 0; c < 3; ++c)
                b[r][c] += x[r] * to[i * 3 + size_t(c)];
        }
    }
    // Gauss-Jordan with partial pivoting on the 4x4 normal equations.
    for (int col = 0; col < 4; ++col) {
        int pivot = col;
        for (int r = col + 1; r < 4; ++r)
            if (std::abs(a[r][col]) > std::abs(a[pivot][col]))
                pivot = r;
        if (std::abs(a[pivot][col]) < 1e-12)
            return false;
        std::swap(a[col], a[pivot]);
        std::swap(b[col], b[pivot]);
        for (int r = 0; r < 4; ++r) {
            if (r == col)
                continue;
            const double f = a[r][col] / a[col][col];
            for (int c = 0; c < 4; ++c)
                a[r][c] -= f * a[col][c];
            for (int c = 0; c < 3; ++c)
                b[r][c] -= f * b[col][c];
        }
    }
    for (int r = 0; r < 4; ++r)
        for (int c = 0; c < 3; ++c)
            map[r][c] = b[r][c] / a[r][r];
    return true;
}

} // namespace

std::vector<float> SamplingJob::placeInProjection(const ProjectionResult& projection, const std::vector<float>& representation,
                                                    int64_t columns)
{
    const ProjectionRequest& req = projection.request;
    if (!req.data || columns <= 0 || req.columns != columns || representation.empty() ||
        representation.size() % size_t(columns) != 0 || projection.xyz.size() != size_t(req.rows * 3))
        return {};
    const int64_t n = int64_t(representation.size()) / columns;
    std::vector<float> xyz(size_t(n * 3), 0.0f);
    switch (req.method) {
    case ProjectionMethod::Axes:
        for (int64_t i = 0; i < n; ++i)
            for (int k = 0; k < 3; ++k) {
                const int axis = req.axes[size_t(k)];
                xyz[size_t(i * 3 + k)] = axis >= 0 && axis < columns ? representation[size_t(i * columns + axis)] : 0.0f;
            }
        break;
    case ProjectionMethod::Pca: {
        const PcaProjection pca(req.data->data(), req.rows, req.columns, 3);
        const std::vector<float> mine = pca.transform(representation.data(), n);
        double map[4][3];
        if (pca.components() < 3 || !fitAffine(pca.coordinates(), projection.xyz, map))
            return {};
        for (int64_t i = 0; i < n; ++i)
            for (int c = 0; c < 3; ++c)
                xyz[size_t(i * 3 + c)] = float(map[0][c] * mine[size_t(i * 3)] + map[1][c] * mine[size_t(i * 3 + 1)] +
                                               map[2][c] * mine[size_t(i * 3 + 2)] + map[3][c]);
        break;
    }
    case ProjectionMethod::Tsne: {
        const float* data = req.data->data();
        const int k = int(std::min<int64_t>(5, req.rows));
        for (int64_t i = 0; i < n; ++i) {
            const float* x = representation.data() + i * columns;
            std::vector<std::pair<double, int64_t>> nearest; // (squared distance, row), the k smallest
            for (int64_t r = 0; r < req.rows; ++r) {
                const float* y = data + r * columns;
                double d = 0;
                for (int64_t c = 0; c < columns; ++c)
                    d += double(x[c] - y[c]) * double(x[c] - y[c]);
                if (int(nearest.size()) < k || d < nearest.back().first) {
                    if (int(nearest.size()) == k)
                        nearest.pop_back();
                    nearest.insert(std::upper_bound(nearest.begin(), nearest.end(), std::make_pair(d, r)), {d, r});
                }
            }
            double weight = 0, p[3] = {0, 0, 0};
            for (const auto& [d, r] : nearest) {
                const double w = 1.0 / (std::sqrt(d) + 1e-9);
                weight += w;
                for (int c = 0; c < 3; ++c)
                    p[c] += w * projection.xyz[size_t(r * 3 + c)];
            }
            for (int c = 0; c < 3; ++c)
                xyz[size_t(i * 3 + c)] = weight > 0 ? float(p[c] / weight) : 0.0f;
        }
        break;
    }
    }
    for (float& v : xyz)
        if (!std::isfinite(v))
            v = 0.0f;
    return xyz;
}

SamplingChartData SamplingJob::chartData(const SamplingOutcome& outcome)
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

bool SamplingJob::exportZoo(const SamplingOutcome& outcome, const QString& file, QString* error)
{
    if (!outcome.completed || outcome.generated.zoo.modelCount() == 0) {
        if (error)
            *error = tr("There are no generated models to export.");
        return false;
    }
    try {
        ZooFile::write(outcome.generated.zoo, QFileInfo(file).absoluteFilePath().toStdString());
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromUtf8(e.what());
        return false;
    }
    return true;
}

} // namespace zooscope
