#include "analysis/ModelDiagnostics.h"

#include "analysis/LatentNeighbourhood.h"
#include "analysis/LinearProbe.h"
#include "core/EvenSubset.h"
#include "hyperrep/DifferentiableForward.h"
#include "hyperrep/HyperRepresentation.h"
#include "hyperrep/HyperRepresentationTrainer.h"

#include <algorithm>
#include <initializer_list>
#include <iomanip>
#include <map>
#include <numeric>
#include <sstream>
#include <stdexcept>

namespace zooscope {

namespace {

// One checkpoint to diagnose, resolved against the zoo.
struct Target {
    int64_t row = 0;
    int64_t checkpoint = 0;
    bool finite = false; // weights present and all finite: everything else can be measured
};

std::string checkpointList(const ModelZoo& zoo)
{
    std::string s;
    for (size_t i = 0; i < zoo.checkpointEpochs.size(); ++i)
        s += (i ? "," : "") + std::to_string(zoo.checkpointEpochs[i]);
    return s;
}

std::vector<Target> resolveTargets(const ModelZoo& zoo, const std::vector<CheckpointReference>& ids)
{
    if (ids.empty())
        throw std::invalid_argument("no models to diagnose: the id list is empty");
    if (zoo.checkpointEpochs.empty())
        throw std::invalid_argument("the zoo has no checkpoints");
    std::vector<Target> targets;
    for (const CheckpointReference& id : ids) {
        Target t;
        t.row = zoo.rowOf(id.modelId);
        if (t.row < 0)
            throw std::invalid_argument("model " + std::to_string(id.modelId) + " is not in the zoo");
        const int64_t epoch = id.epoch < 0 ? zoo.checkpointEpochs.back() : id.epoch;
        t.checkpoint = zoo.checkpointIndex(epoch);
        if (t.checkpoint < 0)
            throw std::invalid_argument("the zoo has no checkpoint at epoch " + std::to_string(epoch) + " (model " +
                                        id.toString() + "); its checkpoint epochs are " + checkpointList(zoo));
        if (std::none_of(targets.begin(), targets.end(),
                         [&](const Target& o) { return o.row == t.row && o.checkpoint == t.checkpoint; }))
            targets.push_back(t);
    }
    return targets;
}

// Missing, non-finite and largest weights of one checkpoint.
void measureDivergence(const ModelZoo& zoo, Target& t, ModelDiagnostics::Checkpoint& c, double bound)
{
    const int64_t P = zoo.parameterCount();
    c.hasWeights = zoo.hasWeights(t.row, t.checkpoint);
    const float* w = zoo.weightsAt(t.row, t.checkpoint);
    double largest = 0;
    for (int64_t i = 0; i < P; ++i) {
        if (!std::isfinite(w[i]))
            ++c.nonFiniteWeights;
        else
            largest = std::max(largest, double(std::fabs(w[i])));
    }
    c.maxAbsWeight = c.nonFiniteWeights == P ? std::nan("") : largest;
    t.finite = c.hasWeights && c.nonFiniteWeights == 0;
    c.diverged = !t.finite || (bound > 0 && largest > bound);
}

// The training population at one checkpoint: whom a checkpoint is compared with.
struct Reference {
    std::vector<int64_t> rows;                 // model rows, ascending
    int64_t indexOf(int64_t row) const
    {
        const auto it = std::lower_bound(rows.begin(), rows.end(), row);
        return it != rows.end() && *it == row ? int64_t(it - rows.begin()) : -1;
    }
};

Reference referenceAt(const ModelZoo& zoo, int64_t checkpoint, const ModelDiagnosticsOptions& options)
{
    Reference r;
    r.rows = ModelDiagnostics::referenceRows(zoo, checkpoint, options);
    return r;
}

// Latent neighbourhoods of the targets at one checkpoint. Rows of the latent matrix: the reference first,
// then the targets that are not part of it; only reference rows are candidates.
void placeInLatentSpace(const ModelZoo& zoo, const HyperRepresentation& h, const Reference& ref, int64_t checkpoint,
                        const std::vector<Target*>& targets, const std::vector<ModelDiagnostics::Checkpoint*>& out, int k)
{
    const int nRef = int(ref.rows.size());
    if (nRef < 2)
        return;
    const int64_t P = zoo.parameterCount();
    std::vector<float> flat;
    flat.reserve(size_t((nRef + int64_t(targets.size())) * P));
    for (int64_t row : ref.rows)
        flat.insert(flat.end(), zoo.weightsAt(row, checkpoint), zoo.weightsAt(row, checkpoint) + P);
    std::vector<int> queryRow(targets.size(), -1);
    int next = nRef;
    for (size_t i = 0; i < targets.size(); ++i) {
        if (!targets[i]->finite)
            continue;
        const int64_t own = ref.indexOf(targets[i]->row);
        if (own >= 0) {
            queryRow[i] = int(own);
        } else {
            queryRow[i] = next++;
            flat.insert(flat.end(), zoo.weightsAt(targets[i]->row, checkpoint), zoo.weightsAt(targets[i]->row, checkpoint) + P);
        }
    }
    LatentNeighbours space;
    space.setLatents(h.encode(flat), int(h.latentDim()));
    const int64_t epoch = zoo.checkpointEpochs[size_t(checkpoint)];
    std::vector<double> accuracy;
    for (int64_t row : ref.rows)
        accuracy.push_back(zoo.metricAt(zoo.testAccuracy, row, epoch));
    const LatentNeighbourhood hood(std::move(space), nRef, std::move(accuracy), k);
    for (size_t i = 0; i < targets.size(); ++i) {
        if (queryRow[i] < 0)
            continue;
        const LatentNeighbourhood::Placement p = hood.place(queryRow[i]);
        ModelDiagnostics::Neighbourhood& n = out[i]->neighbourhood;
        for (int r : p.nearest)
            n.neighbours.push_back({zoo.modelIds[size_t(ref.rows[size_t(r)])], epoch});
        n.distances = p.distances;
        n.meanNeighbourAccuracy = p.meanNeighbourAccuracy;
        n.kthDistance = p.kthDistance;
        n.outlierPercentile = p.outlierPercentile;
        n.outlierZ = p.outlierZ;
        n.available = p.available;
    }
}

// Per-layer statistics of the targets at one checkpoint against the reference's 1st..99th percentile of
// each statistic, the target itself left out of its reference.
void compareStatistics(const ModelZoo& zoo, const Reference& ref, int64_t checkpoint, const std::vector<Target*>& targets,
                       const std::vector<ModelDiagnostics::Checkpoint*>& out)
{
    const std::vector<std::string>& names = layerStatisticNames();
    const size_t S = names.size() * zoo.architecture.layers.size();
    std::vector<std::vector<float>> columns(S);
    for (int64_t row : ref.rows) {
        const std::vector<float> s = layerWeightStatistics(zoo.architecture, zoo.weightsAt(row, checkpoint));
        for (size_t j = 0; j < S; ++j)
            columns[j].push_back(s[j]);
    }
    for (auto& c : columns)
        std::sort(c.begin(), c.end());
    for (size_t i = 0; i < targets.size(); ++i) {
        if (!targets[i]->finite)
            continue;
        const std::vector<float> own = layerWeightStatistics(zoo.architecture, zoo.weightsAt(targets[i]->row, checkpoint));
        const bool inReference = ref.indexOf(targets[i]->row) >= 0;
        if (ref.rows.size() - (inReference ? 1 : 0) < 2)
            continue;
        for (size_t j = 0; j < S; ++j) {
            std::vector<float> others = columns[j];
            if (inReference) // its own value is in the column once: take it out
                others.erase(std::lower_bound(others.begin(), others.end(), own[j]));
            const double low = sortedPercentile(others, 1), high = sortedPercentile(others, 99);
            if (own[j] < low || own[j] > high)
                out[i]->layerFlags.push_back({zoo.architecture.layers[j / names.size()].name, names[j % names.size()], own[j], low, high});
        }
        out[i]->statisticsChecked = true;
    }
}

// Dead and saturated hidden units of the targets (any checkpoints) on the probe images.
void checkUnits(const ModelZoo& zoo, const std::vector<Target>& targets, std::vector<ModelDiagnostics::Checkpoint>& out,
                const ModelDiagnosticsOptions& options, const Progress& progress)
{
    const Architecture& arch = zoo.architecture;
    const DatasetSplit& data = *options.probeData;
    if (data.channels != arch.inputChannels || data.height != arch.inputSize || data.width != arch.inputSize)
        throw std::invalid_argument("the probe images are " + std::to_string(data.channels) + "x" + std::to_string(data.height) + "x" +
                                    std::to_string(data.width) + ", but the zoo's models take " + std::to_string(arch.inputChannels) +
                                    "x" + std::to_string(arch.inputSize) + "x" + std::to_string(arch.inputSize));
    const int64_t n = std::min(options.probeImages, data.count);
    if (n < 1)
        return;
    torch::NoGradGuard noGrad;
    const torch::Tensor images =
        torch::from_blob(const_cast<float*>(data.images.data()), {n, data.channels, data.height, data.width}, torch::kFloat32).clone();
    std::vector<const LayerLayout*> hiddenLayers;
    int64_t unitsTotal = 0;
    for (const LayerLayout& l : arch.layers)
        if (l.activationAfter) {
            hiddenLayers.push_back(&l);
            unitsTotal += l.neurons;
        }
    std::vector<size_t> usable;
    for (size_t i = 0; i < targets.size(); ++i)
        if (targets[i].finite)
            usable.push_back(i);
    const detail::DifferentiableForward forward(arch);
    const int64_t P = zoo.parameterCount();
    const size_t chunk = 32; // bounds the activations kept at once
    for (size_t begin = 0; begin < usable.size(); begin += chunk) {
        progress.throwIfCancelled();
        const size_t m = std::min(chunk, usable.size() - begin);
        torch::Tensor weights = torch::empty({int64_t(m), P}, torch::kFloat32);
        std::vector<Activation> activations;
        for (size_t j = 0; j < m; ++j) {
            const Target& t = targets[usable[begin + j]];
            std::copy(zoo.weightsAt(t.row, t.checkpoint), zoo.weightsAt(t.row, t.checkpoint) + P, weights[int64_t(j)].data_ptr<float>());
            activations.push_back(zoo.hyperparameters[size_t(t.row)].activation);
        }
        const std::vector<torch::Tensor> hidden = forward.hiddenActivations(weights, activations, images);
        for (size_t l = 0; l < hidden.size(); ++l) {
            // [models, images, units, positions...] -> [models, units, images x positions]
            const torch::Tensor a = hidden[l].reshape({int64_t(m), n, hiddenLayers[l]->neurons, -1}).permute({0, 2, 1, 3})
                                        .reshape({int64_t(m), hiddenLayers[l]->neurons, -1}).to(torch::kFloat64);
            const torch::Tensor mean = a.mean(2), sd = a.std(2, /*unbiased*/ false);
            for (size_t j = 0; j < m; ++j) {
                ModelDiagnostics::Checkpoint& c = out[usable[begin + j]];
                const Activation act = activations[j];
                torch::Tensor atBound;
                if (act == Activation::Tanh)
                    atBound = (a[int64_t(j)].abs() >= 1.0 - options.saturationMargin).to(torch::kFloat64).mean(1);
                else if (act == Activation::Sigmoid)
                    atBound = ((a[int64_t(j)] <= options.saturationMargin) | (a[int64_t(j)] >= 1.0 - options.saturationMargin))
                                  .to(torch::kFloat64).mean(1);
                for (int64_t u = 0; u < hiddenLayers[l]->neurons; ++u) {
                    ModelDiagnostics::Unit unit;
                    unit.layer = hiddenLayers[l]->name;
                    unit.unit = u;
                    unit.mean = mean[int64_t(j)][u].item<double>();
                    unit.std = sd[int64_t(j)][u].item<double>();
                    unit.fractionAtBound = atBound.defined() ? atBound[u].item<double>() : 0.0;
                    unit.dead = unit.std < options.deadTolerance;
                    if (unit.dead || (atBound.defined() && unit.fractionAtBound >= options.saturatedFraction))
                        c.units.push_back(unit);
                }
                c.unitsChecked = true;
                c.unitsTotal = unitsTotal;
            }
        }
        progress.report(double(begin + m) / double(usable.size()), "diagnostics: units");
    }
}

Json jsonObject(std::initializer_list<std::pair<std::string, Json>> members)
{
    Json o = Json::object();
    for (const auto& [key, value] : members)
        o[key] = value;
    return o;
}

std::string number(double v, int precision = 4)
{
    if (!std::isfinite(v))
        return std::isnan(v) ? "-" : (v > 0 ? "inf" : "-inf");
    std::ostringstream o;
    o << std::setprecision(precision) << v;
    return o.str();
}

} // namespace

std::vector<int64_t> ModelDiagnostics::referenceRows(const ModelZoo& zoo, int64_t checkpoint, const ModelDiagnosticsOptions& options)
{
    std::vector<int64_t> rows;
    for (const ZooSample& s : HyperRepresentationTrainer::populationSamples(
             zoo, PopulationSplit::Train, {zoo.checkpointEpochs[size_t(checkpoint)]}, options.maxAbsWeight))
        rows.push_back(s.model);
    return evenSubset(rows, options.maxReferences);
}

int64_t ModelDiagnostics::Checkpoint::deadUnits() const
{
    return std::count_if(units.begin(), units.end(), [](const Unit& u) { return u.dead; });
}

int64_t ModelDiagnostics::Checkpoint::saturatedUnits() const
{
    return int64_t(units.size()) - deadUnits();
}

ModelDiagnostics ModelDiagnostics::compute(const ModelZoo& zoo, const std::vector<CheckpointReference>& ids,
                                           const HyperRepresentation* hyperRepresentation, const ModelDiagnosticsOptions& options,
                                           const Progress& progress)
{
    if (options.k < 1)
        throw std::invalid_argument("k must be at least 1, got " + std::to_string(options.k));
    std::vector<Target> targets = resolveTargets(zoo, ids);
    if (hyperRepresentation)
        hyperRepresentation->requireArchitecture(zoo.architecture);

    ModelDiagnostics d;
    d.architecture = zoo.architecture.name;
    d.k = options.k;
    d.maxAbsWeight = options.maxAbsWeight;
    d.latentAvailable = hyperRepresentation != nullptr;
    d.checkpoints.resize(targets.size());
    std::map<int64_t, std::vector<size_t>> byCheckpoint;
    for (size_t i = 0; i < targets.size(); ++i) {
        Target& t = targets[i];
        Checkpoint& c = d.checkpoints[i];
        c.modelId = zoo.modelIds[size_t(t.row)];
        c.epoch = zoo.checkpointEpochs[size_t(t.checkpoint)];
        c.population = t.row < int64_t(zoo.split.size()) ? toString(zoo.split[size_t(t.row)]) : std::string();
        c.activation = toString(zoo.hyperparameters[size_t(t.row)].activation);
        c.testAccuracy = zoo.metricAt(zoo.testAccuracy, t.row, c.epoch);
        measureDivergence(zoo, t, c, options.maxAbsWeight);
        byCheckpoint[t.checkpoint].push_back(i);
    }

    size_t done = 0;
    for (const auto& [checkpoint, members] : byCheckpoint) {
        progress.report(double(done) / double(byCheckpoint.size()), "diagnostics: population at epoch " +
                                                                        std::to_string(zoo.checkpointEpochs[size_t(checkpoint)]));
        const Reference ref = referenceAt(zoo, checkpoint, options);
        d.referenceEpochs.push_back(zoo.checkpointEpochs[size_t(checkpoint)]);
        d.referenceSizes.push_back(int64_t(ref.rows.size()));
        std::vector<Target*> group;
        std::vector<Checkpoint*> out;
        for (size_t i : members) {
            group.push_back(&targets[i]);
            out.push_back(&d.checkpoints[i]);
        }
        compareStatistics(zoo, ref, checkpoint, group, out);
        if (hyperRepresentation)
            placeInLatentSpace(zoo, *hyperRepresentation, ref, checkpoint, group, out, options.k);
        ++done;
    }
    if (options.probeData) {
        checkUnits(zoo, targets, d.checkpoints, options, progress);
        d.probeImages = std::min(options.probeImages, options.probeData->count);
    }
    progress.report(1.0, "diagnostics: done");
    return d;
}

Json ModelDiagnostics::toJson() const
{
    Json references = Json::object();
    for (size_t i = 0; i < referenceEpochs.size(); ++i)
        references[std::to_string(referenceEpochs[i])] = referenceSizes[i];
    Json list = Json::array();
    for (const Checkpoint& c : checkpoints) {
        const Neighbourhood& n = c.neighbourhood;
        Json neighbours = Json::array();
        for (size_t i = 0; i < n.neighbours.size(); ++i)
            neighbours.push(jsonObject({{"model", n.neighbours[i].modelId}, {"epoch", n.neighbours[i].epoch}, {"distance", n.distances[i]}}));
        Json flags = Json::array();
        for (const LayerFlag& f : c.layerFlags)
            flags.push(jsonObject({{"layer", f.layer}, {"statistic", f.statistic}, {"value", f.value},
                                   {"population_low", f.populationLow}, {"population_high", f.populationHigh}}));
        Json units = Json::array();
        for (const Unit& u : c.units)
            units.push(jsonObject({{"layer", u.layer}, {"unit", u.unit}, {"state", u.dead ? "dead" : "saturated"}, {"mean", u.mean},
                                   {"std", u.std}, {"fraction_at_bound", u.fractionAtBound}}));
        list.push(jsonObject({
            {"model", c.modelId}, {"epoch", c.epoch}, {"population", c.population}, {"activation", c.activation},
            {"test_accuracy", c.testAccuracy}, {"has_weights", c.hasWeights}, {"non_finite_weights", c.nonFiniteWeights},
            {"max_abs_weight", c.maxAbsWeight}, {"diverged", c.diverged},
            {"neighbourhood", jsonObject({{"available", n.available}, {"neighbours", neighbours},
                                          {"mean_neighbour_accuracy", n.meanNeighbourAccuracy}, {"kth_distance", n.kthDistance},
                                          {"outlier_percentile", n.outlierPercentile}, {"outlier_z", n.outlierZ}})},
            {"statistics_checked", c.statisticsChecked}, {"layer_flags", flags},
            {"units_checked", c.unitsChecked}, {"units_total", c.unitsTotal}, {"dead_units", c.deadUnits()},
            {"saturated_units", c.saturatedUnits()}, {"units", units}}));
    }
    return jsonObject({{"architecture", architecture}, {"k", k}, {"max_abs_weight", maxAbsWeight}, {"probe_images", probeImages},
                       {"latent", latentAvailable}, {"references", references}, {"checkpoints", list}});
}

std::string ModelDiagnostics::toText() const
{
    std::ostringstream o;
    o << "diagnostics of " << checkpoints.size() << " checkpoint" << (checkpoints.size() == 1 ? "" : "s") << " (" << architecture
      << ") against the training population at the same epoch";
    for (size_t i = 0; i < referenceEpochs.size(); ++i)
        o << (i ? ", " : ": ") << referenceSizes[i] << " at epoch " << referenceEpochs[i];
    o << "\n";
    for (const Checkpoint& c : checkpoints) {
        o << "\nmodel " << c.modelId << " @ epoch " << c.epoch << " (" << c.population << ", " << c.activation << "): test accuracy "
          << number(c.testAccuracy, 3) << "\n";
        o << "  divergence     ";
        if (!c.hasWeights)
            o << "DIVERGED: no weights in the zoo (missing or dropped)\n";
        else if (c.nonFiniteWeights > 0)
            o << "DIVERGED: " << c.nonFiniteWeights << " NaN/inf weights\n";
        else
            o << (c.diverged ? "DIVERGED: " : "ok: ") << "max |w| " << number(c.maxAbsWeight, 3)
              << (maxAbsWeight > 0 ? (c.diverged ? " > " : " <= ") + number(maxAbsWeight) : std::string()) << "\n";
        o << "  neighbourhood  ";
        const Neighbourhood& n = c.neighbourhood;
        if (!latentAvailable)
            o << "- (no hyper-representation)\n";
        else if (!n.available)
            o << "- (no usable weights or too small a population)\n";
        else {
            o << n.neighbours.size() << " nearest: mean test accuracy " << number(n.meanNeighbourAccuracy, 3) << " (own "
              << number(c.testAccuracy, 3) << "); k-th distance " << number(n.kthDistance, 3) << ", outlier percentile "
              << number(n.outlierPercentile, 3) << " (z " << number(n.outlierZ, 2) << ")\n                 nearest:";
            for (size_t i = 0; i < n.neighbours.size() && i < 5; ++i)
                o << (i ? ", " : " ") << n.neighbours[i].modelId << " (" << number(n.distances[i], 3) << ")";
            o << (n.neighbours.size() > 5 ? ", ..." : "") << "\n";
        }
        o << "  weights        ";
        if (!c.statisticsChecked)
            o << "- (no usable weights or too small a population)\n";
        else if (c.layerFlags.empty())
            o << "every layer statistic within the population's 1-99% range\n";
        else {
            o << c.layerFlags.size() << " layer statistic" << (c.layerFlags.size() == 1 ? "" : "s")
              << " outside the population's 1-99% range:\n";
            for (const LayerFlag& f : c.layerFlags)
                o << "                 " << f.layer << " " << f.statistic << " " << number(f.value) << " (population "
                  << number(f.populationLow) << " .. " << number(f.populationHigh) << ")\n";
        }
        o << "  units          ";
        if (!c.unitsChecked)
            o << "- (" << (probeImages > 0 ? "no usable weights" : "no probe images") << ")\n";
        else {
            o << c.deadUnits() << " dead, " << c.saturatedUnits() << " saturated of " << c.unitsTotal << " on " << probeImages
              << " images";
            // Per layer: "conv2  dead 3, 5  saturated 2".
            std::vector<std::string> layers;
            std::map<std::string, std::string> dead, saturated;
            for (const Unit& u : c.units) {
                if (!dead.count(u.layer) && !saturated.count(u.layer))
                    layers.push_back(u.layer);
                std::string& list = u.dead ? dead[u.layer] : saturated[u.layer];
                list += (list.empty() ? "" : ", ") + std::to_string(u.unit);
            }
            for (const std::string& l : layers) {
                o << "\n                 " << l;
                if (dead.count(l))
                    o << "  dead " << dead[l];
                if (saturated.count(l))
                    o << "  saturated " << saturated[l];
            }
            o << "\n";
        }
    }
    return o.str();
}

} // namespace zooscope
