// The density in the latent view as a user meets it: switched on, contours and shading appear in the
// frame (dark lines on the computed contours, a grey wash under the points); they hide while the camera
// moves and come back for the new view; isolating points recomputes them; the Density action and its
// menu drive it; a vector figure holds the contours as paths and the shading as an image.
#include "widgets/DensityMenu.h"
#include "widgets/FigureOptions.h"
#include "widgets/FigureWriter.h"
#include "widgets/LatentScatterView.h"
#include "widgets/ScatterFigure.h"
#include "widgets/ScreenDensity.h"
#include "widgets/VtkHostWidget.h"

#include <QAction>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QApplication>
#include <QImage>
#include <QtTest>

#include <vtkCamera.h>

#include <cmath>
#include <random>

using namespace zooscope;

namespace {

bool isXcb() { return QGuiApplication::platformName() == QLatin1String("xcb"); }

// Two Gaussian blobs in the x-y plane (the reset camera looks down -z): 3000 and 1000 points.
void blobs(std::vector<float>& xyz, std::vector<double>& values)
{
    std::mt19937 rng(5);
    std::normal_distribution<float> g(0.0f, 0.35f);
    for (int i = 0; i < 4000; ++i) {
        const float cx = i < 3000 ? -1.0f : 1.2f;
        xyz.insert(xyz.end(), {cx + g(rng), g(rng), 0.1f * g(rng)});
        values.push_back(1.0); // one colour: viridis' yellow, far from the lines' dark grey
    }
}

bool dark(QRgb p) { return qRed(p) < 110 && qGreen(p) < 110 && qBlue(p) < 110; }
bool white(QRgb p) { return qRed(p) > 250 && qGreen(p) > 250 && qBlue(p) > 250; }

int count(const QImage& image, bool (*test)(QRgb))
{
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            n += test(image.pixel(x, y)) ? 1 : 0;
    return n;
}

// Share of the contour's vertices with a dark pixel within one pixel.
double darkAlong(const QImage& image, const std::vector<QPolygonF>& lines, double dpr)
{
    int hits = 0, all = 0;
    for (const QPolygonF& line : lines)
        for (const QPointF& p : line) {
            const int x = int(std::lround(p.x() * dpr)), y = int(std::lround(p.y() * dpr));
            if (!image.rect().adjusted(1, 1, -1, -1).contains(x, y))
                continue;
            ++all;
            bool hit = false;
            for (int dy = -1; dy <= 1 && !hit; ++dy)
                for (int dx = -1; dx <= 1 && !hit; ++dx)
                    hit = dark(image.pixel(x + dx, y + dy));
            hits += hit ? 1 : 0;
        }
    return all ? double(hits) / all : 0.0;
}

} // namespace

