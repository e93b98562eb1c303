// Issue 15, point 2: every reader besides HDF5 checks what it reads. Each case of the issue (a flipped byte
// in a checkpoint's tensor data, a pickle storage size of 0 or 2^30, test_acc = 1.8e19, epochs = 1e308, a
// report with NaN / Infinity / strings for accuracies, no methods, n = -1, version 99) and the structural
// limits (zip headers, pickle nesting and cycles, JSON nesting, IDX dimensions, .hr CRC) give a clear
// error naming the file and what is wrong, never a crash or a huge allocation.
#include "AutoencoderTestUtil.h"
#include "ErrorOf.h"

#include "core/Json.h"
#include "hyperrep/HyperRepresentation.h"
#include "sampling/SamplingReport.h"
#include "zoo/DatasetLoader.h"
#include "zoo/Pickle.h"
#include "zoo/PublicZooImporter.h"
#include "zoo/TorchStateDict.h"
#include "zoo/ZipArchive.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>

using namespace zooscope;
using zootest::errorOf;

namespace {

void putLe(std::string& out, uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; ++i)
        out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

// A zip archive of stored members, as PyTorch writes them (no alignment padding: not needed to read).
std::string zipOf(const std::vector<std::pair<std::string, std::string>>& members)
{
    std::string out, central;
    for (const auto& [name, data] : members) {
        const uint32_t crc = ZipArchive::crc32(data);
        const uint64_t offset = out.size();
        putLe(out, 0x04034b50, 4);
        putLe(out, 20, 2); putLe(out, 0, 2); putLe(out, 0, 2); putLe(out, 0, 2); putLe(out, 0, 2);
        putLe(out, crc, 4); putLe(out, data.size(), 4); putLe(out, data.size(), 4);
        putLe(out, name.size(), 2); putLe(out, 0, 2);
        out += name;
        out += data;
        putLe(central, 0x02014b50, 4);
        putLe(central, 20, 2); putLe(central, 20, 2); putLe(central, 0, 2); putLe(central, 0, 2);
        putLe(central, 0, 2); putLe(central, 0, 2);
        putLe(central, crc, 4); putLe(central, data.size(), 4); putLe(central, data.size(), 4);
        putLe(central, name.size(), 2); putLe(central, 0, 2); putLe(central, 0, 2); putLe(central, 0, 2);
        putLe(central, 0, 2); putLe(central, 0, 4); putLe(central, offset, 4);
        central += name;
    }
    const uint64_t cdOffset = out.size();
    out += central;
    putLe(out, 0x06054b50, 4);
    putLe(out, 0, 2); putLe(out, 0, 2); putLe(out, members.size(), 2); putLe(out, members.size(), 2);
    putLe(out, central.size(), 4); putLe(out, cdOffset, 4); putLe(out, 0, 2);
    return out;
}

std::string floats(const std::vector<float>& v) { return std::string(reinterpret_cast<const char*>(v.data()), v.size() * 4); }

// A one-tensor checkpoint "w" of shape 2x3 whose pickle says the storage holds `numelOpcodes` elements.
std::string checkpointWithStorageSize(const std::string& numelOpcodes)
{
    std::string pkl = pickle::dumpStateDict({{"w", {2, 3}}});
    const std::string six = std::string("K\x06tQ", 4);
    const size_t at = pkl.find(six);
    if (at == std::string::npos)
        return {};
    pkl.replace(at, six.size(), numelOpcodes + "tQ");
    return zipOf({{"archive/data.pkl", pkl}, {"archive/data/0", floats({1, 2, 3, 4, 5, 6})}});
}

void writeFile(const QString& path, const std::string& bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    std::ofstream out(path.toStdString(), std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string readFile(const QString& path)
{
    std::ifstream in(path.toStdString(), std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string replaced(std::string s, const std::string& from, const std::string& to)
{
    const size_t at = s.find(from);
    if (at != std::string::npos)
        s.replace(at, from.size(), to);
    return s;
}

} // namespace

class TestReaderValidation : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;

    QString path(const QString& name) const { return m_tmp.filePath(name); }

    // A public-zoo folder of one CNN-s model with a checkpoint at epochs 0 and 1.
    QString publicZoo(const QString& name, const std::string& params, const std::string& results)
    {
        const QString dir = path(name);
        const QString model = dir + QStringLiteral("/trial_0");
        const Architecture arch = Architecture::cnnSmall(1);
        std::vector<float> flat(static_cast<size_t>(arch.parameterCount()));
        for (size_t i = 0; i < flat.size(); ++i)
            flat[i] = 0.1f * std::sin(float(i));
        for (int e : {0, 1}) {
            QDir().mkpath(model + QStringLiteral("/checkpoint_%1").arg(e));
            TorchStateDict::write(TorchStateDict::fromFlat(arch, flat.data(), false),
                                  (model + QStringLiteral("/checkpoint_%1/checkpoints").arg(e)).toStdString());
        }
        writeFile(model + QStringLiteral("/params.json"), params);
        writeFile(model + QStringLiteral("/result.json"), results);
        return dir;
    }

    static std::string goodParams(const std::string& extra = "")
    {
        return "{\"model::nlin\": \"relu\", \"model::init_type\": \"kaiming_uniform\", \"model::dropout\": 0.0, "
               "\"optim::optimizer\": \"adam\", \"optim::lr\": 0.001, \"optim::wd\": 0.0001, \"seed\": 1, "
               "\"trainset::batchsize\": 10, \"training::epochs_train\": 1" + extra + "}";
    }
    static std::string resultLine(int iteration, const std::string& testAcc)
    {
        return "{\"training_iteration\": " + std::to_string(iteration) + ", \"train_loss\": 2.1, \"train_acc\": 0.2, "
               "\"val_loss\": 2.2, \"val_acc\": 0.2, \"test_loss\": 2.3, \"test_acc\": " + testAcc + "}\n";
    }

    // A one-method sampling report whose accuracy mean is 42.125 and n 7777 (unique texts to replace).
    static std::string goodReport()
    {
        SamplingReport r;
        MethodStatistics m;
        m.method = "noise";
        m.models = 3;
        MethodEpochStatistics e;
        e.epoch = 0;
        e.accuracyValues = {40.0, 42.0, 44.4375};
        e.accuracy = SummaryStatistics::of({40.0, 42.0, 44.0}, 100, 1);
        e.accuracy.mean = 42.125;
        e.accuracy.n = 7777;
        e.maxIoU = e.nearestDistance = SummaryStatistics::of({});
        m.epochs.push_back(e);
        r.methods.push_back(m);
        return r.toJson().dump(2);
    }

private slots:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    // ---- PyTorch checkpoints (zip + pickle)

    void flippedTensorByteIsACrcError()
    {
        const QString file = path(QStringLiteral("flip.pt"));
        TorchStateDict::write({{"w", {2, 3}, {1, 2, 3, 4, 5, 6}}}, file.toStdString());
        QCOMPARE(TorchStateDict::read(file.toStdString())[0].values, (std::vector<float>{1, 2, 3, 4, 5, 6}));
        std::string bytes = readFile(file);
        const ZipArchive zip(bytes, "x");
        const ZipArchive::Entry* data = nullptr;
        for (const auto& e : zip.entries())
            if (e.name.size() >= 7 && e.name.compare(e.name.size() - 7, 7, "/data/0") == 0)
                data = &e;
        QVERIFY(data);
        bytes[static_cast<size_t>(data->dataOffset + 5)] ^= 0x10; // inside the tensor's float data
        writeFile(file, bytes);
        const QString e = errorOf([&] { TorchStateDict::read(file.toStdString()); });
        QVERIFY2(e.startsWith(file + ":") && e.contains(QStringLiteral("CRC-32")) && e.contains(QStringLiteral("data/0")), qPrintable(e));
    }

    void zipHeadersAreChecked()
    {
        const std::string good = zipOf({{"archive/data.pkl", pickle::dumpStateDict({{"w", {2, 3}}})},
                                        {"archive/data/0", floats({1, 2, 3, 4, 5, 6})}});
        QCOMPARE(TorchStateDict::parse(good, "good.pt")[0].values, (std::vector<float>{1, 2, 3, 4, 5, 6}));
        // The local header's size differs from the central directory's.
        std::string sizes = good;
        sizes[18] = static_cast<char>(sizes[18] + 1);
        QString e = errorOf([&] { TorchStateDict::parse(sizes, "sizes.pt"); });
        QVERIFY2(e.startsWith(QStringLiteral("sizes.pt:")) && e.contains(QStringLiteral("disagree")), qPrintable(e));
        // A central directory entry pointing past the end of the file.
        std::string offset = good;
        const size_t cd = offset.rfind(std::string("PK\x01\x02", 4));
        offset[cd + 42 + 3] = 0x7f;
        e = errorOf([&] { TorchStateDict::parse(offset, "offset.pt"); });
        QVERIFY2(e.contains(QStringLiteral("no local header")), qPrintable(e));
        // Cut off: no end record.
        e = errorOf([&] { TorchStateDict::parse(good.substr(0, good.size() - 10), "cut.pt"); });
        QVERIFY2(e.contains(QStringLiteral("end-of-central-directory")), qPrintable(e));
        // Central directory claims more members than it has room for.
        std::string count = good;
        count[count.size() - 22 + 10] = static_cast<char>(0xff);
        e = errorOf([&] { TorchStateDict::parse(count, "count.pt"); });
        QVERIFY2(e.contains(QStringLiteral("members do not fit")), qPrintable(e));
    }

    void storageSizeMustMatchItsRecord()
    {
        const std::string ok = checkpointWithStorageSize(std::string("K\x06", 2));
        QVERIFY(!ok.empty());
        QCOMPARE(TorchStateDict::parse(ok, "ok.pt")[0].values.size(), size_t(6));
        const std::string zero = checkpointWithStorageSize(std::string("K\x00", 2));
        QString e = errorOf([&] { TorchStateDict::parse(zero, "zero.pt"); });
        QVERIFY2(e.startsWith(QStringLiteral("zero.pt:")) && e.contains(QStringLiteral("should hold 0 float32 elements")), qPrintable(e));
        const std::string huge = checkpointWithStorageSize(std::string("J\x00\x00\x00\x40", 5)); // 2^30
        e = errorOf([&] { TorchStateDict::parse(huge, "huge.pt"); });
        QVERIFY2(e.contains(QStringLiteral("should hold 1073741824 float32 elements")) && e.contains(QStringLiteral("24 bytes")),
                 qPrintable(e));
        const std::string negative = checkpointWithStorageSize(std::string("J\xff\xff\xff\xff", 5)); // -1
        e = errorOf([&] { TorchStateDict::parse(negative, "negative.pt"); });
        QVERIFY2(e.contains(QStringLiteral("not a count of elements")), qPrintable(e));
    }

    void tensorShapesAreCheckedBeforeAllocating()
    {
        // The pickle promises 10^12 elements over a 6-element storage: refused without allocating 4 TB.
        std::string pkl = pickle::dumpStateDict({{"w", {1000000, 1000000}}});
        std::string zip = zipOf({{"archive/data.pkl", pkl}, {"archive/data/0", floats({1, 2, 3, 4, 5, 6})}});
        QString e = errorOf([&] { TorchStateDict::parse(zip, "big.pt"); });
        QVERIFY2(e.startsWith(QStringLiteral("big.pt:")) && e.contains(QStringLiteral("storage")), qPrintable(e));
    }

    void pickleMachineIsBounded()
    {
        const auto run = [](const std::string& p) {
            size_t pos = 0;
            return pickle::load(reinterpret_cast<const unsigned char*>(p.data()), p.size(), pos, {});
        };
        // 100,000 nested lists: refused at depth 100 (destroying them would otherwise exhaust the stack).
        const std::string deep = std::string(100000, ']') + std::string(99999, 'a') + ".";
        QString e = errorOf([&] { run(deep); });
        QVERIFY2(e.contains(QStringLiteral("nested deeper than 100")), qPrintable(e));
        // A list appended to itself, and a cycle through two lists.
        e = errorOf([&] { run(std::string("]q\x00h\x00" "a.", 7)); }); // ] q0 h0 a .
        QVERIFY2(e.contains(QStringLiteral("contains itself")), qPrintable(e));
        e = errorOf([&] { run(std::string("]q\x00]q\x01h\x00" "a0h\x01" "a.", 14)); }); // L1 += L0; pop; L0 += L1
        QVERIFY2(e.contains(QStringLiteral("after it was put into another")), qPrintable(e));
        // A text memo key that is not a number, a string running past the end.
        e = errorOf([&] { run("]px\n."); });
        QVERIFY2(e.contains(QStringLiteral("bad memo key")), qPrintable(e));
        e = errorOf([&] { run(std::string("X\xff\xff\xff\x7f", 5)); });
        QVERIFY2(e.contains(QStringLiteral("truncated")), qPrintable(e));
        // A dict holding itself through the memo: refused, so the state-dict walk cannot recurse forever.
        e = errorOf([&] { run(std::string("}q\x00X\x01\x00\x00\x00" "kh\x00s.", 13)); }); // d = {}; d['k'] = d
        QVERIFY2(e.contains(QStringLiteral("contains itself")), qPrintable(e));
    }

    // ---- public zoo folders

    void publicZooNumbersAreChecked()
    {
        const std::string results = resultLine(0, "0.1") + resultLine(1, "0.5");
        ModelZoo zoo = PublicZooImporter::import(publicZoo(QStringLiteral("zoo-good"), goodParams(), results).toStdString());
        QCOMPARE(zoo.modelCount(), int64_t(1));
        QCOMPARE(zoo.testAccuracy[1], 0.5f);

        QString e = errorOf([&] {
            PublicZooImporter::import(publicZoo(QStringLiteral("zoo-acc"), goodParams(), resultLine(0, "0.1") + resultLine(1, "1.8e19")).toStdString());
        });
        QVERIFY2(e.contains(QStringLiteral("result.json: line 2")) && e.contains(QStringLiteral("\"test_acc\" = 1.8e+19")) &&
                     e.contains(QStringLiteral("[0, 1] or a percentage in [0, 100]")),
                 qPrintable(e));
        e = errorOf([&] {
            PublicZooImporter::import(
                publicZoo(QStringLiteral("zoo-epochs"), goodParams(", \"training::epochs\": 1e308"), results).toStdString());
        });
        QVERIFY2(e.contains(QStringLiteral("params.json")) && e.contains(QStringLiteral("\"training::epochs\" = 1e+308")), qPrintable(e));
        e = errorOf([&] {
            PublicZooImporter::import(
                publicZoo(QStringLiteral("zoo-lr"), replaced(goodParams(), "0.001", "\"fast\""), results).toStdString());
        });
        QVERIFY2(e.contains(QStringLiteral("params.json \"optim::lr\" is the string \"fast\"")), qPrintable(e));
        e = errorOf([&] {
            PublicZooImporter::import(publicZoo(QStringLiteral("zoo-loss"), goodParams(),
                                                replaced(results, "\"train_loss\": 2.1", "\"train_loss\": \"low\""))
                                          .toStdString());
        });
        QVERIFY2(e.contains(QStringLiteral("result.json: line 1")) && e.contains(QStringLiteral("\"train_loss\" is not a number")), qPrintable(e));
        e = errorOf([&] {
            PublicZooImporter::import(publicZoo(QStringLiteral("zoo-iter"), goodParams(),
                                                resultLine(0, "0.1") + replaced(resultLine(1, "0.5"), "\"training_iteration\": 1", "\"training_iteration\": 1e18"))
                                          .toStdString());
        });
        QVERIFY2(e.contains(QStringLiteral("\"training_iteration\" = 1e+18")), qPrintable(e));
        // Percentages are accepted (and rescaled), NaN means "not measured".
        zoo = PublicZooImporter::import(
            publicZoo(QStringLiteral("zoo-percent"), goodParams(), resultLine(0, "NaN") + resultLine(1, "55")).toStdString());
        QCOMPARE(zoo.testAccuracy[1], 0.55f);
        QVERIFY(std::isnan(zoo.testAccuracy[0]));
    }

    // ---- sampling report JSON

    void samplingReportNumbersAreChecked()
    {
        const std::string good = goodReport();
        QCOMPARE(SamplingReport::fromJson(Json::parse(good)).methods.size(), size_t(1));
        const QString file = path(QStringLiteral("report.json"));
        const auto errorFor = [&](const std::string& text) {
            writeFile(file, text);
            return errorOf([&] { SamplingReport::readJson(file.toStdString()); });
        };
        QString e = errorFor(replaced(good, "42.125", "NaN"));
        QVERIFY2(e.startsWith(file + ":") && e.contains(QStringLiteral("methods[0].epochs[0].accuracy.mean is NaN")), qPrintable(e));
        e = errorFor(replaced(good, "42.125", "Infinity"));
        QVERIFY2(e.contains(QStringLiteral("accuracy.mean is infinite")), qPrintable(e));
        e = errorFor(replaced(good, "42.125", "\"high\""));
        QVERIFY2(e.contains(QStringLiteral("accuracy.mean is the string \"high\"")), qPrintable(e));
        e = errorFor(replaced(good, "42.125", "1.8e19"));
        QVERIFY2(e.contains(QStringLiteral("accuracy.mean = 1.8e+19 is outside [0, 100]")), qPrintable(e));
        e = errorFor(replaced(good, "44.4375", "\"x\""));
        QVERIFY2(e.contains(QStringLiteral("accuracy_values[2] is the string")), qPrintable(e));
        e = errorFor(replaced(good, "\"n\": 7777", "\"n\": -1"));
        QVERIFY2(e.contains(QStringLiteral("accuracy.n = -1 is outside")), qPrintable(e));
        e = errorFor(replaced(good, "\"version\": 1", "\"version\": 99"));
        QVERIFY2(e.contains(QStringLiteral("written by a newer ZooScope (report version 99)")), qPrintable(e));
        SamplingReport empty;
        e = errorFor(empty.toJson().dump(2));
        QVERIFY2(e.contains(QStringLiteral("lists no methods")), qPrintable(e));
    }

    // ---- JSON itself

    void jsonNestingAndSizeAreBounded()
    {
        QString e = errorOf([&] { Json::parse(std::string(100000, '[') + std::string(100000, ']')); });
        QVERIFY2(e.contains(QStringLiteral("nested deeper than 256")), qPrintable(e));
        QCOMPARE(Json::parse(std::string(200, '[') + std::string(200, ']')).size(), size_t(1));
        // 200,000 keys parse in linear time (the key lookup is hashed while parsing).
        std::string many = "{";
        for (int i = 0; i < 200000; ++i)
            many += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":" + std::to_string(i);
        many += ",\"k5\":-5}";
        QElapsedTimer t;
        t.start();
        const Json j = Json::parse(many);
        QVERIFY2(t.elapsed() < 10000, qPrintable(QString::number(t.elapsed())));
        QCOMPARE(j.members().size(), size_t(200000));
        QCOMPARE(j.at("k5").number(), -5.0); // the last of repeated keys wins
    }

    // ---- IDX datasets

    void idxDimensionsAreChecked()
    {
        const QString labels = path(QStringLiteral("idx/labels"));
        writeFile(labels, std::string("\x00\x00\x08\x01\x00\x00\x00\x02\x01\x02", 10));
        // Three dimensions of 2^28 each: the product overflows 64 bits.
        const QString images = path(QStringLiteral("idx/images"));
        writeFile(images, std::string("\x00\x00\x08\x03\x10\x00\x00\x00\x10\x00\x00\x00\x10\x00\x00\x00", 16) + std::string(8, 'x'));
        QString e = errorOf([&] { DatasetLoader::readIdx(images.toStdString(), labels.toStdString(), 0.5f, 0.5f); });
        QVERIFY2(e.startsWith(images + ":") && e.contains(QStringLiteral("overflows")), qPrintable(e));
        // A label beyond any class.
        writeFile(images, std::string("\x00\x00\x08\x03\x00\x00\x00\x02\x00\x00\x00\x01\x00\x00\x00\x01", 16) + std::string(2, 'x'));
        writeFile(labels, std::string("\x00\x00\x08\x01\x00\x00\x00\x02\x01\xc8", 10));
        e = errorOf([&] { DatasetLoader::readIdx(images.toStdString(), labels.toStdString(), 0.5f, 0.5f); });
        QVERIFY2(e.startsWith(labels + ":") && e.contains(QStringLiteral("corrupt label 200")), qPrintable(e));
        writeFile(labels, std::string("\x00\x00\x08\x01\x00\x00\x00\x02\x01\x02", 10));
        QCOMPARE(DatasetLoader::readIdx(images.toStdString(), labels.toStdString(), 0.5f, 0.5f).count, int64_t(2));
    }

    // ---- .hr files

    void hyperRepresentationCrcIsChecked()
    {
        const QString file = path(QStringLiteral("ae.hr"));
        const Architecture arch = Architecture::cnnSmall(1);
        aetest::untrainedHyperRepresentation(arch).save(file.toStdString());
        QCOMPARE(HyperRepresentation::load(file.toStdString()).architecture().name, arch.name);
        std::string bytes = readFile(file);
        const ZipArchive zip(bytes, "x");
        const ZipArchive::Entry* biggest = nullptr; // a weight tensor (stored; LibTorch deflates only code)
        for (const auto& e : zip.entries())
            if (!e.deflated && (!biggest || e.size > biggest->size))
                biggest = &e;
        QVERIFY(biggest && biggest->size > 1000);
        bytes[static_cast<size_t>(biggest->dataOffset + biggest->size / 2)] ^= 0x01;
        writeFile(file, bytes);
        const QString e = errorOf([&] { HyperRepresentation::load(file.toStdString()); });
        QVERIFY2(e.contains(file) && e.contains(QStringLiteral("CRC-32")), qPrintable(e));
    }
};

QTEST_GUILESS_MAIN(TestReaderValidation)
#include "tst_readervalidation.moc"
