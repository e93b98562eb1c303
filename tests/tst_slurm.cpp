// "Slurm array + merge equals one-process zoo" (issue 16): a one-node Slurm on localhost (Debian's
// slurm-wlm and munge, scripts/install-deps.sh) started by the test from a configuration in a temporary
// folder, with its own munge key and socket and free ports, so that nothing of a Slurm installed on the
// machine is used or disturbed. The job scripts come from `zooscope-cli zoo create ... --slurm-scripts`
// (core/cluster/SlurmJobScripts); submit.sh --wait runs the shard array job and the merge job that
// depends on it, and the merged zoo must equal the zoo one process makes, bit for bit. packaging/slurm's
// MPI jobs run too, each as one job of two tasks whose ranks srun starts through PMIx: ae-train.sbatch
// trains on two ranks, and sample.sbatch writes the report and models of one process. Every daemon
// the test starts is stopped by its pid, also when a check fails (and gets SIGTERM should the test
// process die).
#include "SamplingReportTestUtil.h"

#include "zoo/ZooFile.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <memory>
#include <random>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace zooscope;

namespace {

struct Result {
    int exitCode;
    QString out, err;
};

QString readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QStringLiteral("(%1: missing)").arg(path);
}

QString tail(const QString& text, int lines = 40)
{
    const QStringList all = text.split(QLatin1Char('\n'));
    return all.mid(std::max<qsizetype>(0, all.size() - lines)).join(QLatin1Char('\n'));
}

// A TCP port on localhost that nothing listens on now (the kernel's choice for port 0).
int freePort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    int port = -1;
    if (fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
        port = ntohs(a.sin_port);
    if (fd >= 0)
        ::close(fd);
    return port;
}

QString findProgram(const QString& name)
{
    return QStandardPaths::findExecutable(name, {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/bin"),
                                                 QStringLiteral("/sbin"), QStringLiteral("/bin")});
}

// munged, slurmctld and slurmd in the foreground as children of the test: their pids are the test's to
// stop, and the kernel sends them SIGTERM if the test process dies first.
class Daemon {
public:
    Daemon(QString name, QString logFile) : m_name(std::move(name)), m_log(std::move(logFile)) {}
    ~Daemon() { stop(); }

    bool start(const QString& program, const QStringList& args)
    {
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
        m_process.start(program, args);
        const bool started = m_process.waitForStarted(10000);
        m_pid = m_process.processId(); // 0 when it is gone already
        return started;
    }
    // Without an event loop QProcess notices an exit only inside its waitFor... calls.
    bool running()
    {
        m_process.waitForFinished(0);
        return m_process.state() == QProcess::Running;
    }
    // What the daemon said: its log file and its own output.
    QString report()
    {
        if (running())
            m_process.waitForReadyRead(200);
        return QStringLiteral("--- %1 (pid %2, %3) log %4:\n%5\n--- %1 output:\n%6\n")
            .arg(m_name)
            .arg(m_pid)
            .arg(running() ? QStringLiteral("running") : QStringLiteral("exited with %1").arg(m_process.exitCode()))
            .arg(m_log, tail(readAll(m_log)), QString::fromUtf8(m_process.readAll()));
    }
    // SIGTERM, then SIGKILL after 15 s; true when the process is gone.
    bool stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return true;
        m_process.terminate();
        if (!m_process.waitForFinished(15000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
        return m_process.state() == QProcess::NotRunning;
    }
    qint64 startedPid() const { return m_pid; }

private:
    QString m_name, m_log;
    QProcess m_process;
    qint64 m_pid = 0;
};

} // namespace

