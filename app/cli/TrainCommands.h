#pragma once

#include "app/cli/CommandLine.h"

namespace zooscope::cli {

// `zoo create` (train a zoo with the population trainer) and `bench train` (its speed).
void addTrainCommands(CommandLine& cli);

} // namespace zooscope::cli
