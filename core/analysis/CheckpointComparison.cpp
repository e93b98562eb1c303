#include "analysis/CheckpointComparison.h"

#include "hyperrep/HyperRepresentation.h"
#include "training/BatchedEvaluator.h"

#include <cstdio>
#include <iomanip>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace zooscope {

namespace {

double distance(const float* x, const float* y, int64_t n)
{
    double s = 0;
    for (int64_t i = 0; i < n; ++i) {
        const double d = double(y[i]) - double(x[i]);
        s += d * d;
    }
    return std::sqrt(s);
}

double norm(const float* x, int64_t n)
{
    double s = 0;
    for (int64_t i = 0; i < n; ++i)
        s += double(x[i]) * double(x[i]);
    return std::sqrt(s);
}

std::string listOf(const std::vector<int64_t>& values)
{
    std::string s;
    for (size_t i = 0; i < values.size(); ++i)
        s += (i ? ", " : "") + std::to_string(values[i]);
    return s;
}

CheckpointComparison::RecordedMetrics recordedMetrics(const ModelZoo& zoo, const CheckpointReference& ref)
{
    const int64_t row = zoo.rowOf(ref.modelId);
    CheckpointComparison::RecordedMetrics m;
    m.testAccuracy = zoo.metricAt(zoo.testAccuracy, row, ref.epoch);
    m.trainAccuracy = zoo.metricAt(zoo.trainAccuracy, row, ref.epoch);
    m.gap = m.trainAccuracy - m.testAccuracy;
    return m;
}

// The checkpoints with weights of one model: their epochs and flat vectors (pointers into the zoo).
struct ModelPath {
    int64_t modelId = 0;
    std::vector<int64_t> epochs;
    std::vector<const float*> weights;
    std::vector<const float*> latents; // into the comparison's encoded batch; empty without latents
};

ModelPath modelPath(const ModelZoo& zoo, int64_t modelId)
{
    ModelPath p;
    p.modelId = modelId;
    const int64_t row = zoo.rowOf(modelId);
    for (int64_t c = 0; c < zoo.checkpointCount(); ++c)
        if (zoo.hasWeights(row, c)) {
            p.epochs.push_back(zoo.checkpointEpochs[size_t(c)]);
            p.weights.push_back(zoo.weightsAt(row, c));
        }
    return p;
}

double pathLength(const std::vector<const float*>& points, int64_t n)
{
    double length = 0;
    for (size_t i = 1; i < points.size(); ++i)
        length += distance(points[i - 1], points[i], n);
    return length;
}

// Index of the point of `points` nearest to `x` and its distance (first of equals: the earliest epoch).
std::pair<size_t, double> nearest(const float* x, const std::vector<const float*>& points, int64_t n)
{
    std::pair<size_t, double> best{0, std::numeric_limits<double>::infinity()};
    for (size_t i = 0; i < points.size(); ++i) {
        const double d = distance(x, points[i], n);
        if (d < best.second)
            best = {i, d};
    }
    return best;
}

size_t indexOfEpoch(const ModelPath& p, int64_t epoch)
{
    for (size_t i = 0; i < p.epochs.size(); ++i)
        if (p.epochs[i] == epoch)
            return i;
    throw std::logic_error("validated checkpoint missing from its trajectory");
}

CheckpointComparison::NearestOnTrajectory place(const CheckpointReference& from, const float* weights, const float* latent,
                                                const ModelPath& on, int64_t parameters, int64_t latentDim)
{
    CheckpointComparison::NearestOnTrajectory n;
    n.from = from;
    n.trajectoryModelId = on.modelId;
    const auto [wi, wd] = nearest(weights, on.weights, parameters);
    n.weightEpoch = on.epochs[wi];
    n.weightDistance = wd;
    if (latent) {
        const auto [li, ld] = nearest(latent, on.latents, latentDim);
        n.latentEpoch = on.epochs[li];
        n.latentDistance = ld;
    }
    return n;
}

std::string number(double v, int precision = 4)
{
    if (std::isnan(v))
        return "-";
    std::ostringstream o;
    o << std::fixed << std::setprecision(precision) << v;
    return o.str();
}

std::string percent(double fraction)
{
    return std::isnan(fraction) ? "-" : number(100.0 * fraction, 2) + "%";
}

std::string signedPoints(double fractionChange)
{
    if (std::isnan(fractionChange))
        return "-";
    std::string s = fractionChange >= 0 ? "+" : "";
    return s.append(number(100.0 * fractionChange, 2)).append(" points");
}

Json metricsJson(const CheckpointComparison::RecordedMetrics& m)
{
    Json j = Json::object();
    j["test_accuracy"] = m.testAccuracy;
    j["train_accuracy"] = m.trainAccuracy;
    j["generalization_gap"] = m.gap;
    return j;
}

Json trajectoryJson(const CheckpointComparison::Trajectory& t)
{
    Json j = Json::object();
    j["model"] = t.modelId;
    j["epochs"] = Json::arrayOf(t.epochs);
    j["weight_path_length"] = t.weightLength;
    j["latent_path_length"] = t.latentLength;
    return j;
}

Json nearestJson(const CheckpointComparison::NearestOnTrajectory& n)
{
    Json j = Json::object();
    j["checkpoint"] = n.from.toString();
    j["trajectory_model"] = n.trajectoryModelId;
    j["weight_epoch"] = n.weightEpoch;
    j["weight_distance"] = n.weightDistance;
    j["latent_epoch"] = n.latentEpoch >= 0 ? Json(n.latentEpoch) : Json();
    j["latent_distance"] = n.latentDistance;
    return j;
}

} // namespace

