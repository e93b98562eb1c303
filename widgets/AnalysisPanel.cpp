#include "widgets/AnalysisPanel.h"

#include "widgets/ChartExportMenu.h"
#include "widgets/ColorMap.h"
#include "widgets/ModelSelectionPanel.h"
#include "widgets/SelectionReportPanel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QTabWidget>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace zooscope {

namespace {

QString propertyTitle(const std::string& id)
{
    static const std::pair<const char*, const char*> titles[] = {
        {"test_accuracy", QT_TRANSLATE_NOOP("AnalysisPanel", "test accuracy")},
        {"generalization_gap", QT_TRANSLATE_NOOP("AnalysisPanel", "generalisation gap")},
        {"epoch", QT_TRANSLATE_NOOP("AnalysisPanel", "epoch")},
        {"lr", QT_TRANSLATE_NOOP("AnalysisPanel", "learning rate (log10)")},
        {"weight_decay", QT_TRANSLATE_NOOP("AnalysisPanel", "weight decay (log10)")},
        {"activation", QT_TRANSLATE_NOOP("AnalysisPanel", "activation")},
        {"init", QT_TRANSLATE_NOOP("AnalysisPanel", "initialisation")},
        {"optimizer", QT_TRANSLATE_NOOP("AnalysisPanel", "optimizer")},
    };
    for (const auto& [key, title] : titles)
        if (id == key)
            return QCoreApplication::translate("AnalysisPanel", title);
    return QString::fromStdString(id);
}

// Short names for the bar chart's axis, where eight properties share a narrow panel.
QString shortTitle(const std::string& id)
{
    static const std::pair<const char*, const char*> titles[] = {
        {"test_accuracy", QT_TRANSLATE_NOOP("AnalysisPanel", "acc.")},
        {"generalization_gap", QT_TRANSLATE_NOOP("AnalysisPanel", "gap")},
        {"epoch", QT_TRANSLATE_NOOP("AnalysisPanel", "epoch")},
        {"lr", QT_TRANSLATE_NOOP("AnalysisPanel", "lr")},
        {"weight_decay", QT_TRANSLATE_NOOP("AnalysisPanel", "wd")},
        {"activation", QT_TRANSLATE_NOOP("AnalysisPanel", "act.*")},
        {"init", QT_TRANSLATE_NOOP("AnalysisPanel", "init*")},
        {"optimizer", QT_TRANSLATE_NOOP("AnalysisPanel", "optim.*")},
    };
    for (const auto& [key, title] : titles)
        if (id == key)
            return QCoreApplication::translate("AnalysisPanel", title);
    return QString::fromStdString(id);
}

QString score(double v) { return std::isfinite(v) ? QString::number(v, 'f', 3) : QStringLiteral("-"); }

} // namespace

