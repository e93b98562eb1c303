// The 3D latent view: a VtkHostWidget showing a LatentScatterScene, turned with a trackball camera.
// It selects points (click, rectangle, lasso; ParaView's keys: Ctrl adds, Shift subtracts, Ctrl+Shift
// toggles) into a shared SelectionModel, shows a model card on hover, focuses a point on double-click,
// and draws a cheaper level of detail while the camera moves. The mouse tools are InteractionMode classes,
// the card a HoverCard, the level of detail a LevelOfDetail. It changes the selection only on user input
// and explicit calls; the owner of the selection sets its row count.
#pragma once

#include "widgets/ColorMap.h"
#include "widgets/DensitySettings.h"
#include "widgets/InteractionMode.h"
#include "widgets/LatentScatterScene.h"
#include "widgets/ScreenPointIndex.h"
#include "widgets/SelectionModel.h"
#include "widgets/VtkHostWidget.h"

#include <QPointer>
#include <QPolygonF>
#include <QString>
#include <QStringList>

#include <array>
#include <functional>
#include <memory>
#include <vector>

class QLabel;
class vtkObject;

namespace zooscope {

class DensityLayer;
class HoverCard;
class ScreenDensity;
class LevelOfDetail;
class SelectionOverlay;

class LatentScatterView : public VtkHostWidget, private InteractionMode::Host {
    Q_OBJECT
public:
    // The tool the mouse drives (the toolbar's selector); each is an InteractionMode class.
    enum class InteractionMode { Navigate, SelectRectangle, SelectLasso };
    using CameraPreset = ScatterCamera::Preset;
    using TrajectoryMode = ScatterPointData::TrajectoryMode;

    explicit LatentScatterView(QWidget* parent = nullptr);
    ~LatentScatterView() override;

    // xyz: 3 floats per point; values: one per point (or none). Keeps the camera unless the view had no
    // points (then it resets it); see resetCamera(). Continuous colouring. The selection is left as it is.
    // Throws std::invalid_argument when the sizes do not match.
    void setPoints(const std::vector<float>& xyz, const std::vector<double>& values);
    std::size_t pointCount() const;

    // Colour by a continuous property (colour bar) or by categories (Okabe-Ito, legend). Throw on a size mismatch.
    void setValues(const std::vector<double>& values);
    void setCategories(const std::vector<int>& codes, const QStringList& names);
    // Size by a property (its range maps to 0.5x..2x of the point size); empty: all the same size.
    void setSizeValues(const std::vector<double>& values);

    void setColorBarTitle(const QString& title);
    QString colorBarTitle() const;

    // Diameter of the dots in pixels (at the camera's focal distance).
    void setPointSize(double pixels);
    double pointSize() const;

    void setColorMap(ColorMap::Name name, bool reverse = false);
    void setValueRange(double lo, double hi);
    void setAutoValueRange();

    // Generated models: a second point set with its own glyph (outlined diamonds), not selectable.
    void setGeneratedPoints(const std::vector<float>& xyz, const std::vector<double>& values);
    std::size_t generatedCount() const;

    // Trajectories: the rows of each model in epoch order; drawn for all models, the selected ones, or none.
    void setTrajectoryGroups(std::vector<std::vector<int>> rowsPerModel);
    void setTrajectoryMode(TrajectoryMode mode);
    TrajectoryMode trajectoryMode() const { return m_scene->trajectoryMode(); }

    // The text (rich text) of the card shown while hovering a point; row = point index. Without a
    // provider the card shows the row and its value.
    void setModelCardProvider(std::function<QString(int row)> provider);
    void setGeneratedCardProvider(std::function<QString(int index)> provider);
    QLabel* modelCard() const;
    int hoveredRow() const;

    // The shared selection (not owned). The view shows it and changes it on user input.
    void setSelectionModel(SelectionModel* model);
    SelectionModel* selectionModel() const override { return m_selection; }

    void setInteractionMode(InteractionMode mode);
    InteractionMode interactionMode() const { return m_mode; }
    // How a selection combines when no key is held (the toolbar's add/subtract/toggle buttons).
    void setDefaultSelectionMode(SelectionModel::Mode mode);
    SelectionModel::Mode defaultSelectionMode() const { return m_defaultMode; }
    // The mode for these keys: ParaView's keys when any are held, else the default mode.
    SelectionModel::Mode selectionModeFor(Qt::KeyboardModifiers modifiers) const override;
    // Visible only: select only points that are not hidden behind others; otherwise every point inside.
    void setSelectVisibleOnly(bool on);
    bool selectVisibleOnly() const { return m_visibleOnly; }

