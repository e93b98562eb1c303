#pragma once

// Forward/backward kernels for populations of small CNNs with the MODELS IN THE SIMD LANES: every
// buffer holds one float per model for kLanes models side by side ([..., lane] innermost), and every
// operation is the same for all lanes. A lane never reads another lane's data, so a model's results do
// not depend on which other models share its lane group (bit-identical alone or in a population).
//
// Two builds of the same source: AVX2+FMA (one 256-bit register = 8 models) and a portable generic
// build (GCC vector extensions lowered to SSE2), picked at run time. Results of the two builds differ
// in the last bits (fused multiply-add), so compare runs on the same build.
//
// Internal engine header: used by PopulationTrainer and BatchedEvaluator.

#include "zoo/Architecture.h"
#include "zoo/Hyperparameters.h"

#include <cstddef>
#include <cstdint>
#include <memory>

namespace zooscope::kernels {

constexpr int kLanes = 8;

enum class Isa { Generic, Avx2 };

// AVX2+FMA when the CPU has them, unless the environment variable ZOOSCOPE_KERNELS=generic says otherwise.
Isa bestIsa();
const char* isaName(Isa isa);

// Per-lane optimiser settings (PyTorch semantics): Adam (betas 0.9/0.999, eps 1e-8, L2 weight decay
// added to the gradient, bias correction) or SGD with momentum 0.9 and L2 weight decay.
struct OptimizerLanes {
    float learningRate[kLanes] = {};
    float weightDecay[kLanes] = {};
    int32_t adam[kLanes] = {}; // -1: Adam, 0: SGD (a lane mask)
};

// The kernels of one architecture. All pointers to lane data must be 32-byte aligned. Weight, gradient
// and moment buffers are [parameterCount][kLanes]: the flat weight order of method.md, lane innermost.
class NetKernels {
public:
    virtual ~NetKernels() = default;

    virtual int64_t parameterCount() const = 0;
    virtual int64_t imageFloats() const = 0;   // C*H*W
    virtual int64_t dropoutSize() const = 0;   // dropout mask elements per image
    virtual int64_t classes() const = 0;
    virtual size_t workspaceFloats() const = 0; // per thread, already in floats (multiple of kLanes)
    // Floating-point operations per model and image actually executed (multiply-add = 2).
    virtual double trainFlopsPerImage() const = 0;
    virtual double evalFlopsPerImage() const = 0;

    // Forward and backward of one image for kLanes models; adds the gradient (of the loss scaled by
    // gradScale, i.e. 1/batch for a mean) into g. x: [imageFloats][kLanes]; labels[kLanes]; mask:
    // [dropoutSize][kLanes] (0 or 1/(1-p); nullptr = no dropout in any lane). Writes per lane the NLL
    // loss and 1/0 for a correct prediction.
    virtual void trainImage(Activation act, const float* w, float* g, const float* x, const int32_t* labels,
                            const float* mask, float gradScale, float* loss, int32_t* correct, float* ws) const = 0;

    // Forward (no dropout) of `count` images shared by all lanes (images: [count][imageFloats], plain
    // NCHW); adds per lane the summed NLL and the number of correct predictions. `predicted` (nullptr =
    // not wanted): [count][kLanes], each lane's predicted class of each image.
    virtual void evaluate(Activation act, const float* w, const float* images, const int64_t* labels, int64_t count,
                          double* lossSum, int64_t* correct, float* ws, int32_t* predicted) const = 0;

    // x[p][lane] = images[lane][p] for p < imageFloats (an 8x8 transposing copy).
    virtual void gatherImages(const float* const images[kLanes], float* x) const = 0;

    // Dropout masks of one image for all lanes: per lane a xoshiro128** generator (state[4][kLanes],
    // advanced in place) gives two 16-bit numbers per step; element j keeps its value when its number
    // is >= threshold[lane] and then holds scale[lane], else 0. threshold 0 and scale 1 = no dropout.
    virtual void dropoutMasks(uint32_t* state, const uint32_t* threshold, const float* scale, float* mask) const = 0;

    // One optimiser step (step = 1, 2, ...) on parameters [begin, end) with gradient g0 + g1.
    virtual void optimizerStep(const OptimizerLanes& o, int64_t step, int64_t begin, int64_t end, float* w,
                               const float* g0, const float* g1, float* m, float* v) const = 0;
};

// Kernels for `arch` (CNN-s with 1 or 3 input channels at 28x28, CNN3 with 1 or 3 at 32x32); throws
// std::invalid_argument for other architectures. Dropout sits after every activation except the last
// conv layer's in CNN-s, and after every activation in CNN3 (as in the public code).
std::unique_ptr<NetKernels> makeNetKernels(const Architecture& arch, Isa isa = bestIsa());

namespace detail {
std::unique_ptr<NetKernels> makeGeneric(const Architecture& arch);
std::unique_ptr<NetKernels> makeAvx2(const Architecture& arch);
} // namespace detail

// RAII: flush denormals to zero (FTZ/DAZ) on this thread while alive. Tiny gradients of saturated
// models otherwise make some operations many times slower.
class DenormalGuard {
public:
    DenormalGuard();
    ~DenormalGuard();
    DenormalGuard(const DenormalGuard&) = delete;
    DenormalGuard& operator=(const DenormalGuard&) = delete;

private:
    unsigned m_saved = 0;
};

} // namespace zooscope::kernels
