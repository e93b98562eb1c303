#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/EnumNames.h"

namespace zooscope {

// The ways of drawing new latents from the anchors' latents (method.md section 3).
enum class SamplerKind {
    KdePaper, // the public code's KDE as it runs: one anchor and one noise draw shared by all dimensions
    Kde,      // true multivariate KDE: anchor + h * N(0, I)
    Gauss,    // one Gaussian with the anchors' full covariance
    Gmm,      // a Gaussian mixture (diagonal covariances, fitted by EM)
    Neigh,    // uniform samples in the bounding box of a 3-D projection of the anchors, mapped back
    Uniform,  // z ~ U(-1, 1)^d
};

// "kde-paper", "kde", "gauss", "gmm", "neigh", "uniform".
const EnumNames<SamplerKind>& samplerKindNames();
std::string toString(SamplerKind kind);
// Throws std::invalid_argument listing the known names.
SamplerKind samplerKindFromString(const std::string& name);
std::vector<std::string> samplerNames();
// One sentence for users: what the sampler does.
std::string samplerDescription(SamplerKind kind);

enum class BandwidthRule { Scott, Silverman };
// "scott", "silverman".
const EnumNames<BandwidthRule>& bandwidthRuleNames();
std::string toString(BandwidthRule rule);

struct SamplerOptions {
    // Kernel width. KdePaper: <= 0 means the published 0.002. Kde: <= 0 means the rule below, applied
    // to the anchors' mean per-dimension standard deviation.
    double bandwidth = -1;
    BandwidthRule bandwidthRule = BandwidthRule::Scott;
    int gmmComponents = 5;      // at most the number of anchors
    int gmmIterations = 50;
    int neighbours = 5;         // Neigh: anchors that make up a sample's region (for its settings)
    uint64_t seed = 1;
};

// Latents drawn by a sampler and, for every sample, the anchor whose non-weight settings (activation,
// dropout, optimiser) the decoded model takes.
struct LatentSamples {
    int64_t count = 0;
    int64_t latentDim = 0;
    std::vector<float> latents;          // [count, latentDim]
    // Index into the anchors. KDE variants: the anchor the sample was drawn around. Region samplers
    // (gauss, gmm, neigh, uniform): among the anchors of the sample's region (gmm: its component;
    // neigh: its nearest anchors in the projection; gauss, uniform: all anchors) those in the region's
    // majority group, the nearest one in latent space.
    std::vector<int64_t> settingsAnchor; // [count]
    std::string settingsRule;            // the rule above in words, for reports and zoo files
    double bandwidthUsed = 0;            // KDE variants
};

// Draws latents from the anchors' latents. Deterministic for a given seed.
class LatentSampler {
public:
    explicit LatentSampler(SamplerKind kind, SamplerOptions options = {});

    SamplerKind kind() const { return m_kind; }
    const SamplerOptions& options() const { return m_options; }

    // anchors: [anchorCount, latentDim]; groups: one category per anchor (e.g. its activation), empty
    // when all anchors share their settings. Throws std::invalid_argument for no anchors, a size
    // mismatch, non-finite latents or count < 0.
    LatentSamples sample(const std::vector<float>& anchors, int64_t anchorCount, int64_t latentDim,
                         const std::vector<int>& groups, int64_t count) const;

    // The Scott / Silverman factor for n points in d dimensions (times a standard deviation gives h).
    static double bandwidthFactor(BandwidthRule rule, int64_t n, int64_t d);

private:
    SamplerKind m_kind;
    SamplerOptions m_options;
};

} // namespace zooscope
