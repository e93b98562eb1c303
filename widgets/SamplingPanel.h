#pragma once

#include "sampling/ModelSampler.h"

#include <QString>
#include <QWidget>

#include <cstdint>
#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QSpinBox;

namespace zooscope {

class SamplingResultsChart;
struct SamplingChartData;

// "Sample from selection": the sampler, the number of models, the KDE bandwidth, the fine-tuning epochs
// and the anchors (the current selection, or the best training models); Generate / Cancel with the
// stage and the time left; the results chart and Export. It only edits and shows; the window runs the
// generation (ExplorerSession::startSampling).
class SamplingPanel : public QWidget {
    Q_OBJECT
public:
    explicit SamplingPanel(QWidget* parent = nullptr);

    // The settings as SamplingOptions (method, count, sampler bandwidth, fine-tuning epochs; anchors:
    // top percent when that is chosen, else left for the caller to fill from the selection). Check
    // settingsError() first.
    SamplingOptions options() const;
    QString settingsError() const; // empty when the settings can run
    bool anchorsFromSelection() const;
    bool compareWithRandomInit() const;
    int64_t randomInitCount() const;

    void setMethod(SamplingMethod method);
    void setCount(int count);
    void setBandwidth(double bandwidth); // <= 0: automatic
    void setFinetuneEpochsText(const QString& text);
    void setCompareWithRandomInit(bool on, int count = -1);
    void setMeasureNovelty(bool on);

    // What can run: a zoo must be open; the latent samplers need a hyper-representation.
    void setAvailability(bool zooOpen, bool hasHyperRepresentation);
    // Checkpoints in the current selection: the anchors when "selection" is chosen.
    void setSelectionCount(int count);
    void setRunning(bool running);
    bool isRunning() const { return m_running; }
    void showProgress(const QString& stage, double fraction, double secondsLeft);
    void setStatus(const QString& text);
    void setResults(const SamplingChartData& data, const QString& summary);
    void clearResults();

    SamplingResultsChart* chart() const { return m_chart; }
    QPushButton* sampleButton() const { return m_sample; }
    QPushButton* cancelButton() const { return m_cancel; }
    QPushButton* exportButton() const { return m_export; }
    QLabel* statusLabel() const { return m_status; }
    QProgressBar* progressBar() const { return m_progress; }

signals:
    void sampleRequested();
    void cancelRequested();
    void exportRequested();

private:
    void updateEnabled();
    SamplingMethod currentMethod() const;
    static bool parseEpochs(const QString& text, std::vector<int64_t>* epochs);

    QComboBox* m_method = nullptr;
    QLabel* m_methodDescription = nullptr;
    QSpinBox* m_count = nullptr;
    QDoubleSpinBox* m_bandwidth = nullptr;
    QLineEdit* m_epochs = nullptr;
    QRadioButton* m_fromSelection = nullptr;
    QRadioButton* m_fromTop = nullptr;
    QDoubleSpinBox* m_topPercent = nullptr;
    QLabel* m_anchorHint = nullptr;
    QCheckBox* m_compare = nullptr;
    QCheckBox* m_novelty = nullptr;
    QSpinBox* m_compareCount = nullptr;
    QPushButton* m_sample = nullptr;
    QPushButton* m_cancel = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_stage = nullptr;
    QLabel* m_status = nullptr;
    SamplingResultsChart* m_chart = nullptr;
    QPushButton* m_export = nullptr;

    bool m_zooOpen = false;
    bool m_hasHyperRepresentation = false;
    int m_selectionCount = 0;
    bool m_running = false;
    bool m_hasResults = false;
};

} // namespace zooscope
