#include "zoo/ZipArchive.h"

#include <zlib.h>

#include <algorithm>
#include <stdexcept>

namespace zooscope {

namespace {

constexpr uint32_t kLocalHeader = 0x04034b50, kCentralHeader = 0x02014b50, kEnd = 0x06054b50;
constexpr uint32_t kEnd64 = 0x06064b50, kEnd64Locator = 0x07064b50;
constexpr size_t kLocalSize = 30, kCentralSize = 46, kEndSize = 22, kEnd64Size = 56, kLocatorSize = 20;

uint64_t le(const std::string& b, uint64_t pos, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; --i)
        v = (v << 8) | static_cast<unsigned char>(b[static_cast<size_t>(pos) + static_cast<size_t>(i)]);
    return v;
}

// The ZIP64 extended-information field (id 1) of an extra block: replaces the header values that are
// 0xFFFFFFFF, in the order uncompressed size, compressed size, local header offset.
bool zip64Values(const std::string& b, uint64_t extra, uint64_t extraLen, uint64_t* fields[3])
{
    uint64_t p = extra;
    const uint64_t end = extra + extraLen;
    while (p + 4 <= end) {
        const uint64_t id = le(b, p, 2), len = le(b, p + 2, 2);
        if (p + 4 + len > end)
            return false;
        if (id == 1) {
            uint64_t q = p + 4;
            for (int k = 0; k < 3; ++k) {
                if (!fields[k] || *fields[k] != 0xFFFFFFFFu)
                    continue;
                if (q + 8 > p + 4 + len)
                    return false;
                *fields[k] = le(b, q, 8);
                q += 8;
            }
            return true;
        }
        p += 4 + len;
    }
    return true;
}

} // namespace

void ZipArchive::fail(const std::string& what) const { throw std::runtime_error(m_name + ": " + what); }

uint32_t ZipArchive::crc32(std::string_view bytes)
{
    uLong crc = ::crc32(0L, Z_NULL, 0);
    const auto* p = reinterpret_cast<const Bytef*>(bytes.data());
    size_t left = bytes.size();
    while (left > 0) {
        const uInt n = static_cast<uInt>(std::min<size_t>(left, 1u << 30));
        crc = ::crc32(crc, p, n);
        p += n;
        left -= n;
    }
    return static_cast<uint32_t>(crc);
}

