// The zooscope-cli executable as a user runs it.
#include <QProcess>
#include <QtTest>

class TestCli : public QObject {
    Q_OBJECT

    struct Result {
        int exitCode;
        QString out;
        QString err;
    };

    static Result run(const QStringList& args)
    {
        QProcess p;
        p.start(QStringLiteral(ZOOSCOPE_BIN_DIR "/zooscope-cli"), args);
        if (!p.waitForFinished(60000))
            return {-1, {}, QStringLiteral("timed out")};
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, QString::fromUtf8(p.readAllStandardOutput()),
                QString::fromUtf8(p.readAllStandardError())};
    }

private slots:
    void versionPrintsTheProjectVersion()
    {
        const Result r = run({QStringLiteral("--version")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith(QStringLiteral("zooscope-cli " ZOOSCOPE_VERSION_STRING "\n")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("LibTorch 1.")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("HDF5 1.")), qPrintable(r.out));
    }

    void versionSubcommandReportsComputeThreads()
    {
        const Result r = run({QStringLiteral("version")});
        QCOMPARE(r.exitCode, 0);
        // LibTorch defaults to one thread here; the CLI must have raised it to the hardware's count.
        const int cores = QThread::idealThreadCount();
        QVERIFY2(r.out.contains(QStringLiteral("%1 compute threads").arg(cores)), qPrintable(r.out));
    }

    void helpListsCommands()
    {
        const Result r = run({QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("Usage: zooscope-cli <command>")));
        QVERIFY(r.out.contains(QStringLiteral("version")));
    }

    void noArgumentsIsAnError()
    {
        const Result r = run({});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.contains(QStringLiteral("Usage:")));
    }

    void unknownSubcommandFails()
    {
        const Result r = run({QStringLiteral("frobnicate"), QStringLiteral("--fast")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("unknown command 'frobnicate'")), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }

    void unknownOptionOfAKnownCommandFails()
    {
        const Result r = run({QStringLiteral("version"), QStringLiteral("--colour"), QStringLiteral("red")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("unknown option --colour")), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
