// The main window as a user meets it: menus, panels, recent files, language, and --screenshot.
#include "app/MainWindow.h"
#include "widgets/LatentScatterView.h"

#include <QDockWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QProcess>
#include <QProgressBar>
#include <QSettings>
#include <QStandardPaths>
#include <QSurfaceFormat>
#include <QTemporaryDir>
#include <QTranslator>
#include <QtTest>

using zooscope::MainWindow;

namespace {

bool isXcb() { return QGuiApplication::platformName() == QLatin1String("xcb"); }

QStringList menuTitles(const QMainWindow& w)
{
    QStringList titles;
    for (QAction* a : w.menuBar()->actions())
        titles << a->text();
    return titles;
}

// Viridis runs from dark purple to yellow: saturated colours that the white background and grey UI lack.
int colouredPixels(const QImage& image, const QRect& area)
{
    int n = 0;
    for (int y = area.top(); y <= area.bottom(); ++y)
        for (int x = area.left(); x <= area.right(); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (c.hsvSaturation() > 120 && c.value() > 60)
                ++n;
        }
    return n;
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("ZooScopeTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
        QSettings().clear();
    }

    void hasTheMenusAndPanels()
    {
        if (!isXcb())
            QSKIP("needs the xcb platform (run under xvfb-run)");
        MainWindow w(false);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QCOMPARE(menuTitles(w), (QStringList{QStringLiteral("&File"), QStringLiteral("&View"), QStringLiteral("&Help")}));
        for (const char* name : {"openZooAction", "exportFigureAction", "quitAction", "resetCameraAction", "aboutAction"})
            QVERIFY2(w.findChild<QAction*>(QLatin1String(name)), name);
        QVERIFY(w.findChild<QMenu*>(QStringLiteral("recentMenu")));
        for (const char* name : {"zooDock", "trainingDock", "samplingDock", "analysisDock"}) {
            auto* dock = w.findChild<QDockWidget*>(QLatin1String(name));
            QVERIFY2(dock, name);
            // Every panel is listed in the View menu so it can be brought back once closed.
            QVERIFY(dock->toggleViewAction()->parent() != nullptr);
        }
        QVERIFY(w.scatterView());
        QVERIFY(w.progressBar());
        QVERIFY(!w.progressBar()->isVisible());
    }

    void recentFilesArePersisted()
    {
        if (!isXcb())
            QSKIP("needs the xcb platform (run under xvfb-run)");
        QTemporaryDir dir;
        const QString zoo = dir.filePath(QStringLiteral("a.h5"));
        QFile f(zoo);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("x");
        f.close();
        {
            MainWindow w(true);
            w.openZoo(zoo);
            QCOMPARE(w.recentFiles(), QStringList{zoo});
            // Opening is not available yet: the window says so in a message, it does not pretend.
            auto* box = w.findChild<QMessageBox*>(QStringLiteral("errorMessage"));
            QVERIFY(box);
            QVERIFY(box->text().contains(QStringLiteral("not available")));
            w.close();
        }
        MainWindow again(true);
        QCOMPARE(again.recentFiles(), QStringList{zoo});
        auto* recent = again.findChild<QMenu*>(QStringLiteral("recentMenu"));
        QCOMPARE(recent->actions().size(), 1);
        QCOMPARE(recent->actions().first()->text(), QStringLiteral("a.h5"));
    }

    void missingFileIsAClearError()
    {
        if (!isXcb())
            QSKIP("needs the xcb platform (run under xvfb-run)");
        MainWindow w(false);
        w.openZoo(QStringLiteral("/nonexistent/zoo.h5"));
        auto* box = w.findChild<QMessageBox*>(QStringLiteral("errorMessage"));
        QVERIFY(box);
        QVERIFY(box->text().contains(QStringLiteral("/nonexistent/zoo.h5")));
        QVERIFY(w.recentFiles().isEmpty());
    }

    void germanTranslationIsCompiledIn()
    {
        if (!isXcb())
            QSKIP("needs the xcb platform (run under xvfb-run)");
        QTranslator translator;
        QVERIFY(translator.load(QLocale(QLocale::German), QStringLiteral("zooscope"), QStringLiteral("_"),
                                QStringLiteral(":/i18n")));
        QCoreApplication::installTranslator(&translator);
        MainWindow w(false);
        QCOMPARE(menuTitles(w), (QStringList{QStringLiteral("&Datei"), QStringLiteral("&Ansicht"), QStringLiteral("&Hilfe")}));
        QCoreApplication::removeTranslator(&translator);
    }

    void screenshotOptionWritesTheWindowWithTheScatter()
    {
        if (!isXcb())
            QSKIP("needs the xcb platform (run under xvfb-run)");
        QTemporaryDir dir;
        const QString png = dir.filePath(QStringLiteral("window.png"));
        QProcess app;
        app.start(QStringLiteral(ZOOSCOPE_BIN_DIR "/zooscope"),
                  {QStringLiteral("--lang"), QStringLiteral("en"), QStringLiteral("--size"), QStringLiteral("1100x700"),
                   QStringLiteral("--screenshot"), png});
        QVERIFY(app.waitForFinished(90000));
        QVERIFY2(app.exitCode() == 0, app.readAllStandardError().constData());
        QVERIFY(QFileInfo(png).size() > 10000);
        const QImage image(png);
        QCOMPARE(image.size(), QSize(1100, 700));
        // The 3D view sits in the middle of the window; the demo cloud must be visible there.
        const QRect middle(image.width() / 3, image.height() / 4, image.width() / 3, image.height() / 2);
        QVERIFY2(colouredPixels(image, middle) > 2000,
                 qPrintable(QStringLiteral("only %1 coloured pixels").arg(colouredPixels(image, middle))));
    }

    void germanHelpFromTheCommandLine()
    {
        QProcess app;
        app.start(QStringLiteral(ZOOSCOPE_BIN_DIR "/zooscope"), {QStringLiteral("--lang"), QStringLiteral("de"),
                                                                 QStringLiteral("--help")});
        QVERIFY(app.waitForFinished(60000));
        const QString out = QString::fromUtf8(app.readAllStandardOutput());
        QVERIFY2(out.contains(QStringLiteral("Fenster")), qPrintable(out));
    }
};

int main(int argc, char** argv)
{
    QSurfaceFormat format;
    format.setRenderableType(QSurfaceFormat::OpenGL);
    format.setVersion(3, 2);
    format.setProfile(QSurfaceFormat::CoreProfile);
    format.setDepthBufferSize(24);
    format.setSamples(0);
    QSurfaceFormat::setDefaultFormat(format);
    QApplication app(argc, argv);
    TestMainWindow test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_mainwindow.moc"
