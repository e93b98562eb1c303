// Rewrites a zoo file made before checksummed metadata (HDF5 superblock v0/v1, variable-length strings)
// in the current format: the zoo and every embedding stored in it, contents unchanged. The result needs no
// child-process probe when opened (Hdf5FileProbe) and libhdf5 verifies its checksums itself.
// In hyperrep/ because it carries the embeddings (EmbeddingFile) along with the zoo (ZooFile).
#pragma once

#include <string>
#include <vector>

namespace zooscope {

class ZooFileUpgrade {
public:
    struct Result {
        int superblockBefore = -1;        // the old file's HDF5 superblock version
        int superblockAfter = -1;         // the new file's (3)
        std::vector<std::string> embeddings; // names carried over
    };

    // Reads `from` (through the probe when it is old) and writes `to` atomically (`to` may be `from`).
    // Throws std::runtime_error naming the file when `from` cannot be read or `to` written.
    static Result upgrade(const std::string& from, const std::string& to);
};

} // namespace zooscope
