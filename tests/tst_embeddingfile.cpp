// Embeddings stored in the zoo file: round trip, replacement, the zoo left intact, clear errors, and
// readable by h5py.
#include "ErrorOf.h"
#include "AutoencoderTestUtil.h"
#include "ZooTestUtil.h"
#include "hyperrep/EmbeddingFile.h"
#include "zoo/ZooFile.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace zooscope;

namespace {

using zootest::errorOf;

ZooEmbedding embeddingFor(const ModelZoo& zoo, const std::string& name, int64_t dim, float offset)
{
    ZooEmbedding e;
    e.name = name;
    e.models = zoo.modelCount();
    e.checkpoints = zoo.checkpointCount();
    e.latentDim = dim;
    e.modelIds = zoo.modelIds;
    e.checkpointEpochs = zoo.checkpointEpochs;
    for (int64_t i = 0; i < e.models * e.checkpoints * dim; ++i)
        e.latents.push_back(offset + 0.5f * static_cast<float>(i));
    e.latents[3] = std::nanf(""); // a checkpoint without weights
    e.hyperRepresentationPath = "/models/" + name + ".hr";
    e.hyperRepresentationHash = "0123456789abcdef";
    e.layoutHash = "feedfacecafebeef";
    e.createdBy = "tst_embeddingfile";
    return e;
}

} // namespace

class TestEmbeddingFile : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;

private slots:
    void roundTripAndReplace()
    {
        const ModelZoo zoo = aetest::structuredZoo(10);
        const std::string path = m_tmp.filePath("zoo.h5").toStdString();
        ZooFile::write(zoo, path);
        QVERIFY(EmbeddingFile::list(path).empty());

        const ZooEmbedding a = embeddingFor(zoo, "first", 4, 0.0f);
        EmbeddingFile::write(path, a);
        EmbeddingFile::write(path, embeddingFor(zoo, "second", 2, 1.0f));
        QCOMPARE(EmbeddingFile::list(path), (std::vector<std::string>{"first", "second"}));
        const ZooEmbedding back = EmbeddingFile::read(path, "first");
        QCOMPARE(back.models, a.models);
        QCOMPARE(back.checkpoints, a.checkpoints);
        QCOMPARE(back.latentDim, int64_t(4));
        QVERIFY(std::isnan(back.latents[3]));
        QCOMPARE(back.latents[4], a.latents[4]);
        QCOMPARE(back.latents.back(), a.latents.back());
        QVERIFY(back.modelIds == zoo.modelIds);
        QVERIFY(back.checkpointEpochs == zoo.checkpointEpochs);
        QCOMPARE(back.hyperRepresentationPath, a.hyperRepresentationPath);
        QCOMPARE(back.hyperRepresentationHash, a.hyperRepresentationHash);
        QCOMPARE(back.layoutHash, a.layoutHash);
        QCOMPARE(back.createdBy, a.createdBy);
        QCOMPARE(*back.latentAt(1, 2), a.latents[static_cast<size_t>((1 * 4 + 2) * 4)]);

        // Replacing keeps one group of that name with the new content.
        EmbeddingFile::write(path, embeddingFor(zoo, "first", 3, 10.0f));
        QCOMPARE(EmbeddingFile::list(path).size(), size_t(2));
        QCOMPARE(EmbeddingFile::read(path, "first").latentDim, int64_t(3));
        QCOMPARE(EmbeddingFile::read(path, "first").latents[0], 10.0f);

        // The zoo itself is untouched and no temporary file is left behind.
        const ModelZoo again = ZooFile::read(path);
        QVERIFY(again.weights == zoo.weights);
        QVERIFY(again.modelIds == zoo.modelIds);
        QCOMPARE(QDir(m_tmp.path()).entryList(QDir::Files), QStringList{"zoo.h5"});
    }

    void readableByH5py()
    {
        if (zootest::runPython(QStringLiteral("import h5py")).exitCode != 0)
            QFAIL("Debian's python3-h5py is missing (scripts/install-deps.sh installs it)");
        const ModelZoo zoo = aetest::structuredZoo(10);
        const QString path = m_tmp.filePath("py.h5");
        ZooFile::write(zoo, path.toStdString());
        EmbeddingFile::write(path.toStdString(), embeddingFor(zoo, "hr", 4, 0.0f));
        const auto r = zootest::runPython(QStringLiteral("import h5py, sys\n"
                                                         "f = h5py.File(sys.argv[1], 'r')\n"
                                                         "g = f['embeddings/hr']\n"
                                                         "print(g['latents'].shape, g.attrs['hyper_representation_hash'].decode(), g['latents'].fletcher32)\n"),
                                          {path});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.out.trimmed(), QStringLiteral("(10, 4, 4) 0123456789abcdef True"));
    }

    void clearErrors()
    {
        const ModelZoo zoo = aetest::structuredZoo(10);
        const std::string path = m_tmp.filePath("errors.h5").toStdString();
        ZooFile::write(zoo, path);
        ZooEmbedding wrong = embeddingFor(zoo, "x", 4, 0.0f);
        wrong.models = 9;
        QVERIFY(errorOf([&] { EmbeddingFile::write(path, wrong); }).contains("models"));
        ZooEmbedding ids = embeddingFor(zoo, "x", 4, 0.0f);
        ids.modelIds[0] = 999;
        QVERIFY(errorOf([&] { EmbeddingFile::write(path, ids); }).contains("model ids"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, EmbeddingFile::write(path, embeddingFor(zoo, "a/b", 4, 0.0f)));
        const QString missing = errorOf([&] { EmbeddingFile::read(path, "nothing"); });
        QVERIFY2(missing.contains("no embedding 'nothing'") && missing.contains(QString::fromStdString(path)), qPrintable(missing));
        QVERIFY(errorOf([&] { EmbeddingFile::read(m_tmp.filePath("absent.h5").toStdString(), "x"); }).contains("not found"));
        QVERIFY(EmbeddingFile::list(path).empty()); // failed writes left nothing
    }
};

QTEST_GUILESS_MAIN(TestEmbeddingFile)
#include "tst_embeddingfile.moc"
