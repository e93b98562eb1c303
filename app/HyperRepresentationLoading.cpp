#include "app/HyperRepresentationLoading.h"

#include "app/OpenedZoo.h"
#include "hyperrep/EmbeddingFile.h"
#include "hyperrep/HyperRepresentation.h"

#include <algorithm>
#include <cmath>

namespace zooscope {

LoadedHyperRepresentation HyperRepresentationLoading::load(const OpenedZoo& zoo, const QString& path, const Progress& progress)
{
    LoadedHyperRepresentation result;
    auto model = std::make_shared<HyperRepresentation>(HyperRepresentation::load(path.toStdString(), zoo.zoo.architecture));
    const std::string hash = HyperRepresentation::fileHash(path.toStdString());
    for (const std::string& name : EmbeddingFile::list(zoo.path.toStdString())) {
        const ZooEmbedding e = EmbeddingFile::read(zoo.path.toStdString(), name);
        if (e.hyperRepresentationHash != hash || e.latentDim != model->latentDim() || e.models != zoo.zoo.modelCount() ||
            e.checkpoints != zoo.zoo.checkpointCount() || e.modelIds != zoo.zoo.modelIds)
            continue;
        std::vector<float> latents;
        latents.reserve(size_t(zoo.pointCount() * e.latentDim));
        for (int64_t i = 0; i < zoo.pointCount(); ++i) {
            const float* z = e.latentAt(zoo.pointModelRows[size_t(i)], zoo.pointCheckpoints[size_t(i)]);
            latents.insert(latents.end(), z, z + e.latentDim);
        }
        if (std::all_of(latents.begin(), latents.end(), [](float v) { return std::isfinite(v); })) {
            result.latents = std::move(latents);
            result.fromEmbedding = true;
            break;
        }
    }
    if (!result.fromEmbedding)
        result.latents = zoo.encode(*model, progress);
    result.model = std::move(model);
    return result;
}

} // namespace zooscope
