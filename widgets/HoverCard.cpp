#include "widgets/HoverCard.h"

#include <QCoreApplication>
#include <QLabel>

#include <algorithm>

namespace zooscope {

namespace {

constexpr int kOffset = 16; // logical pixels right of and below the mouse

} // namespace

HoverCard::HoverCard(QWidget* view)
    : m_view(view)
    , m_label(new QLabel(view))
{
    m_label->setObjectName(QStringLiteral("modelCard"));
    m_label->setTextFormat(Qt::RichText);
    m_label->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_label->setStyleSheet(QStringLiteral("QLabel#modelCard { background: rgba(255, 255, 255, 240); color: #1e1e1e; "
                                          "border: 1px solid #9a9a9a; border-radius: 4px; padding: 6px; }"));
    m_label->hide();
}

bool HoverCard::hover(const QPointF& pos, int row, int generated)
{
    if (row == m_row && generated == m_generated) {
        if (m_label->isVisible())
            place(pos);
        return false;
    }
    m_row = row;
    m_generated = generated;
    if (row < 0 && generated < 0) {
        m_label->hide();
        return true;
    }
    QString text;
    if (row >= 0) {
        if (m_modelProvider)
            text = m_modelProvider(row);
        if (text.isEmpty() && m_defaultModelText)
            text = m_defaultModelText(row);
    } else {
        if (m_generatedProvider)
            text = m_generatedProvider(generated);
        // The view's translation context: the card was the view's, and its translations are kept there.
        if (text.isEmpty())
            text = QCoreApplication::translate("zooscope::LatentScatterView", "<b>Generated model %1</b>").arg(generated + 1);
    }
    m_label->setText(text);
    m_label->adjustSize();
    place(pos);
    m_label->show();
    m_label->raise();
    return true;
}

bool HoverCard::hide()
{
    const bool wasHovering = m_row >= 0 || m_generated >= 0;
    m_row = -1;
    m_generated = -1;
    m_label->hide();
    return wasHovering;
}

void HoverCard::place(const QPointF& pos)
{
    m_label->move(std::clamp(int(pos.x()) + kOffset, 0, std::max(0, m_view->width() - m_label->width())),
                  std::clamp(int(pos.y()) + kOffset, 0, std::max(0, m_view->height() - m_label->height())));
}

} // namespace zooscope
