// The explorer's model tier (ITK-SNAP's GUI/Model): everything that defines what the user sees, and the
// background jobs that change it. The zoo on show, the hyper-representation and its file, the latents,
// the projections (the one on show and a cache of computed ones), the point style, the selection and its
// named selections, the generated (sampled) models. Views and panels observe it through its signals; the
// main window only wires them. A session file saves and restores this state.
#pragma once

#include "analysis/LatentNeighbours.h"
#include "analysis/ModelSelection.h"
#include "app/AnalysisComputation.h"
#include "app/PointProperty.h"
#include "app/PointStyle.h"
#include "app/ProjectionComputation.h"
#include "app/SamplingComputation.h"
#include "app/SessionState.h"
#include "app/ViewState.h"
#include "widgets/FigureOptions.h"
#include "hyperrep/HyperRepresentationTrainer.h"

#include <QByteArray>
#include <QMap>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <vector>

namespace zooscope {

class LatentNeighbourhoodCard;

class BackgroundJob;
class HyperRepresentation;
class SelectionModel;
struct LoadedHyperRepresentation;
struct OpenedZoo;

class ExplorerSession : public QObject {
    Q_OBJECT
public:
    explicit ExplorerSession(QObject* parent = nullptr);
    ~ExplorerSession() override; // cancels and joins every job

    // --- What is on show ---
    // The zoo on show; null while none is open.
    const OpenedZoo* zoo() const { return m_zoo.get(); }
    // Whether the behavioural term of training can run on the open zoo (its training images are at hand).
    bool behaviourTermAvailable() const;
    // The zoo's models, kept alive as long as a holder needs them (the zoo table).
    std::shared_ptr<const ModelZoo> modelZoo() const;
    // The hyper-representation whose latents are projected; null while the flat weights are.
    const HyperRepresentation* hyperRepresentation() const { return m_hyperRepresentation.get(); }
    QString hyperRepresentationPath() const { return m_hyperRepresentationPath; } // empty: trained here, not saved
    // Latents of the points, [points, latentDimension()]; empty without a hyper-representation.
    const std::vector<float>& latents() const;
    int64_t latentDimension() const { return m_latentDim; }
    // The projection on show (method, parameters, coordinates, fitted map, description).
    const ProjectionResult& projection() const { return m_projection; }
    const PointStyle& pointStyle() const { return m_style; }
    // A property of the points (cached per zoo); null without a zoo or when it cannot be computed (then
    // `error` says why).
    const PointProperty* property(const QString& id, QString* error = nullptr);
    SelectionModel* selection() const { return m_selection; }
    // The last sampling run's models; null when there are none for the zoo and hyper-representation on show.
    const SamplingOutcome* generated() const;
    // Where the generated models sit in the projection on show, [models, 3]; empty when not placed.
    std::vector<float> generatedPlacement() const;
    // The last analysis' numbers; null before one finished for the zoo on show.
    const AnalysisResult* analysis() const { return m_analysis.get(); }
    // The last model selection (final accuracy predicted from one early epoch, every model predicted);
    // null before one finished for the zoo and hyper-representation on show.
    const ModelSelectionReport* modelSelection() const { return m_modelSelection.get(); }
    // The last diagnose or compare report on the selection: a title and the text the CLI prints.
    struct SelectionReport {
        QString title, text;
    };
    const SelectionReport& selectionReport() const { return m_selectionReport; }
    static constexpr int kMaxDiagnosed = 20; // a longer report would not be read
    // The last completed training: epochs and seconds; whether a finished training was dropped (its zoo
    // no longer open).
    int64_t trainedEpochs() const { return m_trainedEpochs; }
    double trainingSeconds() const { return m_trainingSeconds; }
    bool trainingDropped() const { return m_trainingDropped; }
    // One line on what is projected ("Flat weights (...)", "Latents of X (8 dimensions).").
    QString sourceDescription() const;
    // The hyper-representation in words for its panel (rich text); empty without one.
    QString hyperRepresentationDescription() const;

    // --- Background work ---
    BackgroundJob* zooJob() const { return m_zooJob; }
    BackgroundJob* hyperRepresentationJob() const { return m_hyperRepresentationJob; }
    BackgroundJob* projectionJob() const { return m_projectionJob; }
    BackgroundJob* trainingJob() const { return m_trainingJob; }
    BackgroundJob* analysisJob() const { return m_analysisJob; }
    BackgroundJob* samplingJob() const { return m_samplingJob; }
    // Whether any job runs.
    bool isBusy() const;

