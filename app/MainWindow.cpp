#include "app/MainWindow.h"

#include "app/AnalysisPanelBinding.h"
#include "app/BackgroundJob.h"
#include "app/NewZooBinding.h"
#include "app/ExplorerSession.h"
#include "app/HistogramPanelBinding.h"
#include "app/HyperRepresentationPanelBinding.h"
#include "app/JobProgressBinding.h"
#include "app/LatentFigure.h"
#include "app/OpenedZoo.h"
#include "app/SamplingPanelBinding.h"
#include "app/SelectionExport.h"
#include "app/ScatterViewBinding.h"
#include "app/SessionFile.h"
#include "core/AtomicFile.h"
#include "core/EngineInfo.h"
#include "widgets/AnalysisPanel.h"
#include "widgets/CameraToolBar.h"
#include "widgets/DensityMenu.h"
#include "widgets/ChartFigure.h"
#include "widgets/FigureExportDialog.h"
#include "widgets/FigureWriter.h"
#include "widgets/HistogramPanel.h"
#include "widgets/HyperRepresentationPanel.h"
#include "widgets/LatentScatterView.h"
#include "widgets/ProgressIndicator.h"
#include "widgets/ProjectionPanel.h"
#include "widgets/SamplingPanel.h"
#include "widgets/SamplingResultsChart.h"
#include "widgets/SelectionModel.h"
#include "widgets/SelectionToolBar.h"
#include "widgets/TrainingCurvesChart.h"
#include "widgets/ZooTableModel.h"
#include "widgets/ZooTablePanel.h"

#include <QAction>
#include <QApplication>
#include <QBuffer>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QProgressBar>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTimer>

#include <qcustomplot.h>
#include <vtkVersion.h>

#include <optional>

namespace zooscope {

namespace {
constexpr int kMaxRecentFiles = 8;
const char* const kRecentFilesKey = "recentFiles";
const char* const kRecentSessionsKey = "recentSessions";

// Panels scroll inside their docks instead of imposing their height on the window (small screens,
// --size for screenshots).
QScrollArea* scrolling(QWidget* panel, QWidget* parent)
{
    auto* area = new QScrollArea(parent);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    area->setWidget(panel);
    // Only vertical scrolling: the dock is at least as wide as the panel needs.
    area->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    area->setMinimumWidth(panel->minimumSizeHint().width() + area->verticalScrollBar()->sizeHint().width());
    return area;
}
// Asks where to save; a name without suffix gets `suffix`. Empty when the user cancels.
QString saveFileName(QWidget* parent, const QString& title, const QString& suggestion, const QString& filter, const QString& suffix)
{
    QString file = QFileDialog::getSaveFileName(parent, title, suggestion, filter);
    if (!file.isEmpty() && QFileInfo(file).suffix().isEmpty())
        file += suffix;
    return file;
}
} // namespace

MainWindow::MainWindow(bool useSettings, QWidget* parent)
    : QMainWindow(parent)
    , m_useSettings(useSettings)
{
    setObjectName(QStringLiteral("MainWindow"));
    setWindowTitle(tr("ZooScope"));
    setDockNestingEnabled(true);
    m_session = new ExplorerSession(this);
    m_session->setObjectName(QStringLiteral("session"));

    m_scatter = new LatentScatterView(this);
    m_scatter->setObjectName(QStringLiteral("latentScatterView"));
    setCentralWidget(m_scatter);
    connect(m_scatter, &QOpenGLWidget::frameSwapped, this, [this] {
        if (m_firstFrameSeen)
            return;
        m_firstFrameSeen = true;
        // Let the rest of the window paint once more before anyone grabs it.
        QTimer::singleShot(0, this, &MainWindow::firstFrameShown);
    });

    createActions();
    createMenus();
    createDocks();
    createStatusBar();
    m_scatterBinding = new ScatterViewBinding(m_scatter, m_session, m_zooTable->model(), this);
    connect(m_scatterBinding, &ScatterViewBinding::errorOccurred, this, &MainWindow::showError);
    m_zooTable->setSelectionModel(m_session->selection());
    // On the left edge: a toolbar row on top would make the window taller than its smallest size allows.
    auto* selectionTools = new SelectionToolBar(m_scatter, m_session->selection(), this);
    connect(selectionTools, &SelectionToolBar::nearestNeighboursRequested, m_session, &ExplorerSession::selectNearestNeighbours);
    addToolBar(Qt::LeftToolBarArea, selectionTools);
    auto* cameraTools = new CameraToolBar(m_scatter, this);
    addToolBar(Qt::LeftToolBarArea, cameraTools);
    // The density's switch and options, the toolbar's own actions, after Reset Camera.
    m_viewMenu->insertActions(m_viewMenu->actions().value(1),
                              {cameraTools->densityMenu()->toggleAction(), cameraTools->densityMenu()->menuAction()});
    wireSession();
    wireSessions();
    m_scatterBinding->showDemoCloud();
    m_statusText->setText(tr("No zoo open: showing a synthetic demo point cloud."));

    resize(1280, 800);
    if (m_useSettings) {
        QSettings settings;
        restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray());
        restoreState(settings.value(QStringLiteral("mainWindow/state")).toByteArray());
        m_recentFiles = settings.value(QLatin1String(kRecentFilesKey)).toStringList();
        m_recentSessions = settings.value(QLatin1String(kRecentSessionsKey)).toStringList();
    }
    updateRecentMenu();
    updateRecentSessionsMenu();
}

