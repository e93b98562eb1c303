#pragma once

#include "zoo/Architecture.h"

#include <cstdint>
#include <random>
#include <vector>

namespace zooscope {

// Augmentations of flat weight vectors for training hyper-representations (method.md section 2): the
// two views of a model differ by a function-preserving neuron permutation, additive Gaussian noise and
// random erasing of a contiguous block.
class WeightAugmentation {
public:
    struct Options {
        // Per view: permute every hidden layer, or leave as is. Off by default: with permutations a
        // 512-model zoo's reconstruction R^2 stayed at 0 for 5 epochs (0.88 without), i.e. they need
        // far more training than a desktop run gives; the paper trains for thousands of epochs.
        double permutationProbability = 0.0;
        double noiseSigma = 0.01;            // additive N(0, sigma^2) on every parameter; 0 = off
        double erasingProbability = 0.5;     // per view
        double erasingMinFraction = 0.02;    // erased block length as a fraction of the vector
        double erasingMaxFraction = 0.33;
    };

    // One permutation of the output neurons of every layer but the last (the classes keep their order).
    using Permutation = std::vector<std::vector<int64_t>>;

    // Throws std::invalid_argument when a layer's input channels differ from the previous layer's neurons
    // (then no function-preserving permutation exists in this layout).
    explicit WeightAugmentation(Architecture architecture, Options options);
    explicit WeightAugmentation(Architecture architecture);

    const Options& options() const { return m_options; }
    const Architecture& architecture() const { return m_architecture; }

    Permutation identityPermutation() const;
    Permutation randomPermutation(std::mt19937_64& rng) const;

    // Permutes output neuron i of layer l to position i (new row i = old row perm[l][i], with its bias)
    // and the input axis of layer l+1 to match: input channel c of l+1 becomes old channel perm[l][c],
    // all kernel positions of a channel moving together. For a conv -> linear step that is a block of
    // `positions` columns per channel, because the flatten is channel-major. The network computes the
    // same function. `in` and `out` are flat vectors of the architecture; they must not overlap.
    void permute(const float* in, float* out, const Permutation& permutation) const;
    std::vector<float> permuted(const std::vector<float>& flat, const Permutation& permutation) const;

    void addNoise(float* flat, double sigma, std::mt19937_64& rng) const;
    // With probability `erasingProbability`: a block of uniform length in [min, max] * parameters at a
    // uniform position is set to 0. Returns whether it erased.
    bool randomErase(float* flat, std::mt19937_64& rng) const;

    // One view: `clean` = the (maybe) permuted model, `augmented` = clean + noise, maybe erased. Both
    // [parameters]; `flat` is left untouched.
    void makeView(const float* flat, float* clean, float* augmented, std::mt19937_64& rng) const;

private:
    Architecture m_architecture;
    Options m_options;
    int64_t m_parameters = 0;
};

} // namespace zooscope
