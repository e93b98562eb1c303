// The one selection of the explorer: a set of rows (model checkpoints, the rows of ZooTableModel and the
// points of the 3D view), shared by the 3D view, the zoo table and the charts. Rows are the table's
// source rows, so a selection survives sorting and filtering. Named selections are kept for the session.
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

#include <map>
#include <vector>

namespace zooscope {

class SelectionModel : public QObject {
    Q_OBJECT
public:
    // How new rows combine with the current selection. ParaView's keys: Ctrl adds, Shift subtracts,
    // Ctrl+Shift toggles; no key replaces.
    enum class Mode { Replace, Add, Subtract, Toggle };

    explicit SelectionModel(QObject* parent = nullptr);

    static Mode modeForModifiers(Qt::KeyboardModifiers modifiers);
    static QString modeName(Mode mode);

    // The number of rows that can be selected; clears the selection and drops rows of the named selections
    // that no longer exist.
    void setRowCount(int rows);
    int rowCount() const { return int(m_selected.size()); }

    bool isSelected(int row) const;
    int selectedCount() const { return m_count; }
    // Selected rows in increasing order.
    std::vector<int> selectedRows() const;

    // Rows out of range are ignored.
    void select(const std::vector<int>& rows, Mode mode);
    void setSelectedRows(const std::vector<int>& rows) { select(rows, Mode::Replace); }
    void clear();
    void invert();
    // A fast form of "every row".
    void selectAll();

    // Named selections: saveAs overwrites a selection of the same name; restore replaces the current selection.
    void saveAs(const QString& name);
    // Keeps `rows` (out-of-range ones dropped) under `name` without touching the current selection (sessions).
    void setNamedRows(const QString& name, std::vector<int> rows);
    bool restore(const QString& name);
    bool remove(const QString& name);
    QStringList names() const;
    std::vector<int> namedRows(const QString& name) const;

signals:
    void selectionChanged();
    void namedSelectionsChanged();

private:
    void setMask(std::vector<char> mask);

    std::vector<char> m_selected; // one flag per row
    int m_count = 0;
    std::map<QString, std::vector<int>> m_named;
};

} // namespace zooscope