MainWindow::~MainWindow()
{
    // The workers report to the session: end them before the panels they update go.
    delete m_session;
    m_session = nullptr;
}

SelectionModel* MainWindow::selectionModel() const { return m_session->selection(); }

const OpenedZoo* MainWindow::openedZoo() const { return m_session->zoo(); }

bool MainWindow::isBusy() const { return m_session->isBusy() || m_newZoo->job()->isBusy(); }

QProgressBar* MainWindow::progressBar() const { return m_progress->bar(); }

void MainWindow::createActions()
{
    const auto action = [this](const QString& text, const char* name, const QString& tip = {}) {
        auto* a = new QAction(text, this);
        a->setObjectName(QLatin1String(name));
        if (!tip.isEmpty())
            a->setStatusTip(tip);
        return a;
    };
    m_openAction = action(tr("&Open Zoo..."), "openZooAction", tr("Open a model zoo file (HDF5)"));
    m_openAction->setShortcut(QKeySequence::Open);
    connect(m_openAction, &QAction::triggered, this, &MainWindow::chooseZooFile);
    m_newZoo = new NewZooBinding(this);
    m_newZooAction = action(tr("Ne&w Zoo..."), "newZooAction", tr("Train a new model zoo in the background"));
    m_newZooAction->setShortcut(QKeySequence::New);
    connect(m_newZooAction, &QAction::triggered, m_newZoo, &NewZooBinding::openNewZooDialog);
    m_importZooAction = action(tr("Im&port Public Zoo..."), "importZooAction",
                               tr("Import a zoo in the public layout (model folders with params.json and checkpoints)"));
    connect(m_importZooAction, &QAction::triggered, m_newZoo, &NewZooBinding::chooseImport);
    connect(m_newZoo, &NewZooBinding::zooReady, this, &MainWindow::openZoo);
    connect(m_newZoo, &NewZooBinding::errorOccurred, this, &MainWindow::showError);
    connect(m_newZoo, &NewZooBinding::stopped, this, [this](const QString& message) { statusBar()->showMessage(message, 15000); });
    connect(m_newZoo, &NewZooBinding::slurmScriptsWritten, this,
            [this](const QString& message) {
                // not modal: the window stays usable while the user reads where the scripts went
                auto* box = new QMessageBox(QMessageBox::Information, tr("Write Slurm Job Scripts"), message, QMessageBox::Ok, this);
                box->setObjectName(QStringLiteral("slurmScriptsMessage"));
                box->setAttribute(Qt::WA_DeleteOnClose);
                box->open();
            });

    m_loadHyperRepresentationAction = action(tr("&Load Hyper-Representation..."), "loadHyperRepresentationAction",
                                             tr("Load a trained hyper-representation (.hr) and show the zoo's latents"));
    m_loadHyperRepresentationAction->setEnabled(false);
    connect(m_loadHyperRepresentationAction, &QAction::triggered, this, &MainWindow::chooseHyperRepresentationToLoad);

    m_saveHyperRepresentationAction = action(tr("&Save Hyper-Representation As..."), "saveHyperRepresentationAction",
                                             tr("Save the hyper-representation in use to a file"));
    m_saveHyperRepresentationAction->setEnabled(false);
    connect(m_saveHyperRepresentationAction, &QAction::triggered, this, &MainWindow::chooseHyperRepresentationToSave);

    m_exportFigureAction = action(tr("&Export Figure..."), "exportFigureAction", tr("Save the 3D view as a figure for a paper (SVG, PDF, PNG)"));
    m_exportFigureAction->setShortcut(QKeySequence(tr("Ctrl+E")));
    connect(m_exportFigureAction, &QAction::triggered, this, &MainWindow::exportFigure);

    m_quitAction = action(tr("&Quit"), "quitAction");
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_resetCameraAction = action(tr("&Reset Camera"), "resetCameraAction");
    m_resetCameraAction->setShortcut(QKeySequence(tr("Ctrl+R")));
    connect(m_resetCameraAction, &QAction::triggered, m_scatter, &LatentScatterView::resetCamera);

    m_aboutAction = action(tr("&About ZooScope"), "aboutAction");
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);

    createExportActions();
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_newZooAction);
    file->addAction(m_openAction);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    file->addAction(m_importZooAction);
    createSessionActions(file);
    file->addSeparator();
    file->addAction(m_loadHyperRepresentationAction);
    file->addAction(m_saveHyperRepresentationAction);
    file->addSeparator();
    file->addAction(m_exportFigureAction);
    file->addAction(m_exportSelectionAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    m_viewMenu->addAction(m_resetCameraAction);
    m_viewMenu->addSeparator();

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_aboutAction);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

QDockWidget* MainWindow::addDock(QWidget* panel, const QString& objectName, const QString& title, Qt::DockWidgetArea area, bool scroll)
{
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(objectName);
    dock->setWidget(scroll ? scrolling(panel, dock) : panel);
    addDockWidget(area, dock);
    m_viewMenu->addAction(dock->toggleViewAction());
    return dock;
}

