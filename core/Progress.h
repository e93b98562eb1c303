// One progress and cancellation channel through every long operation, from the engine to the GUI's
// background jobs and the command line's Ctrl+C.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

namespace zooscope {

// Thrown by Progress::throwIfCancelled(): the one way a long operation ends on request. Operations that
// can resume (the trainers) save their resume state before letting it pass.
class OperationCancelled : public std::runtime_error {
public:
    OperationCancelled() : std::runtime_error("cancelled") {}
};

// What a long operation says about itself: a stage in words, the fraction done (0..1) and an estimate of
// the seconds left (-1 while unknown).
struct ProgressUpdate {
    std::string stage;
    double fraction = 0;
    double secondsLeft = -1;
};

// Handed (by reference) to every long operation. Copies share the cancellation flag and the listener;
// sub() maps a part of the work onto a range of the parent's fraction. A default Progress reports to
// nobody and is never cancelled. Thread-safe: workers may report and check from any thread; the listener
// is called on the reporting thread.
class Progress {
public:
    using Listener = std::function<void(const ProgressUpdate&)>;

    Progress();
    explicit Progress(Listener listener);

    // Ask the operation to stop at its next check (any thread, e.g. a signal handler's flag or a GUI button).
    void cancel() const;
    bool isCancelled() const;
    void throwIfCancelled() const;

    // fraction of this range; secondsLeft is estimated from the time since the root Progress was made
    // unless given (>= 0). Throws OperationCancelled when cancelled, so reporting is also a check.
    void report(double fraction, const std::string& stage = {}, double secondsLeft = -1) const;

    // [begin, end] of this range as a new range; stage names given to it are used as they are, or, when
    // `stage` is given, replaced by it (a step that runs a general operation keeps its own name).
    Progress sub(double begin, double end, std::string stage = {}) const;

    // The same range, with `prefix` put before every stage name (a second run of an operation inside a
    // larger one: "random init: decoding").
    Progress prefixed(std::string prefix) const;

    // The flag, for loops that poll a plain atomic (the population kernels' threads).
    const std::atomic<bool>& cancelFlag() const;

private:
    struct Shared {
        std::atomic<bool> cancelled{false};
        Listener listener;
        std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    };
    std::shared_ptr<Shared> m_shared;
    double m_begin = 0, m_end = 1;
    std::string m_stage;  // replaces reported stage names when not empty
    std::string m_prefix; // put before every reported stage name
};

} // namespace zooscope
