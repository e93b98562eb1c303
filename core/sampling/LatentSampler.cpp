#include "sampling/LatentSampler.h"

#include "analysis/PcaProjection.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <random>
#include <stdexcept>

namespace zooscope {

namespace {

struct Description {
    SamplerKind kind;
    const char* text;
};

const Description kDescriptions[] = {
    {SamplerKind::KdePaper,
     "KDE as the public code runs it: a random anchor re-decoded with one shared noise draw on every latent "
     "dimension, bandwidth 0.002 (as published)"},
    {SamplerKind::Kde,
     "true multivariate KDE: a random anchor plus h * N(0, I), h by Scott's rule unless given"},
    {SamplerKind::Gauss, "one Gaussian fitted to the anchors' latents (full covariance)"},
    {SamplerKind::Gmm, "a Gaussian mixture fitted to the anchors' latents (diagonal covariances, EM)"},
    {SamplerKind::Neigh,
     "uniform samples in the bounding box of a 3-D PCA projection of the anchors, mapped back to latent "
     "space through the nearest anchor"},
    {SamplerKind::Uniform, "z ~ U(-1, 1) in every latent dimension"},
};

double squaredDistance(const float* a, const float* b, int64_t d)
{
    double s = 0;
    for (int64_t i = 0; i < d; ++i) {
        const double t = double(a[i]) - double(b[i]);
        s += t * t;
    }
    return s;
}

// The anchor whose settings a sample takes: among `candidates`, those of the majority group (ties: the
// smaller group id), the nearest to z.
int64_t settingsAnchorFor(const float* z, const std::vector<int64_t>& candidates, const std::vector<int>& groups,
                          const std::vector<float>& anchors, int64_t d)
{
    int majority = 0;
    if (!groups.empty()) {
        std::map<int, int64_t> votes;
        for (int64_t c : candidates)
            ++votes[groups[size_t(c)]];
        int64_t best = -1;
        for (const auto& [g, v] : votes)
            if (v > best) {
                best = v;
                majority = g;
            }
    }
    int64_t chosen = -1;
    double nearest = std::numeric_limits<double>::infinity();
    for (int64_t c : candidates) {
        if (!groups.empty() && groups[size_t(c)] != majority)
            continue;
        const double dist = squaredDistance(z, anchors.data() + c * d, d);
        if (chosen < 0 || dist < nearest) {
            nearest = dist;
            chosen = c;
        }
    }
    return chosen;
}

// Lower-triangular Cholesky factor of a symmetric positive semi-definite matrix, with jitter added to the
// diagonal until it succeeds (few anchors in many dimensions give a singular covariance).
// Kept instead of torch::linalg_cholesky: LAPACK's blocked factor differs from this one in the last bits
// (two fifths of the entries at d = 64, up to 1e-15), which would change the sampled models of a seed.
std::vector<double> cholesky(std::vector<double> a, int64_t d)
{
    double trace = 0;
    for (int64_t i = 0; i < d; ++i)
        trace += a[size_t(i * d + i)];
    double jitter = std::max(1e-12, 1e-6 * trace / double(d));
    for (int attempt = 0; attempt < 20; ++attempt, jitter *= 10) {
        std::vector<double> l(size_t(d * d), 0.0);
        bool ok = true;
        for (int64_t j = 0; j < d && ok; ++j) {
            double s = a[size_t(j * d + j)] + jitter;
            for (int64_t k = 0; k < j; ++k)
                s -= l[size_t(j * d + k)] * l[size_t(j * d + k)];
            if (!(s > 0)) {
                ok = false;
                break;
            }
            const double ljj = std::sqrt(s);
            l[size_t(j * d + j)] = ljj;
            for (int64_t i = j + 1; i < d; ++i) {
                double t = a[size_t(i * d + j)];
                for (int64_t k = 0; k < j; ++k)
                    t -= l[size_t(i * d + k)] * l[size_t(j * d + k)];
                l[size_t(i * d + j)] = t / ljj;
            }
        }
        if (ok)
            return l;
    }
    throw std::runtime_error("the anchors' covariance could not be factorised");
}

} // namespace

const EnumNames<SamplerKind>& samplerKindNames()
{
    static const EnumNames<SamplerKind> names("sampler", {
        {SamplerKind::KdePaper, "kde-paper", {}},
        {SamplerKind::Kde, "kde", {}},
        {SamplerKind::Gauss, "gauss", {}},
        {SamplerKind::Gmm, "gmm", {}},
        {SamplerKind::Neigh, "neigh", {}},
        {SamplerKind::Uniform, "uniform", {}},
    });
    return names;
}

std::string toString(SamplerKind kind) { return samplerKindNames().toString(kind); }
SamplerKind samplerKindFromString(const std::string& name) { return samplerKindNames().parse(name); }

std::vector<std::string> samplerNames()
{
    std::vector<std::string> names;
    for (const auto& e : samplerKindNames().entries())
        names.emplace_back(e.name);
    return names;
}

std::string samplerDescription(SamplerKind kind)
{
    for (const auto& d : kDescriptions)
        if (d.kind == kind)
            return d.text;
    return {};
}

const EnumNames<BandwidthRule>& bandwidthRuleNames()
{
    static const EnumNames<BandwidthRule> names("bandwidth rule", {
        {BandwidthRule::Scott, "scott", {}},
        {BandwidthRule::Silverman, "silverman", {}},
    });
    return names;
}

std::string toString(BandwidthRule rule) { return bandwidthRuleNames().toString(rule); }

LatentSampler::LatentSampler(SamplerKind kind, SamplerOptions options) : m_kind(kind), m_options(options) {}

double LatentSampler::bandwidthFactor(BandwidthRule rule, int64_t n, int64_t d)
{
    const double nn = double(std::max<int64_t>(n, 1)), dd = double(std::max<int64_t>(d, 1));
    if (rule == BandwidthRule::Silverman)
        return std::pow(nn * (dd + 2.0) / 4.0, -1.0 / (dd + 4.0));
    return std::pow(nn, -1.0 / (dd + 4.0));
}

LatentSamples LatentSampler::sample(const std::vector<float>& anchors, int64_t anchorCount, int64_t latentDim,
                                    const std::vector<int>& groups, int64_t count) const
{
    if (anchorCount < 1)
        throw std::invalid_argument("no anchors to sample from");
    if (latentDim < 1 || int64_t(anchors.size()) != anchorCount * latentDim)
        throw std::invalid_argument("anchor latents: expected " + std::to_string(anchorCount) + " x " +
                                    std::to_string(latentDim) + " values, got " + std::to_string(anchors.size()));
    if (!groups.empty() && int64_t(groups.size()) != anchorCount)
        throw std::invalid_argument("need one group per anchor");
    if (count < 0)
        throw std::invalid_argument("the number of samples must be >= 0");
    for (float v : anchors)
        if (!std::isfinite(v))
            throw std::invalid_argument("anchor latents are not finite");

    const int64_t n = anchorCount, d = latentDim;
    LatentSamples out;
    out.count = count;
    out.latentDim = d;
    out.latents.assign(size_t(count * d), 0.0f);
    out.settingsAnchor.assign(size_t(count), 0);
    std::mt19937_64 rng(m_options.seed);
    std::normal_distribution<double> normal(0.0, 1.0);
    std::uniform_int_distribution<int64_t> pick(0, n - 1);
    std::vector<int64_t> allAnchors(static_cast<size_t>(n));
    std::iota(allAnchors.begin(), allAnchors.end(), 0);

    std::vector<double> mean(size_t(d), 0.0);
    for (int64_t a = 0; a < n; ++a)
        for (int64_t j = 0; j < d; ++j)
            mean[size_t(j)] += anchors[size_t(a * d + j)];
    for (double& m : mean)
        m /= double(n);

    switch (m_kind) {
    case SamplerKind::KdePaper: {
        // sklearn's KernelDensity.sample per dimension with one shared random state: every dimension draws
        // the same anchor index and the same standard normal, so the shift is h * eps * (1, ..., 1).
        const double h = m_options.bandwidth > 0 ? m_options.bandwidth : 0.002;
        out.bandwidthUsed = h;
        for (int64_t s = 0; s < count; ++s) {
            const int64_t a = pick(rng);
            const double eps = normal(rng);
            for (int64_t j = 0; j < d; ++j)
                out.latents[size_t(s * d + j)] = float(anchors[size_t(a * d + j)] + h * eps);
            out.settingsAnchor[size_t(s)] = a;
        }
        out.settingsRule = "the anchor it was drawn around";
        break;
    }
    case SamplerKind::Kde: {
        double h = m_options.bandwidth;
        if (!(h > 0)) {
            double meanStd = 0;
            for (int64_t j = 0; j < d; ++j) {
                double v = 0;
                for (int64_t a = 0; a < n; ++a) {
                    const double t = anchors[size_t(a * d + j)] - mean[size_t(j)];
                    v += t * t;
                }
                meanStd += std::sqrt(v / double(std::max<int64_t>(n - 1, 1)));
            }
            meanStd /= double(d);
            h = bandwidthFactor(m_options.bandwidthRule, n, d) * meanStd;
        }
        out.bandwidthUsed = h;
        for (int64_t s = 0; s < count; ++s) {
            const int64_t a = pick(rng);
            for (int64_t j = 0; j < d; ++j)
                out.latents[size_t(s * d + j)] = float(anchors[size_t(a * d + j)] + h * normal(rng));
            out.settingsAnchor[size_t(s)] = a;
        }
        out.settingsRule = "the anchor it was drawn around";
        break;
    }
    case SamplerKind::Gauss: {
        std::vector<double> cov(size_t(d * d), 0.0);
        for (int64_t a = 0; a < n; ++a) {
            const float* z = anchors.data() + a * d;
            for (int64_t i = 0; i < d; ++i) {
                const double ti = z[i] - mean[size_t(i)];
                for (int64_t j = 0; j <= i; ++j)
                    cov[size_t(i * d + j)] += ti * (z[j] - mean[size_t(j)]);
            }
        }
        const double norm = 1.0 / double(std::max<int64_t>(n - 1, 1));
        for (int64_t i = 0; i < d; ++i)
            for (int64_t j = 0; j <= i; ++j) {
                cov[size_t(i * d + j)] *= norm;
                cov[size_t(j * d + i)] = cov[size_t(i * d + j)];
            }
        const std::vector<double> l = cholesky(cov, d);
        std::vector<double> eps(static_cast<size_t>(d));
        for (int64_t s = 0; s < count; ++s) {
            for (double& e : eps)
                e = normal(rng);
            float* z = out.latents.data() + s * d;
            for (int64_t i = 0; i < d; ++i) {
                double v = mean[size_t(i)];
                for (int64_t k = 0; k <= i; ++k)
                    v += l[size_t(i * d + k)] * eps[size_t(k)];
                z[i] = float(v);
            }
            out.settingsAnchor[size_t(s)] = settingsAnchorFor(z, allAnchors, groups, anchors, d);
        }
        out.settingsRule = "the majority activation of all anchors; of those anchors the nearest in latent space";
        break;
    }
    case SamplerKind::Gmm: {
        const int64_t k = std::max<int64_t>(1, std::min<int64_t>(m_options.gmmComponents, n));
        // k-means++-style seeding, then EM with diagonal covariances (full ones are singular with few anchors).
        std::vector<double> mu(static_cast<size_t>(k * d)), var(size_t(k * d)), weight(size_t(k), 1.0 / double(k));
        {
            std::vector<int64_t> centres{pick(rng)};
            std::vector<double> best(static_cast<size_t>(n), std::numeric_limits<double>::infinity());
            while (int64_t(centres.size()) < k) {
                double total = 0;
                for (int64_t a = 0; a < n; ++a) {
                    best[size_t(a)] = std::min(best[size_t(a)], squaredDistance(anchors.data() + a * d,
                                                                              anchors.data() + centres.back() * d, d));
                    total += best[size_t(a)];
                }
                int64_t next = 0;
                if (total > 0) {
                    double r = std::uniform_real_distribution<double>(0.0, total)(rng);
                    for (next = 0; next < n - 1; ++next) {
                        r -= best[size_t(next)];
                        if (r <= 0)
                            break;
                    }
                } else {
                    next = pick(rng);
                }
                centres.push_back(next);
            }
            double globalVar = 0;
            for (int64_t a = 0; a < n; ++a)
                for (int64_t j = 0; j < d; ++j) {
                    const double t = anchors[size_t(a * d + j)] - mean[size_t(j)];
                    globalVar += t * t;
                }
            globalVar = std::max(globalVar / double(n * d), 1e-8);
            for (int64_t c = 0; c < k; ++c)
                for (int64_t j = 0; j < d; ++j) {
                    mu[size_t(c * d + j)] = anchors[size_t(centres[size_t(c)] * d + j)];
                    var[size_t(c * d + j)] = globalVar;
                }
        }
        std::vector<double> resp(static_cast<size_t>(n * k));
        double floorVar = 1e-6;
        for (int it = 0; it < m_options.gmmIterations; ++it) {
            for (int64_t a = 0; a < n; ++a) {
                double top = -std::numeric_limits<double>::infinity();
                for (int64_t c = 0; c < k; ++c) {
                    double lp = std::log(std::max(weight[size_t(c)], 1e-300));
                    for (int64_t j = 0; j < d; ++j) {
                        const double v = var[size_t(c * d + j)];
                        const double t = anchors[size_t(a * d + j)] - mu[size_t(c * d + j)];
                        lp -= 0.5 * (std::log(v) + t * t / v);
                    }
                    resp[size_t(a * k + c)] = lp;
                    top = std::max(top, lp);
                }
                double sum = 0;
                for (int64_t c = 0; c < k; ++c)
                    sum += (resp[size_t(a * k + c)] = std::exp(resp[size_t(a * k + c)] - top));
                for (int64_t c = 0; c < k; ++c)
                    resp[size_t(a * k + c)] /= sum;
            }
            for (int64_t c = 0; c < k; ++c) {
                double nk = 0;
                for (int64_t a = 0; a < n; ++a)
                    nk += resp[size_t(a * k + c)];
                weight[size_t(c)] = nk / double(n);
                if (nk < 1e-9)
                    continue; // an empty component keeps its parameters
                for (int64_t j = 0; j < d; ++j) {
                    double m = 0;
                    for (int64_t a = 0; a < n; ++a)
                        m += resp[size_t(a * k + c)] * anchors[size_t(a * d + j)];
                    m /= nk;
                    double v = 0;
                    for (int64_t a = 0; a < n; ++a) {
                        const double t = anchors[size_t(a * d + j)] - m;
                        v += resp[size_t(a * k + c)] * t * t;
                    }
                    mu[size_t(c * d + j)] = m;
                    var[size_t(c * d + j)] = std::max(v / nk, floorVar);
                }
            }
        }
        // Each anchor belongs to its most responsible component: the component's region for settings.
        std::vector<std::vector<int64_t>> members(static_cast<size_t>(k));
        for (int64_t a = 0; a < n; ++a) {
            int64_t best = 0;
            for (int64_t c = 1; c < k; ++c)
                if (resp[size_t(a * k + c)] > resp[size_t(a * k + best)])
                    best = c;
            members[size_t(best)].push_back(a);
        }
        std::discrete_distribution<int64_t> component(weight.begin(), weight.end());
        for (int64_t s = 0; s < count; ++s) {
            const int64_t c = component(rng);
            float* z = out.latents.data() + s * d;
            for (int64_t j = 0; j < d; ++j)
                z[j] = float(mu[size_t(c * d + j)] + std::sqrt(var[size_t(c * d + j)]) * normal(rng));
            out.settingsAnchor[size_t(s)] =
                settingsAnchorFor(z, members[size_t(c)].empty() ? allAnchors : members[size_t(c)], groups, anchors, d);
        }
        out.settingsRule = "the majority activation of the anchors in its mixture component; of those the nearest";
        break;
    }
    case SamplerKind::Neigh: {
        const int comps = int(std::min<int64_t>({3, d, std::max<int64_t>(n - 1, 1)}));
        if (n < 2) {
            for (int64_t s = 0; s < count; ++s)
                std::copy(anchors.begin(), anchors.begin() + d, out.latents.begin() + s * d);
            out.settingsRule = "the only anchor";
            break;
        }
        const PcaProjection pca(anchors.data(), n, d, comps);
        const std::vector<float>& y = pca.coordinates();
        std::vector<float> lo(static_cast<size_t>(comps), std::numeric_limits<float>::infinity()),
            hi(size_t(comps), -std::numeric_limits<float>::infinity());
        for (int64_t a = 0; a < n; ++a)
            for (int c = 0; c < comps; ++c) {
                lo[size_t(c)] = std::min(lo[size_t(c)], y[size_t(a * comps + c)]);
                hi[size_t(c)] = std::max(hi[size_t(c)], y[size_t(a * comps + c)]);
            }
        const int64_t kNear = std::max<int64_t>(1, std::min<int64_t>(m_options.neighbours, n));
        std::vector<float> point(static_cast<size_t>(comps));
        std::vector<std::pair<double, int64_t>> order(static_cast<size_t>(n));
        for (int64_t s = 0; s < count; ++s) {
            for (int c = 0; c < comps; ++c)
                point[size_t(c)] = float(std::uniform_real_distribution<double>(lo[size_t(c)], hi[size_t(c)])(rng));
            for (int64_t a = 0; a < n; ++a)
                order[size_t(a)] = {squaredDistance(point.data(), y.data() + a * comps, comps), a};
            std::partial_sort(order.begin(), order.begin() + kNear, order.end());
            const int64_t nearest = order[0].second;
            // Back to latent space: the nearest anchor's latent moved along the projection's axes, so the
            // dimensions the projection does not see keep a real anchor's values.
            std::vector<float> shift(point);
            for (int c = 0; c < comps; ++c)
                shift[size_t(c)] -= y[size_t(nearest * comps + c)];
            const std::vector<float> origin(size_t(comps), 0.0f);
            const std::vector<float> moved = pca.inverseTransform(shift.data(), 1);
            const std::vector<float> zero = pca.inverseTransform(origin.data(), 1);
            float* z = out.latents.data() + s * d;
            for (int64_t j = 0; j < d; ++j)
                z[j] = anchors[size_t(nearest * d + j)] + (moved[size_t(j)] - zero[size_t(j)]);
            std::vector<int64_t> region;
            for (int64_t i = 0; i < kNear; ++i)
                region.push_back(order[size_t(i)].second);
            out.settingsAnchor[size_t(s)] = settingsAnchorFor(z, region, groups, anchors, d);
        }
        out.settingsRule = "the majority activation of its " + std::to_string(kNear) +
                           " nearest anchors in the projection; of those the nearest in latent space";
        break;
    }
    case SamplerKind::Uniform: {
        std::uniform_real_distribution<double> u(-1.0, 1.0);
        for (int64_t s = 0; s < count; ++s) {
            float* z = out.latents.data() + s * d;
            for (int64_t j = 0; j < d; ++j)
                z[j] = float(u(rng));
            out.settingsAnchor[size_t(s)] = settingsAnchorFor(z, allAnchors, groups, anchors, d);
        }
        out.settingsRule = "the majority activation of all anchors; of those anchors the nearest in latent space";
        break;
    }
    }
    return out;
}

} // namespace zooscope
