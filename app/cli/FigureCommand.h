#pragma once

#include "app/cli/CommandLine.h"

namespace zooscope::cli {

// `figure`: the latent view of a session, or the default view of a zoo, written as SVG, PDF or PNG without
// a display (the GUI's Export Figure through the same code, so both write the same file).
void addFigureCommand(CommandLine& cli);

} // namespace zooscope::cli
