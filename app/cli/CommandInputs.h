#pragma once

#include "hyperrep/HyperRepresentation.h"
#include "core/Json.h"
#include "core/Progress.h"
#include "zoo/Dataset.h"
#include "zoo/ModelZoo.h"

#include <iosfwd>
#include <optional>
#include <string>

namespace zooscope::cli {

// Reading what commands take as input, with the same messages everywhere.

// Throws UsageError "PATH: WHAT not found" (or a folder, or unreadable; PathChecks::inputFile), checked
// before anything slow starts.
void requireFile(const std::string& path, const std::string& what);

// Reads a zoo file, printing "reading PATH: N%" to `err` for large files.
ModelZoo readZoo(const std::string& path, std::ostream& err);

// Loads a hyper-representation and checks that it was made for `zoo`: the same architecture always;
// with `sameDataset` also the same dataset (where the file records one). Throws std::runtime_error
// naming both files.
HyperRepresentation readHyperRepresentation(const std::string& path, const ModelZoo& zoo, const std::string& zooPath,
                                            bool sameDataset = false);

// The images of dataset `datasetId`: the IDX files in `dir`, or the built-in Fashion-MNIST when `dir` is
// empty. Throws UsageError when the dataset is not built in and no folder is given.
Dataset zooDataset(const std::string& datasetId, const std::string& dir);

// The zoo's images where the command can have them: the IDX files in `dir` when given, else the built-in
// Fashion-MNIST for fashion-mnist zoos; otherwise nothing, after a note on `err` that `what` is not
// measured.
std::optional<Dataset> zooDatasetIfAvailable(const ModelZoo& zoo, const std::string& dir, const std::string& what,
                                             std::ostream& err);

// A report as the analysis commands print it: with --json the report's JSON plus "zoo" and "ae" (null
// when `aePath` is empty); otherwise a line naming the files, then `text`.
void writeReport(std::ostream& out, bool asJson, const std::string& zooPath, const std::string& aePath, Json report,
                 const std::string& text);

// One line per stage on `err`: "STAGE...".
Progress stagePrinter(std::ostream& err);

} // namespace zooscope::cli
