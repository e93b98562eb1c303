#include "widgets/LatentScatterScene.h"

#include "widgets/DensitySubset.h"
#include "widgets/OcclusionCuller.h"

#include <vtkActor.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkCommand.h>
#include <vtkDoubleArray.h>
#include <vtkFloatArray.h>
#include <vtkLookupTable.h>
#include <vtkPointData.h>
#include <vtkPointGaussianMapper.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkShaderProperty.h>
#include <vtkVariant.h>

#include <algorithm>
#include <cmath>
#include <numeric>
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

constexpr ColorMap::Rgb kNeutralGrey = ScatterColouring::kNeutral;
constexpr double kSelectionScale = 1.7; // ring disc radius / point radius
constexpr double kGeneratedScale = 1.5;
// The first still frame of a progressive scene draws a density subset of a quarter of the points on show,
// at most this many (culled), refined to the full culled frame after it is on screen.
constexpr std::size_t kFirstStillPoints = 100000;

} // namespace

struct LatentScatterScene::Layer {
    vtkSmartPointer<vtkPolyData> data = vtkSmartPointer<vtkPolyData>::New();
    vtkSmartPointer<vtkPointGaussianMapper> mapper = vtkSmartPointer<vtkPointGaussianMapper>::New();
    vtkSmartPointer<vtkActor> actor = vtkSmartPointer<vtkActor>::New();
    double scale = 1.0; // radius relative to the point size
    bool hasValues = false;
    std::size_t count = 0;
};

// In drawing order. The still layers hold what the occlusion culling keeps of the points and the rings.
enum LayerIndex { kPoints, kStillPoints, kLod, kSelection, kStillSelection, kSelectionLod, kGenerated, kLayerCount };

