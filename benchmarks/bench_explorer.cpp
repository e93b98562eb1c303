// The explorer's responsiveness, measured on this machine under Xvfb (software OpenGL):
//   startup [runs]     time from starting `zooscope` (default zoo) to its first frame showing the zoo
//                      (target <= 3 s); the process is started as a user would, OpenMP re-exec included
//   stall [seconds]    the longest gap between two 1 ms timer ticks of the GUI thread while a
//                      hyper-representation trains in the background and the view turns (target <= 50 ms),
//                      next to the same measurement without training
//   tsne               t-SNE 3D of the default zoo's 1,792 checkpoints (flat weights, PCA to 50 first)
// Usage: xvfb-run -a -s "-screen 0 1600x1000x24" build/bin/bench_explorer startup|stall|tsne [n]
#include "widgets/VtkHostWidget.h"
#include "app/BackgroundJob.h"
#include "app/ExplorerSession.h"
#include "app/MainWindow.h"
#include "app/OpenedZoo.h"
#include "core/EngineInfo.h"
#include "analysis/TsneProjection.h"
#include "widgets/LatentScatterView.h"
#include "widgets/HyperRepresentationPanel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QSignalSpy>
#include <QSurfaceFormat>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <vtkCamera.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <unistd.h>
#include <vector>

namespace {

const char* const kZoo = ZOOSCOPE_SOURCE_DIR "/data/fashion-mnist-cnn-s.zoo.h5";

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

// presetPolicy: OMP_WAIT_POLICY already set, so the app does not re-execute itself (shows what that costs).
int startup(int runs, bool presetPolicy)
{
    std::vector<double> seconds;
    for (int r = 0; r < runs; ++r) {
        QProcess app;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("ZOOSCOPE_REPORT_FIRST_FRAME"), QStringLiteral("1"));
        env.remove(QStringLiteral("OMP_WAIT_POLICY")); // as a user starts it: the app re-executes itself
        if (presetPolicy)
            env.insert(QStringLiteral("OMP_WAIT_POLICY"), QStringLiteral("passive"));
        app.setProcessEnvironment(env);
        QElapsedTimer clock;
        clock.start();
        app.start(QStringLiteral(ZOOSCOPE_BIN_DIR "/zooscope"), {QStringLiteral("--size"), QStringLiteral("1280x800"),
                                                               QStringLiteral("--lang"), QStringLiteral("en")});
        QByteArray err;
        double at = -1;
        while (clock.elapsed() < 60000 && app.state() != QProcess::NotRunning) {
            app.waitForReadyRead(20);
            err += app.readAllStandardError();
            if (err.contains("first frame with the zoo")) {
                at = clock.elapsed() / 1000.0;
                break;
            }
        }
        app.kill();
        app.waitForFinished();
        if (at < 0) {
            std::fprintf(stderr, "no frame with the zoo within 60 s:\n%s\n", err.constData());
            return 1;
        }
        std::printf("run %d: first frame with the default zoo after %.2f s\n", r + 1, at);
        seconds.push_back(at);
    }
    std::printf("start-up to first frame (median of %d, %s): %.2f s (target <= 3 s)\n", runs,
                presetPolicy ? "OMP_WAIT_POLICY preset, no re-exec" : "as a user starts it, with the OpenMP re-exec", median(seconds));
    return 0;
}

// Gaps between the ticks of a 1 ms timer on the GUI thread, in ms.
struct StallMeter {
    std::vector<double> gaps;
    QElapsedTimer clock;
    qint64 last = 0;
    QTimer timer;

    void start()
    {
        gaps.clear();
        timer.setTimerType(Qt::PreciseTimer);
        timer.setInterval(1);
        QObject::connect(&timer, &QTimer::timeout, [this] {
            const qint64 now = clock.nsecsElapsed();
            gaps.push_back((now - last) / 1e6);
            last = now;
        });
        clock.start();
        last = clock.nsecsElapsed();
        timer.start();
    }
    void stop() { timer.stop(); }
    double max() const { return gaps.empty() ? 0 : *std::max_element(gaps.begin(), gaps.end()); }
    double percentile(double p) const
    {
        if (gaps.empty())
            return 0;
        std::vector<double> v = gaps;
        std::sort(v.begin(), v.end());
        return v[std::min(v.size() - 1, size_t(p * double(v.size())))];
    }
};

// Turns the view a little every 30 ms, as a user dragging it would.
void measure(zooscope::MainWindow& w, double seconds, const char* label, bool turning)
{
    StallMeter meter;
    QTimer turn;
    QObject::connect(&turn, &QTimer::timeout, [&] {
        w.scatterView()->scene().camera()->Azimuth(2.0);
        w.scatterView()->requestRender();
    });
    if (turning)
        turn.start(30);
    meter.start();
    QTest::qWait(int(seconds * 1000));
    meter.stop();
    turn.stop();
    std::printf("%s: longest event-loop stall %.1f ms, 99th percentile %.1f ms, %zu ticks in %.0f s\n", label, meter.max(),
                meter.percentile(0.99), meter.gaps.size(), seconds);
}

