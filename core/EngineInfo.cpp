#include "core/EngineInfo.h"

#include <zooscope/BuildInfo.h>

#include <ATen/Parallel.h>
#include <torch/version.h>
#include <H5public.h>

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

void EngineInfo::setComputeThreads(int threads)
{
    if (threads <= 0)
        threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    at::set_num_threads(threads);
}

int EngineInfo::computeThreads() { return at::get_num_threads(); }

} // namespace zooscope
