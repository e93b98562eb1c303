#include "FuzzTargets.h"

#include <cstring>
#include <filesystem>
#include <fstream>
#include <cstdlib>
#include <unistd.h>

namespace zooscope::fuzz {

std::vector<std::string> splitInput(const uint8_t* data, size_t size, size_t n)
{
    std::vector<uint32_t> lengths(n - 1, 0);
    size_t at = 0;
    for (uint32_t& length : lengths) {
        if (size - at >= 4)
            std::memcpy(&length, data + at, 4), at += 4;
        else
            at = size;
    }
    std::vector<std::string> parts;
    for (size_t i = 0; i < n; ++i) {
        const size_t left = size - at;
        const size_t take = i + 1 < n ? std::min<size_t>(lengths[i], left) : left;
        parts.emplace_back(reinterpret_cast<const char*>(data) + at, take);
        at += take;
    }
    return parts;
}

std::string joinParts(const std::vector<std::string>& parts)
{
    std::string out;
    for (size_t i = 0; i + 1 < parts.size(); ++i) {
        const uint32_t length = static_cast<uint32_t>(parts[i].size());
        out.append(reinterpret_cast<const char*>(&length), 4);
    }
    for (const std::string& p : parts)
        out += p;
    return out;
}

std::string scratchFolder()
{
    static const std::string folder = [] {
        const auto f = std::filesystem::temp_directory_path() / ("zooscope-fuzz-" + std::to_string(getpid()));
        std::filesystem::create_directories(f);
        return f.string();
    }();
    return folder;
}

std::string scratchFile(const std::string& name, const std::string& bytes)
{
    // A scratch input, rewritten for every run: not a user's file, so not through AtomicFile (whose
    // fsync per input would slow fuzzing a hundredfold).
    const std::string path = scratchFolder() + "/" + name;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out)
        std::abort(); // the harness itself failed, not the reader
    return path;
}

} // namespace zooscope::fuzz
