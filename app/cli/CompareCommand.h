#pragma once

#include "app/cli/CommandLine.h"

namespace zooscope::cli {

// `compare` (two checkpoints of a zoo side by side: weight and latent distance, what changed per layer,
// accuracy, prediction disagreement, trajectories).
void addCompareCommand(CommandLine& cli);

} // namespace zooscope::cli
