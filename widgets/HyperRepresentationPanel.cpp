#include "widgets/HyperRepresentationPanel.h"
#include "hyperrep/HyperRepresentationRecipe.h"

#include "core/IntegerList.h"

#include "widgets/TrainingCurvesChart.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>

namespace zooscope {

namespace {

QSpinBox* spin(QWidget* parent, const char* name, int lo, int hi, int step = 1)
{
    auto* s = new QSpinBox(parent);
    s->setObjectName(QLatin1String(name));
    s->setRange(lo, hi);
    s->setSingleStep(step);
    return s;
}

// "all" / empty, or a list of epochs as core/IntegerList reads it ("5,10", "1-5").
bool parseEpochs(const QString& text, std::vector<int64_t>& epochs)
{
    epochs.clear();
    const QString t = text.trimmed();
    if (t.isEmpty() || t.compare(QLatin1String("all"), Qt::CaseInsensitive) == 0)
        return true;
    IntegerListRules rules;
    rules.min = 0;
    try {
        epochs = parseIntegerList(t.toStdString(), rules);
    } catch (const std::invalid_argument&) {
        return false;
    }
    return true;
}

} // namespace

HyperRepresentationPanel::HyperRepresentationPanel(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("trainingPanel"));
    auto* layout = new QVBoxLayout(this);
    m_settings = new QWidget(this);
    auto* columns = new QHBoxLayout(m_settings);
    columns->setContentsMargins(0, 0, 0, 0);

    auto* model = new QGroupBox(tr("Autoencoder"), m_settings);
    auto* mf = new QFormLayout(model);
    m_blocks = spin(model, "blocksSpin", 1, 12);
    m_dModel = spin(model, "dModelSpin", 4, 2048, 8);
    m_heads = spin(model, "headsSpin", 1, 32);
    m_feedForward = spin(model, "feedForwardSpin", 4, 8192, 16);
    m_latent = spin(model, "latentSpin", 2, 4096, 8);
    m_dropout = new QDoubleSpinBox(model);
    m_dropout->setObjectName(QStringLiteral("dropoutSpin"));
    m_dropout->setRange(0, 0.9);
    m_dropout->setSingleStep(0.05);
    m_dropout->setDecimals(2);
    mf->addRow(tr("Blocks"), m_blocks);
    mf->addRow(tr("d_model"), m_dModel);
    mf->addRow(tr("Heads"), m_heads);
    mf->addRow(tr("Feed-forward"), m_feedForward);
    mf->addRow(tr("Latent dim"), m_latent);
    mf->addRow(tr("Dropout"), m_dropout);
    m_blocks->setToolTip(tr("Transformer blocks in the encoder and again in the decoder"));
    m_heads->setToolTip(tr("Attention heads; d_model must be a multiple"));

