#pragma once

#include "zoo/Architecture.h"
#include "core/EnumNames.h"
#include "core/Json.h"
#include "core/Progress.h"

#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace zooscope {

class Communicator;

// How the token sequence becomes the latent vector.
enum class Bottleneck {
    Linear,           // flatten all tokens -> Linear -> latent (the paper's hyper-representation)
    CompressionToken, // a learned extra token; its encoder output -> Linear -> latent
};

// Which reconstruction loss the trainer minimises (method.md section 2).
enum class ReconstructionLoss {
    LayerNormalised, // sum over layers of ||w_hat^l - w^l||^2 / sigma_l^2, the paper's key contribution
    PlainMse,        // ablation baseline: small-variance layers shrink toward 0
    ModelRelative,   // each model's layer error relative to that model's own layer RMS: zoos whose models
                     // differ in scale (U(0,1) next to kaiming inits) are fitted where each one's function is
};

// "linear", "token" (also read: "compression-token").
const EnumNames<Bottleneck>& bottleneckNames();
// "layer-normalised", "plain-mse", "model-relative" (also read: "layer-normalized", "mse", "relative").
const EnumNames<ReconstructionLoss>& reconstructionLossNames();
std::string toString(Bottleneck b);
Bottleneck bottleneckFromString(const std::string& s); // throws std::invalid_argument listing the names
std::string toString(ReconstructionLoss l);
ReconstructionLoss reconstructionLossFromString(const std::string& s);

// Sizes of the transformer autoencoder.
struct HyperRepresentationConfig {
    int64_t blocks = 2;          // transformer blocks in the encoder and again in the decoder
    int64_t dModel = 64;         // token width
    int64_t heads = 4;           // attention heads (dModel must be a multiple)
    int64_t feedForward = 128;   // hidden width of each block's feed-forward part
    int64_t latentDim = 256;     // 32 reached reconstruction R^2 0.95, 256 0.98 on a 512-model F-MNIST zoo
    double dropout = 0.1;
    Bottleneck bottleneck = Bottleneck::Linear;
    bool tanhLatent = false;     // bound the latent to (-1, 1)
    int64_t projectionDim = 64;  // width of the projection head used by the contrastive loss
    uint64_t seed = 1;           // initial weights

    // Throws std::invalid_argument naming the bad size.
    void validate() const;
    Json toJson() const;
    static HyperRepresentationConfig fromJson(const Json& j);
};

// Per-layer statistics of the training population: every weight and bias of layer l pooled. The model
// sees (w - mean_l) / sigma_l; the layer-normalised loss divides by sigma_l^2.
struct LayerNormalisation {
    std::vector<double> mean;  // [layers]
    std::vector<double> sigma; // [layers], floored at kSigmaFloor

    static constexpr double kSigmaFloor = 1e-4;

    // samples: flat vectors of the architecture (NaN-free).
    static LayerNormalisation fromSamples(const Architecture& architecture, const std::vector<const float*>& samples);
    Json toJson() const;
    static LayerNormalisation fromJson(const Json& j);
};

// The zoo a hyper-representation was trained on.
struct ZooIdentity {
    std::string path;        // as given to the trainer (absolute where known)
    std::string datasetId;
    std::string architecture;
    std::string layoutHash;  // NeuronTokenizer::layoutHash
    int64_t models = 0;
    int64_t trainingSamples = 0;

    Json toJson() const;
    static ZooIdentity fromJson(const Json& j);
};

// One epoch of training, as recorded in the file.
struct TrainingRecord {
    int64_t epoch = 0;
    double loss = 0, reconstructionLoss = 0, contrastiveLoss = 0;
    double behaviourLoss = std::nan(""); // the behavioural term's mean; NaN when it was off
    double trainR2 = 0, validationR2 = 0;
    double seconds = 0;      // wall time of this epoch
};

// A trained (or freshly initialised) hyper-representation: the transformer autoencoder of method.md
// section 2 over neuron tokens of one architecture. Encoding and decoding run on flat weight vectors;
// LibTorch stays behind this interface. Not thread-safe: use one object per thread.
class HyperRepresentation {
public:
    static constexpr const char* kFormat = "zooscope-hyper-representation";
    static constexpr int64_t kFormatVersion = 1;

    // Initial weights from config.seed. Throws std::invalid_argument for a bad config or a
    // normalisation that does not have one entry per layer.
    HyperRepresentation(Architecture architecture, HyperRepresentationConfig config, LayerNormalisation normalisation);
    HyperRepresentation(HyperRepresentation&&) noexcept;
    HyperRepresentation& operator=(HyperRepresentation&&) noexcept;
    ~HyperRepresentation();

