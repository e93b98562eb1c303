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
    QString hyperRepresentationFile; // --hr FILE: use this hyper-representation (instead of the zoo's companion)
    QString panel;          // --panel NAME: raise models|projection|training|sampling|analysis (analysis runs the probes)
    QString projection;     // --projection pca|tsne|axes
    QString colorBy;        // --color-by PROPERTY (PointProperty ids)
    QString sizeBy;         // --size-by PROPERTY
    QString density;        // --density contours|shading|both: the density of the points on screen
    int trainEpochs = 0;    // --train-epochs N: train a hyper-representation for N epochs once the zoo is shown
    QString trainCheckpoints; // --train-checkpoints LIST: zoo epochs to train on (default: all)
    QString sessionFile;    // --session FILE: open a saved session (.zooscope) instead of a zoo

    // Parses the arguments of the running QCoreApplication; on --help/--version or bad input it prints
    // and exits the process like QCommandLineParser does.
    static ApplicationOptions parse(const QStringList& arguments);
    // Removes "--session FILE" (or --session=FILE) from argv and returns FILE; call it before the
    // QApplication exists: Qt takes -session/--session for X11 session management and drops it.
    static QString takeSessionArgument(int& argc, char** argv);
};

} // namespace zooscope
