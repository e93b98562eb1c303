// The main window as a user meets it: menus, panels, recent files, language, and --screenshot.
#include "widgets/VtkHostWidget.h"
#include "app/MainWindow.h"
#include "app/ExplorerSession.h"
#include "app/OpenedZoo.h"
#include "zoo/ZooFile.h"
#include "widgets/LatentScatterView.h"
#include "widgets/ProgressIndicator.h"
#include "widgets/ZooTableModel.h"
#include "widgets/ZooTablePanel.h"

#include <QLineEdit>
#include <QSortFilterProxyModel>

#include "ZooTestUtil.h"

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
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
        MainWindow w(false);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QCOMPARE(menuTitles(w), (QStringList{QStringLiteral("&File"), QStringLiteral("&View"), QStringLiteral("&Help")}));
        for (const char* name : {"openZooAction", "exportFigureAction", "quitAction", "resetCameraAction", "aboutAction"})
            QVERIFY2(w.findChild<QAction*>(QLatin1String(name)), name);
        QVERIFY(w.findChild<QMenu*>(QStringLiteral("recentMenu")));
        QMenu* viewMenu = nullptr;
        for (QAction* a : w.menuBar()->actions())
            if (a->text() == QLatin1String("&View"))
                viewMenu = a->menu();
        QVERIFY(viewMenu);
        for (const char* name : {"zooDock", "projectionDock", "trainingDock", "samplingDock", "analysisDock"}) {
            auto* dock = w.findChild<QDockWidget*>(QLatin1String(name));
            QVERIFY2(dock, name);
            // Every panel is listed in the View menu so it can be brought back once closed.
            QVERIFY2(viewMenu->actions().contains(dock->toggleViewAction()), name);
            dock->close();
            QVERIFY(!dock->isVisible());
            dock->toggleViewAction()->trigger();
            QVERIFY2(dock->isVisible(), name);
        }
        // --panel NAME raises a panel; "training" is the old name of "hyper-representation".
        auto* hyperRepresentationDock = w.findChild<QDockWidget*>(QStringLiteral("trainingDock"));
        auto* samplingDock = w.findChild<QDockWidget*>(QStringLiteral("samplingDock"));
        QVERIFY(w.showPanel(QStringLiteral("sampling")));
        QTRY_VERIFY(!samplingDock->visibleRegion().isEmpty() && hyperRepresentationDock->visibleRegion().isEmpty());
        QVERIFY(w.showPanel(QStringLiteral("hyper-representation")));
        QTRY_VERIFY(!hyperRepresentationDock->visibleRegion().isEmpty() && samplingDock->visibleRegion().isEmpty());
        QVERIFY(w.showPanel(QStringLiteral("sampling")));
        QVERIFY(w.showPanel(QStringLiteral("training")));
        QTRY_VERIFY(!hyperRepresentationDock->visibleRegion().isEmpty());
        QVERIFY(!w.showPanel(QStringLiteral("nonsense")));
        QVERIFY(w.scatterView());
        QVERIFY(w.progressBar());
        QVERIFY(!w.progressBar()->isVisible());
    }

    void openingAZooShowsItsCheckpointsAndRemembersIt()
    {
        if (!isXcb())
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
        QTemporaryDir dir;
        const QString zoo = dir.filePath(QStringLiteral("small.zoo.h5"));
        zooscope::ZooFile::write(zootest::syntheticZoo(7, 4, {0, 2, 4}), zoo.toStdString());
        {
            MainWindow w(true);
            w.show();
            QSignalSpy opened(&w, &MainWindow::zooOpened);
            w.openZoo(zoo);
            QVERIFY(opened.wait(30000));
            QCOMPARE(opened.first().at(1).toString(), QString()); // no error
            QVERIFY(w.openedZoo());
            // One point per model checkpoint, coloured by that checkpoint's test accuracy.
            QCOMPARE(w.scatterView()->pointCount(), size_t(7 * 3));
            QCOMPARE(w.scatterView()->colorBarTitle(), QStringLiteral("test accuracy"));
            QCOMPARE(w.session()->projection().explainedVariance.size(), size_t(3));
            QVERIFY(w.session()->projection().explainedVariance[0] >= w.session()->projection().explainedVariance[1]);
            QVERIFY(!w.progressIndicator()->isRunning());
            QVERIFY(w.windowTitle().startsWith(QStringLiteral("small.zoo.h5")));
            // The Models panel lists the same checkpoints, sortable by accuracy and filterable by text.
            QSortFilterProxyModel* table = w.zooTable()->proxy();
            QCOMPARE(table->rowCount(), 7 * 3);
            table->sort(zooscope::ZooTableModel::TestAccuracy, Qt::DescendingOrder);
            double previous = 2.0;
            for (int r = 0; r < table->rowCount(); ++r) {
                const QVariant v = table->index(r, zooscope::ZooTableModel::TestAccuracy).data(zooscope::ZooTableModel::SortRole);
                QVERIFY(v.isValid());
                QVERIFY(v.toDouble() <= previous);
                previous = v.toDouble();
            }
            w.zooTable()->filterEdit()->setText(QStringLiteral("gelu"));
            // In syntheticZoo only model i=3 (id 109) of 0..6 has gelu: its 3 checkpoints remain.
            QCOMPARE(table->rowCount(), 3);
            for (int r = 0; r < table->rowCount(); ++r)
                QCOMPARE(table->index(r, 0).data(zooscope::ZooTableModel::ModelIdRole).toLongLong(), 109LL);
            w.zooTable()->filterEdit()->clear();
            QCOMPARE(table->rowCount(), 7 * 3);
            QCOMPARE(w.recentFiles(), QStringList{QFileInfo(zoo).absoluteFilePath()});
            w.close();
        }
        MainWindow again(true);
        QCOMPARE(again.recentFiles(), QStringList{QFileInfo(zoo).absoluteFilePath()});
        auto* recent = again.findChild<QMenu*>(QStringLiteral("recentMenu"));
        QCOMPARE(recent->actions().size(), 1);
        QCOMPARE(recent->actions().first()->text(), QStringLiteral("small.zoo.h5"));
    }

    void corruptZooIsAClearErrorAndKeepsTheView()
    {
        if (!isXcb())
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
        QTemporaryDir dir;
        const QString bad = dir.filePath(QStringLiteral("bad.zoo.h5"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("this is not an HDF5 file");
        f.close();
        MainWindow w(false);
        const size_t before = w.scatterView()->pointCount();
        QSignalSpy opened(&w, &MainWindow::zooOpened);
        w.openZoo(bad);
        QVERIFY(opened.wait(30000));
        QVERIFY(!opened.first().at(1).toString().isEmpty());
        auto* box = w.findChild<QMessageBox*>(QStringLiteral("errorMessage"));
        QVERIFY(box);
        QVERIFY2(box->text().contains(QStringLiteral("bad.zoo.h5")), qPrintable(box->text()));
        QVERIFY(!w.openedZoo());
        QCOMPARE(w.scatterView()->pointCount(), before);
        QVERIFY(w.recentFiles().isEmpty());
    }

    void missingFileIsAClearError()
    {
        if (!isXcb())
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
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
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
        QTranslator translator;
        QVERIFY(translator.load(QLocale(QLocale::German), QStringLiteral("zooscope"), QStringLiteral("_"),
                                QStringLiteral(":/i18n")));
        QCoreApplication::installTranslator(&translator);
        MainWindow w(false);
        QCOMPARE(menuTitles(w), (QStringList{QStringLiteral("&Datei"), QStringLiteral("&Ansicht"), QStringLiteral("&Hilfe")}));
        QCoreApplication::removeTranslator(&translator);
    }

    void screenshotOptionWritesTheWindowWithTheScatter_data()
    {
        QTest::addColumn<bool>("withZoo");
        QTest::newRow("demo cloud") << false;
        QTest::newRow("zoo given on the command line") << true;
    }
    void screenshotOptionWritesTheWindowWithTheScatter()
    {
        if (!isXcb())
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
        QFETCH(bool, withZoo);
        QTemporaryDir dir;
        const QString png = dir.filePath(QStringLiteral("window.png"));
        QStringList args{QStringLiteral("--lang"), QStringLiteral("en"), QStringLiteral("--size"), QStringLiteral("1100x700"),
                         QStringLiteral("--screenshot"), png};
        if (withZoo) {
            const QString zoo = dir.filePath(QStringLiteral("z.zoo.h5"));
            zooscope::ZooFile::write(zootest::syntheticZoo(40, 4, {0, 2, 4}), zoo.toStdString());
            args << zoo;
        }
        QProcess app;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("ZOOSCOPE_DEFAULT_ZOO"), dir.filePath(QStringLiteral("none.zoo.h5")));
        app.setProcessEnvironment(env);
        app.start(QStringLiteral(ZOOSCOPE_BIN_DIR "/zooscope"), args);
        QVERIFY(app.waitForFinished(150000));
        QVERIFY2(app.exitCode() == 0, app.readAllStandardError().constData());
        QVERIFY(QFileInfo(png).size() > 10000);
        const QImage image(png);
        QCOMPARE(image.size(), QSize(1100, 700));
        // The 3D view sits in the middle of the window; the points must be visible there.
        const QRect middle(image.width() / 3, image.height() / 4, image.width() / 3, image.height() / 2);
        const int minimum = withZoo ? 200 : 2000;
        QVERIFY2(colouredPixels(image, middle) > minimum,
                 qPrintable(QStringLiteral("only %1 coloured pixels").arg(colouredPixels(image, middle))));
    }

    void screenshotOfABrokenZooFailsWithAMessage()
    {
        if (!isXcb())
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
        QTemporaryDir dir;
        const QString bad = dir.filePath(QStringLiteral("truncated.zoo.h5"));
        zooscope::ZooFile::write(zootest::syntheticZoo(7, 4, {0, 2, 4}), bad.toStdString());
        QFile f(bad);
        QVERIFY(f.resize(f.size() / 2));
        QProcess app;
        app.start(QStringLiteral(ZOOSCOPE_BIN_DIR "/zooscope"),
                  {QStringLiteral("--screenshot"), dir.filePath(QStringLiteral("x.png")), bad});
        QVERIFY(app.waitForFinished(150000));
        QCOMPARE(app.exitStatus(), QProcess::NormalExit);
        QCOMPARE(app.exitCode(), 1);
        QVERIFY2(app.readAllStandardError().contains("truncated.zoo.h5"), "the error names the file");
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("x.png"))));
    }

    void startsOnTheShippedDefaultZoo()
    {
        if (!isXcb())
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
        const QString zoo = MainWindow::defaultZooPath();
        QVERIFY2(zoo.endsWith(QStringLiteral("fashion-mnist-cnn-s.zoo.h5")), qPrintable(zoo));
        MainWindow w(false);
        QSignalSpy opened(&w, &MainWindow::zooOpened);
        w.openZoo(zoo);
        QVERIFY(opened.wait(60000));
        QCOMPARE(opened.first().at(1).toString(), QString());
        // 256 models of the public grid, 7 checkpoints each.
        QCOMPARE(w.openedZoo()->zoo.modelCount(), 256);
        QCOMPARE(w.scatterView()->pointCount(), size_t(256 * 7));
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
    zooscope::VtkHostWidget::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    TestMainWindow test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_mainwindow.moc"
