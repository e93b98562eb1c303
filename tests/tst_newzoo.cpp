// File > New Zoo and File > Import Public Zoo (issue 16.6): the dialog's checks and its `zoo create`
// arguments (the CLI trains the same zoo from them), a zoo trained in the background with progress,
// pause, stop (the open zoo stays), a rerun that continues from the resume file and opens the new zoo,
// and an import of a public-layout folder whose summary names the dropped checkpoint.
#include "ExplorerTestUtil.h"
#include "PublicZooTestUtil.h"
#include "ZooTestUtil.h"

#include "app/BackgroundJob.h"
#include "app/NewZooBinding.h"
#include "app/OpenedZoo.h"
#include "app/cli/CommandLine.h"
#include "app/cli/Commands.h"
#include "widgets/JobProgressDialog.h"
#include "widgets/NewZooDialog.h"
#include "widgets/ProgressIndicator.h"
#include "widgets/SlurmScriptsDialog.h"
#include "zoo/ZooFile.h"

#include <QComboBox>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QTemporaryDir>

#include <cstring>
#include <sstream>

using namespace explorertest;
using zooscope::BackgroundJob;
using zooscope::NewZooBinding;
using zooscope::NewZooDialog;
using zooscope::SlurmScriptsDialog;
using zooscope::ZooCreationPlan;

namespace {

QString mnist() { return QStringLiteral(ZOOSCOPE_SOURCE_DIR "/tests/data/mnist"); }

// The dialog's fields for a zoo of the seed recipe on the MNIST test images.
void fill(NewZooDialog* d, const QString& seeds, int epochs, int trainImages, const QString& out)
{
    d->findChild<QComboBox*>(QStringLiteral("recipeCombo"))->setCurrentIndex(1);
    d->findChild<QLineEdit*>(QStringLiteral("seedsEdit"))->setText(seeds);
    d->findChild<QSpinBox*>(QStringLiteral("epochsSpin"))->setValue(epochs);
    d->findChild<QLineEdit*>(QStringLiteral("checkpointsEdit"))->setText(QStringLiteral("0,%1").arg(epochs));
    d->findChild<QLineEdit*>(QStringLiteral("datasetEdit"))->setText(mnist());
    d->findChild<QSpinBox*>(QStringLiteral("maxTrainImagesSpin"))->setValue(trainImages);
    d->findChild<QSpinBox*>(QStringLiteral("maxEvalImagesSpin"))->setValue(200);
    d->findChild<QSpinBox*>(QStringLiteral("threadsSpin"))->setValue(1);
    d->findChild<QLineEdit*>(QStringLiteral("outputEdit"))->setText(out);
}

QPushButton* createButton(NewZooDialog* d) { return d->findChild<QPushButton*>(QStringLiteral("createButton")); }

} // namespace

