#include "app/ApplicationOptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QRegularExpression>

#include <cstdio>
#include <cstdlib>

namespace zooscope {

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
    parser.addOption(screenshot);
    parser.addOption(lang);
    parser.addOption(size);
    parser.addPositionalArgument(QStringLiteral("zoo"),
                                 QCoreApplication::translate("ApplicationOptions", "A model zoo file to open."),
                                 QStringLiteral("[zoo]"));
    parser.process(arguments);

    ApplicationOptions options;
    options.screenshotFile = parser.value(screenshot);
    options.language = parser.value(lang);
    if (parser.isSet(size)) {
        static const QRegularExpression pattern(QStringLiteral("^(\\d{2,5})x(\\d{2,5})$"));
        const auto m = pattern.match(parser.value(size));
        if (!m.hasMatch()) {
            std::fprintf(stderr, "zooscope: --size expects WIDTHxHEIGHT, e.g. 1280x800\n");
            std::exit(2);
        }
        options.width = m.captured(1).toInt();
        options.height = m.captured(2).toInt();
        options.sizeGiven = true;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1) {
        std::fprintf(stderr, "zooscope: expected at most one zoo file\n");
        std::exit(2);
    }
    if (!positional.isEmpty())
        options.zooFile = positional.first();
    return options;
}

} // namespace zooscope
