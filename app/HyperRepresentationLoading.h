// Loading a hyper-representation for the opened zoo: the .hr file, and the latents of every point, read
// from the zoo file's /embeddings when `zooscope-cli embed` stored them with this very file, encoded
// otherwise.
#pragma once

#include "core/Progress.h"

#include <QString>

#include <memory>
#include <vector>

namespace zooscope {

class HyperRepresentation;
struct OpenedZoo;

struct LoadedHyperRepresentation {
    std::shared_ptr<HyperRepresentation> model;
    std::vector<float> latents; // [points, latentDim] in the points' order
    bool fromEmbedding = false; // latents read from the zoo file's /embeddings
};

class HyperRepresentationLoading {
public:
    // Throws std::exception with a message for the user, OperationCancelled when cancelled.
    static LoadedHyperRepresentation load(const OpenedZoo& zoo, const QString& path, const Progress& progress);
};

} // namespace zooscope
