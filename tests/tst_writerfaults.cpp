// Faults on every writer (issue 15): each command that writes a file (zoo create, zoo merge, zoo import,
// zoo export, ae train, embed, sample, figure, and the explorer's session save) is SIGKILLed at seeded
// random moments while it writes over an existing previous file, and runs once under a file size limit
// (ulimit -f: EFBIG, as a full disk gives ENOSPC). Afterwards each target is the previous file byte for
// byte or a complete new one equal to an uninterrupted run's, no temporary file outlives the next
// successful run, and a killed `zoo create` or `ae train` resumes to the uninterrupted result.
// The seed is printed; ZOOSCOPE_FAULT_SEED=N repeats a run.
#include "AutoencoderTestUtil.h"
#include "FileBytes.h"
#include "PublicZooTestUtil.h"
#include "ZooTestUtil.h"

#include "app/SessionFile.h"
#include "hyperrep/EmbeddingFile.h"
#include "hyperrep/HyperRepresentation.h"
#include "sampling/SamplingReport.h"
#include "zoo/ZooFile.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>
#include <random>

#include <sys/resource.h>

using namespace zooscope;

namespace {

const QString kCli = QStringLiteral(ZOOSCOPE_BIN_DIR "/zooscope-cli");
const QStringList kSmallAe{"--threads", "1", "--latent", "8", "--d-model", "32", "--blocks", "1", "--heads", "2", "--ff", "64",
                           "--projection", "16", "--batch", "16", "--seed", "3"};
const char* const kSessionWriterFlag = "--session-writer";

uint64_t faultSeed()
{
    const QByteArray env = qgetenv("ZOOSCOPE_FAULT_SEED");
    return env.isEmpty() ? uint64_t(QDateTime::currentMSecsSinceEpoch()) : env.toULongLong();
}

// A child process as a user's shell starts it; `fileSizeLimit` >= 0 is `ulimit -f` in bytes.
std::unique_ptr<QProcess> start(const QString& program, const QStringList& args, qint64 fileSizeLimit = -1)
{
    auto p = std::make_unique<QProcess>();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("OMP_WAIT_POLICY"), QStringLiteral("passive"));
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    p->setProcessEnvironment(env);
    if (fileSizeLimit >= 0)
        p->setChildProcessModifier([fileSizeLimit] {
            const rlimit limit{rlim_t(fileSizeLimit), rlim_t(fileSizeLimit)};
            ::setrlimit(RLIMIT_FSIZE, &limit);
        });
    p->start(program, args);
    return p;
}

// The temporary files of atomic writes in `folder` and below (".NAME.tmp-PID-N").
QStringList temporaries(const QString& folder)
{
    QStringList found;
    std::error_code ec;
    for (std::filesystem::recursive_directory_iterator it(folder.toStdString(), ec), end; !ec && it != end; it.increment(ec))
        if (it->path().filename().string().find(".tmp-") != std::string::npos)
            found << QString::fromStdString(it->path().string());
    return found;
}

void writeBytes(const QString& file, const QByteArray& bytes)
{
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(bytes), bytes.size());
}

// Why `file` is not the complete zoo `reference` (same models, checkpoints, weights and metrics bit for
// bit); empty when it is.
QString zooDiffers(const QString& file, const QString& reference)
{
    try {
        const ModelZoo a = ZooFile::read(file.toStdString()), b = ZooFile::read(reference.toStdString());
        if (a.modelIds != b.modelIds || a.checkpointEpochs != b.checkpointEpochs || a.weights.size() != b.weights.size())
            return QStringLiteral("other models or checkpoints");
        if (std::memcmp(a.weights.data(), b.weights.data(), a.weights.size() * sizeof(float)) != 0)
            return QStringLiteral("other weights");
        if (a.testAccuracy.size() != b.testAccuracy.size() ||
            std::memcmp(a.testAccuracy.data(), b.testAccuracy.data(), a.testAccuracy.size() * sizeof(float)) != 0)
            return QStringLiteral("other test accuracies");
        return {};
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
}

// One writer: the command, the files it writes (all in `folder`), and what makes a written file the
// complete new one (compared with the uninterrupted run's copy).
struct Writer {
    QString name;
    QString program;
    QStringList args;
    QString folder;
    QStringList targets;
    std::function<QString(const QString& file, const QString& reference)> differs;
    QStringList resumeArgs; // appended after a kill (ae train --resume)
};

struct KillCounts {
    int kills = 0, midWrite = 0, oldKept = 0, newComplete = 0, finishedFirst = 0;
};

} // namespace

