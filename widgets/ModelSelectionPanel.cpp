#include "widgets/ModelSelectionPanel.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace zooscope {

namespace {

QString predictorTitle(SelectionPredictor p)
{
    switch (p) {
    case SelectionPredictor::Latent: return ModelSelectionPanel::tr("latent");
    case SelectionPredictor::Weights: return ModelSelectionPanel::tr("W");
    case SelectionPredictor::Statistics: return ModelSelectionPanel::tr("s(W)");
    case SelectionPredictor::CurrentAccuracy: return ModelSelectionPanel::tr("accuracy at k");
    case SelectionPredictor::LatentAndCurrent: return ModelSelectionPanel::tr("latent + accuracy at k");
    }
    return QString();
}

QString number(double v, int decimals = 3) { return std::isfinite(v) ? QString::number(v, 'f', decimals) : QStringLiteral("-"); }

} // namespace

ModelSelectionPanel::ModelSelectionPanel(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("modelSelectionPanel"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* title = new QLabel(tr("<b>Model selection</b>: predict each model's final test accuracy from an early checkpoint"), this);
    title->setWordWrap(true);
    layout->addWidget(title);

    auto* row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("From epoch"), this));
    m_epoch = new QComboBox(this);
    m_epoch->setObjectName(QStringLiteral("selectionEpochCombo"));
    m_epoch->setToolTip(tr("The checkpoint epoch k whose weights (or accuracy) the predictors read"));
    row->addWidget(m_epoch);
    m_run = new QPushButton(tr("Predict Final Accuracy"), this);
    m_run->setObjectName(QStringLiteral("runModelSelectionButton"));
    m_run->setToolTip(tr("Fit the predictors on the train population, choose lambda on validation, score on test"));
    row->addWidget(m_run);
    row->addStretch(1);
    layout->addLayout(row);
    connect(m_run, &QPushButton::clicked, this, [this] { emit runRequested(epoch()); });

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("modelSelectionStatus"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    m_table = new QTableWidget(0, 6, this);
    m_table->setObjectName(QStringLiteral("modelSelectionTable"));
    m_table->setHorizontalHeaderLabels({tr("Predictor"), tr("Kendall τ"), tr("R²"), tr("gap τ"), tr("top 10% prec."), tr("top 25% prec.")});
    // The numbers keep their width; the predictor's name takes what is left.
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setToolTip(tr("On the test population: rank correlation of predicted and true final accuracy (τ), R² of the "
                           "prediction, the same τ for the generalisation gap, and the share of the predicted top 10% / 25% "
                           "that is in the true top 10% / 25%"));
    m_table->setMinimumHeight(120);
    layout->addWidget(m_table, 1);

    // One predictor for both actions: what "keep" ranks by is what the view is coloured by.
    auto* by = new QHBoxLayout;
    by->addWidget(new QLabel(tr("Predictor"), this));
    m_predictor = new QComboBox(this);
    m_predictor->setObjectName(QStringLiteral("predictorCombo"));
    m_predictor->setToolTip(tr("The predictor whose predicted final accuracy the two actions below use"));
    by->addWidget(m_predictor, 1);
    layout->addLayout(by);

    auto* keep = new QHBoxLayout;
    m_keep = new QPushButton(tr("Keep Predicted Top"), this);
    m_keep->setObjectName(QStringLiteral("keepPredictedTopButton"));
    m_keep->setToolTip(tr("Select the models with the best predicted final accuracy (all their checkpoints) and keep them as "
                          "a named selection"));
    m_keepCount = new QSpinBox(this);
    m_keepCount->setObjectName(QStringLiteral("keepCountSpin"));
    m_keepCount->setRange(1, 100000);
    m_keepCount->setValue(10);
    m_keepCount->setSuffix(tr(" models"));
    keep->addWidget(m_keep);
    keep->addWidget(m_keepCount);
    m_colour = new QPushButton(tr("Colour by Prediction"), this);
    m_colour->setObjectName(QStringLiteral("colourByPredictionButton"));
    m_colour->setToolTip(tr("Colour every checkpoint of the 3D view by its model's predicted final accuracy"));
    keep->addWidget(m_colour);
    keep->addStretch(1);
    layout->addLayout(keep);
    connect(m_keep, &QPushButton::clicked, this, [this] { emit keepRequested(m_keepCount->value(), predictor()); });
    connect(m_colour, &QPushButton::clicked, this, [this] { emit colourRequested(predictor()); });

    setEpochs({}, 0);
    setResult(nullptr);
}

