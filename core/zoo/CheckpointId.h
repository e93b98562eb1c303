// One zoo checkpoint as users name it: "3" (model 3, a default checkpoint) or "3@5" (model 3 at epoch 5).
// The one parser of that form: sampling anchors (ids:3@5,17) and diagnostics (--ids 3@5,17) share it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace zooscope {

struct CheckpointId {
    int64_t modelId = 0;
    int64_t epoch = -1; // -1: not given; the caller picks the checkpoint
    bool operator==(const CheckpointId& o) const { return modelId == o.modelId && epoch == o.epoch; }
};

// "3" or "3@5" (epoch >= 0). Throws std::invalid_argument "bad model id 'ITEM'" (callers add the forms).
CheckpointId parseCheckpointId(const std::string& item);
// "3,17" or "3@5,17@10" (empty items skipped). Throws std::invalid_argument naming the first bad item;
// the result may be empty.
std::vector<CheckpointId> parseCheckpointIds(const std::string& text);
// "3" or "3@5".
std::string toString(const CheckpointId& id);

} // namespace zooscope
