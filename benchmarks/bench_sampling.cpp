// Where the time of "sample 12 models with fine-tuning epochs 0,1 and novelty" goes (issue 13, point 6):
// loading (zoo, hyper-representation, dataset), then ModelSampler's stages (anchors, encode, sample,
// decode, evaluate, novelty references, fine-tune, novelty), for
//   cli    `zooscope-cli sample --method kde-paper --n 12 --finetune-epochs 0,1` (top30 anchors, novelty
//          against every checkpoint of the training population), run twice: the second run is the next
//          request of a GUI session, which keeps the novelty references
//   gui    what "Sample from Selection" asks for a lasso of 40 checkpoints at the last epoch (novelty against
//          the training population at that epoch), with the GUI worker's thread budget (threads - 1)
// Usage: OMP_WAIT_POLICY=passive build/bin/bench_sampling [cli|gui|all] [threads=all cores]
#include "core/EngineInfo.h"
#include "hyperrep/HyperRepresentation.h"
#include "sampling/ModelSampler.h"
#include "zoo/DatasetLoader.h"
#include "zoo/ZooFile.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

using namespace zooscope;

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

SamplingResult run(const char* label, const ModelSampler& sampler, SamplingOptions o)
{
    const auto t = Clock::now();
    SamplingResult r = sampler.generate(o);
    const double total = since(t);
    std::printf("%s (%d thread(s), %lld novelty references%s):\n", label, EngineInfo::threadsFor(o.threads),
                (long long)r.noveltyReferences, o.noveltyCache ? ", kept from the run before" : "");
    for (const auto& [stage, seconds] : r.stageSeconds)
        std::printf("  %-20s %7.2f s\n", stage.c_str(), seconds);
    std::printf("  %-20s %7.2f s\n", "total", total);
    double sum = 0;
    for (double a : r.epochs.back().testAccuracy)
        sum += a;
    std::printf("  mean test accuracy at epoch %lld: %.2f%%", (long long)r.epochs.back().epoch,
                100.0 * sum / double(r.epochs.back().testAccuracy.size()));
    if (!r.epochs.front().novelty.empty())
        std::printf(", epoch-0 mean max IoU %.4f", [&] {
            double s = 0;
            for (double v : r.epochs.front().novelty.maxIoU)
                s += v;
            return s / double(r.epochs.front().novelty.maxIoU.size());
        }());
    std::printf("\n");
    std::fflush(stdout);
    return r;
}

} // namespace

int main(int argc, char** argv)
{
    const std::string mode = argc > 1 ? argv[1] : "all";
    const int threads = argc > 2 ? std::atoi(argv[2]) : 0;
    if (mode != "cli" && mode != "gui" && mode != "all") {
        std::fprintf(stderr, "usage: bench_sampling [cli|gui|all] [threads]\n");
        return 2;
    }
    EngineInfo::setComputeThreads(threads);
    auto t = Clock::now();
    const ModelZoo zoo = ZooFile::read(ZOOSCOPE_SOURCE_DIR "/data/fashion-mnist-cnn-s.zoo.h5");
    std::printf("load zoo             %7.2f s\n", since(t));
    t = Clock::now();
    const HyperRepresentation hyper = HyperRepresentation::load(ZOOSCOPE_SOURCE_DIR "/data/fashion-mnist-cnn-s.hr");
    std::printf("load .hr             %7.2f s\n", since(t));
    t = Clock::now();
    Dataset data = DatasetLoader::fashionMnist();
    data.id = zoo.datasetId;
    std::printf("load dataset         %7.2f s\n", since(t));
    const ModelSampler sampler(zoo, data, &hyper);

    SamplingOptions o;
    o.method = SamplingMethod::KdePaper;
    o.count = 12;
    o.finetuneEpochs = {0, 1};
    o.threads = threads;
    if (mode != "gui") {
        const SamplingResult first = run("cli: top30, novelty against all checkpoints", sampler, o);
        SamplingOptions again = o;
        again.seed = 2;
        again.noveltyCache = first.noveltyCache;
        run("cli, next request (seed 2)", sampler, again);
    }
    if (mode != "cli") {
        // A lasso: 40 training-population checkpoints at the last epoch (every 4th model).
        SamplingOptions g = o;
        g.anchors.kind = AnchorSelection::Kind::Explicit;
        const int64_t last = zoo.checkpointEpochs.back();
        for (int64_t m = 0; m < zoo.modelCount() && g.anchors.ids.size() < 40; m += 4)
            if (zoo.split[size_t(m)] == PopulationSplit::Train && zoo.hasWeights(m, zoo.checkpointCount() - 1))
                g.anchors.ids.push_back({zoo.modelIds[size_t(m)], last});
        g.noveltyReferenceEpochs = {last};
        g.threads = std::max(1, EngineInfo::threadsFor(threads) - 1);
        const SamplingResult first = run("gui: lasso of 40 checkpoints at the last epoch", sampler, g);
        SamplingOptions again = g;
        again.seed = 2;
        again.noveltyCache = first.noveltyCache;
        run("gui, next request (seed 2)", sampler, again);
    }
    return 0;
}
