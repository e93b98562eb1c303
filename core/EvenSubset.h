// The one even thinning of a list: the probes' training samples and the trainer's epoch-end R^2 samples.
#pragma once

#include <cstdint>
#include <vector>

namespace zooscope {

// At most `limit` items of `all`, evenly spaced (item k * size / limit), so that every part of the list is
// represented and the same items come back each time. limit <= 0: all.
template <typename T>
std::vector<T> evenSubset(const std::vector<T>& all, int64_t limit)
{
    if (limit <= 0 || static_cast<int64_t>(all.size()) <= limit)
        return all;
    std::vector<T> out;
    out.reserve(static_cast<size_t>(limit));
    for (int64_t k = 0; k < limit; ++k)
        out.push_back(all[static_cast<size_t>(k * static_cast<int64_t>(all.size()) / limit)]);
    return out;
}

} // namespace zooscope
