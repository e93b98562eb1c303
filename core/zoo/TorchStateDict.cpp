// The only torch translation unit of the importer/exporter: it writes the zip container of torch.save
// with caffe2/serialize/inline_container.h. Reading is torch-free and checked (ZipArchive: CRC-32 and
// sizes; Pickle: bounded machine; here: storages against the tensors that use them).
#include "zoo/TorchStateDict.h"

#include "zoo/Pickle.h"
#include "zoo/ZipArchive.h"

#include "core/AtomicFile.h"

#include <caffe2/serialize/inline_container.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>

namespace zooscope {

namespace {

namespace fs = std::filesystem;
using pickle::Ref;
using pickle::Value;

[[noreturn]] void fail(const std::string& path, const std::string& what) { throw std::runtime_error(path + ": " + what); }

std::string firstLine(const std::string& s)
{
    const auto nl = s.find('\n');
    return nl == std::string::npos ? s : s.substr(0, nl);
}

float halfToFloat(uint16_t h)
{
    const uint32_t sign = (h >> 15) & 1, exp = (h >> 10) & 0x1f, mant = h & 0x3ff;
    float v;
    if (exp == 0)
        v = std::ldexp(static_cast<float>(mant), -24);
    else if (exp == 31)
        v = mant ? std::nanf("") : INFINITY;
    else
        v = std::ldexp(static_cast<float>(mant | 0x400), static_cast<int>(exp) - 25);
    return sign ? -v : v;
}

float elementAsFloat(const unsigned char* p, const std::string& dtype)
{
    if (dtype == "float32") { float v; std::memcpy(&v, p, 4); return v; }
    if (dtype == "float64") { double v; std::memcpy(&v, p, 8); return static_cast<float>(v); }
    if (dtype == "float16") { uint16_t v; std::memcpy(&v, p, 2); return halfToFloat(v); }
    if (dtype == "bfloat16") { uint16_t v; std::memcpy(&v, p, 2); uint32_t u = uint32_t(v) << 16; float f; std::memcpy(&f, &u, 4); return f; }
    if (dtype == "int64") { int64_t v; std::memcpy(&v, p, 8); return static_cast<float>(v); }
    if (dtype == "int32") { int32_t v; std::memcpy(&v, p, 4); return static_cast<float>(v); }
    if (dtype == "int16") { int16_t v; std::memcpy(&v, p, 2); return static_cast<float>(v); }
    if (dtype == "int8") { return static_cast<float>(static_cast<int8_t>(*p)); }
    if (dtype == "uint8" || dtype == "bool") { return static_cast<float>(*p); }
    throw std::runtime_error("unsupported dtype " + dtype);
}

// Storage bytes by key, filled by the format-specific readers.
using Storages = std::map<std::string, std::string>;

StateTensor materialise(const std::string& path, const std::string& name, const Value& t, const Storages& storages)
{
    StateTensor out;
    out.name = name;
    out.shape = t.size;
    out.dtype = t.dtype;
    const size_t elem = pickle::dtypeSize(t.dtype);
    if (elem == 0)
        fail(path, "tensor '" + name + "' has an unsupported storage type (" + t.storage->text + ")");
    const auto it = storages.find(t.storage->text);
    if (it == storages.end())
        fail(path, "tensor '" + name + "': storage '" + t.storage->text + "' is missing");
    const std::string& bytes = it->second;
    const int64_t storageNumel = static_cast<int64_t>(bytes.size() / elem);
    if (t.size.size() > 64)
        fail(path, "tensor '" + name + "' has " + std::to_string(t.size.size()) + " dimensions");
    int64_t numel = 1;
    for (int64_t d : t.size) {
        if (d < 0)
            fail(path, "tensor '" + name + "' has a negative dimension");
        if (__builtin_mul_overflow(numel, d, &numel))
            fail(path, "tensor '" + name + "' has a shape whose element count overflows");
    }
    // Checked before allocating: a damaged shape must not ask for more memory than the file holds.
    if (numel > storageNumel)
        fail(path, "tensor '" + name + "' has " + std::to_string(numel) + " elements but its storage '" + t.storage->text +
                       "' holds only " + std::to_string(storageNumel));
    out.values.resize(static_cast<size_t>(numel));
    if (numel == 0)
        return out;
    int64_t base = 0;
    if (t.storageOffset < 0 || t.storage->storageOffset < 0 ||
        __builtin_add_overflow(t.storageOffset, t.storage->storageOffset, &base))
        fail(path, "tensor '" + name + "' has an invalid storage offset");
    int64_t lastIndex = base;
    for (size_t k = 0; k < t.size.size(); ++k) {
        int64_t reach = 0;
        if (t.stride[k] < 0)
            fail(path, "tensor '" + name + "' has a negative stride");
        if (__builtin_mul_overflow(t.size[k] - 1, t.stride[k], &reach) || __builtin_add_overflow(lastIndex, reach, &lastIndex))
            fail(path, "tensor '" + name + "' has strides that overflow");
    }
    if (lastIndex >= storageNumel)
        fail(path, "tensor '" + name + "' reaches element " + std::to_string(lastIndex) + " of its storage '" +
                       t.storage->text + "', which holds " + std::to_string(storageNumel) + " (truncated file?)");
    const auto* raw = reinterpret_cast<const unsigned char*>(bytes.data());
    std::vector<int64_t> idx(t.size.size(), 0);
    for (int64_t i = 0; i < numel; ++i) {
        int64_t offset = base;
        for (size_t k = 0; k < idx.size(); ++k)
            offset += idx[k] * t.stride[k];
        out.values[static_cast<size_t>(i)] = elementAsFloat(raw + offset * static_cast<int64_t>(elem), t.dtype);
        for (size_t k = idx.size(); k-- > 0;) {
            if (++idx[k] < t.size[k])
                break;
            idx[k] = 0;
        }
    }
    return out;
}

void collect(const std::string& path, const Ref& dict, const std::string& prefix, const Storages& storages,
             std::vector<StateTensor>& out, int depth = 0)
{
    if (depth > 32)
        fail(path, "state dict nested deeper than 32 levels");
    for (size_t i = 0; i + 1 < dict->items.size(); i += 2) {
        const Ref& key = dict->items[i];
        const Ref& value = dict->items[i + 1];
        if (key->kind != Value::Kind::String)
            fail(path, "state dict key is " + key->describe() + ", not a string");
        const std::string name = prefix + key->text;
        if (value->kind == Value::Kind::Tensor)
            out.push_back(materialise(path, name, *value, storages));
        else if (value->kind == Value::Kind::Dict)
            collect(path, value, name + ".", storages, out, depth + 1);
        else
            fail(path, "the value of '" + name + "' is " + value->describe() + ", not a tensor");
    }
}

std::vector<StateTensor> fromRoot(const std::string& path, const Ref& root, const Storages& storages)
{
    if (root->kind != Value::Kind::Dict)
        fail(path, "not a state dict: the file holds " + root->describe() +
                       " (save model.state_dict(), not the model)");
    std::vector<StateTensor> out;
    collect(path, root, "", storages, out);
    return out;
}

// The storage a persistent id ('storage', torch.FloatStorage, key, location, numel) stands for.
Ref storageOf(const std::string& path, const Ref& pid)
{
    if (pid->kind != Value::Kind::Tuple || pid->items.size() < 5 || pid->items[0]->kind != Value::Kind::String ||
        pid->items[0]->text != "storage" || pid->items[1]->kind != Value::Kind::Global ||
        pid->items[2]->kind != Value::Kind::String)
        fail(path, "unexpected persistent id " + pid->describe());
    auto s = std::make_shared<Value>();
    s->kind = Value::Kind::Storage;
    s->dtype = pickle::dtypeOfStorageType(pid->items[1]->text);
    s->text = pid->items[2]->text;
    if (s->dtype.empty())
        fail(path, "unsupported storage type " + pid->items[1]->text);
    if (pid->items[4]->kind != Value::Kind::Int || pid->items[4]->integer < 0)
        fail(path, "storage '" + s->text + "' has the size " + pid->items[4]->describe() + ", not a count of elements");
    s->integer = pid->items[4]->integer; // the element count the pickle promises
    return s;
}

std::vector<StateTensor> readZip(const std::string& path, std::string bytes)
{
    const ZipArchive zip(std::move(bytes), path);
    if (zip.entries().empty())
        fail(path, "not a torch.save file (an empty zip archive)");
    // Every record lives in one folder named after the archive ("archive/data.pkl"), as LibTorch reads it.
    const std::string& first = zip.entries().front().name;
    const size_t slash = first.find('/');
    if (slash == std::string::npos)
        fail(path, "not a torch.save file (member " + first + " is not inside the archive's folder)");
    const std::string prefix = first.substr(0, slash + 1);
    try {
        if (!zip.find(prefix + "data.pkl"))
            fail(path, "not a torch.save file (no data.pkl in the archive)");
        const std::string pkl = zip.read(prefix + "data.pkl");
        Storages storages;
        const pickle::PersistentLoad load = [&](const Ref& pid) -> Ref {
            Ref s = storageOf(path, pid);
            const std::string record = prefix + "data/" + s->text;
            if (!zip.find(record))
                fail(path, "the archive has no record data/" + s->text + " (truncated file?)");
            const std::string data = zip.read(record);
            const uint64_t elem = pickle::dtypeSize(s->dtype);
            if (static_cast<uint64_t>(s->integer) > data.size() / elem || static_cast<uint64_t>(s->integer) * elem != data.size())
                fail(path, "storage '" + s->text + "' should hold " + std::to_string(s->integer) + " " + s->dtype +
                               " elements, but its record has " + std::to_string(data.size()) + " bytes");
            if (!storages.count(s->text))
                storages[s->text] = data;
            return s;
        };
        size_t pos = 0;
        const Ref root = pickle::load(reinterpret_cast<const unsigned char*>(pkl.data()), pkl.size(), pos, load);
        return fromRoot(path, root, storages);
    } catch (const std::runtime_error& e) {
        const std::string msg = e.what();
        if (msg.rfind(path + ":", 0) == 0)
            throw;
        fail(path, msg);
    }
}

// torch.save(..., _use_new_zipfile_serialization=False): magic number, protocol, sys info, the object,
// the storage keys, then per storage an int64 element count and the raw elements.
std::vector<StateTensor> readLegacy(const std::string& path, const std::string& bytes)
{
    const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
    size_t pos = 0;
    try {
        const Ref magic = pickle::load(data, bytes.size(), pos, {});
        static const unsigned char kMagic[] = {0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19};
        if (magic->kind != Value::Kind::Bytes || magic->text != std::string(reinterpret_cast<const char*>(kMagic), 10))
            fail(path, "not a PyTorch file (neither a zip archive nor the legacy torch.save format)");
        const Ref protocol = pickle::load(data, bytes.size(), pos, {});
        if (protocol->kind != Value::Kind::Int || protocol->integer != 1001)
            fail(path, "unsupported legacy torch.save protocol " + protocol->describe());
        pickle::load(data, bytes.size(), pos, {}); // sys info
        std::map<std::string, Ref> roots;
        const pickle::PersistentLoad load = [&](const Ref& pid) -> Ref {
            Ref s = storageOf(path, pid);
            if (pid->items.size() > 5 && pid->items[5]->kind == Value::Kind::Tuple && pid->items[5]->items.size() >= 2 &&
                pid->items[5]->items[1]->kind == Value::Kind::Int)
                s->storageOffset = pid->items[5]->items[1]->integer; // a view into the root storage
            roots[s->text] = s;
            return s;
        };
        const Ref root = pickle::load(data, bytes.size(), pos, load);
        const Ref keys = pickle::load(data, bytes.size(), pos, {});
        if (keys->kind != Value::Kind::List)
            fail(path, "corrupt legacy torch.save file (no storage key list)");
        Storages storages;
        for (const Ref& k : keys->items) {
            if (k->kind != Value::Kind::String)
                fail(path, "corrupt legacy torch.save file (storage key is " + k->describe() + ")");
            const auto r = roots.find(k->text);
            const size_t elem = r == roots.end() ? 0 : pickle::dtypeSize(r->second->dtype);
            if (elem == 0)
                fail(path, "corrupt legacy torch.save file (unknown storage " + k->text + ")");
            if (bytes.size() - pos < 8)
                fail(path, "truncated file (storage " + k->text + " is missing)");
            int64_t numel = 0;
            std::memcpy(&numel, data + pos, 8);
            pos += 8;
            if (numel < 0 || static_cast<uint64_t>(numel) > (bytes.size() - pos) / elem)
                fail(path, "truncated file (storage " + k->text + " is cut off)");
            if (numel != r->second->integer)
                fail(path, "storage '" + k->text + "' holds " + std::to_string(numel) + " elements, but the pickle says " +
                               std::to_string(r->second->integer));
            if (storages.count(k->text))
                fail(path, "corrupt legacy torch.save file (storage " + k->text + " appears twice)");
            storages[k->text] = bytes.substr(pos, static_cast<size_t>(numel) * elem);
            pos += static_cast<size_t>(numel) * elem;
        }
        return fromRoot(path, root, storages);
    } catch (const std::runtime_error& e) {
        const std::string msg = e.what();
        if (msg.rfind(path + ":", 0) == 0)
            throw;
        fail(path, "corrupt or truncated legacy torch.save file (" + msg + ")");
    }
}

std::string shapeText(const std::vector<int64_t>& shape)
{
    std::string s;
    for (size_t i = 0; i < shape.size(); ++i) {
        if (i)
            s.push_back('x');
        s.append(std::to_string(shape[i]));
    }
    return s;
}

const StateTensor* findTensor(const std::vector<StateTensor>& tensors, const std::string& name)
{
    for (const auto& t : tensors)
        if (t.name == name)
            return &t;
    return nullptr;
}

} // namespace

std::vector<StateTensor> TorchStateDict::read(const std::string& path)
{
    return parse(readFile(path), path);
}

std::string TorchStateDict::readFile(const std::string& path)
{
    std::error_code ec;
    if (!fs::exists(path, ec))
        fail(path, "file not found");
    if (fs::is_directory(path, ec))
        fail(path, "is a directory, not a PyTorch file");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        fail(path, "cannot open");
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad())
        fail(path, "read error");
    return bytes;
}

