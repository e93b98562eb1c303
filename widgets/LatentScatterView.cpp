#include "widgets/LatentScatterView.h"

#include "widgets/DensityLayer.h"
#include "widgets/HoverCard.h"
#include "widgets/LassoSelectionMode.h"
#include "widgets/LevelOfDetail.h"
#include "widgets/NavigateInteractionMode.h"
#include "widgets/RectangleSelectionMode.h"
#include "widgets/SelectionOverlay.h"

#include <QKeyEvent>
#include <QLabel>
#include <QMouseEvent>

#include <vtkCamera.h>
#include <vtkCommand.h>
#include <vtkRenderWindow.h>
#include <vtkRenderWindowInteractor.h>

#include <algorithm>
#include <cmath>

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
    , m_tool(std::make_unique<NavigateInteractionMode>(modeHost()))
{
    renderWindow()->AddRenderer(m_scene->renderer());
    m_scene->setPointSize(8.0, LatentScatterScene::SizeUnit::Pixels);
    m_lastPose = poseOf(m_scene->camera());
    // Clipping-range updates also modify the camera during every render: only pose changes count.
    m_cameraObserver = m_scene->camera()->AddObserver(vtkCommand::ModifiedEvent, this,
                                                      &LatentScatterView::onCameraModified);
    m_levelOfDetail = std::make_unique<LevelOfDetail>(*m_scene, *this, interactor()->GetInteractorStyle());
    m_density = std::make_unique<DensityLayer>(m_scene->renderer());
    connect(m_density.get(), &DensityLayer::recomputeDue, this, &LatentScatterView::updateDensity);
    m_overlay = new SelectionOverlay(this);
    m_card = std::make_unique<HoverCard>(this);
    m_card->setDefaultModelText([this](int row) {
        QString text = tr("<b>Point %1</b>").arg(row);
        const auto& values = m_scene->values();
        if (std::size_t(row) < values.size() && m_scene->colorMode() == LatentScatterScene::ColorMode::Continuous)
            text += tr("<br>%1: %2").arg(colorBarTitle().toHtmlEscaped()).arg(values[std::size_t(row)], 0, 'g', 4);
        return text;
    });
}

LatentScatterView::~LatentScatterView()
{
    m_scene->camera()->RemoveObserver(m_cameraObserver);
    disconnect(m_selectionConnection);
    // The renderer stays in the render window: VtkHostWidget releases its GL resources with the context current.
}

void LatentScatterView::setPoints(const std::vector<float>& xyz, const std::vector<double>& values)
{
    const bool first = m_scene->pointCount() == 0;
    m_scene->setPoints(xyz, values);
    pointsOnShowChanged();
    updateHighlight();
    emit isolationChanged(false);
    if (first)
        resetCamera();
    requestRender();
}

std::size_t LatentScatterView::pointCount() const { return m_scene->pointCount(); }

void LatentScatterView::setValues(const std::vector<double>& values)
{
    m_scene->setValues(values);
    requestRender();
}

void LatentScatterView::setCategories(const std::vector<int>& codes, const QStringList& names)
{
    std::vector<std::string> list;
    for (const QString& name : names)
        list.push_back(name.toStdString());
    m_scene->setCategories(codes, list);
    requestRender();
}

void LatentScatterView::setSizeValues(const std::vector<double>& values)
{
    m_scene->setSizeValues(values);
    invalidateProjection();
    requestRender();
}

void LatentScatterView::setColorBarTitle(const QString& title)
{
    m_scene->setColorBarTitle(title.toStdString());
    requestRender();
}

QString LatentScatterView::colorBarTitle() const { return QString::fromStdString(m_scene->colorBarTitle()); }

