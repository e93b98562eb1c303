#pragma once

#include "app/ProjectionComputation.h"
#include "widgets/FigureOptions.h"

#include <QMainWindow>
#include <QStringList>

#include <functional>

class QAction;
class QCustomPlot;
class QDockWidget;
class QLabel;
class QMenu;
class QProgressBar;

namespace zooscope {

class AnalysisPanel;
class FigureExportDialog;
class HistogramPanel;
class HistogramPanelBinding;
class ExplorerSession;
class HyperRepresentationPanel;
class LatentScatterView;
class NewZooBinding;
class ProgressIndicator;
class ProjectionPanel;
class SamplingPanel;
class ScatterViewBinding;
class HyperRepresentationPanelBinding;
class SamplingPanelBinding;
class SelectionModel;
class ZooTablePanel;
struct OpenedZoo;

// The main window: menus, dockable panels around the 3D latent view, a status bar with progress. It wires
// the panels and the view to the ExplorerSession, which holds what they show and runs the work.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // useSettings: restore and save window state and recent files (off for reproducible screenshots).
    explicit MainWindow(bool useSettings = true, QWidget* parent = nullptr);
    ~MainWindow() override;

    ExplorerSession* session() const { return m_session; }
    LatentScatterView* scatterView() const { return m_scatter; }
    QProgressBar* progressBar() const;
    ProgressIndicator* progressIndicator() const { return m_progress; }
    ZooTablePanel* zooTable() const { return m_zooTable; }
    HyperRepresentationPanel* hyperRepresentationPanel() const { return m_hyperRepresentationPanel; }
    ProjectionPanel* projectionPanel() const { return m_projectionPanel; }
    AnalysisPanel* analysisPanel() const { return m_analysisPanel; }
    SamplingPanel* samplingPanel() const { return m_samplingPanel; }
    HistogramPanel* histogramPanel() const { return m_histogramPanel; }
    HistogramPanelBinding* histogramBinding() const { return m_histogramBinding; }
    // File > New Zoo and File > Import Public Zoo.
    NewZooBinding* newZooBinding() const { return m_newZoo; }
    // The selection shared by the 3D view, the zoo table and the charts (the session's).
    SelectionModel* selectionModel() const;
    QStringList recentFiles() const { return m_recentFiles; }
    QStringList recentSessions() const { return m_recentSessions; }
    // The zoo on show; null while none is open (the demo cloud is shown then).
    const OpenedZoo* openedZoo() const;
    // Whether any background job runs.
    bool isBusy() const;
    // The zoo shipped with ZooScope (data/), or an empty string when it is not installed.
    static QString defaultZooPath();

    // Saves a PNG of the whole window as it is on screen, 3D view included.
    bool saveScreenshot(const QString& file);

