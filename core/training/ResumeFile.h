// The resume file of population training: every lane group's position, weights and optimiser moments,
// and the results so far, with a fingerprint of the models, recipe and dataset and a checksum. Written
// through AtomicFile, so an interruption leaves the previous state.
#pragma once

#include "training/LaneGroup.h"
#include "training/PopulationTrainer.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace zooscope {

class ResumeFile {
public:
    using Groups = std::vector<std::unique_ptr<LaneGroup>>;

    // A hash of everything that decides the result: architecture, models, epochs, checkpoints, step
    // limit, evaluation switches, initial weights and the dataset.
    static uint64_t fingerprint(const Architecture& architecture, int64_t parameters, const std::vector<Hyperparameters>& models,
                                const PopulationTrainingOptions& options, const Dataset& data);

    // `results`: the arrays that hold what is done so far (metrics, checkpoint and final weights), in a
    // fixed order. Throws std::runtime_error naming the file.
    static void write(const std::string& path, uint64_t fingerprint, int64_t parameters, const Groups& groups,
                      const std::vector<const std::vector<float>*>& results);

    // False when there is no file; else fills `groups` and `results` (sized as when written). Throws
    // std::runtime_error for a file of other models, recipe or dataset, a truncated or corrupt one.
    static bool read(const std::string& path, uint64_t fingerprint, int64_t parameters, Groups& groups,
                     const std::vector<std::vector<float>*>& results);
};

} // namespace zooscope
