#pragma once

#include "analysis/ModelSelection.h"

#include <QWidget>

#include <cstdint>
#include <vector>

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace zooscope {

// Model selection and early stopping in the Analysis panel: which early epoch to predict the final test
// accuracy from, the predictors' scores on the test population (ModelSelectionReport), and "keep the
// predicted top N" as a named selection, and colouring the 3D view by the prediction. The session
// computes; this shows and asks.
class ModelSelectionPanel : public QWidget {
    Q_OBJECT
public:
    explicit ModelSelectionPanel(QWidget* parent = nullptr);

    // The zoo's checkpoint epochs before its last epoch (empty: nothing to predict from).
    void setEpochs(const std::vector<int64_t>& epochs, int64_t finalEpoch);
    // Scores of one early epoch; null clears them.
    void setResult(const ModelSelectionReport* report);
    void setBusy(bool busy);
    void setStatus(const QString& text);

    int64_t epoch() const;
    bool setEpoch(int64_t epoch);
    // The predictor that "keep" ranks by and the view is coloured by.
    SelectionPredictor predictor() const;
    QComboBox* epochCombo() const { return m_epoch; }
    QPushButton* runButton() const { return m_run; }
    QTableWidget* table() const { return m_table; }
    QSpinBox* keepCount() const { return m_keepCount; }
    QComboBox* predictorCombo() const { return m_predictor; }
    QPushButton* keepButton() const { return m_keep; }
    QPushButton* colourButton() const { return m_colour; }

signals:
    void runRequested(int64_t epoch);
    void keepRequested(int count, zooscope::SelectionPredictor predictor);
    void colourRequested(zooscope::SelectionPredictor predictor);

private:
    QComboBox* m_epoch = nullptr;
    QPushButton* m_run = nullptr;
    QLabel* m_status = nullptr;
    QTableWidget* m_table = nullptr;
    QSpinBox* m_keepCount = nullptr;
    QComboBox* m_predictor = nullptr;
    QPushButton* m_keep = nullptr;
    QPushButton* m_colour = nullptr;
    bool m_busy = false;
};

} // namespace zooscope
