#include "widgets/SelectionToolBar.h"

#include "widgets/LatentScatterView.h"
#include "widgets/SelectionModel.h"

#include <QAction>
#include <QActionGroup>
#include <QComboBox>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QSpinBox>

namespace zooscope {

SelectionToolBar::SelectionToolBar(LatentScatterView* view, SelectionModel* selection, QWidget* parent)
    : QToolBar(tr("Selection"), parent)
    , m_view(view)
    , m_selection(selection)
{
    setObjectName(QStringLiteral("selectionToolBar"));
    setToolButtonStyle(Qt::ToolButtonTextOnly);

    auto make = [this](const QString& name, const QString& text, const QString& tip, bool checkable) {
        QAction* a = addAction(text);
        a->setObjectName(name);
        a->setToolTip(tip);
        a->setStatusTip(tip);
        a->setCheckable(checkable);
        return a;
    };

    auto* tools = new QActionGroup(this);
    m_navigate = make(QStringLiteral("navigateAction"), tr("Navigate"),
                      tr("Turn, pan and zoom the view; click a point to select it"), true);
    m_rectangle = make(QStringLiteral("rectangleSelectAction"), tr("Rectangle"),
                       tr("Select the points inside a rectangle (Ctrl adds, Shift subtracts, Ctrl+Shift toggles)"), true);
    m_lasso = make(QStringLiteral("lassoSelectAction"), tr("Lasso"),
                   tr("Select the points inside a drawn outline (Ctrl adds, Shift subtracts, Ctrl+Shift toggles)"), true);
    for (QAction* a : {m_navigate, m_rectangle, m_lasso})
        tools->addAction(a);
    m_navigate->setChecked(true);
    connect(tools, &QActionGroup::triggered, this, [this](QAction* a) {
        m_view->setInteractionMode(a == m_rectangle ? LatentScatterView::InteractionMode::SelectRectangle
                                   : a == m_lasso   ? LatentScatterView::InteractionMode::SelectLasso
                                                    : LatentScatterView::InteractionMode::Navigate);
    });
    connect(m_view, &LatentScatterView::interactionModeChanged, this, [this](LatentScatterView::InteractionMode mode) {
        QAction* a = mode == LatentScatterView::InteractionMode::SelectRectangle ? m_rectangle
                     : mode == LatentScatterView::InteractionMode::SelectLasso   ? m_lasso
                                                                                 : m_navigate;
        a->setChecked(true);
    });
    addSeparator();

    // The combine mode when no key is held; none checked: a new selection replaces the old.
    auto* modes = new QActionGroup(this);
    modes->setExclusionPolicy(QActionGroup::ExclusionPolicy::ExclusiveOptional);
    m_add = make(QStringLiteral("addModeAction"), tr("Add"), tr("Add to the selection (or hold Ctrl)"), true);
    m_subtract = make(QStringLiteral("subtractModeAction"), tr("Subtract"),
                      tr("Remove from the selection (or hold Shift)"), true);
    m_toggle = make(QStringLiteral("toggleModeAction"), tr("Toggle"),
                    tr("Toggle points in and out of the selection (or hold Ctrl+Shift)"), true);
    for (QAction* a : {m_add, m_subtract, m_toggle})
        modes->addAction(a);
    connect(modes, &QActionGroup::triggered, this, &SelectionToolBar::updateCombineMode);
    m_visibleOnly = make(QStringLiteral("visibleOnlyAction"), tr("Visible only"),
                         tr("Select only the points that are not hidden behind others (otherwise every point "
                            "inside the outline)"),
                         true);
    connect(m_visibleOnly, &QAction::toggled, m_view, &LatentScatterView::setSelectVisibleOnly);
    addSeparator();

    m_invert = make(QStringLiteral("invertSelectionAction"), tr("Invert"), tr("Select what is not selected"), false);
    connect(m_invert, &QAction::triggered, m_selection, &SelectionModel::invert);
    m_clear = make(QStringLiteral("clearSelectionAction"), tr("Clear"), tr("Select nothing"), false);
    connect(m_clear, &QAction::triggered, m_selection, &SelectionModel::clear);
    m_isolate = make(QStringLiteral("isolateAction"), tr("Isolate"), tr("Show only the selected points"), true);
    connect(m_isolate, &QAction::triggered, this, [this](bool on) {
        if (on)
            m_view->isolateSelection();
        else
            m_view->showAllPoints();
    });
    connect(m_view, &LatentScatterView::isolationChanged, this, [this](bool isolated) {
        const QSignalBlocker block(m_isolate);
        m_isolate->setChecked(isolated);
    });
    addSeparator();

    m_nearest = make(QStringLiteral("nearestNeighboursAction"), tr("Neighbours"),
                     tr("Add the k nearest neighbours in latent space of every selected point"), false);
    m_k = new QSpinBox(this);
    m_k->setObjectName(QStringLiteral("neighbourCount"));
    m_k->setRange(1, 1000);
    m_k->setValue(5);
    m_k->setPrefix(tr("k = "));
    m_k->setToolTip(tr("How many neighbours of each selected point"));
    addWidget(m_k);
    m_metric = new QComboBox(this);
    m_metric->setObjectName(QStringLiteral("neighbourMetric"));
    m_metric->addItem(tr("Euclidean"));
    m_metric->addItem(tr("Cosine"));
    addWidget(m_metric);
    connect(m_nearest, &QAction::triggered, this, [this] {
        emit nearestNeighboursRequested(m_k->value(), m_metric->currentIndex() == 1 ? LatentNeighbours::Metric::Cosine
                                                                                    : LatentNeighbours::Metric::Euclidean);
    });
    addSeparator();

    m_save = make(QStringLiteral("saveSelectionAction"), tr("Save..."), tr("Keep the selection under a name"), false);
    connect(m_save, &QAction::triggered, this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("Save Selection"), tr("Name of the selection:"),
                                                   QLineEdit::Normal, tr("Selection %1").arg(m_selection->names().size() + 1), &ok);
        if (ok)
            saveSelection(name);
    });
    m_named = new QComboBox(this);
    m_named->setObjectName(QStringLiteral("namedSelections"));
    m_named->setToolTip(tr("Restore a named selection"));
    m_named->setMinimumContentsLength(12);
    m_named->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    addWidget(m_named);
    connect(m_named, &QComboBox::activated, this, [this](int index) {
        if (index > 0)
            m_selection->restore(m_named->itemText(index));
    });
    connect(m_selection, &SelectionModel::namedSelectionsChanged, this, &SelectionToolBar::updateNamed);
    addSeparator();

    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("selectionCount"));
    m_count->setMargin(4);
    addWidget(m_count);
    connect(m_selection, &SelectionModel::selectionChanged, this, &SelectionToolBar::updateCount);
    updateNamed();
    updateCount();
}

void SelectionToolBar::saveSelection(const QString& name)
{
    if (name.trimmed().isEmpty())
        return;
    m_selection->saveAs(name);
    m_named->setCurrentIndex(m_named->findText(name.trimmed()));
}

void SelectionToolBar::updateCombineMode()
{
    m_view->setDefaultSelectionMode(m_add->isChecked()        ? SelectionModel::Mode::Add
                                    : m_subtract->isChecked() ? SelectionModel::Mode::Subtract
                                    : m_toggle->isChecked()   ? SelectionModel::Mode::Toggle
                                                              : SelectionModel::Mode::Replace);
}

void SelectionToolBar::updateNamed()
{
    const QSignalBlocker block(m_named);
    const QString current = m_named->currentText();
    m_named->clear();
    m_named->addItem(tr("Named selections"));
    m_named->addItems(m_selection->names());
    const int index = m_named->findText(current);
    m_named->setCurrentIndex(index > 0 ? index : 0);
}

void SelectionToolBar::updateCount()
{
    m_count->setText(tr("%n selected", nullptr, m_selection->selectedCount()));
}

} // namespace zooscope
