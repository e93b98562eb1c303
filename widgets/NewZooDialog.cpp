#include "widgets/NewZooDialog.h"

#include "widgets/FieldWithButton.h"

#include "core/IntegerList.h"
#include "training/ZooRecipe.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QRegularExpression>
#include <QVBoxLayout>

#include <stdexcept>

namespace zooscope {

namespace {

std::vector<int64_t> parsedList(const QString& text, const IntegerListRules& rules, const QString& field, QString* problem)
{
    try {
        return parseIntegerList(text.toStdString(), rules);
    } catch (const std::invalid_argument& e) {
        if (problem && problem->isEmpty())
            *problem = field + QStringLiteral(": ") + QString::fromStdString(e.what());
    }
    return {};
}

// The command as a shell takes it: options with their values kept together on lines of about 80
// characters, continued with a backslash; values with spaces or quotes single-quoted.
QString commandText(const QStringList& args)
{
    const auto quoted = [](const QString& a) {
        if (!a.isEmpty() && !a.contains(QRegularExpression(QStringLiteral("[^A-Za-z0-9_./,:=+-]"))))
            return a;
        QString q = a;
        q.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
        return QLatin1Char('\'') + q + QLatin1Char('\'');
    };
    QStringList lines{QStringLiteral("zooscope-cli zoo create")};
    for (int i = 0; i < args.size(); ++i) {
        QString item = quoted(args[i]);
        if (args[i].startsWith(QLatin1String("--")) && i + 1 < args.size() && !args[i + 1].startsWith(QLatin1String("--")))
            item += QLatin1Char(' ') + quoted(args[++i]);
        if (lines.last().size() + 1 + item.size() > 78)
            lines << QStringLiteral("  ") + item;
        else
            lines.last() += QLatin1Char(' ') + item;
    }
    return lines.join(QStringLiteral(" \\\n"));
}

bool hasIdxFiles(const QString& folder)
{
    const QDir dir(folder);
    for (const char* name : {"train-images-idx3-ubyte", "train-images-idx3-ubyte.gz", "train-images.idx3-ubyte"})
        if (dir.exists(QLatin1String(name)))
            return true;
    return false;
}

} // namespace

NewZooDialog::NewZooDialog(QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("newZooDialog"));
    setWindowTitle(tr("New Model Zoo"));

    m_recipe = new QComboBox;
    m_recipe->setObjectName(QStringLiteral("recipeCombo"));
    m_recipe->addItem(tr("Public F-MNIST grid (256 configurations)"));
    m_recipe->addItem(tr("Seed recipe (tanh, uniform init, Adam 3e-4), one model per seed"));

    m_seedsPerConfig = new QSpinBox;
    m_seedsPerConfig->setObjectName(QStringLiteral("seedsPerConfigSpin"));
    m_seedsPerConfig->setRange(1, int(ZooCreation::kMaxSeedsPerConfig));
    m_seedsPerConfig->setToolTip(tr("Seeds 1..K for each of the grid's 256 configurations"));
    m_seeds = new QLineEdit(QStringLiteral("1-100"));
    m_seeds->setObjectName(QStringLiteral("seedsEdit"));
    m_seeds->setToolTip(tr("Seeds as a list with ranges, e.g. 1-1000 or 1,5,7-9"));
    m_models = new QLabel;
    m_models->setObjectName(QStringLiteral("modelsLabel"));

    m_epochs = new QSpinBox;
    m_epochs->setObjectName(QStringLiteral("epochsSpin"));
    m_epochs->setRange(1, int(ZooCreation::kMaxEpochs));
    m_epochs->setValue(50);
    m_checkpoints = new QLineEdit;
    m_checkpoints->setObjectName(QStringLiteral("checkpointsEdit"));
    m_checkpoints->setPlaceholderText(tr("every epoch"));
    m_checkpoints->setToolTip(tr("Epochs to keep the weights of, e.g. 0,1,2,5,10,20-50 (0: untrained)"));
    m_batch = new QSpinBox;
    m_batch->setObjectName(QStringLiteral("batchSpin"));
    m_batch->setRange(1, int(ZooCreation::kMaxBatchSize));
    m_batch->setValue(10);

