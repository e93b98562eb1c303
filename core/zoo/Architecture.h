#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace zooscope {

enum class LayerKind { Conv, Linear };

// Where one layer's parameters sit in a model's flat weight vector ([W0, b0, W1, b1, ...], row-major
// over [out, in, kh, kw]) and how they split into neuron tokens (one per output neuron).
struct LayerLayout {
    std::string name;          // "conv1", ..., "fc2"
    LayerKind kind = LayerKind::Conv;
    int64_t offset = 0;        // first weight of this layer in the flat vector; the bias follows the weights
    int64_t length = 0;        // weights + biases
    int64_t neurons = 0;       // output channels / features (= tokens)
    int64_t channelsIn = 0;    // input channels; for the first linear layer the channels of the flattened conv output
    int64_t kernelSize = 0;    // kh*kw; for the first linear layer the positions per channel (channel-major flatten)
    int64_t kernelH = 1, kernelW = 1; // conv only
    bool poolAfter = false;    // conv -> MaxPool2 -> activation
    bool activationAfter = true; // false for the output layer

    int64_t weightCount() const { return neurons * channelsIn * kernelSize; }
    int64_t biasOffset() const { return offset + weightCount(); }
    int64_t tokenDim() const { return channelsIn * kernelSize + 1; }
    int64_t inFeatures() const { return channelsIn * kernelSize; }
    // PyTorch shape of the weight tensor: [out, in, kh, kw] for conv, [out, in] for linear.
    std::vector<int64_t> weightShape() const
    {
        if (kind == LayerKind::Conv)
            return {neurons, channelsIn, kernelH, kernelW};
        return {neurons, inFeatures()};
    }
};

// A model zoo's network architecture as data (CNN-s and CNN3 of the public zoos).
struct Architecture {
    std::string name;          // "cnn-s" or "cnn3"
    int64_t inputChannels = 1;
    int64_t inputSize = 28;    // square images
    int64_t classes = 10;
    std::vector<LayerLayout> layers;

    int64_t parameterCount() const;
    int64_t tokenCount() const;

    // PyTorch state-dict keys of the public zoos (`module_list.{i}.weight`/`.bias`), in flat-vector
    // order; the module indices shift when dropout modules are present.
    std::vector<std::string> stateDictKeys(bool withDropout) const;
    // The `module_list` index of each layer (same order as `layers`): CNN-s {0,3,6,9,11} without dropout,
    // {0,4,8,11,14} with dropout (dropout after each activation except the last conv's); CNN3 always
    // {0,4,8,13,16} (the public CNN3 has dropout modules after every activation whatever the rate).
    std::vector<int> moduleIndices(bool withDropout) const;
    // Shape of each state-dict tensor, parallel to stateDictKeys(): weight shape, then {neurons} for the bias.
    std::vector<std::vector<int64_t>> stateDictShapes() const;

    static Architecture cnnSmall(int64_t inputChannels = 1);
    static Architecture cnn3(int64_t inputChannels = 3);
    // "cnn-s" or "cnn3"; throws std::invalid_argument for an unknown name.
    static Architecture byName(const std::string& name, int64_t inputChannels);
};

} // namespace zooscope
