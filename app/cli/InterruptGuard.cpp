#include "app/cli/InterruptGuard.h"

#include <csignal>

namespace zooscope::cli {

namespace {
std::atomic<bool> g_interrupted{false};
extern "C" void onInterrupt(int) { g_interrupted.store(true); }
} // namespace

InterruptGuard::InterruptGuard()
{
    g_interrupted = false;
    m_previousInt = std::signal(SIGINT, onInterrupt);
    m_previousTerm = std::signal(SIGTERM, onInterrupt);
}

InterruptGuard::~InterruptGuard()
{
    std::signal(SIGINT, m_previousInt);
    std::signal(SIGTERM, m_previousTerm);
}

const std::atomic<bool>* InterruptGuard::flag() { return &g_interrupted; }

} // namespace zooscope::cli
