#include "widgets/LatentScatterScene.h"

#include <vtkActor.h>
#include <vtkCamera.h>
#include <vtkCommand.h>
#include <vtkCoordinate.h>
#include <vtkDoubleArray.h>
#include <vtkLookupTable.h>
#include <vtkMath.h>
#include <vtkPointData.h>
#include <vtkPointGaussianMapper.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkProperty.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkScalarBarActor.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace zooscope {

namespace {

// An opaque, flat disc of radius 1 (in splat units). The mapper's default gaussian splat is translucent
// and shows its triangles; discarding everything outside the unit circle gives round dots that need no
// depth sorting.
const char* const kDiscSplat = "//VTK::Color::Impl\n"
                               "  if (dot(offsetVCVSOutput.xy, offsetVCVSOutput.xy) > 1.0) { discard; }\n";

constexpr double kNeutralGrey[3] = {0.35, 0.35, 0.35};
constexpr int kColorBarMaxWidth = 110; // device-independent pixels

} // namespace

LatentScatterScene::LatentScatterScene()
    : m_renderer(vtkSmartPointer<vtkRenderer>::New())
    , m_camera(vtkSmartPointer<vtkCamera>::New())
    , m_polyData(vtkSmartPointer<vtkPolyData>::New())
    , m_values(vtkSmartPointer<vtkDoubleArray>::New())
    , m_mapper(vtkSmartPointer<vtkPointGaussianMapper>::New())
    , m_actor(vtkSmartPointer<vtkActor>::New())
    , m_lut(vtkSmartPointer<vtkLookupTable>::New())
    , m_colorBar(vtkSmartPointer<vtkScalarBarActor>::New())
    , m_colorBarTitle(vtkSmartPointer<vtkTextActor>::New())
{
    m_renderer->SetActiveCamera(m_camera);
    m_renderer->SetBackground(1.0, 1.0, 1.0);
    m_renderer->SetBackgroundAlpha(1.0);

    m_values->SetName("value");
    auto points = vtkSmartPointer<vtkPoints>::New();
    points->SetDataTypeToFloat();
    m_polyData->SetPoints(points);

    ColorMap::fillLookupTable(m_lut, m_colorMap, m_range.first, m_range.second, m_reverse);

    m_mapper->SetInputData(m_polyData);
    m_mapper->SetSplatShaderCode(kDiscSplat);
    m_mapper->SetTriangleScale(1.05f); // the triangle's inscribed circle just holds the unit disc
    m_mapper->EmissiveOff();           // emissive splats blend additively: invisible on white
    m_mapper->SetLookupTable(m_lut);
    m_mapper->UseLookupTableScalarRangeOn();
    m_mapper->SetColorModeToMapScalars();
    m_mapper->SetScalarModeToUsePointData();
    m_mapper->ScalarVisibilityOff();
    m_mapper->SetScaleFactor(0.01);

    m_actor->SetMapper(m_mapper);
    m_actor->GetProperty()->SetColor(kNeutralGrey[0], kNeutralGrey[1], kNeutralGrey[2]);
    m_actor->GetProperty()->SetOpacity(1.0);
    m_actor->GetProperty()->SetAmbient(0.0);
    m_actor->GetProperty()->SetDiffuse(1.0);
    m_renderer->AddActor(m_actor);

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
                                  m_colorBarTitle->GetTextProperty()}) {
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
vtkLookupTable* LatentScatterScene::lookupTable() const { return m_lut; }
vtkActor* LatentScatterScene::pointsActor() const { return m_actor; }

void LatentScatterScene::setPoints(const std::vector<float>& xyz, const std::vector<double>& values)
{
    if (xyz.size() % 3 != 0)
        throw std::invalid_argument("LatentScatterScene::setPoints: xyz must hold 3 coordinates per point");
    const std::size_t n = xyz.size() / 3;
    if (!values.empty() && values.size() != n)
        throw std::invalid_argument("LatentScatterScene::setPoints: one value per point expected");

    auto points = vtkSmartPointer<vtkPoints>::New();
    points->SetDataTypeToFloat();
    points->SetNumberOfPoints(vtkIdType(n));
    std::copy(xyz.begin(), xyz.end(), static_cast<float*>(points->GetVoidPointer(0)));
    points->Modified();

    // A new array each time: the mapper's colour cache is keyed on the array's modification time.
    m_values = vtkSmartPointer<vtkDoubleArray>::New();
    m_values->SetName("value");
    m_hasValues = !values.empty();
    if (m_hasValues) {
        m_values->SetNumberOfValues(vtkIdType(n));
        std::copy(values.begin(), values.end(), m_values->GetPointer(0));
    }

    m_polyData->Initialize();
    m_polyData->SetPoints(points);
    if (m_hasValues)
        m_polyData->GetPointData()->SetScalars(m_values);
    m_polyData->Modified();

    m_mapper->SetScalarVisibility(m_hasValues);
    m_colorBar->SetVisibility(m_hasValues && m_colorBarVisible);
    m_colorBarTitle->SetVisibility(m_hasValues && m_colorBarVisible);
    if (m_autoRange)
        setAutoValueRange();
    else
        updateLookupTable();
}

std::size_t LatentScatterScene::pointCount() const
{
    return std::size_t(m_polyData->GetNumberOfPoints());
}

std::array<double, 6> LatentScatterScene::pointBounds() const
{
    if (m_polyData->GetNumberOfPoints() == 0)
        return {-0.5, 0.5, -0.5, 0.5, -0.5, 0.5};
    std::array<double, 6> b{};
    m_polyData->GetPoints()->GetBounds(b.data());
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
    const vtkIdType n = m_hasValues ? m_values->GetNumberOfValues() : 0;
    for (vtkIdType i = 0; i < n; ++i) {
        const double v = m_values->GetValue(i);
        if (std::isfinite(v)) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    }
    m_range = lo <= hi ? std::make_pair(lo, hi) : std::make_pair(0.0, 1.0);
    updateLookupTable();
}

void LatentScatterScene::updateLookupTable()
{
    ColorMap::fillLookupTable(m_lut, m_colorMap, m_range.first, m_range.second, m_reverse);
    m_mapper->Modified();
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
    m_colorBar->SetVisibility(visible && m_hasValues);
    m_colorBarTitle->SetVisibility(visible && m_hasValues);
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
    m_colorBarTitle->GetTextProperty()->SetColor(rgb[0], rgb[1], rgb[2]);
}

void LatentScatterScene::resetCamera()
{
    // Bounds of the points themselves, not of the props: pixel-sized splats change the props' bounds
    // with the zoom, and the reset pose must not depend on the previous camera.
    std::array<double, 6> b = pointBounds();
    const double cx = 0.5 * (b[0] + b[1]), cy = 0.5 * (b[2] + b[3]), cz = 0.5 * (b[4] + b[5]);
    m_camera->SetFocalPoint(cx, cy, cz);
    m_camera->SetPosition(cx, cy, cz + 1.0);
    m_camera->SetViewUp(0.0, 1.0, 0.0);
    m_camera->SetViewAngle(30.0);
    m_renderer->ResetCamera(b.data());
    // Keep the points clear of the colour bar on the right: shift the image left and leave a margin.
    m_camera->SetWindowCenter(0.12, 0.0);
    m_camera->Zoom(0.88);
    updateSplatScale();
}

double LatentScatterScene::splatRadius() const
{
    if (m_sizeUnit == SizeUnit::World)
        return 0.5 * m_pointSize;
    // Pixels are device-independent: the host sets the window's DPI to 72 x device pixel ratio.
    vtkRenderWindow* window = m_renderer->GetRenderWindow();
    const double ratio = window ? std::max(1.0, window->GetDPI() / 72.0) : 1.0;
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
    // Only real changes: a new scale factor makes the mapper rebuild its buffers.
    if (std::abs(radius - m_mapper->GetScaleFactor()) > 1e-6 * std::max(radius, 1e-30))
        m_mapper->SetScaleFactor(radius);
}

void LatentScatterScene::onRendererStart(vtkObject*, unsigned long, void*)
{
    updateSplatScale();
    if (vtkRenderWindow* window = m_renderer->GetRenderWindow()) {
        const int maxWidth = int(std::lround(kColorBarMaxWidth * std::max(1.0, window->GetDPI() / 72.0)));
        if (m_colorBar->GetMaximumWidthInPixels() != maxWidth)
            m_colorBar->SetMaximumWidthInPixels(maxWidth);
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
