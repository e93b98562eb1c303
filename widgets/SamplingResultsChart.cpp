#include "widgets/SamplingResultsChart.h"

#include "widgets/ChartExportMenu.h"
#include "widgets/ColorMap.h"

#include <algorithm>
#include <cmath>

namespace zooscope {

namespace {

constexpr double kOffset[SamplingResultsChart::SeriesCount] = {-0.27, 0.0, 0.27};
constexpr double kBoxWidth = 0.22;

std::vector<double> finite(const std::vector<double>& values)
{
    std::vector<double> out;
    out.reserve(values.size());
    for (double v : values)
        if (std::isfinite(v))
            out.push_back(v);
    std::sort(out.begin(), out.end());
    return out;
}

double quantile(const std::vector<double>& sorted, double q)
{
    const double pos = q * double(sorted.size() - 1);
    const size_t lo = size_t(std::floor(pos));
    const size_t hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (pos - double(lo)) * (sorted[hi] - sorted[lo]);
}

// One box (quartiles, whiskers to the extremes) and the values as dots spread a little sideways, so
// that a handful of models is still readable as individuals.
void addGroup(QCPStatisticalBox* boxes, QCPGraph* dots, double key, const std::vector<double>& values)
{
    const std::vector<double> v = finite(values);
    if (v.empty())
        return;
    boxes->addData(key, v.front(), quantile(v, 0.25), quantile(v, 0.5), quantile(v, 0.75), v.back());
    for (size_t i = 0; i < v.size(); ++i) {
        // A fixed spread (golden-ratio sequence): the same figure every time.
        const double jitter = (std::fmod(double(i) * 0.618034, 1.0) - 0.5) * kBoxWidth * 0.6;
        dots->addData(key + jitter, v[i]);
    }
}

QCPStatisticalBox* makeBoxes(QCPAxisRect* rect, const QColor& colour, const QString& name)
{
    auto* boxes = new QCPStatisticalBox(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    boxes->setName(name);
    boxes->setWidth(kBoxWidth);
    boxes->setWhiskerWidth(kBoxWidth * 0.5);
    QColor fill = colour;
    fill.setAlpha(70);
    boxes->setBrush(fill);
    boxes->setPen(QPen(colour.darker(130), 1.2));
    boxes->setMedianPen(QPen(colour.darker(170), 2.0));
    return boxes;
}

QCPGraph* makeDots(QCustomPlot* plot, QCPAxisRect* rect, const QColor& colour)
{
    QCPGraph* g = plot->addGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    g->setLineStyle(QCPGraph::lsNone);
    g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, colour.darker(140), colour, 4));
    g->removeFromLegend();
    return g;
}

} // namespace

SamplingResultsChart::SamplingResultsChart(QWidget* parent)
    : QCustomPlot(parent)
{
    setObjectName(QStringLiteral("generationResultsChart"));
    setMinimumHeight(300);
    connect(new ChartExportMenu(this), &ChartExportMenu::exportRequested, this, &SamplingResultsChart::figureExportRequested);
    plotLayout()->clear();
    m_accuracyRect = new QCPAxisRect(this);
    m_noveltyRect = new QCPAxisRect(this);
    // The legend gets its own row on top: inside the plot it would hide boxes, which can be anywhere.
    auto* legend = new QCPLegend;
    plotLayout()->addElement(0, 0, legend);
    plotLayout()->addElement(1, 0, m_accuracyRect);
    plotLayout()->addElement(2, 0, m_noveltyRect);
    plotLayout()->setRowStretchFactor(0, 0.001);
    plotLayout()->setRowStretchFactor(1, 2);
    plotLayout()->setRowStretchFactor(2, 1);
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    legend->setWrap(3);
    legend->setBorderPen(Qt::NoPen);
    legend->setMargins(QMargins(4, 2, 4, 2));
    auto* group = new QCPMarginGroup(this);
    m_accuracyRect->setMarginGroup(QCP::msLeft | QCP::msRight, group);
    m_noveltyRect->setMarginGroup(QCP::msLeft | QCP::msRight, group);
    m_accuracyRect->axis(QCPAxis::atLeft)->setLabel(tr("test accuracy (%)"));
    m_noveltyRect->axis(QCPAxis::atLeft)->setLabel(tr("max IoU"));
    m_noveltyRect->axis(QCPAxis::atBottom)->setLabel(tr("fine-tuning epochs"));

    const auto& palette = ColorMap::okabeIto();
    const QColor colours[SeriesCount] = {palette[5], palette[4], QColor(130, 130, 130)};
    const QString names[SeriesCount] = {tr("generated"), tr("selection"), tr("random init")};
    for (int s = 0; s < SeriesCount; ++s) {
        m_boxes[s] = makeBoxes(m_accuracyRect, colours[s], names[s]);
        m_dots[s] = makeDots(this, m_accuracyRect, colours[s]);
    }
    m_noveltyBoxes = makeBoxes(m_noveltyRect, colours[Generated], tr("novelty"));
    m_noveltyBoxes->removeFromLegend();
    m_noveltyDots = makeDots(this, m_noveltyRect, colours[Generated]);

    legend->setLayer(QStringLiteral("legend"));
    legend->setFont(font());
    for (QCPStatisticalBox* b : m_boxes)
        legend->addItem(new QCPPlottableLegendItem(legend, b));
    clear();
}

