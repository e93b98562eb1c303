#pragma once

#include "hyperrep/HyperRepresentationTrainer.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace zooscope {

class TrainingCurvesChart;

// The hyper-representation panel: the autoencoder's sizes and the training recipe, start / pause /
// cancel, live loss and R^2 curves, the time left, and the hyper-representation in use (save / load).
// It only edits and shows; the window runs the training (HyperRepresentationTrainingJob).
class HyperRepresentationPanel : public QWidget {
    Q_OBJECT
public:
    explicit HyperRepresentationPanel(QWidget* parent = nullptr);

    HyperRepresentationConfig config() const;
    void setConfig(const HyperRepresentationConfig& config);
    // Epochs, batch, learning rate, gamma, loss and the checkpoint epochs trained on. Check
    // checkpointEpochsError() first: an unreadable list counts as "all".
    HyperRepresentationTrainingOptions trainingOptions() const;
    void setTrainingOptions(const HyperRepresentationTrainingOptions& options);
    void setCheckpointEpochsText(const QString& text);
    QString checkpointEpochsError() const; // empty when the list reads

    void setZooAvailable(bool available);
    // Whether the behavioural term can run on the open zoo (its training images are at hand); when not,
    // its controls are disabled with `reason` as their tool tip and trainingOptions() has it off.
    void setBehaviourAvailable(bool available, const QString& reason = {});
    bool isBehaviourAvailable() const { return m_behaviourAvailable; }
    void setRunning(bool running);
    void setPaused(bool paused);
    bool isRunning() const { return m_running; }
    // Clears the curves for a new training.
    void beginTraining();
    void showProgress(const HyperRepresentationProgress& progress);
    void setStatus(const QString& text);
    // The hyper-representation the view shows (empty: none); a saved one can be saved again elsewhere.
    void setModelDescription(const QString& text, bool canSave);

    TrainingCurvesChart* chart() const { return m_chart; }
    QPushButton* startButton() const { return m_start; }
    QPushButton* pauseButton() const { return m_pause; }
    QPushButton* cancelButton() const { return m_cancel; }
    QProgressBar* progressBar() const { return m_progress; }
    QLabel* timeLeftLabel() const { return m_timeLeft; }
    QLabel* statusLabel() const { return m_status; }

    static QString formatDuration(double seconds);

signals:
    void startRequested();
    void pauseToggled(bool paused);
    void cancelRequested();
    void saveRequested();
    void loadRequested();

private:
    void updateButtons();

    // What the panel was given: the settings it has no control for (augmentation, warm-up, seed, ...)
    // pass through unchanged.
    HyperRepresentationConfig m_baseConfig;
    HyperRepresentationTrainingOptions m_baseOptions;
    bool m_behaviourAvailable = true;
    int m_epochsShown = 0; // the epochs before the last edit (the start epoch follows their half)
    QSpinBox* m_blocks = nullptr;
    QSpinBox* m_dModel = nullptr;
    QSpinBox* m_heads = nullptr;
    QSpinBox* m_feedForward = nullptr;
    QSpinBox* m_latent = nullptr;
    QDoubleSpinBox* m_dropout = nullptr;
    QSpinBox* m_epochs = nullptr;
    QSpinBox* m_batch = nullptr;
    QDoubleSpinBox* m_learningRate = nullptr;
    QDoubleSpinBox* m_gamma = nullptr;
    QDoubleSpinBox* m_behaviourWeight = nullptr;
    QSpinBox* m_behaviourImages = nullptr;
    QSpinBox* m_behaviourStart = nullptr;
    QComboBox* m_loss = nullptr;
    QLineEdit* m_checkpointEpochs = nullptr;
    QPushButton* m_start = nullptr;
    QPushButton* m_pause = nullptr;
    QPushButton* m_cancel = nullptr;
    QPushButton* m_save = nullptr;
    QPushButton* m_load = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_timeLeft = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_model = nullptr;
    TrainingCurvesChart* m_chart = nullptr;
    QWidget* m_settings = nullptr;
    bool m_running = false;
    bool m_zooAvailable = false;
    bool m_canSave = false;
};

} // namespace zooscope
