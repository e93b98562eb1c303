#include "zoo/CheckpointReference.h"

#include <sstream>
#include <stdexcept>

namespace zooscope {

namespace {

// The whole of `text` as a decimal integer, or false.
bool wholeInteger(const std::string& text, int64_t& value)
{
    if (text.empty())
        return false;
    try {
        size_t used = 0;
        value = std::stoll(text, &used);
        return used == text.size();
    } catch (const std::exception&) {
        return false;
    }
}

} // namespace

std::string CheckpointReference::toString() const
{
    std::string s = std::to_string(modelId);
    if (hasEpoch())
        s.append("@").append(std::to_string(epoch));
    return s;
}

CheckpointReference CheckpointReference::parse(const std::string& text)
{
    CheckpointReference r;
    const size_t at = text.find('@');
    const bool idOk = wholeInteger(text.substr(0, at), r.modelId);
    const bool epochOk = at == std::string::npos || (wholeInteger(text.substr(at + 1), r.epoch) && r.epoch >= 0);
    if (!idOk || !epochOk)
        throw std::invalid_argument("bad checkpoint '" + text + "' (use ID or ID@EPOCH, e.g. 17@5)");
    return r;
}

std::vector<CheckpointReference> CheckpointReference::parseList(const std::string& text)
{
    std::vector<CheckpointReference> list;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
        if (!item.empty())
            list.push_back(parse(item));
    return list;
}

} // namespace zooscope
