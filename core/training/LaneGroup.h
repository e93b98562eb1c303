// Lane groups of population training: up to kLanes models with the same activation and batch size,
// one per SIMD lane, with their weights, optimiser moments and gradient buffers side by side.
#pragma once

#include "training/CnnKernels.h"
#include "zoo/Hyperparameters.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace zooscope {

// A 32-byte aligned, zero-initialised float buffer (the kernels' lane data).
class AlignedFloats {
public:
    AlignedFloats() = default;
    explicit AlignedFloats(size_t count) { resize(count); }
    AlignedFloats(const AlignedFloats&) = delete;
    AlignedFloats& operator=(const AlignedFloats&) = delete;
    ~AlignedFloats();
    void resize(size_t count);
    void zero();

    float* p = nullptr;
    size_t n = 0;
};

struct LaneGroup {
    static constexpr int kLanes = kernels::kLanes;

    Activation activation = Activation::Tanh;
    int64_t batch = 10;
    int lanes = 0;                      // real models
    int model[kLanes] = {-1, -1, -1, -1, -1, -1, -1, -1};
    kernels::OptimizerLanes optimizer;
    bool anyDropout = false;
    alignas(32) uint32_t dropThreshold[kLanes] = {}; // 16-bit threshold; 0 = no dropout
    alignas(32) float dropScale[kLanes] = {1, 1, 1, 1, 1, 1, 1, 1};

    AlignedFloats w, m, v, g0, g1;

    // Position: `epoch` completed epochs, `step` steps done in the next one.
    int64_t epoch = 0, step = 0, totalSteps = 0;
    bool initialised = false, evaluated = false, finished = false;
    double runLoss[kLanes] = {};
    int64_t runCorrect[kLanes] = {};
    int64_t runCount = 0;

    // The model of lane l, or lane 0's for a padding lane (so padding lanes compute something valid).
    int modelOrFirst(int l) const { return model[l] >= 0 ? model[l] : model[0]; }
    void clearRunningSums();

    // Models with the same activation and batch size share groups, in model order; buffers for
    // `parameters` weights per lane.
    static std::vector<std::unique_ptr<LaneGroup>> build(const std::vector<Hyperparameters>& models, int64_t parameters);

    // The 16-bit keep threshold of dropout probability p (the kernels compare 16-bit random numbers).
    static uint32_t dropoutThreshold(double p);
};

} // namespace zooscope
