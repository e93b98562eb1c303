#include "app/OpenedZoo.h"

#include "hyperrep/HyperRepresentation.h"
#include "zoo/ZooFile.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>

namespace zooscope {

namespace {

// In place: the columns of a [rows, cols] row-major matrix made orthonormal (modified Gram-Schmidt).
void orthonormaliseColumns(std::vector<double>& a, int64_t rows, int64_t cols)
{
    for (int64_t c = 0; c < cols; ++c) {
        for (int64_t prev = 0; prev < c; ++prev) {
            double dot = 0;
            for (int64_t r = 0; r < rows; ++r)
                dot += a[size_t(r * cols + c)] * a[size_t(r * cols + prev)];
            for (int64_t r = 0; r < rows; ++r)
                a[size_t(r * cols + c)] -= dot * a[size_t(r * cols + prev)];
        }
        double norm = 0;
        for (int64_t r = 0; r < rows; ++r)
            norm += a[size_t(r * cols + c)] * a[size_t(r * cols + c)];
        norm = std::sqrt(norm);
        for (int64_t r = 0; r < rows; ++r)
            a[size_t(r * cols + c)] = norm > 0 ? a[size_t(r * cols + c)] / norm : 0.0;
    }
}

// Eigenvalues (descending) and eigenvectors (columns) of a small symmetric matrix, by cyclic Jacobi rotations.
void symmetricEigen(std::vector<double> m, int64_t n, std::vector<double>& values, std::vector<double>& vectors)
{
    vectors.assign(size_t(n * n), 0.0);
    for (int64_t i = 0; i < n; ++i)
        vectors[size_t(i * n + i)] = 1.0;
    for (int sweep = 0; sweep < 100; ++sweep) {
        double off = 0;
        for (int64_t i = 0; i < n; ++i)
            for (int64_t j = i + 1; j < n; ++j)
                off += m[size_t(i * n + j)] * m[size_t(i * n + j)];
        if (off < 1e-30)
            break;
        for (int64_t p = 0; p < n; ++p)
            for (int64_t q = p + 1; q < n; ++q) {
                const double apq = m[size_t(p * n + q)];
                if (std::abs(apq) < 1e-300)
                    continue;
                const double theta = (m[size_t(q * n + q)] - m[size_t(p * n + p)]) / (2 * apq);
                const double t = (theta >= 0 ? 1.0 : -1.0) / (std::abs(theta) + std::sqrt(theta * theta + 1));
                const double c = 1 / std::sqrt(t * t + 1), s = t * c;
                for (int64_t k = 0; k < n; ++k) { // columns p, q
                    const double mkp = m[size_t(k * n + p)], mkq = m[size_t(k * n + q)];
                    m[size_t(k * n + p)] = c * mkp - s * mkq;
                    m[size_t(k * n + q)] = s * mkp + c * mkq;
                }
                for (int64_t k = 0; k < n; ++k) { // rows p, q
                    const double mpk = m[size_t(p * n + k)], mqk = m[size_t(q * n + k)];
                    m[size_t(p * n + k)] = c * mpk - s * mqk;
                    m[size_t(q * n + k)] = s * mpk + c * mqk;
                }
                for (int64_t k = 0; k < n; ++k) {
                    const double vkp = vectors[size_t(k * n + p)], vkq = vectors[size_t(k * n + q)];
                    vectors[size_t(k * n + p)] = c * vkp - s * vkq;
                    vectors[size_t(k * n + q)] = s * vkp + c * vkq;
                }
            }
    }
    std::vector<int64_t> order(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i)
        order[size_t(i)] = i;
    std::sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return m[size_t(a * n + a)] > m[size_t(b * n + b)]; });
    std::vector<double> sorted(size_t(n * n));
    values.resize(size_t(n));
    for (int64_t j = 0; j < n; ++j) {
        values[size_t(j)] = m[size_t(order[size_t(j)] * n + order[size_t(j)])];
        for (int64_t i = 0; i < n; ++i)
            sorted[size_t(i * n + j)] = vectors[size_t(i * n + order[size_t(j)])];
    }
    vectors = std::move(sorted);
}

