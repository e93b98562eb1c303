#include "app/cli/DiagnoseCommand.h"
#include "app/cli/CommandInputs.h"
#include "app/cli/PathChecks.h"
#include "app/cli/InterruptGuard.h"

#include "analysis/ModelDiagnostics.h"
#include "hyperrep/HyperRepresentation.h"
#include "zoo/CheckpointReference.h"

#include <optional>
#include <ostream>
#include <stdexcept>

namespace zooscope::cli {

namespace {

// --ids 3,17 or 3@5,17@10; --epoch E for the ids without one. Checked before the zoo is read.
std::vector<CheckpointReference> idsFrom(const Arguments& args)
{
    std::vector<CheckpointReference> ids;
    try {
        ids = CheckpointReference::parseList(args.required("ids"));
    } catch (const std::invalid_argument& e) {
        throw UsageError(std::string("option --ids: ") + e.what() );
    }
    if (ids.empty())
        throw UsageError("option --ids: no model ids given");
    if (args.has("epoch")) {
        const long long epoch = args.integer("epoch", -1, 0, OptionLimits::kEpoch);
        for (CheckpointReference& id : ids)
            if (id.epoch < 0)
                id.epoch = epoch;
    }
    return ids;
}

ModelDiagnosticsOptions diagnosticsOptions(const Arguments& args)
{
    ModelDiagnosticsOptions o;
    o.k = static_cast<int>(args.integer("k", o.k, 1, 100000));
    o.maxAbsWeight = args.number("max-abs", o.maxAbsWeight, 0, OptionLimits::kMaxAbs);
    o.probeImages = args.integer("probe-images", o.probeImages, 1, 100000);
    return o;
}

int runDiagnose(const Arguments& args, std::ostream& out, std::ostream& err)
{
    args.allowOnly({"zoo", "ae", "ids", "epoch", "k", "max-abs", "data", "probe-images", "no-units", "json"});
    const std::string zooPath = args.required("zoo");
    const std::vector<CheckpointReference> ids = idsFrom(args);
    ModelDiagnosticsOptions options = diagnosticsOptions(args);
    requireFile(zooPath, "zoo file");
    if (args.has("ae"))
        requireFile(args.value("ae"), "hyper-representation file");
    if (args.has("data"))
        PathChecks::inputFolder(args.value("data"), "dataset directory");
    const ModelZoo zoo = readZoo(zooPath, err);
    std::optional<HyperRepresentation> h;
    if (args.has("ae"))
        h.emplace(readHyperRepresentation(args.value("ae"), zoo, zooPath, /*sameDataset*/ true));
    std::optional<Dataset> data;
    if (!args.has("no-units"))
        data = zooDatasetIfAvailable(zoo, args.value("data"), "dead and saturated units", err);
    if (data)
        options.probeData = &data->test;
    const Progress progress = stagePrinter(err);
    InterruptGuard guard(progress);
    ModelDiagnostics d;
    try {
        d = ModelDiagnostics::compute(zoo, ids, h ? &*h : nullptr, options, progress);
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
    writeReport(out, args.has("json"), zooPath, h ? args.value("ae") : std::string(), d.toJson(), d.toText());
    return 0;
}

} // namespace

void addDiagnoseCommand(CommandLine& cli)
{
    cli.add({"diagnose", "where single models stand in their zoo: neighbours, layer statistics, dead units, divergence",
             "Usage: zooscope-cli diagnose --zoo ZOO --ids 3,17 | --ids 3@5,17@10 [--ae AE] [--epoch E] [--k K]\n"
             "                             [--max-abs X] [--data DIR] [--probe-images N] [--no-units] [--json]\n\n"
             "Each checkpoint is compared with the zoo's training population at the same epoch (its finite\n"
             "checkpoints with max |w| <= X, the checkpoint itself left out):\n"
             "  divergence      missing weights, NaN/inf weights, or max |w| above X\n"
             "  neighbourhood   (with --ae) the K nearest in latent space, their mean test accuracy next to the\n"
             "                  model's own, and an outlier score: the distance to the K-th neighbour as a\n"
             "                  percentile (and z-score) of the same distance over the population\n"
             "  weights         per layer mean, variance and 1/25/50/75/99th percentiles of weights and biases\n"
             "                  outside the population's 1st..99th percentile of that statistic\n"
             "  units           hidden units (conv channels, dense neurons) that are dead (constant output) or\n"
             "                  saturated (tanh/sigmoid at a bound for 99% of outputs) on the first N test images\n"
             "  --ids LIST       model ids, each at --epoch or at ID@EPOCH (default: the last checkpoint)\n"
             "  --ae AE          hyper-representation of this zoo's architecture and dataset, for neighbours\n"
             "  --epoch E        checkpoint epoch for ids without @EPOCH, 0..100000\n"
             "                   (default: the last checkpoint)\n"
             "  --k K            latent neighbours, 1..100000 (default 10)\n"
             "  --max-abs X      |w| above X is diverged, 0..1e6 (default 5; 0 = only NaN/inf)\n"
             "  --data DIR       IDX files of the zoo's dataset (default: Debian's Fashion-MNIST for\n"
             "                   fashion-mnist zoos; otherwise units are not checked)\n"
             "  --probe-images N test images the units are run on, 1..100000 (default 256)\n"
             "  --no-units       skip the unit check\n"
             "  --json           one JSON object: zoo, ae, k, max_abs_weight, probe_images, references {epoch: n},\n"
             "                   checkpoints [{model, epoch, population, test_accuracy, diverged, neighbourhood,\n"
             "                   layer_flags, dead_units, saturated_units, units, ...}]",
             runDiagnose,
             {"json", "no-units"}});
}

} // namespace zooscope::cli
