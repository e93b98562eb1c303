#pragma once

#include <QObject>

namespace zooscope {

class ExplorerSession;
class SamplingPanel;

// Binds the Sampling panel to the session: Sample starts the session's sampling from the selection (or
// the top models), Cancel stops it; the selection's size, the progress and the results chart come back.
class SamplingPanelBinding : public QObject {
    Q_OBJECT
public:
    SamplingPanelBinding(SamplingPanel* panel, ExplorerSession* session, QObject* parent);

    // Samples with the panel's settings; a bad setting becomes errorOccurred.
    void startSampling();

signals:
    void errorOccurred(const QString& title, const QString& text);
    void samplingFinished(bool completed, const QString& error);

private:
    SamplingPanel* m_panel;
    ExplorerSession* m_session;
};

} // namespace zooscope
