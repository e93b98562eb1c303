// "Write Slurm Job Scripts" from the New Zoo dialog: the cluster's side of the request (shards, CPUs per
// task, partition, time limit, the scripts' folder, zooscope-cli on the nodes) for the zoo the New Zoo
// dialog describes. What it asks is what `zooscope-cli zoo create ... --slurm-scripts DIR --shards N`
// takes; core/cluster/SlurmJobScripts checks and writes, as for the command line.
#pragma once

#include "cluster/SlurmJobScripts.h"

#include <QDialog>

#include <string>
#include <vector>

class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace zooscope {

class SlurmScriptsDialog : public QDialog {
    Q_OBJECT
public:
    // `createArguments`: the `zoo create` arguments with --out; `models`: how many models they make.
    SlurmScriptsDialog(const std::vector<std::string>& createArguments, long long models, QWidget* parent = nullptr);

    SlurmJobRequest request() const;
    QString folder() const;
    // Why the request cannot be written, in words; empty when it can.
    QString problem() const;

private:
    void update();

    std::vector<std::string> m_arguments; // without --out
    std::string m_out;
    QSpinBox* m_shards = nullptr;
    QSpinBox* m_cpus = nullptr;
    QLineEdit* m_partition = nullptr;
    QLineEdit* m_timeLimit = nullptr;
    QLineEdit* m_folder = nullptr;
    QLineEdit* m_cli = nullptr;
    QLabel* m_message = nullptr;
    QPushButton* m_write = nullptr;
};

} // namespace zooscope
