#include "widgets/HistogramPanel.h"

#include "widgets/HistogramChart.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QResizeEvent>
#include <QScrollArea>
#include <QStackedWidget>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace zooscope {

namespace {
constexpr int kColumnWidth = 320; // a histogram narrower than this is hard to brush
} // namespace

HistogramPanel::HistogramPanel(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("histogramPanel"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* bar = new QHBoxLayout;
    m_addButton = new QPushButton(tr("Add Histogram"), this);
    m_addButton->setObjectName(QStringLiteral("addHistogramButton"));
    m_addButton->setToolTip(tr("Show a histogram of another property"));
    m_addMenu = new QMenu(m_addButton);
    m_addMenu->setObjectName(QStringLiteral("addHistogramMenu"));
    m_addButton->setMenu(m_addMenu);
    connect(m_addMenu, &QMenu::aboutToShow, this, &HistogramPanel::fillAddMenu);
    m_clearButton = new QPushButton(tr("Clear Brushes"), this);
    m_clearButton->setObjectName(QStringLiteral("clearBrushesButton"));
    m_clearButton->setToolTip(tr("Remove every brush; the selection is cleared"));
    m_clearButton->setEnabled(false);
    connect(m_clearButton, &QPushButton::clicked, this, &HistogramPanel::clearBrushesRequested);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("histogramSummary"));
    m_summary->setWordWrap(true);
    bar->addWidget(m_addButton);
    bar->addWidget(m_clearButton);
    bar->addWidget(m_summary, 1);
    // What the colours mean, as the charts draw them.
    const auto swatch = [](const QColor& c, const QString& text) {
        return QStringLiteral("<span style=\"color:%1\">&#9632;</span>&nbsp;%2").arg(c.name(), text.toHtmlEscaped());
    };
    auto* legend = new QLabel(this);
    legend->setObjectName(QStringLiteral("histogramLegend"));
    legend->setText(swatch(HistogramChart::layerColour(HistogramChart::Shown), tr("on show")) + QStringLiteral("&nbsp;&nbsp;") +
                    swatch(HistogramChart::layerColour(HistogramChart::Others), tr("passing the other brushes")) + QStringLiteral("&nbsp;&nbsp;") +
                    swatch(HistogramChart::layerColour(HistogramChart::Selected), tr("selected")));
    bar->addWidget(legend);
    layout->addLayout(bar);

    m_stack = new QStackedWidget(this);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("histogramMessage"));
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_grid = new QWidget(scroll);
    m_gridLayout = new QGridLayout(m_grid);
    m_gridLayout->setContentsMargins(0, 0, 0, 0);
    m_gridLayout->setSpacing(6);
    scroll->setWidget(m_grid);
    m_stack->addWidget(scroll);
    m_stack->addWidget(m_message);
    layout->addWidget(m_stack, 1);
}

void HistogramPanel::setProperties(const QStringList& ids, const QStringList& titles)
{
    m_ids = ids;
    m_titles = titles;
}

void HistogramPanel::fillAddMenu()
{
    m_addMenu->clear();
    const QStringList shown = chartIds();
    for (qsizetype i = 0; i < m_ids.size(); ++i) {
        QAction* a = m_addMenu->addAction(m_titles.value(i, m_ids[i]));
        a->setObjectName(QStringLiteral("addHistogram_") + m_ids[i]);
        a->setEnabled(!shown.contains(m_ids[i]));
        const QString id = m_ids[i];
        connect(a, &QAction::triggered, this, [this, id] { emit addRequested(id); });
    }
}

void HistogramPanel::setMessage(const QString& text)
{
    m_message->setText(text);
    m_stack->setCurrentIndex(text.isEmpty() ? 0 : 1);
    m_addButton->setEnabled(text.isEmpty());
}

QStringList HistogramPanel::chartIds() const
{
    QStringList ids;
    for (const Entry& e : m_entries)
        ids << e.id;
    return ids;
}

int HistogramPanel::indexOf(const QWidget* frame) const
{
    for (size_t i = 0; i < m_entries.size(); ++i)
        if (m_entries[i].frame == frame)
            return int(i);
    return -1;
}

