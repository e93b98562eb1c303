#include "app/MainWindow.h"

#include "app/HyperRepresentationTrainingJob.h"
#include "app/OpenedZoo.h"
#include "hyperrep/EmbeddingFile.h"
#include "core/EngineInfo.h"
#include "hyperrep/HyperRepresentation.h"
#include "widgets/AnalysisPanel.h"
#include "widgets/LatentScatterView.h"
#include "widgets/ProgressIndicator.h"
#include "widgets/ProjectionPanel.h"
#include "widgets/HyperRepresentationPanel.h"
#include "widgets/ZooTableModel.h"
#include "widgets/ZooTablePanel.h"
#include "widgets/CameraToolBar.h"
#include "widgets/SelectionModel.h"
#include "widgets/SelectionToolBar.h"
// Sampling (issue 6c)
#include "app/SamplingJob.h"
#include "widgets/SamplingResultsChart.h"
#include "widgets/SamplingPanel.h"

#include <set>

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QImageWriter>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QStatusBar>
#include <QPromise>
#include <QTimer>
#include <QtConcurrent>

#include <vtkVersion.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <random>

namespace zooscope {

namespace {
constexpr int kMaxRecentFiles = 8;
const char* const kRecentFilesKey = "recentFiles";
} // namespace

MainWindow::MainWindow(bool useSettings, QWidget* parent)
    : QMainWindow(parent)
    , m_useSettings(useSettings)
{
    setObjectName(QStringLiteral("MainWindow"));
    setWindowTitle(tr("ZooScope"));
    setDockNestingEnabled(true);

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

    m_trainingJob = new HyperRepresentationTrainingJob(this);
    m_trainingJob->setObjectName(QStringLiteral("trainingJob"));

    createActions();
    createMenus();
    createDocks();
    createStatusBar();
    showDemoPoints();

    // --- Selection and camera (issue 6b) ---
    // One selection shared by the 3D view and the zoo table; the selection and camera tools as toolbars;
    // the hover card, trajectories and k nearest neighbours take the zoo's rows and latents.
    m_selection = new SelectionModel(this);
    m_selection->setObjectName(QStringLiteral("selectionModel"));
    m_selection->setRowCount(int(m_scatter->pointCount()));
    m_scatter->setSelectionModel(m_selection);
    m_zooTable->setSelectionModel(m_selection);
    // On the left edge: a toolbar row on top would make the window taller than its smallest size allows.
    auto* selectionBar = new SelectionToolBar(m_scatter, m_selection, this);
    addToolBar(Qt::LeftToolBarArea, selectionBar);
    connect(selectionBar, &SelectionToolBar::nearestNeighboursRequested, this, &MainWindow::selectNearestNeighbours);
    addToolBar(Qt::LeftToolBarArea, new CameraToolBar(m_scatter, this));
    m_scatter->setModelCardProvider([this](int row) { return m_zooTable->model()->modelCard(row); });
    auto linkRows = [this] {
        if (m_zooTable->model()->rowCount() != int(m_scatter->pointCount()))
            return;
        m_scatter->setTrajectoryGroups(m_zooTable->model()->rowsPerModel());
    };
    connect(this, &MainWindow::projectionShown, this, linkRows);
    connect(this, &MainWindow::hyperRepresentationChanged, this, linkRows);
    // --- end of selection and camera ---

    setUpSampling(); // Sampling (issue 6c)

    resize(1280, 800);
    if (m_useSettings) {
        QSettings settings;
        restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray());
        restoreState(settings.value(QStringLiteral("mainWindow/state")).toByteArray());
        m_recentFiles = settings.value(QLatin1String(kRecentFilesKey)).toStringList();
    }
    updateRecentMenu();
}

MainWindow::~MainWindow()
{
    // A worker still running must not outlive the window it reports to.
    m_loadWatcher.cancel();
    m_hyperRepresentationWatcher.cancel();
    m_projectionWatcher.cancel();
    m_analysisWatcher.cancel();
    m_loadWatcher.waitForFinished();
    m_hyperRepresentationWatcher.waitForFinished();
    m_projectionWatcher.waitForFinished();
    m_analysisWatcher.waitForFinished();
    delete m_trainingJob; // cancels and joins the training thread
    m_trainingJob = nullptr;
}

void MainWindow::createActions()
{
    m_openAction = new QAction(tr("&Open Zoo..."), this);
    m_openAction->setObjectName(QStringLiteral("openZooAction"));
    m_openAction->setShortcut(QKeySequence::Open);
    m_openAction->setStatusTip(tr("Open a model zoo file (HDF5)"));
    connect(m_openAction, &QAction::triggered, this, &MainWindow::chooseZooFile);

    m_loadHyperRepresentationAction = new QAction(tr("&Load Hyper-Representation..."), this);
    m_loadHyperRepresentationAction->setObjectName(QStringLiteral("loadHyperRepresentationAction"));
    m_loadHyperRepresentationAction->setStatusTip(tr("Load a trained hyper-representation (.hr) and show the zoo's latents"));
    m_loadHyperRepresentationAction->setEnabled(false);
    connect(m_loadHyperRepresentationAction, &QAction::triggered, this, &MainWindow::chooseHyperRepresentationToLoad);

    m_saveHyperRepresentationAction = new QAction(tr("&Save Hyper-Representation As..."), this);
    m_saveHyperRepresentationAction->setObjectName(QStringLiteral("saveHyperRepresentationAction"));
    m_saveHyperRepresentationAction->setShortcut(QKeySequence::Save);
    m_saveHyperRepresentationAction->setStatusTip(tr("Save the hyper-representation in use to a file"));
    m_saveHyperRepresentationAction->setEnabled(false);
    connect(m_saveHyperRepresentationAction, &QAction::triggered, this, &MainWindow::chooseHyperRepresentationToSave);

    m_exportFigureAction = new QAction(tr("&Export Figure..."), this);
    m_exportFigureAction->setObjectName(QStringLiteral("exportFigureAction"));
    m_exportFigureAction->setShortcut(QKeySequence(tr("Ctrl+E")));
    m_exportFigureAction->setStatusTip(tr("Save the 3D view as an image"));
    connect(m_exportFigureAction, &QAction::triggered, this, &MainWindow::exportFigure);

    m_quitAction = new QAction(tr("&Quit"), this);
    m_quitAction->setObjectName(QStringLiteral("quitAction"));
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_resetCameraAction = new QAction(tr("&Reset Camera"), this);
    m_resetCameraAction->setObjectName(QStringLiteral("resetCameraAction"));
    m_resetCameraAction->setShortcut(QKeySequence(tr("Ctrl+R")));
    connect(m_resetCameraAction, &QAction::triggered, m_scatter, &LatentScatterView::resetCamera);

    m_aboutAction = new QAction(tr("&About ZooScope"), this);
    m_aboutAction->setObjectName(QStringLiteral("aboutAction"));
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_openAction);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    file->addSeparator();
    file->addAction(m_loadHyperRepresentationAction);
    file->addAction(m_saveHyperRepresentationAction);
    file->addSeparator();
    file->addAction(m_exportFigureAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    m_viewMenu->addAction(m_resetCameraAction);
    m_viewMenu->addSeparator();

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_aboutAction);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

