#include "widgets/ZooTablePanel.h"

#include "widgets/ZooTableModel.h"

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

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
}

void ZooTablePanel::updateCount()
{
    const int shown = m_proxy->rowCount(), all = m_model->rowCount();
    m_count->setText(all == 0 ? tr("No zoo open.")
                     : shown == all ? tr("%1 checkpoints").arg(all)
                                    : tr("%1 of %2 checkpoints").arg(shown).arg(all));
}

} // namespace zooscope
