// Whether and how the latent view draws the density of its points: on or off, contours, shading or both,
// and the kernel's bandwidth as a factor of Scott's rule. The view, its figures and the session file share
// it, so that a session with the density on gives a figure with the same density.
#pragma once

#include "core/Json.h"

#include <QString>

#include <optional>

namespace zooscope {

struct DensitySettings {
    // Contours: lines around the densest regions holding 25, 50, 75 and 90% of the points on screen.
    // Shading: the density as a grey wash under the points. Both: the two together.
    enum class Mode { Contours, Shading, Both };

    static constexpr double kMinBandwidth = 0.1; // factors of Scott's rule a session may hold
    static constexpr double kMaxBandwidth = 10.0;

    bool on = false;
    Mode mode = Mode::Contours;
    double bandwidth = 1.0; // the kernel's width: this factor times Scott's rule in screen space

    bool contours() const { return on && mode != Mode::Shading; }
    bool shading() const { return on && mode != Mode::Contours; }

    static QString modeId(Mode mode); // "contours", "shading", "both"
    static std::optional<Mode> modeFromId(const QString& id);

    // For session files: {"on", "mode", "bandwidth"}; fromJson keeps the defaults for missing fields and
    // throws std::invalid_argument naming a field of the wrong type or value.
    Json toJson() const;
    static DensitySettings fromJson(const Json& json);

    bool operator==(const DensitySettings& other) const = default;
};

} // namespace zooscope
