// `mpirun -n 2 zooscope-cli zoo create`, `ae train`, `ae eval`, `embed` and `sample` (issue 16): the zoo of
// two ranks is the zoo of one process bit for bit, also after each rank resumed from its own resume file;
// the autoencoder of two ranks is the one-process autoencoder within float rounding, also after an
// interruption and --resume; the quality report, the latents, and the sampled models and their report,
// are those of one process bit for bit; a stop on one rank stops all. Without mpirun nothing of MPI runs. Needs mpirun (openmpi-bin, scripts/install-deps.sh).
#include "AutoencoderTestUtil.h"
#include "hyperrep/EmbeddingFile.h"
#include "hyperrep/HyperRepresentationModule.h"
#include "zoo/ZooFile.h"

#include "SamplingReportTestUtil.h" // Qt after LibTorch: Qt's `slots` macro breaks its headers

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <cstring>
#include <filesystem>

#include <signal.h>

using namespace zooscope;

namespace {

struct Result {
    int exitCode;
    QString out, err;
};

const QString kCli = QStringLiteral(ZOOSCOPE_BIN_DIR "/zooscope-cli");
const QString kMpirun = QStringLiteral(ZOOSCOPE_MPIRUN);

QStringList mpirunArgs(int ranks)
{
    // As root mpirun refuses to start without --allow-run-as-root; two ranks on a two-core machine that
    // runs other work need --oversubscribe.
    return {"--oversubscribe", "--allow-run-as-root", "-n", QString::number(ranks), kCli};
}

Result run(const QString& program, const QStringList& args, const QString& folder, const QStringList& env = {})
{
    QProcess p;
    p.setWorkingDirectory(folder);
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    for (const QString& kv : env)
        e.insert(kv.section('=', 0, 0), kv.section('=', 1));
    p.setProcessEnvironment(e);
    p.start(program, args);
    if (!p.waitForFinished(300000)) {
        p.kill();
        p.waitForFinished();
        return {-1, {}, QStringLiteral("timed out")};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

Result cli(const QStringList& args, const QString& folder, const QStringList& env = {}) { return run(kCli, args, folder, env); }
Result mpi(int ranks, const QStringList& args, const QString& folder, const QStringList& env = {})
{
    return run(kMpirun, mpirunArgs(ranks) + args, folder, env);
}

// Starts `args` on two ranks in `folder` and reads their stderr into `err` until it holds `marker`; returns
// the ranks' pids, for a signal (they are mpirun's children: mpirun itself, signalled, ends the job without
// waiting for them), or none when the marker did not come.
QStringList startTwoRanksUntil(QProcess& p, const QStringList& args, const QString& folder, const QByteArray& marker, QByteArray& err)
{
    p.setWorkingDirectory(folder);
    p.start(kMpirun, mpirunArgs(2) + args);
    if (!p.waitForStarted())
        return {};
    p.setReadChannel(QProcess::StandardError);
    while (!err.contains(marker) && p.state() == QProcess::Running && p.waitForReadyRead(120000))
        err += p.readAllStandardError();
    if (!err.contains(marker))
        return {};
    return run("pgrep", {"-P", QString::number(p.processId())}, folder).out.split('\n', Qt::SkipEmptyParts);
}

// Which of the ranks' pids is rank `rank` (Open MPI tells each rank its number in the environment).
QString pidOfRank(const QStringList& pids, int rank)
{
    const QByteArray mark = "OMPI_COMM_WORLD_RANK=" + QByteArray::number(rank);
    for (const QString& pid : pids) {
        QFile environ("/proc/" + pid + "/environ");
        if (environ.open(QIODevice::ReadOnly) && environ.readAll().split('\0').contains(mark))
            return pid;
    }
    return {};
}

bool sameBits(const std::vector<float>& a, const std::vector<float>& b)
{
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

// Everything a zoo file holds, compared bit for bit (the HDF5 bytes differ between any two runs: the
// library stamps object times).
void compareZoos(const ModelZoo& a, const ModelZoo& b)
{
    QCOMPARE(QString::fromStdString(b.architecture.name), QString::fromStdString(a.architecture.name));
    QCOMPARE(b.architecture.inputChannels, a.architecture.inputChannels);
    QCOMPARE(QString::fromStdString(b.datasetId), QString::fromStdString(a.datasetId));
    QCOMPARE(b.epochs, a.epochs);
    QVERIFY(b.checkpointEpochs == a.checkpointEpochs);
    QVERIFY(b.modelIds == a.modelIds);
    QVERIFY(b.split == a.split);
    QCOMPARE(b.hyperparameters.size(), a.hyperparameters.size());
    for (size_t i = 0; i < a.hyperparameters.size(); ++i) {
        const Hyperparameters &x = a.hyperparameters[i], &y = b.hyperparameters[i];
        QVERIFY(x.activation == y.activation && x.init == y.init && x.optimizer == y.optimizer && x.seed == y.seed &&
                x.batchSize == y.batchSize && std::memcmp(&x.dropout, &y.dropout, sizeof(double)) == 0 &&
                std::memcmp(&x.learningRate, &y.learningRate, sizeof(double)) == 0 &&
                std::memcmp(&x.weightDecay, &y.weightDecay, sizeof(double)) == 0);
    }
    QVERIFY(!a.weights.empty());
    QVERIFY(sameBits(a.weights, b.weights));
    for (auto metric : {&ModelZoo::trainLoss, &ModelZoo::trainAccuracy, &ModelZoo::validationLoss, &ModelZoo::validationAccuracy,
                        &ModelZoo::testLoss, &ModelZoo::testAccuracy})
        QVERIFY(sameBits(a.*metric, b.*metric));
    QVERIFY(b.modelSources == a.modelSources);
    QCOMPARE(QString::fromStdString(b.createdBy), QString::fromStdString(a.createdBy));
    QCOMPARE(QString::fromStdString(b.createdWithVersion), QString::fromStdString(a.createdWithVersion));
}

// How far two autoencoders' parameters and buffers (batch-norm statistics) are apart: the norm of the
// difference relative to the norm of the first, over all tensors together. Per tensor the picture is
// noisy: a tensor whose true gradient is 0 gets rounding noise as its gradient, which Adam scales up to
// steps of the learning rate (the biases before the projection head's batch norms, the key part of
// attention's bias), so such tensors drift at random in any two runs that round differently, without
// effect on any output. `worst` names the tensor with the largest relative difference, for the log.
double relativeDifference(const HyperRepresentation& a, const HyperRepresentation& b, std::string& worst)
{
    double difference = 0, norm = 0, largest = 0;
    auto compare = [&](const auto& x, const auto& y) {
        if (x.size() != y.size())
            return false;
        for (size_t i = 0; i < x.size(); ++i) {
            if (x[i].key() != y[i].key() || !x[i].value().sizes().equals(y[i].value().sizes()))
                return false;
            const torch::Tensor u = x[i].value().to(torch::kDouble), v = y[i].value().to(torch::kDouble);
            const double d = (u - v).pow(2).sum().template item<double>(), n = u.pow(2).sum().template item<double>();
            difference += d;
            norm += n;
            if (n > 0 && std::sqrt(d / n) > largest) {
                largest = std::sqrt(d / n);
                worst = x[i].key() + " " + std::to_string(largest);
            }
        }
        return true;
    };
    if (!compare(a.impl().module->named_parameters(), b.impl().module->named_parameters()) ||
        !compare(a.impl().module->named_buffers(), b.impl().module->named_buffers()))
        return std::numeric_limits<double>::infinity();
    return std::sqrt(difference / norm);
}

// The largest difference between two autoencoders' latents of the same models, relative to the largest latent.
double latentDifference(const HyperRepresentation& a, const HyperRepresentation& b, const ModelZoo& zoo)
{
    const std::vector<float> flat(zoo.weights.begin(), zoo.weights.begin() + 32 * zoo.parameterCount());
    const std::vector<float> u = a.encode(flat), v = b.encode(flat);
    double largest = 0, scale = 1e-6;
    for (size_t i = 0; i < u.size(); ++i) {
        largest = std::max(largest, double(std::abs(u[i] - v[i])));
        scale = std::max(scale, double(std::abs(u[i])));
    }
    return largest / scale;
}

constexpr int kEpochs = 3;
const QStringList kSmallAutoencoder{"--epochs", QString::number(kEpochs), "--batch", "16", "--threads", "1", "--latent", "8", "--d-model", "32",
                                    "--blocks", "1", "--heads", "2", "--ff", "64", "--projection", "16"};

} // namespace

class TestMpiCli : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_zoo; // the autoencoder cases' training zoo

    QString folder(const QString& name)
    {
        QDir(m_tmp.path()).mkpath(name);
        return m_tmp.filePath(name);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        // Dependencies (scripts/install-deps.sh): without them the suite fails, it does not pass.
        QVERIFY2(!kMpirun.isEmpty() && QFile::exists(kMpirun),
                 "mpirun is missing: install openmpi-bin (scripts/install-deps.sh) and configure again");
        QVERIFY2(std::filesystem::exists("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"),
                 "Debian's dataset-fashion-mnist is not installed (scripts/install-deps.sh)");
        m_zoo = m_tmp.filePath("structured.zoo");
        ModelZoo zoo = aetest::structuredZoo(40);
        ZooFile::write(zoo, m_zoo.toStdString());
    }

    // Rank r trains the r-th block of models; rank 0 merges: the one-process zoo, bit for bit, metadata included.
    void zooCreateOnTwoRanksEqualsOneProcess()
    {
        const QStringList args = {"zoo", "create", "--seeds", "1-13", "--epochs", "2", "--checkpoints", "0,1,2", "--threads", "1",
                                  "--max-train-images", "200", "--max-eval-images", "100", "--out", "z.zoo"};
        const QString one = folder("create-one"), two = folder("create-two");
        const Result a = cli(args, one);
        QVERIFY2(a.exitCode == 0, qPrintable(a.err));
        const Result b = mpi(2, args, two);
        QVERIFY2(b.exitCode == 0, qPrintable(b.err));
        QVERIFY2(b.err.contains("trained on 2 ranks"), qPrintable(b.err));
        QCOMPARE(b.out.count("wrote z.zoo"), 1); // rank 0 alone reports
        QCOMPARE(QDir(two).entryList(QDir::Files), QStringList{"z.zoo"}); // no rank files left
        compareZoos(ZooFile::read((one + "/z.zoo").toStdString()), ZooFile::read((two + "/z.zoo").toStdString()));
    }

    // Stopped on both ranks before their first step, each keeps its own resume file; the same command
    // again continues on every rank and gives the same zoo.
    void zooCreateResumesPerRank()
    {
        const QStringList args = {"zoo", "create", "--seeds", "1-10", "--epochs", "2", "--checkpoints", "0,2", "--threads", "1",
                                  "--max-train-images", "200", "--max-eval-images", "100", "--out", "r.zoo"};
        const QString one = folder("resume-one"), two = folder("resume-two");
        const Result a = cli(args, one);
        QVERIFY2(a.exitCode == 0, qPrintable(a.err));
        const Result stopped = mpi(2, args + QStringList{"--stop-after", "0"}, two);
        QCOMPARE(stopped.exitCode, 130);
        QVERIFY(QFile::exists(two + "/r.zoo.rank1-of-2.resume"));
        QVERIFY(QFile::exists(two + "/r.zoo.rank2-of-2.resume"));
        QVERIFY(!QFile::exists(two + "/r.zoo"));
        const Result again = mpi(2, args, two);
        QVERIFY2(again.exitCode == 0, qPrintable(again.err));
        QVERIFY2(again.err.contains("resuming from r.zoo.rank1-of-2.resume"), qPrintable(again.err));
        QCOMPARE(QDir(two).entryList(QDir::Files), QStringList{"r.zoo"});
        compareZoos(ZooFile::read((one + "/r.zoo").toStdString()), ZooFile::read((two + "/r.zoo").toStdString()));
    }

    void zooCreateRefusesShardUnderMpi()
    {
        const Result r = mpi(2, {"zoo", "create", "--seeds", "1-4", "--shard", "1/2", "--out", "s.zoo"}, folder("shard"));
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains("--shard does not go with an MPI launch"), qPrintable(r.err));
    }

    // Data-parallel: each rank runs half of every global batch; the summed gradients are the one-process
    // gradient up to float rounding (other summation orders, ~1e-7 relative). Tolerances, from what was
    // measured here after 21 AdamW steps: latents within 1e-4 of the largest latent (measured 1e-6), all
    // parameters and buffers within 1e-3 in norm (measured 1.1e-4, most of it the tensors whose true
    // gradient is 0, see relativeDifference). Wrong gradients fail them: the projection head's gradient
    // counted on both ranks gave latents 3e-3 apart, dropout masks drawn per rank 0.85 and parameters 0.07.
    void aeTrainOnTwoRanksMatchesOneProcess()
    {
        const QString one = folder("ae-one"), two = folder("ae-two");
        const QStringList args = QStringList{"ae", "train", "--zoo", m_zoo, "--out", "a.hr"} + kSmallAutoencoder;
        const Result a = cli(args, one);
        QVERIFY2(a.exitCode == 0, qPrintable(a.err));
        const Result b = mpi(2, args, two);
        QVERIFY2(b.exitCode == 0, qPrintable(b.err));
        QCOMPARE(b.out.count("trained a.hr"), 1);
        QCOMPARE(QDir(two).entryList(QDir::Files), QStringList{"a.hr"}); // the checkpoint removed, nothing else written
        const HyperRepresentation ha = HyperRepresentation::load((one + "/a.hr").toStdString());
        const HyperRepresentation hb = HyperRepresentation::load((two + "/a.hr").toStdString());
        std::string worst;
        const double d = relativeDifference(ha, hb, worst);
        const double dz = latentDifference(ha, hb, aetest::structuredZoo(40));
        qInfo("largest relative difference, 2 ranks vs 1 process: parameters %g (%s), latents %g", d, worst.c_str(), dz);
        QVERIFY2(d < 1e-3, worst.c_str());
        QVERIFY(dz < 1e-4);
        QCOMPARE(hb.history().size(), size_t(kEpochs));
        for (size_t e = 0; e < size_t(kEpochs); ++e) {
            QVERIFY(std::abs(hb.history()[e].loss - ha.history()[e].loss) < 1e-3 * ha.history()[e].loss);
            QVERIFY(std::abs(hb.history()[e].validationR2 - ha.history()[e].validationR2) < 1e-3);
        }
        QCOMPARE(hb.trainingInfo().at("ranks").integer(), int64_t(2));
    }

    // Both ranks stopped by SIGTERM (as a scheduler's cancel sends it): they stop after the same step,
    // rank 0 writes the checkpoint, and --resume on two ranks ends where the uninterrupted run ends.
    void aeTrainResumesOnTwoRanks()
    {
        const QString one = folder("ae-one-12"), two = folder("ae-resume");
        QStringList args = QStringList{"ae", "train", "--zoo", m_zoo, "--out", "a.hr"} + kSmallAutoencoder;
        args[args.indexOf("--epochs") + 1] = "12";
        const Result a = cli(args, one);
        QVERIFY2(a.exitCode == 0, qPrintable(a.err));

        QProcess p;
        QByteArray err;
        const QStringList pids = startTwoRanksUntil(p, args + QStringList{"--checkpoint-interval", "1000"}, two, "epoch 2/12", err);
        QVERIFY2(pids.size() == 2, err.constData());
        for (const QString& pid : pids)
            QCOMPARE(::kill(pid.toInt(), SIGTERM), 0);
        QVERIFY(p.waitForFinished(120000));
        err += p.readAllStandardError();
        QCOMPARE(p.exitCode(), 130);
        QVERIFY2(err.contains("checkpoint a.hr.checkpoint written"), err.constData());
        QVERIFY(QFile::exists(two + "/a.hr.checkpoint"));
        QVERIFY(!QFile::exists(two + "/a.hr"));

        const Result resumed = mpi(2, args + QStringList{"--resume"}, two);
        QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
        QVERIFY(resumed.out.contains("(resumed)"));
        QCOMPARE(QDir(two).entryList(QDir::Files), QStringList{"a.hr"});
        std::string worst;
        const HyperRepresentation ha = HyperRepresentation::load((one + "/a.hr").toStdString());
        const HyperRepresentation hb = HyperRepresentation::load((two + "/a.hr").toStdString());
        const double d = relativeDifference(ha, hb, worst), dz = latentDifference(ha, hb, aetest::structuredZoo(40));
        qInfo("largest relative difference, 2 ranks resumed vs 1 process: parameters %g (%s), latents %g", d, worst.c_str(), dz);
        // 84 steps: the rounding differences have grown (measured 8e-5 for both); a resume that lost any
        // state (optimiser, dropout stream, epoch) is far off.
        QVERIFY2(d < 1e-3, worst.c_str());
        QVERIFY(dz < 1e-3);
    }

    // `ae eval` on two ranks prints the one-process report, bit for bit (the JSON writes every double so that
    // it reads back the same). The ranks split the accuracy's 36 models, the probes' encoding (the 1,153
    // training checkpoints: three chunks), Gram matrices and lambdas; on the training population the
    // reconstruction's 1,153 checkpoints (three chunks) too. Threads as in embedOnTwoRanksEqualsOneProcess.
    void aeEvalOnTwoRanksEqualsOneProcess()
    {
        const QString zoo = QStringLiteral(ZOOSCOPE_SOURCE_DIR "/data/fashion-mnist-cnn-s.zoo.h5");
        const QString ae = QStringLiteral(ZOOSCOPE_SOURCE_DIR "/data/fashion-mnist-cnn-s.hr");
        const QStringList args = {"ae", "eval", "--zoo", zoo, "--ae", ae, "--json", "--threads", "1"};
        const QString here = folder("eval");
        for (const QStringList& variant : {QStringList{}, QStringList{"--population", "train", "--no-accuracy", "--no-probes"}}) {
            const Result a = cli(args + variant, here);
            QVERIFY2(a.exitCode == 0, qPrintable(a.err));
            const Result b = mpi(2, args + variant, here);
            QVERIFY2(b.exitCode == 0, qPrintable(b.err));
            const QJsonObject report = QJsonDocument::fromJson(a.out.toUtf8()).object();
            QVERIFY(report.value("reconstruction_r2").isDouble());
            if (variant.isEmpty()) { // the parts a broken split would change
                QCOMPARE(report.value("accuracy_models").toInt(), 36);
                QVERIFY(report.value("accuracy_retention").isDouble());
                QCOMPARE(report.value("probe").toObject().size(), 8);
                QVERIFY(report.value("probe").toObject().value("test_accuracy").toObject().value("latent").isDouble());
            } else {
                QCOMPARE(report.value("test_samples").toInt(), 1153);
            }
            QCOMPARE(b.out, a.out);
        }
    }

    // SIGTERM to rank 1 alone: the ranks agree on it at their next collective and both end with 130 (none
    // is left waiting in a collective, no report is printed).
    void aeEvalStoppedOnOneRankStopsAll()
    {
        const QStringList args = {"ae", "eval", "--zoo", QStringLiteral(ZOOSCOPE_SOURCE_DIR "/data/fashion-mnist-cnn-s.zoo.h5"), "--ae",
                                  QStringLiteral(ZOOSCOPE_SOURCE_DIR "/data/fashion-mnist-cnn-s.hr"), "--threads", "1"};
        QProcess p;
        QByteArray err;
        const QStringList pids = startTwoRanksUntil(p, args, folder("eval-stop"), "accuracy of reconstructed models", err);
        QVERIFY2(pids.size() == 2, err.constData());
        const QString rank1 = pidOfRank(pids, 1);
        QVERIFY(!rank1.isEmpty());
        QCOMPARE(::kill(rank1.toInt(), SIGTERM), 0);
        QVERIFY(p.waitForFinished(120000));
        err += p.readAllStandardError();
        QCOMPARE(p.exitCode(), 130);
        QVERIFY2(err.contains("interrupted"), err.constData()); // rank 0 stopped too (the other ranks' messages are kept)
        QVERIFY(!p.readAllStandardOutput().contains("linear probes"));
    }

    // The ranks encode blocks of whole chunks; rank 0 gathers and writes: the one-process latents bit for
    // bit, with the same --threads per process. The thread count changes how a product is summed, and
    // OpenBLAS keeps its own threads (all cores it may use: both in one process, one per bound rank),
    // which --threads sets too: no OMP_NUM_THREADS is needed.
    void embedOnTwoRanksEqualsOneProcess()
    {
        const QString one = folder("embed-one"), two = folder("embed-two");
        const QString zoo = QStringLiteral(ZOOSCOPE_SOURCE_DIR "/data/fashion-mnist-cnn-s.zoo.h5");
        const QString ae = QStringLiteral(ZOOSCOPE_SOURCE_DIR "/data/fashion-mnist-cnn-s.hr");
        QVERIFY(QFile::copy(zoo, one + "/z.h5"));
        QVERIFY(QFile::copy(zoo, two + "/z.h5"));
        const QStringList args = {"embed", "--zoo", "z.h5", "--ae", ae, "--threads", "1"};
        const Result a = cli(args, one);
        QVERIFY2(a.exitCode == 0, qPrintable(a.err));
        const Result b = mpi(2, args, two);
        QVERIFY2(b.exitCode == 0, qPrintable(b.err));
        QCOMPARE(b.out.count("embedded 1792 of 1792"), 1);
        const auto ea = EmbeddingFile::read((one + "/z.h5").toStdString(), "fashion-mnist-cnn-s");
        const auto eb = EmbeddingFile::read((two + "/z.h5").toStdString(), "fashion-mnist-cnn-s");
        QCOMPARE(ea.latents.size(), size_t(1792 * 384)); // four chunks of 512 rows: two on each rank
        QVERIFY(sameBits(ea.latents, eb.latents));
        QVERIFY(ea.modelIds == eb.modelIds);
    }

    // Each rank decodes its blocks of 256 models, tests, fine-tunes and measures its block of models and
    // tests its block of novelty references; rank 0 writes: the one-process models and report, bit for bit
    // (apart from the report's wall time). Three MPI runs: novelty references tested by the ranks and
    // stored by rank 0, then read back by rank 0 from its store and sent to the other rank.
    void sampleOnTwoRanksEqualsOneProcess()
    {
        const QString one = folder("sample-one"), two = folder("sample-two"), cache = folder("sample-cache"),
                      oneCache = folder("sample-cache-one");
        // 260 models: two decoding blocks (256 + 4), split 130/130 for everything after decoding. The small
        // MNIST set of tests/data (--transfer), few-shot fine-tuning and one reference epoch keep it short.
        const QStringList args = {"sample", "--zoo", QStringLiteral(ZOOSCOPE_SOURCE_DIR "/data/fashion-mnist-cnn-s.zoo.h5"),
                                  "--ae", QStringLiteral(ZOOSCOPE_SOURCE_DIR "/data/fashion-mnist-cnn-s.hr"),
                                  "--method", "kde", "--n", "260", "--finetune-epochs", "0,1", "--transfer", QStringLiteral(ZOOSCOPE_SOURCE_DIR "/tests/data/mnist"),
                                  "--finetune-images-per-class", "5",
                                  "--novelty-epochs", "10", "--seed", "5", "--threads", "1", "--out", "g.h5", "--report", "r.json"};
        const Result a = cli(args, one, {"XDG_CACHE_HOME=" + oneCache});
        QVERIFY2(a.exitCode == 0, qPrintable(a.err));
        const QStringList env = {"XDG_CACHE_HOME=" + cache};
        for (const char* references : {"tested", "stored"}) {
            QDir(two).removeRecursively();
            QVERIFY(QDir().mkpath(two));
            const Result b = mpi(2, args, two, env);
            QVERIFY2(b.exitCode == 0, qPrintable(b.err));
            QCOMPARE(b.out.count("generated 260 models"), 1); // rank 0 alone reports
            QVERIFY2(b.err.contains("time per stage on 2 ranks:"), qPrintable(b.err));
            QCOMPARE(b.err.contains("checkpoints' test results from the cache"), QString(references) == "stored");
            QCOMPARE(QDir(two).entryList(QDir::Files), (QStringList{"g.h5", "r.json"}));
            compareZoos(ZooFile::read((one + "/g.h5").toStdString()), ZooFile::read((two + "/g.h5").toStdString()));
            QCOMPARE(reportWithoutTime(two + "/r.json"), reportWithoutTime(one + "/r.json"));
        }
        // The report holds what the split could break: accuracy after fine-tuning and novelty.
        const QJsonObject method = reportWithoutTime(one + "/r.json").object()["methods"].toArray()[0].toObject();
        QCOMPARE(method["models"].toInt(), 260);
        QVERIFY2(QJsonDocument(method).toJson().contains("max_iou"), QJsonDocument(method).toJson().constData());
    }

    // Ctrl-C or a scheduler's cancel reaches the ranks at different moments: one rank stopped alone makes
    // every rank stop at the next exchange (none waits in it for ever), and nothing is written.
    void sampleStopsOnEveryRankWhenOneIsStopped()
    {
        const QString two = folder("sample-stop");
        const QStringList args = {"sample", "--zoo", QStringLiteral(ZOOSCOPE_SOURCE_DIR "/data/fashion-mnist-cnn-s.zoo.h5"),
                                  "--ae", QStringLiteral(ZOOSCOPE_SOURCE_DIR "/data/fashion-mnist-cnn-s.hr"),
                                  "--method", "kde", "--n", "40", "--finetune-epochs", "0,3", "--no-cache", "--threads", "1",
                                  "--out", "g.h5", "--report", "r.json"};
        QProcess p;
        QByteArray err;
        const QStringList pids = startTwoRanksUntil(p, args, two, "measuring novelty: training models", err);
        QVERIFY2(pids.size() == 2, err.constData());
        const QString rank1 = pidOfRank(pids, 1);
        QVERIFY(!rank1.isEmpty());
        QCOMPARE(::kill(rank1.toInt(), SIGINT), 0);
        QVERIFY2(p.waitForFinished(120000), "the job did not end after rank 1 was stopped");
        err += p.readAllStandardError();
        QCOMPARE(p.exitCode(), 130);
        QVERIFY2(err.contains("stopped: nothing written"), err.constData());
        QCOMPARE(QDir(two).entryList(QDir::Files), QStringList{});
    }

    // Without mpirun MPI is never initialised: an MPI setting that makes MPI_Init fail changes nothing for a
    // plain run (and does fail the same command under mpirun); the GUI does not even reference MPI_Init.
    void plainRunNeverStartsMpi()
    {
        const QStringList args = {"zoo", "create", "--seeds", "1-2", "--epochs", "1", "--checkpoints", "0,1", "--threads", "1",
                                  "--max-train-images", "50", "--max-eval-images", "20", "--out", "p.zoo"};
        const QStringList broken = {"OMPI_MCA_pml=no-such-component"};
        const QString plain = folder("plain"), launched = folder("launched");
        const Result a = cli(args, plain, broken);
        QVERIFY2(a.exitCode == 0, qPrintable(a.err));
        QVERIFY(QFile::exists(plain + "/p.zoo"));
        const Result b = run(kMpirun, mpirunArgs(1) + args, launched, broken);
        QVERIFY(b.exitCode != 0); // the setting does reach MPI_Init when there is one
        QVERIFY(!QFile::exists(launched + "/p.zoo"));

        const Result symbols = run("nm", {"-u", QStringLiteral(ZOOSCOPE_BIN_DIR "/zooscope")}, plain);
        QCOMPARE(symbols.exitCode, 0);
        QVERIFY(symbols.out.contains("QApplication")); // nm did read the GUI's symbols
        QVERIFY(!symbols.out.contains("MPI_Init"));
    }
};

QTEST_GUILESS_MAIN(TestMpiCli)
#include "tst_mpicli.moc"
