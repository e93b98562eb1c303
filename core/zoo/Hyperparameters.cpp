#include "zoo/Hyperparameters.h"

namespace zooscope {

const EnumNames<Activation>& activationNames()
{
    static const EnumNames<Activation> names("activation", {{Activation::Tanh, "tanh", {}},
                                                            {Activation::ReLU, "relu", {}},
                                                            {Activation::Sigmoid, "sigmoid", {}},
                                                            {Activation::GELU, "gelu", {}}});
    return names;
}

const EnumNames<Init>& initNames()
{
    static const EnumNames<Init> names("init", {{Init::Uniform, "uniform", {}},
                                                {Init::Normal, "normal", {}},
                                                {Init::KaimingUniform, "kaiming_uniform", {}},
                                                {Init::KaimingNormal, "kaiming_normal", {}}});
    return names;
}

const EnumNames<Optimizer>& optimizerNames()
{
    static const EnumNames<Optimizer> names("optimizer", {{Optimizer::Adam, "adam", {}}, {Optimizer::SGD, "sgd", {}}});
    return names;
}

std::string toString(Activation a) { return activationNames().toString(a); }
std::string toString(Init i) { return initNames().toString(i); }
std::string toString(Optimizer o) { return optimizerNames().toString(o); }
Activation activationFromString(const std::string& s) { return activationNames().parse(s); }
Init initFromString(const std::string& s) { return initNames().parse(s); }
Optimizer optimizerFromString(const std::string& s) { return optimizerNames().parse(s); }

} // namespace zooscope
