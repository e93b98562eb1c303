// Camera controls of the 3D view: reset, views along the axes and an isometric one, orthographic
// projection, and which trajectories (a model's checkpoints across epochs) are drawn.
#pragma once

#include <QToolBar>

class QAction;
class QComboBox;

namespace zooscope {

class LatentScatterView;

class CameraToolBar : public QToolBar {
    Q_OBJECT
public:
    explicit CameraToolBar(LatentScatterView* view, QWidget* parent = nullptr);

    QAction* resetAction() const { return m_reset; }
    QAction* orthographicAction() const { return m_orthographic; }
    QComboBox* trajectoryChoice() const { return m_trajectories; }

private:
    LatentScatterView* m_view;
    QAction* m_reset = nullptr;
    QAction* m_orthographic = nullptr;
    QComboBox* m_trajectories = nullptr;
};

} // namespace zooscope
