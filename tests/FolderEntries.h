// The names in a folder, hidden ones included, sorted: what tests compare to prove that no temporary
// or partial file was left behind.
#pragma once

#include <QString>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace testutil {

inline std::vector<std::string> folderEntries(const QString& dir)
{
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(dir.toStdString()))
        names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

} // namespace testutil
