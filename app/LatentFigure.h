// The latent view of a session as a figure: the one builder behind File > Export Figure and
// `zooscope-cli figure`, so that both write the same file for the same session. It fills the figure's
// plain data (ScatterPointData, ScatterColouring) with the same calls the 3D view's scene makes, from the
// session's state: the projection on show, the point style, the selection, the view state (camera,
// trajectories, isolation) and the generated models.
#pragma once

#include "widgets/CameraPose.h"
#include "widgets/FigureOptions.h"
#include "widgets/ScatterCamera.h"
#include "widgets/ScatterFigure.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace zooscope {

class ExplorerSession;
struct ProjectionResult;

class LatentFigure {
    Q_DECLARE_TR_FUNCTIONS(zooscope::LatentFigure)
public:
    // How the points are coloured: continuous values, or category codes with their names (the view's rule).
    struct Colours {
        bool categorical = false;
        std::vector<double> values;  // continuous
        std::vector<int> codes;      // categorical: 0..names-1, -1 unknown
        std::vector<std::string> names;
        QString title;
    };
    // The colouring of the session's points by its colour-by property. Throws std::runtime_error when the
    // property cannot be computed.
    static Colours colours(ExplorerSession& session);
    // The generated models' colour values: their test accuracy at the last fine-tuning epoch when the zoo is
    // coloured by an accuracy (the same scale); none (one neutral colour) otherwise.
    static std::vector<double> generatedValues(const ExplorerSession& session);
    // The axis titles of a projection: "PC 1 (38.0%)", "t-SNE 1", "Axis 4".
    static QStringList axisTitles(const ProjectionResult& projection);

    // The figure's content: what the session shows, seen through `camera` (the session's view camera when
    // none is given; the reset pose fitted to the figure when the session has none either). Throws
    // std::runtime_error with a message for the user when no zoo is on show.
    static ScatterFigureContent contentOf(ExplorerSession& session, const FigureOptions& options,
                                          std::optional<CameraPose> camera = std::nullopt);
    // The pose of a camera preset fitted to the content's points on show, for the figure's plot area.
    static CameraPose presetPose(const ScatterFigureContent& content, const FigureOptions& options,
                                 ScatterCamera::Preset preset);

    // Writes the figure of the session; returns what was drawn. Throws std::runtime_error with a message
    // for the user.
    static ScatterFigure::Stats write(ExplorerSession& session, const FigureOptions& options, const QString& file,
                                      std::optional<CameraPose> camera = std::nullopt);
};

} // namespace zooscope
