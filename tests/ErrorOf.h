#pragma once
// The message of the exception a call throws, so tests can check that errors name what went wrong.
#include <QString>

#include <exception>

namespace zootest {

template <typename F>
QString errorOf(F&& f)
{
    try {
        f();
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
    return QStringLiteral("<no exception>");
}

} // namespace zootest
