// The latent scatter view as a user meets it: coloured round dots where the points are, a colour bar,
// a camera that turns with the mouse and comes back with 'r'.
#include "widgets/VtkHostWidget.h"
#include "widgets/ColorMap.h"
#include "widgets/LatentScatterView.h"
#include "widgets/ScatterCamera.h"
#include "widgets/ScatterColouring.h"
#include "widgets/ScatterPointData.h"
#include "widgets/SelectionModel.h"

#include <QApplication>
#include <QImage>
#include <QMouseEvent>
#include <QSignalSpy>
#include <QSurfaceFormat>
#include <QWheelEvent>
#include <QtTest>

#include <vtkCamera.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>

#include <array>
#include <cmath>
#include <random>

using zooscope::ColorMap;
using zooscope::LatentScatterView;

namespace {

bool isXcb() { return QGuiApplication::platformName() == QLatin1String("xcb"); }

// Published viridis entries (matplotlib), as 8-bit colours.
const QColor kViridis0(68, 1, 84);      // entry 0
const QColor kViridis85(49, 104, 142);  // entry 85: value 1/3 of the range
const QColor kViridis170(53, 183, 121); // entry 170: value 2/3
const QColor kViridis255(253, 231, 37); // entry 255
const QColor kWhite(255, 255, 255);

bool near(const QColor& a, const QColor& b, int tolerance)
{
    return std::abs(a.red() - b.red()) <= tolerance && std::abs(a.green() - b.green()) <= tolerance &&
           std::abs(a.blue() - b.blue()) <= tolerance;
}

QString describe(const QColor& c) { return QStringLiteral("(%1, %2, %3)").arg(c.red()).arg(c.green()).arg(c.blue()); }

struct Cluster {
    std::array<float, 3> centre;
    double value;
    QColor colour;
};

// Four tight clusters of 250 points at different depths; values 0, 1/3, 2/3, 1 on a fixed 0..1 range.
const std::array<Cluster, 4> kClusters = {{
    {{-1.0f, -1.0f, 0.5f}, 0.0, kViridis0},
    {{1.0f, -1.0f, -0.5f}, 1.0 / 3.0, kViridis85},
    {{-1.0f, 1.0f, -0.5f}, 2.0 / 3.0, kViridis170},
    {{1.0f, 1.0f, 0.5f}, 1.0, kViridis255},
}};

void fillClusters(std::vector<float>& xyz, std::vector<double>& values)
{
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> jitter(-0.03f, 0.03f);
    for (const Cluster& c : kClusters)
        for (int i = 0; i < 250; ++i) {
            xyz.insert(xyz.end(), {c.centre[0] + jitter(rng), c.centre[1] + jitter(rng), c.centre[2] + jitter(rng)});
            values.push_back(c.value);
        }
}

// Where a world point lands in a grabbed image (top-left origin, device pixels).
QPoint project(LatentScatterView& view, const std::array<double, 3>& p, const QImage& image)
{
    vtkRenderer* r = view.scene().renderer();
    r->SetWorldPoint(p[0], p[1], p[2], 1.0);
    r->WorldToDisplay();
    double d[3];
    r->GetDisplayPoint(d);
    return QPoint(int(std::lround(d[0])), image.height() - 1 - int(std::lround(d[1])));
}

// Share of pixels in a (2r+1)^2 patch around p that are within tolerance of colour.
double shareNear(const QImage& image, QPoint p, int r, const QColor& colour, int tolerance)
{
    int hits = 0, all = 0;
    for (int y = p.y() - r; y <= p.y() + r; ++y)
        for (int x = p.x() - r; x <= p.x() + r; ++x) {
            if (!image.rect().contains(x, y))
                continue;
            ++all;
            hits += near(image.pixelColor(x, y), colour, tolerance) ? 1 : 0;
        }
    return all ? double(hits) / all : 0.0;
}

std::array<double, 9> pose(LatentScatterView& view)
{
    vtkCamera* c = view.scene().camera();
    std::array<double, 9> p{};
    c->GetPosition(&p[0]);
    c->GetFocalPoint(&p[3]);
    c->GetViewUp(&p[6]);
    return p;
}

double poseDistance(const std::array<double, 9>& a, const std::array<double, 9>& b)
{
    double d = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i)
        d = std::max(d, std::abs(a[i] - b[i]));
    return d;
}

void sendMouse(QWidget* w, QEvent::Type type, QPoint pos, Qt::MouseButton button, Qt::MouseButtons buttons)
{
    QMouseEvent e(type, QPointF(pos), QPointF(w->mapToGlobal(pos)), button, buttons, Qt::NoModifier);
    QApplication::sendEvent(w, &e);
}

