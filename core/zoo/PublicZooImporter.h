#pragma once

#include "core/Json.h"
#include "core/Progress.h"
#include "zoo/ModelZoo.h"

#include <cstdint>
#include <string>
#include <vector>

namespace zooscope {

struct ImportOptions {
    // Drop a checkpoint with any NaN/inf weight or any |w| > maxAbs (the public loaders' threshold is 5);
    // maxAbs <= 0 keeps finite weights of any size.
    double maxAbs = 5.0;
    // Dataset id of the zoo; empty: guessed from params.json ("dataset::dump": fashion-mnist, mnist,
    // cifar10, svhn, stl10), else "unknown".
    std::string datasetId;
    // Checkpoint epochs to import; empty: every epoch any model has a checkpoint for.
    std::vector<int64_t> epochs;
};

struct ImportReport {
    int64_t modelFolders = 0;       // folders with a params.json
    int64_t modelsImported = 0;
    int64_t checkpointsRead = 0;
    int64_t checkpointsDropped = 0; // NaN or |w| > maxAbs: stored as all-NaN (ModelZoo::hasWeights false)
    int64_t checkpointsMissing = 0; // a model has no checkpoint at one of the zoo's epochs (also all-NaN)
    std::vector<std::string> messages; // one line per dropped/missing checkpoint and per skipped model
};

// Imports a model zoo in the public on-disk layout (one Ray Tune trial folder per model):
//   <dir>/<model>/params.json        config: model::nlin, model::init_type, model::dropout,
//                                    optim::optimizer, optim::lr, optim::wd, seed, trainset::batchsize
//   <dir>/<model>/result.json        JSON lines, one per epoch: train_/val_/test_ loss and acc,
//                                    training_iteration (accuracies in 0..1, or percent: rescaled)
//   <dir>/<model>/checkpoint_<e>/checkpoints   torch.save'd state dict (also checkpoint_<e:06d>)
// Models get ids 0..n-1 in the sorted order of their folder names (kept in ModelZoo::modelSources);
// the architecture comes from the state dicts' shapes (CNN-s or CNN3). Metric rows: when a model has
// one result line per checkpoint epoch including 0 (lines = max checkpoint epoch + 1), line k is epoch k
// (the first line evaluates the untrained model); otherwise epoch = training_iteration.
// Models whose folder cannot be read are skipped and reported; throws std::runtime_error when no model
// could be imported or the folders disagree on the architecture. `progress` hears the fraction of model
// folders read ("importing"); cancelling it ends the import with OperationCancelled.
class PublicZooImporter {
public:
    static ModelZoo import(const std::string& dir, const ImportOptions& options = {}, ImportReport* report = nullptr,
                           const Progress& progress = {});

    // One params.json (flat "model::nlin" keys or nested {"model": {"nlin": ...}}). Throws
    // std::runtime_error naming a missing key or an unknown value.
    static Hyperparameters parseParams(const Json& params);
};

} // namespace zooscope
