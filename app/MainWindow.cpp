#include "app/MainWindow.h"

#include "app/OpenedZoo.h"
#include "core/EngineInfo.h"
#include "widgets/LatentScatterView.h"
#include "widgets/ProgressIndicator.h"
#include "widgets/ZooTableModel.h"
#include "widgets/ZooTablePanel.h"

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
#include <QSettings>
#include <QStatusBar>
#include <QPromise>
#include <QTimer>
#include <QtConcurrent>

#include <vtkVersion.h>

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

    createActions();
    createMenus();
    createDocks();
    createStatusBar();
    showDemoPoints();

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
    // A worker still reading must not outlive the window it reports to.
    m_loadWatcher.cancel();
    m_loadWatcher.waitForFinished();
}

void MainWindow::createActions()
{
    m_openAction = new QAction(tr("&Open Zoo..."), this);
    m_openAction->setObjectName(QStringLiteral("openZooAction"));
    m_openAction->setShortcut(QKeySequence::Open);
    m_openAction->setStatusTip(tr("Open a model zoo file (HDF5)"));
    connect(m_openAction, &QAction::triggered, this, &MainWindow::chooseZooFile);

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

void MainWindow::createDocks()
{
    const QString later = tr("<p><i>Not available yet: this panel arrives in a later version of ZooScope.</i></p>");
    m_zooTable = new ZooTablePanel(this);
    auto* zoo = new QDockWidget(tr("Models"), this);
    zoo->setObjectName(QStringLiteral("zooDock"));
    zoo->setWidget(m_zooTable);
    addDockWidget(Qt::LeftDockWidgetArea, zoo);
    m_viewMenu->addAction(zoo->toggleViewAction());
    QDockWidget* training = addPlaceholderDock(
        QStringLiteral("trainingDock"), tr("Hyper-Representation"),
        tr("<b>Training</b><p>Configure and train the weight-space autoencoder in the background, with live "
           "loss and R² curves.</p>") + later,
        Qt::RightDockWidgetArea);
    QDockWidget* sampling = addPlaceholderDock(
        QStringLiteral("samplingDock"), tr("Sampling"),
        tr("<b>Sample from selection</b><p>Draw new models from a brushed region of the latent space, test "
           "and fine-tune them, and compare them with the zoo.</p>") + later,
        Qt::RightDockWidgetArea);
    QDockWidget* analysis = addPlaceholderDock(
        QStringLiteral("analysisDock"), tr("Analysis"),
        tr("<b>Model analysis</b><p>Linear probes: what the hyper-representation knows about accuracy, "
           "epoch and hyperparameters, against weight baselines.</p>") + later,
        Qt::RightDockWidgetArea);
    tabifyDockWidget(training, sampling);
    tabifyDockWidget(sampling, analysis);
    training->raise();
    resizeDocks({zoo, training}, {380, 300}, Qt::Horizontal);
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
            [this](int value) { m_progress->setFraction(value / 1000.0); });
    connect(&m_loadWatcher, &QFutureWatcherBase::finished, this, [this] {
        m_progress->finish();
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
    m_progress->start(tr("Opening %1").arg(info.fileName()));
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
    if (m_loadWatcher.isRunning())
        m_loadWatcher.cancel();
}

void MainWindow::showZoo(std::shared_ptr<OpenedZoo> zoo)
{
    m_zoo = std::move(zoo);
    m_zooTable->model()->setZoo(std::shared_ptr<const ModelZoo>(m_zoo, &m_zoo->zoo), m_zoo->pointModelRows,
                                m_zoo->pointCheckpoints);
    m_scatter->setPoints(m_zoo->xyz, m_zoo->testAccuracy);
    m_scatter->setColorBarTitle(tr("test accuracy"));
    m_scatter->resetCamera();
    const auto& ev = m_zoo->explainedVariance;
    setWindowTitle(tr("%1 - ZooScope").arg(QFileInfo(m_zoo->path).fileName()));
    m_statusText->setText(tr("%1: %2 models, %3 checkpoints each, %4 parameters. View: PCA of the weights "
                             "(explained variance %5%, %6%, %7%).")
                              .arg(QFileInfo(m_zoo->path).fileName())
                              .arg(m_zoo->zoo.modelCount())
                              .arg(m_zoo->zoo.checkpointCount())
                              .arg(m_zoo->zoo.parameterCount())
                              .arg(100 * ev[0], 0, 'f', 1)
                              .arg(100 * ev[1], 0, 'f', 1)
                              .arg(100 * ev[2], 0, 'f', 1));
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

} // namespace zooscope
