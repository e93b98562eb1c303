#pragma once

#include "core/Progress.h"

#include <cstdint>
#include <vector>

namespace zooscope {

struct TsneOptions {
    int dimensions = 3;               // 1, 2 or 3
    double perplexity = 30;           // clamped to (points - 1) / 3 for small sets
    int iterations = 1000;
    double learningRate = 0;          // 0: automatic, max(points / earlyExaggeration, 50)
    double earlyExaggeration = 12;
    int exaggerationIterations = 250;
    // Sets with more points are fitted on an even random subsample of this size; every other point is
    // placed by NeighbourPlacement (its 5 nearest fitted neighbours in the input space).
    int64_t maxExactPoints = 5000;
    int pcaDimensions = 50;           // inputs with more columns are reduced by PCA first; 0: never
    uint64_t seed = 1;
    int threads = 0;                  // 0: the engine's compute threads (EngineInfo::computeThreads())
};

// t-SNE (van der Maaten & Hinton 2008) for the 3D latent view. Input affinities from the 3*perplexity
// nearest neighbours (as Barnes-Hut t-SNE does), the repulsive forces exact over all pairs: O(n^2) per
// iteration, a second or two for a few thousand points; larger sets are subsampled (maxExactPoints).
// Initialised from the first principal components (deterministic), gradient descent with momentum
// and gains, early exaggeration. Plain C++ threads, no LibTorch in the optimisation.
class TsneProjection {
public:
    // rows x columns row-major. Throws std::invalid_argument for fewer than two rows, non-finite values
    // or bad options; OperationCancelled when `progress` is cancelled.
    TsneProjection(const float* data, int64_t rows, int64_t columns, const TsneOptions& options = {},
                   const Progress& progress = {});

    int dimensions() const { return m_dimensions; }
    // [rows, dimensions].
    const std::vector<float>& coordinates() const { return m_coordinates; }
    // Points the optimisation ran on (all, or the subsample).
    int64_t fittedPoints() const { return m_fitted; }
    double perplexity() const { return m_perplexity; }
    // KL(P || Q) of the fitted points at the end.
    double klDivergence() const { return m_kl; }

private:
    int m_dimensions = 3;
    int64_t m_fitted = 0;
    double m_perplexity = 0;
    double m_kl = 0;
    std::vector<float> m_coordinates;
};

} // namespace zooscope