    auto* recipe = new QGroupBox(tr("Training"), m_settings);
    auto* rf = new QFormLayout(recipe);
    m_epochs = spin(recipe, "epochsSpin", 1, 100000);
    m_batch = spin(recipe, "batchSpin", 2, 65536, 8);
    m_learningRate = new QDoubleSpinBox(recipe);
    m_learningRate->setObjectName(QStringLiteral("learningRateSpin"));
    m_learningRate->setDecimals(6);
    m_learningRate->setRange(1e-6, 1.0);
    m_learningRate->setSingleStep(1e-4);
    m_gamma = new QDoubleSpinBox(recipe);
    m_gamma->setObjectName(QStringLiteral("gammaSpin"));
    m_gamma->setRange(0, 1);
    m_gamma->setSingleStep(0.05);
    m_gamma->setDecimals(2);
    m_gamma->setToolTip(tr("Weight of the contrastive loss: gamma * NT-Xent + (1 - gamma) * reconstruction"));
    m_behaviourWeight = new QDoubleSpinBox(recipe);
    m_behaviourWeight->setObjectName(QStringLiteral("behaviourWeightSpin"));
    m_behaviourWeight->setRange(0, 1000);
    m_behaviourWeight->setDecimals(3);
    m_behaviourWeight->setSingleStep(0.05);
    m_behaviourWeight->setSpecialValueText(tr("off"));
    m_behaviourWeight->setToolTip(tr("Weight of the behavioural term: decoded and original models run on the first training images "
                                     "and log(1 + their logits' squared error relative to the originals' spread) joins the reconstruction loss, "
                                     "(1 - gamma) * (reconstruction + weight * behaviour). 0: off"));
    m_behaviourImages = spin(recipe, "behaviourImagesSpin", 1, 60000, 32);
    m_behaviourImages->setToolTip(tr("Training images the behavioural term runs the models on (its cost grows with them)"));
    m_behaviourStart = spin(recipe, "behaviourStartSpin", 1, 100000);
    m_behaviourStart->setToolTip(tr("The first epoch with the behavioural term: before the decoder reproduces weights roughly, "
                                    "its models' outputs are noise and the term drowns the reconstruction"));
    m_loss = new QComboBox(recipe);
    m_loss->setObjectName(QStringLiteral("lossCombo"));
    m_loss->addItem(tr("Layer-normalised"), int(ReconstructionLoss::LayerNormalised));
    m_loss->addItem(tr("Plain MSE"), int(ReconstructionLoss::PlainMse));
    m_loss->addItem(tr("Model-relative"), int(ReconstructionLoss::ModelRelative));
    m_loss->setToolTip(tr("Layer-wise loss normalisation (the paper's), plain MSE (the ablation), or each model's error "
                          "relative to its own layer scale (best on zoos whose models differ in scale)"));
    m_checkpointEpochs = new QLineEdit(recipe);
    m_checkpointEpochs->setObjectName(QStringLiteral("checkpointEpochsEdit"));
    m_checkpointEpochs->setPlaceholderText(tr("all"));
    m_checkpointEpochs->setToolTip(tr("Zoo epochs whose checkpoints are trained on, e.g. 5,10; empty: all"));
    rf->addRow(tr("Epochs"), m_epochs);
    rf->addRow(tr("Batch"), m_batch);
    rf->addRow(tr("Learning rate"), m_learningRate);
    rf->addRow(tr("Gamma"), m_gamma);
    rf->addRow(tr("Loss"), m_loss);
    rf->addRow(tr("Behaviour weight"), m_behaviourWeight);
    rf->addRow(tr("Behaviour images"), m_behaviourImages);
    rf->addRow(tr("Behaviour from epoch"), m_behaviourStart);
    for (QWidget* w : {static_cast<QWidget*>(m_behaviourWeight), static_cast<QWidget*>(m_behaviourImages),
                       static_cast<QWidget*>(m_behaviourStart)})
        w->setProperty("zooscopeToolTip", w->toolTip()); // restored when the term becomes available again
    // The term joins in the second half by default; a start tied to the epochs follows them, so that a
    // shorter training does not end before its term begins.
    connect(m_epochs, &QSpinBox::valueChanged, this, [this](int epochs) {
        if (m_behaviourStart->value() == m_epochsShown / 2 + 1)
            m_behaviourStart->setValue(epochs / 2 + 1);
        m_epochsShown = epochs;
    });
    rf->addRow(tr("Checkpoints"), m_checkpointEpochs);
    columns->addWidget(model);
    columns->addWidget(recipe);
    layout->addWidget(m_settings);

    auto* buttons = new QHBoxLayout;
    m_start = new QPushButton(tr("Train"), this);
    m_start->setObjectName(QStringLiteral("startTrainingButton"));
    m_pause = new QPushButton(tr("Pause"), this);
    m_pause->setObjectName(QStringLiteral("pauseTrainingButton"));
    m_pause->setCheckable(true);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancelTrainingButton"));
    buttons->addWidget(m_start);
    buttons->addWidget(m_pause);
    buttons->addWidget(m_cancel);
    layout->addLayout(buttons);
    connect(m_start, &QPushButton::clicked, this, &HyperRepresentationPanel::startRequested);
    connect(m_pause, &QPushButton::toggled, this, [this](bool on) {
        m_pause->setText(on ? tr("Resume") : tr("Pause"));
        emit pauseToggled(on);
    });
    connect(m_cancel, &QPushButton::clicked, this, &HyperRepresentationPanel::cancelRequested);

