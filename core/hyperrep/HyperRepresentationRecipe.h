#pragma once

#include "hyperrep/HyperRepresentation.h"
#include "hyperrep/HyperRepresentationTrainer.h"

namespace zooscope {

// An autoencoder configuration with its training options: what the GUI's training panel starts from.
struct HyperRepresentationRecipe {
    HyperRepresentationConfig config;
    HyperRepresentationTrainingOptions options;

    // The recipe of the shipped hyper-representation, which the ablation on the default zoo found best
    // (docs/hyper-representation-ablation.md): model-relative loss, latent 384, d_model 128, 8 heads,
    // no dropout or erasing, noise 0.001, gamma 0.05, 40 epochs, the behavioural term with weight 0.1 on
    // 64 images from epoch 21. The library defaults stay the paper's.
    static HyperRepresentationRecipe recommended();
};

} // namespace zooscope
