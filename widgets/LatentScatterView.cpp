#include "widgets/LatentScatterView.h"

#include "widgets/SelectionOverlay.h"

#include <QKeyEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QPixmap>
#include <QTimer>

#include <vtkCamera.h>
#include <vtkCommand.h>
#include <vtkInteractorObserver.h>
#include <vtkMatrix4x4.h>
#include <vtkRenderWindow.h>
#include <vtkRenderWindowInteractor.h>
#include <vtkRenderer.h>

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

// A crosshair with a badge that names the selection mode (+ add, - subtract, ± toggle), drawn here so
// that it needs no image files.
QCursor selectionCursor(LatentScatterView::InteractionMode tool, SelectionModel::Mode mode)
{
    QPixmap pixmap(32, 32);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    const QPen white(Qt::white, 3.0), black(Qt::black, 1.0);
    for (const QPen& pen : {white, black}) {
        p.setPen(pen);
        p.drawLine(QPointF(10.5, 1), QPointF(10.5, 20));
        p.drawLine(QPointF(1, 10.5), QPointF(20, 10.5));
    }
    // The tool: a small square (rectangle) or loop (lasso) at the lower right.
    p.setPen(QPen(Qt::black, 1.2));
    p.setBrush(QColor(255, 255, 255, 200));
    if (tool == LatentScatterView::InteractionMode::SelectLasso)
        p.drawEllipse(QRectF(19, 21, 11, 8));
    else
        p.drawRect(QRectF(19.5, 20.5, 10, 9));
    // The badge as strokes (no font needed): + add, - subtract, +/- toggle.
    p.setPen(QPen(QColor(217, 0, 166), 2.2, Qt::SolidLine, Qt::FlatCap));
    const bool plus = mode == SelectionModel::Mode::Add || mode == SelectionModel::Mode::Toggle;
    const bool minus = mode == SelectionModel::Mode::Subtract || mode == SelectionModel::Mode::Toggle;
    const double top = mode == SelectionModel::Mode::Toggle ? 1.0 : 4.0;
    if (plus) {
        p.drawLine(QPointF(20, top + 4.5), QPointF(29, top + 4.5));
        p.drawLine(QPointF(24.5, top), QPointF(24.5, top + 9));
    }
    if (minus) {
        const double y = mode == SelectionModel::Mode::Toggle ? 13.5 : 8.5;
        p.drawLine(QPointF(20, y), QPointF(29, y));
    }
    p.end();
    return QCursor(pixmap, 10, 10);
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
    // The trackball style announces the start and end of each drag: the level of detail follows them.
    if (vtkInteractorObserver* style = interactor()->GetInteractorStyle()) {
        m_startInteractionObserver =
            style->AddObserver(vtkCommand::StartInteractionEvent, this, &LatentScatterView::onInteraction);
        m_endInteractionObserver =
            style->AddObserver(vtkCommand::EndInteractionEvent, this, &LatentScatterView::onInteraction);
    }
    m_wheelTimer = new QTimer(this);
    m_wheelTimer->setSingleShot(true);
    m_wheelTimer->setInterval(250);
    connect(m_wheelTimer, &QTimer::timeout, this, [this] { setInteracting(false); });

    m_overlay = new SelectionOverlay(this);
    m_card = new QLabel(this);
    m_card->setObjectName(QStringLiteral("modelCard"));
    m_card->setTextFormat(Qt::RichText);
    m_card->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_card->setStyleSheet(QStringLiteral("QLabel#modelCard { background: rgba(255, 255, 255, 240); color: #1e1e1e; "
                                         "border: 1px solid #9a9a9a; border-radius: 4px; padding: 6px; }"));
    m_card->hide();
}

