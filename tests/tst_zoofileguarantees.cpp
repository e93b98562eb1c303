// What docs/zoo-format.md "Guarantees" promises: new zoo files have checksummed metadata (superblock v3)
// and Fletcher-32 chunks, so one flipped byte gives a checksum error; old files (no checksums, variable-
// length strings) are read in a child process first, whose crash or hang becomes an error; the mutated old
// files that crashed libhdf5 (tests/fuzz/regressions/zoo/) fail cleanly; `zoo upgrade` keeps the contents.
#include "ErrorOf.h"
#include "FileBytes.h"
#include "ZooTestUtil.h"
#include "hyperrep/EmbeddingFile.h"
#include "hyperrep/ZooFileUpgrade.h"
#include "zoo/Hdf5FileProbe.h"
#include "zoo/ZooFile.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <hdf5.h>

#include <csignal>
#include <cstring>
#include <unistd.h>

using namespace zooscope;
using zootest::errorOf;

namespace {

const QString kSource = QStringLiteral(ZOOSCOPE_SOURCE_DIR);
const QString kOldCorpus = kSource + QStringLiteral("/tests/fuzz/corpus/zoo/old-format-4-models.zoo.h5");
// How long the probe waits before calling a read a hang. Under AddressSanitizer a child that libhdf5 crashes
// prints a symbolised report first, which took over 2 s on a loaded CI machine: the same file then read as
// "did not finish" on one read and "failed (exit status 1)" on the next.
#ifdef ZOOSCOPE_SANITIZED
constexpr int kHangSeconds = 20;
#else
constexpr int kHangSeconds = 2;
#endif

void writeBytes(const QString& file, const QByteArray& bytes)
{
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

// The file offset and size of the first chunk of `dataset` (raw data, under the Fletcher-32 checksum).
std::pair<haddr_t, hsize_t> firstChunk(const std::string& path, const char* dataset)
{
    const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    const hid_t d = H5Dopen2(f, dataset, H5P_DEFAULT);
    const hid_t s = H5Dget_space(d);
    hsize_t offset[3];
    unsigned mask = 0;
    haddr_t addr = 0;
    hsize_t size = 0;
    H5Dget_chunk_info(d, s, 0, offset, &mask, &addr, &size);
    H5Sclose(s);
    H5Dclose(d);
    H5Fclose(f);
    return {addr, size};
}

} // namespace

class TestZooFileGuarantees : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;

private slots:
    void init()
    {
        Hdf5FileProbe::clearCache();
        Hdf5FileProbe::setTimeoutSeconds(20);
    }

    void newFilesHaveChecksummedMetadataAndNeedNoProbe()
    {
        const std::string path = m_tmp.filePath(QStringLiteral("new.h5")).toStdString();
        const ModelZoo zoo = zootest::syntheticZoo();
        ZooFile::write(zoo, path);
        QVERIFY(Hdf5FileProbe::superblockVersion(path) >= 2);
        QVERIFY(!Hdf5FileProbe::holdsUncheckedData(path)); // no variable-length strings anywhere
        // none of HDF5's unchecksummed structures: v1 B-trees, local heaps, global heaps, symbol-table nodes
        const QByteArray bytes = readBytes(QString::fromStdString(path));
        for (const char* signature : {"TREE", "HEAP", "GCOL", "SNOD"})
            QVERIFY2(!bytes.contains(signature), signature);
        QVERIFY(bytes.contains("OHDR") && bytes.contains("FRHP")); // v2 object headers, fractal heaps
        const int probes = Hdf5FileProbe::probesStarted();
        const ModelZoo back = ZooFile::read(path);
        ZooFile::readSummary(path);
        QCOMPARE(Hdf5FileProbe::probesStarted(), probes);
        QCOMPARE(back.createdBy, zoo.createdBy); // fixed-length UTF-8 strings keep non-ASCII text
        QCOMPARE(back.modelSources, zoo.modelSources);
        QVERIFY(std::memcmp(back.weights.data(), zoo.weights.data(), zoo.weights.size() * sizeof(float)) == 0);
    }

