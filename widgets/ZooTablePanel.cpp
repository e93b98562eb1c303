#include "widgets/ZooTablePanel.h"

#include "widgets/SelectionModel.h"
#include "widgets/ZooTableModel.h"

#include <QHeaderView>
#include <QItemSelection>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <vector>

namespace zooscope {

ZooTablePanel::ZooTablePanel(QWidget* parent)
    : QWidget(parent)
{
    m_model = new ZooTableModel(this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(ZooTableModel::SortRole);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("zooTableFilter"));
    m_filter->setPlaceholderText(tr("Filter, e.g. relu or adam"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("zooTable"));
    // While the proxy moves or drops rows (sorting, filtering, a new zoo) the table's selection changes
    // without the user: those changes are not the user's and do not go back to the shared selection.
    // Connected before the table's own selection model exists, so that these run first.
    auto hold = [this] { ++m_syncing; };
    auto release = [this] {
        m_syncing = std::max(0, m_syncing - 1);
        if (m_syncing == 0)
            pullSelection();
    };
    connect(m_proxy, &QAbstractItemModel::layoutAboutToBeChanged, this, hold);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, release);
    connect(m_proxy, &QAbstractItemModel::rowsAboutToBeRemoved, this, hold);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, release);
    connect(m_proxy, &QAbstractItemModel::rowsAboutToBeInserted, this, hold);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, release);
    connect(m_proxy, &QAbstractItemModel::modelAboutToBeReset, this, hold);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, release);
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(ZooTableModel::ModelId, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->setVisible(false);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);

    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("zooTableCount"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_filter);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_count);

    connect(m_proxy, &QAbstractItemModel::modelReset, this, &ZooTablePanel::updateCount);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &ZooTablePanel::updateCount);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &ZooTablePanel::updateCount);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &ZooTablePanel::updateCount);
    updateCount();

    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ZooTablePanel::pushSelection);
}

void ZooTablePanel::setSelectionModel(SelectionModel* selection)
{
    disconnect(m_selectionConnection);
    m_selection = selection;
    if (m_selection)
        m_selectionConnection = connect(m_selection, &SelectionModel::selectionChanged, this, &ZooTablePanel::pullSelection);
    pullSelection();
}

void ZooTablePanel::pushSelection(const QItemSelection& selected, const QItemSelection& deselected)
{
    if (!m_selection || m_syncing > 0)
        return;
    // The change as the user made it, in source rows: rows no longer selected go, new ones come.
    std::vector<int> added, removed;
    for (const QItemSelectionRange& range : m_proxy->mapSelectionToSource(deselected))
        for (int r = range.top(); r <= range.bottom(); ++r)
            removed.push_back(r);
    for (const QItemSelectionRange& range : m_proxy->mapSelectionToSource(selected))
        for (int r = range.top(); r <= range.bottom(); ++r)
            added.push_back(r);
    ++m_syncing; // the shared selection's change signal comes straight back
    if (!removed.empty())
        m_selection->select(removed, SelectionModel::Mode::Subtract);
    if (!added.empty())
        m_selection->select(added, SelectionModel::Mode::Add);
    --m_syncing;
}

void ZooTablePanel::pullSelection()
{
    if (m_syncing > 0)
        return;
    QItemSelectionModel* tableSelection = m_view->selectionModel();
    ++m_syncing;
    if (!m_selection || m_selection->selectedCount() == 0 || m_model->rowCount() == 0) {
        tableSelection->clearSelection();
        --m_syncing;
        return;
    }
    // Proxy rows of the selected source rows, joined into runs: one range per run, not per row.
    std::vector<int> proxyRows;
    proxyRows.reserve(std::size_t(m_selection->selectedCount()));
    const int lastColumn = m_model->columnCount() - 1;
    for (int r : m_selection->selectedRows()) {
        if (r >= m_model->rowCount())
            continue;
        const QModelIndex index = m_proxy->mapFromSource(m_model->index(r, 0));
        if (index.isValid())
            proxyRows.push_back(index.row());
    }
    std::sort(proxyRows.begin(), proxyRows.end());
    QItemSelection selection;
    for (std::size_t i = 0; i < proxyRows.size();) {
        std::size_t j = i;
        while (j + 1 < proxyRows.size() && proxyRows[j + 1] == proxyRows[j] + 1)
            ++j;
        selection.select(m_proxy->index(proxyRows[i], 0), m_proxy->index(proxyRows[j], lastColumn));
        i = j + 1;
    }
    tableSelection->select(selection, QItemSelectionModel::ClearAndSelect);
    if (!proxyRows.empty())
        m_view->scrollTo(m_proxy->index(proxyRows.front(), 0), QAbstractItemView::EnsureVisible);
    --m_syncing;
}

void ZooTablePanel::updateCount()
{
    const int shown = m_proxy->rowCount(), all = m_model->rowCount();
    m_count->setText(all == 0 ? tr("No zoo open.")
                     : shown == all ? tr("%1 checkpoints").arg(all)
                                    : tr("%1 of %2 checkpoints").arg(shown).arg(all));
}

} // namespace zooscope