LatentScatterView::~LatentScatterView()
{
    m_scene->camera()->RemoveObserver(m_cameraObserver);
    if (vtkInteractorObserver* style = interactor()->GetInteractorStyle()) {
        style->RemoveObserver(m_startInteractionObserver);
        style->RemoveObserver(m_endInteractionObserver);
    }
    disconnect(m_selectionConnection);
    // The renderer stays in the render window: VtkHostWidget releases its GL resources with the context current.
}

void LatentScatterView::setPoints(const std::vector<float>& xyz, const std::vector<double>& values)
{
    const bool first = m_scene->pointCount() == 0;
    const std::size_t before = m_scene->pointCount();
    m_scene->setPoints(xyz, values);
    const std::size_t n = m_scene->pointCount();
    ++m_pointsGeneration;
    invalidateProjection();
    if (n != before) {
        // Groups and latents of another data set no longer apply.
        m_trajectoryGroups.clear();
        if (m_neighbours && m_neighbours->rowCount() != int(n))
            m_neighbours.reset();
    }
    if (!m_neighboursFromLatents)
        m_neighbours.reset(); // rebuilt from the new coordinates when needed
    if (m_selection && m_selection->rowCount() != int(n))
        m_selection->setRowCount(int(n));
    updateHighlight();
    updateTrajectories();
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
    m_trajectoryGroups = std::move(rowsPerModel);
    updateTrajectories();
    requestRender();
}

void LatentScatterView::setTrajectoryMode(TrajectoryMode mode)
{
    m_trajectoryMode = mode;
    updateTrajectories();
    requestRender();
}

void LatentScatterView::updateTrajectories()
{
    std::vector<std::vector<int>> lines;
    if (m_trajectoryMode != TrajectoryMode::None) {
        const std::vector<int>& visible = m_scene->visibleRows();
        std::vector<char> shown(m_scene->pointCount(), 0);
        for (int r : visible)
            shown[std::size_t(r)] = 1;
        for (const std::vector<int>& group : m_trajectoryGroups) {
            if (m_trajectoryMode == TrajectoryMode::Selected) {
                const bool any = m_selection && std::any_of(group.begin(), group.end(),
                                                            [this](int r) { return m_selection->isSelected(r); });
                if (!any)
                    continue;
            }
            std::vector<int> line;
            for (int r : group)
                if (r >= 0 && std::size_t(r) < shown.size() && shown[std::size_t(r)])
                    line.push_back(r);
            lines.push_back(std::move(line));
        }
    }
    m_scene->setTrajectories(lines);
}

void LatentScatterView::setModelCardProvider(std::function<QString(int)> provider)
{
    m_cardProvider = std::move(provider);
}

void LatentScatterView::setGeneratedCardProvider(std::function<QString(int)> provider)
{
    m_generatedCardProvider = std::move(provider);
}

void LatentScatterView::setSelectionModel(SelectionModel* model)
{
    disconnect(m_selectionConnection);
    m_selection = model;
    if (m_selection) {
        if (m_selection->rowCount() != int(m_scene->pointCount()))
            m_selection->setRowCount(int(m_scene->pointCount()));
        m_selectionConnection = connect(m_selection, &SelectionModel::selectionChanged, this, [this] {
            updateHighlight();
            updateTrajectories();
            requestRender();
        });
    }
    updateHighlight();
    updateTrajectories();
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
    cancelDrawing();
    m_mode = mode;
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
    if (m_mode == InteractionMode::Navigate)
        unsetCursor();
    else
        setCursor(selectionCursor(m_mode, selectionModeFor(modifiers)));
}