void CheckpointComparison::validate(const ModelZoo& zoo, const CheckpointReference& ref)
{
    if (!ref.hasEpoch())
        throw std::invalid_argument("checkpoint " + ref.toString() + " has no epoch (use ID@EPOCH)");
    const int64_t row = zoo.rowOf(ref.modelId);
    if (row < 0)
        throw std::invalid_argument("model id " + std::to_string(ref.modelId) + " is not in the zoo");
    const int64_t c = zoo.checkpointIndex(ref.epoch);
    if (c < 0)
        throw std::invalid_argument("epoch " + std::to_string(ref.epoch) + " of " + ref.toString() +
                                    " is not a checkpoint epoch of the zoo (checkpoints: " + listOf(zoo.checkpointEpochs) + ")");
    if (!zoo.hasWeights(row, c))
        throw std::invalid_argument("checkpoint " + ref.toString() + " has no weights in the zoo");
}

CheckpointComparison CheckpointComparison::compute(const ModelZoo& zoo, const CheckpointReference& a,
                                                   const CheckpointReference& b, const HyperRepresentation* h,
                                                   const DatasetSplit* test, int threads, const Progress& progress)
{
    validate(zoo, a);
    validate(zoo, b);
    if (h)
        h->requireArchitecture(zoo.architecture);
    const int64_t P = zoo.parameterCount();
    const float* wa = zoo.weightsAt(zoo.rowOf(a.modelId), zoo.checkpointIndex(a.epoch));
    const float* wb = zoo.weightsAt(zoo.rowOf(b.modelId), zoo.checkpointIndex(b.epoch));

    CheckpointComparison r;
    r.a = a;
    r.b = b;
    r.weightDistance = distance(wa, wb, P);
    for (const LayerLayout& l : zoo.architecture.layers) {
        LayerChange c;
        c.name = l.name;
        c.normA = norm(wa + l.offset, l.length);
        c.change = distance(wa + l.offset, wb + l.offset, l.length);
        c.relative = c.normA > 0 ? c.change / c.normA : NAN;
        r.layers.push_back(c);
    }
    r.recordedA = recordedMetrics(zoo, a);
    r.recordedB = recordedMetrics(zoo, b);

    ModelPath pathA = modelPath(zoo, a.modelId);
    ModelPath pathB = a.modelId == b.modelId ? pathA : modelPath(zoo, b.modelId);
    const size_t ia = indexOfEpoch(pathA, a.epoch), ib = indexOfEpoch(pathB, b.epoch);

    // Both trajectories in one encoder pass; A and B are among their checkpoints. One model's is encoded
    // once: the same vector at another row of a batch may come out a few ulps apart.
    std::vector<float> latents;
    const int64_t L = h ? h->latentDim() : 0;
    if (h) {
        std::vector<ModelPath*> paths{&pathA};
        if (a.modelId != b.modelId)
            paths.push_back(&pathB);
        std::vector<float> batch;
        for (const ModelPath* p : paths)
            for (const float* w : p->weights)
                batch.insert(batch.end(), w, w + P);
        latents = h->encode(batch, progress.sub(0.0, 0.5, "encoding trajectories"));
        const float* next = latents.data();
        for (ModelPath* p : paths)
            for (size_t i = 0; i < p->weights.size(); ++i, next += L)
                p->latents.push_back(next);
        if (a.modelId == b.modelId)
            pathB.latents = pathA.latents;
        const float* la = pathA.latents[ia];
        const float* lb = pathB.latents[ib];
        r.hasLatents = true;
        r.latentDistance = distance(la, lb, L);
        const double na = norm(la, L), nb = norm(lb, L);
        double dot = 0;
        for (int64_t i = 0; i < L; ++i)
            dot += double(la[i]) * double(lb[i]);
        r.latentCosine = na > 0 && nb > 0 ? dot / (na * nb) : NAN;
    }

    for (auto [path, t] : {std::pair{&pathA, &r.trajectoryA}, std::pair{&pathB, &r.trajectoryB}}) {
        t->modelId = path->modelId;
        t->epochs = path->epochs;
        t->weightLength = pathLength(path->weights, P);
        if (h)
            t->latentLength = pathLength(path->latents, L);
    }
    r.aOnB = place(a, wa, h ? pathA.latents[ia] : nullptr, pathB, P, L);
    r.bOnA = place(b, wb, h ? pathB.latents[ib] : nullptr, pathA, P, L);

    if (test && test->count > 0) {
        std::vector<float> both(wa, wa + P);
        both.insert(both.end(), wb, wb + P);
        const std::vector<Activation> activations{zoo.hyperparameters[size_t(zoo.rowOf(a.modelId))].activation,
                                                  zoo.hyperparameters[size_t(zoo.rowOf(b.modelId))].activation};
        const EvaluationResult e = BatchedEvaluator(zoo.architecture, threads)
                                       .evaluateWithPredictions(both.data(), 2, activations, *test,
                                                                progress.sub(h ? 0.5 : 0.0, 1.0, "predicting the test set"));
        Predictions& p = r.predictions;
        p.measured = true;
        p.images = test->count;
        for (int64_t i = 0; i < test->count; ++i) {
            const bool rightA = e.correct[size_t(i)] != 0, rightB = e.correct[size_t(test->count + i)] != 0;
            p.disagreeing += e.predicted[size_t(i)] != e.predicted[size_t(test->count + i)];
            p.errorsA += !rightA;
            p.errorsB += !rightB;
            p.fixedByB += !rightA && rightB;
            p.newErrorsOfB += rightA && !rightB;
        }
        p.disagreement = double(p.disagreeing) / double(p.images);
        p.accuracyA = e.accuracy[0];
        p.accuracyB = e.accuracy[1];
    }
    return r;
}

