// The VTK scene of the latent view, without any Qt widget: points drawn as opaque round discs coloured by a
// value through a colour map, a colour bar with a title, and a white "publication" background with dark text.
#pragma once

#include "widgets/ColorMap.h"

#include <vtkSmartPointer.h>

#include <array>
#include <string>
#include <utility>
#include <vector>

class vtkActor;
class vtkCamera;
class vtkDoubleArray;
class vtkLookupTable;
class vtkObject;
class vtkPointGaussianMapper;
class vtkPolyData;
class vtkRenderer;
class vtkScalarBarActor;
class vtkTextActor;

namespace zooscope {

class LatentScatterScene {
public:
    // Pixels: the diameter in screen pixels at the camera's focal distance (kept so while zooming).
    // World: the diameter in latent-space units.
    enum class SizeUnit { Pixels, World };

    LatentScatterScene();
    ~LatentScatterScene();
    LatentScatterScene(const LatentScatterScene&) = delete;
    LatentScatterScene& operator=(const LatentScatterScene&) = delete;

    vtkRenderer* renderer() const;
    vtkCamera* camera() const;
    vtkScalarBarActor* colorBar() const;
    vtkTextActor* colorBarTitleActor() const;
    vtkLookupTable* lookupTable() const;
    vtkActor* pointsActor() const;

    // xyz holds 3 floats per point; values one per point (or none: all points in one neutral colour).
    // Throws std::invalid_argument when the sizes do not match.
    void setPoints(const std::vector<float>& xyz, const std::vector<double>& values);
    std::size_t pointCount() const;
    // Bounds of the points (xmin, xmax, ymin, ymax, zmin, zmax); a unit cube around 0 when there are none.
    std::array<double, 6> pointBounds() const;

    void setColorMap(ColorMap::Name name, bool reverse = false);
    ColorMap::Name colorMap() const { return m_colorMap; }
    bool colorMapReversed() const { return m_reverse; }

    // A fixed value range, or (setAutoValueRange) the range of the current values.
    void setValueRange(double lo, double hi);
    void setAutoValueRange();
    bool autoValueRange() const { return m_autoRange; }
    std::pair<double, double> valueRange() const { return m_range; }

    void setPointSize(double size, SizeUnit unit);
    void setPointSize(double size) { setPointSize(size, m_sizeUnit); }
    double pointSize() const { return m_pointSize; }
    SizeUnit pointSizeUnit() const { return m_sizeUnit; }

    void setColorBarTitle(const std::string& title);
    std::string colorBarTitle() const;
    void setColorBarVisible(bool visible);

    void setBackground(const std::array<double, 3>& rgb);
    std::array<double, 3> background() const;
    void setTextColor(const std::array<double, 3>& rgb);

    // The reset pose: looking down -z with +y up at the centre of the points, all of them in view.
    void resetCamera();

    // World radius of a splat for the current camera and viewport (pixel sizes depend on both).
    double splatRadius() const;

    // The colour bar's rectangle in display pixels (origin bottom left): x, y, width, height.
    std::array<int, 4> colorBarRect() const;

private:
    void updateLookupTable();
    void updateSplatScale();
    void onRendererStart(vtkObject*, unsigned long, void*);

    vtkSmartPointer<vtkRenderer> m_renderer;
    vtkSmartPointer<vtkCamera> m_camera;
    vtkSmartPointer<vtkPolyData> m_polyData;
    vtkSmartPointer<vtkDoubleArray> m_values;
    vtkSmartPointer<vtkPointGaussianMapper> m_mapper;
    vtkSmartPointer<vtkActor> m_actor;
    vtkSmartPointer<vtkLookupTable> m_lut;
    vtkSmartPointer<vtkScalarBarActor> m_colorBar;
    vtkSmartPointer<vtkTextActor> m_colorBarTitle;
    unsigned long m_startObserver = 0;

    ColorMap::Name m_colorMap = ColorMap::Name::Viridis;
    bool m_reverse = false;
    bool m_autoRange = true;
    std::pair<double, double> m_range{0.0, 1.0};
    double m_pointSize = 8.0;
    SizeUnit m_sizeUnit = SizeUnit::Pixels;
    bool m_hasValues = false;
    bool m_colorBarVisible = true;
};

} // namespace zooscope
