#include "widgets/HistogramChart.h"

#include "widgets/ChartExportMenu.h"
#include "widgets/ColorMap.h"
#include "widgets/PropertyHistogram.h"

#include <algorithm>
#include <cmath>

namespace zooscope {

namespace {
constexpr int kClickSlop = 3; // pixels a press may move and still be a click
} // namespace

HistogramChart::HistogramChart(QWidget* parent)
    : QCustomPlot(parent)
{
    setObjectName(QStringLiteral("histogramChart"));
    setMinimumHeight(130);
    setMinimumWidth(200);
    connect(new ChartExportMenu(this), &ChartExportMenu::exportRequested, this, &HistogramChart::figureExportRequested);
    setInteractions({}); // the mouse brushes; the axes stay put
    const QString names[LayerCount] = {tr("models on show"), tr("passing the other brushes"), tr("selection")};
    for (int l = 0; l < LayerCount; ++l) {
        m_bars[l] = new QCPBars(xAxis, yAxis);
        m_bars[l]->setName(names[l]);
        m_bars[l]->setBrush(layerColour(Layer(l)));
        m_bars[l]->setPen(Qt::NoPen);
        m_bars[l]->setWidthType(QCPBars::wtPlotCoords);
        m_bars[l]->setAntialiased(false);
    }
    yAxis->setLabel(tr("checkpoints"));
    yAxis->setNumberFormat(QStringLiteral("gb"));
    QFont small = font();
    small.setPointSizeF(std::max(6.0, small.pointSizeF() - 1));
    for (QCPAxis* a : {xAxis, yAxis}) {
        a->setTickLabelFont(small);
        a->setLabelFont(small);
    }
    axisRect()->setAutoMargins(QCP::msAll);
    setHistogram(nullptr, QString());
}

QColor HistogramChart::layerColour(Layer layer)
{
    const auto& palette = ColorMap::okabeIto();
    switch (layer) {
    case Shown: return QColor(200, 200, 200);
    case Others: return QColor(palette[1]).lighter(125); // opaque: the figure's SVG needs no transparency
    case Selected: return palette[4];
    case LayerCount: break;
    }
    return Qt::black;
}

void HistogramChart::setHistogram(const PropertyHistogram* histogram, const QString& title)
{
    m_histogram = histogram;
    m_brush = {};
    for (auto& c : m_counts)
        c.clear();
    xAxis->setLabel(title);
    if (histogram && histogram->isCategorical()) {
        auto ticker = QSharedPointer<QCPAxisTickerText>::create();
        for (int c = 0; c < histogram->binCount(); ++c)
            ticker->addTick(c, histogram->categories().value(c));
        xAxis->setTicker(ticker);
    } else if (histogram && histogram->integerBins()) {
        auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
        ticker->setTickStep(1.0);
        ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
        xAxis->setTicker(ticker);
    } else {
        xAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
    }
    redraw();
}

void HistogramChart::setCounts(std::vector<int> shown, std::vector<int> others, std::vector<int> selected)
{
    m_counts[Shown] = std::move(shown);
    m_counts[Others] = std::move(others);
    m_counts[Selected] = std::move(selected);
    redraw();
}

void HistogramChart::setBrush(const HistogramBrush& brush)
{
    if (brush == m_brush)
        return;
    m_brush = brush;
    redraw();
}

int HistogramChart::pixelOf(double value) const
{
    return int(std::lround(xAxis->coordToPixel(value)));
}

void HistogramChart::redraw()
{
    for (QCPItemRect* item : m_brushItems)
        removeItem(item);
    m_brushItems.clear();
    const PropertyHistogram* h = m_histogram;
    const int bins = h ? h->binCount() : 0;
    int top = 1;
    for (int l = 0; l < LayerCount; ++l) {
        QVector<double> keys, values;
        const std::vector<int>& c = m_counts[l];
        if (int(c.size()) == bins) {
            for (int b = 0; b < bins; ++b) {
                keys << (h->binLow(b) + h->binHigh(b)) / 2;
                values << c[size_t(b)];
                top = std::max(top, c[size_t(b)]);
            }
        }
        m_bars[l]->setData(keys, values, true);
        // Apart: one bar per category or whole number; touching bars for a continuous range.
        const double width = bins > 0 ? (h->binHigh(0) - h->binLow(0)) : 1.0;
        m_bars[l]->setWidth(h && (h->isCategorical() || h->integerBins()) ? 0.8 * width : width);
    }
    if (h && bins > 0)
        xAxis->setRange(h->minimum() - (h->isCategorical() ? 0 : (h->maximum() - h->minimum()) * 0.02),
                        h->maximum() + (h->isCategorical() ? 0 : (h->maximum() - h->minimum()) * 0.02));
    else
        xAxis->setRange(0, 1);
    yAxis->setRange(0, top * 1.08);

    if (h && m_brush.active) {
        const auto addBand = [this](double low, double high) {
            auto* band = new QCPItemRect(this);
            band->setClipToAxisRect(true);
            band->topLeft->setTypeX(QCPItemPosition::ptPlotCoords);
            band->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
            band->bottomRight->setTypeX(QCPItemPosition::ptPlotCoords);
            band->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
            band->topLeft->setCoords(low, 0);
            band->bottomRight->setCoords(high, 1);
            QColor fill = ColorMap::okabeIto()[0];
            fill.setAlpha(45);
            band->setBrush(fill);
            band->setPen(QPen(ColorMap::okabeIto()[0].darker(120), 1.2));
            band->setLayer(QStringLiteral("background"));
            m_brushItems.push_back(band);
        };
        if (h->isCategorical())
            for (int c : m_brush.categories)
                addBand(c - 0.45, c + 0.45);
        else if (h->integerBins())
            addBand(m_brush.low - 0.5, m_brush.high + 0.5);
        else
            addBand(m_brush.low, m_brush.high);
    }
    replot(QCustomPlot::rpQueuedReplot);
}

double HistogramChart::valueAt(const QPoint& position) const { return xAxis->pixelToCoord(position.x()); }

bool HistogramChart::insidePlot(const QPoint& position) const { return axisRect()->rect().contains(position); }

HistogramBrush HistogramChart::dragged(double a, double b) const
{
    HistogramBrush brush = HistogramBrush::range(a, b);
    // Whole numbers (epochs): the brush takes whole bars, the values it selects are the same.
    if (m_histogram->integerBins() && std::ceil(brush.low) <= std::floor(brush.high)) {
        brush.low = std::ceil(brush.low);
        brush.high = std::floor(brush.high);
    }
    return brush;
}

void HistogramChart::mousePressEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton || !m_histogram || !insidePlot(event->pos())) {
        QCustomPlot::mousePressEvent(event);
        return;
    }
    m_dragging = true;
    m_moved = false;
    m_pressAt = event->pos();
    m_pressValue = std::clamp(valueAt(event->pos()), m_histogram->minimum(), m_histogram->maximum());
    event->accept();
}

