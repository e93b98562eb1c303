#pragma once

#include <qcustomplot.h>

#include <cmath>

namespace zooscope {

// Live curves of a hyper-representation training: the loss (running mean of the epoch, log scale), the
// behavioural term when it is on (same scale, so its share of the loss shows) and the batch R^2 against
// fractional epochs on top; the train and validation reconstruction R^2 at each
// epoch's end below.
class TrainingCurvesChart : public QCustomPlot {
    Q_OBJECT
public:
    explicit TrainingCurvesChart(QWidget* parent = nullptr);

    void clear();
    // epoch: fractional (epoch - 1 + step / steps per epoch).
    // behaviour: the behavioural term's running mean; NaN when the term is off (no curve, no legend entry).
    void addStep(double epoch, double loss, double batchR2, double behaviour = std::nan(""));
    void addEpoch(double epoch, double trainR2, double validationR2);

    int lossPointCount() const;
    int r2PointCount() const; // epoch-end validation points

    QCPGraph* lossGraph() const { return m_loss; }
    QCPGraph* behaviourGraph() const { return m_behaviour; }
    QCPGraph* batchR2Graph() const { return m_batchR2; }
    QCPGraph* trainR2Graph() const { return m_trainR2; }
    QCPGraph* validationR2Graph() const { return m_validationR2; }

signals:
    // Export Figure... in the chart's context menu.
    void figureExportRequested(QCustomPlot* chart);

private:
    void rescale();

    QCPAxisRect* m_lossRect = nullptr;
    QCPAxisRect* m_r2Rect = nullptr;
    QCPGraph* m_loss = nullptr;
    QCPGraph* m_behaviour = nullptr;
    QCPLegend* m_legend = nullptr;
    QCPGraph* m_batchR2 = nullptr;
    QCPGraph* m_trainR2 = nullptr;
    QCPGraph* m_validationR2 = nullptr;
    bool m_replotQueued = false;
};

} // namespace zooscope
