#include "app/NewZooBinding.h"

#include "app/BackgroundJob.h"
#include "core/EngineInfo.h"
#include "widgets/JobProgressDialog.h"
#include "widgets/NewZooDialog.h"
#include "widgets/SlurmScriptsDialog.h"
#include "zoo/PublicZooImporter.h"
#include "zoo/ZooFile.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QWidget>

#include <algorithm>

namespace zooscope {

NewZooBinding::NewZooBinding(QWidget* window)
    : QObject(window)
    , m_window(window)
    , m_job(new BackgroundJob(this))
    , m_progress(new JobProgressDialog(window))
{
    m_job->setObjectName(QStringLiteral("newZooJob"));
    connect(m_job, &BackgroundJob::progress, m_progress, [this](const QString& stage, double fraction, double left) {
        const QString shown = stage == QLatin1String("loading dataset") ? tr("Loading the dataset...")
                              : stage == QLatin1String("training")      ? tr("Training the models...")
                              : stage == QLatin1String("importing")     ? tr("Reading the model folders...")
                              : stage == QLatin1String("writing")       ? tr("Writing the zoo file...")
                                                                        : QString();
        m_progress->setProgress(shown, fraction, left);
    });
    connect(m_job, &BackgroundJob::pausedChanged, m_progress, &JobProgressDialog::setPaused);
    connect(m_progress, &JobProgressDialog::pauseRequested, m_job, &BackgroundJob::setPaused);
    connect(m_progress, &JobProgressDialog::stopRequested, this, &NewZooBinding::cancel);
    connect(m_job, &BackgroundJob::finished, this,
            [this](BackgroundJob::Outcome outcome, const QString& error) { finished(int(outcome), error); });
    m_lastPlan.epochs = 50;
}

NewZooDialog* NewZooBinding::openNewZooDialog()
{
    auto* dialog = new NewZooDialog(m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    ZooCreationPlan plan = m_lastPlan;
    if (plan.out.empty())
        plan.out = (QDir::homePath() + QStringLiteral("/new-zoo.zoo.h5")).toStdString();
    dialog->setPlan(plan);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { create(dialog->plan()); });
    dialog->setSlurmScriptsAvailable(true);
    connect(dialog, &NewZooDialog::slurmScriptsRequested, this, [this, dialog] { openSlurmScriptsDialog(dialog->plan(), dialog); });
    dialog->open();
    return dialog;
}

SlurmScriptsDialog* NewZooBinding::openSlurmScriptsDialog(const ZooCreationPlan& plan, QWidget* parent)
{
    auto* dialog = new SlurmScriptsDialog(ZooCreation::arguments(plan), (long long)ZooCreation::models(plan).size(), parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        try {
            const SlurmJobFiles files = SlurmJobScripts::write(dialog->request(), dialog->folder().toStdString());
            QStringList written;
            for (const std::string& f : files.all())
                written << QString::fromStdString(f);
            m_lastSlurmScripts = written;
            emit slurmScriptsWritten(tr("Wrote %1. On the cluster, submit with %2 (add --wait to wait for the merged zoo).")
                                         .arg(written.join(QStringLiteral(", ")), QString::fromStdString(files.submitScript)));
        } catch (const std::exception& e) {
            emit errorOccurred(tr("The Slurm job scripts could not be written"), QString::fromStdString(e.what()));
        }
    });
    dialog->open();
    return dialog;
}

bool NewZooBinding::create(const ZooCreationPlan& plan)
{
    if (m_job->isBusy()) {
        emit errorOccurred(tr("New Zoo"), tr("A zoo is being created or imported already; stop it first."));
        return false;
    }
    m_lastPlan = plan;
    m_training = true;
    m_errorTitle = tr("The zoo could not be created");
    const QString file = QString::fromStdString(plan.out);
    const bool resuming = QFileInfo::exists(QString::fromStdString(ZooCreation::resumePath(plan.out)));
    QStringList args;
    for (const std::string& a : ZooCreation::arguments(plan))
        args << QString::fromStdString(a);
    const std::string createdBy = "zooscope New Zoo: zooscope-cli zoo create " + args.join(QLatin1Char(' ')).toStdString();
    const QString title = (resuming ? tr("Continuing zoo %1") : tr("Creating zoo %1")).arg(QFileInfo(file).fileName());
    BackgroundJob* job = m_job;
    m_job->start(title, [this, plan, createdBy, file, job](const Progress& progress) -> std::function<void()> {
        ZooCreation::run(
            plan, createdBy, progress,
            [this, job](const TrainingStatistics& s) {
                job->post([this, s] {
                    m_progress->setDetails(tr("%1 of %2 models done, %3 of %4 model-steps, %5 model-steps/s")
                                               .arg(s.modelsDone)
                                               .arg(s.modelsTotal)
                                               .arg(s.stepsDone)
                                               .arg(s.stepsTotal)
                                               .arg(qRound64(s.modelStepsPerSecond)));
                });
            },
            [job] { return job->isPaused(); });
        return [this, file] { emit zooReady(file); };
    });
    m_progress->start(title, true, tr("&Stop"));
    m_progress->show();
    return true;
}