QDockWidget* MainWindow::addPlaceholderDock(const QString& objectName, const QString& title, const QString& text,
                                            Qt::DockWidgetArea area)
{
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(objectName);
    auto* label = new QLabel(text, dock);
    label->setWordWrap(true);
    label->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    label->setMargin(12);
    label->setTextFormat(Qt::RichText);
    dock->setWidget(label);
    addDockWidget(area, dock);
    m_viewMenu->addAction(dock->toggleViewAction());
    return dock;
}

namespace {
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
} // namespace

void MainWindow::createDocks()
{
    const QString later = tr("<p><i>Not available yet: this panel arrives in a later version of ZooScope.</i></p>");
    m_zooTable = new ZooTablePanel(this);
    m_zooDock = new QDockWidget(tr("Models"), this);
    m_zooDock->setObjectName(QStringLiteral("zooDock"));
    m_zooDock->setWidget(m_zooTable);
    addDockWidget(Qt::LeftDockWidgetArea, m_zooDock);
    m_viewMenu->addAction(m_zooDock->toggleViewAction());

    m_projectionPanel = new ProjectionPanel(this);
    m_projectionDock = new QDockWidget(tr("Projection"), this);
    m_projectionDock->setObjectName(QStringLiteral("projectionDock"));
    m_projectionDock->setWidget(scrolling(m_projectionPanel, m_projectionDock));
    addDockWidget(Qt::LeftDockWidgetArea, m_projectionDock);
    m_viewMenu->addAction(m_projectionDock->toggleViewAction());
    {
        QStringList titles;
        QList<bool> categorical;
        for (const QString& id : PointProperty::ids()) {
            titles << PointProperty::titleOf(id);
            categorical << PointProperty::isCategorical(id);
        }
        m_projectionPanel->setProperties(PointProperty::ids(), titles, categorical);
    }
    m_projectionPanel->setSource(0, tr("No zoo open."));
    connect(m_projectionPanel, &ProjectionPanel::projectionRequested, this, &MainWindow::requestProjection);
    connect(m_projectionPanel, &ProjectionPanel::colorByChanged, this, [this] { applyColouring(); });
    connect(m_projectionPanel, &ProjectionPanel::colorMapChanged, this, [this] {
        m_scatter->setColorMap(m_projectionPanel->colorMap(), m_projectionPanel->colorMapReversed());
    });
    connect(m_projectionPanel, &ProjectionPanel::sizeByChanged, this, [this] { applySizes(); });
    connect(m_projectionPanel, &ProjectionPanel::pointSizeChanged, m_scatter, &LatentScatterView::setPointSize);

    m_hyperRepresentationPanel = new HyperRepresentationPanel(this);
    m_hyperRepresentationDock = new QDockWidget(tr("Hyper-Representation"), this);
    m_hyperRepresentationDock->setObjectName(QStringLiteral("trainingDock"));
    m_hyperRepresentationDock->setWidget(scrolling(m_hyperRepresentationPanel, m_hyperRepresentationDock));
    addDockWidget(Qt::RightDockWidgetArea, m_hyperRepresentationDock);
    m_viewMenu->addAction(m_hyperRepresentationDock->toggleViewAction());
    connect(m_hyperRepresentationPanel, &HyperRepresentationPanel::startRequested, this, &MainWindow::startTraining);
    connect(m_hyperRepresentationPanel, &HyperRepresentationPanel::pauseToggled, m_trainingJob, &HyperRepresentationTrainingJob::setPaused);
    connect(m_hyperRepresentationPanel, &HyperRepresentationPanel::cancelRequested, m_trainingJob, &HyperRepresentationTrainingJob::cancel);
    connect(m_hyperRepresentationPanel, &HyperRepresentationPanel::saveRequested, this, &MainWindow::chooseHyperRepresentationToSave);
    connect(m_hyperRepresentationPanel, &HyperRepresentationPanel::loadRequested, this, &MainWindow::chooseHyperRepresentationToLoad);
    connect(m_trainingJob, &HyperRepresentationTrainingJob::progress, m_hyperRepresentationPanel, &HyperRepresentationPanel::showProgress);
    connect(m_trainingJob, &HyperRepresentationTrainingJob::pausedChanged, m_hyperRepresentationPanel, &HyperRepresentationPanel::setPaused);
    connect(m_trainingJob, &HyperRepresentationTrainingJob::finished, this, &MainWindow::onTrainingFinished);

    // Placeholder until "Sample from selection" arrives (issue 5/6c): keep the dock and its name.
    m_samplingDock = addPlaceholderDock(
        QStringLiteral("samplingDock"), tr("Sampling"),
        tr("<b>Sample from selection</b><p>Draw new models from a brushed region of the latent space, test "
           "and fine-tune them, and compare them with the zoo.</p>") + later,
        Qt::RightDockWidgetArea);

    m_analysisPanel = new AnalysisPanel(this);
    m_analysisDock = new QDockWidget(tr("Analysis"), this);
    m_analysisDock->setObjectName(QStringLiteral("analysisDock"));
    m_analysisDock->setWidget(scrolling(m_analysisPanel, m_analysisDock));
    addDockWidget(Qt::RightDockWidgetArea, m_analysisDock);
    m_viewMenu->addAction(m_analysisDock->toggleViewAction());
    m_analysisPanel->setBusy(true); // until a zoo is open
    connect(m_analysisPanel, &AnalysisPanel::runRequested, this, &MainWindow::runAnalysis);

    tabifyDockWidget(m_hyperRepresentationDock, m_samplingDock);
    tabifyDockWidget(m_samplingDock, m_analysisDock);
    m_hyperRepresentationDock->raise();
    splitDockWidget(m_zooDock, m_projectionDock, Qt::Vertical);
    resizeDocks({m_zooDock, m_hyperRepresentationDock}, {330, 420}, Qt::Horizontal);
    resizeDocks({m_zooDock, m_projectionDock}, {360, 400}, Qt::Vertical);
}