void SamplingResultsChart::clear()
{
    m_data = SamplingChartData{};
    for (int s = 0; s < SeriesCount; ++s) {
        m_boxes[s]->data()->clear();
        m_dots[s]->data()->clear();
    }
    m_noveltyBoxes->data()->clear();
    m_noveltyDots->data()->clear();
    // No epochs yet: no ticks (a number ticker would label the empty axis -0.4 .. 0.4).
    const auto none = QSharedPointer<QCPAxisTickerText>::create();
    for (QCPAxisRect* r : {m_accuracyRect, m_noveltyRect}) {
        r->axis(QCPAxis::atBottom)->setTicker(none);
        r->axis(QCPAxis::atBottom)->setRange(-0.5, 0.5);
    }
    m_accuracyRect->axis(QCPAxis::atLeft)->setRange(0, 100);
    m_noveltyRect->axis(QCPAxis::atLeft)->setRange(0, 1);
    replot(QCustomPlot::rpQueuedReplot);
}

void SamplingResultsChart::setData(const SamplingChartData& data)
{
    clear();
    m_data = data;
    const int groups = int(data.epochs.size());
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (int i = 0; i < groups; ++i)
        ticker->addTick(i, data.epochs[size_t(i)] == 0 ? tr("0 (as generated)") : QString::number(data.epochs[size_t(i)]));
    for (QCPAxisRect* r : {m_accuracyRect, m_noveltyRect}) {
        r->axis(QCPAxis::atBottom)->setTicker(ticker);
        r->axis(QCPAxis::atBottom)->setRange(-0.6, std::max(groups, 1) - 0.4);
    }
    m_boxes[Generated]->setName(data.generatedLabel.isEmpty() ? tr("generated") : data.generatedLabel);
    for (int i = 0; i < groups; ++i) {
        if (size_t(i) < data.generated.size())
            addGroup(m_boxes[Generated], m_dots[Generated], i + kOffset[Generated], data.generated[size_t(i)]);
        addGroup(m_boxes[Selection], m_dots[Selection], i + kOffset[Selection], data.selection);
        if (size_t(i) < data.randomInit.size())
            addGroup(m_boxes[RandomInit], m_dots[RandomInit], i + kOffset[RandomInit], data.randomInit[size_t(i)]);
        if (size_t(i) < data.novelty.size())
            addGroup(m_noveltyBoxes, m_noveltyDots, i, data.novelty[size_t(i)]);
    }
    // The accuracy axis shows what there is, with a margin, never beyond 0..100.
    bool any = false;
    double lo = 100, hi = 0;
    for (QCPGraph* g : m_dots) {
        bool found = false;
        const QCPRange r = g->data()->valueRange(found);
        if (found) {
            any = true;
            lo = std::min(lo, r.lower);
            hi = std::max(hi, r.upper);
        }
    }
    if (any) {
        const double pad = std::max(2.0, 0.08 * (hi - lo));
        m_accuracyRect->axis(QCPAxis::atLeft)->setRange(std::max(0.0, lo - pad), std::min(100.0, hi + pad));
    }
    replot(QCustomPlot::rpQueuedReplot);
}

int SamplingResultsChart::boxCount(Series series) const { return m_boxes[series]->dataCount(); }

int SamplingResultsChart::noveltyBoxCount() const { return m_noveltyBoxes->dataCount(); }

} // namespace zooscope
