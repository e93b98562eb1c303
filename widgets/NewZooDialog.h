// File > New Zoo: what to train (the grid or the seed recipe, epochs, checkpoints, dataset, output,
// threads), checked as `zooscope-cli zoo create` checks it, with the equivalent command line on show.
// It only edits a ZooCreationPlan; the window trains it in the background.
#pragma once

#include "training/ZooCreation.h"

#include <QDialog>
#include <QStringList>

class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace zooscope {

class NewZooDialog : public QDialog {
    Q_OBJECT
public:
    explicit NewZooDialog(QWidget* parent = nullptr);

    void setPlan(const ZooCreationPlan& plan);
    // The plan as the fields say; meaningful when problem() is empty.
    ZooCreationPlan plan() const;
    // Why the fields cannot be trained, in words; empty when they can.
    QString problem() const;
    // The `zooscope-cli zoo create` arguments (after "zoo create") that train the same zoo.
    QStringList createArguments() const;
    // The dataset the shipped zoo was trained on (Debian's dataset-fashion-mnist).
    static QString defaultDatasetFolder();
    // Shows the "Write Slurm Job Scripts..." button (hidden until the window handles slurmScriptsRequested).
    void setSlurmScriptsAvailable(bool available);

signals:
    void slurmScriptsRequested();

private:
    void update();
    void chooseDataset();
    void chooseOutput();

    QComboBox* m_recipe = nullptr;
    QFormLayout* m_form = nullptr;
    QSpinBox* m_seedsPerConfig = nullptr;
    QLineEdit* m_seeds = nullptr;
    QLabel* m_models = nullptr;
    QSpinBox* m_epochs = nullptr;
    QLineEdit* m_checkpoints = nullptr;
    QSpinBox* m_batch = nullptr;
    QLineEdit* m_dataset = nullptr;
    QSpinBox* m_maxTrain = nullptr;
    QSpinBox* m_maxEval = nullptr;
    QLineEdit* m_output = nullptr;
    QSpinBox* m_threads = nullptr;
    QDoubleSpinBox* m_resumeInterval = nullptr;
    QLabel* m_message = nullptr;
    QPlainTextEdit* m_command = nullptr;
    QPushButton* m_slurm = nullptr;
    QPushButton* m_create = nullptr;
};

} // namespace zooscope