std::vector<StateTensor> TorchStateDict::parse(std::string bytes, const std::string& path)
{
    if (bytes.size() < 4)
        fail(path, "truncated or empty file (" + std::to_string(bytes.size()) + " bytes)");
    if (bytes.compare(0, 4, "PK\x03\x04") == 0)
        return readZip(path, std::move(bytes));
    if (static_cast<unsigned char>(bytes[0]) == 0x80)
        return readLegacy(path, bytes);
    fail(path, "not a PyTorch file (neither a zip archive nor a pickle)");
}

void TorchStateDict::write(const std::vector<StateTensor>& tensors, const std::string& path)
{
    std::vector<std::pair<std::string, std::vector<int64_t>>> layout;
    for (const auto& t : tensors) {
        int64_t numel = 1;
        for (int64_t d : t.shape)
            numel *= d;
        if (numel != static_cast<int64_t>(t.values.size()))
            throw std::invalid_argument("tensor '" + t.name + "': " + std::to_string(t.values.size()) +
                                        " values for shape of " + std::to_string(numel));
        layout.emplace_back(t.name, t.shape);
    }
    const std::string pkl = pickle::dumpStateDict(layout);
    // The archive is built in memory and then written through AtomicFile: LibTorch's writer cannot fail
    // cleanly (a failed write throws again from its destructor, which ends the process).
    std::string bytes;
    try {
        caffe2::serialize::PyTorchStreamWriter writer([&](const void* buf, size_t n) -> size_t {
            bytes.append(static_cast<const char*>(buf), n);
            return n;
        });
        writer.writeRecord("data.pkl", pkl.data(), pkl.size());
        for (size_t i = 0; i < tensors.size(); ++i)
            writer.writeRecord("data/" + std::to_string(i), tensors[i].values.data(), tensors[i].values.size() * sizeof(float));
        writer.writeEndOfFile();
    } catch (const c10::Error& e) {
        fail(path, "cannot write (" + firstLine(e.what_without_backtrace()) + ")");
    }
    AtomicFile::write(path, bytes);
}