void LatentScatterView::ensureProjection()
{
    const qreal dpr = devicePixelRatioF();
    const double wDev = std::max(1.0, std::round(width() * dpr)), hDev = std::max(1.0, std::round(height() * dpr));
    const double aspect = wDev / hDev;
    vtkCamera* camera = m_scene->camera();
    vtkMatrix4x4* composite = camera->GetCompositeProjectionTransformMatrix(aspect, -1.0, 1.0);
    std::array<double, 16> matrix{};
    for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j)
            matrix[std::size_t(4 * i + j)] = composite->GetElement(i, j);
    const double radius = m_scene->splatRadius();
    const std::array<double, 4> extent{double(width()), double(height()), radius, double(m_pointsGeneration)};
    if (m_projectionValid && matrix == m_projectedMatrix && extent == m_projectedExtent)
        return;
    ScreenPointIndex::Camera cam;
    cam.worldToClip = matrix;
    cam.projectionYScale = camera->GetProjectionTransformMatrix(aspect, -1.0, 1.0)->GetElement(1, 1);
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

void LatentScatterView::isolateSelection()
{
    if (!m_selection || m_selection->selectedCount() == 0)
        return;
    m_scene->setVisibleRows(m_selection->selectedRows());
    invalidateProjection();
    ++m_pointsGeneration;
    updateTrajectories();
    emit isolationChanged(true);
    requestRender();
}

void LatentScatterView::showAllPoints()
{
    if (m_scene->allPointsVisible())
        return;
    m_scene->showAllPoints();
    ++m_pointsGeneration;
    invalidateProjection();
    updateTrajectories();
    emit isolationChanged(false);
    requestRender();
}

bool LatentScatterView::isIsolated() const { return !m_scene->allPointsVisible(); }

void LatentScatterView::setLatentVectors(std::vector<float> latents, int dims)
{
    auto neighbours = std::make_unique<LatentNeighbours>();
    neighbours->setLatents(std::move(latents), dims);
    m_neighbours = std::move(neighbours);
    m_neighboursFromLatents = true;
}

void LatentScatterView::clearLatentVectors()
{
    m_neighbours.reset();
    m_neighboursFromLatents = false;
}

int LatentScatterView::selectNearestNeighbours(int k, LatentNeighbours::Metric metric)
{
    if (!m_selection || m_selection->selectedCount() == 0 || k <= 0)
        return 0;
    if (!m_neighbours || m_neighbours->rowCount() != int(m_scene->pointCount())) {
        // No latents given: the coordinates on show stand in for them.
        m_neighbours = std::make_unique<LatentNeighbours>();
        m_neighbours->setLatents(m_scene->xyz(), 3);
        m_neighboursFromLatents = false;
    }
    const std::vector<int> found = m_neighbours->nearestOfAll(m_selection->selectedRows(), k, metric);
    const int before = m_selection->selectedCount();
    m_selection->select(found, SelectionModel::Mode::Add);
    return m_selection->selectedCount() - before;
}

void LatentScatterView::resetCamera()
{
    m_scene->resetCamera();
    invalidateProjection();
    requestRender();
}

void LatentScatterView::setCameraPreset(CameraPreset preset)
{
    switch (preset) {
    case CameraPreset::PlusX: m_scene->lookAlong({1, 0, 0}, {0, 1, 0}); break;
    case CameraPreset::MinusX: m_scene->lookAlong({-1, 0, 0}, {0, 1, 0}); break;
    case CameraPreset::PlusY: m_scene->lookAlong({0, 1, 0}, {0, 0, 1}); break;
    case CameraPreset::MinusY: m_scene->lookAlong({0, -1, 0}, {0, 0, 1}); break;
    case CameraPreset::PlusZ: m_scene->lookAlong({0, 0, 1}, {0, 1, 0}); break;
    case CameraPreset::MinusZ: m_scene->lookAlong({0, 0, -1}, {0, 1, 0}); break;
    case CameraPreset::Isometric: m_scene->lookAlong({-1, -1, -1}, {0, 1, 0}); break;
    }
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
    vtkCamera* camera = m_scene->camera();
    const std::vector<float>& xyz = m_scene->xyz();
    const double p[3] = {xyz[3 * std::size_t(row)], xyz[3 * std::size_t(row) + 1], xyz[3 * std::size_t(row) + 2]};
    double dop[3];
    camera->GetDirectionOfProjection(dop);
    // Same direction, the point at the focal point, half the distance (or half the parallel scale).
    const double distance = 0.5 * camera->GetDistance();
    camera->SetFocalPoint(p);
    camera->SetPosition(p[0] - distance * dop[0], p[1] - distance * dop[1], p[2] - distance * dop[2]);
    if (camera->GetParallelProjection())
        camera->SetParallelScale(0.5 * camera->GetParallelScale());
    m_scene->renderer()->ResetCameraClippingRange();
    invalidateProjection();
    requestRender();
}

