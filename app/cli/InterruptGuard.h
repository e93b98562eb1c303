#pragma once

#include "core/Progress.h"

#include <atomic>

namespace zooscope::cli {

// While alive, Ctrl-C (SIGINT) and SIGTERM set a flag instead of killing the process, so that a long
// command (zoo create, ae train, sample) stops at its next check and leaves its resume state or a
// clean partial result; the previous handlers come back afterwards.
class InterruptGuard {
public:
    InterruptGuard();
    // The same, and the signal also cancels `progress` (its operation then throws OperationCancelled).
    explicit InterruptGuard(const Progress& progress);
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

    // The flag the engine polls (its options' `cancel`).
    static const std::atomic<bool>* flag();

private:
    Progress m_progress;
    void (*m_previousInt)(int);
    void (*m_previousTerm)(int);
};

} // namespace zooscope::cli