void MainWindow::createDocks()
{
    m_zooTable = new ZooTablePanel(this);
    m_zooDock = addDock(m_zooTable, QStringLiteral("zooDock"), tr("Models"), Qt::LeftDockWidgetArea, false);
    m_projectionPanel = new ProjectionPanel(this);
    m_projectionDock = addDock(m_projectionPanel, QStringLiteral("projectionDock"), tr("Projection"), Qt::LeftDockWidgetArea, true);
    m_hyperRepresentationPanel = new HyperRepresentationPanel(this);
    m_hyperRepresentationDock = addDock(m_hyperRepresentationPanel, QStringLiteral("trainingDock"), tr("Hyper-Representation"),
                                        Qt::RightDockWidgetArea, true);
    m_samplingPanel = new SamplingPanel(this);
    m_samplingDock = addDock(m_samplingPanel, QStringLiteral("samplingDock"), tr("Sampling"), Qt::RightDockWidgetArea, true);
    m_analysisPanel = new AnalysisPanel(this);
    m_analysisDock = addDock(m_analysisPanel, QStringLiteral("analysisDock"), tr("Analysis"), Qt::RightDockWidgetArea, true);
    m_analysisPanel->setBusy(true); // until a zoo is open
    // Linked histograms below the 3D view (issue 14): side by side there, stacked when docked at a side.
    m_histogramPanel = new HistogramPanel(this);
    m_histogramDock = addDock(m_histogramPanel, QStringLiteral("histogramsDock"), tr("Histograms"), Qt::BottomDockWidgetArea, false);

    QStringList titles;
    QList<bool> categorical;
    for (const QString& id : PointProperty::ids()) {
        titles << PointProperty::titleOf(id);
        categorical << PointProperty::isCategorical(id);
    }
    m_projectionPanel->setProperties(PointProperty::ids(), titles, categorical);
    m_projectionPanel->setSource(0, tr("No zoo open."));

    tabifyDockWidget(m_hyperRepresentationDock, m_samplingDock);
    tabifyDockWidget(m_samplingDock, m_analysisDock);
    m_hyperRepresentationDock->raise();
    splitDockWidget(m_zooDock, m_projectionDock, Qt::Vertical);
    resizeDocks({m_zooDock, m_hyperRepresentationDock}, {330, 420}, Qt::Horizontal);
    resizeDocks({m_zooDock, m_projectionDock}, {360, 400}, Qt::Vertical);
    resizeDocks({m_histogramDock}, {230}, Qt::Vertical);
    wireChartExport();
}

bool MainWindow::showPanel(const QString& name)
{
    QDockWidget* dock = name == QLatin1String("models")                 ? m_zooDock
                        : name == QLatin1String("hyper-representation") ? m_hyperRepresentationDock
                        : name == QLatin1String("training")             ? m_hyperRepresentationDock // the old name
                        : name == QLatin1String("sampling")             ? m_samplingDock
                        : name == QLatin1String("analysis")             ? m_analysisDock
                        : name == QLatin1String("projection")           ? m_projectionDock
                        : name == QLatin1String("histograms")           ? m_histogramDock
                                                                        : nullptr;
    if (!dock)
        return false;
    dock->show();
    dock->raise();
    return true;
}

void MainWindow::createStatusBar()
{
    m_statusText = new QLabel(this);
    m_statusText->setObjectName(QStringLiteral("statusText"));
    statusBar()->addWidget(m_statusText, 1);
    m_progress = new ProgressIndicator(this);
    m_progress->setObjectName(QStringLiteral("progressIndicator"));
    statusBar()->addPermanentWidget(m_progress);
    connect(m_progress, &ProgressIndicator::cancelRequested, this, &MainWindow::cancelJob);
    // Training shows its progress in its own panel, with its own cancel.
    auto* jobs = new JobProgressBinding(m_progress, this);
    for (BackgroundJob* job : {m_session->zooJob(), m_session->hyperRepresentationJob(), m_session->projectionJob(),
                               m_session->analysisJob(), m_session->samplingJob(), m_newZoo->job()})
        jobs->add(job);
}

