#pragma once

#include "app/cli/CommandLine.h"

namespace zooscope::cli {

// `ae train`, `ae eval`, `embed`, `probe` and `bench ae`: hyper-representations of a zoo.
void addAutoencoderCommands(CommandLine& cli);

} // namespace zooscope::cli
