// The 3D latent view at the scale of real zoos (issue 14): for each point count (default 1,000,000 and
// 100,000, in the same run) the frame rate while rotating with the level of detail, the time from the
// release of a drag to the first still frame and to the refined one, and lasso latency; each beside the
// old path (occlusion culling off: every point drawn in each still frame) measured in the same run, with
// the ratio, and the number of pixels in which the culled still frame differs from the full one.
// Run under Xvfb for the software OpenGL floor:
//   xvfb-run -a -s "-screen 0 1600x1000x24" build/bin/bench_latent_view [points=1000000,100000] [seconds=4] [width=1280 height=900] [lod points] [render scale]
#include "widgets/VtkHostWidget.h"
#include "widgets/LatentScatterView.h"
#include "widgets/SelectionModel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QThread>
#include <QMouseEvent>
#include <QSurfaceFormat>
#include <QTest>

#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

using zooscope::LatentScatterView;
using zooscope::SelectionModel;

namespace {

void sendMouse(QWidget* w, QEvent::Type type, QPointF pos, Qt::MouseButton button, Qt::MouseButtons buttons)
{
    QMouseEvent e(type, pos, w->mapToGlobal(pos), button, buttons, Qt::NoModifier);
    QApplication::sendEvent(w, &e);
}

// Waits until the widget has put a new frame on screen.
void waitForFrame(LatentScatterView&, int& swapped)
{
    const int before = swapped;
    QElapsedTimer guard;
    guard.start();
    while (swapped == before && guard.elapsed() < 5000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
}

// CPU time of this process (all threads: Mesa's llvmpipe renders in its own threads), milliseconds.
double cpuMs()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
}

// Drags the mouse in a circle for `seconds`, one frame per move; frames per second. cpuPerFrame: CPU
// milliseconds per frame (all threads), which says what the frame rate would be on an idle machine.
double rotate(LatentScatterView& view, int& swapped, double seconds, double* stillMs, double* cpuPerFrame,
              double* refinedMs = nullptr, std::size_t* stillPoints = nullptr, std::size_t* refinedPoints = nullptr)
{
    const QPointF centre(view.width() / 2.0, view.height() / 2.0);
    sendMouse(&view, QEvent::MouseButtonPress, centre, Qt::LeftButton, Qt::LeftButton);
    QElapsedTimer timer;
    timer.start();
    const double cpu0 = cpuMs();
    int frames = 0;
    for (int step = 1; timer.elapsed() < seconds * 1000.0; ++step) {
        const double a = 0.05 * step;
        sendMouse(&view, QEvent::MouseMove, centre + QPointF(120.0 * std::sin(a), 60.0 * std::sin(2 * a)), Qt::NoButton,
                  Qt::LeftButton);
        waitForFrame(view, swapped);
        ++frames;
    }
    const double fps = frames / (timer.elapsed() / 1000.0);
    *cpuPerFrame = (cpuMs() - cpu0) / std::max(frames, 1);
    QElapsedTimer still;
    still.start();
    sendMouse(&view, QEvent::MouseButtonRelease, centre, Qt::LeftButton, Qt::NoButton);
    waitForFrame(view, swapped); // the first still frame
    *stillMs = double(still.nsecsElapsed()) / 1e6;
    if (stillPoints)
        *stillPoints = view.scene().drawnPointCount();
    if (view.scene().needsRefinement())
        waitForFrame(view, swapped); // the refined one
    if (refinedMs)
        *refinedMs = double(still.nsecsElapsed()) / 1e6;
    if (refinedPoints)
        *refinedPoints = view.scene().drawnPointCount();
    return fps;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

// Pixels in which two frames differ.
long long differingPixels(const QImage& a, const QImage& b)
{
    if (a.size() != b.size())
        return -1;
    const QImage x = a.convertToFormat(QImage::Format_RGB32), y = b.convertToFormat(QImage::Format_RGB32);
    long long count = 0;
    for (int row = 0; row < x.height(); ++row) {
        const QRgb* p = reinterpret_cast<const QRgb*>(x.constScanLine(row));
        const QRgb* q = reinterpret_cast<const QRgb*>(y.constScanLine(row));
        for (int col = 0; col < x.width(); ++col)
            count += p[col] != q[col];
    }
    return count;
}

struct Figures {
    double fps = 0, cpuPerFrame = 0, stillMs = 0, refinedMs = 0, lassoMs = 0, lassoCachedMs = 0, releaseMs = 0;
    std::size_t stillPoints = 0, refinedPoints = 0;
    int selected = 0;
};

// A 64-vertex loop around the middle of the view, as drawn with the mouse.
QPolygonF lassoOutline(const QWidget& view)
{
    QPolygonF lasso;
    const QPointF c(view.width() * 0.42, view.height() * 0.5);
    for (int k = 0; k < 64; ++k) {
        const double a = 2.0 * M_PI * k / 64.0;
        lasso << c + QPointF(0.12 * view.width() * std::cos(a) * (1.0 + 0.2 * std::sin(3 * a)), 0.12 * view.height() * std::sin(a));
    }
    return lasso;
}

Figures measure(LatentScatterView& view, SelectionModel& selection, int& swapped, double seconds)
{
    Figures f;
    view.setInteractionMode(LatentScatterView::InteractionMode::Navigate);
    selection.clear();
    view.resetCamera();
    waitForFrame(view, swapped);
    f.fps = rotate(view, swapped, seconds, &f.stillMs, &f.cpuPerFrame, &f.refinedMs, &f.stillPoints, &f.refinedPoints);

    const QPolygonF lasso = lassoOutline(view);
    std::vector<double> afterCamera, cached;
    for (int run = 0; run < 9; ++run) {
        view.setCameraPreset(run % 2 ? LatentScatterView::CameraPreset::MinusZ : LatentScatterView::CameraPreset::PlusZ);
        QElapsedTimer t;
        t.start();
        view.selectInPolygon(lasso, SelectionModel::Mode::Replace);
        afterCamera.push_back(double(t.nsecsElapsed()) / 1e6);
        t.restart();
        view.selectInPolygon(lasso, SelectionModel::Mode::Replace);
        cached.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    f.lassoMs = median(afterCamera);
    f.lassoCachedMs = median(cached);

    // The lasso as the user draws it: the release runs the selection and updates the highlighted points.
    view.setInteractionMode(LatentScatterView::InteractionMode::SelectLasso);
    view.resetCamera();
    waitForFrame(view, swapped);
    std::vector<double> release;
    for (int run = 0; run < 3; ++run) {
        selection.clear();
        waitForFrame(view, swapped);
        sendMouse(&view, QEvent::MouseButtonPress, lasso[0], Qt::LeftButton, Qt::LeftButton);
        for (int k = 1; k < lasso.size(); ++k)
            sendMouse(&view, QEvent::MouseMove, lasso[k], Qt::NoButton, Qt::LeftButton);
        QElapsedTimer t;
        t.start();
        sendMouse(&view, QEvent::MouseButtonRelease, lasso[0], Qt::LeftButton, Qt::NoButton);
        waitForFrame(view, swapped); // the selection shown in the scene
        release.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    f.releaseMs = median(release);
    f.selected = selection.selectedCount();
    view.setInteractionMode(LatentScatterView::InteractionMode::Navigate);
    return f;
}

double ratio(double a, double b) { return b > 0.0 ? a / b : 0.0; }

} // namespace

int main(int argc, char** argv)
{
    zooscope::VtkHostWidget::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    std::vector<int> counts;
    for (const QString& part : QString::fromLocal8Bit(argc > 1 ? argv[1] : "1000000,100000").split(QLatin1Char(',')))
        if (part.toInt() > 0)
            counts.push_back(part.toInt());
    if (counts.empty()) {
        std::fprintf(stderr, "bench_latent_view: the first argument is a comma-separated list of point counts\n");
        return 2;
    }
    const double seconds = argc > 2 ? std::max(0.5, std::atof(argv[2])) : 4.0;
    const int width = argc > 3 ? std::max(64, std::atoi(argv[3])) : 1280;
    const int height = argc > 4 ? std::max(64, std::atoi(argv[4])) : 900;
    const int lodPoints = argc > 5 ? std::max(1, std::atoi(argv[5])) : 0; // 0: the view's default
    const double renderScale = argc > 6 ? std::atof(argv[6]) : 0.0;     // 0: the view's default

    QFile loadFile(QStringLiteral("/proc/loadavg"));
    const QByteArray load = loadFile.open(QIODevice::ReadOnly) ? loadFile.readAll() : QByteArray("?\n");
    std::printf("latent view benchmark, view %dx%d, platform %s, %d cores; load average (other processes share "
                "the CPU): %s",
                width, height, qPrintable(QGuiApplication::platformName()), QThread::idealThreadCount(), load.constData());
    for (const int points : counts) {
        std::mt19937 rng(11);
        std::normal_distribution<float> noise(0.0f, 0.6f);
        std::vector<float> xyz;
        std::vector<double> values;
        xyz.reserve(3 * std::size_t(points));
        for (int i = 0; i < points; ++i) {
            const int c = i % 7;
            xyz.insert(xyz.end(), {2.0f * std::cos(float(c)) + noise(rng), 2.0f * std::sin(float(c)) + noise(rng),
                                   0.5f * float(c - 3) + noise(rng)});
            values.push_back(double(c) / 6.0 + 0.05 * noise(rng));
        }

        LatentScatterView view;
        SelectionModel selection;
        selection.setRowCount(points);
        view.setSelectionModel(&selection);
        view.resize(width, height);
        view.setPoints(xyz, values);
        if (lodPoints > 0)
            view.setLodPointCount(lodPoints);
        if (renderScale > 0.0)
            view.setInteractiveRenderScale(renderScale);
        view.setColorBarTitle(QStringLiteral("value"));
        int swapped = 0;
        QObject::connect(&view, &QOpenGLWidget::frameSwapped, [&swapped] { ++swapped; });
        view.show();
        if (!QTest::qWaitForWindowExposed(&view)) {
            std::fprintf(stderr, "bench_latent_view: the window was not shown (needs an X display, e.g. xvfb-run)\n");
            return 1;
        }
        view.resetCamera();
        waitForFrame(view, swapped);
        QTest::qWait(300);

        view.scene().setOcclusionCulling(true);
        const Figures now = measure(view, selection, swapped, seconds);
        view.scene().setOcclusionCulling(false);
        const Figures old = measure(view, selection, swapped, seconds);

        // The same still frame both ways, with a selection of a tenth of the points (rings).
        std::vector<int> some;
        for (int i = 0; i < points; i += 10)
            some.push_back(i);
        selection.select(some, SelectionModel::Mode::Replace);
        view.setCameraPreset(LatentScatterView::CameraPreset::PlusX);
        const QImage full = view.grabFramebuffer();
        view.scene().setOcclusionCulling(true);
        const QImage first = view.grabFramebuffer(); // the first still frame (progressive: the density subset)
        const std::size_t firstPoints = view.scene().drawnPointCount();
        view.scene().refine();
        const QImage culled = view.grabFramebuffer();
        const std::size_t culledPoints = view.scene().drawnPointCount();
        full.save(QStringLiteral("/tmp/bench_latent_full_%1.png").arg(points));
        first.save(QStringLiteral("/tmp/bench_latent_first_%1.png").arg(points));
        culled.save(QStringLiteral("/tmp/bench_latent_refined_%1.png").arg(points));

        std::printf("\n%d points (%s), LOD %d points at %.0f%% resolution while moving: this build | old path "
                    "(every point in each still frame), same run | ratio\n",
                    points, qPrintable(view.size() == QSize(width, height) ? QStringLiteral("as asked") : QStringLiteral("resized")),
                    view.scene().lodPointCount(), 100.0 * view.interactiveRenderScale());
        std::printf("  rotate with the level of detail: %.1f fps (%.1f ms CPU per frame) | %.1f fps (%.1f ms) | x%.2f\n",
                    now.fps, now.cpuPerFrame, old.fps, old.cpuPerFrame, ratio(now.fps, old.fps));
        std::printf("  release to the first still frame: %.0f ms (%zu points drawn) | %.0f ms (%zu) | x%.1f faster\n",
                    now.stillMs, now.stillPoints, old.stillMs, old.stillPoints, ratio(old.stillMs, now.stillMs));
        std::printf("  release to the refined frame: %.0f ms (%zu points drawn) | %.0f ms (%zu) | x%.1f faster\n",
                    now.refinedMs, now.refinedPoints, old.refinedMs, old.refinedPoints, ratio(old.refinedMs, now.refinedMs));
        std::printf("  lasso right after a camera change / projection cached (median of 9; the same code in both "
                    "columns, the selection then drawn by the next frame): %.1f / %.1f ms | %.1f / %.1f ms | x%.1f / x%.1f\n",
                    now.lassoMs, now.lassoCachedMs, old.lassoMs, old.lassoCachedMs, ratio(old.lassoMs, now.lassoMs),
                    ratio(old.lassoCachedMs, now.lassoCachedMs));
        std::printf("  lasso drawn with the mouse, release to the selection shown (median of 3, %d selected): %.0f ms | "
                    "%.0f ms | x%.1f faster\n",
                    now.selected, now.releaseMs, old.releaseMs, ratio(old.releaseMs, now.releaseMs));
        std::printf("  still frame from +x with %zu selected: pixels differing from the full frame (%lld pixels): first "
                    "still frame %lld (%zu points drawn), refined %lld (%zu points drawn)\n",
                    some.size(), (long long)full.width() * full.height(), differingPixels(full, first), firstPoints,
                    differingPixels(full, culled), culledPoints);
    }
    std::printf("\ntargets at 1,000,000 points: first still frame <= 300 ms, rotating >= 30 fps, lasso <= 100 ms\n");
    return 0;
}