void LatentScatterView::setLevelOfDetailEnabled(bool on)
{
    m_lodEnabled = on;
    if (!on) {
        m_scene->setLevelOfDetail(false);
        setRenderScale(1.0);
    }
}

void LatentScatterView::setInteractiveRenderScale(double scale)
{
    m_interactiveRenderScale = std::clamp(scale, 0.1, 1.0);
}

void LatentScatterView::setLodPointCount(int points)
{
    m_scene->setLodPointCount(points);
    requestRender();
}

void LatentScatterView::setInteracting(bool on)
{
    if (on == m_interacting)
        return;
    m_interacting = on;
    const bool lod = on && m_lodEnabled;
    if (lod != m_scene->levelOfDetail()) {
        m_scene->setLevelOfDetail(lod);
        // The still frame (all points, full resolution) after the last move.
        setRenderScale(lod ? m_interactiveRenderScale : 1.0);
        requestRender();
    }
}

void LatentScatterView::onInteraction(vtkObject*, unsigned long eventId, void*)
{
    setInteracting(eventId == vtkCommand::StartInteractionEvent);
}

void LatentScatterView::mousePressEvent(QMouseEvent* event)
{
    hideCard();
    if (event->button() == Qt::LeftButton) {
        m_leftPressed = true;
        m_dragged = false;
        m_pressPos = event->position();
        if (m_mode != InteractionMode::Navigate) {
            m_drawing = true;
            m_path = QPolygonF{event->position()};
            updateCursor(event->modifiers());
            event->accept();
            return;
        }
    }
    VtkHostWidget::mousePressEvent(event);
}

void LatentScatterView::mouseMoveEvent(QMouseEvent* event)
{
    const QPointF pos = event->position();
    if (m_leftPressed && (pos - m_pressPos).manhattanLength() > 3.0)
        m_dragged = true;
    if (m_drawing) {
        if (m_mode == InteractionMode::SelectRectangle) {
            const QRectF r = QRectF(m_pressPos, pos).normalized();
            m_path = QPolygonF(r);
            m_path.removeLast(); // QPolygonF(QRectF) closes itself
            m_overlay->setOutline(m_path);
        } else {
            m_path << pos;
            m_overlay->setOutline(m_path);
        }
        updateCursor(event->modifiers());
        event->accept();
        return;
    }
    if (m_mode != InteractionMode::Navigate)
        updateCursor(event->modifiers());
    if (event->buttons() == Qt::NoButton)
        updateHover(pos);
    VtkHostWidget::mouseMoveEvent(event);
}

void LatentScatterView::mouseReleaseEvent(QMouseEvent* event)
{
    const bool left = event->button() == Qt::LeftButton;
    if (left && m_drawing) {
        if (m_mode == InteractionMode::SelectRectangle)
            m_path = QPolygonF(QRectF(m_pressPos, event->position()).normalized());
        else
            m_path << event->position();
        m_leftPressed = false;
        if (m_dragged)
            finishDrawing(event->modifiers());
        else {
            cancelDrawing();
            const int row = rowAt(event->position());
            if (m_selection)
                m_selection->select(row >= 0 ? std::vector<int>{row} : std::vector<int>(),
                                    selectionModeFor(event->modifiers()));
        }
        event->accept();
        return;
    }
    VtkHostWidget::mouseReleaseEvent(event);
    if (left) {
        m_leftPressed = false;
        // A click without a drag selects the point under the cursor (or clears, on empty space).
        if (!m_dragged && m_selection) {
            const int row = rowAt(event->position());
            const SelectionModel::Mode mode = selectionModeFor(event->modifiers());
            if (row >= 0)
                m_selection->select({row}, mode);
            else if (mode == SelectionModel::Mode::Replace)
                m_selection->clear();
        }
    }
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
        m_leftPressed = false;
        event->accept();
        return;
    }
    VtkHostWidget::mouseDoubleClickEvent(event);
}

