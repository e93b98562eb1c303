#include "zoo/Hdf5FileProbe.h"

#include "zoo/Hdf5Handle.h"
#include "zoo/QuietHdf5.h"

#include <hdf5.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fstream>
#include <map>
#include <stdexcept>
#include <tuple>

#include <fcntl.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

// The sanitizers' runtime (present only in sanitizer and fuzzer builds).
extern "C" void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

namespace zooscope {

namespace {

using Identity = std::tuple<dev_t, ino_t, off_t, long long>;

std::shared_timed_mutex& hdf5Mutex()
{
    static std::shared_timed_mutex m;
    return m;
}

std::mutex& cacheMutex()
{
    static std::mutex m;
    return m;
}

std::map<std::string, Identity>& passed()
{
    static std::map<std::string, Identity> files;
    return files;
}

// Files whose child crashed or failed, with the message (a hang is not remembered: it may have been a
// busy machine).
std::map<std::string, std::pair<Identity, std::string>>& failed()
{
    static std::map<std::string, std::pair<Identity, std::string>> files;
    return files;
}

[[noreturn]] void failAndRemember(const std::string& path, const Identity& id, const std::string& message)
{
    {
        const std::lock_guard<std::mutex> lock(cacheMutex());
        failed()[path] = {id, message};
    }
    throw std::runtime_error(message);
}

std::atomic<double> g_timeout{0};
std::atomic<int> g_probes{0};

bool identityOf(const std::string& path, Identity& id)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
        return false;
    id = {st.st_dev, st.st_ino, st.st_size, static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec};
    return true;
}

// The child's address-space limit: what it has at fork (LibTorch maps a lot) plus room to read one file.
void limitChild()
{
    const rlimit noCore{0, 0};
    setrlimit(RLIMIT_CORE, &noCore);
    long pages = 0;
    if (FILE* f = std::fopen("/proc/self/statm", "r")) {
        if (std::fscanf(f, "%ld", &pages) != 1)
            pages = 0;
        std::fclose(f);
    }
    if (pages > 0) {
        const rlim_t now = static_cast<rlim_t>(pages) * static_cast<rlim_t>(sysconf(_SC_PAGESIZE));
        rlimit as{};
        if (getrlimit(RLIMIT_AS, &as) == 0) {
            const rlim_t want = now + (rlim_t(4) << 30);
            if (as.rlim_max == RLIM_INFINITY || want < as.rlim_max) {
                as.rlim_cur = want;
                setrlimit(RLIMIT_AS, &as);
            }
        }
    }
    for (int sig : {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL})
        std::signal(sig, SIG_DFL);
}

void writeAll(int fd, const std::string& s)
{
    size_t done = 0;
    while (done < s.size()) {
        const ssize_t n = ::write(fd, s.data() + done, s.size() - done);
        if (n <= 0 && errno != EINTR)
            return;
        if (n > 0)
            done += static_cast<size_t>(n);
    }
}

std::string formatSeconds(double s)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", s);
    return buf;
}

// A variable-length string type, or a compound/array/vlen type that may hold one.
bool mayHoldVariableLengthData(hid_t type)
{
    const H5T_class_t c = H5Tget_class(type);
    if (c == H5T_STRING)
        return H5Tis_variable_str(type) != 0;
    return c == H5T_VLEN || c == H5T_COMPOUND || c == H5T_ARRAY || c == H5T_REFERENCE || c < 0;
}

} // namespace

