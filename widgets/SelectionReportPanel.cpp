#include "widgets/SelectionReportPanel.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace zooscope {

SelectionReportPanel::SelectionReportPanel(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("selectionReportPanel"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* row = new QHBoxLayout;
    m_diagnose = new QPushButton(tr("Diagnose Selected"), this);
    m_diagnose->setObjectName(QStringLiteral("diagnoseButton"));
    m_diagnose->setToolTip(tr("Where the selected checkpoints stand against the training population at their epoch: latent "
                              "neighbours, layer statistics outside the 1-99% range, dead or saturated units, divergence"));
    m_compare = new QPushButton(tr("Compare Selected Two"), this);
    m_compare->setObjectName(QStringLiteral("compareButton"));
    m_compare->setToolTip(tr("Two selected checkpoints side by side: weight and latent distance, per-layer change, accuracy, "
                             "prediction disagreement on the test set, trajectories"));
    row->addWidget(m_diagnose);
    row->addWidget(m_compare);
    row->addStretch(1);
    layout->addLayout(row);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("selectionReportStatus"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    m_report = new QPlainTextEdit(this);
    m_report->setObjectName(QStringLiteral("selectionReportView"));
    m_report->setReadOnly(true);
    m_report->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_report->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont)); // the reports align columns
    m_report->setMinimumHeight(120);
    layout->addWidget(m_report, 1);
    connect(m_diagnose, &QPushButton::clicked, this, &SelectionReportPanel::diagnoseRequested);
    connect(m_compare, &QPushButton::clicked, this, &SelectionReportPanel::compareRequested);
    setSelectedCount(0);
}

void SelectionReportPanel::setSelectedCount(int count)
{
    m_selected = count;
    if (!m_busy)
        setStatus(count == 0 ? tr("Select checkpoints to diagnose them, or two to compare them.")
                   : count == 1 ? tr("One checkpoint selected.")
                                : tr("%1 checkpoints selected.").arg(count));
    updateButtons();
}

void SelectionReportPanel::setBusy(bool busy)
{
    m_busy = busy;
    updateButtons();
}

void SelectionReportPanel::setReport(const QString& title, const QString& text)
{
    setStatus(title);
    m_report->setPlainText(text);
}

void SelectionReportPanel::setStatus(const QString& text) { m_status->setText(text); }

void SelectionReportPanel::updateButtons()
{
    m_diagnose->setEnabled(!m_busy && m_selected > 0);
    m_compare->setEnabled(!m_busy && m_selected == 2);
}

} // namespace zooscope
