#include "core/IntegerList.h"

#include <algorithm>
#include <charconv>
#include <stdexcept>
#include <string>

namespace zooscope {

namespace {

std::string_view trimmed(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

int64_t parseOne(std::string_view item, const IntegerListRules& rules)
{
    item = trimmed(item);
    int64_t value = 0;
    const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), value);
    if (item.empty() || ec != std::errc() || end != item.data() + item.size())
        throw std::invalid_argument("'" + std::string(item) + "' is not an integer");
    if (value < rules.min || value > rules.max)
        throw std::invalid_argument(std::to_string(value) + " is outside " + std::to_string(rules.min) + ".." +
                                    std::to_string(rules.max));
    return value;
}

} // namespace

std::vector<int64_t> parseIntegerList(std::string_view text, const IntegerListRules& rules)
{
    std::vector<int64_t> values;
    size_t start = 0;
    while (start <= text.size()) {
        size_t comma = text.find(',', start);
        if (comma == std::string_view::npos)
            comma = text.size();
        const std::string_view item = trimmed(text.substr(start, comma - start));
        start = comma + 1;
        if (item.empty())
            continue;
        const size_t dash = rules.ranges ? item.find('-', 1) : std::string_view::npos;
        if (dash == std::string_view::npos) {
            values.push_back(parseOne(item, rules));
            continue;
        }
        const int64_t a = parseOne(item.substr(0, dash), rules);
        const int64_t b = parseOne(item.substr(dash + 1), rules);
        if (b < a)
            throw std::invalid_argument("range '" + std::string(item) + "' runs backwards");
        if (b - a >= rules.maxCount || int64_t(values.size()) + (b - a) >= rules.maxCount)
            throw std::invalid_argument("range '" + std::string(item) + "' is too large");
        for (int64_t v = a; v <= b; ++v)
            values.push_back(v);
    }
    if (values.empty())
        throw std::invalid_argument("the list is empty");
    if (int64_t(values.size()) > rules.maxCount)
        throw std::invalid_argument("the list is too long");
    if (rules.sortedUnique) {
        std::sort(values.begin(), values.end());
        values.erase(std::unique(values.begin(), values.end()), values.end());
    }
    return values;
}

} // namespace zooscope
