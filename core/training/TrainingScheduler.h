// The threads of population training: driving workers (and their helpers when there are fewer lane
// groups than threads), a stop on cancellation or failure, and pauses in which the calling thread may
// read a consistent state (the resume file is written in one).
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>

namespace zooscope {

class PopulationStepper;

class TrainingScheduler {
public:
    // `cancel`: the flag of the caller's Progress; the workers stop at their next check once it is set.
    explicit TrainingScheduler(const std::atomic<bool>& cancel);

    // Runs `threads` workers over `groups` lane groups of `stepper` (teams of two per group when there
    // are at least twice as many threads as groups) and calls `tick` on this thread every
    // `tickSeconds` until all are done. An exception from `tick` stops the workers and is thrown after
    // they have ended; OperationCancelled is not thrown (the workers see the cancel flag: the caller
    // decides). A failed worker ends the run with std::runtime_error.
    void run(PopulationStepper& stepper, int threads, int groups, double tickSeconds, const std::function<void()>& tick);

    // Parks every worker at its next pause point, runs `f`, and lets them go on.
    void whilePaused(const std::function<void()>& f);

    // For the workers.
    bool shouldStop() const;
    bool failed() const { return m_failed.load(std::memory_order_relaxed); }
    void fail(const std::string& what);
    void pausePoint();

private:
    const std::atomic<bool>& m_cancel;
    std::atomic<bool> m_stop{false}, m_failed{false}, m_pause{false};
    std::string m_failure;
    std::mutex m_mu;
    std::condition_variable m_cv;
    int m_running = 0, m_parked = 0;
};

} // namespace zooscope