void MainWindow::wireSession()
{
    ExplorerSession* s = m_session;
    connect(s, &ExplorerSession::errorOccurred, this, &MainWindow::showError);
    connect(s, &ExplorerSession::statusMessage, statusBar(), &QStatusBar::showMessage);
    connect(s, &ExplorerSession::zooChanged, this, &MainWindow::showZoo);
    connect(s, &ExplorerSession::zooOpened, this, [this](const QString& file, const QString& error) {
        if (error.isEmpty())
            addRecentFile(file);
    });
    connect(s, &ExplorerSession::hyperRepresentationChanged, this, &MainWindow::showHyperRepresentation);
    connect(s, &ExplorerSession::projectionStarted, this, [this] { m_projectionPanel->setProjectionDescription(tr("Projecting...")); });
    connect(s->projectionJob(), &BackgroundJob::busyChanged, m_projectionPanel, &ProjectionPanel::setBusy);
    connect(s, &ExplorerSession::projectionChanged, this, [this] {
        m_projectionPanel->setProjectionDescription(m_session->projection().description);
    });

    // The projection panel asks; the session holds the projection and the point style.
    connect(m_projectionPanel, &ProjectionPanel::projectionRequested, this, &MainWindow::requestProjection);
    connect(m_projectionPanel, &ProjectionPanel::parametersEdited, this, [this] { m_session->setProjectionSettings(projectionSettings()); });
    connect(m_projectionPanel, &ProjectionPanel::colorByChanged, s, &ExplorerSession::setColorBy);
    // The session may colour by another property itself (by prediction, or back when that is refused).
    connect(s, &ExplorerSession::colouringChanged, this, [this] {
        const QSignalBlocker block(m_projectionPanel);
        m_projectionPanel->setColorBy(m_session->pointStyle().colorBy);
    });
    connect(m_projectionPanel, &ProjectionPanel::sizeByChanged, s, &ExplorerSession::setSizeBy);
    connect(m_projectionPanel, &ProjectionPanel::colorMapChanged, this,
            [this] { m_session->setColorMap(m_projectionPanel->colorMap(), m_projectionPanel->colorMapReversed()); });
    connect(m_projectionPanel, &ProjectionPanel::pointSizeChanged, s, &ExplorerSession::setPointSize);
    s->setColorBy(m_projectionPanel->colorBy());
    s->setSizeBy(m_projectionPanel->sizeBy());
    s->setColorMap(m_projectionPanel->colorMap(), m_projectionPanel->colorMapReversed());
    s->setPointSize(m_projectionPanel->pointSize());
    requestProjection(); // the panel's settings, for the first zoo

    // The window's signals are the session's.
    connect(s, &ExplorerSession::zooOpened, this, &MainWindow::zooOpened);
    connect(s, &ExplorerSession::hyperRepresentationChanged, this, &MainWindow::hyperRepresentationChanged);
    connect(s, &ExplorerSession::hyperRepresentationLoaded, this, &MainWindow::hyperRepresentationLoaded);
    connect(s, &ExplorerSession::projectionChanged, this, &MainWindow::projectionShown);
    connect(s, &ExplorerSession::jobsIdle, this, &MainWindow::jobsIdle);

    // The panels' own bindings; the window keeps the file dialogs and forwards the outcomes.
    m_hyperRepresentationBinding = new HyperRepresentationPanelBinding(m_hyperRepresentationPanel, s, this);
    connect(m_hyperRepresentationBinding, &HyperRepresentationPanelBinding::errorOccurred, this, &MainWindow::showError);
    connect(m_hyperRepresentationBinding, &HyperRepresentationPanelBinding::trainingFinished, this, &MainWindow::trainingFinished);
    connect(m_hyperRepresentationPanel, &HyperRepresentationPanel::saveRequested, this, &MainWindow::chooseHyperRepresentationToSave);
    connect(m_hyperRepresentationPanel, &HyperRepresentationPanel::loadRequested, this, &MainWindow::chooseHyperRepresentationToLoad);
    auto* analysis = new AnalysisPanelBinding(m_analysisPanel, s, this);
    connect(analysis, &AnalysisPanelBinding::analysisFinished, this, &MainWindow::analysisFinished);
    m_samplingBinding = new SamplingPanelBinding(m_samplingPanel, s, this);
    m_histogramBinding = new HistogramPanelBinding(m_histogramPanel, s, this);
    connect(m_samplingBinding, &SamplingPanelBinding::errorOccurred, this, &MainWindow::showError);
    connect(m_samplingBinding, &SamplingPanelBinding::samplingFinished, this, &MainWindow::samplingFinished);
    connect(m_samplingPanel, &SamplingPanel::exportRequested, this, &MainWindow::chooseGeneratedModelsFile);
}

void MainWindow::showZoo()
{
    const OpenedZoo* zoo = m_session->zoo();
    m_zooTable->model()->setZoo(m_session->modelZoo(), zoo->pointModelRows, zoo->pointCheckpoints);
    m_analysisPanel->clear();
    m_analysisPanel->setStatus(tr("Run the probes to see what the representation knows about each model."));
    m_analysisPanel->setBusy(false);
    m_hyperRepresentationPanel->setZooAvailable(true);
    m_hyperRepresentationPanel->setBehaviourAvailable(
        m_session->behaviourTermAvailable(),
        tr("The behavioural term runs the models on the zoo's training images; ZooScope has only Fashion-MNIST's built in "
           "(this zoo: %1). zooscope-cli ae train --data DIR can give others.")
            .arg(QString::fromStdString(m_session->modelZoo() ? m_session->modelZoo()->datasetId : std::string())));
    m_loadHyperRepresentationAction->setEnabled(true);
    m_samplingPanel->clearResults();
    m_samplingPanel->setStatus(QString());
    updateWindowTitle();
    m_statusText->setText(tr("%1: %2 models, %3 checkpoints each, %4 parameters.")
                              .arg(QFileInfo(zoo->path).fileName())
                              .arg(zoo->zoo.modelCount())
                              .arg(zoo->zoo.checkpointCount())
                              .arg(zoo->zoo.parameterCount()));
}

void MainWindow::showHyperRepresentation()
{
    const bool has = m_session->hyperRepresentation() != nullptr;
    m_hyperRepresentationPanel->setModelDescription(m_session->hyperRepresentationDescription(), has);
    m_saveHyperRepresentationAction->setEnabled(has);
    m_projectionPanel->setSource(int(has ? m_session->latentDimension() : m_session->zoo()->zoo.parameterCount()),
                                 m_session->sourceDescription());
    m_samplingPanel->setAvailability(m_session->zoo() != nullptr, has);
    if (has) {
        m_analysisPanel->clear();
        m_analysisPanel->setStatus(tr("New latents: run the probes to see what they know about each model."));
    }
}

ProjectionRequest MainWindow::projectionSettings() const
{
    ProjectionRequest settings = m_session->projectionSettings(); // keeps what the panel does not show (the seed)
    settings.data.reset();
    ProjectionComputation::methodFromId(m_projectionPanel->method(), settings.method);
    settings.axes = m_projectionPanel->axes();
    settings.perplexity = m_projectionPanel->perplexity();
    settings.iterations = m_projectionPanel->iterations();
    return settings;
}

