#include "hyperrep/WeightAugmentation.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <stdexcept>

namespace zooscope {

WeightAugmentation::WeightAugmentation(Architecture architecture) : WeightAugmentation(std::move(architecture), Options{}) {}

WeightAugmentation::WeightAugmentation(Architecture architecture, Options options)
    : m_architecture(std::move(architecture)), m_options(options), m_parameters(m_architecture.parameterCount())
{
    const auto& layers = m_architecture.layers;
    for (size_t l = 0; l + 1 < layers.size(); ++l)
        if (layers[l + 1].channelsIn != layers[l].neurons)
            throw std::invalid_argument("weight augmentation: layer " + layers[l + 1].name + " has " +
                                        std::to_string(layers[l + 1].channelsIn) + " input channels but " +
                                        layers[l].name + " has " + std::to_string(layers[l].neurons) + " neurons");
    if (m_options.erasingMinFraction < 0 || m_options.erasingMaxFraction > 1 ||
        m_options.erasingMinFraction > m_options.erasingMaxFraction)
        throw std::invalid_argument("weight augmentation: erasing fractions must satisfy 0 <= min <= max <= 1");
}

WeightAugmentation::Permutation WeightAugmentation::identityPermutation() const
{
    Permutation p;
    for (size_t l = 0; l + 1 < m_architecture.layers.size(); ++l) {
        std::vector<int64_t> ids(static_cast<size_t>(m_architecture.layers[l].neurons));
        std::iota(ids.begin(), ids.end(), 0);
        p.push_back(std::move(ids));
    }
    return p;
}

WeightAugmentation::Permutation WeightAugmentation::randomPermutation(std::mt19937_64& rng) const
{
    Permutation p = identityPermutation();
    for (auto& ids : p)
        for (size_t i = ids.size(); i > 1; --i)
            std::swap(ids[i - 1], ids[std::uniform_int_distribution<size_t>(0, i - 1)(rng)]);
    return p;
}

void WeightAugmentation::permute(const float* in, float* out, const Permutation& permutation) const
{
    const auto& layers = m_architecture.layers;
    if (permutation.size() + 1 != layers.size())
        throw std::invalid_argument("weight augmentation: a permutation needs one entry per hidden layer");
    for (size_t l = 0; l < layers.size(); ++l) {
        const LayerLayout& L = layers[l];
        // Rows follow this layer's own permutation (identity for the output layer).
        const std::vector<int64_t>* rows = l < permutation.size() ? &permutation[l] : nullptr;
        // Input channels follow the previous layer's permutation.
        const std::vector<int64_t>* cols = l > 0 ? &permutation[l - 1] : nullptr;
        if ((rows && static_cast<int64_t>(rows->size()) != L.neurons) ||
            (cols && static_cast<int64_t>(cols->size()) != L.channelsIn))
            throw std::invalid_argument("weight augmentation: permutation size does not match layer " + L.name);
        const int64_t k = L.kernelSize, in_ = L.inFeatures();
        for (int64_t o = 0; o < L.neurons; ++o) {
            const int64_t src = rows ? (*rows)[static_cast<size_t>(o)] : o;
            const float* srcRow = in + L.offset + src * in_;
            float* dstRow = out + L.offset + o * in_;
            if (!cols) {
                std::memcpy(dstRow, srcRow, sizeof(float) * static_cast<size_t>(in_));
            } else {
                for (int64_t c = 0; c < L.channelsIn; ++c)
                    std::memcpy(dstRow + c * k, srcRow + (*cols)[static_cast<size_t>(c)] * k, sizeof(float) * static_cast<size_t>(k));
            }
            out[L.biasOffset() + o] = in[L.biasOffset() + src];
        }
    }
}

std::vector<float> WeightAugmentation::permuted(const std::vector<float>& flat, const Permutation& permutation) const
{
    if (static_cast<int64_t>(flat.size()) != m_parameters)
        throw std::invalid_argument("weight augmentation: expected " + std::to_string(m_parameters) + " parameters, got " +
                                    std::to_string(flat.size()));
    std::vector<float> out(flat.size());
    permute(flat.data(), out.data(), permutation);
    return out;
}

void WeightAugmentation::addNoise(float* flat, double sigma, std::mt19937_64& rng) const
{
    if (sigma <= 0)
        return;
    std::normal_distribution<float> normal(0.0f, static_cast<float>(sigma));
    for (int64_t i = 0; i < m_parameters; ++i)
        flat[i] += normal(rng);
}

bool WeightAugmentation::randomErase(float* flat, std::mt19937_64& rng) const
{
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    if (unit(rng) >= m_options.erasingProbability)
        return false;
    const double fraction = m_options.erasingMinFraction +
                            unit(rng) * (m_options.erasingMaxFraction - m_options.erasingMinFraction);
    const int64_t length = std::clamp<int64_t>(std::llround(fraction * static_cast<double>(m_parameters)), 1, m_parameters);
    const int64_t start = std::uniform_int_distribution<int64_t>(0, m_parameters - length)(rng);
    std::fill(flat + start, flat + start + length, 0.0f);
    return true;
}

void WeightAugmentation::makeView(const float* flat, float* clean, float* augmented, std::mt19937_64& rng) const
{
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    if (unit(rng) < m_options.permutationProbability)
        permute(flat, clean, randomPermutation(rng));
    else
        std::memcpy(clean, flat, sizeof(float) * static_cast<size_t>(m_parameters));
    std::memcpy(augmented, clean, sizeof(float) * static_cast<size_t>(m_parameters));
    addNoise(augmented, m_options.noiseSigma, rng);
    randomErase(augmented, rng);
}

} // namespace zooscope