bool MainWindow::showPanel(const QString& name)
{
    QDockWidget* dock = name == QLatin1String("models")       ? m_zooDock
                        : name == QLatin1String("training")   ? m_hyperRepresentationDock
                        : name == QLatin1String("sampling")   ? m_samplingDock
                        : name == QLatin1String("analysis")   ? m_analysisDock
                        : name == QLatin1String("projection") ? m_projectionDock
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
    connect(&m_loadWatcher, &QFutureWatcherBase::progressValueChanged, this,
            [this](int value) { setJobFraction(QStringLiteral("zoo"), value / 1000.0); });
    connect(&m_loadWatcher, &QFutureWatcherBase::finished, this, [this] {
        endJob(QStringLiteral("zoo"));
        const QString file = m_loadingFile;
        const LoadResult result = m_loadWatcher.future().isValid() && m_loadWatcher.future().resultCount() > 0
                                      ? m_loadWatcher.result()
                                      : LoadResult{nullptr, QString(), true};
        if (result.zoo) {
            addRecentFile(file);
            showZoo(result.zoo);
            emit zooOpened(file, QString());
        } else if (result.cancelled) {
            statusBar()->showMessage(tr("Opening %1 was cancelled.").arg(QFileInfo(file).fileName()), 5000);
            emit zooOpened(file, tr("cancelled"));
        } else {
            showError(tr("Open Model Zoo"), tr("Could not open %1:\n%2").arg(file, result.error));
            emit zooOpened(file, result.error);
        }
        checkIdle();
    });

    connect(&m_hyperRepresentationWatcher, &QFutureWatcherBase::progressValueChanged, this,
            [this](int value) { setJobFraction(QStringLiteral("hr"), value / 1000.0); });
    connect(&m_hyperRepresentationWatcher, &QFutureWatcherBase::finished, this, [this] {
        endJob(QStringLiteral("hr"));
        const QString file = m_hyperRepresentationLoading;
        const HyperRepresentationLoad result = m_hyperRepresentationWatcher.future().resultCount() > 0
                                                   ? m_hyperRepresentationWatcher.result()
                                                   : HyperRepresentationLoad{nullptr, {}, QString(), true, false};
        const bool current = m_zoo && m_hyperRepresentationZoo == m_zoo;
        if (result.model && current) {
            setHyperRepresentation(result.model, result.latents, file);
            statusBar()->showMessage(result.fromEmbedding ? tr("Loaded %1; latents read from the zoo file.").arg(QFileInfo(file).fileName())
                                                          : tr("Loaded %1 and encoded %2 checkpoints.")
                                                                .arg(QFileInfo(file).fileName())
                                                                .arg(m_zoo->pointCount()),
                                     8000);
            emit hyperRepresentationLoaded(file, QString());
        } else if (result.cancelled || !current) {
            statusBar()->showMessage(tr("Loading %1 was cancelled.").arg(QFileInfo(file).fileName()), 5000);
            emit hyperRepresentationLoaded(file, tr("cancelled"));
        } else {
            if (m_hyperRepresentationQuiet)
                statusBar()->showMessage(tr("%1 was not loaded: %2").arg(QFileInfo(file).fileName(), result.error), 15000);
            else
                showError(tr("Load Hyper-Representation"), tr("Could not use %1:\n%2").arg(file, result.error));
            emit hyperRepresentationLoaded(file, result.error);
        }
        checkIdle();
    });

    connect(&m_projectionWatcher, &QFutureWatcherBase::progressValueChanged, this,
            [this](int value) { setJobFraction(QStringLiteral("projection"), value / 1000.0); });
    connect(&m_projectionWatcher, &QFutureWatcherBase::finished, this, [this] {
        endJob(QStringLiteral("projection"));
        m_projectionPanel->setBusy(false);
        const ProjectionResult result = m_projectionWatcher.future().resultCount() > 0 ? m_projectionWatcher.result() : ProjectionResult{};
        if (m_projectionPending) {
            // The user asked for another projection meanwhile: that one counts.
            m_projectionPending = false;
            requestProjection();
        } else if (!result.error.isEmpty()) {
            showError(tr("Projection"), tr("The projection failed:\n%1").arg(result.error));
        } else if (result.cancelled) {
            statusBar()->showMessage(tr("The projection was cancelled."), 5000);
        } else if (!result.xyz.empty()) {
            // Stale results (a zoo or hyper-representation changed meanwhile) are dropped.
            const bool current = result.request.data == m_latents || result.request.data == m_weights;
            if (current) {
                m_projectionCache.push_back(result);
                showProjection(result);
            }
        }
        checkIdle();
    });

    connect(&m_analysisWatcher, &QFutureWatcherBase::progressValueChanged, this,
            [this](int value) { setJobFraction(QStringLiteral("analysis"), value / 1000.0); });
    connect(&m_analysisWatcher, &QFutureWatcherBase::progressTextChanged, m_analysisPanel, &AnalysisPanel::setStatus);
    connect(&m_analysisWatcher, &QFutureWatcherBase::finished, this, [this] {
        endJob(QStringLiteral("analysis"));
        m_analysisPanel->setBusy(!m_zoo);
        AnalysisResult result = m_analysisWatcher.future().resultCount() > 0 ? m_analysisWatcher.result() : AnalysisResult{};
        if (m_analysisZoo != m_zoo)
            result = AnalysisResult{}; // for a zoo no longer open
        if (!result.error.isEmpty()) {
            m_analysisPanel->setStatus(tr("The analysis failed."));
            showError(tr("Analysis"), tr("The linear probes failed:\n%1").arg(result.error));
        } else if (result.cancelled || result.probes.empty()) {
            m_analysisPanel->setStatus(tr("The analysis was cancelled."));
        } else {
            m_analysisPanel->setResults(result.probes, result.predictions, result.hasLatent);
            m_analysisPanel->setStatus(
                (result.hasLatent ? tr("Probes of the latents of %1 against W and s(W) on the test population (%2 s).")
                                        .arg(m_hyperRepresentationPath.isEmpty() ? tr("the trained hyper-representation")
                                                                                 : QFileInfo(m_hyperRepresentationPath).fileName())
                                  : tr("Baselines only (no hyper-representation): W and s(W) on the test population (%2 s)."))
                    .arg(result.seconds, 0, 'f', 1));
        }
        emit analysisFinished(result.error);
        checkIdle();
    });
}

QProgressBar* MainWindow::progressBar() const { return m_progress->bar(); }

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