    // The selection tools as the mouse drives them, in widget coordinates (logical pixels).
    std::vector<int> rowsInRect(const QRectF& rect) override;
    std::vector<int> rowsInPolygon(const QPolygonF& polygon) override;
    void selectInRect(const QRectF& rect, SelectionModel::Mode mode);
    void selectInPolygon(const QPolygonF& polygon, SelectionModel::Mode mode);
    // The point under pos (frontmost), -1 if none.
    int rowAt(const QPointF& pos) override;
    // Where a point is drawn (widget coordinates); false when hidden or behind the camera.
    bool pointPosition(int row, QPointF* pos);

    // Isolate: show only the selected points (until showAllPoints()).
    void isolateSelection();
    // Shows only `rows` (a restored session); none in range: all points.
    void isolateRows(const std::vector<int>& rows);
    void showAllPoints();
    bool isIsolated() const;

    void setCameraPreset(CameraPreset preset);
    // The camera as plain numbers, and back exactly (sessions, figures).
    CameraPose cameraPose() const { return m_scene->scatterCamera().pose(); }
    void setCameraPose(const CameraPose& pose);
    void setOrthographic(bool on);
    bool orthographic() const;
    // Centres the camera on a point and moves closer (double-click).
    void focusOn(int row);

    // Level of detail while the camera moves (on by default): a fixed random subset of `points` (10,000),
    // drawn as plain GL points.
    void setLevelOfDetailEnabled(bool on);
    bool levelOfDetailEnabled() const;
    void setLodPointCount(int points);
    // The resolution (fraction of the widget's) while the camera moves with the level of detail on; 1 by
    // default: measured under Xvfb/llvmpipe, the frame's cost is Qt's composition at full size, and a
    // reduced VTK image scaled up did not make frames cheaper.
    void setInteractiveRenderScale(double scale);
    double interactiveRenderScale() const;
    bool isInteracting() const;

    // The density of the points on screen (DensityLayer): contours, shading or both; off by default.
    // Recomputed when the camera rests and when the points on show change, hidden while it moves.
    void setDensity(const DensitySettings& settings);
    const DensitySettings& density() const;
    // The density drawn now; null while none is (off, or the camera moving).
    const ScreenDensity* shownDensity() const;

    LatentScatterScene& scene() { return *m_scene; }
    const LatentScatterScene& scene() const { return *m_scene; }

public slots:
    // The reset pose (also the 'r' key): looking down -z, +y up, all points in view.
    void resetCamera();

signals:
    // The camera's pose (position, focal point, view up, view angle or parallel scale) changed.
    void cameraChanged();
    void interactionModeChanged(zooscope::LatentScatterView::InteractionMode mode);
    void hoveredRowChanged(int row);
    // Double-click on a point.
    void rowActivated(int row);
    void isolationChanged(bool isolated);
    void trajectoryModeChanged(zooscope::ScatterPointData::TrajectoryMode mode);
    void densityChanged(const zooscope::DensitySettings& settings);
    // A density was computed and is drawn at the next frame.
    void densityShown();

protected:
    void keyPressEvent(QKeyEvent* event) override;
    void keyReleaseEvent(QKeyEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    zooscope::InteractionMode::Host& modeHost() { return *this; }
    void showOutline(const QPolygonF& outline) override;
    void hideOutline() override;
    void onCameraModified(vtkObject*, unsigned long, void*);
    void ensureProjection();
    void invalidateProjection() { m_projectionValid = false; }
    void pointsOnShowChanged();
    void updateHighlight();
    void updateCursor(Qt::KeyboardModifiers modifiers);
    void updateHover(const QPointF& pos);
    void hideCard();
    void updateDensity();

    std::unique_ptr<LatentScatterScene> m_scene;
    unsigned long m_cameraObserver = 0;
    std::array<double, 11> m_lastPose{};

    QPointer<SelectionModel> m_selection;
    QMetaObject::Connection m_selectionConnection;
    InteractionMode m_mode = InteractionMode::Navigate;
    std::unique_ptr<zooscope::InteractionMode> m_tool;
    SelectionModel::Mode m_defaultMode = SelectionModel::Mode::Replace;
    bool m_visibleOnly = false;

    ScreenPointIndex m_index;
    ScreenPointIndex m_generatedIndex;
    bool m_projectionValid = false;
    std::array<double, 16> m_projectedMatrix{};
    std::array<double, 4> m_projectedExtent{}; // width, height, radius, points generation
    quint64 m_pointsGeneration = 0;

    SelectionOverlay* m_overlay = nullptr;
    std::unique_ptr<HoverCard> m_card;
    std::unique_ptr<LevelOfDetail> m_levelOfDetail;
    std::unique_ptr<DensityLayer> m_density;
};

} // namespace zooscope
