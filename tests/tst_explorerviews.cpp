// The explorer's views as a user drives them (real widgets under Xvfb): projections (PCA, t-SNE, raw latent
// axes) computed in workers, colour and size by properties, and the analysis panel's probes.
#include "app/MainWindow.h"
#include "app/OpenedZoo.h"
#include "app/PointProperty.h"
#include "hyperrep/HyperRepresentationTrainer.h"
#include "zoo/ZooFile.h"
#include "widgets/AnalysisPanel.h"
#include "widgets/LatentScatterView.h"
#include "widgets/ModelSelectionPanel.h"
#include "widgets/SelectionModel.h"
#include "widgets/SelectionReportPanel.h"
#include "widgets/ProjectionPanel.h"

#include <QComboBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <qcustomplot.h>

#include <cmath>

#include "ExplorerTestUtil.h"

using namespace explorertest;

class TestExplorerViews : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_savedHyperRepresentation;

    // The default zoo with the tiny hyper-representation, everything loaded and idle.
    bool openWithTinyHyperRepresentation(MainWindow& w)
    {
        if (!openAndSettle(w, defaultZooCopy(m_dir.path())))
            return false;
        QSignalSpy loaded(&w, &MainWindow::hyperRepresentationLoaded);
        w.loadHyperRepresentation(m_savedHyperRepresentation);
        return loaded.wait(60000) && QTest::qWaitFor([&] { return !w.isBusy(); }, 30000);
    }