    auto* progressRow = new QHBoxLayout;
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("trainingProgress"));
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_progress->setTextVisible(true);
    m_progress->setFormat(QString());
    m_timeLeft = new QLabel(this);
    m_timeLeft->setObjectName(QStringLiteral("timeLeftLabel"));
    m_timeLeft->setMinimumWidth(120);
    progressRow->addWidget(m_progress, 1);
    progressRow->addWidget(m_timeLeft);
    layout->addLayout(progressRow);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("trainingStatus"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    m_chart = new TrainingCurvesChart(this);
    layout->addWidget(m_chart, 1);

    auto* current = new QGroupBox(tr("Hyper-representation in use"), this);
    auto* cl = new QVBoxLayout(current);
    m_model = new QLabel(tr("None: the view shows the flat weights."), current);
    m_model->setObjectName(QStringLiteral("modelDescription"));
    m_model->setWordWrap(true);
    cl->addWidget(m_model);
    auto* fileButtons = new QHBoxLayout;
    m_save = new QPushButton(tr("Save..."), current);
    m_save->setObjectName(QStringLiteral("saveHyperRepresentationButton"));
    m_load = new QPushButton(tr("Load..."), current);
    m_load->setObjectName(QStringLiteral("loadHyperRepresentationButton"));
    fileButtons->addWidget(m_save);
    fileButtons->addWidget(m_load);
    fileButtons->addStretch(1);
    cl->addLayout(fileButtons);
    layout->addWidget(current);
    connect(m_save, &QPushButton::clicked, this, &HyperRepresentationPanel::saveRequested);
    connect(m_load, &QPushButton::clicked, this, &HyperRepresentationPanel::loadRequested);

    const HyperRepresentationRecipe recommended = HyperRepresentationRecipe::recommended();
    setConfig(recommended.config);
    setTrainingOptions(recommended.options);
    updateButtons();
}

HyperRepresentationConfig HyperRepresentationPanel::config() const
{
    HyperRepresentationConfig c = m_baseConfig;
    c.blocks = m_blocks->value();
    c.dModel = m_dModel->value();
    c.heads = m_heads->value();
    c.feedForward = m_feedForward->value();
    c.latentDim = m_latent->value();
    c.dropout = m_dropout->value();
    return c;
}

void HyperRepresentationPanel::setConfig(const HyperRepresentationConfig& c)
{
    m_baseConfig = c;
    m_blocks->setValue(int(c.blocks));
    m_dModel->setValue(int(c.dModel));
    m_heads->setValue(int(c.heads));
    m_feedForward->setValue(int(c.feedForward));
    m_latent->setValue(int(c.latentDim));
    m_dropout->setValue(c.dropout);
}

HyperRepresentationTrainingOptions HyperRepresentationPanel::trainingOptions() const
{
    HyperRepresentationTrainingOptions o = m_baseOptions;
    o.epochs = m_epochs->value();
    o.batchSize = m_batch->value();
    o.learningRate = m_learningRate->value();
    o.gamma = m_gamma->value();
    o.loss = static_cast<ReconstructionLoss>(m_loss->currentData().toInt());
    o.behaviourWeight = m_behaviourAvailable ? m_behaviourWeight->value() : 0.0;
    o.behaviourImages = m_behaviourImages->value();
    o.behaviourStartEpoch = m_behaviourStart->value();
    if (!parseEpochs(m_checkpointEpochs->text(), o.checkpointEpochs))
        o.checkpointEpochs.clear();
    return o;
}

void HyperRepresentationPanel::setTrainingOptions(const HyperRepresentationTrainingOptions& o)
{
    m_baseOptions = o;
    m_epochs->setValue(int(o.epochs));
    m_batch->setValue(int(o.batchSize));
    m_learningRate->setValue(o.learningRate);
    m_gamma->setValue(o.gamma);
    m_loss->setCurrentIndex(m_loss->findData(int(o.loss)));
    m_behaviourWeight->setValue(o.behaviourWeight);
    m_behaviourImages->setValue(int(o.behaviourImages));
    m_behaviourStart->setValue(int(o.behaviourStartEpoch));
    QStringList epochs;
    for (int64_t e : o.checkpointEpochs)
        epochs << QString::number(e);
    m_checkpointEpochs->setText(epochs.join(QLatin1Char(',')));
}

void HyperRepresentationPanel::setBehaviourAvailable(bool available, const QString& reason)
{
    m_behaviourAvailable = available;
    for (QWidget* w : {static_cast<QWidget*>(m_behaviourWeight), static_cast<QWidget*>(m_behaviourImages),
                       static_cast<QWidget*>(m_behaviourStart)}) {
        w->setEnabled(available);
        w->setToolTip(available ? w->property("zooscopeToolTip").toString() : reason);
    }
}

