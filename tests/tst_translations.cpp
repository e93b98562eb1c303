// Every user-visible string has a German translation, and the placeholders survive translation.
#include <QFile>
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
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
