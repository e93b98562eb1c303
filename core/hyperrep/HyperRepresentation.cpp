#include "hyperrep/HyperRepresentation.h"
#include "core/Fnv1a.h"
#include "hyperrep/HyperRepresentationModule.h"
#include "cluster/CancelTogether.h"
#include "cluster/SingleProcessCommunicator.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <stdexcept>

namespace zooscope {

namespace {

// Encoding and decoding go through the model in chunks, so memory stays bounded for whole zoos.
constexpr int64_t kChunk = HyperRepresentation::kChunkRows;

torch::Tensor view(const float* data, int64_t rows, int64_t columns)
{
    return torch::from_blob(const_cast<float*>(data), {rows, columns}, torch::kFloat32);
}

void append(std::vector<float>& out, const torch::Tensor& t)
{
    const torch::Tensor c = t.contiguous();
    out.insert(out.end(), c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
}

double numberOr(const Json& j, const char* key, double fallback)
{
    const Json* v = j.find(key);
    return v && v->isNumber() ? v->number() : fallback;
}

} // namespace

const EnumNames<Bottleneck>& bottleneckNames()
{
    static const EnumNames<Bottleneck> names("bottleneck", {
        {Bottleneck::Linear, "linear", {}},
        {Bottleneck::CompressionToken, "token", {"compression-token"}},
    });
    return names;
}

const EnumNames<ReconstructionLoss>& reconstructionLossNames()
{
    static const EnumNames<ReconstructionLoss> names("reconstruction loss", {
        {ReconstructionLoss::LayerNormalised, "layer-normalised", {"layer-normalized"}},
        {ReconstructionLoss::PlainMse, "plain-mse", {"mse"}},
        {ReconstructionLoss::ModelRelative, "model-relative", {"relative"}},
    });
    return names;
}

std::string toString(Bottleneck b) { return bottleneckNames().toString(b); }
Bottleneck bottleneckFromString(const std::string& s) { return bottleneckNames().parse(s); }
std::string toString(ReconstructionLoss l) { return reconstructionLossNames().toString(l); }
ReconstructionLoss reconstructionLossFromString(const std::string& s) { return reconstructionLossNames().parse(s); }

void HyperRepresentationConfig::validate() const
{
    const auto bad = [](const std::string& what) { throw std::invalid_argument("hyper-representation config: " + what); };
    if (blocks < 0)
        bad("blocks must be 0 or more");
    if (dModel < 1 || heads < 1 || dModel % heads != 0)
        bad("d_model (" + std::to_string(dModel) + ") must be a positive multiple of heads (" + std::to_string(heads) + ")");
    if (feedForward < 1)
        bad("feed-forward width must be positive");
    if (latentDim < 1)
        bad("latent dimension must be positive");
    if (projectionDim < 1)
        bad("projection width must be positive");
    if (!(dropout >= 0 && dropout < 1))
        bad("dropout must be in [0, 1)");
}

Json HyperRepresentationConfig::toJson() const
{
    Json j = Json::object();
    j["blocks"] = blocks;
    j["d_model"] = dModel;
    j["heads"] = heads;
    j["feed_forward"] = feedForward;
    j["latent_dim"] = latentDim;
    j["dropout"] = dropout;
    j["bottleneck"] = toString(bottleneck);
    j["tanh_latent"] = tanhLatent;
    j["projection_dim"] = projectionDim;
    j["seed"] = static_cast<unsigned long long>(seed);
    return j;
}

HyperRepresentationConfig HyperRepresentationConfig::fromJson(const Json& j)
{
    HyperRepresentationConfig c;
    c.blocks = j.at("blocks").integer();
    c.dModel = j.at("d_model").integer();
    c.heads = j.at("heads").integer();
    c.feedForward = j.at("feed_forward").integer();
    c.latentDim = j.at("latent_dim").integer();
    c.dropout = j.at("dropout").number();
    c.bottleneck = bottleneckFromString(j.at("bottleneck").string());
    c.tanhLatent = j.at("tanh_latent").boolean();
    c.projectionDim = j.at("projection_dim").integer();
    const double seed = j.at("seed").number(); // written as a whole number below 2^64; anything else is damage
    if (!(seed >= 0 && seed < 18446744073709551616.0) || std::floor(seed) != seed)
        throw std::runtime_error("config seed is not a whole number >= 0");
    c.seed = static_cast<uint64_t>(seed);
    return c;
}

LayerNormalisation LayerNormalisation::fromSamples(const Architecture& architecture, const std::vector<const float*>& samples)
{
    if (samples.empty())
        throw std::invalid_argument("layer normalisation: no samples");
    LayerNormalisation n;
    for (const LayerLayout& l : architecture.layers) {
        // Two passes in double: the mean first, then squared deviations (no cancellation).
        double sum = 0;
        for (const float* s : samples)
            for (int64_t i = l.offset; i < l.offset + l.length; ++i)
                sum += s[i];
        const double count = static_cast<double>(samples.size()) * static_cast<double>(l.length);
        const double mean = sum / count;
        double squares = 0;
        for (const float* s : samples)
            for (int64_t i = l.offset; i < l.offset + l.length; ++i)
                squares += (s[i] - mean) * (s[i] - mean);
        n.mean.push_back(mean);
        n.sigma.push_back(std::max(kSigmaFloor, std::sqrt(squares / count)));
    }
    return n;
}

Json LayerNormalisation::toJson() const
{
    Json j = Json::object();
    j["mean"] = Json::arrayOf(mean);
    j["sigma"] = Json::arrayOf(sigma);
    return j;
}

LayerNormalisation LayerNormalisation::fromJson(const Json& j)
{
    LayerNormalisation n;
    for (const Json& v : j.at("mean").items())
        n.mean.push_back(v.number());
    for (const Json& v : j.at("sigma").items())
        n.sigma.push_back(v.number());
    return n;
}

Json ZooIdentity::toJson() const
{
    Json j = Json::object();
    j["path"] = path;
    j["dataset"] = datasetId;
    j["architecture"] = architecture;
    j["layout_hash"] = layoutHash;
    j["models"] = models;
    j["training_samples"] = trainingSamples;
    return j;
}

ZooIdentity ZooIdentity::fromJson(const Json& j)
{
    ZooIdentity z;
    z.path = j.at("path").string();
    z.datasetId = j.at("dataset").string();
    z.architecture = j.at("architecture").string();
    z.layoutHash = j.at("layout_hash").string();
    const auto count = [&j](const char* key) {
        const double v = numberOr(j, key, 0);
        if (!(v >= 0 && v <= 9.0e15) || std::floor(v) != v)
            throw std::runtime_error(std::string("zoo \"") + key + "\" is not a count");
        return static_cast<int64_t>(v);
    };
    z.models = count("models");
    z.trainingSamples = count("training_samples");
    return z;
}

HyperRepresentation::HyperRepresentation(Architecture architecture, HyperRepresentationConfig config,
                                         LayerNormalisation normalisation)
    : d(std::make_unique<Impl>(std::move(architecture), std::move(config), std::move(normalisation)))
{
}

HyperRepresentation::HyperRepresentation(std::unique_ptr<Impl> impl) : d(std::move(impl)) {}
HyperRepresentation::HyperRepresentation(HyperRepresentation&&) noexcept = default;
HyperRepresentation& HyperRepresentation::operator=(HyperRepresentation&&) noexcept = default;
HyperRepresentation::~HyperRepresentation() = default;

const Architecture& HyperRepresentation::architecture() const { return d->architecture; }
const HyperRepresentationConfig& HyperRepresentation::config() const { return d->config; }
const LayerNormalisation& HyperRepresentation::normalisation() const { return d->normalisation; }
int64_t HyperRepresentation::parameterCount() const { return d->architecture.parameterCount(); }
int64_t HyperRepresentation::latentDim() const { return d->config.latentDim; }

int64_t HyperRepresentation::trainableParameterCount() const
{
    int64_t n = 0;
    for (const auto& p : d->module->parameters())
        n += p.numel();
    return n;
}

const ZooIdentity& HyperRepresentation::zoo() const { return d->zoo; }
void HyperRepresentation::setZoo(ZooIdentity zoo) { d->zoo = std::move(zoo); }
const std::vector<TrainingRecord>& HyperRepresentation::history() const { return d->history; }
void HyperRepresentation::setHistory(std::vector<TrainingRecord> history) { d->history = std::move(history); }
const std::vector<float>& HyperRepresentation::trainingMean() const { return d->trainingMean; }

void HyperRepresentation::setTrainingMean(std::vector<float> mean)
{
    if (!mean.empty() && static_cast<int64_t>(mean.size()) != parameterCount())
        throw std::invalid_argument("training mean: expected " + std::to_string(parameterCount()) + " values, got " +
                                    std::to_string(mean.size()));
    d->trainingMean = std::move(mean);
}

const Json& HyperRepresentation::trainingInfo() const { return d->trainingInfo; }
void HyperRepresentation::setTrainingInfo(Json info) { d->trainingInfo = std::move(info); }

std::vector<float> HyperRepresentation::encode(const float* flat, int64_t batch, const Progress& progress) const
{
    torch::NoGradGuard noGrad;
    const int64_t P = parameterCount();
    std::vector<float> out;
    out.reserve(static_cast<size_t>(batch * latentDim()));
    for (int64_t start = 0; start < batch; start += kChunk) {
        const int64_t n = std::min(kChunk, batch - start);
        progress.report(static_cast<double>(start) / static_cast<double>(batch), "encoding");
        append(out, d->module->encodeNormalised(d->module->normalise(view(flat + start * P, n, P))));
    }
    return out;
}

std::vector<float> HyperRepresentation::encode(const std::vector<float>& flat, const Progress& progress) const
{
    const size_t P = static_cast<size_t>(parameterCount());
    if (flat.size() % P != 0)
        throw std::invalid_argument("encode: " + std::to_string(flat.size()) + " floats are not whole flat vectors of " +
                                    std::to_string(P));
    return encode(flat.data(), static_cast<int64_t>(flat.size() / P), progress);
}

std::vector<float> HyperRepresentation::decode(const float* latents, int64_t batch) const
{
    torch::NoGradGuard noGrad;
    const int64_t L = latentDim();
    std::vector<float> out;
    out.reserve(static_cast<size_t>(batch * parameterCount()));
    for (int64_t start = 0; start < batch; start += kChunk) {
        const int64_t n = std::min(kChunk, batch - start);
        append(out, d->module->denormalise(d->module->decodeNormalised(view(latents + start * L, n, L))));
    }
    return out;
}

std::vector<float> HyperRepresentation::decode(const std::vector<float>& latents) const
{
    const size_t L = static_cast<size_t>(latentDim());
    if (latents.size() % L != 0)
        throw std::invalid_argument("decode: " + std::to_string(latents.size()) + " floats are not whole latents of " +
                                    std::to_string(L));
    return decode(latents.data(), static_cast<int64_t>(latents.size() / L));
}

double HyperRepresentation::reconstructionLoss(const std::vector<float>& predicted, const std::vector<float>& target,
                                               ReconstructionLoss kind) const
{
    const int64_t P = parameterCount();
    if (predicted.size() != target.size() || predicted.empty() || predicted.size() % static_cast<size_t>(P) != 0)
        throw std::invalid_argument("reconstruction loss: predicted and target must be the same whole number of flat vectors");
    torch::NoGradGuard noGrad;
    const int64_t batch = static_cast<int64_t>(predicted.size()) / P;
    const torch::Tensor p = d->module->normalise(view(predicted.data(), batch, P).to(torch::kFloat64));
    const torch::Tensor t = d->module->normalise(view(target.data(), batch, P).to(torch::kFloat64));
    return detail::reconstructionLoss(p, t, *d->module, kind).item<double>();
}

HyperRepresentation::ReconstructionScore HyperRepresentation::reconstructionScore(const std::vector<const float*>& samples,
                                                                                Communicator* communicator,
                                                                                const Progress& progress) const
{
    Communicator& ranks = communicator ? *communicator : SingleProcessCommunicator::instance();
    ReconstructionScore score;
    score.samples = static_cast<int64_t>(samples.size());
    const auto& layers = d->architecture.layers;
    const size_t L = layers.size();
    score.layerR2.assign(L, std::nan(""));
    if (samples.empty()) {
        score.loss = score.r2 = std::nan("");
        return score;
    }
    const int64_t P = parameterCount(), M = score.samples;
    std::vector<double> reference(static_cast<size_t>(P), 0.0);
    if (!d->trainingMean.empty()) {
        reference.assign(d->trainingMean.begin(), d->trainingMean.end());
    } else {
        for (const float* s : samples)
            for (int64_t i = 0; i < P; ++i)
                reference[static_cast<size_t>(i)] += s[i];
        for (double& r : reference)
            r /= static_cast<double>(M);
    }
    // Each chunk's squared errors and deviations per layer, [chunk][sse of every layer, sst of every layer],
    // added up in chunk order below: ranks that score blocks of whole chunks give one process's sums.
    const RankShare share(ranks, M, kChunk);
    std::vector<double> chunkSums;
    cancelTogether(ranks, [&] {
        progress.report(0, "reconstruction"); // also on a rank without chunks: rank 0 speaks for all
        std::vector<float> batch;
        for (int64_t start = share.begin(); start < share.end(); start += kChunk) {
            const int64_t n = std::min(kChunk, share.end() - start);
            progress.report(static_cast<double>(start - share.begin()) / static_cast<double>(share.count()), "reconstruction");
            batch.resize(static_cast<size_t>(n * P));
            for (int64_t k = 0; k < n; ++k)
                std::copy(samples[static_cast<size_t>(start + k)], samples[static_cast<size_t>(start + k)] + P, batch.begin() + k * P);
            const std::vector<float> reconstructed = decode(encode(batch.data(), n).data(), n);
            std::vector<double> sse(L, 0.0), sst(L, 0.0);
            for (int64_t k = 0; k < n; ++k) {
                for (size_t l = 0; l < L; ++l) {
                    for (int64_t i = layers[l].offset; i < layers[l].offset + layers[l].length; ++i) {
                        const double w = batch[static_cast<size_t>(k * P + i)];
                        const double e = reconstructed[static_cast<size_t>(k * P + i)] - w;
                        const double m = reference[static_cast<size_t>(i)] - w;
                        sse[l] += e * e;
                        sst[l] += m * m;
                    }
                }
            }
            chunkSums.insert(chunkSums.end(), sse.begin(), sse.end());
            chunkSums.insert(chunkSums.end(), sst.begin(), sst.end());
        }
    });
    const std::vector<double> all = RankShare::allgather(ranks, chunkSums);
    std::vector<double> sse(L, 0.0), sst(L, 0.0);
    for (size_t at = 0; at < all.size(); at += 2 * L)
        for (size_t l = 0; l < L; ++l) {
            sse[l] += all[at + l];
            sst[l] += all[at + L + l];
        }
    double loss = 0, lossMean = 0;
    for (size_t l = 0; l < L; ++l) {
        const double s2 = d->normalisation.sigma[l] * d->normalisation.sigma[l];
        loss += sse[l] / s2;
        lossMean += sst[l] / s2;
        score.layerR2[l] = sst[l] > 0 ? 1.0 - sse[l] / sst[l] : std::nan("");
    }
    score.loss = loss / (static_cast<double>(M) * static_cast<double>(P));
    score.r2 = lossMean > 0 ? 1.0 - loss / lossMean : std::nan("");
    return score;
}

double HyperRepresentation::ntXentLoss(const std::vector<float>& a, const std::vector<float>& b, int64_t batch,
                                       double temperature)
{
    if (batch < 1 || a.size() != b.size() || a.size() % static_cast<size_t>(batch) != 0)
        throw std::invalid_argument("NT-Xent: both views need [batch, dim] values");
    torch::NoGradGuard noGrad;
    const int64_t dim = static_cast<int64_t>(a.size()) / batch;
    return detail::ntXent(view(a.data(), batch, dim), view(b.data(), batch, dim), temperature).item<double>();
}

void HyperRepresentation::save(const std::string& path) const
{
    torch::serialize::OutputArchive archive;
    d->writeTo(archive);
    detail::saveArchiveAtomically(archive, path);
}

HyperRepresentation HyperRepresentation::load(const std::string& path)
{
    torch::serialize::InputArchive archive;
    detail::loadArchive(archive, path);
    return HyperRepresentation(Impl::readFrom(archive, path));
}

HyperRepresentation HyperRepresentation::load(const std::string& path, const Architecture& expected)
{
    HyperRepresentation h = load(path);
    try {
        h.requireArchitecture(expected);
    } catch (const std::runtime_error& e) {
        throw std::runtime_error(path + ": " + e.what());
    }
    return h;
}

void HyperRepresentation::requireArchitecture(const Architecture& zooArchitecture, const std::string& what) const
{
    const std::string mine = NeuronTokenizer::layoutHash(d->architecture);
    const std::string theirs = NeuronTokenizer::layoutHash(zooArchitecture);
    if (mine == theirs)
        return;
    const auto describe = [](const Architecture& a, const std::string& hash) {
        return a.name + " (" + std::to_string(a.inputChannels) + " input channel" + (a.inputChannels == 1 ? "" : "s") + ", " +
               std::to_string(a.parameterCount()) + " parameters, layout " + hash + ")";
    };
    throw std::runtime_error("architecture mismatch: this hyper-representation was trained for " +
                             describe(d->architecture, mine) + " but " + what + " has " + describe(zooArchitecture, theirs));
}

std::string HyperRepresentation::fileHash(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error(path + ": cannot open");
    Fnv1a hash;
    std::vector<char> buffer(1 << 20);
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        hash.mix(buffer.data(), static_cast<size_t>(in.gcount()));
    }
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash.h));
    return text;
}

} // namespace zooscope
