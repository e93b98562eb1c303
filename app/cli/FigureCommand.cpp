#include "app/cli/FigureCommand.h"
#include "app/cli/PathChecks.h"

#include "app/ExplorerSession.h"
#include "app/LatentFigure.h"
#include "app/PointProperty.h"
#include "app/ProjectionComputation.h"

#include <QEventLoop>
#include <QFileInfo>
#include <QGuiApplication>
#include <QTimer>

#include <map>
#include <memory>
#include <ostream>

namespace zooscope::cli {

namespace {

const char* const kUsage =
    "Usage: zooscope-cli figure [SESSION.zooscope | --zoo ZOO.h5 [--hr MODEL.hr]] --out FILE.svg|.pdf|.png\n"
    "                           [options]\n"
    "\n"
    "Writes the latent view as a figure for a paper: SVG and PDF are true vector files (a circle per visible\n"
    "point, text as text, fonts embedded), PNG a raster at the given dpi. No display is needed. With a\n"
    "session file (File > Save Session) the figure is the session's view and the GUI's Export Figure writes\n"
    "the same file; with --zoo it is the GUI's default view of that zoo (its companion NAME.hr when there is\n"
    "one, PCA, coloured by test accuracy, seen along -z). The options change what they name.\n"
    "\n"
    "Options:\n"
    "  --zoo FILE             a zoo file instead of a session\n"
    "  --hr FILE              the hyper-representation whose latents are projected (default: the zoo's\n"
    "                         companion NAME.hr, if any; otherwise the flat weights)\n"
    "  --projection M         pca, tsne or axes\n"
    "  --color-by PROPERTY    a point property: test_accuracy, validation_accuracy, train_accuracy, epoch,\n"
    "                         activation, optimizer, init, learning_rate, weight_decay, dropout, seed, ...\n"
    "  --size-by PROPERTY     a continuous property sizes the points; `none` for one size\n"
    "  --view 3d|2d           through the camera (default), or the first two components with labelled axes\n"
    "  --camera VIEW          iso, +x, -x, +y, -y, +z or -z: a preset instead of the session's camera\n"
    "  --out FILE             the figure; its suffix (.svg, .pdf, .png) is the format\n"
    "  --width-mm W           width in millimetres, 1..2000 (default 89, one column; 183 is two columns)\n"
    "  --height-mm H          height in millimetres, 0..2000 (default 0: 0.75 x the width)\n"
    "  --width-px W           width in pixels instead, 16..20000 (with --height-px H, 0..20000)\n"
    "  --height-px H\n"
    "  --dpi D                PNG resolution, and the vector files', 72..600 (default 300)\n"
    "  --font-family NAME     default DejaVu Sans\n"
    "  --font-size PT         2..72, default 8\n"
    "  --title TEXT           a title above the plot\n"
    "  --transparent          a transparent background (PNG, SVG)\n"
    "  --density MODE         the density of the points on screen: contours (around the densest regions\n"
    "                         holding 25, 50, 75 and 90% of them), shading, both, or off (default: the\n"
    "                         session's; off with --zoo)\n"
    "  --density-width F      the kernel's width as a factor of Scott's rule (0.1..10, default 1)\n"
    "  --no-color-bar, --no-axes, --no-selection, --no-generated, --no-trajectories\n"
    "                         leave that part out\n"
    "  --save-session FILE    also save the view and these figure options as a session (.zooscope), which\n"
    "                         makes the same figure again here and opens in the GUI (`zooscope FILE`)\n"
    "\n"
    "Exit codes: 0 written, 2 bad arguments or input (missing or changed files, a corrupt or newer session,\n"
    "an unknown property), 1 the figure could not be written.";

const std::map<std::string, ScatterCamera::Preset>& cameraPresets()
{
    static const std::map<std::string, ScatterCamera::Preset> presets{
        {"iso", ScatterCamera::Preset::Isometric}, {"+x", ScatterCamera::Preset::PlusX},
        {"-x", ScatterCamera::Preset::MinusX},     {"+y", ScatterCamera::Preset::PlusY},
        {"-y", ScatterCamera::Preset::MinusY},     {"+z", ScatterCamera::Preset::PlusZ},
        {"-z", ScatterCamera::Preset::MinusZ}};
    return presets;
}

// Runs the event loop until the session's jobs are done (they always end: finished, failed or cancelled).
void waitUntilIdle(ExplorerSession& session)
{
    QEventLoop loop;
    QObject::connect(&session, &ExplorerSession::jobsIdle, &loop, &QEventLoop::quit);
    QTimer poll; // jobsIdle is emitted once; polling covers a job that ended before the loop ran
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (!session.isBusy())
            loop.quit();
    });
    poll.start(50);
    if (session.isBusy())
        loop.exec();
}

