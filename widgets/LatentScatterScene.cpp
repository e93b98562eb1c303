#include "widgets/LatentScatterScene.h"

#include <vtkActor.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkCommand.h>
#include <vtkCoordinate.h>
#include <vtkDoubleArray.h>
#include <vtkFloatArray.h>
#include <vtkLookupTable.h>
#include <vtkMath.h>
#include <vtkPointData.h>
#include <vtkPointGaussianMapper.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkScalarBarActor.h>
#include <vtkShaderProperty.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>
#include <vtkVariant.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>

namespace zooscope {

namespace {

// An opaque, flat disc of radius 1 (in splat units). The mapper's default gaussian splat is translucent
// and shows its triangles; discarding everything outside the unit circle gives round dots that need no
// depth sorting. The code runs after VTK has computed the point's colour (the tag stays first).
const char* const kDiscSplat = "//VTK::Color::Impl\n"
                               "  if (dot(offsetVCVSOutput.xy, offsetVCVSOutput.xy) > 1.0) { discard; }\n";

// Selected points: a larger disc whose outer part is a magenta ring (ParaView's selection colour) around
// the point's own colour.
const char* const kRingSplat = "//VTK::Color::Impl\n"
                               "  float ringR2 = dot(offsetVCVSOutput.xy, offsetVCVSOutput.xy);\n"
                               "  if (ringR2 > 1.0) { discard; }\n"
                               "  if (ringR2 > 0.36) { diffuseColor = vec3(0.85, 0.0, 0.65); ambientColor = vec3(0.0); }\n";

// Generated models: a diamond with a dark outline, so that they stand apart from the zoo's discs.
const char* const kDiamondSplat = "//VTK::Color::Impl\n"
                                  "  float diamond = abs(offsetVCVSOutput.x) + abs(offsetVCVSOutput.y);\n"
                                  "  if (diamond > 1.0) { discard; }\n"
                                  "  if (diamond > 0.7) { diffuseColor = vec3(0.1, 0.1, 0.1); ambientColor = vec3(0.0); }\n";

constexpr double kNeutralGrey[3] = {0.35, 0.35, 0.35};
constexpr int kColorBarMaxWidth = 110; // device-independent pixels
constexpr double kSelectionScale = 1.7; // ring disc radius / point radius
constexpr double kGeneratedScale = 1.5;

} // namespace

struct LatentScatterScene::Layer {
    vtkSmartPointer<vtkPolyData> data = vtkSmartPointer<vtkPolyData>::New();
    vtkSmartPointer<vtkPointGaussianMapper> mapper = vtkSmartPointer<vtkPointGaussianMapper>::New();
    vtkSmartPointer<vtkActor> actor = vtkSmartPointer<vtkActor>::New();
    double scale = 1.0; // radius relative to the point size
    bool hasValues = false;
    std::size_t count = 0;
};

enum LayerIndex { kPoints, kLod, kSelection, kSelectionLod, kGenerated, kLayerCount };

LatentScatterScene::LatentScatterScene()
    : m_renderer(vtkSmartPointer<vtkRenderer>::New())
    , m_camera(vtkSmartPointer<vtkCamera>::New())
    , m_layers(kLayerCount)
    , m_lodPointData(vtkSmartPointer<vtkPolyData>::New())
    , m_lodMapper(vtkSmartPointer<vtkPolyDataMapper>::New())
    , m_lodPoints(vtkSmartPointer<vtkActor>::New())
    , m_trajectoryData(vtkSmartPointer<vtkPolyData>::New())
    , m_trajectoryMapper(vtkSmartPointer<vtkPolyDataMapper>::New())
    , m_trajectoryActor(vtkSmartPointer<vtkActor>::New())
    , m_lut(vtkSmartPointer<vtkLookupTable>::New())
    , m_categoryLut(vtkSmartPointer<vtkLookupTable>::New())
    , m_colorBar(vtkSmartPointer<vtkScalarBarActor>::New())
    , m_colorBarTitle(vtkSmartPointer<vtkTextActor>::New())
{
    m_renderer->SetActiveCamera(m_camera);
    m_renderer->SetBackground(1.0, 1.0, 1.0);
    m_renderer->SetBackgroundAlpha(1.0);

    ColorMap::fillLookupTable(m_lut, m_colorMap, m_range.first, m_range.second, m_reverse);

    m_layers[kSelection].scale = m_layers[kSelectionLod].scale = kSelectionScale;
    m_layers[kGenerated].scale = kGeneratedScale;
    for (int i = 0; i < kLayerCount; ++i) {
        Layer& layer = m_layers[std::size_t(i)];
        auto points = vtkSmartPointer<vtkPoints>::New();
        points->SetDataTypeToFloat();
        layer.data->SetPoints(points);
        vtkPointGaussianMapper* mapper = layer.mapper;
        mapper->SetInputData(layer.data);
        mapper->SetSplatShaderCode(i == kSelection || i == kSelectionLod ? kRingSplat
                                   : i == kGenerated                     ? kDiamondSplat
                                                                         : kDiscSplat);
        mapper->SetTriangleScale(1.05f); // the triangle's inscribed circle just holds the unit disc
        mapper->EmissiveOff();           // emissive splats blend additively: invisible on white
        mapper->SetLookupTable(m_lut);
        mapper->UseLookupTableScalarRangeOn();
        mapper->SetColorModeToMapScalars();
        mapper->SetScalarModeToUsePointData();
        mapper->ScalarVisibilityOff();
        mapper->SetScaleArray("size");
        mapper->SetScaleFactor(0.01);
        layer.actor->SetMapper(mapper);
        vtkProperty* p = layer.actor->GetProperty();
        p->SetColor(kNeutralGrey[0], kNeutralGrey[1], kNeutralGrey[2]);
        p->SetOpacity(1.0);
        p->SetAmbient(0.0);
        p->SetDiffuse(1.0);
        layer.actor->SetVisibility(i == kPoints);
        m_renderer->AddActor(layer.actor);
    }

    // The level of detail: one GL point per model, cut round in the fragment shader. A splat costs three
    // vertices and a triangle three times the disc's area; a GL point one vertex and its square.
    m_lodMapper->SetInputData(m_lodPointData);
    m_lodMapper->SetLookupTable(m_lut);
    m_lodMapper->UseLookupTableScalarRangeOn();
    m_lodMapper->SetColorModeToMapScalars();
    m_lodMapper->SetScalarModeToUsePointData();
    m_lodMapper->ScalarVisibilityOff();
    m_lodPoints->SetMapper(m_lodMapper);
    m_lodPoints->GetProperty()->SetColor(kNeutralGrey[0], kNeutralGrey[1], kNeutralGrey[2]);
    m_lodPoints->GetProperty()->LightingOff();
    m_lodPoints->GetProperty()->SetRepresentationToPoints();
    m_lodPoints->GetProperty()->SetPointSize(8.0f);
    m_lodPoints->GetShaderProperty()->AddFragmentShaderReplacement(
        "//VTK::Color::Impl", true,
        "//VTK::Color::Impl\n"
        "  { vec2 lodOffset = 2.0 * gl_PointCoord - 1.0; if (dot(lodOffset, lodOffset) > 1.0) { discard; } }\n",
        false);
    m_lodPoints->SetVisibility(false);
    m_renderer->AddActor(m_lodPoints);

    auto trajectoryPoints = vtkSmartPointer<vtkPoints>::New();
    trajectoryPoints->SetDataTypeToFloat();
    m_trajectoryData->SetPoints(trajectoryPoints);
    m_trajectoryMapper->SetInputData(m_trajectoryData);
    m_trajectoryMapper->ScalarVisibilityOff();
    m_trajectoryActor->SetMapper(m_trajectoryMapper);
    m_trajectoryActor->GetProperty()->SetColor(0.3, 0.3, 0.3);
    m_trajectoryActor->GetProperty()->SetLineWidth(1.5f);
    m_trajectoryActor->GetProperty()->LightingOff();
    m_trajectoryActor->SetVisibility(false);
    m_renderer->AddActor(m_trajectoryActor);

    m_colorBar->SetLookupTable(m_lut);
    m_colorBar->SetOrientationToVertical();
    m_colorBar->SetNumberOfLabels(5);
    m_colorBar->SetLabelFormat("%.3g");
    m_colorBar->SetMaximumNumberOfColors(ColorMap::kTableSize);
    m_colorBar->GetPositionCoordinate()->SetCoordinateSystemToNormalizedViewport();
    m_colorBar->GetPositionCoordinate()->SetValue(0.90, 0.15);
    m_colorBar->SetWidth(0.08);
    m_colorBar->SetHeight(0.7);
    m_colorBar->SetMaximumWidthInPixels(kColorBarMaxWidth);
    m_colorBar->SetBarRatio(0.3);
    m_colorBar->UnconstrainedFontSizeOn();
    m_colorBar->SetTextPad(4);
    m_colorBar->DrawFrameOff();
    m_colorBar->DrawBackgroundOff();
    m_colorBar->SetVisibility(false);
    // The title is a text actor of its own, right-aligned above the bar: vtkScalarBarActor centres its title
    // over the bar, so that any title wider than the labels is cut off at the window's edge.
    m_colorBarTitle->GetPositionCoordinate()->SetCoordinateSystemToNormalizedViewport();
    m_colorBarTitle->GetPositionCoordinate()->SetValue(0.985, 0.87);
    m_colorBarTitle->SetTextScaleModeToNone();
    m_colorBarTitle->GetTextProperty()->SetJustificationToRight();
    m_colorBarTitle->GetTextProperty()->SetVerticalJustificationToBottom();
    m_colorBarTitle->SetVisibility(false);
    for (vtkTextProperty* text : {m_colorBar->GetTitleTextProperty(), m_colorBar->GetLabelTextProperty(),
                                  m_colorBar->GetAnnotationTextProperty(), m_colorBarTitle->GetTextProperty()}) {
        text->SetFontFamilyToArial();
        text->BoldOff();
        text->ItalicOff();
        text->ShadowOff();
        text->SetFontSize(14);
    }
    m_colorBarTitle->GetTextProperty()->SetFontSize(16);
    setTextColor({0.12, 0.12, 0.12});
    m_renderer->AddViewProp(m_colorBar);
    m_renderer->AddViewProp(m_colorBarTitle);

    // Pixel-sized splats follow the camera: their world radius is updated before every render.
    m_startObserver = m_renderer->AddObserver(vtkCommand::StartEvent, this, &LatentScatterScene::onRendererStart);

    resetCamera();
}

LatentScatterScene::~LatentScatterScene()
{
    m_renderer->RemoveObserver(m_startObserver);
}

vtkRenderer* LatentScatterScene::renderer() const { return m_renderer; }
vtkCamera* LatentScatterScene::camera() const { return m_camera; }
vtkScalarBarActor* LatentScatterScene::colorBar() const { return m_colorBar; }
vtkTextActor* LatentScatterScene::colorBarTitleActor() const { return m_colorBarTitle; }
vtkLookupTable* LatentScatterScene::lookupTable() const
{
    return m_colorMode == ColorMode::Categorical ? m_categoryLut.Get() : m_lut.Get();
}
vtkActor* LatentScatterScene::pointsActor() const { return m_layers[kPoints].actor; }
vtkActor* LatentScatterScene::levelOfDetailActor() const { return m_lodPoints; }
vtkActor* LatentScatterScene::selectionActor() const { return m_layers[kSelection].actor; }
vtkActor* LatentScatterScene::generatedActor() const { return m_layers[kGenerated].actor; }
vtkActor* LatentScatterScene::trajectoryActor() const { return m_trajectoryActor; }

void LatentScatterScene::setPoints(const std::vector<float>& xyz, const std::vector<double>& values)
{
    if (xyz.size() % 3 != 0)
        throw std::invalid_argument("LatentScatterScene::setPoints: xyz must hold 3 coordinates per point");
    const std::size_t n = xyz.size() / 3;
    if (!values.empty() && values.size() != n)
        throw std::invalid_argument("LatentScatterScene::setPoints: one value per point expected");

    m_xyz = xyz;
    m_values = values;
    m_colorMode = values.empty() ? ColorMode::None : ColorMode::Continuous;
    m_categoryNames.clear();
    m_sizeFactors.clear();
    m_highlightRows.clear();
    m_visibleRows.resize(n);
    std::iota(m_visibleRows.begin(), m_visibleRows.end(), 0);
    setTrajectories({});

    auto trajectoryPoints = vtkSmartPointer<vtkPoints>::New();
    trajectoryPoints->SetDataTypeToFloat();
    trajectoryPoints->SetNumberOfPoints(vtkIdType(n));
    std::copy(xyz.begin(), xyz.end(), static_cast<float*>(trajectoryPoints->GetVoidPointer(0)));
    m_trajectoryData->SetPoints(trajectoryPoints);

    updateColoring();
    rebuildPointLayers();
    rebuildHighlightLayers();
    if (m_autoRange)
        setAutoValueRange();
    else
        updateLookupTable();
    // The generated set keeps its own coordinates: rebuilt after the colouring is known.
    setGeneratedPoints(std::vector<float>(m_generatedXyz), std::vector<double>(m_generatedValues));
}

void LatentScatterScene::setValues(const std::vector<double>& values)
{
    if (!values.empty() && values.size() != pointCount())
        throw std::invalid_argument("LatentScatterScene::setValues: one value per point expected");
    m_values = values;
    m_colorMode = values.empty() ? ColorMode::None : ColorMode::Continuous;
    m_categoryNames.clear();
    updateColoring();
    rebuildPointLayers();
    rebuildHighlightLayers();
    if (m_autoRange)
        setAutoValueRange();
    else
        updateLookupTable();
}

void LatentScatterScene::setCategories(const std::vector<int>& codes, const std::vector<std::string>& names)
{
    if (codes.size() != pointCount())
        throw std::invalid_argument("LatentScatterScene::setCategories: one category per point expected");
    m_values.resize(codes.size());
    for (std::size_t i = 0; i < codes.size(); ++i)
        m_values[i] = codes[i] >= 0 && std::size_t(codes[i]) < names.size() ? double(codes[i])
                                                                             : std::numeric_limits<double>::quiet_NaN();
    m_categoryNames = names;
    m_colorMode = ColorMode::Categorical;

    // An indexed table: value i is category i; the colour bar draws it as a legend of named swatches.
    m_categoryLut->IndexedLookupOn();
    m_categoryLut->ResetAnnotations();
    const int count = std::max<int>(1, int(names.size()));
    m_categoryLut->SetNumberOfTableValues(count);
    for (int i = 0; i < count; ++i) {
        const QColor c = ColorMap::category(i);
        m_categoryLut->SetTableValue(i, c.redF(), c.greenF(), c.blueF(), 1.0);
    }
    for (std::size_t i = 0; i < names.size(); ++i)
        m_categoryLut->SetAnnotation(vtkVariant(double(i)), names[i]);
    m_categoryLut->SetNanColor(0.6, 0.6, 0.6, 1.0);
    m_categoryLut->SetTableRange(0.0, double(count - 1));
    m_categoryLut->Modified();

    updateColoring();
    rebuildPointLayers();
    rebuildHighlightLayers();
    setGeneratedPoints(std::vector<float>(m_generatedXyz), std::vector<double>(m_generatedValues));
}

void LatentScatterScene::updateColoring()
{
    vtkLookupTable* lut = lookupTable();
    for (Layer& layer : m_layers)
        layer.mapper->SetLookupTable(lut);
    m_lodMapper->SetLookupTable(lut);
    m_colorBar->SetLookupTable(lut);
    const bool categorical = m_colorMode == ColorMode::Categorical;
    // A legend: the names of the categories beside their swatches, no numbers.
    m_colorBar->SetDrawAnnotations(categorical);
    m_colorBar->SetNumberOfLabels(categorical ? 0 : 5);
    m_colorBar->SetDrawTickLabels(!categorical);
    const bool shown = m_colorMode != ColorMode::None && m_colorBarVisible;
    m_colorBar->SetVisibility(shown);
    m_colorBarTitle->SetVisibility(shown);
    m_colorBar->Modified();
}

void LatentScatterScene::setSizeValues(const std::vector<double>& values)
{
    if (!values.empty() && values.size() != pointCount())
        throw std::invalid_argument("LatentScatterScene::setSizeValues: one value per point expected");
    m_sizeFactors.clear();
    if (!values.empty()) {
        double lo = std::numeric_limits<double>::infinity(), hi = -lo;
        for (double v : values)
            if (std::isfinite(v)) {
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
        m_sizeFactors.assign(values.size(), 1.0f);
        if (lo < hi)
            for (std::size_t i = 0; i < values.size(); ++i)
                if (std::isfinite(values[i]))
                    m_sizeFactors[i] = float(0.5 + 1.5 * (values[i] - lo) / (hi - lo));
    }
    rebuildPointLayers();
    rebuildHighlightLayers();
}

void LatentScatterScene::rebuildLayer(Layer& layer, const std::vector<int>& rows)
{
    const std::size_t n = rows.size();
    auto points = vtkSmartPointer<vtkPoints>::New();
    points->SetDataTypeToFloat();
    points->SetNumberOfPoints(vtkIdType(n));
    float* p = static_cast<float*>(points->GetVoidPointer(0));
    // New arrays each time: the mapper's colour cache is keyed on the arrays' modification time.
    auto sizes = vtkSmartPointer<vtkFloatArray>::New();
    sizes->SetName("size");
    sizes->SetNumberOfValues(vtkIdType(n));
    const bool hasValues = m_colorMode != ColorMode::None;
    auto values = vtkSmartPointer<vtkDoubleArray>::New();
    values->SetName("value");
    if (hasValues)
        values->SetNumberOfValues(vtkIdType(n));
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t r = std::size_t(rows[i]);
        p[3 * i] = m_xyz[3 * r];
        p[3 * i + 1] = m_xyz[3 * r + 1];
        p[3 * i + 2] = m_xyz[3 * r + 2];
        sizes->SetValue(vtkIdType(i), m_sizeFactors.empty() ? 1.0f : m_sizeFactors[r]);
        if (hasValues)
            values->SetValue(vtkIdType(i), m_values[r]);
    }
    points->Modified();
    layer.data->Initialize();
    layer.data->SetPoints(points);
    layer.data->GetPointData()->AddArray(sizes);
    if (hasValues)
        layer.data->GetPointData()->SetScalars(values);
    layer.data->Modified();
    layer.hasValues = hasValues;
    layer.count = n;
    layer.mapper->SetScalarVisibility(hasValues);
}

void LatentScatterScene::rebuildPointLayers()
{
    rebuildLayer(m_layers[kPoints], m_visibleRows);
    // A fixed random subset of the points on show, in row order (deterministic: the same subset each time).
    m_lodRows.clear();
    if (m_visibleRows.size() > std::size_t(m_lodPointCount)) {
        m_lodRows = m_visibleRows;
        std::mt19937 rng(20221128u);
        std::shuffle(m_lodRows.begin(), m_lodRows.end(), rng);
        m_lodRows.resize(std::size_t(m_lodPointCount));
        std::sort(m_lodRows.begin(), m_lodRows.end());
    }
    Layer& lod = m_layers[kLod];
    rebuildLayer(lod, m_lodRows);
    auto verts = vtkSmartPointer<vtkCellArray>::New();
    std::vector<vtkIdType> ids(m_lodRows.size());
    std::iota(ids.begin(), ids.end(), vtkIdType(0));
    if (!ids.empty())
        verts->InsertNextCell(vtkIdType(ids.size()), ids.data());
    m_lodPointData->Initialize();
    m_lodPointData->SetPoints(lod.data->GetPoints());
    m_lodPointData->GetPointData()->ShallowCopy(lod.data->GetPointData());
    m_lodPointData->SetVerts(verts);
    m_lodPointData->Modified();
    m_lodMapper->SetScalarVisibility(lod.hasValues);
    updateVisibility();
}

void LatentScatterScene::rebuildHighlightLayers()
{
    // Only the selected points on show.
    std::vector<int> shown;
    shown.reserve(m_highlightRows.size());
    std::set_intersection(m_highlightRows.begin(), m_highlightRows.end(), m_visibleRows.begin(), m_visibleRows.end(),
                          std::back_inserter(shown));
    rebuildLayer(m_layers[kSelection], shown);
    std::vector<int> lodShown;
    if (!m_lodRows.empty())
        std::set_intersection(shown.begin(), shown.end(), m_lodRows.begin(), m_lodRows.end(),
                              std::back_inserter(lodShown));
    rebuildLayer(m_layers[kSelectionLod], lodShown);
    updateVisibility();
}

void LatentScatterScene::updateVisibility()
{
    const bool lod = drawsLevelOfDetail();
    m_layers[kPoints].actor->SetVisibility(!lod && m_layers[kPoints].count > 0);
    m_layers[kLod].actor->SetVisibility(false);
    m_lodPoints->SetVisibility(lod);
    // A small selection is drawn whole while moving; a large one only where the subset has points.
    const bool smallSelection = m_layers[kSelection].count <= std::size_t(m_lodPointCount / 4);
    m_layers[kSelection].actor->SetVisibility(m_layers[kSelection].count > 0 && (!lod || smallSelection));
    m_layers[kSelectionLod].actor->SetVisibility(lod && !smallSelection && m_layers[kSelectionLod].count > 0);
    m_layers[kGenerated].actor->SetVisibility(m_layers[kGenerated].count > 0);
    m_trajectoryActor->SetVisibility(m_trajectoryCount > 0);
}

void LatentScatterScene::setVisibleRows(std::vector<int> rows)
{
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    rows.erase(std::remove_if(rows.begin(), rows.end(), [this](int r) { return r < 0 || std::size_t(r) >= pointCount(); }),
               rows.end());
    m_visibleRows = std::move(rows);
    rebuildPointLayers();
    rebuildHighlightLayers();
}

void LatentScatterScene::showAllPoints()
{
    std::vector<int> all(pointCount());
    std::iota(all.begin(), all.end(), 0);
    setVisibleRows(std::move(all));
}

void LatentScatterScene::setHighlightedRows(const std::vector<int>& rows)
{
    m_highlightRows = rows;
    std::sort(m_highlightRows.begin(), m_highlightRows.end());
    m_highlightRows.erase(std::unique(m_highlightRows.begin(), m_highlightRows.end()), m_highlightRows.end());
    rebuildHighlightLayers();
}

void LatentScatterScene::setTrajectories(const std::vector<std::vector<int>>& lines)
{
    auto cells = vtkSmartPointer<vtkCellArray>::New();
    m_trajectoryCount = 0;
    for (const std::vector<int>& line : lines) {
        std::vector<vtkIdType> ids;
        for (int r : line)
            if (r >= 0 && std::size_t(r) < pointCount())
                ids.push_back(vtkIdType(r));
        if (ids.size() < 2)
            continue;
        cells->InsertNextCell(vtkIdType(ids.size()), ids.data());
        ++m_trajectoryCount;
    }
    m_trajectoryData->SetLines(cells);
    m_trajectoryData->Modified();
    updateVisibility();
}

void LatentScatterScene::setGeneratedPoints(const std::vector<float>& xyz, const std::vector<double>& values)
{
    if (xyz.size() % 3 != 0)
        throw std::invalid_argument("LatentScatterScene::setGeneratedPoints: xyz must hold 3 coordinates per point");
    if (!values.empty() && values.size() != xyz.size() / 3)
        throw std::invalid_argument("LatentScatterScene::setGeneratedPoints: one value per point expected");
    m_generatedXyz = xyz;
    m_generatedValues = values;
    Layer& layer = m_layers[kGenerated];
    const std::size_t n = xyz.size() / 3;
    auto points = vtkSmartPointer<vtkPoints>::New();
    points->SetDataTypeToFloat();
    points->SetNumberOfPoints(vtkIdType(n));
    std::copy(xyz.begin(), xyz.end(), static_cast<float*>(points->GetVoidPointer(0)));
    points->Modified();
    auto sizes = vtkSmartPointer<vtkFloatArray>::New();
    sizes->SetName("size");
    sizes->SetNumberOfValues(vtkIdType(n));
    sizes->FillValue(1.0f);
    layer.data->Initialize();
    layer.data->SetPoints(points);
    layer.data->GetPointData()->AddArray(sizes);
    // Coloured like the zoo when their values are of the same kind; otherwise one neutral colour.
    const bool hasValues = !values.empty() && m_colorMode != ColorMode::None;
    if (hasValues) {
        auto array = vtkSmartPointer<vtkDoubleArray>::New();
        array->SetName("value");
        array->SetNumberOfValues(vtkIdType(n));
        std::copy(values.begin(), values.end(), array->GetPointer(0));
        layer.data->GetPointData()->SetScalars(array);
    }
    layer.data->Modified();
    layer.hasValues = hasValues;
    layer.count = n;
    layer.mapper->SetScalarVisibility(hasValues);
    layer.actor->GetProperty()->SetColor(0.9, 0.9, 0.9);
    updateVisibility();
}

void LatentScatterScene::setLevelOfDetail(bool on)
{
    if (on == m_lodOn)
        return;
    m_lodOn = on;
    updateVisibility();
}

void LatentScatterScene::setLodPointCount(int points)
{
    m_lodPointCount = std::max(points, 1);
    rebuildPointLayers();
    rebuildHighlightLayers();
}

bool LatentScatterScene::drawsLevelOfDetail() const
{
    return m_lodOn && !m_lodRows.empty();
}

std::array<double, 6> LatentScatterScene::pointBounds() const
{
    if (m_visibleRows.empty())
        return {-0.5, 0.5, -0.5, 0.5, -0.5, 0.5};
    std::array<double, 6> b{};
    m_layers[kPoints].data->GetPoints()->GetBounds(b.data());
    return b;
}

void LatentScatterScene::setColorMap(ColorMap::Name name, bool reverse)
{
    m_colorMap = name;
    m_reverse = reverse;
    updateLookupTable();
}

void LatentScatterScene::setValueRange(double lo, double hi)
{
    m_autoRange = false;
    m_range = {std::min(lo, hi), std::max(lo, hi)};
    updateLookupTable();
}

void LatentScatterScene::setAutoValueRange()
{
    m_autoRange = true;
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    if (m_colorMode == ColorMode::Continuous)
        for (double v : m_values)
            if (std::isfinite(v)) {
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
    m_range = lo <= hi ? std::make_pair(lo, hi) : std::make_pair(0.0, 1.0);
    updateLookupTable();
}

void LatentScatterScene::updateLookupTable()
{
    ColorMap::fillLookupTable(m_lut, m_colorMap, m_range.first, m_range.second, m_reverse);
    for (Layer& layer : m_layers)
        layer.mapper->Modified();
    m_lodMapper->Modified();
    m_colorBar->Modified();
}

void LatentScatterScene::setPointSize(double size, SizeUnit unit)
{
    m_pointSize = std::max(size, 1e-9);
    m_sizeUnit = unit;
    updateSplatScale();
}

void LatentScatterScene::setColorBarTitle(const std::string& title)
{
    m_colorBarTitle->SetInput(title.c_str());
}

std::string LatentScatterScene::colorBarTitle() const
{
    const char* t = m_colorBarTitle->GetInput();
    return t ? std::string(t) : std::string();
}

void LatentScatterScene::setColorBarVisible(bool visible)
{
    m_colorBarVisible = visible;
    updateColoring();
}

void LatentScatterScene::setBackground(const std::array<double, 3>& rgb)
{
    m_renderer->SetBackground(rgb[0], rgb[1], rgb[2]);
}

std::array<double, 3> LatentScatterScene::background() const
{
    std::array<double, 3> rgb{};
    m_renderer->GetBackground(rgb.data());
    return rgb;
}

void LatentScatterScene::setTextColor(const std::array<double, 3>& rgb)
{
    m_colorBar->GetTitleTextProperty()->SetColor(rgb[0], rgb[1], rgb[2]);
    m_colorBar->GetLabelTextProperty()->SetColor(rgb[0], rgb[1], rgb[2]);
    m_colorBar->GetAnnotationTextProperty()->SetColor(rgb[0], rgb[1], rgb[2]);
    m_colorBarTitle->GetTextProperty()->SetColor(rgb[0], rgb[1], rgb[2]);
}

void LatentScatterScene::resetCamera()
{
    lookAlong({0.0, 0.0, -1.0}, {0.0, 1.0, 0.0});
}

void LatentScatterScene::lookAlong(const std::array<double, 3>& direction, const std::array<double, 3>& viewUp)
{
    // Bounds of the points themselves, not of the props: pixel-sized splats change the props' bounds
    // with the zoom, and the pose must not depend on the previous camera.
    std::array<double, 6> b = pointBounds();
    const double cx = 0.5 * (b[0] + b[1]), cy = 0.5 * (b[2] + b[3]), cz = 0.5 * (b[4] + b[5]);
    m_camera->SetFocalPoint(cx, cy, cz);
    m_camera->SetPosition(cx - direction[0], cy - direction[1], cz - direction[2]);
    m_camera->SetViewUp(viewUp[0], viewUp[1], viewUp[2]);
    m_camera->OrthogonalizeViewUp();
    m_camera->SetViewAngle(30.0);
    m_renderer->ResetCamera(b.data());
    // Keep the points clear of the colour bar on the right: shift the image left and leave a margin.
    m_camera->SetWindowCenter(0.12, 0.0);
    m_camera->Zoom(0.88);
    updateSplatScale();
}

void LatentScatterScene::setOrthographic(bool on)
{
    if (on == bool(m_camera->GetParallelProjection()))
        return;
    // The same extent at the focal point in both projections.
    const double halfHeight = m_camera->GetDistance() * std::tan(vtkMath::RadiansFromDegrees(0.5 * m_camera->GetViewAngle()));
    if (on)
        m_camera->SetParallelScale(halfHeight);
    else {
        const double distance = m_camera->GetParallelScale() / std::tan(vtkMath::RadiansFromDegrees(0.5 * m_camera->GetViewAngle()));
        double fp[3], dop[3];
        m_camera->GetFocalPoint(fp);
        m_camera->GetDirectionOfProjection(dop);
        m_camera->SetPosition(fp[0] - distance * dop[0], fp[1] - distance * dop[1], fp[2] - distance * dop[2]);
    }
    m_camera->SetParallelProjection(on);
    m_renderer->ResetCameraClippingRange();
    updateSplatScale();
}

bool LatentScatterScene::orthographic() const { return m_camera->GetParallelProjection(); }

double LatentScatterScene::splatRadius() const
{
    if (m_sizeUnit == SizeUnit::World)
        return 0.5 * m_pointSize;
    // Pixels are device-independent: the host sets the window's DPI to 72 x device pixel ratio.
    vtkRenderWindow* window = m_renderer->GetRenderWindow();
    // (DPI below 72 when the host renders at a reduced resolution while the camera moves.)
    const double ratio = window && window->GetDPI() > 0 ? window->GetDPI() / 72.0 : 1.0;
    const int* size = m_renderer->GetSize();
    const double heightPx = (size && size[1] > 0) ? double(size[1]) : 600.0;
    const double visibleHeight = m_camera->GetParallelProjection()
        ? 2.0 * m_camera->GetParallelScale()
        : 2.0 * m_camera->GetDistance() * std::tan(vtkMath::RadiansFromDegrees(0.5 * m_camera->GetViewAngle()));
    return 0.5 * m_pointSize * ratio * visibleHeight / heightPx;
}

void LatentScatterScene::updateSplatScale()
{
    const double radius = splatRadius();
    for (Layer& layer : m_layers) {
        const double wanted = radius * layer.scale;
        // Only real changes: a new scale factor makes the mapper rebuild its buffers.
        if (std::abs(wanted - layer.mapper->GetScaleFactor()) > 1e-6 * std::max(wanted, 1e-30))
            layer.mapper->SetScaleFactor(wanted);
    }
}

void LatentScatterScene::onRendererStart(vtkObject*, unsigned long, void*)
{
    updateSplatScale();
    if (vtkRenderWindow* window = m_renderer->GetRenderWindow()) {
        const double ratio = window->GetDPI() > 0 ? window->GetDPI() / 72.0 : 1.0;
        const int maxWidth = std::max(8, int(std::lround(kColorBarMaxWidth * ratio)));
        // The level of detail draws plain GL points: their size is in pixels of the render window.
        double lodPixels = m_pointSize * ratio;
        if (m_sizeUnit == SizeUnit::World) {
            const double visibleHeight = m_camera->GetParallelProjection()
                ? 2.0 * m_camera->GetParallelScale()
                : 2.0 * m_camera->GetDistance() * std::tan(vtkMath::RadiansFromDegrees(0.5 * m_camera->GetViewAngle()));
            lodPixels = m_pointSize * m_renderer->GetSize()[1] / std::max(visibleHeight, 1e-30);
        }
        const float lodSize = float(std::clamp(lodPixels, 1.0, 64.0));
        if (m_lodPoints->GetProperty()->GetPointSize() != lodSize)
            m_lodPoints->GetProperty()->SetPointSize(lodSize);
        if (m_colorBar->GetMaximumWidthInPixels() != maxWidth)
            m_colorBar->SetMaximumWidthInPixels(maxWidth);
        // Anchored to the right edge in pixels: in a narrow view a bar placed by fractions of the width
        // is squeezed and its labels run past the edge.
        const int viewWidth = std::max(1, m_renderer->GetSize()[0]);
        const double margin = 6.0 * ratio;
        const double width = std::min(0.45, double(maxWidth) / viewWidth);
        const double x = std::max(0.5, 1.0 - width - margin / viewWidth);
        double* position = m_colorBar->GetPositionCoordinate()->GetValue();
        if (std::abs(position[0] - x) > 1e-9 || std::abs(m_colorBar->GetWidth() - width) > 1e-9) {
            m_colorBar->GetPositionCoordinate()->SetValue(x, 0.15);
            m_colorBar->SetWidth(width);
        }
    }
}

std::array<int, 4> LatentScatterScene::colorBarRect() const
{
    int* p1 = m_colorBar->GetPositionCoordinate()->GetComputedDisplayValue(m_renderer);
    const int x = p1[0], y = p1[1];
    int* p2 = m_colorBar->GetPosition2Coordinate()->GetComputedDisplayValue(m_renderer);
    return {x, y, p2[0] - x, p2[1] - y};
}

} // namespace zooscope