void LatentScatterView::setPointSize(double pixels)
{
    m_scene->setPointSize(pixels, LatentScatterScene::SizeUnit::Pixels);
    invalidateProjection();
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

void LatentScatterView::setGeneratedPoints(const std::vector<float>& xyz, const std::vector<double>& values)
{
    m_scene->setGeneratedPoints(xyz, values);
    invalidateProjection();
    requestRender();
}

std::size_t LatentScatterView::generatedCount() const { return m_scene->generatedCount(); }

void LatentScatterView::setTrajectoryGroups(std::vector<std::vector<int>> rowsPerModel)
{
    m_scene->setTrajectoryGroups(std::move(rowsPerModel));
    requestRender();
}

void LatentScatterView::setTrajectoryMode(TrajectoryMode mode)
{
    const bool changed = mode != m_scene->trajectoryMode();
    m_scene->setTrajectoryMode(mode);
    requestRender();
    if (changed)
        emit trajectoryModeChanged(mode);
}

void LatentScatterView::setModelCardProvider(std::function<QString(int)> provider)
{
    m_card->setModelCardProvider(std::move(provider));
}

void LatentScatterView::setGeneratedCardProvider(std::function<QString(int)> provider)
{
    m_card->setGeneratedCardProvider(std::move(provider));
}

QLabel* LatentScatterView::modelCard() const { return m_card->label(); }

int LatentScatterView::hoveredRow() const { return m_card->hoveredRow(); }

void LatentScatterView::setSelectionModel(SelectionModel* model)
{
    disconnect(m_selectionConnection);
    m_selection = model;
    if (m_selection)
        m_selectionConnection = connect(m_selection, &SelectionModel::selectionChanged, this, [this] {
            updateHighlight();
            requestRender();
        });
    updateHighlight();
    requestRender();
}

void LatentScatterView::updateHighlight()
{
    m_scene->setHighlightedRows(m_selection ? m_selection->selectedRows() : std::vector<int>());
}

void LatentScatterView::setInteractionMode(InteractionMode mode)
{
    if (mode == m_mode)
        return;
    m_tool->cancel();
    m_mode = mode;
    switch (mode) {
    case InteractionMode::Navigate: m_tool = std::make_unique<NavigateInteractionMode>(modeHost()); break;
    case InteractionMode::SelectRectangle: m_tool = std::make_unique<RectangleSelectionMode>(modeHost()); break;
    case InteractionMode::SelectLasso: m_tool = std::make_unique<LassoSelectionMode>(modeHost()); break;
    }
    updateCursor(Qt::NoModifier);
    emit interactionModeChanged(mode);
}

void LatentScatterView::setDefaultSelectionMode(SelectionModel::Mode mode)
{
    m_defaultMode = mode;
    updateCursor(Qt::NoModifier);
}

SelectionModel::Mode LatentScatterView::selectionModeFor(Qt::KeyboardModifiers modifiers) const
{
    const SelectionModel::Mode keys = SelectionModel::modeForModifiers(modifiers);
    return keys != SelectionModel::Mode::Replace ? keys : m_defaultMode;
}

void LatentScatterView::setSelectVisibleOnly(bool on) { m_visibleOnly = on; }

void LatentScatterView::updateCursor(Qt::KeyboardModifiers modifiers)
{
    if (const std::optional<QCursor> cursor = m_tool->cursor(selectionModeFor(modifiers)))
        setCursor(*cursor);
    else
        unsetCursor();
}

void LatentScatterView::showOutline(const QPolygonF& outline) { m_overlay->setOutline(outline); }

void LatentScatterView::hideOutline() { m_overlay->clearOutline(); }

void LatentScatterView::ensureProjection()
{
    const qreal dpr = devicePixelRatioF();
    const double wDev = std::max(1.0, std::round(width() * dpr)), hDev = std::max(1.0, std::round(height() * dpr));
    const double aspect = wDev / hDev;
    const ScatterCamera& camera = m_scene->scatterCamera();
    const std::array<double, 16> matrix = camera.worldToClip(aspect);
    const double radius = m_scene->splatRadius();
    const std::array<double, 4> extent{double(width()), double(height()), radius, double(m_pointsGeneration)};
    if (m_projectionValid && matrix == m_projectedMatrix && extent == m_projectedExtent)
        return;
    ScreenPointIndex::Camera cam;
    cam.worldToClip = matrix;
    cam.projectionYScale = camera.projectionYScale(aspect);
    cam.width = width();
    cam.height = height();
    cam.devicePixelRatio = dpr;
    m_index.project(m_scene->xyz(), m_scene->visibleRows(), cam, radius, m_scene->sizeFactors());
    const std::vector<float>& generated = m_scene->generatedXyz();
    std::vector<int> all(generated.size() / 3);
    for (std::size_t i = 0; i < all.size(); ++i)
        all[i] = int(i);
    m_generatedIndex.project(generated, all, cam, radius * 1.5, {});
    m_projectedMatrix = matrix;
    m_projectedExtent = extent;
    m_projectionValid = true;
}

std::vector<int> LatentScatterView::rowsInRect(const QRectF& rect)
{
    ensureProjection();
    return m_index.rowsInRect(rect, m_visibleOnly);
}

std::vector<int> LatentScatterView::rowsInPolygon(const QPolygonF& polygon)
{
    ensureProjection();
    return m_index.rowsInPolygon(polygon, m_visibleOnly);
}

void LatentScatterView::selectInRect(const QRectF& rect, SelectionModel::Mode mode)
{
    if (m_selection)
        m_selection->select(rowsInRect(rect), mode);
}

void LatentScatterView::selectInPolygon(const QPolygonF& polygon, SelectionModel::Mode mode)
{
    if (m_selection)
        m_selection->select(rowsInPolygon(polygon), mode);
}

int LatentScatterView::rowAt(const QPointF& pos)
{
    ensureProjection();
    return m_index.rowAt(pos);
}

bool LatentScatterView::pointPosition(int row, QPointF* pos)
{
    ensureProjection();
    return m_index.position(row, pos);
}

void LatentScatterView::pointsOnShowChanged()
{
    ++m_pointsGeneration;
    invalidateProjection();
    m_density->invalidate(0);
}

void LatentScatterView::setDensity(const DensitySettings& settings)
{
    if (settings == m_density->settings())
        return;
    m_density->setSettings(settings);
    requestRender();
    emit densityChanged(settings);
}

const DensitySettings& LatentScatterView::density() const { return m_density->settings(); }

const ScreenDensity* LatentScatterView::shownDensity() const
{
    return m_density->isShown() ? &m_density->density() : nullptr;
}

void LatentScatterView::updateDensity()
{
    ensureProjection();
    m_density->show(m_index.xs(), m_index.ys(), width(), height(), m_scene->background());
    requestRender();
    emit densityShown();
}

void LatentScatterView::isolateSelection()
{
    if (!m_selection || m_selection->selectedCount() == 0)
        return;
    m_scene->setVisibleRows(m_selection->selectedRows());
    pointsOnShowChanged();
    emit isolationChanged(true);
    requestRender();
}

void LatentScatterView::isolateRows(const std::vector<int>& rows)
{
    std::vector<int> valid;
    for (int r : rows)
        if (r >= 0 && std::size_t(r) < m_scene->pointCount())
            valid.push_back(r);
    if (valid.empty())
        return showAllPoints();
    m_scene->setVisibleRows(std::move(valid));
    pointsOnShowChanged();
    emit isolationChanged(true);
    requestRender();
}

void LatentScatterView::showAllPoints()
{
    if (m_scene->allPointsVisible())
        return;
    m_scene->showAllPoints();
    pointsOnShowChanged();
    emit isolationChanged(false);
    requestRender();
}

bool LatentScatterView::isIsolated() const { return !m_scene->allPointsVisible(); }

void LatentScatterView::resetCamera()
{
    m_scene->resetCamera();
    invalidateProjection();
    requestRender();
}

void LatentScatterView::setCameraPreset(CameraPreset preset)
{
    m_scene->setCameraPreset(preset);
    invalidateProjection();
    requestRender();
}

void LatentScatterView::setCameraPose(const CameraPose& pose)
{
    m_scene->setCameraPose(pose);
    invalidateProjection();
    requestRender();
}

void LatentScatterView::setOrthographic(bool on)
{
    m_scene->setOrthographic(on);
    invalidateProjection();
    requestRender();
}

bool LatentScatterView::orthographic() const { return m_scene->orthographic(); }

void LatentScatterView::focusOn(int row)
{
    if (row < 0 || std::size_t(row) >= m_scene->pointCount())
        return;
    m_scene->focusOn(row);
    invalidateProjection();
    requestRender();
}

void LatentScatterView::setLevelOfDetailEnabled(bool on) { m_levelOfDetail->setEnabled(on); }

bool LatentScatterView::levelOfDetailEnabled() const { return m_levelOfDetail->enabled(); }

void LatentScatterView::setInteractiveRenderScale(double scale) { m_levelOfDetail->setInteractiveRenderScale(scale); }

double LatentScatterView::interactiveRenderScale() const { return m_levelOfDetail->interactiveRenderScale(); }

bool LatentScatterView::isInteracting() const { return m_levelOfDetail->isInteracting(); }

void LatentScatterView::setLodPointCount(int points)
{
    m_scene->setLodPointCount(points);
    requestRender();
}

void LatentScatterView::mousePressEvent(QMouseEvent* event)
{
    hideCard();
    if (m_tool->press(event)) {
        updateCursor(event->modifiers());
        event->accept();
        return;
    }
    VtkHostWidget::mousePressEvent(event);
}

void LatentScatterView::mouseMoveEvent(QMouseEvent* event)
{
    const bool handled = m_tool->move(event);
    if (m_mode != InteractionMode::Navigate)
        updateCursor(event->modifiers());
    if (handled) {
        event->accept();
        return;
    }
    if (event->buttons() == Qt::NoButton)
        updateHover(event->position());
    VtkHostWidget::mouseMoveEvent(event);
}

void LatentScatterView::mouseReleaseEvent(QMouseEvent* event)
{
    if (m_tool->release(event)) {
        event->accept();
        return;
    }
    VtkHostWidget::mouseReleaseEvent(event);
    m_tool->afterRelease(event);
}

void LatentScatterView::mouseDoubleClickEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton) {
        // Not passed on to VTK: there a double click starts another rotation.
        const int row = rowAt(event->position());
        if (row >= 0) {
            focusOn(row);
            emit rowActivated(row);
        }
        m_tool->endPress();
        event->accept();
        return;
    }
    VtkHostWidget::mouseDoubleClickEvent(event);
}

