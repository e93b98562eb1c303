// The one way ZooScope writes a file: into a temporary file in the same folder, flushed to disk, renamed
// over the target, and the folder flushed, so that a kill or a full disk leaves either the old file or
// the new one complete, never a torn one. A successful write also removes the temporary files of the
// same target that killed writers left behind.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace zooscope {

class AtomicFile {
public:
    // Writes `bytes` to `path`. Throws std::runtime_error naming the path (missing folder, no space, ...);
    // the target is then untouched and no temporary file is left.
    static void write(const std::string& path, std::string_view bytes);

    // For writers that need a file name (HDF5, LibTorch): `writeTo` writes the whole file at the
    // temporary path it is given; it is then flushed and renamed over `path`. When writeTo throws, the
    // temporary file is removed and the exception passes on.
    static void writeWith(const std::string& path, const std::function<void(const std::string& tempPath)>& writeTo);

    // The temporary name used for `path` (same folder, hidden, unique per process and call).
    static std::string temporaryPathFor(const std::string& path);
};

} // namespace zooscope