    void flippedMetadataByteIsAChecksumError()
    {
        const QString path = m_tmp.filePath(QStringLiteral("meta.h5"));
        ZooFile::write(zootest::syntheticZoo(), path.toStdString());
        const QByteArray good = readBytes(path);
        // the superblock's base address, and a byte inside the first object header after its signature
        const int header = good.indexOf("OHDR");
        QVERIFY(header > 0);
        for (const int at : {12, header + 7}) {
            QByteArray bad = good;
            bad[at] = char(bad[at] ^ 0x10);
            const QString file = m_tmp.filePath(QStringLiteral("meta-%1.h5").arg(at));
            writeBytes(file, bad);
            const int probes = Hdf5FileProbe::probesStarted();
            const QString e = errorOf<std::runtime_error>([&] { ZooFile::readSummary(file.toStdString()); });
            QVERIFY2(e.startsWith(file) && e.contains(QStringLiteral("checksum")), qPrintable(e));
            QCOMPARE(Hdf5FileProbe::probesStarted(), probes); // libhdf5 caught it itself, no child needed
        }
    }

    void flippedWeightByteIsAFletcher32Error()
    {
        const QString path = m_tmp.filePath(QStringLiteral("weights.h5"));
        ZooFile::write(zootest::syntheticZoo(), path.toStdString());
        const auto [addr, size] = firstChunk(path.toStdString(), "weights");
        QVERIFY(addr > 0 && size > 8);
        QByteArray bytes = readBytes(path);
        const qint64 at = static_cast<qint64>(addr + size / 2);
        bytes[at] = char(bytes[at] ^ 0x01);
        writeBytes(path, bytes);
        const ModelZoo summary = ZooFile::readSummary(path.toStdString()); // metadata is intact
        QCOMPARE(summary.modelCount(), 7);
        const QString e = errorOf<std::runtime_error>([&] { ZooFile::read(path.toStdString()); });
        QVERIFY2(e.startsWith(path) && e.contains(QStringLiteral("Fletcher32")), qPrintable(e));
        const QString w = errorOf<std::runtime_error>([&] { ZooFile::readWeights(path.toStdString(), {0}, 0); });
        QVERIFY2(w.contains(QStringLiteral("Fletcher32")), qPrintable(w));
    }

    void oldDefaultZooOpensThroughTheProbeOnce()
    {
        const std::string path = (kSource + QStringLiteral("/data/fashion-mnist-cnn-s.zoo.h5")).toStdString();
        QCOMPARE(Hdf5FileProbe::superblockVersion(path), 0);
        const int probes = Hdf5FileProbe::probesStarted();
        const ModelZoo summary = ZooFile::readSummary(path);
        QCOMPARE(summary.modelCount(), 256);
        QCOMPARE(Hdf5FileProbe::probesStarted(), probes + 1);
        const ModelZoo zoo = ZooFile::read(path); // the file passed: no second child
        QCOMPARE(Hdf5FileProbe::probesStarted(), probes + 1);
        QCOMPARE(zoo.weights.size(), size_t(256) * 7 * 2464);
    }

    void regressionInputsFailCleanly_data()
    {
        QTest::addColumn<QString>("file");
        const QDir dir(kSource + QStringLiteral("/tests/fuzz/regressions/zoo"));
        const QStringList files = dir.entryList({QStringLiteral("*.h5")}, QDir::Files, QDir::Name);
        QVERIFY(files.size() >= 2);
        for (const QString& f : files)
            QTest::newRow(qPrintable(f)) << dir.filePath(f);
    }