bool Hdf5FileProbe::holdsUncheckedData(const std::string& path)
{
    // Errors here (a checksum that does not match, say) answer "no": libhdf5 found them before parsing,
    // and the reader in this process reports them the same way.
    const auto lock = sharedLock();
    QuietHdf5 quiet;
    Hdf5Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
    if (!file.valid()) {
        QuietHdf5::takeErrorMessage();
        return false;
    }
    struct Scan {
        bool found = false;
        // an object header without checksum (version 1), or an attribute of an unchecked type
        static bool unchecked(hid_t obj)
        {
            H5O_info_t info{};
            if (H5Oget_info2(obj, &info, H5O_INFO_HDR) < 0)
                return false;
            if (info.hdr.version < 2)
                return true;
            bool found = false;
            H5Aiterate2(
                obj, H5_INDEX_NAME, H5_ITER_NATIVE, nullptr,
                [](hid_t loc, const char* name, const H5A_info_t*, void* data) -> herr_t {
                    Hdf5Handle attr(H5Aopen(loc, name, H5P_DEFAULT), H5Aclose);
                    Hdf5Handle type(attr.valid() ? H5Aget_type(attr) : -1, H5Tclose);
                    if (type.valid() && mayHoldVariableLengthData(type)) {
                        *static_cast<bool*>(data) = true;
                        return 1;
                    }
                    return 0;
                },
                &found);
            return found;
        }
    } scan;
    scan.found = Scan::unchecked(file);
    if (!scan.found) {
        H5Ovisit2(
            file, H5_INDEX_NAME, H5_ITER_NATIVE,
            [](hid_t root, const char* name, const H5O_info_t* info, void* data) -> herr_t {
                auto* s = static_cast<Scan*>(data);
                Hdf5Handle obj(H5Oopen(root, name, H5P_DEFAULT), H5Oclose);
                if (!obj.valid())
                    return 0;
                if (info->type == H5O_TYPE_DATASET) {
                    Hdf5Handle type(H5Dget_type(obj), H5Tclose);
                    if (type.valid() && mayHoldVariableLengthData(type))
                        s->found = true;
                } else if (info->type != H5O_TYPE_GROUP) {
                    s->found = true; // named datatypes and the like: ZooScope never writes them
                }
                if (!s->found && Scan::unchecked(obj))
                    s->found = true;
                return s->found ? 1 : 0;
            },
            &scan, H5O_INFO_BASIC);
    }
    QuietHdf5::takeErrorMessage();
    return scan.found;
}