Json CheckpointComparison::toJson() const
{
    Json j = Json::object();
    j["a"] = a.toString();
    j["b"] = b.toString();
    j["weight_distance"] = weightDistance;
    Json layerJson = Json::array();
    for (const LayerChange& l : layers) {
        Json e = Json::object();
        e["layer"] = l.name;
        e["norm_a"] = l.normA;
        e["change"] = l.change;
        e["relative_change"] = l.relative;
        layerJson.push(e);
    }
    j["layers"] = layerJson;
    j["latent_distance"] = latentDistance;
    j["latent_cosine"] = latentCosine;
    Json metrics = Json::object();
    metrics["a"] = metricsJson(recordedA);
    metrics["b"] = metricsJson(recordedB);
    metrics["test_accuracy_change"] = recordedB.testAccuracy - recordedA.testAccuracy;
    j["recorded"] = metrics;
    if (predictions.measured) {
        Json p = Json::object();
        p["images"] = predictions.images;
        p["disagreeing"] = predictions.disagreeing;
        p["disagreement"] = predictions.disagreement;
        p["errors_a"] = predictions.errorsA;
        p["errors_b"] = predictions.errorsB;
        p["fixed_by_b"] = predictions.fixedByB;
        p["new_errors_of_b"] = predictions.newErrorsOfB;
        p["accuracy_a"] = predictions.accuracyA;
        p["accuracy_b"] = predictions.accuracyB;
        j["predictions"] = p;
    } else {
        j["predictions"] = Json();
    }
    Json trajectories = Json::object();
    trajectories["a"] = trajectoryJson(trajectoryA);
    trajectories["b"] = trajectoryJson(trajectoryB);
    j["trajectories"] = trajectories;
    Json placed = Json::object();
    placed["a_on_b"] = nearestJson(aOnB);
    placed["b_on_a"] = nearestJson(bOnA);
    j["nearest"] = placed;
    return j;
}

