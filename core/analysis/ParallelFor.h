// Plain threads over contiguous slices, for the analysis room's loops that run without LibTorch.
#pragma once

#include "core/EngineInfo.h"

#include <algorithm>
#include <cstdint>
#include <exception>
#include <thread>
#include <vector>

namespace zooscope {

// Runs fn(begin, end, part) on `parts` contiguous slices of 0..n, one thread each (the caller's thread
// takes the first, and may throw: the workers are joined before the exception leaves, e.g. a Progress
// report's OperationCancelled). parts <= 0: the engine's compute-thread budget (EngineInfo::computeThreads()).
template <typename Fn>
void parallelFor(int64_t n, int parts, const Fn& fn)
{
    if (parts <= 0)
        parts = EngineInfo::computeThreads();
    parts = static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(parts, n)));
    std::vector<std::thread> workers;
    for (int t = 1; t < parts; ++t)
        workers.emplace_back([&, t] { fn(n * t / parts, n * (t + 1) / parts, t); });
    std::exception_ptr failure;
    try {
        fn(0, n / parts, 0);
    } catch (...) {
        failure = std::current_exception();
    }
    for (std::thread& w : workers)
        w.join();
    if (failure)
        std::rethrow_exception(failure);
}

} // namespace zooscope