    // Opens the Export Figure dialog (window-modal, not blocking) with the last options and a file name
    // in the last figure folder; on Export, `write` writes the file and says whether it did. For charts
    // (chartMode) and the latent view.
    FigureExportDialog* openFigureDialog(bool chartMode, const QString& baseName,
                                         std::function<bool(const QString& file, const FigureOptions& options)> write);
    // The last figure's options (the session keeps them): the next Export Figure dialog's start.
    const FigureOptions& figureOptions() const;

public slots:
    void openZoo(const QString& file);
    void cancelJob();
    void loadHyperRepresentation(const QString& file, bool quiet = false);
    bool saveHyperRepresentation(const QString& file);
    // Starts training with the Hyper-Representation panel's settings (errors as dialogs).
    void startTraining();
    void runAnalysis();
    // Ids as ProjectionPanel / PointProperty name them; false for an unknown id.
    bool setProjection(const QString& method);
    bool setColorBy(const QString& property);
    bool setSizeBy(const QString& property);
    // "models", "hyper-representation" (or "training"), "sampling", "analysis", "projection", "histograms":
    // raises that panel.
    bool showPanel(const QString& name);
    // Samples with the Sampling panel's settings from the selection (errors as dialogs).
    void startSampling();
    // Writes the last generated models as a zoo file; false (after a dialog) when it cannot.
    bool exportGeneratedModels(const QString& file);
    // Sessions (.zooscope): saves what is on show with the panel layout (false after a dialog), opens one
    // (sessionOpened follows; errors and changed files as dialogs).
    bool saveSession(const QString& file);
    void openSession(const QString& file);
    // Opens the Export Figure dialog for a chart (its context menu's Export Figure...); on Export the
    // figure is written with writeChartFigure.
    void exportChart(QCustomPlot* chart);
    // Writes `chart` as a figure (FigureWriter, ChartFigure); false (after a dialog) when it cannot.
    // Writes the latent view of the session as a figure (LatentFigure); false (after a dialog) when it cannot.
    bool writeLatentFigure(const QString& file, const FigureOptions& options);
    bool writeChartFigure(QCustomPlot* chart, const QString& file, const FigureOptions& options);
    // Writes the selected points: format "csv", "json", "zoo" (HDF5 subset) or "state-dicts" (PyTorch,
    // `path` is a folder); empty: by the suffix of `path`. False (after a dialog) when it cannot.
    bool exportSelection(const QString& path, const QString& format = {});

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
    // A sampling run ended: completed, or not (then `error` says why; empty when cancelled).
    void samplingFinished(bool completed, const QString& error);
    // The last running job ended.
    void jobsIdle();
    // A session was opened (everything on show) or could not be: then `error` says why.
    void sessionOpened(const QString& file, const QString& error, const QStringList& warnings);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void createMenus();
    void createDocks();
    void createStatusBar();
    void wireSession();
    QDockWidget* addDock(QWidget* panel, const QString& objectName, const QString& title, Qt::DockWidgetArea area, bool scroll);
    void addRecentFile(const QString& file);
    void updateRecentMenu();
    void chooseZooFile();
    void chooseHyperRepresentationToLoad();
    void chooseHyperRepresentationToSave();
    void chooseGeneratedModelsFile();
    void requestProjection();
    ProjectionRequest projectionSettings() const;
    void showZoo();
    void showHyperRepresentation();
    void exportFigure();
    // Export Figure dialog and Export Selection (figures for papers, issue 12).
    void createExportActions();
    void wireChartExport();
    void updateExportSelectionAction();
    void chooseSelectionExportFile();
    void showAbout();
    void showError(const QString& title, const QString& text);
    // Sessions: File menu entries, recent sessions, the window title, the panels after a restore.
    void createSessionActions(QMenu* file);
    void wireSessions();
    void saveCurrentSession();
    void chooseSessionFileToSave();
    void chooseSessionToOpen();
    void showOpenedSession(const QString& file, const QString& error, const QStringList& warnings);
    void addRecentSession(const QString& file);
    void updateRecentSessionsMenu();
    void updateWindowTitle();

    bool m_useSettings = true;
    bool m_firstFrameSeen = false;
    ExplorerSession* m_session = nullptr;
    ScatterViewBinding* m_scatterBinding = nullptr;
    HyperRepresentationPanelBinding* m_hyperRepresentationBinding = nullptr;
    SamplingPanelBinding* m_samplingBinding = nullptr;
    HistogramPanelBinding* m_histogramBinding = nullptr;
    NewZooBinding* m_newZoo = nullptr;
    LatentScatterView* m_scatter = nullptr;
    QLabel* m_statusText = nullptr;
    ProgressIndicator* m_progress = nullptr;
    ZooTablePanel* m_zooTable = nullptr;
    HyperRepresentationPanel* m_hyperRepresentationPanel = nullptr;
    ProjectionPanel* m_projectionPanel = nullptr;
    AnalysisPanel* m_analysisPanel = nullptr;
    SamplingPanel* m_samplingPanel = nullptr;
    HistogramPanel* m_histogramPanel = nullptr;
    QDockWidget* m_zooDock = nullptr;
    QDockWidget* m_projectionDock = nullptr;
    QDockWidget* m_hyperRepresentationDock = nullptr;
    QDockWidget* m_samplingDock = nullptr;
    QDockWidget* m_analysisDock = nullptr;
    QDockWidget* m_histogramDock = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    QAction* m_openAction = nullptr;
    QAction* m_newZooAction = nullptr;
    QAction* m_importZooAction = nullptr;
    QAction* m_loadHyperRepresentationAction = nullptr;
    QAction* m_saveHyperRepresentationAction = nullptr;
    QAction* m_exportFigureAction = nullptr;
    QAction* m_exportSelectionAction = nullptr;
    QAction* m_quitAction = nullptr;
    QAction* m_resetCameraAction = nullptr;
    QAction* m_aboutAction = nullptr;
    QStringList m_recentFiles;
    QAction* m_openSessionAction = nullptr;
    QAction* m_saveSessionAction = nullptr;
    QAction* m_saveSessionAsAction = nullptr;
    QMenu* m_recentSessionsMenu = nullptr;
    QStringList m_recentSessions;
    QString m_figureFolder;        // where the last figure went
};

} // namespace zooscope
