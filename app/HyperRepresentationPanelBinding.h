#pragma once

#include <QObject>

namespace zooscope {

class ExplorerSession;
class HyperRepresentationPanel;

// Binds the Hyper-Representation panel to the session (ITK-SNAP's coupling classes): Train, Pause and
// Cancel go to the session's training job; its progress, curves and outcome come back to the panel.
class HyperRepresentationPanelBinding : public QObject {
    Q_OBJECT
public:
    HyperRepresentationPanelBinding(HyperRepresentationPanel* panel, ExplorerSession* session, QObject* parent);

    // Starts training with the panel's settings; a bad setting becomes errorOccurred.
    void startTraining();

signals:
    void errorOccurred(const QString& title, const QString& text);
    void trainingFinished(bool completed, const QString& error);

private:
    HyperRepresentationPanel* m_panel;
    ExplorerSession* m_session;
};

} // namespace zooscope
