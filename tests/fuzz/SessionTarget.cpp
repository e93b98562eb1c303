#include "FuzzTargets.h"

#include "app/SessionFile.h"

#include <exception>

namespace zooscope::fuzz {

namespace {

Outcome session(const uint8_t* data, size_t size)
{
    try {
        SessionFile::parse(std::string(reinterpret_cast<const char*>(data), size), "input.zooscope");
        return Outcome::Accepted;
    } catch (const std::exception&) {
        return Outcome::Rejected;
    }
}

} // namespace

const Target& sessionTarget()
{
    static const Target target{"session", session};
    return target;
}

} // namespace zooscope::fuzz
