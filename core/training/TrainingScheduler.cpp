#include "training/TrainingScheduler.h"

#include "core/Progress.h"
#include "training/PopulationStepper.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

namespace zooscope {

TrainingScheduler::TrainingScheduler(const std::atomic<bool>& cancel) : m_cancel(cancel) {}

bool TrainingScheduler::shouldStop() const
{
    return m_cancel.load(std::memory_order_relaxed) || m_stop.load(std::memory_order_relaxed) ||
           m_failed.load(std::memory_order_relaxed);
}

void TrainingScheduler::fail(const std::string& what)
{
    std::lock_guard<std::mutex> lk(m_mu);
    if (!m_failed) {
        m_failure = what;
        m_failed = true;
    }
}

void TrainingScheduler::pausePoint()
{
    if (!m_pause.load(std::memory_order_acquire))
        return;
    std::unique_lock<std::mutex> lk(m_mu);
    ++m_parked;
    m_cv.notify_all();
    m_cv.wait(lk, [&] { return !m_pause.load(); });
    --m_parked;
}

void TrainingScheduler::whilePaused(const std::function<void()>& f)
{
    {
        std::unique_lock<std::mutex> lk(m_mu);
        m_pause = true;
        m_cv.wait(lk, [&] { return m_parked == m_running; });
    }
    std::exception_ptr error;
    try {
        f();
    } catch (...) {
        error = std::current_exception();
    }
    {
        std::lock_guard<std::mutex> lk(m_mu);
        m_pause = false;
    }
    m_cv.notify_all();
    if (error)
        std::rethrow_exception(error);
}

void TrainingScheduler::run(PopulationStepper& stepper, int threads, int groups, double tickSeconds,
                            const std::function<void()>& tick)
{
    const int groupCount = std::max(1, groups);
    const bool teams = threads >= 2 * groupCount;
    const int drivers = std::max(1, std::min(teams ? threads / 2 : threads, groupCount));
    std::vector<std::unique_ptr<Team>> teamList;
    if (teams)
        for (int t = 0; t < drivers; ++t)
            teamList.push_back(std::make_unique<Team>());

    m_stop = false;
    m_failed = false;
    m_pause = false;
    m_parked = 0;
    m_running = drivers;
    std::vector<std::thread> pool;
    for (int t = 0; t < drivers; ++t) {
        Team* team = teams ? teamList[size_t(t)].get() : nullptr;
        pool.emplace_back([this, &stepper, team] {
            stepper.drive(team);
            std::lock_guard<std::mutex> lk(m_mu);
            --m_running;
            m_cv.notify_all();
        });
        if (team)
            pool.emplace_back([&stepper, team] { stepper.help(*team); });
    }

    std::exception_ptr tickError;
    for (;;) {
        {
            std::unique_lock<std::mutex> lk(m_mu);
            const auto wait = std::chrono::duration<double>(std::max(0.01, tickSeconds));
            if (m_cv.wait_for(lk, wait, [&] { return m_running == 0; }))
                break;
        }
        if (tickError)
            continue;
        try {
            tick();
        } catch (const OperationCancelled&) {
        } catch (...) {
            tickError = std::current_exception();
            m_stop = true;
        }
    }
    for (auto& t : pool)
        t.join();
    if (m_failed)
        throw std::runtime_error("population training failed: " + m_failure);
    if (tickError)
        std::rethrow_exception(tickError);
}

} // namespace zooscope