    m_dataset = new QLineEdit(defaultDatasetFolder());
    m_dataset->setObjectName(QStringLiteral("datasetEdit"));
    m_dataset->setToolTip(tr("A folder with the four IDX files of an image dataset (MNIST's format)"));
    auto* browseDataset = new QPushButton(tr("&Browse..."));
    connect(browseDataset, &QPushButton::clicked, this, &NewZooDialog::chooseDataset);
    m_maxTrain = new QSpinBox;
    m_maxTrain->setObjectName(QStringLiteral("maxTrainImagesSpin"));
    m_maxTrain->setRange(0, int(ZooCreation::kMaxImages));
    m_maxTrain->setSpecialValueText(tr("all"));
    m_maxTrain->setToolTip(tr("Train on the first N training images only (quick trials)"));
    m_maxEval = new QSpinBox;
    m_maxEval->setObjectName(QStringLiteral("maxEvalImagesSpin"));
    m_maxEval->setRange(0, int(ZooCreation::kMaxImages));
    m_maxEval->setSpecialValueText(tr("all"));
    m_maxEval->setToolTip(tr("Measure validation and test accuracy on the first N images only"));

    m_output = new QLineEdit;
    m_output->setObjectName(QStringLiteral("outputEdit"));
    m_output->setPlaceholderText(tr("the zoo file to write (.zoo.h5)"));
    auto* browseOutput = new QPushButton(tr("Bro&wse..."));
    connect(browseOutput, &QPushButton::clicked, this, &NewZooDialog::chooseOutput);
    m_threads = new QSpinBox;
    m_threads->setObjectName(QStringLiteral("threadsSpin"));
    m_threads->setRange(0, 1024);
    m_threads->setSpecialValueText(tr("all cores"));
    m_resumeInterval = new QDoubleSpinBox;
    m_resumeInterval->setObjectName(QStringLiteral("resumeIntervalSpin"));
    m_resumeInterval->setRange(0, 1e6);
    m_resumeInterval->setDecimals(0);
    m_resumeInterval->setValue(60);
    m_resumeInterval->setSuffix(tr(" s"));
    m_resumeInterval->setToolTip(tr("How often the state is saved next to the output while training (a stopped run continues from it)"));

    auto* form = new QFormLayout;
    form->addRow(tr("&Recipe:"), m_recipe);
    form->addRow(tr("Seeds per confi&guration:"), m_seedsPerConfig);
    form->addRow(tr("S&eeds:"), m_seeds);
    m_form = form;
    form->addRow(tr("Models:"), m_models);
    form->addRow(tr("E&pochs:"), m_epochs);
    form->addRow(tr("Chec&kpoint epochs:"), m_checkpoints);
    form->addRow(tr("Batch si&ze:"), m_batch);
    form->addRow(tr("&Dataset folder:"), fieldWithButton(m_dataset, browseDataset));
    form->addRow(tr("&Training images:"), m_maxTrain);
    form->addRow(tr("E&valuation images:"), m_maxEval);
    form->addRow(tr("&Output file:"), fieldWithButton(m_output, browseOutput));
    form->addRow(tr("T&hreads:"), m_threads);
    form->addRow(tr("&Save state every:"), m_resumeInterval);

    m_message = new QLabel;
    m_message->setObjectName(QStringLiteral("messageLabel"));
    m_message->setWordWrap(true);
    m_command = new QPlainTextEdit;
    m_command->setObjectName(QStringLiteral("commandText"));
    m_command->setReadOnly(true);
    m_command->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_command->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_command->setFixedHeight(m_command->fontMetrics().lineSpacing() * 5 + 14);
    m_command->setToolTip(tr("The same zoo from the command line (a cluster job, a script)"));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    m_create = buttons->addButton(tr("Cre&ate"), QDialogButtonBox::AcceptRole);
    m_create->setObjectName(QStringLiteral("createButton"));
    m_create->setDefault(true);
    m_slurm = buttons->addButton(tr("Write S&lurm Job Scripts..."), QDialogButtonBox::ActionRole);
    m_slurm->setObjectName(QStringLiteral("slurmButton"));
    m_slurm->setVisible(false);
    connect(m_slurm, &QPushButton::clicked, this, &NewZooDialog::slurmScriptsRequested);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(new QLabel(tr("Command line:")));
    layout->addWidget(m_command);
    layout->addWidget(buttons);

