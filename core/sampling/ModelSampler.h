#pragma once

#include "zoo/Dataset.h"
#include "core/Json.h"
#include "core/Progress.h"
#include "sampling/LatentSampler.h"
#include "zoo/CheckpointReference.h"
#include "zoo/ModelZoo.h"
#include "sampling/NoveltyMeasure.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace zooscope {

class Communicator;
class HyperRepresentation;

// How new models are made: the six samplers over latents (need a hyper-representation) and three
// baselines in weight space (method.md section 3).
enum class SamplingMethod {
    KdePaper, Kde, Gauss, Gmm, Neigh, Uniform, // decode(sampler(anchor latents))
    Noise,       // anchor weights + N(0, sigma^2) per weight, no autoencoder (Zeng et al. 2025)
    RandomInit,  // B_T: fresh models with the zoo's recipe (new seeds)
    Zoo,         // B_F: the anchors themselves, fine-tuned further
};

// "kde-paper", "kde", "gauss", "gmm", "neigh", "uniform", "noise", "random-init", "zoo".
const EnumNames<SamplingMethod>& samplingMethodNames();
std::string toString(SamplingMethod method);
// Throws std::invalid_argument listing the known names.
SamplingMethod samplingMethodFromString(const std::string& name);
bool needsHyperRepresentation(SamplingMethod method);
std::optional<SamplerKind> samplerKindOf(SamplingMethod method);
std::string samplingMethodDescription(SamplingMethod method);

// One anchor: a zoo model (by id) at one checkpoint epoch; epoch -1: the model's last checkpoint with weights.
using AnchorId = CheckpointReference;

// Which zoo checkpoints the generator starts from.
struct AnchorSelection {
    enum class Kind {
        TopPercent, // the best `topPercent` % of the training population's checkpoints by test accuracy
        Explicit,   // the listed ids (what a GUI selection produces)
        All,        // every checkpoint of the training population
    };
    Kind kind = Kind::TopPercent;
    double topPercent = 30;
    std::vector<AnchorId> ids;

    // "top30", "top12.5", "all", "ids:3,17,42" (last checkpoint) or "ids:3@5,17@10" (model@epoch).
    // Throws std::invalid_argument with the accepted forms.
    static AnchorSelection parse(const std::string& text);
    std::string toString() const;
};

// The training population's references for novelty, evaluated once (their test misclassifications) and
// kept between sampling runs on the same zoo: evaluating them is most of a run's time otherwise. The
// measure refers to the dataset split it was made on, which must outlive it.
struct NoveltyReferenceCache {
    std::string key;                         // zoo, dataset, reference epochs, weight limit
    std::shared_ptr<const NoveltyMeasure> measure;
    int64_t references = 0;
    std::shared_ptr<const void> owner;       // keeps the measure's dataset alive where a caller needs that
};

// The generated models as generated, right after their epoch-0 test (before fine-tuning and novelty),
// so that a caller can show them while the rest runs.
struct SamplingPreview {
    std::string methodName;
    std::vector<AnchorId> anchors;
    std::vector<int64_t> settingsAnchor;     // [models]: index into anchors
    std::vector<float> weights;              // [models, parameters]
    std::vector<double> testAccuracy;        // [models], 0..1 (NaN for non-finite models)
};

struct SamplingOptions {
    SamplingMethod method = SamplingMethod::KdePaper;
    int64_t count = 100;                       // models to generate
    AnchorSelection anchors;
    SamplerOptions sampler;                    // bandwidth, GMM components, seed (sampler methods)
    double noiseSigma = 0.02;                  // Noise baseline
    // Accuracy is recorded at these fine-tuning epochs (0 = as generated); they become the generated
    // zoo's checkpoint epochs. Fine-tuning uses each model's settings anchor's recipe with a new seed.
    std::vector<int64_t> finetuneEpochs{0, 1, 5};
    uint64_t seed = 1;                         // sampler draws, noise, new models' seeds
    // Fine-tune and evaluate on this dataset instead of the zoo's (transfer); null: the zoo's dataset.
    const Dataset* transferDataset = nullptr;
    // Few-shot fine-tuning: > 0 keeps only this many training images per class (the same images in every
    // run, DatasetLoader::perClassRows); validation and test stay whole. 0: all training images.
    int64_t finetuneImagesPerClass = 0;
    // Novelty against the training population (misclassification IoU and weight distance).
    bool measureNovelty = true;
    // Training-population checkpoints novelty compares against: their epochs (empty: all checkpoints).
    std::vector<int64_t> noveltyReferenceEpochs;
    double maxAbsWeight = 5.0;                 // anchors/references with any |w| above are skipped
    int threads = 0;                           // 0: the engine's compute threads
    // Novelty references of an earlier run: used when their key matches this run's (else evaluated anew).
    std::shared_ptr<const NoveltyReferenceCache> noveltyCache;
    // Where the references' test results are kept between runs and app starts (NoveltyReferenceStore);
    // empty: tested in every run that has no matching noveltyCache.
    std::string noveltyStoreDirectory;
    // Called on the generating thread once the models' epoch-0 test is done (before fine-tuning); on
    // rank 0 alone when ranks share the work.
    std::function<void(const SamplingPreview&)> preview;
    // The ranks that share the work (MPI under zooscope-cli): each decodes its blocks, tests, fine-tunes and
    // measures its block of models and tests its block of novelty references. Rank 0 gets the whole result,
    // the bits of one process with the same threads; the other ranks get only their stage times. Null: this
    // process alone.
    Communicator* communicator = nullptr;
};

