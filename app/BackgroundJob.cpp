#include "app/BackgroundJob.h"

#include "core/EngineInfo.h"

#include <QCoreApplication>
#include <QMetaObject>
#include <QThread>

#include <exception>
#include <stdexcept>
#include <utility>

namespace zooscope {

BackgroundJob::BackgroundJob(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<zooscope::BackgroundJob::Outcome>("zooscope::BackgroundJob::Outcome");
}

BackgroundJob::~BackgroundJob()
{
    cancel();
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
    }
}

bool BackgroundJob::start(const QString& title, Work work, std::function<bool()> isCurrent)
{
    if (m_busy)
        return false;
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
        m_thread = nullptr;
    }
    {
        std::lock_guard lock(m_mutex);
        m_paused = false;
    }
    m_title = title;
    m_isCurrent = std::move(isCurrent);
    m_busy = true;
    const uint64_t run = ++m_run;
    m_lastStage.clear();
    m_lastSent = {};
    m_progress = Progress([this](const ProgressUpdate& update) {
        forward(update);
        waitWhilePaused();
    });
    // LibTorch's thread count is per thread under OpenMP: the worker takes on the process' budget.
    const int threads = EngineInfo::computeThreads();
    m_thread = QThread::create([this, run, threads, progress = m_progress, work = std::move(work),
                                failure = std::exchange(m_injectedFailure, QString())] {
        EngineInfo::setComputeThreads(threads);
        Outcome outcome = Outcome::Completed;
        QString error;
        std::function<void()> deliver;
        try {
            if (!failure.isEmpty())
                throw std::runtime_error(failure.toStdString());
            deliver = work(progress);
            if (progress.isCancelled())
                outcome = Outcome::Cancelled;
        } catch (const OperationCancelled&) {
            outcome = Outcome::Cancelled;
        } catch (const std::exception& e) {
            outcome = Outcome::Failed;
            error = QString::fromStdString(e.what());
        } catch (...) {
            outcome = Outcome::Failed;
            error = tr("unknown error in the worker");
        }
        QMetaObject::invokeMethod(
            this, [this, run, outcome, error, deliver = std::move(deliver)] { finish(run, outcome, error, deliver); },
            Qt::QueuedConnection);
    });
    m_thread->setObjectName(objectName());
    m_thread->start(QThread::LowPriority);
    emit busyChanged(true);
    emit started(title);
    return true;
}

void BackgroundJob::finish(uint64_t run, Outcome outcome, const QString& error, const std::function<void()>& deliver)
{
    if (run != m_run || !m_busy)
        return;
    if (outcome == Outcome::Completed && m_isCurrent && !m_isCurrent())
        outcome = Outcome::Stale;
    m_busy = false;
    if (outcome == Outcome::Completed && deliver)
        deliver();
    emit busyChanged(false);
    emit finished(outcome, error);
}

void BackgroundJob::forward(const ProgressUpdate& update)
{
    // Worker threads (an operation may report from several): the GUI thread need not hear about every step.
    const auto now = std::chrono::steady_clock::now();
    {
        std::lock_guard lock(m_throttleMutex);
        if (update.stage == m_lastStage && update.fraction < 1.0 && now - m_lastSent < std::chrono::milliseconds(50))
            return;
        m_lastStage = update.stage;
        m_lastSent = now;
    }
    post([this, stage = QString::fromStdString(update.stage), fraction = update.fraction, left = update.secondsLeft] {
        emit progress(stage, fraction, left);
    });
}

void BackgroundJob::post(std::function<void()> call)
{
    const uint64_t run = m_run;
    QMetaObject::invokeMethod(
        this,
        [this, run, call = std::move(call)] {
            if (run == m_run && m_busy)
                call();
        },
        Qt::QueuedConnection);
}

bool BackgroundJob::isPaused() const
{
    std::lock_guard lock(m_mutex);
    return m_paused;
}

void BackgroundJob::waitWhilePaused()
{
    std::unique_lock lock(m_mutex);
    m_waiting = m_paused && !m_progress.isCancelled();
    m_resume.wait(lock, [this] { return !m_paused || m_progress.isCancelled(); });
    m_waiting = false;
}

void BackgroundJob::setPaused(bool paused)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_paused == paused)
            return;
        m_paused = paused;
    }
    m_resume.notify_all();
    emit pausedChanged(paused);
}

void BackgroundJob::cancel()
{
    {
        // Under the lock, so that a paused worker cannot miss the wake-up.
        std::lock_guard lock(m_mutex);
        m_progress.cancel();
    }
    m_resume.notify_all();
}

void BackgroundJob::wait()
{
    if (m_thread)
        m_thread->wait();
    if (m_busy)
        QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
}

} // namespace zooscope
