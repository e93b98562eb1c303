// The figure of the latent view as the user makes it (real window under Xvfb) and as the command line
// makes it: what LatentFigure paints is what the 3D view's scene draws (same points, colours, selection,
// trajectories, camera); File > Export Figure's file for a session equals `zooscope-cli figure SESSION`'s,
// byte for byte, in SVG and PDF; the command line writes the same file with and without a display; and
// bad input (corrupt or future-version session, missing zoo, unknown property, bad suffix) exits 2 with a
// message.
#include "app/LatentFigure.h"
#include "app/MainWindow.h"
#include "app/OpenedZoo.h"
#include "widgets/LatentScatterScene.h"
#include "widgets/LatentScatterView.h"
#include "widgets/ScreenDensity.h"
#include "widgets/SelectionModel.h"

#include <QAction>
#include <QMenu>
#include <QToolButton>

#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include "FileBytes.h"

#include "ExplorerTestUtil.h"

using namespace explorertest;
using zooscope::ExplorerSession;
using zooscope::FigureOptions;
using zooscope::LatentFigure;

namespace {

struct Run {
    int exitCode = -1;
    QString out, err;
};

Run cli(const QStringList& args, const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(ZOOSCOPE_BIN_DIR "/zooscope-cli"), QStringList{QStringLiteral("figure")} + args);
    Run r;
    if (!p.waitForFinished(180000)) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("did not finish");
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

} // namespace

class TestLatentFigure : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_zoo;
    QString m_session; // saved by the first test, used by the later ones

