#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace zooscope {

// A JSON value for params.json / result.json of the public zoos and the CLI's and exporter's JSON; reading
// and writing are nlohmann-json's (kept out of this header). Objects keep their keys in insertion order.
class Json {
public:
    enum class Type { Null, Bool, Number, String, Array, Object };

    Json() = default;
    Json(std::nullptr_t) {}
    Json(bool b) : m_type(Type::Bool), m_bool(b) {}
    Json(int v) : m_type(Type::Number), m_number(v), m_integer(true) {}
    Json(long v) : m_type(Type::Number), m_number(static_cast<double>(v)), m_integer(true) {}
    Json(long long v) : m_type(Type::Number), m_number(static_cast<double>(v)), m_integer(true) {}
    Json(unsigned long v) : m_type(Type::Number), m_number(static_cast<double>(v)), m_integer(true) {}
    Json(unsigned long long v) : m_type(Type::Number), m_number(static_cast<double>(v)), m_integer(true) {}
    Json(double v) : m_type(Type::Number), m_number(v) {}
    Json(float v) : m_type(Type::Number), m_number(v), m_fromFloat(true) {}
    Json(const char* s) : m_type(Type::String), m_string(s) {}
    Json(std::string s) : m_type(Type::String), m_string(std::move(s)) {}

    static Json array() { Json j; j.m_type = Type::Array; return j; }
    static Json object() { Json j; j.m_type = Type::Object; return j; }
    template <typename T>
    static Json arrayOf(const std::vector<T>& v)
    {
        Json j = array();
        for (const auto& x : v)
            j.push(Json(x));
        return j;
    }

    // Throws std::runtime_error "JSON line L, column C: ..." on malformed input. Accepts Python's NaN and
    // Infinity. Refuses nesting deeper than kMaxDepth (destroying or writing a value recurses); time is
    // linear in the text (an object's keys are looked up by hash while parsing; the last of repeated keys wins).
    static constexpr size_t kMaxDepth = 256;
    static Json parse(const std::string& text);

    Type type() const { return m_type; }
    bool isNull() const { return m_type == Type::Null; }
    bool isNumber() const { return m_type == Type::Number; }
    bool isString() const { return m_type == Type::String; }
    bool isObject() const { return m_type == Type::Object; }
    bool isArray() const { return m_type == Type::Array; }
    bool isBool() const { return m_type == Type::Bool; }

    // Typed access; throw std::runtime_error on a type mismatch.
    double number() const;
    int64_t integer() const;   // a number with no fractional part
    bool boolean() const;
    const std::string& string() const;

    // Arrays
    size_t size() const;
    const Json& operator[](size_t i) const;
    void push(Json v);
    const std::vector<Json>& items() const { return m_array; }

    // Objects (insertion order kept)
    bool contains(const std::string& key) const;
    const Json* find(const std::string& key) const;
    const Json& at(const std::string& key) const; // throws naming the key
    Json& operator[](const std::string& key);     // inserts null when missing
    const std::vector<std::pair<std::string, Json>>& members() const { return m_object; }

    // Compact when indent < 0, else pretty-printed (nlohmann-json). NaN/inf are written as null;
    // floats as the shortest text that reads back to the same float.
    std::string dump(int indent = -1) const;

private:
    friend class JsonNumberWriter;
    friend class JsonObjectAppender;

    Type m_type = Type::Null;
    bool m_bool = false;
    double m_number = 0.0;
    bool m_integer = false;
    bool m_fromFloat = false;
    std::string m_string;
    std::vector<Json> m_array;
    std::vector<std::pair<std::string, Json>> m_object;
};

} // namespace zooscope
