// File > New Zoo and File > Import Public Zoo: the dialogs, the background job that trains or imports
// (core/training/ZooCreation and core/zoo/PublicZooImporter, as `zooscope-cli zoo create` and `zoo
// import` do), its progress window, and the finished zoo handed to the window to open (zooReady) as
// File > Open would. A stopped training keeps its resume file: the same plan again continues from it.
#pragma once

#include "training/ZooCreation.h"

#include <QMessageBox>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

class QWidget;

namespace zooscope {

class BackgroundJob;
class JobProgressDialog;
class NewZooDialog;
class SlurmScriptsDialog;

class NewZooBinding : public QObject {
    Q_OBJECT
public:
    explicit NewZooBinding(QWidget* window);

    BackgroundJob* job() const { return m_job; }
    JobProgressDialog* progressDialog() const { return m_progress; }
    // The New Zoo dialog (opened window-modal, not blocking) with the last plan; Create starts the job.
    NewZooDialog* openNewZooDialog();
    // "Write Slurm Job Scripts" for `plan` (the New Zoo dialog's button): asks for shards, CPUs, partition,
    // time limit and folder, then writes through core/cluster/SlurmJobScripts as `zoo create --slurm-scripts`.
    SlurmScriptsDialog* openSlurmScriptsDialog(const ZooCreationPlan& plan, QWidget* parent);
    // The scripts the last "Write Slurm Job Scripts" wrote.
    const QStringList& lastSlurmScripts() const { return m_lastSlurmScripts; }
    // Trains `plan` in the background; false (after errorOccurred) when a job runs already.
    bool create(const ZooCreationPlan& plan);
    // Asks for a folder in the public layout and the zoo file to write, then imports.
    void chooseImport();
    // Imports `folder` into `out` in the background; at the end a summary (importSummary) and zooReady.
    bool importPublicZoo(const QString& folder, const QString& out, double maxAbs = 5.0);
    // The last import's summary box (null before one).
    QMessageBox* importSummary() const { return m_summary; }
    // The plan the next New Zoo dialog starts from (the last one created or stopped).
    const ZooCreationPlan& lastPlan() const { return m_lastPlan; }

public slots:
    void cancel();

signals:
    // A new or imported zoo file is ready to open.
    void zooReady(const QString& file);
    void errorOccurred(const QString& title, const QString& text);
    // Training was stopped; `message` says how to continue.
    void stopped(const QString& message);
    // Slurm job scripts were written; `message` says which and how to submit them.
    void slurmScriptsWritten(const QString& message);

private:
    void finished(int outcome, const QString& error);
    void showImportSummary(const QString& text, const QString& details);

    QWidget* m_window;
    BackgroundJob* m_job;
    JobProgressDialog* m_progress;
    QPointer<QMessageBox> m_summary;
    ZooCreationPlan m_lastPlan;
    QStringList m_lastSlurmScripts;
    bool m_training = false; // the running job trains (else it imports)
    QString m_errorTitle;
};

} // namespace zooscope