    // --- The view and sessions ---
    // What the 3D view shows beyond projection and style (camera, trajectories, isolated rows of the zoo on
    // show). The view's binding keeps it current; a headless caller (a figure without a window) reads the
    // restored one. The camera is none until a view sets one or a session restores one.
    const ViewState& viewState() const { return m_view; }
    // The options of the last figure (the Export Figure dialog's starting point); sessions keep them.
    const FigureOptions& figureOptions() const { return m_figureOptions; }
    // The session file last saved or opened; empty when the state on show is not one.
    QString sessionFile() const { return m_sessionFile; }
    // The panel layout of the session last opened (QMainWindow::saveState), for the window to restore.
    QByteArray sessionPanelLayout() const { return m_sessionPanelLayout; }
    // Whether openSession() is still restoring.
    bool isOpeningSession() const { return m_restore != nullptr; }
    // What is on show, in stable terms (model ids and epochs, absolute paths); no panel layout (the
    // window's), no hashes (SessionFile computes them). zooPath is empty while no zoo is open. Generated
    // models that were never written to a file are not in it (saveSession writes them first).
    SessionState captureSession() const;

    // The hyper-representation file shipped next to a zoo (NAME.zoo.h5 -> NAME.hr); empty if none.
    static QString companionHyperRepresentationPath(const QString& zooFile);

public slots:
    // Reads the zoo in a worker; on success it replaces the zoo on show (selection cleared, latents and
    // generated models dropped) and loads a companion hyper-representation.
    void openZoo(const QString& file);
    // Loads a hyper-representation and encodes every checkpoint in a worker. `quiet`: failures go to the
    // status line instead of a dialog. Refused while training runs (both would set the latents).
    void loadHyperRepresentation(const QString& file, bool quiet = false);
    // False (after errorOccurred) when it cannot be written.
    bool saveHyperRepresentation(const QString& file);
    void startTraining(const HyperRepresentationConfig& config, HyperRepresentationTrainingOptions options);
    void runAnalysis();
    // Predicts every model's final test accuracy from its checkpoint at `epoch` (ModelSelectionReport, on
    // the analysis job) and scores the predictors on the test population.
    void runModelSelection(int64_t epoch);
    // Names the models with the best final accuracy that the last model selection predicts by
    // `predictor` as a named selection (all their checkpoints) and selects them; returns its name, or an
    // empty string (and errorOccurred) when there is no model selection or no such predictor.
    QString keepPredictedTop(int count, SelectionPredictor predictor);
    // Colours the points by their model's final test accuracy as the last model selection predicts it by
    // `predictor` (PointProperty::kPredictedFinalAccuracy); false (and errorOccurred) without one.
    bool colourByPrediction(SelectionPredictor predictor);
    SelectionPredictor predictionPredictor() const { return m_predictionPredictor; }
    // A line of the model card: the point's predicted final accuracy (rich text); empty without a model
    // selection or a prediction for its model.
    QString predictionCard(int row) const;
    // A line of the model card: the point's latent neighbourhood (LatentNeighbourhoodCard); empty without
    // latents.
    QString neighbourhoodCard(int row);
    // Reports on the selected points, on the analysis job: diagnoseSelection() runs ModelDiagnostics on
    // them (at most kMaxDiagnosed), compareSelection() a CheckpointComparison of exactly two. Units and
    // predictions are measured where the zoo's test images are at hand (Fashion-MNIST).
    void diagnoseSelection();
    void compareSelection();
    // The projection the user asks for (data and size are the session's); a cached one is shown at once.
    void requestProjection(const ProjectionRequest& settings);
    // The settings the next projection (Run, another zoo or hyper-representation) uses, without running it.
    void setProjectionSettings(const ProjectionRequest& settings) { m_projectionSettings = settings; }
    const ProjectionRequest& projectionSettings() const { return m_projectionSettings; }
    // Stops the jobs the status bar shows (zoo, hyper-representation, projection, analysis, sampling).
    void cancelJobs();
    void setColorBy(const QString& id);
    void setSizeBy(const QString& id);
    void setColorMap(ColorMap::Name name, bool reversed);
    void setPointSize(double pixels);
    // Adds the k nearest neighbours of every selected point: in latent space, or where there are no
    // latents, among the coordinates on show. Returns how many rows were added.
    int selectNearestNeighbours(int k, LatentNeighbours::Metric metric);
    // Samples with `request`; anchors from the selection when asked (the request's own rule otherwise).
    void startSampling(SamplingRequest request, bool anchorsFromSelection);
    // False (after errorOccurred) when the generated models cannot be written.
    bool exportGeneratedModels(const QString& file);

