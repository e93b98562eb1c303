#include "core/Progress.h"

#include <algorithm>
#include <cmath>

namespace zooscope {

Progress::Progress() : m_shared(std::make_shared<Shared>()) {}

Progress::Progress(Listener listener) : m_shared(std::make_shared<Shared>())
{
    m_shared->listener = std::move(listener);
}

void Progress::cancel() const { m_shared->cancelled.store(true); }

bool Progress::isCancelled() const { return m_shared->cancelled.load(std::memory_order_relaxed); }

void Progress::throwIfCancelled() const
{
    if (isCancelled())
        throw OperationCancelled();
}

void Progress::report(double fraction, const std::string& stage, double secondsLeft) const
{
    throwIfCancelled();
    if (!m_shared->listener)
        return;
    if (!std::isfinite(fraction))
        fraction = 0;
    fraction = std::clamp(fraction, 0.0, 1.0);
    ProgressUpdate update;
    update.stage = m_prefix;
    update.stage += m_stage.empty() ? stage : m_stage;
    update.fraction = m_begin + (m_end - m_begin) * fraction;
    if (secondsLeft >= 0) {
        update.secondsLeft = secondsLeft;
    } else if (update.fraction > 0.01) {
        const double elapsed =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - m_shared->started).count();
        update.secondsLeft = elapsed * (1 - update.fraction) / update.fraction;
    }
    m_shared->listener(update);
}

Progress Progress::sub(double begin, double end, std::string stage) const
{
    Progress child = *this;
    if (!stage.empty())
        child.m_stage = std::move(stage);
    child.m_begin = m_begin + (m_end - m_begin) * std::clamp(begin, 0.0, 1.0);
    child.m_end = m_begin + (m_end - m_begin) * std::clamp(end, 0.0, 1.0);
    return child;
}

Progress Progress::prefixed(std::string prefix) const
{
    Progress child = *this;
    child.m_prefix = std::move(prefix) + child.m_prefix;
    return child;
}

const std::atomic<bool>& Progress::cancelFlag() const { return m_shared->cancelled; }

} // namespace zooscope
