#include "widgets/DensitySettings.h"

#include <cmath>
#include <stdexcept>

namespace zooscope {

QString DensitySettings::modeId(Mode mode)
{
    switch (mode) {
    case Mode::Contours: return QStringLiteral("contours");
    case Mode::Shading: return QStringLiteral("shading");
    case Mode::Both: return QStringLiteral("both");
    }
    return QStringLiteral("contours");
}

std::optional<DensitySettings::Mode> DensitySettings::modeFromId(const QString& id)
{
    for (Mode m : {Mode::Contours, Mode::Shading, Mode::Both})
        if (id == modeId(m))
            return m;
    return std::nullopt;
}

Json DensitySettings::toJson() const
{
    Json j = Json::object();
    j["on"] = on;
    j["mode"] = modeId(mode).toStdString();
    j["bandwidth"] = bandwidth;
    return j;
}

DensitySettings DensitySettings::fromJson(const Json& json)
{
    if (!json.isObject())
        throw std::invalid_argument("the density settings must be a JSON object");
    DensitySettings s;
    if (const Json* v = json.find("on")) {
        if (!v->isBool())
            throw std::invalid_argument("density setting \"on\" must be true or false");
        s.on = v->boolean();
    }
    if (const Json* v = json.find("mode")) {
        const std::optional<Mode> m = v->isString() ? modeFromId(QString::fromStdString(v->string())) : std::nullopt;
        if (!m)
            throw std::invalid_argument("density setting \"mode\" must be \"contours\", \"shading\" or \"both\"");
        s.mode = *m;
    }
    if (const Json* v = json.find("bandwidth")) {
        if (!v->isNumber() || !std::isfinite(v->number()) || v->number() < kMinBandwidth || v->number() > kMaxBandwidth)
            throw std::invalid_argument("density setting \"bandwidth\" must be a factor of Scott's rule from 0.1 to 10");
        s.bandwidth = v->number();
    }
    return s;
}

} // namespace zooscope
