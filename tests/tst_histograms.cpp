// Linked histograms in the window (issue 14, real window under Xvfb): the default zoo's Histograms panel
// shows test accuracy and epoch; dragging across a histogram selects exactly the checkpoints in the range
// (the shared selection: 3D view and table); a second brush intersects with the first and the first
// histogram then shows the rows passing the other brush; a categorical bar click selects its category; a
// selection made elsewhere is drawn over every histogram with the same counts and drops the brushes;
// double-click and Clear Brushes clear; a histogram exports as a vector figure; a saved session restores
// the histograms and their brushes.
#include "app/ExplorerSession.h"
#include "app/HistogramPanelBinding.h"
#include "app/MainWindow.h"
#include "app/OpenedZoo.h"
#include "app/PointProperty.h"
#include "widgets/HistogramChart.h"
#include "widgets/LatentScatterView.h"
#include "widgets/HistogramPanel.h"
#include "widgets/PropertyHistogram.h"
#include "widgets/SelectionModel.h"
#include "widgets/ZooTablePanel.h"

#include <QDockWidget>
#include <QItemSelectionModel>
#include <QMenu>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

#include "ExplorerTestUtil.h"

#include <cmath>
#include <numeric>

using namespace explorertest;
using zooscope::HistogramBrush;
using zooscope::HistogramChart;
using zooscope::HistogramPanel;
using zooscope::PointProperty;

namespace {

int total(const std::vector<int>& v) { return std::accumulate(v.begin(), v.end(), 0); }

// Drags with the left button across `chart` from value a to value b (the middle of the plot's height).
void drag(HistogramChart* chart, double a, double b)
{
    const int y = chart->axisRect()->center().y();
    QTest::mousePress(chart, Qt::LeftButton, Qt::NoModifier, QPoint(chart->pixelOf(a), y));
    const int steps = 6;
    for (int i = 1; i <= steps; ++i)
        QTest::mouseMove(chart, QPoint(chart->pixelOf(a + (b - a) * i / steps), y));
    QTest::mouseRelease(chart, Qt::LeftButton, Qt::NoModifier, QPoint(chart->pixelOf(b), y));
}

void click(HistogramChart* chart, double at)
{
    QTest::mouseClick(chart, Qt::LeftButton, Qt::NoModifier, QPoint(chart->pixelOf(at), chart->axisRect()->center().y()));
}

// The rows whose property value lies in [low, high] (NaN never does), checked one by one.
std::vector<int> rowsIn(const PointProperty& p, double low, double high, const std::vector<int>& among = {})
{
    std::vector<int> rows;
    for (int r = 0; r < int(p.values.size()); ++r)
        if (p.values[size_t(r)] >= low && p.values[size_t(r)] <= high && (among.empty() || std::binary_search(among.begin(), among.end(), r)))
            rows.push_back(r);
    return rows;
}

int tableSelectedCount(MainWindow& w) { return int(w.zooTable()->view()->selectionModel()->selectedRows().size()); }

} // namespace

class TestHistograms : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_zoo;