// The first three principal components of the zoo's flat weights, for the first frame. Randomised
// subspace iteration (Halko, Martinsson & Tropp 2011): a few products of the data with thin matrices
// instead of an eigendecomposition of the points x points Gram matrix, which took seconds at start-up.
// Sign per axis as PcaProjection fixes it (largest coordinate positive).
void weightPca(const std::vector<float>& x, int64_t n, int64_t p, std::vector<float>& coordinates, std::vector<double>& explained)
{
    constexpr int64_t k = 3, l = k + 8;
    std::vector<double> mean(size_t(p), 0.0);
    for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j < p; ++j)
            mean[size_t(j)] += x[size_t(i * p + j)];
    for (double& m : mean)
        m /= double(n);
    std::vector<double> c(size_t(n * p)); // centred
    double total = 0;
    for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j < p; ++j) {
            const double v = x[size_t(i * p + j)] - mean[size_t(j)];
            c[size_t(i * p + j)] = v;
            total += v * v;
        }
    // Y = C * Omega [n, l], then (C C^T) Y a few times, orthonormalised in between.
    std::mt19937_64 rng(42);
    std::normal_distribution<double> normal(0.0, 1.0);
    std::vector<double> z(size_t(p * l));
    for (double& v : z)
        v = normal(rng);
    std::vector<double> y(size_t(n * l));
    const auto timesC = [&](const std::vector<double>& right, std::vector<double>& out) { // out[n,l] = C right[p,l]
        std::fill(out.begin(), out.end(), 0.0);
        for (int64_t i = 0; i < n; ++i)
            for (int64_t j = 0; j < p; ++j) {
                const double cij = c[size_t(i * p + j)];
                for (int64_t q = 0; q < l; ++q)
                    out[size_t(i * l + q)] += cij * right[size_t(j * l + q)];
            }
    };
    const auto timesCt = [&](const std::vector<double>& right, std::vector<double>& out) { // out[p,l] = C^T right[n,l]
        std::fill(out.begin(), out.end(), 0.0);
        for (int64_t i = 0; i < n; ++i)
            for (int64_t j = 0; j < p; ++j) {
                const double cij = c[size_t(i * p + j)];
                for (int64_t q = 0; q < l; ++q)
                    out[size_t(j * l + q)] += cij * right[size_t(i * l + q)];
            }
    };
    timesC(z, y);
    orthonormaliseColumns(y, n, l);
    for (int iteration = 0; iteration < 4; ++iteration) {
        timesCt(y, z);
        orthonormaliseColumns(z, p, l);
        timesC(z, y);
        orthonormaliseColumns(y, n, l);
    }
    // B^T = C^T Y [p, l]; the eigenvectors of B B^T give the axes B^T u / sigma.
    timesCt(y, z);
    std::vector<double> gram(size_t(l * l), 0.0);
    for (int64_t a = 0; a < l; ++a)
        for (int64_t b = 0; b < l; ++b)
            for (int64_t j = 0; j < p; ++j)
                gram[size_t(a * l + b)] += z[size_t(j * l + a)] * z[size_t(j * l + b)];
    std::vector<double> values, vectors;
    symmetricEigen(gram, l, values, vectors);
    std::vector<double> axes(size_t(k * p), 0.0); // [k, p]
    explained.assign(size_t(k), 0.0);
    for (int64_t a = 0; a < k; ++a) {
        const double sigma = std::sqrt(std::max(values[size_t(a)], 0.0));
        explained[size_t(a)] = total > 0 ? std::max(values[size_t(a)], 0.0) / total : 0.0;
        if (sigma <= 0)
            continue;
        for (int64_t j = 0; j < p; ++j) {
            double v = 0;
            for (int64_t b = 0; b < l; ++b)
                v += z[size_t(j * l + b)] * vectors[size_t(b * l + a)];
            axes[size_t(a * p + j)] = v / sigma;
        }
        int64_t largest = 0;
        for (int64_t j = 1; j < p; ++j)
            if (std::abs(axes[size_t(a * p + j)]) > std::abs(axes[size_t(a * p + largest)]))
                largest = j;
        if (axes[size_t(a * p + largest)] < 0)
            for (int64_t j = 0; j < p; ++j)
                axes[size_t(a * p + j)] = -axes[size_t(a * p + j)];
    }
    coordinates.assign(size_t(n * k), 0.0f);
    for (int64_t i = 0; i < n; ++i)
        for (int64_t a = 0; a < k; ++a) {
            double v = 0;
            for (int64_t j = 0; j < p; ++j)
                v += c[size_t(i * p + j)] * axes[size_t(a * p + j)];
            coordinates[size_t(i * k + a)] = float(v);
        }
}

} // namespace

