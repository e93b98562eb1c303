// Creating a zoo, one way for every front end: `zooscope-cli zoo create` and the window's File > New Zoo
// describe what to train as a ZooCreationPlan and share the dataset loading, the architecture check, the
// resume file next to the output and the writing of the finished zoo. The plan also gives the
// `zoo create` arguments that do the same (Slurm job scripts, a command to copy).
#pragma once

#include "core/Progress.h"
#include "training/PopulationTrainer.h"
#include "zoo/Architecture.h"
#include "zoo/Dataset.h"
#include "zoo/Hyperparameters.h"
#include "zoo/ModelZoo.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace zooscope {

struct ZooCreationPlan {
    enum class Recipe { Grid, Seeds };
    std::string dataset = "fashion-mnist"; // "fashion-mnist" or a folder of IDX files
    std::string architecture = "cnn-s";
    Recipe recipe = Recipe::Grid;          // the public F-MNIST grid (256 configurations) or the seed recipe
    int64_t seedsPerConfig = 1;            // Grid: seeds 1..K for each configuration
    std::vector<int64_t> seeds;            // Seeds: the seeds, one model each
    int64_t batchSize = 10;
    int64_t epochs = 50;
    std::vector<int64_t> checkpoints;      // ascending, within 0..epochs; empty: every epoch
    int threads = 0;                       // 0: all cores
    int64_t maxTrainImages = -1;           // -1: all
    int64_t maxEvalImages = -1;
    double resumeIntervalSeconds = 60;
    std::string out;                       // the zoo file; its resume file is out + ".resume"
};

class ZooCreation {
public:
    // The ranges `zoo create` and the New Zoo dialog accept.
    static constexpr int64_t kMaxSeedsPerConfig = 1000;
    static constexpr int64_t kMaxEpochs = 10000;
    static constexpr int64_t kMaxBatchSize = 10000;
    static constexpr int64_t kMaxImages = 100'000'000;
    static constexpr int64_t kMaxSeedCount = 10'000'001;

    // The recipe's models with the plan's batch size.
    static std::vector<Hyperparameters> models(const ZooCreationPlan& plan);
    // The checkpoint epochs the plan keeps (every epoch when it lists none).
    static std::vector<int64_t> checkpoints(const ZooCreationPlan& plan);
    // "fashion-mnist" (also fmnist, f-mnist) or a folder of IDX files (its name is the dataset id), cut to
    // the first maxTrain / maxEval images when >= 0. std::invalid_argument when `spec` is neither;
    // std::runtime_error for unreadable files.
    static Dataset loadDataset(const std::string& spec, int64_t maxTrainImages = -1, int64_t maxEvalImages = -1);
    // The check loadDataset makes first, without reading anything (for commands that only write scripts).
    static void checkDatasetSpec(const std::string& spec);
    static bool isFashionMnist(const std::string& spec);
    // The architecture by name for the dataset's images; std::invalid_argument for an unknown name or
    // images of another size.
    static Architecture architecture(const std::string& name, const Dataset& data);
    static std::string resumePath(const std::string& out) { return out + ".resume"; }
    // The trainer's options for the plan (resume file next to the output).
    static PopulationTrainingOptions trainingOptions(const ZooCreationPlan& plan);
    // The trained zoo with its model ids, creator and version and the population split, written to `out`
    // (atomically); the resume file is removed then.
    static ModelZoo write(PopulationTrainingResult result, const std::vector<int64_t>& ids, const std::string& createdBy,
                          const std::string& out);
    // All of it for the whole plan: load, check, train (resuming from the resume file when there is one;
    // a cancellation through `progress` keeps it and throws OperationCancelled), write. `statistics` hears
    // the trainer's reports; `pauseRequested` parks its workers (PopulationTrainingOptions). Progress stages: "loading dataset", "training", "writing".
    static ModelZoo run(const ZooCreationPlan& plan, const std::string& createdBy, const Progress& progress = {},
                        std::function<void(const TrainingStatistics&)> statistics = {},
                        std::function<bool()> pauseRequested = {});
    // The `zooscope-cli zoo create` arguments (after "zoo create") that train the same zoo.
    static std::vector<std::string> arguments(const ZooCreationPlan& plan);
};

} // namespace zooscope