private slots:
    void initTestCase()
    {
        if (!isXcb())
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
        QVERIFY(m_dir.isValid());
        m_zoo = defaultZooCopy(m_dir.path());
    }

    void brushesSelectCrossfilterAndSurviveASession()
    {
        const QString sessionFile = m_dir.filePath(QStringLiteral("brushed.zooscope"));
        std::vector<int> brushedSelection;
        HistogramBrush accuracyBrush, epochBrush;
        {
            MainWindow w(false);
            w.resize(1400, 1100);
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            QVERIFY(w.showPanel(QStringLiteral("histograms")));
            HistogramPanel* panel = w.histogramPanel();
            QVERIFY(panel->isVisible());
            QCOMPARE(panel->chartCount(), 0); // no zoo yet: a message instead
            QVERIFY(openAndSettle(w, m_zoo));
            QCOMPARE(panel->chartIds(), (QStringList{QStringLiteral("test_accuracy"), QStringLiteral("epoch")}));
            const PointProperty accuracy = *w.session()->property(QStringLiteral("test_accuracy"));
            const PointProperty epoch = *w.session()->property(QStringLiteral("epoch"));
            const int points = int(accuracy.values.size());
            HistogramChart* accChart = panel->chart(0);
            HistogramChart* epochChart = panel->chart(1);
            QTRY_VERIFY(accChart->axisRect()->rect().width() > 200 && epochChart->axisRect()->rect().width() > 200);
            // Every point on show in the light bars, none selected.
            QCOMPARE(total(accChart->counts(HistogramChart::Shown)) + accChart->histogram()->missingCount(), points);
            QCOMPARE(total(epochChart->counts(HistogramChart::Shown)), points);
            QCOMPARE(total(accChart->counts(HistogramChart::Selected)), 0);

            // A drag across test accuracy 0.5 .. 0.8 selects exactly the checkpoints in the brushed range.
            drag(accChart, 0.5, 0.8);
            accuracyBrush = accChart->brush();
            QVERIFY(accuracyBrush.active);
            const double binWidth = accChart->histogram()->binHigh(0) - accChart->histogram()->binLow(0);
            QVERIFY2(std::abs(accuracyBrush.low - 0.5) < binWidth && std::abs(accuracyBrush.high - 0.8) < binWidth,
                     qPrintable(QStringLiteral("%1 .. %2").arg(accuracyBrush.low).arg(accuracyBrush.high)));
            const std::vector<int> inRange = rowsIn(accuracy, accuracyBrush.low, accuracyBrush.high);
            QVERIFY(inRange.size() > 100 && int(inRange.size()) < points / 2);
            QCOMPARE(w.selectionModel()->selectedRows(), inRange);
            QCOMPARE(tableSelectedCount(w), int(inRange.size())); // the table shows it
            QCOMPARE(total(accChart->counts(HistogramChart::Selected)), int(inRange.size()));
            QCOMPARE(total(epochChart->counts(HistogramChart::Selected)), int(inRange.size()));
            QVERIFY(w.findChild<QPushButton*>(QStringLiteral("clearBrushesButton"))->isEnabled());

            // A second brush on epoch (3 .. 7): the selection is the intersection.
            drag(epochChart, 2.6, 7.4);
            epochBrush = epochChart->brush();
            QVERIFY(epochBrush.active);
            QCOMPARE(epochBrush.low, 3.0); // whole epochs: whole bars
            QCOMPARE(epochBrush.high, 7.0);
            brushedSelection = rowsIn(epoch, epochBrush.low, epochBrush.high, inRange);
            QVERIFY(!brushedSelection.empty() && brushedSelection.size() < inRange.size());
            QCOMPARE(w.selectionModel()->selectedRows(), brushedSelection);
            // Crossfilter: test accuracy's lighter layer counts every checkpoint the epoch brush lets pass.
            const std::vector<int> epochPasses = rowsIn(epoch, epochBrush.low, epochBrush.high);
            int epochPassesWithValue = 0;
            for (int r : epochPasses)
                epochPassesWithValue += std::isnan(accuracy.values[size_t(r)]) ? 0 : 1;
            QCOMPARE(total(accChart->counts(HistogramChart::Others)), epochPassesWithValue);
            QCOMPARE(total(epochChart->counts(HistogramChart::Others)), int(inRange.size()));
            // Per bin, the strong layer is the selection's count in that bin.
            QCOMPARE(epochChart->counts(HistogramChart::Selected), epochChart->histogram()->counts(brushedSelection));
            saveScreenshot(w, QStringLiteral("histograms-brushed.png"));

            // Saved with its brushes.
            QVERIFY(w.saveSession(sessionFile));

            // Categories: a click on a bar of activation adds that brush.
            QVERIFY(w.histogramBinding()->addHistogram(QStringLiteral("activation")));
            QVERIFY(!w.histogramBinding()->addHistogram(QStringLiteral("activation"))); // once
            HistogramChart* actChart = panel->chart(2);
            const PointProperty activation = *w.session()->property(QStringLiteral("activation"));
            QVERIFY(activation.categories.size() >= 2);
            QTRY_VERIFY(actChart->axisRect()->rect().width() > 100); // laid out by its first replot
            click(actChart, 1);
            QCOMPARE(actChart->brush().categories, std::vector<int>{1});
            QCOMPARE(w.selectionModel()->selectedRows(), rowsIn(activation, 1, 1, brushedSelection));
            click(actChart, 1); // again: off
            QVERIFY(!actChart->brush().active);
            QCOMPARE(w.selectionModel()->selectedRows(), brushedSelection);

            // A double-click clears a brush: the other one alone selects.
            const QPoint inside(epochChart->pixelOf(5), epochChart->axisRect()->center().y());
            QTest::mouseDClick(epochChart, Qt::LeftButton, Qt::NoModifier, inside);
            QVERIFY(!epochChart->brush().active);
            QCOMPARE(w.selectionModel()->selectedRows(), inRange);

            // A selection made elsewhere (the table, a lasso, a named selection) is drawn over every histogram
            // with its own counts, and drops the brushes.
            std::vector<int> every7th;
            for (int r = 0; r < points; r += 7)
                every7th.push_back(r);
            w.selectionModel()->setSelectedRows(every7th);
            QVERIFY(!accChart->brush().active);
            QVERIFY(!w.findChild<QPushButton*>(QStringLiteral("clearBrushesButton"))->isEnabled());
            for (int i = 0; i < panel->chartCount(); ++i) {
                HistogramChart* c = panel->chart(i);
                int missing = 0;
                QCOMPARE(c->counts(HistogramChart::Selected), c->histogram()->counts(every7th, &missing));
                QCOMPARE(total(c->counts(HistogramChart::Selected)) + missing, int(every7th.size()));
                QVERIFY(c->counts(HistogramChart::Others).empty());
            }

            // Isolated in the 3D view: the light bars count the points on show only; a brush selects among them.
            w.scatterView()->isolateSelection();
            QTRY_COMPARE(total(epochChart->counts(HistogramChart::Shown)), int(every7th.size()));
            drag(epochChart, 2.6, 7.4);
            QCOMPARE(w.selectionModel()->selectedRows(), rowsIn(epoch, 3, 7, every7th));
            w.scatterView()->showAllPoints();
            QTRY_COMPARE(total(epochChart->counts(HistogramChart::Shown)), points);
            QTest::mouseDClick(epochChart, Qt::LeftButton, Qt::NoModifier, inside);
            QCOMPARE(w.selectionModel()->selectedCount(), 0);

            // Clear Brushes clears what the brushes selected.
            drag(accChart, 0.5, 0.8); // the panel is laid out anew: another pixel, maybe another bound
            QCOMPARE(w.selectionModel()->selectedRows(), rowsIn(accuracy, accChart->brush().low, accChart->brush().high));
            w.findChild<QPushButton*>(QStringLiteral("clearBrushesButton"))->click();
            QCOMPARE(w.selectionModel()->selectedCount(), 0);
            QVERIFY(!accChart->brush().active);

            // While a brush is dragged the selection follows it, before the button is released.
            const int y = accChart->axisRect()->center().y();
            QTest::mousePress(accChart, Qt::LeftButton, Qt::NoModifier, QPoint(accChart->pixelOf(0.3), y));
            QTest::mouseMove(accChart, QPoint(accChart->pixelOf(0.6), y));
            QTRY_VERIFY(w.selectionModel()->selectedCount() > 0);
            QCOMPARE(w.selectionModel()->selectedRows(), rowsIn(accuracy, accChart->brush().low, accChart->brush().high));
            QTest::mouseRelease(accChart, Qt::LeftButton, Qt::NoModifier, QPoint(accChart->pixelOf(0.6), y));
            QCOMPARE(w.selectionModel()->selectedRows(), rowsIn(accuracy, accChart->brush().low, accChart->brush().high));

            // A histogram is a chart like the others: a vector figure.
            zooscope::FigureOptions options;
            options.format = zooscope::FigureOptions::Format::Svg;
            const QString svg = m_dir.filePath(QStringLiteral("histogram.svg"));
            QVERIFY(w.writeChartFigure(accChart, svg, options));
            QFile f(svg);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray text = f.readAll();
            QVERIFY(text.contains("<svg") && !text.contains("<image"));
            if (qEnvironmentVariableIsSet("ZOOSCOPE_SCREENSHOT_DIR"))
                QFile::copy(svg, qEnvironmentVariable("ZOOSCOPE_SCREENSHOT_DIR") + QStringLiteral("/histogram.svg"));
        }

        // A fresh window opening the session shows the same histograms, brushes and selection.
        MainWindow w(false);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy opened(&w, &MainWindow::sessionOpened);
        w.openSession(sessionFile);
        QVERIFY(opened.wait(120000));
        QVERIFY2(opened.first().at(1).toString().isEmpty(), qPrintable(opened.first().at(1).toString()));
        QVERIFY(QTest::qWaitFor([&] { return !w.isBusy(); }, 120000));
        HistogramPanel* panel = w.histogramPanel();
        QCOMPARE(panel->chartIds(), (QStringList{QStringLiteral("test_accuracy"), QStringLiteral("epoch")}));
        QVERIFY(panel->chart(0)->brush() == accuracyBrush);
        QVERIFY(panel->chart(1)->brush() == epochBrush);
        QCOMPARE(w.selectionModel()->selectedRows(), brushedSelection);
        QCOMPARE(total(panel->chart(1)->counts(HistogramChart::Selected)), int(brushedSelection.size()));
    }

    void theAddMenuOffersEveryPropertyNotShown()
    {
        MainWindow w(false);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(openAndSettle(w, m_zoo));
        auto* menu = w.findChild<QMenu*>(QStringLiteral("addHistogramMenu"));
        QVERIFY(menu);
        emit menu->aboutToShow();
        QCOMPARE(menu->actions().size(), PointProperty::ids().size());
        auto* epoch = menu->findChild<QAction*>(QStringLiteral("addHistogram_epoch"));
        QVERIFY(epoch && !epoch->isEnabled()); // already shown
        menu->findChild<QAction*>(QStringLiteral("addHistogram_optimizer"))->trigger();
        QCOMPARE(w.histogramPanel()->chartCount(), 3);
        QVERIFY(w.histogramPanel()->chart(2)->histogram()->isCategorical());
        // Removing it keeps the others.
        w.histogramPanel()->findChild<QFrame*>(QStringLiteral("histogram_optimizer"))->findChild<QToolButton*>(QStringLiteral("removeHistogramButton"))->click();
        QCOMPARE(w.histogramPanel()->chartIds(), (QStringList{QStringLiteral("test_accuracy"), QStringLiteral("epoch")}));
        QCOMPARE(w.session()->viewState().histograms->size(), size_t(2));
    }
};

QTEST_MAIN(TestHistograms)
#include "tst_histograms.moc"
