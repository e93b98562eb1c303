#pragma once

#include <string>

namespace zooscope::cli {

// The checks of the paths a command is given, made before any work starts, so that a typo costs a
// second and not a finished training whose result cannot be written. Every command uses these; each
// throws UsageError (exit code 2) with a message that names the option (or "input") and the path.
class PathChecks {
public:
    // An existing file that can be read: not missing, not a folder. `what` names it ("zoo file").
    static void inputFile(const std::string& path, const std::string& what);
    // An existing folder (a dataset's IDX files, a public zoo's model folders).
    static void inputFolder(const std::string& path, const std::string& what);
    // A file the command creates or replaces: not a folder, in an existing folder the command can
    // write in (tried with a probe file there, so read-only mounts and permissions count alike).
    static void outputFile(const std::string& path, const std::string& option);
    // A folder the command writes files into: an existing writable folder, or a new one whose parent
    // exists and is writable. Missing grandparents are refused rather than created, so that a typo in
    // the path does not leave a tree of folders behind.
    static void outputFolder(const std::string& path, const std::string& option);
};

} // namespace zooscope::cli