int stall(double seconds)
{
    zooscope::MainWindow w(false);
    w.resize(1280, 800);
    w.show();
    if (!QTest::qWaitForWindowExposed(&w))
        return 1;
    QSignalSpy opened(&w, &zooscope::MainWindow::zooOpened);
    w.openZoo(QString::fromLatin1(kZoo));
    if (!opened.wait(60000) || !QTest::qWaitFor([&] { return !w.isBusy(); }, 120000))
        return 1;
    measure(w, std::min(seconds, 5.0), "idle, without training", false);
    measure(w, std::min(seconds, 5.0), "turning the view, without training", true);

    // The panel's defaults (the core's: 2 blocks, d_model 64, 4 heads, FF 128, latent 256, batch 64), all checkpoints.
    QSignalSpy progress(w.session(), &zooscope::ExplorerSession::trainingProgress);
    w.startTraining();
    if (!progress.wait(120000)) {
        std::fprintf(stderr, "training did not start\n");
        return 1;
    }
    const auto first = progress.last().first().value<zooscope::HyperRepresentationProgress>();
    measure(w, seconds, "while training", false);
    measure(w, std::min(seconds, 5.0), "turning the view while training", true);
    const auto last = progress.last().first().value<zooscope::HyperRepresentationProgress>();
    std::printf("training meanwhile: %lld steps of batch 64 in %.1f s (%zu progress reports), %d compute threads\n",
                static_cast<long long>(last.stepsDone - first.stepsDone), last.elapsedSeconds - first.elapsedSeconds,
                static_cast<size_t>(progress.count()), zooscope::EngineInfo::computeThreads());
    QElapsedTimer cancel;
    cancel.start();
    w.session()->trainingJob()->cancel();
    w.session()->trainingJob()->wait();
    std::printf("cancel to worker ended: %.0f ms\n", double(cancel.elapsed()));
    return 0;
}

// Where the start-up time goes: reading the zoo (HDF5) and its weights' PCA, in this process.
int phases()
{
    QElapsedTimer clock;
    clock.start();
    double readDone = -1;
    const zooscope::OpenedZoo zoo = zooscope::OpenedZoo::load(QString::fromLatin1(kZoo), zooscope::Progress([&](const zooscope::ProgressUpdate& u) {
        if (u.fraction >= 0.9 && readDone < 0)
            readDone = clock.elapsed() / 1000.0;
    }));
    std::printf("opening the default zoo: read %.2f s, PCA of %lld x %lld weights %.2f s\n", readDone,
                static_cast<long long>(zoo.pointCount()), static_cast<long long>(zoo.zoo.parameterCount()),
                clock.elapsed() / 1000.0 - readDone);
    return 0;
}

int tsne()
{
    const zooscope::OpenedZoo zoo = zooscope::OpenedZoo::load(QString::fromLatin1(kZoo));
    const std::vector<float> weights = zoo.allPointWeights();
    const auto start = std::chrono::steady_clock::now();
    const zooscope::TsneProjection t(weights.data(), zoo.pointCount(), zoo.zoo.parameterCount());
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("t-SNE 3D of %lld points x %lld weights (PCA to 50, 1000 iterations, exact repulsion): %.2f s, KL %.3f\n",
                static_cast<long long>(zoo.pointCount()), static_cast<long long>(zoo.zoo.parameterCount()), s, t.klDivergence());
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    // As the app does: OpenMP workers must not spin (see app/main.cpp).
    if (!std::getenv("OMP_WAIT_POLICY") && setenv("OMP_WAIT_POLICY", "passive", 1) == 0)
        execv("/proc/self/exe", argv);
    zooscope::VtkHostWidget::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    zooscope::EngineInfo::setComputeThreads(std::max(1, QThread::idealThreadCount() - 1)); // as app/main.cpp
    const QString what = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral("all");
    const double n = argc > 2 ? std::atof(argv[2]) : 0;
    std::printf("load average: %s", [] {
        static char buf[128] = "?\n";
        if (FILE* f = std::fopen("/proc/loadavg", "r")) {
            if (!std::fgets(buf, sizeof buf, f))
                buf[0] = 0;
            std::fclose(f);
        }
        return buf;
    }());
    int rc = 0;
    if (what == QLatin1String("startup") || what == QLatin1String("all"))
        rc |= startup(n > 0 ? int(n) : 3, false) | startup(n > 0 ? int(n) : 3, true);
    if (what == QLatin1String("phases") || what == QLatin1String("all"))
        rc |= phases();
    if (what == QLatin1String("stall") || what == QLatin1String("all"))
        rc |= stall(n > 0 ? n : 20);
    if (what == QLatin1String("tsne") || what == QLatin1String("all"))
        rc |= tsne();
    return rc;
}
