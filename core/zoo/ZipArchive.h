#pragma once
// A checked reader of the zip container that torch.save and LibTorch's archives use (stored or deflated
// members, as PyTorch writes them). LibTorch's own reader (miniz, built without CRC checks) accepts a flipped byte in a
// tensor's data without a word; this one checks every header against the central directory, every offset
// and size against the file, and the CRC-32 of every member it hands out. Torch-free, so that the readers
// and the fuzz harnesses can use it on any byte buffer.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace zooscope {

class ZipArchive {
public:
    struct Entry {
        std::string name;
        uint64_t dataOffset = 0; // of the member's bytes in the archive
        uint64_t size = 0;       // uncompressed
        uint64_t storedSize = 0; // in the archive
        bool deflated = false;   // LibTorch compresses a TorchScript archive's code records
        uint32_t crc32 = 0;
    };

    // Parses the end record, the central directory and every local header of `bytes`. Throws
    // std::runtime_error("<name>: ...") on anything malformed: no end record, a directory or a member
    // outside the file, local and central headers that disagree, an encrypted member or another compression,
    // duplicate names. Allocates nothing in proportion to what the headers claim.
    ZipArchive(std::string bytes, std::string name);

    const std::vector<Entry>& entries() const { return m_entries; }
    const Entry* find(const std::string& member) const;
    // The bytes of a member (inflated where deflated) after checking its size and CRC-32; throws naming
    // the archive and the member.
    std::string read(const std::string& member) const;
    // Checks the CRC-32 of every member.
    void verifyAll() const;

    // CRC-32 as zip uses it (zlib's).
    static uint32_t crc32(std::string_view bytes);

private:
    [[noreturn]] void fail(const std::string& what) const;
    std::string checked(const Entry& e) const;

    std::string m_bytes;
    std::string m_name;
    std::vector<Entry> m_entries;
    std::unordered_map<std::string, size_t> m_index; // name -> entry
};

} // namespace zooscope
