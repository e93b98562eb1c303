// The Debian package as `cmake --build build --target package` makes it: CPack DEB into a temporary
// folder, then its contents and control fields read back with dpkg-deb.
#include <QDir>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

class TestPackage : public QObject {
    Q_OBJECT

    struct Result {
        bool finished = false;
        int exitCode = -1;
        QString out;
        QString err;
        QString describe() const
        {
            return QStringLiteral("%1, exit code %2\n--- stdout ---\n%3\n--- stderr ---\n%4")
                .arg(finished ? QStringLiteral("finished") : QStringLiteral("did not finish (timeout or failed start)"))
                .arg(exitCode)
                .arg(out, err);
        }
    };

    static Result run(const QString& program, const QStringList& args, int timeoutMs)
    {
        QProcess p;
        p.setWorkingDirectory(QStringLiteral(ZOOSCOPE_BUILD_DIR));
        p.start(program, args);
        Result r;
        if (!p.waitForStarted(30000)) {
            r.err = p.errorString();
            return r;
        }
        r.finished = p.waitForFinished(timeoutMs);
        if (!r.finished) {
            p.kill();
            p.waitForFinished(10000);
        }
        r.exitCode = (r.finished && p.exitStatus() == QProcess::NormalExit) ? p.exitCode() : -1;
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_deb;
    QString m_dpkgDeb;
    QStringList m_files;  // package contents as absolute paths, e.g. "/usr/bin/zooscope"
    QString m_listing;

    QString field(const QString& name) const
    {
        const Result r = run(m_dpkgDeb, {QStringLiteral("-f"), m_deb, name}, 60000);
        if (r.exitCode != 0)
            qWarning().noquote() << "dpkg-deb -f" << name << r.describe();
        return r.out.trimmed();
    }

private slots:
    void initTestCase()
    {
        const QString buildDir = QStringLiteral(ZOOSCOPE_BUILD_DIR);
        const QString config = buildDir + QStringLiteral("/CPackConfig.cmake");
        QVERIFY2(QFileInfo::exists(config), qPrintable(config + QStringLiteral(" is missing: configure the build first")));
        for (const char* exe : {"zooscope", "zooscope-cli"}) {
            const QString path = QStringLiteral(ZOOSCOPE_BIN_DIR "/") + QLatin1String(exe);
            QVERIFY2(QFileInfo(path).isExecutable(), qPrintable(path + QStringLiteral(" is not built")));
        }

        // cpack from the CMake that configured the build, else from PATH.
        QString cpack = QStringLiteral(CMAKE_CPACK_COMMAND);
        if (!QFileInfo(cpack).isExecutable())
            cpack = QStandardPaths::findExecutable(QStringLiteral("cpack"));
        m_dpkgDeb = QStandardPaths::findExecutable(QStringLiteral("dpkg-deb"));
        QVERIFY2(!cpack.isEmpty(), "cpack not found");
        QVERIFY2(!m_dpkgDeb.isEmpty(), "dpkg-deb not found (package dpkg)");
        QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("dpkg-shlibdeps")).isEmpty(),
                 "dpkg-shlibdeps not found (package dpkg-dev)");

        m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/tst_package-XXXXXX"));
        QVERIFY2(m_dir->isValid(), qPrintable(m_dir->errorString()));