OpenedZoo OpenedZoo::load(const QString& path, const std::function<bool(double)>& progress)
{
    OpenedZoo opened;
    opened.path = path;
    // Reading is most of the work; the projection is the last tenth.
    opened.zoo = ZooFile::read(path.toStdString(), Progress([&](const ProgressUpdate& u) {
        if (!progress(0.9 * u.fraction))
            throw OperationCancelled{};
    }));

    const ModelZoo& zoo = opened.zoo;
    const int64_t p = zoo.parameterCount();
    std::vector<float> rows;
    rows.reserve(static_cast<size_t>(zoo.modelCount() * zoo.checkpointCount() * p));
    for (int64_t m = 0; m < zoo.modelCount(); ++m) {
        for (int64_t c = 0; c < zoo.checkpointCount(); ++c) {
            if (!zoo.hasWeights(m, c))
                continue;
            const float* w = zoo.weightsAt(m, c);
            rows.insert(rows.end(), w, w + p);
            opened.pointModelRows.push_back(m);
            opened.pointCheckpoints.push_back(c);
            opened.testAccuracy.push_back(zoo.metricAt(zoo.testAccuracy, m, zoo.checkpointEpochs[c]));
        }
    }
    const int64_t points = static_cast<int64_t>(opened.pointModelRows.size());
    if (points < 2)
        throw std::runtime_error("the zoo has fewer than two checkpoints with weights: nothing to show");
    if (!progress(0.9))
        throw OperationCancelled{};

    if (!std::all_of(rows.begin(), rows.end(), [](float v) { return std::isfinite(v); }))
        throw std::runtime_error("the zoo has checkpoints with infinite weights: they cannot be shown");
    weightPca(rows, points, p, opened.xyz, opened.explainedVariance);
    progress(1.0);
    return opened;
}

std::vector<float> OpenedZoo::allPointWeights() const
{
    const int64_t p = zoo.parameterCount();
    std::vector<float> rows;
    rows.reserve(static_cast<size_t>(pointCount() * p));
    for (int64_t i = 0; i < pointCount(); ++i)
        rows.insert(rows.end(), pointWeights(i), pointWeights(i) + p);
    return rows;
}

std::vector<float> OpenedZoo::encode(const HyperRepresentation& hr, const std::function<bool(double)>& progress) const
{
    hr.requireArchitecture(zoo.architecture);
    const int64_t p = zoo.parameterCount(), latent = hr.latentDim(), points = pointCount();
    // Batches keep the memory of the attention layers bounded and let the caller cancel between them.
    constexpr int64_t kBatch = 256;
    std::vector<float> out;
    out.reserve(static_cast<size_t>(points * latent));
    std::vector<float> batch;
    for (int64_t first = 0; first < points; first += kBatch) {
        if (progress && !progress(static_cast<double>(first) / static_cast<double>(points)))
            throw OperationCancelled{};
        const int64_t n = std::min(kBatch, points - first);
        batch.clear();
        for (int64_t i = first; i < first + n; ++i)
            batch.insert(batch.end(), pointWeights(i), pointWeights(i) + p);
        const std::vector<float> z = hr.encode(batch.data(), n);
        out.insert(out.end(), z.begin(), z.end());
    }
    if (progress)
        progress(1.0);
    return out;
}

} // namespace zooscope