    const Architecture& architecture() const;
    const HyperRepresentationConfig& config() const;
    const LayerNormalisation& normalisation() const;
    int64_t parameterCount() const;          // flat weights of one zoo model
    int64_t latentDim() const;
    int64_t trainableParameterCount() const; // of the autoencoder itself

    const ZooIdentity& zoo() const;
    void setZoo(ZooIdentity zoo);
    const std::vector<TrainingRecord>& history() const;
    void setHistory(std::vector<TrainingRecord> history);
    // Free-form description of how it was trained (trainer options, command line).
    const Json& trainingInfo() const;
    void setTrainingInfo(Json info);

    // Per-parameter mean of the training population: the "predict the mean" reference of R^2.
    const std::vector<float>& trainingMean() const;
    void setTrainingMean(std::vector<float> mean);

    // flat [batch, parameters] -> latents [batch, latentDim] (evaluation mode: no dropout). Encoding and
    // decoding mutate nothing: several threads may use one HyperRepresentation at once. encode reports
    // to `progress` per chunk and throws OperationCancelled when it is cancelled.
    std::vector<float> encode(const float* flat, int64_t batch, const Progress& progress = {}) const;
    // Rows per chunk of encode and decode: a chunk's results do not depend on the other rows, so work
    // split at multiples of it (over MPI ranks) gives the same bits.
    static constexpr int64_t kChunkRows = 512;
    std::vector<float> encode(const std::vector<float>& flat, const Progress& progress = {}) const;
    // latents [batch, latentDim] -> flat [batch, parameters].
    std::vector<float> decode(const float* latents, int64_t batch) const;
    std::vector<float> decode(const std::vector<float>& latents) const;

    // The reconstruction loss the trainer uses, between flat vectors [batch, parameters]:
    // LayerNormalised: 1/(M N) sum_i sum_l ||p_i^l - t_i^l||^2 / sigma_l^2 (M samples, N parameters);
    // PlainMse: 1/(M N) sum_i ||p_i - t_i||^2.
    double reconstructionLoss(const std::vector<float>& predicted, const std::vector<float>& target,
                              ReconstructionLoss kind) const;
    struct ReconstructionScore {
        double loss = 0;                 // layer-normalised reconstruction loss
        double r2 = 0;                   // 1 - loss / loss of predicting trainingMean()
        std::vector<double> layerR2;     // per layer: 1 - SSE_l / SST_l (around trainingMean())
        int64_t samples = 0;
    };
    // Encodes and decodes `samples` (flat vectors) and scores the reconstruction. Without a training
    // mean the samples' own mean is the reference. Sums are taken per chunk of kChunkRows samples and
    // then over the chunks in order, so that `ranks` (null: this process alone; else a collective) can
    // split the chunks and give one process's score bit for bit. Throws OperationCancelled on every rank
    // when `progress` is cancelled on any.
    ReconstructionScore reconstructionScore(const std::vector<const float*>& samples, Communicator* ranks = nullptr,
                                            const Progress& progress = {}) const;

    // NT-Xent of two views' embeddings [batch, dim] (row i of a and b are the positive pair).
    static double ntXentLoss(const std::vector<float>& a, const std::vector<float>& b, int64_t batch, double temperature);

    // One file, written atomically (tmp + rename): config, architecture, zoo identity, normalisation,
    // history and the weights. Throws std::runtime_error naming the file.
    void save(const std::string& path) const;
    // Throws std::runtime_error naming the file when it is missing or not a hyper-representation.
    static HyperRepresentation load(const std::string& path);
    // The same, and throws std::runtime_error when it was trained for another architecture.
    static HyperRepresentation load(const std::string& path, const Architecture& expected);
    // Throws std::runtime_error explaining both architectures when `zooArchitecture` differs.
    void requireArchitecture(const Architecture& zooArchitecture, const std::string& what = "the zoo") const;

    // FNV-1a 64 of a file's bytes, 16 hex digits (ties embeddings to the file that made them).
    static std::string fileHash(const std::string& path);

    struct Impl; // LibTorch side, core/HyperRepresentationModule.h

    Impl& impl() { return *d; }
    const Impl& impl() const { return *d; }

private:
    friend class HyperRepresentationTrainer; // resumes from its checkpoint archive
    explicit HyperRepresentation(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> d;
};

} // namespace zooscope
