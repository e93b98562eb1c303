// The latent view's level of detail, as ParaView keeps large scenes interactive: while the camera moves
// (a drag, or the wheel until it has rested for a moment) the scene draws a fixed subset of the points as
// plain GL points, optionally at a reduced resolution; the full scene when it stops. When the scene's
// still frame is progressive (a million points), the refined frame follows once the first one is on
// screen, unless the camera moves again first.
#pragma once

#include <QObject>

class QTimer;
class vtkInteractorObserver;
class vtkObject;

namespace zooscope {

class LatentScatterScene;
class VtkHostWidget;

class LevelOfDetail : public QObject {
    Q_OBJECT
public:
    // Follows the start and end of the interactor style's drags (the style is not owned: the owner destroys
    // this before the host).
    LevelOfDetail(LatentScatterScene& scene, VtkHostWidget& host, vtkInteractorObserver* style);
    ~LevelOfDetail() override;

    // On by default.
    void setEnabled(bool on);
    bool enabled() const { return m_enabled; }
    // The resolution (fraction of the widget's) while moving; clamped to 0.1..1.
    void setInteractiveRenderScale(double scale);
    double interactiveRenderScale() const { return m_interactiveRenderScale; }

    void setInteracting(bool on);
    bool isInteracting() const { return m_interacting; }
    // A wheel step: interacting until the wheel has rested for a moment.
    void wheelMoved();

private:
    void onInteraction(vtkObject*, unsigned long eventId, void*);

    LatentScatterScene& m_scene;
    VtkHostWidget& m_host;
    vtkInteractorObserver* m_style;
    unsigned long m_startObserver = 0;
    unsigned long m_endObserver = 0;
    QTimer* m_wheelTimer;
    QTimer* m_refineTimer; // started when a first still frame is on screen
    bool m_enabled = true;
    bool m_interacting = false;
    double m_interactiveRenderScale = 1.0;
};

} // namespace zooscope
