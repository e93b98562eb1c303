#include "hyperrep/HyperRepresentationRecipe.h"

namespace zooscope {

HyperRepresentationRecipe HyperRepresentationRecipe::recommended()
{
    HyperRepresentationRecipe r;
    r.config.dModel = 128;
    r.config.heads = 8;
    r.config.feedForward = 256;
    r.config.latentDim = 384;
    r.config.dropout = 0;
    r.options.epochs = 40;
    r.options.loss = ReconstructionLoss::ModelRelative;
    r.options.gamma = 0.05;
    r.options.augmentation.noiseSigma = 0.001;
    r.options.augmentation.erasingProbability = 0;
    r.options.behaviourWeight = 0.1;
    r.options.behaviourImages = 64;
    r.options.behaviourStartEpoch = 21;
    return r;
}

} // namespace zooscope
