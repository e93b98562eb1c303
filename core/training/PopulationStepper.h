// The work of population training on lane groups: initialisation, optimiser steps, evaluation at every
// epoch and checkpoints, for the worker threads that TrainingScheduler runs. A model's numbers depend
// only on its own seed and recipe, never on the thread count or the other models.
#pragma once

#include "training/CnnKernels.h"
#include "training/LaneGroup.h"
#include "training/PopulationTrainer.h"

#include <atomic>
#include <barrier>
#include <cstdint>
#include <memory>
#include <vector>

namespace zooscope {

class TrainingScheduler;

// Two threads on one lane group (when there are fewer groups than threads): the leader drives, the
// helper takes the second half of every mini-batch, the odd evaluation chunks and the upper half of
// the parameters in the optimiser step. Results are the same as with one thread: the batch halves
// always go to separate gradient buffers, the chunks are always summed in order.
struct Team {
    static constexpr int kLanes = kernels::kLanes;
    struct HalfResult {
        double loss[kLanes] = {};
        int64_t correct[kLanes] = {};
    };
    // Per-lane sums of one evaluation chunk.
    struct ChunkSums {
        double loss[kLanes] = {};
        int64_t correct[kLanes] = {};
    };
    enum class Command { Step, Eval, Quit };

    std::barrier<> sync{2};
    Command command = Command::Quit;
    LaneGroup* group = nullptr;
    int64_t first = 0, half = 0, count = 0; // step: images [half, count) of the batch at `first`
    float scale = 1;
    HalfResult helperHalf;
    const DatasetSplit* split = nullptr;
    std::vector<ChunkSums>* chunks = nullptr;
};

class PopulationStepper {
public:
    // `zoo` (metrics and checkpoint weights [models, checkpoints, parameters]) and `finalWeights`
    // ([models, parameters]) are sized by the caller and filled as groups progress.
    PopulationStepper(const Architecture& architecture, const std::vector<Hyperparameters>& models,
                      const PopulationTrainingOptions& options, const kernels::NetKernels& kernels, const Dataset& data,
                      std::vector<std::unique_ptr<LaneGroup>>& groups, ModelZoo& zoo, std::vector<float>& finalWeights,
                      TrainingScheduler& scheduler);

    // A driving worker: takes lane groups until none is left (with a helper when `team` is set).
    void drive(Team* team);
    // The helper of a team: follows the leader's commands until Quit.
    void help(Team& team);

    // Optimiser steps each model of `g` makes in this run (epochs and step limit).
    int64_t plannedSteps(const LaneGroup& g) const;

    std::atomic<int64_t> stepsDone{0}, modelsDone{0}; // model-steps, and models finished

private:
    struct Buffers;

    void runGroup(LaneGroup& g, Buffers& b, Team* team);
    void initGroup(LaneGroup& g);
    bool evaluateEpoch(LaneGroup& g, Buffers& b, Team* team);
    bool evaluateSplit(LaneGroup& g, const DatasetSplit& split, Buffers& b, Team* team, double* loss, double* acc);
    void evaluateChunks(const LaneGroup& g, const DatasetSplit& split, Buffers& b, std::vector<Team::ChunkSums>& chunks,
                        size_t first, size_t stride);
    void ensureOrders(const LaneGroup& g, Buffers& b);
    void trainImages(const LaneGroup& g, Buffers& b, int64_t first, int64_t i0, int64_t i1, float scale, float* grad,
                     Team::HalfResult& r);
    void trainStep(LaneGroup& g, Buffers& b, Team* team);
    void finishGroup(LaneGroup& g);
    int64_t trainCount() const { return m_data.train.count; }
    float* metric(std::vector<float>& v, int model, int64_t epoch) const;

    const Architecture& m_arch;
    const std::vector<Hyperparameters>& m_models;
    const PopulationTrainingOptions& m_opt;
    const kernels::NetKernels& m_k;
    const Dataset& m_data;
    std::vector<std::unique_ptr<LaneGroup>>& m_groups;
    ModelZoo& m_zoo;
    std::vector<float>& m_finalWeights;
    TrainingScheduler& m_scheduler;
    const int64_t m_P;
    const int64_t m_epochs;
    std::atomic<size_t> m_nextGroup{0};
};

} // namespace zooscope
