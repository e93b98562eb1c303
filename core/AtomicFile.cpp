#include "core/AtomicFile.h"

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

namespace zooscope {

namespace {

std::runtime_error systemError(const std::string& what, const std::string& path)
{
    return std::runtime_error(what + " " + path + ": " + std::strerror(errno));
}

void fsyncPath(const std::string& path, bool directory)
{
    const int fd = ::open(path.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
    if (fd < 0)
        throw systemError("cannot open", path);
    const int rc = ::fsync(fd);
    const int savedErrno = errno;
    ::close(fd);
    errno = savedErrno;
    // Some file systems refuse fsync on a folder (EINVAL); the rename is still atomic there.
    if (rc != 0 && !(directory && (errno == EINVAL || errno == EROFS)))
        throw systemError("cannot flush", path);
}

std::string folderOf(const std::string& path)
{
    const auto parent = std::filesystem::path(path).parent_path();
    return parent.empty() ? std::string(".") : parent.string();
}

std::string temporaryPrefix(const std::filesystem::path& p)
{
    std::string prefix(".");
    prefix += p.filename().string();
    prefix += ".tmp-";
    return prefix;
}

// Temporary files of `path` left by writers that were killed (their process is gone). Best effort:
// the write itself has succeeded.
void removeOrphanedTemporaries(const std::string& path, const std::string& folder)
{
    const std::string prefix = temporaryPrefix(path);
    std::error_code ec;
    for (std::filesystem::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.rfind(prefix, 0) != 0)
            continue;
        const long pid = std::strtol(name.c_str() + prefix.size(), nullptr, 10);
        std::error_code ignored;
        if (pid > 0 && pid != ::getpid() && ::kill(pid_t(pid), 0) != 0 && errno == ESRCH)
            std::filesystem::remove(it->path(), ignored);
    }
}

} // namespace

std::string AtomicFile::temporaryPathFor(const std::string& path)
{
    static std::atomic<unsigned> counter{0};
    const std::filesystem::path p(path);
    const std::string name = temporaryPrefix(p) + std::to_string(::getpid()) + "-" + std::to_string(counter.fetch_add(1));
    return (p.parent_path() / name).string();
}

void AtomicFile::writeWith(const std::string& path, const std::function<void(const std::string&)>& writeTo)
{
    const std::string folder = folderOf(path);
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec))
        throw std::runtime_error("cannot write " + path + ": the folder " + folder + " does not exist");
    if (std::filesystem::is_directory(path, ec))
        throw std::runtime_error("cannot write " + path + ": it is a folder");
    const std::string temp = temporaryPathFor(path);
    try {
        writeTo(temp);
        fsyncPath(temp, false);
        if (std::rename(temp.c_str(), path.c_str()) != 0)
            throw systemError("cannot rename " + temp + " to", path);
    } catch (...) {
        std::filesystem::remove(temp, ec);
        throw;
    }
    fsyncPath(folder, true);
    removeOrphanedTemporaries(path, folder);
}

void AtomicFile::write(const std::string& path, std::string_view bytes)
{
    writeWith(path, [&](const std::string& temp) {
        const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0)
            throw systemError("cannot create", temp);
        size_t written = 0;
        while (written < bytes.size()) {
            const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
            if (n < 0) {
                if (errno == EINTR)
                    continue;
                const int savedErrno = errno;
                ::close(fd);
                errno = savedErrno;
                throw systemError("cannot write", path);
            }
            written += static_cast<size_t>(n);
        }
        if (::close(fd) != 0)
            throw systemError("cannot write", path);
    });
}

} // namespace zooscope