    // The view's state, as the view reports it.
    void setCameraPose(const zooscope::CameraPose& pose);
    void setTrajectoryMode(zooscope::ScatterPointData::TrajectoryMode mode);
    void setIsolatedRows(std::vector<int> rows);
    void setHistograms(std::vector<zooscope::HistogramState> histograms) { m_view.histograms = std::move(histograms); }
    void setDensity(const zooscope::DensitySettings& density);
    void setFigureOptions(const zooscope::FigureOptions& options) { m_figureOptions = options; }
    // Saves the session to `file` (a .zooscope file) with the window's `panelLayout`. Generated models not
    // yet in a file are first written next to it (NAME.generated.zoo.h5), and a hyper-representation
    // trained here and not saved as NAME.hr. False (after errorOccurred) when something cannot be written.
    bool saveSession(const QString& file, const QByteArray& panelLayout = {});
    // Restores a session in the background: reads and checks the file and the files it names, opens the
    // zoo, loads the hyper-representation and the generated sets (the zoo job), projects with the saved
    // method, parameters and seed (the projection job), then sets the selection, named selections, style
    // and view state. sessionOpened() follows once all of it is on show, or on the first error (then the
    // state on show is the previous one when the zoo could not be opened). Changed files (another
    // content hash) are restored and listed in `warnings`.
    void openSession(const QString& file);

signals:
    // Another zoo is on show (emitted before its first projection).
    void zooChanged();
    // A zoo finished loading (successfully or not: then `error` says why).
    void zooOpened(const QString& file, const QString& error);
    // The latents changed (a hyper-representation was loaded or trained, or a zoo opened).
    void hyperRepresentationChanged();
    void hyperRepresentationLoaded(const QString& file, const QString& error);
    void trainingStarted();
    // A training report (live curve points), on the GUI thread.
    void trainingProgress(const zooscope::HyperRepresentationProgress& progress);
    void trainingFinished(bool completed, const QString& error);
    void projectionStarted();
    // The projection on show changed; `newFrame`: another method or data (the camera fits it anew).
    void projectionChanged(bool newFrame);
    void colouringChanged();
    void colorMapChanged();
    void sizesChanged();
    void pointSizeChanged(double pixels);
    void analysisStarted();
    void analysisFinished(const QString& error);
    void modelSelectionStarted();
    void modelSelectionFinished(const QString& error);
    void selectionReportStarted();
    void selectionReportFinished(const QString& error);
    void samplingStarted(int64_t count, const QString& method);
    void samplingFinished(bool completed, const QString& error);
    void generatedModelsChanged();
    // For the window's dialogs and status line.
    void errorOccurred(const QString& title, const QString& text);
    void statusMessage(const QString& text, int milliseconds);
    // The last running job ended.
    void jobsIdle();
    // openSession() ended: `error` empty when everything is on show; `warnings` lists files that changed
    // since the session was saved (and points of it no longer in the zoo).
    void sessionOpened(const QString& file, const QString& error, const QStringList& warnings);
    void sessionSaved(const QString& file);
    // A session's view state was restored: views apply viewState() (camera last).
    void viewStateRestored();
    // Other points are isolated in the 3D view (viewState().isolatedRows), or all are shown again.
    void isolationChanged();

private:
    // `project`: request the projection settings' projection (a restored session asks for its own).
    void showZoo(std::shared_ptr<OpenedZoo> zoo, bool project = true);
    void setHyperRepresentation(std::shared_ptr<HyperRepresentation> model, std::vector<float> latents, const QString& path,
                                bool project = true);
    struct Restore;
    void applySession(std::shared_ptr<Restore> restore, std::shared_ptr<OpenedZoo> zoo,
                      std::shared_ptr<LoadedHyperRepresentation> hyperRepresentation,
                      std::shared_ptr<const SamplingOutcome> generated,
                      std::shared_ptr<const ModelSelectionReport> prediction);
    void finishSession();
    void failSession(const QString& error);
    std::vector<ModelCheckpoint> checkpointsOf(const std::vector<int>& rows) const;
    std::vector<int> rowsOf(const std::vector<ModelCheckpoint>& points, int* missing) const;
    void startProjection(const ProjectionRequest& request);
    void showProjection(const ProjectionResult& result);
    void setGenerated(std::shared_ptr<const SamplingOutcome> outcome);
    void checkIdle();
    // The model selection on show (null: none); the colouring by prediction follows it, and falls back
    // to the test accuracy when it goes.
    void setModelSelection(std::shared_ptr<const ModelSelectionReport> report);
    // PointProperty::kPredictedFinalAccuracy from the model selection on show. Throws std::runtime_error
    // with a message for the user without one.
    PointProperty predictedFinalAccuracy() const;
    // One computation on the analysis job for the zoo and hyper-representation on show: `compute` runs in the
    // worker and returns what the GUI thread does with its result; a failure is reported under `title`
    // (`failure` with %1 the error), and `finishedSignal` is emitted with the error when no result comes.
    // What a finished diagnose or compare run does on the GUI thread.
    std::function<void()> showSelectionReport(const QString& title, const QString& text, std::shared_ptr<const Dataset> images);
    void startAnalysisJob(const QString& title, const QString& failure, void (ExplorerSession::*finishedSignal)(const QString&),
                          std::function<std::function<void()>(const ModelZoo&, const HyperRepresentation*, const Progress&)> compute);
    void connectJob(BackgroundJob* job);
    // A result is current while the zoo (and, where it matters, the hyper-representation) it was made for is on show.
    std::function<bool()> whileZooIs(const std::shared_ptr<const OpenedZoo>& zoo) const;

