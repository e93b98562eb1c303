#include "sampling/NoveltyReferenceStore.h"
#include "core/AtomicFile.h"
#include "core/Fnv1a.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <system_error>

namespace zooscope {

namespace {

// Bump when BatchedEvaluator's results (misclassifications, accuracy) change, so that old files are not used.
constexpr uint32_t kEvaluatorRevision = 1;
constexpr uint32_t kFormatVersion = 1;
constexpr char kMagic[8] = {'Z', 'S', 'N', 'O', 'V', 'R', 'E', 'F'};

template <typename T> void put(std::string& out, const T& v) { out.append(reinterpret_cast<const char*>(&v), sizeof v); }

// Reads sequentially from bytes; every read checks the length, so a truncated file is a failed read.
class Reader {
public:
    explicit Reader(const std::string& bytes) : m_bytes(bytes) {}
    template <typename T> bool get(T& v)
    {
        if (m_bytes.size() - m_at < sizeof v)
            return false;
        std::memcpy(&v, m_bytes.data() + m_at, sizeof v);
        m_at += sizeof v;
        return true;
    }
    bool get(void* out, size_t size)
    {
        if (m_bytes.size() - m_at < size)
            return false;
        std::memcpy(out, m_bytes.data() + m_at, size);
        m_at += size;
        return true;
    }
    size_t at() const { return m_at; }

private:
    const std::string& m_bytes;
    size_t m_at = 0;
};

} // namespace

NoveltyReferenceStore::NoveltyReferenceStore(std::string directory) : m_directory(std::move(directory)) {}

std::string NoveltyReferenceStore::defaultDirectory()
{
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg == '/')
        return std::string(xdg) + "/zooscope/novelty";
    if (const char* home = std::getenv("HOME"); home && *home == '/')
        return std::string(home) + "/.cache/zooscope/novelty";
    return {};
}

std::string NoveltyReferenceStore::keyOf(const Architecture& architecture, const DatasetSplit& split,
                                         const std::vector<float>& references, const std::vector<Activation>& activations)
{
    Fnv1a weights, data;
    weights.value(kEvaluatorRevision);
    weights.mix(architecture.name.data(), architecture.name.size());
    weights.value(architecture.parameterCount());
    weights.mix(references.data(), references.size() * sizeof(float));
    for (Activation a : activations)
        weights.value(a);
    data.value(split.count);
    data.value(split.channels);
    data.value(split.height);
    data.value(split.width);
    data.mix(split.images.data(), split.images.size() * sizeof(float));
    data.mix(split.labels.data(), split.labels.size() * sizeof(int64_t));
    std::ostringstream key;
    key << std::hex << weights.h << '-' << data.h << '-' << std::dec << activations.size() << 'x' << split.count;
    return key.str();
}

std::string NoveltyReferenceStore::pathFor(const std::string& key) const
{
    return m_directory.empty() ? std::string() : m_directory + "/" + key + ".novelty";
}

std::shared_ptr<const NoveltyMeasure> NoveltyReferenceStore::load(const std::string& key, const Architecture& architecture,
                                                                  const DatasetSplit& split, std::vector<float> references) const
{
    if (m_directory.empty())
        return nullptr;
    std::ifstream in(pathFor(key), std::ios::binary);
    if (!in)
        return nullptr;
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.size() < sizeof(kMagic) + sizeof(uint64_t))
        return nullptr;
    Fnv1a sum;
    sum.mix(bytes.data(), bytes.size() - sizeof(uint64_t));
    uint64_t stored = 0;
    std::memcpy(&stored, bytes.data() + bytes.size() - sizeof(uint64_t), sizeof stored);
    if (stored != sum.h)
        return nullptr; // torn or corrupt: test again

    Reader r(bytes);
    char magic[8];
    uint32_t version = 0, keyLength = 0;
    if (!r.get(magic, sizeof magic) || std::memcmp(magic, kMagic, sizeof magic) != 0 || !r.get(version) ||
        version != kFormatVersion || !r.get(keyLength) || keyLength > 4096)
        return nullptr;
    std::string storedKey(keyLength, '\0');
    int64_t count = 0, words = 0;
    if (!r.get(storedKey.data(), keyLength) || storedKey != key || !r.get(count) || !r.get(words))
        return nullptr;
    const int64_t P = architecture.parameterCount();
    if (P <= 0 || count < 1 || int64_t(references.size()) != count * P || words != (split.count + 63) / 64)
        return nullptr;
    std::vector<double> accuracy(static_cast<size_t>(count));
    if (!r.get(accuracy.data(), accuracy.size() * sizeof(double)))
        return nullptr;
    std::vector<std::vector<uint64_t>> wrong(static_cast<size_t>(count), std::vector<uint64_t>(static_cast<size_t>(words)));
    for (std::vector<uint64_t>& w : wrong)
        if (!r.get(w.data(), w.size() * sizeof(uint64_t)))
            return nullptr;
    if (r.at() != bytes.size() - sizeof(uint64_t))
        return nullptr;
    try {
        return std::make_shared<const NoveltyMeasure>(architecture, split, std::move(references), std::move(wrong), std::move(accuracy));
    } catch (const std::invalid_argument&) {
        return nullptr;
    }
}

void NoveltyReferenceStore::save(const std::string& key, const NoveltyMeasure& measure) const
{
    if (m_directory.empty())
        return;
    std::string out;
    out.append(kMagic, sizeof kMagic);
    put(out, kFormatVersion);
    put(out, static_cast<uint32_t>(key.size()));
    out += key;
    const std::vector<std::vector<uint64_t>>& wrong = measure.referenceMisclassified();
    const int64_t count = measure.referenceCount();
    const int64_t words = wrong.empty() ? 0 : int64_t(wrong.front().size());
    put(out, count);
    put(out, words);
    out.append(reinterpret_cast<const char*>(measure.referenceAccuracy().data()), measure.referenceAccuracy().size() * sizeof(double));
    for (const std::vector<uint64_t>& w : wrong)
        out.append(reinterpret_cast<const char*>(w.data()), w.size() * sizeof(uint64_t));
    Fnv1a sum;
    sum.mix(out.data(), out.size());
    put(out, sum.h);

    namespace fs = std::filesystem;
    std::error_code ec;
    fs::create_directories(m_directory, ec);
    if (ec)
        return;
    try {
        AtomicFile::write(pathFor(key), out);
    } catch (const std::exception&) {
        return; // a cache that cannot be written costs time, not results
    }
    // Keep the newest kMaxFiles files.
    std::vector<std::pair<fs::file_time_type, fs::path>> files;
    for (const fs::directory_entry& e : fs::directory_iterator(m_directory, ec))
        if (e.is_regular_file(ec) && e.path().extension() == ".novelty")
            files.emplace_back(e.last_write_time(ec), e.path());
    if (int(files.size()) <= kMaxFiles)
        return;
    std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (size_t i = kMaxFiles; i < files.size(); ++i)
        fs::remove(files[i].second, ec);
}

} // namespace zooscope
