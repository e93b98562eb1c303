#pragma once

#include "core/Json.h"
#include "core/Progress.h"
#include "zoo/ModelZoo.h"

#include <cstdint>
#include <string>
#include <vector>

namespace zooscope {

struct ExportedModel {
    int64_t id = 0;
    int64_t epoch = 0;
    std::string statePath; // DIR/<id>.pt
    std::string jsonPath;  // DIR/<id>.json
};

// Exports models as PyTorch state dicts like the public zoos' (module_list.{i}.weight/bias, the module
// indices of a model with dropout modules when its dropout > 0) plus a JSON with their hyperparameters
// and all metrics at the exported epoch.
class ZooExporter {
public:
    // Writes DIR/<id>.pt and DIR/<id>.json for each id at checkpoint `epoch` (-1: the zoo's last
    // checkpoint). Creates DIR. Throws std::runtime_error for an unknown id or epoch, or a checkpoint
    // without weights (dropped on import); OperationCancelled when `progress` is cancelled (the models
    // written so far stay, each file whole).
    static std::vector<ExportedModel> exportModels(const ModelZoo& zoo, const std::vector<int64_t>& ids, int64_t epoch,
                                                   const std::string& dir,
                                                   const Progress& progress = {});

    // The JSON written next to a state dict: id, epoch, architecture, dataset, activation, init, optimizer,
    // dropout, lr, weight_decay, seed, batch_size, split, [source,] train_loss, train_acc, val_loss,
    // val_acc, test_loss, test_acc (accuracies 0..1; null where not measured), state_dict (file name).
    static Json modelJson(const ModelZoo& zoo, int64_t row, int64_t epoch);

    // n distinct model ids drawn with seededPermutation(models, seed), in the zoo's order.
    static std::vector<int64_t> randomIds(const ModelZoo& zoo, int64_t n, uint64_t seed);
};

} // namespace zooscope
