#include "widgets/SlurmScriptsDialog.h"

#include "widgets/FieldWithButton.h"

#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace zooscope {

SlurmScriptsDialog::SlurmScriptsDialog(const std::vector<std::string>& createArguments, long long models, QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Write Slurm Job Scripts"));
    setMinimumWidth(560);
    for (size_t i = 0; i < createArguments.size(); ++i) {
        if (createArguments[i] == "--out" && i + 1 < createArguments.size())
            m_out = createArguments[++i];
        else
            m_arguments.push_back(createArguments[i]);
    }
    auto* form = new QFormLayout;
    m_shards = new QSpinBox;
    m_shards->setObjectName(QStringLiteral("shards"));
    // No empty shard: at most one shard per model.
    m_shards->setRange(1, int(std::clamp<long long>(models, 1, SlurmJobScripts::kMaxShards)));
    m_shards->setValue(int(std::min<long long>(models, 16)));
    form->addRow(tr("&Shards (array tasks):"), m_shards);
    m_cpus = new QSpinBox;
    m_cpus->setObjectName(QStringLiteral("cpusPerTask"));
    m_cpus->setRange(0, 1024);
    m_cpus->setSpecialValueText(tr("Slurm's default"));
    form->addRow(tr("&CPUs per task:"), m_cpus);
    m_partition = new QLineEdit;
    m_partition->setObjectName(QStringLiteral("partition"));
    m_partition->setPlaceholderText(tr("the cluster's default"));
    form->addRow(tr("&Partition:"), m_partition);
    m_timeLimit = new QLineEdit;
    m_timeLimit->setObjectName(QStringLiteral("timeLimit"));
    m_timeLimit->setPlaceholderText(tr("the partition's, or e.g. 4:00:00"));
    form->addRow(tr("&Time limit per job:"), m_timeLimit);
    m_folder = new QLineEdit;
    m_folder->setObjectName(QStringLiteral("folder"));
    const QFileInfo out(QString::fromStdString(m_out));
    m_folder->setText(QDir(out.absolutePath()).filePath(out.completeBaseName().section(QLatin1Char('.'), 0, 0) +
                                                        QStringLiteral("-jobs")));
    auto* browse = new QPushButton(tr("&Browse..."));
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder for the Job Scripts"), m_folder->text());
        if (!dir.isEmpty())
            m_folder->setText(dir);
    });
    form->addRow(tr("Scripts &folder:"), fieldWithButton(m_folder, browse));
    m_cli = new QLineEdit;
    m_cli->setObjectName(QStringLiteral("cli"));
    const QString beside = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("zooscope-cli"));
    m_cli->setText(QFileInfo::exists(beside) ? beside : QStringLiteral("zooscope-cli"));
    m_cli->setToolTip(tr("zooscope-cli as the compute nodes run it; a name without '/' is looked up in their PATH."));
    form->addRow(tr("zooscope-cli on the &nodes:"), m_cli);

    m_message = new QLabel;
    m_message->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    m_write = buttons->addButton(tr("&Write Scripts"), QDialogButtonBox::AcceptRole);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("An array job trains the %1 models in shards (zoo create --shard i/N); a merge job "
                                "that Slurm starts after every shard succeeded joins them into %2. Submit with "
                                "submit.sh in the scripts folder.")
                                 .arg(models)
                                 .arg(out.fileName()));
    intro->setWordWrap(true);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    for (QSpinBox* box : {m_shards, m_cpus})
        connect(box, &QSpinBox::valueChanged, this, &SlurmScriptsDialog::update);
    for (QLineEdit* edit : {m_partition, m_timeLimit, m_folder, m_cli})
        connect(edit, &QLineEdit::textChanged, this, &SlurmScriptsDialog::update);
    update();
}

SlurmJobRequest SlurmScriptsDialog::request() const
{
    SlurmJobRequest r;
    r.zooCreateArguments = m_arguments;
    r.outputZoo = m_out;
    r.shards = m_shards->value();
    r.cpusPerTask = m_cpus->value();
    r.partition = m_partition->text().trimmed().toStdString();
    r.timeLimit = m_timeLimit->text().trimmed().toStdString();
    r.cliPath = m_cli->text().trimmed().toStdString();
    // The window's paths are absolute; the jobs run next to the zoo (its folder has no blanks more often
    // than the folder the window was started in).
    r.workingDirectory = QFileInfo(QString::fromStdString(m_out)).absolutePath().toStdString();
    return r;
}

QString SlurmScriptsDialog::folder() const { return m_folder->text().trimmed(); }

QString SlurmScriptsDialog::problem() const
{
    try {
        SlurmJobScripts::check(request(), folder().toStdString());
    } catch (const SlurmRequestError& e) {
        return QString::fromStdString(e.what());
    }
    if (!QFileInfo(QFileInfo(folder()).absolutePath()).isDir())
        return tr("The scripts folder's parent folder does not exist.");
    return {};
}

void SlurmScriptsDialog::update()
{
    const QString problem = this->problem();
    m_write->setEnabled(problem.isEmpty());
    m_message->setText(problem.isEmpty() ? tr("Writes zoo-shards.sbatch, zoo-merge.sbatch and submit.sh into %1.").arg(folder())
                                         : problem);
    m_message->setStyleSheet(problem.isEmpty() ? QString() : QStringLiteral("color: #D55E00;"));
}

} // namespace zooscope
