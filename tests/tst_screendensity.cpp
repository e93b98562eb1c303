// ScreenDensity: the kernel density of points on the screen, its highest-density contours and shading.
#include "widgets/ScreenDensity.h"

#include <QElapsedTimer>
#include <QTest>

#include <cmath>
#include <random>

using zooscope::ScreenDensity;

namespace {

struct Cloud {
    std::vector<float> x, y;
};

Cloud blob(std::size_t n, double cx, double cy, double sigma, unsigned seed)
{
    std::mt19937 rng(seed);
    std::normal_distribution<double> g(0.0, sigma);
    Cloud c;
    c.x.resize(n);
    c.y.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        c.x[i] = float(cx + g(rng));
        c.y[i] = float(cy + g(rng));
    }
    return c;
}

// Even-odd rule over all lines of a contour (its region may have holes or several parts).
bool inside(const std::vector<QPolygonF>& lines, double x, double y)
{
    bool in = false;
    for (const QPolygonF& p : lines)
        if (p.containsPoint(QPointF(x, y), Qt::OddEvenFill))
            in = !in;
    return in;
}

} // namespace

class TestScreenDensity : public QObject {
    Q_OBJECT
private slots:
    void gaussianBlob()
    {
        const double sigma = 60, cx = 420, cy = 300;
        const Cloud c = blob(20000, cx, cy, sigma, 7);
        ScreenDensity d;
        d.compute(c.x, c.y, 800, 600);
        QCOMPARE(d.pointCount(), std::size_t(20000));
        // Scott's rule: sigma n^(-1/6).
        QVERIFY2(std::abs(d.scottBandwidth() - sigma * std::pow(20000.0, -1.0 / 6.0)) < 0.05 * d.scottBandwidth(),
                 qPrintable(QString::number(d.scottBandwidth())));
        QCOMPARE(d.bandwidth(), d.scottBandwidth());

        // The peak at the centre.
        const QPointF peak = d.peak();
        QVERIFY2(std::hypot(peak.x() - cx, peak.y() - cy) < 0.2 * sigma,
                 qPrintable(QStringLiteral("peak at %1, %2").arg(peak.x()).arg(peak.y())));
        // The density there: that of the Gaussian smoothed by the kernel, 1 / (2 pi (sigma^2 + h^2)).
        const double expected = 1.0 / (2 * M_PI * (sigma * sigma + d.bandwidth() * d.bandwidth()));
        QVERIFY2(std::abs(d.densityAt(cx, cy) / expected - 1) < 0.1, qPrintable(QString::number(d.densityAt(cx, cy) / expected)));

        // Each contour holds its share of the points, and is the circle a Gaussian's highest-density region
        // is: radius sigma sqrt(-2 ln(1 - q)).
        QCOMPARE(d.contours().size(), ScreenDensity::kFractions.size());
        for (const ScreenDensity::Contour& contour : d.contours()) {
            QVERIFY(!contour.lines.empty());
            std::size_t in = 0;
            for (std::size_t i = 0; i < c.x.size(); ++i)
                in += inside(contour.lines, c.x[i], c.y[i]) ? 1 : 0;
            const double share = double(in) / double(c.x.size());
            QVERIFY2(std::abs(share - contour.fraction) < 0.02,
                     qPrintable(QStringLiteral("%1 contour holds %2").arg(contour.fraction).arg(share)));
            // The main line (the longest) is round about the centre.
            const QPolygonF* main = &contour.lines.front();
            for (const QPolygonF& l : contour.lines)
                if (l.size() > main->size())
                    main = &l;
            QCOMPARE(main->first(), main->last()); // closed
            double mean = 0;
            for (const QPointF& p : *main)
                mean += std::hypot(p.x() - cx, p.y() - cy);
            mean /= main->size();
            const double radius = sigma * std::sqrt(-2 * std::log(1 - contour.fraction));
            QVERIFY2(std::abs(mean / radius - 1) < 0.06,
                     qPrintable(QStringLiteral("%1 contour radius %2, expected %3").arg(contour.fraction).arg(mean).arg(radius)));
        }
        // Nested: the 25% level is the densest.
        for (std::size_t k = 1; k < d.contours().size(); ++k)
            QVERIFY(d.contours()[k].level < d.contours()[k - 1].level);

        // The shade: 0.5 on the 50% line, near 1 at the peak, 0 far away.
        QVERIFY(std::abs(d.shade(d.contours()[1].level) - 0.5) < 0.02);
        QVERIFY(d.shade(d.densityAt(cx, cy)) > 0.97);
        QCOMPARE(d.shade(d.densityAt(10, 10)), 0.0);
        const QImage image = d.shading(QSize(200, 150), QRectF(0, 0, 800, 600), QColor(40, 60, 80, 128));
        QCOMPARE(image.size(), QSize(200, 150));
        QVERIFY(qAlpha(image.pixel(105, 75)) > 120);  // at the centre (420, 300)
        QCOMPARE(qAlpha(image.pixel(2, 2)), 0);       // far from the points
    }

