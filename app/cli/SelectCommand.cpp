#include "app/cli/SelectCommand.h"
#include "app/cli/CommandInputs.h"
#include "app/cli/PathChecks.h"
#include "app/cli/InterruptGuard.h"

#include "analysis/ModelSelection.h"

#include <optional>
#include <ostream>

namespace zooscope::cli {

namespace {

const char* const kUsage =
    "Usage: zooscope-cli select --zoo ZOO [--ae AE] [--epochs LIST] [--final-epoch E] [--keep N [--by P] [--at K]]\n"
    "                           [--max-abs X] [--json]\n\n"
    "Model selection and early stopping: predicts each model's test accuracy (and generalisation gap) at\n"
    "the final epoch from its checkpoint at an early epoch k, with ridge predictors fitted on the training\n"
    "population (lambda on the validation population), and scores them on the test population for every\n"
    "k: Kendall's tau with the true final accuracy, R^2, the precision of the predicted top 10% and 25%,\n"
    "the best final accuracy among them, and the model-epochs saved by stopping the others at k.\n"
    "Predictors: latent (the hyper-representation's latents, needs --ae), weights (raw flat weights W),\n"
    "stats (per-layer weight statistics s(W)) and current (the baseline: the test accuracy at epoch k).\n\n"
    "Options:\n"
    "  --ae FILE          a hyper-representation of the zoo's architecture and dataset\n"
    "  --epochs LIST      the early epochs k (checkpoint epochs, each 0..100000; default: every one\n"
    "                     before the final)\n"
    "  --final-epoch E    the epoch whose accuracy is predicted, 1..100000 (default: the zoo's last epoch)\n"
    "  --keep N           (N >= 1) also list the N models (of all populations) with the best predicted final accuracy\n"
    "  --by P             ... predicted by P: latent, weights, stats or current (default: latent with --ae,\n"
    "                     else stats)\n"
    "  --at K             ... from their checkpoints at epoch K >= 0 (default: the first of --epochs)\n"
    "  --max-abs X        training checkpoints with |w| > X are left out of the fit, 0..1e6 (default 5;\n"
    "                     0 = none)\n"
    "  --json             the report as JSON: final_epoch, test_models, epochs [{epoch, test_models,\n"
    "                     best_final_accuracy, stopping {topF: {kept, model_epochs_saved, fraction_saved}},\n"
    "                     predictors {P: {kendall_tau, r2, gap_kendall_tau, gap_r2, lambda,\n"
    "                     precision {topF}, best_kept_accuracy {topF}}}}], kept {epoch, predictor, ids}";

int runSelect(const Arguments& args, std::ostream& out, std::ostream& err)
{
    args.allowOnly({"zoo", "ae", "epochs", "final-epoch", "keep", "by", "at", "max-abs", "json"});
    const std::string zooPath = args.required("zoo");
    ModelSelectionOptions options;
    options.epochs = args.integerList("epochs", {.min = 0, .max = OptionLimits::kEpoch});
    options.finalEpoch = args.integer("final-epoch", -1, 1, OptionLimits::kEpoch);
    options.maxAbsWeight = args.number("max-abs", options.maxAbsWeight, 0, OptionLimits::kMaxAbs);
    const long long keep = args.integer("keep", 0, 1, 100'000'000);
    const long long at = args.integer("at", -1, 0, OptionLimits::kEpoch);
    if (!args.has("keep") && (args.has("by") || args.has("at")))
        throw UsageError("--by and --at choose what --keep lists: give --keep N");
    SelectionPredictor by = args.has("ae") ? SelectionPredictor::Latent : SelectionPredictor::Statistics;
    if (args.has("by")) {
        try {
            by = selectionPredictorFromString(args.value("by"));
        } catch (const std::invalid_argument& e) {
            throw UsageError(std::string("--by: ") + e.what());
        }
        if (by == SelectionPredictor::Latent && !args.has("ae"))
            throw UsageError("--by latent needs a hyper-representation: give --ae AE");
    }
    options.predictAllModels = keep > 0;
    requireFile(zooPath, "zoo file");
    if (args.has("ae"))
        requireFile(args.value("ae"), "hyper-representation file");

    const ModelZoo zoo = readZoo(zooPath, err);
    std::optional<HyperRepresentation> h;
    if (args.has("ae"))
        h.emplace(readHyperRepresentation(args.value("ae"), zoo, zooPath, true));
    // Epochs are checked here, against the zoo, so that a typo is a usage error (exit 2), not a failure.
    const int64_t finalEpoch = options.finalEpoch < 0 ? zoo.epochs : options.finalEpoch;
    if (finalEpoch < 1 || finalEpoch > zoo.epochs)
        throw UsageError("--final-epoch " + std::to_string(finalEpoch) + " is not an epoch of the zoo (1.." + std::to_string(zoo.epochs) + ")");
    for (int64_t e : options.epochs) {
        if (zoo.checkpointIndex(e) < 0)
            throw UsageError("--epochs: " + std::to_string(e) + " is not a checkpoint epoch of the zoo");
        if (e >= finalEpoch)
            throw UsageError("--epochs: " + std::to_string(e) + " is not before the final epoch " + std::to_string(finalEpoch));
    }
    int64_t keepAt = -1;
    if (keep > 0) {
        keepAt = args.has("at") ? at : options.epochs.empty() ? -1 : options.epochs.front();
        if (keepAt >= 0 && !options.epochs.empty() &&
            std::find(options.epochs.begin(), options.epochs.end(), keepAt) == options.epochs.end())
            throw UsageError("--at " + std::to_string(keepAt) + " is not one of --epochs");
        if (keepAt >= 0 && (zoo.checkpointIndex(keepAt) < 0 || keepAt >= finalEpoch))
            throw UsageError("--at " + std::to_string(keepAt) + " is not a checkpoint epoch before the final epoch");
    }

    const Progress progress = stagePrinter(err);
    InterruptGuard guard(progress);
    ModelSelectionReport report;
    try {
        report = ModelSelectionReport::compute(zoo, h ? &*h : nullptr, options, progress);
    } catch (const OperationCancelled&) {
        err << "interrupted\n";
        return 130;
    }
    std::vector<int64_t> kept;
    if (keep > 0) {
        if (keepAt < 0)
            keepAt = report.epochs.front().epoch;
        kept = report.predictedTop(zoo, keepAt, by, keep);
    }
    if (args.has("json")) {
        Json j = report.toJson();
        j["zoo"] = zooPath;
        j["ae"] = h ? Json(args.value("ae")) : Json();
        if (keep > 0) {
            Json k = Json::object();
            k["epoch"] = Json(static_cast<int64_t>(keepAt));
            k["predictor"] = toString(by);
            k["ids"] = Json::arrayOf(kept);
            j["kept"] = k;
        }
        out << j.dump(2) << "\n";
        return 0;
    }
    out << "zoo " << zooPath << (h ? ", hyper-representation " + args.value("ae") : std::string(", no hyper-representation")) << "\n"
        << report.toText();
    if (keep > 0) {
        out << "\nthe " << kept.size() << " models with the best final accuracy predicted by " << toString(by) << " at epoch " << keepAt
            << ":";
        for (int64_t id : kept)
            out << " " << id;
        out << "\n";
    }
    return 0;
}

} // namespace

void addSelectCommand(CommandLine& cli)
{
    cli.add({"select", "model selection and early stopping: predict final accuracy from early checkpoints", kUsage, runSelect, {"json"}});
}

} // namespace zooscope::cli
