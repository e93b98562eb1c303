#include "core/Json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace zooscope {

namespace {

class Parser {
public:
    explicit Parser(const std::string& s) : m_s(s) {}

    Json parseDocument()
    {
        skipSpace();
        Json v = parseValue(0);
        skipSpace();
        if (m_pos != m_s.size())
            error("unexpected text after the JSON value");
        return v;
    }

private:
    [[noreturn]] void error(const std::string& what) const
    {
        int line = 1, col = 1;
        for (size_t i = 0; i < m_pos && i < m_s.size(); ++i) {
            if (m_s[i] == '\n') {
                ++line;
                col = 1;
            } else {
                ++col;
            }
        }
        throw std::runtime_error("JSON line " + std::to_string(line) + ", column " + std::to_string(col) + ": " + what);
    }

    void skipSpace()
    {
        while (m_pos < m_s.size() && (m_s[m_pos] == ' ' || m_s[m_pos] == '\t' || m_s[m_pos] == '\n' || m_s[m_pos] == '\r'))
            ++m_pos;
    }

    bool consume(const char* word)
    {
        const size_t n = std::strlen(word);
        if (m_s.compare(m_pos, n, word) == 0) {
            m_pos += n;
            return true;
        }
        return false;
    }

    Json parseValue(int depth)
    {
        if (depth > 200)
            error("nesting too deep");
        if (m_pos >= m_s.size())
            error("unexpected end of input");
        const char c = m_s[m_pos];
        if (c == '{')
            return parseObject(depth);
        if (c == '[')
            return parseArray(depth);
        if (c == '"')
            return Json(parseString());
        if (consume("true"))
            return Json(true);
        if (consume("false"))
            return Json(false);
        if (consume("null"))
            return Json();
        // Python's json module writes these for non-finite floats.
        if (consume("NaN"))
            return Json(std::nan(""));
        if (consume("Infinity"))
            return Json(HUGE_VAL);
        if (consume("-Infinity"))
            return Json(-HUGE_VAL);
        if (c == '-' || (c >= '0' && c <= '9'))
            return parseNumber();
        error(std::string("unexpected character '") + c + "'");
    }

    Json parseNumber()
    {
        const size_t start = m_pos;
        bool integer = true;
        if (m_s[m_pos] == '-')
            ++m_pos;
        while (m_pos < m_s.size()) {
            const char c = m_s[m_pos];
            if (c >= '0' && c <= '9') {
                ++m_pos;
            } else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
                integer = false;
                ++m_pos;
            } else {
                break;
            }
        }
        const std::string text = m_s.substr(start, m_pos - start);
        char* end = nullptr;
        const double v = std::strtod(text.c_str(), &end);
        if (text.empty() || end != text.c_str() + text.size())
            error("malformed number '" + text + "'");
        if (integer) {
            long long iv = 0;
            const auto r = std::from_chars(text.data(), text.data() + text.size(), iv);
            if (r.ec == std::errc() && r.ptr == text.data() + text.size())
                return Json(iv);
        }
        return Json(v);
    }

