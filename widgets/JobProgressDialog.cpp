#include "widgets/JobProgressDialog.h"

#include <QCloseEvent>
#include <QDialogButtonBox>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace zooscope {

namespace {

QString durationText(double seconds)
{
    const long long s = std::llround(seconds);
    if (s >= 3600)
        return JobProgressDialog::tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
    if (s >= 60)
        return JobProgressDialog::tr("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return JobProgressDialog::tr("%1 s").arg(s);
}

} // namespace

JobProgressDialog::JobProgressDialog(QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("jobProgressDialog"));
    setModal(false);
    m_stage = new QLabel;
    m_stage->setObjectName(QStringLiteral("stageLabel"));
    m_bar = new QProgressBar;
    m_bar->setObjectName(QStringLiteral("jobProgressBar"));
    m_bar->setRange(0, 1000);
    m_bar->setTextVisible(false);
    m_bar->setMinimumWidth(520);
    m_timeLeft = new QLabel;
    m_timeLeft->setObjectName(QStringLiteral("timeLeftLabel"));
    m_details = new QLabel;
    m_details->setObjectName(QStringLiteral("detailsLabel"));
    auto* buttons = new QDialogButtonBox;
    m_pause = buttons->addButton(tr("&Pause"), QDialogButtonBox::ActionRole);
    m_pause->setObjectName(QStringLiteral("pauseButton"));
    m_stop = buttons->addButton(tr("&Stop"), QDialogButtonBox::RejectRole);
    m_stop->setObjectName(QStringLiteral("stopButton"));
    connect(m_pause, &QPushButton::clicked, this, [this] { emit pauseRequested(!m_paused); });
    connect(m_stop, &QPushButton::clicked, this, &JobProgressDialog::stopRequested);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_stage);
    layout->addWidget(m_bar);
    layout->addWidget(m_timeLeft);
    layout->addWidget(m_details);
    layout->addStretch(1);
    layout->addWidget(buttons);
}

void JobProgressDialog::start(const QString& title, bool canPause, const QString& stopText)
{
    setWindowTitle(title);
    m_stage->setText(title);
    m_bar->setValue(0);
    m_timeLeft->setText(tr("Time left: estimating..."));
    m_details->clear();
    m_pause->setVisible(canPause);
    m_stop->setText(stopText);
    m_stop->setEnabled(true);
    setPaused(false);
}

QString JobProgressDialog::timeLeftText() const { return m_timeLeft->text(); }

QString JobProgressDialog::detailsText() const { return m_details->text(); }

void JobProgressDialog::setProgress(const QString& stage, double fraction, double secondsLeft)
{
    if (!stage.isEmpty())
        m_stage->setText(stage);
    m_bar->setValue(int(std::lround(std::clamp(fraction, 0.0, 1.0) * 1000)));
    if (m_paused)
        return;
    m_timeLeft->setText(secondsLeft >= 0 && std::isfinite(secondsLeft) ? tr("Time left: about %1").arg(durationText(secondsLeft))
                                                                        : tr("Time left: estimating..."));
}

void JobProgressDialog::setDetails(const QString& text) { m_details->setText(text); }

void JobProgressDialog::setPaused(bool paused)
{
    m_paused = paused;
    m_pause->setText(paused ? tr("&Continue") : tr("&Pause"));
    if (paused)
        m_timeLeft->setText(tr("Paused."));
}

void JobProgressDialog::closeEvent(QCloseEvent* event)
{
    // Closing the window does not stop the job: the status bar still shows it.
    event->accept();
}

} // namespace zooscope
