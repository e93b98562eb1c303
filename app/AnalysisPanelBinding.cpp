#include "app/AnalysisPanelBinding.h"

#include "app/AnalysisComputation.h"
#include "app/BackgroundJob.h"
#include "app/ExplorerSession.h"
#include "app/OpenedZoo.h"
#include "widgets/AnalysisPanel.h"
#include "widgets/ModelSelectionPanel.h"
#include "widgets/SelectionModel.h"
#include "widgets/SelectionReportPanel.h"

#include <QFileInfo>

namespace zooscope {

AnalysisPanelBinding::AnalysisPanelBinding(AnalysisPanel* panel, ExplorerSession* session, QObject* parent)
    : QObject(parent)
    , m_panel(panel)
    , m_session(session)
{
    connect(panel, &AnalysisPanel::runRequested, session, &ExplorerSession::runAnalysis);
    // The job's progress goes to the part of the panel whose computation runs.
    connect(session->analysisJob(), &BackgroundJob::progress, this, [this](const QString& stage) {
        if (m_running == Running::ModelSelection)
            m_panel->modelSelectionPanel()->setStatus(stage);
        else if (m_running == Running::SelectionReport)
            m_panel->selectionReportPanel()->setStatus(stage);
        else
            m_panel->setStatus(stage);
    });
    // The tab of what runs comes to the front (also when it was started from elsewhere: --panel, a session).
    connect(session, &ExplorerSession::analysisStarted, this, [this] {
        m_panel->showPart(AnalysisPanel::Part::Probes);
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

    ModelSelectionPanel* selection = panel->modelSelectionPanel();
    connect(selection, &ModelSelectionPanel::runRequested, session, &ExplorerSession::runModelSelection);
    connect(selection, &ModelSelectionPanel::keepRequested, session, &ExplorerSession::keepPredictedTop);
    connect(selection, &ModelSelectionPanel::colourRequested, session, &ExplorerSession::colourByPrediction);
    // The epochs to predict from are the zoo's checkpoints before its last epoch.
    const auto showZoo = [this, selection] {
        std::vector<int64_t> epochs;
        const OpenedZoo* zoo = m_session->zoo();
        if (zoo)
            for (int64_t e : zoo->zoo.checkpointEpochs)
                if (e < zoo->zoo.epochs)
                    epochs.push_back(e);
        selection->setEpochs(epochs, zoo ? zoo->zoo.epochs : 0);
        selection->setResult(m_session->modelSelection());
        selection->setBusy(!zoo);
    };
    connect(session, &ExplorerSession::zooChanged, this, showZoo);
    connect(session, &ExplorerSession::hyperRepresentationChanged, this, [selection, this] { selection->setResult(m_session->modelSelection()); });
    showZoo();
    // Probes and model selection share the analysis job: one runs at a time.
    connect(session->analysisJob(), &BackgroundJob::busyChanged, this, [this, selection](bool busy) {
        m_panel->setBusy(busy || !m_session->zoo());
        selection->setBusy(busy || !m_session->zoo());
        m_panel->selectionReportPanel()->setBusy(busy || !m_session->zoo());
    });

    // Diagnose and compare the selected points.
    SelectionReportPanel* report = panel->selectionReportPanel();
    connect(report, &SelectionReportPanel::diagnoseRequested, session, &ExplorerSession::diagnoseSelection);
    connect(report, &SelectionReportPanel::compareRequested, session, &ExplorerSession::compareSelection);
    connect(session->selection(), &SelectionModel::selectionChanged, report,
            [this, report] { report->setSelectedCount(m_session->selection()->selectedCount()); });
    connect(session, &ExplorerSession::selectionReportStarted, this, [this, report] {
        m_running = Running::SelectionReport;
        m_panel->showPart(AnalysisPanel::Part::SelectionReport);
        report->setBusy(true);
    });
    connect(session, &ExplorerSession::selectionReportFinished, this, [this, report](const QString& error) {
        m_running = Running::Probes;
        report->setBusy(!m_session->zoo());
        if (!error.isEmpty())
            report->setStatus(tr("The report failed: %1").arg(error));
        else
            report->setReport(m_session->selectionReport().title, m_session->selectionReport().text);
    });
    connect(session, &ExplorerSession::modelSelectionStarted, this, [this, selection] {
        m_running = Running::ModelSelection;
        m_panel->showPart(AnalysisPanel::Part::ModelSelection);
        selection->setBusy(true);
        selection->setStatus(tr("Predicting final accuracies..."));
    });
    connect(session, &ExplorerSession::modelSelectionFinished, this, [this, selection](const QString& error) {
        m_running = Running::Probes;
        selection->setBusy(!m_session->zoo());
        if (!error.isEmpty())
            selection->setStatus(tr("The model selection failed: %1").arg(error));
        else if (!m_session->modelSelection())
            selection->setStatus(tr("The model selection was cancelled."));
        else
            selection->setResult(m_session->modelSelection());
    });
}

} // namespace zooscope
