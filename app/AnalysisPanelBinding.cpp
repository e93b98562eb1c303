#include "app/AnalysisPanelBinding.h"

#include "app/AnalysisComputation.h"
#include "app/BackgroundJob.h"
#include "app/ExplorerSession.h"
#include "widgets/AnalysisPanel.h"

#include <QFileInfo>

namespace zooscope {

AnalysisPanelBinding::AnalysisPanelBinding(AnalysisPanel* panel, ExplorerSession* session, QObject* parent)
    : QObject(parent)
    , m_panel(panel)
    , m_session(session)
{
    connect(panel, &AnalysisPanel::runRequested, session, &ExplorerSession::runAnalysis);
    connect(session->analysisJob(), &BackgroundJob::progress, panel, &AnalysisPanel::setStatus);
    connect(session, &ExplorerSession::analysisStarted, this, [this] {
        m_panel->setBusy(true);
        m_panel->setStatus(tr("Fitting linear probes..."));
    });
    connect(session, &ExplorerSession::analysisFinished, this, [this](const QString& error) {
        m_panel->setBusy(!m_session->zoo());
        const AnalysisResult* result = m_session->analysis();
        if (!error.isEmpty()) {
            m_panel->setStatus(tr("The analysis failed."));
        } else if (!result || result->probes.empty()) {
            m_panel->setStatus(tr("The analysis was cancelled."));
        } else {
            const QString path = m_session->hyperRepresentationPath();
            m_panel->setResults(result->probes, result->predictions, result->hasLatent);
            m_panel->setStatus(
                (result->hasLatent ? tr("Probes of the latents of %1 against W and s(W) on the test population (%2 s).")
                                         .arg(path.isEmpty() ? tr("the trained hyper-representation") : QFileInfo(path).fileName())
                                   : tr("Baselines only (no hyper-representation): W and s(W) on the test population (%2 s)."))
                    .arg(result->seconds, 0, 'f', 1));
        }
        emit analysisFinished(error);
    });
}

} // namespace zooscope
