#pragma once

#include "app/cli/CommandLine.h"

namespace zooscope::cli {

// `select`: model selection and early stopping from early checkpoints (core/analysis/ModelSelection).
void addSelectCommand(CommandLine& cli);

} // namespace zooscope::cli
