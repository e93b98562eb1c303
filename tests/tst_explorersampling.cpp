// "Sample from selection" in the real main window (widgets under Xvfb): open the default zoo with its
// hyper-representation, select the best checkpoints, generate 8 models with kde, see them appear in the
// 3D view and in the results chart, export them as a zoo file that zooscope-cli opens, and cancel a
// running generation. With ZOOSCOPE_SCREENSHOT_DIR set it saves docs/screenshots/explorer-sampling.png.
#include "app/BackgroundJob.h"
#include "app/ExplorerSession.h"
#include "analysis/PcaProjection.h"
#include "app/ProjectionComputation.h"
#include "app/SamplingComputation.h"
#include "app/MainWindow.h"
#include "app/OpenedZoo.h"
#include "zoo/ZooFile.h"
#include "widgets/SamplingResultsChart.h"
#include "widgets/LatentScatterView.h"
#include "widgets/SamplingPanel.h"
#include "widgets/SelectionModel.h"

#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QTemporaryDir>
#include <QtTest>

#include <vtkCamera.h>
#include <vtkRenderer.h>

#include "ExplorerTestUtil.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>

using namespace explorertest;
using zooscope::SamplingMethod;
using zooscope::SamplingResultsChart;
using zooscope::SamplingPanel;

class TestExplorerSampling : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;
    std::vector<int> m_anchorRows;

    // The 12 training-population checkpoints with the best test accuracy at the zoo's last epoch.
    std::vector<int> bestRows(const zooscope::OpenedZoo& z, size_t count)
    {
        std::vector<int> rows;
        const int64_t last = z.zoo.checkpointCount() - 1;
        for (int r = 0; r < z.pointCount(); ++r)
            if (z.pointCheckpoints[size_t(r)] == last && std::isfinite(z.testAccuracy[size_t(r)]))
                rows.push_back(r);
        std::sort(rows.begin(), rows.end(), [&](int a, int b) { return z.testAccuracy[size_t(a)] > z.testAccuracy[size_t(b)]; });
        rows.resize(std::min(rows.size(), count));
        std::sort(rows.begin(), rows.end());
        return rows;
    }

