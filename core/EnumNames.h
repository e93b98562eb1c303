// The one way an enum gets its names: a table of {value, name, aliases...} per enum, from which both
// directions are derived (toString and parsing), so a name is written in one place only.
#pragma once

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace zooscope {

template <typename Enum>
struct EnumName {
    Enum value;
    std::string_view name;                 // canonical: what files, JSON and the CLI write
    std::vector<std::string_view> aliases; // also accepted when reading
};

template <typename Enum>
class EnumNames {
public:
    EnumNames(std::string_view what, std::initializer_list<EnumName<Enum>> entries) : m_what(what), m_entries(entries) {}
    // Tables assembled from others (names must outlive the table: string literals).
    EnumNames(std::string_view what, std::vector<EnumName<Enum>> entries) : m_what(what), m_entries(std::move(entries)) {}

    std::string toString(Enum value) const
    {
        for (const auto& e : m_entries)
            if (e.value == value)
                return std::string(e.name);
        throw std::invalid_argument("invalid " + std::string(m_what) + " value " + std::to_string(static_cast<long long>(value)));
    }

    // Case-insensitive; '-', '_' and ' ' are the same. Throws std::invalid_argument listing the names.
    Enum parse(std::string_view text) const
    {
        const std::string key = normalised(text);
        for (const auto& e : m_entries) {
            if (normalised(e.name) == key)
                return e.value;
            for (auto alias : e.aliases)
                if (normalised(alias) == key)
                    return e.value;
        }
        throw std::invalid_argument("unknown " + std::string(m_what) + " '" + std::string(text) + "' (one of " + list() + ")");
    }

    // "a, b, c": the canonical names, for messages and --help.
    std::string list() const
    {
        std::string out;
        for (const auto& e : m_entries)
            out += (out.empty() ? "" : ", ") + std::string(e.name);
        return out;
    }

    const std::vector<EnumName<Enum>>& entries() const { return m_entries; }

private:
    static std::string normalised(std::string_view s)
    {
        std::string r;
        for (char c : s)
            r.push_back(c == '-' || c == ' ' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        return r;
    }

    std::string_view m_what;
    std::vector<EnumName<Enum>> m_entries;
};

} // namespace zooscope
