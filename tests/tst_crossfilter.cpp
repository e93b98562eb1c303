// The linked histograms' logic without a window (issue 14): binning once per property (equal widths,
// a bin per whole number, a bin per category, NaN counted apart), and the crossfilter: the rows that
// pass every brush (AND), each histogram's rows passing the OTHER brushes, the rows on show only; all
// checked against brute force on random data, and fast at 100,000 rows.
#include "widgets/Crossfilter.h"

#include <QElapsedTimer>
#include <QtTest>

#include <cmath>
#include <numeric>
#include <random>

using zooscope::Crossfilter;
using zooscope::HistogramBrush;
using zooscope::PropertyHistogram;

namespace {
const double kNan = std::nan("");

struct Data {
    std::vector<double> accuracy, epoch, activation;
};

Data randomData(int n, unsigned seed)
{
    std::mt19937 random(seed);
    std::uniform_real_distribution<double> unit(0, 1);
    Data d;
    for (int i = 0; i < n; ++i) {
        d.accuracy.push_back(unit(random) < 0.05 ? kNan : unit(random));
        d.epoch.push_back(double(random() % 11));
        d.activation.push_back(double(random() % 3));
    }
    return d;
}

Crossfilter filterOf(const Data& d)
{
    Crossfilter f;
    f.reset(int(d.accuracy.size()));
    f.addDimension(QStringLiteral("test_accuracy"), std::make_shared<PropertyHistogram>(PropertyHistogram::continuous(d.accuracy)));
    f.addDimension(QStringLiteral("epoch"), std::make_shared<PropertyHistogram>(PropertyHistogram::continuous(d.epoch)));
    f.addDimension(QStringLiteral("activation"),
                   std::make_shared<PropertyHistogram>(PropertyHistogram::categorical(
                       d.activation, {QStringLiteral("relu"), QStringLiteral("tanh"), QStringLiteral("gelu")})));
    return f;
}
} // namespace

class TestCrossfilter : public QObject {
    Q_OBJECT
private slots:
    void continuousValuesGetEqualBinsAndNanIsCountedApart()
    {
        const PropertyHistogram h = PropertyHistogram::continuous({0, 0.25, 0.5, 0.75, 1.0, kNan}, 4);
        QVERIFY(!h.isCategorical());
        QVERIFY(!h.integerBins());
        QCOMPARE(h.binCount(), 4);
        QCOMPARE(h.binLow(0), 0.0);
        QCOMPARE(h.binHigh(3), 1.0);
        QCOMPARE(h.binOf(0), 0);
        QCOMPARE(h.binOf(1), 1);
        QCOMPARE(h.binOf(4), 3); // the maximum is in the last bin
        QCOMPARE(h.binOf(5), -1);
        QCOMPARE(h.missingCount(), 1);
        int missing = 0;
        QCOMPARE(h.counts(std::vector<int>{0, 1, 2, 3, 4, 5, 99}, &missing), (std::vector<int>{1, 1, 1, 2}));
        QCOMPARE(missing, 1);
        // Many values: Rice's rule, capped.
        std::vector<double> many(100000);
        for (size_t i = 0; i < many.size(); ++i)
            many[i] = double(i) / 7.0;
        QCOMPARE(PropertyHistogram::continuous(many).binCount(), PropertyHistogram::kMaxBins);
    }

    void fewWholeNumbersGetABinEachAndCategoriesToo()
    {
        const PropertyHistogram epochs = PropertyHistogram::continuous({0, 1, 2, 5, 10, kNan});
        QVERIFY(epochs.integerBins());
        QCOMPARE(epochs.binCount(), 11);
        QCOMPARE(epochs.binOf(3), 5);
        QCOMPARE(epochs.binOf(4), 10);
        QCOMPARE(epochs.binLow(5), 4.5);
        QCOMPARE(epochs.binHigh(5), 5.5);
        const PropertyHistogram seeds = PropertyHistogram::continuous({0, 1000, 5000});
        QVERIFY(!seeds.integerBins());
        const PropertyHistogram all = PropertyHistogram::continuous({kNan, kNan});
        QCOMPARE(all.binCount(), 0);
        QCOMPARE(all.missingCount(), 2);

        const PropertyHistogram act = PropertyHistogram::categorical({0, 2, 2, kNan, 7}, {QStringLiteral("relu"), QStringLiteral("tanh"), QStringLiteral("gelu")});
        QVERIFY(act.isCategorical());
        QCOMPARE(act.binCount(), 3);
        int missing = 0;
        QCOMPARE(act.counts(std::vector<int>{0, 1, 2, 3, 4}, &missing), (std::vector<int>{1, 0, 2}));
        QCOMPARE(missing, 2);
    }

