#include "training/ResumeFile.h"

#include "core/AtomicFile.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace zooscope {

namespace {

constexpr char kResumeMagic[8] = {'Z', 'S', 'R', 'E', 'S', 'U', 'M', 'E'};
constexpr uint32_t kResumeVersion = 1;

// 64-bit hash, 8 bytes at a time.
struct Hasher {
    uint64_t h = 0xcbf29ce484222325ull;
    void bytes(const void* data, size_t n)
    {
        const auto* c = static_cast<const unsigned char*>(data);
        size_t i = 0;
        for (; i + 8 <= n; i += 8) {
            uint64_t w;
            std::memcpy(&w, c + i, 8);
            h = (h ^ w) * 0x100000001b3ull;
            h ^= h >> 29;
        }
        for (; i < n; ++i)
            h = (h ^ c[i]) * 0x100000001b3ull;
    }
    template <class T>
    void value(const T& v)
    {
        bytes(&v, sizeof v);
    }
    void string(const std::string& s)
    {
        value(uint64_t(s.size()));
        bytes(s.data(), s.size());
    }
};

struct Writer {
    std::FILE* f;
    Hasher h;
    void bytes(const void* p, size_t n)
    {
        if (n && std::fwrite(p, 1, n, f) != n)
            throw std::runtime_error(std::string("write failed: ") + std::strerror(errno)); // e.g. no space left
        h.bytes(p, n);
    }
    template <class T>
    void value(const T& v)
    {
        bytes(&v, sizeof v);
    }
};

struct Reader {
    std::FILE* f;
    Hasher h;
    std::string path;
    void bytes(void* p, size_t n)
    {
        if (n && std::fread(p, 1, n, f) != n)
            throw std::runtime_error(path + ": resume file is truncated");
        h.bytes(p, n);
    }
    template <class T>
    T value()
    {
        T v;
        bytes(&v, sizeof v);
        return v;
    }
};

// The fields of a group's position, in file order.
template <class F>
void eachGroupField(LaneGroup& g, F&& field)
{
    field(g.epoch);
    field(g.step);
    field(g.totalSteps);
    field(g.initialised);
    field(g.evaluated);
    field(g.finished);
    field(g.runLoss);
    field(g.runCorrect);
    field(g.runCount);
}

struct FileCloser {
    std::FILE* f;
    ~FileCloser() { std::fclose(f); }
};

} // namespace

uint64_t ResumeFile::fingerprint(const Architecture& arch, int64_t parameters, const std::vector<Hyperparameters>& models,
                                 const PopulationTrainingOptions& opt, const Dataset& data)
{
    Hasher h;
    h.string("zooscope population training");
    h.string(arch.name);
    h.value(arch.inputChannels);
    h.value(parameters);
    h.value(uint64_t(models.size()));
    for (const auto& m : models) {
        h.value(int32_t(m.activation));
        h.value(int32_t(m.init));
        h.value(m.dropout);
        h.value(int32_t(m.optimizer));
        h.value(m.learningRate);
        h.value(m.weightDecay);
        h.value(m.seed);
        h.value(m.batchSize);
    }
    h.value(opt.epochs);
    for (int64_t e : opt.checkpointEpochs)
        h.value(e);
    h.value(opt.stepLimit);
    h.value(opt.evaluate);
    h.value(opt.evaluateTrainAtEpoch0);
    for (float w : opt.initialWeights)
        h.value(w);
    h.string(data.id);
    for (const DatasetSplit* s : {&data.train, &data.validation, &data.test}) {
        h.value(s->count);
        h.value(s->imageSize());
        h.bytes(s->labels.data(), s->labels.size() * sizeof(int64_t));
        for (size_t i = 0; i < s->images.size(); i += 101)
            h.value(s->images[i]);
    }
    return h.h;
}

void ResumeFile::write(const std::string& path, uint64_t fingerprint, int64_t parameters, const Groups& groups,
                       const std::vector<const std::vector<float>*>& results)
{
    try {
        AtomicFile::writeWith(path, [&](const std::string& temp) {
            std::FILE* f = std::fopen(temp.c_str(), "wb");
            if (!f)
                throw std::runtime_error(std::strerror(errno));
            FileCloser closer{f};
            Writer w{f, {}};
            w.bytes(kResumeMagic, sizeof kResumeMagic);
            w.value(kResumeVersion);
            w.value(fingerprint);
            uint64_t models = 0;
            for (const auto& g : groups)
                models += uint64_t(g->lanes);
            w.value(models);
            w.value(parameters);
            w.value(uint64_t(groups.size()));
            for (const auto& gp : groups) {
                LaneGroup& g = *gp;
                eachGroupField(g, [&](auto& v) { w.value(v); });
                if (g.initialised && !g.finished) {
                    w.bytes(g.w.p, g.w.n * sizeof(float));
                    w.bytes(g.m.p, g.m.n * sizeof(float));
                    w.bytes(g.v.p, g.v.n * sizeof(float));
                }
            }
            for (const auto* v : results)
                w.bytes(v->data(), v->size() * sizeof(float));
            const uint64_t sum = w.h.h;
            w.value(sum);
            if (std::fflush(f) != 0)
                throw std::runtime_error(std::string("flush failed: ") + std::strerror(errno));
        });
    } catch (const std::exception& e) {
        throw std::runtime_error(path + ": cannot write the resume file: " + e.what());
    }
}

bool ResumeFile::read(const std::string& path, uint64_t fingerprint, int64_t parameters, Groups& groups,
                      const std::vector<std::vector<float>*>& results)
{
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        return false;
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f)
        throw std::runtime_error(path + ": cannot open the resume file: " + std::strerror(errno));
    FileCloser closer{f};
    Reader r{f, {}, path};
    char magic[8];
    r.bytes(magic, 8);
    if (std::memcmp(magic, kResumeMagic, 8) != 0)
        throw std::runtime_error(path + ": not a ZooScope training resume file");
    const auto version = r.value<uint32_t>();
    if (version != kResumeVersion)
        throw std::runtime_error(path + ": resume file version " + std::to_string(version) + ", expected " +
                                 std::to_string(kResumeVersion));
    if (r.value<uint64_t>() != fingerprint)
        throw std::runtime_error(path + ": the resume file belongs to other models, recipe or dataset; remove "
                                        "it to start afresh");
    uint64_t models = 0;
    for (const auto& g : groups)
        models += uint64_t(g->lanes);
    if (r.value<uint64_t>() != models || r.value<int64_t>() != parameters || r.value<uint64_t>() != groups.size())
        throw std::runtime_error(path + ": resume file sizes do not match");
    for (auto& gp : groups) {
        LaneGroup& g = *gp;
        eachGroupField(g, [&](auto& v) { r.bytes(&v, sizeof v); });
        if (g.initialised && !g.finished) {
            r.bytes(g.w.p, g.w.n * sizeof(float));
            r.bytes(g.m.p, g.m.n * sizeof(float));
            r.bytes(g.v.p, g.v.n * sizeof(float));
        }
    }
    for (auto* v : results)
        r.bytes(v->data(), v->size() * sizeof(float));
    const uint64_t expected = r.h.h;
    uint64_t sum = 0;
    if (std::fread(&sum, sizeof sum, 1, f) != 1)
        throw std::runtime_error(path + ": resume file is truncated");
    if (sum != expected)
        throw std::runtime_error(path + ": resume file is corrupt (checksum mismatch)");
    return true;
}

} // namespace zooscope
