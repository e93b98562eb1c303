#pragma once

#include <QElapsedTimer>
#include <QWidget>

class QLabel;
class QProgressBar;
class QToolButton;

namespace zooscope {

// The status bar's view of one long job: what runs, how far it is, the time left, and a cancel button.
class ProgressIndicator : public QWidget {
    Q_OBJECT
public:
    explicit ProgressIndicator(QWidget* parent = nullptr);

    QProgressBar* bar() const { return m_bar; }
    bool isRunning() const { return m_running; }
    // The estimate shown next to the bar; negative while unknown.
    double secondsLeft() const { return m_secondsLeft; }

public slots:
    void start(const QString& what);
    // fraction in 0..1; the time left is extrapolated from the time so far.
    void setFraction(double fraction);
    void finish();

signals:
    void cancelRequested();

private:
    QLabel* m_label = nullptr;
    QProgressBar* m_bar = nullptr;
    QToolButton* m_cancel = nullptr;
    QElapsedTimer m_clock;
    QString m_what;
    bool m_running = false;
    double m_secondsLeft = -1;
};

} // namespace zooscope
