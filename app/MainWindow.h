#pragma once

#include "app/AnalysisJob.h"
#include "app/PointProperty.h"
#include "app/ProjectionJob.h"
#include "analysis/LatentNeighbours.h"

#include <QFutureWatcher>
#include <QMainWindow>
#include <QMap>
#include <QStringList>

#include <memory>
#include <vector>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QProgressBar;

namespace zooscope {

class AnalysisPanel;
class HyperRepresentation;
class HyperRepresentationTrainingJob;
class LatentScatterView;
class ProgressIndicator;
class ProjectionPanel;
class HyperRepresentationPanel;
class SelectionModel;
class ZooTablePanel;
class SamplingPanel;  // Sampling (issue 6c)
class SamplingJob; // Sampling (issue 6c)
struct OpenedZoo;

// The main window: menus, dockable panels around the 3D latent view, a status bar with progress.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // useSettings: restore and save window state and recent files (off for reproducible screenshots).
    explicit MainWindow(bool useSettings = true, QWidget* parent = nullptr);
    ~MainWindow() override;

    LatentScatterView* scatterView() const { return m_scatter; }
    QProgressBar* progressBar() const;
    ProgressIndicator* progressIndicator() const { return m_progress; }
    ZooTablePanel* zooTable() const { return m_zooTable; }
    // The selection shared by the 3D view, the zoo table and the charts (issue 6b).
    SelectionModel* selectionModel() const { return m_selection; }
    QStringList recentFiles() const { return m_recentFiles; }
    // The zoo on show; null while none is open (the demo cloud is shown then).
    const OpenedZoo* openedZoo() const { return m_zoo.get(); }
    // The zoo shipped with ZooScope (data/), or an empty string when it is not installed.
    static QString defaultZooPath();

    HyperRepresentationPanel* hyperRepresentationPanel() const { return m_hyperRepresentationPanel; }
    ProjectionPanel* projectionPanel() const { return m_projectionPanel; }
    AnalysisPanel* analysisPanel() const { return m_analysisPanel; }
    HyperRepresentationTrainingJob* trainingJob() const { return m_trainingJob; }
    // The hyper-representation whose latents the view shows; null while the view shows flat weights.
    const HyperRepresentation* hyperRepresentation() const { return m_hyperRepresentation.get(); }
    QString hyperRepresentationPath() const { return m_hyperRepresentationPath; }
    // Latents of the view's points, [points, latentDimension()]; empty without a hyper-representation.
    const std::vector<float>& latents() const;
    int64_t latentDimension() const { return m_latentDim; }
    // The projection on show (method, parameters, coordinates, description).
    const ProjectionResult& currentProjection() const { return m_projection; }
    const PointProperty* colorProperty() const;
    // Whether any job (zoo, hyper-representation, projection, training, analysis) runs.
    bool isBusy() const;
    // The hyper-representation file shipped next to a zoo (NAME.zoo.h5 -> NAME.hr); empty if none.
    static QString companionHyperRepresentationPath(const QString& zooFile);

    // Saves a PNG of the whole window as it is on screen, 3D view included.
    bool saveScreenshot(const QString& file);

public slots:
    // Reads and projects the zoo in a worker; the window stays responsive and shows progress.
    void openZoo(const QString& file);
    void cancelJob();
    // Loads a hyper-representation and encodes every checkpoint in a worker. `quiet`: failures go to
    // the status bar instead of a dialog (the automatic load of a zoo's companion file).
    void loadHyperRepresentation(const QString& file, bool quiet = false);
    // Returns false (after a dialog) when it cannot be written.
    bool saveHyperRepresentation(const QString& file);
    // Starts training with the training panel's settings (errors as dialogs).
    void startTraining();
    void runAnalysis();
    // Ids as ProjectionPanel / PointProperty name them; false for an unknown id.
    bool setProjection(const QString& method);
    bool setColorBy(const QString& property);
    bool setSizeBy(const QString& property);
    // "models", "training", "sampling", "analysis", "projection": raises that panel.
    bool showPanel(const QString& name);

signals:
    // A zoo finished loading (successfully or not: then `error` says why).
    void zooOpened(const QString& file, const QString& error);
    // The 3D view has rendered its first frame: the window is ready for a screenshot.
    void firstFrameShown();
    // The latents on show changed (a hyper-representation was loaded or trained, or a zoo opened).
    void hyperRepresentationChanged();
    // Loading a hyper-representation ended; error empty on success.
    void hyperRepresentationLoaded(const QString& file, const QString& error);
    void trainingFinished(bool completed, const QString& error);
    void projectionShown();
    void analysisFinished(const QString& error);
    // The last running job ended.
    void jobsIdle();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void createMenus();
    void createDocks();
    void createStatusBar();
    void showDemoPoints();
    // Adds the k nearest neighbours of every selected point, in latent space (in the view's 3D coordinates
    // without latents).
    void selectNearestNeighbours(int k, LatentNeighbours::Metric metric);
    void showZoo(std::shared_ptr<OpenedZoo> zoo);
    void addRecentFile(const QString& file);
    void updateRecentMenu();
    void chooseZooFile();
    void exportFigure();
    void showAbout();
    void showError(const QString& title, const QString& text);
    void chooseHyperRepresentationToLoad();
    void chooseHyperRepresentationToSave();
    void setHyperRepresentation(std::shared_ptr<HyperRepresentation> model, std::vector<float> latents, const QString& path);
    void requestProjection();
    void startProjection(const ProjectionRequest& request);
    void showProjection(const ProjectionResult& result);
    void applyColouring();
    void applySizes();
    void onTrainingFinished();
    void beginJob(const QString& key, const QString& text);
    void endJob(const QString& key);
    void checkIdle();
    QDockWidget* addPlaceholderDock(const QString& objectName, const QString& title, const QString& text,
                                    Qt::DockWidgetArea area);

