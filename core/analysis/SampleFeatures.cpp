#include "analysis/SampleFeatures.h"

#include "cluster/RankShare.h"
#include "cluster/SingleProcessCommunicator.h"
#include "hyperrep/HyperRepresentation.h"

namespace zooscope {

SampleFeatures SampleFeatures::of(const ModelZoo& zoo, std::vector<ZooSample> samples, const HyperRepresentation* hr,
                                  Communicator* communicator)
{
    SampleFeatures p;
    p.samples = std::move(samples);
    const int64_t P = zoo.parameterCount();
    p.weights.columns = P;
    p.weights.values.reserve(p.samples.size() * static_cast<size_t>(P));
    for (const ZooSample& s : p.samples)
        p.weights.appendRow(zoo.weightsAt(s.model, s.checkpoint));
    p.stats.columns = static_cast<int64_t>(zoo.architecture.layers.size()) * 14;
    for (const ZooSample& s : p.samples)
        p.stats.appendRow(layerWeightStatistics(zoo.architecture, zoo.weightsAt(s.model, s.checkpoint)).data());
    if (hr) {
        p.latent.columns = hr->latentDim();
        p.latent.rows = p.weights.rows;
        Communicator& ranks = communicator ? *communicator : SingleProcessCommunicator::instance();
        const RankShare share(ranks, p.weights.rows, HyperRepresentation::kChunkRows);
        p.latent.values = RankShare::allgather(
            ranks, share.count() > 0 ? hr->encode(p.weights.row(share.begin()), share.count()) : std::vector<float>());
    }
    return p;
}

FeatureMatrix selectRows(const FeatureMatrix& m, const std::vector<bool>& keep)
{
    FeatureMatrix out;
    out.columns = m.columns;
    for (int64_t r = 0; r < m.rows; ++r)
        if (keep[static_cast<size_t>(r)])
            out.appendRow(m.row(r));
    return out;
}

} // namespace zooscope