void MainWindow::selectNearestNeighbours(int k, LatentNeighbours::Metric metric)
{
    if (m_selection->selectedCount() == 0 || k <= 0)
        return;
    const std::size_t points = m_scatter->pointCount();
    LatentNeighbours neighbours;
    if (latentDimension() > 0 && !latents().empty() && latents().size() == points * std::size_t(latentDimension()))
        neighbours.setLatents(latents(), int(latentDimension()));
    else
        neighbours.setLatents(m_scatter->scene().xyz(), 3);
    m_selection->select(neighbours.nearestOfAll(m_selection->selectedRows(), k, metric), SelectionModel::Mode::Add);
}

void MainWindow::showDemoPoints()
{
    // Until zoos can be opened, the view shows a fixed synthetic cloud, and says so.
    std::mt19937 rng(7);
    std::normal_distribution<float> noise(0.0f, 0.35f);
    const int clusters = 5;
    const int perCluster = 400;
    std::vector<float> xyz;
    std::vector<double> values;
    xyz.reserve(clusters * perCluster * 3);
    values.reserve(clusters * perCluster);
    for (int c = 0; c < clusters; ++c) {
        const float angle = 2.0f * float(M_PI) * float(c) / float(clusters);
        const float cx = 2.5f * std::cos(angle), cy = 2.5f * std::sin(angle), cz = float(c) - 2.0f;
        for (int i = 0; i < perCluster; ++i) {
            const float x = cx + noise(rng), y = cy + noise(rng), z = cz + noise(rng);
            xyz.insert(xyz.end(), {x, y, z});
            values.push_back(0.1 + 0.8 * double(c) / (clusters - 1) + 0.05 * double(noise(rng)));
        }
    }
    m_scatter->setPoints(xyz, values);
    m_scatter->setColorBarTitle(tr("demo value"));
    m_statusText->setText(tr("No zoo open: showing a synthetic demo point cloud."));
}

void MainWindow::chooseZooFile()
{
    const QString file = QFileDialog::getOpenFileName(this, tr("Open Model Zoo"), QString(),
                                                      tr("Model zoos (*.h5 *.hdf5);;All files (*)"));
    if (!file.isEmpty())
        openZoo(file);
}

void MainWindow::openZoo(const QString& file)
{
    const QFileInfo info(file);
    if (!info.exists() || !info.isFile()) {
        showError(tr("Open Model Zoo"), tr("The file %1 does not exist.").arg(file));
        emit zooOpened(file, tr("missing file"));
        return;
    }
    if (m_loadWatcher.isRunning()) {
        showError(tr("Open Model Zoo"), tr("Another zoo is being opened; cancel it first."));
        return;
    }
    m_loadingFile = info.absoluteFilePath();
    beginJob(QStringLiteral("zoo"), tr("Opening %1").arg(info.fileName()));
    const QString path = m_loadingFile;
    m_loadWatcher.setFuture(QtConcurrent::run([path](QPromise<LoadResult>& promise) {
        promise.setProgressRange(0, 1000);
        LoadResult result;
        try {
            auto zoo = std::make_shared<OpenedZoo>(OpenedZoo::load(path, [&](double f) {
                promise.setProgressValue(static_cast<int>(f * 1000));
                return !promise.isCanceled();
            }));
            result.zoo = std::move(zoo);
        } catch (const OperationCancelled&) {
            result.cancelled = true;
        } catch (const std::exception& e) {
            result.error = QString::fromStdString(e.what());
        }
        promise.addResult(result);
    }));
}

void MainWindow::cancelJob()
{
    // The status bar's cancel stops the jobs it shows; training has its own cancel button.
    m_loadWatcher.cancel();
    m_hyperRepresentationWatcher.cancel();
    m_projectionWatcher.cancel();
    m_analysisWatcher.cancel();
    m_projectionPending = false;
}

void MainWindow::showZoo(std::shared_ptr<OpenedZoo> zoo)
{
    m_zoo = std::move(zoo);
    m_zooTable->model()->setZoo(std::shared_ptr<const ModelZoo>(m_zoo, &m_zoo->zoo), m_zoo->pointModelRows,
                                m_zoo->pointCheckpoints);
    // A new zoo: the previous hyper-representation, latents, projections and analysis no longer apply.
    m_hyperRepresentationWatcher.cancel();
    m_analysisWatcher.cancel();
    m_hyperRepresentation.reset();
    m_hyperRepresentationPath.clear();
    m_latents.reset();
    m_latentDim = 0;
    m_weights = std::make_shared<const std::vector<float>>(m_zoo->allPointWeights());
    m_propertyCache.clear();
    m_projectionCache.clear();
    m_analysisPanel->clear();
    m_analysisPanel->setStatus(tr("Run the probes to see what the representation knows about each model."));
    m_analysisPanel->setBusy(false);
    m_hyperRepresentationPanel->setZooAvailable(true);
    m_hyperRepresentationPanel->setModelDescription(QString(), false);
    m_loadHyperRepresentationAction->setEnabled(true);
    m_saveHyperRepresentationAction->setEnabled(false);
    m_projectionPanel->setSource(int(m_zoo->zoo.parameterCount()),
                                 tr("Flat weights (%1 parameters): no hyper-representation loaded.").arg(m_zoo->zoo.parameterCount()));

    // The weights' PCA came with the zoo.
    ProjectionResult pca;
    pca.request.method = ProjectionMethod::Pca;
    pca.request.data = m_weights;
    pca.request.rows = m_zoo->pointCount();
    pca.request.columns = m_zoo->zoo.parameterCount();
    pca.xyz = m_zoo->xyz;
    pca.explainedVariance = m_zoo->explainedVariance;
    const auto& ev = m_zoo->explainedVariance;
    pca.description = QCoreApplication::translate("ProjectionJob", "PCA: %1% + %2% + %3% = %4% of the variance")
                          .arg(100 * ev[0], 0, 'f', 1)
                          .arg(100 * ev[1], 0, 'f', 1)
                          .arg(100 * ev[2], 0, 'f', 1)
                          .arg(100 * (ev[0] + ev[1] + ev[2]), 0, 'f', 1);
    m_projectionCache.push_back(pca);
    m_projection = ProjectionResult{};
    requestProjection();
    m_scatter->resetCamera();
    setWindowTitle(tr("%1 - ZooScope").arg(QFileInfo(m_zoo->path).fileName()));
    m_statusText->setText(tr("%1: %2 models, %3 checkpoints each, %4 parameters.")
                              .arg(QFileInfo(m_zoo->path).fileName())
                              .arg(m_zoo->zoo.modelCount())
                              .arg(m_zoo->zoo.checkpointCount())
                              .arg(m_zoo->zoo.parameterCount()));

    // A hyper-representation shipped next to the zoo is used when it fits.
    const QString companion = companionHyperRepresentationPath(m_zoo->path);
    if (!companion.isEmpty())
        loadHyperRepresentation(companion, true);
}

