#include "app/cli/InterruptGuard.h"

#include <atomic>
#include <csignal>

namespace zooscope::cli {

namespace {
// Progress::cancel() is a single atomic store, safe in a signal handler.
std::atomic<const Progress*> g_cancelled{nullptr};
extern "C" void onInterrupt(int)
{
    if (const Progress* p = g_cancelled.load())
        p->cancel();
}
} // namespace

InterruptGuard::InterruptGuard(Progress progress) : m_progress(std::move(progress))
{
    g_cancelled = &m_progress;
    m_previousInt = std::signal(SIGINT, onInterrupt);
    m_previousTerm = std::signal(SIGTERM, onInterrupt);
}

InterruptGuard::~InterruptGuard()
{
    std::signal(SIGINT, m_previousInt);
    std::signal(SIGTERM, m_previousTerm);
    g_cancelled = nullptr;
}

} // namespace zooscope::cli
