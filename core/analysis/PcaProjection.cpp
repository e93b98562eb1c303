#include "analysis/PcaProjection.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <cmath>
#include <stdexcept>
#include <tuple>
#include <utility>

namespace zooscope {

namespace {

// The leading k eigenpairs of centred * centred^T (descending) by block power iteration with a fixed
// start, so that the same data always gives the same axes: returns {eigenvalues [k], axes [columns, k]}.
std::pair<at::Tensor, at::Tensor> leadingComponents(const at::Tensor& centred, int64_t k)
{
    const int64_t rows = centred.size(0);
    const int64_t block = std::min<int64_t>(rows, k + 10); // oversampling speeds up convergence
    auto generator = at::make_generator<at::CPUGeneratorImpl>(20221128);
    at::Tensor q = at::randn({rows, block}, generator, at::kDouble);
    for (int iteration = 0; iteration < 12; ++iteration)
        q = std::get<0>(at::linalg_qr(at::matmul(centred, at::matmul(centred.t(), q))));
    const at::Tensor b = at::matmul(q.t(), centred); // [block, columns]
    const auto [values, vectors] = at::linalg_eigh(at::matmul(b, b.t()));
    const at::Tensor eigenvalues = values.flip(0).narrow(0, 0, k).clamp_min(0);
    const at::Tensor u = vectors.flip(1).narrow(1, 0, k);
    return {eigenvalues, at::matmul(b.t(), u) / eigenvalues.sqrt().clamp_min(1e-300)};
}

} // namespace

PcaProjection::PcaProjection(const float* data, int64_t rows, int64_t columns, int components, Solver solver)
{
    if (rows < 2 || columns < 1)
        throw std::invalid_argument("PCA needs at least two points with at least one coordinate");
    if (components < 1)
        throw std::invalid_argument("PCA needs at least one component");
    const at::Tensor x = at::from_blob(const_cast<float*>(data), {rows, columns}, at::kFloat).to(at::kDouble);
    if (!at::isfinite(x).all().item<bool>())
        throw std::invalid_argument("PCA input contains NaN or infinite values");

    const at::Tensor mean = x.mean(0);
    const at::Tensor centred = x - mean;
    const double totalVariance = centred.pow(2).sum().item<double>();

    // Eigen-decompose the smaller of the Gram and covariance matrices: zoos have few points and many
    // weights, latent sets many points and few dimensions.
    at::Tensor axes; // [columns, k]
    at::Tensor eigenvalues;
    const int64_t k = std::min<int64_t>(components, std::min(rows, columns));
    const bool subspace = solver == Solver::Subspace ||
                          (solver == Solver::Auto && std::min(rows, columns) > kExactLimit);
    if (subspace) {
        std::tie(eigenvalues, axes) = leadingComponents(centred, k);
    } else if (rows < columns) {
        const auto [values, vectors] = at::linalg_eigh(at::matmul(centred, centred.t()));
        eigenvalues = values.flip(0).narrow(0, 0, k).clamp_min(0);
        const at::Tensor u = vectors.flip(1).narrow(1, 0, k);
        axes = at::matmul(centred.t(), u) / eigenvalues.sqrt().clamp_min(1e-300);
    } else {
        const auto [values, vectors] = at::linalg_eigh(at::matmul(centred.t(), centred));
        eigenvalues = values.flip(0).narrow(0, 0, k).clamp_min(0);
        axes = vectors.flip(1).narrow(1, 0, k);
    }
    // A fixed sign per axis (largest coordinate positive) so that the same data always gives the same view.
    const at::Tensor pivot = axes.abs().argmax(0);
    const at::Tensor signs = axes.gather(0, pivot.unsqueeze(0)).sign().clamp_min(0) * 2 - 1;
    axes = axes * signs;

    m_components = components;
    m_mean.assign(columns, 0.0f);
    const at::Tensor meanF = mean.to(at::kFloat).contiguous();
    std::copy(meanF.data_ptr<float>(), meanF.data_ptr<float>() + columns, m_mean.begin());

    // Components beyond the data's rank stay zero.
    m_axes.assign(static_cast<size_t>(components) * columns, 0.0f);
    const at::Tensor axesF = axes.t().to(at::kFloat).contiguous();
    std::copy(axesF.data_ptr<float>(), axesF.data_ptr<float>() + k * columns, m_axes.begin());

    m_explained.assign(components, 0.0);
    for (int64_t i = 0; i < k; ++i)
        m_explained[i] = totalVariance > 0 ? eigenvalues[i].item<double>() / totalVariance : 0.0;

    m_coordinates = transform(data, rows);
}

std::vector<float> PcaProjection::transform(const float* data, int64_t rows) const
{
    const int64_t cols = columns();
    const at::Tensor x = at::from_blob(const_cast<float*>(data), {rows, cols}, at::kFloat);
    const at::Tensor mean = at::from_blob(const_cast<float*>(m_mean.data()), {cols}, at::kFloat);
    const at::Tensor axes = at::from_blob(const_cast<float*>(m_axes.data()), {m_components, cols}, at::kFloat);
    const at::Tensor y = at::matmul(x - mean, axes.t()).contiguous();
    return {y.data_ptr<float>(), y.data_ptr<float>() + rows * m_components};
}

std::vector<float> PcaProjection::inverseTransform(const float* coordinates, int64_t rows) const
{
    const int64_t cols = columns();
    const at::Tensor y = at::from_blob(const_cast<float*>(coordinates), {rows, m_components}, at::kFloat);
    const at::Tensor mean = at::from_blob(const_cast<float*>(m_mean.data()), {cols}, at::kFloat);
    const at::Tensor axes = at::from_blob(const_cast<float*>(m_axes.data()), {m_components, cols}, at::kFloat);
    const at::Tensor x = (at::matmul(y, axes) + mean).contiguous();
    return {x.data_ptr<float>(), x.data_ptr<float>() + rows * cols};
}

} // namespace zooscope