void drag(QWidget* w, QPoint from, QPoint to)
{
    sendMouse(w, QEvent::MouseButtonPress, from, Qt::LeftButton, Qt::LeftButton);
    for (int i = 1; i <= 10; ++i)
        sendMouse(w, QEvent::MouseMove, from + (to - from) * i / 10, Qt::NoButton, Qt::LeftButton);
    sendMouse(w, QEvent::MouseButtonRelease, to, Qt::LeftButton, Qt::NoButton);
}

// Many points in four gaussian clusters (values by cluster), as a zoo's latent space looks from afar.
void fillCrowd(std::size_t n, std::vector<float>& xyz, std::vector<double>& values)
{
    std::mt19937 rng(13);
    std::normal_distribution<float> spread(0.0f, 0.5f);
    for (std::size_t i = 0; i < n; ++i) {
        const Cluster& c = kClusters[i % kClusters.size()];
        xyz.insert(xyz.end(), {c.centre[0] + spread(rng), c.centre[1] + spread(rng), c.centre[2] + spread(rng)});
        values.push_back(c.value + 0.1 * spread(rng));
    }
}

// Pixels in which two frames differ.
int differingPixels(const QImage& a, const QImage& b)
{
    if (a.size() != b.size())
        return a.width() * a.height() + 1;
    const QImage x = a.convertToFormat(QImage::Format_RGB32), y = b.convertToFormat(QImage::Format_RGB32);
    int count = 0;
    for (int row = 0; row < x.height(); ++row)
        for (int col = 0; col < x.width(); ++col)
            count += x.pixel(col, row) != y.pixel(col, row) ? 1 : 0;
    return count;
}

} // namespace

class TestLatentScatterView : public QObject {
    Q_OBJECT
public:
    // Called by QTEST_MAIN before QApplication exists: VTK needs an OpenGL 3.2 core context.
    static void initMain()
    {
        zooscope::VtkHostWidget::setDefaultSurfaceFormat();
    }

private slots:
    void colourMapsMatchThePublishedTables()
    {
        const auto v = [](double t) { return ColorMap::sample(ColorMap::Name::Viridis, t).toQColor(); };
        QVERIFY2(near(v(0.0), kViridis0, 1), qPrintable(describe(v(0.0))));
        QVERIFY2(near(v(1.0 / 3.0), kViridis85, 1), qPrintable(describe(v(1.0 / 3.0))));
        QVERIFY2(near(v(2.0 / 3.0), kViridis170, 1), qPrintable(describe(v(2.0 / 3.0))));
        QVERIFY2(near(v(1.0), kViridis255, 1), qPrintable(describe(v(1.0))));
        QVERIFY(near(ColorMap::sample(ColorMap::Name::Viridis, 0.0, true).toQColor(), kViridis255, 1));
        // cividis: entry 0 (0, 0.135112, 0.304751), entry 128 (0.488697, 0.485318, 0.471008)
        QVERIFY(near(ColorMap::sample(ColorMap::Name::Cividis, 0.0).toQColor(), QColor(0, 34, 78), 1));
        QVERIFY(near(ColorMap::sample(ColorMap::Name::Cividis, 0.5).toQColor(), QColor(125, 124, 120), 1));
        QCOMPARE(ColorMap::okabeIto()[0], QColor(0xE6, 0x9F, 0x00));
        QCOMPARE(ColorMap::okabeIto()[6], QColor(0xCC, 0x79, 0xA7));
        QCOMPARE(ColorMap::category(9), QColor(0x56, 0xB4, 0xE9));
    }

    void sceneChecksItsInput()
    {
        zooscope::LatentScatterScene scene;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, scene.setPoints({0.0f, 1.0f}, {}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, scene.setPoints({0.0f, 1.0f, 2.0f}, {1.0, 2.0}));
        scene.setPoints({0.0f, 1.0f, 2.0f, 3.0f, 4.0f, 5.0f}, {2.0, -1.0});
        QCOMPARE(scene.pointCount(), std::size_t(2));
        QVERIFY(scene.autoValueRange());
        QCOMPARE(scene.valueRange(), std::make_pair(-1.0, 2.0));
        scene.setValueRange(0.0, 10.0);
        QCOMPARE(scene.valueRange(), std::make_pair(0.0, 10.0));
        scene.setPoints({0.0f, 1.0f, 2.0f}, {}); // no values: one colour, no colour bar
        QCOMPARE(scene.pointCount(), std::size_t(1));
    }

