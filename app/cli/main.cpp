#include "app/cli/CommandLine.h"
#include "app/cli/Commands.h"

#include "core/EngineInfo.h"

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <unistd.h>

int main(int argc, char** argv)
{
    // LibTorch's OpenMP workers busy-wait between its many small parallel regions; with another process
    // on a core that starves the thread doing the work (autoencoder training ran 7x slower with one of
    // two cores busy). libgomp reads the policy only at start-up: set it and start again.
    if (!std::getenv("OMP_WAIT_POLICY") && setenv("OMP_WAIT_POLICY", "passive", 1) == 0)
        execv("/proc/self/exe", argv);
    // A file size limit (ulimit -f) would kill the process with SIGXFSZ in the middle of a write; ignored,
    // the write fails with EFBIG and the command reports it like a full disk, keeping the previous file.
    std::signal(SIGXFSZ, SIG_IGN);
    zooscope::EngineInfo::setComputeThreads();

    zooscope::cli::CommandLine cli;
    zooscope::cli::addCommands(cli);
    const std::vector<std::string> args(argv + 1, argv + argc);
    return cli.run(args, std::cout, std::cerr);
}
