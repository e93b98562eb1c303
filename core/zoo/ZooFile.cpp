#include "zoo/ZooFile.h"

#include "core/AtomicFile.h"
#include "core/EngineInfo.h"
#include "zoo/Hdf5FileProbe.h"
#include "zoo/Hdf5Io.h"
#include "zoo/QuietHdf5.h"

#include <hdf5.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <numeric>
#include <set>
#include <stdexcept>

#include <unistd.h>

namespace zooscope {

namespace {

namespace fs = std::filesystem;

using Handle = Hdf5Handle;

using Io = Hdf5Io;

// More models than any zoo holds; a count above it is corrupt metadata, not a zoo.
constexpr int64_t kMaxModels = 100000000;

// ---- writing ------------------------------------------------------------------------------------

template <typename E>
void writeEnumColumn(const Io& io, hid_t loc, const char* name, const std::vector<E>& values,
                     const std::vector<std::string>& labels)
{
    std::vector<int8_t> codes;
    for (E v : values)
        codes.push_back(static_cast<int8_t>(v));
    io.writeColumn(loc, name, H5T_STD_I8LE, H5T_NATIVE_INT8, codes, {values.size()});
    Handle ds(io.check(H5Dopen2(loc, name, H5P_DEFAULT), std::string("cannot open dataset ") + name), H5Dclose);
    io.writeStringListAttribute(ds, "labels", labels);
}

// An enum column's labels: its names in enum (code) order.
template <typename E>
std::vector<std::string> labelsOf(const EnumNames<E>& names)
{
    std::vector<std::string> labels;
    for (const auto& e : names.entries())
        labels.emplace_back(e.name);
    return labels;
}

struct MetricRef {
    const char* name;
    std::vector<float> ModelZoo::*member;
};
const MetricRef kMetrics[] = {{"train_loss", &ModelZoo::trainLoss},     {"train_acc", &ModelZoo::trainAccuracy},
                              {"val_loss", &ModelZoo::validationLoss},  {"val_acc", &ModelZoo::validationAccuracy},
                              {"test_loss", &ModelZoo::testLoss},       {"test_acc", &ModelZoo::testAccuracy}};

std::string nowUtc()
{
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

void writeFile(const ModelZoo& zoo, const std::string& path, const std::string& displayPath, const Progress& progress)
{
    const Io io(displayPath);
    Handle fapl = Hdf5Io::newFileAccess();
    Handle file(io.check(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl), "cannot create file"), H5Fclose);
    const hsize_t m = static_cast<hsize_t>(zoo.modelCount());
    const hsize_t c = static_cast<hsize_t>(zoo.checkpointCount());
    const hsize_t p = static_cast<hsize_t>(zoo.parameterCount());
    const hsize_t e = static_cast<hsize_t>(zoo.epochs + 1);

    io.writeStringAttribute(file, "format", ZooFile::kFormat);
    io.writeIntAttribute(file, "schema_version", ZooFile::kSchemaVersion);
    io.writeStringAttribute(file, "zooscope_version",
                         zoo.createdWithVersion.empty() ? EngineInfo::version() : zoo.createdWithVersion);
    io.writeStringAttribute(file, "created_by", zoo.createdBy);
    io.writeStringAttribute(file, "created_at", nowUtc());
    io.writeStringAttribute(file, "dataset", zoo.datasetId);
    io.writeIntAttribute(file, "epochs", zoo.epochs);
    io.writeIntAttribute(file, "models", zoo.modelCount());
    io.writeIntAttribute(file, "checkpoints", zoo.checkpointCount());
    io.writeIntAttribute(file, "parameters", zoo.parameterCount());

    {
        const Architecture& a = zoo.architecture;
        Handle g = io.createGroup(file, "architecture");
        io.writeStringAttribute(g, "name", a.name);
        io.writeIntAttribute(g, "input_channels", a.inputChannels);
        io.writeIntAttribute(g, "input_size", a.inputSize);
        io.writeIntAttribute(g, "classes", a.classes);
        io.writeIntAttribute(g, "parameters", a.parameterCount());
        Handle layers = io.createGroup(g, "layers");
        std::vector<std::string> names, kinds;
        std::vector<int64_t> offset, length, neurons, channelsIn, kernelSize, kernelH, kernelW;
        std::vector<int8_t> pool, act;
        for (const auto& l : a.layers) {
            names.push_back(l.name);
            kinds.push_back(l.kind == LayerKind::Conv ? "conv" : "linear");
            offset.push_back(l.offset);
            length.push_back(l.length);
            neurons.push_back(l.neurons);
            channelsIn.push_back(l.channelsIn);
            kernelSize.push_back(l.kernelSize);
            kernelH.push_back(l.kernelH);
            kernelW.push_back(l.kernelW);
            pool.push_back(l.poolAfter ? 1 : 0);
            act.push_back(l.activationAfter ? 1 : 0);
        }
        const std::vector<hsize_t> n = {a.layers.size()};
        io.writeStringColumn(layers, "name", names);
        io.writeStringColumn(layers, "kind", kinds);
        io.writeColumn(layers, "offset", H5T_STD_I64LE, H5T_NATIVE_INT64, offset, n);
        io.writeColumn(layers, "length", H5T_STD_I64LE, H5T_NATIVE_INT64, length, n);
        io.writeColumn(layers, "neurons", H5T_STD_I64LE, H5T_NATIVE_INT64, neurons, n);
        io.writeColumn(layers, "channels_in", H5T_STD_I64LE, H5T_NATIVE_INT64, channelsIn, n);
        io.writeColumn(layers, "kernel_size", H5T_STD_I64LE, H5T_NATIVE_INT64, kernelSize, n);
        io.writeColumn(layers, "kernel_h", H5T_STD_I64LE, H5T_NATIVE_INT64, kernelH, n);
        io.writeColumn(layers, "kernel_w", H5T_STD_I64LE, H5T_NATIVE_INT64, kernelW, n);
        io.writeColumn(layers, "pool_after", H5T_STD_I8LE, H5T_NATIVE_INT8, pool, n);
        io.writeColumn(layers, "activation_after", H5T_STD_I8LE, H5T_NATIVE_INT8, act, n);
    }

    io.writeColumn(file, "checkpoint_epochs", H5T_STD_I64LE, H5T_NATIVE_INT64, zoo.checkpointEpochs, {c});
    io.writeColumn(file, "model_ids", H5T_STD_I64LE, H5T_NATIVE_INT64, zoo.modelIds, {m});
    if (!zoo.modelSources.empty())
        io.writeStringColumn(file, "model_sources", zoo.modelSources);
    {
        std::vector<PopulationSplit> split = zoo.split;
        if (split.empty()) {
            ModelZoo copy;
            copy.modelIds = zoo.modelIds;
            assignPopulationSplit(copy, 42);
            split = copy.split;
        }
        writeEnumColumn(io, file, "split", split, labelsOf(populationSplitNames()));
    }

    {
        Handle g = io.createGroup(file, "hyperparameters");
        std::vector<Activation> act;
        std::vector<Init> init;
        std::vector<Optimizer> opt;
        std::vector<double> dropout, lr, wd;
        std::vector<uint64_t> seed;
        std::vector<int64_t> batch;
        for (const auto& h : zoo.hyperparameters) {
            act.push_back(h.activation);
            init.push_back(h.init);
            opt.push_back(h.optimizer);
            dropout.push_back(h.dropout);
            lr.push_back(h.learningRate);
            wd.push_back(h.weightDecay);
            seed.push_back(h.seed);
            batch.push_back(h.batchSize);
        }
        writeEnumColumn(io, g, "activation", act, labelsOf(activationNames()));
        writeEnumColumn(io, g, "init", init, labelsOf(initNames()));
        writeEnumColumn(io, g, "optimizer", opt, labelsOf(optimizerNames()));
        io.writeColumn(g, "dropout", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, dropout, {m});
        io.writeColumn(g, "lr", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, lr, {m});
        io.writeColumn(g, "weight_decay", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, wd, {m});
        io.writeColumn(g, "seed", H5T_STD_U64LE, H5T_NATIVE_UINT64, seed, {m});
        io.writeColumn(g, "batch_size", H5T_STD_I64LE, H5T_NATIVE_INT64, batch, {m});
    }

    {
        Handle g = io.createGroup(file, "metrics");
        for (const auto& metric : kMetrics) {
            const std::vector<float>& v = zoo.*(metric.member);
            if (v.empty()) {
                const std::vector<float> nan(m * e, std::nanf(""));
                io.writeColumn(g, metric.name, H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, nan, {m, e}, true);
            } else {
                io.writeColumn(g, metric.name, H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, v, {m, e}, true);
            }
        }
    }

    {
        // One chunk per (model, checkpoint) row: any model at any checkpoint reads without the rest.
        Handle ds = io.createDataset(file, "weights", H5T_IEEE_F32LE, {m, c, p}, {1, 1, p});
        if (m > 0 && c > 0 && p > 0) {
            Handle fileSpace(H5Dget_space(ds), H5Sclose);
            const hsize_t slab = std::max<hsize_t>(1, (1u << 24) / (c * p)); // ~64 MB per write
            for (hsize_t first = 0; first < m; first += slab) {
                const hsize_t count[3] = {std::min(slab, m - first), c, p};
                const hsize_t start[3] = {first, 0, 0};
                H5Sselect_hyperslab(fileSpace, H5S_SELECT_SET, start, nullptr, count, nullptr);
                Handle memSpace(H5Screate_simple(3, count, nullptr), H5Sclose);
                io.check(H5Dwrite(ds, H5T_NATIVE_FLOAT, memSpace, fileSpace, H5P_DEFAULT, zoo.weights.data() + first * c * p),
                         "cannot write dataset", "weights");
                progress.report(static_cast<double>(first + count[0]) / static_cast<double>(m), "writing");
            }
        }
    }
    progress.throwIfCancelled(); // a cancel in the last report still keeps the old file
    io.check(H5Fflush(file, H5F_SCOPE_GLOBAL), "cannot flush", "file");
    // Close explicitly: a failure here (e.g. disk full while flushing metadata) must not go unnoticed.
    const hid_t id = file.id();
    file.release();
    if (H5Fclose(id) < 0)
        io.failHdf5("cannot close file");
}

// ---- reading ------------------------------------------------------------------------------------

class Reader {
public:
    explicit Reader(const std::string& path) : m_io(path)
    {
        std::error_code ec;
        if (!fs::exists(path, ec))
            m_io.fail("file not found");
        if (fs::is_directory(path, ec))
            m_io.fail("is a directory, not a zoo file");
        const htri_t isHdf5 = H5Fis_hdf5(path.c_str());
        if (isHdf5 <= 0) {
            QuietHdf5::takeErrorMessage();
            m_io.fail("not a ZooScope zoo file (not HDF5, or the file is corrupt)");
        }
        m_file = Handle(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
        if (!m_file.valid())
            m_io.failHdf5("cannot open the zoo file (truncated or corrupt)");

        const htri_t hasFormat = H5Aexists(m_file, "format");
        if (hasFormat < 0)
            m_io.failHdf5("cannot read the root attributes");
        if (hasFormat == 0)
            m_io.fail("not a ZooScope zoo file (no 'format' attribute)");
        const std::string format = m_io.stringAttribute(m_file, "format", "/");
        if (format != ZooFile::kFormat)
            m_io.fail("not a ZooScope zoo file (format '" + format + "', expected '" + ZooFile::kFormat + "')");
        const int64_t version = m_io.intAttribute(m_file, "schema_version", "/");
        if (version > ZooFile::kSchemaVersion)
            m_io.fail("zoo schema version " + std::to_string(version) + " is newer than this ZooScope reads (" +
                      std::to_string(ZooFile::kSchemaVersion) + "); use a newer ZooScope");
        if (version < 1)
            m_io.fail("invalid zoo schema version " + std::to_string(version));
    }

    const Io& io() const { return m_io; }
    hid_t file() const { return m_file; }

    Handle openDataset(const std::string& name, const std::vector<hsize_t>& dims, H5T_class_t cls) const
    {
        if (!exists(name))
            m_io.fail("missing dataset /" + name);
        Handle ds(m_io.check(H5Dopen2(m_file, name.c_str(), H5P_DEFAULT), "cannot open dataset /" + name), H5Dclose);
        Handle type(H5Dget_type(ds), H5Tclose);
        if (H5Tget_class(type) != cls)
            m_io.fail("dataset /" + name + " has the wrong element type");
        Handle space(H5Dget_space(ds), H5Sclose);
        const int rank = H5Sget_simple_extent_ndims(space);
        std::vector<hsize_t> actual(static_cast<size_t>(std::max(rank, 0)));
        if (rank > 0)
            H5Sget_simple_extent_dims(space, actual.data(), nullptr);
        if (actual != dims)
            m_io.fail("dataset /" + name + " has shape " + shape(actual) + ", expected " + shape(dims));
        return ds;
    }

    template <typename T>
    std::vector<T> readColumn(const std::string& name, hid_t memType, const std::vector<hsize_t>& dims, H5T_class_t cls) const
    {
        Handle ds = openDataset(name, dims, cls);
        size_t n = 1;
        for (hsize_t d : dims)
            n *= d;
        checkFitsMemory(static_cast<double>(n) * sizeof(T), "/" + name);
        std::vector<T> v(n);
        if (n > 0)
            m_io.check(H5Dread(ds, memType, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()), "cannot read dataset", "/" + name);
        return v;
    }

    std::vector<std::string> readStringColumn(const std::string& name, hsize_t n) const
    {
        Handle ds = openDataset(name, {n}, H5T_STRING);
        return m_io.readStrings(ds, false, "dataset /" + name);
    }

    template <typename E>
    std::vector<E> readEnumColumn(const std::string& name, hsize_t n, E (*fromString)(const std::string&)) const
    {
        const std::vector<int8_t> codes = readColumn<int8_t>(name, H5T_NATIVE_INT8, {n}, H5T_INTEGER);
        Handle ds(m_io.check(H5Dopen2(m_file, name.c_str(), H5P_DEFAULT), "cannot open dataset /" + name), H5Dclose);
        const std::vector<std::string> labels = m_io.stringListAttribute(ds, "labels", "/" + name);
        std::vector<E> out;
        for (int8_t code : codes) {
            if (code < 0 || static_cast<size_t>(code) >= labels.size())
                m_io.fail("dataset /" + name + " holds code " + std::to_string(code) + " outside its " +
                          std::to_string(labels.size()) + " labels");
            try {
                out.push_back(fromString(labels[static_cast<size_t>(code)]));
            } catch (const std::invalid_argument& e) {
                m_io.fail("dataset /" + name + ": " + e.what());
            }
        }
        return out;
    }

    bool exists(const std::string& name) const
    {
        // check each path component (H5Lexists fails on a missing intermediate group)
        size_t pos = 0;
        while (true) {
            const size_t slash = name.find('/', pos);
            const std::string prefix = name.substr(0, slash);
            const htri_t there = H5Lexists(m_file, prefix.c_str(), H5P_DEFAULT);
            if (there < 0)
                m_io.failHdf5("cannot look up /" + prefix); // e.g. a metadata checksum error, not "missing"
            if (there == 0)
                return false;
            if (slash == std::string::npos)
                return true;
            pos = slash + 1;
        }
    }

    // A dataset whose size the attributes imply must fit this machine's memory (corrupt counts otherwise
    // end in std::bad_alloc or the OOM killer).
    void checkFitsMemory(double bytes, const std::string& what) const
    {
        const double ram = static_cast<double>(sysconf(_SC_PHYS_PAGES)) * static_cast<double>(sysconf(_SC_PAGESIZE));
        if (ram > 0 && bytes > ram)
            m_io.fail(what + " would need " + std::to_string(static_cast<long long>(bytes / 1e9)) +
                      " GB, more than this machine's memory (corrupt counts?)");
    }

    static std::string shape(const std::vector<hsize_t>& d)
    {
        std::string s = "[";
        for (size_t i = 0; i < d.size(); ++i)
            s += (i ? ", " : "") + std::to_string(d[i]);
        return s + "]";
    }

private:
    Io m_io;
    Handle m_file;
};

ModelZoo readSummaryFrom(const Reader& r)
{
    const Io& io = r.io();
    const hid_t f = r.file();
    ModelZoo zoo;
    zoo.createdWithVersion = io.stringAttribute(f, "zooscope_version", "/");
    zoo.createdBy = io.stringAttribute(f, "created_by", "/");
    zoo.datasetId = io.stringAttribute(f, "dataset", "/");
    zoo.epochs = io.intAttribute(f, "epochs", "/");
    if (zoo.epochs < 0 || zoo.epochs > 1000000)
        io.fail("implausible epoch count " + std::to_string(zoo.epochs));

    // Architecture: the built-in definition, checked against the stored layout table.
    if (!r.exists("architecture"))
        io.fail("missing group /architecture");
    {
        Handle g(io.check(H5Gopen2(f, "architecture", H5P_DEFAULT), "cannot open group /architecture"), H5Gclose);
        const std::string name = io.stringAttribute(g, "name", "/architecture");
        const int64_t channels = io.intAttribute(g, "input_channels", "/architecture");
        try {
            zoo.architecture = Architecture::byName(name, channels);
        } catch (const std::invalid_argument& e) {
            io.fail(e.what());
        }
        const int64_t inputSize = io.intAttribute(g, "input_size", "/architecture");
        const int64_t classes = io.intAttribute(g, "classes", "/architecture");
        if (inputSize != zoo.architecture.inputSize || classes != zoo.architecture.classes)
            io.fail("architecture " + name + " takes " + std::to_string(zoo.architecture.inputSize) + " px images and " +
                    std::to_string(zoo.architecture.classes) + " classes, the file says " + std::to_string(inputSize) +
                    " px and " + std::to_string(classes));
        const int64_t params = io.intAttribute(g, "parameters", "/architecture");
        if (params != zoo.architecture.parameterCount())
            io.fail("architecture " + name + " has " + std::to_string(zoo.architecture.parameterCount()) +
                    " parameters, the file says " + std::to_string(params));
        const hsize_t nl = zoo.architecture.layers.size();
        const auto offsets = r.readColumn<int64_t>("architecture/layers/offset", H5T_NATIVE_INT64, {nl}, H5T_INTEGER);
        const auto lengths = r.readColumn<int64_t>("architecture/layers/length", H5T_NATIVE_INT64, {nl}, H5T_INTEGER);
        const auto neurons = r.readColumn<int64_t>("architecture/layers/neurons", H5T_NATIVE_INT64, {nl}, H5T_INTEGER);
        for (size_t i = 0; i < nl; ++i) {
            const LayerLayout& l = zoo.architecture.layers[i];
            if (offsets[i] != l.offset || lengths[i] != l.length || neurons[i] != l.neurons)
                io.fail("the layer table of /architecture differs from " + name + " (layer " + l.name + ")");
        }
    }

    const hsize_t p = static_cast<hsize_t>(zoo.architecture.parameterCount());
    const int64_t models = io.intAttribute(f, "models", "/");
    const int64_t checkpoints = io.intAttribute(f, "checkpoints", "/");
    if (models < 0 || checkpoints < 0)
        io.fail("negative model or checkpoint count");
    if (models > kMaxModels)
        io.fail("implausible model count " + std::to_string(models));
    if (checkpoints > zoo.epochs + 1)
        io.fail(std::to_string(checkpoints) + " checkpoints, but a zoo of " + std::to_string(zoo.epochs) +
                " epochs has at most " + std::to_string(zoo.epochs + 1));
    const int64_t parameters = io.intAttribute(f, "parameters", "/");
    if (parameters != zoo.architecture.parameterCount())
        io.fail("the root attribute 'parameters' says " + std::to_string(parameters) + ", the architecture has " +
                std::to_string(zoo.architecture.parameterCount()));
    const hsize_t m = static_cast<hsize_t>(models);
    const hsize_t c = static_cast<hsize_t>(checkpoints);
    const hsize_t e = static_cast<hsize_t>(zoo.epochs + 1);

    zoo.checkpointEpochs = r.readColumn<int64_t>("checkpoint_epochs", H5T_NATIVE_INT64, {c}, H5T_INTEGER);
    zoo.modelIds = r.readColumn<int64_t>("model_ids", H5T_NATIVE_INT64, {m}, H5T_INTEGER);
    if (r.exists("model_sources"))
        zoo.modelSources = r.readStringColumn("model_sources", m);
    zoo.split = r.readEnumColumn<PopulationSplit>("split", m, populationSplitFromString);

    const auto act = r.readEnumColumn<Activation>("hyperparameters/activation", m, activationFromString);
    const auto init = r.readEnumColumn<Init>("hyperparameters/init", m, initFromString);
    const auto opt = r.readEnumColumn<Optimizer>("hyperparameters/optimizer", m, optimizerFromString);
    const auto dropout = r.readColumn<double>("hyperparameters/dropout", H5T_NATIVE_DOUBLE, {m}, H5T_FLOAT);
    const auto lr = r.readColumn<double>("hyperparameters/lr", H5T_NATIVE_DOUBLE, {m}, H5T_FLOAT);
    const auto wd = r.readColumn<double>("hyperparameters/weight_decay", H5T_NATIVE_DOUBLE, {m}, H5T_FLOAT);
    const auto seed = r.readColumn<uint64_t>("hyperparameters/seed", H5T_NATIVE_UINT64, {m}, H5T_INTEGER);
    const auto batch = r.readColumn<int64_t>("hyperparameters/batch_size", H5T_NATIVE_INT64, {m}, H5T_INTEGER);
    zoo.hyperparameters.resize(m);
    for (hsize_t i = 0; i < m; ++i) {
        Hyperparameters& h = zoo.hyperparameters[i];
        h.activation = act[i];
        h.init = init[i];
        h.optimizer = opt[i];
        h.dropout = dropout[i];
        h.learningRate = lr[i];
        h.weightDecay = wd[i];
        h.seed = seed[i];
        h.batchSize = batch[i];
    }
    for (const auto& metric : kMetrics)
        zoo.*(metric.member) = r.readColumn<float>(std::string("metrics/") + metric.name, H5T_NATIVE_FLOAT, {m, e}, H5T_FLOAT);

    // the weights' shape is part of the summary's promise that read() will work
    r.openDataset("weights", {m, c, p}, H5T_FLOAT);
    for (size_t i = 0; i < zoo.hyperparameters.size(); ++i) {
        const Hyperparameters& h = zoo.hyperparameters[i];
        if (!std::isfinite(h.dropout) || h.dropout < 0 || h.dropout >= 1 || !std::isfinite(h.learningRate) ||
            h.learningRate < 0 || !std::isfinite(h.weightDecay) || h.weightDecay < 0 || h.batchSize < 1)
            io.fail("implausible hyperparameters of model " + std::to_string(zoo.modelIds[i]) + " in /hyperparameters");
    }

    try {
        zoo.validate(false);
    } catch (const std::invalid_argument& ex) {
        io.fail(ex.what());
    }
    return zoo;
}

// Everything a read may touch, in the child of Hdf5FileProbe: the summary with the same reader code, then
// every attribute and dataset (the weights and embeddings included) in bounded pieces.
void walkWholeFile(const std::string& path)
{
    QuietHdf5 quiet;
    Reader r(path);
    readSummaryFrom(r);
    r.io().readEverything(r.file());
}

} // namespace

void ZooFile::vetUntrusted(const std::string& path)
{
    Hdf5FileProbe::vet(path, [&] { walkWholeFile(path); });
}

void ZooFile::write(const ModelZoo& zoo, const std::string& path, const Progress& progress)
{
    zoo.validate();
    const auto lock = Hdf5FileProbe::sharedLock();
    QuietHdf5 quiet;
    AtomicFile::writeWith(path, [&](const std::string& temp) { writeFile(zoo, temp, path, progress); });
}

ModelZoo ZooFile::readSummary(const std::string& path)
{
    vetUntrusted(path);
    const auto lock = Hdf5FileProbe::sharedLock();
    QuietHdf5 quiet;
    Reader r(path);
    return readSummaryFrom(r);
}

ModelZoo ZooFile::read(const std::string& path, const Progress& progress)
{
    vetUntrusted(path);
    const auto lock = Hdf5FileProbe::sharedLock();
    QuietHdf5 quiet;
    Reader r(path);
    ModelZoo zoo = readSummaryFrom(r);
    const hsize_t m = static_cast<hsize_t>(zoo.modelCount());
    const hsize_t c = static_cast<hsize_t>(zoo.checkpointCount());
    const hsize_t p = static_cast<hsize_t>(zoo.parameterCount());
    r.checkFitsMemory(static_cast<double>(m) * static_cast<double>(c) * static_cast<double>(p) * sizeof(float), "/weights");
    Handle ds = r.openDataset("weights", {m, c, p}, H5T_FLOAT);
    zoo.weights.resize(m * c * p);
    if (m > 0 && c > 0 && p > 0) {
        Handle fileSpace(H5Dget_space(ds), H5Sclose);
        const hsize_t slab = std::max<hsize_t>(1, (1u << 24) / (c * p));
        for (hsize_t first = 0; first < m; first += slab) {
            const hsize_t count[3] = {std::min(slab, m - first), c, p};
            const hsize_t start[3] = {first, 0, 0};
            H5Sselect_hyperslab(fileSpace, H5S_SELECT_SET, start, nullptr, count, nullptr);
            Handle memSpace(H5Screate_simple(3, count, nullptr), H5Sclose);
            r.io().check(H5Dread(ds, H5T_NATIVE_FLOAT, memSpace, fileSpace, H5P_DEFAULT, zoo.weights.data() + first * c * p),
                         "cannot read dataset", "/weights");
            progress.report(static_cast<double>(first + count[0]) / static_cast<double>(m), "reading");
        }
    }
    progress.throwIfCancelled();
    return zoo;
}

std::vector<float> ZooFile::readWeights(const std::string& path, const std::vector<int64_t>& modelRows, int64_t checkpointIndex)
{
    vetUntrusted(path);
    const auto lock = Hdf5FileProbe::sharedLock();
    QuietHdf5 quiet;
    Reader r(path);
    const Io& io = r.io();
    if (!r.exists("weights"))
        io.fail("missing dataset /weights");
    Handle ds(io.check(H5Dopen2(r.file(), "weights", H5P_DEFAULT), "cannot open dataset /weights"), H5Dclose);
    Handle fileSpace(H5Dget_space(ds), H5Sclose);
    if (H5Sget_simple_extent_ndims(fileSpace) != 3)
        io.fail("dataset /weights is not 3-dimensional");
    {
        Handle type(H5Dget_type(ds), H5Tclose);
        if (H5Tget_class(type) != H5T_FLOAT)
            io.fail("dataset /weights has the wrong element type");
    }
    hsize_t dims[3];
    H5Sget_simple_extent_dims(fileSpace, dims, nullptr);
    if (dims[2] == 0 || dims[2] > (hsize_t(1) << 32))
        io.fail("dataset /weights has an implausible parameter count " + std::to_string(dims[2]));
    r.checkFitsMemory(static_cast<double>(modelRows.size()) * static_cast<double>(dims[2]) * sizeof(float), "/weights");
    if (checkpointIndex < 0 || static_cast<hsize_t>(checkpointIndex) >= dims[1])
        io.fail("checkpoint index " + std::to_string(checkpointIndex) + " out of range (the zoo has " +
                std::to_string(dims[1]) + " checkpoints)");
    const hsize_t p = dims[2];
    std::vector<float> out(modelRows.size() * p);
    Handle memSpace(H5Screate_simple(1, &p, nullptr), H5Sclose);
    for (size_t i = 0; i < modelRows.size(); ++i) {
        if (modelRows[i] < 0 || static_cast<hsize_t>(modelRows[i]) >= dims[0])
            io.fail("model row " + std::to_string(modelRows[i]) + " out of range (the zoo has " + std::to_string(dims[0]) +
                    " models)");
        const hsize_t start[3] = {static_cast<hsize_t>(modelRows[i]), static_cast<hsize_t>(checkpointIndex), 0};
        const hsize_t count[3] = {1, 1, p};
        H5Sselect_hyperslab(fileSpace, H5S_SELECT_SET, start, nullptr, count, nullptr);
        io.check(H5Dread(ds, H5T_NATIVE_FLOAT, memSpace, fileSpace, H5P_DEFAULT, out.data() + i * p), "cannot read dataset",
                 "/weights");
    }
    return out;
}

ModelZoo ZooFile::readSubset(const std::string& path, const std::vector<int64_t>& modelIds, int64_t checkpointEpoch)
{
    const ModelZoo summary = readSummary(path);
    if (summary.checkpointCount() == 0)
        throw std::runtime_error(path + ": the zoo has no checkpoints");
    if (checkpointEpoch < 0)
        checkpointEpoch = summary.checkpointEpochs.back();
    const int64_t ci = summary.checkpointIndex(checkpointEpoch);
    if (ci < 0) {
        std::string list;
        for (int64_t e : summary.checkpointEpochs) {
            if (!list.empty())
                list.append(", ");
            list.append(std::to_string(e));
        }
        throw std::runtime_error(path + ": no checkpoint at epoch " + std::to_string(checkpointEpoch) + " (checkpoints: " + list + ")");
    }
    std::vector<int64_t> rows;
    if (modelIds.empty()) {
        for (int64_t i = 0; i < summary.modelCount(); ++i)
            rows.push_back(i);
    } else {
        for (int64_t id : modelIds) {
            const int64_t row = summary.rowOf(id);
            if (row < 0)
                throw std::runtime_error(path + ": no model with id " + std::to_string(id));
            rows.push_back(row);
        }
    }
    ModelZoo out;
    out.architecture = summary.architecture;
    out.datasetId = summary.datasetId;
    out.epochs = summary.epochs;
    out.checkpointEpochs = {checkpointEpoch};
    out.createdBy = summary.createdBy;
    out.createdWithVersion = summary.createdWithVersion;
    out.weights = readWeights(path, rows, ci);
    const size_t perMetric = static_cast<size_t>(summary.epochs + 1);
    for (int64_t row : rows) {
        out.modelIds.push_back(summary.modelIds[row]);
        out.hyperparameters.push_back(summary.hyperparameters[row]);
        out.split.push_back(summary.split[row]);
        if (!summary.modelSources.empty())
            out.modelSources.push_back(summary.modelSources[row]);
        for (const auto& metric : kMetrics) {
            const auto& src = summary.*(metric.member);
            auto& dst = out.*(metric.member);
            dst.insert(dst.end(), src.begin() + static_cast<std::ptrdiff_t>(row * perMetric),
                       src.begin() + static_cast<std::ptrdiff_t>((row + 1) * perMetric));
        }
    }
    return out;
}

ModelZoo ZooFile::merge(const std::vector<ModelZoo>& shards)
{
    if (shards.empty())
        throw std::invalid_argument("merge: no shards given");
    const ModelZoo& first = shards.front();
    std::vector<std::pair<int64_t, std::pair<size_t, int64_t>>> order; // id -> (shard, row)
    std::set<int64_t> ids;
    for (size_t s = 0; s < shards.size(); ++s) {
        const ModelZoo& z = shards[s];
        const std::string which = "merge: shard " + std::to_string(s + 1);
        z.validate();
        if (z.architecture.name != first.architecture.name || z.architecture.inputChannels != first.architecture.inputChannels)
            throw std::invalid_argument(which + " has architecture " + z.architecture.name + "/" +
                                        std::to_string(z.architecture.inputChannels) + " channels, shard 1 " +
                                        first.architecture.name + "/" + std::to_string(first.architecture.inputChannels));
        if (z.datasetId != first.datasetId)
            throw std::invalid_argument(which + " is on dataset '" + z.datasetId + "', shard 1 on '" + first.datasetId + "'");
        if (z.epochs != first.epochs)
            throw std::invalid_argument(which + " has " + std::to_string(z.epochs) + " epochs, shard 1 " +
                                        std::to_string(first.epochs));
        if (z.checkpointEpochs != first.checkpointEpochs)
            throw std::invalid_argument(which + " has different checkpoint epochs than shard 1");
        if (z.modelSources.empty() != first.modelSources.empty())
            throw std::invalid_argument(which + ": some shards record model sources and some do not");
        for (int64_t i = 0; i < z.modelCount(); ++i) {
            if (!ids.insert(z.modelIds[i]).second)
                throw std::invalid_argument(which + ": model id " + std::to_string(z.modelIds[i]) +
                                            " is also in another shard");
            order.push_back({z.modelIds[i], {s, i}});
        }
    }
    std::sort(order.begin(), order.end());

    ModelZoo out;
    out.architecture = first.architecture;
    out.datasetId = first.datasetId;
    out.epochs = first.epochs;
    out.checkpointEpochs = first.checkpointEpochs;
    out.createdWithVersion = first.createdWithVersion;
    std::vector<std::string> commands;
    for (const auto& z : shards)
        if (std::find(commands.begin(), commands.end(), z.createdBy) == commands.end())
            commands.push_back(z.createdBy);
    for (size_t i = 0; i < commands.size(); ++i)
        out.createdBy += (i ? "\n" : "") + commands[i];

    const size_t perModel = static_cast<size_t>(first.checkpointCount() * first.parameterCount());
    const size_t perMetric = static_cast<size_t>(first.epochs + 1);
    out.weights.reserve(order.size() * perModel);
    const auto metricRow = [&](const std::vector<float>& v, int64_t row) {
        std::vector<float> r(perMetric, std::nanf(""));
        if (!v.empty())
            std::copy_n(v.begin() + static_cast<std::ptrdiff_t>(row * perMetric), perMetric, r.begin());
        return r;
    };
    for (const auto& [id, where] : order) {
        const ModelZoo& z = shards[where.first];
        const int64_t row = where.second;
        out.modelIds.push_back(id);
        out.hyperparameters.push_back(z.hyperparameters[row]);
        if (!z.modelSources.empty())
            out.modelSources.push_back(z.modelSources[row]);
        const float* w = z.weights.data() + row * perModel;
        out.weights.insert(out.weights.end(), w, w + perModel);
        for (const auto& metric : kMetrics) {
            const auto r = metricRow(z.*(metric.member), row);
            auto& dst = out.*(metric.member);
            dst.insert(dst.end(), r.begin(), r.end());
        }
    }
    assignPopulationSplit(out, 42);
    return out;
}

} // namespace zooscope
