// The Histograms panel: a stack of small linked histograms (HistogramChart), one per property the user
// added, laid out in as many columns as its width allows (a side dock: one column; below the 3D view:
// side by side). Each has a header with its counts, a button that clears its brush and one that removes
// it. The panel shows and reports; HistogramPanelBinding does the counting and the selecting.
#pragma once

#include "widgets/HistogramBrush.h"

#include <QStringList>
#include <QWidget>

#include <vector>

class QCustomPlot;
class QGridLayout;
class QLabel;
class QMenu;
class QPushButton;
class QStackedWidget;
class QToolButton;

namespace zooscope {

class HistogramChart;

class HistogramPanel : public QWidget {
    Q_OBJECT
public:
    explicit HistogramPanel(QWidget* parent = nullptr);

    // The properties the Add Histogram menu offers (ids and translated titles, in menu order).
    void setProperties(const QStringList& ids, const QStringList& titles);
    // Shown instead of the histograms (no zoo open); empty: the histograms.
    void setMessage(const QString& text);

    int chartCount() const { return int(m_entries.size()); }
    HistogramChart* chart(int index) const { return m_entries[size_t(index)].chart; }
    QString chartId(int index) const { return m_entries[size_t(index)].id; }
    QStringList chartIds() const;
    // Appends a histogram; its chart is returned for the binding to fill.
    HistogramChart* addChart(const QString& id, const QString& title);
    void removeChart(int index);
    void removeCharts();
    // The line under a histogram's title (counts, values missing, the brush).
    void setChartInfo(int index, const QString& text);
    QString chartInfo(int index) const;
    // The line above all of them (what the brushes select, or how to brush).
    void setSummary(const QString& text);
    void setClearEnabled(bool enabled);

signals:
    void addRequested(const QString& id);
    void removeRequested(int index);
    void clearBrushesRequested();
    void brushEdited(int index, const zooscope::HistogramBrush& brush, bool finished);
    void figureExportRequested(QCustomPlot* chart);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    struct Entry {
        QString id;
        QWidget* frame = nullptr;
        QLabel* info = nullptr;
        HistogramChart* chart = nullptr;
    };
    void relayout();
    void fillAddMenu();
    int indexOf(const QWidget* frame) const;

    QStringList m_ids, m_titles;
    std::vector<Entry> m_entries;
    QPushButton* m_addButton = nullptr;
    QMenu* m_addMenu = nullptr;
    QPushButton* m_clearButton = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_message = nullptr;
    QStackedWidget* m_stack = nullptr;
    QWidget* m_grid = nullptr;
    QGridLayout* m_gridLayout = nullptr;
    int m_columns = 0;
};

} // namespace zooscope