// Kills per writer: half at random moments, half just as a temporary file appears; six keep the suite
// within a few minutes on two busy cores.
constexpr int kKillsPerWriter = 6;

class TestWriterFaults : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    uint64_t m_seed = 0;
    std::mt19937_64 m_rng;
    QString m_zoo;     // a small trained zoo (fashion-mnist)
    QString m_zooPrev; // another one, the "previous file" of zoo writers
    QString m_ae;      // a hyper-representation of m_zoo

    QString sub(const QString& name)
    {
        const QString dir = m_tmp.filePath(name);
        QDir().mkpath(dir);
        return dir;
    }

    static QStringList zooCreateArgs(const QString& seeds, const QString& out, int epochs = 2)
    {
        QStringList checkpoints;
        for (int e = 0; e <= epochs; ++e)
            checkpoints << QString::number(e);
        return {"zoo", "create", "--seeds", seeds, "--epochs", QString::number(epochs), "--checkpoints", checkpoints.join(QLatin1Char(',')),
                "--max-train-images", "1500", "--max-eval-images", "300", "--threads", "1", "--out", out};
    }

    // Runs a writer to completion; returns its stderr (empty and a failed QVERIFY on failure).
    QString runToEnd(const Writer& w, const QStringList& extra = {})
    {
        auto p = start(w.program, w.args + extra);
        const bool finished = p->waitForFinished(600000);
        const QString err = QString::fromUtf8(p->readAllStandardError());
        if (!finished || p->exitStatus() != QProcess::NormalExit || p->exitCode() != 0) {
            qWarning("%s failed: %s", qPrintable(w.name), qPrintable(err));
            return QStringLiteral("FAILED");
        }
        return err;
    }

    // Runs zooscope-cli with `args` to its end (it must succeed); the milliseconds from the moment `file`
    // appeared (the first resume file or checkpoint) to the end, the span in which a kill tests a resume.
    qint64 runTimedFrom(const QStringList& args, const QString& file)
    {
        auto p = start(kCli, args);
        if (!p->waitForStarted()) {
            QTest::qFail("the reference run did not start", __FILE__, __LINE__);
            return 0;
        }
        while (!QFile::exists(file) && p->state() == QProcess::Running)
            p->waitForFinished(10);
        QElapsedTimer clock;
        clock.start();
        if (!p->waitForFinished(600000) || p->exitCode() != 0)
            QTest::qFail(p->readAllStandardError().constData(), __FILE__, __LINE__);
        return clock.elapsed();
    }

    // Starts zooscope-cli with `args`, SIGKILLs it `atMs` after its start, or after `afterFile` appeared (a
    // moment relative to the start alone misses the first checkpoint when start-up is slow on a busy
    // machine), then runs it again to the end (it must succeed); the second run's output in `stdOut` and
    // `err`. Returns whether the kill landed (false: the run had ended before it).
    bool killAndRerun(const QStringList& args, double atMs, QString& stdOut, QString& err, const QString& afterFile = {})
    {
        auto killed = start(kCli, args);
        if (!killed->waitForStarted()) {
            QTest::qFail("the run to kill did not start", __FILE__, __LINE__);
            return false;
        }
        while (!afterFile.isEmpty() && !QFile::exists(afterFile) && killed->state() == QProcess::Running)
            killed->waitForFinished(10);
        killed->waitForFinished(int(atMs));
        const bool landed = killed->state() == QProcess::Running;
        if (landed)
            ::kill(pid_t(killed->processId()), SIGKILL);
        if (killed->state() != QProcess::NotRunning && !killed->waitForFinished(60000)) {
            QTest::qFail("the killed run did not end", __FILE__, __LINE__);
            return false;
        }
        auto again = start(kCli, args);
        if (!again->waitForFinished(600000)) {
            QTest::qFail("the rerun did not end in 600 s", __FILE__, __LINE__);
            return false;
        }
        stdOut = QString::fromUtf8(again->readAllStandardOutput());
        err = QString::fromUtf8(again->readAllStandardError());
        if (again->exitCode() != 0)
            QTest::qFail(qPrintable(QStringLiteral("the rerun failed: ") + err), __FILE__, __LINE__);
        return landed;
    }

    // The kill series of one writer (see the file comment). The previous versions of the targets are in
    // place when it is called.
    void killSeries(const Writer& w, int kills)
    {
        QHash<QString, QByteArray> previous;
        for (const QString& t : w.targets) {
            previous[t] = readBytes(t);
            QVERIFY2(!previous[t].isEmpty(), qPrintable(t + QStringLiteral(": no previous file")));
        }
        // The uninterrupted run, timed; its output is the reference.
        QElapsedTimer clock;
        clock.start();
        QVERIFY(runToEnd(w) != QStringLiteral("FAILED"));
        const qint64 runMs = clock.elapsed();
        const QString refDir = sub(w.name + QStringLiteral("-reference"));
        QHash<QString, QString> reference;
        for (const QString& t : w.targets) {
            reference[t] = refDir + QLatin1Char('/') + QFileInfo(t).fileName();
            QFile::remove(reference[t]);
            QVERIFY(QFile::copy(t, reference[t]));
            QVERIFY2(w.differs(t, reference[t]).isEmpty(), qPrintable(w.differs(t, reference[t])));
            QVERIFY2(readBytes(t) != previous[t], qPrintable(t + QStringLiteral(": the new file equals the previous one")));
            writeBytes(t, previous[t]);
        }

        KillCounts n;
        std::uniform_real_distribution<double> anyMoment(0.0, 1.1 * double(runMs));
        std::uniform_int_distribution<int> inWrite(0, 4000); // microseconds after a temporary file appeared
        for (int k = 0; k < kills; ++k) {
            auto p = start(w.program, w.args + w.resumeArgs);
            QVERIFY(p->waitForStarted());
            QElapsedTimer since;
            since.start();
            if (k % 2 == 0) { // any moment of the run
                const auto at = qint64(anyMoment(m_rng));
                while (since.elapsed() < at && p->state() == QProcess::Running)
                    p->waitForFinished(int(std::min<qint64>(20, at - since.elapsed() + 1)));
            } else { // while a file is being written: soon after a temporary file (of a target: every other time) appears
                const bool ofTarget = k % 4 == 3;
                auto writing = [&] {
                    const QStringList found = temporaries(w.folder);
                    return std::any_of(found.begin(), found.end(), [&](const QString& temp) {
                        return !ofTarget || std::any_of(w.targets.begin(), w.targets.end(), [&](const QString& t) {
                                   return QFileInfo(temp).fileName().startsWith(QLatin1Char('.') + QFileInfo(t).fileName() + QStringLiteral(".tmp-"));
                               });
                    });
                };
                while (p->state() == QProcess::Running && !writing() && since.elapsed() < 4 * runMs + 10000)
                    QThread::usleep(200);
                // At once half the time: a small file (a figure) is written and renamed within a few
                // milliseconds, which a random delay of up to 4 ms often outlasts.
                if (k % 4 == 3)
                    QThread::usleep(static_cast<unsigned long>(inWrite(m_rng)));
            }
            if (p->state() == QProcess::Running) {
                ::kill(pid_t(p->processId()), SIGKILL);
                ++n.kills;
            } else {
                ++n.finishedFirst;
            }
            QVERIFY(p->state() == QProcess::NotRunning || p->waitForFinished(60000));
            if (!temporaries(w.folder).isEmpty())
                ++n.midWrite;
            for (const QString& t : w.targets) {
                const QByteArray now = readBytes(t);
                if (now == previous[t]) {
                    ++n.oldKept;
                    continue;
                }
                const QString why = w.differs(t, reference[t]);
                QVERIFY2(why.isEmpty(), qPrintable(QStringLiteral("%1, kill %2 (seed %3): %4 is neither the previous file nor the complete new one: %5")
                                                       .arg(w.name).arg(k).arg(m_seed).arg(t, why)));
                ++n.newComplete;
                writeBytes(t, previous[t]); // the next kill writes over the previous file again
            }
        }
        // The next successful run: the new files, and no temporary file left from the killed ones.
        QVERIFY(runToEnd(w, w.resumeArgs) != QStringLiteral("FAILED"));
        for (const QString& t : w.targets)
            QVERIFY2(w.differs(t, reference[t]).isEmpty(), qPrintable(w.name + QStringLiteral(" after the kills: ") + w.differs(t, reference[t])));
        QVERIFY2(temporaries(w.folder).isEmpty(), qPrintable(w.name + QStringLiteral(": left ") + temporaries(w.folder).join(QStringLiteral(", "))));
        qInfo("%s: %d kills (seed %llu, uninterrupted run %lld ms): %d during a write (temporary file left), %d files kept "
              "as before, %d complete new, %d runs finished before their kill",
              qPrintable(w.name), n.kills, static_cast<unsigned long long>(m_seed), runMs, n.midWrite, n.oldKept, n.newComplete,
              n.finishedFirst);
        QVERIFY2(n.kills >= kills / 2, "most runs ended before their kill: the test did not test");
        QVERIFY2(n.midWrite > 0, qPrintable(w.name + QStringLiteral(": no kill came during a write: the test did not test")));

        // A full disk: ulimit -f below the new files' size. A clear error, exit 1, the previous files kept,
        // no temporary file.
        qint64 smallest = std::numeric_limits<qint64>::max();
        for (const QString& t : w.targets) {
            smallest = std::min(smallest, QFileInfo(reference[t]).size());
            writeBytes(t, previous[t]);
        }
        auto p = start(w.program, w.args, smallest / 2);
        QVERIFY(p->waitForFinished(600000));
        const QString err = QString::fromUtf8(p->readAllStandardError());
        QVERIFY2(p->exitStatus() == QProcess::NormalExit, qPrintable(w.name + QStringLiteral(" under ulimit -f died (SIGXFSZ?)")));
        QVERIFY2(p->exitCode() == 1, qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("error: ")) && err.contains(QStringLiteral("cannot")) &&
                     std::any_of(w.targets.begin(), w.targets.end(), [&](const QString& t) { return err.contains(QFileInfo(t).fileName()); }),
                 qPrintable(w.name + QStringLiteral(": the message does not say what failed: ") + err));
        QVERIFY2(!err.contains(QStringLiteral("HDF5-DIAG")) && err.size() < 2000, qPrintable(w.name + QStringLiteral(": not a clear message: ") + err));
        for (const QString& t : w.targets)
            QVERIFY2(readBytes(t) == previous[t], qPrintable(t + QStringLiteral(": changed by the failed write")));
        QVERIFY2(temporaries(w.folder).isEmpty(), qPrintable(temporaries(w.folder).join(QStringLiteral(", "))));
        qInfo("%s under ulimit -f %lld: %s", qPrintable(w.name), smallest / 2, qPrintable(err.trimmed().split(QLatin1Char('\n')).last()));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_seed = faultSeed();
        m_rng.seed(m_seed);
        qInfo("seed %llu (ZOOSCOPE_FAULT_SEED=%llu repeats this run)", static_cast<unsigned long long>(m_seed),
              static_cast<unsigned long long>(m_seed));
        QVERIFY2(QFile::exists(QStringLiteral("/usr/share/datasets/fashion-mnist")),
                 "Debian's dataset-fashion-mnist is not installed (scripts/install-deps.sh)");
        m_zoo = m_tmp.filePath(QStringLiteral("trained.zoo"));
        m_zooPrev = m_tmp.filePath(QStringLiteral("previous.zoo"));
        m_ae = m_tmp.filePath(QStringLiteral("trained.hr"));
        for (const auto& [seeds, out] : {std::pair{QStringLiteral("1-24"), m_zoo}, std::pair{QStringLiteral("101-110"), m_zooPrev}}) {
            auto p = start(kCli, zooCreateArgs(seeds, out));
            QVERIFY(p->waitForFinished(600000));
            QVERIFY2(p->exitCode() == 0, p->readAllStandardError().constData());
        }
        auto p = start(kCli, QStringList{"ae", "train", "--zoo", m_zoo, "--out", m_ae, "--epochs", "2"} + kSmallAe);
        QVERIFY(p->waitForFinished(600000));
        QVERIFY2(p->exitCode() == 0, p->readAllStandardError().constData());
    }

    void zooCreate()
    {
        const QString dir = sub(QStringLiteral("create")), out = dir + QStringLiteral("/zoo.h5");
        QVERIFY(QFile::copy(m_zooPrev, out));
        QStringList args = zooCreateArgs(QStringLiteral("1-32"), out);
        args << "--resume-interval" << "0";
        killSeries({QStringLiteral("zoo create"), kCli, args, dir, {out}, zooDiffers, {}}, kKillsPerWriter);
    }

    void zooMerge()
    {
        const QString dir = sub(QStringLiteral("merge")), out = dir + QStringLiteral("/merged.h5");
        QStringList shards;
        for (int i = 1; i <= 3; ++i) {
            const QString shard = m_tmp.filePath(QStringLiteral("shard%1.h5").arg(i));
            auto p = start(kCli, zooCreateArgs(QStringLiteral("1-48"), shard, 1) + QStringList{"--shard", QStringLiteral("%1/3").arg(i)});
            QVERIFY(p->waitForFinished(600000));
            QVERIFY2(p->exitCode() == 0, p->readAllStandardError().constData());
            shards << shard;
        }
        QVERIFY(QFile::copy(m_zooPrev, out));
        killSeries({QStringLiteral("zoo merge"), kCli, QStringList{"zoo", "merge", out} + shards, dir, {out}, zooDiffers, {}}, kKillsPerWriter);
    }

    void zooImport()
    {
        const QString dir = sub(QStringLiteral("import")), out = dir + QStringLiteral("/imported.h5");
        const QString folder = m_tmp.filePath(QStringLiteral("public-zoo"));
        zootest::writePublicZoo(zootest::syntheticZoo(60, 4, {0, 2, 4}), folder);
        QVERIFY(QFile::copy(m_zooPrev, out));
        killSeries({QStringLiteral("zoo import"), kCli, {"zoo", "import", folder, "--out", out}, dir, {out}, zooDiffers, {}}, kKillsPerWriter);
    }

    void zooExport()
    {
        // A folder of files, each written atomically: every file is its previous or its new version.
        const QString dir = sub(QStringLiteral("export"));
        const ModelZoo zoo = ZooFile::read(m_zoo.toStdString());
        // The previous export: the same models at another epoch.
        auto p = start(kCli, {"zoo", "export", m_zoo, "--out", dir, "--epoch", "1"});
        QVERIFY(p->waitForFinished(600000));
        QVERIFY2(p->exitCode() == 0, p->readAllStandardError().constData());
        QStringList targets;
        for (int64_t id : zoo.modelIds)
            targets << dir + QStringLiteral("/%1.pt").arg(id) << dir + QStringLiteral("/%1.json").arg(id);
        auto sameBytes = [](const QString& file, const QString& reference) {
            return readBytes(file) == readBytes(reference) ? QString() : QStringLiteral("other bytes");
        };
        killSeries({QStringLiteral("zoo export"), kCli, {"zoo", "export", m_zoo, "--out", dir, "--epoch", "2"}, dir, targets, sameBytes, {}}, kKillsPerWriter);
    }

    void aeTrain()
    {
        const QString dir = sub(QStringLiteral("ae")), out = dir + QStringLiteral("/model.hr");
        QVERIFY(QFile::copy(m_ae, out));
        const ModelZoo zoo = ZooFile::read(m_zoo.toStdString());
        const std::vector<float> flat(zoo.weights.begin(), zoo.weights.begin() + 6 * zoo.architecture.parameterCount());
        // Complete: it loads, has every epoch, and encodes as the uninterrupted run's model does within the
        // tolerance of the resume test (tst_hyperrepresentation: 1e-4).
        auto differs = [flat](const QString& file, const QString& reference) -> QString {
            try {
                const HyperRepresentation a = HyperRepresentation::load(file.toStdString());
                const HyperRepresentation b = HyperRepresentation::load(reference.toStdString());
                if (a.history().size() != b.history().size())
                    return QStringLiteral("%1 epochs instead of %2").arg(a.history().size()).arg(b.history().size());
                const std::vector<float> za = a.encode(flat), zb = b.encode(flat);
                for (size_t i = 0; i < za.size(); ++i)
                    if (!(std::abs(za[i] - zb[i]) < 1e-4f))
                        return QStringLiteral("latent %1 differs by %2").arg(i).arg(std::abs(za[i] - zb[i]));
                return {};
            } catch (const std::exception& e) {
                return QString::fromStdString(e.what());
            }
        };
        const QStringList args = QStringList{"ae", "train", "--zoo", m_zoo, "--out", out, "--epochs", "3", "--checkpoint-interval", "0"} + kSmallAe;
        killSeries({QStringLiteral("ae train"), kCli, args, dir, {out}, differs, {"--resume"}}, kKillsPerWriter);
    }

    void embed()
    {
        // The latents go into the zoo file itself: it is the previous zoo or the zoo with the latents.
        const QString dir = sub(QStringLiteral("embed")), zoo = dir + QStringLiteral("/zoo.h5");
        QVERIFY(QFile::copy(m_zoo, zoo));
        auto differs = [](const QString& file, const QString& reference) -> QString {
            const QString weights = zooDiffers(file, reference);
            if (!weights.isEmpty())
                return weights;
            try {
                const ZooEmbedding a = EmbeddingFile::read(file.toStdString(), "latent"), b = EmbeddingFile::read(reference.toStdString(), "latent");
                return a.latents == b.latents ? QString() : QStringLiteral("other latents");
            } catch (const std::exception& e) {
                return QString::fromStdString(e.what());
            }
        };
        killSeries({QStringLiteral("embed"), kCli, {"embed", "--zoo", zoo, "--ae", m_ae, "--name", "latent"}, dir, {zoo}, differs, {}}, kKillsPerWriter);
    }

    void sample()
    {
        // Two files: the generated zoo and the report.
        const QString dir = sub(QStringLiteral("sample")), gen = dir + QStringLiteral("/generated.h5"),
                      report = dir + QStringLiteral("/report.json");
        const QStringList common{"sample", "--zoo", m_zoo, "--ae", m_ae, "--n", "12", "--finetune-epochs", "0",
                                 "--no-novelty", "--threads", "1", "--out", gen, "--report", report};
        auto p = start(kCli, common + QStringList{"--method", "noise"});
        QVERIFY(p->waitForFinished(600000));
        QVERIFY2(p->exitCode() == 0, p->readAllStandardError().constData());
        auto differs = [](const QString& file, const QString& reference) -> QString {
            if (file.endsWith(QStringLiteral(".h5")))
                return zooDiffers(file, reference);
            try {
                const SamplingReport a = SamplingReport::readJson(file.toStdString()), b = SamplingReport::readJson(reference.toStdString());
                // timings differ from run to run
                return a.toJson().at("methods").size() == b.toJson().at("methods").size() ? QString() : QStringLiteral("other methods");
            } catch (const std::exception& e) {
                return QString::fromStdString(e.what());
            }
        };
        killSeries({QStringLiteral("sample"), kCli, common + QStringList{"--method", "kde", "--seed", "5"}, dir, {gen, report}, differs, {}}, kKillsPerWriter);
    }

    void figure()
    {
        const QString dir = sub(QStringLiteral("figure")), out = dir + QStringLiteral("/figure.png");
        auto p = start(kCli, {"figure", "--zoo", m_zoo, "--hr", m_ae, "--out", out, "--color-by", "epoch"});
        QVERIFY(p->waitForFinished(600000));
        QVERIFY2(p->exitCode() == 0, p->readAllStandardError().constData());
        auto sameImage = [](const QString& file, const QString& reference) -> QString {
            const QImage a(file), b(reference);
            return !a.isNull() && a == b ? QString() : QStringLiteral("not the uninterrupted run's image");
        };
        killSeries({QStringLiteral("figure"), kCli, {"figure", "--zoo", m_zoo, "--hr", m_ae, "--out", out, "--dpi", "300"}, dir, {out}, sameImage, {}}, kKillsPerWriter);
    }

    void sessionSave()
    {
        // The explorer's File > Save Session writes through SessionFile::write: this suite's own binary,
        // started as a child, writes a large session there (see main below).
        const QString dir = sub(QStringLiteral("session")), file = dir + QStringLiteral("/view.zooscope");
        auto p = start(QCoreApplication::applicationFilePath(), {kSessionWriterFlag, file, m_zoo, "10"});
        QVERIFY(p->state() == QProcess::NotRunning || p->waitForFinished(60000));
        QVERIFY2(p->exitCode() == 0, p->readAllStandardError().constData());
        auto sameSession = [](const QString& f, const QString& reference) -> QString {
            try {
                SessionFile::read(f);
            } catch (const std::exception& e) {
                return QString::fromStdString(e.what());
            }
            return readBytes(f) == readBytes(reference) ? QString() : QStringLiteral("other bytes");
        };
        killSeries({QStringLiteral("session save"), QCoreApplication::applicationFilePath(), {kSessionWriterFlag, file, m_zoo, "200000"},
                    dir, {file}, sameSession, {}}, kKillsPerWriter);
    }

    // zoo create killed anywhere in its training (state saved at every report) resumes to the very zoo
    // an uninterrupted run writes; ae train likewise, within the resume test's tolerance.
    void zooCreateResumesAfterKill()
    {
        const QString dir = sub(QStringLiteral("resume")), ref = dir + QStringLiteral("/ref.zoo"), out = dir + QStringLiteral("/killed.zoo");
        auto args = [this](const QString& file) {
            return zooCreateArgs(QStringLiteral("1-32"), file, 3) + QStringList{"--resume-interval", "0"};
        };
        // The reference run, timed from its first resume file to its end: a clock started with the process
        // also counts the dataset's loading, and under ctest -j2 a slow reference put every kill after the
        // end of a faster killed run (0 of 3 resumed).
        const qint64 trainMs = runTimedFrom(args(ref), ref + QStringLiteral(".resume"));
        if (QTest::currentTestFailed())
            return;
        // Killed at a random moment of the training after its first resume file; a run that ended before
        // its kill is tried again, up to 8 runs for 3 kills.
        std::uniform_real_distribution<double> moment(0.0, 0.8 * double(trainMs));
        int landed = 0, resumed = 0, runs = 0;
        for (; runs < 8 && landed < 3; ++runs) {
            QString stdOut, err;
            const bool kill = killAndRerun(args(out), moment(m_rng), stdOut, err, out + QStringLiteral(".resume"));
            if (QTest::currentTestFailed())
                return;
            landed += kill ? 1 : 0;
            resumed += kill && err.contains(QStringLiteral("resuming")) ? 1 : 0;
            QVERIFY2(zooDiffers(out, ref).isEmpty(), qPrintable(QStringLiteral("run %1 (seed %2): %3").arg(runs).arg(m_seed).arg(zooDiffers(out, ref))));
            QVERIFY(!QFile::exists(out + QStringLiteral(".resume")));
            QVERIFY(QFile::remove(out));
        }
        qInfo("zoo create: %d kills during training in %d runs (seed %llu, training %lld ms), %d resumed from FILE.resume, all bit-identical",
              landed, runs, static_cast<unsigned long long>(m_seed), static_cast<long long>(trainMs), resumed);
        QVERIFY2(landed == 3, "fewer than 3 of 8 runs were killed before their end: the test did not test");
        QVERIFY2(resumed > 0, "no kill left a resume file: the test did not test");
        QVERIFY(temporaries(dir).isEmpty());
    }

    void aeTrainResumesAfterKill()
    {
        const QString dir = sub(QStringLiteral("ae-resume")), ref = dir + QStringLiteral("/ref.hr"), out = dir + QStringLiteral("/killed.hr");
        auto args = [this](const QString& file) {
            return QStringList{"ae", "train", "--zoo", m_zoo, "--out", file, "--epochs", "4", "--checkpoint-interval", "0", "--resume"} + kSmallAe;
        };
        // The reference run, timed from its first checkpoint (the first epoch's) to its end.
        const qint64 runMs = runTimedFrom(args(ref), ref + QStringLiteral(".checkpoint"));
        if (QTest::currentTestFailed())
            return;
        const ModelZoo zoo = ZooFile::read(m_zoo.toStdString());
        const std::vector<float> flat(zoo.weights.begin(), zoo.weights.begin() + 6 * zoo.architecture.parameterCount());
        const std::vector<float> zRef = HyperRepresentation::load(ref.toStdString()).encode(flat);
        // Killed at a random moment in the three epochs after the first checkpoint.
        std::uniform_real_distribution<double> moment(0.0, 0.8 * double(runMs));
        int landed = 0, resumed = 0, runs = 0;
        double largest = 0;
        for (; runs < 8 && landed < 3; ++runs) {
            QString stdOut, err;
            const bool kill = killAndRerun(args(out), moment(m_rng), stdOut, err, out + QStringLiteral(".checkpoint"));
            if (QTest::currentTestFailed())
                return;
            landed += kill ? 1 : 0;
            resumed += kill && stdOut.contains(QStringLiteral("(resumed)")) ? 1 : 0;
            const std::vector<float> z = HyperRepresentation::load(out.toStdString()).encode(flat);
            for (size_t i = 0; i < z.size(); ++i)
                largest = std::max(largest, double(std::abs(z[i] - zRef[i])));
            QVERIFY(!QFile::exists(out + QStringLiteral(".checkpoint")));
            QVERIFY(QFile::remove(out));
        }
        qInfo("ae train: %d kills during training in %d runs (seed %llu), %d resumed from AE.checkpoint; largest latent difference %g",
              landed, runs, static_cast<unsigned long long>(m_seed), resumed, largest);
        QVERIFY2(landed == 3, "fewer than 3 of 8 runs were killed before their end: the test did not test");
        QVERIFY2(largest < 1e-4, "a resumed training differs from the uninterrupted one");
        QVERIFY2(resumed > 0, "no kill left a checkpoint: the test did not test");
        QVERIFY(temporaries(dir).isEmpty());
    }
};

namespace {

// The session writer the suite kills: writes a session with `points` selected points to FILE. Exit 1 with the message when a write fails.
int writeSessions(const QString& file, const QString& zoo, int points)
{
    SessionState state;
    state.zooPath = QFileInfo(zoo).absoluteFilePath();
    for (int i = 0; i < points; ++i)
        state.selection.push_back({i % 24, i / 24});
    try {
        SessionFile::write(state, file);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "session save: error: %s\n", e.what());
        return 1;
    }
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc == 5 && std::strcmp(argv[1], kSessionWriterFlag) == 0) {
        QCoreApplication app(argc, argv);
        std::signal(SIGXFSZ, SIG_IGN); // as the explorer does (app/main.cpp)
        return writeSessions(QString::fromLocal8Bit(argv[2]), QString::fromLocal8Bit(argv[3]), std::atoi(argv[4]));
    }
    QCoreApplication app(argc, argv);
    TestWriterFaults test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_writerfaults.moc"
