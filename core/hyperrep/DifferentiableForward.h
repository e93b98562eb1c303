#pragma once

// Internal engine header (includes LibTorch; nothing outside core/ and its tests includes it): the zoo's
// CNNs as differentiable LibTorch operations, batched over models. The population kernels
// (core/training) are faster but have no autograd; the behavioural term of the hyper-representation
// training needs gradients of the models' outputs with respect to their (decoded) weights.

#include "zoo/Architecture.h"
#include "zoo/Hyperparameters.h"

#include <torch/torch.h>

#include <vector>

namespace zooscope {
namespace detail {

// The forward pass of many models of one architecture (CNN-s or CNN3: conv [-> max-pool 2] -> activation,
// flatten channel-major, linear -> activation, linear) on one shared batch of images, each model with its
// own activation. Conv layers run as one grouped convolution over all models (the first one as a plain
// convolution with models x channels outputs), linear layers as batched matrix products; models are
// ordered by activation internally so that each activation runs once on a contiguous slice.
class DifferentiableForward {
public:
    explicit DifferentiableForward(Architecture architecture);

    // weights [models, parameters] (flat order of the zoo, float32, may require grad); activations: one per
    // model; images [count, channels, size, size] (float32). Returns logits [models, count, classes],
    // differentiable with respect to `weights`. Throws std::invalid_argument on shape mismatches.
    torch::Tensor logits(const torch::Tensor& weights, const std::vector<Activation>& activations,
                         const torch::Tensor& images) const;

    // The same forward pass, keeping what each hidden layer (one with an activation after it) outputs
    // after its activation: per such layer [models, count, channels, h, w] (conv) or [models, count,
    // neurons] (linear), models in the given order. What the units of a model do on a probe batch
    // (dead or saturated units).
    std::vector<torch::Tensor> hiddenActivations(const torch::Tensor& weights, const std::vector<Activation>& activations,
                                                 const torch::Tensor& images) const;

    // The behavioural distance of logits [models, count, classes]: per model log1p of the squared error of
    // the logits relative to the spread of the target logits (log(1 + sum (l - t)^2 / sum (t - mean t)^2),
    // the ratio being 1 - R^2 of the logits; scale-free, so models with logits of 1e5 and of 1 weigh the
    // same; log1p so that a far-off model cannot rule the batch), averaged over models.
    // 0 for identical outputs. Chosen over KL of softened outputs: it does not saturate where the softmax
    // does and needs no temperature.
    static torch::Tensor behaviourLoss(const torch::Tensor& logits, const torch::Tensor& targetLogits);

    const Architecture& architecture() const { return m_architecture; }

private:
    // logits(); `hidden` (when given) receives hiddenActivations().
    torch::Tensor run(const torch::Tensor& weights, const std::vector<Activation>& activations, const torch::Tensor& images,
                      std::vector<torch::Tensor>* hidden) const;

    Architecture m_architecture;
};

} // namespace detail
} // namespace zooscope
