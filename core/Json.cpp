#include "core/Json.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <stdexcept>
#include <unordered_map>

namespace zooscope {

// Json's numbers as nlohmann-json writes them (a friend: it reads the integer/float flags).
class JsonNumberWriter {
public:
    static nlohmann::ordered_json write(const Json& j);
};

// Appends an object member without the linear key search of operator[] (a friend): the parser knows
// from its own index whether the key is new.
class JsonObjectAppender {
public:
    static Json& append(Json& object, std::string key)
    {
        object.m_object.emplace_back(std::move(key), Json());
        return object.m_object.back().second;
    }
    static Json& member(Json& object, size_t index) { return object.m_object[index].second; }
    static size_t count(const Json& object) { return object.m_object.size(); }
};

namespace {

// Python's json module writes NaN, Infinity and -Infinity, which nlohmann-json (strict JSON) rejects.
// Outside strings they are replaced by number literals of the same length (so that error columns stay
// right) in spellings no writer uses, and read back as NaN and +-inf.
constexpr const char* kNanStandIn = "0E0";
constexpr const char* kInfinityStandIn = "1E+0000 ";

bool replaceNonFiniteLiterals(std::string& text)
{
    bool replaced = false;
    bool inString = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (text.compare(i, 3, "NaN") == 0) {
            text.replace(i, 3, kNanStandIn);
            replaced = true;
            i += 2;
        } else if (text.compare(i, 8, "Infinity") == 0) {
            text.replace(i, 8, kInfinityStandIn);
            replaced = true;
            i += 7;
        }
    }
    return replaced;
}

// Builds a Json from nlohmann-json's parse events (keeping key order and integer/float distinction).
class JsonBuilder : public nlohmann::json_sax<nlohmann::json> {
public:
    JsonBuilder(const std::string& text, bool standIns) : m_text(text), m_standIns(standIns) {}

    Json result;

