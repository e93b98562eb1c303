#pragma once

#include "analysis/AnalysisReport.h"

#include <QString>
#include <QWidget>

#include <vector>

class QComboBox;
class QCustomPlot;
class QLabel;
class QPushButton;
class QTabWidget;
class QTableWidget;

namespace zooscope {

class ModelSelectionPanel;
class SelectionReportPanel;

// One regression property on the test population: the truth and what the linear probes predict.
struct ProbePredictions {
    QString property; // "test_accuracy", ...
    QString title;    // for the chart
    std::vector<double> truth;
    std::vector<double> latent; // empty without a hyper-representation
    std::vector<double> stats;  // s(W)
    double latentR2 = 0, weightsR2 = 0, statsR2 = 0;
};

// What the hyper-representation knows (method.md section 5): the probe scores of the latents next to the
// raw weights W and the weight statistics s(W) as a table and grouped bars, and for one property the
// predicted-vs-true scatter of the test population; model selection and the selection's diagnosis and
// comparison in tabs of their own. The window computes the numbers (AnalysisJob).
class AnalysisPanel : public QWidget {
    Q_OBJECT
public:
    // The tabs, in order.
    enum class Part { Probes = 0, ModelSelection = 1, SelectionReport = 2 };

    explicit AnalysisPanel(QWidget* parent = nullptr);
    // Brings a part's tab to the front (the one whose computation runs).
    void showPart(Part part);
    Part currentPart() const;

    void setResults(const std::vector<PropertyProbe>& probes, std::vector<ProbePredictions> predictions, bool hasLatent);
    void clear();
    void setBusy(bool busy);
    void setStatus(const QString& text);
    // Shows the scatter of one property (an id of the predictions); false when there is none.
    bool showProperty(const QString& property);

    QPushButton* runButton() const { return m_run; }
    QComboBox* propertyCombo() const { return m_property; }
    QTableWidget* table() const { return m_table; }
    QCustomPlot* scoreChart() const { return m_scores; }
    QCustomPlot* scatterPlot() const { return m_scatter; }
    // Model selection and early stopping (its own tab).
    ModelSelectionPanel* modelSelectionPanel() const { return m_modelSelection; }
    // Diagnose and compare the selected checkpoints (its own tab).
    SelectionReportPanel* selectionReportPanel() const { return m_selectionReport; }
    const std::vector<ProbePredictions>& predictions() const { return m_predictions; }

signals:
    void runRequested();
    // Export Figure... in the context menu of the bars or the scatter.
    void figureExportRequested(QCustomPlot* chart);

private:
    void updateScatter();

    QTabWidget* m_tabs = nullptr;
    QPushButton* m_run = nullptr;
    QLabel* m_status = nullptr;
    QTableWidget* m_table = nullptr;
    QCustomPlot* m_scores = nullptr;
    QComboBox* m_property = nullptr;
    QCustomPlot* m_scatter = nullptr;
    ModelSelectionPanel* m_modelSelection = nullptr;
    SelectionReportPanel* m_selectionReport = nullptr;
    std::vector<ProbePredictions> m_predictions;
};

} // namespace zooscope
