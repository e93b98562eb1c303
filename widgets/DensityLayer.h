// The density of the points in the 3D view (ScreenDensity of their screen positions): the shading as
// the renderer's background texture, so that it lies under every point, and the contours as thin dark
// lines in a 2D actor over them. A density belongs to one camera: when the camera moves or the points on
// show change it is hidden (stale lines that do not follow the turning points mislead) and recomputed
// once the camera has rested for a moment (recomputeDue; the view projects the points and calls show()).
#pragma once

#include "widgets/DensitySettings.h"
#include "widgets/ScreenDensity.h"

#include <QObject>

#include <vtkSmartPointer.h>

#include <array>
#include <vector>

class QTimer;
class vtkActor2D;
class vtkPolyData;
class vtkRenderer;
class vtkTexture;

namespace zooscope {

class DensityLayer : public QObject {
    Q_OBJECT
public:
    // How long the camera rests before the density is computed again.
    static constexpr int kRestMs = 200;

    explicit DensityLayer(vtkRenderer* renderer, QObject* parent = nullptr);
    ~DensityLayer() override;

    void setSettings(const DensitySettings& settings);
    const DensitySettings& settings() const { return m_settings; }

    // The camera moved or the points changed: hidden; recomputeDue after `delayMs` (when on).
    void invalidate(int delayMs = kRestMs);
    // Draws the density of these positions (the widget's logical pixels, origin top left; NaN: behind the
    // camera) on a widget of width x height over a background of this colour (0..1).
    void show(const std::vector<float>& x, const std::vector<float>& y, double width, double height,
              const std::array<double, 3>& background);
    // Whether a density is drawn now (on, computed for the current camera).
    bool isShown() const { return m_shown; }
    // The last density computed.
    const ScreenDensity& density() const { return m_density; }

signals:
    void recomputeDue();

private:
    void hide();

    vtkRenderer* m_renderer;
    DensitySettings m_settings;
    ScreenDensity m_density;
    QTimer* m_timer;
    bool m_shown = false;
    vtkSmartPointer<vtkTexture> m_texture;
    vtkSmartPointer<vtkPolyData> m_lines;
    vtkSmartPointer<vtkActor2D> m_actor;
};

} // namespace zooscope
