// Replays what the fuzzers keep (issue 15): every seed of tests/fuzz/corpus/<target> is a real, valid file
// and must be accepted (so the harness really reaches the reader); every input under
// tests/fuzz/regressions/<target> once crashed, hung or slipped through a reader and must now be refused
// with an error, in well under the test's time limit.
#include "fuzz/FuzzTargets.h"

#include <QDir>
#include <QElapsedTimer>
#include <QRegularExpression>
#include <QFile>
#include <QtTest>

using namespace zooscope::fuzz;

class tst_FuzzRegressions : public QObject {
    Q_OBJECT

private:
    static std::vector<Target> allTargets()
    {
        std::vector<Target> all = engineTargets();
        all.push_back(sessionTarget());
        return all;
    }

    static void addRows(const QString& kind)
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("file");
        for (const Target& t : allTargets()) {
            const QDir dir(QStringLiteral(ZOOSCOPE_SOURCE_DIR "/tests/fuzz/%1/%2").arg(kind, t.name));
            for (const QString& f : dir.entryList(QDir::Files, QDir::Name))
                if (f != "README.md") // what the folder's inputs are
                    QTest::newRow(qPrintable(QString("%1/%2").arg(t.name, f))) << QString(t.name) << dir.filePath(f);
        }
    }

    static Outcome replay(const QString& target, const QString& file)
    {
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly))
            qFatal("cannot read %s", qPrintable(file));
        const QByteArray bytes = f.readAll();
        for (const Target& t : allTargets())
            if (target == t.name)
                return t.run(reinterpret_cast<const uint8_t*>(bytes.constData()), size_t(bytes.size()));
        qFatal("no target %s", qPrintable(target));
    }

private slots:
    // Every target has seeds: a harness with nothing to start from fuzzes little.
    void everyTargetHasSeeds()
    {
        for (const Target& t : allTargets()) {
            const QDir dir(QStringLiteral(ZOOSCOPE_SOURCE_DIR "/tests/fuzz/corpus/%1").arg(t.name));
            QVERIFY2(!dir.entryList({"*"}, QDir::Files).filter(QRegularExpression("^(?!README\\.md$)")).isEmpty(), t.name);
        }
    }

    void seedsAreAccepted_data() { addRows("corpus"); }
    void seedsAreAccepted()
    {
        QFETCH(QString, target);
        QFETCH(QString, file);
        QCOMPARE(replay(target, file), Outcome::Accepted);
    }

    void regressionsAreRefused_data() { addRows("regressions"); }
    void regressionsAreRefused()
    {
        QFETCH(QString, target);
        QFETCH(QString, file);
        QElapsedTimer clock;
        clock.start();
        QCOMPARE(replay(target, file), Outcome::Rejected);
        QVERIFY2(clock.elapsed() < 60000, "a regression input took over a minute");
    }

    // The multi-file inputs round-trip, so that seeds made with joinParts reach each file whole.
    void partsRoundTrip()
    {
        const std::vector<std::string> parts = {"{\"a\": 1}", "", std::string("\0\1\2", 3)};
        const std::string joined = joinParts(parts);
        QCOMPARE(splitInput(reinterpret_cast<const uint8_t*>(joined.data()), joined.size(), 3), parts);
        // A short input gives empty parts, never a read past its end.
        const uint8_t two[] = {0xff, 0xff};
        const auto short_ = splitInput(two, 2, 3);
        QCOMPARE(short_.size(), size_t(3));
        QVERIFY(short_[0].empty() && short_[1].empty() && short_[2].empty());
    }
};

QTEST_GUILESS_MAIN(tst_FuzzRegressions)
#include "tst_fuzzregressions.moc"