void NewZooBinding::chooseImport()
{
    const QString folder = QFileDialog::getExistingDirectory(m_window, tr("Import Public Zoo: Folder of Model Folders"));
    if (folder.isEmpty())
        return;
    QString out = QFileDialog::getSaveFileName(m_window, tr("Import Public Zoo: Zoo File to Write"),
                                               QDir::cleanPath(folder) + QStringLiteral(".zoo.h5"),
                                               tr("Model zoos (*.h5 *.hdf5);;All files (*)"));
    if (out.isEmpty())
        return;
    if (QFileInfo(out).suffix().isEmpty())
        out += QStringLiteral(".zoo.h5");
    importPublicZoo(folder, out);
}

bool NewZooBinding::importPublicZoo(const QString& folder, const QString& out, double maxAbs)
{
    if (m_job->isBusy()) {
        emit errorOccurred(tr("Import Public Zoo"), tr("A zoo is being created or imported already; stop it first."));
        return false;
    }
    m_training = false;
    m_errorTitle = tr("The zoo could not be imported");
    if (!QFileInfo(folder).isDir()) {
        emit errorOccurred(m_errorTitle, tr("%1 is not a folder.").arg(folder));
        return false;
    }
    const QFileInfo outInfo(out);
    if (outInfo.isDir() || !QFileInfo(outInfo.absolutePath()).isDir()) {
        emit errorOccurred(m_errorTitle, tr("Cannot write the zoo file %1.").arg(out));
        return false;
    }
    const QString title = tr("Importing %1").arg(QFileInfo(folder).fileName());
    m_job->start(title, [this, folder, out, maxAbs](const Progress& progress) -> std::function<void()> {
        ImportOptions options;
        options.maxAbs = maxAbs;
        ImportReport report;
        ModelZoo zoo = PublicZooImporter::import(folder.toStdString(), options, &report, progress.sub(0, 0.8));
        zoo.createdBy = "zooscope Import Public Zoo: " + folder.toStdString();
        zoo.createdWithVersion = EngineInfo::version();
        ZooFile::write(zoo, out.toStdString(), progress.sub(0.8, 1.0, "writing"));
        const QString text =
            tr("Imported %1 of %2 model folders (%3, dataset %4, %5 checkpoint epochs) into %6.\n\n"
               "Checkpoints: %7 read, %8 dropped (NaN or a weight beyond \u00b1%9), %10 missing.")
                .arg(report.modelsImported)
                .arg(report.modelFolders)
                .arg(QString::fromStdString(zoo.architecture.name), QString::fromStdString(zoo.datasetId))
                .arg(zoo.checkpointCount())
                .arg(QFileInfo(out).fileName())
                .arg(report.checkpointsRead)
                .arg(report.checkpointsDropped)
                .arg(maxAbs)
                .arg(report.checkpointsMissing);
        QStringList lines;
        for (const std::string& m : report.messages)
            lines << QString::fromStdString(m);
        return [this, out, text, details = lines.join(QLatin1Char('\n'))] {
            showImportSummary(text, details);
            emit zooReady(out);
        };
    });
    m_progress->start(title, false, tr("&Cancel"));
    m_progress->show();
    return true;
}

void NewZooBinding::showImportSummary(const QString& text, const QString& details)
{
    if (m_summary)
        m_summary->deleteLater();
    m_summary = new QMessageBox(QMessageBox::Information, tr("Import Public Zoo"), text, QMessageBox::Ok, m_window);
    m_summary->setObjectName(QStringLiteral("importSummary"));
    m_summary->setAttribute(Qt::WA_DeleteOnClose);
    if (!details.isEmpty()) {
        // The first reasons in the box itself, all of them under Show Details.
        const QStringList lines = details.split(QLatin1Char('\n'));
        QString shown = lines.mid(0, 8).join(QLatin1Char('\n'));
        if (lines.size() > 8)
            shown += QLatin1Char('\n') + tr("... and %1 more (Show Details...)").arg(lines.size() - 8);
        m_summary->setInformativeText(shown);
        m_summary->setDetailedText(details);
    }
    m_summary->open();
}

void NewZooBinding::cancel()
{
    if (m_job->isBusy())
        m_job->cancel();
}

void NewZooBinding::finished(int outcome, const QString& error)
{
    m_progress->hide();
    switch (BackgroundJob::Outcome(outcome)) {
    case BackgroundJob::Outcome::Completed:
    case BackgroundJob::Outcome::Stale:
        break;
    case BackgroundJob::Outcome::Cancelled:
        if (m_training)
            emit stopped(tr("Training stopped; its state is kept in %1. New Zoo with the same settings continues from there.")
                             .arg(QFileInfo(QString::fromStdString(ZooCreation::resumePath(m_lastPlan.out))).fileName()));
        else
            emit stopped(tr("Import cancelled."));
        break;
    case BackgroundJob::Outcome::Failed:
        emit errorOccurred(m_errorTitle, error);
        break;
    }
}

} // namespace zooscope