AnalysisPanel::AnalysisPanel(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("analysisPanel"));
    // Three questions, one tab each: what the latents know (probes), which models to keep training
    // (model selection), what is wrong with or changed in the selected checkpoints.
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("analysisTabs"));
    outer->addWidget(m_tabs);
    auto* probes = new QWidget(m_tabs);
    auto* layout = new QVBoxLayout(probes);
    auto* top = new QHBoxLayout;
    m_run = new QPushButton(tr("Run Probes"), probes);
    m_run->setObjectName(QStringLiteral("runAnalysisButton"));
    m_run->setToolTip(tr("Fit linear probes on the train population, choose lambda on validation, score on test"));
    m_status = new QLabel(tr("Linear probes: what the latents know about each model, against the raw weights W and "
                             "their per-layer statistics s(W)."),
                          probes);
    m_status->setObjectName(QStringLiteral("analysisStatus"));
    m_status->setWordWrap(true);
    top->addWidget(m_run);
    top->addWidget(m_status, 1);
    layout->addLayout(top);
    connect(m_run, &QPushButton::clicked, this, &AnalysisPanel::runRequested);

    auto* splitter = new QSplitter(Qt::Vertical, probes);
    m_table = new QTableWidget(0, 4, splitter);
    m_table->setObjectName(QStringLiteral("probeTable"));
    m_table->setHorizontalHeaderLabels({tr("Property"), tr("Latent"), tr("W"), tr("s(W)")});
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setToolTip(tr("Test-population R² for continuous properties, accuracy for categorical ones (marked *)"));

    m_scores = new QCustomPlot(splitter);
    m_scores->setObjectName(QStringLiteral("probeScoreChart"));
    m_scores->setMinimumHeight(160);
    connect(new ChartExportMenu(m_scores), &ChartExportMenu::exportRequested, this, &AnalysisPanel::figureExportRequested);
    m_scores->yAxis->setLabel(tr("test R² / accuracy"));
    m_scores->yAxis->setRange(0, 1);
    // The legend in a row of its own above the bars, so that it never hides one.
    m_scores->legend->setVisible(true);
    m_scores->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    m_scores->legend->setBorderPen(Qt::NoPen);
    m_scores->plotLayout()->insertRow(0);
    m_scores->plotLayout()->addElement(0, 0, m_scores->legend);
    m_scores->plotLayout()->setRowStretchFactor(0, 0.001);

    auto* scatterBox = new QWidget(splitter);
    auto* sl = new QVBoxLayout(scatterBox);
    sl->setContentsMargins(0, 0, 0, 0);
    m_property = new QComboBox(scatterBox);
    m_property->setObjectName(QStringLiteral("analysisPropertyCombo"));
    sl->addWidget(m_property);
    m_scatter = new QCustomPlot(scatterBox);
    m_scatter->setObjectName(QStringLiteral("probeScatter"));
    m_scatter->setMinimumHeight(200);
    connect(new ChartExportMenu(m_scatter), &ChartExportMenu::exportRequested, this, &AnalysisPanel::figureExportRequested);
    m_scatter->xAxis->setLabel(tr("true"));
    m_scatter->yAxis->setLabel(tr("predicted"));
    m_scatter->legend->setVisible(true);
    m_scatter->legend->setBrush(QColor(255, 255, 255, 200));
    m_scatter->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    sl->addWidget(m_scatter, 1);
    layout->addWidget(splitter, 1);
    m_tabs->addTab(probes, tr("Probes"));
    m_modelSelection = new ModelSelectionPanel(m_tabs);
    m_tabs->addTab(m_modelSelection, tr("Model Selection"));
    m_selectionReport = new SelectionReportPanel(m_tabs);
    m_tabs->addTab(m_selectionReport, tr("Selected Checkpoints"));
    connect(m_property, qOverload<int>(&QComboBox::currentIndexChanged), this, &AnalysisPanel::updateScatter);
}

void AnalysisPanel::showPart(Part part) { m_tabs->setCurrentIndex(static_cast<int>(part)); }

AnalysisPanel::Part AnalysisPanel::currentPart() const { return static_cast<Part>(m_tabs->currentIndex()); }

void AnalysisPanel::clear()
{
    setResults({}, {}, false);
}

void AnalysisPanel::setBusy(bool busy) { m_run->setEnabled(!busy); }

void AnalysisPanel::setStatus(const QString& text) { m_status->setText(text); }

