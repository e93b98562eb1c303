#pragma once

#include <QObject>

namespace zooscope {

class AnalysisPanel;
class ExplorerSession;

// Binds the Analysis panel to the session: Run Probes starts the session's analysis, Predict Final Accuracy
// its model selection, Keep Predicted Top names the predicted best, Diagnose Selected and Compare Selected
// Two report on the selection; progress and results come back to the panel.
class AnalysisPanelBinding : public QObject {
    Q_OBJECT
public:
    AnalysisPanelBinding(AnalysisPanel* panel, ExplorerSession* session, QObject* parent);

signals:
    void analysisFinished(const QString& error);

private:
    AnalysisPanel* m_panel;
    ExplorerSession* m_session;
    // What the analysis job computes, so that its progress goes to that part of the panel.
    enum class Running { Probes, ModelSelection, SelectionReport };
    Running m_running = Running::Probes;
};

} // namespace zooscope
