#include "widgets/SamplingPanel.h"

#include "core/IntegerList.h"

#include "widgets/SamplingResultsChart.h"
#include "widgets/HyperRepresentationPanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QVBoxLayout>

#include <algorithm>

namespace zooscope {

namespace {
const std::vector<SamplingMethod>& methods()
{
    // The published KDE first, so it is the default: on the shipped hyper-representation it keeps ~91% of
    // the anchors' accuracy, while a true KDE with Scott's bandwidth decodes far from the training latents
    // into near-chance models (docs/sampling-default-zoo.md).
    static const std::vector<SamplingMethod> all{
        SamplingMethod::KdePaper, SamplingMethod::Kde, SamplingMethod::Gauss,
        SamplingMethod::Gmm,  SamplingMethod::Neigh,    SamplingMethod::Uniform,
        SamplingMethod::Noise, SamplingMethod::RandomInit, SamplingMethod::Zoo};
    return all;
}

QString methodTitle(SamplingMethod m)
{
    switch (m) {
    case SamplingMethod::KdePaper: return SamplingPanel::tr("KDE as published (kde-paper)");
    case SamplingMethod::Kde: return SamplingPanel::tr("KDE (kde)");
    case SamplingMethod::Gauss: return SamplingPanel::tr("Gaussian (gauss)");
    case SamplingMethod::Gmm: return SamplingPanel::tr("Gaussian mixture (gmm)");
    case SamplingMethod::Neigh: return SamplingPanel::tr("Neighbourhood box (neigh)");
    case SamplingMethod::Uniform: return SamplingPanel::tr("Uniform (uniform)");
    case SamplingMethod::Noise: return SamplingPanel::tr("Baseline: anchors + noise (noise)");
    case SamplingMethod::RandomInit: return SamplingPanel::tr("Baseline: random init (random-init)");
    case SamplingMethod::Zoo: return SamplingPanel::tr("Baseline: anchors fine-tuned (zoo)");
    }
    return {};
}
} // namespace

SamplingPanel::SamplingPanel(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("samplingPanel"));
    auto* layout = new QVBoxLayout(this);

    auto* settings = new QGroupBox(tr("Sample from selection"), this);
    auto* form = new QFormLayout(settings);
    m_method = new QComboBox(settings);
    m_method->setObjectName(QStringLiteral("samplerCombo"));
    for (SamplingMethod m : methods()) {
        m_method->addItem(methodTitle(m), QString::fromStdString(toString(m)));
        m_method->setItemData(m_method->count() - 1, QString::fromStdString(samplingMethodDescription(m)), Qt::ToolTipRole);
    }
    form->addRow(tr("Sampler:"), m_method);
    m_methodDescription = new QLabel(settings);
    m_methodDescription->setObjectName(QStringLiteral("samplerDescription"));
    m_methodDescription->setWordWrap(true);
    m_methodDescription->setStyleSheet(QStringLiteral("color: palette(mid);"));
    form->addRow(m_methodDescription);

    m_count = new QSpinBox(settings);
    m_count->setObjectName(QStringLiteral("countSpin"));
    m_count->setRange(1, 100000);
    m_count->setValue(50);
    m_count->setToolTip(tr("How many new models to sample"));
    form->addRow(tr("Models:"), m_count);

    m_bandwidth = new QDoubleSpinBox(settings);
    m_bandwidth->setObjectName(QStringLiteral("bandwidthSpin"));
    m_bandwidth->setDecimals(4);
    m_bandwidth->setRange(0, 100);
    m_bandwidth->setSingleStep(0.01);
    m_bandwidth->setValue(0);
    m_bandwidth->setSpecialValueText(tr("automatic"));
    m_bandwidth->setToolTip(tr("Kernel width of the KDE samplers. Automatic: Scott's rule for kde, the published 0.002 for kde-paper."));
    form->addRow(tr("Bandwidth:"), m_bandwidth);

    m_epochs = new QLineEdit(QStringLiteral("0,1,5"), settings);
    m_epochs->setObjectName(QStringLiteral("finetuneEpochsEdit"));
    m_epochs->setToolTip(tr("Epochs at which the generated models are tested, comma-separated; 0 = as generated."));
    form->addRow(tr("Fine-tuning epochs:"), m_epochs);

    m_fromSelection = new QRadioButton(settings);
    m_fromSelection->setObjectName(QStringLiteral("anchorsSelectionRadio"));
    m_fromSelection->setChecked(true);
    m_fromTop = new QRadioButton(tr("Top"), settings);
    m_fromTop->setObjectName(QStringLiteral("anchorsTopRadio"));
    m_topPercent = new QDoubleSpinBox(settings);
    m_topPercent->setObjectName(QStringLiteral("topPercentSpin"));
    m_topPercent->setRange(0.1, 100);
    m_topPercent->setValue(30);
    m_topPercent->setSuffix(QStringLiteral(" %"));
    auto* topRow = new QHBoxLayout;
    topRow->addWidget(m_fromTop);
    topRow->addWidget(m_topPercent);
    topRow->addWidget(new QLabel(tr("of training models"), settings), 1);
    auto* anchors = new QVBoxLayout;
    anchors->addWidget(m_fromSelection);
    anchors->addLayout(topRow);
    m_anchorHint = new QLabel(settings);
    m_anchorHint->setObjectName(QStringLiteral("anchorHint"));
    m_anchorHint->setWordWrap(true);
    anchors->addWidget(m_anchorHint);
    form->addRow(tr("Anchors:"), anchors);

