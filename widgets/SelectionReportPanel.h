#pragma once

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace zooscope {

// Reports on the selected checkpoints in the Analysis panel: Diagnose Selected (ModelDiagnostics: latent
// neighbourhood, layer statistics against the population, dead and saturated units, divergence) and
// Compare Selected Two (CheckpointComparison: distances, per-layer change, prediction disagreement,
// trajectories), as the CLI's `diagnose` and `compare` print them. The session computes; this shows.
class SelectionReportPanel : public QWidget {
    Q_OBJECT
public:
    explicit SelectionReportPanel(QWidget* parent = nullptr);

    // How many points are selected: Diagnose needs one or more, Compare exactly two.
    void setSelectedCount(int count);
    void setBusy(bool busy);
    void setReport(const QString& title, const QString& text);
    void setStatus(const QString& text);

    QPushButton* diagnoseButton() const { return m_diagnose; }
    QPushButton* compareButton() const { return m_compare; }
    QPlainTextEdit* reportView() const { return m_report; }
    QLabel* statusLabel() const { return m_status; }

signals:
    void diagnoseRequested();
    void compareRequested();

private:
    void updateButtons();

    QPushButton* m_diagnose = nullptr;
    QPushButton* m_compare = nullptr;
    QLabel* m_status = nullptr;
    QPlainTextEdit* m_report = nullptr;
    int m_selected = 0;
    bool m_busy = false;
};

} // namespace zooscope
