#include "app/HyperRepresentationPanelBinding.h"

#include "app/BackgroundJob.h"
#include "app/ExplorerSession.h"
#include "app/OpenedZoo.h"
#include "widgets/HyperRepresentationPanel.h"

#include <QFileInfo>

namespace zooscope {

HyperRepresentationPanelBinding::HyperRepresentationPanelBinding(HyperRepresentationPanel* panel, ExplorerSession* session,
                                                                 QObject* parent)
    : QObject(parent)
    , m_panel(panel)
    , m_session(session)
{
    BackgroundJob* job = session->trainingJob();
    connect(panel, &HyperRepresentationPanel::startRequested, this, &HyperRepresentationPanelBinding::startTraining);
    connect(panel, &HyperRepresentationPanel::pauseToggled, job, &BackgroundJob::setPaused);
    connect(panel, &HyperRepresentationPanel::cancelRequested, job, &BackgroundJob::cancel);
    connect(job, &BackgroundJob::pausedChanged, panel, &HyperRepresentationPanel::setPaused);
    connect(session, &ExplorerSession::trainingProgress, panel, &HyperRepresentationPanel::showProgress);
    connect(session, &ExplorerSession::trainingStarted, this, [this] {
        m_panel->beginTraining();
        m_panel->setRunning(true);
        m_panel->setStatus(tr("Training on the train population of %1...").arg(QFileInfo(m_session->zoo()->path).fileName()));
    });
    connect(session, &ExplorerSession::trainingFinished, this, [this](bool completed, const QString& error) {
        m_panel->setRunning(false);
        if (completed)
            m_panel->setStatus(tr("Trained %1 epochs in %2; the view shows the new latents.")
                                   .arg(m_session->trainedEpochs())
                                   .arg(HyperRepresentationPanel::formatDuration(m_session->trainingSeconds())));
        else if (m_session->trainingDropped())
            m_panel->setStatus(tr("Training finished for a zoo that is no longer open; its result was dropped."));
        else if (!error.isEmpty())
            m_panel->setStatus(tr("Training failed."));
        else
            m_panel->setStatus(tr("Training was cancelled; the view is unchanged."));
        emit trainingFinished(completed, error);
    });
}

void HyperRepresentationPanelBinding::startTraining()
{
    const QString epochsError = m_panel->checkpointEpochsError();
    if (!epochsError.isEmpty())
        return emit errorOccurred(tr("Train Hyper-Representation"), epochsError);
    m_session->startTraining(m_panel->config(), m_panel->trainingOptions());
}

} // namespace zooscope
