#pragma once

#include <cstdint>

namespace zooscope {

// One model checkpoint of a zoo: row and checkpoint index (what hyper-representations train on and
// the analysis probes).
struct ZooSample {
    int64_t model = 0;
    int64_t checkpoint = 0;
};

} // namespace zooscope
