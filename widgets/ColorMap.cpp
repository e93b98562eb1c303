#include "widgets/ColorMap.h"

#include <vtkLookupTable.h>
#include <vtkVariant.h>

#include <algorithm>
#include <cmath>
#include <tuple>

namespace zooscope {

namespace {

struct Anchor {
    int index; // position in the 256-entry table
    double r, g, b;
};

// Published entries of matplotlib's 256-entry tables (_cm_listed.py, viridis by van der Walt & Smith,
// cividis by Nuñez, Anderton & Renslow): every 8th entry plus the last; the rest is interpolated linearly,
// which stays within about 1/255 of the published values for these smooth maps.
constexpr Anchor kViridis[] = {
    {0, 0.267004, 0.004874, 0.329415},   {8, 0.277018, 0.050344, 0.375715},   {16, 0.282327, 0.094955, 0.417331},
    {24, 0.282884, 0.135920, 0.453427},  {32, 0.278826, 0.175490, 0.483397},  {40, 0.270595, 0.214069, 0.507052},
    {48, 0.258965, 0.251537, 0.524736},  {56, 0.244972, 0.287675, 0.537260},  {64, 0.229739, 0.322361, 0.545706},
    {72, 0.214298, 0.355619, 0.551184},  {80, 0.199430, 0.387607, 0.554642},  {88, 0.185556, 0.418570, 0.556753},
    {96, 0.172719, 0.448791, 0.557885},  {104, 0.160665, 0.478540, 0.558115}, {112, 0.149039, 0.508051, 0.557250},
    {120, 0.137770, 0.537492, 0.554906}, {128, 0.127568, 0.566949, 0.550556}, {136, 0.120565, 0.596422, 0.543611},
    {144, 0.120638, 0.625828, 0.533488}, {152, 0.132268, 0.655014, 0.519661}, {160, 0.157851, 0.683765, 0.501686},
    {168, 0.196571, 0.711827, 0.479221}, {176, 0.246070, 0.738910, 0.452024}, {184, 0.304148, 0.764704, 0.419943},
    {192, 0.369214, 0.788888, 0.382914}, {200, 0.440137, 0.811138, 0.340967}, {208, 0.515992, 0.831158, 0.294279},
    {216, 0.595839, 0.848717, 0.243329}, {224, 0.678489, 0.863742, 0.189503}, {232, 0.762373, 0.876424, 0.137064},
    {240, 0.845561, 0.887322, 0.099702}, {248, 0.926106, 0.897330, 0.104071}, {255, 0.993248, 0.906157, 0.143936},
};

// Cividis has two kinks (entries 19-23 and 251-252): those entries are anchors too.
constexpr Anchor kCividis[] = {
    {0, 0.000000, 0.135112, 0.304751},   {8, 0.000000, 0.157932, 0.357521},   {16, 0.000000, 0.178802, 0.414764},
    {20, 0.000000, 0.188769, 0.439563},  {22, 0.000000, 0.193366, 0.441561},  {24, 0.017852, 0.198528, 0.441248},
    {32, 0.103401, 0.220406, 0.435790},  {40, 0.154261, 0.242475, 0.430120},  {48, 0.195057, 0.264372, 0.425924},
    {56, 0.230871, 0.286134, 0.423498},  {64, 0.263738, 0.307831, 0.422789},  {72, 0.294669, 0.329531, 0.423716},
    {80, 0.324250, 0.351289, 0.426250},  {88, 0.352892, 0.373153, 0.430226},  {96, 0.380830, 0.395164, 0.435653},
    {104, 0.408226, 0.417357, 0.442570}, {112, 0.435168, 0.439763, 0.451134}, {120, 0.461616, 0.462405, 0.461969},
    {128, 0.488697, 0.485318, 0.471008}, {136, 0.517920, 0.508454, 0.472707}, {144, 0.547840, 0.531895, 0.471704},
    {152, 0.578236, 0.555673, 0.468724}, {160, 0.609105, 0.579816, 0.463638}, {168, 0.640352, 0.604354, 0.456791},
    {176, 0.671991, 0.629316, 0.448018}, {184, 0.704037, 0.654731, 0.437147}, {192, 0.736488, 0.680629, 0.424028},
    {200, 0.769353, 0.707035, 0.408516}, {208, 0.802667, 0.733978, 0.390153}, {216, 0.836429, 0.761483, 0.368747},
    {224, 0.870717, 0.789572, 0.343333}, {232, 0.905589, 0.818257, 0.312889}, {240, 0.941147, 0.847530, 0.275815},
    {248, 0.977780, 0.877281, 0.227954}, {251, 0.992218, 0.888385, 0.205468}, {252, 0.994847, 0.892954, 0.203445},
    {255, 0.995737, 0.909344, 0.217772},
};

template <std::size_t N>
std::array<ColorMap::Rgb, ColorMap::kTableSize> expand(const Anchor (&anchors)[N])
{
    std::array<ColorMap::Rgb, ColorMap::kTableSize> out{};
    for (std::size_t k = 0; k + 1 < N; ++k) {
        const Anchor& a = anchors[k];
        const Anchor& b = anchors[k + 1];
        for (int i = a.index; i <= b.index; ++i) {
            const double t = double(i - a.index) / double(b.index - a.index);
            out[std::size_t(i)] = {a.r + t * (b.r - a.r), a.g + t * (b.g - a.g), a.b + t * (b.b - a.b)};
        }
    }
    return out;
}

} // namespace

const std::array<ColorMap::Rgb, ColorMap::kTableSize>& ColorMap::table(Name name)
{
    static const auto viridis = expand(kViridis);
    static const auto cividis = expand(kCividis);
    return name == Name::Cividis ? cividis : viridis;
}

ColorMap::Rgb ColorMap::sample(Name name, double t, bool reverse)
{
    if (std::isnan(t))
        t = 0.0;
    t = std::clamp(t, 0.0, 1.0);
    if (reverse)
        t = 1.0 - t;
    const int i = std::min(kTableSize - 1, int(t * kTableSize)); // vtkLookupTable's binning
    return table(name)[std::size_t(i)];
}

const std::array<QColor, ColorMap::kOkabeItoSize>& ColorMap::okabeIto()
{
    static const std::array<QColor, kOkabeItoSize> palette = {
        QColor(0xE6, 0x9F, 0x00), QColor(0x56, 0xB4, 0xE9), QColor(0x00, 0x9E, 0x73), QColor(0xF0, 0xE4, 0x42),
        QColor(0x00, 0x72, 0xB2), QColor(0xD5, 0x5E, 0x00), QColor(0xCC, 0x79, 0xA7), QColor(0x00, 0x00, 0x00),
    };
    return palette;
}

QColor ColorMap::category(int index)
{
    const int n = kOkabeItoSize;
    return okabeIto()[std::size_t(((index % n) + n) % n)];
}

std::pair<double, double> ColorMap::mappedRange(double lo, double hi)
{
    if (!(lo <= hi)) // also catches NaN
        std::swap(lo, hi);
    if (!std::isfinite(lo) || !std::isfinite(hi)) {
        lo = 0.0;
        hi = 1.0;
    }
    if (lo == hi) {
        const double pad = lo == 0.0 ? 0.5 : std::abs(lo) * 0.05;
        lo -= pad;
        hi += pad;
    }
    return {lo, hi};
}

void ColorMap::fillLookupTable(vtkLookupTable* lut, Name name, double lo, double hi, bool reverse)
{
    std::tie(lo, hi) = mappedRange(lo, hi);
    const auto& colours = table(name);
    lut->SetNumberOfTableValues(kTableSize);
    for (int i = 0; i < kTableSize; ++i) {
        const Rgb& c = colours[std::size_t(reverse ? kTableSize - 1 - i : i)];
        lut->SetTableValue(i, c.r, c.g, c.b, 1.0);
    }
    lut->SetTableRange(lo, hi);
    lut->SetNanColor(0.6, 0.6, 0.6, 1.0);
    lut->SetRampToLinear();
    lut->SetScaleToLinear();
    lut->UseBelowRangeColorOff();
    lut->UseAboveRangeColorOff();
    lut->IndexedLookupOff();
    lut->Modified();
}

vtkSmartPointer<vtkLookupTable> ColorMap::lookupTable(Name name, double lo, double hi, bool reverse)
{
    auto lut = vtkSmartPointer<vtkLookupTable>::New();
    fillLookupTable(lut, name, lo, hi, reverse);
    return lut;
}

vtkSmartPointer<vtkLookupTable> ColorMap::categoricalLookupTable(int count)
{
    auto lut = vtkSmartPointer<vtkLookupTable>::New();
    count = std::max(count, 1);
    lut->IndexedLookupOn();
    lut->SetNumberOfTableValues(count);
    for (int i = 0; i < count; ++i) {
        const QColor c = category(i);
        lut->SetTableValue(i, c.redF(), c.greenF(), c.blueF(), 1.0);
        lut->SetAnnotation(vtkVariant(i), vtkStdString(std::to_string(i)));
    }
    lut->SetNanColor(0.6, 0.6, 0.6, 1.0);
    return lut;
}

QString ColorMap::id(Name name)
{
    return name == Name::Cividis ? QStringLiteral("cividis") : QStringLiteral("viridis");
}

std::optional<ColorMap::Name> ColorMap::fromId(const QString& id)
{
    const QString s = id.trimmed().toLower();
    if (s == QLatin1String("viridis"))
        return Name::Viridis;
    if (s == QLatin1String("cividis"))
        return Name::Cividis;
    return std::nullopt;
}

} // namespace zooscope
