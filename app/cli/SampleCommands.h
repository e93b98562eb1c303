#pragma once

#include "app/cli/CommandLine.h"

namespace zooscope::cli {

// `sample` (generate new models from a zoo and its hyper-representation, or a baseline) and `report`
// (merge sampling reports into the paper-style table).
void addSampleCommands(CommandLine& cli);

} // namespace zooscope::cli