void AnalysisPanel::setResults(const std::vector<PropertyProbe>& probes, std::vector<ProbePredictions> predictions, bool hasLatent)
{
    m_table->setRowCount(int(probes.size()));
    for (int r = 0; r < int(probes.size()); ++r) {
        const PropertyProbe& p = probes[size_t(r)];
        const QString name = propertyTitle(p.property) + (p.categorical ? QStringLiteral(" *") : QString());
        m_table->setItem(r, 0, new QTableWidgetItem(name));
        m_table->setItem(r, 1, new QTableWidgetItem(hasLatent ? score(p.latent.testScore) : QStringLiteral("-")));
        m_table->setItem(r, 2, new QTableWidgetItem(score(p.weights.testScore)));
        m_table->setItem(r, 3, new QTableWidgetItem(score(p.stats.testScore)));
        for (int c = 1; c < 4; ++c)
            m_table->item(r, c)->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    }

    // Grouped bars: one group per property, latent / W / s(W).
    m_scores->clearPlottables();
    auto* group = new QCPBarsGroup(m_scores);
    const auto& palette = ColorMap::okabeIto();
    struct Series {
        QString name;
        QColor colour;
        double ProbeFit::*field;
        ProbeFit PropertyProbe::*fit;
    };
    const std::vector<Series> series{{tr("latent"), palette[4], &ProbeFit::testScore, &PropertyProbe::latent},
                                     {tr("W"), palette[0], &ProbeFit::testScore, &PropertyProbe::weights},
                                     {tr("s(W)"), palette[2], &ProbeFit::testScore, &PropertyProbe::stats}};
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (size_t k = 0; k < probes.size(); ++k)
        ticker->addTick(double(k + 1), shortTitle(probes[k].property));
    for (size_t s = 0; s < series.size(); ++s) {
        if (s == 0 && !hasLatent)
            continue;
        auto* bars = new QCPBars(m_scores->xAxis, m_scores->yAxis);
        bars->setName(series[s].name);
        bars->setBrush(series[s].colour);
        bars->setPen(Qt::NoPen);
        bars->setWidth(0.25);
        bars->setBarsGroup(group);
        for (size_t k = 0; k < probes.size(); ++k)
            bars->addData(double(k + 1), std::max(0.0, (probes[k].*(series[s].fit)).*(series[s].field)));
    }
    m_scores->xAxis->setTicker(ticker);
    m_scores->xAxis->setRange(0.4, double(probes.size()) + 0.6);
    m_scores->yAxis->setRange(0, 1.05);
    m_scores->replot();

    m_predictions = std::move(predictions);
    const QString current = m_property->currentData().toString();
    {
        const QSignalBlocker block(m_property);
        m_property->clear();
        for (const ProbePredictions& p : m_predictions)
            m_property->addItem(tr("Predicted vs true: %1").arg(p.title), p.property);
        m_property->setCurrentIndex(std::max(0, m_property->findData(current)));
    }
    updateScatter();
}

bool AnalysisPanel::showProperty(const QString& property)
{
    const int index = m_property->findData(property);
    if (index < 0)
        return false;
    m_property->setCurrentIndex(index);
    updateScatter();
    return true;
}

void AnalysisPanel::updateScatter()
{
    m_scatter->clearPlottables();
    m_scatter->clearItems();
    const int index = m_property->currentIndex();
    if (index < 0 || index >= int(m_predictions.size())) {
        m_scatter->replot();
        return;
    }
    const ProbePredictions& p = m_predictions[size_t(index)];
    const auto& palette = ColorMap::okabeIto();
    double lo = 1e300, hi = -1e300;
    const auto add = [&](const std::vector<double>& predicted, const QString& name, const QColor& colour, QCPScatterStyle::ScatterShape shape) {
        if (predicted.size() != p.truth.size() || predicted.empty())
            return;
        QCPGraph* g = m_scatter->addGraph();
        g->setName(name);
        g->setLineStyle(QCPGraph::lsNone);
        QColor c = colour;
        c.setAlpha(150);
        g->setScatterStyle(QCPScatterStyle(shape, c, c, 5));
        QVector<double> x(int(p.truth.size())), y(int(p.truth.size()));
        for (size_t i = 0; i < p.truth.size(); ++i) {
            x[int(i)] = p.truth[i];
            y[int(i)] = predicted[i];
            lo = std::min({lo, x[int(i)], y[int(i)]});
            hi = std::max({hi, x[int(i)], y[int(i)]});
        }
        g->setData(x, y, false);
    };
    add(p.stats, tr("s(W): R² %1").arg(score(p.statsR2)), palette[2], QCPScatterStyle::ssCircle);
    add(p.latent, tr("latent: R² %1").arg(score(p.latentR2)), palette[4], QCPScatterStyle::ssDisc);
    if (lo < hi) {
        auto* diagonal = new QCPItemStraightLine(m_scatter);
        diagonal->point1->setCoords(lo, lo);
        diagonal->point2->setCoords(hi, hi);
        diagonal->setPen(QPen(Qt::gray, 1, Qt::DashLine));
        const double pad = 0.05 * (hi - lo);
        m_scatter->xAxis->setRange(lo - pad, hi + pad);
        m_scatter->yAxis->setRange(lo - pad, hi + pad);
    }
    m_scatter->xAxis->setLabel(tr("true %1").arg(p.title));
    m_scatter->yAxis->setLabel(tr("predicted %1").arg(p.title));
    m_scatter->replot();
}

} // namespace zooscope
