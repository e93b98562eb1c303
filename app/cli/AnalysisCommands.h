#pragma once

#include "app/cli/CommandLine.h"

namespace zooscope::cli {

// `diagnose`: questions about single models and selections of a zoo.
void addAnalysisCommands(CommandLine& cli);

} // namespace zooscope::cli
