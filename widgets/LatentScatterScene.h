// The VTK scene of the latent view, without any Qt widget: points drawn as opaque round discs coloured by a
// value through a colour map (or by category in the Okabe-Ito palette, with a legend), a colour bar with a
// title, a white "publication" background with dark text; selected points with a ring, generated models
// as outlined diamonds, trajectories as polylines, and a cheaper level of detail while the camera moves.
// The data (ScatterPointData), the colours (ScatterColouring), the colour bar (ColorBarOverlay) and the
// camera (ScatterCamera) are classes of their own; the scene keeps the VTK actors that draw them.
#pragma once

#include "widgets/ColorBarOverlay.h"
#include "widgets/ColorMap.h"
#include "widgets/OcclusionCuller.h"
#include "widgets/ScatterCamera.h"
#include "widgets/ScatterColouring.h"
#include "widgets/ScatterPointData.h"

#include <vtkSmartPointer.h>

#include <array>
#include <string>
#include <utility>
#include <vector>

class vtkActor;
class vtkCamera;
class vtkLookupTable;
class vtkObject;
class vtkPolyData;
class vtkPolyDataMapper;
class vtkRenderer;
class vtkScalarBarActor;
class vtkTextActor;

namespace zooscope {

class LatentScatterScene {
public:
    // Pixels: the diameter in screen pixels at the camera's focal distance (kept so while zooming).
    // World: the diameter in latent-space units.
    enum class SizeUnit { Pixels, World };
    using ColorMode = ScatterColouring::Mode;

    LatentScatterScene();
    ~LatentScatterScene();
    LatentScatterScene(const LatentScatterScene&) = delete;
    LatentScatterScene& operator=(const LatentScatterScene&) = delete;

    vtkRenderer* renderer() const;
    vtkCamera* camera() const;
    vtkScalarBarActor* colorBar() const;
    vtkTextActor* colorBarTitleActor() const;
    // The table in use: the continuous map, or the categorical one in categorical mode.
    vtkLookupTable* lookupTable() const;
    vtkActor* pointsActor() const;
    vtkActor* levelOfDetailActor() const;
    vtkActor* selectionActor() const;
    vtkActor* generatedActor() const;
    vtkActor* trajectoryActor() const;

    // What is drawn, as plain data (no VTK): for figures painted without a render window.
    const ScatterPointData& data() const { return m_data; }
    const ScatterColouring& colouring() const { return m_colouring; }
    const ScatterCamera& scatterCamera() const { return m_camera; }

    // xyz holds 3 floats per point; values one per point (or none: all points in one neutral colour).
    // Shows all points, continuous colouring; clears sizes, highlights and trajectories.
    // Throws std::invalid_argument when the sizes do not match.
    void setPoints(const std::vector<float>& xyz, const std::vector<double>& values);
    std::size_t pointCount() const { return m_data.pointCount(); }
    const std::vector<float>& xyz() const { return m_data.xyz(); }
    // Bounds of the points on show (xmin, xmax, ymin, ymax, zmin, zmax); a unit cube around 0 when there are none.
    std::array<double, 6> pointBounds() const { return m_data.visibleBounds(); }

    // Continuous colouring by new values (one per point; empty: neutral colour). Throws on a size mismatch.
    void setValues(const std::vector<double>& values);
    // Categorical colouring: codes 0..names.size()-1 per point (negative: unknown, grey), a legend with the names.
    void setCategories(const std::vector<int>& codes, const std::vector<std::string>& names);
    ColorMode colorMode() const { return m_colouring.mode(); }
    const std::vector<double>& values() const { return m_data.values(); }
    const std::vector<std::string>& categoryNames() const { return m_data.categoryNames(); }

    // Relative disc sizes from a property: its range maps to 0.5x..2x of the point size (NaN: 1x); empty: all 1x.
    void setSizeValues(const std::vector<double>& values);
    // Per point factor of the point size (empty when all are 1).
    const std::vector<float>& sizeFactors() const { return m_data.sizeFactors(); }

    // The points on show (isolate): increasing rows; showAllPoints() shows every point again.
    void setVisibleRows(std::vector<int> rows);
    void showAllPoints();
    bool allPointsVisible() const { return m_data.allPointsVisible(); }
    const std::vector<int>& visibleRows() const { return m_data.visibleRows(); }

    // Selected points, drawn with a ring (only those on show).
    void setHighlightedRows(const std::vector<int>& rows);
    const std::vector<int>& highlightedRows() const { return m_data.highlightedRows(); }

    // Trajectories, polylines through each model's rows in epoch order: the lines of
    // ScatterPointData::trajectoryLines(mode), kept up to date as the points on show and the highlight change.
    void setTrajectoryGroups(std::vector<std::vector<int>> rowsPerModel);
    void setTrajectoryMode(ScatterPointData::TrajectoryMode mode);
    ScatterPointData::TrajectoryMode trajectoryMode() const { return m_trajectoryMode; }
    std::size_t trajectoryCount() const { return m_data.trajectories().size(); }

    // A second point set: generated models, drawn as outlined diamonds, coloured like the points.
    void setGeneratedPoints(const std::vector<float>& xyz, const std::vector<double>& values);
    std::size_t generatedCount() const { return m_data.generatedCount(); }
    const std::vector<float>& generatedXyz() const { return m_data.generatedXyz(); }

    // Level of detail while the camera moves: a fixed random subset of lodPointCount() points.
    void setLevelOfDetail(bool on);
    bool levelOfDetail() const { return m_lodOn; }
    void setLodPointCount(int points);
    int lodPointCount() const { return m_lodPointCount; }
    // Whether the subset is drawn now (the level of detail is on and there are more points than the subset).
    bool drawsLevelOfDetail() const;