    void bandwidthFactor()
    {
        const Cloud c = blob(5000, 400, 300, 50, 3);
        ScreenDensity scott, wide;
        scott.compute(c.x, c.y, 800, 600, 1.0);
        wide.compute(c.x, c.y, 800, 600, 2.0);
        QCOMPARE(wide.scottBandwidth(), scott.scottBandwidth());
        QVERIFY(std::abs(wide.bandwidth() - 2 * scott.bandwidth()) < 1e-9);
        // A wider kernel: a lower peak.
        QVERIFY(wide.densityAt(400, 300) < scott.densityAt(400, 300));
    }

    void twoBlobsAndOffScreenPoints()
    {
        Cloud a = blob(3000, 200, 300, 30, 1);
        const Cloud b = blob(1000, 600, 300, 30, 2);
        a.x.insert(a.x.end(), b.x.begin(), b.x.end());
        a.y.insert(a.y.end(), b.y.begin(), b.y.end());
        // Off screen, behind the camera (NaN): left out.
        for (float x : {-500.0f, 5000.0f, std::nanf("")}) {
            a.x.push_back(x);
            a.y.push_back(300);
        }
        ScreenDensity d;
        d.compute(a.x, a.y, 800, 600);
        QCOMPARE(d.pointCount(), std::size_t(4000));
        // The 25% region lies in the bigger blob only; the 90% region has two parts, one around each blob.
        const auto& c25 = d.contours()[0];
        QVERIFY(inside(c25.lines, 200, 300));
        QVERIFY(!inside(c25.lines, 600, 300));
        const auto& c90 = d.contours()[3];
        QVERIFY(c90.lines.size() >= 2);
        QVERIFY(inside(c90.lines, 200, 300));
        QVERIFY(inside(c90.lines, 600, 300));
        QVERIFY(!inside(c90.lines, 400, 300));
    }

    void degenerateInput()
    {
        ScreenDensity d;
        d.compute({}, {}, 800, 600);
        QVERIFY(d.isEmpty());
        QVERIFY(d.contours().empty());
        QVERIFY(std::isnan(d.peak().x()));
        QVERIFY(d.shading(QSize(10, 10), QRectF(0, 0, 800, 600), Qt::black).pixel(5, 5) == 0);
        // One point, and many at one place: a kernel of a fiftieth of the diagonal, the peak there.
        for (std::size_t n : {std::size_t(1), std::size_t(500)}) {
            d.compute(std::vector<float>(n, 100.0f), std::vector<float>(n, 200.0f), 800, 600);
            QCOMPARE(d.pointCount(), n);
            QVERIFY(d.bandwidth() > 0);
            QVERIFY(std::hypot(d.peak().x() - 100, d.peak().y() - 200) < d.cellSize());
            QVERIFY(std::abs(d.bandwidth() - 0.02 * 1000) < 1e-9);
            QCOMPARE(d.contours().size(), ScreenDensity::kFractions.size());
        }
        // A zero-sized screen: nothing, no crash.
        d.compute({1.0f}, {1.0f}, 0, 600);
        QVERIFY(d.isEmpty());
    }

    void millionPoints()
    {
        const Cloud c = blob(1000000, 700, 600, 100, 11);
        ScreenDensity d;
        QElapsedTimer t;
        t.start();
        d.compute(c.x, c.y, 1400, 1200);
        const qint64 ms = t.elapsed();
        qInfo("1,000,000 points on a 1400 x 1200 screen: %lld ms, grid %d x %d, %zu lines", ms, d.gridWidth(),
              d.gridHeight(), d.lineCount());
        QCOMPARE(d.pointCount(), std::size_t(1000000));
        QVERIFY(d.gridWidth() <= 400 && d.gridHeight() <= 400);
        QVERIFY(d.lineCount() >= 4);
    }
};

QTEST_GUILESS_MAIN(TestScreenDensity)
#include "tst_screendensity.moc"
