// Sessions as the user works with them (real window under Xvfb): the default zoo with its
// hyper-representation, a projection, a colouring, a camera preset, a selection and a named selection
// saved as a session; a fresh window that opens it shows the same (same camera pose, the same (model id,
// epoch) pairs selected, same colouring and projection), and saving it again writes the same bytes. A
// session whose zoo moved gives an error dialog and no wrong zoo; `zooscope --session` with a bad file
// exits 2 with the message on stderr, and a screenshot waits for the session.
#include "app/MainWindow.h"
#include "app/OpenedZoo.h"
#include "app/SessionFile.h"
#include "widgets/LatentScatterView.h"
#include "widgets/ProjectionPanel.h"
#include "widgets/SelectionModel.h"

#include <QComboBox>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "FileBytes.h"

#include "ExplorerTestUtil.h"

using namespace explorertest;
using zooscope::ExplorerSession;
using zooscope::LatentScatterView;

namespace {

// Opens a session in `w` and waits until it is on show and every job has ended.
bool openSessionAndSettle(MainWindow& w, const QString& file, QString* error, QStringList* warnings)
{
    QSignalSpy opened(&w, &MainWindow::sessionOpened);
    w.openSession(file);
    if (!opened.wait(120000))
        return false;
    *error = opened.first().at(1).toString();
    *warnings = opened.first().at(2).toStringList();
    return QTest::qWaitFor([&] { return !w.isBusy(); }, 120000);
}

} // namespace

class TestSessions : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_zoo;

