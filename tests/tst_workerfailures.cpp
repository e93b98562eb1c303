// The explorer under failures (issue 15): a zoo, hyper-representation or session file that cannot be
// read, and a failure in each kind of worker (zoo opening, hyper-representation loading, projection,
// training, analysis, sampling, injected through BackgroundJob::failNextRun where the work would begin),
// each give an error dialog and leave what was on show as it was: the zoo, its points, the selection, the
// hyper-representation, the session file and the window title. The window then still works.
#include "ExplorerTestUtil.h"
#include "FileBytes.h"

#include "app/BackgroundJob.h"
#include "app/OpenedZoo.h"
#include "widgets/LatentScatterView.h"
#include "widgets/SelectionModel.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace zooscope;
using namespace explorertest;

namespace {

// What the user sees of the window's state.
struct Shown {
    QString zoo;
    size_t points = 0;
    std::vector<int> selection;
    QString hyperRepresentation;
    QString sessionFile;
    QString title;
    bool operator==(const Shown& o) const
    {
        return zoo == o.zoo && points == o.points && selection == o.selection && hyperRepresentation == o.hyperRepresentation &&
               sessionFile == o.sessionFile && title == o.title;
    }
};

Shown shown(const MainWindow& w)
{
    return {w.openedZoo() ? w.openedZoo()->path : QString(), w.scatterView()->pointCount(), w.selectionModel()->selectedRows(),
            w.session()->hyperRepresentationPath(), w.session()->sessionFile(), w.windowTitle()};
}

QString describe(const Shown& s)
{
    return QStringLiteral("zoo %1, %2 points, %3 selected, hr %4, session %5, title %6")
        .arg(s.zoo)
        .arg(s.points)
        .arg(s.selection.size())
        .arg(s.hyperRepresentation, s.sessionFile, s.title);
}

void writeGarbage(const QString& file, const QByteArray& bytes)
{
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes);
}

} // namespace

class TestWorkerFailures : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;
    Shown m_before;

    // The dialog that the last failure showed: it names `expected`; closed afterwards. And the state
    // is what it was.
    void expectDialogAndNoChange(const QString& expected)
    {
        QVERIFY2(QTest::qWaitFor([&] { return errorBox(*m_window) != nullptr; }, 30000), "no error dialog");
        QMessageBox* box = errorBox(*m_window);
        QVERIFY2(box->text().contains(expected), qPrintable(box->text()));
        closeErrorBoxes(*m_window);
        QVERIFY(QTest::qWaitFor([&] { return !m_window->isBusy(); }, 120000));
        QVERIFY2(shown(*m_window) == m_before, qPrintable(QStringLiteral("before: ") + describe(m_before) + QStringLiteral("\nafter: ") + describe(shown(*m_window))));
    }

