#include "zoo/DatasetLoader.h"

#include "zoo/ModelZoo.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <future>
#include <map>
#include <stdexcept>

namespace zooscope {

namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string& file, const std::string& what)
{
    throw std::runtime_error(file + ": " + what);
}

// The uncompressed size: a gzip file's trailer (ISIZE, the size mod 2^32), else the file size.
size_t expectedSize(const std::string& path, size_t fileSize)
{
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f)
        return fileSize;
    unsigned char head[2] = {0, 0}, tail[4] = {0, 0, 0, 0};
    size_t result = fileSize;
    if (fileSize >= 18 && std::fread(head, 1, 2, f) == 2 && head[0] == 0x1f && head[1] == 0x8b &&
        std::fseek(f, -4, SEEK_END) == 0 && std::fread(tail, 1, 4, f) == 4) {
        const size_t isize = size_t(tail[0]) | (size_t(tail[1]) << 8) | (size_t(tail[2]) << 16) | (size_t(tail[3]) << 24);
        // a truncated file's "trailer" is arbitrary data: cap the guess
        result = std::min(isize, fileSize * 64 + 4096);
    }
    std::fclose(f);
    return result;
}

// The most an IDX file may hold uncompressed (CIFAR-10's training images are 150 MB): a damaged or
// hostile gzip stream must not fill the memory.
constexpr size_t kMaxIdxBytes = size_t(4) << 30;

// The whole file, gunzipped when it is gzip (zlib reads plain files transparently).
std::vector<unsigned char> readMaybeGzip(const std::string& path)
{
    std::error_code ec;
    if (!fs::exists(path, ec))
        fail(path, "file not found");
    if (fs::is_directory(path, ec))
        fail(path, "is a directory, not an IDX file");
    gzFile f = gzopen(path.c_str(), "rb");
    if (!f)
        fail(path, std::string("cannot open: ") + std::strerror(errno));
    gzbuffer(f, 1 << 20);
    std::vector<unsigned char> data;
    const uintmax_t size = fs::file_size(path, ec);
    // gzip of IDX compresses 3-8x; grow as needed, reading straight into the vector.
    data.resize(std::min(expectedSize(path, ec ? 0 : static_cast<size_t>(size)), kMaxIdxBytes) + 1);
    size_t used = 0;
    for (;;) {
        if (used >= kMaxIdxBytes) {
            gzclose(f);
            fail(path, "more than " + std::to_string(kMaxIdxBytes >> 30) + " GiB of data once uncompressed; not an IDX dataset this loader reads");
        }
        if (used == data.size())
            data.resize(std::min<size_t>(data.size() * 2, kMaxIdxBytes + 1));
        const size_t want = std::min<size_t>(data.size() - used, size_t(1) << 30);
        const int n = gzread(f, data.data() + used, static_cast<unsigned>(want));
        if (n < 0) {
            int code = 0;
            const std::string msg = gzerror(f, &code);
            gzclose(f);
            fail(path, "corrupt gzip data (" + msg + ")");
        }
        if (n == 0)
            break;
        used += static_cast<size_t>(n);
    }
    data.resize(used);
    int code = 0;
    const char* msg = gzerror(f, &code);
    if (code != Z_OK && code != Z_STREAM_END) {
        const std::string m = msg ? msg : "unknown error";
        gzclose(f);
        fail(path, "truncated or corrupt gzip data (" + m + ")");
    }
    const int closed = gzclose(f);
    if (closed == Z_BUF_ERROR)
        fail(path, "truncated gzip file (unexpected end of file)");
    if (closed != Z_OK)
        fail(path, "corrupt gzip file (error " + std::to_string(closed) + ")");
    return data;
}

uint32_t bigEndian32(const unsigned char* p)
{
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | uint32_t(p[3]);
}

struct Idx {
    std::vector<int64_t> dims;
    std::vector<unsigned char> bytes; // whole file; payload starts at `headerSize`
    size_t headerSize = 0;
};

