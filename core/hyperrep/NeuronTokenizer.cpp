#include "hyperrep/NeuronTokenizer.h"
#include "core/Fnv1a.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace zooscope {

NeuronTokenizer::NeuronTokenizer(Architecture architecture) : m_architecture(std::move(architecture))
{
    if (m_architecture.layers.empty())
        throw std::invalid_argument("neuron tokenizer: the architecture has no layers");
    for (const LayerLayout& l : m_architecture.layers)
        m_tokenDim = std::max(m_tokenDim, l.tokenDim());
    m_parameterCount = m_architecture.parameterCount();
    for (size_t li = 0; li < m_architecture.layers.size(); ++li) {
        const LayerLayout& l = m_architecture.layers[li];
        m_layers.push_back({m_tokenCount, l.neurons, l.tokenDim()});
        for (int64_t n = 0; n < l.neurons; ++n) {
            m_tokenLayer.push_back(static_cast<int64_t>(li));
            // Row n of the [out, in, kh, kw] weight is contiguous; the bias sits after all weights.
            for (int64_t j = 0; j < m_tokenDim; ++j) {
                int64_t flat = -1;
                if (j < l.inFeatures())
                    flat = l.offset + n * l.inFeatures() + j;
                else if (j == l.inFeatures())
                    flat = l.biasOffset() + n;
                m_slotToFlat.push_back(flat);
            }
        }
        m_tokenCount += l.neurons;
    }
}

std::vector<float> NeuronTokenizer::tokenize(const float* flat, int64_t batch) const
{
    const int64_t slots = m_tokenCount * m_tokenDim;
    std::vector<float> tokens(static_cast<size_t>(batch * slots), 0.0f);
    for (int64_t b = 0; b < batch; ++b) {
        const float* in = flat + b * m_parameterCount;
        float* out = tokens.data() + b * slots;
        for (int64_t s = 0; s < slots; ++s)
            if (m_slotToFlat[s] >= 0)
                out[s] = in[m_slotToFlat[s]];
    }
    return tokens;
}

std::vector<float> NeuronTokenizer::tokenize(const std::vector<float>& flat) const
{
    if (flat.size() % static_cast<size_t>(m_parameterCount) != 0)
        throw std::invalid_argument("neuron tokenizer: " + std::to_string(flat.size()) +
                                    " floats are not a whole number of flat vectors of " +
                                    std::to_string(m_parameterCount));
    return tokenize(flat.data(), static_cast<int64_t>(flat.size()) / m_parameterCount);
}

std::vector<float> NeuronTokenizer::detokenize(const float* tokens, int64_t batch) const
{
    const int64_t slots = m_tokenCount * m_tokenDim;
    std::vector<float> flat(static_cast<size_t>(batch * m_parameterCount), 0.0f);
    for (int64_t b = 0; b < batch; ++b) {
        const float* in = tokens + b * slots;
        float* out = flat.data() + b * m_parameterCount;
        for (int64_t s = 0; s < slots; ++s)
            if (m_slotToFlat[s] >= 0)
                out[m_slotToFlat[s]] = in[s];
    }
    return flat;
}

std::vector<float> NeuronTokenizer::detokenize(const std::vector<float>& tokens) const
{
    const size_t slots = static_cast<size_t>(m_tokenCount * m_tokenDim);
    if (tokens.size() % slots != 0)
        throw std::invalid_argument("neuron tokenizer: " + std::to_string(tokens.size()) +
                                    " floats are not a whole number of token sets of " + std::to_string(slots));
    return detokenize(tokens.data(), static_cast<int64_t>(tokens.size() / slots));
}

std::string NeuronTokenizer::layoutHash(const Architecture& a)
{
    Fnv1a hash;
    const auto mix = [&hash](const std::string& s) {
        hash.mix(s.data(), s.size());
        hash.value(static_cast<unsigned char>(0xff)); // separator, so that ("ab","c") and ("a","bc") differ
    };
    mix(a.name);
    mix(std::to_string(a.inputChannels) + "x" + std::to_string(a.inputSize) + "->" + std::to_string(a.classes));
    for (const LayerLayout& l : a.layers) {
        mix(l.name);
        mix(std::to_string(static_cast<int>(l.kind)) + ":" + std::to_string(l.offset) + ":" + std::to_string(l.length) + ":" +
            std::to_string(l.neurons) + ":" + std::to_string(l.channelsIn) + ":" + std::to_string(l.kernelSize) + ":" +
            std::to_string(l.kernelH) + "x" + std::to_string(l.kernelW) + ":" + std::to_string(l.poolAfter));
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(hash.h));
    return buf;
}

} // namespace zooscope
