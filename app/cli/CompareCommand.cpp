#include "app/cli/CompareCommand.h"
#include "app/cli/CommandInputs.h"
#include "app/cli/PathChecks.h"
#include "app/cli/InterruptGuard.h"

#include "analysis/CheckpointComparison.h"
#include "core/Json.h"
#include "hyperrep/HyperRepresentation.h"
#include "zoo/CheckpointReference.h"

#include <optional>
#include <ostream>
#include <stdexcept>

namespace zooscope::cli {

namespace {

int runCompare(const Arguments& args, std::ostream& out, std::ostream& err)
{
    args.allowOnly({"zoo", "ae", "data", "no-predictions", "json", "threads"});
    if (args.positionals().size() != 2)
        throw UsageError("compare expects two checkpoints ID@EPOCH, got " + std::to_string(args.positionals().size()));
    std::vector<CheckpointReference> refs;
    for (const std::string& text : args.positionals()) {
        try {
            refs.push_back(CheckpointReference::parse(text));
        } catch (const std::invalid_argument& e) {
            throw UsageError(e.what());
        }
        if (!refs.back().hasEpoch())
            throw UsageError("checkpoint '" + text + "' has no epoch (use ID@EPOCH, e.g. " + text + "@10)");
    }
    const std::string zooPath = args.required("zoo");
    const int threads = static_cast<int>(args.integer("threads", 0, 1, OptionLimits::kThreads)); // 0: all cores
    requireFile(zooPath, "zoo file");
    if (args.has("ae"))
        requireFile(args.value("ae"), "hyper-representation file");
    if (args.has("data"))
        PathChecks::inputFolder(args.value("data"), "dataset directory");
    const ModelZoo zoo = readZoo(zooPath, err);
    // Before anything slow: a typo in an id or epoch is the user's to fix.
    for (const CheckpointReference& r : refs) {
        try {
            CheckpointComparison::validate(zoo, r);
        } catch (const std::invalid_argument& e) {
            throw UsageError(std::string(e.what()) + " (" + zooPath + ")");
        }
    }
    std::optional<HyperRepresentation> h;
    if (args.has("ae"))
        h.emplace(readHyperRepresentation(args.value("ae"), zoo, zooPath, /*sameDataset*/ true));
    std::optional<Dataset> data;
    if (!args.has("no-predictions")) {
        if (args.has("data") || zoo.datasetId == "fashion-mnist")
            data = zooDataset(zoo.datasetId, args.value("data"));
        else
            err << "note: no --data DIR for dataset '" << zoo.datasetId << "': prediction disagreement not measured\n";
    }

    const Progress progress = stagePrinter(err);
    InterruptGuard guard(progress);
    CheckpointComparison c;
    try {
        c = CheckpointComparison::compute(zoo, refs[0], refs[1], h ? &*h : nullptr, data ? &data->test : nullptr,
                                          threads, progress);
    } catch (const OperationCancelled&) {
        err << "interrupted\n";
        return 130;
    }
    writeReport(out, args.has("json"), zooPath, h ? args.value("ae") : std::string(), c.toJson(), c.toText());
    return 0;
}

} // namespace

void addCompareCommand(CommandLine& cli)
{
    cli.add({"compare", "compare two checkpoints: weight and latent distance, per-layer change, accuracy, predictions",
             "Usage: zooscope-cli compare --zoo ZOO [--ae AE] A B [--data DIR] [--no-predictions] [--json]\n\n"
             "A and B are checkpoints ID@EPOCH: `17@5 17@10` compares two versions of model 17, `3@10 17@10`\n"
             "two models. Prints the L2 distance of their flat weights (and per layer: |A|, |B - A| and the\n"
             "change relative to |A|), the latent distance and cosine with --ae, the recorded test and\n"
             "train accuracy, the share of test images on which their predicted classes differ (with how\n"
             "many of A's errors B fixes and how many new ones it makes), each model's trajectory length\n"
             "over its checkpoints, and the epoch of the other model's trajectory each one is nearest to.\n"
             "  --ae AE            hyper-representation of the zoo (same architecture and dataset): adds the\n"
             "                     latent numbers\n"
             "  --data DIR         IDX files of the zoo's dataset (default: the built-in Fashion-MNIST for\n"
             "                     fashion-mnist zoos; otherwise predictions are not compared)\n"
             "  --no-predictions   skip running A and B on the test images\n"
             "  --threads N        evaluation threads, 1..1024 (default: all)\n"
             "  --json             one JSON object: a, b, weight_distance, layers [{layer, norm_a, change,\n"
             "                     relative_change}], latent_distance, latent_cosine, recorded {a, b,\n"
             "                     test_accuracy_change}, predictions {images, disagreeing, disagreement,\n"
             "                     errors_a, errors_b, fixed_by_b, new_errors_of_b, accuracy_a, accuracy_b}\n"
             "                     (null when not measured), trajectories {a, b}, nearest {a_on_b, b_on_a}",
             runCompare,
             {"json", "no-predictions"}});
}

} // namespace zooscope::cli
