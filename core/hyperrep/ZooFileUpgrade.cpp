#include "hyperrep/ZooFileUpgrade.h"

#include "core/AtomicFile.h"
#include "hyperrep/EmbeddingFile.h"
#include "zoo/Hdf5FileProbe.h"
#include "zoo/ZooFile.h"

namespace zooscope {

ZooFileUpgrade::Result ZooFileUpgrade::upgrade(const std::string& from, const std::string& to)
{
    Result result;
    result.superblockBefore = Hdf5FileProbe::superblockVersion(from);
    const ModelZoo zoo = ZooFile::read(from);
    std::vector<ZooEmbedding> embeddings;
    for (const std::string& name : EmbeddingFile::list(from)) {
        embeddings.push_back(EmbeddingFile::read(from, name));
        result.embeddings.push_back(name);
    }
    // one atomic replacement: the zoo and all its embeddings, or the old file untouched
    AtomicFile::writeWith(to, [&](const std::string& temp) {
        ZooFile::write(zoo, temp);
        for (const ZooEmbedding& e : embeddings)
            EmbeddingFile::write(temp, e);
    });
    result.superblockAfter = Hdf5FileProbe::superblockVersion(to);
    return result;
}

} // namespace zooscope