LatentScatterScene::LatentScatterScene()
    : m_renderer(vtkSmartPointer<vtkRenderer>::New())
    , m_layers(kLayerCount)
    , m_lodPointData(vtkSmartPointer<vtkPolyData>::New())
    , m_lodMapper(vtkSmartPointer<vtkPolyDataMapper>::New())
    , m_lodPoints(vtkSmartPointer<vtkActor>::New())
    , m_trajectoryData(vtkSmartPointer<vtkPolyData>::New())
    , m_trajectoryMapper(vtkSmartPointer<vtkPolyDataMapper>::New())
    , m_trajectoryActor(vtkSmartPointer<vtkActor>::New())
    , m_lut(vtkSmartPointer<vtkLookupTable>::New())
    , m_categoryLut(vtkSmartPointer<vtkLookupTable>::New())
{
    m_renderer->SetActiveCamera(m_camera.vtk());
    m_renderer->SetBackground(1.0, 1.0, 1.0);
    m_renderer->SetBackgroundAlpha(1.0);

    updateLookupTable();

    m_layers[kSelection].scale = m_layers[kStillSelection].scale = m_layers[kSelectionLod].scale = kSelectionScale;
    m_layers[kGenerated].scale = kGeneratedScale;
    for (int i = 0; i < kLayerCount; ++i) {
        Layer& layer = m_layers[std::size_t(i)];
        auto points = vtkSmartPointer<vtkPoints>::New();
        points->SetDataTypeToFloat();
        layer.data->SetPoints(points);
        vtkPointGaussianMapper* mapper = layer.mapper;
        mapper->SetInputData(layer.data);
        mapper->SetSplatShaderCode(i == kSelection || i == kStillSelection || i == kSelectionLod ? kRingSplat
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
        p->SetColor(kNeutralGrey.r, kNeutralGrey.g, kNeutralGrey.b);
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
    m_lodPoints->GetProperty()->SetColor(kNeutralGrey.r, kNeutralGrey.g, kNeutralGrey.b);
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

    m_colorBar.show(m_lut, false, false);
    setTextColor({0.12, 0.12, 0.12});
    m_colorBar.addTo(m_renderer);

    // Pixel-sized splats follow the camera: their world radius is updated before every render.
    m_startObserver = m_renderer->AddObserver(vtkCommand::StartEvent, this, &LatentScatterScene::onRendererStart);

    resetCamera();
}

LatentScatterScene::~LatentScatterScene()
{
    m_renderer->RemoveObserver(m_startObserver);
}

vtkRenderer* LatentScatterScene::renderer() const { return m_renderer; }
vtkCamera* LatentScatterScene::camera() const { return m_camera.vtk(); }
vtkScalarBarActor* LatentScatterScene::colorBar() const { return m_colorBar.bar(); }
vtkTextActor* LatentScatterScene::colorBarTitleActor() const { return m_colorBar.titleActor(); }
vtkLookupTable* LatentScatterScene::lookupTable() const
{
    return colorMode() == ColorMode::Categorical ? m_categoryLut.Get() : m_lut.Get();
}
vtkActor* LatentScatterScene::pointsActor() const { return m_layers[kPoints].actor; }
vtkActor* LatentScatterScene::levelOfDetailActor() const { return m_lodPoints; }
vtkActor* LatentScatterScene::selectionActor() const { return m_layers[kSelection].actor; }
vtkActor* LatentScatterScene::generatedActor() const { return m_layers[kGenerated].actor; }
vtkActor* LatentScatterScene::trajectoryActor() const { return m_trajectoryActor; }

void LatentScatterScene::setPoints(const std::vector<float>& xyz, const std::vector<double>& values)
{
    m_data.setPoints(xyz, values);
    m_colouring.setMode(values.empty() ? ColorMode::None : ColorMode::Continuous);

    auto trajectoryPoints = vtkSmartPointer<vtkPoints>::New();
    trajectoryPoints->SetDataTypeToFloat();
    trajectoryPoints->SetNumberOfPoints(vtkIdType(pointCount()));
    std::copy(xyz.begin(), xyz.end(), static_cast<float*>(trajectoryPoints->GetVoidPointer(0)));
    m_trajectoryData->SetPoints(trajectoryPoints);
    updateTrajectories();

    updateColoring();
    rebuildPointLayers();
    rebuildHighlightLayers();
    if (autoValueRange())
        setAutoValueRange();
    else
        updateLookupTable();
    // The generated set keeps its own coordinates: rebuilt after the colouring is known.
    rebuildGeneratedLayer();
}

void LatentScatterScene::setValues(const std::vector<double>& values)
{
    m_data.setValues(values);
    m_colouring.setMode(values.empty() ? ColorMode::None : ColorMode::Continuous);
    updateColoring();
    rebuildPointLayers();
    rebuildHighlightLayers();
    if (autoValueRange())
        setAutoValueRange();
    else
        updateLookupTable();
}

void LatentScatterScene::setCategories(const std::vector<int>& codes, const std::vector<std::string>& names)
{
    m_data.setCategories(codes, names);
    m_colouring.setMode(ColorMode::Categorical, int(names.size()));

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
    m_categoryLut->SetNanColor(ScatterColouring::kNan.r, ScatterColouring::kNan.g, ScatterColouring::kNan.b, 1.0);
    m_categoryLut->SetTableRange(0.0, double(count - 1));
    m_categoryLut->Modified();

    updateColoring();
    rebuildPointLayers();
    rebuildHighlightLayers();
    rebuildGeneratedLayer();
}

void LatentScatterScene::updateColoring()
{
    vtkLookupTable* lut = lookupTable();
    for (Layer& layer : m_layers)
        layer.mapper->SetLookupTable(lut);
    m_lodMapper->SetLookupTable(lut);
    m_colorBar.show(lut, colorMode() == ColorMode::Categorical, colorMode() != ColorMode::None && m_colorBarVisible);
}

void LatentScatterScene::setSizeValues(const std::vector<double>& values)
{
    m_data.setSizeValues(values);
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
    const bool hasValues = colorMode() != ColorMode::None;
    auto values = vtkSmartPointer<vtkDoubleArray>::New();
    values->SetName("value");
    if (hasValues)
        values->SetNumberOfValues(vtkIdType(n));
    const std::vector<float>& xyz = m_data.xyz();
    float* size = sizes->GetPointer(0);
    double* value = hasValues ? values->GetPointer(0) : nullptr;
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t r = std::size_t(rows[i]);
        p[3 * i] = xyz[3 * r];
        p[3 * i + 1] = xyz[3 * r + 1];
        p[3 * i + 2] = xyz[3 * r + 2];
        size[i] = m_data.sizeFactor(r);
        if (value)
            value[i] = m_data.values()[r];
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
    rebuildLayer(m_layers[kPoints], m_data.visibleRows());
    m_lodRows = m_data.subsetOfVisible(m_lodPointCount);
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
    const std::size_t visible = m_data.visibleRows().size();
    m_firstStillRows = visible >= m_progressiveMinPoints
        ? DensitySubset::rows(m_data.xyz(), m_data.visibleRows(), std::min(kFirstStillPoints, visible / 4))
        : std::vector<int>();
    ++m_contentGeneration;
    updateVisibility();
}

void LatentScatterScene::rebuildHighlightLayers()
{
    // Only the selected points on show.
    m_highlightShown = m_data.highlightedVisibleRows();
    const std::vector<int>& shown = m_highlightShown;
    rebuildLayer(m_layers[kSelection], shown);
    std::vector<int> lodShown;
    if (!m_lodRows.empty())
        std::set_intersection(shown.begin(), shown.end(), m_lodRows.begin(), m_lodRows.end(),
                              std::back_inserter(lodShown));
    rebuildLayer(m_layers[kSelectionLod], lodShown);
    m_firstStillHighlight.clear();
    std::set_intersection(shown.begin(), shown.end(), m_firstStillRows.begin(), m_firstStillRows.end(),
                          std::back_inserter(m_firstStillHighlight));
    ++m_contentGeneration;
    updateVisibility();
}

void LatentScatterScene::updateVisibility()
{
    const bool lod = drawsLevelOfDetail();
    const bool culled = drawsCulledPoints();
    m_layers[kPoints].actor->SetVisibility(!lod && !culled && m_layers[kPoints].count > 0);
    m_layers[kStillPoints].actor->SetVisibility(culled && m_layers[kStillPoints].count > 0);
    m_layers[kLod].actor->SetVisibility(false);
    m_lodPoints->SetVisibility(lod);
    // A small selection is drawn whole while moving; a large one only where the subset has points.
    const bool smallSelection = m_layers[kSelection].count <= std::size_t(m_lodPointCount / 4);
    m_layers[kSelection].actor->SetVisibility(m_layers[kSelection].count > 0 && !culled && (!lod || smallSelection));
    m_layers[kStillSelection].actor->SetVisibility(culled && m_layers[kStillSelection].count > 0);
    m_layers[kSelectionLod].actor->SetVisibility(lod && !smallSelection && m_layers[kSelectionLod].count > 0);
    m_layers[kGenerated].actor->SetVisibility(m_layers[kGenerated].count > 0);
    m_trajectoryActor->SetVisibility(trajectoryCount() > 0);
}

void LatentScatterScene::setVisibleRows(std::vector<int> rows)
{
    m_data.setVisibleRows(std::move(rows));
    rebuildPointLayers();
    rebuildHighlightLayers();
    updateTrajectories();
}

void LatentScatterScene::showAllPoints()
{
    m_data.showAllPoints();
    rebuildPointLayers();
    rebuildHighlightLayers();
    updateTrajectories();
}

void LatentScatterScene::setHighlightedRows(const std::vector<int>& rows)
{
    m_data.setHighlightedRows(rows);
    rebuildHighlightLayers();
    if (m_trajectoryMode == ScatterPointData::TrajectoryMode::Selected)
        updateTrajectories();
}

void LatentScatterScene::setTrajectoryGroups(std::vector<std::vector<int>> rowsPerModel)
{
    m_data.setTrajectoryGroups(std::move(rowsPerModel));
    updateTrajectories();
}

void LatentScatterScene::setTrajectoryMode(ScatterPointData::TrajectoryMode mode)
{
    m_trajectoryMode = mode;
    updateTrajectories();
}

void LatentScatterScene::updateTrajectories()
{
    m_data.setTrajectories(m_data.trajectoryLines(m_trajectoryMode));
    auto cells = vtkSmartPointer<vtkCellArray>::New();
    for (const std::vector<int>& line : m_data.trajectories()) {
        const std::vector<vtkIdType> ids(line.begin(), line.end());
        cells->InsertNextCell(vtkIdType(ids.size()), ids.data());
    }
    m_trajectoryData->SetLines(cells);
    m_trajectoryData->Modified();
    updateVisibility();
}

void LatentScatterScene::setGeneratedPoints(const std::vector<float>& xyz, const std::vector<double>& values)
{
    m_data.setGeneratedPoints(xyz, values);
    rebuildGeneratedLayer();
}

void LatentScatterScene::rebuildGeneratedLayer()
{
    const std::vector<float>& xyz = m_data.generatedXyz();
    const std::vector<double>& values = m_data.generatedValues();
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
    const bool hasValues = !values.empty() && colorMode() != ColorMode::None;
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

void LatentScatterScene::setOcclusionCulling(bool on)
{
    m_cullingOn = on;
    if (!on)
        setCulled(false);
}

bool LatentScatterScene::drawsCulledPoints() const { return m_culled && !drawsLevelOfDetail(); }

std::size_t LatentScatterScene::drawnPointCount() const
{
    return drawsLevelOfDetail() ? m_lodRows.size() : drawsCulledPoints() ? m_layers[kStillPoints].count
                                                                          : m_layers[kPoints].count;
}

void LatentScatterScene::setCulled(bool on)
{
    if (on == m_culled)
        return;
    m_culled = on;
    if (!on) {
        m_cullKey = {};
        m_refinePending = false;
    }
    updateVisibility();
}

void LatentScatterScene::setProgressiveStill(bool on, std::size_t minPoints)
{
    m_progressive = on;
    m_cullKey = {};
    if (minPoints != m_progressiveMinPoints) {
        m_progressiveMinPoints = minPoints;
        rebuildPointLayers();
        rebuildHighlightLayers();
    }
}

bool LatentScatterScene::needsRefinement() const { return m_refinePending && drawsCulledPoints(); }

bool LatentScatterScene::refine()
{
    if (!needsRefinement())
        return false;
    cull(false);
    return true;
}

OcclusionCuller::View LatentScatterScene::cullView() const
{
    OcclusionCuller::View view;
    const int* size = m_renderer->GetSize();
    view.width = size ? size[0] : 0;
    view.height = size ? size[1] : 0;
    const double aspect = double(view.width) / double(std::max(view.height, 1));
    view.worldToClip = m_camera.worldToClip(aspect);
    view.projectionYScale = m_camera.projectionYScale(aspect);
    return view;
}

void LatentScatterScene::updateCulling()
{
    // A still frame of many points: only the discs that can show, found again whenever the camera, the
    // window or what is drawn has changed.
    const OcclusionCuller::View view = cullView();
    if (!m_cullingOn || drawsLevelOfDetail() || m_data.visibleRows().size() < kCullMinPoints || view.width <= 0 ||
        view.height <= 0) {
        setCulled(false);
        return;
    }
    CullKey key{};
    std::copy(view.worldToClip.begin(), view.worldToClip.end(), key.begin());
    key[16] = view.width;
    key[17] = view.height;
    key[18] = splatRadius();
    key[19] = double(m_contentGeneration);
    if (m_culled && key == m_cullKey)
        return;
    m_cullKey = key;
    // At a million points the first frame is the density subset's (a quarter of the time), the full
    // culled one follows (refine(), once that frame is on screen).
    cull(m_progressive && !m_firstStillRows.empty());
}

void LatentScatterScene::cull(bool firstStill)
{
    const std::vector<std::vector<int>> kept = OcclusionCuller::visibleRows(
        m_data.xyz(), m_data.sizeFactors(), splatRadius(), cullView(),
        {{firstStill ? &m_firstStillRows : &m_data.visibleRows(), 1.0},
         {firstStill ? &m_firstStillHighlight : &m_highlightShown, kSelectionScale}});
    rebuildLayer(m_layers[kStillPoints], kept[0]);
    rebuildLayer(m_layers[kStillSelection], kept[1]);
    m_refinePending = firstStill;
    m_culled = true;
    updateVisibility();
}

void LatentScatterScene::setColorMap(ColorMap::Name name, bool reverse)
{
    m_colouring.setColorMap(name, reverse);
    updateLookupTable();
}

void LatentScatterScene::setValueRange(double lo, double hi)
{
    m_colouring.setValueRange(lo, hi);
    updateLookupTable();
}

void LatentScatterScene::setAutoValueRange()
{
    m_colouring.setAutoValueRange(m_data.values());
    updateLookupTable();
}

void LatentScatterScene::updateLookupTable()
{
    const auto [lo, hi] = m_colouring.valueRange();
    ColorMap::fillLookupTable(m_lut, m_colouring.colorMap(), lo, hi, m_colouring.reversed());
    for (Layer& layer : m_layers)
        layer.mapper->Modified();
    m_lodMapper->Modified();
    m_colorBar.tableModified();
}

void LatentScatterScene::setPointSize(double size, SizeUnit unit)
{
    m_pointSize = std::max(size, 1e-9);
    m_sizeUnit = unit;
    updateSplatScale();
}

void LatentScatterScene::setColorBarTitle(const std::string& title) { m_colorBar.setTitle(title); }

std::string LatentScatterScene::colorBarTitle() const { return m_colorBar.title(); }

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

void LatentScatterScene::setTextColor(const std::array<double, 3>& rgb) { m_colorBar.setTextColor(rgb); }

double LatentScatterScene::viewportAspect() const
{
    // As vtkRenderer::ResetCamera sees the viewport (1 before it has a window).
    m_renderer->ComputeAspect();
    double aspect[2];
    m_renderer->GetAspect(aspect);
    return aspect[0];
}

void LatentScatterScene::resetCamera()
{
    setCameraPreset(ScatterCamera::Preset::MinusZ);
}

void LatentScatterScene::lookAlong(const std::array<double, 3>& direction, const std::array<double, 3>& viewUp)
{
    // Bounds of the points themselves, not of the props: pixel-sized splats change the props' bounds
    // with the zoom, and the pose must not depend on the previous camera.
    const std::array<double, 6> b = pointBounds();
    // Before the view has a size the bar's share is unknown: the camera keeps the usual margin for it.
    const double reserved = m_renderer->GetSize()[0] > 0 ? m_colorBar.reservedFraction(m_renderer, pixelRatio()) : ScatterCamera::kDefaultReserved;
    m_camera.lookAlong(b, direction, viewUp, viewportAspect(), reserved);
    m_renderer->ResetCameraClippingRange(b[0], b[1], b[2], b[3], b[4], b[5]);
    updateSplatScale();
}

void LatentScatterScene::setCameraPreset(ScatterCamera::Preset preset)
{
    const auto [direction, up] = ScatterCamera::presetAxes(preset);
    lookAlong(direction, up);
}

void LatentScatterScene::setCameraPose(const CameraPose& pose)
{
    m_camera.setPose(pose);
    const std::array<double, 6> b = pointBounds();
    m_renderer->ResetCameraClippingRange(b[0], b[1], b[2], b[3], b[4], b[5]);
    updateSplatScale();
}

void LatentScatterScene::setOrthographic(bool on)
{
    if (on == orthographic())
        return;
    m_camera.setOrthographic(on);
    m_renderer->ResetCameraClippingRange();
    updateSplatScale();
}

bool LatentScatterScene::orthographic() const { return m_camera.orthographic(); }

void LatentScatterScene::focusOn(int row)
{
    if (row < 0 || std::size_t(row) >= pointCount())
        return;
    const std::array<float, 3> p = m_data.position(std::size_t(row));
    m_camera.focusOn({p[0], p[1], p[2]});
    m_renderer->ResetCameraClippingRange();
}

double LatentScatterScene::pixelRatio() const
{
    // Pixels are device-independent: the host sets the window's DPI to 72 x device pixel ratio
    // (below 72 when the host renders at a reduced resolution while the camera moves).
    vtkRenderWindow* window = m_renderer->GetRenderWindow();
    return window && window->GetDPI() > 0 ? window->GetDPI() / 72.0 : 1.0;
}

double LatentScatterScene::splatRadius() const
{
    if (m_sizeUnit == SizeUnit::World)
        return 0.5 * m_pointSize;
    const int* size = m_renderer->GetSize();
    const double heightPx = (size && size[1] > 0) ? double(size[1]) : 600.0;
    return 0.5 * m_pointSize * pixelRatio() * m_camera.visibleHeight() / heightPx;
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
    if (!m_renderer->GetRenderWindow())
        return;
    updateCulling();
    const double ratio = pixelRatio();
    // The level of detail draws plain GL points: their size is in pixels of the render window.
    const double lodPixels = m_sizeUnit == SizeUnit::World
        ? m_pointSize * m_renderer->GetSize()[1] / std::max(m_camera.visibleHeight(), 1e-30)
        : m_pointSize * ratio;
    const float lodSize = float(std::clamp(lodPixels, 1.0, 64.0));
    if (m_lodPoints->GetProperty()->GetPointSize() != lodSize)
        m_lodPoints->GetProperty()->SetPointSize(lodSize);
    m_colorBar.layout(m_renderer, ratio);
}

std::array<int, 4> LatentScatterScene::colorBarRect() const { return m_colorBar.rect(m_renderer); }

} // namespace zooscope
