#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace zooscope {

class ZooTableModel;

// The Models panel: the zoo's table, sortable by any column and filtered by text typed above it.
class ZooTablePanel : public QWidget {
    Q_OBJECT
public:
    explicit ZooTablePanel(QWidget* parent = nullptr);

    ZooTableModel* model() const { return m_model; }
    QSortFilterProxyModel* proxy() const { return m_proxy; }
    QTableView* view() const { return m_view; }
    QLineEdit* filterEdit() const { return m_filter; }

private:
    void updateCount();

    ZooTableModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
    QTableView* m_view = nullptr;
    QLineEdit* m_filter = nullptr;
    QLabel* m_count = nullptr;
};

} // namespace zooscope