private slots:
    void initTestCase()
    {
        if (!isXcb())
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
        QVERIFY(m_dir.isValid());
        // A tiny hyper-representation of the default zoo (latent 8), trained for one epoch on the last checkpoints.
        const zooscope::ModelZoo zoo = zooscope::ZooFile::read(defaultZoo().toStdString());
        zooscope::HyperRepresentationConfig config;
        config.blocks = 1;
        config.dModel = 16;
        config.heads = 2;
        config.feedForward = 32;
        config.latentDim = 8;
        zooscope::HyperRepresentationTrainingOptions options;
        options.epochs = 1;
        options.checkpointEpochs = {10};
        auto result = zooscope::HyperRepresentationTrainer(config, options).train(zoo, defaultZoo().toStdString());
        QVERIFY(result.completed && result.model);
        m_savedHyperRepresentation = m_dir.filePath(QStringLiteral("tiny.hr"));
        result.model->save(m_savedHyperRepresentation.toStdString());
    }

    void switchingProjectionAndColouringChangesTheView()
    {
        MainWindow w(false);
        w.resize(1400, 900);
        w.show();
        QVERIFY(openWithTinyHyperRepresentation(w));
        const size_t n = size_t(w.openedZoo()->pointCount());
        const std::vector<float>& z = w.session()->latents();
        zooscope::ProjectionPanel* panel = w.projectionPanel();
        auto& scene = w.scatterView()->scene();

        // Raw latent axes: the view's coordinates are three latent dimensions, as chosen.
        QSignalSpy shown(&w, &MainWindow::projectionShown);
        panel->methodCombo()->setCurrentIndex(panel->methodCombo()->findData(QStringLiteral("axes")));
        QVERIFY(shown.count() > 0 || shown.wait(30000));
        for (size_t i = 0; i < n; i += 97)
            for (int k = 0; k < 3; ++k)
                QCOMPARE(scene.xyz()[i * 3 + k], z[i * 8 + size_t(k)]);
        panel->findChild<QSpinBox*>(QStringLiteral("axisXSpin"))->setValue(6);
        panel->findChild<QSpinBox*>(QStringLiteral("axisZSpin"))->setValue(8);
        shown.clear();
        QTest::mouseClick(panel->runButton(), Qt::LeftButton);
        QVERIFY(shown.count() > 0 || shown.wait(30000));
        for (size_t i = 0; i < n; i += 97) {
            QCOMPARE(scene.xyz()[i * 3 + 0], z[i * 8 + 5]);
            QCOMPARE(scene.xyz()[i * 3 + 1], z[i * 8 + 1]);
            QCOMPARE(scene.xyz()[i * 3 + 2], z[i * 8 + 7]);
        }

        // t-SNE in a worker: the window stays responsive and the view gets the embedding.
        shown.clear();
        panel->findChild<QSpinBox*>(QStringLiteral("iterationsSpin"))->setValue(300);
        QCOMPARE(w.session()->projectionSettings().iterations, 300); // the session holds what the next projection uses
        panel->methodCombo()->setCurrentIndex(panel->methodCombo()->findData(QStringLiteral("tsne")));
        QVERIFY(w.isBusy());
        QVERIFY(shown.wait(60000));
        QCOMPARE(w.session()->projection().request.method, zooscope::ProjectionMethod::Tsne);
        QCOMPARE(w.session()->projection().request.iterations, 300);
        QVERIFY(panel->descriptionLabel()->text().contains(QStringLiteral("t-SNE")));
        QCOMPARE(scene.xyz(), w.session()->projection().xyz);
        QCOMPARE(scene.xyz().size(), n * 3);

        // PCA again comes from the cache, with its explained variance.
        shown.clear();
        panel->methodCombo()->setCurrentIndex(panel->methodCombo()->findData(QStringLiteral("pca")));
        QVERIFY(shown.count() > 0 || shown.wait(30000));
        const auto& ev = w.session()->projection().explainedVariance;
        QCOMPARE(ev.size(), size_t(3));
        QVERIFY(ev[0] >= ev[1] && ev[1] >= ev[2] && ev[0] > 0);

        // Colour by a category: Okabe-Ito with a legend of the zoo's activations.
        panel->colorByCombo()->setCurrentIndex(panel->colorByCombo()->findData(QStringLiteral("activation")));
        QCOMPARE(scene.colorMode(), zooscope::LatentScatterScene::ColorMode::Categorical);
        QCOMPARE(scene.categoryNames(), (std::vector<std::string>{"tanh", "relu", "sigmoid", "gelu"}));
        // By the epoch: continuous, the values are the checkpoints' epochs.
        panel->colorByCombo()->setCurrentIndex(panel->colorByCombo()->findData(QStringLiteral("epoch")));
        QCOMPARE(scene.colorMode(), zooscope::LatentScatterScene::ColorMode::Continuous);
        QCOMPARE(w.scatterView()->colorBarTitle(), QStringLiteral("epoch"));
        for (size_t i = 0; i < n; i += 53) {
            const auto* opened = w.openedZoo();
            QCOMPARE(scene.values()[i], double(opened->zoo.checkpointEpochs[size_t(opened->pointCheckpoints[i])]));
        }
        panel->findChild<QComboBox*>(QStringLiteral("colorMapCombo"))->setCurrentIndex(1);
        QCOMPARE(scene.colorMap(), zooscope::ColorMap::Name::Cividis);

        // Size by test accuracy, then uniform again.
        panel->sizeByCombo()->setCurrentIndex(panel->sizeByCombo()->findData(QStringLiteral("test_accuracy")));
        QCOMPARE(scene.sizeFactors().size(), n);
        const auto [lo, hi] = std::minmax_element(scene.sizeFactors().begin(), scene.sizeFactors().end());
        QVERIFY(*hi > *lo);
        panel->sizeByCombo()->setCurrentIndex(0);
        QVERIFY(scene.sizeFactors().empty());
        // The colouring survives a new projection.
        shown.clear();
        panel->methodCombo()->setCurrentIndex(panel->methodCombo()->findData(QStringLiteral("axes")));
        QVERIFY(shown.count() > 0 || shown.wait(30000));
        QCOMPARE(scene.colorMode(), zooscope::LatentScatterScene::ColorMode::Continuous);
        QCOMPARE(w.scatterView()->colorBarTitle(), QStringLiteral("epoch"));
    }

    void analysisPanelShowsProbesAgainstBaselines()
    {
        MainWindow w(false);
        w.show();
        QVERIFY(openWithTinyHyperRepresentation(w));
        zooscope::AnalysisPanel* panel = w.analysisPanel();
        QSignalSpy done(&w, &MainWindow::analysisFinished);
        QTest::mouseClick(panel->runButton(), Qt::LeftButton);
        QVERIFY(!panel->runButton()->isEnabled());
        QVERIFY(done.wait(120000));
        QCOMPARE(done.first().at(0).toString(), QString());
        // The F-MNIST grid varies every property: 5 regression and 3 categorical probes.
        QCOMPARE(panel->table()->rowCount(), 8);
        for (int r = 0; r < 8; ++r)
            for (int c = 1; c < 4; ++c)
                QVERIFY2(panel->table()->item(r, c)->text() != QStringLiteral("-"), qPrintable(panel->table()->item(r, 0)->text()));
        QCOMPARE(panel->scoreChart()->plottableCount(), 3); // latent, W, s(W)
        QCOMPARE(int(panel->predictions().size()), 5);
        QVERIFY(panel->showProperty(QStringLiteral("epoch")));
        const zooscope::ProbePredictions& epoch = panel->predictions()[size_t(panel->propertyCombo()->currentIndex())];
        QCOMPARE(epoch.property, QStringLiteral("epoch"));
        QCOMPARE(epoch.latent.size(), epoch.truth.size());
        QCOMPARE(epoch.stats.size(), epoch.truth.size());
        QCOMPARE(panel->scatterPlot()->graphCount(), 2);
        QCOMPARE(panel->scatterPlot()->graph(1)->dataCount(), int(epoch.truth.size()));
        // The plotted R^2 is the predictions' own R^2.
        double mean = 0, ssTot = 0, ssRes = 0;
        for (double t : epoch.truth)
            mean += t / double(epoch.truth.size());
        for (size_t i = 0; i < epoch.truth.size(); ++i) {
            ssTot += (epoch.truth[i] - mean) * (epoch.truth[i] - mean);
            ssRes += (epoch.truth[i] - epoch.stats[i]) * (epoch.truth[i] - epoch.stats[i]);
        }
        QVERIFY2(std::abs((1 - ssRes / ssTot) - epoch.statsR2) < 1e-3, qPrintable(QString::number(epoch.statsR2)));
    }

    void modelSelectionKeepsThePredictedBest()
    {
        MainWindow w(false);
        w.resize(1400, 900);
        w.show();
        QVERIFY(openWithTinyHyperRepresentation(w));
        zooscope::ModelSelectionPanel* panel = w.analysisPanel()->modelSelectionPanel();
        // The default zoo's checkpoints before its last epoch (10), epoch 1 first chosen.
        QCOMPARE(panel->epochCombo()->count(), 6);
        QCOMPARE(panel->epoch(), int64_t(1));
        QVERIFY(!panel->keepButton()->isEnabled()); // nothing predicted yet
        QVERIFY(panel->setEpoch(2));
        QSignalSpy done(w.session(), &zooscope::ExplorerSession::modelSelectionFinished);
        QTest::mouseClick(panel->runButton(), Qt::LeftButton);
        QVERIFY(!panel->runButton()->isEnabled());
        QVERIFY(!w.analysisPanel()->runButton()->isEnabled()); // the probes share the job
        QVERIFY(done.wait(120000));
        QCOMPARE(done.first().at(0).toString(), QString());
        QCOMPARE(int(w.analysisPanel()->currentPart()), int(zooscope::AnalysisPanel::Part::ModelSelection));
        const zooscope::ModelSelectionReport* report = w.session()->modelSelection();
        QVERIFY(report);
        QCOMPARE(report->epochs.front().epoch, int64_t(2));
        // Five predictors with a hyper-representation, each scored in the table as the report says.
        QCOMPARE(panel->table()->rowCount(), 5);
        for (int r = 0; r < 5; ++r) {
            const zooscope::SelectionScore& s = report->epochs.front().scores[size_t(r)];
            QCOMPARE(panel->table()->item(r, 1)->text(), QString::number(s.kendallTau, 'f', 3));
        }
        QVERIFY(panel->keepButton()->isEnabled());

        // Keep the predicted top 7 by the raw weights: a named selection of all their checkpoints, selected.
        panel->keepCount()->setValue(7);
        panel->predictorCombo()->setCurrentIndex(panel->predictorCombo()->findData(int(zooscope::SelectionPredictor::Weights)));
        QTest::mouseClick(panel->keepButton(), Qt::LeftButton);
        const QString name = QStringLiteral("predicted top 7 (weights, epoch 2)");
        zooscope::SelectionModel* selection = w.session()->selection();
        const std::vector<int> named = selection->namedRows(name);
        const zooscope::OpenedZoo* opened = w.openedZoo();
        QCOMPARE(named.size(), size_t(7 * opened->zoo.checkpointCount()));
        const std::vector<int64_t> ids = report->predictedTop(opened->zoo, 2, zooscope::SelectionPredictor::Weights, 7);
        for (int row : named) {
            const int64_t id = opened->zoo.modelIds[size_t(opened->pointModelRows[size_t(row)])];
            QVERIFY(std::find(ids.begin(), ids.end(), id) != ids.end());
        }
        QCOMPARE(selection->selectedRows().size(), named.size());
        // No model outside the kept ones is predicted better than the worst kept one.
        const zooscope::SelectionScore* weights = report->epochs.front().score(zooscope::SelectionPredictor::Weights);
        double worstKept = 2;
        for (int64_t id : ids)
            worstKept = std::min(worstKept, weights->allPredictions[size_t(opened->zoo.rowOf(id))]);
        for (size_t m = 0; m < weights->allPredictions.size(); ++m)
            if (std::find(ids.begin(), ids.end(), opened->zoo.modelIds[m]) == ids.end())
                QVERIFY(!(weights->allPredictions[m] > worstKept));

        // Colour by Prediction: every checkpoint takes its model's predicted final accuracy (by W).
        QTest::mouseClick(panel->colourButton(), Qt::LeftButton);
        const QString predicted = QString::fromLatin1(zooscope::PointProperty::kPredictedFinalAccuracy);
        QCOMPARE(w.session()->pointStyle().colorBy, predicted);
        QCOMPARE(w.projectionPanel()->colorBy(), predicted); // the colour menu follows
        const std::vector<double>& shown = w.scatterView()->scene().values();
        QCOMPARE(shown.size(), size_t(opened->pointCount()));
        for (size_t p = 0; p < shown.size(); ++p)
            QCOMPARE(shown[p], weights->allPredictions[size_t(opened->pointModelRows[p])]);
        QCOMPARE(w.scatterView()->colorBarTitle(), QStringLiteral("predicted final accuracy (weights, from epoch 2)"));
        w.showPanel(QStringLiteral("analysis"));
        explorertest::saveScreenshot(w, QStringLiteral("analysis-colour-by-prediction.png"));
        // The model card names the prediction and the truth.
        const int row = named.front();
        const QString card = w.session()->predictionCard(row);
        QVERIFY2(card.contains(QStringLiteral("Predicted final accuracy %1%")
                                   .arg(100 * weights->allPredictions[size_t(opened->pointModelRows[size_t(row)])], 0, 'f', 1)),
                 qPrintable(card));
        // Hovering a point shows both on its card, under the zoo's numbers.
        zooscope::LatentScatterView* view = w.scatterView();
        QPointF at;
        QVERIFY(view->pointPosition(row, &at));
        QMouseEvent move(QEvent::MouseMove, at, view->mapToGlobal(at), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
        QApplication::sendEvent(view, &move);
        QVERIFY(view->modelCard()->isVisible());
        const QString shownCard = view->modelCard()->text();
        QVERIFY2(shownCard.contains(QStringLiteral("Predicted final accuracy")) && shownCard.contains(QStringLiteral("latent neighbours")),
                 qPrintable(shownCard));
        explorertest::saveScreenshot(w, QStringLiteral("explorer-hover-card-analysis.png"));

        // A session keeps it: opened again, the model selection runs once more and colours the same.
        const QString file = m_dir.filePath(QStringLiteral("prediction.zooscope"));
        QVERIFY(w.saveSession(file));
        MainWindow again(false);
        again.resize(1400, 900);
        again.show();
        QSignalSpy restored(&again, &MainWindow::sessionOpened);
        again.openSession(file);
        QVERIFY(restored.wait(120000));
        QCOMPARE(restored.first().at(1).toString(), QString());
        QVERIFY(QTest::qWaitFor([&] { return !again.isBusy(); }, 120000));
        QCOMPARE(again.session()->pointStyle().colorBy, predicted);
        QCOMPARE(int(again.session()->predictionPredictor()), int(zooscope::SelectionPredictor::Weights));
        QCOMPARE(again.scatterView()->scene().values(), shown);
        QCOMPARE(again.analysisPanel()->modelSelectionPanel()->table()->rowCount(), 5);

        // A new hyper-representation drops the prediction: the view goes back to the test accuracy.
        QSignalSpy loaded(&w, &MainWindow::hyperRepresentationLoaded);
        w.loadHyperRepresentation(m_savedHyperRepresentation);
        QVERIFY(loaded.wait(60000));
        QVERIFY(!w.session()->modelSelection());
        QCOMPARE(w.session()->pointStyle().colorBy, QStringLiteral("test_accuracy"));
        QCOMPARE(w.projectionPanel()->colorBy(), QStringLiteral("test_accuracy"));
        // Without a prediction the colour menu's entry is refused with a message, and the menu goes back.
        explorertest::closeErrorBoxes(w);
        w.projectionPanel()->setColorBy(predicted);
        QCOMPARE(w.session()->pointStyle().colorBy, QStringLiteral("test_accuracy"));
        QCOMPARE(w.projectionPanel()->colorBy(), QStringLiteral("test_accuracy"));
        QVERIFY(QTest::qWaitFor([&] { return explorertest::errorBox(w) != nullptr; }, 5000));
        QVERIFY(explorertest::errorBox(w)->text().contains(QStringLiteral("Predict Final Accuracy")));
        explorertest::closeErrorBoxes(w);
    }

    void selectedCheckpointsAreDiagnosedAndCompared()
    {
        MainWindow w(false);
        w.resize(1400, 900);
        w.show();
        QVERIFY(openWithTinyHyperRepresentation(w));
        zooscope::SelectionReportPanel* panel = w.analysisPanel()->selectionReportPanel();
        zooscope::SelectionModel* selection = w.session()->selection();
        const zooscope::OpenedZoo* opened = w.openedZoo();
        QVERIFY(!panel->diagnoseButton()->isEnabled() && !panel->compareButton()->isEnabled());
        // Two versions of one model: its points at epochs 1 and 10.
        const int64_t model = 5, id = opened->zoo.modelIds[model];
        std::vector<int> versions;
        for (int64_t p = 0; p < opened->pointCount(); ++p) {
            const int64_t epoch = opened->zoo.checkpointEpochs[size_t(opened->pointCheckpoints[size_t(p)])];
            if (opened->pointModelRows[size_t(p)] == model && (epoch == 1 || epoch == 10))
                versions.push_back(int(p));
        }
        QCOMPARE(versions.size(), size_t(2));
        selection->setSelectedRows(versions);
        QVERIFY(panel->diagnoseButton()->isEnabled() && panel->compareButton()->isEnabled());
        QSignalSpy done(w.session(), &zooscope::ExplorerSession::selectionReportFinished);
        QTest::mouseClick(panel->compareButton(), Qt::LeftButton);
        QVERIFY(!panel->compareButton()->isEnabled());
        QVERIFY(done.wait(120000));
        QCOMPARE(done.takeFirst().at(0).toString(), QString());
        QString text = panel->reportView()->toPlainText();
        QVERIFY2(text.contains(QStringLiteral("A = %1@1, B = %1@10").arg(id)), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("weight distance")) && text.contains(QStringLiteral("latent distance")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("prediction disagreement")), qPrintable(text));
        QCOMPARE(panel->statusLabel()->text(), QStringLiteral("Comparison of %1@1 (A) and %1@10 (B)").arg(id));

        // Three points: Compare needs two, Diagnose reports each.
        selection->setSelectedRows({versions[0], versions[1], 0});
        QVERIFY(!panel->compareButton()->isEnabled());
        QTest::mouseClick(panel->diagnoseButton(), Qt::LeftButton);
        QVERIFY(done.wait(120000));
        QCOMPARE(done.takeFirst().at(0).toString(), QString());
        text = panel->reportView()->toPlainText();
        QVERIFY2(text.contains(QStringLiteral("model %1 @ epoch 1 ").arg(id)) && text.contains(QStringLiteral("model %1 @ epoch 10 ").arg(id)),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("neighbourhood")) && text.contains(QStringLiteral("units")), qPrintable(text));
        QCOMPARE(panel->statusLabel()->text(), QStringLiteral("Diagnosis of 3 selected checkpoints"));
        // The model card places a hovered point as the diagnosis does (same reference, the latents on show).
        const QRegularExpression diagnosed(QStringLiteral("model %1 @ epoch 1 .*?mean test accuracy ([0-9.]+)").arg(id),
                                           QRegularExpression::DotMatchesEverythingOption);
        const QRegularExpressionMatch match = diagnosed.match(text);
        QVERIFY2(match.hasMatch(), qPrintable(text));
        const QString card = w.session()->neighbourhoodCard(versions[0]);
        QVERIFY2(card.contains(QStringLiteral("10 latent neighbours at this epoch: test accuracy %1%")
                                   .arg(100 * match.captured(1).toDouble(), 0, 'f', 1)),
                 qPrintable(card + QStringLiteral(" vs ") + match.captured(1)));
        // The report's tab came to the front with the diagnosis.
        QVERIFY(w.showPanel(QStringLiteral("analysis")));
        QCOMPARE(int(w.analysisPanel()->currentPart()), int(zooscope::AnalysisPanel::Part::SelectionReport));
        explorertest::saveScreenshot(w, QStringLiteral("analysis-selection-report.png"));
    }

};

QTEST_MAIN(TestExplorerViews)
#include "tst_explorerviews.moc"
