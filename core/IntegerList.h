// The one parser of integer lists as users type them: "0,1,5", "1-1000", "21-25,30" (commas, inclusive
// ranges, spaces ignored). Used by the command line's options and the panels' fields.
#pragma once

#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

namespace zooscope {

struct IntegerListRules {
    int64_t min = std::numeric_limits<int64_t>::min(); // every value must lie in [min, max]
    int64_t max = std::numeric_limits<int64_t>::max();
    bool ranges = true;          // "a-b" allowed (then min must be >= 0 so '-' is never a sign)
    bool sortedUnique = false;   // sort and drop repeats
    int64_t maxCount = 1 << 24;  // a range may not expand to more values than this
};

// Throws std::invalid_argument with a message that names the bad item (callers prefix the option or
// field name): not an integer, outside [min, max], a backwards or too large range, or an empty list.
std::vector<int64_t> parseIntegerList(std::string_view text, const IntegerListRules& rules = {});

} // namespace zooscope
