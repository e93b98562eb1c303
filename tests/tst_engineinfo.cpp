// The engine's runtime settings.
#include "core/EngineInfo.h"

#include <QtTest>

class TestEngineInfo : public QObject {
    Q_OBJECT
private slots:
    void versionsAreKnown()
    {
        QCOMPARE(QString::fromStdString(zooscope::EngineInfo::version()), QStringLiteral(ZOOSCOPE_VERSION_STRING));
        QVERIFY(QString::fromStdString(zooscope::EngineInfo::torchVersion()).startsWith(QStringLiteral("1.13")));
        QVERIFY(QString::fromStdString(zooscope::EngineInfo::hdf5Version()).startsWith(QStringLiteral("1.10")));
    }

    void computeThreadsAreSetExplicitly()
    {
        zooscope::EngineInfo::setComputeThreads(1);
        QCOMPARE(zooscope::EngineInfo::computeThreads(), 1);
        // "threads 0" of every engine option means the budget, a positive count means itself.
        QCOMPARE(zooscope::EngineInfo::threadsFor(0), 1);
        QCOMPARE(zooscope::EngineInfo::threadsFor(3), 3);
        zooscope::EngineInfo::setComputeThreads(2);
        QCOMPARE(zooscope::EngineInfo::threadsFor(0), 2);
        zooscope::EngineInfo::setComputeThreads();
        QCOMPARE(zooscope::EngineInfo::computeThreads(), QThread::idealThreadCount());
    }
};

QTEST_GUILESS_MAIN(TestEngineInfo)
#include "tst_engineinfo.moc"
