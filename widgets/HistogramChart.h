// One linked histogram (QCustomPlot): the rows on show as light bars, the rows that pass the other
// histograms' brushes in a lighter accent (only while another histogram has a brush), and the current
// selection in a strong colour over them; the brush as a shaded band. Dragging brushes a value range,
// clicking a bar of a categorical property toggles its category; a click without a drag on a continuous
// property, or a double-click, clears the brush. The chart only draws and reports: its binding turns
// brushes into the selection. Its context menu exports it as a figure like every chart.
#pragma once

#include "widgets/HistogramBrush.h"

#include <qcustomplot.h>

#include <vector>

namespace zooscope {

class PropertyHistogram;

class HistogramChart : public QCustomPlot {
    Q_OBJECT
public:
    enum Layer { Shown, Others, Selected, LayerCount };

    explicit HistogramChart(QWidget* parent = nullptr);
    // A layer's fill (Okabe-Ito blues over light grey).
    static QColor layerColour(Layer layer);

    // The bins to draw (kept by the caller while shown) and the axis title.
    void setHistogram(const PropertyHistogram* histogram, const QString& title);
    const PropertyHistogram* histogram() const { return m_histogram; }
    // Rows per bin for each layer; an empty `others` hides that layer.
    void setCounts(std::vector<int> shown, std::vector<int> others, std::vector<int> selected);
    const std::vector<int>& counts(Layer layer) const { return m_counts[layer]; }
    void setBrush(const HistogramBrush& brush);
    const HistogramBrush& brush() const { return m_brush; }

    // The x coordinate (pixels, in the widget) of a value, for tests and tools.
    int pixelOf(double value) const;

signals:
    // The user moved the brush (`finished` false while dragging) or cleared it (inactive brush).
    void brushEdited(const zooscope::HistogramBrush& brush, bool finished);
    // Export Figure... in the chart's context menu.
    void figureExportRequested(QCustomPlot* chart);

protected:
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;

private:
    void redraw();
    double valueAt(const QPoint& position) const;
    HistogramBrush dragged(double from, double to) const;
    bool insidePlot(const QPoint& position) const;

    const PropertyHistogram* m_histogram = nullptr;
    QCPBars* m_bars[LayerCount] = {};
    std::vector<int> m_counts[LayerCount];
    HistogramBrush m_brush;
    std::vector<QCPItemRect*> m_brushItems;
    bool m_dragging = false;
    bool m_moved = false;
    QPoint m_pressAt;
    double m_pressValue = 0;
};

} // namespace zooscope
