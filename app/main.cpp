#include "app/ApplicationOptions.h"
#include "app/MainWindow.h"

#include "core/EngineInfo.h"
#include "widgets/LatentScatterView.h"

#include <QApplication>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QSurfaceFormat>
#include <QTimer>
#include <QTranslator>

#include <cstdio>

namespace {

// VTK renders into its own framebuffer through an OpenGL 3.2 core context; this must be set before
// QApplication exists.
void setDefaultSurfaceFormat()
{
    QSurfaceFormat format;
    format.setRenderableType(QSurfaceFormat::OpenGL);
    format.setVersion(3, 2);
    format.setProfile(QSurfaceFormat::CoreProfile);
    format.setSwapBehavior(QSurfaceFormat::DoubleBuffer);
    format.setRedBufferSize(8);
    format.setGreenBufferSize(8);
    format.setBlueBufferSize(8);
    format.setAlphaBufferSize(8);
    format.setDepthBufferSize(24);
    format.setStencilBufferSize(0);
    format.setSamples(0);
    QSurfaceFormat::setDefaultFormat(format);
}

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
    setDefaultSurfaceFormat();
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

    const zooscope::ApplicationOptions options = zooscope::ApplicationOptions::parse(QApplication::arguments());
    zooscope::EngineInfo::setComputeThreads();

    // Screenshot runs neither read nor write the user's window settings, so they are reproducible.
    zooscope::MainWindow window(options.screenshotFile.isEmpty());
    if (options.sizeGiven || !options.screenshotFile.isEmpty())
        window.resize(options.width, options.height);
    window.show();

    // Without a zoo on the command line, the zoo shipped with ZooScope (when installed) is opened.
    const QString zoo = options.zooFile.isEmpty() ? zooscope::MainWindow::defaultZooPath() : options.zooFile;
    bool zooPending = !zoo.isEmpty();
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
    if (!options.screenshotFile.isEmpty()) {
        QObject::connect(&window, &zooscope::MainWindow::firstFrameShown, &app, [&] {
            if (!zooPending)
                shoot();
        });
        QObject::connect(&window, &zooscope::MainWindow::zooOpened, &app, [&](const QString& file, const QString& error) {
            zooPending = false;
            if (!error.isEmpty()) {
                finished = true;
                std::fprintf(stderr, "zooscope: could not open %s: %s\n", qPrintable(file), qPrintable(error));
                QApplication::exit(1);
                return;
            }
            // The shot waits for the frame that shows the zoo.
            QObject::connect(window.scatterView(), &QOpenGLWidget::frameSwapped, &app, shoot, Qt::SingleShotConnection);
            window.scatterView()->update();
        });
        // A screenshot run must never hang, whatever happens to rendering.
        QTimer::singleShot(120000, &app, [] {
            std::fprintf(stderr, "zooscope: no frame was rendered within 120 s\n");
            QApplication::exit(1);
        });
    }
    // Opened from the event loop, so that an error can end a screenshot run through QApplication::exit.
    if (!zoo.isEmpty())
        QTimer::singleShot(0, &window, [&window, zoo] { window.openZoo(zoo); });
    return app.exec();
}
