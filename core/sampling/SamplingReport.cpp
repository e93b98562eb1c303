#include "sampling/SamplingReport.h"

#include "sampling/ModelSampler.h"

#include "core/AtomicFile.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>

namespace zooscope {

namespace {

std::string stringOr(const Json& j, const std::string& key)
{
    const Json* v = j.find(key);
    return v && v->isString() ? v->string() : std::string();
}

// ----- reading: every number is checked against its meaning (issue 15). The writer writes a missing
// value (NaN) as null; Python's NaN / Infinity literals, strings and out-of-range values mean a damaged or
// hand-edited file and are refused with the field's path ("methods[0].epochs[2].accuracy.mean").

constexpr double kInf = HUGE_VAL;

[[noreturn]] void badField(const std::string& name, const std::string& what) { throw std::runtime_error(name + " " + what); }

std::string shortText(double v)
{
    std::ostringstream s;
    s << v;
    return s.str();
}

std::string fieldName(const std::string& where, const std::string& key) { return where.empty() ? key : where + "." + key; }

double checkedValue(const Json& v, const std::string& name, double lo, double hi)
{
    if (v.isString())
        badField(name, "is the string \"" + v.string().substr(0, 40) + "\", not a number");
    if (!v.isNumber())
        badField(name, "is not a number");
    const double x = v.number();
    if (std::isnan(x))
        badField(name, "is NaN (a report writes a missing value as null)");
    if (std::isinf(x))
        badField(name, "is infinite");
    // A little slack: means and intervals computed from values at a bound may round past it.
    if (x < lo - 1e-9 * std::max(1.0, std::abs(lo)) || x > hi + 1e-9 * std::max(1.0, std::abs(hi)))
        badField(name, "= " + shortText(x) + " is outside [" + shortText(lo) + ", " + shortText(hi) + "]");
    return x;
}

// j[key] in [lo, hi]; null or absent give NaN, or an error when `required`.
double numberAt(const Json& j, const std::string& key, const std::string& where, double lo, double hi, bool required = false)
{
    const Json* v = j.find(key);
    if (!v || v->isNull()) {
        if (required)
            badField(fieldName(where, key), "is missing");
        return std::nan("");
    }
    return checkedValue(*v, fieldName(where, key), lo, hi);
}

// A whole number in [0, hi]; absent gives 0.
int64_t countAt(const Json& j, const std::string& key, const std::string& where, double hi, bool required = false)
{
    const Json* v = j.find(key);
    if (!v || v->isNull()) {
        if (required)
            badField(fieldName(where, key), "is missing");
        return 0;
    }
    const double x = checkedValue(*v, fieldName(where, key), 0, hi);
    if (std::floor(x) != x)
        badField(fieldName(where, key), "= " + shortText(x) + " is not a whole number");
    return static_cast<int64_t>(x);
}

const Json& objectAt(const Json& j, const std::string& key, const std::string& where)
{
    const Json* v = j.find(key);
    if (!v || !v->isObject())
        badField(fieldName(where, key), v ? "is not an object" : "is missing");
    return *v;
}

const Json& arrayAt(const Json& j, const std::string& key, const std::string& where)
{
    const Json* v = j.find(key);
    if (!v || !v->isArray())
        badField(fieldName(where, key), v ? "is not an array" : "is missing");
    return *v;
}

// Values of an optional array in [lo, hi]; null entries become NaN.
std::vector<double> valuesAt(const Json& j, const std::string& key, const std::string& where, double lo, double hi)
{
    std::vector<double> out;
    if (!j.find(key) || j.find(key)->isNull())
        return out;
    const Json& a = arrayAt(j, key, where);
    for (size_t i = 0; i < a.size(); ++i)
        out.push_back(a[i].isNull() ? std::nan("")
                                    : checkedValue(a[i], fieldName(where, key) + "[" + std::to_string(i) + "]", lo, hi));
    return out;
}

// Summary statistics of values in [lo, hi].
SummaryStatistics summaryAt(const Json& parent, const std::string& key, const std::string& where, double lo, double hi)
{
    const std::string name = fieldName(where, key);
    const Json& j = objectAt(parent, key, where);
    SummaryStatistics s;
    s.n = countAt(j, "n", name, 1e12);
    const bool some = s.n > 0; // n == 0: no values, the writer leaves the statistics null
    s.mean = numberAt(j, "mean", name, lo, hi, some);
    s.std = numberAt(j, "std", name, 0, hi - lo);
    s.median = numberAt(j, "median", name, lo, hi, some);
    s.ciLow = numberAt(j, "ci95_low", name, lo, hi);
    s.ciHigh = numberAt(j, "ci95_high", name, lo, hi);
    return s;
}

MethodStatistics methodAt(const Json& j, const std::string& where)
{
    if (!j.isObject())
        badField(where, "is not an object");
    MethodStatistics m;
    const Json* method = j.find("method");
    if (!method || !method->isString() || method->string().empty())
        badField(fieldName(where, "method"), "is not a method name");
    m.method = method->string();
    m.label = stringOr(j, "label");
    if (m.label.empty())
        m.label = m.method;
    m.models = countAt(j, "models", where, 1e9);
    m.anchors = countAt(j, "anchors", where, 1e9);
    m.anchorMeanAccuracy = numberAt(j, "anchor_mean_accuracy", where, 0, 100);
    m.anchorSelection = stringOr(j, "anchor_selection");
    m.settingsRule = stringOr(j, "settings_rule");
    m.datasetId = stringOr(j, "dataset");
    m.bandwidth = numberAt(j, "bandwidth", where, 0, kInf);
    m.seconds = numberAt(j, "seconds", where, 0, kInf);
    if (std::isnan(m.bandwidth))
        m.bandwidth = 0;
    if (std::isnan(m.seconds))
        m.seconds = 0;
    if (const Json* o = j.find("options"))
        m.options = *o;
    const Json& epochs = arrayAt(j, "epochs", where);
    for (size_t i = 0; i < epochs.size(); ++i) {
        const std::string at = fieldName(where, "epochs") + "[" + std::to_string(i) + "]";
        const Json& e = epochs[i];
        if (!e.isObject())
            badField(at, "is not an object");
        MethodEpochStatistics s;
        s.epoch = countAt(e, "epoch", at, 1e6, true);
        s.accuracy = summaryAt(e, "accuracy", at, 0, 100); // test accuracy in %
        if (e.find("max_iou"))
            s.maxIoU = summaryAt(e, "max_iou", at, 0, 1);
        if (e.find("nearest_distance"))
            s.nearestDistance = summaryAt(e, "nearest_distance", at, 0, kInf);
        s.accuracyValues = valuesAt(e, "accuracy_values", at, 0, 100);
        s.maxIoUValues = valuesAt(e, "max_iou_values", at, 0, 1);
        m.epochs.push_back(std::move(s));
    }
    return m;
}


Json arrayOfDoubles(const std::vector<double>& v)
{
    Json a = Json::array();
    for (double x : v)
        a.push(Json(x));
    return a;
}

std::string fixed(double v, int digits)
{
    if (!std::isfinite(v))
        return "n/a";
    std::ostringstream s;
    s << std::fixed << std::setprecision(digits) << v;
    return s.str();
}

bool isNoise(const MethodStatistics& m) { return m.method == "noise"; }

} // namespace

// ----- SummaryStatistics

SummaryStatistics SummaryStatistics::of(const std::vector<double>& values, int64_t resamples, uint64_t seed)
{
    std::vector<double> v;
    for (double x : values)
        if (std::isfinite(x))
            v.push_back(x);
    SummaryStatistics s;
    s.n = int64_t(v.size());
    if (v.empty()) {
        s.mean = s.std = s.median = s.ciLow = s.ciHigh = std::nan("");
        return s;
    }
    double sum = 0;
    for (double x : v)
        sum += x;
    s.mean = sum / double(v.size());
    double ss = 0;
    for (double x : v)
        ss += (x - s.mean) * (x - s.mean);
    s.std = v.size() > 1 ? std::sqrt(ss / double(v.size() - 1)) : 0.0;
    std::vector<double> sorted = v;
    std::sort(sorted.begin(), sorted.end());
    const size_t m = sorted.size();
    s.median = m % 2 ? sorted[m / 2] : 0.5 * (sorted[m / 2 - 1] + sorted[m / 2]);
    // Percentile bootstrap of the mean.
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<size_t> pick(0, m - 1);
    std::vector<double> means(static_cast<size_t>(std::max<int64_t>(resamples, 1)));
    for (double& mean : means) {
        double t = 0;
        for (size_t i = 0; i < m; ++i)
            t += v[pick(rng)];
        mean = t / double(m);
    }
    std::sort(means.begin(), means.end());
    const auto quantile = [&](double q) {
        const double pos = q * double(means.size() - 1);
        const size_t lo = size_t(std::floor(pos)), hi = std::min(lo + 1, means.size() - 1);
        return means[lo] + (pos - double(lo)) * (means[hi] - means[lo]);
    };
    s.ciLow = quantile(0.025);
    s.ciHigh = quantile(0.975);
    return s;
}

Json SummaryStatistics::toJson() const
{
    Json j = Json::object();
    j["n"] = n;
    j["mean"] = mean;
    j["std"] = std;
    j["median"] = median;
    j["ci95_low"] = ciLow;
    j["ci95_high"] = ciHigh;
    return j;
}

SummaryStatistics SummaryStatistics::fromJson(const Json& j)
{
    Json wrapper = Json::object();
    wrapper["statistics"] = j;
    return summaryAt(wrapper, "statistics", "", -kInf, kInf);
}

// ----- MethodStatistics

MethodStatistics MethodStatistics::fromResult(const SamplingResult& result, const std::string& anchorSelection)
{
    MethodStatistics m;
    m.method = result.methodName;
    m.label = result.methodName;
    if (result.method == SamplingMethod::Noise && result.options.contains("noise_sigma")) {
        std::ostringstream s;
        s << "noise (sigma " << result.options.at("noise_sigma").number() << ")";
        m.label = s.str();
    }
    if (result.method == SamplingMethod::Kde || result.method == SamplingMethod::KdePaper) {
        std::ostringstream s;
        s << result.methodName << " (h " << std::setprecision(3) << result.bandwidthUsed << ")";
        m.label = s.str();
    }
    if (result.options.contains("finetune_images_per_class")) // few-shot runs of a method get rows of their own
        m.label += ", " + std::to_string(int64_t(result.options.at("finetune_images_per_class").number())) + " per class";
    m.models = result.zoo.modelCount();
    m.anchors = int64_t(result.anchors.size());
    m.anchorMeanAccuracy = 100.0 * result.anchorMeanAccuracy;
    m.anchorSelection = anchorSelection;
    m.settingsRule = result.settingsRule;
    m.datasetId = result.datasetId;
    m.bandwidth = result.bandwidthUsed;
    m.seconds = result.seconds;
    m.options = result.options;
    uint64_t seed = 1;
    for (const GeneratedEpoch& e : result.epochs) {
        MethodEpochStatistics s;
        s.epoch = e.epoch;
        for (double a : e.testAccuracy)
            s.accuracyValues.push_back(100.0 * a);
        s.accuracy = SummaryStatistics::of(s.accuracyValues, 2000, seed++);
        if (!e.novelty.empty()) {
            s.maxIoUValues = e.novelty.maxIoU;
            s.maxIoU = SummaryStatistics::of(e.novelty.maxIoU, 2000, seed++);
            s.nearestDistance = SummaryStatistics::of(e.novelty.nearestDistance, 2000, seed++);
        } else {
            s.maxIoU = s.nearestDistance = SummaryStatistics::of({});
        }
        m.epochs.push_back(std::move(s));
    }
    return m;
}

Json MethodStatistics::toJson() const
{
    Json j = Json::object();
    j["method"] = method;
    j["label"] = label;
    j["models"] = models;
    j["anchors"] = anchors;
    j["anchor_mean_accuracy"] = anchorMeanAccuracy;
    j["anchor_selection"] = anchorSelection;
    j["settings_rule"] = settingsRule;
    j["dataset"] = datasetId;
    j["bandwidth"] = bandwidth;
    j["seconds"] = seconds;
    j["options"] = options;
    Json eps = Json::array();
    for (const MethodEpochStatistics& e : epochs) {
        Json o = Json::object();
        o["epoch"] = e.epoch;
        o["accuracy"] = e.accuracy.toJson();
        o["max_iou"] = e.maxIoU.toJson();
        o["nearest_distance"] = e.nearestDistance.toJson();
        o["accuracy_values"] = arrayOfDoubles(e.accuracyValues);
        o["max_iou_values"] = arrayOfDoubles(e.maxIoUValues);
        eps.push(o);
    }
    j["epochs"] = eps;
    return j;
}

MethodStatistics MethodStatistics::fromJson(const Json& j)
{
    return methodAt(j, "method");
}

// ----- SamplingReport

std::vector<int64_t> SamplingReport::allEpochs() const
{
    std::set<int64_t> e;
    for (const auto& m : methods)
        for (const auto& s : m.epochs)
            e.insert(s.epoch);
    return {e.begin(), e.end()};
}

void SamplingReport::compareWithNoise(double binWidth, int64_t minModels)
{
    comparisons.clear();
    if (!(binWidth > 0))
        throw std::invalid_argument("the IoU bin width must be > 0");
    const int64_t binCount = int64_t(std::ceil(1.0 / binWidth));
    for (const MethodStatistics& m : methods) {
        if (isNoise(m))
            continue;
        for (const MethodEpochStatistics& me : m.epochs) {
            // All noise runs (every sigma) pooled: together they span a wider range of novelty.
            std::vector<std::pair<double, double>> noise; // (iou, accuracy)
            for (const MethodStatistics& nm : methods)
                if (isNoise(nm))
                    for (const MethodEpochStatistics& ne : nm.epochs)
                        if (ne.epoch == me.epoch)
                            for (size_t i = 0; i < ne.maxIoUValues.size() && i < ne.accuracyValues.size(); ++i)
                                noise.push_back({ne.maxIoUValues[i], ne.accuracyValues[i]});
            if (noise.empty() || me.maxIoUValues.empty())
                continue;
            NoveltyComparison c;
            c.method = m.label;
            c.epoch = me.epoch;
            for (int64_t b = 0; b < binCount; ++b) {
                NoveltyComparison::Bin bin;
                bin.iouLow = double(b) * binWidth;
                bin.iouHigh = std::min(1.0, double(b + 1) * binWidth);
                const auto inBin = [&](double iou) {
                    return std::isfinite(iou) && iou >= bin.iouLow && (iou < bin.iouHigh || (b == binCount - 1 && iou <= 1.0));
                };
                double sm = 0, sn = 0, qm = 0, qn = 0;
                for (size_t i = 0; i < me.maxIoUValues.size() && i < me.accuracyValues.size(); ++i)
                    if (inBin(me.maxIoUValues[i]) && std::isfinite(me.accuracyValues[i])) {
                        ++bin.methodModels;
                        sm += me.accuracyValues[i];
                        qm += me.accuracyValues[i] * me.accuracyValues[i];
                    }
                for (const auto& [iou, acc] : noise)
                    if (inBin(iou) && std::isfinite(acc)) {
                        ++bin.noiseModels;
                        sn += acc;
                        qn += acc * acc;
                    }
                if (bin.methodModels == 0 && bin.noiseModels == 0)
                    continue;
                const bool enough = bin.methodModels >= minModels && bin.noiseModels >= minModels;
                bin.methodAccuracy = enough ? sm / double(bin.methodModels) : std::nan("");
                bin.noiseAccuracy = enough ? sn / double(bin.noiseModels) : std::nan("");
                if (enough) {
                    // A bin is won or lost only when the means differ by more than two standard errors of
                    // the difference; closer than that it is a tie (a few models per bin decide nothing).
                    const auto variance = [](double sum, double sq, int64_t k) {
                        return std::max(0.0, (sq - sum * sum / double(k)) / double(k - 1));
                    };
                    const double se = std::sqrt(variance(sm, qm, bin.methodModels) / double(bin.methodModels) +
                                                variance(sn, qn, bin.noiseModels) / double(bin.noiseModels));
                    bin.standardError = se;
                    ++c.binsCompared;
                    if (bin.methodAccuracy - bin.noiseAccuracy > 2 * se)
                        ++c.binsWon;
                    else if (bin.noiseAccuracy - bin.methodAccuracy > 2 * se)
                        ++c.binsLost;
                }
                c.bins.push_back(bin);
            }
            std::ostringstream v;
            if (c.binsCompared == 0)
                v << m.label << " at epoch " << me.epoch
                  << ": no novelty range shared with the noise baseline (no IoU bin with >= " << minModels
                  << " models of both), so no comparison at equal novelty";
            else if (2 * c.binsWon > c.binsCompared)
                v << m.label << " at epoch " << me.epoch << " beats the noise baseline at equal novelty (higher accuracy by "
                  << "more than 2 standard errors in " << c.binsWon << " of " << c.binsCompared << " shared IoU bins)";
            else
                v << m.label << " at epoch " << me.epoch << " does not beat the noise baseline at equal novelty ("
                  << c.binsCompared << " shared IoU bins: " << c.binsWon << " won, " << c.binsLost << " lost, "
                  << c.binsCompared - c.binsWon - c.binsLost << " within 2 standard errors)";
            c.verdict = v.str();
            comparisons.push_back(std::move(c));
        }
    }
}

Json SamplingReport::toJson() const
{
    Json j = Json::object();
    j["format"] = "zooscope-sampling-report";
    j["version"] = kVersion;
    j["zoo"] = zoo;
    j["hyper_representation"] = hyperRepresentation;
    Json ms = Json::array();
    for (const auto& m : methods)
        ms.push(m.toJson());
    j["methods"] = ms;
    Json cs = Json::array();
    for (const auto& c : comparisons) {
        Json o = Json::object();
        o["method"] = c.method;
        o["epoch"] = c.epoch;
        o["bins_compared"] = c.binsCompared;
        o["bins_won"] = c.binsWon;
        o["bins_lost"] = c.binsLost;
        o["verdict"] = c.verdict;
        Json bins = Json::array();
        for (const auto& b : c.bins) {
            Json x = Json::object();
            x["iou_low"] = b.iouLow;
            x["iou_high"] = b.iouHigh;
            x["method_models"] = b.methodModels;
            x["noise_models"] = b.noiseModels;
            x["method_accuracy"] = b.methodAccuracy;
            x["noise_accuracy"] = b.noiseAccuracy;
            x["standard_error"] = b.standardError;
            bins.push(x);
        }
        o["bins"] = bins;
        cs.push(o);
    }
    j["noise_comparison"] = cs;
    Json notesJson = Json::array();
    for (const auto& n : notes)
        notesJson.push(Json(n));
    j["notes"] = notesJson;
    return j;
}

SamplingReport SamplingReport::fromJson(const Json& j)
{
    if (stringOr(j, "format") != "zooscope-sampling-report")
        throw std::runtime_error("not a ZooScope sampling report (format field missing or different)");
    const Json* version = j.find("version");
    if (!version || !version->isNumber() || !std::isfinite(version->number()) || std::floor(version->number()) != version->number())
        throw std::runtime_error("the report has no valid version number");
    if (version->number() > kVersion)
        throw std::runtime_error("written by a newer ZooScope (report version " + shortText(version->number()) +
                                 "); this one reads version " + std::to_string(kVersion));
    if (version->number() < 1)
        throw std::runtime_error("unknown report version " + shortText(version->number()));
    SamplingReport r;
    r.zoo = stringOr(j, "zoo");
    r.hyperRepresentation = stringOr(j, "hyper_representation");
    const Json& methods = arrayAt(j, "methods", "");
    if (methods.size() == 0)
        throw std::runtime_error("the report lists no methods");
    for (size_t i = 0; i < methods.size(); ++i)
        r.methods.push_back(methodAt(methods[i], "methods[" + std::to_string(i) + "]"));
    if (const Json* notes = j.find("notes"))
        for (const Json& n : notes->items())
            if (n.isString())
                r.notes.push_back(n.string());
    r.compareWithNoise();
    return r;
}

std::string SamplingReport::toMarkdown() const
{
    std::ostringstream md;
    const std::vector<int64_t> epochs = allEpochs();
    const auto stats = [](const MethodStatistics& m, int64_t epoch) -> const MethodEpochStatistics* {
        for (const auto& e : m.epochs)
            if (e.epoch == epoch)
                return &e;
        return nullptr;
    };
    md << "# Sampling report\n\n";
    if (!zoo.empty())
        md << "Zoo: `" << zoo << "`";
    if (!hyperRepresentation.empty())
        md << "; hyper-representation: `" << hyperRepresentation << "`";
    md << "\n\n## Test accuracy (%) of the generated models, mean +- std (methods x fine-tuning epochs)\n\n";
    md << "| method | anchors | models |";
    for (int64_t e : epochs)
        md << " ep " << e << " |";
    md << "\n|---|---|---|";
    for (size_t i = 0; i < epochs.size(); ++i)
        md << "---|";
    md << "\n";
    for (const auto& m : methods) {
        md << "| " << m.label << " | " << m.anchors << " (" << m.anchorSelection << ", mean "
           << fixed(m.anchorMeanAccuracy, 1) << ") | " << m.models << " |";
        for (int64_t e : epochs) {
            const auto* s = stats(m, e);
            md << " " << (s ? fixed(s->accuracy.mean, 1) + " +- " + fixed(s->accuracy.std, 1) : std::string("")) << " |";
        }
        md << "\n";
    }
    md << "\n## Median [bootstrap 95% interval of the mean]\n\n| method |";
    for (int64_t e : epochs)
        md << " ep " << e << " |";
    md << "\n|---|";
    for (size_t i = 0; i < epochs.size(); ++i)
        md << "---|";
    md << "\n";
    for (const auto& m : methods) {
        md << "| " << m.label << " |";
        for (int64_t e : epochs) {
            const auto* s = stats(m, e);
            md << " "
               << (s ? fixed(s->accuracy.median, 1) + " [" + fixed(s->accuracy.ciLow, 1) + ", " + fixed(s->accuracy.ciHigh, 1) + "]"
                     : std::string(""))
               << " |";
        }
        md << "\n";
    }
    md << "\n## Epoch 0 relative to the anchors\n\n| method | anchors' mean | generated mean (ep 0) | ratio |\n|---|---|---|---|\n";
    for (const auto& m : methods) {
        const auto* s = stats(m, 0);
        if (!s)
            continue;
        md << "| " << m.label << " | " << fixed(m.anchorMeanAccuracy, 1) << " | " << fixed(s->accuracy.mean, 1) << " | "
           << fixed(100.0 * s->accuracy.mean / m.anchorMeanAccuracy, 1) << "% |\n";
    }
    md << "\n## Novelty against the training population\n\nmax IoU: the highest IoU between a model's misclassified "
          "test images and those of any training model (1 = the same mistakes as some training model); "
          "distance: L2 distance to the nearest training model's weights.\n\n"
          "| method | epoch | accuracy | max IoU mean +- std | distance mean +- std |\n|---|---|---|---|---|\n";
    for (const auto& m : methods)
        for (const auto& s : m.epochs) {
            if (s.maxIoU.n == 0)
                continue;
            md << "| " << m.label << " | " << s.epoch << " | " << fixed(s.accuracy.mean, 1) << " | "
               << fixed(s.maxIoU.mean, 3) << " +- " << fixed(s.maxIoU.std, 3) << " | " << fixed(s.nearestDistance.mean, 2)
               << " +- " << fixed(s.nearestDistance.std, 2) << " |\n";
        }
    md << "\n## Accuracy at equal novelty against the noise baseline\n\n";
    if (comparisons.empty()) {
        md << "No comparison: the report has no noise baseline or no novelty measurements.\n";
    } else {
        std::vector<std::string> winners;
        for (const auto& c : comparisons) {
            md << "- " << c.verdict << ".";
            std::string detail;
            for (const auto& b : c.bins)
                if (std::isfinite(b.methodAccuracy))
                    detail += (detail.empty() ? "" : "; ") + std::string("IoU ") + fixed(b.iouLow, 2) + "-" +
                              fixed(b.iouHigh, 2) + ": " + fixed(b.methodAccuracy, 1) + " vs " +
                              fixed(b.noiseAccuracy, 1) + " +- " + fixed(b.standardError, 1) + " (" + std::to_string(b.methodModels) + "/" +
                              std::to_string(b.noiseModels) + " models)";
            if (!detail.empty())
                md << " " << detail << ".";
            md << "\n";
            if (c.binsCompared > 0 && 2 * c.binsWon > c.binsCompared)
                winners.push_back(c.method + " (epoch " + std::to_string(c.epoch) + ")");
        }
        md << "\n";
        if (winners.empty()) {
            md << "**No method beats the noise baseline on accuracy at equal novelty.**\n";
        } else {
            md << "**Beats the noise baseline on accuracy at equal novelty:** ";
            for (size_t i = 0; i < winners.size(); ++i)
                md << (i ? ", " : "") << winners[i];
            md << ".\n";
        }
    }
    md << "\n## Methods\n\n| method | settings of a generated model | dataset | seconds |\n|---|---|---|---|\n";
    for (const auto& m : methods)
        md << "| " << m.label << " | " << m.settingsRule << " | " << m.datasetId << " | " << fixed(m.seconds, 0) << " |\n";
    if (!notes.empty()) {
        md << "\n## Notes\n\n";
        for (const auto& n : notes)
            md << "- " << n << "\n";
    }
    return md.str();
}

void SamplingReport::writeJson(const std::string& path) const
{
    AtomicFile::write(path, toJson().dump(2) + "\n");
}

SamplingReport SamplingReport::readJson(const std::string& path)
{
    std::ifstream f(path);
    if (!f)
        throw std::runtime_error(path + ": cannot open the report");
    std::stringstream s;
    s << f.rdbuf();
    try {
        return fromJson(Json::parse(s.str()));
    } catch (const std::exception& e) {
        throw std::runtime_error(path + ": " + e.what());
    }
}

} // namespace zooscope
