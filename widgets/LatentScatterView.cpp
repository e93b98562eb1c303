#include "widgets/LatentScatterView.h"

#include <QKeyEvent>

#include <vtkCamera.h>
#include <vtkCommand.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>

namespace zooscope {

namespace {

std::array<double, 11> poseOf(vtkCamera* c)
{
    std::array<double, 11> p{};
    c->GetPosition(&p[0]);
    c->GetFocalPoint(&p[3]);
    c->GetViewUp(&p[6]);
    p[9] = c->GetParallelProjection() ? c->GetParallelScale() : c->GetViewAngle();
    p[10] = c->GetParallelProjection();
    return p;
}

} // namespace

LatentScatterView::LatentScatterView(QWidget* parent)
    : VtkHostWidget(parent)
    , m_scene(std::make_unique<LatentScatterScene>())
{
    renderWindow()->AddRenderer(m_scene->renderer());
    m_scene->setPointSize(8.0, LatentScatterScene::SizeUnit::Pixels);
    m_lastPose = poseOf(m_scene->camera());
    // Clipping-range updates also modify the camera during every render: only pose changes count.
    m_cameraObserver = m_scene->camera()->AddObserver(vtkCommand::ModifiedEvent, this,
                                                      &LatentScatterView::onCameraModified);
}

LatentScatterView::~LatentScatterView()
{
    m_scene->camera()->RemoveObserver(m_cameraObserver);
    // The renderer stays in the render window: VtkHostWidget releases its GL resources with the context current.
}

void LatentScatterView::setPoints(const std::vector<float>& xyz, const std::vector<double>& values)
{
    const bool first = m_scene->pointCount() == 0;
    m_scene->setPoints(xyz, values);
    if (first)
        resetCamera();
    requestRender();
}

std::size_t LatentScatterView::pointCount() const { return m_scene->pointCount(); }

void LatentScatterView::setColorBarTitle(const QString& title)
{
    m_scene->setColorBarTitle(title.toStdString());
    requestRender();
}

QString LatentScatterView::colorBarTitle() const { return QString::fromStdString(m_scene->colorBarTitle()); }

void LatentScatterView::setPointSize(double pixels)
{
    m_scene->setPointSize(pixels, LatentScatterScene::SizeUnit::Pixels);
    requestRender();
}

double LatentScatterView::pointSize() const { return m_scene->pointSize(); }

void LatentScatterView::setColorMap(ColorMap::Name name, bool reverse)
{
    m_scene->setColorMap(name, reverse);
    requestRender();
}

void LatentScatterView::setValueRange(double lo, double hi)
{
    m_scene->setValueRange(lo, hi);
    requestRender();
}

void LatentScatterView::setAutoValueRange()
{
    m_scene->setAutoValueRange();
    requestRender();
}

void LatentScatterView::resetCamera()
{
    m_scene->resetCamera();
    requestRender();
}

void LatentScatterView::keyPressEvent(QKeyEvent* event)
{
    const QString text = event->text();
    const Qt::KeyboardModifiers mods = event->modifiers() & ~(Qt::ShiftModifier | Qt::KeypadModifier);
    if (mods == Qt::NoModifier && text.compare(QLatin1String("r"), Qt::CaseInsensitive) == 0) {
        // VTK's own 'r' only refits the distance; ours restores the full reset pose.
        resetCamera();
        event->accept();
        return;
    }
    // VTK's other one-letter commands would wreck the view or the application here: stereo ('3'),
    // exit ('e', 'q'), wireframe/surface ('w', 's'), pick ('p') and fly-to ('f').
    static const QString blocked = QStringLiteral("3eqwspf");
    if (text.size() == 1 && blocked.contains(text, Qt::CaseInsensitive)) {
        event->accept();
        return;
    }
    VtkHostWidget::keyPressEvent(event);
}

void LatentScatterView::onCameraModified(vtkObject*, unsigned long, void*)
{
    const std::array<double, 11> pose = poseOf(m_scene->camera());
    if (pose == m_lastPose)
        return;
    m_lastPose = pose;
    emit cameraChanged();
}

} // namespace zooscope
