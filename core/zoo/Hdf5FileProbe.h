// Guards the app against HDF5 files whose metadata carries no checksums (zoo files written before
// checksummed metadata, superblock version 0 or 1): libhdf5 crashes or hangs on some corrupt bytes there
// (e.g. a variable-length string attribute's global-heap read), and we cannot fix libhdf5. Such a file is
// first read completely in a forked child process; its crash, hang or error becomes a std::runtime_error
// naming the file, and only a file the child read cleanly is then read in this process. Files with
// checksummed metadata (superblock version >= 2, as ZooScope writes them now) skip the child: libhdf5
// verifies their checksums itself before parsing.
#pragma once

#include <functional>
#include <mutex>
#include <shared_mutex>
#include <string>

namespace zooscope {

class Hdf5FileProbe {
public:
    // The version byte of the file's HDF5 superblock (signature searched at 0, 512, 1024, 2048, ... as
    // libhdf5 does); -1 when the file cannot be read or has no HDF5 signature.
    static int superblockVersion(const std::string& path);

    // Superblock version >= 2: libhdf5 checks the superblock's and every v2 object header's checksum.
    static bool hasChecksummedMetadata(const std::string& path) { return superblockVersion(path) >= 2; }

    // For a file with checksummed metadata: whether an object header is of version 1 (no checksum) or any
    // attribute or dataset has a type whose values live outside the checksummed object headers
    // (variable-length strings and sequences in the global heap, which has no checksum; references;
    // compound or array types; named types), so that reading it would parse unchecked bytes. Looks only
    // at the (checksummed) object headers; errors there answer false (libhdf5 caught them before
    // parsing). ZooScope writes none of these; a file edited with h5py (`f.attrs["x"] = "text"`) has them.
    static bool holdsUncheckedData(const std::string& path);

    // When `path` is an HDF5 file without checksummed metadata, or holdsUncheckedData(): runs `walk` (which opens the file with the
    // same reader code and reads all of it, discarding what it reads) in a child process. Throws
    // std::runtime_error "<path>: the file's HDF5 metadata is corrupt: reading it crashed libhdf5 (signal
    // 11)", "... did not finish in N s", or the child's own error message. A file that passed, crashed or
    // failed is remembered (path, inode, size, modification time): reading it again costs nothing and
    // gives the same answer.
    // Returns at once (after a look at the object headers) for checksummed files without unchecked data,
    // and for missing files and files that are not HDF5 (the reader then says what is wrong).
    static void vet(const std::string& path, const std::function<void()>& walk);

    // Seconds the child may take: 20 s plus 1 s per 20 MB of file (a probe of the default zoo takes well
    // under a second). setTimeoutSeconds(s > 0) replaces this (tests); 0 restores it.
    static double timeoutSecondsFor(const std::string& path);
    static void setTimeoutSeconds(double seconds);

    // Every HDF5 call sequence of ZooScope holds this lock shared; vet() takes it exclusively for the
    // moment of fork(), so that no thread of this process is inside libhdf5 (holding its global lock)
    // when the child is made. The child itself never takes it.
    static std::shared_lock<std::shared_timed_mutex> sharedLock();

    // Forgets the files that passed (tests).
    static void clearCache();

    // Counts child processes started by this process (tests: a checksummed file starts none).
    static int probesStarted();
};

} // namespace zooscope
