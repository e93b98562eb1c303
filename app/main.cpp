#include "app/ApplicationOptions.h"
#include "app/MainWindow.h"

#include "core/EngineInfo.h"
#include "app/ExplorerSession.h"
#include "widgets/AnalysisPanel.h"
#include "widgets/LatentScatterView.h"
#include "widgets/ModelSelectionPanel.h"
#include "widgets/HyperRepresentationPanel.h"
#include "widgets/VtkHostWidget.h"

#include <QApplication>
#include <QFileInfo>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QSurfaceFormat>
#include <QThread>
#include <QTimer>
#include <QTranslator>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

namespace {

QString languageFromArguments(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i) {
        const QString a = QString::fromLocal8Bit(argv[i]);
        if (a == QLatin1String("--lang") && i + 1 < argc)
            return QString::fromLocal8Bit(argv[i + 1]);
        if (a.startsWith(QLatin1String("--lang=")))
            return a.mid(7);
    }
    return {};
}

} // namespace

int main(int argc, char** argv)
{
    // LibTorch's OpenMP workers busy-wait between parallel regions; while the window, a projection or
    // another process keeps a core busy, spinning workers starve the one doing the work (autoencoder
    // training ran 7x slower). libgomp reads OMP_WAIT_POLICY once, when it is loaded, before main():
    // set it and start again (same pid, same arguments; only when the user has not chosen a policy).
    if (!std::getenv("OMP_WAIT_POLICY") && setenv("OMP_WAIT_POLICY", "passive", 1) == 0)
        execv("/proc/self/exe", argv); // returns only on failure: then go on spinning
    // Under a file size limit (ulimit -f) a write fails with EFBIG and an error dialog instead of SIGXFSZ
    // ending the window with the user's unsaved state.
    std::signal(SIGXFSZ, SIG_IGN);
    // --version answers without a display (the installed-package check runs it headless).
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--version") == 0 || std::strcmp(argv[i], "-v") == 0) {
            std::printf("ZooScope %s\n", zooscope::EngineInfo::version().c_str());
            return 0;
        }
    }
    zooscope::VtkHostWidget::setDefaultSurfaceFormat();
    const QString sessionArgument = zooscope::ApplicationOptions::takeSessionArgument(argc, argv);
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("ZooScope"));
    QApplication::setOrganizationName(QStringLiteral("ZooScope"));
    QApplication::setApplicationVersion(QString::fromStdString(zooscope::EngineInfo::version()));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/zooscope.svg")));

    // Translators are installed before the options are parsed so that --help is translated too.
    const QString wanted = languageFromArguments(argc, argv);
    const QLocale locale = wanted.isEmpty() ? QLocale::system() : QLocale(wanted);
    QTranslator appTranslator;
    QTranslator qtTranslator;
    if (locale.language() != QLocale::English) {
        if (appTranslator.load(locale, QStringLiteral("zooscope"), QStringLiteral("_"), QStringLiteral(":/i18n")))
            QApplication::installTranslator(&appTranslator);
        if (qtTranslator.load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                              QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
            QApplication::installTranslator(&qtTranslator);
    }

    zooscope::ApplicationOptions options = zooscope::ApplicationOptions::parse(QApplication::arguments());
    if (!sessionArgument.isEmpty()) {
        if (!options.zooFile.isEmpty())
            return std::fprintf(stderr, "zooscope: --session opens the session's own zoo; give either a session or a zoo file\n"), 2;
        options.sessionFile = sessionArgument;
    }
    // LibTorch and the population trainer get every core but one: with all cores busy, training or sampling
    // in a worker left the window unresponsive for 100+ ms at a time on a 2-core machine.
    zooscope::EngineInfo::setComputeThreads(std::max(1, QThread::idealThreadCount() - 1));

    // Screenshot runs neither read nor write the user's window settings, so they are reproducible.
    zooscope::MainWindow window(options.screenshotFile.isEmpty());
    if (options.sizeGiven || !options.screenshotFile.isEmpty())
        window.resize(options.width, options.height);
    const auto fail = [](const QString& message) {
        std::fprintf(stderr, "zooscope: %s\n", qPrintable(message));
        return 2;
    };
    if (!options.projection.isEmpty() && !window.setProjection(options.projection))
        return fail(QStringLiteral("unknown projection \"%1\" (pca, tsne, axes)").arg(options.projection));
    if (!options.colorBy.isEmpty() && !window.setColorBy(options.colorBy))
        return fail(QStringLiteral("unknown property \"%1\" for --color-by").arg(options.colorBy));
    if (!options.sizeBy.isEmpty() && !window.setSizeBy(options.sizeBy))
        return fail(QStringLiteral("unknown or categorical property \"%1\" for --size-by").arg(options.sizeBy));
    if (!options.density.isEmpty()) {
        const auto mode = zooscope::DensitySettings::modeFromId(options.density);
        if (!mode)
            return fail(QStringLiteral("unknown density \"%1\" (contours, shading, both)").arg(options.density));
        zooscope::DensitySettings density;
        density.on = true;
        density.mode = *mode;
        window.scatterView()->setDensity(density);
    }
    if (!options.panel.isEmpty() && !window.showPanel(options.panel))
        return fail(QStringLiteral("unknown panel \"%1\" (models, projection, hyper-representation, sampling, analysis)").arg(options.panel));
    if (options.trainEpochs > 0) {
        auto o = window.hyperRepresentationPanel()->trainingOptions();
        o.epochs = options.trainEpochs;
        window.hyperRepresentationPanel()->setTrainingOptions(o);
        window.hyperRepresentationPanel()->setCheckpointEpochsText(options.trainCheckpoints);
    }
    window.show();

    // Without a zoo on the command line, the zoo shipped with ZooScope (when installed) is opened.
    // A session (--session) brings its own zoo.
    const bool sessionRun = !options.sessionFile.isEmpty();
    const QString zoo = sessionRun ? QString() : options.zooFile.isEmpty() ? zooscope::MainWindow::defaultZooPath() : options.zooFile;
    bool finished = false; // the screenshot run has decided its exit code

    // Lives as long as main(): the connections below call it from the event loop.
    auto shoot = [&] {
        if (finished)
            return;
        finished = true;
        const bool saved = window.saveScreenshot(options.screenshotFile);
        if (!saved)
            std::fprintf(stderr, "zooscope: could not write the screenshot to %s\n",
                         qPrintable(options.screenshotFile));
        QApplication::exit(saved ? 0 : 1);
    };
    const auto failRun = [&](const QString& message) {
        if (options.screenshotFile.isEmpty() || finished)
            return;
        finished = true;
        std::fprintf(stderr, "zooscope: %s\n", qPrintable(message));
        QApplication::exit(1);
    };

    // After the zoo: the requested hyper-representation, then a training, then the probes and the model
    // selection (analysis panel), each once the window is idle; a screenshot run shoots when all of them are done.
    bool zooShown = false, hyperRepresentationAsked = options.hyperRepresentationFile.isEmpty();
    bool trainingAsked = options.trainEpochs == 0, analysisAsked = options.panel != QLatin1String("analysis");
    bool selectionAsked = analysisAsked;
    auto advance = [&] {
        if (!zooShown || window.isBusy() || finished)
            return;
        if (!hyperRepresentationAsked) {
            hyperRepresentationAsked = true;
            window.loadHyperRepresentation(options.hyperRepresentationFile);
            return;
        }
        if (!trainingAsked) {
            trainingAsked = true;
            window.startTraining();
            if (window.isBusy())
                return;
        }
        if (!analysisAsked) {
            analysisAsked = true;
            window.runAnalysis();
            if (window.isBusy())
                return;
        }
        // The analysis panel on show also predicts final accuracies from its chosen early epoch.
        if (!selectionAsked) {
            selectionAsked = true;
            window.session()->runModelSelection(window.analysisPanel()->modelSelectionPanel()->epoch());
            if (window.isBusy())
                return;
        }
        if (!options.screenshotFile.isEmpty()) {
            // The shot waits for the frame that shows it all (the density too, computed once the camera rests).
            const auto shootAtNextFrame = [&] {
                QObject::connect(window.scatterView(), &QOpenGLWidget::frameSwapped, &app, shoot, Qt::SingleShotConnection);
                window.scatterView()->update();
            };
            if (window.scatterView()->density().on && !window.scatterView()->shownDensity())
                QObject::connect(window.scatterView(), &zooscope::LatentScatterView::densityShown, &app, shootAtNextFrame,
                                 Qt::SingleShotConnection);
            else
                shootAtNextFrame();
        }
    };
    QObject::connect(&window, &zooscope::MainWindow::jobsIdle, &app, advance);
    QObject::connect(&window, &zooscope::MainWindow::hyperRepresentationLoaded, &app, [&](const QString& file, const QString& error) {
        if (!error.isEmpty() && file == QFileInfo(options.hyperRepresentationFile).absoluteFilePath())
            failRun(QStringLiteral("could not use %1: %2").arg(file, error));
    });
    QObject::connect(&window, &zooscope::MainWindow::trainingFinished, &app, [&](bool completed, const QString& error) {
        if (!completed)
            failRun(QStringLiteral("training did not complete: %1").arg(error.isEmpty() ? QStringLiteral("cancelled") : error));
    });
    // A session: a bad file ends the run (exit 2); changed files end a screenshot run (the dialog says so
    // otherwise); once all of it is on show the run goes on as after a zoo.
    bool sessionDone = false;
    QObject::connect(&window, &zooscope::MainWindow::sessionOpened, &app, [&](const QString&, const QString& error, const QStringList& warnings) {
        if (!sessionRun || sessionDone || finished)
            return;
        sessionDone = true;
        if (!error.isEmpty() || (!warnings.isEmpty() && !options.screenshotFile.isEmpty())) {
            finished = true;
            std::fprintf(stderr, "zooscope: %s\n", qPrintable(error.isEmpty() ? warnings.join(QLatin1Char('\n')) : error));
            QApplication::exit(2);
            return;
        }
        zooShown = true;
        QTimer::singleShot(0, &app, advance);
    });
    QObject::connect(&window, &zooscope::MainWindow::zooOpened, &app, [&](const QString& file, const QString& error) {
        if (sessionRun)
            return; // the session's own signal decides
        if (!error.isEmpty()) {
            if (!options.screenshotFile.isEmpty() && !finished) {
                finished = true;
                std::fprintf(stderr, "zooscope: could not open %s: %s\n", qPrintable(file), qPrintable(error));
                QApplication::exit(1);
            }
            return;
        }
        zooShown = true;
        // For benchmarks/bench_explorer: the moment the zoo is first on screen.
        if (qEnvironmentVariableIsSet("ZOOSCOPE_REPORT_FIRST_FRAME")) {
            QObject::connect(window.scatterView(), &QOpenGLWidget::frameSwapped, &app, [] {
                std::fprintf(stderr, "zooscope: first frame with the zoo\n");
                std::fflush(stderr);
            }, Qt::SingleShotConnection);
            window.scatterView()->update();
        }
        QTimer::singleShot(0, &app, advance);
    });
    if (!options.screenshotFile.isEmpty()) {
        // Without any zoo the first frame (the demo cloud) is the shot.
        QObject::connect(&window, &zooscope::MainWindow::firstFrameShown, &app, [&] {
            if (zoo.isEmpty() && !sessionRun)
                shoot();
        });
        // A screenshot run must never hang, whatever happens to rendering or training.
        QTimer::singleShot(options.trainEpochs > 0 ? 1800000 : 300000, &app, [] {
            std::fprintf(stderr, "zooscope: the window was not ready for a screenshot in time\n");
            QApplication::exit(1);
        });
    }
    // Opened from the event loop, so that an error can end a screenshot run through QApplication::exit.
    if (!zoo.isEmpty())
        QTimer::singleShot(0, &window, [&window, zoo] { window.openZoo(zoo); });
    if (sessionRun)
        QTimer::singleShot(0, &window, [&window, &options] { window.openSession(options.sessionFile); });
    return app.exec();
}
