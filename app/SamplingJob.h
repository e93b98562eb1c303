#pragma once

#include "app/ProjectionJob.h"
#include "sampling/ModelSampler.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

class QThread;

namespace zooscope {

class HyperRepresentation;
struct SamplingChartData;
struct OpenedZoo;

// What the window asks for: the generation itself (its progress and cancel are the job's) and whether
// the random-init baseline runs next to it, with how many models (same fine-tuning epochs).
struct SamplingRequest {
    SamplingOptions options;
    bool compareWithRandomInit = true;
    int64_t randomInitCount = 10;
    // The projection on show when the run started: the worker places the generated models in it, so
    // that the GUI thread need not refit a PCA of flat weights.
    ProjectionResult projection;
};

// What a finished generation hands to the window.
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
    std::vector<float> placedXyz;  // [models, 3] in the projection below; empty when it did not fit
    ProjectionRequest placedFor;
    bool completed = false;
    bool cancelled = false;
    QString error;
    double seconds = 0;
};

// Runs ModelSampler::generate (and the random-init baseline) in its own thread, with the zoo's dataset
// loaded there once and kept for later runs. Progress arrives as queued signals (at most ~10 per
// second); cancel stops it between steps; errors land in the outcome, never take the app down.
class SamplingJob : public QObject {
    Q_OBJECT
public:
    explicit SamplingJob(QObject* parent = nullptr);
    ~SamplingJob() override; // cancels and waits

    // False (and nothing starts) while a generation runs. `hyperRepresentation` may be null for the baselines.
    bool start(std::shared_ptr<const OpenedZoo> zoo, std::shared_ptr<const HyperRepresentation> hyperRepresentation,
               SamplingRequest request);
    bool isRunning() const { return m_active; }
    const SamplingOutcome& outcome() const { return m_outcome; }

    // The anchors of selected view rows (model id and checkpoint epoch of each point).
    static std::vector<AnchorId> anchorsOfRows(const OpenedZoo& zoo, const std::vector<int>& rows);
    // Where generated models go in the view's projection. PCA: the same linear map, fitted again on the
    // projected data and aligned to the shown coordinates; raw axes: the same columns; t-SNE (which has
    // no map for new points): the distance-weighted mean of the 5 nearest zoo points in the projected
    // space, as t-SNE places the points it did not fit. Empty when the sizes do not match.
    static std::vector<float> placeInProjection(const ProjectionResult& projection, const std::vector<float>& representation,
                                                int64_t columns);
    // The results chart's input: accuracies in %, novelty as max IoU.
    static SamplingChartData chartData(const SamplingOutcome& outcome);
    // Writes the generated models as a zoo file; false with `error` set when it cannot be written.
    static bool exportZoo(const SamplingOutcome& outcome, const QString& file, QString* error);

public slots:
    void cancel();
    // Blocks until the worker has ended (for shutdown and tests).
    void wait();

signals:
    void progress(const QString& stage, double fraction, double secondsLeft);
    // The worker has ended; outcome() says how.
    void finished();

private:
    QThread* m_thread = nullptr;
    std::atomic<bool> m_cancel{false};
    bool m_active = false; // from start() until finished() is emitted (GUI thread only)
    SamplingOutcome m_outcome;
    // The dataset, loaded by the first run that needs it (only one worker at a time touches it).
    std::shared_ptr<const Dataset> m_dataset;
};

} // namespace zooscope