void HyperRepresentationPanel::setCheckpointEpochsText(const QString& text) { m_checkpointEpochs->setText(text); }

QString HyperRepresentationPanel::checkpointEpochsError() const
{
    std::vector<int64_t> epochs;
    if (parseEpochs(m_checkpointEpochs->text(), epochs))
        return {};
    return tr("\"%1\" is not a list of epochs: write e.g. 5,10, or leave it empty for all checkpoints.")
        .arg(m_checkpointEpochs->text());
}

void HyperRepresentationPanel::setZooAvailable(bool available)
{
    m_zooAvailable = available;
    updateButtons();
}

void HyperRepresentationPanel::setRunning(bool running)
{
    m_running = running;
    if (!running) {
        const QSignalBlocker block(m_pause);
        m_pause->setChecked(false);
        m_pause->setText(tr("Pause"));
        m_timeLeft->clear();
    }
    updateButtons();
}

void HyperRepresentationPanel::setPaused(bool paused)
{
    {
        const QSignalBlocker block(m_pause);
        m_pause->setChecked(paused);
    }
    m_pause->setText(paused ? tr("Resume") : tr("Pause"));
    if (paused)
        m_timeLeft->setText(tr("paused"));
}

void HyperRepresentationPanel::beginTraining()
{
    m_chart->clear();
    m_progress->setValue(0);
    m_progress->setFormat(tr("starting..."));
    m_timeLeft->setText(tr("estimating..."));
}

void HyperRepresentationPanel::showProgress(const HyperRepresentationProgress& p)
{
    if (p.stepsPerEpoch > 0) {
        const double epoch = double(p.epoch - 1) + double(p.step) / double(p.stepsPerEpoch);
        if (p.epochEnd)
            m_chart->addEpoch(double(p.epoch), p.trainR2, p.validationR2);
        else
            m_chart->addStep(epoch, p.loss, p.batchR2, p.behaviourLoss);
    }
    if (p.stepsTotal > 0)
        m_progress->setValue(int(1000.0 * double(p.stepsDone) / double(p.stepsTotal)));
    m_progress->setFormat(tr("epoch %1/%2, step %3/%4").arg(p.epoch).arg(p.epochs).arg(p.step).arg(p.stepsPerEpoch));
    if (!m_pause->isChecked())
        m_timeLeft->setText(p.secondsLeft >= 0 ? tr("%1 left").arg(formatDuration(p.secondsLeft)) : tr("estimating..."));
    if (p.epochEnd && std::isfinite(p.behaviourLoss))
        setStatus(tr("Epoch %1: loss %2 (behaviour %5), reconstruction R² train %3, validation %4.")
                      .arg(p.epoch)
                      .arg(p.loss, 0, 'g', 4)
                      .arg(p.trainR2, 0, 'f', 3)
                      .arg(p.validationR2, 0, 'f', 3)
                      .arg(p.behaviourLoss, 0, 'g', 4));
    else if (p.epochEnd)
        setStatus(tr("Epoch %1: loss %2, reconstruction R² train %3, validation %4.")
                      .arg(p.epoch)
                      .arg(p.loss, 0, 'g', 4)
                      .arg(p.trainR2, 0, 'f', 3)
                      .arg(p.validationR2, 0, 'f', 3));
}

void HyperRepresentationPanel::setStatus(const QString& text) { m_status->setText(text); }

void HyperRepresentationPanel::setModelDescription(const QString& text, bool canSave)
{
    m_model->setText(text.isEmpty() ? tr("None: the view shows the flat weights.") : text);
    m_canSave = canSave;
    updateButtons();
}

QString HyperRepresentationPanel::formatDuration(double seconds)
{
    if (!(seconds >= 0) || !std::isfinite(seconds))
        return QStringLiteral("?");
    const long s = std::lround(seconds);
    if (s >= 3600)
        return tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
    if (s >= 60)
        return tr("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return tr("%1 s").arg(s);
}

void HyperRepresentationPanel::updateButtons()
{
    m_start->setEnabled(m_zooAvailable && !m_running);
    m_pause->setEnabled(m_running);
    m_cancel->setEnabled(m_running);
    m_settings->setEnabled(!m_running);
    m_save->setEnabled(m_canSave && !m_running);
    m_load->setEnabled(m_zooAvailable && !m_running);
}

} // namespace zooscope
