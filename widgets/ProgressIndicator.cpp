#include "widgets/ProgressIndicator.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QToolButton>

#include <cmath>

namespace zooscope {

ProgressIndicator::ProgressIndicator(QWidget* parent)
    : QWidget(parent)
{
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_label = new QLabel(this);
    m_bar = new QProgressBar(this);
    m_bar->setObjectName(QStringLiteral("progressBar"));
    m_bar->setRange(0, 1000);
    m_bar->setMaximumWidth(200);
    m_bar->setTextVisible(false);
    m_cancel = new QToolButton(this);
    m_cancel->setObjectName(QStringLiteral("cancelJobButton"));
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Cancel the running job"));
    connect(m_cancel, &QToolButton::clicked, this, &ProgressIndicator::cancelRequested);
    layout->addWidget(m_label);
    layout->addWidget(m_bar);
    layout->addWidget(m_cancel);
    setVisible(false);
}

void ProgressIndicator::start(const QString& what)
{
    m_what = what;
    m_running = true;
    m_secondsLeft = -1;
    m_clock.start();
    m_bar->setValue(0);
    m_label->setText(what);
    setVisible(true);
}

void ProgressIndicator::setFraction(double fraction)
{
    if (!m_running)
        return;
    fraction = std::clamp(fraction, 0.0, 1.0);
    m_bar->setValue(static_cast<int>(std::lround(fraction * 1000)));
    const double elapsed = m_clock.elapsed() / 1000.0;
    // Too early to extrapolate: the first percent and the first second say little about the rest.
    if (fraction > 0.01 && elapsed > 1.0) {
        m_secondsLeft = elapsed * (1.0 - fraction) / fraction;
        const int s = static_cast<int>(std::lround(m_secondsLeft));
        const QString left = s >= 120 ? tr("about %1 min left").arg((s + 30) / 60) : tr("about %1 s left").arg(s);
        m_label->setText(tr("%1 (%2)").arg(m_what, left));
    }
}

void ProgressIndicator::finish()
{
    m_running = false;
    m_secondsLeft = -1;
    setVisible(false);
}

} // namespace zooscope
