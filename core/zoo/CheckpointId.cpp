#include "zoo/CheckpointId.h"

#include <sstream>
#include <stdexcept>

namespace zooscope {

CheckpointId parseCheckpointId(const std::string& item)
{
    CheckpointId id;
    try {
        const size_t at = item.find('@');
        size_t used = 0;
        id.modelId = std::stoll(item.substr(0, at), &used);
        if (used != (at == std::string::npos ? item.size() : at))
            throw std::invalid_argument("trailing characters");
        if (at != std::string::npos) {
            id.epoch = std::stoll(item.substr(at + 1), &used);
            if (used != item.size() - at - 1 || id.epoch < 0)
                throw std::invalid_argument("bad epoch");
        }
    } catch (const std::exception&) {
        throw std::invalid_argument("bad model id '" + item + "'");
    }
    return id;
}

std::vector<CheckpointId> parseCheckpointIds(const std::string& text)
{
    std::vector<CheckpointId> ids;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
        if (!item.empty())
            ids.push_back(parseCheckpointId(item));
    return ids;
}

std::string toString(const CheckpointId& id)
{
    return std::to_string(id.modelId) + (id.epoch >= 0 ? "@" + std::to_string(id.epoch) : std::string());
}

} // namespace zooscope