    void regressionInputsFailCleanly()
    {
        // Each of these crashed (SIGSEGV) or hung libhdf5 when read in-process by the reader before this
        // change (tests/fuzz/regressions/zoo/README.md); now each read is one clear error.
        QFETCH(QString, file);
        const std::string path = file.toStdString();
        // The probe of this 300 KB file takes milliseconds; a hang ends after kHangSeconds.
        Hdf5FileProbe::setTimeoutSeconds(kHangSeconds);
        QElapsedTimer clock;
        clock.start();
        const QString summary = errorOf<std::runtime_error>([&] { ZooFile::readSummary(path); });
        // Mostly the probe's own words ("...: the file's HDF5 metadata is corrupt: reading it crashed libhdf5");
        // hang-byte-14667 given 20 s under AddressSanitizer gets as far as libhdf5's failed allocation instead.
        QVERIFY2(summary.startsWith(file + QStringLiteral(": ")) && summary.size() > file.size() + 10, qPrintable(summary));
        Hdf5FileProbe::clearCache();
        const QString all = errorOf<std::runtime_error>([&] { ZooFile::read(path); });
        const QString latents = errorOf<std::runtime_error>([&] { EmbeddingFile::read(path, "fixture"); });
        const QString weights = errorOf<std::runtime_error>([&] { ZooFile::readWeights(path, {0}, 0); });
        // Every read gives the same message, except that a read may time out where another finished: a
        // hang is not remembered (it may have been a busy machine), and hang-byte-14667 under
        // AddressSanitizer takes close to kHangSeconds to reach libhdf5's failed allocation.
        QStringList finished;
        for (const QString& message : {summary, all, latents, weights}) {
            QVERIFY2(message.startsWith(file + QStringLiteral(": ")), qPrintable(message));
            if (!message.contains(QStringLiteral("reading it did not finish in")))
                finished << message;
        }
        finished.removeDuplicates();
        QVERIFY2(finished.size() <= 1, qPrintable(finished.join(QLatin1Char('\n'))));
#ifndef ZOOSCOPE_SANITIZED
        QCOMPARE(all, summary); // without sanitizers every probe ends in milliseconds, far from the timeout
        QCOMPARE(latents, summary);
        QCOMPARE(weights, summary);
#endif
        QVERIFY(clock.elapsed() < 4 * kHangSeconds * 1000 + 5000);
        qInfo("%s", qPrintable(summary));
    }

    void childCrashAndHangBecomeErrors()
    {
        const std::string path = kOldCorpus.toStdString();
        Hdf5FileProbe::setTimeoutSeconds(1);
        QString e = errorOf<std::runtime_error>([&] { Hdf5FileProbe::vet(path, [] { std::raise(SIGSEGV); }); });
        QVERIFY2(e == kOldCorpus + QStringLiteral(": the file's HDF5 metadata is corrupt: reading it crashed libhdf5 (signal 11)"),
                 qPrintable(e));
        Hdf5FileProbe::clearCache(); // a crash is remembered for the unchanged file
        QElapsedTimer clock;
        clock.start();
        e = errorOf<std::runtime_error>([&] { Hdf5FileProbe::vet(path, [] { for (;;) pause(); }); });
        QVERIFY2(e == kOldCorpus + QStringLiteral(": the file's HDF5 metadata is corrupt: reading it did not finish in 1 s"),
                 qPrintable(e));
        QVERIFY(clock.elapsed() < 5000);
        // A process the child started keeps the pipe open after the child crashed: the probe neither waits
        // for it (a fuzzing run hung there) nor leaves it running.
        Hdf5FileProbe::clearCache();
        clock.restart();
        e = errorOf<std::runtime_error>([&] {
            Hdf5FileProbe::vet(path, [] {
                if (::fork() == 0)
                    for (;;)
                        pause();
                std::raise(SIGSEGV);
            });
        });
        QVERIFY2(e.endsWith(QStringLiteral("reading it crashed libhdf5 (signal 11)")), qPrintable(e));
        QVERIFY(clock.elapsed() < 5000);
        Hdf5FileProbe::clearCache();
        e = errorOf<std::runtime_error>([&] { Hdf5FileProbe::vet(path, [] { throw std::runtime_error("the child's words"); }); });
        QCOMPARE(e, QStringLiteral("the child's words"));
        Hdf5FileProbe::clearCache();
        // a huge allocation in the child ends in a clean error, not in this process running out of memory
        Hdf5FileProbe::setTimeoutSeconds(kHangSeconds);
        e = errorOf<std::runtime_error>([&] {
            Hdf5FileProbe::vet(path, [] {
                std::vector<char> v(size_t(1) << 40);
                v[0] = 1;
            });
        });
#ifdef ZOOSCOPE_SANITIZED
        // AddressSanitizer's allocator reports the failed allocation and aborts the child instead of throwing
        QVERIFY2(e.startsWith(kOldCorpus + QStringLiteral(": the file's HDF5 metadata is corrupt: reading it crashed")), qPrintable(e));
#else
        QVERIFY2(e.contains(QStringLiteral("alloc")), qPrintable(e));
#endif
        // a passed file is remembered: no second child
        Hdf5FileProbe::clearCache();
        const int probes = Hdf5FileProbe::probesStarted();
        Hdf5FileProbe::vet(path, [] {});
        Hdf5FileProbe::vet(path, [] { std::raise(SIGSEGV); });
        QCOMPARE(Hdf5FileProbe::probesStarted(), probes + 1);
    }

