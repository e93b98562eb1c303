// The one way the explorer runs long work off the GUI thread: zoo opening, hyper-representation loading,
// training, projection, analysis and sampling are each a BackgroundJob. A job owns its worker thread,
// forwards core/Progress reports (stage, fraction, time left) to the GUI thread, cancels through the same
// Progress, pauses between two reports, drops a result that is no longer current (another zoo or
// hyper-representation meanwhile) and says whether it is busy.
#pragma once

#include "core/Progress.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>

class QThread;

namespace zooscope {

class BackgroundJob : public QObject {
    Q_OBJECT
public:
    enum class Outcome { Completed, Cancelled, Failed, Stale };
    Q_ENUM(Outcome)

    // What runs on the worker thread: it reports and checks for cancellation through `progress` (ending
    // with OperationCancelled), throws std::exception for a failure, and returns what the GUI thread does
    // with its result (called only when the result is still current; may be empty).
    using Work = std::function<std::function<void()>(const Progress& progress)>;

    explicit BackgroundJob(QObject* parent = nullptr);
    ~BackgroundJob() override; // cancels and waits

    // False (and nothing starts) while this job is busy. `isCurrent` is asked on the GUI thread when the
    // work has ended: false drops the result (Outcome::Stale). The worker computes with the thread budget
    // the GUI leaves itself (core/EngineInfo).
    bool start(const QString& title, Work work, std::function<bool()> isCurrent = {});
    // From start() until finished() has been emitted.
    bool isBusy() const { return m_busy; }
    QString title() const { return m_title; }
    bool isPaused() const;
    // True while the worker actually waits in a pause (the step under way when pause came has ended).
    bool isWaitingInPause() const { return m_waiting.load(); }
    // Called from the worker: runs `call` on the GUI thread, unless a later run has started meanwhile
    // (live results such as the training curves).
    void post(std::function<void()> call);
    // For the tests of the window's failure handling: the next run throws std::runtime_error(`message`) on
    // the worker thread where its work would begin, and ends as a failing computation does.
    void failNextRun(const QString& message) { m_injectedFailure = message; }

public slots:
    void cancel();
    void setPaused(bool paused);
    // Blocks until the worker has ended and delivers what it posted and its result (shutdown and tests).
    void wait();

signals:
    void started(const QString& title);
    // At most ~20 a second, and at every change of stage; secondsLeft < 0 while unknown.
    void progress(const QString& stage, double fraction, double secondsLeft);
    void pausedChanged(bool paused);
    // The work has ended; `error` says why when it failed.
    void finished(zooscope::BackgroundJob::Outcome outcome, const QString& error);
    void busyChanged(bool busy);

private:
    void forward(const ProgressUpdate& update);
    void waitWhilePaused();
    void finish(uint64_t run, Outcome outcome, const QString& error, const std::function<void()>& deliver);

    QThread* m_thread = nullptr;
    Progress m_progress;
    std::function<bool()> m_isCurrent;
    QString m_title;
    bool m_busy = false;
    uint64_t m_run = 0; // counts the runs: posts of an earlier run are dropped
    std::atomic<bool> m_waiting{false};
    mutable std::mutex m_mutex;
    std::condition_variable m_resume;
    bool m_paused = false;
    // Worker side of the throttle.
    std::mutex m_throttleMutex;
    std::chrono::steady_clock::time_point m_lastSent;
    std::string m_lastStage;
    QString m_injectedFailure;
};

} // namespace zooscope
