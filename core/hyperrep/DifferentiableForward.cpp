#include "hyperrep/DifferentiableForward.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>

namespace zooscope {
namespace detail {

namespace {

torch::Tensor activate(const torch::Tensor& x, Activation a)
{
    switch (a) {
    case Activation::Tanh: return torch::tanh(x);
    case Activation::ReLU: return torch::relu(x);
    case Activation::Sigmoid: return torch::sigmoid(x);
    case Activation::GELU: return torch::gelu(x); // exact (erf), as the population kernels and torch.nn.GELU()
    }
    throw std::invalid_argument("unknown activation");
}

// A run of models (in activation order) that share an activation.
struct ActivationRun {
    Activation activation;
    int64_t first = 0, count = 0;
};

// x: models along dimension `dim` (in activation order); each run gets its activation.
torch::Tensor activateRuns(const torch::Tensor& x, int64_t dim, const std::vector<ActivationRun>& runs)
{
    if (runs.size() == 1)
        return activate(x, runs.front().activation);
    std::vector<torch::Tensor> parts;
    parts.reserve(runs.size());
    for (const ActivationRun& r : runs)
        parts.push_back(activate(x.narrow(dim, r.first, r.count), r.activation));
    return torch::cat(parts, dim);
}

} // namespace

DifferentiableForward::DifferentiableForward(Architecture architecture)
    : m_architecture(std::move(architecture))
{
    if (m_architecture.layers.empty())
        throw std::invalid_argument("differentiable forward: the architecture has no layers");
}

torch::Tensor DifferentiableForward::logits(const torch::Tensor& weights, const std::vector<Activation>& activations,
                                            const torch::Tensor& images) const
{
    return run(weights, activations, images, nullptr);
}

std::vector<torch::Tensor> DifferentiableForward::hiddenActivations(const torch::Tensor& weights,
                                                                    const std::vector<Activation>& activations,
                                                                    const torch::Tensor& images) const
{
    std::vector<torch::Tensor> hidden;
    run(weights, activations, images, &hidden);
    return hidden;
}

torch::Tensor DifferentiableForward::run(const torch::Tensor& weights, const std::vector<Activation>& activations,
                                         const torch::Tensor& images, std::vector<torch::Tensor>* hidden) const
{
    const Architecture& arch = m_architecture;
    const int64_t P = arch.parameterCount();
    if (weights.dim() != 2 || weights.size(1) != P)
        throw std::invalid_argument("differentiable forward: weights must be [models, " + std::to_string(P) + "]");
    const int64_t M = weights.size(0);
    if (static_cast<int64_t>(activations.size()) != M)
        throw std::invalid_argument("differentiable forward: need one activation per model (" + std::to_string(M) + "), got " +
                                    std::to_string(activations.size()));
    if (images.dim() != 4 || images.size(1) != arch.inputChannels || images.size(2) != arch.inputSize ||
        images.size(3) != arch.inputSize)
        throw std::invalid_argument("differentiable forward: images must be [count, " + std::to_string(arch.inputChannels) + ", " +
                                    std::to_string(arch.inputSize) + ", " + std::to_string(arch.inputSize) + "]");
    const int64_t N = images.size(0);
    if (M == 0 || N == 0) {
        if (hidden) // the shapes a forward pass would give, empty
            for (const LayerLayout& l : arch.layers)
                if (l.activationAfter)
                    hidden->push_back(torch::zeros(l.kind == LayerKind::Conv ? std::vector<int64_t>{M, N, l.neurons, 0, 0}
                                                                             : std::vector<int64_t>{M, N, l.neurons},
                                                   weights.options()));
        return torch::zeros({M, N, arch.classes}, weights.options());
    }

    // Models in activation order (stable), runs of equal activation.
    std::vector<int64_t> order(static_cast<size_t>(M));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
        return static_cast<int>(activations[static_cast<size_t>(a)]) < static_cast<int>(activations[static_cast<size_t>(b)]);
    });
    std::vector<ActivationRun> runs;
    bool identity = true;
    for (int64_t i = 0; i < M; ++i) {
        const Activation a = activations[static_cast<size_t>(order[static_cast<size_t>(i)])];
        identity = identity && order[static_cast<size_t>(i)] == i;
        if (runs.empty() || runs.back().activation != a)
            runs.push_back({a, i, 0});
        ++runs.back().count;
    }
    const torch::Tensor orderIndex = torch::tensor(order, torch::kLong);
    const torch::Tensor w = identity ? weights : weights.index_select(0, orderIndex);
    std::vector<int64_t> inverse(static_cast<size_t>(M));
    for (int64_t i = 0; i < M; ++i)
        inverse[static_cast<size_t>(order[static_cast<size_t>(i)])] = i;
    const torch::Tensor inverseIndex = torch::tensor(inverse, torch::kLong);
    // Models along dimension 0 back in the caller's order.
    const auto callerOrder = [&](const torch::Tensor& t) { return identity ? t : t.index_select(0, inverseIndex); };