    void variableLengthStringsInANewFileGoThroughTheProbe()
    {
        // a checksummed file that h5py edited: its new str attribute lives in the unchecked global heap
        const QString path = m_tmp.filePath(QStringLiteral("edited.h5"));
        ZooFile::write(zootest::syntheticZoo(), path.toStdString());
        const auto r = zootest::runPython(
            QStringLiteral("import sys, h5py\nf = h5py.File(sys.argv[1], 'r+')\nf.attrs['dataset'] = 'mnist-edited'\nf.close()\n"), {path});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(Hdf5FileProbe::holdsUncheckedData(path.toStdString()));
        const int probes = Hdf5FileProbe::probesStarted();
        QCOMPARE(ZooFile::readSummary(path.toStdString()).datasetId, std::string("mnist-edited"));
        QCOMPARE(Hdf5FileProbe::probesStarted(), probes + 1);
    }

    void upgradeKeepsContentsAndNeedsNoProbe()
    {
        const std::string old = kOldCorpus.toStdString();
        const std::string upgraded = m_tmp.filePath(QStringLiteral("upgraded.h5")).toStdString();
        QCOMPARE(Hdf5FileProbe::superblockVersion(old), 0);
        const ModelZoo before = ZooFile::read(old);
        const ZooEmbedding latentsBefore = EmbeddingFile::read(old, "fixture");
        const ZooFileUpgrade::Result r = ZooFileUpgrade::upgrade(old, upgraded);
        QCOMPARE(r.superblockBefore, 0);
        QCOMPARE(r.superblockAfter, 3);
        QCOMPARE(r.embeddings, std::vector<std::string>{"fixture"});
        QVERIFY(!Hdf5FileProbe::holdsUncheckedData(upgraded));

        const int probes = Hdf5FileProbe::probesStarted();
        const ModelZoo after = ZooFile::read(upgraded);
        const ZooEmbedding latentsAfter = EmbeddingFile::read(upgraded, "fixture");
        QCOMPARE(Hdf5FileProbe::probesStarted(), probes);
        QCOMPARE(after.modelIds, before.modelIds);
        QCOMPARE(after.checkpointEpochs, before.checkpointEpochs);
        QCOMPARE(after.createdBy, before.createdBy);
        QCOMPARE(after.createdWithVersion, before.createdWithVersion);
        QCOMPARE(after.datasetId, before.datasetId);
        QVERIFY(after.weights == before.weights);
        QVERIFY(std::memcmp(after.testAccuracy.data(), before.testAccuracy.data(), before.testAccuracy.size() * 4) == 0);
        for (size_t i = 0; i < before.hyperparameters.size(); ++i) {
            QCOMPARE(after.hyperparameters[i].learningRate, before.hyperparameters[i].learningRate);
            QVERIFY(after.hyperparameters[i].activation == before.hyperparameters[i].activation);
            QVERIFY(after.split[i] == before.split[i]);
        }
        QVERIFY(latentsAfter.latents == latentsBefore.latents);
        QCOMPARE(latentsAfter.hyperRepresentationHash, latentsBefore.hyperRepresentationHash);
        QCOMPARE(latentsAfter.createdBy, latentsBefore.createdBy);
    }

