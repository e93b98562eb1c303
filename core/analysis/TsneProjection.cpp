#include "analysis/TsneProjection.h"

#include "zoo/ModelZoo.h"
#include "analysis/PcaProjection.h"
#include "analysis/NeighbourPlacement.h"
#include "analysis/ParallelFor.h"
#include "core/EngineInfo.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <tuple>

namespace zooscope {

namespace {

// Sparse symmetric input affinities (compressed rows).
struct Affinities {
    std::vector<int64_t> rowStart; // [n + 1]
    std::vector<int64_t> column;
    std::vector<float> value;
};

// Conditional p_{j|i} over each point's k nearest neighbours, the Gaussian's width found by bisection
// so that the entropy matches log(perplexity); then P = (P_cond + P_cond^T) / (2n).
Affinities inputAffinities(const std::vector<float>& x, int64_t n, int64_t d, double perplexity, int threads,
                           const Progress& progress)
{
    const int64_t k = std::min<int64_t>(n - 1, static_cast<int64_t>(std::ceil(3 * perplexity)));
    std::vector<int64_t> neighbour(static_cast<size_t>(n * k));
    std::vector<double> conditional(static_cast<size_t>(n * k));
    const double targetEntropy = std::log(perplexity);
    parallelFor(n, threads, [&](int64_t begin, int64_t end, int part) {
        std::vector<std::pair<double, int64_t>> distances(static_cast<size_t>(n - 1));
        std::vector<double> p(static_cast<size_t>(k));
        for (int64_t i = begin; i < end; ++i) {
            // Workers only look at the flag; the caller's thread reports (and throws after the join).
            if (progress.isCancelled())
                return;
            if (part == 0 && (i - begin) % 64 == 0)
                progress.report(0.1 * static_cast<double>(i - begin) / static_cast<double>(std::max<int64_t>(1, end - begin)));
            const float* xi = x.data() + i * d;
            size_t m = 0;
            for (int64_t j = 0; j < n; ++j) {
                if (j == i)
                    continue;
                const float* xj = x.data() + j * d;
                double s = 0;
                for (int64_t c = 0; c < d; ++c) {
                    const double diff = static_cast<double>(xi[c]) - static_cast<double>(xj[c]);
                    s += diff * diff;
                }
                distances[m++] = {s, j};
            }
            std::nth_element(distances.begin(), distances.begin() + (k - 1), distances.end());
            std::sort(distances.begin(), distances.begin() + k);
            const double nearest = distances[0].first;
            double beta = 1.0, lo = 0.0, hi = std::numeric_limits<double>::infinity();
            // Scale-free start: distances relative to the k-th nearest.
            const double scale = std::max(distances[static_cast<size_t>(k - 1)].first - nearest, 1e-12);
            beta = 1.0 / scale;
            for (int iteration = 0; iteration < 200; ++iteration) {
                double sum = 0, weighted = 0;
                for (int64_t j = 0; j < k; ++j) {
                    const double shifted = distances[static_cast<size_t>(j)].first - nearest;
                    p[static_cast<size_t>(j)] = std::exp(-beta * shifted);
                    sum += p[static_cast<size_t>(j)];
                    weighted += shifted * p[static_cast<size_t>(j)];
                }
                const double entropy = std::log(sum) + beta * weighted / sum;
                if (std::abs(entropy - targetEntropy) < 1e-5)
                    break;
                if (entropy > targetEntropy) { // too flat: narrower
                    lo = beta;
                    beta = std::isinf(hi) ? beta * 2 : 0.5 * (beta + hi);
                } else {
                    hi = beta;
                    beta = 0.5 * (beta + lo);
                }
            }
            double sum = 0;
            for (double v : p)
                sum += v;
            for (int64_t j = 0; j < k; ++j) {
                neighbour[static_cast<size_t>(i * k + j)] = distances[static_cast<size_t>(j)].second;
                conditional[static_cast<size_t>(i * k + j)] = p[static_cast<size_t>(j)] / sum;
            }
        }
    });
    progress.throwIfCancelled();

    std::vector<std::tuple<int64_t, int64_t, double>> entries;
    entries.reserve(static_cast<size_t>(2 * n * k));
    for (int64_t i = 0; i < n; ++i) {
        for (int64_t j = 0; j < k; ++j) {
            const int64_t other = neighbour[static_cast<size_t>(i * k + j)];
            const double v = conditional[static_cast<size_t>(i * k + j)];
            entries.emplace_back(i, other, v);
            entries.emplace_back(other, i, v);
        }
    }
    std::sort(entries.begin(), entries.end());
    Affinities a;
    a.rowStart.assign(static_cast<size_t>(n + 1), 0);
    const double norm = 1.0 / (2.0 * static_cast<double>(n));
    for (size_t e = 0; e < entries.size();) {
        const auto [i, j, v0] = entries[e];
        double v = v0;
        size_t f = e + 1;
        while (f < entries.size() && std::get<0>(entries[f]) == i && std::get<1>(entries[f]) == j)
            v += std::get<2>(entries[f++]);
        a.column.push_back(j);
        a.value.push_back(static_cast<float>(v * norm));
        ++a.rowStart[static_cast<size_t>(i + 1)];
        e = f;
    }
    for (int64_t i = 0; i < n; ++i)
        a.rowStart[static_cast<size_t>(i + 1)] += a.rowStart[static_cast<size_t>(i)];
    return a;
}

} // namespace

TsneProjection::TsneProjection(const float* data, int64_t rows, int64_t columns, const TsneOptions& options,
                               const Progress& progress)
{
    if (rows < 2 || columns < 1)
        throw std::invalid_argument("t-SNE needs at least two points with at least one coordinate");
    if (options.dimensions < 1 || options.dimensions > 3)
        throw std::invalid_argument("t-SNE projects to 1, 2 or 3 dimensions");
    if (!(options.perplexity > 0) || options.iterations < 1 || options.learningRate < 0 || !(options.earlyExaggeration >= 1) ||
        options.maxExactPoints < 2)
        throw std::invalid_argument("t-SNE needs perplexity > 0, at least one iteration, learning rate >= 0, early "
                                    "exaggeration >= 1 and at least two points to fit");
    if (!std::all_of(data, data + rows * columns, [](float v) { return std::isfinite(v); }))
        throw std::invalid_argument("t-SNE input contains NaN or infinite values");
    m_dimensions = options.dimensions;
    const int threads = options.threads > 0 ? options.threads : EngineInfo::computeThreads();
    const auto report = [&](double f) { progress.report(f); };
    report(0.0);

    // Distances in a PCA-reduced space: the same neighbourhoods, far cheaper for wide inputs.
    std::vector<float> x;
    int64_t d = columns;
    if (options.pcaDimensions > 0 && columns > options.pcaDimensions) {
        const PcaProjection pca(data, rows, columns, options.pcaDimensions);
        x = pca.coordinates();
        d = options.pcaDimensions;
    } else {
        x.assign(data, data + rows * columns);
    }

    // The points the optimisation sees.
    std::vector<int64_t> fitted;
    if (rows > options.maxExactPoints) {
        fitted = seededPermutation(rows, options.seed);
        fitted.resize(static_cast<size_t>(options.maxExactPoints));
        std::sort(fitted.begin(), fitted.end());
    } else {
        fitted.resize(static_cast<size_t>(rows));
        for (int64_t i = 0; i < rows; ++i)
            fitted[static_cast<size_t>(i)] = i;
    }
    const int64_t n = static_cast<int64_t>(fitted.size());
    m_fitted = n;
    std::vector<float> xf(static_cast<size_t>(n * d));
    for (int64_t i = 0; i < n; ++i)
        std::copy_n(x.data() + fitted[static_cast<size_t>(i)] * d, d, xf.data() + i * d);

    m_perplexity = std::max(1.0, std::min(options.perplexity, static_cast<double>(n - 1) / 3.0));
    const Affinities P = inputAffinities(xf, n, d, m_perplexity, threads, progress);

    // Start: the first principal components, scaled to a tiny spread (std 1e-4 on the first axis).
    std::vector<float> pos[3];
    for (auto& axis : pos)
        axis.assign(static_cast<size_t>(n), 0.0f);
    {
        const int components = static_cast<int>(std::min<int64_t>(m_dimensions, d));
        const PcaProjection start(xf.data(), n, d, components);
        const std::vector<float>& c = start.coordinates();
        double var = 0;
        for (int64_t i = 0; i < n; ++i)
            var += static_cast<double>(c[static_cast<size_t>(i * components)]) * c[static_cast<size_t>(i * components)];
        const double scale = var > 0 ? 1e-4 / std::sqrt(var / static_cast<double>(n)) : 1.0;
        for (int a = 0; a < components; ++a)
            for (int64_t i = 0; i < n; ++i)
                pos[a][static_cast<size_t>(i)] = static_cast<float>(c[static_cast<size_t>(i * components + a)] * scale);
        // Axes the data cannot fill (fewer input columns than output dimensions) start with seeded jitter.
        uint64_t state = options.seed * 0x9E3779B97F4A7C15ull + 1;
        for (int a = components; a < m_dimensions; ++a)
            for (int64_t i = 0; i < n; ++i) {
                state = state * 6364136223846793005ull + 1442695040888963407ull;
                pos[a][static_cast<size_t>(i)] = static_cast<float>((static_cast<double>(state >> 11) / 9007199254740992.0 - 0.5) * 1e-4);
            }
    }

    const double learningRate = options.learningRate > 0 ? options.learningRate
                                                         : std::max(static_cast<double>(n) / options.earlyExaggeration, 50.0);
    std::vector<float> update[3], gains[3], gradient[3];
    for (int a = 0; a < 3; ++a) {
        update[a].assign(static_cast<size_t>(n), 0.0f);
        gains[a].assign(static_cast<size_t>(n), 1.0f);
        gradient[a].assign(static_cast<size_t>(n), 0.0f);
    }
    std::vector<double> partZ(static_cast<size_t>(threads));

    // One pass over all pairs: repulsion (q^2 (y_i - y_j)) and the normaliser Z = sum q, then attraction
    // over the sparse P. Each thread owns whole rows, so no two threads write the same point.
    const auto forces = [&](double exaggeration) {
        std::vector<float> repulsion[3];
        for (auto& r : repulsion)
            r.assign(static_cast<size_t>(n), 0.0f);
        std::fill(partZ.begin(), partZ.end(), 0.0);
        const float* px = pos[0].data();
        const float* py = pos[1].data();
        const float* pz = pos[2].data();
        parallelFor(n, threads, [&](int64_t begin, int64_t end, int part) {
            double z = 0;
            for (int64_t i = begin; i < end; ++i) {
                const float xi = px[i], yi = py[i], zi = pz[i];
                float fx = 0, fy = 0, fz = 0, qs = 0;
#pragma omp simd reduction(+ : fx, fy, fz, qs)
                for (int64_t j = 0; j < n; ++j) {
                    const float dx = xi - px[j], dy = yi - py[j], dz = zi - pz[j];
                    const float q = 1.0f / (1.0f + dx * dx + dy * dy + dz * dz);
                    qs += q;
                    const float q2 = q * q;
                    fx += q2 * dx;
                    fy += q2 * dy;
                    fz += q2 * dz;
                }
                // The j == i term added q = 1 with zero force.
                z += static_cast<double>(qs) - 1.0;
                repulsion[0][static_cast<size_t>(i)] = fx;
                repulsion[1][static_cast<size_t>(i)] = fy;
                repulsion[2][static_cast<size_t>(i)] = fz;
            }
            partZ[static_cast<size_t>(part)] = z;
        });
        double Z = 0;
        for (double z : partZ)
            Z += z;
        const float invZ = static_cast<float>(1.0 / std::max(Z, 1e-300));
        const float ex = static_cast<float>(exaggeration);
        parallelFor(n, threads, [&](int64_t begin, int64_t end, int) {
            for (int64_t i = begin; i < end; ++i) {
                float ax = 0, ay = 0, az = 0;
                for (int64_t e = P.rowStart[static_cast<size_t>(i)]; e < P.rowStart[static_cast<size_t>(i + 1)]; ++e) {
                    const int64_t j = P.column[static_cast<size_t>(e)];
                    const float dx = px[i] - px[j], dy = py[i] - py[j], dz = pz[i] - pz[j];
                    const float pq = P.value[static_cast<size_t>(e)] / (1.0f + dx * dx + dy * dy + dz * dz);
                    ax += pq * dx;
                    ay += pq * dy;
                    az += pq * dz;
                }
                gradient[0][static_cast<size_t>(i)] = 4.0f * (ex * ax - repulsion[0][static_cast<size_t>(i)] * invZ);
                gradient[1][static_cast<size_t>(i)] = 4.0f * (ex * ay - repulsion[1][static_cast<size_t>(i)] * invZ);
                gradient[2][static_cast<size_t>(i)] = 4.0f * (ex * az - repulsion[2][static_cast<size_t>(i)] * invZ);
            }
        });
        return Z;
    };

    double lastZ = 1;
    for (int iteration = 0; iteration < options.iterations; ++iteration) {
        if (iteration % 10 == 0)
            report(0.1 + 0.85 * static_cast<double>(iteration) / static_cast<double>(options.iterations));
        const bool early = iteration < options.exaggerationIterations;
        lastZ = forces(early ? options.earlyExaggeration : 1.0);
        const float momentum = early ? 0.5f : 0.8f;
        for (int a = 0; a < m_dimensions; ++a) {
            for (int64_t i = 0; i < n; ++i) {
                const size_t s = static_cast<size_t>(i);
                const float g = gradient[a][s];
                // Delta-bar-delta gains: grow where the gradient keeps pushing against the last step.
                gains[a][s] = (g > 0) != (update[a][s] > 0) ? gains[a][s] + 0.2f : std::max(0.01f, gains[a][s] * 0.8f);
                update[a][s] = momentum * update[a][s] - static_cast<float>(learningRate) * gains[a][s] * g;
                pos[a][s] += update[a][s];
            }
            double mean = 0;
            for (float v : pos[a])
                mean += v;
            mean /= static_cast<double>(n);
            for (float& v : pos[a])
                v -= static_cast<float>(mean);
        }
    }

    // KL(P || Q) with the last normaliser (the positions moved one small step since).
    double kl = 0;
    for (int64_t i = 0; i < n; ++i) {
        for (int64_t e = P.rowStart[static_cast<size_t>(i)]; e < P.rowStart[static_cast<size_t>(i + 1)]; ++e) {
            const int64_t j = P.column[static_cast<size_t>(e)];
            double dist = 0;
            for (int a = 0; a < 3; ++a) {
                const double diff = static_cast<double>(pos[a][static_cast<size_t>(i)]) - pos[a][static_cast<size_t>(j)];
                dist += diff * diff;
            }
            const double p = P.value[static_cast<size_t>(e)];
            const double q = 1.0 / (1.0 + dist) / lastZ;
            if (p > 0)
                kl += p * std::log(p / std::max(q, 1e-300));
        }
    }
    m_kl = kl;

    m_coordinates.assign(static_cast<size_t>(rows * m_dimensions), 0.0f);
    for (int64_t i = 0; i < n; ++i)
        for (int a = 0; a < m_dimensions; ++a)
            m_coordinates[static_cast<size_t>(fitted[static_cast<size_t>(i)] * m_dimensions + a)] = pos[a][static_cast<size_t>(i)];

    // Points left out of the fit sit among their nearest fitted neighbours.
    if (n < rows) {
        report(0.95);
        std::vector<char> isFitted(static_cast<size_t>(rows), 0);
        for (int64_t f : fitted)
            isFitted[static_cast<size_t>(f)] = 1;
        std::vector<int64_t> rest;
        for (int64_t i = 0; i < rows; ++i)
            if (!isFitted[static_cast<size_t>(i)])
                rest.push_back(i);
        std::vector<float> fittedCoordinates(static_cast<size_t>(n * m_dimensions));
        for (int64_t i = 0; i < n; ++i)
            for (int a = 0; a < m_dimensions; ++a)
                fittedCoordinates[static_cast<size_t>(i * m_dimensions + a)] = pos[a][static_cast<size_t>(i)];
        const NeighbourPlacement placement(xf.data(), fittedCoordinates.data(), n, d, m_dimensions);
        std::vector<float> restInputs(rest.size() * static_cast<size_t>(d));
        for (size_t r = 0; r < rest.size(); ++r)
            std::copy_n(x.data() + rest[r] * d, d, restInputs.data() + r * static_cast<size_t>(d));
        const std::vector<float> placed = placement.place(restInputs.data(), static_cast<int64_t>(rest.size()), threads);
        for (size_t r = 0; r < rest.size(); ++r)
            std::copy_n(placed.data() + r * static_cast<size_t>(m_dimensions), m_dimensions,
                        m_coordinates.data() + rest[r] * m_dimensions);
    }
    report(1.0);
}

} // namespace zooscope