void LatentScatterView::wheelEvent(QWheelEvent* event)
{
    // Zooming with the wheel: the level of detail until the wheel has rested for a moment.
    setInteracting(true);
    m_wheelTimer->start();
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
    m_overlay->setGeometry(rect());
    VtkHostWidget::resizeEvent(event);
}

void LatentScatterView::finishDrawing(Qt::KeyboardModifiers modifiers)
{
    const QPolygonF outline = m_path;
    const InteractionMode tool = m_mode;
    cancelDrawing();
    if (tool == InteractionMode::SelectRectangle)
        selectInRect(outline.boundingRect(), selectionModeFor(modifiers));
    else
        selectInPolygon(outline, selectionModeFor(modifiers));
}

void LatentScatterView::cancelDrawing()
{
    m_drawing = false;
    m_path.clear();
    m_overlay->clearOutline();
}

void LatentScatterView::updateHover(const QPointF& pos)
{
    ensureProjection();
    int generated = m_generatedIndex.isEmpty() ? -1 : m_generatedIndex.rowAt(pos, 0.0);
    const int row = generated >= 0 ? -1 : m_index.rowAt(pos, 0.0);
    if (row == m_hoveredRow && generated == m_hoveredGenerated) {
        if (m_card->isVisible())
            m_card->move(std::clamp(int(pos.x()) + 16, 0, std::max(0, width() - m_card->width())),
                         std::clamp(int(pos.y()) + 16, 0, std::max(0, height() - m_card->height())));
        return;
    }
    m_hoveredRow = row;
    m_hoveredGenerated = generated;
    if (row < 0 && generated < 0) {
        m_card->hide();
        emit hoveredRowChanged(-1);
        return;
    }
    QString text;
    if (row >= 0) {
        if (m_cardProvider)
            text = m_cardProvider(row);
        if (text.isEmpty()) {
            text = tr("<b>Point %1</b>").arg(row);
            const auto& values = m_scene->values();
            if (std::size_t(row) < values.size() && m_scene->colorMode() == LatentScatterScene::ColorMode::Continuous)
                text += tr("<br>%1: %2").arg(colorBarTitle().toHtmlEscaped()).arg(values[std::size_t(row)], 0, 'g', 4);
        }
    } else {
        if (m_generatedCardProvider)
            text = m_generatedCardProvider(generated);
        if (text.isEmpty())
            text = tr("<b>Generated model %1</b>").arg(generated + 1);
    }
    m_card->setText(text);
    m_card->adjustSize();
    m_card->move(std::clamp(int(pos.x()) + 16, 0, std::max(0, width() - m_card->width())),
                 std::clamp(int(pos.y()) + 16, 0, std::max(0, height() - m_card->height())));
    m_card->show();
    m_card->raise();
    emit hoveredRowChanged(row);
}

void LatentScatterView::hideCard()
{
    if (m_hoveredRow >= 0 || m_hoveredGenerated >= 0) {
        m_hoveredRow = -1;
        m_hoveredGenerated = -1;
        emit hoveredRowChanged(-1);
    }
    m_card->hide();
}

void LatentScatterView::keyPressEvent(QKeyEvent* event)
{
    if (event->key() == Qt::Key_Escape) {
        // Esc cancels the outline being drawn, else leaves the selection tool.
        if (m_drawing)
            cancelDrawing();
        else
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
    emit cameraChanged();
}

} // namespace zooscope
