#pragma once

#include <QString>
#include <QStringList>

namespace zooscope {

// What the user asked for on the `zooscope` command line.
struct ApplicationOptions {
    QString zooFile;        // positional: a zoo to open instead of the default one
    QString screenshotFile; // --screenshot FILE: render the window once, save a PNG, exit
    QString language;       // --lang CODE: "de", "en"; empty = the system locale
    int width = 1280;       // --size WxH of the main window (screenshots are reproducible)
    int height = 800;
    bool sizeGiven = false;

    // Parses the arguments of the running QCoreApplication; on --help/--version or bad input it prints
    // and exits the process like QCommandLineParser does.
    static ApplicationOptions parse(const QStringList& arguments);
};

} // namespace zooscope