HistogramChart* HistogramPanel::addChart(const QString& id, const QString& title)
{
    Entry e;
    e.id = id;
    auto* frame = new QFrame(m_grid);
    frame->setObjectName(QStringLiteral("histogram_") + id);
    e.frame = frame;
    auto* v = new QVBoxLayout(frame);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(0);
    auto* header = new QHBoxLayout;
    header->setSpacing(8);
    auto* name = new QLabel(QStringLiteral("<b>%1</b>").arg(title.toHtmlEscaped()), frame);
    e.info = new QLabel(frame);
    e.info->setObjectName(QStringLiteral("histogramInfo"));
    e.info->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette dim = e.info->palette();
    dim.setColor(QPalette::WindowText, dim.color(QPalette::PlaceholderText));
    e.info->setPalette(dim);
    const auto button = [frame](const char* objectName, QStyle::StandardPixmap icon, const QString& tip) {
        auto* b = new QToolButton(frame);
        b->setObjectName(QLatin1String(objectName));
        b->setIcon(frame->style()->standardIcon(icon));
        b->setToolTip(tip);
        b->setAccessibleName(tip);
        b->setAutoRaise(true);
        return b;
    };
    QToolButton* clear = button("clearBrushButton", QStyle::SP_DialogResetButton, tr("Clear this histogram's brush"));
    QToolButton* remove = button("removeHistogramButton", QStyle::SP_TitleBarCloseButton, tr("Remove this histogram"));
    header->addWidget(name, 1);
    header->addWidget(clear);
    header->addWidget(remove);
    v->addLayout(header);
    v->addWidget(e.info); // a line of its own: narrow columns would cut it
    e.chart = new HistogramChart(frame);
    e.chart->setMaximumHeight(260);
    v->addWidget(e.chart, 1);
    connect(clear, &QToolButton::clicked, this, [this, frame] {
        const int i = indexOf(frame);
        if (i >= 0)
            emit brushEdited(i, HistogramBrush{}, true);
    });
    connect(remove, &QToolButton::clicked, this, [this, frame] {
        const int i = indexOf(frame);
        if (i >= 0)
            emit removeRequested(i);
    });
    connect(e.chart, &HistogramChart::brushEdited, this, [this, frame](const HistogramBrush& brush, bool finished) {
        const int i = indexOf(frame);
        if (i >= 0)
            emit brushEdited(i, brush, finished);
    });
    connect(e.chart, &HistogramChart::figureExportRequested, this, &HistogramPanel::figureExportRequested);
    m_entries.push_back(e);
    m_columns = 0; // lay out anew
    relayout();
    return e.chart;
}

void HistogramPanel::removeChart(int index)
{
    if (index < 0 || index >= chartCount())
        return;
    delete m_entries[size_t(index)].frame;
    m_entries.erase(m_entries.begin() + index);
    m_columns = 0;
    relayout();
}

void HistogramPanel::removeCharts()
{
    while (chartCount() > 0)
        removeChart(chartCount() - 1);
}

void HistogramPanel::setChartInfo(int index, const QString& text)
{
    if (index >= 0 && index < chartCount())
        m_entries[size_t(index)].info->setText(text);
}

QString HistogramPanel::chartInfo(int index) const
{
    return index >= 0 && index < chartCount() ? m_entries[size_t(index)].info->text() : QString();
}

void HistogramPanel::setSummary(const QString& text) { m_summary->setText(text); }

void HistogramPanel::setClearEnabled(bool enabled) { m_clearButton->setEnabled(enabled); }

void HistogramPanel::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    relayout();
}

void HistogramPanel::relayout()
{
    const int columns = std::max(1, std::min(int(m_entries.size()), width() / kColumnWidth));
    if (columns == m_columns)
        return;
    m_columns = columns;
    for (const Entry& e : m_entries)
        m_gridLayout->removeWidget(e.frame);
    for (int c = 0; c < m_gridLayout->columnCount(); ++c)
        m_gridLayout->setColumnStretch(c, 0);
    for (size_t i = 0; i < m_entries.size(); ++i)
        m_gridLayout->addWidget(m_entries[i].frame, int(i) / columns, int(i) % columns);
    for (int c = 0; c < columns; ++c)
        m_gridLayout->setColumnStretch(c, 1);
    // Rows share the height up to the charts' largest; what is left stays below them.
    const int rows = int(m_entries.size() + columns - 1) / columns;
    for (int r = 0; r < m_gridLayout->rowCount(); ++r)
        m_gridLayout->setRowStretch(r, r < rows ? 1 : 0);
}

} // namespace zooscope
