#include "app/ScatterViewBinding.h"

#include "app/DemoCloud.h"
#include "app/ExplorerSession.h"
#include "app/LatentFigure.h"
#include "app/OpenedZoo.h"
#include "app/SamplingComputation.h"
#include "widgets/LatentScatterView.h"
#include "widgets/SelectionModel.h"
#include "widgets/ZooTableModel.h"


namespace zooscope {

ScatterViewBinding::ScatterViewBinding(LatentScatterView* view, ExplorerSession* session, ZooTableModel* table, QObject* parent)
    : QObject(parent)
    , m_view(view)
    , m_session(session)
    , m_table(table)
{
    m_view->setSelectionModel(session->selection());
    m_view->setModelCardProvider([this](int row) {
        QString card = m_table->modelCard(row);
        for (const QString& line : {m_session->neighbourhoodCard(row), m_session->predictionCard(row)})
            if (!line.isEmpty())
                card += QStringLiteral("<br>") + line;
        return card;
    });
    m_view->setGeneratedCardProvider([this](int index) {
        const SamplingOutcome* o = m_session->generated();
        return o ? SamplingComputation::card(*o, index) : QString();
    });
    connect(session, &ExplorerSession::projectionChanged, this, &ScatterViewBinding::showProjection);
    connect(session, &ExplorerSession::colouringChanged, this, [this] {
        applyColouring();
        showGeneratedModels();
    });
    connect(session, &ExplorerSession::colorMapChanged, this, [this] {
        m_view->setColorMap(m_session->pointStyle().colorMap, m_session->pointStyle().colorMapReversed);
    });
    connect(session, &ExplorerSession::sizesChanged, this, &ScatterViewBinding::applySizes);
    connect(session, &ExplorerSession::pointSizeChanged, m_view, &LatentScatterView::setPointSize);
    connect(session, &ExplorerSession::generatedModelsChanged, this, &ScatterViewBinding::showGeneratedModels);
    connect(session, &ExplorerSession::hyperRepresentationChanged, this, &ScatterViewBinding::showGeneratedModels);
    connect(session, &ExplorerSession::viewStateRestored, this, &ScatterViewBinding::applyViewState);
    connect(view, &LatentScatterView::cameraChanged, this, &ScatterViewBinding::syncViewState);
    connect(view, &LatentScatterView::trajectoryModeChanged, this, &ScatterViewBinding::syncViewState);
    connect(view, &LatentScatterView::isolationChanged, this, &ScatterViewBinding::syncViewState);
    connect(view, &LatentScatterView::densityChanged, this, &ScatterViewBinding::syncViewState);
}

void ScatterViewBinding::syncViewState()
{
    // Only the zoo's view belongs to the session (not the demo cloud).
    if (!showsTheZoo())
        return;
    m_session->setCameraPose(m_view->cameraPose());
    m_session->setTrajectoryMode(m_view->trajectoryMode());
    m_session->setDensity(m_view->density());
    m_session->setIsolatedRows(m_view->isIsolated() ? m_view->scene().visibleRows() : std::vector<int>{});
}

void ScatterViewBinding::applyViewState()
{
    const ViewState state = m_session->viewState(); // a copy: the view reports back into the session while this applies
    m_view->setTrajectoryMode(state.trajectories);
    m_view->setDensity(state.density);
    if (state.isolatedRows.empty())
        m_view->showAllPoints();
    else
        m_view->isolateRows(state.isolatedRows);
    // Last: nothing after it may move the camera.
    if (state.camera)
        m_view->setCameraPose(*state.camera);
    else
        syncViewState();
}

void ScatterViewBinding::showDemoCloud()
{
    const DemoCloud cloud = DemoCloud::make();
    m_view->setPoints(cloud.xyz, cloud.values);
    m_view->setColorBarTitle(tr("demo value"));
    m_session->selection()->setRowCount(int(cloud.values.size()));
}

bool ScatterViewBinding::showsTheZoo() const
{
    return m_session->zoo() && m_view->pointCount() == size_t(m_session->zoo()->pointCount());
}

void ScatterViewBinding::showProjection(bool newFrame)
{
    const ProjectionResult& projection = m_session->projection();
    m_view->setPoints(projection.xyz, {});
    applyColouring();
    applySizes();
    if (newFrame)
        m_view->resetCamera();
    if (showsTheZoo())
        m_view->setTrajectoryGroups(m_session->zoo()->rowsPerModel());
    showGeneratedModels();
}

void ScatterViewBinding::applyColouring()
{
    if (!showsTheZoo())
        return;
    LatentFigure::Colours c;
    try {
        c = LatentFigure::colours(*m_session);
    } catch (const std::exception& e) {
        emit errorOccurred(tr("Colour by"), QString::fromStdString(e.what()));
        return;
    }
    m_view->setColorMap(m_session->pointStyle().colorMap, m_session->pointStyle().colorMapReversed);
    if (c.categorical) {
        QStringList names;
        for (const std::string& n : c.names)
            names << QString::fromStdString(n);
        m_view->setCategories(c.codes, names);
    } else {
        m_view->setValues(c.values);
    }
    m_view->setColorBarTitle(c.title);
}

void ScatterViewBinding::applySizes()
{
    if (!showsTheZoo())
        return;
    const QString id = m_session->pointStyle().sizeBy;
    if (id.isEmpty()) {
        m_view->setSizeValues({});
        return;
    }
    QString error;
    const PointProperty* p = m_session->property(id, &error);
    if (!p) {
        emit errorOccurred(tr("Size by"), error);
        return;
    }
    m_view->setSizeValues(p->values);
}

void ScatterViewBinding::showGeneratedModels()
{
    const std::vector<float> xyz = m_session->generatedPlacement();
    if (!m_session->generated() || xyz.empty()) {
        m_view->setGeneratedPoints({}, {});
        return;
    }
    m_view->setGeneratedPoints(xyz, LatentFigure::generatedValues(*m_session));
}

} // namespace zooscope