private slots:
    void initTestCase()
    {
        if (!isXcb())
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
        QVERIFY(m_dir.isValid());
        QVERIFY2(QFileInfo::exists(defaultZoo()), "the default zoo is in data/");
        QVERIFY2(QFileInfo::exists(zooscope::ExplorerSession::companionHyperRepresentationPath(defaultZoo())), "its hyper-representation is in data/");
        QVERIFY2(QFileInfo::exists(QStringLiteral("/usr/share/datasets/fashion-mnist")), "Debian's dataset-fashion-mnist is installed");
        m_window = std::make_unique<MainWindow>(false);
        m_window->resize(1400, 900);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QVERIFY(openAndSettle(*m_window, defaultZoo()));
        QVERIFY2(m_window->session()->hyperRepresentation(), "the companion hyper-representation was loaded");
        QVERIFY(m_window->showPanel(QStringLiteral("sampling")));
    }

    void sampleButtonNeedsASelection()
    {
        SamplingPanel* panel = m_window->samplingPanel();
        QVERIFY(panel);
        m_window->selectionModel()->clear();
        QVERIFY(!panel->sampleButton()->isEnabled());
        QVERIFY(panel->findChild<QLabel*>(QStringLiteral("anchorHint"))->isVisible());
        m_anchorRows = bestRows(*m_window->openedZoo(), 12);
        QCOMPARE(m_anchorRows.size(), size_t(12));
        m_window->selectionModel()->setSelectedRows(m_anchorRows);
        QVERIFY(panel->sampleButton()->isEnabled());
        QVERIFY(!panel->findChild<QLabel*>(QStringLiteral("anchorHint"))->isVisible());

        // Unreadable fine-tuning epochs: no Generate, and a clear error instead of a run.
        panel->setFinetuneEpochsText(QStringLiteral("0, five"));
        QVERIFY(!panel->sampleButton()->isEnabled());
        m_window->startSampling();
        QVERIFY(!m_window->session()->samplingJob()->isBusy());
        QMessageBox* box = errorBox(*m_window);
        QVERIFY(box);
        QVERIFY2(box->text().contains(QStringLiteral("fine-tuning epochs")), qPrintable(box->text()));
        closeErrorBoxes(*m_window);
        panel->setFinetuneEpochsText(QStringLiteral("0"));
        QVERIFY(panel->sampleButton()->isEnabled());
    }

    void placingZooPointsGivesTheirOwnPositions()
    {
        // Generated models are placed by the PCA map the user is looking at (no refit): a generated latent
        // equal to a zoo latent lands on that zoo point.
        const auto& projection = m_window->session()->projection();
        const int64_t dim = m_window->session()->latentDimension();
        QCOMPARE(projection.request.columns, dim);
        const std::vector<float> some(m_window->session()->latents().begin(), m_window->session()->latents().begin() + 20 * dim);
        QElapsedTimer timer;
        timer.start();
        const std::vector<float> placed = zooscope::ProjectionComputation::place(projection, some, dim);
        qInfo("placing in the PCA of %lld x %lld latents: %lld ms", (long long)projection.request.rows, (long long)dim,
              (long long)timer.elapsed());
        QCOMPARE(placed.size(), size_t(60));
        double extent = 0;
        for (float v : projection.xyz)
            extent = std::max(extent, double(std::abs(v)));
        for (size_t i = 0; i < placed.size(); ++i)
            QVERIFY2(std::abs(placed[i] - projection.xyz[i]) < 1e-5 * extent,
                     qPrintable(QStringLiteral("coordinate %1: %2 vs %3").arg(i).arg(placed[i]).arg(projection.xyz[i])));
    }

    void placingInRawAxesAndTsne()
    {
        // A small synthetic projection: 4 points in 5 dimensions.
        zooscope::ProjectionResult p;
        auto data = std::make_shared<std::vector<float>>(std::vector<float>{
            0, 0, 0, 0, 0, /**/ 1, 2, 3, 4, 5, /**/ -1, 0, 2, 0, 1, /**/ 3, 3, 3, 3, 3});
        p.request.data = data;
        p.request.rows = 4;
        p.request.columns = 5;
        p.request.method = zooscope::ProjectionMethod::Axes;
        p.request.axes = {4, 0, 2};
        p.xyz = {0, 0, 0, 5, 1, 3, 1, -1, 2, 3, 3, 3};
        const std::vector<float> generated{9, 8, 7, 6, 5};
        QCOMPARE(zooscope::ProjectionComputation::place(p, generated, 5), (std::vector<float>{5, 9, 7}));
        // t-SNE has no map: a zoo point lands on its own position, others between their nearest points.
        p.request.method = zooscope::ProjectionMethod::Tsne;
        p.xyz = {10, 0, 0, 0, 10, 0, 0, 0, 10, -10, 0, 0};
        const std::vector<float> own(data->begin() + 5, data->begin() + 10);
        const std::vector<float> placed = zooscope::ProjectionComputation::place(p, own, 5);
        QCOMPARE(placed.size(), size_t(3));
        QVERIFY(std::abs(placed[1] - 10.0f) < 1e-3f && std::abs(placed[0]) < 1e-3f);
        // Wrong sizes place nothing.
        QVERIFY(zooscope::ProjectionComputation::place(p, generated, 4).empty());
    }

    void sampleFromSelectionShowsGeneratedModels()
    {
        SamplingPanel* panel = m_window->samplingPanel();
        panel->setMethod(SamplingMethod::Kde);
        panel->setCount(8);
        panel->setFinetuneEpochsText(QStringLiteral("0"));
        panel->setCompareWithRandomInit(true, 4);
        QSignalSpy finished(m_window.get(), &MainWindow::samplingFinished);
        QSignalSpy progress(m_window->session()->samplingJob(), &zooscope::BackgroundJob::progress);
        QElapsedTimer timer;
        timer.start();
        QTest::mouseClick(panel->sampleButton(), Qt::LeftButton);
        QVERIFY(m_window->session()->samplingJob()->isBusy());
        QVERIFY(m_window->isBusy());
        QVERIFY(!panel->sampleButton()->isEnabled());
        QVERIFY(panel->cancelButton()->isEnabled());
        // A guard against a hang, not a speed goal: on a loaded machine (load 15 here) 60 s were too few.
        QVERIFY(finished.wait(300000));
        qInfo("generation of 8 kde models + 4 random-init, epoch 0, dataset load included: %.1f s", timer.elapsed() / 1000.0);
        QCOMPARE(finished.first().at(1).toString(), QString());
        QCOMPARE(finished.first().at(0).toBool(), true);
        QVERIFY(!errorBox(*m_window));
        // Progress came on the GUI thread while it ran, with the stages in words.
        QVERIFY(progress.size() >= 3);
        QVERIFY(std::any_of(progress.begin(), progress.end(),
                            [](const QList<QVariant>& args) { return args.at(0).toString().contains(QStringLiteral("novelty")); }));

        // The anchors are the selected checkpoints.
        QVERIFY(m_window->session()->generated());
        const auto& outcome = *m_window->session()->generated();
        const auto expected = zooscope::SamplingComputation::anchorsOfRows(*m_window->openedZoo(), m_anchorRows);
        QCOMPARE(outcome.generated.anchors.size(), expected.size());
        for (const auto& a : outcome.generated.anchors)
            QVERIFY(std::find(expected.begin(), expected.end(), a) != expected.end());

        // They sit where the fitted map of the projection on show puts their latents.
        const zooscope::ProjectionResult& projection = m_window->session()->projection();
        QCOMPARE(projection.request.method, zooscope::ProjectionMethod::Pca);
        QVERIFY(projection.pca);
        QCOMPARE(outcome.columns, m_window->session()->latentDimension());
        QCOMPARE(m_window->scatterView()->scene().generatedXyz(), projection.pca->transform(outcome.representation.data(), 8));

        // The generated models are in the view, inside the region of the zoo's points (with some margin).
        zooscope::LatentScatterView* view = m_window->scatterView();
        QCOMPARE(view->generatedCount(), size_t(8));
        const std::vector<float>& xyz = view->scene().generatedXyz();
        const std::vector<float>& zoo = view->scene().xyz();
        for (int k = 0; k < 3; ++k) {
            float lo = 1e30f, hi = -1e30f;
            for (size_t i = size_t(k); i < zoo.size(); i += 3) {
                lo = std::min(lo, zoo[i]);
                hi = std::max(hi, zoo[i]);
            }
            const float margin = hi - lo;
            for (size_t i = size_t(k); i < xyz.size(); i += 3)
                QVERIFY2(std::isfinite(xyz[i]) && xyz[i] >= lo - margin && xyz[i] <= hi + margin,
                         qPrintable(QStringLiteral("axis %1: %2 outside %3..%4").arg(k).arg(xyz[i]).arg(lo).arg(hi)));
        }

        // The chart compares generated, selection and random init at epoch 0, and shows novelty.
        SamplingResultsChart* chart = panel->chart();
        QVERIFY(chart->hasData());
        QCOMPARE(chart->data().epochs, std::vector<int64_t>{0});
        QCOMPARE(chart->boxCount(SamplingResultsChart::Generated), 1);
        QCOMPARE(chart->boxCount(SamplingResultsChart::Selection), 1);
        QCOMPARE(chart->boxCount(SamplingResultsChart::RandomInit), 1);
        QCOMPARE(chart->noveltyBoxCount(), 1);
        QCOMPARE(chart->data().generated.at(0).size(), size_t(8));
        QCOMPARE(chart->data().randomInit.at(0).size(), size_t(4));
        QCOMPARE(chart->data().selection.size(), size_t(12));
        // The selection's accuracies are the zoo's own.
        const zooscope::OpenedZoo& opened = *m_window->openedZoo();
        std::vector<double> zooAccuracy;
        for (int r : m_anchorRows)
            zooAccuracy.push_back(100.0 * opened.testAccuracy[size_t(r)]);
        std::vector<double> shown = chart->data().selection;
        std::sort(zooAccuracy.begin(), zooAccuracy.end());
        std::sort(shown.begin(), shown.end());
        for (size_t i = 0; i < shown.size(); ++i)
            QVERIFY(std::abs(shown[i] - zooAccuracy[i]) < 1e-3);
        for (double iou : chart->data().novelty.at(0))
            QVERIFY(iou >= 0 && iou <= 1);
        QVERIFY(panel->exportButton()->isEnabled());

        if (qEnvironmentVariableIsSet("ZOOSCOPE_SCREENSHOT_DIR")) {
            // Generated models sit among the anchors: show only the selection next to them.
            view->isolateSelection();
            view->focusOn(m_anchorRows.front());
            view->scene().renderer()->GetActiveCamera()->Zoom(1.8);
            view->requestRender();
            QTest::qWait(300);
            m_window->saveScreenshot(qEnvironmentVariable("ZOOSCOPE_SCREENSHOT_DIR") + QStringLiteral("/explorer-sampling.png"));
            m_window->scatterView()->grabFramebuffer().save(qEnvironmentVariable("ZOOSCOPE_SCREENSHOT_DIR") +
                                                            QStringLiteral("/explorer-sampling-view.png"));
            view->showAllPoints();
        }

        // Export: a zoo file with the 8 models at fine-tuning epoch 0 that the CLI opens.
        const QString file = m_dir.filePath(QStringLiteral("generated.zoo.h5"));
        QVERIFY(m_window->exportGeneratedModels(file));
        const zooscope::ModelZoo read = zooscope::ZooFile::read(file.toStdString());
        QCOMPARE(read.modelCount(), int64_t(8));
        QCOMPARE(read.checkpointEpochs, std::vector<int64_t>{0});
        QVERIFY(std::abs(read.metricAt(read.testAccuracy, 3, 0) * 100.0 - chart->data().generated[0][3]) < 1e-4);
        QProcess cli;
        cli.start(QStringLiteral(ZOOSCOPE_BIN_DIR "/zooscope-cli"), {QStringLiteral("zoo"), QStringLiteral("info"), file});
        QVERIFY(cli.waitForFinished(30000));
        QCOMPARE(cli.exitCode(), 0);
        QVERIFY(QTest::qWaitFor([&] { return !m_window->isBusy(); }, 5000));
    }

    // What a user does (issue 13): 12 kde-paper models from the 12-checkpoint selection, fine-tuning epochs
    // 0 and 1, novelty (random init off to keep the suite short). Each model is in the view as soon as its
    // epoch-0 test is done, long before the run ends; the preview's epoch-0 accuracies are the final ones.
    void generatedModelsShowBeforeSamplingEnds()
    {
        SamplingPanel* panel = m_window->samplingPanel();
        panel->setMethod(SamplingMethod::KdePaper);
        panel->setCount(12);
        panel->setFinetuneEpochsText(QStringLiteral("0,1"));
        panel->setMeasureNovelty(true);
        panel->setCompareWithRandomInit(false);
        m_window->selectionModel()->setSelectedRows(m_anchorRows);
        QSignalSpy finished(m_window.get(), &MainWindow::samplingFinished);
        zooscope::LatentScatterView* view = m_window->scatterView();
        QElapsedTimer timer;
        timer.start();
        QTest::mouseClick(panel->sampleButton(), Qt::LeftButton);
        QVERIFY(m_window->session()->samplingJob()->isBusy());
        QVERIFY(QTest::qWaitFor([&] { return view->generatedCount() == 12 || !finished.isEmpty(); }, 120000));
        const double shownAfter = timer.elapsed() / 1000.0;
        QVERIFY2(finished.isEmpty(), "the generated models were shown only when the run had ended");
        QVERIFY(m_window->session()->samplingJob()->isBusy());
        const zooscope::SamplingOutcome* early = m_window->session()->generated();
        QVERIFY(early);
        QVERIFY(early->preliminary);
        QCOMPARE(early->generated.epochs.size(), size_t(1));
        QCOMPARE(early->generated.epochs.front().epoch, int64_t(0));
        const std::vector<double> earlyAccuracy = early->generated.epochs.front().testAccuracy;
        QCOMPARE(earlyAccuracy.size(), size_t(12));
        // Placed where the projection on show puts their (epoch-0) latents.
        const zooscope::ProjectionResult& projection = m_window->session()->projection();
        QVERIFY(projection.pca);
        QCOMPARE(view->scene().generatedXyz(), projection.pca->transform(early->representation.data(), 12));
        // Not exportable before the run ends.
        QVERIFY(!m_window->exportGeneratedModels(m_dir.filePath(QStringLiteral("early.zoo.h5"))));
        QVERIFY(errorBox(*m_window));
        closeErrorBoxes(*m_window);

        QVERIFY(finished.wait(300000));
        const double total = timer.elapsed() / 1000.0;
        qInfo("12 kde-paper models, fine-tuning epochs 0,1, novelty: in the view after %.1f s, "
              "finished after %.1f s", shownAfter, total);
        QCOMPARE(finished.first().at(0).toBool(), true);
        const zooscope::SamplingOutcome* done = m_window->session()->generated();
        QVERIFY(done);
        QVERIFY(!done->preliminary);
        QCOMPARE(done->generated.epochs.size(), size_t(2));
        QCOMPARE(view->generatedCount(), size_t(12));
        for (size_t i = 0; i < 12; ++i)
            QVERIFY2(std::abs(done->generated.epochs.front().testAccuracy[i] - earlyAccuracy[i]) < 1e-6,
                     qPrintable(QStringLiteral("model %1: %2 at epoch 0, %3 in the preview").arg(i)
                                    .arg(done->generated.epochs.front().testAccuracy[i]).arg(earlyAccuracy[i])));
        QCOMPARE(done->generated.epochs.front().novelty.maxIoU.size(), size_t(12));
        QCOMPARE(done->generated.epochs.back().novelty.maxIoU.size(), size_t(12));
        QVERIFY(QTest::qWaitFor([&] { return !m_window->isBusy(); }, 5000));
    }

    void cancellingARunningSampling()
    {
        SamplingPanel* panel = m_window->samplingPanel();
        // Fine-tuning for an epoch takes long enough to be cancelled in the middle.
        panel->setFinetuneEpochsText(QStringLiteral("0,1"));
        panel->setCompareWithRandomInit(false);
        QSignalSpy finished(m_window.get(), &MainWindow::samplingFinished);
        QSignalSpy progress(m_window->session()->samplingJob(), &zooscope::BackgroundJob::progress);
        QTest::mouseClick(panel->sampleButton(), Qt::LeftButton);
        QVERIFY(m_window->session()->samplingJob()->isBusy());
        QVERIFY(QTest::qWaitFor([&] {
            for (const auto& args : progress)
                if (args.at(0).toString().contains(QStringLiteral("fine-tuning")))
                    return true;
            return !finished.isEmpty();
        }, 60000));
        QVERIFY2(finished.isEmpty(), "still running when cancelled");
        QElapsedTimer timer;
        timer.start();
        QTest::mouseClick(panel->cancelButton(), Qt::LeftButton);
        QVERIFY(finished.wait(20000));
        qInfo("cancelled after %.2f s", timer.elapsed() / 1000.0);
        QCOMPARE(finished.first().at(0).toBool(), false);
        QCOMPARE(finished.first().at(1).toString(), QString()); // cancelled, not failed
        QVERIFY(!errorBox(*m_window));
        QVERIFY(panel->statusLabel()->text().contains(QStringLiteral("cancelled")));
        QCOMPARE(m_window->scatterView()->generatedCount(), size_t(0));
        QVERIFY(QTest::qWaitFor([&] { return !m_window->isBusy(); }, 5000));

        // The app goes on: the next generation runs to the end.
        panel->setFinetuneEpochsText(QStringLiteral("0"));
        panel->setCount(4);
        panel->setMeasureNovelty(false);
        finished.clear();
        QVERIFY(panel->sampleButton()->isEnabled());
        QTest::mouseClick(panel->sampleButton(), Qt::LeftButton);
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.first().at(0).toBool(), true);
        QCOMPARE(m_window->scatterView()->generatedCount(), size_t(4));
        QCOMPARE(panel->chart()->boxCount(SamplingResultsChart::RandomInit), 0);
        QCOMPARE(panel->chart()->noveltyBoxCount(), 0);
    }

    void cleanupTestCase() { m_window.reset(); }
};

QTEST_MAIN(TestExplorerSampling)
#include "tst_explorersampling.moc"
