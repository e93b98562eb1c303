#pragma once
// A synthetic zoo with low-dimensional structure, for the hyper-representation tests: every model is a
// point u in R^k, its checkpoints move along u and a common drift with the epoch, each layer has its own scale (so the
// layer-normalised loss matters), and the recorded accuracy is a linear function of (u, epoch).
#include "hyperrep/HyperRepresentation.h"
#include "zoo/ModelZoo.h"

#include <cmath>
#include <random>

namespace aetest {

inline zooscope::ModelZoo structuredZoo(int models = 60, std::vector<int64_t> checkpoints = {0, 1, 2, 3}, int factors = 3,
                                         uint64_t seed = 7, zooscope::Architecture architecture = zooscope::Architecture::cnnSmall(1))
{
    using namespace zooscope;
    ModelZoo z;
    z.architecture = architecture;
    z.datasetId = "synthetic";
    z.epochs = checkpoints.back();
    z.checkpointEpochs = checkpoints;
    z.createdBy = "aetest::structuredZoo";
    const int64_t P = z.architecture.parameterCount();
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    const float layerScale[] = {0.25f, 0.04f, 0.15f, 0.01f, 0.1f, 0.05f, 0.05f}; // well within |w| <= 5
    std::vector<float> scale(static_cast<size_t>(P)), base(static_cast<size_t>(P));
    for (size_t l = 0; l < z.architecture.layers.size(); ++l)
        for (int64_t i = z.architecture.layers[l].offset; i < z.architecture.layers[l].offset + z.architecture.layers[l].length; ++i)
            scale[static_cast<size_t>(i)] = layerScale[l % 7];
    for (int64_t i = 0; i < P; ++i)
        base[static_cast<size_t>(i)] = scale[static_cast<size_t>(i)] * normal(rng);
    // Training moves every model along a common drift as well (so the epoch is linear in the weights).
    std::vector<float> drift(static_cast<size_t>(P));
    for (int64_t i = 0; i < P; ++i)
        drift[static_cast<size_t>(i)] = scale[static_cast<size_t>(i)] * normal(rng);
    std::vector<float> directions(static_cast<size_t>(factors * P));
    for (int f = 0; f < factors; ++f)
        for (int64_t i = 0; i < P; ++i)
            directions[static_cast<size_t>(f * P + i)] = scale[static_cast<size_t>(i)] * normal(rng);
    const Activation acts[] = {Activation::Tanh, Activation::ReLU};
    const Init inits[] = {Init::Uniform, Init::Normal, Init::KaimingUniform};
    const size_t C = checkpoints.size();
    z.weights.resize(static_cast<size_t>(models) * C * static_cast<size_t>(P));
    const size_t perMetric = static_cast<size_t>(models) * static_cast<size_t>(z.epochs + 1);
    for (auto* v : {&z.trainLoss, &z.trainAccuracy, &z.validationLoss, &z.validationAccuracy, &z.testLoss, &z.testAccuracy})
        v->assign(perMetric, std::nanf(""));
    for (int m = 0; m < models; ++m) {
        z.modelIds.push_back(m);
        Hyperparameters h;
        h.activation = acts[m % 2];
        h.init = inits[m % 3];
        h.optimizer = (m / 2) % 2 ? Optimizer::SGD : Optimizer::Adam;
        h.learningRate = (m / 4) % 2 ? 1e-3 : 1e-4;
        h.weightDecay = (m / 8) % 2 ? 1e-3 : 1e-4;
        h.seed = static_cast<uint64_t>(m + 1);
        z.hyperparameters.push_back(h);
        std::vector<float> u(static_cast<size_t>(factors));
        for (auto& x : u)
            x = normal(rng);
        // The activation leaves a mark in the weights, so that a linear probe can find it.
        u[0] += h.activation == Activation::ReLU ? 1.0f : -1.0f;
        for (size_t c = 0; c < C; ++c) {
            const float t = static_cast<float>(checkpoints[c] + 1) / static_cast<float>(checkpoints.back() + 1);
            float* w = z.weights.data() + (static_cast<size_t>(m) * C + c) * static_cast<size_t>(P);
            for (int64_t i = 0; i < P; ++i) {
                float v = base[static_cast<size_t>(i)] + t * drift[static_cast<size_t>(i)];
                for (int f = 0; f < factors; ++f)
                    v += t * u[static_cast<size_t>(f)] * directions[static_cast<size_t>(f * P + i)];
                w[i] = v + 0.02f * scale[static_cast<size_t>(i)] * normal(rng);
            }
        }
        for (int64_t e = 0; e <= z.epochs; ++e) {
            const size_t k = static_cast<size_t>(m * (z.epochs + 1) + e);
            z.testAccuracy[k] = 0.5f + 0.1f * u[1] + 0.05f * static_cast<float>(e);
            z.trainAccuracy[k] = z.testAccuracy[k] + 0.02f * u[2] + 0.01f * static_cast<float>(e);
            z.validationAccuracy[k] = z.testAccuracy[k];
            z.testLoss[k] = z.trainLoss[k] = z.validationLoss[k] = 1.0f - z.testAccuracy[k];
        }
    }
    assignPopulationSplit(z, 42);
    return z;
}

// A one-block autoencoder small enough to train in a test (no dropout: runs repeat exactly).
inline zooscope::HyperRepresentationConfig smallConfig(int64_t latent = 12)
{
    zooscope::HyperRepresentationConfig c;
    c.blocks = 1;
    c.dModel = 32;
    c.heads = 2;
    c.feedForward = 64;
    c.latentDim = latent;
    c.dropout = 0.0;
    c.projectionDim = 16;
    c.seed = 3;
    return c;
}

inline zooscope::LayerNormalisation unitNormalisation(size_t layers)
{
    zooscope::LayerNormalisation n;
    n.mean.assign(layers, 0.0);
    n.sigma.assign(layers, 1.0);
    return n;
}

// That autoencoder freshly initialised, normalised on `samples` (flat vectors), on the zoo's first
// checkpoints, or not at all: enough where a test only encodes (its latents are a fixed, deterministic map
// of the weights).
inline zooscope::HyperRepresentation untrainedHyperRepresentation(const zooscope::Architecture& architecture,
                                                                   const std::vector<const float*>& samples, int64_t latent = 8)
{
    using namespace zooscope;
    return HyperRepresentation(architecture, smallConfig(latent), LayerNormalisation::fromSamples(architecture, samples));
}

inline zooscope::HyperRepresentation untrainedHyperRepresentation(const zooscope::ModelZoo& zoo, int64_t latent = 8)
{
    std::vector<const float*> samples;
    for (int64_t m = 0; m < zoo.modelCount(); ++m)
        samples.push_back(zoo.weightsAt(m, 0));
    return untrainedHyperRepresentation(zoo.architecture, samples, latent);
}

inline zooscope::HyperRepresentation untrainedHyperRepresentation(const zooscope::Architecture& architecture)
{
    return zooscope::HyperRepresentation(architecture, smallConfig(), unitNormalisation(architecture.layers.size()));
}

} // namespace aetest