    m_compare = new QCheckBox(tr("Compare with random init"), settings);
    m_compare->setObjectName(QStringLiteral("compareRandomInitCheck"));
    m_compare->setChecked(true);
    m_compare->setToolTip(tr("Also train freshly initialised models with the zoo's recipe for the same epochs (baseline)."));
    m_compareCount = new QSpinBox(settings);
    m_compareCount->setObjectName(QStringLiteral("randomInitCountSpin"));
    m_compareCount->setRange(1, 10000);
    m_compareCount->setValue(10);
    m_compareCount->setSuffix(tr(" models"));
    auto* compareRow = new QHBoxLayout;
    compareRow->addWidget(m_compare, 1);
    compareRow->addWidget(m_compareCount);
    form->addRow(compareRow);
    m_novelty = new QCheckBox(tr("Measure novelty against the training models"), settings);
    m_novelty->setObjectName(QStringLiteral("measureNoveltyCheck"));
    m_novelty->setChecked(true);
    m_novelty->setToolTip(tr("How many test images each generated model gets wrong in the same way as its most similar "
                             "training model (max IoU; 1 = a copy). Tests every training model once more: takes a while."));
    form->addRow(m_novelty);
    layout->addWidget(settings);

    auto* buttons = new QHBoxLayout;
    m_sample = new QPushButton(tr("Sample"), this);
    m_sample->setObjectName(QStringLiteral("sampleButton"));
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancelSamplingButton"));
    buttons->addWidget(m_sample);
    buttons->addWidget(m_cancel);
    buttons->addStretch(1);
    layout->addLayout(buttons);

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("generationProgress"));
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    layout->addWidget(m_progress);
    m_stage = new QLabel(this);
    m_stage->setObjectName(QStringLiteral("generationStage"));
    layout->addWidget(m_stage);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("generationStatus"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::RichText);
    layout->addWidget(m_status);

    m_chart = new SamplingResultsChart(this);
    layout->addWidget(m_chart, 1);
    m_export = new QPushButton(tr("Export Generated Models..."), this);
    m_export->setObjectName(QStringLiteral("exportGeneratedButton"));
    m_export->setToolTip(tr("Save the generated models as a zoo file (HDF5) that ZooScope and zooscope-cli open"));
    layout->addWidget(m_export, 0, Qt::AlignLeft);

    connect(m_sample, &QPushButton::clicked, this, &SamplingPanel::sampleRequested);
    connect(m_cancel, &QPushButton::clicked, this, &SamplingPanel::cancelRequested);
    connect(m_export, &QPushButton::clicked, this, &SamplingPanel::exportRequested);
    connect(m_method, &QComboBox::currentIndexChanged, this, [this] { updateEnabled(); });
    connect(m_fromSelection, &QRadioButton::toggled, this, [this] { updateEnabled(); });
    connect(m_compare, &QCheckBox::toggled, this, [this] { updateEnabled(); });
    connect(m_epochs, &QLineEdit::textChanged, this, [this] { updateEnabled(); });
    setSelectionCount(0);
    setRunning(false);
}

SamplingMethod SamplingPanel::currentMethod() const
{
    return samplingMethodFromString(m_method->currentData().toString().toStdString());
}

bool SamplingPanel::parseEpochs(const QString& text, std::vector<int64_t>* epochs)
{
    IntegerListRules rules;
    rules.min = 0;
    rules.max = 1000;
    rules.sortedUnique = true;
    try {
        const std::vector<int64_t> values = parseIntegerList(text.toStdString(), rules);
        if (epochs)
            *epochs = values;
    } catch (const std::invalid_argument&) {
        return false;
    }
    return true;
}

SamplingOptions SamplingPanel::options() const
{
    SamplingOptions o;
    o.method = currentMethod();
    o.count = m_count->value();
    o.sampler.bandwidth = m_bandwidth->value() > 0 ? m_bandwidth->value() : -1;
    parseEpochs(m_epochs->text(), &o.finetuneEpochs);
    o.measureNovelty = m_novelty->isChecked();
    if (m_fromTop->isChecked()) {
        o.anchors.kind = AnchorSelection::Kind::TopPercent;
        o.anchors.topPercent = m_topPercent->value();
    } else {
        o.anchors.kind = AnchorSelection::Kind::Explicit;
    }
    return o;
}

