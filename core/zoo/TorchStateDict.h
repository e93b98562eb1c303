#pragma once

#include "zoo/Architecture.h"

#include <cstdint>
#include <string>
#include <vector>

namespace zooscope {

// One tensor of a PyTorch state dict, as float32 values in row-major (contiguous) order.
struct StateTensor {
    std::string name;              // e.g. "module_list.0.weight"
    std::vector<int64_t> shape;
    std::vector<float> values;     // product(shape) values
    std::string dtype = "float32"; // the dtype in the file (float64 and integer tensors are converted)
};

// PyTorch state dicts without LibTorch's Python-only paths. LibTorch 1.13's torch::pickle_load cannot
// read a real `state_dict()` (an OrderedDict with `_metadata`), so ZooScope reads the files itself:
// the zip format of torch.save (>= 1.6: `<archive>/data.pkl`, a protocol-2 pickle, plus one raw storage
// per tensor in `<archive>/data/<key>`) and the legacy format (`_use_new_zipfile_serialization=False`).
// Only what torch.save writes for dicts of tensors is understood; other content gives a clear error.
class TorchStateDict {
public:
    // Tensors in the file's order. Throws std::runtime_error naming the file and what is wrong.
    static std::vector<StateTensor> read(const std::string& path);
    // The same from the file's bytes; `name` stands for the file in messages. Checks everything it reads
    // (zip CRC-32 and sizes, storage sizes against the tensors, the pickle's structure) and allocates
    // nothing the bytes do not hold: any byte buffer gives tensors or a std::runtime_error.
    static std::vector<StateTensor> parse(std::string bytes, const std::string& name);

    // Writes a zip-format file that Python's `torch.load` reads as an OrderedDict of float32 CPU tensors
    // (the same structure torch.save gives a state_dict(), minus `_metadata`). Atomic (temp + rename).
    static void write(const std::vector<StateTensor>& tensors, const std::string& path);

    // The state dict of one model in the public zoos' layout: `module_list.{i}.weight/bias` with the module
    // indices of `arch` with or without dropout modules, shapes as PyTorch's Conv2d/Linear.
    static std::vector<StateTensor> fromFlat(const Architecture& arch, const float* flat, bool withDropout);

    // The flat weight vector of `arch` from a state dict. The module indices are found in the dict (with or
    // without dropout modules); throws std::runtime_error naming a missing key or a wrong shape.
    static std::vector<float> toFlat(const Architecture& arch, const std::vector<StateTensor>& tensors);

    // The architecture a public-zoo state dict belongs to (CNN-s or CNN3, input channels from the first
    // conv's weight); throws std::runtime_error when it matches neither.
    static Architecture detectArchitecture(const std::vector<StateTensor>& tensors);

private:
    static std::string readFile(const std::string& path);
};

} // namespace zooscope
