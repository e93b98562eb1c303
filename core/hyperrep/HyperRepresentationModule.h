#pragma once

// Internal engine header: the LibTorch side of HyperRepresentation, shared by the few translation
// units that include LibTorch (HyperRepresentationModule.cpp, HyperRepresentation.cpp,
// HyperRepresentationTrainer.cpp). Nothing outside core/ includes it.

#include "hyperrep/HyperRepresentation.h"
#include "hyperrep/NeuronTokenizer.h"

#include <torch/torch.h>

#include <memory>
#include <string>

namespace zooscope {
namespace detail {

// Pre-norm transformer block, the same as torch.nn.TransformerEncoderLayer(norm_first=True,
// batch_first=True, activation=relu): x + Drop(MHA(Norm(x))), then x + Drop(FF(Norm(x))) with
// FF = Linear -> ReLU -> Dropout -> Linear.
class TransformerBlockImpl : public torch::nn::Module {
public:
    TransformerBlockImpl(int64_t dModel, int64_t heads, int64_t feedForward, double dropout);
    torch::Tensor forward(const torch::Tensor& x); // [batch, tokens, dModel]
    // Where dropout draws its masks in training mode (the trainer's own generator, never LibTorch's global one).
    void setDropoutGenerator(at::Generator generator) { m_generator = std::move(generator); }
    // Data-parallel training: this process holds rows `rows` of a batch of `globalRows`; dropout draws the
    // whole batch's mask (the generator advances as in one process) and keeps these rows. 0: off.
    void setDropoutRows(int64_t globalRows, torch::Tensor rows)
    {
        m_dropoutGlobalRows = globalRows;
        m_dropoutRows = std::move(rows);
    }

private:
    // torch::dropout's arithmetic with masks from m_generator.
    torch::Tensor dropout(const torch::Tensor& x) const;

    int64_t m_heads;
    torch::nn::LayerNorm m_norm1{nullptr}, m_norm2{nullptr};
    torch::nn::Linear m_qkv{nullptr}, m_out{nullptr}, m_ff1{nullptr}, m_ff2{nullptr};
    torch::nn::Dropout m_dropout{nullptr}; // holds p (and keeps the saved module's layout)
    at::Generator m_generator;
    int64_t m_dropoutGlobalRows = 0;
    torch::Tensor m_dropoutRows;
};
TORCH_MODULE(TransformerBlock);

// The autoencoder over neuron tokens. It works on normalised flat vectors ((w - mean_l) / sigma_l per
// layer), so the layer-normalised loss is a plain mean of squares in its output space.
class AutoencoderImpl : public torch::nn::Module {
public:
    AutoencoderImpl(const Architecture& architecture, const HyperRepresentationConfig& config,
                    const LayerNormalisation& normalisation);

    torch::Tensor normalise(const torch::Tensor& flat) const;        // raw [B, P] -> normalised
    torch::Tensor denormalise(const torch::Tensor& normalised) const; // normalised [B, P] -> raw
    torch::Tensor encodeNormalised(const torch::Tensor& x);           // normalised [B, P] -> latent [B, L]
    torch::Tensor decodeNormalised(const torch::Tensor& z);           // latent [B, L] -> normalised [B, P]
    torch::Tensor project(const torch::Tensor& z);                    // projection head [B, L] -> [B, projectionDim]
    void setDropoutGenerator(const at::Generator& generator);
    // See TransformerBlockImpl::setDropoutRows (every block); globalRows 0 turns it off.
    void setDropoutRows(int64_t globalRows, const torch::Tensor& rows);
    // [P]: sigma of each parameter's layer (to turn normalised differences back into raw ones).
    const torch::Tensor& parameterSigma() const { return m_parameterSigma; }
    const torch::Tensor& parameterMean() const { return m_parameterMean; }
    // [P, layers]: 1 where parameter p belongs to layer l (per-model, per-layer sums as one matmul).
    const torch::Tensor& layerMembership() const { return m_layerMembership; }

private:
    NeuronTokenizer m_tokenizer;
    HyperRepresentationConfig m_config;
    torch::Tensor m_parameterMean, m_parameterSigma; // [P], not saved: rebuilt from the normalisation
    torch::Tensor m_layerMembership;                 // [P, layers], likewise
    torch::nn::ModuleList m_embed{nullptr}, m_deembed{nullptr};
    torch::Tensor m_encoderPosition, m_decoderPosition, m_compressionToken;
    torch::nn::ModuleList m_encoderBlocks{nullptr}, m_decoderBlocks{nullptr};
    torch::nn::LayerNorm m_encoderNorm{nullptr}, m_decoderNorm{nullptr};
    torch::nn::Linear m_toLatent{nullptr}, m_fromLatent{nullptr};
    torch::nn::Sequential m_projection{nullptr};
};
TORCH_MODULE(Autoencoder);

// Reconstruction loss between normalised vectors (see HyperRepresentation::reconstructionLoss).
torch::Tensor reconstructionLoss(const torch::Tensor& predictedNormalised, const torch::Tensor& targetNormalised,
                                 const AutoencoderImpl& module, ReconstructionLoss kind);
// NT-Xent: cosine similarity / temperature; positives are (a_i, b_i), negatives all other 2B - 2 rows.
torch::Tensor ntXent(const torch::Tensor& a, const torch::Tensor& b, double temperature);

// Writes an archive to `path` through AtomicFile. Throws std::runtime_error.
void saveArchiveAtomically(torch::serialize::OutputArchive& archive, const std::string& path);
// Opens `path` into `archive`; throws std::runtime_error naming the file when missing or unreadable.
void loadArchive(torch::serialize::InputArchive& archive, const std::string& path);

} // namespace detail

struct HyperRepresentation::Impl {
    Architecture architecture;
    HyperRepresentationConfig config;
    LayerNormalisation normalisation;
    ZooIdentity zoo;
    std::vector<TrainingRecord> history;
    Json trainingInfo = Json::object();
    std::vector<float> trainingMean; // [P] or empty
    detail::Autoencoder module{nullptr};

    // Builds the module, in eval mode, with initial weights drawn from config.seed (LibTorch's global
    // generator is restored). readFrom builds it without seeding: its weights are read over the initial ones.
    Impl(Architecture architecture, HyperRepresentationConfig config, LayerNormalisation normalisation,
         bool seededInitialWeights = true);

    Json metadata() const;
    // "format", "metadata", "model" and "training_mean" entries.
    void writeTo(torch::serialize::OutputArchive& archive) const;
    // Reads what writeTo wrote; `path` only names the file in errors.
    static std::unique_ptr<Impl> readFrom(torch::serialize::InputArchive& archive, const std::string& path);
};

} // namespace zooscope