class TestSlurm : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_tmp;
    QString m_conf;
    std::unique_ptr<Daemon> m_munged, m_slurmctld, m_slurmd;
    QList<qint64> m_pids; // of every daemon started, checked gone at the end

    QString path(const QString& name) const { return m_tmp->filePath(name); }

    QProcessEnvironment slurmEnvironment() const
    {
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("SLURM_CONF"), m_conf);
        return env;
    }

    Result runProgram(const QString& program, const QStringList& args, int timeoutMs, const QString& workingDirectory = {})
    {
        QProcess p;
        p.setProcessEnvironment(slurmEnvironment());
        if (!workingDirectory.isEmpty())
            p.setWorkingDirectory(workingDirectory);
        p.start(program, args);
        if (!p.waitForFinished(timeoutMs)) {
            p.kill();
            p.waitForFinished(5000);
            return {-1, QString::fromUtf8(p.readAllStandardOutput()),
                    QString::fromUtf8(p.readAllStandardError()) + QStringLiteral("\n(timed out)")};
        }
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, QString::fromUtf8(p.readAllStandardOutput()),
                QString::fromUtf8(p.readAllStandardError())};
    }

    Result cli(const QStringList& args, const QString& workingDirectory = {})
    {
        return runProgram(QStringLiteral(ZOOSCOPE_BIN_DIR "/zooscope-cli"), args, 300000, workingDirectory);
    }

    QString daemonReports()
    {
        QString r;
        for (Daemon* d : {m_munged.get(), m_slurmctld.get(), m_slurmd.get()})
            if (d)
                r += d->report();
        return r;
    }

    void writeConfiguration()
    {
        const int ctldPort = freePort(), slurmdPort = freePort();
        QVERIFY(ctldPort > 0 && slurmdPort > 0 && ctldPort != slurmdPort);
        const passwd* pw = ::getpwuid(::getuid());
        QVERIFY(pw);
        const QString user = QString::fromLocal8Bit(pw->pw_name);
        QVERIFY(QDir().mkpath(path(QStringLiteral("state"))) && QDir().mkpath(path(QStringLiteral("spool"))));
        const QString conf = QStringLiteral(
                                 "ClusterName=zooscopetest\n"
                                 "SlurmctldHost=localhost\n"
                                 "SlurmctldPort=%1\n"
                                 "SlurmdPort=%2\n"
                                 "SlurmUser=%3\n"
                                 "SlurmdUser=%3\n"
                                 "AuthType=auth/munge\n"
                                 "CredType=cred/munge\n"
                                 "AuthInfo=socket=%4/munge/munge.socket\n"
                                 "StateSaveLocation=%4/state\n"
                                 "SlurmdSpoolDir=%4/spool\n"
                                 "SlurmctldPidFile=%4/slurmctld.pid\n"
                                 "SlurmdPidFile=%4/slurmd.pid\n"
                                 "SlurmctldLogFile=%4/slurmctld.log\n"
                                 "SlurmdLogFile=%4/slurmd.log\n"
                                 "ProctrackType=proctrack/linuxproc\n"
                                 "TaskPlugin=task/none\n"
                                 "JobAcctGatherType=jobacct_gather/none\n"
                                 "AccountingStorageType=accounting_storage/none\n"
                                 "JobCompType=jobcomp/none\n"
                                 "SchedulerType=sched/backfill\n"
                                 "SelectType=select/cons_tres\n"
                                 "SelectTypeParameters=CR_Core\n"
                                 "MpiDefault=pmix\n" // as on a cluster whose srun starts MPI ranks without --mpi
                                 "SwitchType=switch/none\n"
                                 "ReturnToService=2\n"
                                 // sbatch --wait polls after 2, 8, 32, 32, ... s, but never waits longer
                                 // than MinJobAge / 2 between polls: finished jobs are kept 10 s.
                                 "MinJobAge=10\n"
                                 "SlurmdParameters=config_overrides\n"
                                 "NodeName=localhost NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN\n"
                                 "PartitionName=zoo Nodes=localhost Default=YES MaxTime=INFINITE State=UP\n")
                                 .arg(ctldPort)
                                 .arg(slurmdPort)
                                 .arg(user, m_tmp->path());
        m_conf = path(QStringLiteral("slurm.conf"));
        QFile f(m_conf);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(conf.toUtf8());
    }

    void startMunge()
    {
        // munged wants its socket's folders searchable by all and its key readable by its user only.
        QVERIFY(QDir().mkpath(path(QStringLiteral("munge"))));
        for (const QString& dir : {m_tmp->path(), path(QStringLiteral("munge"))})
            QVERIFY(QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup |
                                                   QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther));
        const QString key = path(QStringLiteral("munge/munge.key"));
        {
            QFile f(key);
            QVERIFY(f.open(QIODevice::WriteOnly));
            std::random_device random;
            QByteArray bytes(1024, '\0');
            for (auto& b : bytes)
                b = static_cast<char>(random());
            f.write(bytes);
        }
        QVERIFY(QFile::setPermissions(key, QFile::ReadOwner));
        const QString socket = path(QStringLiteral("munge/munge.socket"));
        m_munged = std::make_unique<Daemon>(QStringLiteral("munged"), path(QStringLiteral("munge/munged.log")));
        QVERIFY2(m_munged->start(findProgram(QStringLiteral("munged")),
                                 {"--foreground", "--socket=" + socket, "--key-file=" + key,
                                  "--pid-file=" + path(QStringLiteral("munge/munged.pid")),
                                  "--log-file=" + path(QStringLiteral("munge/munged.log")),
                                  "--seed-file=" + path(QStringLiteral("munge/munged.seed"))}),
                 qPrintable(m_munged->report()));
        m_pids << m_munged->startedPid();
        QElapsedTimer t;
        t.start();
        while (!QFile::exists(socket) && m_munged->running() && t.elapsed() < 15000)
            QThread::msleep(100);
        QVERIFY2(QFile::exists(socket) && m_munged->running(),
                 qPrintable(QStringLiteral("munged did not come up\n") + m_munged->report()));
    }

    void startSlurm()
    {
        m_slurmctld = std::make_unique<Daemon>(QStringLiteral("slurmctld"), path(QStringLiteral("slurmctld.log")));
        QVERIFY2(m_slurmctld->start(findProgram(QStringLiteral("slurmctld")), {"-D", "-f", m_conf}),
                 qPrintable(m_slurmctld->report()));
        m_pids << m_slurmctld->startedPid();
        m_slurmd = std::make_unique<Daemon>(QStringLiteral("slurmd"), path(QStringLiteral("slurmd.log")));
        QVERIFY2(m_slurmd->start(findProgram(QStringLiteral("slurmd")), {"-D", "-f", m_conf, "-N", "localhost"}),
                 qPrintable(m_slurmd->report()));
        m_pids << m_slurmd->startedPid();
        // Up when the controller answers and reports the node idle.
        QElapsedTimer t;
        t.start();
        QString state;
        while (t.elapsed() < 60000 && m_slurmctld->running() && m_slurmd->running()) {
            const Result r = runProgram(findProgram(QStringLiteral("sinfo")), {"-h", "-N", "-o", "%T"}, 10000);
            state = (r.out + r.err).trimmed();
            if (r.exitCode == 0 && state == QLatin1String("idle"))
                return;
            QThread::msleep(500);
        }
        QFAIL(qPrintable(QStringLiteral("Slurm did not come up (sinfo: '%1')\n").arg(state) + daemonReports()));
    }

    // Cancels what is left of the test's jobs, then stops the daemons by their pids; the reports of those
    // that would not stop.
    QString stopAll()
    {
        if (m_slurmctld && m_slurmctld->running())
            runProgram(findProgram(QStringLiteral("scancel")), {"--partition=zoo"}, 20000);
        QString stuck;
        for (auto* d : {&m_slurmd, &m_slurmctld, &m_munged})
            if (*d && !(*d)->stop())
                stuck += (*d)->report();
        return stuck;
    }