void LatentScatterView::wheelEvent(QWheelEvent* event)
{
    // Zooming with the wheel: the level of detail until the wheel has rested for a moment.
    m_levelOfDetail->wheelMoved();
    hideCard();
    VtkHostWidget::wheelEvent(event);
}

void LatentScatterView::leaveEvent(QEvent* event)
{
    hideCard();
    VtkHostWidget::leaveEvent(event);
}

void LatentScatterView::resizeEvent(QResizeEvent* event)
{
    invalidateProjection();
    m_density->invalidate();
    m_overlay->setGeometry(rect());
    VtkHostWidget::resizeEvent(event);
}

void LatentScatterView::updateHover(const QPointF& pos)
{
    ensureProjection();
    const int generated = m_generatedIndex.isEmpty() ? -1 : m_generatedIndex.rowAt(pos, 0.0);
    const int row = generated >= 0 ? -1 : m_index.rowAt(pos, 0.0);
    if (m_card->hover(pos, row, generated))
        emit hoveredRowChanged(row);
}

void LatentScatterView::hideCard()
{
    if (m_card->hide())
        emit hoveredRowChanged(-1);
}

void LatentScatterView::keyPressEvent(QKeyEvent* event)
{
    if (m_tool->key(event)) {
        event->accept();
        return;
    }
    if (event->key() == Qt::Key_Escape) {
        // Esc with nothing drawn leaves the selection tool.
        setInteractionMode(InteractionMode::Navigate);
        event->accept();
        return;
    }
    if (event->key() == Qt::Key_Control || event->key() == Qt::Key_Shift) {
        updateCursor(event->modifiers());
        event->accept();
        return;
    }
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

void LatentScatterView::keyReleaseEvent(QKeyEvent* event)
{
    if (event->key() == Qt::Key_Control || event->key() == Qt::Key_Shift)
        updateCursor(event->modifiers());
    VtkHostWidget::keyReleaseEvent(event);
}

void LatentScatterView::onCameraModified(vtkObject*, unsigned long, void*)
{
    const std::array<double, 11> pose = poseOf(m_scene->camera());
    if (pose == m_lastPose)
        return;
    m_lastPose = pose;
    m_density->invalidate();
    emit cameraChanged();
}

} // namespace zooscope
