#include "app/ExplorerSession.h"

#include "analysis/CheckpointComparison.h"
#include "analysis/ModelDiagnostics.h"
#include "zoo/DatasetLoader.h"

#include "app/BackgroundJob.h"
#include "app/HyperRepresentationLoading.h"
#include "app/LatentNeighbourhoodCard.h"
#include "app/OpenedZoo.h"
#include "app/SessionFile.h"
#include "core/EngineInfo.h"
#include "hyperrep/HyperRepresentation.h"
#include "widgets/SelectionModel.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <map>
#include <numeric>
#include <stdexcept>

namespace zooscope {

namespace {

// The zoo's images where they are at hand: the loaded `cached` dataset when it is the zoo's, the built-in
// Fashion-MNIST for its zoos, otherwise none.
std::shared_ptr<const Dataset> zooImages(const ModelZoo& zoo, std::shared_ptr<const Dataset> cached, const Progress& progress)
{
    if (cached && cached->id == zoo.datasetId)
        return cached;
    if (zoo.datasetId != "fashion-mnist")
        return nullptr;
    progress.report(0, QCoreApplication::translate("ExplorerSession", "loading the dataset").toStdString());
    return std::make_shared<const Dataset>(DatasetLoader::fashionMnist());
}

} // namespace


// A session being restored: what the file says, the changed files, and whether its projection is asked for.
struct ExplorerSession::Restore {
    QString file;
    SessionState state;
    QStringList warnings;
    bool projecting = false;
};

ExplorerSession::ExplorerSession(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<zooscope::HyperRepresentationProgress>("zooscope::HyperRepresentationProgress");
    m_selection = new SelectionModel(this);
    m_selection->setObjectName(QStringLiteral("selectionModel"));
    const auto job = [this](const char* name) {
        auto* j = new BackgroundJob(this);
        j->setObjectName(QLatin1String(name));
        connectJob(j);
        return j;
    };
    m_zooJob = job("zooJob");
    m_hyperRepresentationJob = job("hyperRepresentationJob");
    m_projectionJob = job("projectionJob");
    m_trainingJob = job("trainingJob");
    m_analysisJob = job("analysisJob");
    m_samplingJob = job("samplingJob");
}

ExplorerSession::~ExplorerSession()
{
    // A worker still running must not outlive the state it reports to: cancel all, then join all.
    const std::vector<BackgroundJob*> jobs{m_zooJob, m_hyperRepresentationJob, m_projectionJob,
                                           m_trainingJob, m_analysisJob, m_samplingJob};
    for (BackgroundJob* j : jobs)
        j->cancel();
    for (BackgroundJob* j : jobs) {
        j->blockSignals(true);
        delete j;
    }
}

bool ExplorerSession::behaviourTermAvailable() const
{
    // The term needs the zoo's training images; the app has Fashion-MNIST's (Debian's package) built in.
    return m_zoo && m_zoo->zoo.datasetId == "fashion-mnist";
}

void ExplorerSession::connectJob(BackgroundJob* job)
{
    connect(job, &BackgroundJob::finished, this, &ExplorerSession::checkIdle);
}

void ExplorerSession::checkIdle()
{
    // Queued: a job's finished handler may start the next job (a pending projection) first.
    QTimer::singleShot(0, this, [this] {
        if (!isBusy())
            emit jobsIdle();
    });
}

bool ExplorerSession::isBusy() const
{
    for (const BackgroundJob* j : {m_zooJob, m_hyperRepresentationJob, m_projectionJob, m_trainingJob, m_analysisJob, m_samplingJob})
        if (j->isBusy())
            return true;
    return false;
}

std::function<bool()> ExplorerSession::whileZooIs(const std::shared_ptr<const OpenedZoo>& zoo) const
{
    return [this, zoo] { return m_zoo && m_zoo == zoo; };
}

std::shared_ptr<const ModelZoo> ExplorerSession::modelZoo() const
{
    return m_zoo ? std::shared_ptr<const ModelZoo>(m_zoo, &m_zoo->zoo) : nullptr;
}

const std::vector<float>& ExplorerSession::latents() const
{
    static const std::vector<float> none;
    return m_latents ? *m_latents : none;
}

QString ExplorerSession::companionHyperRepresentationPath(const QString& zooFile)
{
    const QFileInfo info(zooFile);
    QString name = info.fileName();
    for (const char* suffix : {".zoo.h5", ".h5", ".hdf5"}) {
        if (name.endsWith(QLatin1String(suffix))) {
            name.chop(int(qstrlen(suffix)));
            break;
        }
    }
    const QString candidate = info.absolutePath() + QLatin1Char('/') + name + QStringLiteral(".hr");
    return QFileInfo::exists(candidate) ? candidate : QString();
}

// --- The zoo ---

void ExplorerSession::openZoo(const QString& file)
{
    const QFileInfo info(file);
    if (!info.exists() || !info.isFile()) {
        emit errorOccurred(tr("Open Model Zoo"), tr("The file %1 does not exist.").arg(file));
        emit zooOpened(file, tr("missing file"));
        return;
    }
    if (m_zooJob->isBusy()) {
        emit errorOccurred(tr("Open Model Zoo"), tr("Another zoo is being opened; cancel it first."));
        return;
    }
    const QString path = info.absoluteFilePath();
    auto finished = std::make_shared<QMetaObject::Connection>();
    *finished = connect(m_zooJob, &BackgroundJob::finished, this, [this, path, finished](BackgroundJob::Outcome outcome, const QString& error) {
        disconnect(*finished);
        if (outcome == BackgroundJob::Outcome::Cancelled) {
            emit statusMessage(tr("Opening %1 was cancelled.").arg(QFileInfo(path).fileName()), 5000);
            emit zooOpened(path, tr("cancelled"));
        } else if (outcome == BackgroundJob::Outcome::Failed) {
            emit errorOccurred(tr("Open Model Zoo"), tr("Could not open %1:\n%2").arg(path, error));
            emit zooOpened(path, error);
        }
    });
    m_zooJob->start(tr("Opening %1").arg(info.fileName()), [this, path](const Progress& progress) -> std::function<void()> {
        auto zoo = std::make_shared<OpenedZoo>(OpenedZoo::load(path, progress));
        return [this, path, zoo] {
            showZoo(zoo);
            emit zooOpened(path, QString());
            // A hyper-representation shipped next to the zoo is used when it fits.
            const QString companion = companionHyperRepresentationPath(path);
            if (!companion.isEmpty())
                loadHyperRepresentation(companion, true);
        };
    });
}

void ExplorerSession::showZoo(std::shared_ptr<OpenedZoo> zoo, bool project)
{
    m_zoo = std::move(zoo);
    // A new zoo: the previous hyper-representation, latents, projections, analysis, selection and
    // generated models no longer apply.
    m_hyperRepresentationJob->cancel();
    m_analysisJob->cancel();
    m_hyperRepresentation.reset();
    m_hyperRepresentationPath.clear();
    m_latents.reset();
    m_neighbourhoodCard.reset();
    m_latentDim = 0;
    m_weights = std::make_shared<const std::vector<float>>(m_zoo->allPointWeights());
    m_properties.clear();
    m_analysis.reset();
    setModelSelection(nullptr);
    m_selection->setRowCount(int(m_zoo->pointCount()));
    setGenerated(nullptr);
    // The camera fits the new zoo; the trajectory mode is the user's and stays.
    m_view.camera.reset();
    m_view.isolatedRows.clear();
    m_sessionFile.clear();
    m_sessionPanelLayout.clear();
    emit zooChanged();
    m_projectionCache.clear();
    m_projectionCache.push_back(ProjectionComputation::weightPca(*m_zoo, m_weights));
    m_projection = ProjectionResult{};
    if (project)
        requestProjection(m_projectionSettings);
    emit hyperRepresentationChanged();
}

// --- The hyper-representation ---

void ExplorerSession::loadHyperRepresentation(const QString& file, bool quiet)
{
    const auto refuse = [&](const QString& text, const QString& reason) {
        if (!quiet)
            emit errorOccurred(tr("Load Hyper-Representation"), text);
        emit hyperRepresentationLoaded(file, reason);
    };
    if (!m_zoo)
        return refuse(tr("Open a model zoo first: a hyper-representation encodes a zoo's models."), tr("no zoo open"));
    if (!QFileInfo(file).isFile())
        return refuse(tr("The file %1 does not exist.").arg(file), tr("missing file"));
    if (m_trainingJob->isBusy())
        return refuse(tr("A hyper-representation is being trained: wait for it or cancel it before loading another."),
                      tr("training runs"));
    if (m_hyperRepresentationJob->isBusy()) {
        m_hyperRepresentationJob->cancel();
        m_hyperRepresentationJob->wait();
    }
    const QString path = QFileInfo(file).absoluteFilePath();
    const QString name = QFileInfo(file).fileName();
    auto finished = std::make_shared<QMetaObject::Connection>();
    *finished = connect(m_hyperRepresentationJob, &BackgroundJob::finished, this,
                        [this, path, name, quiet, finished](BackgroundJob::Outcome outcome, const QString& error) {
                            disconnect(*finished);
                            if (outcome == BackgroundJob::Outcome::Cancelled || outcome == BackgroundJob::Outcome::Stale) {
                                emit statusMessage(tr("Loading %1 was cancelled.").arg(name), 5000);
                                emit hyperRepresentationLoaded(path, tr("cancelled"));
                            } else if (outcome == BackgroundJob::Outcome::Failed) {
                                if (quiet)
                                    emit statusMessage(tr("%1 was not loaded: %2").arg(name, error), 15000);
                                else
                                    emit errorOccurred(tr("Load Hyper-Representation"), tr("Could not use %1:\n%2").arg(path, error));
                                emit hyperRepresentationLoaded(path, error);
                            }
                        });
    const std::shared_ptr<const OpenedZoo> zoo = m_zoo;
    m_hyperRepresentationJob->start(
        tr("Encoding the zoo with %1").arg(name),
        [this, zoo, path, name](const Progress& progress) -> std::function<void()> {
            auto loaded = std::make_shared<LoadedHyperRepresentation>(HyperRepresentationLoading::load(*zoo, path, progress));
            return [this, loaded, path, name] {
                setHyperRepresentation(loaded->model, std::move(loaded->latents), path);
                emit statusMessage(loaded->fromEmbedding ? tr("Loaded %1; latents read from the zoo file.").arg(name)
                                                         : tr("Loaded %1 and encoded %2 checkpoints.").arg(name).arg(m_zoo->pointCount()),
                                   8000);
                emit hyperRepresentationLoaded(path, QString());
            };
        },
        whileZooIs(zoo));
}

void ExplorerSession::setHyperRepresentation(std::shared_ptr<HyperRepresentation> model, std::vector<float> latents, const QString& path,
                                             bool project)
{
    m_hyperRepresentation = std::move(model);
    m_hyperRepresentationPath = path;
    m_latentDim = m_hyperRepresentation->latentDim();
    m_latents = std::make_shared<const std::vector<float>>(std::move(latents));
    m_neighbourhoodCard.reset();
    // Projections of the old representation no longer apply, nor do its generated models nor its analysis.
    m_projectionCache.erase(std::remove_if(m_projectionCache.begin(), m_projectionCache.end(),
                                           [this](const ProjectionResult& r) { return r.request.data != m_weights; }),
                            m_projectionCache.end());
    if (m_generated && m_generatedWith != m_hyperRepresentation)
        setGenerated(nullptr);
    m_analysis.reset();
    setModelSelection(nullptr);
    if (project)
        requestProjection(m_projectionSettings);
    emit hyperRepresentationChanged();
}

bool ExplorerSession::saveHyperRepresentation(const QString& file)
{
    if (!m_hyperRepresentation) {
        emit errorOccurred(tr("Save Hyper-Representation"), tr("There is no hyper-representation to save: train or load one first."));
        return false;
    }
    try {
        m_hyperRepresentation->save(file.toStdString());
    } catch (const std::exception& e) {
        emit errorOccurred(tr("Save Hyper-Representation"), tr("Could not save %1:\n%2").arg(file, QString::fromUtf8(e.what())));
        return false;
    }
    m_hyperRepresentationPath = QFileInfo(file).absoluteFilePath();
    emit statusMessage(tr("Saved %1").arg(file), 5000);
    return true;
}

QString ExplorerSession::sourceDescription() const
{
    if (!m_zoo)
        return tr("No zoo open.");
    if (!m_hyperRepresentation)
        return tr("Flat weights (%1 parameters): no hyper-representation loaded.").arg(m_zoo->zoo.parameterCount());
    if (m_hyperRepresentationPath.isEmpty())
        return tr("Latents of the hyper-representation trained in this session (%1 dimensions).").arg(m_latentDim);
    return tr("Latents of %1 (%2 dimensions).").arg(QFileInfo(m_hyperRepresentationPath).fileName()).arg(m_latentDim);
}

QString ExplorerSession::hyperRepresentationDescription() const
{
    if (!m_hyperRepresentation)
        return QString();
    const HyperRepresentationConfig& c = m_hyperRepresentation->config();
    const auto& history = m_hyperRepresentation->history();
    QString trained = tr("untrained");
    if (!history.empty())
        trained = tr("%1 epochs, reconstruction R² validation %2").arg(history.back().epoch).arg(history.back().validationR2, 0, 'f', 3);
    const QString name = m_hyperRepresentationPath.isEmpty() ? tr("Trained in this session (not saved)")
                                                             : QFileInfo(m_hyperRepresentationPath).fileName();
    return tr("<b>%1</b><br>latent %2, %3 blocks, d_model %4, %5 heads; %6")
        .arg(name.toHtmlEscaped())
        .arg(m_latentDim)
        .arg(c.blocks)
        .arg(c.dModel)
        .arg(c.heads)
        .arg(trained);
}

// --- Training ---

void ExplorerSession::startTraining(const HyperRepresentationConfig& config, HyperRepresentationTrainingOptions options)
{
    const QString title = tr("Train Hyper-Representation");
    if (!m_zoo)
        return emit errorOccurred(title, tr("Open a model zoo first."));
    if (m_trainingJob->isBusy())
        return;
    try {
        config.validate();
    } catch (const std::exception& e) {
        return emit errorOccurred(title, tr("These autoencoder sizes do not work:\n%1").arg(QString::fromUtf8(e.what())));
    }
    for (int64_t epoch : options.checkpointEpochs) {
        if (m_zoo->zoo.checkpointIndex(epoch) < 0) {
            QStringList available;
            for (int64_t e : m_zoo->zoo.checkpointEpochs)
                available << QString::number(e);
            return emit errorOccurred(
                title, tr("The zoo has no checkpoint at epoch %1. Its checkpoints: %2.").arg(epoch).arg(available.join(QStringLiteral(", "))));
        }
    }
    if (options.behaviourWeight > 0 && !behaviourTermAvailable())
        return emit errorOccurred(title, tr("The behavioural term runs the models on the zoo's training images, and ZooScope has only "
                                            "Fashion-MNIST built in (this zoo's dataset: '%1'). Set the behaviour weight to 0, or "
                                            "train with zooscope-cli ae train --data DIR.")
                                             .arg(QString::fromStdString(m_zoo->zoo.datasetId)));
    const std::shared_ptr<const OpenedZoo> zoo = m_zoo;
    auto finished = std::make_shared<QMetaObject::Connection>();
    *finished = connect(m_trainingJob, &BackgroundJob::finished, this, [this, finished, title](BackgroundJob::Outcome outcome, const QString& error) {
        disconnect(*finished);
        if (outcome == BackgroundJob::Outcome::Failed)
            emit errorOccurred(title, tr("Training failed:\n%1").arg(error));
        m_trainingDropped = outcome == BackgroundJob::Outcome::Stale;
        if (outcome != BackgroundJob::Outcome::Completed)
            emit trainingFinished(false, error);
    });
    m_trainingDropped = false;
    emit trainingStarted();
    m_trainingJob->start(
        tr("Training"),
        [this, zoo, config, options, dataset = m_samplingDataset](const Progress& progress) mutable -> std::function<void()> {
            // The behavioural term's probe images: the first ones of the training split (a loaded
            // dataset is reused).
            if (options.behaviourWeight > 0 && !options.behaviourData) {
                const std::shared_ptr<const Dataset> images = zooImages(zoo->zoo, dataset, progress);
                if (!images)
                    throw std::runtime_error(tr("the behavioural term needs the training images of dataset '%1'")
                                                 .arg(QString::fromStdString(zoo->zoo.datasetId))
                                                 .toStdString());
                const DatasetSplit& train = images->train;
                std::vector<int64_t> rows(static_cast<size_t>(std::min(options.behaviourImages, train.count)));
                std::iota(rows.begin(), rows.end(), 0);
                options.behaviourData = std::make_shared<const DatasetSplit>(DatasetLoader::subset(train, rows));
            }
            // The trainer reports its fraction through the job's Progress (the pause points); the live
            // curves' points go to the GUI thread at most ~20 times a second (and at every epoch end).
            auto lastSent = std::make_shared<std::chrono::steady_clock::time_point>();
            options.onStep = [this, lastSent](const HyperRepresentationProgress& p) {
                const auto now = std::chrono::steady_clock::now();
                if (p.epochEnd || p.step == 1 || now - *lastSent >= std::chrono::milliseconds(50)) {
                    *lastSent = now;
                    m_trainingJob->post([this, p] { emit trainingProgress(p); });
                }
            };
            HyperRepresentationTrainer trainer(config, options);
            HyperRepresentationTrainingResult result = trainer.train(zoo->zoo, zoo->path.toStdString(), progress);
            if (!result.model)
                throw std::runtime_error("the training ended without a model");
            auto model = std::make_shared<HyperRepresentation>(std::move(*result.model));
            auto latents = std::make_shared<std::vector<float>>(zoo->encode(*model, progress.sub(1.0, 1.0)));
            const int64_t epochs = result.epochsDone;
            const double seconds = result.seconds;
            return [this, model, latents, epochs, seconds] {
                m_trainedEpochs = epochs;
                m_trainingSeconds = seconds;
                setHyperRepresentation(model, std::move(*latents), QString());
                emit trainingFinished(true, QString());
            };
        },
        whileZooIs(zoo));
}

// --- Analysis ---

void ExplorerSession::startAnalysisJob(const QString& title, const QString& failure, void (ExplorerSession::*finishedSignal)(const QString&),
                                       std::function<std::function<void()>(const ModelZoo&, const HyperRepresentation*, const Progress&)> compute)
{
    const std::shared_ptr<const OpenedZoo> zoo = m_zoo;
    const std::shared_ptr<const HyperRepresentation> model = m_hyperRepresentation;
    auto finished = std::make_shared<QMetaObject::Connection>();
    *finished = connect(m_analysisJob, &BackgroundJob::finished, this,
                        [this, finished, title, failure, finishedSignal](BackgroundJob::Outcome outcome, const QString& error) {
                            disconnect(*finished);
                            if (outcome == BackgroundJob::Outcome::Failed)
                                emit errorOccurred(title, failure.arg(error));
                            if (outcome != BackgroundJob::Outcome::Completed)
                                emit(this->*finishedSignal)(error);
                        });
    m_analysisJob->start(
        title,
        [zoo, model, compute](const Progress& progress) { return compute(zoo->zoo, model.get(), progress); },
        [this, zoo, model] { return m_zoo == zoo && m_hyperRepresentation == model; });
}

void ExplorerSession::runAnalysis()
{
    if (!m_zoo || m_analysisJob->isBusy())
        return;
    emit analysisStarted();
    startAnalysisJob(tr("Linear probes"), tr("The linear probes failed:\n%1"), &ExplorerSession::analysisFinished,
                     [this](const ModelZoo& zoo, const HyperRepresentation* model, const Progress& progress) -> std::function<void()> {
                         auto result = std::make_shared<const AnalysisResult>(AnalysisComputation::compute(zoo, model, progress));
                         return [this, result] {
                             m_analysis = result;
                             emit analysisFinished(QString());
                         };
                     });
}

void ExplorerSession::runModelSelection(int64_t epoch)
{
    if (!m_zoo || m_analysisJob->isBusy())
        return;
    emit modelSelectionStarted();
    startAnalysisJob(tr("Model selection"), tr("The model selection failed:\n%1"), &ExplorerSession::modelSelectionFinished,
                     [this, epoch](const ModelZoo& zoo, const HyperRepresentation* model, const Progress& progress) -> std::function<void()> {
                         ModelSelectionOptions options;
                         options.epochs = {epoch};
                         options.predictAllModels = true;
                         auto result = std::make_shared<const ModelSelectionReport>(ModelSelectionReport::compute(zoo, model, options, progress));
                         return [this, result] {
                             setModelSelection(result);
                             emit modelSelectionFinished(QString());
                         };
                     });
}

std::function<void()> ExplorerSession::showSelectionReport(const QString& title, const QString& text, std::shared_ptr<const Dataset> images)
{
    return [this, title, text, images] {
        if (images)
            m_samplingDataset = images; // loaded once, for the next report and sampling run
        m_selectionReport = {title, text};
        emit selectionReportFinished(QString());
    };
}

void ExplorerSession::diagnoseSelection()
{
    if (!m_zoo || m_analysisJob->isBusy() || m_selection->selectedCount() == 0)
        return;
    std::vector<CheckpointReference> checkpoints;
    const std::vector<int> rows = m_selection->selectedRows();
    for (size_t i = 0; i < rows.size() && i < size_t(kMaxDiagnosed); ++i) {
        const auto point = static_cast<size_t>(rows[i]);
        checkpoints.push_back({m_zoo->zoo.modelIds[static_cast<size_t>(m_zoo->pointModelRows[point])],
                               m_zoo->zoo.checkpointEpochs[static_cast<size_t>(m_zoo->pointCheckpoints[point])]});
    }
    const QString title = rows.size() > size_t(kMaxDiagnosed)
                              ? tr("Diagnosis of the first %1 of %2 selected checkpoints").arg(kMaxDiagnosed).arg(rows.size())
                          : rows.size() == 1 ? tr("Diagnosis of the selected checkpoint")
                                             : tr("Diagnosis of %1 selected checkpoints").arg(rows.size());
    emit selectionReportStarted();
    startAnalysisJob(tr("Diagnose"), tr("The diagnosis failed:\n%1"), &ExplorerSession::selectionReportFinished,
                     [this, checkpoints, title, cached = m_samplingDataset](const ModelZoo& zoo, const HyperRepresentation* model,
                                                                           const Progress& progress) -> std::function<void()> {
                         const std::shared_ptr<const Dataset> images = zooImages(zoo, cached, progress);
                         ModelDiagnosticsOptions options;
                         options.probeData = images ? &images->test : nullptr;
                         const ModelDiagnostics result = ModelDiagnostics::compute(zoo, checkpoints, model, options, progress);
                         return showSelectionReport(title, QString::fromStdString(result.toText()), images);
                     });
}

void ExplorerSession::compareSelection()
{
    if (!m_zoo || m_analysisJob->isBusy())
        return;
    const std::vector<int> rows = m_selection->selectedRows();
    if (rows.size() != 2) {
        emit statusMessage(tr("Select exactly two checkpoints to compare them (%1 selected).").arg(rows.size()), 5000);
        return;
    }
    CheckpointReference ab[2];
    for (int k = 0; k < 2; ++k) {
        const auto point = static_cast<size_t>(rows[static_cast<size_t>(k)]);
        ab[k] = {m_zoo->zoo.modelIds[static_cast<size_t>(m_zoo->pointModelRows[point])],
                 m_zoo->zoo.checkpointEpochs[static_cast<size_t>(m_zoo->pointCheckpoints[point])]};
    }
    const QString title = tr("Comparison of %1 (A) and %2 (B)").arg(QString::fromStdString(ab[0].toString()), QString::fromStdString(ab[1].toString()));
    emit selectionReportStarted();
    startAnalysisJob(tr("Compare"), tr("The comparison failed:\n%1"), &ExplorerSession::selectionReportFinished,
                     [this, a = ab[0], b = ab[1], title, cached = m_samplingDataset](const ModelZoo& zoo, const HyperRepresentation* model,
                                                                                   const Progress& progress) -> std::function<void()> {
                         const std::shared_ptr<const Dataset> images = zooImages(zoo, cached, progress);
                         const CheckpointComparison result =
                             CheckpointComparison::compute(zoo, a, b, model, images ? &images->test : nullptr, 0, progress);
                         return showSelectionReport(title, QString::fromStdString(result.toText()), images);
                     });
}

QString ExplorerSession::keepPredictedTop(int count, SelectionPredictor predictor)
{
    if (!m_zoo || !m_modelSelection || m_modelSelection->epochs.empty() || count < 1)
        return QString();
    const int64_t epoch = m_modelSelection->epochs.front().epoch;
    std::vector<int64_t> ids;
    try {
        ids = m_modelSelection->predictedTop(m_zoo->zoo, epoch, predictor, count);
    } catch (const std::exception& e) {
        emit errorOccurred(tr("Model Selection"), QString::fromUtf8(e.what()));
        return QString();
    }
    std::vector<char> kept(static_cast<size_t>(m_zoo->zoo.modelCount()), 0);
    for (int64_t id : ids)
        kept[static_cast<size_t>(m_zoo->zoo.rowOf(id))] = 1;
    std::vector<int> rows;
    for (int64_t point = 0; point < m_zoo->pointCount(); ++point)
        if (kept[static_cast<size_t>(m_zoo->pointModelRows[static_cast<size_t>(point)])])
            rows.push_back(static_cast<int>(point));
    const QString name = tr("predicted top %1 (%2, epoch %3)").arg(count).arg(QString::fromStdString(toString(predictor))).arg(epoch);
    m_selection->setNamedRows(name, rows);
    m_selection->setSelectedRows(rows);
    emit statusMessage(tr("Selected the %1 models with the best predicted final accuracy as \"%2\".").arg(ids.size()).arg(name), 5000);
    return name;
}

void ExplorerSession::setModelSelection(std::shared_ptr<const ModelSelectionReport> report)
{
    const bool had = m_modelSelection != nullptr;
    m_modelSelection = std::move(report);
    m_properties.remove(QLatin1String(PointProperty::kPredictedFinalAccuracy));
    if (m_style.colorBy != QLatin1String(PointProperty::kPredictedFinalAccuracy))
        return;
    if (!m_modelSelection) {
        // The prediction belonged to the zoo or hyper-representation that went.
        m_style.colorBy = QStringLiteral("test_accuracy");
        if (had)
            emit statusMessage(tr("The predicted final accuracy no longer applies; the points are coloured by test accuracy."), 5000);
    }
    emit colouringChanged();
}

PointProperty ExplorerSession::predictedFinalAccuracy() const
{
    if (!m_zoo || !m_modelSelection || m_modelSelection->epochs.empty())
        throw std::runtime_error(tr("No final accuracy is predicted yet: run Predict Final Accuracy in the Analysis panel first.").toStdString());
    const SelectionAtEpoch& at = m_modelSelection->epochs.front();
    const SelectionScore* score = at.score(m_predictionPredictor);
    if (!score || score->allPredictions.size() != static_cast<size_t>(m_zoo->zoo.modelCount()))
        throw std::runtime_error(tr("The last model selection has no predictions by %1 for every model.")
                                     .arg(QString::fromStdString(toString(m_predictionPredictor)))
                                     .toStdString());
    PointProperty p;
    p.id = QString::fromLatin1(PointProperty::kPredictedFinalAccuracy);
    p.title = tr("predicted final accuracy (%1, from epoch %2)").arg(QString::fromStdString(toString(m_predictionPredictor))).arg(at.epoch);
    p.values.reserve(static_cast<size_t>(m_zoo->pointCount()));
    for (int64_t model : m_zoo->pointModelRows)
        p.values.push_back(score->allPredictions[static_cast<size_t>(model)]);
    return p;
}

bool ExplorerSession::colourByPrediction(SelectionPredictor predictor)
{
    const SelectionScore* score =
        m_modelSelection && !m_modelSelection->epochs.empty() ? m_modelSelection->epochs.front().score(predictor) : nullptr;
    if (!m_zoo || !score) {
        emit errorOccurred(tr("Colour by Prediction"), !m_modelSelection
                                                          ? tr("No final accuracy is predicted yet: run Predict Final Accuracy first.")
                                                          : tr("The last model selection has no predictor %1.").arg(QString::fromStdString(toString(predictor))));
        return false;
    }
    m_predictionPredictor = predictor;
    m_properties.remove(QLatin1String(PointProperty::kPredictedFinalAccuracy));
    setColorBy(QString::fromLatin1(PointProperty::kPredictedFinalAccuracy));
    return true;
}

QString ExplorerSession::neighbourhoodCard(int row)
{
    if (!m_zoo || !m_latents)
        return QString();
    if (!m_neighbourhoodCard)
        m_neighbourhoodCard = std::make_unique<LatentNeighbourhoodCard>(m_zoo, m_latents, m_latentDim);
    return m_neighbourhoodCard->line(row);
}

QString ExplorerSession::predictionCard(int row) const
{
    if (!m_zoo || !m_modelSelection || m_modelSelection->epochs.empty() || row < 0 || row >= m_zoo->pointCount())
        return QString();
    const SelectionAtEpoch& at = m_modelSelection->epochs.front();
    const SelectionScore* score = at.score(m_predictionPredictor);
    const auto model = static_cast<size_t>(m_zoo->pointModelRows[static_cast<size_t>(row)]);
    if (!score || model >= score->allPredictions.size() || !std::isfinite(score->allPredictions[model]))
        return QString();
    const double truth = m_zoo->zoo.metricAt(m_zoo->zoo.testAccuracy, static_cast<int64_t>(model), m_modelSelection->finalEpoch);
    QString line = tr("Predicted final accuracy %1%").arg(100 * score->allPredictions[model], 0, 'f', 1);
    if (std::isfinite(truth))
        line += tr(" &middot; true %1%").arg(100 * truth, 0, 'f', 1);
    return line + tr("<br><span style='color:#666'>(predicted by %1 from epoch %2)</span>")
                      .arg(QString::fromStdString(toString(m_predictionPredictor)).toHtmlEscaped())
                      .arg(at.epoch);
}

// --- Projection ---

void ExplorerSession::requestProjection(const ProjectionRequest& settings)
{
    m_projectionSettings = settings;
    if (!m_zoo)
        return;
    ProjectionRequest request = settings;
    request.data = m_latents ? m_latents : m_weights;
    request.rows = m_zoo->pointCount();
    request.columns = m_latents ? m_latentDim : m_zoo->zoo.parameterCount();
    for (const ProjectionResult& cached : m_projectionCache) {
        if (cached.request.sameAs(request)) {
            if (m_projectionJob->isBusy()) {
                m_projectionPending = false;
                m_projectionJob->cancel();
            }
            showProjection(cached);
            return;
        }
    }
    if (m_projectionJob->isBusy()) {
        // One projection at a time: stop the running one, this one follows.
        m_projectionPending = true;
        m_projectionJob->cancel();
        return;
    }
    startProjection(request);
}

void ExplorerSession::startProjection(const ProjectionRequest& request)
{
    auto finished = std::make_shared<QMetaObject::Connection>();
    *finished = connect(m_projectionJob, &BackgroundJob::finished, this, [this, finished](BackgroundJob::Outcome outcome, const QString& error) {
        disconnect(*finished);
        if (m_projectionPending) {
            // The user asked for another projection meanwhile: that one counts.
            m_projectionPending = false;
            requestProjection(m_projectionSettings);
        } else if (outcome == BackgroundJob::Outcome::Failed) {
            emit errorOccurred(tr("Projection"), tr("The projection failed:\n%1").arg(error));
        } else if (outcome == BackgroundJob::Outcome::Cancelled) {
            emit statusMessage(tr("The projection was cancelled."), 5000);
        }
        if (m_restore && outcome != BackgroundJob::Outcome::Completed && !m_projectionJob->isBusy())
            failSession(outcome == BackgroundJob::Outcome::Failed ? tr("The projection failed:\n%1").arg(error)
                                                                  : tr("The projection was cancelled."));
    });
    emit projectionStarted();
    m_projectionJob->start(
        request.method == ProjectionMethod::Tsne ? tr("t-SNE") : tr("Projecting"),
        [this, request](const Progress& progress) -> std::function<void()> {
            auto result = std::make_shared<const ProjectionResult>(ProjectionComputation::compute(request, progress));
            return [this, result] {
                m_projectionCache.push_back(*result);
                showProjection(*result);
            };
        },
        // Stale results (a zoo or hyper-representation changed meanwhile) are dropped.
        [this, data = request.data] { return data == m_latents || data == m_weights; });
}

void ExplorerSession::showProjection(const ProjectionResult& result)
{
    const bool newFrame = m_projection.xyz.empty() || m_projection.request.method != result.request.method ||
                          m_projection.request.data != result.request.data;
    m_projection = result;
    emit projectionChanged(newFrame);
    // A session being restored is on show once its projection is (the view has fitted its camera: the
    // saved pose comes after).
    if (m_restore && m_restore->projecting)
        finishSession();
}

// --- Point style ---

const PointProperty* ExplorerSession::property(const QString& id, QString* error)
{
    if (!m_zoo)
        return nullptr;
    auto it = m_properties.find(id);
    if (it == m_properties.end()) {
        try {
            it = m_properties.insert(id, PointProperty::isDerived(id) ? predictedFinalAccuracy() : PointProperty::compute(*m_zoo, id));
        } catch (const std::exception& e) {
            if (error)
                *error = QString::fromUtf8(e.what());
            return nullptr;
        }
    }
    return &it.value();
}

void ExplorerSession::setColorBy(const QString& id)
{
    if (PointProperty::isDerived(id) && m_style.colorBy != id && !m_restore) {
        QString error;
        const QString previous = m_style.colorBy;
        m_style.colorBy = id;
        if (!property(id, &error)) { // kept as it was; the panels that asked show it again
            m_style.colorBy = previous;
            emit errorOccurred(tr("Colour by"), error);
            emit colouringChanged();
            return;
        }
    }
    m_style.colorBy = id;
    emit colouringChanged();
}

void ExplorerSession::setSizeBy(const QString& id)
{
    m_style.sizeBy = id;
    emit sizesChanged();
}

void ExplorerSession::setColorMap(ColorMap::Name name, bool reversed)
{
    m_style.colorMap = name;
    m_style.colorMapReversed = reversed;
    emit colorMapChanged();
}

void ExplorerSession::setPointSize(double pixels)
{
    m_style.pointSize = pixels;
    emit pointSizeChanged(pixels);
}

// --- Selection ---

int ExplorerSession::selectNearestNeighbours(int k, LatentNeighbours::Metric metric)
{
    if (m_selection->selectedCount() == 0 || k <= 0)
        return 0;
    LatentNeighbours neighbours;
    const size_t rows = size_t(m_selection->rowCount());
    if (m_latents && m_latentDim > 0 && m_latents->size() == rows * size_t(m_latentDim))
        neighbours.setLatents(*m_latents, int(m_latentDim));
    else if (m_projection.xyz.size() == rows * 3)
        neighbours.setLatents(m_projection.xyz, 3); // no latents: the coordinates on show stand in for them
    else
        return 0;
    const std::vector<int> found = neighbours.nearestOfAll(m_selection->selectedRows(), k, metric);
    const int before = m_selection->selectedCount();
    m_selection->select(found, SelectionModel::Mode::Add);
    return m_selection->selectedCount() - before;
}

// --- Sampling ---

void ExplorerSession::startSampling(SamplingRequest request, bool anchorsFromSelection)
{
    if (!m_zoo)
        return emit errorOccurred(tr("Sample from Selection"), tr("Open a model zoo first."));
    if (m_samplingJob->isBusy())
        return;
    const std::vector<int> rows = m_selection->selectedRows();
    SamplingComputation::setAnchors(request, *m_zoo, anchorsFromSelection ? &rows : nullptr);
    // With a hyper-representation the generated models are encoded with it to be placed among the latents.
    const std::shared_ptr<const OpenedZoo> zoo = m_zoo;
    const std::shared_ptr<const HyperRepresentation> model = m_hyperRepresentation;
    m_generatedWith = model;
    setGenerated(nullptr); // the previous set's cards go with it
    auto finished = std::make_shared<QMetaObject::Connection>();
    *finished = connect(m_samplingJob, &BackgroundJob::finished, this, [this, finished](BackgroundJob::Outcome outcome, const QString& error) {
        disconnect(*finished);
        // A run that did not complete takes its preview (models not fine-tuned yet) with it.
        if (outcome != BackgroundJob::Outcome::Completed && m_generated && m_generated->preliminary)
            setGenerated(nullptr);
        if (outcome == BackgroundJob::Outcome::Failed)
            emit errorOccurred(tr("Sample from Selection"), tr("Sampling failed:\n%1").arg(error));
        if (outcome != BackgroundJob::Outcome::Completed)
            emit samplingFinished(false, error);
    });
    emit samplingStarted(request.options.count, QString::fromStdString(toString(request.options.method)));
    m_samplingJob->start(
        tr("Sampling"),
        [this, zoo, model, request, dataset = m_samplingDataset, novelty = m_samplingNovelty](const Progress& progress) -> std::function<void()> {
            // Each model shows in the view as soon as its epoch-0 test is done; fine-tuning and novelty follow.
            const auto preview = [this](std::shared_ptr<const SamplingOutcome> early) {
                m_samplingJob->post([this, early] { setGenerated(early); });
            };
            auto outcome = std::make_shared<const SamplingOutcome>(
                SamplingComputation::compute(*zoo, model.get(), request, dataset, progress, novelty, preview));
            return [this, outcome] {
                m_samplingDataset = outcome->dataset;
                if (outcome->novelty)
                    m_samplingNovelty = outcome->novelty;
                setGenerated(outcome);
                emit samplingFinished(true, QString());
            };
        },
        whileZooIs(zoo));
}

void ExplorerSession::setGenerated(std::shared_ptr<const SamplingOutcome> outcome)
{
    m_generated = std::move(outcome);
    m_generatedFile.clear();
    emit generatedModelsChanged();
}

const SamplingOutcome* ExplorerSession::generated() const
{
    if (!m_generated || (m_generated->latent && m_generatedWith != m_hyperRepresentation) || (!m_generated->latent && m_latents))
        return nullptr;
    return m_generated.get();
}

std::vector<float> ExplorerSession::generatedPlacement() const
{
    const SamplingOutcome* o = generated();
    if (!o)
        return {};
    try {
        return ProjectionComputation::place(m_projection, o->representation, o->columns);
    } catch (const std::exception&) {
        return {}; // a map that does not fit these models: they are not shown
    }
}

bool ExplorerSession::exportGeneratedModels(const QString& file)
{
    try {
        if (!m_generated)
            throw std::runtime_error(tr("There are no generated models to export.").toStdString());
        SamplingComputation::exportZoo(*m_generated, file);
        m_generatedFile = QFileInfo(file).absoluteFilePath();
    } catch (const std::exception& e) {
        emit errorOccurred(tr("Export Generated Models"), tr("Could not write %1:\n%2").arg(file, QString::fromUtf8(e.what())));
        return false;
    }
    emit statusMessage(tr("Saved the generated models to %1").arg(file), 8000);
    return true;
}

void ExplorerSession::cancelJobs()
{
    m_projectionPending = false;
    for (BackgroundJob* j : {m_zooJob, m_hyperRepresentationJob, m_projectionJob, m_analysisJob, m_samplingJob})
        j->cancel();
}

// --- The view and sessions ---

void ExplorerSession::setCameraPose(const CameraPose& pose) { m_view.camera = pose; }

void ExplorerSession::setTrajectoryMode(ScatterPointData::TrajectoryMode mode) { m_view.trajectories = mode; }

void ExplorerSession::setDensity(const DensitySettings& density) { m_view.density = density; }

void ExplorerSession::setIsolatedRows(std::vector<int> rows)
{
    std::sort(rows.begin(), rows.end());
    if (rows == m_view.isolatedRows)
        return;
    m_view.isolatedRows = std::move(rows);
    emit isolationChanged();
}

std::vector<ModelCheckpoint> ExplorerSession::checkpointsOf(const std::vector<int>& rows) const
{
    std::vector<ModelCheckpoint> points;
    if (!m_zoo)
        return points;
    points.reserve(rows.size());
    for (int r : rows) {
        if (r < 0 || r >= m_zoo->pointCount())
            continue;
        points.push_back({m_zoo->zoo.modelIds[size_t(m_zoo->pointModelRows[size_t(r)])],
                          m_zoo->zoo.checkpointEpochs[size_t(m_zoo->pointCheckpoints[size_t(r)])]});
    }
    return points;
}

std::vector<int> ExplorerSession::rowsOf(const std::vector<ModelCheckpoint>& points, int* missing) const
{
    std::vector<int> rows;
    if (!m_zoo)
        return rows;
    std::map<ModelCheckpoint, int> rowOf;
    for (int r = 0; r < int(m_zoo->pointCount()); ++r)
        rowOf.emplace(checkpointsOf({r}).front(), r);
    for (const ModelCheckpoint& p : points) {
        const auto it = rowOf.find(p);
        if (it == rowOf.end())
            ++*missing;
        else
            rows.push_back(it->second);
    }
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    return rows;
}

SessionState ExplorerSession::captureSession() const
{
    SessionState s;
    if (!m_zoo)
        return s;
    s.zooPath = m_zoo->path;
    s.hyperRepresentationPath = m_hyperRepresentation ? m_hyperRepresentationPath : QString();
    // The projection on show (the settings wait for Run until it is computed).
    s.projection = m_projection.xyz.empty() ? m_projectionSettings : m_projection.request;
    s.projection.data.reset();
    s.projection.rows = s.projection.columns = 0;
    s.style = m_style;
    s.camera = m_view.camera;
    s.trajectories = m_view.trajectories;
    s.isolated = checkpointsOf(m_view.isolatedRows);
    s.density = m_view.density;
    s.selection = checkpointsOf(m_selection->selectedRows());
    for (const QString& name : m_selection->names()) // sorted by name
        s.namedSelections.emplace_back(name, checkpointsOf(m_selection->namedRows(name)));
    if (generated() && !m_generatedFile.isEmpty())
        s.generatedSets << m_generatedFile;
    s.figure = m_figureOptions;
    if (m_modelSelection && !m_modelSelection->epochs.empty())
        s.prediction = SessionPrediction{m_modelSelection->epochs.front().epoch, m_predictionPredictor};
    s.histograms = m_view.histograms;
    return s;
}

bool ExplorerSession::saveSession(const QString& file, const QByteArray& panelLayout)
{
    const QString title = tr("Save Session");
    if (!m_zoo) {
        emit errorOccurred(title, tr("Open a model zoo first: a session records how one is shown."));
        return false;
    }
    if (m_restore || m_zooJob->isBusy()) {
        emit errorOccurred(title, tr("A zoo or session is being opened; wait for it before saving."));
        return false;
    }
    const QFileInfo info(file);
    QString base = info.fileName();
    if (base.endsWith(QLatin1Char('.') + QLatin1String(SessionFile::kSuffix)))
        base.chop(int(qstrlen(SessionFile::kSuffix)) + 1);
    const QString folder = info.absolutePath() + QLatin1Char('/');
    // What the session names must be in files: a hyper-representation trained here, generated models.
    if (m_hyperRepresentation && m_hyperRepresentationPath.isEmpty() && !saveHyperRepresentation(folder + base + QStringLiteral(".hr")))
        return false;
    if (generated() && m_generatedFile.isEmpty() && !exportGeneratedModels(folder + base + QStringLiteral(".generated.zoo.h5")))
        return false;
    SessionState state = captureSession();
    state.panelLayout = panelLayout;
    try {
        SessionFile::write(state, info.absoluteFilePath());
    } catch (const std::exception& e) {
        emit errorOccurred(title, tr("Could not save the session %1:\n%2").arg(file, QString::fromUtf8(e.what())));
        return false;
    }
    m_sessionFile = info.absoluteFilePath();
    emit statusMessage(tr("Saved the session %1").arg(file), 5000);
    emit sessionSaved(m_sessionFile);
    return true;
}

void ExplorerSession::openSession(const QString& file)
{
    const QString path = QFileInfo(file).absoluteFilePath();
    if (m_restore || m_zooJob->isBusy()) {
        emit sessionOpened(path, tr("Another zoo or session is being opened; wait for it or cancel it first."), {});
        return;
    }
    auto restore = std::make_shared<Restore>();
    restore->file = path;
    auto finished = std::make_shared<QMetaObject::Connection>();
    *finished = connect(m_zooJob, &BackgroundJob::finished, this, [this, path, finished](BackgroundJob::Outcome outcome, const QString& error) {
        disconnect(*finished);
        if (outcome == BackgroundJob::Outcome::Completed)
            return;
        const QString why = outcome == BackgroundJob::Outcome::Failed ? error : tr("Opening the session was cancelled.");
        if (m_restore)
            failSession(why);
        else
            emit sessionOpened(path, why, {});
    });
    m_zooJob->start(tr("Opening %1").arg(QFileInfo(path).fileName()), [this, restore](const Progress& progress) -> std::function<void()> {
        progress.report(0, tr("checking the session's files").toStdString());
        restore->state = SessionFile::read(restore->file, &restore->warnings);
        const SessionState& s = restore->state;
        auto zoo = std::make_shared<OpenedZoo>(OpenedZoo::load(s.zooPath, progress.sub(0.05, 0.4)));
        std::shared_ptr<LoadedHyperRepresentation> loaded;
        if (!s.hyperRepresentationPath.isEmpty())
            loaded = std::make_shared<LoadedHyperRepresentation>(HyperRepresentationLoading::load(*zoo, s.hyperRepresentationPath, progress.sub(0.4, 0.9)));
        std::shared_ptr<const SamplingOutcome> generated;
        if (!s.generatedSets.isEmpty()) // the view shows one set: the last
            generated = std::make_shared<const SamplingOutcome>(SamplingComputation::readGenerated(
                *zoo, loaded ? loaded->model.get() : nullptr, s.generatedSets.last(), progress.sub(0.9, 1.0)));
        std::shared_ptr<const ModelSelectionReport> prediction;
        if (s.prediction) { // the model selection as it ran, so that the view is coloured as it was
            ModelSelectionOptions options;
            options.epochs = {s.prediction->epoch};
            options.predictAllModels = true;
            prediction = std::make_shared<const ModelSelectionReport>(
                ModelSelectionReport::compute(zoo->zoo, loaded ? loaded->model.get() : nullptr, options, progress.sub(0.95, 1.0)));
            if (!prediction->epochs.empty() && !prediction->epochs.front().score(s.prediction->predictor))
                throw std::runtime_error(tr("The session colours by the prediction of %1, which needs its hyper-representation.")
                                             .arg(QString::fromStdString(toString(s.prediction->predictor)))
                                             .toStdString());
        }
        return [this, restore, zoo, loaded, generated, prediction] { applySession(restore, zoo, loaded, generated, prediction); };
    });
}

void ExplorerSession::applySession(std::shared_ptr<Restore> restore, std::shared_ptr<OpenedZoo> zoo,
                                   std::shared_ptr<LoadedHyperRepresentation> hyperRepresentation,
                                   std::shared_ptr<const SamplingOutcome> generated,
                                   std::shared_ptr<const ModelSelectionReport> prediction)
{
    m_restore = std::move(restore);
    const SessionState& s = m_restore->state;
    ProjectionRequest settings = s.projection;
    m_projectionSettings = settings;
    m_style = s.style; // the projection is coloured as saved when it is first shown
    const QString zooPath = zoo->path;
    showZoo(std::move(zoo), false);
    emit zooOpened(zooPath, QString());
    if (hyperRepresentation)
        setHyperRepresentation(hyperRepresentation->model, std::move(hyperRepresentation->latents), s.hyperRepresentationPath, false);
    // The new zoo and hyper-representation dropped any earlier prediction (and the colouring by it).
    m_style.colorBy = s.style.colorBy;
    if (prediction) {
        m_predictionPredictor = s.prediction->predictor;
        setModelSelection(std::move(prediction));
        emit modelSelectionFinished(QString());
    }
    if (generated) {
        m_generatedWith = m_hyperRepresentation;
        setGenerated(generated);
        m_generatedFile = s.generatedSets.last();
    }
    m_restore->projecting = true;
    requestProjection(settings); // shown at once when cached (the zoo's PCA), else when computed
}

void ExplorerSession::finishSession()
{
    const std::shared_ptr<Restore> restore = std::move(m_restore);
    const SessionState& s = restore->state;
    QStringList warnings = restore->warnings;
    int missing = 0;
    const std::vector<int> selected = rowsOf(s.selection, &missing);
    for (const QString& name : m_selection->names())
        m_selection->remove(name);
    for (const auto& [name, points] : s.namedSelections)
        m_selection->setNamedRows(name, rowsOf(points, &missing));
    m_selection->setSelectedRows(selected);
    const std::vector<int> isolated = rowsOf(s.isolated, &missing);
    if (missing > 0)
        warnings << tr("%n saved point(s) are not in the zoo any more and were left out.", nullptr, missing);

    emit colouringChanged();
    emit sizesChanged();
    emit colorMapChanged();
    emit pointSizeChanged(m_style.pointSize);

    m_view.camera = s.camera;
    m_view.trajectories = s.trajectories;
    m_view.isolatedRows = isolated;
    if (s.histograms)
        m_view.histograms = s.histograms;
    m_view.density = s.density;
    m_figureOptions = s.figure;
    emit viewStateRestored();
    if (s.camera)
        m_view.camera = s.camera; // exactly the saved pose, whatever a view reported while applying it
    m_sessionFile = restore->file;
    m_sessionPanelLayout = s.panelLayout;
    emit statusMessage(tr("Opened the session %1").arg(QFileInfo(restore->file).fileName()), 5000);
    emit sessionOpened(restore->file, QString(), warnings);
}

void ExplorerSession::failSession(const QString& error)
{
    const std::shared_ptr<Restore> restore = std::move(m_restore);
    emit sessionOpened(restore->file, error, restore->warnings);
}

} // namespace zooscope
