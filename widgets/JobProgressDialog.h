// A long job the user started from a dialog (a new zoo, an import), in its own window: stage, bar, time
// left, what the job says about itself, Pause/Continue and Stop. Not modal: the window stays usable.
#pragma once

#include <QDialog>

class QLabel;
class QProgressBar;
class QPushButton;

namespace zooscope {

class JobProgressDialog : public QDialog {
    Q_OBJECT
public:
    explicit JobProgressDialog(QWidget* parent = nullptr);

    // A new job: title, and whether it can pause; the bar starts at 0.
    void start(const QString& title, bool canPause, const QString& stopText);
    QProgressBar* bar() const { return m_bar; }
    QString timeLeftText() const;
    QString detailsText() const;

public slots:
    // fraction 0..1; secondsLeft < 0 while unknown.
    void setProgress(const QString& stage, double fraction, double secondsLeft);
    void setDetails(const QString& text);
    void setPaused(bool paused);

signals:
    void pauseRequested(bool pause);
    void stopRequested();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    QLabel* m_stage = nullptr;
    QProgressBar* m_bar = nullptr;
    QLabel* m_timeLeft = nullptr;
    QLabel* m_details = nullptr;
    QPushButton* m_pause = nullptr;
    QPushButton* m_stop = nullptr;
    bool m_paused = false;
};

} // namespace zooscope