QString MainWindow::companionHyperRepresentationPath(const QString& zooFile)
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

const std::vector<float>& MainWindow::latents() const
{
    static const std::vector<float> none;
    return m_latents ? *m_latents : none;
}

const PointProperty* MainWindow::colorProperty() const
{
    const auto it = m_propertyCache.constFind(m_projectionPanel->colorBy());
    return it == m_propertyCache.constEnd() ? nullptr : &it.value();
}

bool MainWindow::isBusy() const
{
    return !m_runningJobs.isEmpty() || m_trainingJob->isRunning();
}

void MainWindow::beginJob(const QString& key, const QString& text)
{
    m_runningJobs.insert(key, text);
    m_progressOwner = key;
    m_progress->start(text);
}

void MainWindow::setJobFraction(const QString& key, double fraction)
{
    if (key == m_progressOwner)
        m_progress->setFraction(fraction);
}

void MainWindow::endJob(const QString& key)
{
    m_runningJobs.remove(key);
    if (m_runningJobs.isEmpty()) {
        m_progressOwner.clear();
        m_progress->finish();
    } else if (key == m_progressOwner) {
        m_progressOwner = m_runningJobs.lastKey();
        m_progress->start(m_runningJobs.value(m_progressOwner));
    }
}

void MainWindow::checkIdle()
{
    // Queued: a job's finished handler may start the next job (a pending projection) first.
    QTimer::singleShot(0, this, [this] {
        if (!isBusy())
            emit jobsIdle();
    });
}

void MainWindow::loadHyperRepresentation(const QString& file, bool quiet)
{
    if (!m_zoo) {
        if (!quiet)
            showError(tr("Load Hyper-Representation"), tr("Open a model zoo first: a hyper-representation encodes a zoo's models."));
        emit hyperRepresentationLoaded(file, tr("no zoo open"));
        return;
    }
    if (!QFileInfo(file).isFile()) {
        if (!quiet)
            showError(tr("Load Hyper-Representation"), tr("The file %1 does not exist.").arg(file));
        emit hyperRepresentationLoaded(file, tr("missing file"));
        return;
    }
    if (m_hyperRepresentationWatcher.isRunning()) {
        m_hyperRepresentationWatcher.cancel();
        m_hyperRepresentationWatcher.waitForFinished();
    }
    m_hyperRepresentationLoading = QFileInfo(file).absoluteFilePath();
    m_hyperRepresentationQuiet = quiet;
    beginJob(QStringLiteral("hr"), tr("Encoding the zoo with %1").arg(QFileInfo(file).fileName()));
    const std::shared_ptr<const OpenedZoo> zoo = m_zoo;
    m_hyperRepresentationZoo = m_zoo;
    const QString path = m_hyperRepresentationLoading;
    m_hyperRepresentationWatcher.setFuture(QtConcurrent::run([zoo, path](QPromise<HyperRepresentationLoad>& promise) {
        promise.setProgressRange(0, 1000);
        HyperRepresentationLoad result;
        try {
            auto model = std::make_shared<HyperRepresentation>(HyperRepresentation::load(path.toStdString(), zoo->zoo.architecture));
            // Latents stored in the zoo file by `zooscope-cli embed` with this very file are reused.
            const std::string hash = HyperRepresentation::fileHash(path.toStdString());
            for (const std::string& name : EmbeddingFile::list(zoo->path.toStdString())) {
                const ZooEmbedding e = EmbeddingFile::read(zoo->path.toStdString(), name);
                if (e.hyperRepresentationHash != hash || e.latentDim != model->latentDim() || e.models != zoo->zoo.modelCount() ||
                    e.checkpoints != zoo->zoo.checkpointCount() || e.modelIds != zoo->zoo.modelIds)
                    continue;
                std::vector<float> latents;
                latents.reserve(size_t(zoo->pointCount() * e.latentDim));
                for (int64_t i = 0; i < zoo->pointCount(); ++i) {
                    const float* z = e.latentAt(zoo->pointModelRows[size_t(i)], zoo->pointCheckpoints[size_t(i)]);
                    latents.insert(latents.end(), z, z + e.latentDim);
                }
                if (std::all_of(latents.begin(), latents.end(), [](float v) { return std::isfinite(v); })) {
                    result.latents = std::move(latents);
                    result.fromEmbedding = true;
                    break;
                }
            }
            if (!result.fromEmbedding)
                result.latents = zoo->encode(*model, [&](double f) {
                    promise.setProgressValue(int(f * 1000));
                    return !promise.isCanceled();
                });
            result.model = std::move(model);
        } catch (const OperationCancelled&) {
            result.cancelled = true;
        } catch (const std::exception& e) {
            result.error = QString::fromStdString(e.what());
        }
        promise.addResult(result);
    }));
}

void MainWindow::setHyperRepresentation(std::shared_ptr<HyperRepresentation> model, std::vector<float> latents, const QString& path)
{
    m_hyperRepresentation = std::move(model);
    m_hyperRepresentationPath = path;
    m_latentDim = m_hyperRepresentation->latentDim();
    m_latents = std::make_shared<const std::vector<float>>(std::move(latents));
    // Projections of the old representation no longer apply.
    m_projectionCache.erase(std::remove_if(m_projectionCache.begin(), m_projectionCache.end(),
                                           [this](const ProjectionResult& r) { return r.request.data != m_weights; }),
                            m_projectionCache.end());
    const HyperRepresentationConfig& c = m_hyperRepresentation->config();
    const auto& history = m_hyperRepresentation->history();
    QString trained = tr("untrained");
    if (!history.empty())
        trained = tr("%1 epochs, reconstruction R² validation %2").arg(history.back().epoch).arg(history.back().validationR2, 0, 'f', 3);
    const QString name = path.isEmpty() ? tr("Trained in this session (not saved)") : QFileInfo(path).fileName();
    m_hyperRepresentationPanel->setModelDescription(tr("<b>%1</b><br>latent %2, %3 blocks, d_model %4, %5 heads; %6")
                                             .arg(name.toHtmlEscaped())
                                             .arg(m_latentDim)
                                             .arg(c.blocks)
                                             .arg(c.dModel)
                                             .arg(c.heads)
                                             .arg(trained),
                                         true);
    m_saveHyperRepresentationAction->setEnabled(true);
    m_projectionPanel->setSource(int(m_latentDim), path.isEmpty() ? tr("Latents of the hyper-representation trained in this session (%1 dimensions).").arg(m_latentDim)
                                                                  : tr("Latents of %1 (%2 dimensions).").arg(name).arg(m_latentDim));
    m_analysisPanel->clear();
    m_analysisPanel->setStatus(tr("New latents: run the probes to see what they know about each model."));
    requestProjection();
    emit hyperRepresentationChanged();
}

