#include "app/cli/CommandLine.h"
#include "app/cli/Commands.h"
#include "app/cli/MpiCommunicator.h"
#include "app/cli/TailStream.h"

#include "core/EngineInfo.h"

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <memory>
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

    // Started by mpirun or srun: the ranks share `zoo create`, `ae train`, `ae eval`, `embed` and `sample`
    // (docs/cluster-mpi.md). A plain start never initialises MPI.
    using zooscope::cli::MpiCommunicator;
    std::unique_ptr<MpiCommunicator> mpi;
    if (MpiCommunicator::launchedByMpi())
        mpi = std::make_unique<MpiCommunicator>(&argc, &argv);

    zooscope::cli::CommandLine cli;
    zooscope::cli::addCommands(cli);
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (!mpi || mpi->size() == 1)
        return cli.run(args, std::cout, std::cerr);

    // Rank 0 speaks for the job; the others keep their messages unless they fail. Commands that do not
    // split their work run on rank 0 alone.
    const bool shared = (!args.empty() && (args[0] == "embed" || args[0] == "sample")) ||
                        (args.size() >= 2 && ((args[0] == "zoo" && args[1] == "create") ||
                                               (args[0] == "ae" && (args[1] == "train" || args[1] == "eval"))));
    int rc = 0;
    if (mpi->rank() == 0) {
        if (!shared)
            std::cerr << "note: this command runs on rank 0 alone; `zoo create`, `ae train`, `ae eval`, `embed` and "
                         "`sample` use all "
                      << mpi->size() << " ranks\n";
        rc = cli.run(args, std::cout, std::cerr);
    } else if (shared) {
        std::ostream nowhere(nullptr);
        zooscope::cli::TailStream messages;
        rc = cli.run(args, nowhere, messages);
        // Usage errors (2) are the same on every rank: rank 0 has said it.
        if (rc != 0 && rc != 2 && rc != 130)
            std::cerr << "rank " << mpi->rank() << ":\n" << messages.text() << std::flush;
    }
    // A rank that failed alone would leave the others waiting in a collective: end the job.
    if (rc != 0 && rc != 130) {
        std::cout.flush();
        std::cerr.flush();
        mpi->abort(rc);
    }
    return rc;
}
