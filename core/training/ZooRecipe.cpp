#include "training/ZooRecipe.h"

#include <stdexcept>

namespace zooscope {

std::vector<Hyperparameters> ZooRecipe::publicFmnistGrid(int64_t seedsPerConfig)
{
    if (seedsPerConfig < 1)
        throw std::invalid_argument("seeds per configuration must be >= 1");
    std::vector<Hyperparameters> out;
    for (Activation a : {Activation::Tanh, Activation::ReLU, Activation::Sigmoid, Activation::GELU})
        for (Init i : {Init::Uniform, Init::Normal, Init::KaimingUniform, Init::KaimingNormal})
            for (double dropout : {0.0, 0.5})
                for (Optimizer o : {Optimizer::Adam, Optimizer::SGD})
                    for (double lr : {1e-3, 1e-4})
                        for (double wd : {1e-3, 1e-4})
                            for (int64_t seed = 1; seed <= seedsPerConfig; ++seed) {
                                Hyperparameters h;
                                h.activation = a;
                                h.init = i;
                                h.dropout = dropout;
                                h.optimizer = o;
                                h.learningRate = lr;
                                h.weightDecay = wd;
                                h.seed = uint64_t(seed);
                                h.batchSize = 10;
                                out.push_back(h);
                            }
    return out;
}

std::vector<Hyperparameters> ZooRecipe::seedZoo(const std::vector<uint64_t>& seeds)
{
    std::vector<Hyperparameters> out;
    for (uint64_t seed : seeds) {
        Hyperparameters h;
        h.activation = Activation::Tanh;
        h.init = Init::Uniform;
        h.dropout = 0.0;
        h.optimizer = Optimizer::Adam;
        h.learningRate = 3e-4;
        h.weightDecay = 0.0;
        h.seed = seed;
        h.batchSize = 10;
        out.push_back(h);
    }
    return out;
}

} // namespace zooscope
