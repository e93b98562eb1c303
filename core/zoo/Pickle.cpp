#include "zoo/Pickle.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <unordered_map>

namespace zooscope::pickle {

namespace {

[[noreturn]] void fail(const std::string& what) { throw std::runtime_error("pickle: " + what); }

Ref make(Value::Kind k)
{
    auto v = std::make_shared<Value>();
    v->kind = k;
    return v;
}

Ref makeInt(int64_t i)
{
    Ref v = make(Value::Kind::Int);
    v->integer = i;
    return v;
}

Ref makeString(std::string s, Value::Kind k = Value::Kind::String)
{
    Ref v = make(k);
    v->text = std::move(s);
    return v;
}

int64_t asInt(const Ref& v, const char* what)
{
    if (!v || (v->kind != Value::Kind::Int && v->kind != Value::Kind::Bool))
        fail(std::string(what) + " is not an integer but " + (v ? v->describe() : "nothing"));
    return v->kind == Value::Kind::Bool ? (v->boolean ? 1 : 0) : v->integer;
}

std::vector<int64_t> asIntTuple(const Ref& v, const char* what)
{
    if (!v || (v->kind != Value::Kind::Tuple && v->kind != Value::Kind::List))
        fail(std::string(what) + " is not a tuple but " + (v ? v->describe() : "nothing"));
    std::vector<int64_t> r;
    for (const auto& x : v->items)
        r.push_back(asInt(x, what));
    return r;
}

class Machine {
public:
    Machine(const unsigned char* data, size_t size, size_t& pos, const PersistentLoad& pl)
        : m_data(data), m_size(size), m_pos(pos), m_persistentLoad(pl)
    {
    }

