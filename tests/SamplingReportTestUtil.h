#pragma once
// A sampling report (zooscope-cli sample --report) without its wall times, the one field two runs of the
// same command never share; an empty document when the file cannot be read.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

inline QJsonDocument reportWithoutTime(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QJsonObject report = QJsonDocument::fromJson(f.readAll()).object();
    QJsonArray methods = report["methods"].toArray();
    for (QJsonValueRef m : methods) {
        QJsonObject o = m.toObject();
        o.remove("seconds");
        m = o;
    }
    report["methods"] = methods;
    return QJsonDocument(report);
}
