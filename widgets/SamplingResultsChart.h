#pragma once

#include <QString>
#include <qcustomplot.h>

#include <cstdint>
#include <vector>

namespace zooscope {

// What the results chart compares, per fine-tuning epoch: the generated models' test accuracy, the
// anchors' (the selection as it is, the same at every epoch), the random-init baseline's, and the
// generated models' novelty (highest misclassification IoU with a training model). Accuracies in %.
struct SamplingChartData {
    std::vector<int64_t> epochs;                     // fine-tuning epochs, ascending
    QString generatedLabel;                          // e.g. "kde (8 models)"
    std::vector<std::vector<double>> generated;      // [epochs][models]
    std::vector<double> selection;                   // [anchors]
    std::vector<std::vector<double>> randomInit;     // [epochs][models]; empty when not run
    std::vector<std::vector<double>> novelty;        // [epochs][models] max IoU 0..1; empty when not measured
};

// Two panels: box plots (with the individual models as dots) of the accuracy per fine-tuning epoch, side
// by side for generated / selection / random init; below, the generated models' novelty per epoch.
class SamplingResultsChart : public QCustomPlot {
    Q_OBJECT
public:
    enum Series { Generated, Selection, RandomInit, SeriesCount };

    explicit SamplingResultsChart(QWidget* parent = nullptr);

    void clear();
    void setData(const SamplingChartData& data);
    const SamplingChartData& data() const { return m_data; }
    bool hasData() const { return !m_data.epochs.empty(); }

    // Boxes drawn for a series (one per fine-tuning epoch that has values), and for the novelty panel.
    int boxCount(Series series) const;
    int noveltyBoxCount() const;

signals:
    // Export Figure... in the chart's context menu.
    void figureExportRequested(QCustomPlot* chart);

private:
    QCPAxisRect* m_accuracyRect = nullptr;
    QCPAxisRect* m_noveltyRect = nullptr;
    QCPStatisticalBox* m_boxes[SeriesCount] = {};
    QCPGraph* m_dots[SeriesCount] = {};
    QCPStatisticalBox* m_noveltyBoxes = nullptr;
    QCPGraph* m_noveltyDots = nullptr;
    SamplingChartData m_data;
};

} // namespace zooscope