std::string CheckpointComparison::toText() const
{
    std::ostringstream o;
    const auto row = [&o](const char* label) -> std::ostream& {
        char padded[40];
        std::snprintf(padded, sizeof padded, "  %-25s", label);
        return o << padded;
    };
    o << "A = " << a.toString() << ", B = " << b.toString() << "\n";
    row("weight distance") << number(weightDistance) << "\n";
    if (hasLatents)
        row("latent distance") << number(latentDistance) << " (cosine " << number(latentCosine) << ")\n";
    row("test accuracy") << percent(recordedA.testAccuracy) << " -> " << percent(recordedB.testAccuracy) << " ("
                         << signedPoints(recordedB.testAccuracy - recordedA.testAccuracy) << ", recorded)\n";
    if (!std::isnan(recordedA.trainAccuracy) || !std::isnan(recordedB.trainAccuracy)) {
        row("train accuracy") << percent(recordedA.trainAccuracy) << " -> " << percent(recordedB.trainAccuracy) << "\n";
        row("gap (train - test)") << signedPoints(recordedA.gap) << " -> " << signedPoints(recordedB.gap) << "\n";
    }
    if (predictions.measured) {
        const Predictions& p = predictions;
        row("prediction disagreement") << percent(p.disagreement) << " (" << p.disagreeing << " of " << p.images
                                       << " test images)\n";
        row("errors") << "A " << p.errorsA << ", B " << p.errorsB << ": B fixes " << p.fixedByB << " of A's, makes "
                      << p.newErrorsOfB << " new (measured accuracy " << percent(p.accuracyA) << " -> "
                      << percent(p.accuracyB) << ")\n";
    }
    row("per layer") << "|A|        |B - A|    relative\n";
    for (const LayerChange& l : layers) {
        char line[128];
        std::snprintf(line, sizeof line, "    %-21s  %-9s  %-9s  %s\n", l.name.c_str(), number(l.normA).c_str(),
                      number(l.change).c_str(), percent(l.relative).c_str());
        o << line;
    }
    o << "trajectories (checkpoints with weights)\n";
    const bool oneModel = trajectoryA.modelId == trajectoryB.modelId;
    for (const Trajectory* t : {&trajectoryA, &trajectoryB}) {
        if (t == &trajectoryB && oneModel)
            break;
        o << "  model " << t->modelId << " (epochs " << listOf(t->epochs) << "): path length " << number(t->weightLength)
          << " in weights";
        if (hasLatents)
            o << ", " << number(t->latentLength) << " in latents";
        o << "\n";
    }
    if (oneModel) {
        o << "  A and B are checkpoints of one model: each is its own nearest checkpoint\n";
        return o.str();
    }
    for (const NearestOnTrajectory* n : {&aOnB, &bOnA}) {
        o << "  " << n->from.toString() << " is nearest to epoch " << n->weightEpoch << " of model " << n->trajectoryModelId
          << " by weights (" << number(n->weightDistance) << ")";
        if (n->latentEpoch >= 0)
            o << ", epoch " << n->latentEpoch << " by latents (" << number(n->latentDistance) << ")";
        o << "\n";
    }
    return o.str();
}

} // namespace zooscope
