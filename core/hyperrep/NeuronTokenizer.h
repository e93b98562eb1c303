#pragma once

#include "zoo/Architecture.h"

#include <cstdint>
#include <string>
#include <vector>

namespace zooscope {

// Splits flat weight vectors into neuron tokens and back (method.md section 2): one token per output
// neuron = [its incoming weights over (channels in x kernel positions), its bias], zero padded to the
// longest token of the architecture. Driven only by the Architecture's layout, so CNN-s, CNN3 and any
// other layer list work unchanged. For the first linear layer the incoming weights are the channel-major
// flatten of the last conv output (channels x positions), which is simply that row of the weight matrix.
class NeuronTokenizer {
public:
    // Tokens of one layer: tokens [firstToken, firstToken + count), each `dim` long before padding.
    struct LayerTokens {
        int64_t firstToken = 0;
        int64_t count = 0;
        int64_t dim = 0;
    };

    explicit NeuronTokenizer(Architecture architecture);

    const Architecture& architecture() const { return m_architecture; }
    int64_t tokenCount() const { return m_tokenCount; }
    int64_t tokenDim() const { return m_tokenDim; }          // the longest token (padding length)
    int64_t parameterCount() const { return m_parameterCount; }
    const std::vector<LayerTokens>& layers() const { return m_layers; }
    // Layer index of every token, [tokenCount].
    const std::vector<int64_t>& tokenLayer() const { return m_tokenLayer; }

    // flat [batch, parameters] -> tokens [batch, tokenCount, tokenDim] (padding = 0).
    std::vector<float> tokenize(const float* flat, int64_t batch) const;
    std::vector<float> tokenize(const std::vector<float>& flat) const;
    // tokens [batch, tokenCount, tokenDim] -> flat [batch, parameters]; padding is ignored.
    std::vector<float> detokenize(const float* tokens, int64_t batch) const;
    std::vector<float> detokenize(const std::vector<float>& tokens) const;

    // For every token slot (token * tokenDim + position) the index into the flat vector, -1 for padding.
    const std::vector<int64_t>& slotToFlat() const { return m_slotToFlat; }

    // A stable hash of the layout (name, input, every layer's shape and offsets): two architectures with
    // the same hash have interchangeable flat vectors. 16 hex digits (FNV-1a 64).
    static std::string layoutHash(const Architecture& architecture);

private:
    Architecture m_architecture;
    std::vector<LayerTokens> m_layers;
    std::vector<int64_t> m_tokenLayer;
    std::vector<int64_t> m_slotToFlat;
    int64_t m_tokenCount = 0;
    int64_t m_tokenDim = 0;
    int64_t m_parameterCount = 0;
};

} // namespace zooscope