    // Occlusion culling of still frames (on by default, from 20,000 points on show): each still frame draws
    // only the points and rings that can show in front of the others (OcclusionCuller), which gives the
    // same picture; found at the start of a frame whenever the camera, the window or the content changed.
    void setOcclusionCulling(bool on);
    bool occlusionCulling() const { return m_cullingOn; }
    // Whether the last still frame drew the culled points; how many points the scene draws now.
    bool drawsCulledPoints() const;
    std::size_t drawnPointCount() const;
    // Progressive still frames (on by default), from minPoints on show: the first still frame after a
    // change draws a density subset of a quarter of the points, at most 100,000 (DensitySubset), culled;
    // refine() then culls all points (true: render again). The view refines once that frame is on screen.
    void setProgressiveStill(bool on, std::size_t minPoints = 300000);
    bool progressiveStill() const { return m_progressive; }
    bool needsRefinement() const;
    bool refine();

    void setColorMap(ColorMap::Name name, bool reverse = false);
    ColorMap::Name colorMap() const { return m_colouring.colorMap(); }
    bool colorMapReversed() const { return m_colouring.reversed(); }

    // A fixed value range, or (setAutoValueRange) the range of the current values.
    void setValueRange(double lo, double hi);
    void setAutoValueRange();
    bool autoValueRange() const { return m_colouring.autoValueRange(); }
    std::pair<double, double> valueRange() const { return m_colouring.valueRange(); }

    void setPointSize(double size, SizeUnit unit);
    void setPointSize(double size) { setPointSize(size, m_sizeUnit); }
    double pointSize() const { return m_pointSize; }
    SizeUnit pointSizeUnit() const { return m_sizeUnit; }

    void setColorBarTitle(const std::string& title);
    std::string colorBarTitle() const;
    void setColorBarVisible(bool visible);

    void setBackground(const std::array<double, 3>& rgb);
    std::array<double, 3> background() const;
    void setTextColor(const std::array<double, 3>& rgb);

    // The reset pose: looking down -z with +y up at the centre of the points, all of them in view.
    void resetCamera();
    // Looks along `direction` with `viewUp` at the centre of the points, all of them in view.
    void lookAlong(const std::array<double, 3>& direction, const std::array<double, 3>& viewUp);
    void setCameraPreset(ScatterCamera::Preset preset);
    // Puts the camera exactly at `pose` (a restored session).
    void setCameraPose(const CameraPose& pose);
    // Orthographic (parallel) projection; keeps what is seen at the focal distance.
    void setOrthographic(bool on);
    bool orthographic() const;
    // Centres the camera on a point and moves closer.
    void focusOn(int row);

    // World radius of a splat for the current camera and viewport (pixel sizes depend on both).
    double splatRadius() const;

    // The colour bar's rectangle in display pixels (origin bottom left): x, y, width, height.
    std::array<int, 4> colorBarRect() const;

private:
    struct Layer;
    void rebuildLayer(Layer& layer, const std::vector<int>& rows);
    void rebuildPointLayers();
    void rebuildHighlightLayers();
    void rebuildGeneratedLayer();
    void updateTrajectories();
    void updateVisibility();
    void updateLookupTable();
    void updateColoring();
    void updateSplatScale();
    void updateCulling();
    void cull(bool firstStill);
    OcclusionCuller::View cullView() const;
    void setCulled(bool on);
    double viewportAspect() const;
    double pixelRatio() const;
    void onRendererStart(vtkObject*, unsigned long, void*);

    ScatterPointData m_data;
    ScatterColouring m_colouring;
    ScatterCamera m_camera;
    ColorBarOverlay m_colorBar;

    vtkSmartPointer<vtkRenderer> m_renderer;
    std::vector<Layer> m_layers; // points, level of detail, selection, selection (level of detail), generated
    vtkSmartPointer<vtkPolyData> m_lodPointData; // the level of detail as plain GL points (one vertex each)
    vtkSmartPointer<vtkPolyDataMapper> m_lodMapper;
    vtkSmartPointer<vtkActor> m_lodPoints;
    vtkSmartPointer<vtkPolyData> m_trajectoryData;
    vtkSmartPointer<vtkPolyDataMapper> m_trajectoryMapper;
    vtkSmartPointer<vtkActor> m_trajectoryActor;
    vtkSmartPointer<vtkLookupTable> m_lut;
    vtkSmartPointer<vtkLookupTable> m_categoryLut;
    unsigned long m_startObserver = 0;

    std::vector<int> m_lodRows;
    std::vector<int> m_highlightShown; // the selected rows on show
    using CullKey = std::array<double, 20>; // camera matrix, window size, radius, content generation
    CullKey m_cullKey{};
    unsigned long long m_contentGeneration = 0;
    static constexpr std::size_t kCullMinPoints = 20000;
    bool m_cullingOn = true;
    bool m_culled = false;
    bool m_progressive = true;
    std::size_t m_progressiveMinPoints = 300000;
    bool m_refinePending = false; // the still layers hold the first still frame's subset
    std::vector<int> m_firstStillRows;      // the density subset of the rows on show (empty: not progressive)
    std::vector<int> m_firstStillHighlight; // the selected rows in it
    double m_pointSize = 8.0;
    SizeUnit m_sizeUnit = SizeUnit::Pixels;
    ScatterPointData::TrajectoryMode m_trajectoryMode = ScatterPointData::TrajectoryMode::Selected;
    bool m_colorBarVisible = true;
    bool m_lodOn = false;
    int m_lodPointCount = 10000;
};

} // namespace zooscope
