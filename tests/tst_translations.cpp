// Every user-visible string has a German translation, and the placeholders survive translation: the .ts
// file has no untranslated entry, and every tr() string in the sources (lupdate run afresh over app/,
// widgets/ and core/) has an entry in it.
#include <QFile>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QRegularExpression>
#include <QXmlStreamReader>
#include <QtTest>

class TestTranslations : public QObject {
    Q_OBJECT
private slots:
    void germanIsComplete()
    {
        QFile file(QStringLiteral(ZOOSCOPE_SOURCE_DIR "/translations/zooscope_de.ts"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&file);
        int messages = 0;
        QStringList problems;
        QString source;
        static const QRegularExpression placeholder(QStringLiteral("%\\d"));
        while (!xml.atEnd()) {
            xml.readNext();
            if (!xml.isStartElement())
                continue;
            if (xml.name() == QLatin1String("source")) {
                source = xml.readElementText();
            } else if (xml.name() == QLatin1String("translation")) {
                ++messages;
                const QString type = xml.attributes().value(QStringLiteral("type")).toString();
                const QString text = xml.readElementText(QXmlStreamReader::IncludeChildElements);
                if (type == QLatin1String("unfinished") || type == QLatin1String("obsolete") || text.isEmpty())
                    problems << QStringLiteral("untranslated: ") + source;
                QStringList a, b;
                for (auto it = placeholder.globalMatch(source); it.hasNext();)
                    a << it.next().captured();
                for (auto it = placeholder.globalMatch(text); it.hasNext();)
                    b << it.next().captured();
                a.sort();
                b.sort();
                if (a != b)
                    problems << QStringLiteral("placeholders differ: ") + source;
            }
        }
        QVERIFY(!xml.hasError());
        QVERIFY(messages > 40);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    void everySourceStringIsInTheFile()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString fresh = dir.filePath(QStringLiteral("fresh_de.ts"));
        QProcess lupdate;
        lupdate.setWorkingDirectory(QStringLiteral(ZOOSCOPE_SOURCE_DIR));
        lupdate.start(QStringLiteral(ZOOSCOPE_LUPDATE), {QStringLiteral("-silent"), QStringLiteral("-no-obsolete"),
                                                        QStringLiteral("-locations"), QStringLiteral("none"),
                                                        QStringLiteral("app"), QStringLiteral("widgets"),
                                                        QStringLiteral("core"), QStringLiteral("-ts"), fresh});
        QVERIFY(lupdate.waitForFinished(120000));
        QCOMPARE(lupdate.exitCode(), 0);
        // Contexts compared without the namespace: lupdate without the build's include paths may not see it.
        const auto messages = [](const QString& file) {
            QSet<QString> keys;
            QFile f(file);
            if (!f.open(QIODevice::ReadOnly))
                return keys;
            QXmlStreamReader xml(&f);
            QString context;
            while (!xml.atEnd()) {
                xml.readNext();
                if (!xml.isStartElement())
                    continue;
                if (xml.name() == QLatin1String("name"))
                    context = xml.readElementText().remove(QStringLiteral("zooscope::"));
                else if (xml.name() == QLatin1String("source"))
                    keys.insert(context + QLatin1Char('|') + xml.readElementText());
            }
            return keys;
        };
        const QSet<QString> needed = messages(fresh);
        const QSet<QString> present = messages(QStringLiteral(ZOOSCOPE_SOURCE_DIR "/translations/zooscope_de.ts"));
        QVERIFY(needed.size() > 100);
        QStringList missing = (needed - present).values();
        missing.sort();
        QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("not in translations/zooscope_de.ts:\n") + missing.join(QLatin1Char('\n'))));
    }
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
