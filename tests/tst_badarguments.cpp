// Bad arguments to zooscope-cli, as a careless or hurried user types them (issue 15, point 5): every
// numeric option of every command refuses zero (where zero means nothing), negative, huge and
// non-numeric values, and every path option refuses a folder where a file is meant, a missing parent
// folder and an unwritable place; always with exit code 2 and a message that names the option, and
// before any work starts (valid inputs are given beside the bad one, so that a missing check lets the
// command run on: it then fails another way, or works, or overruns the test's time).
// The hundreds of combinations run through the commands in this process (app/cli/Commands: the list
// the executable has; a process start loads LibTorch, seconds each on a busy machine); the issue's own
// list and a few path cases run the built zooscope-cli as a user does.
#include "app/cli/CommandLine.h"
#include "app/cli/Commands.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>
#include <sstream>
#include <vector>

namespace {

const QString kZoo = QStringLiteral(ZOOSCOPE_SOURCE_DIR "/data/fashion-mnist-cnn-s.zoo.h5");
const QString kHr = QStringLiteral(ZOOSCOPE_SOURCE_DIR "/data/fashion-mnist-cnn-s.hr");
const QString kIdx = QStringLiteral(ZOOSCOPE_SOURCE_DIR "/tests/data/mnist");

// One run that must be refused: the arguments, and what stderr must say.
struct Case {
    QStringList args;
    QStringList expected; // each must appear in stderr
    QString label;
    QString program = QStringLiteral("zooscope-cli"); // in build/bin
};

// An option and the values it must refuse. `range` is the allowed range as the message states it
// ("1..64"); empty for lists and the like, whose messages say what is wrong in their own words.
struct Option {
    QStringList command; // the command's words and valid arguments
    QString key;
    QStringList bad;
    QString range;
};

// Values every integer option refuses besides those outside its range.
const QStringList kNotAnInteger{"abc", "1.5", "", "12abc", "0x10"};
// ... every number option.
const QStringList kNotANumber{"abc", "", "nan", "inf", "-inf", "1e999", "2,5"};

} // namespace

