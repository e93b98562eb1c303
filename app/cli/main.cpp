#include "app/cli/CommandLine.h"
#include "app/cli/ZooCommands.h"

#include "core/EngineInfo.h"

#include <iostream>

int main(int argc, char** argv)
{
    zooscope::EngineInfo::setComputeThreads();

    zooscope::cli::CommandLine cli;
    cli.add({"version", "show the versions of ZooScope and its engine",
             "Usage: zooscope-cli version",
             [](const zooscope::cli::Arguments& args, std::ostream& out, std::ostream&) {
                 args.allowOnly({});
                 out << "zooscope-cli " << zooscope::EngineInfo::version() << "\n"
                     << "LibTorch " << zooscope::EngineInfo::torchVersion() << ", HDF5 "
                     << zooscope::EngineInfo::hdf5Version() << ", " << zooscope::EngineInfo::computeThreads()
                     << " compute threads\n";
                 return 0;
             },
             {}});

    zooscope::cli::addZooCommands(cli);

    const std::vector<std::string> args(argv + 1, argv + argc);
    return cli.run(args, std::cout, std::cerr);
}