    torch::Tensor h = images.to(weights.dtype());   // conv: [N, M*C, H, W] (the first conv reads the shared images)
    bool shared = true;                              // h is still the images, common to all models
    bool flat = false;                               // linear: [M, N, F]
    for (const LayerLayout& l : arch.layers) {
        const torch::Tensor lw = w.narrow(1, l.offset, l.weightCount());
        const torch::Tensor lb = w.narrow(1, l.biasOffset(), l.neurons);
        if (l.kind == LayerKind::Conv) {
            if (flat)
                throw std::invalid_argument("differentiable forward: a conv layer after a linear one");
            const torch::Tensor kernel = lw.reshape({M * l.neurons, l.channelsIn, l.kernelH, l.kernelW});
            const torch::Tensor bias = lb.reshape({M * l.neurons});
            h = shared ? torch::conv2d(h, kernel, bias)
                       : torch::conv2d(h, kernel, bias, torch::IntArrayRef{1, 1}, torch::IntArrayRef{0, 0}, torch::IntArrayRef{1, 1}, M);
            shared = false;
            if (l.poolAfter)
                h = torch::max_pool2d(h, 2);
            if (l.activationAfter) {
                const auto sizes = h.sizes().vec();
                h = activateRuns(h.reshape({N, M, -1}), 1, runs).reshape(sizes);
                if (hidden)
                    hidden->push_back(callerOrder(h.reshape({N, M, l.neurons, h.size(2), h.size(3)}).transpose(0, 1)));
            }
        } else {
            if (!flat) {
                if (shared)
                    h = h.reshape({N, 1, -1}).expand({N, M, h[0].numel()});
                else
                    h = h.reshape({N, M, -1});
                h = h.transpose(0, 1); // [M, N, F], each model's features in channel-major order
                flat = true;
            }
            if (h.size(2) != l.inFeatures())
                throw std::invalid_argument("differentiable forward: layer " + l.name + " expects " + std::to_string(l.inFeatures()) +
                                            " features, gets " + std::to_string(h.size(2)));
            const torch::Tensor matrix = lw.reshape({M, l.neurons, l.inFeatures()});
            h = torch::baddbmm(lb.unsqueeze(1), h, matrix.transpose(1, 2)); // [M, N, out]
            if (l.activationAfter) {
                h = activateRuns(h, 0, runs);
                if (hidden)
                    hidden->push_back(callerOrder(h));
            }
        }
    }
    if (!flat)
        throw std::invalid_argument("differentiable forward: the architecture does not end in a linear layer");
    return callerOrder(h);
}

torch::Tensor DifferentiableForward::behaviourLoss(const torch::Tensor& logits, const torch::Tensor& targetLogits)
{
    // Per model: squared logit error relative to the spread of the target's logits (1 - R^2 of the logits),
    // through log1p, then the mean over models. Plain MSE would be ruled by untrained U(0,1) models, whose
    // logits reach 1e5; the plain ratio by the decoder's first outputs (some 5e4 in the first epoch), which
    // swamped the reconstruction. log1p keeps small errors as they are and gives a far-off model's term a
    // gradient that shrinks as 1 / (1 + ratio), so no model rules the batch.
    const torch::Tensor error = (logits - targetLogits).pow(2).sum({1, 2});
    const torch::Tensor spread = (targetLogits - targetLogits.mean({1, 2}, true)).pow(2).sum({1, 2});
    return torch::log1p(error / (spread + 1e-6)).mean();
}

} // namespace detail
} // namespace zooscope
