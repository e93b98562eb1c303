#include "hyperrep/EmbeddingFile.h"

#include "core/AtomicFile.h"
#include "hyperrep/ZooFileUpgrade.h"
#include "zoo/Hdf5FileProbe.h"
#include "zoo/Hdf5Io.h"
#include "zoo/QuietHdf5.h"
#include "zoo/ZooFile.h"

#include <hdf5.h>

#include <filesystem>
#include <stdexcept>

namespace zooscope {

namespace {

namespace fs = std::filesystem;

using Handle = Hdf5Handle;

using Io = Hdf5Io;

void checkName(const std::string& name)
{
    if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos)
        throw std::invalid_argument("invalid embedding name '" + name + "' (non-empty, no '/')");
}

} // namespace

void EmbeddingFile::write(const std::string& zooPath, const ZooEmbedding& e)
{
    checkName(e.name);
    const Io io(zooPath);
    const ModelZoo summary = ZooFile::readSummary(zooPath); // also proves it is a zoo file
    if (e.models != summary.modelCount() || e.checkpoints != summary.checkpointCount())
        io.fail("embedding '" + e.name + "' has " + std::to_string(e.models) + " models x " + std::to_string(e.checkpoints) +
                " checkpoints but the zoo has " + std::to_string(summary.modelCount()) + " x " +
                std::to_string(summary.checkpointCount()));
    if (e.latentDim < 1 || static_cast<int64_t>(e.latents.size()) != e.models * e.checkpoints * e.latentDim)
        io.fail("embedding '" + e.name + "': latents do not have models x checkpoints x latent_dim values");
    if (e.modelIds != summary.modelIds || e.checkpointEpochs != summary.checkpointEpochs)
        io.fail("embedding '" + e.name + "': model ids or checkpoint epochs differ from the zoo's");

    // A zoo written before checksummed metadata is converted first (its other embeddings with it), so the
    // new group does not sit in an unchecksummed file.
    if (!Hdf5FileProbe::hasChecksummedMetadata(zooPath))
        ZooFileUpgrade::upgrade(zooPath, zooPath);

    // The zoo is copied to the temporary file, the group written there, and the copy renamed over it.
    AtomicFile::writeWith(zooPath, [&](const std::string& tmp) {
        std::error_code ec;
        fs::copy_file(zooPath, tmp, fs::copy_options::overwrite_existing, ec);
        if (ec)
            io.fail("cannot copy the zoo to " + tmp + " (" + ec.message() + ")");
        const Io tio(tmp);
        const auto lock = Hdf5FileProbe::sharedLock();
        QuietHdf5 quiet;
        Handle fapl = Hdf5Io::newFileAccess();
        Handle file(tio.check(H5Fopen(tmp.c_str(), H5F_ACC_RDWR, fapl), "cannot open for writing"), H5Fclose);
        if (H5Lexists(file, "embeddings", H5P_DEFAULT) <= 0) {
            Handle g(tio.check(H5Gcreate2(file, "embeddings", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "cannot create /embeddings"),
                     H5Gclose);
        }
        Handle root(tio.check(H5Gopen2(file, "embeddings", H5P_DEFAULT), "cannot open /embeddings"), H5Gclose);
        if (H5Lexists(root, e.name.c_str(), H5P_DEFAULT) > 0)
            tio.check(H5Ldelete(root, e.name.c_str(), H5P_DEFAULT), "cannot replace /embeddings/" + e.name);
        Handle g(tio.check(H5Gcreate2(root, e.name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "cannot create /embeddings/" + e.name),
                 H5Gclose);
        const hsize_t m = static_cast<hsize_t>(e.models), c = static_cast<hsize_t>(e.checkpoints), l = static_cast<hsize_t>(e.latentDim);
        tio.writeColumn(g, "latents", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, e.latents, {m, c, l});
        tio.writeColumn(g, "model_ids", H5T_STD_I64LE, H5T_NATIVE_INT64, e.modelIds, {m});
        tio.writeColumn(g, "checkpoint_epochs", H5T_STD_I64LE, H5T_NATIVE_INT64, e.checkpointEpochs, {c});
        tio.writeStringAttribute(g, "hyper_representation_path", e.hyperRepresentationPath);
        tio.writeStringAttribute(g, "hyper_representation_hash", e.hyperRepresentationHash);
        tio.writeStringAttribute(g, "layout_hash", e.layoutHash);
        tio.writeStringAttribute(g, "created_by", e.createdBy);
        g.close();
        root.close();
        if (!file.close())
            tio.fail("cannot finish writing");
    });
}

ZooEmbedding EmbeddingFile::read(const std::string& zooPath, const std::string& name)
{
    checkName(name);
    const ModelZoo summary = ZooFile::readSummary(zooPath); // a clear error when it is not a zoo; vets old files
    const auto lock = Hdf5FileProbe::sharedLock();
    QuietHdf5 quiet;
    const Io io(zooPath);
    Handle file(io.check(H5Fopen(zooPath.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "cannot open"), H5Fclose);
    const std::string where = "/embeddings/" + name;
    const htri_t group = H5Lexists(file, "embeddings", H5P_DEFAULT);
    const htri_t there = group > 0 ? H5Lexists(file, where.c_str(), H5P_DEFAULT) : group;
    if (there < 0)
        io.failHdf5("cannot look up " + where);
    if (there == 0)
        io.fail("no embedding '" + name + "' (run `zooscope-cli embed` first)");
    Handle g(io.check(H5Gopen2(file, where.c_str(), H5P_DEFAULT), "cannot open " + where), H5Gclose);
    ZooEmbedding e;
    e.name = name;
    std::vector<hsize_t> dims;
    {
        // the shape before reading: it must be the zoo's [models, checkpoints] and a sane latent size
        std::vector<hsize_t> shape;
        io.openDatasetOfShape(g, "latents", shape, where);
        if (shape.size() != 3 || shape[0] != static_cast<hsize_t>(summary.modelCount()) ||
            shape[1] != static_cast<hsize_t>(summary.checkpointCount()) || shape[2] < 1 || shape[2] > 65536)
            io.fail(where + "/latents is not [models, checkpoints, latent_dim] of this zoo (" +
                    std::to_string(summary.modelCount()) + " x " + std::to_string(summary.checkpointCount()) + " x 1..65536)");
    }
    e.latents = io.readDataset<float>(g, "latents", H5T_NATIVE_FLOAT, dims, where);
    e.models = static_cast<int64_t>(dims[0]);
    e.checkpoints = static_cast<int64_t>(dims[1]);
    e.latentDim = static_cast<int64_t>(dims[2]);
    e.modelIds = io.readDataset<int64_t>(g, "model_ids", H5T_NATIVE_INT64, dims, where);
    if (static_cast<int64_t>(e.modelIds.size()) != e.models)
        io.fail(where + "/model_ids does not have one id per model");
    e.checkpointEpochs = io.readDataset<int64_t>(g, "checkpoint_epochs", H5T_NATIVE_INT64, dims, where);
    if (static_cast<int64_t>(e.checkpointEpochs.size()) != e.checkpoints)
        io.fail(where + "/checkpoint_epochs does not have one epoch per checkpoint");
    e.hyperRepresentationPath = io.stringAttribute(g, "hyper_representation_path", where);
    e.hyperRepresentationHash = io.stringAttribute(g, "hyper_representation_hash", where);
    e.layoutHash = io.stringAttribute(g, "layout_hash", where);
    e.createdBy = io.stringAttribute(g, "created_by", where);
    if (e.modelIds != summary.modelIds || e.checkpointEpochs != summary.checkpointEpochs)
        io.fail(where + ": model ids or checkpoint epochs differ from the zoo's");
    return e;
}

std::vector<std::string> EmbeddingFile::list(const std::string& zooPath)
{
    const Io io(zooPath);
    ZooFile::readSummary(zooPath);
    const auto lock = Hdf5FileProbe::sharedLock();
    QuietHdf5 quiet;
    Handle file(io.check(H5Fopen(zooPath.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "cannot open"), H5Fclose);
    std::vector<std::string> names;
    const htri_t there = H5Lexists(file, "embeddings", H5P_DEFAULT);
    if (there < 0)
        io.failHdf5("cannot look up /embeddings");
    if (there == 0)
        return names;
    Handle g(io.check(H5Gopen2(file, "embeddings", H5P_DEFAULT), "cannot open /embeddings"), H5Gclose);
    H5Literate(
        g, H5_INDEX_NAME, H5_ITER_INC, nullptr,
        [](hid_t, const char* name, const H5L_info_t*, void* data) -> herr_t {
            auto* names = static_cast<std::vector<std::string>*>(data);
            if (names->size() >= 100000)
                return 1; // no zoo has this many embeddings: corrupt; stop listing
            names->push_back(name);
            return 0;
        },
        &names);
    return names;
}

} // namespace zooscope
