#include "widgets/CameraPose.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace zooscope {

namespace {

double finiteNumber(const Json& json, const char* key)
{
    const Json* v = json.find(key);
    if (!v || !v->isNumber() || !std::isfinite(v->number()))
        throw std::invalid_argument(std::string("camera: \"") + key + "\" must be a finite number");
    return v->number();
}

template <std::size_t N>
std::array<double, N> finiteVector(const Json& json, const char* key)
{
    const Json* v = json.find(key);
    if (!v || !v->isArray() || v->size() != N)
        throw std::invalid_argument(std::string("camera: \"") + key + "\" must be " + std::to_string(N) + " numbers");
    std::array<double, N> out{};
    for (std::size_t i = 0; i < N; ++i) {
        const Json& x = (*v)[i];
        if (!x.isNumber() || !std::isfinite(x.number()))
            throw std::invalid_argument(std::string("camera: \"") + key + "\" must be " + std::to_string(N) + " finite numbers");
        out[i] = x.number();
    }
    return out;
}

template <std::size_t N>
Json arrayOf(const std::array<double, N>& a)
{
    Json j = Json::array();
    for (double x : a)
        j.push(Json(x));
    return j;
}

} // namespace

CameraPose CameraPose::fromJson(const Json& json)
{
    if (!json.isObject())
        throw std::invalid_argument("camera: must be a JSON object");
    CameraPose p;
    p.position = finiteVector<3>(json, "position");
    p.focalPoint = finiteVector<3>(json, "focal_point");
    p.viewUp = finiteVector<3>(json, "view_up");
    p.viewAngle = finiteNumber(json, "view_angle");
    p.parallelScale = finiteNumber(json, "parallel_scale");
    const Json* ortho = json.find("orthographic");
    if (!ortho || !ortho->isBool())
        throw std::invalid_argument("camera: \"orthographic\" must be true or false");
    p.orthographic = ortho->boolean();
    if (json.contains("window_center"))
        p.windowCenter = finiteVector<2>(json, "window_center");

    double d[3], len = 0, dotUp = 0, upLen = 0;
    for (int i = 0; i < 3; ++i) {
        d[i] = p.focalPoint[i] - p.position[i];
        len += d[i] * d[i];
        upLen += p.viewUp[i] * p.viewUp[i];
        dotUp += d[i] * p.viewUp[i];
    }
    if (!(len > 0))
        throw std::invalid_argument("camera: the position is on the focal point");
    if (!(upLen > 0) || std::abs(dotUp) >= 0.999999 * std::sqrt(len * upLen))
        throw std::invalid_argument("camera: the view up is zero or along the direction of view");
    if (!(p.viewAngle > 0 && p.viewAngle < 180))
        throw std::invalid_argument("camera: the view angle must be between 0 and 180 degrees");
    if (!(p.parallelScale > 0))
        throw std::invalid_argument("camera: the parallel scale must be positive");
    return p;
}

Json CameraPose::toJson() const
{
    Json j = Json::object();
    j["position"] = arrayOf(position);
    j["focal_point"] = arrayOf(focalPoint);
    j["view_up"] = arrayOf(viewUp);
    j["view_angle"] = viewAngle;
    j["parallel_scale"] = parallelScale;
    j["orthographic"] = orthographic;
    j["window_center"] = arrayOf(windowCenter);
    return j;
}

} // namespace zooscope