Idx readIdxFile(const std::string& path, int expectedDims)
{
    Idx idx;
    idx.bytes = readMaybeGzip(path);
    const auto& b = idx.bytes;
    if (b.size() < 4)
        fail(path, "truncated IDX file (" + std::to_string(b.size()) + " bytes, no header)");
    if (b[0] != 0 || b[1] != 0)
        fail(path, "not an IDX file (bad magic number)");
    if (b[2] != 0x08)
        fail(path, "unsupported IDX element type 0x" + std::to_string(int(b[2])) + " (only unsigned bytes, 0x08)");
    const int dims = b[3];
    if (dims != expectedDims)
        fail(path, "IDX file has " + std::to_string(dims) + " dimensions, expected " + std::to_string(expectedDims));
    idx.headerSize = 4 + 4 * size_t(dims);
    if (b.size() < idx.headerSize)
        fail(path, "truncated IDX header");
    uint64_t expected = 1;
    for (int d = 0; d < dims; ++d) {
        const uint32_t n = bigEndian32(b.data() + 4 + 4 * d);
        if (n == 0 || n > (1u << 28))
            fail(path, "implausible IDX dimension " + std::to_string(n));
        idx.dims.push_back(n);
        if (__builtin_mul_overflow(expected, uint64_t(n), &expected))
            fail(path, "IDX dimensions whose product overflows");
    }
    const uint64_t payload = b.size() - idx.headerSize;
    if (payload < expected)
        fail(path, "truncated IDX file: " + std::to_string(payload) + " data bytes, header promises " +
                       std::to_string(expected));
    if (payload > expected)
        fail(path, "corrupt IDX file: " + std::to_string(payload - expected) + " bytes after the data the header describes");
    return idx;
}

// The first existing spelling of an IDX file in `dir` (with/without .gz, `-idx` or `.idx`).
std::string findIdx(const std::string& dir, const std::string& stem, const std::string& kind)
{
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        throw std::runtime_error(dir + ": dataset directory not found");
    const std::array<std::string, 4> names = {stem + "-" + kind + ".gz", stem + "-" + kind, stem + "." + kind + ".gz",
                                              stem + "." + kind};
    for (const auto& n : names) {
        const fs::path p = fs::path(dir) / n;
        if (fs::exists(p, ec))
            return p.string();
    }
    fail((fs::path(dir) / names[0]).string(), "file not found (nor " + names[1] + ", " + names[2] + ", " + names[3] + ")");
}

} // namespace

namespace {

struct RawSplit {
    Idx images, labels;
    std::string imagesFile, labelsFile;
};

RawSplit readRaw(const std::string& imagesFile, const std::string& labelsFile)
{
    RawSplit r{readIdxFile(imagesFile, 3), readIdxFile(labelsFile, 1), imagesFile, labelsFile};
    if (r.images.dims[0] != r.labels.dims[0])
        throw std::runtime_error(imagesFile + " has " + std::to_string(r.images.dims[0]) + " images but " + labelsFile +
                                 " has " + std::to_string(r.labels.dims[0]) + " labels");
    const unsigned char* lb = r.labels.bytes.data() + r.labels.headerSize;
    for (int64_t i = 0; i < r.labels.dims[0]; ++i) {
        if (lb[i] > 99)
            fail(labelsFile, "corrupt label " + std::to_string(int(lb[i])) + " at index " + std::to_string(i));
    }
    return r;
}

std::array<float, 256> normalisationTable(float mean, float std)
{
    if (!(std > 0.0f))
        throw std::invalid_argument("dataset normalisation: std must be positive");
    std::array<float, 256> lut;
    for (int v = 0; v < 256; ++v)
        lut[v] = (static_cast<float>(v) / 255.0f - mean) / std;
    return lut;
}

// An empty split shaped for `count` images of `r`.
DatasetSplit allocate(const RawSplit& r, int64_t count)
{
    DatasetSplit s;
    s.count = count;
    s.channels = 1;
    s.height = r.images.dims[1];
    s.width = r.images.dims[2];
    s.images.resize(static_cast<size_t>(count * s.imageSize()));
    s.labels.resize(static_cast<size_t>(count));
    return s;
}

// Fills rows [begin, end) of `s` from rows `rows[i]` (or i when rows is null) of the raw file.
void fill(DatasetSplit& s, const RawSplit& r, const int64_t* rows, int64_t begin, int64_t end,
          const std::array<float, 256>& lut)
{
    const int64_t sz = s.imageSize();
    const unsigned char* px = r.images.bytes.data() + r.images.headerSize;
    const unsigned char* lb = r.labels.bytes.data() + r.labels.headerSize;
    for (int64_t i = begin; i < end; ++i) {
        const int64_t row = rows ? rows[i] : i;
        const unsigned char* src = px + row * sz;
        float* dst = s.images.data() + i * sz;
        for (int64_t k = 0; k < sz; ++k)
            dst[k] = lut[src[k]];
        s.labels[i] = lb[row];
    }
}

} // namespace

DatasetSplit DatasetLoader::readIdx(const std::string& imagesFile, const std::string& labelsFile, float mean, float std)
{
    const auto lut = normalisationTable(mean, std);
    const RawSplit r = readRaw(imagesFile, labelsFile);
    DatasetSplit s = allocate(r, r.images.dims[0]);
    fill(s, r, nullptr, 0, s.count, lut);
    return s;
}