    void brushesIntersectAndEachHistogramSeesTheOthersBrushes()
    {
        const Data d = randomData(5000, 7);
        Crossfilter f = filterOf(d);
        QCOMPARE(f.filteredRows().size(), size_t(5000)); // no brush: every row
        f.setBrush(0, HistogramBrush::range(0.8, 0.3)); // either direction
        f.setBrush(1, HistogramBrush::range(2, 6));
        f.setBrush(2, HistogramBrush::of({2, 0, 2}));
        QCOMPARE(f.brushCount(), 3);
        QCOMPARE(f.brush(0).low, 0.3);
        QCOMPARE(f.brush(2).categories, (std::vector<int>{0, 2}));

        const auto inAcc = [&](int r) { return d.accuracy[size_t(r)] >= 0.3 && d.accuracy[size_t(r)] <= 0.8; }; // NaN: false
        const auto inEpoch = [&](int r) { return d.epoch[size_t(r)] >= 2 && d.epoch[size_t(r)] <= 6; };
        const auto inAct = [&](int r) { return d.activation[size_t(r)] != 1; };
        std::vector<int> expected;
        std::vector<int> othersOfEpoch(11, 0);
        for (int r = 0; r < 5000; ++r) {
            if (inAcc(r) && inEpoch(r) && inAct(r))
                expected.push_back(r);
            if (inAcc(r) && inAct(r))
                ++othersOfEpoch[size_t(d.epoch[size_t(r)])];
        }
        QVERIFY(expected.size() > 300 && expected.size() < 2000);
        QCOMPARE(f.filteredRows(), expected);
        QCOMPARE(f.othersCounts(1), othersOfEpoch);
        // Counts of the selection add up to it (accuracy rows without a value are counted apart).
        int missing = 0;
        const std::vector<int> sel = f.countsOf(0, expected, &missing);
        QCOMPARE(std::accumulate(sel.begin(), sel.end(), 0) + missing, int(expected.size()));

        // Only rows on show take part; clearing leaves the others' brushes.
        f.setShownRows({0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        QCOMPARE(f.shownCount(), 10);
        for (int r : f.filteredRows())
            QVERIFY(r < 10 && inAcc(r) && inEpoch(r) && inAct(r));
        const std::vector<int> shown = f.shownCounts(2);
        QCOMPARE(std::accumulate(shown.begin(), shown.end(), 0), 10);
        f.setShownRows({});
        f.setBrush(1, {});
        QCOMPARE(f.brushCount(), 2);
        for (int r : f.filteredRows())
            QVERIFY(inAcc(r) && inAct(r));
        f.clearBrushes();
        QCOMPARE(f.filteredRows().size(), size_t(5000));
    }

    void aRowWithoutAValueNeverPassesABrush()
    {
        Crossfilter f;
        f.reset(3);
        f.addDimension(QStringLiteral("test_loss"), std::make_shared<PropertyHistogram>(PropertyHistogram::continuous({kNan, 1, 2})));
        f.setBrush(0, HistogramBrush::range(-1e300, 1e300));
        QCOMPARE(f.filteredRows(), (std::vector<int>{1, 2}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 f.addDimension(QStringLiteral("epoch"), std::make_shared<PropertyHistogram>(PropertyHistogram::continuous({1}))));
    }

    void aHundredThousandRowsRecountWithoutLag()
    {
        const Data d = randomData(100000, 3);
        QElapsedTimer binning;
        binning.start();
        Crossfilter f = filterOf(d);
        const qint64 binMs = binning.elapsed();
        f.setBrush(0, HistogramBrush::range(0.2, 0.9));
        f.setBrush(1, HistogramBrush::range(3, 9));
        QElapsedTimer t;
        t.start();
        // What one brush move costs: the selected rows and every histogram's three layers.
        const std::vector<int> rows = f.filteredRows();
        for (int i = 0; i < f.dimensionCount(); ++i) {
            f.shownCounts(i);
            f.othersCounts(i);
            f.countsOf(i, rows);
        }
        const qint64 ms = t.elapsed();
        qInfo("100,000 rows, 3 histograms: binning %lld ms, one brush move %lld ms (%zu rows pass)", binMs, ms, rows.size());
        QVERIFY2(ms < 250, qPrintable(QString::number(ms)));
    }
};

QTEST_GUILESS_MAIN(TestCrossfilter)
#include "tst_crossfilter.moc"
