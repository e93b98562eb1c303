// The recipes of the zoos ZooScope makes: the hyperparameters of every model, in model-id order.
#pragma once

#include "zoo/Hyperparameters.h"

#include <cstdint>
#include <vector>

namespace zooscope {

class ZooRecipe {
public:
    // The public F-MNIST hyperparameter grid: 256 configurations, activation {tanh, relu, sigmoid, gelu}
    // x init {uniform, normal, kaiming_uniform, kaiming_normal} x dropout {0, 0.5} x optimizer {adam, sgd}
    // x lr {1e-3, 1e-4} x weight decay {1e-3, 1e-4} (nested in that order, activation outermost), each
    // with seeds 1..seedsPerConfig (seed innermost); batch size 10. Throws std::invalid_argument for
    // seedsPerConfig < 1.
    static std::vector<Hyperparameters> publicFmnistGrid(int64_t seedsPerConfig = 1);

    // The public seed zoos' recipe for each seed: tanh, U(0,1) init, no dropout, Adam lr 3e-4, wd 0,
    // batch 10.
    static std::vector<Hyperparameters> seedZoo(const std::vector<uint64_t>& seeds);
};

} // namespace zooscope
