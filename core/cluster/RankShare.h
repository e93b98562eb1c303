#pragma once

#include "cluster/Communicator.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <type_traits>
#include <vector>

namespace zooscope {

// This rank's share of a list of independent items (models, checkpoints, decoding blocks), and the typed
// gathers that put the per-item results back together in item order. Rank r of n owns the contiguous
// block [r * count / n, (r + 1) * count / n) of whole units of `unit` items, so that work done in units
// (a batch of 256 decoded models, a chunk of encoded rows) has the unit boundaries of one process and
// gives its bits.
class RankShare {
public:
    RankShare(const Communicator& ranks, int64_t count, int64_t unit = 1)
    {
        if (count < 0 || unit < 1)
            throw std::invalid_argument("RankShare: bad item count or unit");
        const int64_t units = (count + unit - 1) / unit;
        m_begin = std::min(count, units * ranks.rank() / ranks.size() * unit);
        m_end = std::min(count, units * (ranks.rank() + 1) / ranks.size() * unit);
    }
    int64_t begin() const { return m_begin; }
    int64_t end() const { return m_end; }
    int64_t count() const { return m_end - m_begin; }

    // Every rank's values concatenated in rank order, on every rank.
    template <typename T>
    static std::vector<T> allgather(Communicator& ranks, const std::vector<T>& values)
    {
        if (ranks.size() == 1)
            return values;
        return joined<T>(ranks.allgatherBytes(bytesOf(values)));
    }
    // The same on rank 0 alone; the other ranks get an empty vector.
    template <typename T>
    static std::vector<T> gather(Communicator& ranks, const std::vector<T>& values)
    {
        if (ranks.size() == 1)
            return values;
        return joined<T>(ranks.gatherBytes(bytesOf(values)));
    }
    // Rank 0's values on every rank (what the other ranks pass is ignored).
    template <typename T>
    static std::vector<T> broadcast(Communicator& ranks, const std::vector<T>& values)
    {
        if (ranks.size() == 1)
            return values;
        return joined<T>(ranks.allgatherBytes(ranks.isRoot() ? bytesOf(values) : std::vector<uint8_t>{}));
    }
    // Whether any rank says yes (a collective: every rank asks).
    static bool any(Communicator& ranks, bool yes)
    {
        double v = yes ? 1.0 : 0.0;
        ranks.allreduceSum(&v, 1);
        return v > 0;
    }

private:
    template <typename T>
    static std::vector<uint8_t> bytesOf(const std::vector<T>& values)
    {
        static_assert(std::is_trivially_copyable_v<T>);
        std::vector<uint8_t> bytes(values.size() * sizeof(T));
        if (!bytes.empty())
            std::memcpy(bytes.data(), values.data(), bytes.size());
        return bytes;
    }
    template <typename T>
    static std::vector<T> joined(const std::vector<std::vector<uint8_t>>& parts)
    {
        size_t total = 0;
        for (const auto& p : parts)
            total += p.size();
        if (total % sizeof(T) != 0)
            throw std::runtime_error("RankShare: a rank sent a partial value");
        std::vector<T> out(total / sizeof(T));
        size_t at = 0;
        for (const auto& p : parts) {
            if (!p.empty())
                std::memcpy(reinterpret_cast<uint8_t*>(out.data()) + at, p.data(), p.size());
            at += p.size();
        }
        return out;
    }

    int64_t m_begin = 0, m_end = 0;
};

} // namespace zooscope
