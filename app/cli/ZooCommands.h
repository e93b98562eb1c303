#pragma once

#include "app/cli/CommandLine.h"

namespace zooscope::cli {

// `zoo info`, `zoo import`, `zoo export`, `zoo merge`.
void addZooCommands(CommandLine& cli);

} // namespace zooscope::cli