void ModelSelectionPanel::setEpochs(const std::vector<int64_t>& epochs, int64_t finalEpoch)
{
    const int64_t previous = epoch();
    m_epoch->clear();
    for (int64_t e : epochs)
        m_epoch->addItem(QString::number(e), QVariant::fromValue<qlonglong>(e));
    // Epoch 1 is the usual question ("after one epoch, which models are worth training on?").
    if (!setEpoch(previous) && !setEpoch(1))
        m_epoch->setCurrentIndex(0);
    setStatus(epochs.empty() ? tr("The zoo has no checkpoint before its last epoch to predict from.")
                             : tr("Predicts the test accuracy at epoch %1, the zoo's last.").arg(finalEpoch));
    setBusy(m_busy);
}

bool ModelSelectionPanel::setEpoch(int64_t e)
{
    const int index = m_epoch->findData(QVariant::fromValue<qlonglong>(e));
    if (index < 0)
        return false;
    m_epoch->setCurrentIndex(index);
    return true;
}

int64_t ModelSelectionPanel::epoch() const { return m_epoch->count() ? m_epoch->currentData().toLongLong() : -1; }

SelectionPredictor ModelSelectionPanel::predictor() const
{
    return static_cast<SelectionPredictor>(m_predictor->currentData().toInt());
}

void ModelSelectionPanel::setResult(const ModelSelectionReport* report)
{
    const SelectionAtEpoch* at = report && !report->epochs.empty() ? &report->epochs.front() : nullptr;
    const QVariant previous = m_predictor->currentData();
    m_predictor->clear();
    m_table->setRowCount(at ? int(at->scores.size()) : 0);
    if (at) {
        for (size_t i = 0; i < at->scores.size(); ++i) {
            const SelectionScore& s = at->scores[i];
            const QString cells[6] = {predictorTitle(s.predictor), number(s.kendallTau), number(s.r2), number(s.gapKendallTau),
                                      s.precision.size() > 0 ? number(s.precision[0], 2) : QStringLiteral("-"),
                                      s.precision.size() > 1 ? number(s.precision[1], 2) : QStringLiteral("-")};
            for (int c = 0; c < 6; ++c)
                m_table->setItem(int(i), c, new QTableWidgetItem(cells[c]));
            m_predictor->addItem(predictorTitle(s.predictor), int(s.predictor));
        }
        const int index = m_predictor->findData(previous);
        m_predictor->setCurrentIndex(index >= 0 ? index : 0);
        setStatus(tr("From epoch %1 to epoch %2, on %3 test models (best final accuracy %4%). Stopping all but the predicted "
                     "top 25% at epoch %1 saves %5 of %6 model-epochs.")
                      .arg(at->epoch)
                      .arg(report->finalEpoch)
                      .arg(at->testModelRows.size())
                      .arg(number(100 * at->bestFinalAccuracy, 2))
                      .arg(at->modelEpochsSaved.size() > 1 ? at->modelEpochsSaved[1] : 0)
                      .arg(static_cast<qlonglong>(at->testModelRows.size()) * report->finalEpoch));
    }
    setBusy(m_busy);
}

void ModelSelectionPanel::setBusy(bool busy)
{
    m_busy = busy;
    m_run->setEnabled(!busy && m_epoch->count() > 0);
    m_keep->setEnabled(!busy && m_predictor->count() > 0);
    m_keepCount->setEnabled(m_keep->isEnabled());
    m_predictor->setEnabled(m_keep->isEnabled());
    m_colour->setEnabled(m_keep->isEnabled());
}

void ModelSelectionPanel::setStatus(const QString& text) { m_status->setText(text); }

} // namespace zooscope
