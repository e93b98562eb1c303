#pragma once

#include "core/EnumNames.h"
#include "core/Progress.h"
#include "zoo/Architecture.h"
#include "zoo/Dataset.h"
#include "zoo/Hyperparameters.h"
#include "zoo/ModelZoo.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace zooscope {

// Which build of the population kernels to run (see training/CnnKernels.h).
enum class KernelChoice { Auto, Generic, Avx2 };
const EnumNames<KernelChoice>& kernelChoiceNames();

// What the trainer says about itself besides Progress' fraction: models and model-steps done, speed.
struct TrainingStatistics {
    int64_t modelsTotal = 0;
    int64_t modelsDone = 0;       // models whose training (and evaluation) is complete
    int64_t stepsTotal = 0;       // model-steps: models x optimiser steps
    int64_t stepsDone = 0;
    double elapsedSeconds = 0;    // in this call of train()
    double secondsLeft = -1;      // estimate; -1 while unknown
    double modelStepsPerSecond = 0;
};

struct PopulationTrainingOptions {
    int64_t epochs = 1;
    std::vector<int64_t> checkpointEpochs{0, 1}; // weights kept at these epochs (0 = untrained), within [0, epochs]
    int threads = 0;                             // 0: EngineInfo::computeThreads()
    int64_t stepLimit = -1;                      // stop every model after this many optimiser steps (benchmarks)
    bool evaluate = true;                        // validation/test metrics at every epoch (and epoch 0)
    bool evaluateTrainAtEpoch0 = true;           // epoch 0 train loss/accuracy by a full forward pass
    // Resume file (training/ResumeFile): loaded when it exists (it must belong to the same models, recipe
    // and dataset), written every resumeIntervalSeconds, on cancellation and at the end.
    std::string resumePath;
    double resumeIntervalSeconds = 60;
    // Called on the thread that called train() every reportIntervalSeconds (and at the start and end),
    // right before the same is reported to train()'s Progress.
    std::function<void(const TrainingStatistics&)> statistics;
    double reportIntervalSeconds = 0.5;
    // Asked at every report: while it says true, that report is made with every worker parked, so a
    // Progress listener that blocks there (a paused GUI job) pauses the training itself.
    std::function<bool()> pauseRequested;
    KernelChoice kernels = KernelChoice::Auto;
    // [models, parameters]: start from these weights instead of each model's seeded init (fine-tuning
    // generated or existing models); empty: the seeded init. The seed still drives data order and dropout.
    std::vector<float> initialWeights;
};

struct PopulationTrainingResult {
    // Architecture, dataset id, epochs, checkpoint epochs, model ids 0..N-1, hyperparameters, weights
    // [models, checkpoints, parameters] and per-epoch metrics (NaN where not measured). The population
    // split and createdBy are left for the caller.
    ModelZoo zoo;
    std::vector<float> finalWeights; // [models, parameters] after the last step
    bool resumed = false;            // state was loaded from the resume file
    int64_t modelSteps = 0;          // done in this call
    double seconds = 0;              // wall time of this call
    double flops = 0;                // executed by the training kernels in this call (evaluation not included)
    std::string kernelName;          // "avx2+fma" or "generic"
};

// Trains a population of CNN-s / CNN3 models at the same time, each with its own hyperparameters:
// models with the same activation and batch size share a lane group of 8 (one model per SIMD lane),
// lane groups are spread over threads. A model's result does not depend on the other models in the
// population (bit-identical to training it alone on the same kernels).
//
// Recipe per model: weights initialised from its seed (uniform = U(0,1), normal = N(0,1), kaiming_* as
// PyTorch's defaults; biases 0.01); per epoch a fresh shuffle of the training split from its seed;
// mini-batches of batchSize (the last one smaller), NLL loss of log-softmax, dropout masks from its
// seed; Adam or SGD with momentum 0.9 (PyTorch semantics). Random streams are counter-based (seed,
// epoch, step, image), so the state to resume is the step position.
class PopulationTrainer {
public:
    PopulationTrainer(Architecture architecture, std::vector<Hyperparameters> models,
                      PopulationTrainingOptions options = {});
    ~PopulationTrainer();

    // Every model to its last epoch (or the step limit). `progress` hears the fraction of model-steps
    // done ("training"); when it is cancelled the workers stop at their next step, the resume file (if
    // any) is written and OperationCancelled is thrown. Throws std::invalid_argument for bad options or
    // hyperparameters, std::runtime_error for an unreadable or mismatching resume file.
    PopulationTrainingResult train(const Dataset& data, const Progress& progress = {});

    // Building blocks, public for tests and tools.
    static std::vector<float> initialWeights(const Architecture& architecture, const Hyperparameters& hp);
    // Indices into the training split, in the order model `hp` sees them in `epoch` (1-based).
    static std::vector<int32_t> epochOrder(const Hyperparameters& hp, int64_t epoch, int64_t trainCount);
    // The dropout mask model `hp` uses for image `image` (0-based in its mini-batch) of step `step`
    // (0-based in the epoch) of `epoch` (1-based): 0 or 1/(1-p) per element, all 1 without dropout.
    // Layout: after conv1's activation [channels][h][w], then conv2's, (CNN3: conv3's), then fc1's.
    static std::vector<float> dropoutMask(const Architecture& architecture, const Hyperparameters& hp, int64_t epoch,
                                          int64_t step, int64_t image);
    // Optimiser steps per epoch for `trainCount` images.
    static int64_t stepsPerEpoch(int64_t trainCount, int64_t batchSize);
    // Floating-point operations of one training step (forward + backward) of one model at batch size b.
    static double flopsPerModelStep(const Architecture& architecture, int64_t batchSize = 10);
    // The kernel build that KernelChoice::Auto picks on this machine.
    static std::string defaultKernelName();

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace zooscope