        // Stripping and compressing LibTorch-sized binaries takes a while; allow 8 minutes.
        const Result r = run(cpack, {QStringLiteral("-G"), QStringLiteral("DEB"), QStringLiteral("--config"), config,
                                     QStringLiteral("-B"), m_dir->path()},
                             8 * 60 * 1000);
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(QStringLiteral("cpack failed: ") + r.describe()));

        const QStringList debs = QDir(m_dir->path()).entryList({QStringLiteral("*.deb")}, QDir::Files);
        QVERIFY2(debs.size() == 1, qPrintable(QStringLiteral("expected one .deb in %1, found [%2]\n%3")
                                                  .arg(m_dir->path(), debs.join(QStringLiteral(", ")), r.describe())));
        m_deb = m_dir->filePath(debs.first());
        qInfo().noquote() << "package:" << QFileInfo(m_deb).fileName() << QFileInfo(m_deb).size() << "bytes";

        const Result c = run(m_dpkgDeb, {QStringLiteral("-c"), m_deb}, 60000);
        QVERIFY2(c.exitCode == 0, qPrintable(QStringLiteral("dpkg-deb -c failed: ") + c.describe()));
        m_listing = c.out;
        // Lines look like "-rwxr-xr-x root/root  123 2026-01-01 00:00 ./usr/bin/zooscope" (links: "... -> target").
        static const QRegularExpression entry(QStringLiteral(R"(\s\.(/\S*))"));
        for (const QString& line : c.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            const QRegularExpressionMatch m = entry.match(line);
            if (m.hasMatch() && !line.startsWith(QLatin1Char('d')))
                m_files << m.captured(1);
        }
        QVERIFY2(!m_files.isEmpty(), qPrintable(m_listing));
    }

    void fileNameFollowsDebianConvention()
    {
        QVERIFY2(QFileInfo(m_deb).fileName().startsWith(QStringLiteral("zooscope_" ZOOSCOPE_VERSION_STRING "_")),
                 qPrintable(m_deb));
    }

    void containsFile_data()
    {
        QTest::addColumn<QString>("path");
        for (const char* p : {"/usr/bin/zooscope", "/usr/bin/zooscope-cli", "/usr/share/applications/zooscope.desktop",
                              "/usr/share/metainfo/io.github.zooscope.ZooScope.metainfo.xml",
                              "/usr/share/mime/packages/zooscope.xml", "/usr/share/zooscope/fashion-mnist-cnn-s.zoo.h5",
                              "/usr/share/icons/hicolor/scalable/apps/zooscope.svg", "/usr/share/doc/zooscope/copyright",
                              "/usr/share/doc/zooscope/changelog.gz", "/usr/share/man/man1/zooscope.1.gz",
                              "/usr/share/man/man1/zooscope-cli.1.gz"})
            QTest::newRow(p) << QString::fromLatin1(p);
        for (int n : {16, 32, 48, 64, 128, 256}) {
            const QString p = QStringLiteral("/usr/share/icons/hicolor/%1x%1/apps/zooscope.png").arg(n);
            QTest::newRow(qPrintable(p)) << p;
        }
    }

    void containsFile()
    {
        QFETCH(QString, path);
        QVERIFY2(m_files.contains(path), qPrintable(path + QStringLiteral(" missing from the package:\n") + m_listing));
    }

    void installsOnlyUnderUsrBinAndUsrShare()
    {
        QStringList stray;
        for (const QString& f : std::as_const(m_files))
            if (!f.startsWith(QStringLiteral("/usr/bin/")) && !f.startsWith(QStringLiteral("/usr/share/")))
                stray << f;
        QVERIFY2(stray.isEmpty(), qPrintable(QStringLiteral("unexpected files: ") + stray.join(QStringLiteral(", "))));
    }

    void controlFields()
    {
        QCOMPARE(field(QStringLiteral("Package")), QStringLiteral("zooscope"));
        QCOMPARE(field(QStringLiteral("Version")), QStringLiteral(ZOOSCOPE_VERSION_STRING));
        QCOMPARE(field(QStringLiteral("Section")), QStringLiteral("science"));
        QVERIFY(!field(QStringLiteral("Maintainer")).isEmpty());
        QVERIFY(!field(QStringLiteral("Description")).isEmpty());
        QVERIFY2(field(QStringLiteral("Recommends")).contains(QStringLiteral("dataset-fashion-mnist")),
                 qPrintable(field(QStringLiteral("Recommends"))));
    }

    void dependsOn_data()
    {
        // Package names as dpkg-shlibdeps finds them on Debian 12, matched loosely so that a newer
        // soname (libtorch2.x, libvtk9.3, libhdf5-310) still passes.
        QTest::addColumn<QString>("pattern");
        QTest::newRow("Qt 6 Core") << QStringLiteral(R"(^libqt6core6\b)");
        QTest::newRow("Qt 6 Widgets") << QStringLiteral(R"(^libqt6widgets6\b)");
        QTest::newRow("VTK 9") << QStringLiteral(R"(^libvtk9\.\d+\b)");
        QTest::newRow("LibTorch") << QStringLiteral(R"(^libtorch\d+\.\d+\b)");
        QTest::newRow("HDF5") << QStringLiteral(R"(^libhdf5-\d)");
        QTest::newRow("OpenBLAS") << QStringLiteral(R"(^libopenblas0-pthread\b)");
    }

    void dependsOn()
    {
        QFETCH(QString, pattern);
        const QString depends = field(QStringLiteral("Depends"));
        const QRegularExpression re(pattern);
        bool found = false;
        // "a (>= 1), b | c, d" -> each alternative on its own.
        for (const QString& group : depends.split(QLatin1Char(',')))
            for (const QString& alt : group.split(QLatin1Char('|')))
                found = found || re.match(alt.trimmed()).hasMatch();
        QVERIFY2(found, qPrintable(QStringLiteral("no match for %1 in Depends: %2").arg(pattern, depends)));
    }
};

QTEST_GUILESS_MAIN(TestPackage)
#include "tst_package.moc"