void MainWindow::chooseHyperRepresentationToLoad()
{
    const QString start = m_zoo ? QFileInfo(m_zoo->path).absolutePath() : QString();
    const QString file = QFileDialog::getOpenFileName(this, tr("Load Hyper-Representation"), start,
                                                      tr("Hyper-representations (*.hr);;All files (*)"));
    if (!file.isEmpty())
        loadHyperRepresentation(file);
}

void MainWindow::chooseHyperRepresentationToSave()
{
    if (!m_hyperRepresentation)
        return;
    QString suggestion = m_hyperRepresentationPath;
    if (suggestion.isEmpty() && m_zoo) {
        const QFileInfo zoo(m_zoo->path);
        suggestion = zoo.absolutePath() + QLatin1Char('/') + zoo.fileName().section(QLatin1Char('.'), 0, 0) + QStringLiteral("-trained.hr");
    }
    QString file = QFileDialog::getSaveFileName(this, tr("Save Hyper-Representation"), suggestion,
                                                tr("Hyper-representations (*.hr);;All files (*)"));
    if (file.isEmpty())
        return;
    if (QFileInfo(file).suffix().isEmpty())
        file += QStringLiteral(".hr");
    saveHyperRepresentation(file);
}

bool MainWindow::saveHyperRepresentation(const QString& file)
{
    if (!m_hyperRepresentation) {
        showError(tr("Save Hyper-Representation"), tr("There is no hyper-representation to save: train or load one first."));
        return false;
    }
    try {
        m_hyperRepresentation->save(file.toStdString());
    } catch (const std::exception& e) {
        showError(tr("Save Hyper-Representation"), tr("Could not save %1:\n%2").arg(file, QString::fromUtf8(e.what())));
        return false;
    }
    m_hyperRepresentationPath = QFileInfo(file).absoluteFilePath();
    statusBar()->showMessage(tr("Saved %1").arg(file), 5000);
    const QString name = QFileInfo(file).fileName();
    m_projectionPanel->setSource(int(m_latentDim), tr("Latents of %1 (%2 dimensions).").arg(name).arg(m_latentDim));
    return true;
}

void MainWindow::startTraining()
{
    if (!m_zoo) {
        showError(tr("Train Hyper-Representation"), tr("Open a model zoo first."));
        return;
    }
    if (m_trainingJob->isRunning())
        return;
    const QString epochsError = m_hyperRepresentationPanel->checkpointEpochsError();
    if (!epochsError.isEmpty()) {
        showError(tr("Train Hyper-Representation"), epochsError);
        return;
    }
    const HyperRepresentationConfig config = m_hyperRepresentationPanel->config();
    HyperRepresentationTrainingOptions options = m_hyperRepresentationPanel->trainingOptions();
    try {
        config.validate();
    } catch (const std::exception& e) {
        showError(tr("Train Hyper-Representation"), tr("These autoencoder sizes do not work:\n%1").arg(QString::fromUtf8(e.what())));
        return;
    }
    for (int64_t epoch : options.checkpointEpochs) {
        if (m_zoo->zoo.checkpointIndex(epoch) < 0) {
            QStringList available;
            for (int64_t e : m_zoo->zoo.checkpointEpochs)
                available << QString::number(e);
            showError(tr("Train Hyper-Representation"),
                      tr("The zoo has no checkpoint at epoch %1. Its checkpoints: %2.").arg(epoch).arg(available.join(QStringLiteral(", "))));
            return;
        }
    }
    m_hyperRepresentationPanel->beginTraining();
    m_hyperRepresentationPanel->setRunning(true);
    m_hyperRepresentationPanel->setStatus(tr("Training on the train population of %1...").arg(QFileInfo(m_zoo->path).fileName()));
    m_trainingZoo = m_zoo;
    m_trainingJob->start(m_zoo, config, options);
}

void MainWindow::onTrainingFinished()
{
    m_hyperRepresentationPanel->setRunning(false);
    const TrainingOutcome& outcome = m_trainingJob->outcome();
    if (outcome.completed && outcome.model && m_trainingZoo != m_zoo) {
        m_hyperRepresentationPanel->setStatus(tr("Training finished for a zoo that is no longer open; its result was dropped."));
        emit trainingFinished(false, QString());
    } else if (outcome.completed && outcome.model) {
        m_hyperRepresentationPanel->setStatus(tr("Trained %1 epochs in %2; the view shows the new latents.")
                                       .arg(outcome.epochs)
                                       .arg(HyperRepresentationPanel::formatDuration(outcome.seconds)));
        setHyperRepresentation(outcome.model, outcome.latents, QString());
        emit trainingFinished(true, QString());
    } else if (!outcome.error.isEmpty()) {
        m_hyperRepresentationPanel->setStatus(tr("Training failed."));
        showError(tr("Train Hyper-Representation"), tr("Training failed:\n%1").arg(outcome.error));
        emit trainingFinished(false, outcome.error);
    } else {
        m_hyperRepresentationPanel->setStatus(tr("Training was cancelled; the view is unchanged."));
        emit trainingFinished(false, QString());
    }
    checkIdle();
}

void MainWindow::runAnalysis()
{
    if (!m_zoo || m_analysisWatcher.isRunning())
        return;
    m_analysisPanel->setBusy(true);
    m_analysisPanel->setStatus(tr("Fitting linear probes..."));
    beginJob(QStringLiteral("analysis"), tr("Linear probes"));
    const std::shared_ptr<const OpenedZoo> zoo = m_zoo;
    m_analysisZoo = m_zoo;
    const std::shared_ptr<const HyperRepresentation> model = m_hyperRepresentation;
    m_analysisWatcher.setFuture(QtConcurrent::run([zoo, model](QPromise<AnalysisResult>& promise) {
        // The stages count up: Qt drops a progress report whose value does not grow.
        int stageNumber = 0;
        AnalysisResult result = AnalysisJob::run(zoo->zoo, model.get(), [&](const QString& stage) {
            promise.setProgressValueAndText(++stageNumber, stage);
            return !promise.isCanceled();
        });
        promise.addResult(std::move(result));
    }));
}

bool MainWindow::setProjection(const QString& method)
{
    return m_projectionPanel->setMethod(method);
}

bool MainWindow::setColorBy(const QString& property) { return m_projectionPanel->setColorBy(property); }

bool MainWindow::setSizeBy(const QString& property) { return m_projectionPanel->setSizeBy(property); }

