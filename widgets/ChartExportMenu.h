// A chart's context menu with "Export Figure...". Charts do not write files: the menu only says which
// chart the user wants as a figure, and the main window opens the Export Figure dialog for it.
#pragma once

#include <QObject>

class QCustomPlot;
class QMenu;
class QPoint;

namespace zooscope {

class ChartExportMenu : public QObject {
    Q_OBJECT
public:
    // Gives `chart` the menu (Qt::CustomContextMenu); the chart owns this object.
    explicit ChartExportMenu(QCustomPlot* chart);

    QCustomPlot* chart() const { return m_chart; }

signals:
    void exportRequested(QCustomPlot* chart);

private:
    void showMenu(const QPoint& position);

    QCustomPlot* m_chart;
};

} // namespace zooscope
