#pragma once
// Internal: the subset of Python's pickle format that torch.save uses for dicts of tensors.
// Torch-free; used by TorchStateDict.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace zooscope::pickle {

struct Value;
using Ref = std::shared_ptr<Value>;

struct Value {
    enum class Kind { None, Bool, Int, Float, String, Bytes, Tuple, List, Dict, Global, Storage, Tensor, Object };
    Kind kind = Kind::None;
    bool boolean = false;
    int64_t integer = 0;
    double real = 0.0;
    std::string text;               // String/Bytes; Global: "module.name"; Storage: its key
    std::vector<Ref> items;         // Tuple/List; Dict: key0, value0, key1, value1, ...; Object: callable, args
    // Storage: dtype ("float32", ...) and key; Tensor: the storage and its view.
    std::string dtype;
    Ref storage;
    int64_t storageOffset = 0;
    std::vector<int64_t> size, stride;
    // Guards of the machine: a container is sealed once it is inside another (so no cycles can form),
    // and `depth` (1 + the deepest item) stays below a bound, so destroying a value cannot exhaust the stack.
    int depth = 1;
    bool sealed = false;

    std::string describe() const;   // short text for error messages
};

// Called for BINPERSID / PERSID with the persistent id; returns the object it stands for.
using PersistentLoad = std::function<Ref(const Ref& pid)>;

// Runs one pickle starting at data[pos] up to its STOP; pos ends after STOP. Throws std::runtime_error
// ("pickle: ...") on an unsupported opcode or global, or malformed/truncated data, values nested deeper
// than kMaxDepth or cyclic. Any byte buffer gives a value or that error.
constexpr int kMaxDepth = 100;
Ref load(const unsigned char* data, size_t size, size_t& pos, const PersistentLoad& persistentLoad);

// "torch.FloatStorage" -> "float32", ...; empty when unknown.
std::string dtypeOfStorageType(const std::string& global);
size_t dtypeSize(const std::string& dtype); // 0 when unknown

// A protocol-2 pickle of an OrderedDict name -> float32 tensor, each tensor a persistent id
// ('storage', torch.FloatStorage, "<index>", "cpu", numel) over its own storage, as torch.save writes it.
std::string dumpStateDict(const std::vector<std::pair<std::string, std::vector<int64_t>>>& tensors);

} // namespace zooscope::pickle
