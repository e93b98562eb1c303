#include "FuzzTargets.h"

#include "hyperrep/EmbeddingFile.h"
#include "hyperrep/HyperRepresentation.h"
#include "sampling/SamplingReport.h"
#include "zoo/Hdf5FileProbe.h"
#include "zoo/DatasetLoader.h"
#include "zoo/PublicZooImporter.h"
#include "zoo/TorchStateDict.h"
#include "zoo/ZooFile.h"

#include <exception>
#include <filesystem>

namespace zooscope::fuzz {

namespace {

std::string bytesOf(const uint8_t* data, size_t size) { return {reinterpret_cast<const char*>(data), size}; }

// Runs `read`; a std::exception is the reader refusing the input, which is what bad input should get.
template <typename F>
Outcome guarded(F&& read)
{
    try {
        read();
        return Outcome::Accepted;
    } catch (const std::exception&) {
        return Outcome::Rejected;
    }
}

// Every input is a new file at the same path: the probe's memory of files it read must not answer for it.
// A hang in the probe's child counts after 5 s (the app allows 20), within libFuzzer's -timeout.
void freshProbe()
{
    Hdf5FileProbe::clearCache();
    Hdf5FileProbe::setTimeoutSeconds(5);
}

Outcome zoo(const uint8_t* data, size_t size)
{
    freshProbe();
    const std::string path = scratchFile("input.zoo.h5", bytesOf(data, size));
    return guarded([&] {
        const ModelZoo summary = ZooFile::readSummary(path);
        const ModelZoo full = ZooFile::read(path);
        if (full.modelIds != summary.modelIds)
            std::abort(); // the two readers disagree about one file
    });
}

Outcome embedding(const uint8_t* data, size_t size)
{
    freshProbe();
    const std::string path = scratchFile("input.zoo.h5", bytesOf(data, size));
    return guarded([&] {
        for (const std::string& name : EmbeddingFile::list(path))
            EmbeddingFile::read(path, name);
    });
}

Outcome stateDict(const uint8_t* data, size_t size)
{
    const std::string path = scratchFile("input.pt", bytesOf(data, size));
    return guarded([&] {
        const auto tensors = TorchStateDict::read(path);
        const Architecture arch = TorchStateDict::detectArchitecture(tensors);
        TorchStateDict::toFlat(arch, tensors);
    });
}

// Three files in one input: params.json, result.json and a checkpoint, as one model folder of a public zoo.
Outcome publicZoo(const uint8_t* data, size_t size)
{
    const auto parts = splitInput(data, size, 3);
    std::filesystem::remove_all(scratchFolder() + "/public");
    scratchFile("public/model_0/params.json", parts[0]);
    scratchFile("public/model_0/result.json", parts[1]);
    scratchFile("public/model_0/checkpoint_000001/checkpoints", parts[2]);
    return guarded([&] { PublicZooImporter::import(scratchFolder() + "/public"); });
}

// Two files in one input: IDX images and labels.
Outcome idx(const uint8_t* data, size_t size)
{
    const auto parts = splitInput(data, size, 2);
    const std::string images = scratchFile("images-idx3-ubyte", parts[0]);
    const std::string labels = scratchFile("labels-idx1-ubyte", parts[1]);
    return guarded([&] { DatasetLoader::readIdx(images, labels, 0.5f, 0.5f); });
}

Outcome samplingReport(const uint8_t* data, size_t size)
{
    const std::string path = scratchFile("report.json", bytesOf(data, size));
    return guarded([&] { SamplingReport::readJson(path); });
}

Outcome hyperRepresentation(const uint8_t* data, size_t size)
{
    const std::string path = scratchFile("input.hr", bytesOf(data, size));
    return guarded([&] { HyperRepresentation::load(path); });
}

} // namespace

const std::vector<Target>& engineTargets()
{
    static const std::vector<Target> targets = {
        {"zoo", zoo},
        {"embedding", embedding},
        {"state_dict", stateDict},
        {"public_zoo", publicZoo},
        {"idx", idx},
        {"sampling_report", samplingReport},
        {"hyper_rep", hyperRepresentation},
    };
    return targets;
}

} // namespace zooscope::fuzz