    for (QLineEdit* e : {m_seeds, m_checkpoints, m_dataset, m_output})
        connect(e, &QLineEdit::textChanged, this, &NewZooDialog::update);
    for (QSpinBox* s : {m_seedsPerConfig, m_epochs, m_batch, m_maxTrain, m_maxEval, m_threads})
        connect(s, &QSpinBox::valueChanged, this, &NewZooDialog::update);
    connect(m_recipe, &QComboBox::currentIndexChanged, this, &NewZooDialog::update);
    connect(m_resumeInterval, &QDoubleSpinBox::valueChanged, this, &NewZooDialog::update);
    m_output->setFocus();
    update();
}

QString NewZooDialog::defaultDatasetFolder() { return QStringLiteral("/usr/share/datasets/fashion-mnist"); }

void NewZooDialog::setSlurmScriptsAvailable(bool available) { m_slurm->setVisible(available); }

void NewZooDialog::setPlan(const ZooCreationPlan& plan)
{
    const auto list = [](const std::vector<int64_t>& v) {
        QStringList s;
        for (int64_t x : v)
            s << QString::number(x);
        return s.join(QLatin1Char(','));
    };
    m_recipe->setCurrentIndex(plan.recipe == ZooCreationPlan::Recipe::Grid ? 0 : 1);
    m_seedsPerConfig->setValue(int(plan.seedsPerConfig));
    if (!plan.seeds.empty()) {
        // The plan's own list form: ranges as the command line writes them.
        const auto args = ZooCreation::arguments(plan);
        m_seeds->setText(QString::fromStdString(args[1]));
    }
    m_epochs->setValue(int(plan.epochs));
    m_checkpoints->setText(list(plan.checkpoints));
    m_batch->setValue(int(plan.batchSize));
    m_dataset->setText(plan.dataset == "fashion-mnist" ? defaultDatasetFolder() : QString::fromStdString(plan.dataset));
    m_maxTrain->setValue(plan.maxTrainImages < 0 ? 0 : int(plan.maxTrainImages));
    m_maxEval->setValue(plan.maxEvalImages < 0 ? 0 : int(plan.maxEvalImages));
    m_output->setText(QString::fromStdString(plan.out));
    m_threads->setValue(plan.threads);
    m_resumeInterval->setValue(plan.resumeIntervalSeconds);
    update();
}

ZooCreationPlan NewZooDialog::plan() const
{
    ZooCreationPlan p;
    p.recipe = m_recipe->currentIndex() == 0 ? ZooCreationPlan::Recipe::Grid : ZooCreationPlan::Recipe::Seeds;
    p.seedsPerConfig = m_seedsPerConfig->value();
    if (p.recipe == ZooCreationPlan::Recipe::Seeds)
        p.seeds = parsedList(m_seeds->text(), {.min = 0, .maxCount = ZooCreation::kMaxSeedCount}, {}, nullptr);
    p.epochs = m_epochs->value();
    if (!m_checkpoints->text().trimmed().isEmpty())
        p.checkpoints = parsedList(m_checkpoints->text(), {.min = 0, .max = p.epochs, .sortedUnique = true}, {}, nullptr);
    p.batchSize = m_batch->value();
    p.dataset = QDir::cleanPath(m_dataset->text().trimmed()).toStdString();
    p.maxTrainImages = m_maxTrain->value() > 0 ? m_maxTrain->value() : -1;
    p.maxEvalImages = m_maxEval->value() > 0 ? m_maxEval->value() : -1;
    p.out = m_output->text().trimmed().toStdString();
    p.threads = m_threads->value();
    p.resumeIntervalSeconds = m_resumeInterval->value();
    return p;
}

