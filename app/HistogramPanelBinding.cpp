#include "app/HistogramPanelBinding.h"

#include "app/ExplorerSession.h"
#include "app/OpenedZoo.h"
#include "app/PointProperty.h"
#include "widgets/HistogramChart.h"
#include "widgets/HistogramPanel.h"
#include "widgets/SelectionModel.h"

#include <QLocale>

#include <numeric>

namespace zooscope {

namespace {
int sum(const std::vector<int>& v) { return std::accumulate(v.begin(), v.end(), 0); }

std::vector<HistogramState> unbrushed(const QStringList& ids)
{
    std::vector<HistogramState> out;
    for (const QString& id : ids)
        out.push_back({id, false, 0, 0, {}});
    return out;
}
} // namespace

HistogramPanelBinding::HistogramPanelBinding(HistogramPanel* panel, ExplorerSession* session, QObject* parent)
    : QObject(parent)
    , m_panel(panel)
    , m_session(session)
    , m_ids(defaultProperties())
{
    QStringList titles;
    for (const QString& id : PointProperty::ids())
        titles << PointProperty::titleOf(id);
    panel->setProperties(PointProperty::ids(), titles);
    connect(panel, &HistogramPanel::addRequested, this, &HistogramPanelBinding::addHistogram);
    connect(panel, &HistogramPanel::removeRequested, this, &HistogramPanelBinding::removeHistogram);
    connect(panel, &HistogramPanel::clearBrushesRequested, this, &HistogramPanelBinding::clearBrushes);
    connect(panel, &HistogramPanel::brushEdited, this, &HistogramPanelBinding::editBrush);
    // While a brush is dragged the selection follows at most every 30 ms (the 3D view and the table
    // redraw with it); the release applies at once.
    m_dragTimer.setSingleShot(true);
    m_dragTimer.setInterval(30);
    connect(&m_dragTimer, &QTimer::timeout, this, &HistogramPanelBinding::applyBrushes);
    connect(session->selection(), &SelectionModel::selectionChanged, this, &HistogramPanelBinding::selectionChanged);
    // Another zoo: the same properties, no brushes (the selection was cleared).
    connect(session, &ExplorerSession::zooChanged, this, [this] { rebuild(unbrushed(m_ids)); });
    connect(session, &ExplorerSession::isolationChanged, this, [this] {
        m_filter.setShownRows(m_session->viewState().isolatedRows);
        refreshCounts();
    });
    // A new prediction: the histogram of it shows the new one (brushes kept; it goes when the prediction does).
    const auto predictionChanged = [this] {
        if (m_ids.contains(QLatin1String(PointProperty::kPredictedFinalAccuracy)) && m_session->zoo())
            rebuild(state());
    };
    connect(session, &ExplorerSession::modelSelectionFinished, this, predictionChanged);
    connect(session, &ExplorerSession::hyperRepresentationChanged, this, predictionChanged);
    connect(session, &ExplorerSession::viewStateRestored, this, [this] {
        rebuild(m_session->viewState().histograms.value_or(state()));
        if (m_filter.brushCount() > 0)
            applyBrushes();
    });
    rebuild(unbrushed(m_ids));
}

QStringList HistogramPanelBinding::defaultProperties()
{
    return {QStringLiteral("test_accuracy"), QStringLiteral("epoch")};
}

std::vector<HistogramState> HistogramPanelBinding::state() const
{
    if (!m_session->zoo())
        return unbrushed(m_ids);
    std::vector<HistogramState> out;
    for (int i = 0; i < m_filter.dimensionCount(); ++i) {
        HistogramState s;
        s.property = m_filter.id(i);
        const HistogramBrush& b = m_filter.brush(i);
        if (b.active && m_filter.histogram(i).isCategorical()) {
            for (int c : b.categories)
                s.categories << m_filter.histogram(i).categories().value(c);
        } else if (b.active) {
            s.ranged = true;
            s.low = b.low;
            s.high = b.high;
        }
        out.push_back(s);
    }
    return out;
}

HistogramBrush HistogramPanelBinding::brushOf(int index, const HistogramState& state) const
{
    const PropertyHistogram& h = m_filter.histogram(index);
    if (h.isCategorical()) {
        std::vector<int> chosen;
        for (const QString& name : state.categories)
            if (h.categories().contains(name))
                chosen.push_back(int(h.categories().indexOf(name)));
        return HistogramBrush::of(chosen);
    }
    return state.ranged ? HistogramBrush::range(state.low, state.high) : HistogramBrush{};
}

void HistogramPanelBinding::rebuild(const std::vector<HistogramState>& histograms)
{
    m_dragTimer.stop();
    m_panel->removeCharts();
    m_ids.clear();
    for (const HistogramState& h : histograms)
        m_ids << h.property;
    const OpenedZoo* zoo = m_session->zoo();
    if (!zoo) {
        m_filter.reset(0);
        m_panel->setMessage(tr("Open a model zoo to see histograms of its models."));
        m_panel->setSummary(QString());
        m_panel->setClearEnabled(false);
        storeState();
        return;
    }
    m_panel->setMessage(QString());
    m_filter.reset(int(zoo->pointCount()));
    m_filter.setShownRows(m_session->viewState().isolatedRows);
    const QStringList wanted = m_ids;
    m_ids.clear();
    for (const QString& id : wanted) {
        if (!addDimension(id))
            continue;
        for (const HistogramState& h : histograms)
            if (h.property == id) {
                const int index = m_filter.dimensionCount() - 1;
                const HistogramBrush brush = brushOf(index, h);
                m_filter.setBrush(index, brush);
                m_panel->chart(index)->setBrush(brush);
            }
    }
    refreshCounts();
    storeState();
}

bool HistogramPanelBinding::addDimension(const QString& id)
{
    QString error;
    const PointProperty* p = m_session->property(id, &error);
    if (!p) {
        emit m_session->statusMessage(tr("No histogram of %1: %2").arg(PointProperty::titleOf(id), error), 5000);
        return false;
    }
    auto histogram = std::make_shared<const PropertyHistogram>(p->categorical ? PropertyHistogram::categorical(p->values, p->categories)
                                                                              : PropertyHistogram::continuous(p->values));
    m_filter.addDimension(id, histogram);
    m_panel->addChart(id, p->title)->setHistogram(histogram.get(), p->title);
    m_ids << id;
    return true;
}

bool HistogramPanelBinding::addHistogram(const QString& id)
{
    if (!PointProperty::ids().contains(id) || m_ids.contains(id))
        return false;
    if (!m_session->zoo()) {
        m_ids << id;
        storeState();
        return true;
    }
    if (!addDimension(id))
        return false;
    refreshCounts();
    storeState();
    return true;
}

void HistogramPanelBinding::removeHistogram(int index)
{
    if (index < 0 || index >= m_filter.dimensionCount())
        return;
    const bool brushed = m_filter.brush(index).active || m_dragTimer.isActive();
    m_filter.removeDimension(index);
    m_panel->removeChart(index);
    m_ids.removeAt(index);
    if (brushed)
        applyBrushes(); // the other brushes alone decide now
    else {
        refreshCounts();
        storeState();
    }
}

void HistogramPanelBinding::setBrush(int index, const HistogramBrush& brush)
{
    if (index < 0 || index >= m_filter.dimensionCount())
        return;
    m_filter.setBrush(index, brush);
    m_panel->chart(index)->setBrush(brush);
    applyBrushes();
}

void HistogramPanelBinding::editBrush(int index, const HistogramBrush& brush, bool finished)
{
    if (finished) {
        m_dragTimer.stop();
        setBrush(index, brush);
        return;
    }
    if (index < 0 || index >= m_filter.dimensionCount())
        return;
    m_filter.setBrush(index, brush);
    m_panel->chart(index)->setBrush(brush);
    if (!m_dragTimer.isActive())
        m_dragTimer.start();
}

void HistogramPanelBinding::clearBrushes()
{
    m_filter.clearBrushes();
    for (int i = 0; i < m_panel->chartCount(); ++i)
        m_panel->chart(i)->setBrush({});
    applyBrushes();
}

void HistogramPanelBinding::applyBrushes()
{
    m_dragTimer.stop();
    SelectionModel* selection = m_session->selection();
    m_selecting = true;
    if (m_filter.brushCount() > 0)
        selection->setSelectedRows(m_filter.filteredRows());
    else
        selection->clear();
    m_selecting = false;
    refreshCounts();
    storeState();
}

void HistogramPanelBinding::selectionChanged()
{
    if (m_selecting)
        return;
    m_dragTimer.stop();
    // Made elsewhere: the brushes no longer say what is selected.
    if (m_filter.brushCount() > 0) {
        m_filter.clearBrushes();
        for (int i = 0; i < m_panel->chartCount(); ++i)
            m_panel->chart(i)->setBrush({});
        storeState();
    }
    refreshCounts();
}

void HistogramPanelBinding::refreshCounts()
{
    if (!m_session->zoo() || m_filter.rowCount() != m_session->selection()->rowCount())
        return;
    const QLocale locale;
    const std::vector<int> rows = m_session->selection()->selectedRows();
    int selectedShown = 0;
    for (int r : rows)
        selectedShown += m_filter.isShown(r) ? 1 : 0;
    const int brushes = m_filter.brushCount();
    for (int i = 0; i < m_filter.dimensionCount(); ++i) {
        int missing = 0, selectedMissing = 0;
        std::vector<int> shown = m_filter.shownCounts(i, &missing);
        std::vector<int> selected = m_filter.countsOf(i, rows, &selectedMissing);
        // The rows the other brushes let pass, where there are other brushes (crossfilter.js's view).
        const bool othersBrushed = brushes - (m_filter.brush(i).active ? 1 : 0) > 0;
        std::vector<int> others = othersBrushed ? m_filter.othersCounts(i) : std::vector<int>{};
        QStringList info;
        info << tr("%1 of %2 selected").arg(locale.toString(sum(selected)), locale.toString(sum(shown)));
        if (missing > 0)
            info << tr("%1 without a value").arg(locale.toString(missing));
        const HistogramBrush& b = m_filter.brush(i);
        if (b.active && !m_filter.histogram(i).isCategorical())
            info << tr("brush %1 to %2").arg(locale.toString(b.low, 'g', 4), locale.toString(b.high, 'g', 4));
        m_panel->chart(i)->setCounts(std::move(shown), std::move(others), std::move(selected));
        m_panel->setChartInfo(i, info.join(QStringLiteral(" · ")));
    }
    const QString total = locale.toString(m_filter.shownCount());
    if (brushes > 0)
        m_panel->setSummary(tr("The brushes select %1 of %2 checkpoints.").arg(locale.toString(selectedShown), total));
    else if (selectedShown > 0)
        m_panel->setSummary(tr("%1 of %2 checkpoints selected (blue).").arg(locale.toString(selectedShown), total));
    else
        m_panel->setSummary(tr("Drag across a histogram to select a range, click bars to select categories."));
    m_panel->setClearEnabled(brushes > 0);
}

void HistogramPanelBinding::storeState() { m_session->setHistograms(state()); }

} // namespace zooscope
