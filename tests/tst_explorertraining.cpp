// The explorer as a user drives it (real widgets under Xvfb): open the default zoo, train a
// hyper-representation for one short epoch and watch the curves and the 3D view change, save and load
// it, switch projection and colouring, run the probes, pause and cancel a training, and get clear
// errors for files that do not fit.
#include "app/BackgroundJob.h"
#include "app/ExplorerSession.h"
#include "app/MainWindow.h"
#include "app/OpenedZoo.h"
#include "hyperrep/HyperRepresentation.h"
#include "hyperrep/HyperRepresentationRecipe.h"
#include "widgets/AnalysisPanel.h"
#include "widgets/LatentScatterView.h"
#include "widgets/ProjectionPanel.h"
#include "widgets/TrainingCurvesChart.h"
#include "widgets/HyperRepresentationPanel.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <qcustomplot.h>

#include "ExplorerTestUtil.h"

#include <cmath>


using namespace explorertest;


class TestExplorerTraining : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_savedHyperRepresentation; // written by the first test, used by the later ones

private slots:
    void initTestCase()
    {
        if (!isXcb())
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
        QVERIFY(m_dir.isValid());
        QVERIFY2(QFileInfo::exists(defaultZoo()), "the default zoo is in data/");
    }

    void trainingOneShortEpochUpdatesCurvesAndView()
    {
        MainWindow w(false);
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(openAndSettle(w, defaultZoo()));
        const size_t points = size_t(w.openedZoo()->pointCount());
        QCOMPARE(w.scatterView()->pointCount(), points);
        const std::vector<float> before = w.scatterView()->scene().xyz();

        zooscope::HyperRepresentationPanel* panel = w.hyperRepresentationPanel();
        QVERIFY(panel->startButton()->isEnabled());
        // The panel starts from the recipe the ablation found best, including the settings it shows no
        // control for (augmentation).
        const zooscope::HyperRepresentationRecipe recommended = zooscope::HyperRepresentationRecipe::recommended();
        QCOMPARE(panel->config().latentDim, int64_t(384));
        QCOMPARE(panel->config().dModel, recommended.config.dModel);
        QCOMPARE(panel->config().feedForward, recommended.config.feedForward);
        QCOMPARE(panel->config().dropout, recommended.config.dropout);
        QCOMPARE(int(panel->trainingOptions().loss), int(zooscope::ReconstructionLoss::ModelRelative));
        QCOMPARE(panel->trainingOptions().epochs, recommended.options.epochs);
        QCOMPARE(panel->trainingOptions().gamma, recommended.options.gamma);
        QCOMPARE(panel->trainingOptions().augmentation.noiseSigma, 0.001);
        QCOMPARE(panel->trainingOptions().augmentation.erasingProbability, 0.0);
        QCOMPARE(panel->trainingOptions().behaviourWeight, 0.1);
        QCOMPARE(panel->trainingOptions().behaviourImages, int64_t(64));
        QCOMPARE(panel->trainingOptions().behaviourStartEpoch, int64_t(21));
        // The default zoo is Fashion-MNIST: the behavioural term can run. Without images its controls are
        // off and so is the term; back with them, the weight shown counts again.
        QVERIFY(panel->isBehaviourAvailable());
        auto* weightSpin = panel->findChild<QDoubleSpinBox*>(QStringLiteral("behaviourWeightSpin"));
        auto* startSpin = panel->findChild<QSpinBox*>(QStringLiteral("behaviourStartSpin"));
        QVERIFY(weightSpin->isEnabled());
        weightSpin->setValue(0.25);
        panel->setBehaviourAvailable(false, QStringLiteral("no images"));
        QVERIFY(!weightSpin->isEnabled());
        QCOMPARE(weightSpin->toolTip(), QStringLiteral("no images"));
        QCOMPARE(panel->trainingOptions().behaviourWeight, 0.0);
        panel->setBehaviourAvailable(true);
        QCOMPARE(panel->trainingOptions().behaviourWeight, 0.25);
        QVERIFY(weightSpin->toolTip().contains(QStringLiteral("behavioural term")));
        weightSpin->setValue(recommended.options.behaviourWeight);
        // A start in the middle of the epochs follows them; one set by hand stays.
        auto* epochsSpin = panel->findChild<QSpinBox*>(QStringLiteral("epochsSpin"));
        epochsSpin->setValue(40);
        startSpin->setValue(21);
        epochsSpin->setValue(10);
        QCOMPARE(startSpin->value(), 6);
        startSpin->setValue(3);
        epochsSpin->setValue(20);
        QCOMPARE(startSpin->value(), 3);
        epochsSpin->setValue(40);
        startSpin->setValue(21); // tied again: the one-epoch training below starts the term at epoch 1
        configureTinyTraining(panel, 1);
        QSignalSpy progress(w.session(), &zooscope::ExplorerSession::trainingProgress);
        QSignalSpy finished(&w, &MainWindow::trainingFinished);
        QSignalSpy shown(&w, &MainWindow::projectionShown);
        QTest::mouseClick(panel->startButton(), Qt::LeftButton);
        QVERIFY(w.session()->trainingJob()->isBusy());
        QVERIFY(!panel->startButton()->isEnabled());
        QVERIFY(panel->cancelButton()->isEnabled());
        // The window keeps handling events while the worker trains: progress arrives on the GUI thread.
        QVERIFY(progress.wait(60000));
        QVERIFY(QTest::qWaitFor([&] { return !finished.isEmpty(); }, 120000));
        QCOMPARE(finished.first().at(0).toBool(), true);
        QCOMPARE(finished.first().at(1).toString(), QString());

        // The curves got the steps' losses and the epoch's train and validation R^2.
        QTRY_VERIFY_WITH_TIMEOUT(panel->chart()->lossPointCount() >= 1, 2000);
        QCOMPARE(panel->chart()->r2PointCount(), 1);
        QCOMPARE(panel->chart()->trainR2Graph()->dataCount(), 1);
        QCOMPARE(panel->progressBar()->value(), 1000);
        // The recipe's behavioural term ran (its start followed the one epoch): its curve and its record.
        QVERIFY(panel->chart()->behaviourGraph()->dataCount() >= 1);
        QVERIFY(std::isfinite(panel->chart()->behaviourGraph()->data()->at(0)->value));
        QCOMPARE(w.session()->hyperRepresentation()->trainingInfo().at("options").at("behaviour_weight").number(), 0.1);
        QCOMPARE(w.session()->hyperRepresentation()->trainingInfo().at("options").at("behaviour_start_epoch").integer(), int64_t(1));
        QVERIFY(std::isfinite(w.session()->hyperRepresentation()->history().back().behaviourLoss));
        QVERIFY(panel->startButton()->isEnabled());

        // The view now shows the new latents (PCA of them), not the weights.
        QVERIFY(w.session()->hyperRepresentation());
        QCOMPARE(w.session()->latentDimension(), int64_t(8));
        QCOMPARE(w.session()->latents().size(), points * 8);
        QVERIFY(QTest::qWaitFor([&] { return !w.isBusy(); }, 30000));
        QVERIFY(!shown.isEmpty());
        QCOMPARE(w.session()->projection().request.data.get(), &w.session()->latents());
        QCOMPARE(w.session()->projection().request.columns, int64_t(8));
        QCOMPARE(w.scatterView()->scene().xyz(), w.session()->projection().xyz);
        QVERIFY(w.scatterView()->scene().xyz() != before);
        QVERIFY(w.projectionPanel()->descriptionLabel()->text().contains(QStringLiteral("of the variance")));

        // Saved through the window, it loads again with the same latents.
        const QString file = m_dir.filePath(QStringLiteral("tiny.hr"));
        QVERIFY(w.saveHyperRepresentation(file));
        QVERIFY(QFileInfo(file).size() > 1000);
        m_savedHyperRepresentation = file;
        const std::vector<float> trained = w.session()->latents();

        MainWindow again(false);
        again.show();
        QVERIFY(openAndSettle(again, defaultZooCopy(m_dir.path())));
        QSignalSpy loaded(&again, &MainWindow::hyperRepresentationLoaded);
        again.loadHyperRepresentation(file);
        QVERIFY(loaded.wait(60000));
        QCOMPARE(loaded.first().at(1).toString(), QString());
        QCOMPARE(again.session()->latents().size(), trained.size());
        double largest = 0;
        for (size_t i = 0; i < trained.size(); ++i)
            largest = std::max(largest, double(std::abs(trained[i] - again.session()->latents()[i])));
        QVERIFY2(largest < 1e-4, qPrintable(QString::number(largest)));
        QVERIFY(QTest::qWaitFor([&] { return !again.isBusy(); }, 30000));
        QCOMPARE(again.session()->projection().request.data.get(), &again.session()->latents());
    }

    void pausingAndCancellingATraining()
    {
        MainWindow w(false);
        w.show();
        QVERIFY(openAndSettle(w, defaultZooCopy(m_dir.path())));
        const std::vector<float> before = w.scatterView()->scene().xyz();
        const auto* hrBefore = w.session()->hyperRepresentation();
        zooscope::HyperRepresentationPanel* panel = w.hyperRepresentationPanel();
        configureTinyTraining(panel, 200);
        QSignalSpy progress(w.session(), &zooscope::ExplorerSession::trainingProgress);
        QSignalSpy finished(&w, &MainWindow::trainingFinished);
        QTest::mouseClick(panel->startButton(), Qt::LeftButton);
        QVERIFY(progress.wait(60000));

        // Paused: no more steps arrive.
        QTest::mouseClick(panel->pauseButton(), Qt::LeftButton);
        QVERIFY(w.session()->trainingJob()->isPaused());
        QCOMPARE(panel->pauseButton()->text(), QStringLiteral("Resume"));
        // The step under way when pause came still ends and reports; then the worker waits.
        QTRY_VERIFY_WITH_TIMEOUT(w.session()->trainingJob()->isWaitingInPause(), 60000);
        QTest::qWait(100);
        const auto steps = progress.count();
        QTest::qWait(1500);
        QCOMPARE(progress.count(), steps);
        QVERIFY(w.session()->trainingJob()->isBusy());

        // While it trains, loading another hyper-representation is refused with a clear message.
        QSignalSpy loaded(&w, &MainWindow::hyperRepresentationLoaded);
        w.loadHyperRepresentation(QStringLiteral(ZOOSCOPE_SOURCE_DIR "/data/fashion-mnist-cnn-s.hr"));
        QCOMPARE(loaded.count(), 1);
        QVERIFY(!loaded.first().at(1).toString().isEmpty());
        QVERIFY(!w.session()->hyperRepresentationJob()->isBusy());
        QVERIFY(errorBox(w));
        QVERIFY2(errorBox(w)->text().contains(QStringLiteral("being trained")), qPrintable(errorBox(w)->text()));
        closeErrorBoxes(w);

        QTest::mouseClick(panel->pauseButton(), Qt::LeftButton);
        QVERIFY(!w.session()->trainingJob()->isPaused());
        QVERIFY(progress.wait(30000));

        // Cancelled: the worker ends soon, the view and the hyper-representation stay as they were.
        QTest::mouseClick(panel->cancelButton(), Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return !finished.isEmpty(); }, 30000));
        QCOMPARE(finished.first().at(0).toBool(), false);
        QCOMPARE(finished.first().at(1).toString(), QString());
        QVERIFY(!w.session()->trainingJob()->isBusy());
        QCOMPARE(w.session()->hyperRepresentation(), hrBefore);
        QCOMPARE(w.scatterView()->scene().xyz(), before);
        QVERIFY(panel->statusLabel()->text().contains(QStringLiteral("cancelled")));
        QVERIFY(panel->startButton()->isEnabled());
        QVERIFY(!errorBox(w));

        // Cancel while paused also ends the worker.
        QTest::mouseClick(panel->startButton(), Qt::LeftButton);
        finished.clear();
        progress.clear();
        QVERIFY(progress.wait(60000));
        w.session()->trainingJob()->setPaused(true);
        w.session()->trainingJob()->cancel();
        QVERIFY(QTest::qWaitFor([&] { return !finished.isEmpty(); }, 30000));
        QCOMPARE(finished.first().at(0).toBool(), false);
    }

    void filesThatDoNotFitAreClearErrors()
    {
        MainWindow w(false);
        w.show();
        QVERIFY(openAndSettle(w, defaultZooCopy(m_dir.path())));
        // The zoo's companion hyper-representation (data/) may be in use: a failed load keeps it.
        const zooscope::HyperRepresentation* before = w.session()->hyperRepresentation();

        // A hyper-representation of another architecture (CNN3 on 3 channels).
        const zooscope::Architecture cnn3 = zooscope::Architecture::byName("cnn3", 3);
        zooscope::HyperRepresentationConfig config;
        config.dModel = 16;
        config.heads = 2;
        config.feedForward = 16;
        config.latentDim = 4;
        zooscope::LayerNormalisation norm;
        norm.mean.assign(cnn3.layers.size(), 0.0);
        norm.sigma.assign(cnn3.layers.size(), 1.0);
        const QString other = m_dir.filePath(QStringLiteral("cnn3.hr"));
        zooscope::HyperRepresentation(cnn3, config, norm).save(other.toStdString());
        QSignalSpy loaded(&w, &MainWindow::hyperRepresentationLoaded);
        w.loadHyperRepresentation(other);
        QVERIFY(loaded.wait(60000));
        QVERIFY(!loaded.first().at(1).toString().isEmpty());
        QMessageBox* box = errorBox(w);
        QVERIFY(box);
        QVERIFY2(box->text().contains(QStringLiteral("cnn3.hr")), qPrintable(box->text()));
        QVERIFY2(box->text().contains(QStringLiteral("cnn3")) && box->text().contains(QStringLiteral("cnn-s")), qPrintable(box->text()));
        QCOMPARE(w.session()->hyperRepresentation(), before);
        closeErrorBoxes(w);

        // Not a hyper-representation at all.
        const QString garbage = m_dir.filePath(QStringLiteral("garbage.hr"));
        QFile f(garbage);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("this is not a hyper-representation");
        f.close();
        loaded.clear();
        w.loadHyperRepresentation(garbage);
        QVERIFY(loaded.wait(60000));
        QVERIFY(!loaded.first().at(1).toString().isEmpty());
        QVERIFY(errorBox(w));
        QVERIFY(errorBox(w)->text().contains(QStringLiteral("garbage.hr")));
        QCOMPARE(w.session()->hyperRepresentation(), before);
        closeErrorBoxes(w);

        // Bad training settings are refused before anything starts.
        w.hyperRepresentationPanel()->findChild<QSpinBox*>(QStringLiteral("dModelSpin"))->setValue(30);
        w.hyperRepresentationPanel()->findChild<QSpinBox*>(QStringLiteral("headsSpin"))->setValue(4);
        QTest::mouseClick(w.hyperRepresentationPanel()->startButton(), Qt::LeftButton);
        QVERIFY(errorBox(w));
        QVERIFY(!w.session()->trainingJob()->isBusy());
        closeErrorBoxes(w);
        w.hyperRepresentationPanel()->findChild<QSpinBox*>(QStringLiteral("dModelSpin"))->setValue(32);
        w.hyperRepresentationPanel()->findChild<QLineEdit*>(QStringLiteral("checkpointEpochsEdit"))->setText(QStringLiteral("4"));
        QTest::mouseClick(w.hyperRepresentationPanel()->startButton(), Qt::LeftButton);
        QVERIFY(errorBox(w));
        QVERIFY2(errorBox(w)->text().contains(QStringLiteral("epoch 4")), qPrintable(errorBox(w)->text()));
        QVERIFY(!w.session()->trainingJob()->isBusy());
    }
};

QTEST_MAIN(TestExplorerTraining)
#include "tst_explorertraining.moc"
