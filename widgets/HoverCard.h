// The card shown beside the mouse while it hovers a point of the latent view: the model's card from a
// provider (rich text), or a default text; generated models have their own provider. A label child of the
// view that never takes mouse events and stays inside the view.
#pragma once

#include <QPointF>
#include <QString>

#include <functional>

class QLabel;
class QWidget;

namespace zooscope {

class HoverCard {
public:
    explicit HoverCard(QWidget* view);

    void setModelCardProvider(std::function<QString(int row)> provider) { m_modelProvider = std::move(provider); }
    void setGeneratedCardProvider(std::function<QString(int index)> provider) { m_generatedProvider = std::move(provider); }
    // The text of a point when there is no provider or it gives none.
    void setDefaultModelText(std::function<QString(int row)> text) { m_defaultModelText = std::move(text); }

    QLabel* label() const { return m_label; }
    int hoveredRow() const { return m_row; }

    // The mouse is at pos over point `row` or generated model `generated` (-1: none). Returns true when
    // the hovered point changed.
    bool hover(const QPointF& pos, int row, int generated);
    // Hides the card; returns true when a point was hovered until now.
    bool hide();

private:
    void place(const QPointF& pos);

    QWidget* m_view;
    QLabel* m_label;
    int m_row = -1;
    int m_generated = -1;
    std::function<QString(int)> m_modelProvider;
    std::function<QString(int)> m_generatedProvider;
    std::function<QString(int)> m_defaultModelText;
};

} // namespace zooscope
