#include "widgets/TrainingCurvesChart.h"

#include "widgets/ChartExportMenu.h"
#include "widgets/ColorMap.h"

#include <QTimer>

#include <cmath>

namespace zooscope {

TrainingCurvesChart::TrainingCurvesChart(QWidget* parent)
    : QCustomPlot(parent)
{
    setObjectName(QStringLiteral("trainingCurvesChart"));
    setMinimumHeight(220);
    connect(new ChartExportMenu(this), &ChartExportMenu::exportRequested, this, &TrainingCurvesChart::figureExportRequested);
    plotLayout()->clear();
    m_lossRect = new QCPAxisRect(this);
    m_r2Rect = new QCPAxisRect(this);
    plotLayout()->addElement(0, 0, m_lossRect);
    plotLayout()->addElement(1, 0, m_r2Rect);
    // Both panels share the epoch axis.
    connect(m_lossRect->axis(QCPAxis::atBottom), qOverload<const QCPRange&>(&QCPAxis::rangeChanged),
            m_r2Rect->axis(QCPAxis::atBottom), qOverload<const QCPRange&>(&QCPAxis::setRange));
    auto* group = new QCPMarginGroup(this);
    m_lossRect->setMarginGroup(QCP::msLeft | QCP::msRight, group);
    m_r2Rect->setMarginGroup(QCP::msLeft | QCP::msRight, group);

    QCPAxis* lossY = m_lossRect->axis(QCPAxis::atLeft);
    lossY->setScaleType(QCPAxis::stLogarithmic);
    lossY->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
    lossY->setLabel(tr("loss"));
    m_lossRect->axis(QCPAxis::atBottom)->setTickLabels(false);
    QCPAxis* r2Y = m_r2Rect->axis(QCPAxis::atLeft);
    r2Y->setLabel(tr("R²"));
    m_r2Rect->axis(QCPAxis::atBottom)->setLabel(tr("epoch"));

    const auto& palette = ColorMap::okabeIto();
    m_loss = addGraph(m_lossRect->axis(QCPAxis::atBottom), lossY);
    m_loss->setName(tr("loss"));
    m_loss->setPen(QPen(palette[4], 1.5));
    m_behaviour = addGraph(m_lossRect->axis(QCPAxis::atBottom), lossY);
    m_behaviour->setName(tr("behaviour"));
    m_behaviour->setPen(QPen(palette[2], 1.5, Qt::DashLine));
    m_batchR2 = addGraph(m_r2Rect->axis(QCPAxis::atBottom), r2Y);
    m_batchR2->setName(tr("batch R²"));
    m_batchR2->setPen(QPen(QColor(160, 160, 160), 1.0));
    m_trainR2 = addGraph(m_r2Rect->axis(QCPAxis::atBottom), r2Y);
    m_trainR2->setName(tr("train R²"));
    m_trainR2->setPen(QPen(palette[0], 2.0));
    m_trainR2->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 6));
    m_validationR2 = addGraph(m_r2Rect->axis(QCPAxis::atBottom), r2Y);
    m_validationR2->setName(tr("validation R²"));
    m_validationR2->setPen(QPen(palette[5], 2.0));
    m_validationR2->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDiamond, 7));

    // Loss falls and R^2 rises toward the right: the loss panel's top right stays free for the legend.
    auto* legend = m_legend = new QCPLegend;
    m_lossRect->insetLayout()->addElement(legend, Qt::AlignTop | Qt::AlignRight);
    legend->setLayer(QStringLiteral("legend"));
    legend->setFont(font());
    legend->setBrush(QColor(255, 255, 255, 200));
    legend->addItem(new QCPPlottableLegendItem(legend, m_loss));
    legend->addItem(new QCPPlottableLegendItem(legend, m_batchR2));
    legend->addItem(new QCPPlottableLegendItem(legend, m_trainR2));
    legend->addItem(new QCPPlottableLegendItem(legend, m_validationR2));
    clear();
}

void TrainingCurvesChart::clear()
{
    for (QCPGraph* g : {m_loss, m_behaviour, m_batchR2, m_trainR2, m_validationR2})
        g->data()->clear();
    m_behaviour->removeFromLegend(m_legend);
    m_lossRect->axis(QCPAxis::atBottom)->setRange(0, 1);
    m_lossRect->axis(QCPAxis::atLeft)->setRange(0.1, 10);
    m_r2Rect->axis(QCPAxis::atLeft)->setRange(0, 1);
    replot();
}

void TrainingCurvesChart::addStep(double epoch, double loss, double batchR2, double behaviour)
{
    if (std::isfinite(loss) && loss > 0)
        m_loss->addData(epoch, loss);
    if (std::isfinite(behaviour) && behaviour > 0) {
        if (m_behaviour->dataCount() == 0)
            m_behaviour->addToLegend(m_legend);
        m_behaviour->addData(epoch, behaviour);
    }
    if (std::isfinite(batchR2))
        m_batchR2->addData(epoch, batchR2);
    rescale();
}

void TrainingCurvesChart::addEpoch(double epoch, double trainR2, double validationR2)
{
    if (std::isfinite(trainR2))
        m_trainR2->addData(epoch, trainR2);
    if (std::isfinite(validationR2))
        m_validationR2->addData(epoch, validationR2);
    rescale();
}

int TrainingCurvesChart::lossPointCount() const { return m_loss->dataCount(); }
int TrainingCurvesChart::r2PointCount() const { return m_validationR2->dataCount(); }

void TrainingCurvesChart::rescale()
{
    // Replots are coalesced: progress can arrive faster than a chart is worth redrawing.
    if (m_replotQueued)
        return;
    m_replotQueued = true;
    QTimer::singleShot(100, this, [this] {
        m_replotQueued = false;
        bool found = false;
        const QCPRange keys = m_loss->data()->keyRange(found);
        const double right = found ? std::max(1.0, std::ceil(keys.upper)) : 1.0;
        m_lossRect->axis(QCPAxis::atBottom)->setRange(0, right);
        QCPRange loss = m_loss->data()->valueRange(found, QCP::sdPositive);
        bool foundBehaviour = false;
        const QCPRange behaviour = m_behaviour->data()->valueRange(foundBehaviour, QCP::sdPositive);
        if (foundBehaviour)
            loss = found ? QCPRange(std::min(loss.lower, behaviour.lower), std::max(loss.upper, behaviour.upper)) : behaviour;
        if (found || foundBehaviour)
            m_lossRect->axis(QCPAxis::atLeft)->setRange(loss.lower * 0.8, loss.upper * 1.25);
        double lo = 0, hi = 1;
        for (QCPGraph* g : {m_batchR2, m_trainR2, m_validationR2}) {
            bool any = false;
            const QCPRange r = g->data()->valueRange(any);
            if (any) {
                lo = std::min(lo, r.lower);
                hi = std::max(hi, r.upper);
            }
        }
        // Early batches can be far below 0; the interesting part is near 1.
        m_r2Rect->axis(QCPAxis::atLeft)->setRange(std::max(lo, -1.0) - 0.05, hi + 0.05);
        replot(QCustomPlot::rpQueuedReplot);
    });
}

} // namespace zooscope