    static void appendUtf8(std::string& out, uint32_t cp)
    {
        if (cp < 0x80) {
            out.push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
            out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
    }

    uint32_t hex4()
    {
        if (m_pos + 4 > m_s.size())
            error("truncated \\u escape");
        uint32_t v = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = m_s[m_pos++];
            v <<= 4;
            if (c >= '0' && c <= '9') v |= uint32_t(c - '0');
            else if (c >= 'a' && c <= 'f') v |= uint32_t(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F') v |= uint32_t(c - 'A' + 10);
            else error("bad \\u escape");
        }
        return v;
    }

    std::string parseString()
    {
        ++m_pos; // opening quote
        std::string out;
        for (;;) {
            if (m_pos >= m_s.size())
                error("unterminated string");
            const char c = m_s[m_pos++];
            if (c == '"')
                return out;
            if (c != '\\') {
                out.push_back(c);
                continue;
            }
            if (m_pos >= m_s.size())
                error("unterminated string");
            const char e = m_s[m_pos++];
            switch (e) {
            case '"': out.push_back('"'); break;
            case '\\': out.push_back('\\'); break;
            case '/': out.push_back('/'); break;
            case 'b': out.push_back('\b'); break;
            case 'f': out.push_back('\f'); break;
            case 'n': out.push_back('\n'); break;
            case 'r': out.push_back('\r'); break;
            case 't': out.push_back('\t'); break;
            case 'u': {
                uint32_t cp = hex4();
                if (cp >= 0xD800 && cp < 0xDC00 && m_s.compare(m_pos, 2, "\\u") == 0) {
                    m_pos += 2;
                    const uint32_t lo = hex4();
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                }
                appendUtf8(out, cp);
                break;
            }
            default: error(std::string("bad escape \\") + e);
            }
        }
    }

    Json parseArray(int depth)
    {
        ++m_pos;
        Json a = Json::array();
        skipSpace();
        if (m_pos < m_s.size() && m_s[m_pos] == ']') {
            ++m_pos;
            return a;
        }
        for (;;) {
            skipSpace();
            a.push(parseValue(depth + 1));
            skipSpace();
            if (m_pos >= m_s.size())
                error("unterminated array");
            if (m_s[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            if (m_s[m_pos] == ']') {
                ++m_pos;
                return a;
            }
            error("expected ',' or ']' in array");
        }
    }

    Json parseObject(int depth)
    {
        ++m_pos;
        Json o = Json::object();
        skipSpace();
        if (m_pos < m_s.size() && m_s[m_pos] == '}') {
            ++m_pos;
            return o;
        }
        for (;;) {
            skipSpace();
            if (m_pos >= m_s.size() || m_s[m_pos] != '"')
                error("expected a string key in object");
            std::string key = parseString();
            skipSpace();
            if (m_pos >= m_s.size() || m_s[m_pos] != ':')
                error("expected ':' after key \"" + key + "\"");
            ++m_pos;
            skipSpace();
            o[key] = parseValue(depth + 1);
            skipSpace();
            if (m_pos >= m_s.size())
                error("unterminated object");
            if (m_s[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            if (m_s[m_pos] == '}') {
                ++m_pos;
                return o;
            }
            error("expected ',' or '}' in object");
        }
    }

    const std::string& m_s;
    size_t m_pos = 0;
};

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

void escape(std::string& out, const std::string& s)
{
    out.push_back('"');
    for (unsigned char c : s) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out.push_back(static_cast<char>(c));
            }
        }
    }
    out.push_back('"');
}

} // namespace

Json Json::parse(const std::string& text) { return Parser(text).parseDocument(); }

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
    std::string out;
    dumpTo(out, indent, 0);
    return out;
}

void Json::dumpTo(std::string& out, int indent, int level) const
{
    const auto newline = [&](int lvl) {
        if (indent >= 0) {
            out.push_back('\n');
            out.append(static_cast<size_t>(indent * lvl), ' ');
        }
    };
    switch (m_type) {
    case Type::Null: out += "null"; break;
    case Type::Bool: out += m_bool ? "true" : "false"; break;
    case Type::Number: {
        if (!std::isfinite(m_number)) {
            out += "null";
        } else if (m_integer || (std::floor(m_number) == m_number && std::abs(m_number) < 1e15 && !m_fromFloat)) {
            out += std::to_string(static_cast<long long>(m_number));
        } else {
            // Shortest text that reads back to the same value (float precision for floats).
            char buf[32];
            const auto r = m_fromFloat ? std::to_chars(buf, buf + sizeof buf, static_cast<float>(m_number))
                                       : std::to_chars(buf, buf + sizeof buf, m_number);
            out.append(buf, r.ptr);
        }
        break;
    }
    case Type::String: escape(out, m_string); break;
    case Type::Array: {
        // Arrays of scalars stay on one line when pretty-printing.
        const bool flat = std::all_of(m_array.begin(), m_array.end(),
                                      [](const Json& j) { return j.m_type != Type::Array && j.m_type != Type::Object; });
        if (indent >= 0 && flat) {
            out.push_back('[');
            for (size_t i = 0; i < m_array.size(); ++i) {
                if (i)
                    out += ", ";
                m_array[i].dumpTo(out, indent, level + 1);
            }
            out.push_back(']');
            break;
        }
        out.push_back('[');
        for (size_t i = 0; i < m_array.size(); ++i) {
            if (i)
                out.push_back(',');
            newline(level + 1);
            m_array[i].dumpTo(out, indent, level + 1);
        }
        if (!m_array.empty())
            newline(level);
        out.push_back(']');
        break;
    }
    case Type::Object:
        out.push_back('{');
        for (size_t i = 0; i < m_object.size(); ++i) {
            if (i)
                out.push_back(',');
            newline(level + 1);
            escape(out, m_object[i].first);
            out += indent >= 0 ? ": " : ":";
            m_object[i].second.dumpTo(out, indent, level + 1);
        }
        if (!m_object.empty())
            newline(level);
        out.push_back('}');
        break;
    }
}

} // namespace zooscope