void MainWindow::requestProjection() { m_session->requestProjection(projectionSettings()); }

void MainWindow::openZoo(const QString& file) { m_session->openZoo(file); }

void MainWindow::cancelJob()
{
    m_session->cancelJobs();
    m_newZoo->cancel();
}

void MainWindow::loadHyperRepresentation(const QString& file, bool quiet) { m_session->loadHyperRepresentation(file, quiet); }

bool MainWindow::saveHyperRepresentation(const QString& file)
{
    if (!m_session->saveHyperRepresentation(file))
        return false;
    m_projectionPanel->setSource(int(m_session->latentDimension()), m_session->sourceDescription());
    return true;
}

void MainWindow::startTraining() { m_hyperRepresentationBinding->startTraining(); }

void MainWindow::runAnalysis() { m_session->runAnalysis(); }

bool MainWindow::setProjection(const QString& method) { return m_projectionPanel->setMethod(method); }

bool MainWindow::setColorBy(const QString& property) { return m_projectionPanel->setColorBy(property); }

bool MainWindow::setSizeBy(const QString& property) { return m_projectionPanel->setSizeBy(property); }

void MainWindow::startSampling() { m_samplingBinding->startSampling(); }

bool MainWindow::exportGeneratedModels(const QString& file) { return m_session->exportGeneratedModels(file); }

void MainWindow::chooseGeneratedModelsFile()
{
    QString suggestion = QStringLiteral("generated.zoo.h5");
    if (m_session->zoo() && m_session->generated())
        suggestion = QFileInfo(m_session->zoo()->path).absolutePath() + QStringLiteral("/generated-") +
                     QString::fromStdString(m_session->generated()->generated.methodName) + QStringLiteral(".zoo.h5");
    const QString file = saveFileName(this, tr("Export Generated Models"), suggestion,
                                      tr("Model zoos (*.h5 *.hdf5);;All files (*)"), QStringLiteral(".zoo.h5"));
    if (!file.isEmpty())
        exportGeneratedModels(file);
}

QString MainWindow::defaultZooPath()
{
    const QString name = QStringLiteral("fashion-mnist-cnn-s.zoo.h5");
    // ZOOSCOPE_DEFAULT_ZOO overrides the search (a missing file there means: no default zoo).
    if (qEnvironmentVariableIsSet("ZOOSCOPE_DEFAULT_ZOO")) {
        const QFileInfo chosen(qEnvironmentVariable("ZOOSCOPE_DEFAULT_ZOO"));
        return chosen.isFile() ? chosen.canonicalFilePath() : QString();
    }
    // Installed next to the executable's prefix, or the source tree's data/ for a build that is run in place.
    const QStringList candidates{
        QCoreApplication::applicationDirPath() + QStringLiteral("/../share/zooscope/") + name,
        QStringLiteral(ZOOSCOPE_SOURCE_DATA_DIR "/") + name,
    };
    for (const QString& c : candidates) {
        if (QFileInfo::exists(c))
            return QFileInfo(c).canonicalFilePath();
    }
    return {};
}

void MainWindow::chooseZooFile()
{
    const QString file = QFileDialog::getOpenFileName(this, tr("Open Model Zoo"), QString(),
                                                      tr("Model zoos (*.h5 *.hdf5);;All files (*)"));
    if (!file.isEmpty())
        openZoo(file);
}

void MainWindow::chooseHyperRepresentationToLoad()
{
    const QString start = m_session->zoo() ? QFileInfo(m_session->zoo()->path).absolutePath() : QString();
    const QString file = QFileDialog::getOpenFileName(this, tr("Load Hyper-Representation"), start,
                                                      tr("Hyper-representations (*.hr);;All files (*)"));
    if (!file.isEmpty())
        loadHyperRepresentation(file);
}

void MainWindow::chooseHyperRepresentationToSave()
{
    if (!m_session->hyperRepresentation())
        return;
    QString suggestion = m_session->hyperRepresentationPath();
    if (suggestion.isEmpty() && m_session->zoo()) {
        const QFileInfo zoo(m_session->zoo()->path);
        suggestion = zoo.absolutePath() + QLatin1Char('/') + zoo.fileName().section(QLatin1Char('.'), 0, 0) + QStringLiteral("-trained.hr");
    }
    const QString file = saveFileName(this, tr("Save Hyper-Representation"), suggestion,
                                      tr("Hyper-representations (*.hr);;All files (*)"), QStringLiteral(".hr"));
    if (!file.isEmpty())
        saveHyperRepresentation(file);
}

void MainWindow::addRecentFile(const QString& file)
{
    m_recentFiles.removeAll(file);
    m_recentFiles.prepend(file);
    while (m_recentFiles.size() > kMaxRecentFiles)
        m_recentFiles.removeLast();
    if (m_useSettings)
        QSettings().setValue(QLatin1String(kRecentFilesKey), m_recentFiles);
    updateRecentMenu();
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    for (const QString& file : std::as_const(m_recentFiles)) {
        QAction* action = m_recentMenu->addAction(QFileInfo(file).fileName());
        action->setToolTip(file);
        action->setStatusTip(file);
        connect(action, &QAction::triggered, this, [this, file] { openZoo(file); });
    }
    m_recentMenu->setEnabled(!m_recentFiles.isEmpty());
}