ZipArchive::ZipArchive(std::string bytes, std::string name) : m_bytes(std::move(bytes)), m_name(std::move(name))
{
    const std::string& b = m_bytes;
    const uint64_t size = b.size();
    if (size < kEndSize)
        fail("not a zip archive (" + std::to_string(size) + " bytes)");
    // The end record: the last signature whose comment reaches exactly to the end of the file.
    uint64_t end = UINT64_MAX;
    const uint64_t lowest = size >= kEndSize + 0xFFFF ? size - kEndSize - 0xFFFF : 0;
    for (uint64_t p = size - kEndSize + 1; p-- > lowest;) {
        if (le(b, p, 4) == kEnd && p + kEndSize + le(b, p + 20, 2) == size) {
            end = p;
            break;
        }
    }
    if (end == UINT64_MAX)
        fail("not a zip archive or truncated (no end-of-central-directory record)");
    if (le(b, end + 4, 2) != 0 || le(b, end + 6, 2) != 0)
        fail("multi-disk zip archives are not supported");
    uint64_t count = le(b, end + 10, 2), cdSize = le(b, end + 12, 4), cdOffset = le(b, end + 16, 4);
    uint64_t cdLimit = end; // the central directory ends before the (ZIP64) end records
    if (count == 0xFFFF || cdSize == 0xFFFFFFFFu || cdOffset == 0xFFFFFFFFu) {
        if (end < kLocatorSize || le(b, end - kLocatorSize, 4) != kEnd64Locator)
            fail("corrupt ZIP64 archive (no ZIP64 end locator)");
        const uint64_t e64 = le(b, end - kLocatorSize + 8, 8);
        if (e64 > end - kLocatorSize || end - kLocatorSize - e64 < kEnd64Size || le(b, e64, 4) != kEnd64)
            fail("corrupt ZIP64 archive (ZIP64 end record outside the file)");
        count = le(b, e64 + 32, 8);
        cdSize = le(b, e64 + 40, 8);
        cdOffset = le(b, e64 + 48, 8);
        cdLimit = e64;
    }
    if (cdOffset > cdLimit || cdSize > cdLimit - cdOffset)
        fail("corrupt zip archive (central directory at " + std::to_string(cdOffset) + ", " + std::to_string(cdSize) +
             " bytes, lies outside the file)");
    if (count > cdSize / kCentralSize)
        fail("corrupt zip archive (" + std::to_string(count) + " members do not fit a central directory of " +
             std::to_string(cdSize) + " bytes)");
    uint64_t p = cdOffset;
    const uint64_t cdEnd = cdOffset + cdSize;
    for (uint64_t i = 0; i < count; ++i) {
        const std::string where = "central directory entry " + std::to_string(i);
        if (cdEnd - p < kCentralSize || le(b, p, 4) != kCentralHeader)
            fail("corrupt zip archive (" + where + " is damaged)");
        const uint64_t flags = le(b, p + 8, 2), method = le(b, p + 10, 2), crc = le(b, p + 16, 4);
        uint64_t csize = le(b, p + 20, 4), usize = le(b, p + 24, 4);
        const uint64_t nameLen = le(b, p + 28, 2), extraLen = le(b, p + 30, 2), commentLen = le(b, p + 32, 2);
        uint64_t diskStart = le(b, p + 34, 2), local = le(b, p + 42, 4);
        if (cdEnd - p - kCentralSize < nameLen + extraLen + commentLen)
            fail("corrupt zip archive (" + where + " runs past the central directory)");
        Entry e;
        e.name = b.substr(static_cast<size_t>(p + kCentralSize), static_cast<size_t>(nameLen));
        uint64_t* fields[3] = {&usize, &csize, &local};
        if (!zip64Values(b, p + kCentralSize + nameLen, extraLen, fields))
            fail("corrupt zip archive (bad ZIP64 field of " + e.name + ")");
        if (diskStart != 0 && diskStart != 0xFFFF)
            fail("multi-disk zip archives are not supported");
        if (flags & 1)
            fail("member " + e.name + " is encrypted");
        if (method != 0 && method != 8)
            fail("member " + e.name + " is compressed with method " + std::to_string(method) +
                 "; PyTorch archives store or deflate their members");
        if (method == 0 && csize != usize)
            fail("member " + e.name + ": stored size " + std::to_string(csize) + " differs from its size " + std::to_string(usize));
        // Deflate shrinks at most 1032:1; a larger claim is damage and must not size an allocation.
        if (method == 8 && usize / 1032 > csize + 1)
            fail("member " + e.name + ": " + std::to_string(usize) + " bytes cannot come from " + std::to_string(csize) +
                 " deflated bytes");
        e.deflated = method == 8;
        if (!m_index.emplace(e.name, m_entries.size()).second)
            fail("member " + e.name + " appears twice");
        // The local header must lie before the central directory and agree with it.
        if (local > cdOffset || cdOffset - local < kLocalSize || le(b, local, 4) != kLocalHeader)
            fail("member " + e.name + ": no local header at offset " + std::to_string(local));
        const uint64_t lFlags = le(b, local + 6, 2), lMethod = le(b, local + 8, 2), lCrc = le(b, local + 14, 4);
        uint64_t lCsize = le(b, local + 18, 4), lUsize = le(b, local + 22, 4);
        const uint64_t lNameLen = le(b, local + 26, 2), lExtraLen = le(b, local + 28, 2);
        if (cdOffset - local - kLocalSize < lNameLen + lExtraLen)
            fail("member " + e.name + ": local header runs into the central directory");
        uint64_t* lFields[3] = {&lUsize, &lCsize, nullptr};
        if (!zip64Values(b, local + kLocalSize + lNameLen, lExtraLen, lFields))
            fail("member " + e.name + ": bad ZIP64 field in its local header");
        if (b.compare(static_cast<size_t>(local + kLocalSize), static_cast<size_t>(lNameLen), e.name) != 0)
            fail("member " + e.name + ": its local header names another file");
        if (lMethod != method)
            fail("member " + e.name + ": local and central headers disagree on the compression");
        const bool descriptor = (lFlags & 8) != 0; // sizes and CRC after the data; the local ones may be 0
        if (!descriptor && (lCrc != crc || lCsize != csize || lUsize != usize))
            fail("member " + e.name + ": local header (CRC " + std::to_string(lCrc) + ", " + std::to_string(lUsize) +
                 " bytes) and central directory (CRC " + std::to_string(crc) + ", " + std::to_string(usize) +
                 " bytes) disagree");
        e.dataOffset = local + kLocalSize + lNameLen + lExtraLen;
        if (csize > cdOffset - e.dataOffset)
            fail("member " + e.name + " (" + std::to_string(csize) + " bytes at offset " + std::to_string(e.dataOffset) +
                 ") runs past the end of the data (truncated file?)");
        e.size = usize;
        e.storedSize = csize;
        e.crc32 = static_cast<uint32_t>(crc);
        m_entries.push_back(std::move(e));
        p += kCentralSize + nameLen + extraLen + commentLen;
    }
    // Members must not overlap: a damaged offset would otherwise hand out another member's bytes.
    std::vector<const Entry*> order;
    for (const Entry& e : m_entries)
        order.push_back(&e);
    std::sort(order.begin(), order.end(), [](const Entry* a, const Entry* c) { return a->dataOffset < c->dataOffset; });
    for (size_t i = 1; i < order.size(); ++i)
        if (order[i - 1]->dataOffset + order[i - 1]->storedSize > order[i]->dataOffset - kLocalSize)
            fail("members " + order[i - 1]->name + " and " + order[i]->name + " overlap");
}

