#pragma once

#include <QWidget>

class QItemSelection;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace zooscope {

class SelectionModel;
class ZooTableModel;

// The Models panel: the zoo's table, sortable by any column and filtered by text typed above it. Its row
// selection is the shared SelectionModel's (source rows: the same under any sorting or filter).
class ZooTablePanel : public QWidget {
    Q_OBJECT
public:
    explicit ZooTablePanel(QWidget* parent = nullptr);

    ZooTableModel* model() const { return m_model; }
    QSortFilterProxyModel* proxy() const { return m_proxy; }
    QTableView* view() const { return m_view; }
    QLineEdit* filterEdit() const { return m_filter; }

    // Links the table's selection with the shared one (not owned). Selecting rows here changes the shared
    // selection for the rows on show; a change elsewhere selects the rows here.
    void setSelectionModel(SelectionModel* selection);
    SelectionModel* selectionModel() const { return m_selection; }

private:
    void updateCount();
    void pullSelection();
    void pushSelection(const QItemSelection& selected, const QItemSelection& deselected);

    ZooTableModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
    QTableView* m_view = nullptr;
    QLineEdit* m_filter = nullptr;
    QLabel* m_count = nullptr;
    SelectionModel* m_selection = nullptr;
    QMetaObject::Connection m_selectionConnection;
    int m_syncing = 0; // > 0 while the table's selection is set from the shared one, or rows move
};

} // namespace zooscope