std::vector<int64_t> DatasetLoader::trainValidationPermutation(int64_t count, uint64_t seed)
{
    return seededPermutation(count, seed);
}

int64_t DatasetLoader::validationCountFor(int64_t trainingSetSize)
{
    return (trainingSetSize + 3) / 6; // 60,000 -> 10,000
}

DatasetSplit DatasetLoader::subset(const DatasetSplit& from, const std::vector<int64_t>& rows)
{
    DatasetSplit s;
    s.count = static_cast<int64_t>(rows.size());
    s.channels = from.channels;
    s.height = from.height;
    s.width = from.width;
    const int64_t sz = from.imageSize();
    s.images.resize(static_cast<size_t>(s.count * sz));
    s.labels.resize(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
        const int64_t r = rows[i];
        if (r < 0 || r >= from.count)
            throw std::out_of_range("dataset subset: row " + std::to_string(r) + " out of range");
        std::memcpy(s.images.data() + i * sz, from.images.data() + r * sz, sizeof(float) * sz);
        s.labels[i] = from.labels[r];
    }
    return s;
}

std::vector<int64_t> DatasetLoader::perClassRows(const DatasetSplit& from, int64_t perClass, uint64_t seed)
{
    if (perClass < 1)
        throw std::invalid_argument("images per class must be >= 1, got " + std::to_string(perClass));
    std::map<int64_t, int64_t> available, taken;
    for (int64_t label : from.labels)
        ++available[label];
    // the class with the fewest images names the limit
    const auto fewest = std::min_element(available.begin(), available.end(),
                                         [](const auto& a, const auto& b) { return a.second < b.second; });
    if (fewest != available.end() && fewest->second < perClass)
        throw std::invalid_argument("class " + std::to_string(fewest->first) + " has only " + std::to_string(fewest->second) +
                                    " images, fewer than the " + std::to_string(perClass) + " per class asked for");
    std::vector<int64_t> rows;
    for (int64_t row : trainValidationPermutation(from.count, seed)) {
        int64_t& t = taken[from.labels[size_t(row)]];
        if (t < perClass) {
            ++t;
            rows.push_back(row);
        }
    }
    std::sort(rows.begin(), rows.end());
    return rows;
}

Dataset DatasetLoader::idxDirectory(const std::string& dir, const std::string& id, float mean, float std)
{
    const auto lut = normalisationTable(mean, std);
    const std::string trainImages = findIdx(dir, "train-images", "idx3-ubyte");
    const std::string trainLabels = findIdx(dir, "train-labels", "idx1-ubyte");
    const std::string testImages = findIdx(dir, "t10k-images", "idx3-ubyte");
    const std::string testLabels = findIdx(dir, "t10k-labels", "idx1-ubyte");
    // Decompress the test set on a second thread while this one reads the training set.
    auto testFuture = std::async(std::launch::async, [&] { return readRaw(testImages, testLabels); });
    RawSplit train;
    try {
        train = readRaw(trainImages, trainLabels);
    } catch (...) {
        testFuture.wait();
        throw;
    }
    const RawSplit test = testFuture.get();
    if (test.images.dims[1] != train.images.dims[1] || test.images.dims[2] != train.images.dims[2])
        throw std::runtime_error(dir + ": training images are " + std::to_string(train.images.dims[1]) + "x" +
                                 std::to_string(train.images.dims[2]) + " but test images " +
                                 std::to_string(test.images.dims[1]) + "x" + std::to_string(test.images.dims[2]));
    Dataset d;
    d.id = id;
    const int64_t n = train.images.dims[0];
    const std::vector<int64_t> perm = trainValidationPermutation(n, 42);
    const int64_t nVal = validationCountFor(n);
    const int64_t nTrain = n - nVal;
    d.train = allocate(train, nTrain);
    d.validation = allocate(train, nVal);
    d.test = allocate(test, test.images.dims[0]);
    // Two halves of the work: half of the train split here, the rest on a second thread.
    const int64_t half = (nTrain + nVal + d.test.count) / 2;
    const int64_t here = std::min(half, nTrain);
    auto rest = std::async(std::launch::async, [&] {
        fill(d.train, train, perm.data(), here, nTrain, lut);
        fill(d.validation, train, perm.data() + nTrain, 0, nVal, lut);
    });
    fill(d.train, train, perm.data(), 0, here, lut);
    fill(d.test, test, nullptr, 0, d.test.count, lut);
    rest.get();
    return d;
}

Dataset DatasetLoader::fashionMnist(const std::string& dir)
{
    return idxDirectory(dir, "fashion-mnist", 0.5f, 0.5f);
}

} // namespace zooscope
