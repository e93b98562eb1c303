#include "training/LaneGroup.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <new>
#include <numeric>

namespace zooscope {

AlignedFloats::~AlignedFloats() { std::free(p); }

void AlignedFloats::resize(size_t count)
{
    std::free(p);
    n = count;
    const size_t bytes = std::max<size_t>(32, (count * sizeof(float) + 31) / 32 * 32);
    p = static_cast<float*>(std::aligned_alloc(32, bytes));
    if (!p)
        throw std::bad_alloc();
    std::memset(p, 0, bytes);
}

void AlignedFloats::zero() { std::memset(p, 0, n * sizeof(float)); }

void LaneGroup::clearRunningSums()
{
    runCount = 0;
    std::fill(std::begin(runLoss), std::end(runLoss), 0.0);
    std::fill(std::begin(runCorrect), std::end(runCorrect), 0);
}

uint32_t LaneGroup::dropoutThreshold(double p)
{
    return uint32_t(std::clamp(std::lround(p * 65536.0), 1L, 65535L));
}

std::vector<std::unique_ptr<LaneGroup>> LaneGroup::build(const std::vector<Hyperparameters>& models, int64_t parameters)
{
    std::vector<int> idx(models.size());
    std::iota(idx.begin(), idx.end(), 0);
    std::stable_sort(idx.begin(), idx.end(), [&](int a, int b) {
        const auto& x = models[a];
        const auto& y = models[b];
        if (x.activation != y.activation)
            return int(x.activation) < int(y.activation);
        return x.batchSize < y.batchSize;
    });
    std::vector<std::unique_ptr<LaneGroup>> groups;
    for (size_t i = 0; i < idx.size();) {
        auto g = std::make_unique<LaneGroup>();
        const auto& first = models[idx[i]];
        g->activation = first.activation;
        g->batch = first.batchSize;
        while (i < idx.size() && g->lanes < kLanes && models[idx[i]].activation == g->activation &&
               models[idx[i]].batchSize == g->batch) {
            const int mi = idx[i++];
            const auto& h = models[mi];
            const int l = g->lanes++;
            g->model[l] = mi;
            g->optimizer.learningRate[l] = float(h.learningRate);
            g->optimizer.weightDecay[l] = float(h.weightDecay);
            g->optimizer.adam[l] = h.optimizer == Optimizer::Adam ? 1 : 0;
            if (h.dropout > 0.0) {
                g->anyDropout = true;
                g->dropThreshold[l] = dropoutThreshold(h.dropout);
                g->dropScale[l] = 1.0f / (1.0f - float(h.dropout));
            }
        }
        // padding lanes: lr 0, never read back
        for (int l = g->lanes; l < kLanes; ++l)
            g->optimizer.adam[l] = 1;
        const size_t n = size_t(parameters) * kLanes;
        g->w.resize(n);
        g->m.resize(n);
        g->v.resize(n);
        g->g0.resize(n);
        g->g1.resize(n);
        groups.push_back(std::move(g));
    }
    return groups;
}

} // namespace zooscope
