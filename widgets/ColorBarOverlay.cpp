#include "widgets/ColorBarOverlay.h"

#include "widgets/ColorMap.h"

#include <vtkCoordinate.h>
#include <vtkLookupTable.h>
#include <vtkRenderer.h>
#include <vtkScalarBarActor.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>

#include <algorithm>
#include <cmath>

namespace zooscope {

namespace {

constexpr int kMaxWidth = 110; // device-independent pixels

} // namespace

ColorBarOverlay::ColorBarOverlay()
    : m_bar(vtkSmartPointer<vtkScalarBarActor>::New())
    , m_title(vtkSmartPointer<vtkTextActor>::New())
{
    m_bar->SetOrientationToVertical();
    m_bar->SetNumberOfLabels(5);
    m_bar->SetLabelFormat("%.3g");
    m_bar->SetMaximumNumberOfColors(ColorMap::kTableSize);
    m_bar->GetPositionCoordinate()->SetCoordinateSystemToNormalizedViewport();
    m_bar->GetPositionCoordinate()->SetValue(0.90, 0.15);
    m_bar->SetWidth(0.08);
    m_bar->SetHeight(0.7);
    m_bar->SetMaximumWidthInPixels(kMaxWidth);
    m_bar->SetBarRatio(0.3);
    m_bar->UnconstrainedFontSizeOn();
    m_bar->SetTextPad(4);
    m_bar->DrawFrameOff();
    m_bar->DrawBackgroundOff();
    m_bar->SetVisibility(false);
    // The title is a text actor of its own, right-aligned above the bar: vtkScalarBarActor centres its title
    // over the bar, so that any title wider than the labels is cut off at the window's edge.
    m_title->GetPositionCoordinate()->SetCoordinateSystemToNormalizedViewport();
    m_title->GetPositionCoordinate()->SetValue(0.985, 0.87);
    m_title->SetTextScaleModeToNone();
    m_title->GetTextProperty()->SetJustificationToRight();
    m_title->GetTextProperty()->SetVerticalJustificationToBottom();
    m_title->SetVisibility(false);
    for (vtkTextProperty* text : {m_bar->GetTitleTextProperty(), m_bar->GetLabelTextProperty(),
                                  m_bar->GetAnnotationTextProperty(), m_title->GetTextProperty()}) {
        text->SetFontFamilyToArial();
        text->BoldOff();
        text->ItalicOff();
        text->ShadowOff();
        text->SetFontSize(14);
    }
    m_title->GetTextProperty()->SetFontSize(16);
}

ColorBarOverlay::~ColorBarOverlay() = default;

vtkScalarBarActor* ColorBarOverlay::bar() const { return m_bar; }

vtkTextActor* ColorBarOverlay::titleActor() const { return m_title; }

void ColorBarOverlay::addTo(vtkRenderer* renderer)
{
    renderer->AddViewProp(m_bar);
    renderer->AddViewProp(m_title);
}

void ColorBarOverlay::show(vtkLookupTable* table, bool categorical, bool shown)
{
    m_bar->SetLookupTable(table);
    m_bar->SetDrawAnnotations(categorical);
    m_bar->SetNumberOfLabels(categorical ? 0 : 5);
    m_bar->SetDrawTickLabels(!categorical);
    m_bar->SetVisibility(shown);
    m_title->SetVisibility(shown);
    m_bar->Modified();
}

void ColorBarOverlay::tableModified() { m_bar->Modified(); }

void ColorBarOverlay::setTitle(const std::string& title) { m_title->SetInput(title.c_str()); }

std::string ColorBarOverlay::title() const
{
    const char* t = m_title->GetInput();
    return t ? std::string(t) : std::string();
}

void ColorBarOverlay::setTextColor(const std::array<double, 3>& rgb)
{
    for (vtkTextProperty* text : {m_bar->GetTitleTextProperty(), m_bar->GetLabelTextProperty(),
                                  m_bar->GetAnnotationTextProperty(), m_title->GetTextProperty()})
        text->SetColor(rgb[0], rgb[1], rgb[2]);
}

double ColorBarOverlay::reservedFraction(vtkRenderer* renderer, double ratio) const
{
    const int viewWidth = renderer->GetSize()[0];
    if (!m_bar->GetVisibility() || viewWidth <= 0)
        return 0.0;
    return std::min(0.45, (std::max(8.0, kMaxWidth * ratio) + 6.0 * ratio) / viewWidth);
}

void ColorBarOverlay::layout(vtkRenderer* renderer, double ratio)
{
    const int maxWidth = std::max(8, int(std::lround(kMaxWidth * ratio)));
    if (m_bar->GetMaximumWidthInPixels() != maxWidth)
        m_bar->SetMaximumWidthInPixels(maxWidth);
    // Anchored to the right edge in pixels: in a narrow view a bar placed by fractions of the width
    // is squeezed and its labels run past the edge.
    const int viewWidth = std::max(1, renderer->GetSize()[0]);
    const double margin = 6.0 * ratio;
    const double width = std::min(0.45, double(maxWidth) / viewWidth);
    const double x = std::max(0.5, 1.0 - width - margin / viewWidth);
    double* position = m_bar->GetPositionCoordinate()->GetValue();
    if (std::abs(position[0] - x) > 1e-9 || std::abs(m_bar->GetWidth() - width) > 1e-9) {
        m_bar->GetPositionCoordinate()->SetValue(x, 0.15);
        m_bar->SetWidth(width);
    }
}

std::array<int, 4> ColorBarOverlay::rect(vtkRenderer* renderer) const
{
    int* p1 = m_bar->GetPositionCoordinate()->GetComputedDisplayValue(renderer);
    const int x = p1[0], y = p1[1];
    int* p2 = m_bar->GetPosition2Coordinate()->GetComputedDisplayValue(renderer);
    return {x, y, p2[0] - x, p2[1] - y};
}

} // namespace zooscope
