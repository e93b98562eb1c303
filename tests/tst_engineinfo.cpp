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
        zooscope::EngineInfo::setComputeThreads();
        QCOMPARE(zooscope::EngineInfo::computeThreads(), QThread::idealThreadCount());
    }
};

QTEST_GUILESS_MAIN(TestEngineInfo)
#include "tst_engineinfo.moc"