class TestDensityView : public QObject {
    Q_OBJECT
public:
    static void initMain() { VtkHostWidget::setDefaultSurfaceFormat(); }

private slots:
    void switchedOnItIsDrawn()
    {
        if (!isXcb())
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
        LatentScatterView view;
        view.resize(800, 600);
        std::vector<float> xyz;
        std::vector<double> values;
        blobs(xyz, values);
        view.setPoints(xyz, values);
        view.setValueRange(0.0, 1.0);
        view.setPointSize(4.0);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.resetCamera();
        const qreal dpr = view.devicePixelRatioF();

        const QImage off = view.grabFrame();
        QVERIFY(!view.shownDensity());
        QVERIFY(!view.density().on);

        // Contours: dark lines exactly where the computed contours run.
        QSignalSpy changed(&view, &LatentScatterView::densityChanged);
        DensitySettings s;
        s.on = true;
        view.setDensity(s);
        QCOMPARE(changed.count(), 1);
        QTRY_VERIFY(view.shownDensity() != nullptr);
        const ScreenDensity* d = view.shownDensity();
        QCOMPARE(d->pointCount(), std::size_t(4000));
        QCOMPARE(d->contours().size(), std::size_t(4));
        const QImage contours = view.grabFrame();
        if (qEnvironmentVariableIsSet("ZOOSCOPE_TEST_SAVE_DIR"))
            contours.save(qEnvironmentVariable("ZOOSCOPE_TEST_SAVE_DIR") + QStringLiteral("/density-contours.png"));
        QVERIFY(contours != off);
        for (const ScreenDensity::Contour& c : d->contours()) {
            const double share = darkAlong(contours, c.lines, dpr);
            QVERIFY2(share > 0.9, qPrintable(QStringLiteral("%1 contour: %2 of it dark").arg(c.fraction).arg(share)));
            QVERIFY2(darkAlong(off, c.lines, dpr) < 0.05, "dark before the density was on");
        }
        // The 90% line has a part around each blob.
        QVERIFY(d->contours()[3].lines.size() >= 2);

        // Shading: a grey wash under the points, no lines; white stays white away from them.
        s.mode = DensitySettings::Mode::Shading;
        view.setDensity(s);
        QTRY_VERIFY(view.shownDensity() != nullptr);
        const QImage shaded = view.grabFrame();
        if (qEnvironmentVariableIsSet("ZOOSCOPE_TEST_SAVE_DIR"))
            shaded.save(qEnvironmentVariable("ZOOSCOPE_TEST_SAVE_DIR") + QStringLiteral("/density-shading.png"));
        const int whiteOff = count(off, white), whiteShaded = count(shaded, white);
        QVERIFY2(whiteShaded < whiteOff - off.width() * off.height() / 20,
                 qPrintable(QStringLiteral("white pixels: %1 off, %2 shaded").arg(whiteOff).arg(whiteShaded)));
        QVERIFY(white(shaded.pixel(3, 3))); // a corner, far from the points
        QVERIFY2(darkAlong(shaded, view.shownDensity()->contours()[1].lines, dpr) < 0.05, "lines drawn in shading mode");
        // Under the points: the background between the dots is grey where the density is high, white
        // where there are no points.
        const ScreenDensity* sd = view.shownDensity();
        int denseBackground = 0, denseSum = 0, emptyBackground = 0, emptyWhite = 0;
        for (int y = 0; y < shaded.height(); y += 2)
            for (int x = 0; x < shaded.width() / 2; x += 2) {
                const QRgb p = shaded.pixel(x, y);
                if (!(std::abs(qRed(p) - qGreen(p)) < 25 && std::abs(qGreen(p) - qBlue(p)) < 25))
                    continue; // a dot
                const double shade = sd->shade(sd->densityAt(x / dpr, y / dpr));
                if (shade > 0.5) {
                    ++denseBackground;
                    denseSum += qRed(p);
                } else if (shade == 0.0) {
                    ++emptyBackground;
                    emptyWhite += white(p) ? 1 : 0;
                }
            }
        QVERIFY2(denseBackground > 20 && denseSum / denseBackground < 200,
                 qPrintable(QStringLiteral("%1 dense background pixels, mean red %2").arg(denseBackground).arg(denseSum / std::max(1, denseBackground))));
        QVERIFY(emptyBackground > 1000);
        QCOMPARE(emptyWhite, emptyBackground);

        // Off again: the frame is the one without density.
        s.on = false;
        view.setDensity(s);
        QVERIFY(!view.shownDensity());
        QCOMPARE(view.grabFrame(), off);
    }

    void hiddenWhileTheCameraMovesAndRecomputed()
    {
        if (!isXcb())
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
        LatentScatterView view;
        view.resize(640, 480);
        std::vector<float> xyz;
        std::vector<double> values;
        blobs(xyz, values);
        view.setPoints(xyz, values);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        DensitySettings s;
        s.on = true;
        view.setDensity(s);
        QTRY_VERIFY(view.shownDensity() != nullptr);
        const QPointF before = view.shownDensity()->peak();

        // Turn the camera half way round the y axis: the big blob is now on the right.
        view.scene().camera()->Azimuth(180);
        QVERIFY(!view.shownDensity()); // hidden at once
        QTRY_VERIFY(view.shownDensity() != nullptr);
        const QPointF after = view.shownDensity()->peak();
        QVERIFY2(before.x() < 320 && after.x() > 320,
                 qPrintable(QStringLiteral("peak at x %1, then %2").arg(before.x()).arg(after.x())));

        // Isolating the small blob: the density of its 1000 points only.
        std::vector<int> small;
        for (int i = 3000; i < 4000; ++i)
            small.push_back(i);
        view.isolateRows(small);
        QVERIFY(!view.shownDensity());
        QTRY_VERIFY(view.shownDensity() != nullptr);
        QCOMPARE(view.shownDensity()->pointCount(), std::size_t(1000));
        view.showAllPoints();
        QTRY_VERIFY(view.shownDensity() != nullptr);
        QCOMPARE(view.shownDensity()->pointCount(), std::size_t(4000));
    }

