#pragma once
// A file's bytes, for the tests that compare files written twice (figures, sessions); empty when unreadable.
#include <QByteArray>
#include <QFile>
#include <QString>

inline QByteArray readBytes(const QString& file)
{
    QFile f(file);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