class TestNewZoo : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        if (!isXcb())
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
        QVERIFY(m_dir.isValid());
    }

    void dialogChecksAndGivesTheCommandLine()
    {
        NewZooDialog d;
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        QCOMPARE(d.findChild<QLineEdit*>(QStringLiteral("datasetEdit"))->text(), NewZooDialog::defaultDatasetFolder());
        QVERIFY(!d.findChild<QPushButton*>(QStringLiteral("slurmButton"))->isVisible());
        // As a user fills it in for a grid zoo on the default dataset (the picture for the docs).
        d.findChild<QSpinBox*>(QStringLiteral("seedsPerConfigSpin"))->setValue(4);
        d.findChild<QLineEdit*>(QStringLiteral("checkpointsEdit"))->setText(QStringLiteral("0,1,2,5,10,20,30,40,50"));
        d.findChild<QLineEdit*>(QStringLiteral("outputEdit"))->setText(QDir::tempPath() + QStringLiteral("/fmnist-grid.zoo.h5"));
        QCOMPARE(d.findChild<QLabel*>(QStringLiteral("modelsLabel"))->text(), QStringLiteral("1024 models"));
        QVERIFY(!d.findChild<QLineEdit*>(QStringLiteral("seedsEdit"))->isVisible());
        QVERIFY(d.findChild<QSpinBox*>(QStringLiteral("seedsPerConfigSpin"))->isVisible());
        QCOMPARE(d.createArguments().mid(0, 4), (QStringList{QStringLiteral("--grid"), QStringLiteral("public-fmnist"),
                                                             QStringLiteral("--seeds-per-config"), QStringLiteral("4")}));
        saveScreenshot(d, QStringLiteral("new-zoo-dialog.png"));
        fill(&d, QStringLiteral("1-4,7"), 3, 500, m_dir.filePath(QStringLiteral("a.zoo.h5")));
        QVERIFY2(d.problem().isEmpty(), qPrintable(d.problem()));
        QVERIFY(createButton(&d)->isEnabled());
        QCOMPARE(d.findChild<QLabel*>(QStringLiteral("modelsLabel"))->text(), QStringLiteral("5 models"));
        const QStringList expected{QStringLiteral("--seeds"), QStringLiteral("1-4,7"), QStringLiteral("--dataset"), mnist(),
                                   QStringLiteral("--arch"), QStringLiteral("cnn-s"), QStringLiteral("--epochs"), QStringLiteral("3"),
                                   QStringLiteral("--checkpoints"), QStringLiteral("0,3"), QStringLiteral("--batch-size"),
                                   QStringLiteral("10"), QStringLiteral("--threads"), QStringLiteral("1"),
                                   QStringLiteral("--max-train-images"), QStringLiteral("500"), QStringLiteral("--max-eval-images"),
                                   QStringLiteral("200"), QStringLiteral("--resume-interval"), QStringLiteral("60"),
                                   QStringLiteral("--out"), m_dir.filePath(QStringLiteral("a.zoo.h5"))};
        QCOMPARE(d.createArguments(), expected);
        QVERIFY(!d.findChild<QSpinBox*>(QStringLiteral("seedsPerConfigSpin"))->isVisible());

        // Bad input: a clear message, and Create is off.
        auto* seeds = d.findChild<QLineEdit*>(QStringLiteral("seedsEdit"));
        seeds->setText(QStringLiteral("1-x"));
        QVERIFY(d.problem().startsWith(QStringLiteral("Seeds: ")));
        QVERIFY(!createButton(&d)->isEnabled());
        QVERIFY(d.findChild<QLabel*>(QStringLiteral("messageLabel"))->text().startsWith(QStringLiteral("Seeds: ")));
        seeds->setText(QStringLiteral("1-4"));
        d.findChild<QLineEdit*>(QStringLiteral("checkpointsEdit"))->setText(QStringLiteral("0,5"));
        QVERIFY2(d.problem().startsWith(QStringLiteral("Checkpoint epochs: ")), qPrintable(d.problem()));
        d.findChild<QLineEdit*>(QStringLiteral("checkpointsEdit"))->setText(QString());
        d.findChild<QLineEdit*>(QStringLiteral("datasetEdit"))->setText(m_dir.filePath(QStringLiteral("nowhere")));
        QVERIFY2(d.problem().contains(QStringLiteral("does not exist")), qPrintable(d.problem()));
        d.findChild<QLineEdit*>(QStringLiteral("datasetEdit"))->setText(m_dir.path());
        QVERIFY2(d.problem().contains(QStringLiteral("no IDX files")), qPrintable(d.problem()));
        d.findChild<QLineEdit*>(QStringLiteral("datasetEdit"))->setText(mnist());
        d.findChild<QSpinBox*>(QStringLiteral("batchSpin"))->setValue(600);
        QVERIFY2(d.problem().contains(QStringLiteral("more than the 500 training images")), qPrintable(d.problem()));
        d.findChild<QSpinBox*>(QStringLiteral("batchSpin"))->setValue(10);
        d.findChild<QLineEdit*>(QStringLiteral("outputEdit"))->setText(m_dir.filePath(QStringLiteral("missing/a.zoo.h5")));
        QVERIFY2(d.problem().contains(QStringLiteral("does not exist")), qPrintable(d.problem()));
        d.findChild<QLineEdit*>(QStringLiteral("outputEdit"))->setText(m_dir.path());
        QVERIFY2(d.problem().contains(QStringLiteral("is a folder")), qPrintable(d.problem()));
        QVERIFY(!createButton(&d)->isEnabled());
    }

    // The window's zoo and the one `zooscope-cli zoo create` trains from the dialog's arguments are the same.
    void windowAndCommandLineTrainTheSameZoo()
    {
        MainWindow w(false);
        w.resize(1200, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        NewZooBinding* binding = w.newZooBinding();
        const QString gui = m_dir.filePath(QStringLiteral("gui.zoo.h5")), cli = m_dir.filePath(QStringLiteral("cli.zoo.h5"));
        NewZooDialog* d = binding->openNewZooDialog();
        fill(d, QStringLiteral("1-3"), 1, 300, gui);
        QStringList args = d->createArguments();
        QSignalSpy opened(&w, &MainWindow::zooOpened);
        QTest::mouseClick(createButton(d), Qt::LeftButton);
        QVERIFY(opened.wait(60000));
        QCOMPARE(opened.first().at(0).toString(), gui);
        QCOMPARE(opened.first().at(1).toString(), QString());
        QCOMPARE(w.openedZoo()->path, gui);
        QCOMPARE(w.openedZoo()->zoo.modelCount(), int64_t(3));

        args[args.indexOf(QStringLiteral("--out")) + 1] = cli;
        std::vector<std::string> argv{"zoo", "create"};
        for (const QString& a : args)
            argv.push_back(a.toStdString());
        zooscope::cli::CommandLine commands;
        zooscope::cli::addCommands(commands);
        std::ostringstream out, err;
        QCOMPARE(commands.run(argv, out, err), 0);
        const zooscope::ModelZoo a = zooscope::ZooFile::read(gui.toStdString()), b = zooscope::ZooFile::read(cli.toStdString());
        QCOMPARE(a.checkpointEpochs, b.checkpointEpochs);
        QVERIFY(a.weights == b.weights);
        QVERIFY(!a.weights.empty());
        QVERIFY(QString::fromStdString(a.createdBy).contains(QStringLiteral("zoo create --seeds 1-3")));
    }

    // "Write Slurm Job Scripts" from the New Zoo dialog writes what `zoo create ... --slurm-scripts` writes.
    void slurmScriptsFromTheWindowMatchTheCommandLine()
    {
        MainWindow w(false);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        NewZooBinding* binding = w.newZooBinding();
        const QString out = m_dir.filePath(QStringLiteral("cluster.zoo.h5"));
        NewZooDialog* d = binding->openNewZooDialog();
        fill(d, QStringLiteral("1-6"), 2, 300, out);
        auto* button = d->findChild<QPushButton*>(QStringLiteral("slurmButton"));
        QVERIFY(button->isVisible() && button->isEnabled());
        QTest::mouseClick(button, Qt::LeftButton);
        auto* s = d->findChild<SlurmScriptsDialog*>();
        QVERIFY(s && s->isVisible());
        QCOMPARE(s->findChild<QSpinBox*>(QStringLiteral("shards"))->maximum(), 6); // no empty shard
        s->findChild<QSpinBox*>(QStringLiteral("shards"))->setValue(3);
        s->findChild<QSpinBox*>(QStringLiteral("cpusPerTask"))->setValue(2);
        s->findChild<QLineEdit*>(QStringLiteral("cli"))->setText(QStringLiteral("zooscope-cli"));
        const QString jobs = m_dir.filePath(QStringLiteral("jobs"));
        s->findChild<QLineEdit*>(QStringLiteral("timeLimit"))->setText(QStringLiteral("soon"));
        QVERIFY(!s->problem().isEmpty());
        s->findChild<QLineEdit*>(QStringLiteral("timeLimit"))->setText(QStringLiteral("1:30:00"));
        s->findChild<QLineEdit*>(QStringLiteral("folder"))->setText(jobs);
        QVERIFY2(s->problem().isEmpty(), qPrintable(s->problem()));
        saveScreenshot(*s, QStringLiteral("slurm-scripts-dialog.png"));
        QSignalSpy written(binding, &NewZooBinding::slurmScriptsWritten);
        s->accept();
        QCOMPARE(written.size(), 1);
        QCOMPARE(binding->lastSlurmScripts().size(), 3);
        auto* box = w.findChild<QMessageBox*>(QStringLiteral("slurmScriptsMessage"));
        QVERIFY(box && box->text().contains(QStringLiteral("submit.sh")));
        box->close();
        d->reject();

        // The same request on the command line, into another folder; the scripts differ only in that folder.
        const QStringList args = d->createArguments();
        std::vector<std::string> argv{"zoo", "create"};
        for (const QString& a : args)
            argv.push_back(a.toStdString());
        const QString cliJobs = m_dir.filePath(QStringLiteral("cli-jobs"));
        for (const char* a : {"--slurm-scripts", "", "--shards", "3", "--cpus-per-task", "2", "--time-limit", "1:30:00",
                              "--slurm-cli", "zooscope-cli"})
            argv.push_back(*a ? std::string(a) : cliJobs.toStdString());
        const QString before = QDir::currentPath();
        QDir::setCurrent(m_dir.path()); // the window's jobs run in the zoo's folder
        zooscope::cli::CommandLine commands;
        zooscope::cli::addCommands(commands);
        std::ostringstream cout, cerr;
        const int rc = commands.run(argv, cout, cerr);
        QDir::setCurrent(before);
        QVERIFY2(rc == 0, cerr.str().c_str());
        for (const char* name : {"zoo-shards.sbatch", "zoo-merge.sbatch", "submit.sh"}) {
            QFile a(QDir(jobs).filePath(QString::fromLatin1(name))), b(QDir(cliJobs).filePath(QString::fromLatin1(name)));
            QVERIFY2(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly), name);
            const QByteArray fromWindow = a.readAll();
            QVERIFY2(fromWindow.contains(std::strcmp(name, "submit.sh") == 0 ? "--dependency=afterok" : "-of-3.h5"), name);
            QCOMPARE(QString::fromUtf8(fromWindow), QString::fromUtf8(b.readAll()).replace(cliJobs, jobs));
        }
    }

    void stopKeepsTheOpenZooAndARerunContinues()
    {
        MainWindow w(false);
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const QString before = defaultZooCopy(m_dir.path());
        QVERIFY(openAndSettle(w, before));
        NewZooBinding* binding = w.newZooBinding();
        BackgroundJob* job = binding->job();
        zooscope::JobProgressDialog* progress = binding->progressDialog();
        const QString out = m_dir.filePath(QStringLiteral("stopped.zoo.h5"));
        const QString resume = out + QStringLiteral(".resume");

        NewZooDialog* d = binding->openNewZooDialog();
        fill(d, QStringLiteral("1-32"), 2, 3000, out);
        d->findChild<QDoubleSpinBox*>(QStringLiteral("resumeIntervalSpin"))->setValue(0); // save at every report
        QSignalSpy finished(job, &BackgroundJob::finished);
        QTest::mouseClick(createButton(d), Qt::LeftButton);
        QVERIFY(job->isBusy());
        QVERIFY(progress->isVisible());
        QVERIFY(QTest::qWaitFor([&] { return progress->bar()->value() >= 50; }, 60000));
        QVERIFY(progress->bar()->value() < 600);
        QVERIFY(progress->detailsText().contains(QStringLiteral("models done")));
        QVERIFY2(progress->timeLeftText().contains(QStringLiteral("about")), qPrintable(progress->timeLeftText()));
        QVERIFY(w.progressIndicator()->isRunning()); // the status bar shows it too
        saveScreenshot(w, QStringLiteral("new-zoo-progress-window.png"));
        saveScreenshot(*progress, QStringLiteral("new-zoo-progress.png"));

        // Pause parks the trainer's workers (not only its reports): after 2 s of pause the bar has moved on
        // by about one report interval of work, not by the 2 s that running workers would have done.
        const auto barAfter = [&](int ms) {
            QTest::qWait(ms);
            return progress->bar()->value();
        };
        const int a = barAfter(0), b = barAfter(1000);
        const double perSecond = b - a;
        QVERIFY2(perSecond > 0, "training moves");
        QTest::mouseClick(progress->findChild<QPushButton*>(QStringLiteral("pauseButton")), Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return job->isWaitingInPause(); }, 10000));
        QCOMPARE(progress->findChild<QPushButton*>(QStringLiteral("pauseButton"))->text(), QStringLiteral("&Continue"));
        QCOMPARE(progress->timeLeftText(), QStringLiteral("Paused."));
        const int pausedAt = barAfter(200);
        QCOMPARE(barAfter(2000), pausedAt);
        QTest::mouseClick(progress->findChild<QPushButton*>(QStringLiteral("pauseButton")), Qt::LeftButton);
        QVERIFY(!job->isPaused());
        QVERIFY(QTest::qWaitFor([&] { return progress->bar()->value() != pausedAt; }, 10000));
        const int jump = progress->bar()->value() - pausedAt;
        QVERIFY2(jump < 1.5 * perSecond, qPrintable(QStringLiteral("%1 after the pause, %2 a second before").arg(jump).arg(perSecond)));

        // Stop: the state stays in the resume file, no zoo file, the open zoo stays, no error.
        QTest::mouseClick(progress->findChild<QPushButton*>(QStringLiteral("stopButton")), Qt::LeftButton);
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.first().at(0).value<BackgroundJob::Outcome>(), BackgroundJob::Outcome::Cancelled);
        QVERIFY(QFileInfo::exists(resume));
        QVERIFY(!QFileInfo::exists(out));
        QCOMPARE(w.openedZoo()->path, before);
        QVERIFY(!errorBox(w));
        QVERIFY(!progress->isVisible());

        // The next New Zoo starts from the same plan and says it continues; the run resumes and opens.
        d = binding->openNewZooDialog();
        QCOMPARE(d->findChild<QLineEdit*>(QStringLiteral("outputEdit"))->text(), out);
        QCOMPARE(d->findChild<QLineEdit*>(QStringLiteral("seedsEdit"))->text(), QStringLiteral("1-32"));
        QVERIFY(d->findChild<QLabel*>(QStringLiteral("messageLabel"))->text().contains(QStringLiteral("continues")));
        QList<double> trainingFractions;
        connect(job, &BackgroundJob::progress, this, [&](const QString& stage, double fraction, double) {
            if (stage == QLatin1String("training"))
                trainingFractions << fraction;
        });
        QSignalSpy opened(&w, &MainWindow::zooOpened);
        QTest::mouseClick(createButton(d), Qt::LeftButton);
        QVERIFY(opened.wait(120000));
        QCOMPARE(opened.first().at(1).toString(), QString());
        QCOMPARE(w.openedZoo()->path, out);
        QCOMPARE(w.openedZoo()->zoo.modelCount(), int64_t(32));
        QVERIFY(!QFileInfo::exists(resume));
        QVERIFY(!trainingFractions.isEmpty());
        QVERIFY2(trainingFractions.first() > 0.06, qPrintable(QString::number(trainingFractions.first()))); // resumed, not from 0
        QVERIFY(QTest::qWaitFor([&] { return !w.isBusy(); }, 60000));
    }

    void failureShowsAnErrorAndKeepsTheZoo()
    {
        MainWindow w(false);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const QString before = defaultZooCopy(m_dir.path());
        QVERIFY(openAndSettle(w, before));
        QTemporaryDir empty;
        QSignalSpy finished(w.newZooBinding()->job(), &BackgroundJob::finished);
        QVERIFY(w.newZooBinding()->importPublicZoo(empty.path(), m_dir.filePath(QStringLiteral("none.zoo.h5"))));
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.first().at(0).value<BackgroundJob::Outcome>(), BackgroundJob::Outcome::Failed);
        QVERIFY(errorBox(w));
        QCOMPARE(w.openedZoo()->path, before);
        closeErrorBoxes(w);
    }

    void importShowsDroppedCheckpointsAndOpens()
    {
        zooscope::ModelZoo z = zootest::syntheticZoo(4, 4, {0, 2, 4});
        float* w1 = z.weightsAt(1, 1);
        w1[3] = 50.0f; // beyond the public loaders' threshold of 5: dropped
        const QString folder = m_dir.filePath(QStringLiteral("public"));
        zootest::writePublicZoo(z, folder);
        const QString out = m_dir.filePath(QStringLiteral("imported.zoo.h5"));

        MainWindow w(false);
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy opened(&w, &MainWindow::zooOpened);
        QVERIFY(w.newZooBinding()->importPublicZoo(folder, out));
        QVERIFY(opened.wait(60000));
        QCOMPARE(opened.first().at(0).toString(), out);
        QCOMPARE(w.openedZoo()->zoo.modelCount(), int64_t(4));
        QMessageBox* summary = w.newZooBinding()->importSummary();
        QVERIFY(summary);
        QVERIFY(summary->isVisible());
        QVERIFY2(summary->text().contains(QStringLiteral("Imported 4 of 4 model folders")), qPrintable(summary->text()));
        QVERIFY2(summary->text().contains(QStringLiteral("1 dropped")), qPrintable(summary->text()));
        QVERIFY2(summary->informativeText().contains(QStringLiteral("trial_001")), qPrintable(summary->informativeText()));
        QVERIFY(QTest::qWaitFor([&] { return !w.isBusy(); }, 60000));
        saveScreenshot(*summary, QStringLiteral("import-public-zoo-summary.png"));
        saveScreenshot(w, QStringLiteral("import-public-zoo-window.png"));
    }
};

QTEST_MAIN(TestNewZoo)
#include "tst_newzoo.moc"
