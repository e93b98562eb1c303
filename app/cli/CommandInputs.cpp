#include "app/cli/CommandInputs.h"
#include "app/cli/CommandLine.h"
#include "app/cli/PathChecks.h"

#include "zoo/DatasetLoader.h"
#include "zoo/ZooFile.h"

#include <filesystem>
#include <memory>
#include <ostream>
#include <stdexcept>

namespace zooscope::cli {

void requireFile(const std::string& path, const std::string& what) { PathChecks::inputFile(path, what); }

ModelZoo readZoo(const std::string& path, std::ostream& err)
{
    requireFile(path, "zoo file");
    int last = -1;
    return ZooFile::read(path, Progress([&](const ProgressUpdate& u) {
        const int step = static_cast<int>(u.fraction * 10);
        if (step != last && u.fraction < 1.0 && step > 0)
            err << "reading " << path << ": " << step * 10 << "%\n" << std::flush;
        last = step;
    }));
}

HyperRepresentation readHyperRepresentation(const std::string& path, const ModelZoo& zoo, const std::string& zooPath,
                                            bool sameDataset)
{
    requireFile(path, "hyper-representation file");
    HyperRepresentation h = HyperRepresentation::load(path);
    try {
        h.requireArchitecture(zoo.architecture, "the zoo " + zooPath);
    } catch (const std::runtime_error& e) {
        throw std::runtime_error(path + ": " + e.what());
    }
    const std::string& trainedOn = h.zoo().datasetId;
    if (sameDataset && !trainedOn.empty() && !zoo.datasetId.empty() && trainedOn != zoo.datasetId)
        throw std::runtime_error(path + ": trained on a zoo of dataset '" + trainedOn + "', but the zoo " + zooPath +
                                 " is of dataset '" + zoo.datasetId + "'");
    return h;
}

Dataset zooDataset(const std::string& datasetId, const std::string& dir)
{
    if (!dir.empty()) {
        PathChecks::inputFolder(dir, "dataset directory");
        return DatasetLoader::idxDirectory(dir, datasetId);
    }
    if (datasetId == "fashion-mnist")
        return DatasetLoader::fashionMnist();
    throw UsageError("the zoo's dataset '" + datasetId + "' is not built in: give its IDX files with --data DIR");
}

std::optional<Dataset> zooDatasetIfAvailable(const ModelZoo& zoo, const std::string& dir, const std::string& what,
                                             std::ostream& err)
{
    if (!dir.empty() || zoo.datasetId == "fashion-mnist")
        return zooDataset(zoo.datasetId, dir);
    err << "note: no --data DIR for dataset '" << zoo.datasetId << "': " << what << " not measured\n";
    return std::nullopt;
}

void writeReport(std::ostream& out, bool asJson, const std::string& zooPath, const std::string& aePath, Json report,
                 const std::string& text)
{
    if (asJson) {
        report["zoo"] = zooPath;
        report["ae"] = aePath.empty() ? Json() : Json(aePath);
        out << report.dump(2) << "\n";
    } else {
        out << "zoo " << zooPath << (aePath.empty() ? std::string() : ", hyper-representation " + aePath) << "\n" << text;
    }
}

Progress stagePrinter(std::ostream& err)
{
    auto last = std::make_shared<std::string>();
    return Progress([&err, last](const ProgressUpdate& u) {
        if (u.stage.empty() || u.stage == *last)
            return;
        *last = u.stage;
        err << u.stage << "...\n" << std::flush;
    });
}

} // namespace zooscope::cli