std::string propertyArgument(const Arguments& args, const std::string& key)
{
    const std::string id = args.value(key);
    if (!PointProperty::ids().contains(QString::fromStdString(id))) {
        std::string known;
        for (const QString& k : PointProperty::ids())
            known += (known.empty() ? "" : ", ") + k.toStdString();
        throw UsageError("unknown property '" + id + "' for --" + key + " (one of: " + known + ")");
    }
    if (PointProperty::isDerived(QString::fromStdString(id)))
        throw UsageError(id + " comes from a model selection, not from the zoo: colour by it in the app (Analysis > Colour by "
                                "Prediction) and give the saved session");
    return id;
}

FigureOptions figureOptions(const Arguments& args, FigureOptions o)
{
    const QString out = QString::fromStdString(args.required("out"));
    const auto format = FigureOptions::formatOf(out);
    if (!format)
        throw UsageError("--out must end in .svg, .pdf or .png: " + out.toStdString());
    o.format = *format;
    if (args.has("width-px") || args.has("height-px")) {
        if (args.has("width-mm") || args.has("height-mm"))
            throw UsageError("give the size in millimetres or in pixels, not both");
        o.sizeUnit = FigureOptions::SizeUnit::Pixels;
        o.width = args.number("width-px", 0, 16, 20000);
        o.height = args.number("height-px", 0, 0, 20000);
    } else if (args.has("width-mm") || args.has("height-mm")) {
        o.sizeUnit = FigureOptions::SizeUnit::Millimetres;
        o.width = args.number("width-mm", FigureOptions::kOneColumnMm, 1, 2000);
        o.height = args.number("height-mm", 0, 0, 2000);
    }
    if (args.has("dpi"))
        o.dpi = int(args.integer("dpi", o.dpi, FigureOptions::kMinDpi, FigureOptions::kMaxDpi));
    if (args.has("font-family"))
        o.fontFamily = QString::fromStdString(args.value("font-family"));
    if (args.has("font-size"))
        o.fontSize = args.number("font-size", o.fontSize, 2, 72);
    if (args.has("title"))
        o.title = QString::fromStdString(args.value("title"));
    if (args.has("transparent"))
        o.transparent = true;
    if (args.has("view")) {
        const std::string v = args.value("view");
        if (v != "3d" && v != "2d")
            throw UsageError("--view must be 3d or 2d, not '" + v + "'");
        o.view = v == "3d" ? FigureOptions::View::ThreeD : FigureOptions::View::TwoD;
    }
    o.colorBar = o.colorBar && !args.has("no-color-bar");
    o.axes = o.axes && !args.has("no-axes");
    o.selection = o.selection && !args.has("no-selection");
    o.generated = o.generated && !args.has("no-generated");
    o.trajectories = o.trajectories && !args.has("no-trajectories");
    const QString problem = o.validate();
    if (!problem.isEmpty())
        throw UsageError(problem.toStdString());
    return o;
}

