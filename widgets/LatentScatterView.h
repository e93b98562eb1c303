// The 3D latent view: a VtkHostWidget showing a LatentScatterScene, turned with a trackball camera.
#pragma once

#include "widgets/ColorMap.h"
#include "widgets/LatentScatterScene.h"
#include "widgets/VtkHostWidget.h"

#include <QString>

#include <array>
#include <memory>
#include <vector>

class vtkObject;

namespace zooscope {

class LatentScatterView : public VtkHostWidget {
    Q_OBJECT
public:
    explicit LatentScatterView(QWidget* parent = nullptr);
    ~LatentScatterView() override;

    // xyz: 3 floats per point; values: one per point (or none). Keeps the camera unless the view had no
    // points (then it resets it); see resetCamera().
    // Throws std::invalid_argument when the sizes do not match.
    void setPoints(const std::vector<float>& xyz, const std::vector<double>& values);
    std::size_t pointCount() const;

    void setColorBarTitle(const QString& title);
    QString colorBarTitle() const;

    // Diameter of the dots in pixels (at the camera's focal distance).
    void setPointSize(double pixels);
    double pointSize() const;

    void setColorMap(ColorMap::Name name, bool reverse = false);
    void setValueRange(double lo, double hi);
    void setAutoValueRange();

    LatentScatterScene& scene() { return *m_scene; }
    const LatentScatterScene& scene() const { return *m_scene; }

public slots:
    // The reset pose (also the 'r' key): looking down -z, +y up, all points in view.
    void resetCamera();

signals:
    // The camera's pose (position, focal point, view up, view angle or parallel scale) changed.
    void cameraChanged();

protected:
    void keyPressEvent(QKeyEvent* event) override;

private:
    void onCameraModified(vtkObject*, unsigned long, void*);

    std::unique_ptr<LatentScatterScene> m_scene;
    unsigned long m_cameraObserver = 0;
    std::array<double, 11> m_lastPose{};
};

} // namespace zooscope
