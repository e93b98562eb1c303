#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace zooscope {

// One checkpoint of a zoo as a user names it: a model (by id) at one epoch, written "ID@EPOCH".
struct CheckpointReference {
    int64_t modelId = 0;
    int64_t epoch = -1; // -1: not given ("ID" alone); what that means is the caller's choice

    bool operator==(const CheckpointReference& o) const { return modelId == o.modelId && epoch == o.epoch; }
    bool hasEpoch() const { return epoch >= 0; }
    // "17@5", or "17" without an epoch.
    std::string toString() const;

    // "17@5" or "17" (epoch -1). Throws std::invalid_argument "bad checkpoint 'TEXT' (use ID or ID@EPOCH)"
    // for anything else: a missing or non-integer id, a negative or non-integer epoch, trailing characters.
    static CheckpointReference parse(const std::string& text);
    // "3,17" or "3@5,17@10" (empty items skipped; the result may be empty). Throws as parse() for the
    // first bad item.
    static std::vector<CheckpointReference> parseList(const std::string& text);
};

} // namespace zooscope
