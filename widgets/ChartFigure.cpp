#include "widgets/ChartFigure.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPicture>

#include <qcustomplot.h>

#include <cmath>
#include <functional>
#include <vector>

namespace zooscope {

namespace {

// Sets every font the chart draws text with (axes, tick labels, legends and their items, text elements,
// text items) to the figure's family and size, and puts them back when it goes out of scope: the chart
// on screen is left as it was.
class FontSwap {
public:
    FontSwap(QCustomPlot* chart, const QFont& font)
        : m_font(font)
    {
        for (int i = 0; i < chart->axisRectCount(); ++i)
            swapAxes(chart->axisRect(i)->axes());
        const QList<QCPLayoutElement*> elements = chart->plotLayout()->elements(true);
        for (QCPLayoutElement* e : elements)
            swapElement(e);
        // Legends and their items sit in the axis rects' inset layouts.
        for (int i = 0; i < chart->axisRectCount(); ++i) {
            QCPLayoutInset* inset = chart->axisRect(i)->insetLayout();
            for (QCPLayoutElement* e : inset->elements(true))
                swapElement(e);
        }
        for (int i = 0; i < chart->itemCount(); ++i)
            if (auto* text = qobject_cast<QCPItemText*>(chart->item(i)))
                swap([text] { return text->font(); }, [text](const QFont& f) { text->setFont(f); }),
                    swap([text] { return text->selectedFont(); }, [text](const QFont& f) { text->setSelectedFont(f); });
    }

    ~FontSwap()
    {
        for (auto it = m_restore.rbegin(); it != m_restore.rend(); ++it)
            (*it)();
    }

    FontSwap(const FontSwap&) = delete;
    FontSwap& operator=(const FontSwap&) = delete;

private:
    void swap(const std::function<QFont()>& get, const std::function<void(const QFont&)>& set)
    {
        const QFont old = get();
        QFont f = old;
        f.setFamily(m_font.family());
        f.setPointSizeF(m_font.pointSizeF());
        f.setHintingPreference(QFont::PreferNoHinting);
        set(f);
        m_restore.push_back([set, old] { set(old); });
    }

    void swapAxes(const QList<QCPAxis*>& axes)
    {
        for (QCPAxis* a : axes) {
            swap([a] { return a->labelFont(); }, [a](const QFont& f) { a->setLabelFont(f); });
            swap([a] { return a->tickLabelFont(); }, [a](const QFont& f) { a->setTickLabelFont(f); });
            swap([a] { return a->selectedLabelFont(); }, [a](const QFont& f) { a->setSelectedLabelFont(f); });
            swap([a] { return a->selectedTickLabelFont(); }, [a](const QFont& f) { a->setSelectedTickLabelFont(f); });
        }
    }

    void swapElement(QCPLayoutElement* e)
    {
        if (!e)
            return;
        if (auto* legend = qobject_cast<QCPLegend*>(e)) {
            swap([legend] { return legend->font(); }, [legend](const QFont& f) { legend->setFont(f); });
            swap([legend] { return legend->selectedFont(); }, [legend](const QFont& f) { legend->setSelectedFont(f); });
        } else if (auto* item = qobject_cast<QCPAbstractLegendItem*>(e)) {
            swap([item] { return item->font(); }, [item](const QFont& f) { item->setFont(f); });
            swap([item] { return item->selectedFont(); }, [item](const QFont& f) { item->setSelectedFont(f); });
        } else if (auto* text = qobject_cast<QCPTextElement*>(e)) {
            swap([text] { return text->font(); }, [text](const QFont& f) { text->setFont(f); });
            swap([text] { return text->selectedFont(); }, [text](const QFont& f) { text->setSelectedFont(f); });
        } else if (auto* scale = qobject_cast<QCPColorScale*>(e)) {
            if (scale->axis())
                swapAxes({scale->axis()});
        }
    }

    QFont m_font;
    std::vector<std::function<void()>> m_restore;
};

// QCustomPlot sets its background brush but has no getter for it: a pointer to the protected member,
// formed in a derived class's scope, reads it.
struct BackgroundAccess : QCustomPlot {
    static QBrush QCustomPlot::*brush() { return &BackgroundAccess::mBackgroundBrush; }
};

} // namespace

ChartFigure::ChartFigure(QCustomPlot* chart, FigureOptions options)
    : m_chart(chart)
    , m_options(std::move(options))
{
}

void ChartFigure::paint(QPainter& painter, const QRectF& target)
{
    const double u = m_options.unitsPerPoint();
    painter.save();
    if (!m_options.transparent)
        painter.fillRect(target, Qt::white);

    QRectF area = target;
    if (!m_options.title.isEmpty()) {
        QFont titleFont(m_options.fontFamily);
        titleFont.setPointSizeF(m_options.fontSize * 1.2);
        titleFont.setHintingPreference(QFont::PreferNoHinting);
        painter.setFont(titleFont);
        painter.setPen(Qt::black);
        const QFontMetricsF fm(titleFont, painter.device());
        const QRectF titleRect(target.left(), target.top() + 3 * u, target.width(), fm.height());
        painter.drawText(titleRect, Qt::AlignHCenter | Qt::AlignTop | Qt::TextDontClip, m_options.title);
        area.setTop(titleRect.bottom() + 2 * u);
    }
    if (!m_chart || area.width() < 1 || area.height() < 1) {
        painter.restore();
        return;
    }

    // QCustomPlot draws with its own painter class (QCPPainter), which needs a device of its own: it
    // records into a QPicture (vector commands, replayed as vectors into SVG and PDF) at the picture's
    // resolution (96 dpi, as on screen), which the replay scales up to the figure's. Fonts set in points
    // and pens and gaps in pixels of that resolution (1 pixel = 0.75 pt) so keep the screen's proportions.
    QPicture picture;
    const double sx = m_options.dpi / double(picture.logicalDpiX());
    const double sy = m_options.dpi / double(picture.logicalDpiY());
    const int width = std::max(1, int(std::lround(area.width() / sx)));
    const int height = std::max(1, int(std::lround(area.height() / sy)));
    {
        QFont font(m_options.fontFamily);
        font.setPointSizeF(m_options.fontSize);
        FontSwap fonts(m_chart, font);
        // The figure's background is painted above (or left transparent), not the chart's.
        const QBrush background = m_chart->*BackgroundAccess::brush();
        m_chart->setBackground(QBrush(Qt::NoBrush));
        QCPPainter chartPainter;
        if (chartPainter.begin(&picture)) {
            QCPPainter::PainterModes modes = QCPPainter::pmNoCaching | QCPPainter::pmNonCosmetic;
            if (m_options.format != FigureOptions::Format::Png)
                modes |= QCPPainter::pmVectorized;
            chartPainter.setModes(modes);
            chartPainter.setRenderHint(QPainter::Antialiasing);
            chartPainter.setRenderHint(QPainter::TextAntialiasing);
            m_chart->toPainter(&chartPainter, width, height);
            chartPainter.end();
        }
        m_chart->setBackground(background);
    }
    // QPicture::play scales by the device's resolution over the picture's: no scale of our own.
    painter.translate(area.topLeft());
    painter.drawPicture(QPointF(0, 0), picture);
    painter.restore();
}

} // namespace zooscope
