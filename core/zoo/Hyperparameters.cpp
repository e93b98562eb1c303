#include "zoo/Hyperparameters.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace zooscope {

namespace {

std::string normalised(const std::string& s)
{
    std::string r;
    for (char c : s) {
        if (c == '-' || c == ' ')
            c = '_';
        r.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    return r;
}

} // namespace

std::string toString(Activation a)
{
    switch (a) {
    case Activation::Tanh: return "tanh";
    case Activation::ReLU: return "relu";
    case Activation::Sigmoid: return "sigmoid";
    case Activation::GELU: return "gelu";
    }
    throw std::invalid_argument("invalid activation value " + std::to_string(static_cast<int>(a)));
}

std::string toString(Init i)
{
    switch (i) {
    case Init::Uniform: return "uniform";
    case Init::Normal: return "normal";
    case Init::KaimingUniform: return "kaiming_uniform";
    case Init::KaimingNormal: return "kaiming_normal";
    }
    throw std::invalid_argument("invalid init value " + std::to_string(static_cast<int>(i)));
}

std::string toString(Optimizer o)
{
    switch (o) {
    case Optimizer::Adam: return "adam";
    case Optimizer::SGD: return "sgd";
    }
    throw std::invalid_argument("invalid optimizer value " + std::to_string(static_cast<int>(o)));
}

Activation activationFromString(const std::string& s)
{
    const std::string n = normalised(s);
    if (n == "tanh") return Activation::Tanh;
    if (n == "relu") return Activation::ReLU;
    if (n == "sigmoid") return Activation::Sigmoid;
    if (n == "gelu") return Activation::GELU;
    throw std::invalid_argument("unknown activation '" + s + "' (known: tanh, relu, sigmoid, gelu)");
}

Init initFromString(const std::string& s)
{
    const std::string n = normalised(s);
    if (n == "uniform") return Init::Uniform;
    if (n == "normal") return Init::Normal;
    if (n == "kaiming_uniform") return Init::KaimingUniform;
    if (n == "kaiming_normal") return Init::KaimingNormal;
    throw std::invalid_argument("unknown init '" + s + "' (known: uniform, normal, kaiming_uniform, kaiming_normal)");
}

Optimizer optimizerFromString(const std::string& s)
{
    const std::string n = normalised(s);
    if (n == "adam") return Optimizer::Adam;
    if (n == "sgd") return Optimizer::SGD;
    throw std::invalid_argument("unknown optimizer '" + s + "' (known: adam, sgd)");
}

} // namespace zooscope
