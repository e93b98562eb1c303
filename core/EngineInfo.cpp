#include "core/EngineInfo.h"

#include <zooscope/BuildInfo.h>

#include <ATen/Parallel.h>
#include <torch/version.h>
#include <H5public.h>

#include <algorithm>
#include <atomic>
#include <thread>

namespace zooscope {

std::string EngineInfo::version() { return ZOOSCOPE_VERSION; }

std::string EngineInfo::torchVersion() { return TORCH_VERSION; }


std::string EngineInfo::hdf5Version()
{
    unsigned major = 0, minor = 0, release = 0;
    H5get_libversion(&major, &minor, &release);
    return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(release);
}

namespace {

int hardwareThreads() { return static_cast<int>(std::max(1u, std::thread::hardware_concurrency())); }

std::atomic<int> g_computeThreads{0}; // 0 until set: hardware threads

} // namespace

// OpenBLAS (LibTorch's BLAS on Debian, the pthreads build) keeps a thread pool of its own, sized to every
// core it may use, which at::set_num_threads does not reach: without this, `--threads 1` still ran matrix
// products on every core. Weak: absent (another BLAS), the call is skipped.
extern "C" void openblas_set_num_threads(int threads) __attribute__((weak));

void EngineInfo::setComputeThreads(int threads)
{
    if (threads <= 0)
        threads = hardwareThreads();
    g_computeThreads = threads;
    at::set_num_threads(threads);
    if (openblas_set_num_threads)
        openblas_set_num_threads(threads);
}

int EngineInfo::computeThreads()
{
    const int threads = g_computeThreads.load();
    return threads > 0 ? threads : hardwareThreads();
}

int EngineInfo::threadsFor(int requested) { return requested > 0 ? requested : computeThreads(); }

} // namespace zooscope