QString NewZooDialog::problem() const
{
    QString problem;
    if (m_recipe->currentIndex() == 1)
        parsedList(m_seeds->text(), {.min = 0, .maxCount = ZooCreation::kMaxSeedCount}, tr("Seeds"), &problem);
    if (!m_checkpoints->text().trimmed().isEmpty())
        parsedList(m_checkpoints->text(), {.min = 0, .max = m_epochs->value(), .sortedUnique = true}, tr("Checkpoint epochs"), &problem);
    if (!problem.isEmpty())
        return problem;
    const QString dataset = m_dataset->text().trimmed();
    if (dataset.isEmpty())
        return tr("Choose the dataset folder.");
    if (dataset != QLatin1String("fashion-mnist")) {
        if (!QFileInfo(dataset).isDir())
            return tr("The dataset folder %1 does not exist.").arg(dataset);
        if (!hasIdxFiles(dataset))
            return tr("%1 has no IDX files (train-images-idx3-ubyte[.gz] and the other three).").arg(dataset);
    }
    if (m_maxTrain->value() > 0 && m_batch->value() > m_maxTrain->value())
        return tr("The batch size %1 is more than the %2 training images.").arg(m_batch->value()).arg(m_maxTrain->value());
    const QString out = m_output->text().trimmed();
    if (out.isEmpty())
        return tr("Choose the zoo file to write.");
    const QFileInfo info(out);
    if (info.isDir())
        return tr("%1 is a folder; give a file name.").arg(out);
    const QFileInfo folder(info.absolutePath());
    if (!folder.isDir())
        return tr("The folder %1 does not exist.").arg(folder.filePath());
    if (!folder.isWritable())
        return tr("Cannot write in the folder %1.").arg(folder.filePath());
    return {};
}

QStringList NewZooDialog::createArguments() const
{
    QStringList list;
    for (const std::string& a : ZooCreation::arguments(plan()))
        list << QString::fromStdString(a);
    return list;
}

void NewZooDialog::update()
{
    const bool grid = m_recipe->currentIndex() == 0;
    m_form->setRowVisible(m_seedsPerConfig, grid);
    m_form->setRowVisible(m_seeds, !grid);
    const qint64 models = grid ? qint64(ZooRecipe::publicFmnistGrid(1).size()) * m_seedsPerConfig->value()
                               : qint64(plan().seeds.size());
    m_models->setText(tr("%1 models").arg(models));
    const QString problem = this->problem();
    m_create->setEnabled(problem.isEmpty());
    m_slurm->setEnabled(problem.isEmpty());
    QString note;
    if (problem.isEmpty()) {
        const QString out = m_output->text().trimmed();
        if (QFileInfo::exists(QString::fromStdString(ZooCreation::resumePath(out.toStdString()))))
            note = tr("A stopped run left its state next to this file: with the same settings, training continues where it stopped.");
        else if (QFileInfo::exists(out))
            note = tr("%1 exists and will be replaced.").arg(QFileInfo(out).fileName());
    }
    m_message->setText(problem.isEmpty() ? note : problem);
    m_message->setStyleSheet(problem.isEmpty() ? QString() : QStringLiteral("color: #D55E00;"));
    m_command->setPlainText(problem.isEmpty() ? commandText(createArguments()) : QString());
}

void NewZooDialog::chooseDataset()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Dataset Folder"), m_dataset->text());
    if (!dir.isEmpty())
        m_dataset->setText(dir);
}

void NewZooDialog::chooseOutput()
{
    QString file = QFileDialog::getSaveFileName(this, tr("New Zoo File"), m_output->text(),
                                                tr("Model zoos (*.h5 *.hdf5);;All files (*)"), nullptr,
                                                QFileDialog::DontConfirmOverwrite);
    if (file.isEmpty())
        return;
    if (QFileInfo(file).suffix().isEmpty())
        file += QStringLiteral(".zoo.h5");
    m_output->setText(file);
}

} // namespace zooscope
