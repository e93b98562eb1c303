#include "widgets/FigureOptions.h"

#include <QFileInfo>

#include <cmath>
#include <stdexcept>

namespace zooscope {

namespace {

constexpr double kMmPerInch = 25.4;

const char* formatName(FigureOptions::Format f)
{
    switch (f) {
    case FigureOptions::Format::Svg: return "svg";
    case FigureOptions::Format::Pdf: return "pdf";
    case FigureOptions::Format::Png: return "png";
    }
    return "pdf";
}

std::string requireString(const Json& j, const char* key)
{
    if (!j.isString())
        throw std::invalid_argument(std::string("figure option \"") + key + "\" must be a string");
    return j.string();
}

double requireNumber(const Json& j, const char* key)
{
    if (!j.isNumber() || !std::isfinite(j.number()))
        throw std::invalid_argument(std::string("figure option \"") + key + "\" must be a number");
    return j.number();
}

bool requireBool(const Json& j, const char* key)
{
    if (!j.isBool())
        throw std::invalid_argument(std::string("figure option \"") + key + "\" must be true or false");
    return j.boolean();
}

} // namespace

double FigureOptions::widthMm() const
{
    return sizeUnit == SizeUnit::Millimetres ? width : width / dpi * kMmPerInch;
}

double FigureOptions::heightMm() const
{
    const double h = height > 0 ? height : width * kDefaultAspect;
    return sizeUnit == SizeUnit::Millimetres ? h : h / dpi * kMmPerInch;
}

QSize FigureOptions::pixelSize() const
{
    if (sizeUnit == SizeUnit::Pixels)
        return QSize(int(std::lround(width)), int(std::lround(height > 0 ? height : width * kDefaultAspect)));
    return QSize(int(std::lround(widthMm() / kMmPerInch * dpi)), int(std::lround(heightMm() / kMmPerInch * dpi)));
}

std::optional<FigureOptions::Format> FigureOptions::formatOf(const QString& file)
{
    const QString suffix = QFileInfo(file).suffix().toLower();
    if (suffix == QLatin1String("svg"))
        return Format::Svg;
    if (suffix == QLatin1String("pdf"))
        return Format::Pdf;
    if (suffix == QLatin1String("png"))
        return Format::Png;
    return std::nullopt;
}

QString FigureOptions::suffixOf(Format format) { return QString::fromLatin1(formatName(format)); }

QString FigureOptions::validate() const
{
    if (!(dpi >= kMinDpi && dpi <= kMaxDpi))
        return QStringLiteral("the resolution must be %1 to %2 dpi (it is %3)").arg(kMinDpi).arg(kMaxDpi).arg(dpi);
    if (!(width > 0) || !(height >= 0) || !std::isfinite(width) || !std::isfinite(height))
        return QStringLiteral("the figure's width and height must be positive");
    if (widthMm() > 2000 || heightMm() > 2000)
        return QStringLiteral("the figure may be at most 2000 mm wide and high");
    const QSize px = pixelSize();
    if (px.width() < 16 || px.height() < 16)
        return QStringLiteral("the figure must be at least 16 pixels wide and high at %1 dpi").arg(dpi);
    if (px.width() > 20000 || px.height() > 20000)
        return QStringLiteral("the figure may be at most 20000 pixels wide and high at %1 dpi").arg(dpi);
    if (!(fontSize >= 2 && fontSize <= 72))
        return QStringLiteral("the font size must be 2 to 72 points");
    if (fontFamily.trimmed().isEmpty())
        return QStringLiteral("the font family is empty");
    return {};
}

Json FigureOptions::toJson() const
{
    Json j = Json::object();
    j["format"] = formatName(format);
    j["size_unit"] = sizeUnit == SizeUnit::Millimetres ? "mm" : "px";
    j["width"] = width;
    j["height"] = height;
    j["dpi"] = dpi;
    j["font_family"] = fontFamily.toStdString();
    j["font_size"] = fontSize;
    j["transparent"] = transparent;
    j["title"] = title.toStdString();
    j["view"] = view == View::ThreeD ? "3d" : "2d";
    j["color_bar"] = colorBar;
    j["axes"] = axes;
    j["selection"] = selection;
    j["generated"] = generated;
    j["trajectories"] = trajectories;
    return j;
}

FigureOptions FigureOptions::fromJson(const Json& json)
{
    if (!json.isObject())
        throw std::invalid_argument("the figure options must be a JSON object");
    FigureOptions o;
    if (const Json* v = json.find("format")) {
        const std::string s = requireString(*v, "format");
        if (s == "svg")
            o.format = Format::Svg;
        else if (s == "pdf")
            o.format = Format::Pdf;
        else if (s == "png")
            o.format = Format::Png;
        else
            throw std::invalid_argument("figure option \"format\" must be svg, pdf or png, not \"" + s + "\"");
    }
    if (const Json* v = json.find("size_unit")) {
        const std::string s = requireString(*v, "size_unit");
        if (s != "mm" && s != "px")
            throw std::invalid_argument("figure option \"size_unit\" must be mm or px, not \"" + s + "\"");
        o.sizeUnit = s == "mm" ? SizeUnit::Millimetres : SizeUnit::Pixels;
    }
    if (const Json* v = json.find("width"))
        o.width = requireNumber(*v, "width");
    if (const Json* v = json.find("height"))
        o.height = requireNumber(*v, "height");
    if (const Json* v = json.find("dpi")) {
        const double d = requireNumber(*v, "dpi");
        if (d != std::floor(d))
            throw std::invalid_argument("figure option \"dpi\" must be a whole number");
        o.dpi = int(d);
    }
    if (const Json* v = json.find("font_family"))
        o.fontFamily = QString::fromStdString(requireString(*v, "font_family"));
    if (const Json* v = json.find("font_size"))
        o.fontSize = requireNumber(*v, "font_size");
    if (const Json* v = json.find("transparent"))
        o.transparent = requireBool(*v, "transparent");
    if (const Json* v = json.find("title"))
        o.title = QString::fromStdString(requireString(*v, "title"));
    if (const Json* v = json.find("view")) {
        const std::string s = requireString(*v, "view");
        if (s != "3d" && s != "2d")
            throw std::invalid_argument("figure option \"view\" must be 3d or 2d, not \"" + s + "\"");
        o.view = s == "3d" ? View::ThreeD : View::TwoD;
    }
    if (const Json* v = json.find("color_bar"))
        o.colorBar = requireBool(*v, "color_bar");
    if (const Json* v = json.find("axes"))
        o.axes = requireBool(*v, "axes");
    if (const Json* v = json.find("selection"))
        o.selection = requireBool(*v, "selection");
    if (const Json* v = json.find("generated"))
        o.generated = requireBool(*v, "generated");
    if (const Json* v = json.find("trajectories"))
        o.trajectories = requireBool(*v, "trajectories");
    const QString problem = o.validate();
    if (!problem.isEmpty())
        throw std::invalid_argument(problem.toStdString());
    return o;
}

} // namespace zooscope
