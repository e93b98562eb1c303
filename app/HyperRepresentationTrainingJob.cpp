#include "app/HyperRepresentationTrainingJob.h"

#include "app/OpenedZoo.h"

#include <QCoreApplication>
#include <QMetaObject>
#include <QThread>

#include <chrono>
#include <exception>

namespace zooscope {

HyperRepresentationTrainingJob::HyperRepresentationTrainingJob(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<zooscope::HyperRepresentationProgress>("zooscope::HyperRepresentationProgress");
}

HyperRepresentationTrainingJob::~HyperRepresentationTrainingJob()
{
    cancel();
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
    }
}

bool HyperRepresentationTrainingJob::isRunning() const { return m_active; }

bool HyperRepresentationTrainingJob::isPaused() const
{
    std::lock_guard lock(m_mutex);
    return m_paused;
}

bool HyperRepresentationTrainingJob::start(std::shared_ptr<const OpenedZoo> zoo, const HyperRepresentationConfig& config,
                                           HyperRepresentationTrainingOptions options)
{
    if (isRunning() || !zoo)
        return false;
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
        m_thread = nullptr;
    }
    m_cancel = false;
    {
        std::lock_guard lock(m_mutex);
        m_paused = false;
    }
    m_outcome = TrainingOutcome{};
    m_active = true;
    // Runs on the worker thread: forwards at most ~20 reports a second (and every epoch end) as queued
    // calls, and parks the worker while paused.
    auto lastSent = std::make_shared<std::chrono::steady_clock::time_point>();
    options.onStep = [this, lastSent](const HyperRepresentationProgress& p) {
        const auto now = std::chrono::steady_clock::now();
        if (p.epochEnd || p.step == 1 || now - *lastSent >= std::chrono::milliseconds(50)) {
            *lastSent = now;
            QMetaObject::invokeMethod(this, [this, p] { emit progress(p); }, Qt::QueuedConnection);
        }
        waitWhilePaused();
    };
    m_thread = QThread::create([this, zoo, config, options] {
        TrainingOutcome outcome;
        try {
            // cancel() sets m_cancel; each step's report passes it on to the trainer's Progress.
            Progress progress;
            progress = Progress([this, &progress](const ProgressUpdate&) {
                if (m_cancel)
                    progress.cancel();
            });
            HyperRepresentationTrainer trainer(config, options);
            HyperRepresentationTrainingResult result = trainer.train(zoo->zoo, zoo->path.toStdString(), progress);
            outcome.seconds = result.seconds;
            outcome.epochs = result.epochsDone;
            outcome.cancelled = m_cancel;
            if (result.completed && result.model && !outcome.cancelled) {
                auto model = std::make_shared<HyperRepresentation>(std::move(*result.model));
                outcome.latents = zoo->encode(*model, [this](double) { return !m_cancel.load(); });
                outcome.model = std::move(model);
                outcome.completed = true;
            }
        } catch (const OperationCancelled&) {
            outcome.cancelled = true;
        } catch (const std::exception& e) {
            outcome.error = QString::fromStdString(e.what());
        } catch (...) {
            outcome.error = tr("unknown error in the training worker");
        }
        if (outcome.cancelled) {
            outcome.completed = false;
            outcome.model.reset();
            outcome.latents.clear();
        }
        QMetaObject::invokeMethod(
            this,
            [this, outcome = std::move(outcome)]() mutable {
                m_outcome = std::move(outcome);
                m_active = false;
                emit finished();
            },
            Qt::QueuedConnection);
    });
    m_thread->setObjectName(QStringLiteral("hyper-representation training"));
    m_thread->start(QThread::LowPriority);
    return true;
}

void HyperRepresentationTrainingJob::waitWhilePaused()
{
    std::unique_lock lock(m_mutex);
    m_waiting = m_paused && !m_cancel.load();
    m_resume.wait(lock, [this] { return !m_paused || m_cancel.load(); });
    m_waiting = false;
}

void HyperRepresentationTrainingJob::setPaused(bool paused)
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

void HyperRepresentationTrainingJob::cancel()
{
    {
        // Under the lock, so that a paused worker cannot miss the wake-up.
        std::lock_guard lock(m_mutex);
        m_cancel = true;
    }
    m_resume.notify_all();
}

void HyperRepresentationTrainingJob::wait()
{
    if (m_thread)
        m_thread->wait();
    // The worker's last report is still queued; a caller that waits wants it delivered.
    if (m_active)
        QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
}

} // namespace zooscope
