#pragma once

#include <atomic>

namespace zooscope::cli {

// While alive, Ctrl-C (SIGINT) and SIGTERM set a flag instead of killing the process, so that a long
// command (zoo create, ae train, sample) stops at its next check and leaves its resume state or a
// clean partial result; the previous handlers come back afterwards.
class InterruptGuard {
public:
    InterruptGuard();
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

    // The flag the engine polls (its options' `cancel`).
    static const std::atomic<bool>* flag();

private:
    void (*m_previousInt)(int);
    void (*m_previousTerm)(int);
};

} // namespace zooscope::cli