public:
    // Also when a check failed before cleanupTestCase, or initTestCase stopped half way.
    ~TestSlurm() override { stopAll(); }

private slots:
    void initTestCase()
    {
        // Dependencies (scripts/install-deps.sh): without them the suite fails, it does not pass.
        for (const char* program : {"munged", "slurmctld", "slurmd", "sbatch", "sinfo", "scontrol", "scancel"})
            QVERIFY2(!findProgram(QString::fromLatin1(program)).isEmpty(),
                     qPrintable(QStringLiteral("%1 is missing: install Debian's slurm-wlm and munge (scripts/install-deps.sh)")
                                    .arg(QString::fromLatin1(program))));
        QVERIFY2(std::filesystem::exists("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"),
                 "Debian's dataset-fashion-mnist is not installed (scripts/install-deps.sh)");
        // Short: the munge socket's path must fit a Unix socket address (108 bytes).
        m_tmp = std::make_unique<QTemporaryDir>(QStringLiteral("/tmp/zooscope-slurm-XXXXXX"));
        QVERIFY(m_tmp->isValid());
        writeConfiguration();
        startMunge();
        if (QTest::currentTestFailed())
            return;
        QElapsedTimer t;
        t.start();
        startSlurm();
        if (!QTest::currentTestFailed())
            qInfo("Slurm up in %.1f s", double(t.elapsed()) / 1000.0);
    }

    void slurmArrayAndMergeEqualsOneProcessZoo()
    {
        QVERIFY(m_slurmd && m_slurmd->running());
        QElapsedTimer timer;
        timer.start();
        const QStringList recipe = {"zoo", "create", "--seeds", "1-6", "--epochs", "1", "--checkpoints", "0,1",
                                    "--max-train-images", "200", "--max-eval-images", "100"};
        // "Write Slurm job scripts", typed in the temporary folder with relative paths (the scripts'
        // --chdir keeps them meaning the same in the jobs).
        const Result written = cli(recipe + QStringList{"--out", "merged.zoo", "--slurm-scripts", "jobs", "--shards", "3"},
                                   m_tmp->path());
        QVERIFY2(written.exitCode == 0, qPrintable(written.err));
        QVERIFY2(written.out.contains(path(QStringLiteral("jobs/submit.sh"))), qPrintable(written.out));
        QVERIFY(!QFile::exists(path(QStringLiteral("merged.zoo")))); // scripts only, nothing trained

        const Result submitted = runProgram(QStringLiteral("bash"), {path(QStringLiteral("jobs/submit.sh")), "--wait"}, 240000,
                                            m_tmp->path());
        const QString logs = readAll(path(QStringLiteral("jobs/zoo-shard-1.log"))) +
                             readAll(path(QStringLiteral("jobs/zoo-shard-2.log"))) +
                             readAll(path(QStringLiteral("jobs/zoo-shard-3.log"))) +
                             readAll(path(QStringLiteral("jobs/zoo-merge.log")));
        QVERIFY2(submitted.exitCode == 0,
                 qPrintable(submitted.out + submitted.err + QStringLiteral("\n--- job logs:\n") + logs + daemonReports()));
        const qint64 slurmMs = timer.elapsed();
        for (int i = 1; i <= 3; ++i) {
            const QString log = readAll(path(QStringLiteral("jobs/zoo-shard-%1.log").arg(i)));
            QVERIFY2(log.contains(QStringLiteral("wrote ") + path(QStringLiteral("merged.shard-%1-of-3.zoo").arg(i)) +
                                  QStringLiteral(": 2 models")),
                     qPrintable(log));
        }
        QVERIFY2(readAll(path(QStringLiteral("jobs/zoo-merge.log"))).contains(QStringLiteral("merged 3 shards")), qPrintable(logs));

        const Result whole = cli(recipe + QStringList{"--out", path(QStringLiteral("whole.zoo"))});
        QVERIFY2(whole.exitCode == 0, qPrintable(whole.err));

        const ModelZoo a = ZooFile::read(path(QStringLiteral("whole.zoo")).toStdString());
        const ModelZoo b = ZooFile::read(path(QStringLiteral("merged.zoo")).toStdString());
        QCOMPARE(b.modelCount(), int64_t(6));
        QCOMPARE(b.modelIds, a.modelIds);
        QCOMPARE(b.architecture.name, a.architecture.name);
        QCOMPARE(b.datasetId, a.datasetId);
        QCOMPARE(b.epochs, a.epochs);
        QCOMPARE(b.checkpointEpochs, a.checkpointEpochs);
        QVERIFY(b.split == a.split);
        QCOMPARE(b.hyperparameters.size(), a.hyperparameters.size());
        for (size_t m = 0; m < a.hyperparameters.size(); ++m) {
            const Hyperparameters &x = a.hyperparameters[m], &y = b.hyperparameters[m];
            QVERIFY(x.activation == y.activation && x.init == y.init && x.optimizer == y.optimizer);
            QVERIFY(x.seed == y.seed && x.batchSize == y.batchSize);
            QVERIFY(std::memcmp(&x.dropout, &y.dropout, sizeof(double)) == 0);
            QVERIFY(std::memcmp(&x.learningRate, &y.learningRate, sizeof(double)) == 0);
            QVERIFY(std::memcmp(&x.weightDecay, &y.weightDecay, sizeof(double)) == 0);
        }
        auto sameBits = [](const std::vector<float>& x, const std::vector<float>& y) {
            return x.size() == y.size() && std::memcmp(x.data(), y.data(), x.size() * sizeof(float)) == 0;
        };
        QVERIFY(!a.weights.empty());
        QVERIFY2(sameBits(a.weights, b.weights), "weights differ");
        QVERIFY(sameBits(a.trainLoss, b.trainLoss) && sameBits(a.trainAccuracy, b.trainAccuracy));
        QVERIFY(sameBits(a.validationLoss, b.validationLoss) && sameBits(a.validationAccuracy, b.validationAccuracy));
        QVERIFY(sameBits(a.testLoss, b.testLoss) && sameBits(a.testAccuracy, b.testAccuracy));
        // The merged zoo records the three shard commands the array tasks ran.
        for (int i = 1; i <= 3; ++i)
            QVERIFY2(b.createdBy.find("--shard " + std::to_string(i) + "/3") != std::string::npos, b.createdBy.c_str());
        qInfo("Slurm array (3 shards) + merge: %.1f s; whole test so far %.1f s", double(slurmMs) / 1000.0,
              double(timer.elapsed()) / 1000.0);
    }

    // packaging/slurm's MPI job scripts run `srun zooscope-cli ae train` / `sample` with options the
    // program knows: under a stand-in srun that runs the command once, the real zooscope-cli gets as
    // far as finding that the (missing) zoo file is missing, past its check of every option.
    void packagedMpiScriptsUseKnownOptions()
    {
        const QString bin = path(QStringLiteral("stand-in"));
        QVERIFY(QDir().mkpath(bin));
        QFile srun(bin + QStringLiteral("/srun"));
        QVERIFY(srun.open(QIODevice::WriteOnly));
        srun.write("#!/bin/bash\nexec \"$@\"\n");
        srun.close();
        QVERIFY(srun.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        for (const QString script : {QStringLiteral("ae-train.sbatch"), QStringLiteral("sample.sbatch")}) {
            QProcess p;
            auto env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("PATH"), bin + QLatin1Char(':') + env.value(QStringLiteral("PATH")));
            env.insert(QStringLiteral("ZOOSCOPE_CLI"), QStringLiteral(ZOOSCOPE_BIN_DIR "/zooscope-cli"));
            env.insert(QStringLiteral("SLURM_CPUS_PER_TASK"), QStringLiteral("1"));
            env.insert(QStringLiteral("ZOO"), QStringLiteral("/nonexistent/zoo.h5"));
            env.insert(QStringLiteral("AE"), QStringLiteral("/nonexistent/zoo.hr"));
            env.insert(QStringLiteral("OUT"), path(QStringLiteral("out-") + script));
            env.insert(QStringLiteral("REPORT"), path(QStringLiteral("report-") + script + QStringLiteral(".json")));
            p.setProcessEnvironment(env);
            p.setProcessChannelMode(QProcess::MergedChannels);
            p.start(QStringLiteral("bash"), {QStringLiteral(ZOOSCOPE_SOURCE_DIR "/packaging/slurm/") + script});
            QVERIFY(p.waitForFinished(120000));
            const QString output = QString::fromUtf8(p.readAll());
            QVERIFY2(p.exitCode() == 2 && output.contains(QStringLiteral("/nonexistent/zoo.h5")) &&
                         output.contains(QStringLiteral("not found")),
                     qPrintable(script + QStringLiteral(": ") + output));
        }
    }

    // Submits packaging/slurm/SCRIPT with `sbatch --wait` as one job of two tasks on the node (the
    // script's example of 2 nodes x 2 tasks x 4 CPUs overridden), run in FOLDER with the variables VARS;
    // the job's log, empty and a failed check when it did not end well.
    QString runPackagedJob(const QString& script, const QString& folder, const QList<QPair<QString, QString>>& vars)
    {
        if (!QDir().mkpath(path(folder))) {
            QTest::qFail("cannot make the job's folder", __FILE__, __LINE__);
            return {};
        }
        QProcess p;
        auto env = slurmEnvironment();
        env.insert(QStringLiteral("ZOOSCOPE_CLI"), QStringLiteral(ZOOSCOPE_BIN_DIR "/zooscope-cli"));
        for (const auto& [name, value] : vars)
            env.insert(name, value);
        p.setProcessEnvironment(env);
        p.setProcessChannelMode(QProcess::MergedChannels);
        const QString log = path(folder + QStringLiteral("/job.log"));
        p.start(findProgram(QStringLiteral("sbatch")),
                {"--wait", "--nodes=1", "--ntasks-per-node=2", "--cpus-per-task=1", "--output=" + log,
                 "--chdir=" + path(folder), QStringLiteral(ZOOSCOPE_SOURCE_DIR "/packaging/slurm/") + script});
        const bool ended = p.waitForFinished(300000);
        if (!ended || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
            QTest::qFail(qPrintable(script + (ended ? QStringLiteral(" failed\n") : QStringLiteral(" did not end in 300 s\n")) +
                                    QString::fromUtf8(p.readAll()) + readAll(log) + daemonReports()),
                         __FILE__, __LINE__);
            return {};
        }
        return readAll(log);
    }

    // packaging/slurm/ae-train.sbatch for real: one job of two tasks trains one autoencoder data-parallel
    // (that it equals one process within rounding is tst_mpicli's aeTrainOnTwoRanksMatchesOneProcess).
    void packagedAeTrainJobOnTwoTasks()
    {
        QVERIFY(m_slurmd && m_slurmd->running());
        QElapsedTimer timer;
        timer.start();
        // A small autoencoder for 2 epochs instead of the script's 30 (a later option wins).
        const QString jobLog = runPackagedJob(QStringLiteral("ae-train.sbatch"), QStringLiteral("ae-job"),
                                              {{"ZOO", QStringLiteral(ZOOSCOPE_SOURCE_DIR "/data/fashion-mnist-cnn-s.zoo.h5")},
                                               {"OUT", "a.hr"},
                                               {"EXTRA", "--epochs 2 --batch 16 --latent 8 --d-model 32 --blocks 1 --heads 2 --ff 64 --projection 16"}});
        if (QTest::currentTestFailed())
            return;
        // One job of two ranks: rank 0 alone reports, and names them; the file records them too.
        QVERIFY2(jobLog.count(QStringLiteral("trained a.hr on ")) == 1, qPrintable(jobLog));
        QVERIFY2(jobLog.contains(QStringLiteral(" s on 2 ranks")), qPrintable(jobLog));
        QCOMPARE(QDir(path(QStringLiteral("ae-job"))).entryList({QStringLiteral("a.hr*")}, QDir::Files), QStringList{"a.hr"});
        const Result info = cli({"ae", "info", path(QStringLiteral("ae-job/a.hr"))});
        QVERIFY2(info.exitCode == 0 && info.out.contains(QStringLiteral("trained        2 epochs on 2 ranks, R^2")),
                 qPrintable(info.out + info.err));
        qInfo("ae-train.sbatch on 2 Slurm tasks: %.1f s", double(timer.elapsed()) / 1000.0);
    }

    // packaging/slurm/sample.sbatch for real: one job of two tasks, srun starts two zooscope-cli that
    // find each other through Slurm's PMIx; the report and the generated zoo rank 0 writes equal those of
    // one process with the same --threads.
    void packagedSampleJobOnTwoTasksEqualsOneProcess()
    {
        QVERIFY(m_slurmd && m_slurmd->running());
        QElapsedTimer timer;
        timer.start();
        const QString zoo = QStringLiteral(ZOOSCOPE_SOURCE_DIR "/data/fashion-mnist-cnn-s.zoo.h5"),
                      ae = QStringLiteral(ZOOSCOPE_SOURCE_DIR "/data/fashion-mnist-cnn-s.hr");
        // Few-shot fine-tuning on the small MNIST set of tests/data and one reference epoch keep it short.
        const QString extra = QStringLiteral("--seed 5 --transfer " ZOOSCOPE_SOURCE_DIR
                                             "/tests/data/mnist --finetune-images-per-class 5 --novelty-epochs 10 --no-cache");
        // OUT and REPORT relative to the job's folder, as the one-process run's are to its own: the report
        // names them.
        const QString jobLog = runPackagedJob(QStringLiteral("sample.sbatch"), QStringLiteral("sample-job"),
                                              {{"ZOO", zoo}, {"AE", ae}, {"OUT", "g.h5"}, {"REPORT", "r.json"}, {"N", "12"}, {"EXTRA", extra}});
        if (QTest::currentTestFailed())
            return;
        const qint64 slurmMs = timer.elapsed();
        // The two tasks were one MPI job: rank 0 alone reports, and names two ranks (two lone processes
        // would each report as a job of one).
        QVERIFY2(jobLog.count(QStringLiteral("generated 12 models")) == 1, qPrintable(jobLog));
        QVERIFY2(jobLog.contains(QStringLiteral("time per stage on 2 ranks:")), qPrintable(jobLog));

        const QStringList args = QStringList{"sample", "--zoo", zoo, "--ae", ae, "--method", "kde", "--n", "12",
                                             "--finetune-epochs", "0,1,5", "--out", "g.h5", "--report", "r.json", "--threads", "1"} +
                                 extra.split(QLatin1Char(' '));
        QVERIFY(QDir().mkpath(path(QStringLiteral("sample-one"))));
        const Result one = cli(args, path(QStringLiteral("sample-one")));
        QVERIFY2(one.exitCode == 0, qPrintable(one.err));
        const QJsonDocument slurmReport = reportWithoutTime(path(QStringLiteral("sample-job/r.json")));
        const QJsonDocument oneReport = reportWithoutTime(path(QStringLiteral("sample-one/r.json")));
        QVERIFY2(!oneReport.isEmpty() && slurmReport == oneReport,
                 qPrintable(QStringLiteral("reports differ\n--- 2 Slurm tasks:\n%1\n--- one process:\n%2")
                                .arg(QString::fromUtf8(slurmReport.toJson()), QString::fromUtf8(oneReport.toJson()))));
        const ModelZoo a = ZooFile::read(path(QStringLiteral("sample-one/g.h5")).toStdString());
        const ModelZoo b = ZooFile::read(path(QStringLiteral("sample-job/g.h5")).toStdString());
        QCOMPARE(b.modelCount(), int64_t(12));
        QVERIFY2(a.weights.size() == b.weights.size() &&
                     std::memcmp(a.weights.data(), b.weights.data(), a.weights.size() * sizeof(float)) == 0,
                 "the generated weights differ");
        qInfo("sample.sbatch on 2 Slurm tasks: %.1f s", double(slurmMs) / 1000.0);
    }

    void cleanupTestCase()
    {
        const QString stuck = stopAll();
        QVERIFY2(stuck.isEmpty(), qPrintable(QStringLiteral("a daemon would not stop\n") + stuck));
        // Every daemon started is gone (its pid no longer names a process of ours).
        for (const qint64 pid : m_pids)
            QVERIFY2(pid <= 0 || (::kill(pid_t(pid), 0) != 0 && errno == ESRCH),
                     qPrintable(QStringLiteral("pid %1 still runs").arg(pid)));
    }
};

QTEST_GUILESS_MAIN(TestSlurm)
#include "tst_slurm.moc"
