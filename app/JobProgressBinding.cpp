#include "app/JobProgressBinding.h"

#include "app/BackgroundJob.h"
#include "widgets/ProgressIndicator.h"

namespace zooscope {

JobProgressBinding::JobProgressBinding(ProgressIndicator* indicator, QObject* parent)
    : QObject(parent)
    , m_indicator(indicator)
{
}

void JobProgressBinding::add(BackgroundJob* job)
{
    connect(job, &BackgroundJob::started, this, [this, job] { started(job); });
    connect(job, &BackgroundJob::progress, this, [this, job](const QString&, double fraction, double) {
        if (!m_running.isEmpty() && m_running.last() == job)
            m_indicator->setFraction(fraction);
    });
    connect(job, &BackgroundJob::finished, this, [this, job] { ended(job); });
}

void JobProgressBinding::started(BackgroundJob* job)
{
    m_running.removeAll(job);
    m_running.append(job);
    m_indicator->start(job->title());
}

void JobProgressBinding::ended(BackgroundJob* job)
{
    const bool owner = !m_running.isEmpty() && m_running.last() == job;
    m_running.removeAll(job);
    if (m_running.isEmpty())
        m_indicator->finish();
    else if (owner)
        m_indicator->start(m_running.last()->title());
}

} // namespace zooscope