    std::shared_ptr<OpenedZoo> m_zoo;
    std::shared_ptr<HyperRepresentation> m_hyperRepresentation;
    QString m_hyperRepresentationPath;
    std::shared_ptr<const std::vector<float>> m_latents;
    int64_t m_latentDim = 0;
    std::shared_ptr<const std::vector<float>> m_weights; // flat weights of the points (projected without latents)

    ProjectionRequest m_projectionSettings;
    ProjectionResult m_projection;
    std::vector<ProjectionResult> m_projectionCache;
    bool m_projectionPending = false;

    PointStyle m_style;
    QMap<QString, PointProperty> m_properties;
    SelectionModel* m_selection = nullptr;

    std::shared_ptr<const SamplingOutcome> m_generated;
    std::shared_ptr<const HyperRepresentation> m_generatedWith; // the hyper-representation that encoded them
    std::shared_ptr<const Dataset> m_samplingDataset;           // loaded by the first sampling run
    std::shared_ptr<const NoveltyReferenceCache> m_samplingNovelty; // the training population tested once
    std::shared_ptr<const AnalysisResult> m_analysis;
    std::shared_ptr<const ModelSelectionReport> m_modelSelection;
    std::unique_ptr<LatentNeighbourhoodCard> m_neighbourhoodCard; // for the latents on show, made on first hover
    SelectionPredictor m_predictionPredictor = SelectionPredictor::Latent;
    SelectionReport m_selectionReport;
    int64_t m_trainedEpochs = 0;
    double m_trainingSeconds = 0;
    bool m_trainingDropped = false;

    ViewState m_view;
    FigureOptions m_figureOptions;
    QString m_sessionFile;
    QByteArray m_sessionPanelLayout;
    QString m_generatedFile; // the file the generated models were written to or read from
    std::shared_ptr<Restore> m_restore; // while openSession() restores

    BackgroundJob* m_zooJob = nullptr;
    BackgroundJob* m_hyperRepresentationJob = nullptr;
    BackgroundJob* m_projectionJob = nullptr;
    BackgroundJob* m_trainingJob = nullptr;
    BackgroundJob* m_analysisJob = nullptr;
    BackgroundJob* m_samplingJob = nullptr;
};

} // namespace zooscope