    bool null() override { return add(Json()); }
    bool boolean(bool v) override { return add(Json(v)); }
    bool number_integer(number_integer_t v) override { return add(Json(static_cast<long long>(v))); }
    bool number_unsigned(number_unsigned_t v) override
    {
        if (v > static_cast<number_unsigned_t>(INT64_MAX))
            return add(Json(static_cast<double>(v)));
        return add(Json(static_cast<long long>(v)));
    }
    bool number_float(number_float_t v, const string_t& text) override
    {
        if (m_standIns) {
            if (text == kNanStandIn)
                return add(Json(std::nan("")));
            if (text == "1E+0000" || text == "-1E+0000")
                return add(Json(text[0] == '-' ? -HUGE_VAL : HUGE_VAL));
        }
        return add(Json(v));
    }
    bool string(string_t& v) override { return add(Json(std::move(v))); }
    bool binary(binary_t&) override { return false; }
    bool start_object(std::size_t) override { return open(Json::object()); }
    bool key(string_t& k) override
    {
        m_keys.push_back(std::move(k));
        return true;
    }
    bool end_object() override { return close(); }
    bool start_array(std::size_t) override { return open(Json::array()); }
    bool end_array() override { return close(); }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) override
    {
        int line = 1, column = 1;
        for (size_t i = 0; i + 1 < position && i < m_text.size(); ++i) {
            if (m_text[i] == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
        // nlohmann's message starts with its exception id and names the place too; keep what went wrong.
        std::string what = ex.what();
        const size_t colon = what.find(": "), bracket = what.find("] ");
        if (colon != std::string::npos)
            what = what.substr(colon + 2);
        else if (bracket != std::string::npos)
            what = what.substr(bracket + 2);
        throw std::runtime_error("JSON line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + what);
    }

private:
    bool add(Json v)
    {
        if (m_stack.empty()) {
            result = std::move(v);
        } else if (m_stack.back().isArray()) {
            m_stack.back().push(std::move(v));
        } else {
            auto& index = m_indexes.back();
            const auto found = index.find(m_keys.back());
            if (found != index.end()) {
                JsonObjectAppender::member(m_stack.back(), found->second) = std::move(v);
            } else {
                index.emplace(m_keys.back(), JsonObjectAppender::count(m_stack.back()));
                JsonObjectAppender::append(m_stack.back(), std::move(m_keys.back())) = std::move(v);
            }
            m_keys.pop_back();
        }
        return true;
    }
    bool open(Json container)
    {
        if (m_stack.size() >= Json::kMaxDepth)
            throw std::runtime_error("JSON nested deeper than " + std::to_string(Json::kMaxDepth) + " levels");
        m_stack.push_back(std::move(container));
        m_indexes.emplace_back();
        return true;
    }
    bool close()
    {
        Json done = std::move(m_stack.back());
        m_stack.pop_back();
        m_indexes.pop_back();
        return add(std::move(done));
    }

    const std::string& m_text;
    bool m_standIns;
    std::vector<Json> m_stack;
    std::vector<std::unordered_map<std::string, size_t>> m_indexes; // per open object: key -> member
    std::vector<std::string> m_keys;
};

nlohmann::ordered_json toNlohmann(const Json& j)
{
    switch (j.type()) {
    case Json::Type::Null: return nullptr;
    case Json::Type::Bool: return j.boolean();
    case Json::Type::Number: return JsonNumberWriter::write(j);
    case Json::Type::String: return j.string();
    case Json::Type::Array: {
        nlohmann::ordered_json a = nlohmann::ordered_json::array();
        for (const auto& item : j.items())
            a.push_back(toNlohmann(item));
        return a;
    }
    case Json::Type::Object: {
        nlohmann::ordered_json o = nlohmann::ordered_json::object();
        for (const auto& [key, value] : j.members())
            o[key] = toNlohmann(value);
        return o;
    }
    }
    return nullptr;
}

const char* typeName(Json::Type t)
{
    switch (t) {
    case Json::Type::Null: return "null";
    case Json::Type::Bool: return "a boolean";
    case Json::Type::Number: return "a number";
    case Json::Type::String: return "a string";
    case Json::Type::Array: return "an array";
    case Json::Type::Object: return "an object";
    }
    return "?";
}

} // namespace

Json Json::parse(const std::string& text)
{
    std::string strict = text;
    const bool standIns = replaceNonFiniteLiterals(strict);
    JsonBuilder builder(strict, standIns);
    nlohmann::json::sax_parse(strict, &builder);
    return std::move(builder.result);
}

nlohmann::ordered_json JsonNumberWriter::write(const Json& j)
{
    if (!std::isfinite(j.m_number))
        return nullptr;
    if (j.m_integer || (std::floor(j.m_number) == j.m_number && std::abs(j.m_number) < 1e15))
        return static_cast<long long>(j.m_number);
    if (j.m_fromFloat) {
        // The shortest text that reads back to the float, as a double: nlohmann then writes that text.
        char buf[32];
        const auto r = std::to_chars(buf, buf + sizeof buf - 1, static_cast<float>(j.m_number));
        *r.ptr = '\0';
        return std::strtod(buf, nullptr);
    }
    return j.m_number;
}

double Json::number() const
{
    if (m_type != Type::Number)
        throw std::runtime_error(std::string("expected a number, got ") + typeName(m_type));
    return m_number;
}

int64_t Json::integer() const
{
    const double v = number();
    if (std::floor(v) != v || std::abs(v) > 9.007e15)
        throw std::runtime_error("expected an integer, got " + std::to_string(v));
    return static_cast<int64_t>(v);
}

bool Json::boolean() const
{
    if (m_type != Type::Bool)
        throw std::runtime_error(std::string("expected a boolean, got ") + typeName(m_type));
    return m_bool;
}

const std::string& Json::string() const
{
    if (m_type != Type::String)
        throw std::runtime_error(std::string("expected a string, got ") + typeName(m_type));
    return m_string;
}

size_t Json::size() const
{
    if (m_type == Type::Array)
        return m_array.size();
    if (m_type == Type::Object)
        return m_object.size();
    return 0;
}

const Json& Json::operator[](size_t i) const
{
    if (m_type != Type::Array || i >= m_array.size())
        throw std::runtime_error("JSON array index " + std::to_string(i) + " out of range");
    return m_array[i];
}

void Json::push(Json v)
{
    if (m_type == Type::Null)
        m_type = Type::Array;
    if (m_type != Type::Array)
        throw std::runtime_error("push on a JSON value that is not an array");
    m_array.push_back(std::move(v));
}

bool Json::contains(const std::string& key) const { return find(key) != nullptr; }

const Json* Json::find(const std::string& key) const
{
    if (m_type != Type::Object)
        return nullptr;
    for (const auto& [k, v] : m_object)
        if (k == key)
            return &v;
    return nullptr;
}

const Json& Json::at(const std::string& key) const
{
    const Json* v = find(key);
    if (!v)
        throw std::runtime_error("missing key \"" + key + "\"");
    return *v;
}

Json& Json::operator[](const std::string& key)
{
    if (m_type == Type::Null)
        m_type = Type::Object;
    if (m_type != Type::Object)
        throw std::runtime_error("key access on a JSON value that is not an object");
    for (auto& [k, v] : m_object)
        if (k == key)
            return v;
    m_object.emplace_back(key, Json());
    return m_object.back().second;
}

std::string Json::dump(int indent) const
{
    return toNlohmann(*this).dump(indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

} // namespace zooscope
