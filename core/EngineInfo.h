#pragma once

#include <string>

namespace zooscope {

// What the engine runs on: versions for About boxes and --version, and the compute thread count.
class EngineInfo {
public:
    static std::string version();
    static std::string torchVersion();
    static std::string hdf5Version();

    // LibTorch starts with one intra-op thread here; 0 means one per hardware thread.
    static void setComputeThreads(int threads = 0);
    static int computeThreads();
};

} // namespace zooscope
