#pragma once

#include <QObject>

namespace zooscope {

class AnalysisPanel;
class ExplorerSession;

// Binds the Analysis panel to the session: Run Probes starts the session's analysis; its progress and
// results (probe table, bars, predicted vs true) come back to the panel.
class AnalysisPanelBinding : public QObject {
    Q_OBJECT
public:
    AnalysisPanelBinding(AnalysisPanel* panel, ExplorerSession* session, QObject* parent);

signals:
    void analysisFinished(const QString& error);

private:
    AnalysisPanel* m_panel;
    ExplorerSession* m_session;
};

} // namespace zooscope