int runFigure(const Arguments& args, std::ostream& out, std::ostream&)
{
    args.allowOnly({"zoo", "hr", "projection", "color-by", "size-by", "view", "camera", "out", "width-mm",
                    "height-mm", "width-px", "height-px", "dpi", "font-family", "font-size", "title",
                    "transparent", "no-color-bar", "no-axes", "no-selection", "no-generated", "no-trajectories",
                    "save-session", "density", "density-width"});
    // Every argument is checked before anything is read.
    if (args.positionals().size() > 1)
        throw UsageError("at most one session file");
    const bool fromSession = args.positionals().size() == 1;
    if (fromSession == args.has("zoo"))
        throw UsageError("give a session file or --zoo, one of them");
    if (fromSession && args.has("hr"))
        throw UsageError("--hr goes with --zoo; a session names its own hyper-representation");
    const QString input = QString::fromStdString(fromSession ? args.positionals()[0] : args.value("zoo"));
    if (!QFileInfo(input).isFile())
        throw UsageError((fromSession ? "no such session file: " : "no such zoo file: ") + input.toStdString());
    if (args.has("hr") && !QFileInfo(QString::fromStdString(args.value("hr"))).isFile())
        throw UsageError("no such hyper-representation file: " + args.value("hr"));
    std::optional<ProjectionMethod> method;
    if (args.has("projection")) {
        ProjectionMethod m{};
        if (ProjectionComputation::methodFromId(QString::fromStdString(args.value("projection")), m))
            method = m;
        else
            throw UsageError("--projection must be pca, tsne or axes, not '" + args.value("projection") + "'");
    }
    const std::string colorBy = args.has("color-by") ? propertyArgument(args, "color-by") : std::string();
    std::string sizeBy;
    if (args.has("size-by") && args.value("size-by") != "none") {
        sizeBy = propertyArgument(args, "size-by");
        if (PointProperty::isCategorical(QString::fromStdString(sizeBy)))
            throw UsageError("--size-by needs a continuous property; " + sizeBy + " has categories");
    }
    std::optional<ScatterCamera::Preset> preset;
    if (args.has("camera")) {
        const auto it = cameraPresets().find(args.value("camera"));
        if (it == cameraPresets().end())
            throw UsageError("--camera must be iso, +x, -x, +y, -y, +z or -z, not '" + args.value("camera") + "'");
        preset = it->second;
    }
    std::optional<std::string> densityMode;
    if (args.has("density")) {
        densityMode = args.value("density");
        if (*densityMode != "off" && !DensitySettings::modeFromId(QString::fromStdString(*densityMode)))
            throw UsageError("--density must be contours, shading, both or off, not '" + *densityMode + "'");
    }
    std::optional<double> densityWidth;
    if (args.has("density-width")) {
        // a factor of Scott's rule
        densityWidth = args.number("density-width", 1.0, DensitySettings::kMinBandwidth, DensitySettings::kMaxBandwidth);
    }
    figureOptions(args, FigureOptions{}); // checks the options before the long part
    if (args.has("save-session") && !QString::fromStdString(args.value("save-session")).endsWith(QLatin1String(".zooscope")))
        throw UsageError("--save-session must name a .zooscope file");
    PathChecks::outputFile(args.value("out"), "out");
    if (args.has("save-session"))
        PathChecks::outputFile(args.value("save-session"), "save-session");

    // Headless by design: the offscreen platform paints the same file with or without a display.
    qputenv("QT_QPA_PLATFORM", "offscreen");
    // Qt warns when there is no XDG runtime folder (as on build machines); the figure needs none.
    static const QtMessageHandler previous = qInstallMessageHandler(
        [](QtMsgType type, const QMessageLogContext& context, const QString& message) {
            if (!message.contains(QLatin1String("XDG_RUNTIME_DIR")))
                previous(type, context, message);
        });
    static int argc = 1;
    static char name[] = "zooscope-cli";
    static char* argv[] = {name, nullptr};
    auto app = QGuiApplication::instance() ? nullptr : std::make_unique<QGuiApplication>(argc, argv);

    ExplorerSession session;
    QString failure;
    QObject::connect(&session, &ExplorerSession::errorOccurred, [&failure](const QString& title, const QString& text) {
        if (failure.isEmpty())
            failure = title + QStringLiteral(": ") + text;
    });
    if (fromSession) {
        QString opened;
        QStringList warnings;
        bool done = false;
        QObject::connect(&session, &ExplorerSession::sessionOpened,
                         [&](const QString&, const QString& error, const QStringList& w) {
                             opened = error;
                             warnings = w;
                             done = true;
                         });
        session.openSession(input);
        while (!done)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        if (!opened.isEmpty())
            throw UsageError(opened.toStdString());
        // A changed zoo or hyper-representation would give a figure of other data: refused.
        if (!warnings.isEmpty())
            throw UsageError(warnings.join(QStringLiteral("; ")).toStdString());
    } else {
        session.openZoo(input);
        waitUntilIdle(session);
        if (!session.zoo())
            throw UsageError(failure.isEmpty() ? "could not open " + input.toStdString() : failure.toStdString());
        if (args.has("hr")) {
            failure.clear();
            session.loadHyperRepresentation(QString::fromStdString(args.value("hr")));
            waitUntilIdle(session);
            if (!failure.isEmpty())
                throw UsageError(failure.toStdString());
        }
    }
    if (method) {
        ProjectionRequest request = session.projectionSettings();
        request.method = *method;
        session.requestProjection(request);
        waitUntilIdle(session);
    }
    if (!colorBy.empty())
        session.setColorBy(QString::fromStdString(colorBy));
    if (args.has("size-by"))
        session.setSizeBy(QString::fromStdString(sizeBy));

    if (densityMode || densityWidth) {
        DensitySettings density = session.viewState().density;
        if (densityMode) {
            density.on = *densityMode != "off";
            if (density.on)
                density.mode = *DensitySettings::modeFromId(QString::fromStdString(*densityMode));
        }
        if (densityWidth)
            density.bandwidth = *densityWidth;
        session.setDensity(density);
    }

    const FigureOptions options = figureOptions(args, fromSession ? session.figureOptions() : FigureOptions{});
    std::optional<CameraPose> camera;
    if (preset)
        camera = LatentFigure::presetPose(LatentFigure::contentOf(session, options), options, *preset);
    const QString file = QString::fromStdString(args.value("out"));
    const ScatterFigure::Stats stats = LatentFigure::write(session, options, file, camera);
    if (args.has("save-session")) {
        // The camera the figure was seen through and its options: the session makes this figure again.
        session.setCameraPose(camera ? *camera : LatentFigure::contentOf(session, options).camera);
        session.setFigureOptions(options);
        failure.clear();
        if (!session.saveSession(QString::fromStdString(args.value("save-session"))))
            throw std::runtime_error(failure.toStdString());
        out << "saved the session " << args.value("save-session") << "\n";
    }
    out << "wrote " << file.toStdString() << ": " << stats.pointsDrawn << " points";
    if (stats.pointsHidden)
        out << " (" << stats.pointsHidden << " more hidden behind nearer points, left out)";
    if (stats.generatedDrawn)
        out << ", " << stats.generatedDrawn << " generated models";
    if (stats.trajectoriesDrawn)
        out << ", " << stats.trajectoriesDrawn << " trajectories";
    if (stats.densityLines)
        out << ", " << stats.densityLines << " density contours";
    if (stats.densityShaded)
        out << ", density shading";
    out << "\n";
    return 0;
}

} // namespace

void addFigureCommand(CommandLine& cli)
{
    cli.add({"figure", "write the latent view as a vector figure (SVG, PDF) or PNG, without a display", kUsage,
             runFigure,
             {"transparent", "no-color-bar", "no-axes", "no-selection", "no-generated", "no-trajectories"}});
}

} // namespace zooscope::cli