    Ref run()
    {
        for (;;) {
            const unsigned char op = byte();
            switch (op) {
            case 0x80: byte(); break;                    // PROTO
            case 0x95: bytes(8); break;                  // FRAME: just a length hint
            case '.': {                                  // STOP
                if (m_stack.empty())
                    fail("STOP with an empty stack");
                return m_stack.back();
            }
            case '(': m_marks.push_back(m_stack.size()); break; // MARK
            case '0': pop(); break;                      // POP
            case '1': popMark(); break;                  // POP_MARK
            case '2': push(top()); break;                // DUP
            case 'N': push(make(Value::Kind::None)); break;
            case 0x88: case 0x89: {                      // NEWTRUE / NEWFALSE
                Ref v = make(Value::Kind::Bool);
                v->boolean = op == 0x88;
                push(v);
                break;
            }
            case 'J': push(makeInt(static_cast<int32_t>(le(4)))); break;   // BININT
            case 'K': push(makeInt(byte())); break;                        // BININT1
            case 'M': push(makeInt(static_cast<int64_t>(le(2)))); break;   // BININT2
            case 0x8a: push(longValue(byte())); break;                     // LONG1
            case 0x8b: push(longValue(static_cast<size_t>(le(4)))); break; // LONG4
            case 'I': case 'L': {                        // INT / LONG (text)
                std::string line = readLine();
                if (!line.empty() && line.back() == 'L')
                    line.pop_back();
                if (op == 'I' && (line == "00" || line == "01")) {
                    Ref v = make(Value::Kind::Bool);
                    v->boolean = line == "01";
                    push(v);
                } else {
                    try {
                        push(makeInt(std::stoll(line)));
                    } catch (const std::exception&) {
                        fail("bad integer '" + line + "'");
                    }
                }
                break;
            }
            case 'G': {                                  // BINFLOAT (big-endian double)
                const unsigned char* b = bytes(8);
                uint64_t u = 0;
                for (int i = 0; i < 8; ++i)
                    u = (u << 8) | b[i];
                Ref v = make(Value::Kind::Float);
                std::memcpy(&v->real, &u, 8);
                push(v);
                break;
            }
            case 'F': {
                const std::string line = readLine();
                Ref v = make(Value::Kind::Float);
                v->real = std::strtod(line.c_str(), nullptr);
                push(v);
                break;
            }
            case 'X': push(makeString(str(le(4)))); break;                          // BINUNICODE
            case 0x8c: push(makeString(str(byte()))); break;                        // SHORT_BINUNICODE
            case 0x8d: push(makeString(str(le(8)))); break;                         // BINUNICODE8
            case 'T': push(makeString(str(le(4)))); break;                          // BINSTRING
            case 'U': push(makeString(str(byte()))); break;                         // SHORT_BINSTRING
            case 'B': push(makeString(str(le(4)), Value::Kind::Bytes)); break;      // BINBYTES
            case 'C': push(makeString(str(byte()), Value::Kind::Bytes)); break;     // SHORT_BINBYTES
            case 0x8e: push(makeString(str(le(8)), Value::Kind::Bytes)); break;     // BINBYTES8
            case 'V': push(makeString(readLine())); break;                          // UNICODE (ascii only)
            case 'S': {                                                             // STRING 'quoted'
                std::string line = readLine();
                if (line.size() >= 2 && (line.front() == '\'' || line.front() == '"'))
                    line = line.substr(1, line.size() - 2);
                push(makeString(line));
                break;
            }
            case ']': push(make(Value::Kind::List)); break;
            case 'l': {
                Ref v = make(Value::Kind::List);
                adoptAll(v, popMark());
                push(v);
                break;
            }
            case 'a': {                                  // APPEND
                Ref x = pop();
                Ref list = top();
                requireKind(list, Value::Kind::List, "APPEND");
                adoptAll(list, {x});
                break;
            }
            case 'e': {                                  // APPENDS
                auto xs = popMark();
                Ref list = top();
                requireKind(list, Value::Kind::List, "APPENDS");
                adoptAll(list, xs);
                break;
            }
            case ')': push(make(Value::Kind::Tuple)); break;
            case 't': {
                Ref v = make(Value::Kind::Tuple);
                adoptAll(v, popMark());
                push(v);
                break;
            }
            case 0x85: case 0x86: case 0x87: {          // TUPLE1..3
                const size_t n = op - 0x84u;
                if (m_stack.size() < n + base())
                    fail("TUPLE" + std::to_string(n) + " with too few items");
                Ref v = make(Value::Kind::Tuple);
                adoptAll(v, std::vector<Ref>(m_stack.end() - static_cast<std::ptrdiff_t>(n), m_stack.end()));
                m_stack.resize(m_stack.size() - n);
                push(v);
                break;
            }
            case '}': push(make(Value::Kind::Dict)); break;
            case 'd': {
                Ref v = make(Value::Kind::Dict);
                const auto kv = popMark();
                if (kv.size() % 2)
                    fail("DICT with an odd number of items");
                adoptAll(v, kv);
                push(v);
                break;
            }
            case 's': {                                  // SETITEM
                Ref value = pop();
                Ref key = pop();
                setItems(top(), {key, value});
                break;
            }
            case 'u': {                                  // SETITEMS
                auto kv = popMark();
                if (kv.size() % 2)
                    fail("SETITEMS with an odd number of items");
                setItems(top(), kv);
                break;
            }
            case 'c': {                                  // GLOBAL module\nname\n
                const std::string module = readLine();
                const std::string name = readLine();
                push(makeString(module + "." + name, Value::Kind::Global));
                break;
            }
            case 0x93: {                                 // STACK_GLOBAL
                Ref name = pop();
                Ref module = pop();
                if (name->kind != Value::Kind::String || module->kind != Value::Kind::String)
                    fail("STACK_GLOBAL needs two strings");
                push(makeString(module->text + "." + name->text, Value::Kind::Global));
                break;
            }
            case 'R': {                                  // REDUCE
                Ref args = pop();
                Ref callable = pop();
                push(reduce(callable, args));
                break;
            }
            case 0x81: {                                 // NEWOBJ
                Ref args = pop();
                Ref cls = pop();
                push(reduce(cls, args));
                break;
            }
            case 'b': {                                  // BUILD: state (e.g. an OrderedDict's _metadata) is not needed
                pop();
                top();
                break;
            }
            case 'Q': {                                  // BINPERSID
                Ref pid = pop();
                push(persistent(pid));
                break;
            }
            case 'P': push(persistent(makeString(readLine()))); break; // PERSID
            case 'q': memoPut(byte()); break;            // BINPUT
            case 'r': memoPut(le(4)); break;             // LONG_BINPUT
            case 'p': memoPut(decimal(readLine())); break;
            case 0x94: memoPut(m_memo.size()); break;    // MEMOIZE
            case 'h': push(memoGet(byte())); break;      // BINGET
            case 'j': push(memoGet(le(4))); break;       // LONG_BINGET
            case 'g': push(memoGet(decimal(readLine()))); break;
            default: {
                char buf[8];
                std::snprintf(buf, sizeof buf, "0x%02x", op);
                fail(std::string("unsupported opcode ") + buf + " at byte " + std::to_string(m_pos - 1));
            }
            }
        }
    }

private:
    unsigned char byte()
    {
        if (m_pos >= m_size)
            fail("truncated data (no STOP)");
        return m_data[m_pos++];
    }
    const unsigned char* bytes(uint64_t n)
    {
        if (n > m_size - m_pos)
            fail("truncated data (a value runs past the end)");
        const unsigned char* p = m_data + m_pos;
        m_pos += n;
        return p;
    }
    uint64_t le(int n)
    {
        const unsigned char* b = bytes(static_cast<uint64_t>(n));
        uint64_t v = 0;
        for (int i = n - 1; i >= 0; --i)
            v = (v << 8) | b[i];
        return v;
    }
    int64_t longBytes(size_t n)
    {
        if (n > 8)
            fail("integer too large");
        if (n == 0)
            return 0;
        const unsigned char* b = bytes(n);
        uint64_t v = 0;
        for (size_t i = n; i-- > 0;)
            v = (v << 8) | b[i];
        if (n < 8 && (b[n - 1] & 0x80))
            v |= ~uint64_t(0) << (8 * n); // sign-extend
        return static_cast<int64_t>(v);
    }
    // Integers beyond 64 bits (e.g. torch's legacy magic number) become Bytes with the raw little-endian
    // two's complement.
    Ref longValue(size_t n)
    {
        if (n <= 8)
            return makeInt(longBytes(n));
        return makeString(str(n), Value::Kind::Bytes);
    }
    std::string str(uint64_t n)
    {
        const unsigned char* p = bytes(n);
        return std::string(reinterpret_cast<const char*>(p), n);
    }
    std::string readLine()
    {
        std::string s;
        for (;;) {
            const unsigned char c = byte();
            if (c == '\n')
                return s;
            s.push_back(static_cast<char>(c));
        }
    }

