// Camera controls of the 3D view: reset, views along the axes and an isometric one, orthographic
// projection, which trajectories (a model's checkpoints across epochs) are drawn, and the density of the
// points on screen (DensityMenu).
#pragma once

#include <QToolBar>

class QAction;
class QComboBox;

namespace zooscope {

class DensityMenu;
class LatentScatterView;

class CameraToolBar : public QToolBar {
    Q_OBJECT
public:
    explicit CameraToolBar(LatentScatterView* view, QWidget* parent = nullptr);

    QAction* resetAction() const { return m_reset; }
    QAction* orthographicAction() const { return m_orthographic; }
    QComboBox* trajectoryChoice() const { return m_trajectories; }
    DensityMenu* densityMenu() const { return m_density; }

private:
    LatentScatterView* m_view;
    QAction* m_reset = nullptr;
    QAction* m_orthographic = nullptr;
    QComboBox* m_trajectories = nullptr;
    DensityMenu* m_density = nullptr;
};

} // namespace zooscope