void HistogramChart::mouseMoveEvent(QMouseEvent* event)
{
    if (!m_dragging || m_histogram->isCategorical()) {
        QCustomPlot::mouseMoveEvent(event);
        return;
    }
    if (!m_moved && std::abs(event->pos().x() - m_pressAt.x()) < kClickSlop)
        return;
    m_moved = true;
    const double v = std::clamp(valueAt(event->pos()), m_histogram->minimum(), m_histogram->maximum());
    setBrush(dragged(m_pressValue, v));
    emit brushEdited(m_brush, false);
}

void HistogramChart::mouseReleaseEvent(QMouseEvent* event)
{
    if (!m_dragging || event->button() != Qt::LeftButton) {
        QCustomPlot::mouseReleaseEvent(event);
        return;
    }
    m_dragging = false;
    if (m_histogram->isCategorical()) {
        // A click toggles the category of the bar under the mouse.
        const int c = int(std::lround(valueAt(event->pos())));
        if (c < 0 || c >= m_histogram->binCount())
            return;
        std::vector<int> chosen = m_brush.categories;
        const auto it = std::find(chosen.begin(), chosen.end(), c);
        if (it == chosen.end())
            chosen.push_back(c);
        else
            chosen.erase(it);
        setBrush(HistogramBrush::of(chosen));
    } else if (m_moved) {
        const double v = std::clamp(valueAt(event->pos()), m_histogram->minimum(), m_histogram->maximum());
        setBrush(dragged(m_pressValue, v));
    } else {
        if (!m_brush.active)
            return;
        setBrush({}); // a click without a drag clears the range
    }
    emit brushEdited(m_brush, true);
}

void HistogramChart::mouseDoubleClickEvent(QMouseEvent* event)
{
    if (!m_histogram || !m_brush.active) {
        QCustomPlot::mouseDoubleClickEvent(event);
        return;
    }
    m_dragging = false;
    setBrush({});
    emit brushEdited(m_brush, true);
}

} // namespace zooscope