    // 1,000,000 points: the density is computed (projection, grid, levels, lines, shading texture) in a
    // fraction of a second once the camera rests; printed for docs/figures.md.
    void millionPoints()
    {
        if (!isXcb())
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
        LatentScatterView view;
        view.resize(1000, 800);
        std::mt19937 rng(9);
        std::normal_distribution<float> g(0.0f, 1.0f);
        std::vector<float> xyz(3000000);
        for (float& v : xyz)
            v = g(rng);
        view.setPoints(xyz, {});
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy shown(&view, &LatentScatterView::densityShown);
        QElapsedTimer timer;
        timer.start();
        DensitySettings s;
        s.on = true;
        s.mode = DensitySettings::Mode::Both;
        view.setDensity(s);
        QVERIFY(shown.wait(20000));
        const qint64 ms = timer.elapsed();
        QVERIFY(view.shownDensity());
        // The shading texture: half the view's resolution.
        QElapsedTimer shading;
        shading.start();
        const QImage image = view.shownDensity()->shading(QSize(500, 400), QRectF(0, 0, 1000, 800), ScreenDensity::shadeColour());
        qInfo("1,000,000 points in a 1000 x 800 view: the density computed in %.0f ms, its shading image in %lld ms "
              "(on show %lld ms after switching it on, first frames of the points included)",
              view.shownDensity()->computeMs(), shading.elapsed(), ms);
        QVERIFY(!image.isNull());
        QVERIFY(view.shownDensity()->pointCount() > 900000);
        QVERIFY(view.shownDensity()->lineCount() >= 4);
    }

    void theActionAndItsMenuDriveIt()
    {
        LatentScatterView view;
        DensityMenu menu(&view);
        QAction* toggle = menu.toggleAction();
        QCOMPARE(toggle->text(), QStringLiteral("Density"));
        QVERIFY(toggle->isCheckable() && !toggle->isChecked());
        toggle->trigger();
        QVERIFY(view.density().on);
        menu.modeAction(int(DensitySettings::Mode::Both))->trigger();
        QCOMPARE(int(view.density().mode), int(DensitySettings::Mode::Both));
        menu.widthAction(2.0)->trigger();
        QCOMPARE(view.density().bandwidth, 2.0);
        QVERIFY(menu.widthAction(2.0)->isChecked());
        toggle->trigger();
        QVERIFY(!view.density().on);
        // Choosing what to show switches it on; a restored setting moves the controls.
        menu.modeAction(int(DensitySettings::Mode::Shading))->trigger();
        QVERIFY(view.density().on && toggle->isChecked());
        DensitySettings restored;
        restored.bandwidth = 0.75;
        view.setDensity(restored);
        QVERIFY(!toggle->isChecked());
        QVERIFY(menu.modeAction(int(DensitySettings::Mode::Contours))->isChecked());
        QVERIFY(menu.widthAction(0.75)->isChecked() && !menu.widthAction(2.0)->isChecked());
    }

    void aVectorFigureHoldsTheContours()
    {
        ScatterFigureContent content;
        std::vector<float> xyz;
        std::vector<double> values;
        blobs(xyz, values);
        content.data.setPoints(xyz, values);
        content.colouring.setMode(ScatterColouring::Mode::Continuous);
        content.colouring.setAutoValueRange(content.data.values());
        ScatterCamera camera;
        camera.setPreset(ScatterCamera::Preset::MinusZ, content.data.visibleBounds(), 4.0 / 3.0);
        content.camera = camera.pose();
        FigureOptions options;
        options.format = FigureOptions::Format::Svg;
        const auto render = [&](const ScatterFigureContent& c, ScatterFigure::Stats* stats) {
            ScatterFigure figure(c, options);
            const QByteArray svg = FigureWriter::render(options, [&](QPainter& p, const QRectF& r) { figure.paint(p, r); });
            *stats = figure.stats();
            return QString::fromUtf8(svg);
        };
        ScatterFigure::Stats plain, withContours, withBoth;
        const QString svgPlain = render(content, &plain);
        QCOMPARE(plain.densityLines, std::size_t(0));
        QVERIFY(!svgPlain.contains(QStringLiteral("<image")));

        content.density.on = true;
        const QString svgContours = render(content, &withContours);
        QVERIFY(withContours.densityLines >= 5); // 4 levels, the 90% one in two parts
        QVERIFY(!withContours.densityShaded);
        QCOMPARE(qsizetype(svgContours.count(QStringLiteral("<polyline"))),
                 qsizetype(svgPlain.count(QStringLiteral("<polyline")) + withContours.densityLines));
        // The points are all still there, as circles.
        QCOMPARE(withContours.pointsDrawn + withContours.pointsHidden, plain.pointsDrawn + plain.pointsHidden);

        content.density.mode = DensitySettings::Mode::Both;
        const QString svgBoth = render(content, &withBoth);
        QVERIFY(withBoth.densityShaded);
        QCOMPARE(withBoth.densityLines, withContours.densityLines);
        QCOMPARE(svgBoth.count(QStringLiteral("<image")), 1);
        // The shading lies under the points: the image comes before the first circle.
        QVERIFY(svgBoth.indexOf(QStringLiteral("<image")) < svgBoth.indexOf(QStringLiteral("<circle")));
        // The contours over them: the first polyline after the last circle.
        QVERIFY(svgBoth.lastIndexOf(QStringLiteral("<circle")) < svgBoth.indexOf(QStringLiteral("<polyline")));
    }
};

QTEST_MAIN(TestDensityView)
#include "tst_densityview.moc"