std::vector<StateTensor> TorchStateDict::fromFlat(const Architecture& arch, const float* flat, bool withDropout)
{
    const auto keys = arch.stateDictKeys(withDropout);
    const auto shapes = arch.stateDictShapes();
    std::vector<StateTensor> out;
    size_t offset = 0;
    for (size_t i = 0; i < keys.size(); ++i) {
        StateTensor t;
        t.name = keys[i];
        t.shape = shapes[i];
        size_t n = 1;
        for (int64_t d : t.shape)
            n *= static_cast<size_t>(d);
        t.values.assign(flat + offset, flat + offset + n);
        offset += n;
        out.push_back(std::move(t));
    }
    return out;
}

std::vector<float> TorchStateDict::toFlat(const Architecture& arch, const std::vector<StateTensor>& tensors)
{
    const auto shapes = arch.stateDictShapes();
    for (bool withDropout : {false, true}) {
        const auto keys = arch.stateDictKeys(withDropout);
        bool all = true;
        for (const auto& k : keys)
            all = all && findTensor(tensors, k);
        if (!all)
            continue;
        std::vector<float> flat;
        flat.reserve(static_cast<size_t>(arch.parameterCount()));
        for (size_t i = 0; i < keys.size(); ++i) {
            const StateTensor* t = findTensor(tensors, keys[i]);
            if (t->shape != shapes[i]) {
                throw std::runtime_error("state dict tensor '" + keys[i] + "' has shape " + shapeText(t->shape) + ", " +
                                         arch.name + " expects " + shapeText(shapes[i]));
            }
            flat.insert(flat.end(), t->values.begin(), t->values.end());
        }
        return flat;
    }
    const auto keys = arch.stateDictKeys(false);
    for (const auto& k : keys)
        if (!findTensor(tensors, k))
            throw std::runtime_error("state dict has no tensor '" + k + "' (nor the " + arch.name +
                                     " keys with dropout modules)");
    throw std::runtime_error("state dict does not match " + arch.name);
}

Architecture TorchStateDict::detectArchitecture(const std::vector<StateTensor>& tensors)
{
    const StateTensor* first = findTensor(tensors, "module_list.0.weight");
    if (!first)
        throw std::runtime_error("not a public-zoo state dict (no module_list.0.weight)");
    const auto& s = first->shape;
    if (s.size() == 4 && s[0] == 8 && s[2] == 5 && s[3] == 5)
        return Architecture::cnnSmall(s[1]);
    if (s.size() == 4 && s[0] == 16 && s[2] == 3 && s[3] == 3)
        return Architecture::cnn3(s[1]);
    throw std::runtime_error("unknown architecture: module_list.0.weight has shape " + shapeText(s) + " (known: CNN-s, CNN3)");
}

} // namespace zooscope
