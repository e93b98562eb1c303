#include "widgets/LevelOfDetail.h"

#include "widgets/LatentScatterScene.h"
#include "widgets/VtkHostWidget.h"

#include <QTimer>

#include <vtkCommand.h>
#include <vtkInteractorObserver.h>

#include <algorithm>

namespace zooscope {

namespace {

constexpr int kWheelRestMs = 250;
// After the first still frame is on screen: a moment for further input (which cancels the refinement).
constexpr int kRefineDelayMs = 30;

} // namespace

LevelOfDetail::LevelOfDetail(LatentScatterScene& scene, VtkHostWidget& host, vtkInteractorObserver* style)
    : m_scene(scene)
    , m_host(host)
    , m_style(style)
    , m_wheelTimer(new QTimer(this))
    , m_refineTimer(new QTimer(this))
{
    // The trackball style announces the start and end of each drag.
    if (m_style) {
        m_startObserver = m_style->AddObserver(vtkCommand::StartInteractionEvent, this, &LevelOfDetail::onInteraction);
        m_endObserver = m_style->AddObserver(vtkCommand::EndInteractionEvent, this, &LevelOfDetail::onInteraction);
    }
    m_wheelTimer->setSingleShot(true);
    m_wheelTimer->setInterval(kWheelRestMs);
    connect(m_wheelTimer, &QTimer::timeout, this, [this] { setInteracting(false); });
    m_refineTimer->setSingleShot(true);
    m_refineTimer->setInterval(kRefineDelayMs);
    connect(&m_host, &QOpenGLWidget::frameSwapped, this, [this] {
        if (!m_interacting && m_scene.needsRefinement())
            m_refineTimer->start();
    });
    connect(m_refineTimer, &QTimer::timeout, this, [this] {
        if (!m_interacting && m_scene.refine())
            m_host.requestRender();
    });
}

LevelOfDetail::~LevelOfDetail()
{
    if (m_style) {
        m_style->RemoveObserver(m_startObserver);
        m_style->RemoveObserver(m_endObserver);
    }
}

void LevelOfDetail::setEnabled(bool on)
{
    m_enabled = on;
    if (!on) {
        m_scene.setLevelOfDetail(false);
        m_host.setRenderScale(1.0);
    }
}

void LevelOfDetail::setInteractiveRenderScale(double scale)
{
    m_interactiveRenderScale = std::clamp(scale, 0.1, 1.0);
}

void LevelOfDetail::setInteracting(bool on)
{
    if (on == m_interacting)
        return;
    m_interacting = on;
    if (on)
        m_refineTimer->stop(); // the camera moves again: no refined frame of the old view
    const bool lod = on && m_enabled;
    if (lod != m_scene.levelOfDetail()) {
        m_scene.setLevelOfDetail(lod);
        // The still frame (all points, full resolution) after the last move.
        m_host.setRenderScale(lod ? m_interactiveRenderScale : 1.0);
        m_host.requestRender();
    }
}

void LevelOfDetail::wheelMoved()
{
    setInteracting(true);
    m_wheelTimer->start();
}

void LevelOfDetail::onInteraction(vtkObject*, unsigned long eventId, void*)
{
    setInteracting(eventId == vtkCommand::StartInteractionEvent);
}

} // namespace zooscope