    size_t base() const { return m_marks.empty() ? 0 : m_marks.back(); }
    void push(Ref v) { m_stack.push_back(std::move(v)); }
    Ref pop()
    {
        if (m_stack.size() <= base())
            fail("stack underflow");
        Ref v = m_stack.back();
        m_stack.pop_back();
        return v;
    }
    Ref top() const
    {
        if (m_stack.size() <= base())
            fail("stack underflow");
        return m_stack.back();
    }
    std::vector<Ref> popMark()
    {
        if (m_marks.empty())
            fail("no MARK on the stack");
        const size_t m = m_marks.back();
        m_marks.pop_back();
        std::vector<Ref> items(m_stack.begin() + static_cast<std::ptrdiff_t>(m), m_stack.end());
        m_stack.resize(m);
        return items;
    }
    static void requireKind(const Ref& v, Value::Kind k, const char* op)
    {
        if (v->kind != k)
            fail(std::string(op) + " on " + v->describe());
    }
    void setItems(const Ref& dict, const std::vector<Ref>& kv)
    {
        requireKind(dict, Value::Kind::Dict, "SETITEMS");
        adoptAll(dict, kv);
    }
    // Puts items into a container: refuses changing a sealed container (one already inside another, which
    // is how a cycle would form) and nesting beyond kMaxDepth.
    static void adoptAll(const Ref& container, const std::vector<Ref>& items)
    {
        if (container->sealed)
            fail(container->describe() + " is changed after it was put into another value");
        for (const Ref& x : items) {
            if (x.get() == container.get())
                fail(container->describe() + " contains itself");
            x->sealed = true;
            container->depth = std::max(container->depth, x->depth + 1);
        }
        if (container->depth > kMaxDepth)
            fail("values nested deeper than " + std::to_string(kMaxDepth) + " levels");
        container->items.insert(container->items.end(), items.begin(), items.end());
    }
    uint64_t decimal(const std::string& line) const
    {
        if (line.empty() || line.size() > 18 || line.find_first_not_of("0123456789") != std::string::npos)
            fail("bad memo key '" + line.substr(0, 20) + "'");
        return std::stoull(line);
    }
    void memoPut(uint64_t key) { m_memo[key] = top(); }
    Ref memoGet(uint64_t key) const
    {
        const auto it = m_memo.find(key);
        if (it == m_memo.end())
            fail("memo key " + std::to_string(key) + " not found");
        return it->second;
    }
    Ref persistent(const Ref& pid)
    {
        if (!m_persistentLoad)
            fail("persistent id without a loader");
        return m_persistentLoad(pid);
    }