void MainWindow::exportFigure()
{
    if (!m_session->zoo()) {
        showError(tr("Export Figure"), tr("Open a model zoo first: the figure is its latent view."));
        return;
    }
    openFigureDialog(false, QStringLiteral("latent-space"),
                     [this](const QString& file, const FigureOptions& options) { return writeLatentFigure(file, options); });
}

void MainWindow::showAbout()
{
    QMessageBox::about(
        this, tr("About ZooScope"),
        tr("<h3>ZooScope %1</h3>"
           "<p>Explore, sample and test populations of trained neural networks through their weights: an "
           "implementation of <i>Hyper-Representations as Generative Models</i> (NeurIPS 2022).</p>"
           "<table>"
           "<tr><td>Qt</td><td>%2</td></tr>"
           "<tr><td>VTK</td><td>%3</td></tr>"
           "<tr><td>LibTorch</td><td>%4 (%5 threads)</td></tr>"
           "<tr><td>HDF5</td><td>%6</td></tr>"
           "</table>")
            .arg(QString::fromStdString(EngineInfo::version()), QString::fromLatin1(qVersion()),
                 QString::fromLatin1(vtkVersion::GetVTKVersion()), QString::fromStdString(EngineInfo::torchVersion()))
            .arg(EngineInfo::computeThreads())
            .arg(QString::fromStdString(EngineInfo::hdf5Version())));
}

