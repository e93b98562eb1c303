#pragma once

#include <string>

namespace zooscope {

// What the engine runs on: versions for About boxes and --version, and the compute thread count.
class EngineInfo {
public:
    static std::string version();
    static std::string torchVersion();
    static std::string hdf5Version();

    // The one compute-thread budget of the process: what every engine worker pool (population training,
    // batched evaluation, LibTorch's intra-op threads, ...) uses when it is not told a count. Set once at
    // start (the GUI keeps one core for itself; the CLI uses all); 0 means one per hardware thread.
    // This is the only place that sets LibTorch's thread count.
    static void setComputeThreads(int threads = 0);
    // Called first thing in main: HDF5's clean-up at exit crashes on a file whose close failed (a full
    // disk while writing a zoo); the programs close their files themselves and skip it.
    static void skipHdf5ExitCleanup();
    // The budget: hardware threads until setComputeThreads is called.
    static int computeThreads();
    // `requested` when > 0, else the budget: how an option "threads (0 = default)" becomes a count.
    static int threadsFor(int requested);
};

} // namespace zooscope