    Ref reduce(const Ref& callable, const Ref& args)
    {
        if (callable->kind != Value::Kind::Global)
            fail("REDUCE of " + callable->describe());
        if (args->kind != Value::Kind::Tuple)
            fail("REDUCE arguments are " + args->describe());
        const std::string& g = callable->text;
        const auto& a = args->items;
        if (g == "collections.OrderedDict" || g == "builtins.dict" || g == "__builtin__.dict") {
            Ref d = make(Value::Kind::Dict);
            if (!a.empty() && a[0]->kind == Value::Kind::List) {
                std::vector<Ref> kv;
                for (const auto& pair : a[0]->items) {
                    if (pair->kind != Value::Kind::Tuple || pair->items.size() != 2)
                        fail("OrderedDict items are not pairs");
                    kv.push_back(pair->items[0]);
                    kv.push_back(pair->items[1]);
                }
                adoptAll(d, kv);
            }
            return d;
        }
        if (g == "torch._utils._rebuild_tensor_v2" || g == "torch._utils._rebuild_tensor") {
            if (a.size() < 4)
                fail(g + " with " + std::to_string(a.size()) + " arguments");
            if (a[0]->kind != Value::Kind::Storage)
                fail(g + ": first argument is " + a[0]->describe() + ", not a storage");
            Ref t = make(Value::Kind::Tensor);
            t->storage = a[0];
            t->depth = a[0]->depth + 1;
            t->dtype = a[0]->dtype;
            t->storageOffset = asInt(a[1], "storage offset");
            t->size = asIntTuple(a[2], "tensor size");
            t->stride = asIntTuple(a[3], "tensor stride");
            if (t->size.size() != t->stride.size())
                fail("tensor size and stride differ in length");
            return t;
        }
        if (g == "torch._utils._rebuild_parameter" || g == "torch._utils._rebuild_parameter_with_state") {
            if (a.empty() || a[0]->kind != Value::Kind::Tensor)
                fail(g + " without a tensor");
            return a[0];
        }
        // Anything else stays an opaque object; it only fails where a tensor is expected.
        Ref o = make(Value::Kind::Object);
        adoptAll(o, {callable, args});
        return o;
    }

