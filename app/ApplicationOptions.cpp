#include "app/ApplicationOptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QRegularExpression>

#include <cstdio>
#include <cstdlib>

namespace zooscope {

QString ApplicationOptions::takeSessionArgument(int& argc, char** argv)
{
    QString file;
    int out = 1;
    for (int i = 1; i < argc; ++i) {
        const QString a = QString::fromLocal8Bit(argv[i]);
        if ((a == QLatin1String("--session") || a == QLatin1String("-session")) && i + 1 < argc) {
            file = QString::fromLocal8Bit(argv[++i]);
            continue;
        }
        if (a.startsWith(QLatin1String("--session="))) {
            file = a.mid(10);
            continue;
        }
        argv[out++] = argv[i];
    }
    argc = out;
    argv[argc] = nullptr;
    return file;
}

ApplicationOptions ApplicationOptions::parse(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "ApplicationOptions", "Explore, sample and test populations of trained neural networks."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption screenshot(
        QStringList{QStringLiteral("screenshot")},
        QCoreApplication::translate("ApplicationOptions", "Render the window once, save it as a PNG and exit."),
        QCoreApplication::translate("ApplicationOptions", "file"));
    const QCommandLineOption lang(
        QStringList{QStringLiteral("lang")},
        QCoreApplication::translate("ApplicationOptions", "User interface language (en, de). Default: the system locale."),
        QCoreApplication::translate("ApplicationOptions", "code"));
    const QCommandLineOption size(
        QStringList{QStringLiteral("size")},
        QCoreApplication::translate("ApplicationOptions", "Window size, e.g. 1280x800."),
        QCoreApplication::translate("ApplicationOptions", "WxH"));
    const auto tr = [](const char* text) { return QCoreApplication::translate("ApplicationOptions", text); };
    const QCommandLineOption hr(QStringList{QStringLiteral("hr")},
                                tr("A hyper-representation to show the zoo's latents with (default: NAME.hr next to NAME.zoo.h5)."),
                                tr("file"));
    const QCommandLineOption panel(QStringList{QStringLiteral("panel")},
                                   tr("Raise a panel: models, projection, hyper-representation (or training), sampling, analysis (analysis also runs the probes), histograms."),
                                   tr("name"));
    const QCommandLineOption projection(QStringList{QStringLiteral("projection")},
                                        tr("Projection of the 3D view: pca, tsne or axes."), tr("method"));
    const QCommandLineOption colorBy(QStringList{QStringLiteral("color-by")},
                                     tr("Colour the points by a property, e.g. test_accuracy, epoch, activation, lr."),
                                     tr("property"));
    const QCommandLineOption sizeBy(QStringList{QStringLiteral("size-by")}, tr("Size the points by a continuous property."),
                                    tr("property"));
    const QCommandLineOption density(QStringList{QStringLiteral("density")},
                                     tr("Show the density of the points on screen: contours, shading or both."), tr("mode"));
    const QCommandLineOption trainEpochs(QStringList{QStringLiteral("train-epochs")},
                                         tr("Train a hyper-representation for N epochs once the zoo is shown."), tr("N"));
    const QCommandLineOption trainCheckpoints(QStringList{QStringLiteral("train-checkpoints")},
                                              tr("Zoo epochs to train on, e.g. 5,10 (default: all)."), tr("list"));
    const QCommandLineOption session(QStringList{QStringLiteral("session")},
                                     tr("Open a saved session (.zooscope): its zoo, projection, colours, camera and selections."),
                                     tr("file"));
    parser.addOption(session);
    parser.addOption(screenshot);
    parser.addOption(lang);
    parser.addOption(size);
    for (const QCommandLineOption* o : {&hr, &panel, &projection, &colorBy, &sizeBy, &density, &trainEpochs, &trainCheckpoints})
        parser.addOption(*o);
    parser.addPositionalArgument(QStringLiteral("zoo"),
                                 QCoreApplication::translate("ApplicationOptions", "A model zoo file to open."),
                                 QStringLiteral("[zoo]"));
    parser.process(arguments);

    ApplicationOptions options;
    options.screenshotFile = parser.value(screenshot);
    if (parser.isSet(screenshot)) {
        // Checked before the window is built and the zoo read: the PNG's folder must take a file.
        const QFileInfo file(options.screenshotFile);
        const QFileInfo folder(file.absolutePath());
        const QByteArray name = options.screenshotFile.toLocal8Bit();
        if (options.screenshotFile.isEmpty() || file.isDir()) {
            std::fprintf(stderr, "zooscope: option --screenshot: '%s' is not a file name\n", name.constData());
            std::exit(2);
        }
        if (!folder.isDir() || !folder.isWritable()) {
            std::fprintf(stderr, "zooscope: option --screenshot: %s: the folder %s %s\n", name.constData(),
                         folder.filePath().toLocal8Bit().constData(), folder.isDir() ? "is not writable" : "does not exist");
            std::exit(2);
        }
    }
    options.language = parser.value(lang);
    if (parser.isSet(size)) {
        // 100..16384 pixels each way: a window that shows its panels, and no larger than a screenshot can be
        static const QRegularExpression pattern(QStringLiteral("^(\\d{1,9})x(\\d{1,9})$"));
        const auto m = pattern.match(parser.value(size));
        const auto inRange = [](int v) { return v >= 100 && v <= 16384; };
        if (!m.hasMatch() || !inRange(m.captured(1).toInt()) || !inRange(m.captured(2).toInt())) {
            std::fprintf(stderr, "zooscope: option --size: expects WIDTHxHEIGHT, each in 100..16384, e.g. 1280x800, got '%s'\n",
                         parser.value(size).toLocal8Bit().constData());
            std::exit(2);
        }
        options.width = m.captured(1).toInt();
        options.height = m.captured(2).toInt();
        options.sizeGiven = true;
    }
    options.hyperRepresentationFile = parser.value(hr);
    options.panel = parser.value(panel);
    options.projection = parser.value(projection);
    options.colorBy = parser.value(colorBy);
    options.sizeBy = parser.value(sizeBy);
    options.density = parser.value(density);
    options.trainCheckpoints = parser.value(trainCheckpoints);
    if (parser.isSet(trainEpochs)) {
        bool ok = false;
        options.trainEpochs = parser.value(trainEpochs).toInt(&ok);
        if (!ok || options.trainEpochs < 1 || options.trainEpochs > 100000) {
            std::fprintf(stderr, "zooscope: option --train-epochs: expects an integer in 1..100000, got '%s'\n",
                         parser.value(trainEpochs).toLocal8Bit().constData());
            std::exit(2);
        }
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1) {
        std::fprintf(stderr, "zooscope: expected at most one zoo file\n");
        std::exit(2);
    }
    options.sessionFile = parser.value(session); // empty under a QGuiApplication: see takeSessionArgument
    // A .zooscope file opened from the desktop (the MIME type's handler is `zooscope %f`) is a session.
    if (!positional.isEmpty() && positional.first().endsWith(QLatin1String(".zooscope"), Qt::CaseInsensitive))
        options.sessionFile = positional.first();
    else if (!positional.isEmpty())
        options.zooFile = positional.first();
    return options;
}

} // namespace zooscope
