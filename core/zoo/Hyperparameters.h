#pragma once

#include "core/EnumNames.h"

#include <cstdint>
#include <string>

namespace zooscope {

enum class Activation { Tanh, ReLU, Sigmoid, GELU };
// "uniform" in the public zoos is U(0,1) and "normal" N(0,1), not scaled variants.
enum class Init { Uniform, Normal, KaimingUniform, KaimingNormal };
enum class Optimizer { Adam, SGD }; // SGD always with momentum 0.9, as in the public zoos

// One model's training recipe: the public F-MNIST hyperparameter grid's axes plus seed and batch size.
struct Hyperparameters {
    Activation activation = Activation::Tanh;
    Init init = Init::Uniform;
    double dropout = 0.0;
    Optimizer optimizer = Optimizer::Adam;
    double learningRate = 3e-4;
    double weightDecay = 0.0;
    uint64_t seed = 1;
    int64_t batchSize = 10;
};

// Names as the public zoos' params.json spell them ("tanh", "kaiming_uniform", "adam", "sgd", ...), in
// enum order (the zoo file's label lists).
const EnumNames<Activation>& activationNames();
const EnumNames<Init>& initNames();
const EnumNames<Optimizer>& optimizerNames();
std::string toString(Activation a);
std::string toString(Init i);
std::string toString(Optimizer o);
// Throw std::invalid_argument naming the bad value.
Activation activationFromString(const std::string& s);
Init initFromString(const std::string& s);
Optimizer optimizerFromString(const std::string& s);

} // namespace zooscope
