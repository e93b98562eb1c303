#include "zoo/Architecture.h"

#include <stdexcept>

namespace zooscope {

namespace {

LayerLayout conv(const std::string& name, int64_t in, int64_t out, int64_t k, bool pool)
{
    LayerLayout l;
    l.name = name;
    l.kind = LayerKind::Conv;
    l.neurons = out;
    l.channelsIn = in;
    l.kernelH = k;
    l.kernelW = k;
    l.kernelSize = k * k;
    l.poolAfter = pool;
    l.activationAfter = true;
    return l;
}

LayerLayout linear(const std::string& name, int64_t channelsIn, int64_t positions, int64_t out, bool act)
{
    LayerLayout l;
    l.name = name;
    l.kind = LayerKind::Linear;
    l.neurons = out;
    l.channelsIn = channelsIn;
    l.kernelSize = positions;
    l.poolAfter = false;
    l.activationAfter = act;
    return l;
}

void assignOffsets(Architecture& a)
{
    int64_t offset = 0;
    for (auto& l : a.layers) {
        l.offset = offset;
        l.length = l.weightCount() + l.neurons;
        offset += l.length;
    }
}

} // namespace

int64_t Architecture::parameterCount() const
{
    int64_t n = 0;
    for (const auto& l : layers)
        n += l.length;
    return n;
}

int64_t Architecture::tokenCount() const
{
    int64_t n = 0;
    for (const auto& l : layers)
        n += l.neurons;
    return n;
}

// Module lists of the public zoos' CNN-s / CNN3:
//   conv [pool] act [dropout] conv [pool] act [dropout] conv [pool] act flatten linear act [dropout] linear
// CNN-s: dropout follows every activation except the last conv layer's, only when dropout > 0.
// CNN3: dropout modules follow every activation, always (the public code has `if True:`).
std::vector<int> Architecture::moduleIndices(bool withDropout) const
{
    // The public CNN3 always has its dropout modules (after every activation, the last conv's too),
    // whatever its dropout rate.
    const bool cnn3Style = name == "cnn3";
    if (cnn3Style)
        withDropout = true;
    std::vector<int> indices;
    int index = 0;
    const size_t n = layers.size();
    for (size_t i = 0; i < n; ++i) {
        const LayerLayout& l = layers[i];
        const bool nextIsLinear = i + 1 < n && layers[i + 1].kind == LayerKind::Linear;
        const bool lastConv = l.kind == LayerKind::Conv && nextIsLinear;
        indices.push_back(index++);
        if (l.poolAfter)
            ++index;
        if (l.activationAfter) {
            ++index;
            if (withDropout && (!lastConv || cnn3Style))
                ++index;
        }
        if (lastConv)
            ++index; // flatten
    }
    return indices;
}

std::vector<std::string> Architecture::stateDictKeys(bool withDropout) const
{
    std::vector<std::string> keys;
    for (int i : moduleIndices(withDropout)) {
        keys.push_back("module_list." + std::to_string(i) + ".weight");
        keys.push_back("module_list." + std::to_string(i) + ".bias");
    }
    return keys;
}

std::vector<std::vector<int64_t>> Architecture::stateDictShapes() const
{
    std::vector<std::vector<int64_t>> shapes;
    for (const auto& l : layers) {
        shapes.push_back(l.weightShape());
        shapes.push_back({l.neurons});
    }
    return shapes;
}

Architecture Architecture::cnnSmall(int64_t inputChannels)
{
    if (inputChannels < 1)
        throw std::invalid_argument("cnn-s: input channels must be at least 1");
    Architecture a;
    a.name = "cnn-s";
    a.inputChannels = inputChannels;
    a.inputSize = 28;
    a.classes = 10;
    // 28 -conv5-> 24 -pool-> 12 -conv5-> 8 -pool-> 4 -conv2-> 3: 4 channels x 3x3 = 36 features
    a.layers = {conv("conv1", inputChannels, 8, 5, true), conv("conv2", 8, 6, 5, true), conv("conv3", 6, 4, 2, false),
                linear("fc1", 4, 9, 20, true), linear("fc2", 20, 1, 10, false)};
    assignOffsets(a);
    return a;
}

Architecture Architecture::cnn3(int64_t inputChannels)
{
    if (inputChannels < 1)
        throw std::invalid_argument("cnn3: input channels must be at least 1");
    Architecture a;
    a.name = "cnn3";
    a.inputChannels = inputChannels;
    a.inputSize = 32;
    a.classes = 10;
    // 32 -conv3-> 30 -pool-> 15 -conv3-> 13 -pool-> 6 -conv3-> 4 -pool-> 2: 15 channels x 2x2 = 60 features
    a.layers = {conv("conv1", inputChannels, 16, 3, true), conv("conv2", 16, 32, 3, true), conv("conv3", 32, 15, 3, true),
                linear("fc1", 15, 4, 20, true), linear("fc2", 20, 1, 10, false)};
    assignOffsets(a);
    return a;
}

Architecture Architecture::byName(const std::string& name, int64_t inputChannels)
{
    if (name == "cnn-s" || name == "cnn_s" || name == "cnns")
        return cnnSmall(inputChannels);
    if (name == "cnn3")
        return cnn3(inputChannels);
    throw std::invalid_argument("unknown architecture '" + name + "' (known: cnn-s, cnn3)");
}

} // namespace zooscope