    bool m_useSettings = true;
    bool m_firstFrameSeen = false;
    LatentScatterView* m_scatter = nullptr;
    QLabel* m_statusText = nullptr;
    ProgressIndicator* m_progress = nullptr;
    ZooTablePanel* m_zooTable = nullptr;
    SelectionModel* m_selection = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    QAction* m_openAction = nullptr;
    QAction* m_exportFigureAction = nullptr;
    QAction* m_quitAction = nullptr;
    QAction* m_resetCameraAction = nullptr;
    QAction* m_aboutAction = nullptr;
    QStringList m_recentFiles;
    std::shared_ptr<OpenedZoo> m_zoo;
    struct LoadResult {
        std::shared_ptr<OpenedZoo> zoo;
        QString error;
        bool cancelled = false;
    };
    QFutureWatcher<LoadResult> m_loadWatcher;
    QString m_loadingFile;

    HyperRepresentationPanel* m_hyperRepresentationPanel = nullptr;
    ProjectionPanel* m_projectionPanel = nullptr;
    AnalysisPanel* m_analysisPanel = nullptr;
    QDockWidget* m_hyperRepresentationDock = nullptr;
    QDockWidget* m_analysisDock = nullptr;
    QDockWidget* m_samplingDock = nullptr;
    QDockWidget* m_projectionDock = nullptr;
    QDockWidget* m_zooDock = nullptr;
    QAction* m_loadHyperRepresentationAction = nullptr;
    QAction* m_saveHyperRepresentationAction = nullptr;
    HyperRepresentationTrainingJob* m_trainingJob = nullptr;

    std::shared_ptr<HyperRepresentation> m_hyperRepresentation;
    QString m_hyperRepresentationPath; // empty while trained here and not saved
    std::shared_ptr<const std::vector<float>> m_latents;
    int64_t m_latentDim = 0;
    std::shared_ptr<const std::vector<float>> m_weights; // flat weights of the points (projected without latents)

    struct HyperRepresentationLoad {
        std::shared_ptr<HyperRepresentation> model;
        std::vector<float> latents;
        QString error;
        bool cancelled = false;
        bool fromEmbedding = false; // latents read from the zoo file's /embeddings
    };
    QFutureWatcher<HyperRepresentationLoad> m_hyperRepresentationWatcher;
    QString m_hyperRepresentationLoading;
    // The zoo each worker started on: a result for a zoo that is no longer open is dropped.
    std::shared_ptr<const OpenedZoo> m_hyperRepresentationZoo, m_analysisZoo, m_trainingZoo;
    bool m_hyperRepresentationQuiet = false;

    QFutureWatcher<ProjectionResult> m_projectionWatcher;
    ProjectionResult m_projection;
    std::vector<ProjectionResult> m_projectionCache;
    bool m_projectionPending = false;

    QFutureWatcher<AnalysisResult> m_analysisWatcher;

    QMap<QString, PointProperty> m_propertyCache;
    QMap<QString, QString> m_runningJobs; // key -> status text
    QString m_progressOwner;              // the job whose fraction the status bar shows
    void setJobFraction(const QString& key, double fraction);

    // --- Sampling (issue 6c) ---
    // "Sample from selection": the Sampling dock's panel, the generation worker, the generated models in
    // the 3D view (placed in the current projection) and their export.
public:
    SamplingPanel* samplingPanel() const { return m_samplingPanel; }
    SamplingJob* samplingJob() const { return m_samplingJob; }
public slots:
    // Generates with the sampling panel's settings from the selection (errors as dialogs).
    void startSampling();
    // Writes the last generated models as a zoo file; false (after a dialog) when it cannot.
    bool exportGeneratedModels(const QString& file);
signals:
    // A generation ended: completed, or not (then `error` says why; empty when cancelled).
    void samplingFinished(bool completed, const QString& error);
private:
    void setUpSampling();
    void onSamplingFinished();
    void showGeneratedModels();
    void updateSamplingAvailability();
    SamplingPanel* m_samplingPanel = nullptr;
    SamplingJob* m_samplingJob = nullptr;
    std::shared_ptr<const HyperRepresentation> m_generatedWith; // the hyper-representation that encoded them
    // --- end of sampling ---
};

} // namespace zooscope