    void pointDataKeepsRowsCategoriesAndSizes()
    {
        zooscope::ScatterPointData data;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, data.setPoints({0.0f, 1.0f}, {}));
        data.setPoints({0, 0, 0, 1, 2, 3, -1, 5, 1, 4, 4, 4}, {});
        QCOMPARE(data.pointCount(), std::size_t(4));
        QCOMPARE(data.visibleRows(), (std::vector<int>{0, 1, 2, 3}));
        data.setVisibleRows({2, 1, 9, 1, -3});
        QCOMPARE(data.visibleRows(), (std::vector<int>{1, 2}));
        QCOMPARE(data.visibleBounds(), (std::array<double, 6>{-1, 1, 2, 5, 1, 3}));
        data.setHighlightedRows({3, 2, 2});
        QCOMPARE(data.highlightedRows(), (std::vector<int>{2, 3}));
        QCOMPARE(data.highlightedVisibleRows(), std::vector<int>{2});
        data.setCategories({0, 1, 7, -1}, {"a", "b"});
        QCOMPARE(data.values()[1], 1.0);
        QVERIFY(std::isnan(data.values()[2]) && std::isnan(data.values()[3]));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, data.setCategories({0}, {"a"}));
        data.setSizeValues({0.0, 1.0, 2.0, std::nan("")});
        QCOMPARE(data.sizeFactors(), (std::vector<float>{0.5f, 1.25f, 2.0f, 1.0f}));
        data.setTrajectories({{0, 1, 99}, {2}});
        QCOMPARE(data.trajectories().size(), std::size_t(1)); // a line needs two rows in range
        // Trajectory lines from the models' rows: all of them, or those with a highlighted row, through rows on show.
        using TrajectoryMode = zooscope::ScatterPointData::TrajectoryMode;
        data.setTrajectoryGroups({{0, 1}, {2, 3}});
        data.setVisibleRows({0, 2, 3});
        QCOMPARE(data.trajectoryLines(TrajectoryMode::All), (std::vector<std::vector<int>>{{0}, {2, 3}}));
        QCOMPARE(data.trajectoryLines(TrajectoryMode::Selected), (std::vector<std::vector<int>>{{2, 3}}));
        QVERIFY(data.trajectoryLines(TrajectoryMode::None).empty());
        data.showAllPoints();
        QVERIFY(data.subsetOfVisible(4).empty()); // no more rows than the subset: no level of detail
        const std::vector<int> subset = data.subsetOfVisible(2);
        QCOMPARE(subset.size(), std::size_t(2));
        QVERIFY(std::is_sorted(subset.begin(), subset.end()));
        QCOMPARE(data.subsetOfVisible(2), subset); // the same subset every time
    }

    void colouringGivesTheLookupTablesColours()
    {
        zooscope::ScatterColouring colouring;
        const auto rgba = [](const QColor& c) {
            return zooscope::ScatterColouring::Rgba{std::uint8_t(c.red()), std::uint8_t(c.green()), std::uint8_t(c.blue()), 255};
        };
        QCOMPARE(colouring.colours({}, 2), std::vector<zooscope::ScatterColouring::Rgba>(2, rgba(QColor(89, 89, 89))));
        colouring.setMode(zooscope::ScatterColouring::Mode::Continuous);
        colouring.setAutoValueRange({2.0, 4.0, std::nan("")});
        QCOMPARE(colouring.valueRange(), std::make_pair(2.0, 4.0));
        const auto colours = colouring.colours({2.0, 4.0, std::nan(""), 10.0}, 4);
        QVERIFY2(near(QColor(colours[0][0], colours[0][1], colours[0][2]), kViridis0, 1), "low end");
        QVERIFY2(near(QColor(colours[1][0], colours[1][1], colours[1][2]), kViridis255, 1), "high end");
        QCOMPARE(colours[2], rgba(QColor(153, 153, 153))); // NaN: grey
        QCOMPARE(colours[3], colours[1]);                  // above the range: clamped
        colouring.setValueRange(0.0, 3.0);
        QVERIFY(!colouring.autoValueRange());
        QVERIFY(near(colouring.colour(1.0).toQColor(), kViridis85, 1));
        colouring.setColorMap(ColorMap::Name::Viridis, true);
        QVERIFY(near(colouring.colour(0.0).toQColor(), kViridis255, 1));
        colouring.setMode(zooscope::ScatterColouring::Mode::Categorical, 2);
        QCOMPARE(colouring.colour(1.0).toQColor(), ColorMap::category(1));
        QCOMPARE(colouring.colours({0.0, 2.0}, 2)[1], rgba(QColor(153, 153, 153))); // not a named category
    }

    void cameraProjectsAKnownPoint()
    {
        zooscope::ScatterCamera camera;
        vtkCamera* c = camera.vtk();
        c->SetFocalPoint(0, 0, 0);
        c->SetPosition(0, 0, 10);
        c->SetViewUp(0, 1, 0);
        c->SetViewAngle(30.0);
        const double half = 10.0 * std::tan(M_PI / 12.0); // half the height seen at the focal point
        QVERIFY(std::abs(camera.visibleHeight() - 2.0 * half) < 1e-12);
        double x = 0.0, y = 0.0;
        QVERIFY(camera.project({0, 0, 0}, 800, 600, &x, &y));
        QVERIFY(std::abs(x - 400) < 1e-9 && std::abs(y - 300) < 1e-9);
        QVERIFY(camera.project({0, half, 0}, 800, 600, &x, &y)); // the top edge
        QVERIFY2(std::abs(x - 400) < 1e-9 && std::abs(y) < 1e-9, qPrintable(QStringLiteral("%1 %2").arg(x).arg(y)));
        QVERIFY(camera.project({half, 0, 0}, 800, 600, &x, &y)); // right of centre by the height's scale
        QVERIFY(std::abs(x - (400 + 300)) < 1e-9);
        QVERIFY(!camera.project({0, 0, 20}, 800, 600, &x, &y)); // behind the camera
        // Orthographic keeps what is seen at the focal point, and back.
        camera.setOrthographic(true);
        QVERIFY(std::abs(camera.visibleHeight() - 2.0 * half) < 1e-12);
        QVERIFY(camera.project({0, half, 0}, 800, 600, &x, &y) && std::abs(y) < 1e-9);
        camera.setOrthographic(false);
        QVERIFY(std::abs(c->GetDistance() - 10.0) < 1e-9);
    }

    // The reset pose fits the points as VTK's own ResetCamera does (in the part of the view left of the
    // colour bar), for wide and tall views.
    void cameraResetPoseMatchesVtk()
    {
        const std::array<double, 6> bounds{-1.0, 3.0, 0.0, 2.0, -0.5, 0.5};
        for (double aspect : {1.0, 1.7, 0.6}) {
            for (auto preset : {zooscope::ScatterCamera::Preset::MinusZ, zooscope::ScatterCamera::Preset::Isometric}) {
                zooscope::ScatterCamera ours;
                ours.setPreset(preset, bounds, aspect);
                auto renderer = vtkSmartPointer<vtkRenderer>::New();
                vtkCamera* theirs = renderer->GetActiveCamera();
                const auto [dop, up] = zooscope::ScatterCamera::presetAxes(preset);
                theirs->SetFocalPoint(1, 1, 0);
                theirs->SetPosition(1 - dop[0], 1 - dop[1], -dop[2]);
                theirs->SetViewUp(up.data());
                theirs->OrthogonalizeViewUp();
                // The points fit what the colour bar leaves of the width, centred in it.
                const double reserved = zooscope::ScatterCamera::kDefaultReserved;
                renderer->SetAspect(aspect * (1.0 - reserved), 1.0); // no window: ResetCamera keeps this aspect
                renderer->ResetCamera(bounds.data());
                theirs->SetWindowCenter(reserved, 0.0);
                theirs->Zoom(0.88);
                double a[3], b[3];
                ours.vtk()->GetPosition(a);
                theirs->GetPosition(b);
                for (int i = 0; i < 3; ++i)
                    QVERIFY2(std::abs(a[i] - b[i]) < 1e-9, qPrintable(QStringLiteral("aspect %1: %2 vs %3").arg(aspect).arg(a[i]).arg(b[i])));
                QVERIFY(std::abs(ours.vtk()->GetViewAngle() - theirs->GetViewAngle()) < 1e-9);
                QVERIFY(std::abs(ours.vtk()->GetParallelScale() - theirs->GetParallelScale()) < 1e-9);
            }
        }
    }

    void constructedButNeverShown()
    {
        if (!isXcb())
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
        LatentScatterView view; // destroyed without ever having had a GL context
        zooscope::SelectionModel selection;
        selection.setRowCount(3);
        selection.select({2}, zooscope::SelectionModel::Mode::Replace);
        view.setSelectionModel(&selection);
        view.setPoints({0.0f, 0.0f, 0.0f}, {1.0});
        QCOMPARE(view.pointCount(), std::size_t(1));
        double fp[3];
        view.scene().camera()->GetFocalPoint(fp); // the first points reset the camera onto them
        QVERIFY(fp[0] == 0.0 && fp[1] == 0.0 && fp[2] == 0.0);
        // The selection belongs to its owner: new points neither clear nor resize it.
        QCOMPARE(selection.rowCount(), 3);
        QCOMPARE(selection.selectedRows(), std::vector<int>{2});
    }

    void rendersColouredDotsAndAColourBar()
    {
        if (!isXcb())
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
        LatentScatterView view;
        view.resize(800, 600);
        std::vector<float> xyz;
        std::vector<double> values;
        fillClusters(xyz, values);
        view.setPoints(xyz, values);
        view.setValueRange(0.0, 1.0);
        view.setPointSize(14.0);
        view.setColorBarTitle(QStringLiteral("test accuracy"));
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.resetCamera();
        QCOMPARE(view.pointCount(), std::size_t(1000));

        const QImage image = view.grabFrame();
        QVERIFY(!image.isNull());
        const qreal dpr = view.devicePixelRatioF();
        QCOMPARE(image.size(), view.size() * dpr);
        if (qEnvironmentVariableIsSet("ZOOSCOPE_TEST_SAVE_DIR"))
            image.save(qEnvironmentVariable("ZOOSCOPE_TEST_SAVE_DIR") + QStringLiteral("/latentscatterview.png"));

        // Each cluster shows its viridis colour where it projects.
        for (const Cluster& c : kClusters) {
            const QPoint p = project(view, {c.centre[0], c.centre[1], c.centre[2]}, image);
            QVERIFY2(image.rect().contains(p), "cluster outside the view");
            const double share = shareNear(image, p, 2, c.colour, 12);
            QVERIFY2(share >= 0.8, qPrintable(QStringLiteral("cluster value %1 at (%2, %3): %4 of the patch is %5, centre %6")
                                                  .arg(c.value).arg(p.x()).arg(p.y()).arg(share)
                                                  .arg(describe(c.colour), describe(image.pixelColor(p)))));
        }
        // Away from every point: the white background.
        for (const std::array<double, 3>& w : {std::array<double, 3>{0, 0, 0}, {0, -1, 0}, {-1, 0, 0}, {0, 1, 0}}) {
            const QPoint p = project(view, w, image);
            QVERIFY2(shareNear(image, p, 3, kWhite, 2) == 1.0,
                     qPrintable(QStringLiteral("(%1, %2) is %3").arg(p.x()).arg(p.y()).arg(describe(image.pixelColor(p)))));
        }
        QVERIFY(near(image.pixelColor(5, 5), kWhite, 2));
        QCOMPARE(image.pixelColor(5, 5).alpha(), 255); // opaque: nothing behind the widget shows through
        QVERIFY(near(image.pixelColor(image.width() / 2, image.height() - 5), kWhite, 2));

        // The colour bar: its rectangle holds both ends of viridis and dark label text.
        const std::array<int, 4> bar = view.scene().colorBarRect();
        QVERIFY(bar[2] > 10 && bar[3] > 100);
        int low = 0, high = 0, dark = 0, notBackground = 0;
        for (int y = image.height() - 1 - (bar[1] + bar[3]); y <= image.height() - 1 - bar[1]; ++y)
            for (int x = bar[0]; x < bar[0] + bar[2]; ++x) {
                if (!image.rect().contains(x, y))
                    continue;
                const QColor c = image.pixelColor(x, y);
                low += near(c, kViridis0, 12) ? 1 : 0;
                high += near(c, kViridis255, 12) ? 1 : 0;
                dark += (c.red() < 80 && c.green() < 80 && c.blue() < 80 && !near(c, kViridis0, 30)) ? 1 : 0;
                notBackground += near(c, kWhite, 8) ? 0 : 1;
            }
        QVERIFY2(low > 20 && high > 20, qPrintable(QStringLiteral("low %1 high %2").arg(low).arg(high)));
        QVERIFY2(dark > 20, qPrintable(QStringLiteral("dark text pixels: %1").arg(dark)));
        QVERIFY(notBackground > bar[2] * bar[3] / 10);
    }

    void dotsAreRoundDiscs()
    {
        if (!isXcb())
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
        LatentScatterView view;
        view.resize(600, 600);
        // Two points so that the camera has a scale; the second one far away, out of the way.
        view.setPoints({0.0f, 0.0f, 0.0f, 4.0f, 4.0f, 0.0f}, {1.0, 0.0});
        view.setValueRange(0.0, 1.0);
        const double diameter = 60.0;
        view.setPointSize(diameter);
        view.scene().setColorBarVisible(false);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.resetCamera();
        const QImage image = view.grabFrame();
        if (qEnvironmentVariableIsSet("ZOOSCOPE_TEST_SAVE_DIR"))
            image.save(qEnvironmentVariable("ZOOSCOPE_TEST_SAVE_DIR") + QStringLiteral("/disc.png"));
        const QPoint c = project(view, {0, 0, 0}, image);
        const double r = 0.5 * diameter * view.devicePixelRatioF();
        for (int k = 0; k < 32; ++k) {
            const double a = 2.0 * M_PI * k / 32.0;
            const QPoint inside(c.x() + int(std::lround(0.85 * r * std::cos(a))), c.y() + int(std::lround(0.85 * r * std::sin(a))));
            const QPoint outside(c.x() + int(std::lround(1.15 * r * std::cos(a))), c.y() + int(std::lround(1.15 * r * std::sin(a))));
            QVERIFY2(near(image.pixelColor(inside), kViridis255, 12),
                     qPrintable(QStringLiteral("inside at %1 deg: %2").arg(k * 360 / 32).arg(describe(image.pixelColor(inside)))));
            QVERIFY2(near(image.pixelColor(outside), kWhite, 2),
                     qPrintable(QStringLiteral("outside at %1 deg: %2").arg(k * 360 / 32).arg(describe(image.pixelColor(outside)))));
        }
    }

    // Code that calls renderWindow()->Render() itself, while another context is current (another GL widget
    // painted last): VTK must get its context back on the widget's surface and the frame must be shown.
    void directRenderIsShown()
    {
        if (!isXcb())
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
        LatentScatterView view;
        view.resize(640, 480);
        std::vector<float> xyz;
        std::vector<double> values;
        fillClusters(xyz, values);
        view.setPoints(xyz, values);
        view.setValueRange(0.0, 1.0);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.resetCamera();
        QVERIFY(!view.grabFrame().isNull());

        view.scene().setColorMap(ColorMap::Name::Cividis); // the scene only: no paint requested
        view.doneCurrent();
        const quint64 frames = view.renderedFrames();
        view.renderWindow()->Render();
        QCOMPARE(view.renderedFrames(), frames + 1);
        const QImage image = view.grabFrame(); // shows the frame just rendered (no second render)
        QCOMPARE(view.renderedFrames(), frames + 1);
        const QColor cividis0(0, 34, 78), cividis255(254, 232, 56);
        const QPoint low = project(view, {-1.0, -1.0, 0.5}, image);
        const QPoint high = project(view, {1.0, 1.0, 0.5}, image);
        QVERIFY2(shareNear(image, low, 2, cividis0, 12) >= 0.8, qPrintable(describe(image.pixelColor(low))));
        QVERIFY2(shareNear(image, high, 2, cividis255, 12) >= 0.8, qPrintable(describe(image.pixelColor(high))));
        QVERIFY(near(image.pixelColor(5, 5), kWhite, 2));
    }

    void multisamplingIsASetting()
    {
        if (!isXcb())
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
        LatentScatterView view;
        QCOMPARE(view.multiSamples(), 0); // off by default: llvmpipe is several times faster without
        view.resize(400, 300);
        std::vector<float> xyz;
        std::vector<double> values;
        fillClusters(xyz, values);
        view.setPoints(xyz, values);
        view.setValueRange(0.0, 1.0);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        for (int samples : {4, 0}) {
            view.setMultiSamples(samples);
            QCOMPARE(view.multiSamples(), samples);
            const QImage image = view.grabFrame();
            for (const Cluster& c : kClusters) {
                const QPoint p = project(view, {c.centre[0], c.centre[1], c.centre[2]}, image);
                QVERIFY2(shareNear(image, p, 1, c.colour, 12) >= 0.8,
                         qPrintable(QStringLiteral("%1 samples: %2").arg(samples).arg(describe(image.pixelColor(p)))));
            }
        }
    }

    // Moving the view into another window gives it a new GL context: VTK releases its resources with the
    // old one and renders again with the new one.
    void survivesANewContext()
    {
        if (!isXcb())
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
        auto* view = new LatentScatterView;
        view->resize(400, 300);
        std::vector<float> xyz;
        std::vector<double> values;
        fillClusters(xyz, values);
        view->setPoints(xyz, values);
        view->setValueRange(0.0, 1.0);
        view->show();
        QVERIFY(QTest::qWaitForWindowExposed(view));
        QVERIFY(!view->grabFrame().isNull());
        QOpenGLContext* first = view->context();
        QVERIFY(first);

        QWidget window;
        window.resize(500, 400);
        view->setParent(&window);
        view->move(0, 0);
        window.show();
        view->show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QImage image = view->grabFrame();
        QVERIFY(!image.isNull());
        for (const Cluster& c : kClusters) {
            const QPoint p = project(*view, {c.centre[0], c.centre[1], c.centre[2]}, image);
            QVERIFY2(shareNear(image, p, 2, c.colour, 12) >= 0.8, qPrintable(describe(image.pixelColor(p))));
        }
        delete view; // with its context alive
    }

    void dragTurnsTheCameraAndResetRestoresIt()
    {
        if (!isXcb())
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
        LatentScatterView view;
        view.resize(640, 480);
        std::vector<float> xyz;
        std::vector<double> values;
        fillClusters(xyz, values);
        view.setPoints(xyz, values);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.resetCamera();
        const std::array<double, 9> resetPose = pose(view);
        const QImage before = view.grabFrame();
        QTest::qWait(200); // paints already requested (by resetCamera) happen now, not after the drag
        QSignalSpy spy(&view, &LatentScatterView::cameraChanged);
        const quint64 framesBefore = view.renderedFrames();

        const QPoint centre(view.width() / 2, view.height() / 2);
        drag(&view, centre, centre + QPoint(120, 50));
        QVERIFY(spy.count() > 0);
        const std::array<double, 9> turned = pose(view);
        QVERIFY2(poseDistance(turned, resetPose) > 0.1, "the drag did not move the camera");
        // The interaction asked for frames and they were painted.
        QTRY_VERIFY(view.renderedFrames() > framesBefore);
        QVERIFY(view.grabFrame() != before);

        // 'r' restores the reset pose.
        spy.clear();
        QTest::keyClick(&view, 'r');
        QVERIFY(spy.count() > 0);
        QVERIFY2(poseDistance(pose(view), resetPose) < 1e-9, "'r' did not restore the reset pose");

        // So does the slot, after another drag.
        drag(&view, centre, centre + QPoint(-80, -90));
        QVERIFY(poseDistance(pose(view), resetPose) > 0.1);
        view.resetCamera();
        QVERIFY(poseDistance(pose(view), resetPose) < 1e-9);

        // The wheel zooms in (the camera comes closer to the focal point).
        const double distance = view.scene().camera()->GetDistance();
        spy.clear();
        QWheelEvent wheel(QPointF(centre), QPointF(view.mapToGlobal(centre)), QPoint(), QPoint(0, 120), Qt::NoButton,
                          Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(&view, &wheel);
        QVERIFY(view.scene().camera()->GetDistance() < 0.95 * distance);
        QVERIFY(spy.count() > 0);
    }
    // At the scale of real zoos a still frame draws only the discs that can show: the same picture as all
    // of them, with sizes by property, rings, generated diamonds and trajectories, from any side.
    void culledStillFrameLooksLikeTheFullOne()
    {
        if (!isXcb())
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
        const std::size_t n = 40000;
        std::vector<float> xyz;
        std::vector<double> values;
        fillCrowd(n, xyz, values);
        LatentScatterView view;
        view.resize(500, 400);
        view.setPoints(xyz, values);
        std::vector<double> sizes(n);
        for (std::size_t i = 0; i < n; ++i)
            sizes[i] = double(i % 11);
        view.setSizeValues(sizes);
        zooscope::SelectionModel selection;
        selection.setRowCount(int(n));
        view.setSelectionModel(&selection);
        std::vector<int> some;
        for (int i = 0; i < int(n); i += 9)
            some.push_back(i);
        selection.select(some, zooscope::SelectionModel::Mode::Replace);
        view.setGeneratedPoints({0.0f, 0.0f, 2.0f, 1.0f, -1.0f, 2.0f}, {0.5, 0.9});
        view.setTrajectoryGroups({{0, 4, 8, 12, 16}});
        view.setTrajectoryMode(LatentScatterView::TrajectoryMode::All);
        view.scene().setProgressiveStill(false);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        for (const auto preset : {LatentScatterView::CameraPreset::MinusZ, LatentScatterView::CameraPreset::PlusX}) {
            view.setCameraPreset(preset);
            view.scene().setOcclusionCulling(false);
            const QImage full = view.grabFrame();
            QCOMPARE(view.scene().drawnPointCount(), n);
            view.scene().setOcclusionCulling(true);
            const QImage culled = view.grabFrame();
            QVERIFY(view.scene().drawsCulledPoints());
            QVERIFY2(view.scene().drawnPointCount() < n / 2,
                     qPrintable(QStringLiteral("%1 of %2 points drawn").arg(view.scene().drawnPointCount()).arg(n)));
            QVERIFY2(differingPixels(full, culled) == 0, qPrintable(QStringLiteral("preset %1: %2 pixels").arg(int(preset)).arg(differingPixels(full, culled))));
        }
        // Isolated: the culling follows the points on show.
        view.isolateSelection();
        view.scene().setOcclusionCulling(false);
        const QImage fullIsolated = view.grabFrame();
        view.scene().setOcclusionCulling(true);
        QCOMPARE(differingPixels(fullIsolated, view.grabFrame()), 0);
    }

    // The first still frame after a move draws a density subset, refined to the full picture once it is on
    // screen; a new move before that gets no refined frame of the old view.
    void stillFrameIsRefinedUnlessTheCameraMovesAgain()
    {
        if (!isXcb())
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
        const std::size_t n = 40000;
        std::vector<float> xyz;
        std::vector<double> values;
        fillCrowd(n, xyz, values);
        LatentScatterView view;
        view.resize(500, 400);
        view.setPoints(xyz, values);
        view.setLodPointCount(2000);
        view.scene().setProgressiveStill(true, 20000);
        int swapped = 0;
        connect(&view, &QOpenGLWidget::frameSwapped, this, [&swapped] { ++swapped; });
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QTRY_VERIFY(!view.scene().needsRefinement());
        const QPoint centre(view.width() / 2, view.height() / 2);

        // A drag: the level of detail while moving, then the first still frame, then the refined one.
        sendMouse(&view, QEvent::MouseButtonPress, centre, Qt::LeftButton, Qt::LeftButton);
        for (int i = 1; i <= 5; ++i) {
            sendMouse(&view, QEvent::MouseMove, centre + QPoint(12 * i, 5 * i), Qt::NoButton, Qt::LeftButton);
            QTest::qWait(20);
        }
        QVERIFY(view.isInteracting());
        QVERIFY(view.scene().drawsLevelOfDetail());
        int before = swapped;
        sendMouse(&view, QEvent::MouseButtonRelease, centre + QPoint(60, 25), Qt::LeftButton, Qt::NoButton);
        QTRY_VERIFY(swapped > before);
        QVERIFY(view.scene().needsRefinement());
        const std::size_t firstPoints = view.scene().drawnPointCount();
        QVERIFY2(firstPoints > 0 && firstPoints <= n / 4, qPrintable(QString::number(firstPoints)));

        // Another drag before the refinement: none while it lasts (frames come only from the moves).
        sendMouse(&view, QEvent::MouseButtonPress, centre, Qt::LeftButton, Qt::LeftButton);
        sendMouse(&view, QEvent::MouseMove, centre + QPoint(-10, 4), Qt::NoButton, Qt::LeftButton);
        QVERIFY(view.isInteracting());
        QTest::qWait(50);
        const quint64 framesWhileHeld = view.renderedFrames();
        QTest::qWait(300);
        QCOMPARE(view.renderedFrames(), framesWhileHeld);
        QVERIFY(view.scene().drawsLevelOfDetail());
        QVERIFY(!view.scene().needsRefinement());

        before = swapped;
        sendMouse(&view, QEvent::MouseButtonRelease, centre + QPoint(-10, 4), Qt::LeftButton, Qt::NoButton);
        QTRY_VERIFY(swapped > before);
        // Refined without further input: every point that can show.
        QTRY_VERIFY(!view.scene().needsRefinement());
        QTRY_VERIFY(view.scene().drawnPointCount() > firstPoints);
        const QImage refined = view.grabFrame();
        QVERIFY(view.scene().drawsCulledPoints());
        view.scene().setOcclusionCulling(false);
        QCOMPARE(differingPixels(view.grabFrame(), refined), 0);
    }

    // Hover and click pick the frontmost point whatever the still frame draws.
    void pickingFindsTheFrontmostPointOfACulledFrame()
    {
        if (!isXcb())
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
        const std::size_t n = 30000;
        std::vector<float> xyz;
        std::vector<double> values;
        fillCrowd(n, xyz, values);
        // Row n: in front of the middle of the crowd at (1, 1); row n + 1: right behind it, as large.
        xyz.insert(xyz.end(), {1.0f, 1.0f, 3.0f, 1.0f, 1.0f, -3.0f});
        values.insert(values.end(), {0.0, 1.0});
        LatentScatterView view;
        view.resize(500, 400);
        view.setPoints(xyz, values);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.resetCamera(); // looking down -z: larger z is nearer
        view.grabFrame();
        QVERIFY(view.scene().drawsCulledPoints());
        QPointF front, back;
        QVERIFY(view.pointPosition(int(n), &front));
        QVERIFY(view.pointPosition(int(n + 1), &back));
        QCOMPARE(view.rowAt(front), int(n));
        view.setCameraPreset(LatentScatterView::CameraPreset::PlusZ); // now row n + 1 is in front
        view.grabFrame();
        QVERIFY(view.pointPosition(int(n + 1), &back));
        QCOMPARE(view.rowAt(back), int(n + 1));
    }
};

QTEST_MAIN(TestLatentScatterView)
#include "tst_latentscatterview.moc"
