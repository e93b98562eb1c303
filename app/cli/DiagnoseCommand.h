#pragma once

#include "app/cli/CommandLine.h"

namespace zooscope::cli {

// `diagnose`: the health of single models or a selection (core/analysis/ModelDiagnostics).
void addDiagnoseCommand(CommandLine& cli);

} // namespace zooscope::cli
