// How a figure is written: file format, size (millimetres or pixels), resolution, font, background, title,
// and which parts of the latent view it includes. The Export Figure dialog edits it, `zooscope-cli figure`
// reads it from its arguments, and a session file keeps the last one, so that a figure can be made again.
#pragma once

#include "core/Json.h"

#include <QSize>
#include <QString>

#include <optional>

namespace zooscope {

struct FigureOptions {
    enum class Format { Svg, Pdf, Png };
    enum class SizeUnit { Millimetres, Pixels };
    // The latent view as it is on screen (3D, through the camera), or its first two components as a
    // flat scatter with labelled axes.
    enum class View { ThreeD, TwoD };

    static constexpr double kOneColumnMm = 89;
    static constexpr double kTwoColumnsMm = 183;
    static constexpr int kMinDpi = 72;
    static constexpr int kMaxDpi = 600;
    static constexpr double kDefaultAspect = 0.75; // height / width when no height is given

    Format format = Format::Pdf;
    SizeUnit sizeUnit = SizeUnit::Millimetres;
    double width = kOneColumnMm; // in sizeUnit
    double height = 0;           // in sizeUnit; 0: width * kDefaultAspect
    int dpi = 300;               // PNG pixels per inch; the resolution recorded in the vector files
    QString fontFamily = QStringLiteral("DejaVu Sans");
    double fontSize = 8; // points
    bool transparent = false;
    QString title; // empty: none
    View view = View::ThreeD;
    // Parts of the latent view (charts ignore them).
    bool colorBar = true;     // the colour bar, or the legend of a categorical colouring
    bool axes = true;         // 3D: the axis triad with the components' explained variance; 2D: the axes
    bool selection = true;    // rings around the selected points
    bool generated = true;    // the generated models' diamonds
    bool trajectories = true; // the models' trajectories as they are on show

    // Size of the figure: millimetres (pixels convert at dpi) and pixels (millimetres convert at dpi).
    double widthMm() const;
    double heightMm() const;
    QSize pixelSize() const;
    // Device units per typographic point (1/72 inch) at dpi: the painters' scale.
    double unitsPerPoint() const { return dpi / 72.0; }

    // The format a file name asks for (by its suffix, case-insensitive); none for other suffixes.
    static std::optional<Format> formatOf(const QString& file);
    static QString suffixOf(Format format); // "svg", "pdf", "png"

    // Empty when the options can be used; otherwise what is wrong, for the user (size not positive or
    // over 2 m / 20,000 pixels, dpi out of range, font size not in 2..72 points, empty font family).
    QString validate() const;

    // For session files: every field by name; fromJson fills what the object has, keeps the defaults for
    // the rest, and throws std::invalid_argument naming a field of the wrong type or value.
    Json toJson() const;
    static FigureOptions fromJson(const Json& json);

    bool operator==(const FigureOptions& other) const = default;
};

} // namespace zooscope
