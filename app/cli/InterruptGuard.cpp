#include "app/cli/InterruptGuard.h"

#include <csignal>

namespace zooscope::cli {

namespace {
std::atomic<bool> g_interrupted{false};
std::atomic<const Progress*> g_progress{nullptr};
extern "C" void onInterrupt(int)
{
    g_interrupted.store(true);
    if (const Progress* progress = g_progress.load())
        progress->cancel();
}
} // namespace

InterruptGuard::InterruptGuard()
{
    g_interrupted = false;
    m_previousInt = std::signal(SIGINT, onInterrupt);
    m_previousTerm = std::signal(SIGTERM, onInterrupt);
}

InterruptGuard::InterruptGuard(const Progress& progress) : InterruptGuard()
{
    m_progress = progress;
    g_progress = &m_progress;
}

InterruptGuard::~InterruptGuard()
{
    g_progress = nullptr;
    std::signal(SIGINT, m_previousInt);
    std::signal(SIGTERM, m_previousTerm);
}

const std::atomic<bool>* InterruptGuard::flag() { return &g_interrupted; }

} // namespace zooscope::cli
