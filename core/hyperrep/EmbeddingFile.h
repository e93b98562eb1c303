#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace zooscope {

// Latents of a zoo's models and checkpoints, made by one hyper-representation.
struct ZooEmbedding {
    std::string name;                    // group name under /embeddings
    int64_t models = 0;
    int64_t checkpoints = 0;
    int64_t latentDim = 0;
    std::vector<float> latents;          // [models, checkpoints, latentDim]; NaN where the checkpoint has no weights
    std::vector<int64_t> modelIds;       // [models], the zoo's ids in its row order
    std::vector<int64_t> checkpointEpochs; // [checkpoints]
    std::string hyperRepresentationPath; // the file that made them
    std::string hyperRepresentationHash; // HyperRepresentation::fileHash of that file
    std::string layoutHash;              // architecture layout (NeuronTokenizer::layoutHash)
    std::string createdBy;               // command line or tool

    const float* latentAt(int64_t model, int64_t checkpoint) const
    {
        return latents.data() + (model * checkpoints + checkpoint) * latentDim;
    }
};

// Embeddings stored inside a zoo file as HDF5 groups /embeddings/<name> (datasets latents, model_ids,
// checkpoint_epochs; string attributes hyper_representation_path, hyper_representation_hash,
// layout_hash, created_by). The zoo's own datasets are never touched.
class EmbeddingFile {
public:
    // Adds or replaces one embedding. Safe against interruption (through AtomicFile: a copy of the zoo
    // gets the group and replaces it), so the zoo file is always either the old or the new one. Throws std::runtime_error naming the file (not a zoo,
    // shapes that do not match the zoo, unwritable); std::invalid_argument for a bad name.
    static void write(const std::string& zooPath, const ZooEmbedding& embedding);

    // Throws std::runtime_error naming the file and the embedding when it is missing or malformed.
    static ZooEmbedding read(const std::string& zooPath, const std::string& name);

    // Names of the embeddings in the zoo file (empty when none).
    static std::vector<std::string> list(const std::string& zooPath);
};

} // namespace zooscope
