// A brush on one linked histogram: a closed value range on a continuous property, or a set of categories
// on a categorical one. An inactive brush lets every row pass.
#pragma once

#include <algorithm>
#include <vector>

namespace zooscope {

struct HistogramBrush {
    bool active = false;
    double low = 0, high = 0;    // continuous: low <= value <= high
    std::vector<int> categories; // categorical: category indices, ascending

    static HistogramBrush range(double a, double b) { return {true, std::min(a, b), std::max(a, b), {}}; }
    static HistogramBrush of(std::vector<int> categories)
    {
        std::sort(categories.begin(), categories.end());
        categories.erase(std::unique(categories.begin(), categories.end()), categories.end());
        const bool any = !categories.empty();
        return {any, 0, 0, std::move(categories)};
    }
    bool operator==(const HistogramBrush& o) const
    {
        return active == o.active && low == o.low && high == o.high && categories == o.categories;
    }
};

} // namespace zooscope
