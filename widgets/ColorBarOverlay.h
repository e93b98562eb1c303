// The colour bar of the latent view, or its legend of named swatches when colouring by category: a VTK
// scalar bar anchored to the right edge in pixels, with its title as a right-aligned text actor above it.
#pragma once

#include <vtkSmartPointer.h>

#include <array>
#include <string>

class vtkLookupTable;
class vtkRenderer;
class vtkScalarBarActor;
class vtkTextActor;

namespace zooscope {

class ColorBarOverlay {
public:
    ColorBarOverlay();
    ~ColorBarOverlay();
    ColorBarOverlay(const ColorBarOverlay&) = delete;
    ColorBarOverlay& operator=(const ColorBarOverlay&) = delete;

    void addTo(vtkRenderer* renderer);
    vtkScalarBarActor* bar() const;
    vtkTextActor* titleActor() const;

    // The table shown; a legend (names, no numbers) when categorical. Hidden when `shown` is false.
    void show(vtkLookupTable* table, bool categorical, bool shown);
    // The table's colours changed.
    void tableModified();

    void setTitle(const std::string& title);
    std::string title() const;
    void setTextColor(const std::array<double, 3>& rgb);

    // Before each render: the width limit and the anchor to the right edge follow the viewport's size in
    // pixels; ratio is device pixels per logical pixel.
    void layout(vtkRenderer* renderer, double ratio);

    // The share of the viewport's width the bar takes at the right edge (its width limit and margin, as
    // layout() places it; at most 0.45); 0 when hidden. The camera fits the points into the rest.
    double reservedFraction(vtkRenderer* renderer, double ratio) const;

    // The bar's rectangle in display pixels (origin bottom left): x, y, width, height.
    std::array<int, 4> rect(vtkRenderer* renderer) const;

private:
    vtkSmartPointer<vtkScalarBarActor> m_bar;
    vtkSmartPointer<vtkTextActor> m_title;
};

} // namespace zooscope