private slots:
    void initTestCase()
    {
        if (!isXcb())
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
        QVERIFY(m_dir.isValid());
        m_zoo = defaultZooWithHyperRepresentationCopy(m_dir.path());
        QVERIFY(QFileInfo::exists(m_dir.filePath(QStringLiteral("fashion-mnist-cnn-s.hr"))));
    }

    void aSavedSessionOpensAsItWasSaved()
    {
        const QString file = m_dir.filePath(QStringLiteral("paper.zooscope"));
        zooscope::CameraPose pose;
        std::vector<zooscope::ModelCheckpoint> selected, named;
        std::vector<float> xyz;
        {
            MainWindow w(false);
            w.resize(1400, 900);
            w.show();
            QVERIFY(openAndSettle(w, m_zoo));
            QVERIFY(w.session()->hyperRepresentation() != nullptr); // the companion .hr
            ExplorerSession* s = w.session();

            // Latent axes 3, 1, 2 (a projection other than the first one), coloured by activation.
            w.projectionPanel()->setAxes({2, 0, 1});
            QSignalSpy shown(&w, &MainWindow::projectionShown);
            QVERIFY(w.setProjection(QStringLiteral("axes")));
            QVERIFY(shown.count() > 0 || shown.wait(60000));
            QVERIFY(QTest::qWaitFor([&] { return !w.isBusy(); }, 60000));
            QVERIFY(w.setColorBy(QStringLiteral("activation")));
            w.scatterView()->setCameraPreset(LatentScatterView::CameraPreset::Isometric);
            w.scatterView()->setTrajectoryMode(LatentScatterView::TrajectoryMode::All);
            w.selectionModel()->setSelectedRows({7, 100, 1500});
            w.selectionModel()->saveAs(QStringLiteral("three picked"));
            w.selectionModel()->setSelectedRows({1, 2, 3, 900});
            QTest::qWait(100);

            // The session follows the view.
            pose = w.scatterView()->cameraPose();
            QVERIFY(s->viewState().camera.has_value());
            QVERIFY(*s->viewState().camera == pose);
            QCOMPARE(int(s->viewState().trajectories), int(LatentScatterView::TrajectoryMode::All));
            const zooscope::SessionState state = s->captureSession();
            selected = state.selection;
            QCOMPARE(selected.size(), size_t(4));
            QCOMPARE(state.namedSelections.size(), size_t(1));
            named = state.namedSelections.front().second;
            xyz = s->projection().xyz;

            QVERIFY(w.saveSession(file));
            QCOMPARE(w.session()->sessionFile(), file);
            QVERIFY(w.windowTitle().startsWith(QStringLiteral("paper.zooscope")));
            QVERIFY(w.recentSessions().isEmpty() == false);
        }
        const QByteArray saved = readBytes(file);
        QVERIFY(saved.contains("\"path\": \"fashion-mnist-cnn-s.zoo.h5\""));
        QVERIFY(saved.contains("\"path\": \"fashion-mnist-cnn-s.hr\""));

        MainWindow w(false);
        w.resize(1400, 900);
        w.show();
        QString error;
        QStringList warnings;
        QVERIFY(openSessionAndSettle(w, file, &error, &warnings));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join(QLatin1Char('\n'))));
        QTest::qWait(200); // frames and late camera reports must not move the camera
        QVERIFY(errorBox(w) == nullptr);
        ExplorerSession* s = w.session();
        QVERIFY(s->zoo() != nullptr);
        QCOMPARE(QFileInfo(s->zoo()->path).canonicalFilePath(), QFileInfo(m_zoo).canonicalFilePath());
        QVERIFY(s->hyperRepresentation() != nullptr);
        // Same projection, same points.
        QCOMPARE(int(s->projection().request.method), int(zooscope::ProjectionMethod::Axes));
        QVERIFY((s->projection().request.axes == std::array<int, 3>{2, 0, 1}));
        QVERIFY(s->projection().xyz == xyz);
        QCOMPARE(w.projectionPanel()->method(), QStringLiteral("axes"));
        QVERIFY((w.projectionPanel()->axes() == std::array<int, 3>{2, 0, 1}));
        // Same colouring, in the session, the panel and the view.
        QCOMPARE(s->pointStyle().colorBy, QStringLiteral("activation"));
        QCOMPARE(w.projectionPanel()->colorBy(), QStringLiteral("activation"));
        QVERIFY(w.scatterView()->colorBarTitle() == zooscope::PointProperty::titleOf(QStringLiteral("activation")));
        // Same camera, exactly.
        QVERIFY(w.scatterView()->cameraPose() == pose);
        QVERIFY(s->viewState().camera && *s->viewState().camera == pose);
        QCOMPARE(int(w.scatterView()->trajectoryMode()), int(LatentScatterView::TrajectoryMode::All));
        // Same (model id, epoch) pairs selected and named.
        const zooscope::SessionState state = s->captureSession();
        QVERIFY(state.selection == selected);
        QCOMPARE(w.selectionModel()->selectedRows(), (std::vector<int>{1, 2, 3, 900}));
        QCOMPARE(w.selectionModel()->names(), QStringList{QStringLiteral("three picked")});
        QCOMPARE(w.selectionModel()->namedRows(QStringLiteral("three picked")), (std::vector<int>{7, 100, 1500}));
        QVERIFY(state.namedSelections.front().second == named);
        QVERIFY(w.windowTitle().startsWith(QStringLiteral("paper.zooscope")));

        // Saved again: the same bytes.
        const QString again = m_dir.filePath(QStringLiteral("again.zooscope"));
        QVERIFY(w.saveSession(again));
        QCOMPARE(readBytes(again), saved);
    }

    void aSessionWhoseZooMovedIsAnErrorNotAWrongZoo()
    {
        QTemporaryDir dir;
        const QString zoo = dir.filePath(QStringLiteral("moving.zoo.h5"));
        QVERIFY(QFile::copy(defaultZoo(), zoo));
        const QString file = dir.filePath(QStringLiteral("moving.zooscope"));
        {
            MainWindow w(false);
            w.show();
            QVERIFY(openAndSettle(w, zoo));
            QVERIFY(w.saveSession(file));
        }
        QVERIFY(QFile::rename(zoo, dir.filePath(QStringLiteral("elsewhere.zoo.h5"))));

        MainWindow w(false);
        w.show();
        QString error;
        QStringList warnings;
        QVERIFY(openSessionAndSettle(w, file, &error, &warnings));
        QVERIFY2(error.contains(QStringLiteral("is missing (moved or deleted)")), qPrintable(error));
        QVERIFY(QTest::qWaitFor([&] { return errorBox(w) != nullptr; }, 5000));
        QVERIFY(errorBox(w)->text().contains(zoo));
        QVERIFY(errorBox(w)->text().contains(QStringLiteral("is missing (moved or deleted)")));
        QVERIFY(w.openedZoo() == nullptr); // still the demo cloud, no other zoo
        QVERIFY(w.session()->sessionFile().isEmpty());
        closeErrorBoxes(w);
    }

    void theCommandLineRefusesABadSessionAndShootsAGoodOne()
    {
        const QString bad = m_dir.filePath(QStringLiteral("bad.zooscope"));
        {
            QFile f(bad);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("{\"format\": \"zooscope-session\", \"version\": 7}");
        }
        QProcess app;
        app.start(QStringLiteral(ZOOSCOPE_BIN_DIR "/zooscope"), {QStringLiteral("--session"), bad});
        QVERIFY(app.waitForFinished(120000));
        QCOMPARE(app.exitCode(), 2);
        QVERIFY2(app.readAllStandardError().contains("written by a newer ZooScope (session version 7); this one reads version 1"),
                 "stderr has the message");

        // A screenshot of a session is taken once the session is on show.
        const QString shot = m_dir.filePath(QStringLiteral("session.png"));
        app.start(QStringLiteral(ZOOSCOPE_BIN_DIR "/zooscope"),
                  {QStringLiteral("--session"), m_dir.filePath(QStringLiteral("paper.zooscope")), QStringLiteral("--size"),
                   QStringLiteral("1280x800"), QStringLiteral("--screenshot"), shot});
        QVERIFY(app.waitForFinished(240000));
        QVERIFY2(app.exitCode() == 0, app.readAllStandardError().constData());
        QImage image(shot);
        QCOMPARE(image.size(), QSize(1280, 800));
    }
};

QTEST_MAIN(TestSessions)
#include "tst_sessions.moc"