QString SamplingPanel::settingsError() const
{
    if (!m_zooOpen)
        return tr("Open a model zoo first.");
    if (needsHyperRepresentation(currentMethod()) && !m_hasHyperRepresentation)
        return tr("The latent samplers need a hyper-representation: train or load one (or pick a baseline).");
    if (!parseEpochs(m_epochs->text(), nullptr))
        return tr("The fine-tuning epochs must be a comma-separated list of whole numbers from 0 to 1000, e.g. 0,1,5.");
    if (m_fromSelection->isChecked() && m_selectionCount == 0)
        return tr("Select some points in the 3D view or the Models table first: they become the anchors.");
    return {};
}

bool SamplingPanel::anchorsFromSelection() const { return m_fromSelection->isChecked(); }
bool SamplingPanel::compareWithRandomInit() const { return m_compare->isChecked(); }
int64_t SamplingPanel::randomInitCount() const { return m_compareCount->value(); }

void SamplingPanel::setMethod(SamplingMethod method)
{
    const int i = m_method->findData(QString::fromStdString(toString(method)));
    if (i >= 0)
        m_method->setCurrentIndex(i);
}

void SamplingPanel::setCount(int count) { m_count->setValue(count); }
void SamplingPanel::setBandwidth(double bandwidth) { m_bandwidth->setValue(std::max(0.0, bandwidth)); }
void SamplingPanel::setFinetuneEpochsText(const QString& text) { m_epochs->setText(text); }

void SamplingPanel::setCompareWithRandomInit(bool on, int count)
{
    m_compare->setChecked(on);
    if (count > 0)
        m_compareCount->setValue(count);
}

void SamplingPanel::setMeasureNovelty(bool on) { m_novelty->setChecked(on); }

void SamplingPanel::setAvailability(bool zooOpen, bool hasHyperRepresentation)
{
    m_zooOpen = zooOpen;
    m_hasHyperRepresentation = hasHyperRepresentation;
    // The latent samplers are greyed out without a hyper-representation; the baselines stay.
    auto* model = qobject_cast<QStandardItemModel*>(m_method->model());
    for (int i = 0; model && i < m_method->count(); ++i) {
        const SamplingMethod m = samplingMethodFromString(m_method->itemData(i).toString().toStdString());
        if (QStandardItem* item = model->item(i))
            item->setEnabled(hasHyperRepresentation || !needsHyperRepresentation(m));
    }
    updateEnabled();
}

void SamplingPanel::setSelectionCount(int count)
{
    m_selectionCount = count;
    m_fromSelection->setText(count == 1 ? tr("The selection (1 checkpoint)") : tr("The selection (%1 checkpoints)").arg(count));
    updateEnabled();
}

void SamplingPanel::setRunning(bool running)
{
    m_running = running;
    m_progress->setVisible(running);
    m_stage->setVisible(running);
    if (running) {
        m_progress->setValue(0);
        m_stage->setText(tr("Starting..."));
    }
    updateEnabled();
}

void SamplingPanel::showProgress(const QString& stage, double fraction, double secondsLeft)
{
    m_progress->setValue(int(std::clamp(fraction, 0.0, 1.0) * 1000));
    m_stage->setText(secondsLeft >= 0 ? tr("%1, about %2 left").arg(stage, HyperRepresentationPanel::formatDuration(secondsLeft)) : stage);
}

void SamplingPanel::setStatus(const QString& text) { m_status->setText(text); }

void SamplingPanel::setResults(const SamplingChartData& data, const QString& summary)
{
    m_chart->setData(data);
    m_status->setText(summary);
    m_hasResults = true;
    updateEnabled();
}

void SamplingPanel::clearResults()
{
    m_chart->clear();
    m_hasResults = false;
    updateEnabled();
}

void SamplingPanel::updateEnabled()
{
    const SamplingMethod m = currentMethod();
    m_methodDescription->setText(QString::fromStdString(samplingMethodDescription(m)));
    m_bandwidth->setEnabled(!m_running && (m == SamplingMethod::Kde || m == SamplingMethod::KdePaper));
    for (QWidget* w : std::initializer_list<QWidget*>{m_method, m_count, m_epochs, m_fromSelection, m_fromTop, m_compare, m_novelty})
        w->setEnabled(!m_running);
    m_topPercent->setEnabled(!m_running && m_fromTop->isChecked());
    m_compareCount->setEnabled(!m_running && m_compare->isChecked());
    const QString error = settingsError();
    m_anchorHint->setText(m_fromSelection->isChecked() && m_selectionCount == 0
                              ? tr("<i>Nothing is selected: brush a region in the 3D view, or use the top models.</i>")
                              : QString());
    m_anchorHint->setVisible(!m_anchorHint->text().isEmpty());
    m_sample->setEnabled(!m_running && error.isEmpty());
    m_sample->setToolTip(error.isEmpty() ? tr("Sample new models from the anchors, test and fine-tune them") : error);
    m_cancel->setEnabled(m_running);
    m_export->setEnabled(!m_running && m_hasResults);
}

} // namespace zooscope
