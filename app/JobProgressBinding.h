// The status bar's progress indicator shows the background jobs: the one started last owns the bar, and
// when it ends the bar goes to another one still running, or away.
#pragma once

#include <QList>
#include <QObject>

namespace zooscope {

class BackgroundJob;
class ProgressIndicator;

class JobProgressBinding : public QObject {
    Q_OBJECT
public:
    JobProgressBinding(ProgressIndicator* indicator, QObject* parent = nullptr);
    void add(BackgroundJob* job);

private:
    void started(BackgroundJob* job);
    void ended(BackgroundJob* job);

    ProgressIndicator* m_indicator;
    QList<BackgroundJob*> m_running; // in the order they started
};

} // namespace zooscope