    const unsigned char* m_data;
    size_t m_size;
    size_t& m_pos;
    const PersistentLoad& m_persistentLoad;
    std::vector<Ref> m_stack;
    std::vector<size_t> m_marks;
    std::unordered_map<uint64_t, Ref> m_memo;
};

void putInt(std::string& out, int64_t v)
{
    if (v >= 0 && v < 256) {
        out.push_back('K');
        out.push_back(static_cast<char>(v));
    } else if (v >= INT32_MIN && v <= INT32_MAX) {
        out.push_back('J');
        const uint32_t u = static_cast<uint32_t>(static_cast<int32_t>(v));
        for (int i = 0; i < 4; ++i)
            out.push_back(static_cast<char>((u >> (8 * i)) & 0xff));
    } else {
        out.push_back(static_cast<char>(0x8a)); // LONG1, 8 bytes
        out.push_back(8);
        const uint64_t u = static_cast<uint64_t>(v);
        for (int i = 0; i < 8; ++i)
            out.push_back(static_cast<char>((u >> (8 * i)) & 0xff));
    }
}

void putString(std::string& out, const std::string& s)
{
    out.push_back('X');
    const uint32_t n = static_cast<uint32_t>(s.size());
    for (int i = 0; i < 4; ++i)
        out.push_back(static_cast<char>((n >> (8 * i)) & 0xff));
    out += s;
}

void putIntTuple(std::string& out, const std::vector<int64_t>& v)
{
    if (v.empty()) {
        out.push_back(')');
        return;
    }
    out.push_back('(');
    for (int64_t x : v)
        putInt(out, x);
    out.push_back('t');
}

} // namespace

std::string Value::describe() const
{
    switch (kind) {
    case Kind::None: return "None";
    case Kind::Bool: return boolean ? "True" : "False";
    case Kind::Int: return "int " + std::to_string(integer);
    case Kind::Float: return "float";
    case Kind::String: return "string '" + text.substr(0, 40) + "'";
    case Kind::Bytes: return "bytes";
    case Kind::Tuple: return "tuple of " + std::to_string(items.size());
    case Kind::List: return "list of " + std::to_string(items.size());
    case Kind::Dict: return "dict of " + std::to_string(items.size() / 2);
    case Kind::Global: return "global " + text;
    case Kind::Storage: return dtype + " storage";
    case Kind::Tensor: return dtype + " tensor";
    case Kind::Object: return "object of " + (items.empty() ? std::string("?") : items[0]->text);
    }
    return "?";
}

Ref load(const unsigned char* data, size_t size, size_t& pos, const PersistentLoad& persistentLoad)
{
    Machine m(data, size, pos, persistentLoad);
    return m.run();
}

std::string dtypeOfStorageType(const std::string& g)
{
    static const std::pair<const char*, const char*> map[] = {
        {"torch.FloatStorage", "float32"}, {"torch.DoubleStorage", "float64"}, {"torch.HalfStorage", "float16"},
        {"torch.BFloat16Storage", "bfloat16"}, {"torch.LongStorage", "int64"}, {"torch.IntStorage", "int32"},
        {"torch.ShortStorage", "int16"}, {"torch.CharStorage", "int8"}, {"torch.ByteStorage", "uint8"},
        {"torch.BoolStorage", "bool"}, {"torch.cuda.FloatStorage", "float32"}, {"torch.cuda.DoubleStorage", "float64"}};
    for (const auto& [k, v] : map)
        if (g == k)
            return v;
    return {};
}

size_t dtypeSize(const std::string& d)
{
    if (d == "float32" || d == "int32") return 4;
    if (d == "float64" || d == "int64") return 8;
    if (d == "float16" || d == "bfloat16" || d == "int16") return 2;
    if (d == "int8" || d == "uint8" || d == "bool") return 1;
    return 0;
}

std::string dumpStateDict(const std::vector<std::pair<std::string, std::vector<int64_t>>>& tensors)
{
    std::string out;
    out += "\x80\x02";                      // PROTO 2
    out += "ccollections\nOrderedDict\n";   // GLOBAL
    out += ")R";                            // OrderedDict()
    if (!tensors.empty()) {
        out.push_back('(');                 // MARK
        for (size_t i = 0; i < tensors.size(); ++i) {
            const auto& [name, shape] = tensors[i];
            int64_t numel = 1;
            for (int64_t d : shape)
                numel *= d;
            std::vector<int64_t> stride(shape.size(), 1);
            for (size_t k = shape.size(); k-- > 1;)
                stride[k - 1] = stride[k] * shape[k];
            putString(out, name);
            out += "ctorch._utils\n_rebuild_tensor_v2\n";
            out.push_back('(');
            // persistent id ('storage', torch.FloatStorage, key, 'cpu', numel)
            out.push_back('(');
            putString(out, "storage");
            out += "ctorch\nFloatStorage\n";
            putString(out, std::to_string(i));
            putString(out, "cpu");
            putInt(out, numel);
            out.push_back('t');
            out.push_back('Q');             // BINPERSID
            putInt(out, 0);                 // storage offset
            putIntTuple(out, shape);
            putIntTuple(out, stride);
            out.push_back(static_cast<char>(0x89)); // requires_grad False
            out += "ccollections\nOrderedDict\n)R"; // backward hooks
            out.push_back('t');
            out.push_back('R');
        }
        out.push_back('u');                 // SETITEMS
    }
    out.push_back('.');
    return out;
}

} // namespace zooscope::pickle
