// core/cluster/SlurmJobScripts without a cluster: the scripts it writes are run by bash with stand-ins
// for zooscope-cli, sbatch and scontrol that record what they were given, so that quoting, the shard
// paths, the dependency and submit.sh's --wait outcome are checked word for word. tst_slurm runs the
// same scripts on a real one-node Slurm.
#include "core/cluster/SlurmJobScripts.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace zooscope;

namespace {

struct Run {
    int exitCode;
    QString out, err;
};

Run bash(const QStringList& args, const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral("bash"), args);
    if (!p.waitForFinished(30000))
        return {-1, {}, QStringLiteral("timed out")};
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

void writeExecutable(const QString& path, const QByteArray& text)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
    f.close();
    QVERIFY(f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
}

QString readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

} // namespace

class TestSlurmJobScripts : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;

    QString path(const QString& name) const { return m_tmp.filePath(name); }

    // A stand-in for zooscope-cli: writes its arguments, one per line, to $RECORD.
    QString recordingCli()
    {
        const QString cli = path(QStringLiteral("fake-cli"));
        writeExecutable(cli, "#!/bin/bash\nprintf '%s\\n' \"$@\" > \"$RECORD\"\n");
        return cli;
    }

    SlurmJobRequest request(const QString& cli) const
    {
        SlurmJobRequest r;
        // A value with blanks, quotes and $ must reach zooscope-cli unchanged.
        r.zooCreateArguments = {"--seeds", "1-6", "--epochs", "1", "--dataset", "my data/it's $HOME"};
        r.outputZoo = "zoos/seeds.zoo"; // relative: to the working folder
        r.shards = 3;
        r.cliPath = cli.toStdString();
        r.workingDirectory = m_tmp.path().toStdString();
        return r;
    }

