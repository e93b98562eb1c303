// Counter-based random numbers of population training: xoshiro256** seeded through SplitMix64 from
// (seed, stream), with streams derived from counters (epoch, step, image), so that no generator state
// has to survive an interruption and a model's numbers never depend on the other models.
#pragma once

#include "core/SplitMix64.h"

#include <cmath>
#include <cstdint>

namespace zooscope {

class CounterRng {
public:
    CounterRng(uint64_t seed, uint64_t stream)
    {
        uint64_t x = mixSeeds(seed, stream);
        for (auto& v : m_s)
            v = splitmix64(x);
    }
    uint64_t next()
    {
        const uint64_t result = rotl(m_s[1] * 5, 7) * 9;
        const uint64_t t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return result;
    }
    float uniformFloat() { return float(next() >> 40) * 0x1.0p-24f; } // [0, 1), 24 bits like a float
    double uniform() { return double(next() >> 11) * 0x1.0p-53; }     // [0, 1)
    double normal()
    {
        const double u1 = double((next() >> 11) + 1) * 0x1.0p-53; // (0, 1]
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
    }
    uint64_t below(uint64_t n) { return uint64_t((static_cast<unsigned __int128>(next()) * n) >> 64); }

    // The streams of one model's seed.
    static constexpr uint64_t kInitStream = 1;
    static uint64_t orderStream(int64_t epoch) { return mixSeeds(2, uint64_t(epoch)); }
    static uint64_t dropoutStream(int64_t epoch, int64_t step, int64_t image)
    {
        return mixSeeds(mixSeeds(mixSeeds(3, uint64_t(epoch)), uint64_t(step)), uint64_t(image));
    }

    // The dropout generator of SIMD lane `lane` for (seed, epoch, step, image): xoshiro128** state
    // [4][lanes] from SplitMix64.
    static void seedDropoutLane(uint32_t* state, int lanes, int lane, uint64_t seed, int64_t epoch, int64_t step,
                                int64_t image)
    {
        uint64_t x = mixSeeds(seed, dropoutStream(epoch, step, image));
        const uint64_t a = splitmix64(x), c = splitmix64(x);
        state[0 * lanes + lane] = uint32_t(a);
        state[1 * lanes + lane] = uint32_t(a >> 32);
        state[2 * lanes + lane] = uint32_t(c);
        state[3 * lanes + lane] = uint32_t(c >> 32) | 1u; // never all zero
    }

private:
    static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    uint64_t m_s[4];
};

} // namespace zooscope
