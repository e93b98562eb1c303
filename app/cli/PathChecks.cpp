#include "app/cli/PathChecks.h"
#include "app/cli/CommandLine.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fcntl.h>
#include <unistd.h>

namespace zooscope::cli {

namespace fs = std::filesystem;

namespace {

std::string named(const std::string& option) { return option.empty() ? std::string() : "option --" + option + ": "; }

// Whether a file can be created in `dir`: made and removed at once (O_EXCL, a name no one else uses).
bool canCreateIn(const fs::path& dir, std::string& why)
{
    const fs::path probe = dir / (".zooscope-probe-" + std::to_string(::getpid()));
    const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        why = std::strerror(errno);
        return false;
    }
    ::close(fd);
    ::unlink(probe.c_str());
    return true;
}

// The folder a new file or folder `path` would be made in ("." for a bare name).
fs::path parentOf(const std::string& path)
{
    fs::path parent = fs::path(path).lexically_normal().parent_path();
    return parent.empty() ? fs::path(".") : parent;
}

void requireWritableFolder(const fs::path& dir, const std::string& path, const std::string& option)
{
    std::error_code ec;
    if (!fs::exists(dir, ec))
        throw UsageError(named(option) + path + ": the folder " + dir.string() + " does not exist");
    if (!fs::is_directory(dir, ec))
        throw UsageError(named(option) + path + ": " + dir.string() + " is not a folder");
    std::string why;
    if (!canCreateIn(dir, why))
        throw UsageError(named(option) + path + ": cannot write in the folder " + dir.string() + " (" + why + ")");
}

} // namespace

void PathChecks::inputFile(const std::string& path, const std::string& what)
{
    std::error_code ec;
    if (path.empty())
        throw UsageError("an empty path given for the " + what);
    if (!fs::exists(path, ec))
        throw UsageError(path + ": " + what + " not found");
    if (fs::is_directory(path, ec))
        throw UsageError(path + ": is a folder, not a " + what);
    if (::access(path.c_str(), R_OK) != 0)
        throw UsageError(path + ": " + what + " cannot be read (" + std::strerror(errno) + ")");
}

void PathChecks::inputFolder(const std::string& path, const std::string& what)
{
    std::error_code ec;
    if (path.empty())
        throw UsageError("an empty path given for the " + what);
    if (!fs::exists(path, ec))
        throw UsageError(path + ": " + what + " not found");
    if (!fs::is_directory(path, ec))
        throw UsageError(path + ": is a file, not a folder (" + what + ")");
}

void PathChecks::outputFile(const std::string& path, const std::string& option)
{
    std::error_code ec;
    if (path.empty())
        throw UsageError(named(option) + "an empty file name");
    if (fs::is_directory(path, ec))
        throw UsageError(named(option) + path + " is a folder; give a file name");
    requireWritableFolder(parentOf(path), path, option);
}

void PathChecks::outputFolder(const std::string& path, const std::string& option)
{
    std::error_code ec;
    if (path.empty())
        throw UsageError(named(option) + "an empty folder name");
    if (fs::exists(path, ec)) {
        if (!fs::is_directory(path, ec))
            throw UsageError(named(option) + path + " is a file; give a folder");
        std::string why;
        if (!canCreateIn(path, why))
            throw UsageError(named(option) + "cannot write in the folder " + path + " (" + why + ")");
        return;
    }
    requireWritableFolder(parentOf(path), path, option);
}

} // namespace zooscope::cli
