// Frames per second while rotating 100,000 points in the 3D latent view (with the level of detail and
// without it, in the same run), and lasso latency on 100,000 points. Run under Xvfb for the software
// OpenGL floor: xvfb-run -a -s "-screen 0 1600x1000x24" build/bin/bench_latent_view [points] [seconds] [width height] [lod points] [render scale]
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
double rotate(LatentScatterView& view, int& swapped, double seconds, double* stillMs, double* cpuPerFrame)
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
    waitForFrame(view, swapped); // the still frame with every point
    *stillMs = double(still.nsecsElapsed()) / 1e6;
    return fps;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

} // namespace

int main(int argc, char** argv)
{
    zooscope::VtkHostWidget::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    const int points = argc > 1 ? std::max(1, std::atoi(argv[1])) : 100000;
    const double seconds = argc > 2 ? std::max(0.5, std::atof(argv[2])) : 4.0;
    const int width = argc > 3 ? std::max(64, std::atoi(argv[3])) : 1280;
    const int height = argc > 4 ? std::max(64, std::atoi(argv[4])) : 900;
    const int lodPoints = argc > 5 ? std::max(1, std::atoi(argv[5])) : 0; // 0: the view's default
    const double renderScale = argc > 6 ? std::atof(argv[6]) : 0.0;     // 0: the view's default

    std::mt19937 rng(11);
    std::normal_distribution<float> noise(0.0f, 0.6f);
    std::vector<float> xyz;
    std::vector<double> values;
    for (int i = 0; i < points; ++i) {
        const int c = i % 7;
        xyz.insert(xyz.end(), {2.0f * std::cos(float(c)) + noise(rng), 2.0f * std::sin(float(c)) + noise(rng),
                               0.5f * float(c - 3) + noise(rng)});
        values.push_back(double(c) / 6.0 + 0.05 * noise(rng));
    }

    LatentScatterView view;
    SelectionModel selection;
    selection.setRowCount(int(points));
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

    std::printf("latent view benchmark: %d points, view %dx%d, platform %s, multisampling %d\n", points, view.width(),
                view.height(), qPrintable(QGuiApplication::platformName()), view.multiSamples());
    QFile loadFile(QStringLiteral("/proc/loadavg"));
    const QByteArray load = loadFile.open(QIODevice::ReadOnly) ? loadFile.readAll() : QByteArray("?\n");
    std::printf("load average (other processes share the CPU): %s", load.constData());
    double still = 0.0, cpuFull = 0.0, cpuLod = 0.0;
    view.setLevelOfDetailEnabled(false);
    const double fpsFull = rotate(view, swapped, seconds, &still, &cpuFull);
    std::printf("rotate, all points every frame (no level of detail): %.1f fps (%.1f ms CPU per frame, all threads)\n",
                fpsFull, cpuFull);
    view.setLevelOfDetailEnabled(true);
    double stillLod = 0.0;
    const double fpsLod = rotate(view, swapped, seconds, &stillLod, &cpuLod);
    std::printf("rotate, level of detail (%d-point subset as GL points at %.0f%% resolution while moving): %.1f fps "
                "(%.1f ms CPU per frame); still frame after release: %.0f ms\n",
                view.scene().lodPointCount(), 100.0 * view.interactiveRenderScale(), fpsLod, cpuLod, stillLod);
    std::printf("CPU-bound frame rate on %d idle cores (CPU ms per frame / cores): %.0f fps without, %.0f fps with the level of detail\n",
                QThread::idealThreadCount(), 1000.0 * QThread::idealThreadCount() / std::max(cpuFull, 1e-9),
                1000.0 * QThread::idealThreadCount() / std::max(cpuLod, 1e-9));

    // Lasso: a 64-vertex loop around the middle of the view, as drawn with the mouse.
    QPolygonF lasso;
    const QPointF c(view.width() * 0.42, view.height() * 0.5);
    for (int k = 0; k < 64; ++k) {
        const double a = 2.0 * M_PI * k / 64.0;
        lasso << c + QPointF(0.12 * view.width() * std::cos(a) * (1.0 + 0.2 * std::sin(3 * a)), 0.12 * view.height() * std::sin(a));
    }
    for (bool visibleOnly : {false, true}) {
        view.setSelectVisibleOnly(visibleOnly);
        std::vector<double> afterCamera, cached;
        std::size_t selected = 0;
        for (int run = 0; run < 15; ++run) {
            view.setCameraPreset(run % 2 ? LatentScatterView::CameraPreset::MinusZ : LatentScatterView::CameraPreset::PlusZ);
            view.resetCamera(); // a camera change: the points are projected again at the next query
            QElapsedTimer t;
            t.start();
            view.selectInPolygon(lasso, SelectionModel::Mode::Replace);
            afterCamera.push_back(double(t.nsecsElapsed()) / 1e6);
            t.restart();
            view.selectInPolygon(lasso, SelectionModel::Mode::Replace);
            cached.push_back(double(t.nsecsElapsed()) / 1e6);
            selected = std::size_t(selection.selectedCount());
        }
        std::printf("lasso (%s): %zu points selected; %.1f ms right after a camera change (projection included), "
                    "%.1f ms with the projection cached (median of 15)\n",
                    visibleOnly ? "visible only" : "through", selected, median(afterCamera), median(cached));
    }
    view.setSelectVisibleOnly(false);

    // The lasso as the user draws it: the release runs the selection and updates the highlighted points.
    view.setInteractionMode(LatentScatterView::InteractionMode::SelectLasso);
    view.resetCamera();
    std::vector<double> release;
    for (int run = 0; run < 5; ++run) {
        selection.clear();
        sendMouse(&view, QEvent::MouseButtonPress, lasso[0], Qt::LeftButton, Qt::LeftButton);
        for (int k = 1; k < lasso.size(); ++k)
            sendMouse(&view, QEvent::MouseMove, lasso[k], Qt::NoButton, Qt::LeftButton);
        QElapsedTimer t;
        t.start();
        sendMouse(&view, QEvent::MouseButtonRelease, lasso[0], Qt::LeftButton, Qt::NoButton);
        release.push_back(double(t.nsecsElapsed()) / 1e6);
        waitForFrame(view, swapped);
    }
    std::printf("lasso by mouse, release to selection shown in the scene: %.1f ms (median of 5, %d selected)\n",
                median(release), selection.selectedCount());
    std::printf("targets: >= 30 fps rotating, <= 50 ms lasso\n");
    return 0;
}
