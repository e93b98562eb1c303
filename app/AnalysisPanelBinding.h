#pragma once

#include <QObject>

namespace zooscope {

class AnalysisPanel;
class ExplorerSession;

// Binds the Analysis panel to the session: Run Probes starts the session's analysis, Predict Final Accuracy
// its model selection, Keep Predicted Top names the predicted best; progress and results come back to the panel.
class AnalysisPanelBinding : public QObject {
    Q_OBJECT
public:
    AnalysisPanelBinding(AnalysisPanel* panel, ExplorerSession* session, QObject* parent);

signals:
    void analysisFinished(const QString& error);

private:
    AnalysisPanel* m_panel;
    ExplorerSession* m_session;
    bool m_selectionRunning = false; // the analysis job computes the model selection, not the probes
};

} // namespace zooscope