private slots:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    void writesThreeExecutableScripts()
    {
        const SlurmJobRequest r = request(recordingCli());
        const SlurmJobFiles files = SlurmJobScripts::write(r, path(QStringLiteral("jobs")).toStdString());
        QCOMPARE(files.all().size(), size_t(3));
        QCOMPARE(QString::fromStdString(files.arrayScript), path(QStringLiteral("jobs/zoo-shards.sbatch")));
        QCOMPARE(QString::fromStdString(files.mergeScript), path(QStringLiteral("jobs/zoo-merge.sbatch")));
        QCOMPARE(QString::fromStdString(files.submitScript), path(QStringLiteral("jobs/submit.sh")));
        for (const auto& f : files.all()) {
            const QFileInfo info(QString::fromStdString(f));
            QVERIFY2(info.isFile() && info.isExecutable(), f.c_str());
            const Run syntax = bash({QStringLiteral("-n"), info.filePath()});
            QVERIFY2(syntax.exitCode == 0, qPrintable(syntax.err));
            QCOMPARE(readAll(info.filePath()), QString::fromStdString(
                         f == files.arrayScript  ? SlurmJobScripts::arrayScript(r, path(QStringLiteral("jobs")).toStdString())
                         : f == files.mergeScript ? SlurmJobScripts::mergeScript(r, path(QStringLiteral("jobs")).toStdString())
                                                  : SlurmJobScripts::submitScript(r, path(QStringLiteral("jobs")).toStdString())));
        }
        const QString array = readAll(path(QStringLiteral("jobs/zoo-shards.sbatch")));
        QVERIFY(array.contains(QStringLiteral("#SBATCH --array=1-3\n")));
        QVERIFY(array.contains(QStringLiteral("#SBATCH --chdir=") + m_tmp.path() + QStringLiteral("\n")));
        QVERIFY(array.contains(QStringLiteral("#SBATCH --output=") + path(QStringLiteral("jobs/zoo-shard-%a.log"))));
        QVERIFY(!array.contains(QStringLiteral("--partition")));
        QVERIFY(!array.contains(QStringLiteral("--time")));
        const QString merge = readAll(path(QStringLiteral("jobs/zoo-merge.sbatch")));
        QVERIFY(merge.contains(QStringLiteral("#SBATCH --kill-on-invalid-dep=yes\n")));
        // Written again (a second click): replaced, no temporary files left.
        SlurmJobScripts::write(r, path(QStringLiteral("jobs")).toStdString());
        QCOMPARE(QDir(path(QStringLiteral("jobs"))).entryList(QDir::Files | QDir::Hidden).size(), 3);
    }

    void slurmOptionsBecomeDirectives()
    {
        SlurmJobRequest r = request(QStringLiteral("zooscope-cli"));
        r.partition = "gpu,cpu";
        r.timeLimit = "1-12:00:00";
        r.cpusPerTask = 8;
        const QString array = QString::fromStdString(SlurmJobScripts::arrayScript(r, path(QStringLiteral("j")).toStdString()));
        QVERIFY(array.contains(QStringLiteral("#SBATCH --partition=gpu,cpu\n")));
        QVERIFY(array.contains(QStringLiteral("#SBATCH --time=1-12:00:00\n")));
        QVERIFY(array.contains(QStringLiteral("#SBATCH --cpus-per-task=8\n")));
        QVERIFY(array.contains(QStringLiteral(" --threads 8 ")));
        QVERIFY2(array.contains(QStringLiteral("exec zooscope-cli zoo create ")), qPrintable(array)); // via PATH
        const QString merge = QString::fromStdString(SlurmJobScripts::mergeScript(r, path(QStringLiteral("j")).toStdString()));
        QVERIFY(merge.contains(QStringLiteral("#SBATCH --partition=gpu,cpu\n")));
        QVERIFY(!merge.contains(QStringLiteral("--cpus-per-task"))); // merging needs one CPU
        // --threads given by the user wins over --cpus-per-task.
        r.zooCreateArguments.insert(r.zooCreateArguments.end(), {"--threads", "2"});
        const QString own = QString::fromStdString(SlurmJobScripts::arrayScript(r, path(QStringLiteral("j")).toStdString()));
        QVERIFY(own.contains(QStringLiteral(" --threads 2 ")));
        QVERIFY(!own.contains(QStringLiteral(" --threads 8 ")));
    }

    // Array task 2 of 3 runs `zoo create` with the arguments word for word, its shard and its shard path.
    void arrayTaskRunsItsShard()
    {
        const SlurmJobRequest r = request(recordingCli());
        const SlurmJobFiles files = SlurmJobScripts::write(r, path(QStringLiteral("jobs")).toStdString());
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("RECORD"), path(QStringLiteral("array-args.txt")));
        env.insert(QStringLiteral("SLURM_ARRAY_TASK_ID"), QStringLiteral("2"));
        const Run run = bash({QString::fromStdString(files.arrayScript)}, env);
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const QStringList expected = {"zoo", "create", "--seeds", "1-6", "--epochs", "1", "--dataset", "my data/it's $HOME",
                                      "--threads", "1", "--shard", "2/3", "--out", path("zoos/seeds.shard-2-of-3.zoo")};
        QCOMPARE(readAll(path(QStringLiteral("array-args.txt"))), expected.join(QLatin1Char('\n')) + QLatin1Char('\n'));
        QCOMPARE(QString::fromStdString(SlurmJobScripts::shardPath(r, 2)), path(QStringLiteral("zoos/seeds.shard-2-of-3.zoo")));
        // Outside an array job the script says how to submit it instead of running shard "".
        env.remove(QStringLiteral("SLURM_ARRAY_TASK_ID"));
        const Run outside = bash({QString::fromStdString(files.arrayScript)}, env);
        QVERIFY(outside.exitCode != 0);
        QVERIFY2(outside.err.contains(QStringLiteral("array job")), qPrintable(outside.err));
    }

    void mergeJobJoinsEveryShard()
    {
        const SlurmJobRequest r = request(recordingCli());
        const SlurmJobFiles files = SlurmJobScripts::write(r, path(QStringLiteral("jobs")).toStdString());
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("RECORD"), path(QStringLiteral("merge-args.txt")));
        const Run run = bash({QString::fromStdString(files.mergeScript)}, env);
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const QStringList expected = {"zoo", "merge", path("zoos/seeds.zoo"), path("zoos/seeds.shard-1-of-3.zoo"),
                                      path("zoos/seeds.shard-2-of-3.zoo"), path("zoos/seeds.shard-3-of-3.zoo")};
        QCOMPARE(readAll(path(QStringLiteral("merge-args.txt"))), expected.join(QLatin1Char('\n')) + QLatin1Char('\n'));
    }

    // submit.sh with stand-ins for sbatch and scontrol: the merge job depends on the array job (afterok),
    // --wait goes to the merge job only, and a merge job that Slurm cancelled (a shard failed) is a failure
    // although sbatch --wait says 0.
    void submitChainsTheJobs_data()
    {
        QTest::addColumn<QString>("mergeState");
        QTest::addColumn<int>("exitCode");
        QTest::newRow("completed") << QStringLiteral("COMPLETED") << 0;
        QTest::newRow("cancelled") << QStringLiteral("CANCELLED") << 1;
    }
    void submitChainsTheJobs()
    {
        QFETCH(QString, mergeState);
        QFETCH(int, exitCode);
        const SlurmJobFiles files = SlurmJobScripts::write(request(recordingCli()), path(QStringLiteral("jobs")).toStdString());
        const QString bin = path(QStringLiteral("fake-slurm"));
        QVERIFY(QDir().mkpath(bin));
        // sbatch: logs its arguments, answers job id 41 then 42 ("id;cluster" as --parsable may).
        writeExecutable(bin + QStringLiteral("/sbatch"),
                        "#!/bin/bash\necho \"$*\" >> \"$RECORD\"\nn=$(wc -l < \"$RECORD\")\necho \"$((40 + n));cluster\"\n");
        writeExecutable(bin + QStringLiteral("/scontrol"),
                        "#!/bin/bash\n[ \"$*\" = \"show job -o 42\" ] && echo \"JobId=42 JobState=$STATE Reason=None\"\n");
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PATH"), bin + QLatin1Char(':') + env.value(QStringLiteral("PATH")));
        env.insert(QStringLiteral("RECORD"), path(QStringLiteral("sbatch-%1.txt").arg(mergeState)));
        env.insert(QStringLiteral("STATE"), mergeState);
        const Run run = bash({QString::fromStdString(files.submitScript), QStringLiteral("--wait")}, env);
        QVERIFY2(run.exitCode == exitCode, qPrintable(run.out + run.err));
        const QStringList calls = readAll(path(QStringLiteral("sbatch-%1.txt").arg(mergeState))).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(calls.size(), 2);
        QCOMPARE(calls[0], QStringLiteral("--parsable ") + path(QStringLiteral("jobs/zoo-shards.sbatch")));
        QCOMPARE(calls[1], QStringLiteral("--parsable --wait --dependency=afterok:41 ") + path(QStringLiteral("jobs/zoo-merge.sbatch")));
        if (exitCode != 0)
            QVERIFY2(run.err.contains(QStringLiteral("merge job 42 ended CANCELLED")), qPrintable(run.err));
        else
            QVERIFY2(run.out.contains(QStringLiteral("merge job 42 completed: ") + path(QStringLiteral("zoos/seeds.zoo"))),
                     qPrintable(run.out));
        // Without --wait: both submitted, nothing waited for.
        QFile::remove(path(QStringLiteral("sbatch-%1.txt").arg(mergeState)));
        const Run plain = bash({QString::fromStdString(files.submitScript)}, env);
        QCOMPARE(plain.exitCode, 0);
        QVERIFY(!readAll(path(QStringLiteral("sbatch-%1.txt").arg(mergeState))).contains(QStringLiteral("--wait")));
        QCOMPARE(bash({QString::fromStdString(files.submitScript), QStringLiteral("--bogus")}, env).exitCode, 2);
    }

    void shellQuoting()
    {
        QCOMPARE(SlurmJobScripts::shellQuoted("plain-1.5/x"), std::string("plain-1.5/x"));
        QCOMPARE(SlurmJobScripts::shellQuoted(""), std::string("''"));
        QCOMPARE(SlurmJobScripts::shellQuoted("a b"), std::string("'a b'"));
        QCOMPARE(SlurmJobScripts::shellQuoted("it's"), std::string("'it'\\''s'"));
        const std::string nasty = "$(touch pwned) `x` \"q\" 'a'\n\\";
        const Run echo = bash({QStringLiteral("-c"), QString::fromStdString("printf %s " + SlurmJobScripts::shellQuoted(nasty))});
        QCOMPARE(echo.out, QString::fromStdString(nasty));
    }

    void refusesRequestsThatCannotWork_data()
    {
        QTest::addColumn<QString>("what");
        QTest::addColumn<QString>("field");
        QTest::newRow("no shards") << QStringLiteral("shards=0") << QStringLiteral("shards");
        QTest::newRow("too many shards") << QStringLiteral("shards=100001") << QStringLiteral("shards");
        QTest::newRow("negative cpus") << QStringLiteral("cpus=-1") << QStringLiteral("cpus-per-task");
        QTest::newRow("time 2h") << QStringLiteral("time=2h") << QStringLiteral("time-limit");
        QTest::newRow("time 1:2:3:4") << QStringLiteral("time=1:2:3:4") << QStringLiteral("time-limit");
        QTest::newRow("partition with blank") << QStringLiteral("partition=a b") << QStringLiteral("partition");
        QTest::newRow("--out in arguments") << QStringLiteral("arg=--out") << QStringLiteral("arguments");
        QTest::newRow("--shard= in arguments") << QStringLiteral("arg=--shard=1/2") << QStringLiteral("arguments");
        QTest::newRow("no output") << QStringLiteral("out=") << QStringLiteral("out");
        QTest::newRow("output with line break") << QStringLiteral("out=a\nrm -rf x") << QStringLiteral("out");
        QTest::newRow("no cli") << QStringLiteral("cli=") << QStringLiteral("cli");
        QTest::newRow("folder with blank") << QStringLiteral("folder=my jobs") << QStringLiteral("slurm-scripts");
        QTest::newRow("folder with %") << QStringLiteral("folder=jobs%a") << QStringLiteral("slurm-scripts");
        QTest::newRow("working folder with blank") << QStringLiteral("wd=/tmp/a b") << QStringLiteral("working-directory");
    }
    void refusesRequestsThatCannotWork()
    {
        QFETCH(QString, what);
        QFETCH(QString, field);
        SlurmJobRequest r = request(QStringLiteral("zooscope-cli"));
        std::string folder = path(QStringLiteral("refused")).toStdString();
        const QString key = what.section(QLatin1Char('='), 0, 0);
        const std::string value = what.section(QLatin1Char('='), 1).toStdString();
        if (key == QLatin1String("shards"))
            r.shards = std::stoi(value);
        else if (key == QLatin1String("cpus"))
            r.cpusPerTask = std::stoi(value);
        else if (key == QLatin1String("time"))
            r.timeLimit = value;
        else if (key == QLatin1String("partition"))
            r.partition = value;
        else if (key == QLatin1String("arg"))
            r.zooCreateArguments.push_back(value);
        else if (key == QLatin1String("out"))
            r.outputZoo = value;
        else if (key == QLatin1String("cli"))
            r.cliPath = value;
        else if (key == QLatin1String("folder"))
            folder = path(QString::fromStdString(value)).toStdString();
        else if (key == QLatin1String("wd"))
            r.workingDirectory = value;
        try {
            SlurmJobScripts::write(r, folder);
            QFAIL("refused nothing");
        } catch (const SlurmRequestError& e) {
            QCOMPARE(QString::fromStdString(e.field()), field);
            QVERIFY(std::string(e.what()).size() > 10);
        }
        QVERIFY(!QFileInfo::exists(QString::fromStdString(folder))); // nothing written
        // Each allowed form of Slurm's --time passes.
        r = request(QStringLiteral("zooscope-cli"));
        for (const char* t : {"90", "90:30", "2:00:00", "1-12", "1-12:30", "1-12:30:00", "UNLIMITED"}) {
            r.timeLimit = t;
            SlurmJobScripts::check(r, path(QStringLiteral("ok")).toStdString());
        }
    }

    // packaging/slurm/ holds what the generator writes for the example in its README; regenerated with
    // the command there whenever the generator changes, which this notices.
    void checkedInExampleIsWhatTheGeneratorWrites()
    {
        SlurmJobRequest r;
        r.zooCreateArguments = {"--grid", "public-fmnist", "--epochs", "50"};
        r.outputZoo = "fmnist-grid.zoo";
        r.shards = 16;
        r.cliPath = "zooscope-cli";
        r.cpusPerTask = 4;
        r.timeLimit = "4:00:00";
        r.workingDirectory = "/scratch/zoos";
        const std::string folder = "/scratch/zoos/jobs";
        const QString dir = QStringLiteral(ZOOSCOPE_SOURCE_DIR "/packaging/slurm/");
        QCOMPARE(readAll(dir + QStringLiteral("zoo-shards.sbatch")), QString::fromStdString(SlurmJobScripts::arrayScript(r, folder)));
        QCOMPARE(readAll(dir + QStringLiteral("zoo-merge.sbatch")), QString::fromStdString(SlurmJobScripts::mergeScript(r, folder)));
        QCOMPARE(readAll(dir + QStringLiteral("submit.sh")), QString::fromStdString(SlurmJobScripts::submitScript(r, folder)));
    }

    void aFolderInAMissingFolderIsAnError()
    {
        try {
            SlurmJobScripts::write(request(QStringLiteral("zooscope-cli")), path(QStringLiteral("missing/jobs")).toStdString());
            QFAIL("wrote into a missing folder");
        } catch (const std::runtime_error& e) {
            QVERIFY2(std::string(e.what()).find("missing/jobs") != std::string::npos, e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestSlurmJobScripts)
#include "tst_slurmjobscripts.moc"
