#pragma once
// The message of the exception a call throws, so tests can check that errors name what went wrong.
// errorOf<std::invalid_argument>(f): only that type is caught; another one escapes and fails the test.
#include <QString>

#include <exception>

namespace zootest {

template <typename E = std::exception, typename F>
QString errorOf(F&& f)
{
    try {
        f();
    } catch (const E& e) {
        return QString::fromStdString(e.what());
    }
    return QStringLiteral("<no exception>");
}

} // namespace zootest
