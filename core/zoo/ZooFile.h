#pragma once

#include "core/Progress.h"
#include "zoo/ModelZoo.h"

#include <cstdint>
#include <string>
#include <vector>

namespace zooscope {

// Model zoo files: HDF5, schema documented in docs/zoo-format.md (format "zooscope-zoo", schema
// version 1). Every function throws std::runtime_error that names the file and what is wrong (missing,
// not HDF5, truncated, not a zoo, newer schema, inconsistent shapes); HDF5's own error printing is
// suppressed while they run.
class ZooFile {
public:
    static constexpr const char* kFormat = "zooscope-zoo";
    static constexpr int64_t kSchemaVersion = 1;

    // Through AtomicFile: readers never see half a file. `progress` hears the fraction of the weights
    // written ("writing") or read ("reading"); cancelling it stops with OperationCancelled and leaves the
    // old file.
    // Throws std::invalid_argument when the zoo is inconsistent (ModelZoo::validate).
    static void write(const ModelZoo& zoo, const std::string& path, const Progress& progress = {});

    static ModelZoo read(const std::string& path, const Progress& progress = {});

    // Everything except the weights (ModelZoo::weights stays empty): cheap even for large zoos.
    static ModelZoo readSummary(const std::string& path);

    // Weights of some models at one checkpoint index: [modelRows.size(), parameters], without reading
    // the rest of the file.
    static std::vector<float> readWeights(const std::string& path, const std::vector<int64_t>& modelRows,
                                          int64_t checkpointIndex);

    // The models with the given ids (all models when empty), in that order, at one checkpoint epoch
    // (-1: the last checkpoint): a zoo with that single checkpoint, reading only those weights.
    static ModelZoo readSubset(const std::string& path, const std::vector<int64_t>& modelIds, int64_t checkpointEpoch);

    // Before libhdf5 parses a file written without checksummed metadata (earlier ZooScope builds), reads it
    // whole in a child process (Hdf5FileProbe): throws std::runtime_error naming the file when that
    // crashes, hangs or fails. Every read above calls it; EmbeddingFile's reads too. Cheap for
    // checksummed files and for a file that passed before.
    static void vetUntrusted(const std::string& path);

    // Joins shards of one zoo (same architecture, dataset, epochs and checkpoint epochs; distinct ids):
    // models sorted by id, the population split assigned afresh (assignPopulationSplit, seed 42), so the
    // result equals a zoo made in one go. createdBy: the shards' distinct command lines, one per line.
    // Throws std::invalid_argument naming the shard that does not fit.
    static ModelZoo merge(const std::vector<ModelZoo>& shards);
};

} // namespace zooscope
