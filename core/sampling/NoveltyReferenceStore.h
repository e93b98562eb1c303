#pragma once

#include "sampling/NoveltyMeasure.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace zooscope {

// The novelty references' test results kept on disk, one small file per reference set, so that a zoo's
// training population is tested once, not once per `sample` run or per app start: testing 1,153
// checkpoints on 10,000 images is some 35 s on two cores, three quarters of a sampling request.
// A file holds what testing gives (misclassification sets and accuracies), under a key made of
// everything the result depends on: the references' weights and activations, the architecture, the test
// split's images and labels, and the evaluator's version. Files that do not match, are truncated or
// corrupt are ignored (and replaced); the store is a cache, never the only copy of anything.
class NoveltyReferenceStore {
public:
    // directory: where the files live (created when needed); empty: no disk store (load finds nothing,
    // save does nothing).
    explicit NoveltyReferenceStore(std::string directory);

    // The cache directory of this user: $XDG_CACHE_HOME/zooscope/novelty, else ~/.cache/zooscope/novelty,
    // else empty.
    static std::string defaultDirectory();

    // A hex key of everything the test result depends on.
    static std::string keyOf(const Architecture& architecture, const DatasetSplit& split, const std::vector<float>& references,
                             const std::vector<Activation>& activations);

    // The measure made from a stored result for `key`, or null when there is none (or it does not fit).
    std::shared_ptr<const NoveltyMeasure> load(const std::string& key, const Architecture& architecture, const DatasetSplit& split,
                                               std::vector<float> references) const;
    // Stores `measure` under `key` (atomically); keeps at most kMaxFiles files, dropping the oldest.
    // Failures (read-only or full disk) are swallowed: the next run tests the references again.
    void save(const std::string& key, const NoveltyMeasure& measure) const;

    std::string pathFor(const std::string& key) const;
    const std::string& directory() const { return m_directory; }

    static constexpr int kMaxFiles = 64;

private:
    std::string m_directory;
};

} // namespace zooscope
