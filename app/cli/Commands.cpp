#include "app/cli/Commands.h"
#include "app/cli/AutoencoderCommands.h"
#include "app/cli/CommandLine.h"
#include "app/cli/CompareCommand.h"
#include "app/cli/DiagnoseCommand.h"
#include "app/cli/FigureCommand.h"
#include "app/cli/SampleCommands.h"
#include "app/cli/SelectCommand.h"
#include "app/cli/TrainCommands.h"
#include "app/cli/ZooCommands.h"

#include "core/EngineInfo.h"

#include <ostream>

namespace zooscope::cli {

void addCommands(CommandLine& cli)
{
    cli.add({"version", "show the versions of ZooScope and its engine",
             "Usage: zooscope-cli version",
             [](const Arguments& args, std::ostream& out, std::ostream&) {
                 args.allowOnly({});
                 out << "zooscope-cli " << EngineInfo::version() << "\n"
                     << "LibTorch " << EngineInfo::torchVersion() << ", HDF5 " << EngineInfo::hdf5Version() << ", "
                     << EngineInfo::computeThreads() << " compute threads\n";
                 return 0;
             },
             {}});
    addZooCommands(cli);
    addTrainCommands(cli);
    addAutoencoderCommands(cli);
    addDiagnoseCommand(cli);
    addSampleCommands(cli);
    addSelectCommand(cli);
    addFigureCommand(cli);
    addCompareCommand(cli);
}

} // namespace zooscope::cli