void MainWindow::requestProjection()
{
    if (!m_zoo)
        return;
    ProjectionRequest request;
    ProjectionMethod method = ProjectionMethod::Pca;
    ProjectionJob::methodFromId(m_projectionPanel->method(), method);
    request.method = method;
    request.data = m_latents ? m_latents : m_weights;
    request.rows = m_zoo->pointCount();
    request.columns = m_latents ? m_latentDim : m_zoo->zoo.parameterCount();
    request.axes = m_projectionPanel->axes();
    request.perplexity = m_projectionPanel->perplexity();
    request.iterations = m_projectionPanel->iterations();
    for (const ProjectionResult& cached : m_projectionCache) {
        if (cached.request.sameAs(request)) {
            if (m_projectionWatcher.isRunning()) {
                m_projectionPending = false;
                m_projectionWatcher.cancel();
            }
            showProjection(cached);
            return;
        }
    }
    if (m_projectionWatcher.isRunning()) {
        // One projection at a time: stop the running one, this one follows.
        m_projectionPending = true;
        m_projectionWatcher.cancel();
        return;
    }
    startProjection(request);
}

void MainWindow::startProjection(const ProjectionRequest& request)
{
    m_projectionPanel->setBusy(true);
    m_projectionPanel->setProjectionDescription(tr("Projecting..."));
    beginJob(QStringLiteral("projection"), request.method == ProjectionMethod::Tsne ? tr("t-SNE") : tr("Projecting"));
    m_projectionWatcher.setFuture(QtConcurrent::run([request](QPromise<ProjectionResult>& promise) {
        promise.setProgressRange(0, 1000);
        ProjectionResult result = ProjectionJob::run(request, [&](double f) {
            promise.setProgressValue(int(f * 1000));
            return !promise.isCanceled();
        });
        promise.addResult(std::move(result));
    }));
}

void MainWindow::showProjection(const ProjectionResult& result)
{
    const bool methodChanged = m_projection.xyz.empty() || m_projection.request.method != result.request.method ||
                               m_projection.request.data != result.request.data;
    m_projection = result;
    if (m_selection->rowCount() != int(result.xyz.size() / 3))
        m_selection->setRowCount(int(result.xyz.size() / 3));
    m_scatter->setPoints(result.xyz, {});
    applyColouring();
    applySizes();
    if (methodChanged)
        m_scatter->resetCamera();
    m_projectionPanel->setProjectionDescription(result.description);
    emit projectionShown();
}

void MainWindow::applyColouring()
{
    if (!m_zoo || m_scatter->pointCount() != size_t(m_zoo->pointCount()))
        return;
    const QString id = m_projectionPanel->colorBy();
    auto it = m_propertyCache.find(id);
    if (it == m_propertyCache.end()) {
        try {
            it = m_propertyCache.insert(id, PointProperty::compute(*m_zoo, id));
        } catch (const std::exception& e) {
            showError(tr("Colour by"), QString::fromUtf8(e.what()));
            return;
        }
    }
    const PointProperty& p = it.value();
    m_scatter->setColorMap(m_projectionPanel->colorMap(), m_projectionPanel->colorMapReversed());
    if (p.categorical) {
        std::vector<int> codes(p.values.size());
        for (size_t i = 0; i < codes.size(); ++i)
            codes[i] = std::isfinite(p.values[i]) ? int(p.values[i]) : -1;
        m_scatter->setCategories(codes, p.categories);
    } else {
        m_scatter->setValues(p.values);
    }
    m_scatter->setColorBarTitle(p.title);
}

