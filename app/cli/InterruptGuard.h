#pragma once

#include "core/Progress.h"

namespace zooscope::cli {

// While alive, Ctrl-C (SIGINT) and SIGTERM cancel progress() instead of killing the process, so that a
// long command (zoo create, ae train, sample) stops at its next check and leaves its resume state or a
// clean partial result; the previous handlers come back afterwards. One guard at a time.
class InterruptGuard {
public:
    // `progress`: the Progress the command hands to the engine (its listener prints); a signal cancels it.
    explicit InterruptGuard(Progress progress = {});
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

    const Progress& progress() const { return m_progress; }

private:
    Progress m_progress;
    void (*m_previousInt)(int);
    void (*m_previousTerm)(int);
};

} // namespace zooscope::cli
