// The one atomic write: a writer killed at any moment leaves the old file or the complete new one,
// never a torn one; the temporary files of killed writers are cleared by the next write.
#include "core/AtomicFile.h"

#include "FolderEntries.h"

#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>

#include <sys/wait.h>
#include <unistd.h>

using zooscope::AtomicFile;

using testutil::folderEntries;

namespace {

constexpr size_t kSize = 8 << 20;

std::string readAll(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Every version the writer writes is kSize copies of one byte: a complete file is uniform.
bool isCompleteVersion(const std::string& bytes)
{
    return bytes.size() == kSize && bytes.find_first_not_of(bytes.front()) == std::string::npos;
}

} // namespace

class TestAtomicFile : public QObject {
    Q_OBJECT

private slots:
    void killedWritersNeverLeaveATornFile()
    {
        QTemporaryDir tmp;
        const std::string path = tmp.filePath(QStringLiteral("big.bin")).toStdString();
        AtomicFile::write(path, std::string(kSize, 'A'));
        std::mt19937 rng(7);
        int killedWithTemporary = 0;
        for (int round = 0; round < 12; ++round) {
            const pid_t child = ::fork();
            QVERIFY(child >= 0);
            if (child == 0) {
                // Write new versions until killed.
                for (char v = 'B';; v = char(v == 'Z' ? 'B' : v + 1))
                    AtomicFile::write(path, std::string(kSize, v));
            }
            ::usleep(useconds_t(5000 + rng() % 60000));
            QCOMPARE(::kill(child, SIGKILL), 0);
            int status = 0;
            QCOMPARE(::waitpid(child, &status, 0), child);
            QVERIFY(WIFSIGNALED(status));
            const std::string bytes = readAll(path);
            QVERIFY2(isCompleteVersion(bytes), qPrintable(QStringLiteral("round %1: %2 bytes").arg(round).arg(bytes.size())));
            killedWithTemporary += folderEntries(tmp.path()).size() > 1 ? 1 : 0;
        }
        QVERIFY2(killedWithTemporary > 0, "no writer was killed mid-write: the test did not test");

        // The next successful write replaces the file and clears the dead writers' temporary files.
        AtomicFile::write(path, "done");
        QCOMPARE(readAll(path), std::string("done"));
        QCOMPARE(folderEntries(tmp.path()), std::vector<std::string>{"big.bin"});
    }

    void missingFolderIsAClearErrorAndNoFile()
    {
        QTemporaryDir tmp;
        const std::string path = tmp.filePath(QStringLiteral("no/such/folder/x.json")).toStdString();
        try {
            AtomicFile::write(path, "x");
            QFAIL("no error for a missing folder");
        } catch (const std::runtime_error& e) {
            const QString message = QString::fromUtf8(e.what());
            QVERIFY2(message.contains(QString::fromStdString(path)) && message.contains(QStringLiteral("does not exist")),
                     e.what());
        }
        QVERIFY(folderEntries(tmp.path()).empty());
    }

    void writesOverAnExistingFile()
    {
        QTemporaryDir tmp;
        const std::string path = tmp.filePath(QStringLiteral("a.txt")).toStdString();
        AtomicFile::write(path, "first, and longer");
        AtomicFile::write(path, "second");
        QCOMPARE(readAll(path), std::string("second"));
        AtomicFile::writeWith(path, [](const std::string& temp) { std::ofstream(temp) << "third"; });
        QCOMPARE(readAll(path), std::string("third"));
        // A writer that fails leaves the file as it was and no temporary file.
        QVERIFY_THROWS_EXCEPTION(std::logic_error, AtomicFile::writeWith(path, [](const std::string& temp) {
            std::ofstream(temp) << "half";
            throw std::logic_error("failed");
        }));
        QCOMPARE(readAll(path), std::string("third"));
        QCOMPARE(folderEntries(tmp.path()), std::vector<std::string>{"a.txt"});
    }
};

QTEST_GUILESS_MAIN(TestAtomicFile)
#include "tst_atomicfile.moc"
