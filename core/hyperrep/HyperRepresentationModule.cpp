#include "hyperrep/HyperRepresentationModule.h"

#include "core/AtomicFile.h"
#include "zoo/ZipArchive.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <stdexcept>

namespace zooscope {
namespace detail {

TransformerBlockImpl::TransformerBlockImpl(int64_t dModel, int64_t heads, int64_t feedForward, double dropout)
    : m_heads(heads)
{
    m_norm1 = register_module("norm1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dModel})));
    m_qkv = register_module("qkv", torch::nn::Linear(dModel, 3 * dModel));
    m_out = register_module("out", torch::nn::Linear(dModel, dModel));
    m_norm2 = register_module("norm2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dModel})));
    m_ff1 = register_module("ff1", torch::nn::Linear(dModel, feedForward));
    m_ff2 = register_module("ff2", torch::nn::Linear(feedForward, dModel));
    m_dropout = register_module("dropout", torch::nn::Dropout(dropout));
}

torch::Tensor TransformerBlockImpl::forward(const torch::Tensor& x)
{
    const int64_t B = x.size(0), T = x.size(1), D = x.size(2), H = m_heads, dh = D / H;
    // [3, B, H, T, dh]
    const torch::Tensor qkv = m_qkv(m_norm1(x)).view({B, T, 3, H, dh}).permute({2, 0, 3, 1, 4});
    const torch::Tensor q = qkv[0], k = qkv[1], v = qkv[2];
    torch::Tensor attention = torch::softmax(torch::matmul(q, k.transpose(-2, -1)) / std::sqrt(static_cast<double>(dh)), -1);
    attention = dropout(attention);
    const torch::Tensor mixed = torch::matmul(attention, v).transpose(1, 2).reshape({B, T, D});
    torch::Tensor y = x + dropout(m_out(mixed));
    return y + dropout(m_ff2(dropout(torch::relu(m_ff1(m_norm2(y))))));
}

torch::Tensor TransformerBlockImpl::dropout(const torch::Tensor& x) const
{
    const double p = m_dropout->options.p();
    if (!is_training() || p == 0 || x.numel() == 0)
        return x;
    if (p == 1)
        return x * torch::zeros({}, x.options());
    torch::Tensor noise;
    if (m_dropoutGlobalRows > 0) {
        std::vector<int64_t> shape = x.sizes().vec();
        shape[0] = m_dropoutGlobalRows;
        noise = torch::empty(shape, x.options());
    } else {
        noise = torch::empty_like(x);
    }
    noise.bernoulli_(1 - p, m_generator.defined() ? c10::optional<at::Generator>(m_generator) : c10::nullopt);
    if (m_dropoutGlobalRows > 0)
        noise = noise.index_select(0, m_dropoutRows);
    noise.div_(1 - p);
    return x * noise;
}

AutoencoderImpl::AutoencoderImpl(const Architecture& architecture, const HyperRepresentationConfig& config,
                                 const LayerNormalisation& normalisation)
    : m_tokenizer(architecture), m_config(config)
{
    const int64_t P = m_tokenizer.parameterCount(), T = m_tokenizer.tokenCount(), D = config.dModel;
    const int64_t layers = static_cast<int64_t>(architecture.layers.size());
    std::vector<float> mean(static_cast<size_t>(P)), sigma(static_cast<size_t>(P)), membership(static_cast<size_t>(P * layers), 0.0f);
    for (size_t l = 0; l < architecture.layers.size(); ++l) {
        const LayerLayout& L = architecture.layers[l];
        for (int64_t i = L.offset; i < L.offset + L.length; ++i) {
            mean[static_cast<size_t>(i)] = static_cast<float>(normalisation.mean[l]);
            sigma[static_cast<size_t>(i)] = static_cast<float>(normalisation.sigma[l]);
            membership[static_cast<size_t>(i * layers) + l] = 1.0f;
        }
    }
    m_parameterMean = torch::tensor(mean);
    m_parameterSigma = torch::tensor(sigma);
    m_layerMembership = torch::tensor(membership).reshape({P, layers});

    // Each layer's tokens have their own width, so each layer has its own (de-)embedding, shared by its neurons.
    m_embed = register_module("embed", torch::nn::ModuleList());
    m_deembed = register_module("deembed", torch::nn::ModuleList());
    for (const auto& lt : m_tokenizer.layers()) {
        m_embed->push_back(torch::nn::Linear(lt.dim, D));
        m_deembed->push_back(torch::nn::Linear(D, lt.dim));
    }
    m_encoderPosition = register_parameter("encoder_position", torch::randn({T, D}) * 0.02);
    m_decoderPosition = register_parameter("decoder_position", torch::randn({T, D}) * 0.02);
    if (config.bottleneck == Bottleneck::CompressionToken)
        m_compressionToken = register_parameter("compression_token", torch::randn({1, 1, D}) * 0.02);
    m_encoderBlocks = register_module("encoder_blocks", torch::nn::ModuleList());
    m_decoderBlocks = register_module("decoder_blocks", torch::nn::ModuleList());
    for (int64_t b = 0; b < config.blocks; ++b) {
        m_encoderBlocks->push_back(TransformerBlock(D, config.heads, config.feedForward, config.dropout));
        m_decoderBlocks->push_back(TransformerBlock(D, config.heads, config.feedForward, config.dropout));
    }
    m_encoderNorm = register_module("encoder_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({D})));
    m_decoderNorm = register_module("decoder_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({D})));
    const int64_t bottleneckIn = config.bottleneck == Bottleneck::Linear ? T * D : D;
    m_toLatent = register_module("to_latent", torch::nn::Linear(bottleneckIn, config.latentDim));
    m_fromLatent = register_module("from_latent", torch::nn::Linear(config.latentDim, T * D));
    const int64_t p = config.projectionDim;
    m_projection = register_module(
        "projection",
        torch::nn::Sequential(torch::nn::Linear(config.latentDim, p), torch::nn::BatchNorm1d(p), torch::nn::ReLU(),
                              torch::nn::Linear(p, p), torch::nn::BatchNorm1d(p)));
}

torch::Tensor AutoencoderImpl::normalise(const torch::Tensor& flat) const
{
    return (flat - m_parameterMean) / m_parameterSigma;
}

torch::Tensor AutoencoderImpl::denormalise(const torch::Tensor& normalised) const
{
    return normalised * m_parameterSigma + m_parameterMean;
}

torch::Tensor AutoencoderImpl::encodeNormalised(const torch::Tensor& x)
{
    const int64_t B = x.size(0);
    const Architecture& a = m_tokenizer.architecture();
    std::vector<torch::Tensor> embedded;
    for (size_t l = 0; l < a.layers.size(); ++l) {
        const LayerLayout& L = a.layers[l];
        const torch::Tensor w = x.narrow(1, L.offset, L.weightCount()).view({B, L.neurons, L.inFeatures()});
        const torch::Tensor b = x.narrow(1, L.biasOffset(), L.neurons).view({B, L.neurons, 1});
        embedded.push_back(m_embed[l]->as<torch::nn::Linear>()->forward(torch::cat({w, b}, 2)));
    }
    torch::Tensor h = torch::cat(embedded, 1) + m_encoderPosition;
    if (m_config.bottleneck == Bottleneck::CompressionToken)
        h = torch::cat({m_compressionToken.expand({B, 1, m_config.dModel}), h}, 1);
    for (const auto& block : *m_encoderBlocks)
        h = block->as<TransformerBlock>()->forward(h);
    h = m_encoderNorm(h);
    torch::Tensor z = m_config.bottleneck == Bottleneck::Linear ? m_toLatent(h.flatten(1)) : m_toLatent(h.select(1, 0));
    return m_config.tanhLatent ? torch::tanh(z) : z;
}

torch::Tensor AutoencoderImpl::decodeNormalised(const torch::Tensor& z)
{
    const int64_t B = z.size(0), T = m_tokenizer.tokenCount();
    torch::Tensor h = m_fromLatent(z).view({B, T, m_config.dModel}) + m_decoderPosition;
    for (const auto& block : *m_decoderBlocks)
        h = block->as<TransformerBlock>()->forward(h);
    h = m_decoderNorm(h);
    const Architecture& a = m_tokenizer.architecture();
    std::vector<torch::Tensor> parts;
    for (size_t l = 0; l < a.layers.size(); ++l) {
        const LayerLayout& L = a.layers[l];
        const auto& lt = m_tokenizer.layers()[l];
        const torch::Tensor o = m_deembed[l]->as<torch::nn::Linear>()->forward(h.narrow(1, lt.firstToken, lt.count));
        parts.push_back(o.narrow(2, 0, L.inFeatures()).reshape({B, L.weightCount()}));
        parts.push_back(o.select(2, L.inFeatures()));
    }
    return torch::cat(parts, 1);
}

void AutoencoderImpl::setDropoutGenerator(const at::Generator& generator)
{
    for (const torch::nn::ModuleList& blocks : {m_encoderBlocks, m_decoderBlocks})
        for (const auto& block : *blocks)
            block->as<TransformerBlockImpl>()->setDropoutGenerator(generator);
}

void AutoencoderImpl::setDropoutRows(int64_t globalRows, const torch::Tensor& rows)
{
    for (const torch::nn::ModuleList& blocks : {m_encoderBlocks, m_decoderBlocks})
        for (const auto& block : *blocks)
            block->as<TransformerBlockImpl>()->setDropoutRows(globalRows, rows);
}

torch::Tensor AutoencoderImpl::project(const torch::Tensor& z)
{
    return m_projection->forward(z);
}

torch::Tensor reconstructionLoss(const torch::Tensor& predictedNormalised, const torch::Tensor& targetNormalised,
                                 const AutoencoderImpl& module, ReconstructionLoss kind)
{
    const torch::Tensor diff = predictedNormalised - targetNormalised;
    if (kind == ReconstructionLoss::LayerNormalised)
        return diff.pow(2).mean(); // (w_hat - w)^2 / sigma_l^2, averaged over samples and parameters
    const torch::Tensor sigma = module.parameterSigma().to(diff.scalar_type());
    if (kind == ReconstructionLoss::PlainMse)
        return (diff * sigma).pow(2).mean();
    // Model-relative: (w_hat - w)^2 / rms_{i,l}^2 with rms_{i,l} the root mean square of model i's own layer l,
    // floored at 5% of the population's sigma_l so that a near-zero layer does not dominate.
    const torch::Tensor membership = module.layerMembership().to(diff.scalar_type());
    const torch::Tensor raw = targetNormalised.detach() * sigma + module.parameterMean().to(diff.scalar_type());
    const torch::Tensor counts = membership.sum(0);                                    // [layers]
    const torch::Tensor meanSquare = torch::matmul(raw.pow(2), membership) / counts;   // [B, layers]
    const torch::Tensor floor = (torch::matmul(sigma, membership) / counts * 0.05).pow(2);
    const torch::Tensor scale = torch::matmul(torch::maximum(meanSquare, floor), membership.t()); // [B, P]
    return ((diff * sigma).pow(2) / scale).mean();
}

torch::Tensor ntXent(const torch::Tensor& a, const torch::Tensor& b, double temperature)
{
    const int64_t B = a.size(0);
    const torch::Tensor z = torch::nn::functional::normalize(torch::cat({a, b}, 0),
                                                             torch::nn::functional::NormalizeFuncOptions().dim(1));
    torch::Tensor similarity = torch::matmul(z, z.t()) / temperature;
    // A sample is never its own negative.
    similarity = similarity.masked_fill(torch::eye(2 * B, torch::kBool), -1e9);
    const torch::Tensor positives = torch::cat({torch::arange(B, 2 * B), torch::arange(0, B)});
    return torch::nn::functional::cross_entropy(similarity, positives);
}

void saveArchiveAtomically(torch::serialize::OutputArchive& archive, const std::string& path)
{
    // Built in memory, then written through AtomicFile: LibTorch's file writer cannot fail cleanly (a
    // failed write, e.g. a full disk, throws again from its destructor, which ends the process).
    std::string bytes;
    archive.save_to([&bytes](const void* data, size_t n) -> size_t {
        bytes.append(static_cast<const char*>(data), n);
        return n;
    });
    try {
        AtomicFile::write(path, bytes);
    } catch (const std::exception& e) {
        throw std::runtime_error(path + ": cannot write (" + std::string(e.what()).substr(0, 300) + ")");
    }
}

void loadArchive(torch::serialize::InputArchive& archive, const std::string& path)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        throw std::runtime_error(path + ": no such file");
    // LibTorch's zip reader checks no CRC: a flipped byte in the weights would load silently. The archive
    // is checked first (every header, offset, size and CRC-32; see ZipArchive).
    {
        std::ifstream in(path, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (!in.eof() && in.fail())
            throw std::runtime_error(path + ": cannot read");
        if (bytes.compare(0, 4, "PK\x03\x04") != 0)
            throw std::runtime_error(path + ": not a ZooScope hyper-representation (not a LibTorch archive)");
        try {
            ZipArchive(std::move(bytes), std::string()).verifyAll();
        } catch (const std::runtime_error& e) {
            throw std::runtime_error(path + ": damaged hyper-representation (" + std::string(e.what()).substr(2) + ")");
        }
    }
    try {
        archive.load_from(path);
    } catch (const std::exception&) {
        throw std::runtime_error(path + ": not a ZooScope hyper-representation (unreadable archive)");
    }
}

} // namespace detail

HyperRepresentation::Impl::Impl(Architecture arch, HyperRepresentationConfig cfg, LayerNormalisation norm,
                                bool seededInitialWeights)
    : architecture(std::move(arch)), config(std::move(cfg)), normalisation(std::move(norm))
{
    config.validate();
    if (normalisation.mean.size() != architecture.layers.size() || normalisation.sigma.size() != architecture.layers.size())
        throw std::invalid_argument("hyper-representation: the normalisation needs one mean and sigma per layer (" +
                                    std::to_string(architecture.layers.size()) + ")");
    zoo.architecture = architecture.name;
    zoo.layoutHash = NeuronTokenizer::layoutHash(architecture);
    // LibTorch's layers draw their initial weights from the global generator. New modules draw them from
    // config.seed and restore the generator; the lock keeps a module loaded meanwhile (another thread)
    // from drawing inside that window.
    static std::mutex globalGenerator;
    const std::lock_guard<std::mutex> lock(globalGenerator);
    if (seededInitialWeights) {
        auto generator = at::detail::getDefaultCPUGenerator();
        const torch::Tensor saved = generator.get_state();
        torch::manual_seed(config.seed);
        module = detail::Autoencoder(architecture, config, normalisation);
        generator.set_state(saved);
    } else {
        module = detail::Autoencoder(architecture, config, normalisation);
    }
    // Eval mode always, outside a trainer's private copy: encode and decode are const and run from several threads.
    module->eval();
}

Json HyperRepresentation::Impl::metadata() const
{
    Json j = Json::object();
    j["format"] = kFormat;
    j["format_version"] = kFormatVersion;
    Json arch = Json::object();
    arch["name"] = architecture.name;
    arch["input_channels"] = architecture.inputChannels;
    arch["input_size"] = architecture.inputSize;
    arch["classes"] = architecture.classes;
    arch["parameters"] = architecture.parameterCount();
    arch["layout_hash"] = NeuronTokenizer::layoutHash(architecture);
    Json layers = Json::array();
    for (const LayerLayout& l : architecture.layers) {
        Json lj = Json::object();
        lj["name"] = l.name;
        lj["offset"] = l.offset;
        lj["length"] = l.length;
        lj["neurons"] = l.neurons;
        lj["channels_in"] = l.channelsIn;
        lj["kernel_size"] = l.kernelSize;
        layers.push(lj);
    }
    arch["layers"] = layers;
    j["architecture"] = arch;
    j["config"] = config.toJson();
    j["normalisation"] = normalisation.toJson();
    j["zoo"] = zoo.toJson();
    Json hist = Json::array();
    for (const TrainingRecord& r : history) {
        Json h = Json::object();
        h["epoch"] = r.epoch;
        h["loss"] = r.loss;
        h["reconstruction_loss"] = r.reconstructionLoss;
        h["contrastive_loss"] = r.contrastiveLoss;
        if (!std::isnan(r.behaviourLoss))
            h["behaviour_loss"] = r.behaviourLoss;
        h["train_r2"] = r.trainR2;
        h["validation_r2"] = r.validationR2;
        h["seconds"] = r.seconds;
        hist.push(h);
    }
    j["history"] = hist;
    j["training"] = trainingInfo;
    return j;
}

void HyperRepresentation::Impl::writeTo(torch::serialize::OutputArchive& archive) const
{
    archive.write("format", c10::IValue(std::string(kFormat)));
    archive.write("metadata", c10::IValue(metadata().dump()));
    torch::serialize::OutputArchive weights;
    module->save(weights);
    archive.write("model", weights);
    if (!trainingMean.empty())
        archive.write("training_mean", torch::tensor(trainingMean));
}

std::unique_ptr<HyperRepresentation::Impl> HyperRepresentation::Impl::readFrom(torch::serialize::InputArchive& archive,
                                                                             const std::string& path)
{
    c10::IValue format, metadataText;
    if (!archive.try_read("format", format) || !format.isString() || format.toStringRef() != kFormat ||
        !archive.try_read("metadata", metadataText) || !metadataText.isString())
        throw std::runtime_error(path + ": not a ZooScope hyper-representation");
    try {
        const Json j = Json::parse(metadataText.toStringRef());
        if (j.at("format_version").integer() > kFormatVersion)
            throw std::runtime_error("format version " + std::to_string(j.at("format_version").integer()) +
                                     " is newer than this ZooScope reads (" + std::to_string(kFormatVersion) + ")");
        const Json& a = j.at("architecture");
        Architecture architecture = Architecture::byName(a.at("name").string(), a.at("input_channels").integer());
        if (NeuronTokenizer::layoutHash(architecture) != a.at("layout_hash").string())
            throw std::runtime_error("its architecture layout (" + a.at("name").string() + ", layout " +
                                     a.at("layout_hash").string() + ") is not one this ZooScope knows");
        if (j.at("format_version").integer() < 1)
            throw std::runtime_error("unknown format version " + std::to_string(j.at("format_version").integer()));
        const HyperRepresentationConfig config = HyperRepresentationConfig::fromJson(j.at("config"));
        config.validate();
        // The recipe decides how much memory the module takes: checked against what the file can hold
        // before the module is built (the transformer blocks alone have 4 d^2 + 2 d ff float weights each).
        for (const int64_t v : {config.blocks, config.dModel, config.heads, config.feedForward, config.latentDim, config.projectionDim})
            if (v > (int64_t(1) << 20))
                throw std::runtime_error("implausible recipe (a size of " + std::to_string(v) + ")");
        const double d = double(config.dModel), blockWeights = double(config.blocks) * (4 * d * d + 2 * d * double(config.feedForward));
        std::error_code ec;
        const double fileBytes = double(std::filesystem::file_size(path, ec));
        if (!ec && 4 * blockWeights > fileBytes)
            throw std::runtime_error("its recipe (" + std::to_string(config.blocks) + " blocks of width " + std::to_string(config.dModel) +
                                     ") needs more weights than the file holds");
        LayerNormalisation normalisation = LayerNormalisation::fromJson(j.at("normalisation"));
        for (size_t i = 0; i < normalisation.mean.size() || i < normalisation.sigma.size(); ++i)
            if ((i < normalisation.mean.size() && !std::isfinite(normalisation.mean[i])) ||
                (i < normalisation.sigma.size() && !(std::isfinite(normalisation.sigma[i]) && normalisation.sigma[i] > 0)))
                throw std::runtime_error("layer normalisation " + std::to_string(i) + " is not finite or has sigma <= 0");
        auto impl = std::make_unique<Impl>(std::move(architecture), config, std::move(normalisation), false);
        impl->zoo = ZooIdentity::fromJson(j.at("zoo"));
        for (const Json& h : j.at("history").items()) {
            TrainingRecord r;
            r.epoch = h.at("epoch").integer();
            if (r.epoch < 0)
                throw std::runtime_error("history epoch " + std::to_string(r.epoch) + " is negative");
            const auto num = [&h](const char* key) {
                const Json* v = h.find(key);
                return v && v->isNumber() ? v->number() : std::nan("");
            };
            r.loss = num("loss");
            r.reconstructionLoss = num("reconstruction_loss");
            r.contrastiveLoss = num("contrastive_loss");
            r.behaviourLoss = num("behaviour_loss");
            r.trainR2 = num("train_r2");
            r.validationR2 = num("validation_r2");
            r.seconds = num("seconds");
            impl->history.push_back(r);
        }
        if (const Json* t = j.find("training"))
            impl->trainingInfo = *t;
        torch::serialize::InputArchive weights;
        if (!archive.try_read("model", weights))
            throw std::runtime_error("no model weights");
        // LibTorch's load replaces each tensor by the file's without comparing shapes: compared here, and
        // every weight must be finite.
        std::map<std::string, std::vector<int64_t>> shapes;
        for (const auto& p : impl->module->named_parameters())
            shapes[p.key()] = p.value().sizes().vec();
        for (const auto& b : impl->module->named_buffers())
            shapes[b.key()] = b.value().sizes().vec();
        impl->module->load(weights);
        for (const auto& p : impl->module->named_parameters()) {
            if (shapes[p.key()] != p.value().sizes().vec())
                throw std::runtime_error("weight " + p.key() + " has a shape the recipe does not give");
            if (!torch::isfinite(p.value()).all().item<bool>())
                throw std::runtime_error("weight " + p.key() + " holds NaN or infinite values");
        }
        for (const auto& b : impl->module->named_buffers())
            if (shapes[b.key()] != b.value().sizes().vec())
                throw std::runtime_error("buffer " + b.key() + " has a shape the recipe does not give");
        impl->module->eval();
        torch::Tensor mean;
        if (archive.try_read("training_mean", mean)) {
            if (mean.numel() != impl->architecture.parameterCount())
                throw std::runtime_error("training mean has " + std::to_string(mean.numel()) + " values");
            mean = mean.to(torch::kFloat32).contiguous();
            if (!torch::isfinite(mean).all().item<bool>())
                throw std::runtime_error("the training mean holds NaN or infinite values");
            impl->trainingMean.assign(mean.data_ptr<float>(), mean.data_ptr<float>() + mean.numel());
        }
        return impl;
    } catch (const c10::Error& e) {
        throw std::runtime_error(path + ": damaged hyper-representation (" + std::string(e.what_without_backtrace()).substr(0, 300) + ")");
    } catch (const std::exception& e) {
        throw std::runtime_error(path + ": damaged hyper-representation (" + e.what() + ")");
    }
}

} // namespace zooscope
