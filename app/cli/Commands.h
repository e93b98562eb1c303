#pragma once

namespace zooscope::cli {

class CommandLine;

// Registers every command of zooscope-cli: the executable and the tests that run the commands in
// their own process (tests/tst_badarguments) see the same list.
void addCommands(CommandLine& cli);

} // namespace zooscope::cli
