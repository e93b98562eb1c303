// The one SplitMix64: seeds every counter-based random stream of the engine (training's init, data
// order and dropout; sampling's per-model seeds), so that equal seeds give equal numbers everywhere.
#pragma once

#include <cstdint>

namespace zooscope {

// One step of SplitMix64: advances `state` and returns the next 64 random bits.
inline uint64_t splitmix64(uint64_t& state)
{
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// A well-mixed seed for stream `b` of seed `a` (order matters).
inline uint64_t mixSeeds(uint64_t a, uint64_t b)
{
    uint64_t x = a ^ (b * 0xD1B54A32D192ED03ull);
    return splitmix64(x);
}

} // namespace zooscope
