#pragma once

#include "hyperrep/HyperRepresentation.h"
#include "cluster/Communicator.h"
#include "core/Json.h"
#include "core/Progress.h"
#include "zoo/Dataset.h"
#include "zoo/ModelZoo.h"
#include "zoo/ZooSample.h"
#include "hyperrep/WeightAugmentation.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace zooscope {

// The statistics of every optimiser step and epoch end, for live curves (the CLI and the GUI both use
// them); the fraction done, the time left and cancellation go through Progress.
struct HyperRepresentationProgress {
    int64_t epoch = 0;            // 1-based
    int64_t epochs = 0;
    int64_t step = 0;             // steps done in this epoch
    int64_t stepsPerEpoch = 0;
    int64_t stepsDone = 0;        // over the whole training, resumed steps included
    int64_t stepsTotal = 0;
    double loss = 0;              // running means over this epoch's steps so far
    double reconstructionLoss = 0;
    double contrastiveLoss = 0;
    double behaviourLoss = 0;     // NaN when the behavioural term is off
    double batchR2 = 0;           // 1 - L/L_mean of the last batch (its own augmented targets)
    bool epochEnd = false;
    double trainR2 = 0;           // at epoch ends (NaN otherwise): clean train / validation samples
    double validationR2 = 0;
    double elapsedSeconds = 0;    // in this call of train()
    double secondsLeft = -1;      // estimate; -1 while unknown
};

struct HyperRepresentationTrainingOptions {
    int64_t epochs = 30;
    int64_t batchSize = 64;
    double learningRate = 1e-3;
    double weightDecay = 1e-4;         // AdamW's decoupled weight decay
    int64_t warmupSteps = -1;          // linear learning-rate warm-up; -1: 5% of all steps (at most 500)
    bool cosineDecay = true;           // cosine decay to 0 after the warm-up; false: constant
    double gradientClip = 1.0;         // max global gradient norm; 0 = off
    double gamma = 0.1;                // weight of the contrastive loss; (1 - gamma) for reconstruction
    double temperature = 0.1;          // NT-Xent
    ReconstructionLoss loss = ReconstructionLoss::LayerNormalised;
    // The behavioural term: the decoded and the original weights run on the first behaviourImages
    // images of behaviourData (the zoo's training images); the log1p of their logits' relative squared
    // error (see DifferentiableForward::behaviourLoss), weighted by behaviourWeight, joins the reconstruction loss:
    //   loss = gamma * contrastive + (1 - gamma) * (reconstruction + behaviourWeight * behaviour).
    // Matching function as well as weights: a small weight error in a sensitive place can cost a model
    // much of its accuracy. 0 = off (no images needed).
    double behaviourWeight = 0;
    int64_t behaviourImages = 256;
    // The first epoch the term joins the loss. Before the decoder reproduces weights roughly, the
    // decoded models' outputs are noise and the term's gradient drowns the reconstruction (measured on
    // the default zoo: validation R² -0.02 after 3 epochs with it from epoch 1, 0.41 without).
    int64_t behaviourStartEpoch = 1;
    std::shared_ptr<const DatasetSplit> behaviourData; // required when behaviourWeight > 0; not recorded
    WeightAugmentation::Options augmentation;
    // The public code reconstructs the augmented view itself; by default ZooScope reconstructs the clean
    // (permuted, noise- and erasing-free) view, i.e. a denoising objective.
    bool reconstructAugmentedView = false;
    std::vector<int64_t> checkpointEpochs; // zoo epochs used as training data; empty = all checkpoints
    double maxAbsWeight = 5.0;         // skip checkpoints with any |w| above (diverged); 0 = keep all finite
    uint64_t seed = 1;                 // data order, augmentations and dropout
    int64_t r2Samples = 2048;          // at most this many samples per population for the epoch-end R^2
    // Resume file: written atomically every checkpointIntervalSeconds, on cancellation and after every
    // epoch once the interval passed; removed when training completes. Empty: no checkpoints.
    std::string checkpointPath;
    double checkpointIntervalSeconds = 60;
    bool resume = false;               // continue from checkpointPath when it exists
    // After every step and epoch end, on the calling thread (an observer: cancel through Progress).
    std::function<void(const HyperRepresentationProgress&)> onStep;
    // Data-parallel training over the ranks of an MPI launch (null: this process alone). Every rank builds
    // the same global batch and runs its share of the rows; the gradients are summed before each step, so
    // the result is the one-process result within float rounding. Rank 0 alone writes the resume file and
    // computes the epoch-end R^2. Not recorded: a run may resume on another number of ranks.
    Communicator* communicator = nullptr;

    Json toJson() const;               // the settings that shape the result (for the file's record)
};

struct HyperRepresentationTrainingResult {
    std::optional<HyperRepresentation> model; // with history, zoo identity, training mean and info
    bool completed = false;
    bool resumed = false;
    int64_t epochsDone = 0;
    int64_t stepsDone = 0;      // in this call
    double seconds = 0;         // wall time of this call
};

// Trains a hyper-representation on a zoo: all (selected) checkpoints of the train-split models,
// NaN-free, two augmented views per sample, loss gamma * NT-Xent + (1 - gamma) * reconstruction,
// AdamW. Data order and augmentations come from counter-based streams (seed, epoch, step) and the
// dropout stream is saved in the checkpoint, so a resumed run continues exactly where it stopped.
class HyperRepresentationTrainer {
public:
    HyperRepresentationTrainer(HyperRepresentationConfig config, HyperRepresentationTrainingOptions options);

    // zooPath is recorded as the zoo's identity. Runs on LibTorch's compute threads as they are set
    // (EngineInfo::setComputeThreads). Throws std::invalid_argument for bad options or a zoo without
    // usable training samples, std::runtime_error for a checkpoint of another training, and
    // OperationCancelled when `progress` is cancelled (checked before every step), after writing the
    // resume file.
    HyperRepresentationTrainingResult train(const ModelZoo& zoo, const std::string& zooPath = {},
                                            const Progress& progress = {});

    // The public zoo loaders drop checkpoints with any |w| above this (diverged models).
    static constexpr double kDefaultMaxAbsWeight = 5.0;

    // The checkpoints of a population whose weights are all finite and at most maxAbsWeight in
    // magnitude (0: no bound), in (model row, checkpoint) order. epochs: checkpoint epochs to use
    // (empty = all). A zoo without a split gets the standard one.
    static std::vector<ZooSample> populationSamples(const ModelZoo& zoo, PopulationSplit split,
                                                    const std::vector<int64_t>& epochs = {},
                                                    double maxAbsWeight = kDefaultMaxAbsWeight);

private:
    HyperRepresentationConfig m_config;
    HyperRepresentationTrainingOptions m_options;
};

} // namespace zooscope
