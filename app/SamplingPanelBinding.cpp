#include "app/SamplingPanelBinding.h"

#include "app/BackgroundJob.h"
#include "app/ExplorerSession.h"
#include "app/SamplingComputation.h"
#include "widgets/SamplingPanel.h"
#include "widgets/SamplingResultsChart.h"
#include "widgets/SelectionModel.h"

namespace zooscope {

SamplingPanelBinding::SamplingPanelBinding(SamplingPanel* panel, ExplorerSession* session, QObject* parent)
    : QObject(parent)
    , m_panel(panel)
    , m_session(session)
{
    BackgroundJob* job = session->samplingJob();
    connect(panel, &SamplingPanel::sampleRequested, this, &SamplingPanelBinding::startSampling);
    connect(panel, &SamplingPanel::cancelRequested, job, &BackgroundJob::cancel);
    connect(job, &BackgroundJob::progress, panel, &SamplingPanel::showProgress);
    connect(session->selection(), &SelectionModel::selectionChanged, this,
            [this] { m_panel->setSelectionCount(m_session->selection()->selectedCount()); });
    connect(session, &ExplorerSession::samplingStarted, this, [this](int64_t count, const QString& method) {
        m_panel->setRunning(true);
        m_panel->setStatus(tr("Sampling %1 models with %2...").arg(count).arg(method));
    });
    connect(session, &ExplorerSession::samplingFinished, this, [this](bool completed, const QString& error) {
        m_panel->setRunning(false);
        if (completed && m_session->generated())
            m_panel->setResults(SamplingComputation::chartData(*m_session->generated()),
                                SamplingComputation::summary(*m_session->generated()));
        else if (!error.isEmpty())
            m_panel->setStatus(tr("Sampling failed."));
        else
            m_panel->setStatus(tr("Sampling was cancelled."));
        emit samplingFinished(completed, error);
    });
    panel->setAvailability(false, false);
}

void SamplingPanelBinding::startSampling()
{
    const QString error = m_panel->settingsError();
    if (!error.isEmpty())
        return emit errorOccurred(tr("Sample from Selection"), error);
    SamplingRequest request;
    request.options = m_panel->options();
    request.compareWithRandomInit = m_panel->compareWithRandomInit();
    request.randomInitCount = m_panel->randomInitCount();
    m_session->startSampling(request, m_panel->anchorsFromSelection());
}

} // namespace zooscope