    void embeddingWrittenIntoAnOldZooUpgradesIt()
    {
        const std::string path = m_tmp.filePath(QStringLiteral("old-copy.h5")).toStdString();
        QVERIFY(QFile::copy(kOldCorpus, QString::fromStdString(path)));
        ZooEmbedding e = EmbeddingFile::read(path, "fixture");
        e.name = "second";
        EmbeddingFile::write(path, e);
        QVERIFY(Hdf5FileProbe::superblockVersion(path) >= 2);
        QCOMPARE(EmbeddingFile::list(path), (std::vector<std::string>{"fixture", "second"}));
        QVERIFY(EmbeddingFile::read(path, "second").latents == e.latents);
    }

    void schemaValidation_data()
    {
        QTest::addColumn<QString>("edit");
        QTest::addColumn<QString>("expected");
        QTest::newRow("parameters") << QStringLiteral("f.attrs['parameters'] = np.int64(5)") << QStringLiteral("'parameters' says 5");
        QTest::newRow("checkpoints") << QStringLiteral("f.attrs['checkpoints'] = np.int64(9)") << QStringLiteral("9 checkpoints, but a zoo of 4 epochs");
        QTest::newRow("models") << QStringLiteral("f.attrs['models'] = np.int64(10**12)") << QStringLiteral("implausible model count");
        QTest::newRow("epochs") << QStringLiteral("f.attrs['epochs'] = np.int64(-1)") << QStringLiteral("implausible epoch count -1");
        QTest::newRow("input size") << QStringLiteral("f['architecture'].attrs['input_size'] = np.int64(32)") << QStringLiteral("the file says 32 px");
        QTest::newRow("epochs not int") << QStringLiteral("f.attrs['epochs'] = 4.0") << QStringLiteral("'epochs' on / is not an integer");
        QTest::newRow("epochs list") << QStringLiteral("f.attrs['epochs'] = np.array([4, 4], 'i8')") << QStringLiteral("not a single integer");
        QTest::newRow("dropout") << QStringLiteral("f['hyperparameters/dropout'][2] = -0.5") << QStringLiteral("implausible hyperparameters of model 106");
        QTest::newRow("batch size") << QStringLiteral("f['hyperparameters/batch_size'][0] = 0") << QStringLiteral("implausible hyperparameters of model 100");
        QTest::newRow("huge string") << QStringLiteral("f.attrs['dataset'] = np.bytes_(b'x' * (2 << 20))") << QStringLiteral("implausible string size");
    }

    void schemaValidation()
    {
        QFETCH(QString, edit);
        QFETCH(QString, expected);
        const QString path = m_tmp.filePath(QStringLiteral("schema.h5"));
        ZooFile::write(zootest::syntheticZoo(), path.toStdString());
        const auto r = zootest::runPython(
            QStringLiteral("import sys, h5py, numpy as np\nf = h5py.File(sys.argv[1], 'r+')\n%1\nf.close()\n").arg(edit), {path});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QString e = errorOf<std::runtime_error>([&] { ZooFile::read(path.toStdString()); });
        QVERIFY2(e.startsWith(path) && e.contains(expected), qPrintable(e));
    }
};

QTEST_GUILESS_MAIN(TestZooFileGuarantees)
#include "tst_zoofileguarantees.moc"
