// A chart (any QCustomPlot: training curves, sampling results, probe bars, predicted against true) as a
// figure: drawn by QCustomPlot's own painter at the figure's size, with the options' font and background,
// as vectors in SVG and PDF. The chart on screen is left as it was.
#pragma once

#include "widgets/FigureOptions.h"

#include <QRectF>

class QCustomPlot;
class QPainter;

namespace zooscope {

class ChartFigure {
public:
    ChartFigure(QCustomPlot* chart, FigureOptions options);
    // Paints the chart (and the options' title above it) into `target` (device units, as FigureWriter gives it).
    void paint(QPainter& painter, const QRectF& target);

private:
    QCustomPlot* m_chart;
    FigureOptions m_options;
};

} // namespace zooscope