// Accuracy and novelty of the generated population at one fine-tuning epoch.
struct GeneratedEpoch {
    int64_t epoch = 0;
    std::vector<double> testAccuracy;       // [models], 0..1
    std::vector<double> testLoss;           // [models]
    NoveltyResult novelty;                  // empty when not measured
};

struct SamplingResult {
    SamplingMethod method = SamplingMethod::KdePaper;
    std::string methodName;
    // The generated models as a zoo: checkpoint epochs = fine-tuning epochs, metrics per epoch,
    // modelSources = "<method> from anchor <id>@<epoch>: <settings rule>", createdBy set by the caller.
    ModelZoo zoo;
    std::vector<GeneratedEpoch> epochs;     // one per fine-tuning epoch, ascending
    std::vector<AnchorId> anchors;          // the anchors used (epochs resolved)
    std::vector<int64_t> settingsAnchor;    // [models]: index into anchors
    double anchorMeanAccuracy = 0;          // anchors' test accuracy (zoo metrics), 0..1
    std::string settingsRule;
    std::string datasetId;                  // where fine-tuning and evaluation ran
    double bandwidthUsed = 0;
    int64_t noveltyReferences = 0;          // training-population checkpoints novelty compared against
    Json options;                           // the settings that shaped the result
    double seconds = 0;
    // Wall seconds of each stage in order: "anchors", "encode", "sample", "decode", "evaluate" (epoch-0
    // test with misclassifications), "novelty references", "fine-tune" (trainer, epoch-0 test included),
    // "novelty". Stages that did not run are absent.
    std::vector<std::pair<std::string, double>> stageSeconds;
    // The novelty references this run used (the given cache or newly evaluated ones); null without novelty.
    std::shared_ptr<const NoveltyReferenceCache> noveltyCache;
    // Where this run's novelty references came from: "tested", "kept" (noveltyCache) or "stored"
    // (NoveltyReferenceStore); empty without novelty.
    std::string noveltyReferencesSource;
};

// Generates new models from a zoo (and its hyper-representation for the sampler methods): anchors ->
// latents -> decode -> batched evaluation -> fine-tuning of all models at once (population trainer,
// each with its anchor's recipe) -> novelty. Runs on the calling thread (the GUI uses a worker); not
// thread-safe itself.
class ModelSampler {
public:
    // hyperRepresentation may be null for the baselines. Throws std::invalid_argument when a sampler
    // method has none, or when it was trained for another architecture or dataset than the zoo.
    ModelSampler(const ModelZoo& zoo, const Dataset& data, const HyperRepresentation* hyperRepresentation);

    // The anchors a selection picks (resolved epochs), best first for TopPercent. Throws
    // std::invalid_argument when it is empty or names a model/checkpoint that is not in the zoo.
    std::vector<AnchorId> resolveAnchors(const AnchorSelection& selection, double maxAbsWeight = 5.0) const;

    // Throws std::invalid_argument for bad options (count < 1, no epochs, empty anchor set, ...) and
    // OperationCancelled when `progress` is cancelled. Stages reported: "collecting anchors",
    // "sampling", "encoding anchors", "decoding", "evaluating" / "fine-tuning", "measuring novelty: ...",
    // "done" (on the calling thread).
    SamplingResult generate(const SamplingOptions& options, const Progress& progress = {}) const;

private:
    const ModelZoo& m_zoo;
    const Dataset& m_data;
    const HyperRepresentation* m_hyper;
};

} // namespace zooscope
