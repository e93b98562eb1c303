#include "training/ZooCreation.h"

#include "core/EngineInfo.h"
#include "training/ZooRecipe.h"
#include "zoo/DatasetLoader.h"
#include "zoo/ZooFile.h"

#include <filesystem>
#include <numeric>
#include <sstream>
#include <stdexcept>

namespace zooscope {

namespace {

namespace fs = std::filesystem;

void limitSplit(DatasetSplit& split, int64_t n)
{
    if (n < 0 || n >= split.count)
        return;
    std::vector<int64_t> rows(static_cast<size_t>(n));
    std::iota(rows.begin(), rows.end(), 0);
    split = DatasetLoader::subset(split, rows);
}

// 1-5,7,9-10: runs of consecutive values as ranges.
std::string rangeList(const std::vector<int64_t>& values)
{
    std::string text;
    for (size_t i = 0; i < values.size();) {
        size_t j = i;
        while (j + 1 < values.size() && values[j + 1] == values[j] + 1)
            ++j;
        if (!text.empty())
            text += ',';
        text += std::to_string(values[i]);
        if (j > i) {
            text += j == i + 1 ? ',' : '-';
            text += std::to_string(values[j]);
        }
        i = j + 1;
    }
    return text;
}

} // namespace

std::vector<Hyperparameters> ZooCreation::models(const ZooCreationPlan& plan)
{
    std::vector<Hyperparameters> models = plan.recipe == ZooCreationPlan::Recipe::Grid
                                              ? ZooRecipe::publicFmnistGrid(plan.seedsPerConfig)
                                              : ZooRecipe::seedZoo(std::vector<uint64_t>(plan.seeds.begin(), plan.seeds.end()));
    for (auto& h : models)
        h.batchSize = plan.batchSize;
    return models;
}

std::vector<int64_t> ZooCreation::checkpoints(const ZooCreationPlan& plan)
{
    if (!plan.checkpoints.empty())
        return plan.checkpoints;
    std::vector<int64_t> all(size_t(plan.epochs) + 1);
    std::iota(all.begin(), all.end(), 0);
    return all;
}

bool ZooCreation::isFashionMnist(const std::string& spec)
{
    return spec == "fashion-mnist" || spec == "fmnist" || spec == "f-mnist";
}

void ZooCreation::checkDatasetSpec(const std::string& spec)
{
    std::error_code ec;
    if (!isFashionMnist(spec) && !fs::is_directory(spec, ec))
        throw std::invalid_argument("'" + spec + "' is neither 'fashion-mnist' nor a folder of IDX files");
}

Dataset ZooCreation::loadDataset(const std::string& spec, int64_t maxTrainImages, int64_t maxEvalImages)
{
    checkDatasetSpec(spec);
    Dataset data = [&] {
        if (isFashionMnist(spec))
            return DatasetLoader::fashionMnist();
        std::string id = fs::path(spec).lexically_normal().filename().string();
        if (id.empty())
            id = fs::path(spec).lexically_normal().parent_path().filename().string();
        return DatasetLoader::idxDirectory(spec, id.empty() ? "dataset" : id);
    }();
    limitSplit(data.train, maxTrainImages);
    limitSplit(data.validation, maxEvalImages);
    limitSplit(data.test, maxEvalImages);
    return data;
}

Architecture ZooCreation::architecture(const std::string& name, const Dataset& data)
{
    const Architecture arch = Architecture::byName(name, data.train.channels);
    if (arch.inputSize != data.train.height || arch.inputSize != data.train.width)
        throw std::invalid_argument(arch.name + " expects " + std::to_string(arch.inputSize) + "x" +
                                    std::to_string(arch.inputSize) + " images; the dataset has " +
                                    std::to_string(data.train.height) + "x" + std::to_string(data.train.width));
    return arch;
}

PopulationTrainingOptions ZooCreation::trainingOptions(const ZooCreationPlan& plan)
{
    PopulationTrainingOptions options;
    options.epochs = plan.epochs;
    options.checkpointEpochs = checkpoints(plan);
    options.threads = plan.threads;
    options.resumePath = resumePath(plan.out);
    options.resumeIntervalSeconds = plan.resumeIntervalSeconds;
    return options;
}

ModelZoo ZooCreation::write(PopulationTrainingResult result, const std::vector<int64_t>& ids, const std::string& createdBy,
                            const std::string& out)
{
    ModelZoo zoo = std::move(result.zoo);
    zoo.modelIds = ids;
    zoo.createdBy = createdBy;
    zoo.createdWithVersion = EngineInfo::version();
    assignPopulationSplit(zoo);
    ZooFile::write(zoo, out);
    std::error_code ec;
    fs::remove(resumePath(out), ec);
    return zoo;
}

ModelZoo ZooCreation::run(const ZooCreationPlan& plan, const std::string& createdBy, const Progress& progress,
                          std::function<void(const TrainingStatistics&)> statistics, std::function<bool()> pauseRequested)
{
    progress.report(0, "loading dataset");
    const Dataset data = loadDataset(plan.dataset, plan.maxTrainImages, plan.maxEvalImages);
    if (plan.batchSize > data.train.count)
        throw std::invalid_argument("the batch size " + std::to_string(plan.batchSize) + " is more than the " +
                                    std::to_string(data.train.count) + " training images");
    const Architecture arch = architecture(plan.architecture, data);
    const std::vector<Hyperparameters> hp = models(plan);
    PopulationTrainingOptions options = trainingOptions(plan);
    options.statistics = std::move(statistics);
    options.pauseRequested = std::move(pauseRequested);
    progress.report(0.02, "loading dataset");
    PopulationTrainer trainer(arch, hp, options);
    PopulationTrainingResult result = trainer.train(data, progress.sub(0.02, 0.97));
    progress.report(0.97, "writing");
    std::vector<int64_t> ids(hp.size());
    std::iota(ids.begin(), ids.end(), 0);
    ModelZoo zoo = write(std::move(result), ids, createdBy, plan.out);
    progress.report(1.0, "writing");
    return zoo;
}

std::vector<std::string> ZooCreation::arguments(const ZooCreationPlan& plan)
{
    std::vector<std::string> a;
    const auto add = [&a](const std::string& option, const std::string& value) {
        a.push_back("--" + option);
        a.push_back(value);
    };
    if (plan.recipe == ZooCreationPlan::Recipe::Grid) {
        add("grid", "public-fmnist");
        add("seeds-per-config", std::to_string(plan.seedsPerConfig));
    } else {
        add("seeds", rangeList(plan.seeds));
    }
    add("dataset", plan.dataset);
    add("arch", plan.architecture);
    add("epochs", std::to_string(plan.epochs));
    if (!plan.checkpoints.empty())
        add("checkpoints", rangeList(plan.checkpoints));
    add("batch-size", std::to_string(plan.batchSize));
    if (plan.threads > 0)
        add("threads", std::to_string(plan.threads));
    if (plan.maxTrainImages >= 0)
        add("max-train-images", std::to_string(plan.maxTrainImages));
    if (plan.maxEvalImages >= 0)
        add("max-eval-images", std::to_string(plan.maxEvalImages));
    std::ostringstream interval;
    interval << plan.resumeIntervalSeconds;
    add("resume-interval", interval.str());
    add("out", plan.out);
    return a;
}

} // namespace zooscope
