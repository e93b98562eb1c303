// The one FNV-1a (64-bit): the engine's content hashes (a .hr file's bytes, a tokenizer layout, the
// novelty references' cache key). A fingerprint, not a defence against a chosen collision.
#pragma once

#include <cstddef>
#include <cstdint>

namespace zooscope {

struct Fnv1a {
    uint64_t h = 1469598103934665603ull;
    void mix(const void* bytes, size_t size)
    {
        const auto* c = static_cast<const unsigned char*>(bytes);
        for (size_t i = 0; i < size; ++i)
            h = (h ^ c[i]) * 1099511628211ull;
    }
    template <typename T> void value(const T& v) { mix(&v, sizeof v); }
};

} // namespace zooscope
