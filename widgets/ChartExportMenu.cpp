#include "widgets/ChartExportMenu.h"

#include <QMenu>
#include <qcustomplot.h>

namespace zooscope {

ChartExportMenu::ChartExportMenu(QCustomPlot* chart)
    : QObject(chart)
    , m_chart(chart)
{
    chart->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(chart, &QWidget::customContextMenuRequested, this, &ChartExportMenu::showMenu);
}

void ChartExportMenu::showMenu(const QPoint& position)
{
    // Not exec(): the menu does not block (tests and the chart's live updates go on while it is open).
    auto* menu = new QMenu(m_chart);
    menu->setObjectName(QStringLiteral("chartContextMenu"));
    menu->setAttribute(Qt::WA_DeleteOnClose);
    QAction* exportAction = menu->addAction(tr("Export Figure..."));
    exportAction->setObjectName(QStringLiteral("exportChartFigureAction"));
    connect(exportAction, &QAction::triggered, this, [this] { emit exportRequested(m_chart); });
    menu->popup(m_chart->mapToGlobal(position));
}

} // namespace zooscope