private slots:
    void initTestCase()
    {
        if (!isXcb())
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
        QVERIFY(m_dir.isValid());
        m_zoo = defaultZooWithHyperRepresentationCopy(m_dir.path());
        QVERIFY(QFileInfo::exists(m_dir.filePath(QStringLiteral("fashion-mnist-cnn-s.hr"))));
    }

    // The figure's content is the scene's, and Export Figure of a saved session is the command line's file.
    void exportFigureIsTheScreenAndTheCommandLine()
    {
        MainWindow w(false);
        w.resize(1200, 800);
        w.show();
        QVERIFY(openAndSettle(w, m_zoo));
        ExplorerSession* s = w.session();
        QVERIFY(s->hyperRepresentation() != nullptr);
        zooscope::LatentScatterView* view = w.scatterView();
        view->setCameraPreset(zooscope::ScatterCamera::Preset::Isometric);
        s->selection()->setSelectedRows({3, 4, 5, 40, 41, 400});
        view->setTrajectoryMode(zooscope::ScatterPointData::TrajectoryMode::Selected);
        QTRY_VERIFY(s->viewState().camera.has_value());
        QTRY_VERIFY(*s->viewState().camera == view->scene().scatterCamera().pose());

        FigureOptions options;
        options.title = QStringLiteral("Default zoo");
        const zooscope::ScatterFigureContent content = LatentFigure::contentOf(*s, options);
        const zooscope::ScatterPointData& screen = view->scene().data();
        QCOMPARE(content.data.xyz(), screen.xyz());
        QCOMPARE(content.data.values().size(), screen.values().size());
        for (std::size_t i = 0; i < screen.values().size(); ++i)
            QVERIFY2(content.data.values()[i] == screen.values()[i] ||
                         (std::isnan(content.data.values()[i]) && std::isnan(screen.values()[i])),
                     qPrintable(QStringLiteral("value %1 differs").arg(i)));
        QCOMPARE(content.data.visibleRows(), screen.visibleRows());
        QCOMPARE(content.data.highlightedRows(), screen.highlightedRows());
        QCOMPARE(content.data.trajectories(), screen.trajectories());
        QVERIFY(!content.data.trajectories().empty()); // the selected models' trajectories
        QCOMPARE(content.data.sizeFactors(), screen.sizeFactors());
        const zooscope::ScatterColouring& colours = view->scene().colouring();
        QCOMPARE(int(content.colouring.mode()), int(colours.mode()));
        QCOMPARE(content.colouring.mappedRange(), colours.mappedRange());
        QCOMPARE(int(content.colouring.colorMap()), int(colours.colorMap()));
        QCOMPARE(content.camera, view->scene().scatterCamera().pose());
        QCOMPARE(content.pointSize, view->pointSize());
        QCOMPARE(content.colorBarTitle.toStdString(), view->scene().colorBarTitle());

        // Export Figure (what the dialog's Export does), then the session saved with those options.
        for (const QString suffix : {QStringLiteral("svg"), QStringLiteral("pdf")}) {
            options.format = *FigureOptions::formatOf(QStringLiteral("x.") + suffix);
            s->setFigureOptions(options);
            const QString gui = m_dir.filePath(QStringLiteral("gui.") + suffix);
            QVERIFY(w.writeLatentFigure(gui, options));
            m_session = m_dir.filePath(QStringLiteral("figure.zooscope"));
            QVERIFY(w.saveSession(m_session));
            const QString fromCli = m_dir.filePath(QStringLiteral("cli.") + suffix);
            const Run r = cli({m_session, QStringLiteral("--out"), fromCli});
            QVERIFY2(r.exitCode == 0, qPrintable(r.err));
            QVERIFY(r.out.contains(QStringLiteral("points")));
            const QByteArray a = readBytes(gui), b = readBytes(fromCli);
            QVERIFY(a.size() > 10000);
            QVERIFY2(a == b, qPrintable(QStringLiteral("%1: the GUI's %2 bytes differ from the command line's %3")
                                            .arg(suffix).arg(a.size()).arg(b.size())));
        }
        // The selection is in the figure: the SVG has the rings (a circle per drawn point and per ring).
        const QByteArray svg = readBytes(m_dir.filePath(QStringLiteral("gui.svg")));
        QVERIFY(svg.contains("Default zoo"));
        QVERIFY(svg.contains("PC 1 ("));
    }

    // The Density action (toolbar and View menu) draws it in the view; the session keeps it, and its
    // figure, from the GUI and from the command line alike, has the contours and the shading.
    void aSessionWithDensityGivesAFigureWithIt()
    {
        MainWindow w(false);
        w.resize(1200, 800);
        w.show();
        QVERIFY(openAndSettle(w, m_zoo));
        ExplorerSession* s = w.session();
        zooscope::LatentScatterView* view = w.scatterView();
        QAction* density = w.findChild<QAction*>(QStringLiteral("densityAction"));
        QVERIFY(density);
        QCOMPARE(density->text(), QStringLiteral("Density"));
        bool inViewMenu = false;
        for (QMenu* menu : w.findChildren<QMenu*>())
            if (menu->title() == QStringLiteral("&View"))
                inViewMenu = menu->actions().contains(density);
        QVERIFY(inViewMenu);
        w.findChild<QAction*>(QStringLiteral("densityBothAction"))->trigger();
        QVERIFY(density->isChecked());
        QToolButton* button = w.findChild<QToolButton*>(QStringLiteral("densityButton"));
        QVERIFY(button && button->isChecked() && button->menu());
        QTRY_VERIFY(view->shownDensity() != nullptr);
        QCOMPARE(view->shownDensity()->pointCount() > 1000, true);
        QVERIFY(s->viewState().density.on);
        QCOMPARE(int(s->viewState().density.mode), int(zooscope::DensitySettings::Mode::Both));

        FigureOptions options;
        options.format = FigureOptions::Format::Svg;
        s->setFigureOptions(options);
        const QString gui = m_dir.filePath(QStringLiteral("density-gui.svg"));
        QVERIFY(w.writeLatentFigure(gui, options));
        const QString session = m_dir.filePath(QStringLiteral("density.zooscope"));
        QVERIFY(w.saveSession(session));
        QVERIFY(readBytes(session).contains("\"mode\": \"both\""));
        const QString fromCli = m_dir.filePath(QStringLiteral("density-cli.svg"));
        const Run r = cli({session, QStringLiteral("--out"), fromCli});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("density contours")) && r.out.contains(QStringLiteral("density shading")),
                 qPrintable(r.out));
        const QByteArray a = readBytes(gui), b = readBytes(fromCli);
        QVERIFY(a == b);
        QVERIFY(b.contains("<image"));
        QVERIFY(b.contains("<polyline"));

        // --density off: none; --density contours: lines, no shading.
        const QString off = m_dir.filePath(QStringLiteral("density-off.svg"));
        const Run r2 = cli({session, QStringLiteral("--density"), QStringLiteral("off"), QStringLiteral("--out"), off});
        QVERIFY2(r2.exitCode == 0, qPrintable(r2.err));
        QVERIFY2(!r2.out.contains(QStringLiteral("density contours")) && !r2.out.contains(QStringLiteral("density shading")),
                 qPrintable(r2.out));
        QVERIFY(!readBytes(off).contains("<image"));
        const Run r3 = cli({session, QStringLiteral("--density"), QStringLiteral("contours"), QStringLiteral("--density-width"),
                            QStringLiteral("2"), QStringLiteral("--out"), off});
        QVERIFY2(r3.exitCode == 0, qPrintable(r3.err));
        QVERIFY(r3.out.contains(QStringLiteral("density contours")) && !r3.out.contains(QStringLiteral("shading")));
    }

    void theCommandLineNeedsNoDisplay()
    {
        QVERIFY(!m_session.isEmpty());
        QProcessEnvironment with = QProcessEnvironment::systemEnvironment();
        QVERIFY(with.contains(QStringLiteral("DISPLAY"))); // xvfb-run's
        QProcessEnvironment without = with;
        without.remove(QStringLiteral("DISPLAY"));
        without.remove(QStringLiteral("WAYLAND_DISPLAY"));
        without.remove(QStringLiteral("XAUTHORITY"));
        without.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb")); // would fail if it were used
        const QString a = m_dir.filePath(QStringLiteral("display.pdf")), b = m_dir.filePath(QStringLiteral("nodisplay.pdf"));
        const Run r1 = cli({m_session, QStringLiteral("--out"), a, QStringLiteral("--width-mm"), QStringLiteral("183")}, with);
        QVERIFY2(r1.exitCode == 0, qPrintable(r1.err));
        const Run r2 = cli({m_session, QStringLiteral("--out"), b, QStringLiteral("--width-mm"), QStringLiteral("183")}, without);
        QVERIFY2(r2.exitCode == 0, qPrintable(r2.err));
        QVERIFY(readBytes(a).size() > 10000);
        QCOMPARE(readBytes(a), readBytes(b));
        // Without a session: the zoo's default view, also headless.
        const QString c = m_dir.filePath(QStringLiteral("zoo.svg"));
        const Run r3 = cli({QStringLiteral("--zoo"), m_zoo, QStringLiteral("--color-by"), QStringLiteral("activation"),
                            QStringLiteral("--view"), QStringLiteral("2d"), QStringLiteral("--out"), c}, without);
        QVERIFY2(r3.exitCode == 0, qPrintable(r3.err));
        const QByteArray svg = readBytes(c);
        QVERIFY(svg.contains("activation"));
        QVERIFY(svg.contains("tanh"));
        // One circle per drawn point, as the command says.
        const QRegularExpressionMatch m = QRegularExpression(QStringLiteral("wrote .*: (\\d+) points")).match(r3.out);
        QVERIFY2(m.hasMatch(), qPrintable(r3.out));
        QCOMPARE(qsizetype(svg.count("<circle")), m.captured(1).toLongLong());

        // --save-session keeps that view: the session makes the same file again.
        const QString kept = m_dir.filePath(QStringLiteral("kept.zooscope")), again = m_dir.filePath(QStringLiteral("again.svg"));
        const Run r4 = cli({QStringLiteral("--zoo"), m_zoo, QStringLiteral("--camera"), QStringLiteral("+x"),
                            QStringLiteral("--out"), c, QStringLiteral("--save-session"), kept}, without);
        QVERIFY2(r4.exitCode == 0, qPrintable(r4.err));
        const Run r5 = cli({kept, QStringLiteral("--out"), again}, without);
        QVERIFY2(r5.exitCode == 0, qPrintable(r5.err));
        QVERIFY(readBytes(again).size() > 10000);
        QCOMPARE(readBytes(again), readBytes(c));
        QVERIFY(readBytes(again) != svg); // another camera than the first figure's
    }

    void badInputExitsTwo_data()
    {
        QTest::addColumn<QString>("content"); // the session file's text; empty: no session file
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("not json") << QStringLiteral("{ this is not") << QStringList() << QStringLiteral("JSON");
        QTest::newRow("truncated") << QStringLiteral("{\"format\": \"zooscope-session\", \"version\": 1, \"zoo\": {\"pa")
                                   << QStringList() << QStringLiteral("JSON");
        QTest::newRow("future version") << QStringLiteral("{\"format\": \"zooscope-session\", \"version\": 99}") << QStringList()
                                        << QStringLiteral("newer");
        QTest::newRow("unknown property") << QString() << QStringList{QStringLiteral("--color-by"), QStringLiteral("colour")}
                                          << QStringLiteral("unknown property");
        QTest::newRow("prediction without a session")
            << QString() << QStringList{QStringLiteral("--color-by"), QStringLiteral("predicted_final_accuracy")}
            << QStringLiteral("comes from a model selection");
        QTest::newRow("categorical size") << QString() << QStringList{QStringLiteral("--size-by"), QStringLiteral("activation")}
                                          << QStringLiteral("continuous");
        QTest::newRow("bad camera") << QString() << QStringList{QStringLiteral("--camera"), QStringLiteral("up")}
                                    << QStringLiteral("--camera");
        QTest::newRow("bad density") << QString() << QStringList{QStringLiteral("--density"), QStringLiteral("dots")}
                                     << QStringLiteral("--density must be");
        QTest::newRow("bad density width") << QString() << QStringList{QStringLiteral("--density-width"), QStringLiteral("0")}
                                           << QStringLiteral("--density-width");
        QTest::newRow("bad dpi") << QString() << QStringList{QStringLiteral("--dpi"), QStringLiteral("5000")}
                                 << QStringLiteral("dpi");
    }

    void badInputExitsTwo()
    {
        QFETCH(QString, content);
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        QStringList all;
        if (!content.isNull()) {
            const QString file = m_dir.filePath(QStringLiteral("bad.zooscope"));
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(content.toUtf8());
            f.close();
            all << file;
        } else {
            all << QStringLiteral("--zoo") << m_zoo;
        }
        const QString out = m_dir.filePath(QStringLiteral("bad.pdf"));
        QFile::remove(out);
        const Run r = cli(all + args + QStringList{QStringLiteral("--out"), out});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message, Qt::CaseInsensitive), qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(out));
    }

    void aMovedZooOrBadOutputExitsTwo()
    {
        QVERIFY(!m_session.isEmpty());
        // The session's zoo moved away: a clear message, no figure of something else.
        QTemporaryDir other;
        const QString moved = other.filePath(QStringLiteral("figure.zooscope"));
        QVERIFY(QFile::copy(m_session, moved));
        const QString out = other.filePath(QStringLiteral("moved.svg"));
        Run r = cli({moved, QStringLiteral("--out"), out});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("missing")), qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(out));
        // A zoo that is not there, an output that is no figure format.
        r = cli({QStringLiteral("--zoo"), other.filePath(QStringLiteral("none.zoo.h5")), QStringLiteral("--out"), out});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("no such zoo")), qPrintable(r.err));
        r = cli({QStringLiteral("--zoo"), m_zoo, QStringLiteral("--out"), other.filePath(QStringLiteral("figure.jpg"))});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral(".svg, .pdf or .png")), qPrintable(r.err));
    }
};

QTEST_MAIN(TestLatentFigure)
#include "tst_latentfigure.moc"