void MainWindow::applySizes()
{
    if (!m_zoo || m_scatter->pointCount() != size_t(m_zoo->pointCount()))
        return;
    const QString id = m_projectionPanel->sizeBy();
    if (id.isEmpty()) {
        m_scatter->setSizeValues({});
        return;
    }
    auto it = m_propertyCache.find(id);
    if (it == m_propertyCache.end())
        it = m_propertyCache.insert(id, PointProperty::compute(*m_zoo, id));
    m_scatter->setSizeValues(it.value().values);
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
    const QString file = QFileDialog::getSaveFileName(this, tr("Export Figure"), QStringLiteral("latent-space.png"),
                                                      tr("PNG image (*.png)"));
    if (file.isEmpty())
        return;
    const QImage image = m_scatter->grabFramebuffer();
    QImageWriter writer(file, "png");
    if (!writer.write(image))
        showError(tr("Export Figure"), tr("Could not write %1: %2").arg(file, writer.errorString()));
    else
        statusBar()->showMessage(tr("Saved %1").arg(file), 5000);
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
    return !pixmap.isNull() && pixmap.save(file, "PNG");
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

// --- Sampling (issue 6c) ---
// The Sampling dock's panel replaces its placeholder; the selection's checkpoints are the anchors; the
// generation runs in SamplingJob; generated models join the 3D view as their own glyph, placed in the
// projection on show and re-placed when it changes.

void MainWindow::setUpSampling()
{
    m_samplingJob = new SamplingJob(this);
    m_samplingJob->setObjectName(QStringLiteral("samplingJob"));
    m_samplingPanel = new SamplingPanel(this);
    QWidget* placeholder = m_samplingDock->widget();
    m_samplingDock->setWidget(scrolling(m_samplingPanel, m_samplingDock));
    delete placeholder;

    connect(m_samplingPanel, &SamplingPanel::generateRequested, this, &MainWindow::startSampling);
    connect(m_samplingPanel, &SamplingPanel::cancelRequested, m_samplingJob, &SamplingJob::cancel);
    connect(m_progress, &ProgressIndicator::cancelRequested, m_samplingJob, &SamplingJob::cancel);
    connect(m_samplingPanel, &SamplingPanel::exportRequested, this, [this] {
        QString suggestion = QStringLiteral("generated.zoo.h5");
        if (m_zoo)
            suggestion = QFileInfo(m_zoo->path).absolutePath() + QStringLiteral("/generated-") +
                         QString::fromStdString(m_samplingJob->outcome().generated.methodName) + QStringLiteral(".zoo.h5");
        QString file = QFileDialog::getSaveFileName(this, tr("Export Generated Models"), suggestion,
                                                    tr("Model zoos (*.h5 *.hdf5);;All files (*)"));
        if (file.isEmpty())
            return;
        if (QFileInfo(file).suffix().isEmpty())
            file += QStringLiteral(".zoo.h5");
        exportGeneratedModels(file);
    });
    connect(m_samplingJob, &SamplingJob::progress, this, [this](const QString& stage, double fraction, double secondsLeft) {
        m_samplingPanel->showProgress(stage, fraction, secondsLeft);
        setJobFraction(QStringLiteral("generation"), fraction);
    });
    connect(m_samplingJob, &SamplingJob::finished, this, &MainWindow::onSamplingFinished);
    connect(m_selection, &SelectionModel::selectionChanged, this,
            [this] { m_samplingPanel->setSelectionCount(m_selection->selectedCount()); });
    connect(this, &MainWindow::zooOpened, this, [this](const QString&, const QString& error) {
        if (!error.isEmpty())
            return;
        // Generated models belong to the zoo they came from.
        m_generatedWith.reset();
        m_scatter->setGeneratedPoints({}, {});
        m_samplingPanel->clearResults();
        m_samplingPanel->setStatus(QString());
        updateSamplingAvailability();
    });
    connect(this, &MainWindow::hyperRepresentationChanged, this, [this] { updateSamplingAvailability(); });
    connect(this, &MainWindow::projectionShown, this, [this] { showGeneratedModels(); });
    connect(m_projectionPanel, &ProjectionPanel::colorByChanged, this, [this] { showGeneratedModels(); });
    m_scatter->setGeneratedCardProvider([this](int index) {
        const SamplingOutcome& o = m_samplingJob->outcome();
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
    });
    updateSamplingAvailability();
}

void MainWindow::updateSamplingAvailability()
{
    m_samplingPanel->setAvailability(m_zoo != nullptr, m_hyperRepresentation != nullptr);
    // Latents of another hyper-representation do not belong in this projection.
    if (m_generatedWith && m_generatedWith != m_hyperRepresentation) {
        m_generatedWith.reset();
        m_scatter->setGeneratedPoints({}, {});
    }
}

void MainWindow::startSampling()
{
    if (!m_zoo) {
        showError(tr("Sample from Selection"), tr("Open a model zoo first."));
        return;
    }
    if (m_samplingJob->isRunning())
        return;
    const QString error = m_samplingPanel->settingsError();
    if (!error.isEmpty()) {
        showError(tr("Sample from Selection"), error);
        return;
    }
    SamplingRequest request;
    request.options = m_samplingPanel->options();
    request.compareWithRandomInit = m_samplingPanel->compareWithRandomInit();
    request.randomInitCount = m_samplingPanel->randomInitCount();
    if (m_samplingPanel->anchorsFromSelection()) {
        request.options.anchors.kind = AnchorSelection::Kind::Explicit;
        request.options.anchors.ids = SamplingJob::anchorsOfRows(*m_zoo, m_selection->selectedRows());
        // Novelty against the training models at the stages the selection shows (all would cost more).
        std::set<int64_t> epochs;
        for (const AnchorId& a : request.options.anchors.ids)
            epochs.insert(a.epoch);
        request.options.noveltyReferenceEpochs.assign(epochs.begin(), epochs.end());
    } else if (!m_zoo->zoo.checkpointEpochs.empty()) {
        // The best checkpoints are trained ones: compare with the training models' last checkpoints.
        request.options.noveltyReferenceEpochs = {m_zoo->zoo.checkpointEpochs.back()};
    }
    request.projection = m_projection;
    m_samplingPanel->setRunning(true);
    m_samplingPanel->setStatus(tr("Generating %1 models with %2...")
                                   .arg(request.options.count)
                                   .arg(QString::fromStdString(toString(request.options.method))));
    beginJob(QStringLiteral("generation"), tr("Sampling"));
    // With a hyper-representation the generated models are encoded with it to be placed among the latents.
    m_generatedWith = m_hyperRepresentation;
    m_scatter->setGeneratedPoints({}, {}); // the previous set's cards go with its outcome
    m_samplingJob->start(m_zoo, m_generatedWith, request);
}

void MainWindow::onSamplingFinished()
{
    endJob(QStringLiteral("generation"));
    m_samplingPanel->setRunning(false);
    const SamplingOutcome& o = m_samplingJob->outcome();
    if (o.completed) {
        const SamplingChartData data = SamplingJob::chartData(o);
        QString summary = tr("%1 models with %2 from %3 anchors in %4.")
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
            summary += tr(" Mean test accuracy after %1 fine-tuning epochs: %2% (anchors %3%).")
                           .arg(last.epoch)
                           .arg(n ? 100.0 * sum / n : NAN, 0, 'f', 1)
                           .arg(100.0 * o.generated.anchorMeanAccuracy, 0, 'f', 1);
        }
        m_samplingPanel->setResults(data, summary);
        showGeneratedModels();
        emit samplingFinished(true, QString());
    } else if (!o.error.isEmpty()) {
        m_generatedWith.reset();
        m_samplingPanel->setStatus(tr("The generation failed."));
        showError(tr("Sample from Selection"), tr("The generation failed:\n%1").arg(o.error));
        emit samplingFinished(false, o.error);
    } else {
        m_samplingPanel->setStatus(tr("The generation was cancelled."));
        emit samplingFinished(false, QString());
    }
    checkIdle();
}

void MainWindow::showGeneratedModels()
{
    const SamplingOutcome& o = m_samplingJob->outcome();
    if (!o.completed || m_samplingJob->isRunning() || (o.latent && m_generatedWith != m_hyperRepresentation) ||
        (!o.latent && m_latents)) {
        return;
    }
    std::vector<float> xyz;
    try {
        xyz = o.placedFor.sameAs(m_projection.request) ? o.placedXyz
                                                        : SamplingJob::placeInProjection(m_projection, o.representation, o.columns);
    } catch (const std::exception& e) {
        m_samplingPanel->setStatus(tr("The generated models could not be placed in this projection: %1").arg(QString::fromUtf8(e.what())));
    }
    if (xyz.empty()) {
        m_scatter->setGeneratedPoints({}, {});
        return;
    }
    // Coloured by their test accuracy at the last fine-tuning epoch when the zoo is coloured by an
    // accuracy (the same scale); otherwise in one neutral colour.
    std::vector<double> values;
    if (m_projectionPanel->colorBy().endsWith(QLatin1String("_accuracy")) && !o.generated.epochs.empty())
        values = o.generated.epochs.back().testAccuracy;
    m_scatter->setGeneratedPoints(xyz, values);
}

bool MainWindow::exportGeneratedModels(const QString& file)
{
    QString error;
    if (!SamplingJob::exportZoo(m_samplingJob->outcome(), file, &error)) {
        showError(tr("Export Generated Models"), tr("Could not write %1:\n%2").arg(file, error));
        return false;
    }
    statusBar()->showMessage(tr("Saved the generated models to %1").arg(file), 8000);
    return true;
}
// --- end of sampling ---

} // namespace zooscope
