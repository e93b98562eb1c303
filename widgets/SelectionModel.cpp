#include "widgets/SelectionModel.h"

#include <algorithm>

namespace zooscope {

SelectionModel::SelectionModel(QObject* parent)
    : QObject(parent)
{
}

SelectionModel::Mode SelectionModel::modeForModifiers(Qt::KeyboardModifiers modifiers)
{
    const bool ctrl = modifiers & Qt::ControlModifier;
    const bool shift = modifiers & Qt::ShiftModifier;
    if (ctrl && shift)
        return Mode::Toggle;
    if (ctrl)
        return Mode::Add;
    if (shift)
        return Mode::Subtract;
    return Mode::Replace;
}

QString SelectionModel::modeName(Mode mode)
{
    switch (mode) {
    case Mode::Add: return tr("add");
    case Mode::Subtract: return tr("subtract");
    case Mode::Toggle: return tr("toggle");
    case Mode::Replace: break;
    }
    return tr("replace");
}

void SelectionModel::setRowCount(int rows)
{
    rows = std::max(rows, 0);
    const bool hadSelection = m_count > 0;
    m_selected.assign(std::size_t(rows), 0);
    m_count = 0;
    bool namedChanged = false;
    for (auto& [name, list] : m_named) {
        const auto end = std::remove_if(list.begin(), list.end(), [rows](int r) { return r >= rows; });
        namedChanged = namedChanged || end != list.end();
        list.erase(end, list.end());
    }
    if (hadSelection)
        emit selectionChanged();
    if (namedChanged)
        emit namedSelectionsChanged();
}

bool SelectionModel::isSelected(int row) const
{
    return row >= 0 && std::size_t(row) < m_selected.size() && m_selected[std::size_t(row)];
}

std::vector<int> SelectionModel::selectedRows() const
{
    std::vector<int> rows;
    rows.reserve(std::size_t(m_count));
    for (std::size_t i = 0; i < m_selected.size(); ++i)
        if (m_selected[i])
            rows.push_back(int(i));
    return rows;
}

void SelectionModel::setMask(std::vector<char> mask)
{
    if (mask == m_selected)
        return;
    m_selected = std::move(mask);
    m_count = int(std::count(m_selected.begin(), m_selected.end(), char(1)));
    emit selectionChanged();
}

void SelectionModel::select(const std::vector<int>& rows, Mode mode)
{
    std::vector<char> mask = mode == Mode::Replace ? std::vector<char>(m_selected.size(), 0) : m_selected;
    for (int r : rows) {
        if (r < 0 || std::size_t(r) >= mask.size())
            continue;
        char& flag = mask[std::size_t(r)];
        switch (mode) {
        case Mode::Replace:
        case Mode::Add: flag = 1; break;
        case Mode::Subtract: flag = 0; break;
        case Mode::Toggle: flag = char(1 - flag); break;
        }
    }
    // Toggle flips a row once however often it is listed: undo the double flips.
    if (mode == Mode::Toggle) {
        std::vector<int> sorted = rows;
        std::sort(sorted.begin(), sorted.end());
        for (std::size_t i = 1; i < sorted.size(); ++i)
            if (sorted[i] == sorted[i - 1] && sorted[i] >= 0 && std::size_t(sorted[i]) < mask.size())
                mask[std::size_t(sorted[i])] = char(1 - mask[std::size_t(sorted[i])]);
    }
    setMask(std::move(mask));
}

void SelectionModel::clear() { setMask(std::vector<char>(m_selected.size(), 0)); }

void SelectionModel::selectAll() { setMask(std::vector<char>(m_selected.size(), 1)); }

void SelectionModel::invert()
{
    std::vector<char> mask = m_selected;
    for (char& f : mask)
        f = char(1 - f);
    setMask(std::move(mask));
}

void SelectionModel::saveAs(const QString& name)
{
    const QString key = name.trimmed();
    if (key.isEmpty())
        return;
    m_named[key] = selectedRows();
    emit namedSelectionsChanged();
}

void SelectionModel::setNamedRows(const QString& name, std::vector<int> rows)
{
    const QString key = name.trimmed();
    if (key.isEmpty())
        return;
    rows.erase(std::remove_if(rows.begin(), rows.end(), [this](int r) { return r < 0 || r >= rowCount(); }), rows.end());
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    m_named[key] = std::move(rows);
    emit namedSelectionsChanged();
}

bool SelectionModel::restore(const QString& name)
{
    const auto it = m_named.find(name.trimmed());
    if (it == m_named.end())
        return false;
    select(it->second, Mode::Replace);
    return true;
}

bool SelectionModel::remove(const QString& name)
{
    if (m_named.erase(name.trimmed()) == 0)
        return false;
    emit namedSelectionsChanged();
    return true;
}

QStringList SelectionModel::names() const
{
    QStringList list;
    for (const auto& entry : m_named)
        list << entry.first;
    return list;
}

std::vector<int> SelectionModel::namedRows(const QString& name) const
{
    const auto it = m_named.find(name.trimmed());
    return it == m_named.end() ? std::vector<int>() : it->second;
}

} // namespace zooscope