void MainWindow::showError(const QString& title, const QString& text)
{
    // Window-modal but not blocking: workers and tests go on while the message is shown.
    auto* box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("errorMessage"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

bool MainWindow::saveScreenshot(const QString& file)
{
    const QPixmap pixmap = grab();
    QByteArray bytes;
    QBuffer buffer(&bytes);
    if (pixmap.isNull() || !buffer.open(QIODevice::WriteOnly) || !pixmap.save(&buffer, "PNG"))
        return false;
    try { // like every file ZooScope writes: the old screenshot or the complete new one
        AtomicFile::write(file.toStdString(), std::string_view(bytes.constData(), std::size_t(bytes.size())));
    } catch (const std::exception&) {
        return false;
    }
    return true;
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (m_useSettings) {
        QSettings settings;
        settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
        settings.setValue(QStringLiteral("mainWindow/state"), saveState());
    }
    event->accept();
}

// --- Sessions ---

void MainWindow::createSessionActions(QMenu* file)
{
    file->addSeparator();
    m_openSessionAction = file->addAction(tr("Open &Session..."), this, &MainWindow::chooseSessionToOpen);
    m_openSessionAction->setObjectName(QStringLiteral("openSessionAction"));
    m_openSessionAction->setStatusTip(tr("Open a saved session: its zoo, projection, colours, camera and selections"));
    m_recentSessionsMenu = file->addMenu(tr("Recent Sess&ions"));
    m_recentSessionsMenu->setObjectName(QStringLiteral("recentSessionsMenu"));
    m_saveSessionAction = file->addAction(tr("Save Sessio&n"), this, &MainWindow::saveCurrentSession);
    m_saveSessionAction->setObjectName(QStringLiteral("saveSessionAction"));
    m_saveSessionAction->setShortcut(QKeySequence::Save);
    m_saveSessionAction->setStatusTip(tr("Save what is on show as a session file (.zooscope) that reopens it exactly"));
    m_saveSessionAction->setEnabled(false);
    m_saveSessionAsAction = file->addAction(tr("Save Session &As..."), this, &MainWindow::chooseSessionFileToSave);
    m_saveSessionAsAction->setObjectName(QStringLiteral("saveSessionAsAction"));
    m_saveSessionAsAction->setShortcut(QKeySequence::SaveAs);
    m_saveSessionAsAction->setEnabled(false);
}

void MainWindow::wireSessions()
{
    connect(m_session, &ExplorerSession::sessionOpened, this, &MainWindow::showOpenedSession);
    connect(m_session, &ExplorerSession::sessionSaved, this, [this](const QString& file) {
        addRecentSession(file);
        updateWindowTitle();
    });
    connect(m_session, &ExplorerSession::zooChanged, this, [this] {
        m_saveSessionAction->setEnabled(true);
        m_saveSessionAsAction->setEnabled(true);
    });
}

bool MainWindow::saveSession(const QString& file) { return m_session->saveSession(file, saveState()); }

void MainWindow::openSession(const QString& file) { m_session->openSession(file); }

void MainWindow::saveCurrentSession()
{
    if (m_session->sessionFile().isEmpty())
        chooseSessionFileToSave();
    else
        saveSession(m_session->sessionFile());
}

void MainWindow::chooseSessionFileToSave()
{
    if (!m_session->zoo())
        return;
    QString suggestion = m_session->sessionFile();
    if (suggestion.isEmpty()) {
        const QFileInfo zoo(m_session->zoo()->path);
        suggestion = zoo.absolutePath() + QLatin1Char('/') + zoo.fileName().section(QLatin1Char('.'), 0, 0) + QStringLiteral(".zooscope");
    }
    const QString file = saveFileName(this, tr("Save Session"), suggestion, tr("ZooScope sessions (*.zooscope);;All files (*)"),
                                      QStringLiteral(".zooscope"));
    if (!file.isEmpty())
        saveSession(file);
}

void MainWindow::chooseSessionToOpen()
{
    const QString start = m_session->sessionFile().isEmpty() ? QString() : QFileInfo(m_session->sessionFile()).absolutePath();
    const QString file = QFileDialog::getOpenFileName(this, tr("Open Session"), start, tr("ZooScope sessions (*.zooscope);;All files (*)"));
    if (!file.isEmpty())
        openSession(file);
}

void MainWindow::showOpenedSession(const QString& file, const QString& error, const QStringList& warnings)
{
    if (!error.isEmpty()) {
        showError(tr("Open Session"), tr("Could not open the session %1:\n%2").arg(QDir::toNativeSeparators(file), error));
    } else {
        // The panels show what was restored; their signals would ask for it once more.
        const ExplorerSession* s = m_session;
        {
            const QSignalBlocker block(m_projectionPanel);
            m_projectionPanel->setMethod(ProjectionComputation::methodId(s->projectionSettings().method));
            m_projectionPanel->setAxes(s->projectionSettings().axes);
            m_projectionPanel->setPerplexity(s->projectionSettings().perplexity);
            m_projectionPanel->setIterations(s->projectionSettings().iterations);
            m_projectionPanel->setColorBy(s->pointStyle().colorBy);
            m_projectionPanel->setSizeBy(s->pointStyle().sizeBy);
            m_projectionPanel->setColorMap(s->pointStyle().colorMap);
            m_projectionPanel->setColorMapReversed(s->pointStyle().colorMapReversed);
            m_projectionPanel->setPointSize(s->pointStyle().pointSize);
        }
        if (!s->sessionPanelLayout().isEmpty())
            restoreState(s->sessionPanelLayout());
        addRecentSession(file);
        updateWindowTitle();
    }
    if (!warnings.isEmpty()) {
        // Shown, not hidden: the view may differ from the one saved.
        auto* box = new QMessageBox(QMessageBox::Warning, tr("Open Session"),
                                    tr("The session %1 was opened, but:\n%2").arg(QFileInfo(file).fileName(), warnings.join(QLatin1Char('\n'))),
                                    QMessageBox::Ok, this);
        box->setObjectName(QStringLiteral("sessionWarning"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
    emit sessionOpened(file, error, warnings);
}

void MainWindow::addRecentSession(const QString& file)
{
    m_recentSessions.removeAll(file);
    m_recentSessions.prepend(file);
    while (m_recentSessions.size() > kMaxRecentFiles)
        m_recentSessions.removeLast();
    if (m_useSettings)
        QSettings().setValue(QLatin1String(kRecentSessionsKey), m_recentSessions);
    updateRecentSessionsMenu();
}

void MainWindow::updateRecentSessionsMenu()
{
    m_recentSessionsMenu->clear();
    for (const QString& file : std::as_const(m_recentSessions)) {
        QAction* action = m_recentSessionsMenu->addAction(QFileInfo(file).fileName());
        action->setToolTip(file);
        action->setStatusTip(file);
        connect(action, &QAction::triggered, this, [this, file] { openSession(file); });
    }
    m_recentSessionsMenu->setEnabled(!m_recentSessions.isEmpty());
}

void MainWindow::updateWindowTitle()
{
    // The session's name when what is on show is a session, else the zoo's.
    const QString shown = !m_session->sessionFile().isEmpty() ? m_session->sessionFile()
                          : m_session->zoo()                 ? m_session->zoo()->path
                                                             : QString();
    setWindowTitle(shown.isEmpty() ? tr("ZooScope") : tr("%1 - ZooScope").arg(QFileInfo(shown).fileName()));
}

// --- Figures and Export Selection (issue 12) ---

namespace {

// The wait cursor while a file is written on the GUI thread.
struct WaitCursor {
    WaitCursor() { QApplication::setOverrideCursor(Qt::WaitCursor); }
    ~WaitCursor() { QApplication::restoreOverrideCursor(); }
};

// "trainingCurvesChart" -> "training-curves": a file name from a chart's object name.
QString fileBaseName(const QString& objectName)
{
    QString out;
    for (const QChar c : objectName) {
        if (c.isUpper() && !out.isEmpty())
            out += QLatin1Char('-');
        out += c.toLower();
    }
    if (out.endsWith(QLatin1String("-chart")))
        out.chop(6);
    return out.isEmpty() ? QStringLiteral("chart") : out;
}

} // namespace

const FigureOptions& MainWindow::figureOptions() const { return m_session->figureOptions(); }

void MainWindow::createExportActions()
{
    m_exportSelectionAction = new QAction(tr("Export &Selection..."), this);
    m_exportSelectionAction->setObjectName(QStringLiteral("exportSelectionAction"));
    m_exportSelectionAction->setStatusTip(
        tr("Save the selected model checkpoints: a table (CSV, JSON), a zoo file or PyTorch state dicts"));
    connect(m_exportSelectionAction, &QAction::triggered, this, &MainWindow::chooseSelectionExportFile);
    connect(m_session->selection(), &SelectionModel::selectionChanged, this, &MainWindow::updateExportSelectionAction);
    connect(m_session, &ExplorerSession::zooChanged, this, &MainWindow::updateExportSelectionAction);
    updateExportSelectionAction();
}

void MainWindow::wireChartExport()
{
    connect(m_hyperRepresentationPanel->chart(), &TrainingCurvesChart::figureExportRequested, this, &MainWindow::exportChart);
    connect(m_samplingPanel->chart(), &SamplingResultsChart::figureExportRequested, this, &MainWindow::exportChart);
    connect(m_analysisPanel, &AnalysisPanel::figureExportRequested, this, &MainWindow::exportChart);
    connect(m_histogramPanel, &HistogramPanel::figureExportRequested, this, &MainWindow::exportChart);
}

void MainWindow::updateExportSelectionAction()
{
    m_exportSelectionAction->setEnabled(m_session->zoo() && m_session->selection()->selectedCount() > 0);
}

FigureExportDialog* MainWindow::openFigureDialog(bool chartMode, const QString& baseName,
                                                 std::function<bool(const QString&, const FigureOptions&)> write)
{
    if (m_figureFolder.isEmpty()) {
        m_figureFolder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
        if (m_figureFolder.isEmpty() || !QFileInfo(m_figureFolder).isDir())
            m_figureFolder = QDir::homePath();
    }
    auto* dialog = new FigureExportDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setChartMode(chartMode);
    const FigureOptions& last = m_session->figureOptions();
    dialog->setOptions(last);
    dialog->setFileName(QDir(m_figureFolder).filePath(baseName + QLatin1Char('.') + FigureOptions::suffixOf(last.format)));
    connect(dialog, &QDialog::accepted, this, [this, dialog, write = std::move(write)] {
        const QString file = dialog->fileName();
        const FigureOptions options = dialog->options();
        m_session->setFigureOptions(options);
        m_figureFolder = QFileInfo(file).absolutePath();
        write(file, options);
    });
    // Window-modal but not blocking, as the error messages.
    dialog->open();
    return dialog;
}

void MainWindow::exportChart(QCustomPlot* chart)
{
    if (!chart)
        return;
    QPointer<QCustomPlot> target(chart);
    openFigureDialog(true, fileBaseName(chart->objectName()), [this, target](const QString& file, const FigureOptions& options) {
        if (!target) // the chart went while the dialog was open
            return false;
        return writeChartFigure(target, file, options);
    });
}

bool MainWindow::writeLatentFigure(const QString& file, const FigureOptions& options)
{
    // The session holds the view's camera, trajectories and isolation (ScatterViewBinding keeps them
    // current), so this is the figure `zooscope-cli figure` writes for the same session.
    try {
        WaitCursor wait;
        const ScatterFigure::Stats stats = LatentFigure::write(*m_session, options, file);
        statusBar()->showMessage(stats.pointsHidden > 0
                                     ? tr("Saved %1: %2 points drawn, %3 hidden behind nearer points left out")
                                           .arg(file)
                                           .arg(stats.pointsDrawn)
                                           .arg(stats.pointsHidden)
                                     : tr("Saved %1: %2 points drawn").arg(file).arg(stats.pointsDrawn),
                                 8000);
    } catch (const std::exception& e) {
        showError(tr("Export Figure"), tr("Could not write %1: %2").arg(file, QString::fromUtf8(e.what())));
        return false;
    }
    return true;
}

bool MainWindow::writeChartFigure(QCustomPlot* chart, const QString& file, const FigureOptions& options)
{
    try {
        WaitCursor wait;
        FigureWriter::write(file, options, [&](QPainter& painter, const QRectF& target) {
            ChartFigure(chart, options).paint(painter, target);
        });
    } catch (const std::exception& e) {
        showError(tr("Export Figure"), tr("Could not write %1: %2").arg(file, QString::fromUtf8(e.what())));
        return false;
    }
    statusBar()->showMessage(tr("Saved %1").arg(file), 5000);
    return true;
}

void MainWindow::chooseSelectionExportFile()
{
    if (!m_session->zoo() || m_session->selection()->selectedCount() == 0)
        return;
    const QString csv = tr("CSV table (*.csv)"), json = tr("JSON (*.json)"), zoo = tr("Model zoo subset (*.zoo.h5 *.h5)"),
                  stateDicts = tr("PyTorch state dicts in a new folder (*)");
    const QFileInfo zooFile(m_session->zoo()->path);
    const QString suggestion = zooFile.absolutePath() + QStringLiteral("/selection.csv");
    QString filter = csv;
    QString path = QFileDialog::getSaveFileName(this, tr("Export Selection"), suggestion,
                                                QStringList{csv, json, zoo, stateDicts}.join(QStringLiteral(";;")), &filter);
    if (path.isEmpty())
        return;
    QString format;
    if (filter == stateDicts) {
        format = QStringLiteral("state-dicts");
    } else if (!SelectionExport::formatOf(path)) {
        // No suffix that names a format: the filter's.
        path += filter == json ? QStringLiteral(".json") : filter == zoo ? QStringLiteral(".zoo.h5") : QStringLiteral(".csv");
    }
    exportSelection(path, format);
}

bool MainWindow::exportSelection(const QString& path, const QString& format)
{
    const QString title = tr("Export Selection");
    const std::optional<SelectionExport::Format> chosen =
        format.isEmpty() ? SelectionExport::formatOf(path) : SelectionExport::formatNamed(format);
    if (!chosen) {
        showError(title, tr("Cannot tell what to write to %1: name it .csv, .json or .h5.").arg(path));
        return false;
    }
    try {
        WaitCursor wait;
        SelectionExport::fromSession(*m_session).write(*chosen, path);
    } catch (const std::exception& e) {
        showError(title, tr("Could not export the selection to %1: %2").arg(path, QString::fromUtf8(e.what())));
        return false;
    }
    statusBar()->showMessage(tr("Exported the selection to %1").arg(path), 5000);
    return true;
}

} // namespace zooscope