class TestBadArguments : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    int m_combinations = 0;        // run in this process
    int m_processCombinations = 0; // run with the executable

    QString path(const QString& name) const { return m_tmp.filePath(name); }

    struct Result {
        int exitCode = -1;
        QString err;
        QString out;
        qint64 ms = 0;
    };

    // Runs the cases through the commands in this process, as the executable's main() does.
    static std::vector<Result> runHere(const std::vector<Case>& cases)
    {
        static zooscope::cli::CommandLine cli;
        static const bool registered = (zooscope::cli::addCommands(cli), true);
        Q_UNUSED(registered);
        std::vector<Result> results;
        for (const Case& c : cases) {
            std::vector<std::string> argv;
            for (const QString& a : c.args)
                argv.push_back(a.toStdString());
            std::ostringstream out, err;
            QElapsedTimer clock;
            clock.start();
            Result r;
            r.exitCode = cli.run(argv, out, err);
            r.ms = clock.elapsed();
            r.out = QString::fromStdString(out.str());
            r.err = QString::fromStdString(err.str());
            results.push_back(r);
        }
        return results;
    }

    // Runs the cases with the built zooscope-cli, 8 at a time; a run that takes longer than 60 s is
    // killed and counts as a failure (a usage error takes a few seconds at most, LibTorch's loading).
    static std::vector<Result> runProcesses(const std::vector<Case>& cases)
    {
        std::vector<Result> results(cases.size());
        const size_t parallel = 8;
        for (size_t start = 0; start < cases.size(); start += parallel) {
            std::vector<std::unique_ptr<QProcess>> running;
            std::vector<QElapsedTimer> clocks;
            const size_t end = std::min(cases.size(), start + parallel);
            for (size_t i = start; i < end; ++i) {
                running.push_back(std::make_unique<QProcess>());
                QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
                env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen")); // the GUI's cases
                running.back()->setProcessEnvironment(env);
                clocks.emplace_back();
                clocks.back().start();
                running.back()->start(QStringLiteral(ZOOSCOPE_BIN_DIR "/") + cases[i].program, cases[i].args);
            }
            for (size_t i = start; i < end; ++i) {
                QProcess& p = *running[i - start];
                Result& r = results[i];
                if (!p.waitForFinished(60000)) {
                    p.kill();
                    p.waitForFinished(5000);
                    r.exitCode = -1;
                    r.err = QStringLiteral("(still running after 60 s: the bad value was taken)");
                    continue;
                }
                r.ms = clocks[i - start].elapsed();
                r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
                r.err = QString::fromUtf8(p.readAllStandardError());
                r.out = QString::fromUtf8(p.readAllStandardOutput());
            }
        }
        return results;
    }

    // Every case exits 2 with the expected words; all failures in one message.
    void expectUsageErrors(const std::vector<Case>& cases, bool inProcesses = false)
    {
        const std::vector<Result> results = inProcesses ? runProcesses(cases) : runHere(cases);
        QStringList failures;
        for (size_t i = 0; i < cases.size(); ++i) {
            const Result& r = results[i];
            bool ok = r.exitCode == 2 && r.out.isEmpty();
            for (const QString& e : cases[i].expected)
                ok = ok && r.err.contains(e);
            // the user's own words, not a library's
            ok = ok && !r.err.contains(QLatin1String("Exception raised")) && !r.err.contains(QLatin1String("bad_alloc"));
            if (!ok)
                failures << QStringLiteral("%1\n    exit %2, stderr: %3").arg(cases[i].label).arg(r.exitCode).arg(r.err.trimmed());
        }
        (inProcesses ? m_processCombinations : m_combinations) += int(cases.size());
        QVERIFY2(failures.isEmpty(), qPrintable(QStringLiteral("%1 of %2 refused wrongly:\n").arg(failures.size()).arg(cases.size()) +
                                                 failures.join(QLatin1Char('\n'))));
    }

    static std::vector<Case> casesOf(const std::vector<Option>& options)
    {
        std::vector<Case> cases;
        for (const Option& o : options) {
            for (const QString& v : o.bad) {
                Case c;
                // --key=VALUE, so that "" and "-1" reach the option as its value
                c.args = o.command + QStringList{QStringLiteral("--%1=%2").arg(o.key, v)};
                c.expected << QStringLiteral("option --%1").arg(o.key);
                if (!o.range.isEmpty())
                    c.expected << QStringLiteral(" in %1, got '%2'").arg(o.range, v);
                c.label = c.args.join(QLatin1Char(' '));
                cases.push_back(c);
            }
        }
        return cases;
    }

    // An integer option in [min, max]: below, above, far above and not an integer.
    static Option integer(const QStringList& command, const QString& key, qint64 min, qint64 max)
    {
        QStringList bad = kNotAnInteger;
        bad << QString::number(min - 1);
        if (min - 1 != -1)
            bad << QStringLiteral("-1");
        if (min > 1)
            bad << QStringLiteral("0");
        if (max < std::numeric_limits<qint64>::max())
            bad << QString::number(max + 1);
        bad << QStringLiteral("99999999999999999999"); // beyond 64 bits
        if (max < 99999999999999LL)
            bad << QStringLiteral("99999999999999");
        return {command, key, bad, QStringLiteral("%1..%2").arg(min).arg(max)};
    }

    // A number option in [min, max] (as the message prints the bounds).
    static Option number(const QStringList& command, const QString& key, const QString& min, const QString& above,
                         const QString& range, const QStringList& alsoBad = {})
    {
        QStringList bad = kNotANumber;
        bad << min << above << QStringLiteral("1e300") << alsoBad;
        return {command, key, bad, range};
    }

    static Option list(const QStringList& command, const QString& key, const QStringList& bad)
    {
        return {command, key, bad, {}};
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        QVERIFY2(QFile::exists(kZoo) && QFile::exists(kHr), "data/ holds the default zoo and hyper-representation");
        QVERIFY(QDir().mkpath(path("folder")));
        QFile f(path("file.txt"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not a zoo\n");
    }

    void zooCommandsRefuseBadNumbers()
    {
        const QStringList create{"zoo", "create", "--seeds", "1-2", "--max-train-images", "100", "--max-eval-images", "100",
                                 "--out", path("z.h5")};
        const QStringList grid{"zoo", "create", "--grid", "public-fmnist", "--epochs", "1", "--out", path("z.h5")};
        const QStringList exportZoo{"zoo", "export", kZoo, "--out", path("exported")};
        const QStringList import{"zoo", "import", kIdx, "--out", path("imported.h5")};
        const QStringList train{"bench", "train", "--steps", "1", "--models", "1"};
        expectUsageErrors(casesOf({
            integer(create, "epochs", 1, 10000),
            integer(create, "threads", 1, 1024),
            integer(create, "batch-size", 1, 10000),
            integer(create, "max-train-images", 1, 100'000'000),
            integer(create, "max-eval-images", 1, 100'000'000),
            integer(create, "stop-after", 0, std::numeric_limits<qint64>::max()),
            integer(grid, "seeds-per-config", 1, 1000),
            list(create, "checkpoints", {"1,0", "0,0", "-1", "51", "0-99999999999", "abc", ""}),
            list(create, "shard", {"0/2", "3/2", "1/0", "-1/2", "a/b", "1/99999999999999", "2"}),
            list(create, "seeds", {"-1", "abc", "5-1", ""}),
            // Write Slurm job scripts (zoo create --slurm-scripts DIR --shards N)
            integer(create + QStringList{"--slurm-scripts", path("slurm-jobs")}, "shards", 1, 100000),
            integer(create + QStringList{"--slurm-scripts", path("slurm-jobs"), "--shards", "2"}, "cpus-per-task", 1, 1024),
            list(create + QStringList{"--slurm-scripts", path("slurm-jobs"), "--shards", "2"}, "time-limit",
                 {"2h", "1:2:3:4", "", "-1", "1-"}),
            list(create + QStringList{"--slurm-scripts", path("slurm-jobs"), "--shards", "2"}, "partition", {"a b", "", "x;y"}),
            list(create + QStringList{"--slurm-scripts", path("slurm-jobs")}, "shards", {"3"}), // 2 models: a shard empty
            integer(exportZoo, "epoch", 0, 100000),
            integer(exportZoo, "random", 1, 100'000'000),
            integer(exportZoo + QStringList{"--random", "2"}, "seed", 0, std::numeric_limits<qint64>::max()),
            list(exportZoo, "ids", {"-1", "abc", ""}),
            number(import, "max-abs", "-1", "1000001", "0..1e+06"),
            list(import, "epochs", {"-1", "100001", "abc"}),
            integer(train, "models", 1, 1'000'000),
            integer(train, "steps", 1, 10'000'000),
            integer(train, "threads", 1, 1024),
        }));
        // The zoo's own bounds, known once its summary is read: --random beyond its 256 models.
        expectUsageErrors({{exportZoo + QStringList{"--random", "257"}, {"option --random", "1..256"}, "export --random 257"},
                           {exportZoo + QStringList{"--epoch", "99999"}, {"option --epoch", "no checkpoint at epoch 99999"},
                            "export --epoch 99999"},
                           {exportZoo + QStringList{"--ids", "1,99999"}, {"option --ids", "no model with id 99999"},
                            "export --ids 1,99999"}});
    }

    void autoencoderCommandsRefuseBadNumbers()
    {
        const QStringList train{"ae", "train", "--zoo", kZoo, "--out", path("a.hr")};
        const QStringList bench{"bench", "ae", "--samples", "8", "--epochs", "1"};
        const QStringList eval{"ae", "eval", "--zoo", kZoo, "--ae", kHr};
        const QStringList probe{"probe", "--zoo", kZoo};
        std::vector<Option> options;
        for (const QStringList& c : {train, bench}) {
            options.push_back(integer(c, "blocks", 1, 64));
            options.push_back(integer(c, "d-model", 1, 4096));
            options.push_back(integer(c, "heads", 1, 64));
            options.push_back(integer(c, "ff", 1, 65536));
            options.push_back(integer(c, "latent", 1, 65536));
            options.push_back(integer(c, "projection", 1, 4096));
            options.push_back(number(c, "dropout", "-0.1", "1", "0..0.99"));
            options.push_back(integer(c, "threads", 1, 1024));
        }
        options.push_back(integer(train, "seed", 0, std::numeric_limits<qint64>::max()));
        options.push_back(integer(train, "epochs", 1, 100000));
        options.push_back(integer(train, "batch", 2, 65536));
        options.push_back(number(train, "lr", "0", "11", "1e-09..10", {"-1"}));
        options.push_back(number(train, "weight-decay", "-1", "11", "0..10"));
        options.push_back(number(train, "gamma", "-0.5", "2", "0..1"));
        options.push_back(number(train, "temperature", "0", "101", "1e-06..100", {"-1"}));
        options.push_back(number(train, "permutation", "-1", "2", "0..1"));
        options.push_back(number(train, "noise", "-1", "11", "0..10"));
        options.push_back(number(train, "erasing", "-1", "2", "0..1"));
        options.push_back(number(train, "max-abs", "-1", "1000001", "0..1e+06"));
        options.push_back(integer(train, "warmup", 0, 10'000'000));
        options.push_back(number(train, "behaviour-weight", "-1", "1000001", "0..1e+06"));
        options.push_back(integer(train, "behaviour-images", 1, 100000));
        options.push_back(integer(train, "behaviour-start", 1, 100000));
        options.push_back(number(train, "checkpoint-interval", "-1", "86401", "0..86400"));
        options.push_back(list(train, "checkpoint-epochs", {"-1", "100001", "abc"}));
        options.push_back(integer(bench, "channels", 1, 64));
        options.push_back(integer(bench, "samples", 2, 1'000'000));
        options.push_back(integer(bench, "epochs", 1, 10000));
        options.push_back(integer(bench, "batch", 2, 65536));
        options.push_back(number(bench, "gamma", "-1", "2", "0..1"));
        for (const QStringList& c : {eval, probe}) {
            options.push_back(integer(c, "probe-samples", 0, 100'000'000));
            options.push_back(number(c, "max-abs", "-1", "1000001", "0..1e+06"));
            options.push_back(integer(c, "threads", 1, 1024));
            options.push_back(list(c, "epochs", {"-1", "100001", "abc"}));
        }
        options.push_back(integer(eval, "accuracy-epoch", 0, 100000));
        expectUsageErrors(casesOf(options));
    }

    void analysisAndSamplingCommandsRefuseBadNumbers()
    {
        const QStringList sample{"sample", "--zoo", kZoo, "--ae", kHr, "--method", "kde", "--out", path("g.h5")};
        const QStringList diagnose{"diagnose", "--zoo", kZoo, "--ids", "1"};
        const QStringList select{"select", "--zoo", kZoo};
        const QStringList compare{"compare", "--zoo", kZoo, "1@1", "2@1"};
        const QStringList figure{"figure", "--zoo", kZoo, "--out", path("f.svg")};
        expectUsageErrors(casesOf({
            integer(sample, "n", 1, 10000),
            integer(sample, "components", 1, 1000),
            integer(sample, "seed", 0, std::numeric_limits<qint64>::max()),
            integer(sample, "finetune-images-per-class", 1, 1'000'000),
            integer(sample, "threads", 1, 1024),
            number(sample, "sigma", "-1", "11", "0..10"),
            number(sample, "bandwidth", "0", "101", "1e-12..100", {"-1"}),
            list(sample, "finetune-epochs", {"-1", "1001", "abc", ""}),
            list(sample, "novelty-epochs", {"-1", "100001", "abc"}),
            integer(diagnose, "epoch", 0, 100000),
            integer(diagnose, "k", 1, 100000),
            integer(diagnose, "probe-images", 1, 100000),
            number(diagnose, "max-abs", "-1", "1000001", "0..1e+06"),
            integer(select, "final-epoch", 1, 100000),
            integer(select, "keep", 1, 100'000'000),
            integer(select + QStringList{"--keep", "2"}, "at", 0, 100000),
            number(select, "max-abs", "-1", "1000001", "0..1e+06"),
            list(select, "epochs", {"-1", "100001", "abc"}),
            integer(compare, "threads", 1, 1024),
            integer(figure, "dpi", 72, 600),
            number(figure, "width-mm", "0", "2001", "1..2000", {"-1"}),
            number(figure + QStringList{"--width-mm", "89"}, "height-mm", "-1", "2001", "0..2000"),
            number(figure, "width-px", "15", "20001", "16..20000", {"0", "-1"}),
            number(figure + QStringList{"--width-px", "800"}, "height-px", "-1", "20001", "0..20000"),
            number(figure, "font-size", "1", "73", "2..72", {"0", "-1"}),
            number(figure, "density-width", "0.05", "11", "0.1..10", {"0", "-1"}),
        }));
    }

    // Outputs in a missing folder, in a folder that cannot be written, or that are folders themselves;
    // inputs that are missing or folders: refused before anything is read or trained.
    void badPathsAreRefusedFirst()
    {
        const QString missing = path("missing/a.out");
        const QString folder = path("folder");
        const QString file = path("file.txt");
        const QString unwritable = QStringLiteral("/proc/zooscope-test.out"); // even root cannot create files in /proc
        std::vector<Case> cases;
        auto add = [&](const QStringList& args, const QStringList& expected) {
            cases.push_back({args, expected, args.join(QLatin1Char(' '))});
        };
        const QString noFolder = QStringLiteral("does not exist");
        const QString isFolder = QStringLiteral("is a folder");
        const QString cannotWrite = QStringLiteral("cannot write in the folder /proc");
        const QString notFound = QStringLiteral("not found");
        // Outputs: --out of the training commands (the run would take hours before failing).
        const QStringList aeTrain{"ae", "train", "--zoo", kZoo, "--epochs", "1"};
        add(aeTrain + QStringList{"--out", missing}, {"option --out", path("missing"), noFolder});
        add(aeTrain + QStringList{"--out", folder}, {"option --out", isFolder});
        add(aeTrain + QStringList{"--out", unwritable}, {"option --out", cannotWrite});
        const QStringList create{"zoo", "create", "--seeds", "1-2", "--epochs", "1", "--max-train-images", "100"};
        add(create + QStringList{"--out", missing}, {"option --out", noFolder});
        add(create + QStringList{"--out", folder}, {"option --out", isFolder});
        add(create + QStringList{"--out", unwritable}, {"option --out", cannotWrite});
        const QStringList sample{"sample", "--zoo", kZoo, "--ae", kHr, "--method", "kde", "--n", "4"};
        add(sample + QStringList{"--out", missing}, {"option --out", noFolder});
        add(sample + QStringList{"--out", folder}, {"option --out", isFolder});
        add(sample + QStringList{"--out", path("g.h5"), "--report", missing}, {"option --report", noFolder});
        add(sample + QStringList{"--out", path("g.h5"), "--markdown", unwritable}, {"option --markdown", cannotWrite});
        add(sample + QStringList{"--out", path("g.h5"), "--data", path("nothing")}, {path("nothing"), notFound});
        add(sample + QStringList{"--out", path("g.h5"), "--transfer", file}, {file, "not a folder"});
        add({"zoo", "import", kIdx, "--out", missing}, {"option --out", noFolder});
        add({"zoo", "import", kIdx, "--out", folder}, {"option --out", isFolder});
        add({"zoo", "merge", missing, kZoo}, {missing, noFolder});
        add({"zoo", "merge", unwritable, kZoo}, {cannotWrite});
        add({"report", file, "--json", missing}, {"option --json", noFolder});
        add({"report", file, "--markdown", folder}, {"option --markdown", isFolder});
        add({"figure", "--zoo", kZoo, "--out", path("missing/f.svg")}, {"option --out", noFolder});
        add({"figure", "--zoo", kZoo, "--out", path("f.svg"), "--save-session", path("missing/s.zooscope")},
            {"option --save-session", noFolder});
        // zoo create --slurm-scripts writes a folder of job scripts: likewise.
        const QStringList slurm{"zoo", "create", "--seeds", "1-2", "--out", path("z.h5"), "--shards", "2"};
        add(slurm + QStringList{"--slurm-scripts", path("missing/a/b")}, {"option --slurm-scripts", path("missing/a"), noFolder});
        add(slurm + QStringList{"--slurm-scripts", file}, {"option --slurm-scripts", "is a file"});
        add(slurm + QStringList{"--slurm-scripts", "/proc"}, {"option --slurm-scripts", "cannot write in the folder /proc"});
        add(slurm + QStringList{"--slurm-scripts", path("my jobs")}, {"option --slurm-scripts", "#SBATCH"});
        add({"zoo", "create", "--seeds", "1-2", "--out", missing, "--slurm-scripts", path("j"), "--shards", "2"},
            {"option --out", noFolder});
        add({"zoo", "create", "--seeds", "1-2", "--out", path("z.h5"), "--slurm-scripts", path("j")}, {"--shards N"});
        add({"zoo", "create", "--seeds", "1-2", "--out", path("z.h5"), "--shards", "2"}, {"--shards goes with --slurm-scripts"});
        add(slurm + QStringList{"--slurm-scripts", path("j"), "--shard", "1/2"}, {"--shard goes without --slurm-scripts"});
        // zoo export writes a folder: a new one is made only in an existing folder.
        const QString deep = path("missing/a/b");
        add({"zoo", "export", kZoo, "--out", deep, "--ids", "1"}, {"option --out", path("missing/a"), noFolder});
        add({"zoo", "export", kZoo, "--out", file, "--ids", "1"}, {"option --out", "is a file"});
        add({"zoo", "export", kZoo, "--out", "/proc", "--ids", "1"}, {"option --out", "cannot write in the folder /proc"});
        // Inputs: missing, or a folder where a file is meant.
        add({"zoo", "info", path("none.h5")}, {path("none.h5"), "zoo file not found"});
        add({"zoo", "info", folder}, {folder, "is a folder, not a zoo file"});
        add({"zoo", "export", folder, "--out", path("e")}, {"is a folder, not a zoo file"});
        add({"zoo", "merge", path("m.h5"), kZoo, folder}, {folder, "is a folder"});
        add({"zoo", "import", path("none"), "--out", path("i.h5")}, {path("none"), notFound});
        add({"zoo", "import", file, "--out", path("i.h5")}, {file, "not a folder"});
        add({"zoo", "create", "--seeds", "1", "--dataset", file, "--out", path("z.h5")}, {"option --dataset", file});
        add({"ae", "train", "--zoo", folder, "--out", path("a.hr")}, {"is a folder, not a zoo file"});
        add({"ae", "train", "--zoo", path("none.h5"), "--out", path("a.hr")}, {notFound});
        add({"ae", "train", "--zoo", kZoo, "--out", path("a.hr"), "--data", file, "--behaviour-weight", "0.1"},
            {file, "not a folder"});
        add({"ae", "eval", "--zoo", kZoo, "--ae", folder}, {"is a folder, not a hyper-representation file"});
        add({"ae", "info", folder}, {"is a folder"});
        add({"ae", "info", path("none.hr")}, {notFound});
        add({"embed", "--zoo", path("none.h5"), "--ae", kHr}, {notFound});
        add({"probe", "--zoo", folder}, {"is a folder"});
        add({"diagnose", "--zoo", kZoo, "--ids", "1", "--data", path("none")}, {notFound});
        add({"select", "--zoo", path("none.h5")}, {notFound});
        add({"compare", "--zoo", kZoo, "1@1", "2@1", "--data", file}, {"not a folder"});
        add({"compare", "--zoo", folder, "1@1", "2@1"}, {"is a folder"});
        add({"report", folder}, {"is a folder"});
        add({"figure", "--zoo", folder, "--out", path("f.svg")}, {folder});
        expectUsageErrors(cases);
        // Nothing was made on the way: no folders for the refused export, no outputs.
        QVERIFY(!QFileInfo::exists(path("missing")));
        QVERIFY(!QFileInfo::exists(path("g.h5")));
        QVERIFY(!QFileInfo::exists(path("a.hr")));
        QVERIFY(!QFileInfo::exists(path("i.h5")));
    }

    // The positive side of the folder rule: a new folder in an existing one is made and filled.
    void exportMakesANewFolderInAnExistingOne()
    {
        const Result r = runHere({{{"zoo", "export", kZoo, "--out", path("new-export"), "--ids", "1"}, {}, {}}}).front();
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(QFileInfo::exists(path("new-export/1.pt")));
    }

    void helpStatesTheExitCodes()
    {
        const QString out = runHere({{{"--help"}, {}, {}}}).front().out;
        QVERIFY2(out.contains(QLatin1String("Exit codes: 0 done; 2 bad usage")), qPrintable(out));
        QVERIFY2(out.contains(QLatin1String("1 a failure while the command runs")), qPrintable(out));
    }

    // The issue's list as it was found, with the executable: exit code 2 and the option named.
    void theIssuesCasesFailWithTheExecutable()
    {
        const QStringList create{"zoo", "create", "--seeds", "1-2", "--out", path("z.h5")};
        const QStringList train{"ae", "train", "--zoo", kZoo, "--out", path("a.hr")};
        std::vector<Case> cases;
        auto add = [&](const QStringList& args, const QStringList& expected) {
            cases.push_back({args, expected, args.join(QLatin1Char(' '))});
        };
        add(create + QStringList{"--epochs", "0"}, {"option --epochs", "1..10000, got '0'"});
        add(create + QStringList{"--threads", "0"}, {"option --threads", "1..1024, got '0'"});
        add(create + QStringList{"--batch-size", "100000"}, {"option --batch-size", "1..10000, got '100000'"});
        add(create + QStringList{"--max-train-images", "-1"}, {"option --max-train-images", "got '-1'"});
        add(create + QStringList{"--checkpoints", "1,0"}, {"option --checkpoints", "ascending"});
        add(train + QStringList{"--blocks", "0"}, {"option --blocks", "1..64, got '0'"});
        add(train + QStringList{"--permutation", "2"}, {"option --permutation", "0..1, got '2'"});
        add(train + QStringList{"--epochs", "99999999999999"}, {"option --epochs", "1..100000"});
        add({"zoo", "export", kZoo, "--out", path("e"), "--epoch", "-1"}, {"option --epoch", "0..100000, got '-1'"});
        add({"sample", "--zoo", kZoo, "--ae", kHr, "--method", "kde", "--out", path("g.h5"), "--n", "99999999999999"},
            {"option --n", "1..10000"});
        add(train + QStringList{"--out", path("missing/a.hr")}, {"option --out", "does not exist"});
        add({"zoo", "export", kZoo, "--out", path("missing/a/b")}, {"option --out", "does not exist"});
        add({"zoo", "info", path("folder")}, {"is a folder, not a zoo file"});
        // The GUI's options that take numbers or paths: refused before a window is built.
        auto gui = [&](const QStringList& args, const QStringList& expected) {
            add(args, expected);
            cases.back().program = QStringLiteral("zooscope");
        };
        gui({"--size", "0x0"}, {"option --size", "100..16384", "got '0x0'"});
        gui({"--size", "99999x99999"}, {"option --size", "got '99999x99999'"});
        gui({"--size", "-5x100"}, {"option --size"});
        gui({"--train-epochs", "0"}, {"option --train-epochs", "1..100000, got '0'"});
        gui({"--train-epochs", "99999999999999"}, {"option --train-epochs", "1..100000"});
        gui({"--screenshot", path("missing/shot.png")}, {"option --screenshot", "does not exist"});
        gui({"--screenshot", path("folder")}, {"option --screenshot", "is not a file name"});
        expectUsageErrors(cases, true);
        QVERIFY(!QFileInfo::exists(path("missing")));
    }

    void cleanupTestCase()
    {
        qInfo("%d bad argument combinations refused in this process, %d with the executable", m_combinations,
              m_processCombinations);
    }
};

QTEST_GUILESS_MAIN(TestBadArguments)
#include "tst_badarguments.moc"
