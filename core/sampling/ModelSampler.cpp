#include "sampling/ModelSampler.h"
#include "core/EngineInfo.h"
#include "core/SplitMix64.h"
#include "cluster/CancelTogether.h"
#include "cluster/RankShare.h"
#include "cluster/SingleProcessCommunicator.h"
#include "sampling/NoveltyReferenceStore.h"
#include "hyperrep/HyperRepresentation.h"
#include "hyperrep/HyperRepresentationTrainer.h"
#include "training/PopulationTrainer.h"
#include "zoo/DatasetLoader.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <numeric>
#include <random>
#include <sstream>
#include <stdexcept>

namespace zooscope {

namespace {

// Descriptions of the baselines (the samplers describe themselves).
const std::pair<SamplingMethod, const char*> kBaselineDescriptions[] = {
    {SamplingMethod::Noise,
     "baseline: anchor weights plus Gaussian noise in weight space (sigma 0.02 or 0.04), no autoencoder"},
    {SamplingMethod::RandomInit, "baseline B_T: fresh models initialised with the zoo's recipe"},
    {SamplingMethod::Zoo, "baseline B_F: the anchors themselves (the zoo's own models), fine-tuned further"},
};

// A distinct, reproducible seed per generated model: splitmix64 of the run seed and the model index (the
// state is offset so that the seeds are the ones sampling has always given).
uint64_t modelSeed(uint64_t seed, int64_t index)
{
    uint64_t state = seed * 0x9e3779b97f4a7c15ull + uint64_t(index) + (0x632be59bd9b4e019ull - 0x9e3779b97f4a7c15ull);
    return (splitmix64(state) & 0x7fffffffull) + 1; // positive, within what the zoo format and PyTorch seeds accept
}

// The novelty measure of references whose test results the ranks gathered: `wrong` holds one
// misclassification bitset per reference, one after the other.
std::shared_ptr<const NoveltyMeasure> referenceMeasure(const Architecture& arch, const DatasetSplit& test,
                                                       const std::vector<float>& references, const std::vector<uint64_t>& wrong,
                                                       std::vector<double> accuracy, int threads)
{
    const int64_t R = int64_t(references.size()) / arch.parameterCount(), words = (test.count + 63) / 64;
    if (int64_t(wrong.size()) != R * words || int64_t(accuracy.size()) != R)
        throw std::logic_error("novelty references: the ranks' test results do not add up");
    std::vector<std::vector<uint64_t>> sets(static_cast<size_t>(R));
    for (int64_t r = 0; r < R; ++r)
        sets[size_t(r)].assign(wrong.begin() + r * words, wrong.begin() + (r + 1) * words);
    return std::make_shared<const NoveltyMeasure>(arch, test, references, std::move(sets), std::move(accuracy), threads);
}

std::string formatNumber(double v)
{
    std::ostringstream s;
    s << v;
    return s.str();
}

} // namespace

const EnumNames<SamplingMethod>& samplingMethodNames()
{
    // The sampler methods are named after their samplers; then the baselines.
    static const EnumNames<SamplingMethod> names("sampling method", [] {
        std::vector<EnumName<SamplingMethod>> entries;
        for (SamplingMethod m : {SamplingMethod::KdePaper, SamplingMethod::Kde, SamplingMethod::Gauss, SamplingMethod::Gmm,
                                 SamplingMethod::Neigh, SamplingMethod::Uniform})
            for (const auto& e : samplerKindNames().entries())
                if (e.value == *samplerKindOf(m))
                    entries.push_back({m, e.name, e.aliases});
        entries.push_back({SamplingMethod::Noise, "noise", {}});
        entries.push_back({SamplingMethod::RandomInit, "random-init", {}});
        entries.push_back({SamplingMethod::Zoo, "zoo", {}});
        return entries;
    }());
    return names;
}

std::string toString(SamplingMethod method) { return samplingMethodNames().toString(method); }

SamplingMethod samplingMethodFromString(const std::string& name) { return samplingMethodNames().parse(name); }

std::optional<SamplerKind> samplerKindOf(SamplingMethod method)
{
    switch (method) {
    case SamplingMethod::KdePaper: return SamplerKind::KdePaper;
    case SamplingMethod::Kde: return SamplerKind::Kde;
    case SamplingMethod::Gauss: return SamplerKind::Gauss;
    case SamplingMethod::Gmm: return SamplerKind::Gmm;
    case SamplingMethod::Neigh: return SamplerKind::Neigh;
    case SamplingMethod::Uniform: return SamplerKind::Uniform;
    default: return std::nullopt;
    }
}

bool needsHyperRepresentation(SamplingMethod method) { return samplerKindOf(method).has_value(); }

std::string samplingMethodDescription(SamplingMethod method)
{
    if (auto kind = samplerKindOf(method))
        return samplerDescription(*kind) + "; decoded by the hyper-representation";
    for (const auto& [m, description] : kBaselineDescriptions)
        if (m == method)
            return description;
    return {};
}

// ----- anchors

AnchorSelection AnchorSelection::parse(const std::string& text)
{
    const std::string forms = " (use topP such as top30, all, or ids:3,17 / ids:3@5,17@10 for model@epoch)";
    AnchorSelection s;
    if (text == "all") {
        s.kind = Kind::All;
        return s;
    }
    if (text.rfind("top", 0) == 0) {
        s.kind = Kind::TopPercent;
        try {
            size_t used = 0;
            s.topPercent = std::stod(text.substr(3), &used);
            if (used != text.size() - 3)
                throw std::invalid_argument("trailing characters");
        } catch (const std::exception&) {
            throw std::invalid_argument("bad anchor selection '" + text + "'" + forms);
        }
        if (!(s.topPercent > 0 && s.topPercent <= 100))
            throw std::invalid_argument("anchor percentage must be in (0, 100], got '" + text + "'");
        return s;
    }
    if (text.rfind("ids:", 0) == 0) {
        s.kind = Kind::Explicit;
        try {
            s.ids = CheckpointReference::parseList(text.substr(4));
        } catch (const std::invalid_argument& e) {
            throw std::invalid_argument(std::string(e.what()) + " in '" + text + "'" + forms);
        }
        if (s.ids.empty())
            throw std::invalid_argument("the anchor list '" + text + "' is empty");
        return s;
    }
    throw std::invalid_argument("bad anchor selection '" + text + "'" + forms);
}

std::string AnchorSelection::toString() const
{
    switch (kind) {
    case Kind::All: return "all";
    case Kind::TopPercent: return "top" + formatNumber(topPercent);
    case Kind::Explicit: {
        std::string s = "ids:";
        for (size_t i = 0; i < ids.size(); ++i)
            s += (i ? "," : "") + ids[i].toString();
        return s;
    }
    }
    return {};
}

ModelSampler::ModelSampler(const ModelZoo& zoo, const Dataset& data, const HyperRepresentation* hyperRepresentation)
    : m_zoo(zoo), m_data(data), m_hyper(hyperRepresentation)
{
    if (m_hyper) {
        try {
            m_hyper->requireArchitecture(zoo.architecture);
        } catch (const std::exception& e) {
            throw std::invalid_argument(e.what());
        }
        const std::string& trainedOn = m_hyper->zoo().datasetId;
        if (!trainedOn.empty() && !zoo.datasetId.empty() && trainedOn != zoo.datasetId)
            throw std::invalid_argument("the hyper-representation was trained on a zoo of dataset '" + trainedOn +
                                        "', the zoo is of '" + zoo.datasetId + "'");
    }
}

std::vector<AnchorId> ModelSampler::resolveAnchors(const AnchorSelection& selection, double maxAbsWeight) const
{
    std::vector<AnchorId> out;
    if (selection.kind == AnchorSelection::Kind::Explicit) {
        if (selection.ids.empty())
            throw std::invalid_argument("the anchor set is empty");
        for (const AnchorId& id : selection.ids) {
            const int64_t row = m_zoo.rowOf(id.modelId);
            if (row < 0)
                throw std::invalid_argument("anchor model " + std::to_string(id.modelId) + " is not in the zoo");
            int64_t ck = -1;
            if (id.epoch < 0) {
                for (int64_t c = m_zoo.checkpointCount() - 1; c >= 0 && ck < 0; --c)
                    if (m_zoo.hasWeights(row, c))
                        ck = c;
                if (ck < 0)
                    throw std::invalid_argument("anchor model " + std::to_string(id.modelId) + " has no weights");
            } else {
                ck = m_zoo.checkpointIndex(id.epoch);
                if (ck < 0)
                    throw std::invalid_argument("the zoo has no checkpoint at epoch " + std::to_string(id.epoch) +
                                                " (anchor " + std::to_string(id.modelId) + ")");
                if (!m_zoo.hasWeights(row, ck))
                    throw std::invalid_argument("anchor model " + std::to_string(id.modelId) + " has no weights at epoch " +
                                                std::to_string(id.epoch));
            }
            AnchorId resolved{id.modelId, m_zoo.checkpointEpochs[size_t(ck)]};
            if (std::find(out.begin(), out.end(), resolved) == out.end())
                out.push_back(resolved);
        }
        return out;
    }
    const std::vector<ZooSample> samples =
        HyperRepresentationTrainer::populationSamples(m_zoo, PopulationSplit::Train, {}, maxAbsWeight);
    struct Ranked {
        ZooSample s;
        double accuracy;
    };
    std::vector<Ranked> ranked;
    for (const ZooSample& s : samples) {
        const double acc = m_zoo.metricAt(m_zoo.testAccuracy, s.model, m_zoo.checkpointEpochs[size_t(s.checkpoint)]);
        if (selection.kind == AnchorSelection::Kind::All || std::isfinite(acc))
            ranked.push_back({s, acc});
    }
    if (ranked.empty())
        throw std::invalid_argument("the anchor set is empty: the zoo's training population has no usable checkpoint "
                                    "with a test accuracy");
    if (selection.kind == AnchorSelection::Kind::TopPercent) {
        std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) { return a.accuracy > b.accuracy; });
        const int64_t keep =
            std::max<int64_t>(1, int64_t(std::ceil(selection.topPercent / 100.0 * double(ranked.size()) - 1e-9)));
        ranked.resize(size_t(std::min<int64_t>(keep, int64_t(ranked.size()))));
    }
    for (const Ranked& r : ranked)
        out.push_back({m_zoo.modelIds[size_t(r.s.model)], m_zoo.checkpointEpochs[size_t(r.s.checkpoint)]});
    return out;
}

