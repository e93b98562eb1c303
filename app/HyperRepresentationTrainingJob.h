#pragma once

#include "hyperrep/HyperRepresentationTrainer.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

class QThread;

namespace zooscope {

struct OpenedZoo;

// What a finished training hands to the window.
struct TrainingOutcome {
    std::shared_ptr<HyperRepresentation> model; // null unless completed
    std::vector<float> latents;                 // [zoo points, latentDim]: every checkpoint encoded
    bool completed = false;
    bool cancelled = false;
    QString error;
    double seconds = 0;
    int64_t epochs = 0;
};

// Trains a hyper-representation on the opened zoo in its own thread (HyperRepresentationTrainer), then
// encodes every checkpoint with it. Progress arrives as queued signals on the GUI thread, at most
// ~20 per second plus every epoch end, so the window never waits for the trainer. Pause blocks the
// worker between two steps; cancel stops it at the next step (the partial model is dropped).
class HyperRepresentationTrainingJob : public QObject {
    Q_OBJECT
public:
    explicit HyperRepresentationTrainingJob(QObject* parent = nullptr);
    ~HyperRepresentationTrainingJob() override; // cancels and waits

    // False (and nothing starts) while a training runs. `options.onStep` is the job's.
    bool start(std::shared_ptr<const OpenedZoo> zoo, const HyperRepresentationConfig& config,
               HyperRepresentationTrainingOptions options);
    bool isRunning() const;
    bool isPaused() const;
    // True while the worker actually waits in a pause (the step under way when pause came has ended).
    bool isWaitingInPause() const { return m_waiting.load(); }
    const TrainingOutcome& outcome() const { return m_outcome; }

public slots:
    void setPaused(bool paused);
    void cancel();
    // Blocks until the worker has ended (for shutdown and tests).
    void wait();

signals:
    void progress(const zooscope::HyperRepresentationProgress& progress);
    void pausedChanged(bool paused);
    // The worker has ended; outcome() says how.
    void finished();

private:
    void waitWhilePaused();

    QThread* m_thread = nullptr;
    std::atomic<bool> m_cancel{false};
    std::atomic<bool> m_waiting{false};
    mutable std::mutex m_mutex;
    std::condition_variable m_resume;
    bool m_paused = false;
    bool m_active = false; // from start() until finished() is emitted (GUI thread only)
    TrainingOutcome m_outcome;
};

} // namespace zooscope