private slots:
    void initTestCase()
    {
        if (!isXcb())
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
        QVERIFY(m_dir.isValid());
        m_window = std::make_unique<MainWindow>(false);
        m_window->resize(1300, 850);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        const QString zoo = defaultZooWithHyperRepresentationCopy(m_dir.path());
        QVERIFY(openAndSettle(*m_window, zoo));
        QVERIFY2(m_window->session()->hyperRepresentation(), "the companion hyper-representation was loaded");
        m_window->selectionModel()->setSelectedRows({3, 10, 42, 77});
        QVERIFY(m_window->saveSession(m_dir.filePath(QStringLiteral("view.zooscope"))));
        m_before = shown(*m_window);
        QVERIFY(m_before.points > 0);
        QCOMPARE(m_before.selection.size(), size_t(4));
        QVERIFY(!m_before.sessionFile.isEmpty());
        QVERIFY(!m_before.hyperRepresentation.isEmpty());
    }

    void corruptZooKeepsTheOpenZoo()
    {
        // An HDF5 file cut in half: the header reads, the data does not.
        const QString bad = m_dir.filePath(QStringLiteral("cut.zoo.h5"));
        QByteArray bytes = readBytes(defaultZoo());
        writeGarbage(bad, bytes.left(bytes.size() / 2));
        QSignalSpy opened(m_window.get(), &MainWindow::zooOpened);
        m_window->openZoo(bad);
        QVERIFY(opened.wait(60000));
        QVERIFY(!opened.first().at(1).toString().isEmpty());
        expectDialogAndNoChange(QStringLiteral("cut.zoo.h5"));
    }

    void corruptHyperRepresentationKeepsTheLatents()
    {
        const QString bad = m_dir.filePath(QStringLiteral("broken.hr"));
        QByteArray bytes = readBytes(m_before.hyperRepresentation);
        for (int i = 200; i < bytes.size(); i += 997) // damaged bytes all through the archive
            bytes[i] = char(bytes[i] ^ 0x5a);
        writeGarbage(bad, bytes);
        QSignalSpy loaded(m_window.get(), &MainWindow::hyperRepresentationLoaded);
        m_window->loadHyperRepresentation(bad);
        QVERIFY(loaded.wait(60000));
        QVERIFY(!loaded.first().at(1).toString().isEmpty());
        expectDialogAndNoChange(QStringLiteral("broken.hr"));
    }

    void badSessionKeepsTheSession()
    {
        const QString bad = m_dir.filePath(QStringLiteral("bad.zooscope"));
        writeGarbage(bad, "{\"format\": \"zooscope-session\", \"version\": 1, \"zoo\": ");
        QSignalSpy opened(m_window.get(), &MainWindow::sessionOpened);
        m_window->openSession(bad);
        QVERIFY(QTest::qWaitFor([&] { return !opened.isEmpty(); }, 60000));
        QVERIFY(!opened.first().at(1).toString().isEmpty());
        expectDialogAndNoChange(QStringLiteral("bad.zooscope"));
    }

    // A failure in each worker: a dialog with its message, nothing else changed.
    void workerFailureShowsADialog_data()
    {
        QTest::addColumn<QString>("worker");
        for (const char* w : {"zoo", "hyper-representation", "projection", "training", "analysis", "sampling"})
            QTest::newRow(w) << QString::fromLatin1(w);
    }
    void workerFailureShowsADialog()
    {
        QFETCH(QString, worker);
        const QString message = QStringLiteral("injected failure in the %1 worker").arg(worker);
        ExplorerSession* s = m_window->session();
        if (worker == QLatin1String("zoo")) {
            s->zooJob()->failNextRun(message);
            m_window->openZoo(defaultZooCopy(m_dir.path()));
        } else if (worker == QLatin1String("hyper-representation")) {
            s->hyperRepresentationJob()->failNextRun(message);
            m_window->loadHyperRepresentation(m_before.hyperRepresentation);
        } else if (worker == QLatin1String("projection")) {
            s->projectionJob()->failNextRun(message);
            QVERIFY(m_window->setProjection(QStringLiteral("tsne")));
        } else if (worker == QLatin1String("training")) {
            configureTinyTraining(m_window->hyperRepresentationPanel(), 1);
            s->trainingJob()->failNextRun(message);
            m_window->startTraining();
        } else if (worker == QLatin1String("analysis")) {
            s->analysisJob()->failNextRun(message);
            m_window->runAnalysis();
        } else {
            QVERIFY(m_window->showPanel(QStringLiteral("sampling")));
            s->samplingJob()->failNextRun(message);
            m_window->startSampling();
        }
        expectDialogAndNoChange(message);
    }

    // After all that the window works: a projection and an analysis run and show, another zoo opens.
    void windowStillWorks()
    {
        QSignalSpy projected(m_window.get(), &MainWindow::projectionShown);
        QVERIFY(m_window->setProjection(QStringLiteral("axes")));
        QVERIFY(QTest::qWaitFor([&] { return !projected.isEmpty() && !m_window->isBusy(); }, 120000));
        QSignalSpy analysed(m_window.get(), &MainWindow::analysisFinished);
        m_window->runAnalysis();
        QVERIFY(analysed.wait(120000));
        QCOMPARE(analysed.first().at(0).toString(), QString());
        QVERIFY(!errorBox(*m_window));
        QVERIFY(openAndSettle(*m_window, defaultZooCopy(m_dir.path())));
        QCOMPARE(m_window->openedZoo()->path, QFileInfo(defaultZooCopy(m_dir.path())).absoluteFilePath());
        QVERIFY(m_window->scatterView()->pointCount() > 0);
        QVERIFY(m_window->session()->sessionFile().isEmpty()); // a newly opened zoo is no longer the session
    }
};

QTEST_MAIN(TestWorkerFailures)
#include "tst_workerfailures.moc"