// ----- generation

SamplingResult ModelSampler::generate(const SamplingOptions& opt, const Progress& progress) const
{
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    const auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
    auto stageStart = start;
    std::vector<std::pair<std::string, double>> stageSeconds;
    const auto endStage = [&](const char* name) {
        const auto now = Clock::now();
        stageSeconds.emplace_back(name, std::chrono::duration<double>(now - stageStart).count());
        stageStart = now;
    };
    // Stage weights of the overall fraction: making the weights, fine-tuning (with its evaluations), novelty.
    // With novelty the references take the share before fine-tuning when they are evaluated in this run.
    const double wMake = 0.05, wRefs = opt.measureNovelty ? 0.3 : 0.0, wTrain = opt.measureNovelty ? 0.5 : 0.95;
    const auto report = [&](const std::string& stage, double fraction, double left) { progress.report(fraction, stage, left); };
    // Ranks share the work in steps and exchange results between them; a stop (Ctrl-C reaches every rank,
    // not at the same moment) ends each rank's step and all ranks agree on it before the next exchange.
    Communicator& ranks = opt.communicator ? *opt.communicator : SingleProcessCommunicator::instance();
    const bool distributed = ranks.size() > 1;
    const auto step = [&](auto&& work) { cancelTogether(ranks, work); };

    if (opt.count < 1)
        throw std::invalid_argument("the number of models to generate must be >= 1");
    if (opt.finetuneEpochs.empty())
        throw std::invalid_argument("no fine-tuning epochs given (0 = evaluate as generated)");
    for (size_t i = 0; i < opt.finetuneEpochs.size(); ++i)
        if (opt.finetuneEpochs[i] < 0 || (i && opt.finetuneEpochs[i] <= opt.finetuneEpochs[i - 1]))
            throw std::invalid_argument("fine-tuning epochs must be >= 0, ascending and distinct");
    if (!(opt.noiseSigma >= 0) || !std::isfinite(opt.noiseSigma))
        throw std::invalid_argument("the noise sigma must be finite and >= 0");
    const auto samplerKind = samplerKindOf(opt.method);
    if (samplerKind && !m_hyper)
        throw std::invalid_argument("method '" + toString(opt.method) + "' needs a hyper-representation (--ae)");
    if (opt.finetuneImagesPerClass < 0)
        throw std::invalid_argument("images per class for fine-tuning must be >= 1 (0: all)");
    if (distributed && opt.count < ranks.size())
        throw std::invalid_argument(std::to_string(ranks.size()) + " ranks for " + std::to_string(opt.count) +
                                    " models: use at most " + std::to_string(opt.count) + " ranks");
    const Dataset& source = opt.transferDataset ? *opt.transferDataset : m_data;
    if (source.test.count < 1)
        throw std::invalid_argument("dataset '" + source.id + "' has no test images");
    // Few-shot: a copy whose training split keeps only the chosen images (validation and test are shared).
    Dataset fewShot;
    if (opt.finetuneImagesPerClass > 0) {
        fewShot.id = source.id;
        fewShot.train = DatasetLoader::subset(source.train, DatasetLoader::perClassRows(source.train, opt.finetuneImagesPerClass));
        fewShot.validation = source.validation;
        fewShot.test = source.test;
    }
    const Dataset& data = opt.finetuneImagesPerClass > 0 ? fewShot : source;

    const Architecture& arch = m_zoo.architecture;
    const int64_t P = arch.parameterCount();
    const int64_t n = opt.count;
    const int threads = EngineInfo::threadsFor(opt.threads);

    SamplingResult result;
    result.method = opt.method;
    result.methodName = toString(opt.method);
    result.datasetId = data.id;
    if (opt.finetuneImagesPerClass > 0)
        result.datasetId += " (" + std::to_string(fewShot.train.count) + " training images, " +
                            std::to_string(opt.finetuneImagesPerClass) + " per class)";
    result.anchors = resolveAnchors(opt.anchors, opt.maxAbsWeight);
    const int64_t k = int64_t(result.anchors.size());

    // This rank's models (all of them in one process); decoding goes in whole blocks of kBlock models so
    // that each block is decoded as one process decodes it.
    constexpr int64_t kBlock = 256;
    const RankShare mine(ranks, n);
    const RankShare decodeShare(ranks, n, kBlock);
    std::vector<float> anchorWeights(static_cast<size_t>(k * P));
    std::vector<Hyperparameters> anchorRecipe(static_cast<size_t>(k));
    std::vector<float> weights(static_cast<size_t>(n * P));
    result.settingsAnchor.assign(size_t(n), 0);
    step([&] {
        report("collecting anchors", 0, -1);
        std::vector<int> groups(static_cast<size_t>(k));
        double accSum = 0;
        int64_t accCount = 0;
        for (int64_t a = 0; a < k; ++a) {
            const int64_t row = m_zoo.rowOf(result.anchors[size_t(a)].modelId);
            const int64_t ck = m_zoo.checkpointIndex(result.anchors[size_t(a)].epoch);
            std::memcpy(anchorWeights.data() + a * P, m_zoo.weightsAt(row, ck), size_t(P) * sizeof(float));
            anchorRecipe[size_t(a)] = m_zoo.hyperparameters[size_t(row)];
            groups[size_t(a)] = int(anchorRecipe[size_t(a)].activation);
            const double acc = m_zoo.metricAt(m_zoo.testAccuracy, row, result.anchors[size_t(a)].epoch);
            if (std::isfinite(acc)) {
                accSum += acc;
                ++accCount;
            }
        }
        result.anchorMeanAccuracy = accCount ? accSum / double(accCount) : std::nan("");
        endStage("anchors");

        // ----- make the initial weights (every rank draws all of them: the draws are cheap and sequential)
        report("sampling", 0.01, -1);
        std::mt19937_64 rng(opt.seed);
        std::uniform_int_distribution<int64_t> pick(0, k - 1);
        switch (opt.method) {
        case SamplingMethod::Noise: {
            std::normal_distribution<double> normal(0.0, opt.noiseSigma > 0 ? opt.noiseSigma : 1.0);
            for (int64_t s = 0; s < n; ++s) {
                const int64_t a = pick(rng);
                result.settingsAnchor[size_t(s)] = a;
                for (int64_t p = 0; p < P; ++p)
                    weights[size_t(s * P + p)] =
                        float(anchorWeights[size_t(a * P + p)] + (opt.noiseSigma > 0 ? normal(rng) : 0.0));
            }
            result.settingsRule = "the anchor it was drawn around";
            break;
        }
        case SamplingMethod::RandomInit: {
            for (int64_t s = 0; s < n; ++s) {
                const int64_t a = pick(rng);
                result.settingsAnchor[size_t(s)] = a;
                Hyperparameters hp = anchorRecipe[size_t(a)];
                hp.seed = modelSeed(opt.seed, s);
                const std::vector<float> w = PopulationTrainer::initialWeights(arch, hp);
                std::copy(w.begin(), w.end(), weights.begin() + s * P);
            }
            result.settingsRule = "the recipe of a randomly drawn anchor, with a new seed";
            break;
        }
        case SamplingMethod::Zoo: {
            // Every anchor once (in a random order) before any repeats.
            std::vector<int64_t> order;
            while (int64_t(order.size()) < n) {
                std::vector<int64_t> round(static_cast<size_t>(k));
                for (int64_t a = 0; a < k; ++a)
                    round[size_t(a)] = a;
                std::shuffle(round.begin(), round.end(), rng);
                order.insert(order.end(), round.begin(), round.end());
            }
            for (int64_t s = 0; s < n; ++s) {
                const int64_t a = order[size_t(s)];
                result.settingsAnchor[size_t(s)] = a;
                std::copy(anchorWeights.begin() + a * P, anchorWeights.begin() + (a + 1) * P, weights.begin() + s * P);
            }
            result.settingsRule = "the anchor itself";
            break;
        }
        default: {
            report("encoding anchors", 0.01, -1);
            const std::vector<float> latents = m_hyper->encode(anchorWeights.data(), k);
            endStage("encode");
            SamplerOptions so = opt.sampler;
            so.seed = opt.seed;
            const LatentSampler sampler(*samplerKind, so);
            const LatentSamples samples = sampler.sample(latents, k, m_hyper->latentDim(), groups, n);
            result.bandwidthUsed = samples.bandwidthUsed;
            result.settingsAnchor = samples.settingsAnchor;
            result.settingsRule = samples.settingsRule;
            endStage("sample");
            report("decoding", 0.03, -1);
            // Decode in blocks so that a large N does not hold one huge activation tensor; this rank's blocks.
            for (int64_t s = decodeShare.begin(); s < decodeShare.end(); s += kBlock) {
                const int64_t b = std::min(kBlock, n - s);
                const std::vector<float> w = m_hyper->decode(samples.latents.data() + s * samples.latentDim, b);
                std::copy(w.begin(), w.end(), weights.begin() + s * P);
            }
            break;
        }
        }
        progress.throwIfCancelled();
    });
    if (samplerKind) {
        if (distributed)
            weights = RankShare::allgather(
                ranks, std::vector<float>(weights.begin() + decodeShare.begin() * P, weights.begin() + decodeShare.end() * P));
        endStage("decode");
    }
    if (stageSeconds.back().first == "anchors")
        endStage("sample");

    // ----- evaluate and fine-tune all models together (epoch 0 = as generated)
    std::vector<Hyperparameters> recipe(static_cast<size_t>(n));
    for (int64_t s = 0; s < n; ++s) {
        recipe[size_t(s)] = anchorRecipe[size_t(result.settingsAnchor[size_t(s)])];
        recipe[size_t(s)].seed = modelSeed(opt.seed + 7919, s); // data order and dropout of the fine-tuning
    }
    std::vector<Activation> acts;
    for (const auto& h : recipe)
        acts.push_back(h.activation);
    // This rank's models: their weights and activations.
    const std::vector<float> myWeights(weights.begin() + mine.begin() * P, weights.begin() + mine.end() * P);
    const std::vector<Activation> myActs(acts.begin() + mine.begin(), acts.begin() + mine.end());

    // ----- the epoch-0 test with misclassifications: shown at once (preview) and the epoch-0 novelty
    const bool noveltyAtZero = opt.measureNovelty && opt.finetuneEpochs.front() == 0;
    std::optional<EvaluationResult> atZero; // of this rank's models
    if (noveltyAtZero || opt.preview) {
        step([&] {
            report("evaluating", wMake * 0.6, -1);
            atZero = NoveltyMeasure::evaluateModels(arch, data.test, threads, myWeights.data(), mine.count(), myActs);
            progress.throwIfCancelled();
        });
        endStage("evaluate");
        if (opt.preview) {
            const std::vector<double> accuracy = RankShare::gather(ranks, atZero->accuracy);
            if (ranks.isRoot()) {
                SamplingPreview preview;
                preview.methodName = result.methodName;
                preview.anchors = result.anchors;
                preview.settingsAnchor = result.settingsAnchor;
                preview.weights = weights;
                preview.testAccuracy = accuracy;
                for (int64_t s = 0; s < n; ++s)
                    for (int64_t p = 0; p < P; ++p)
                        if (!std::isfinite(weights[size_t(s * P + p)])) {
                            preview.testAccuracy[size_t(s)] = std::nan("");
                            break;
                        }
                opt.preview(preview);
            }
        }
    }

    // ----- the novelty references: the training population's checkpoints, evaluated (or kept from before)
    std::shared_ptr<const NoveltyReferenceCache> references;
    if (opt.measureNovelty) {
        const std::vector<ZooSample> refs = HyperRepresentationTrainer::populationSamples(
            m_zoo, PopulationSplit::Train, opt.noveltyReferenceEpochs, opt.maxAbsWeight);
        std::vector<float> refWeights(refs.size() * size_t(P));
        std::vector<Activation> refActs;
        for (size_t r = 0; r < refs.size(); ++r) {
            std::memcpy(refWeights.data() + r * size_t(P), m_zoo.weightsAt(refs[r].model, refs[r].checkpoint),
                        size_t(P) * sizeof(float));
            refActs.push_back(m_zoo.hyperparameters[size_t(refs[r].model)].activation);
        }
        // The key: what the references are (their weights and activations) and what they are tested on.
        const std::string key = NoveltyReferenceStore::keyOf(arch, data.test, refWeights, refActs);
        if (opt.noveltyCache && opt.noveltyCache->key == key &&
            (!opt.noveltyCache->measure || &opt.noveltyCache->measure->split() == &data.test)) {
            references = opt.noveltyCache;
            result.noveltyReferencesSource = "kept";
        } else {
            auto cache = std::make_shared<NoveltyReferenceCache>();
            cache->key = key;
            result.noveltyReferencesSource = "tested";
            if (!refs.empty()) {
                cache->references = int64_t(refs.size());
                // Rank 0's store decides for all ranks (each node may have a cache folder of its own).
                const NoveltyReferenceStore store(opt.noveltyStoreDirectory);
                std::shared_ptr<const NoveltyMeasure> stored;
                step([&] {
                    report("measuring novelty: training models", wMake, -1);
                    if (ranks.isRoot())
                        stored = store.load(key, arch, data.test, refWeights);
                });
                if (RankShare::any(ranks, stored != nullptr)) {
                    result.noveltyReferencesSource = "stored";
                    if (distributed) {
                        std::vector<uint64_t> wrong;  // [references, words]: misclassified test images
                        std::vector<double> accuracy; // [references]
                        if (stored) {
                            for (const std::vector<uint64_t>& set : stored->referenceMisclassified())
                                wrong.insert(wrong.end(), set.begin(), set.end());
                            accuracy = stored->referenceAccuracy();
                        }
                        wrong = RankShare::broadcast(ranks, wrong);
                        accuracy = RankShare::broadcast(ranks, accuracy);
                        if (!stored)
                            stored = referenceMeasure(arch, data.test, refWeights, wrong, accuracy, threads);
                    }
                    cache->measure = stored;
                } else {
                    // Each rank tests its block of references; all ranks get every result.
                    const RankShare share(ranks, int64_t(refs.size()));
                    std::vector<uint64_t> wrong;
                    std::vector<double> accuracy;
                    step([&] {
                        if (share.count() == 0)
                            return;
                        const std::vector<Activation> shareActs(refActs.begin() + share.begin(), refActs.begin() + share.end());
                        const EvaluationResult r = NoveltyMeasure::evaluateModels(
                            arch, data.test, threads, refWeights.data() + share.begin() * P, share.count(), shareActs,
                            progress.sub(wMake, wMake + wRefs, "measuring novelty: training models"));
                        for (const std::vector<uint64_t>& set : NoveltyMeasure::misclassifiedSets(r.correct, share.count(), data.test.count))
                            wrong.insert(wrong.end(), set.begin(), set.end());
                        accuracy = r.accuracy;
                    });
                    auto measure = referenceMeasure(arch, data.test, refWeights, RankShare::allgather(ranks, wrong),
                                                    RankShare::allgather(ranks, accuracy), threads);
                    if (ranks.isRoot())
                        store.save(key, *measure);
                    cache->measure = std::move(measure);
                }
            }
            references = std::move(cache);
            endStage("novelty references");
        }
        result.noveltyCache = references;
    }
    // Non-finite decoded weights would poison the lanes of others only through NaN results of their own
    // lane; they are kept (and reported as failed models, accuracy NaN -> counted by the report).
    PopulationTrainingOptions to;
    to.epochs = opt.finetuneEpochs.back();
    to.checkpointEpochs = opt.finetuneEpochs;
    to.threads = threads;
    to.evaluateTrainAtEpoch0 = false;
    to.initialWeights = myWeights;
    to.reportIntervalSeconds = 0.5;
    // The trainer gets a Progress of its own (the sampler reports the stage by its name); a cancellation
    // reaches it at its next report.
    const Progress training;
    to.statistics = [&](const TrainingStatistics& p) {
        if (progress.isCancelled()) {
            training.cancel();
            return;
        }
        const double f = p.stepsTotal > 0 ? double(p.stepsDone) / double(p.stepsTotal) : 0.0;
        try {
            report(to.epochs > 0 ? "fine-tuning" : "evaluating", wMake + wRefs + wTrain * f, p.secondsLeft);
        } catch (const OperationCancelled&) {
            training.cancel();
        }
    };
    // Each model's training does not depend on the others in the population: each rank trains its block.
    ModelZoo zoo;
    std::vector<NoveltyResult> novelties(opt.finetuneEpochs.size()); // of this rank's models
    step([&] {
        report(to.epochs > 0 ? "fine-tuning" : "evaluating", wMake + wRefs, -1);
        PopulationTrainer trainer(arch, std::vector<Hyperparameters>(recipe.begin() + mine.begin(), recipe.begin() + mine.end()), to);
        zoo = std::move(trainer.train(data, training).zoo);
        progress.throwIfCancelled();
        endStage("fine-tune");

        // ----- novelty against the training population
        if (opt.measureNovelty && references && references->measure) {
            const NoveltyMeasure& novelty = *references->measure;
            const double base = wMake + wRefs + wTrain;
            const double share = (1 - base) / double(opt.finetuneEpochs.size());
            for (size_t ei = 0; ei < opt.finetuneEpochs.size(); ++ei) {
                const int64_t epoch = opt.finetuneEpochs[ei];
                const std::string stage = "measuring novelty: epoch " + std::to_string(epoch);
                const double from = base + share * double(ei);
                report(stage, from, -1);
                const int64_t ck = zoo.checkpointIndex(epoch);
                std::vector<float> w(static_cast<size_t>(mine.count() * P));
                for (int64_t s = 0; s < mine.count(); ++s)
                    std::memcpy(w.data() + s * P, zoo.weightsAt(s, ck), size_t(P) * sizeof(float));
                novelties[ei] = epoch == 0 && atZero ? novelty.compare(w.data(), mine.count(), *atZero)
                                                     : novelty.measure(w.data(), mine.count(), myActs,
                                                                       progress.sub(from, from + share, stage));
            }
            endStage("novelty");
        }
    });

    // ----- the ranks' blocks, put together on rank 0
    if (distributed) {
        for (std::vector<float>* v : {&zoo.weights, &zoo.trainLoss, &zoo.trainAccuracy, &zoo.validationLoss,
                                      &zoo.validationAccuracy, &zoo.testLoss, &zoo.testAccuracy})
            *v = RankShare::gather(ranks, *v);
        for (NoveltyResult& r : novelties) {
            r.maxIoU = RankShare::gather(ranks, r.maxIoU);
            r.mostSimilarReference = RankShare::gather(ranks, r.mostSimilarReference);
            r.nearestDistance = RankShare::gather(ranks, r.nearestDistance);
            r.nearestReference = RankShare::gather(ranks, r.nearestReference);
            r.accuracy = RankShare::gather(ranks, r.accuracy);
        }
        if (!ranks.isRoot()) {
            result.seconds = elapsed();
            result.stageSeconds = std::move(stageSeconds);
            return result; // rank 0 holds the result
        }
        zoo.modelIds.resize(size_t(n));
        std::iota(zoo.modelIds.begin(), zoo.modelIds.end(), 0);
        zoo.hyperparameters = recipe;
    }
    zoo.datasetId = data.id;
    zoo.modelSources.resize(size_t(n));
    for (int64_t s = 0; s < n; ++s) {
        const AnchorId& a = result.anchors[size_t(result.settingsAnchor[size_t(s)])];
        zoo.modelSources[size_t(s)] = result.methodName + " from anchor " + std::to_string(a.modelId) + "@" +
                                      std::to_string(a.epoch) + " (settings: " + result.settingsRule + ")";
    }
    assignPopulationSplit(zoo);
    if (distributed)
        zoo.validate(); // the ranks' blocks add up to the whole zoo

    for (size_t ei = 0; ei < opt.finetuneEpochs.size(); ++ei) {
        GeneratedEpoch ge;
        ge.epoch = opt.finetuneEpochs[ei];
        for (int64_t s = 0; s < n; ++s) {
            ge.testAccuracy.push_back(zoo.metricAt(zoo.testAccuracy, s, ge.epoch));
            ge.testLoss.push_back(zoo.metricAt(zoo.testLoss, s, ge.epoch));
        }
        ge.novelty = std::move(novelties[ei]);
        result.epochs.push_back(std::move(ge));
    }
    if (opt.measureNovelty && references && references->measure)
        result.noveltyReferences = references->references;

    Json o = Json::object();
    o["method"] = result.methodName;
    o["count"] = n;
    o["anchors"] = opt.anchors.toString();
    o["anchor_count"] = k;
    o["seed"] = (long long)opt.seed;
    o["finetune_epochs"] = Json::arrayOf(opt.finetuneEpochs);
    o["dataset"] = data.id;
    if (opt.finetuneImagesPerClass > 0) {
        o["finetune_images_per_class"] = opt.finetuneImagesPerClass;
        o["finetune_training_images"] = fewShot.train.count;
    }
    if (samplerKind) {
        o["bandwidth"] = result.bandwidthUsed;
        if (*samplerKind == SamplerKind::Kde && !(opt.sampler.bandwidth > 0))
            o["bandwidth_rule"] = toString(opt.sampler.bandwidthRule);
        if (*samplerKind == SamplerKind::Gmm)
            o["gmm_components"] = opt.sampler.gmmComponents;
    }
    if (opt.method == SamplingMethod::Noise)
        o["noise_sigma"] = opt.noiseSigma;
    o["settings_rule"] = result.settingsRule;
    if (opt.measureNovelty) {
        o["novelty_reference"] = "training population";
        o["novelty_reference_epochs"] = opt.noveltyReferenceEpochs.empty() ? Json("all") : Json::arrayOf(opt.noveltyReferenceEpochs);
        o["novelty_references"] = result.noveltyReferences;
    }
    result.options = o;
    result.zoo = std::move(zoo);
    result.seconds = elapsed();
    result.stageSeconds = std::move(stageSeconds);
    report("done", 1.0, 0);
    return result;
}

} // namespace zooscope
