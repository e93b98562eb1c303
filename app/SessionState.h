// Everything a session file (.zooscope) restores, in stable terms: files by absolute path, points as
// (model id, epoch) pairs, never row numbers, so that a session survives another ordering of the zoo.
// ExplorerSession captures it and restores it; SessionFile writes and reads it.
#pragma once

#include "app/HistogramState.h"
#include "app/PointStyle.h"
#include "analysis/ModelSelection.h"
#include "app/ProjectionComputation.h"
#include "widgets/CameraPose.h"
#include "widgets/DensitySettings.h"
#include "widgets/FigureOptions.h"
#include "widgets/ScatterPointData.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace zooscope {

// One point of the view: a model of the zoo at one checkpoint epoch.
struct ModelCheckpoint {
    int64_t modelId = 0;
    int64_t epoch = 0;
    bool operator==(const ModelCheckpoint& o) const { return modelId == o.modelId && epoch == o.epoch; }
    bool operator<(const ModelCheckpoint& o) const
    {
        return modelId != o.modelId ? modelId < o.modelId : epoch < o.epoch;
    }
};

// The model selection a session ran: the early epoch it predicted from and the predictor whose prediction
// the view is coloured by (PointProperty::kPredictedFinalAccuracy). Opening the session runs it again.
struct SessionPrediction {
    int64_t epoch = 0;
    SelectionPredictor predictor = SelectionPredictor::CurrentAccuracy;
};

struct SessionState {
    QString zooPath;                 // absolute
    QString hyperRepresentationPath; // absolute; empty: the zoo's flat weights are projected
    ProjectionRequest projection;    // method, parameters and seed (no data)
    PointStyle style;
    std::optional<CameraPose> camera; // none: the view's reset pose
    ScatterPointData::TrajectoryMode trajectories = ScatterPointData::TrajectoryMode::Selected;
    std::vector<ModelCheckpoint> isolated; // empty: every point shown
    DensitySettings density;               // the density of the points on screen
    std::vector<ModelCheckpoint> selection;
    std::vector<std::pair<QString, std::vector<ModelCheckpoint>>> namedSelections; // by name
    QStringList generatedSets; // absolute paths of zoo files of generated models
    QByteArray panelLayout;    // QMainWindow::saveState; empty without a window
    FigureOptions figure;      // the last figure's options
    std::optional<SessionPrediction> prediction; // none: no model selection ran
    std::optional<std::vector<HistogramState>> histograms; // none: the file has none (an older session)

    // What SessionFile::read found recorded (hex SHA-256); SessionFile::write computes them anew.
    QString zooSha256;
    QString hyperRepresentationSha256;
    QStringList generatedSha256;
};

} // namespace zooscope
