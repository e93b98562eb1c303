// "Sample from selection" off the GUI thread: ModelSampler's run and the random-init baseline next to
// it, the generated models encoded for the 3D view, and what the Sampling panel shows of them.
#pragma once

#include "core/Progress.h"
#include "sampling/ModelSampler.h"

#include <QCoreApplication>
#include <QString>

#include <functional>
#include <memory>
#include <vector>

namespace zooscope {

class HyperRepresentation;
struct SamplingChartData;
struct OpenedZoo;

// What the window asks for: the sampling itself and whether the random-init baseline runs next to it,
// with how many models (same fine-tuning epochs).
struct SamplingRequest {
    SamplingOptions options;
    bool compareWithRandomInit = true;
    int64_t randomInitCount = 10;
};

// What a finished sampling run hands to the window.
struct SamplingOutcome {
    SamplingResult generated;
    bool hasRandomInit = false;
    SamplingResult randomInit;
    std::vector<double> anchorAccuracy; // [anchors]: test accuracy in % of the anchors as they are in the zoo
    // The generated models at the last fine-tuning epoch in the space the view projects: latents (encoded
    // with the hyper-representation) or, without one, flat weights. [models, columns].
    std::vector<float> representation;
    int64_t columns = 0;
    bool latent = false;
    double seconds = 0;
    std::shared_ptr<const Dataset> dataset; // loaded once, handed to the next run
    // The training population's novelty references (tested on dataset's test split), handed to the next run.
    std::shared_ptr<const NoveltyReferenceCache> novelty;
    // True for the preview a run posts after the epoch-0 test: accuracy at epoch 0 only, no novelty, not
    // fine-tuned yet, cannot be exported.
    bool preliminary = false;
};

class SamplingComputation {
    Q_DECLARE_TR_FUNCTIONS(zooscope::SamplingComputation)
public:
    // Runs on a worker thread. `hyperRepresentation` may be null for the baselines; `dataset` and `novelty`
    // are what a previous run on this zoo kept (or null). `preview`, when given, hears the generated models
    // as soon as their epoch-0 test is done (a preliminary outcome, on the worker thread). Throws
    // OperationCancelled when cancelled, std::exception when it fails.
    using Preview = std::function<void(std::shared_ptr<const SamplingOutcome>)>;
    static SamplingOutcome compute(const OpenedZoo& zoo, const HyperRepresentation* hyperRepresentation,
                                   const SamplingRequest& request, std::shared_ptr<const Dataset> dataset,
                                   const Progress& progress, std::shared_ptr<const NoveltyReferenceCache> novelty = {},
                                   const Preview& preview = {});
    // The anchors of selected view rows (model id and checkpoint epoch of each point).
    static std::vector<AnchorId> anchorsOfRows(const OpenedZoo& zoo, const std::vector<int>& rows);
    // The request for the panel's settings: anchors from the selection's rows (none: the panel's own rule)
    // and the novelty reference epochs that go with them.
    static void setAnchors(SamplingRequest& request, const OpenedZoo& zoo, const std::vector<int>* selectedRows);
    // The results chart's input: accuracies in %, novelty as max IoU.
    static SamplingChartData chartData(const SamplingOutcome& outcome);
    // One paragraph for the panel: how many models, how, how long, their mean accuracy against the anchors'.
    static QString summary(const SamplingOutcome& outcome);
    // The hover card of generated model `index`; empty when there is none.
    static QString card(const SamplingOutcome& outcome, int index);
    // Writes the generated models as a zoo file; throws std::exception with a message for the user.
    static void exportZoo(const SamplingOutcome& outcome, const QString& file);
    // The generated models of a zoo file exportZoo wrote (a session's generated set): accuracy and loss per
    // fine-tuning epoch, method and anchors from the models' sources, the anchors' accuracy from `zoo`;
    // novelty is not stored in the file, so there is none. Encoded with `hyperRepresentation` (flat weights
    // without one) to be placed in the view. Throws std::exception with a message for the user.
    static SamplingOutcome readGenerated(const OpenedZoo& zoo, const HyperRepresentation* hyperRepresentation,
                                         const QString& file, const Progress& progress = {});

private:
    // Sets the outcome's representation: its models at the last fine-tuning epoch, encoded or flat.
    static void represent(SamplingOutcome& outcome, const HyperRepresentation* hyperRepresentation, const Progress& progress);
};

} // namespace zooscope