int Hdf5FileProbe::superblockVersion(const std::string& path)
{
    static const unsigned char kSignature[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return -1;
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    for (std::streamoff at = 0; at + 9 <= size; at = at == 0 ? 512 : at * 2) {
        unsigned char head[9];
        in.seekg(at);
        if (!in.read(reinterpret_cast<char*>(head), 9))
            return -1;
        if (std::memcmp(head, kSignature, 8) == 0)
            return head[8];
    }
    return -1;
}

double Hdf5FileProbe::timeoutSecondsFor(const std::string& path)
{
    const double fixed = g_timeout.load();
    if (fixed > 0)
        return fixed;
    struct stat st {};
    const double bytes = ::stat(path.c_str(), &st) == 0 ? static_cast<double>(st.st_size) : 0.0;
    return 20.0 + bytes / 20e6;
}

void Hdf5FileProbe::setTimeoutSeconds(double seconds) { g_timeout = seconds > 0 ? seconds : 0; }

std::shared_lock<std::shared_timed_mutex> Hdf5FileProbe::sharedLock()
{
    return std::shared_lock<std::shared_timed_mutex>(hdf5Mutex());
}

void Hdf5FileProbe::clearCache()
{
    const std::lock_guard<std::mutex> lock(cacheMutex());
    passed().clear();
    failed().clear();
}

int Hdf5FileProbe::probesStarted() { return g_probes.load(); }

void Hdf5FileProbe::vet(const std::string& path, const std::function<void()>& walk)
{
    Identity id;
    if (!identityOf(path, id))
        return; // missing or not a regular file: the reader says so
    const int version = superblockVersion(path);
    if (version < 0)
        return; // not HDF5: libhdf5 parses nothing
    {
        const std::lock_guard<std::mutex> lock(cacheMutex());
        const auto it = passed().find(path);
        if (it != passed().end() && it->second == id)
            return;
        const auto bad = failed().find(path);
        if (bad != failed().end() && bad->second.first == id)
            throw std::runtime_error(bad->second.second);
    }
    if (version >= 2 && !holdsUncheckedData(path)) {
        const std::lock_guard<std::mutex> lock(cacheMutex());
        passed()[path] = id;
        return;
    }

    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        throw std::runtime_error(path + ": cannot check the file (pipe: " + std::strerror(errno) + ")");
    pid_t pid;
    {
        // No thread of ours is inside libhdf5 while we fork (a held HDF5 lock would hang the child; the
        // timeout below would still end it). A thread stuck holding the lock longer does not stop us.
        std::unique_lock<std::shared_timed_mutex> exclusive(hdf5Mutex(), std::defer_lock);
        (void)exclusive.try_lock_for(std::chrono::seconds(5));
        pid = ::fork();
    }
    if (pid < 0) {
        const int e = errno;
        ::close(fds[0]);
        ::close(fds[1]);
        throw std::runtime_error(path + ": cannot check the file (fork: " + std::strerror(e) + ")");
    }
    if (pid == 0) {
        ::close(fds[0]);
        // A process group of its own: whatever the child starts (a sanitizer's symbolizer, say) ends with it.
        ::setpgid(0, 0);
        // Under a fuzzer, the child's crash is the probe's answer, not a finding: libFuzzer's death callback,
        // inherited through fork, would save the input as a crash artifact although the fuzzer goes on.
        if (__sanitizer_set_death_callback)
            __sanitizer_set_death_callback(nullptr);
        limitChild();
        int status = 0;
        try {
            walk();
        } catch (const std::exception& e) {
            writeAll(fds[1], e.what());
            status = 1;
        } catch (...) {
            writeAll(fds[1], path + ": unknown error while reading");
            status = 1;
        }
        ::_exit(status);
    }
    ++g_probes;
    ::close(fds[1]);

    const double timeout = timeoutSecondsFor(path);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout);
    std::string message;
    bool pipeOpen = true;
    int status = 0;
    bool exited = false, timedOut = false;
    while (true) {
        if (pipeOpen) {
            pollfd p{fds[0], POLLIN, 0};
            if (::poll(&p, 1, 20) > 0) {
                char buf[4096];
                const ssize_t n = ::read(fds[0], buf, sizeof buf);
                if (n > 0 && message.size() < 65536)
                    message.append(buf, static_cast<size_t>(n));
                else if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
                    pipeOpen = false;
            }
        } else {
            ::usleep(20000);
        }
        // Not reaped yet (WNOWAIT): the child's process id, and so its group, stays ours until the group is killed.
        siginfo_t info{};
        if (::waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid) {
            exited = true;
            break;
        }
        if (std::chrono::steady_clock::now() > deadline) {
            timedOut = true;
            break;
        }
    }
    ::kill(-pid, SIGKILL); // the child when it hangs, and anything it started that still holds the pipe
    ::kill(pid, SIGKILL);
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    // Whatever the child wrote before it ended is in the pipe already: read without waiting for its end,
    // which a process that inherited the pipe could hold open (a fuzzing run once hung here).
    ::fcntl(fds[0], F_SETFL, ::fcntl(fds[0], F_GETFL) | O_NONBLOCK);
    while (pipeOpen) {
        char buf[4096];
        const ssize_t n = ::read(fds[0], buf, sizeof buf);
        if (n > 0 && message.size() < 65536)
            message.append(buf, static_cast<size_t>(n));
        else if (n > 0)
            continue;
        else if (n < 0 && errno == EINTR)
            continue;
        else
            break;
    }
    ::close(fds[0]);

    const std::string corrupt = path + ": the file's HDF5 metadata is corrupt: ";
    if (timedOut)
        throw std::runtime_error(corrupt + "reading it did not finish in " + formatSeconds(timeout) + " s");
    if (exited && WIFSIGNALED(status))
        failAndRemember(path, id, corrupt + "reading it crashed libhdf5 (signal " + std::to_string(WTERMSIG(status)) + ")");
    if (exited && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        const std::lock_guard<std::mutex> lock(cacheMutex());
        passed()[path] = id;
        return;
    }
    if (!message.empty())
        failAndRemember(path, id, message);
    failAndRemember(path, id, corrupt + "reading it failed (exit status " + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")");
}

} // namespace zooscope