const ZipArchive::Entry* ZipArchive::find(const std::string& member) const
{
    const auto it = m_index.find(member);
    return it == m_index.end() ? nullptr : &m_entries[it->second];
}

std::string ZipArchive::checked(const Entry& e) const
{
    std::string data;
    if (!e.deflated) {
        data.assign(m_bytes.data() + e.dataOffset, static_cast<size_t>(e.size));
    } else {
        data.resize(static_cast<size_t>(e.size));
        z_stream z{};
        if (inflateInit2(&z, -MAX_WBITS) != Z_OK)
            fail("cannot inflate member " + e.name);
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(m_bytes.data() + e.dataOffset));
        uint64_t inLeft = e.storedSize, outLeft = e.size;
        z.next_out = reinterpret_cast<Bytef*>(data.data());
        int rc = Z_OK;
        while (rc == Z_OK) {
            const uInt in = static_cast<uInt>(std::min<uint64_t>(inLeft, 1u << 30));
            const uInt out = static_cast<uInt>(std::min<uint64_t>(outLeft, 1u << 30));
            z.avail_in = in;
            z.avail_out = out;
            rc = inflate(&z, Z_NO_FLUSH);
            inLeft -= in - z.avail_in;
            outLeft -= out - z.avail_out;
            if (rc == Z_OK && z.avail_in == in && z.avail_out == out)
                rc = Z_BUF_ERROR; // no progress: input or room ran out
        }
        inflateEnd(&z);
        if (rc != Z_STREAM_END || outLeft != 0)
            fail("member " + e.name + " is damaged (its deflated data does not inflate to " + std::to_string(e.size) + " bytes)");
    }
    const uint32_t crc = crc32(data);
    if (crc != e.crc32)
        fail("member " + e.name + " is damaged (CRC-32 " + std::to_string(crc) + ", the archive records " +
             std::to_string(e.crc32) + ")");
    return data;
}

std::string ZipArchive::read(const std::string& member) const
{
    const Entry* e = find(member);
    if (!e)
        fail("the archive has no member " + member);
    return checked(*e);
}

void ZipArchive::verifyAll() const
{
    for (const Entry& e : m_entries)
        checked(e);
}

} // namespace zooscope
