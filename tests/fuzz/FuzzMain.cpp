// One libFuzzer harness: ZOOSCOPE_FUZZ_TARGET names the target of FuzzTargets.h that it runs.
#include "FuzzTargets.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

const zooscope::fuzz::Target& target()
{
    static const zooscope::fuzz::Target* found = [] {
        if (std::strcmp(ZOOSCOPE_FUZZ_TARGET, zooscope::fuzz::sessionTarget().name) == 0)
            return &zooscope::fuzz::sessionTarget();
        for (const auto& t : zooscope::fuzz::engineTargets())
            if (std::strcmp(ZOOSCOPE_FUZZ_TARGET, t.name) == 0)
                return &t;
        std::fprintf(stderr, "no fuzz target named %s\n", ZOOSCOPE_FUZZ_TARGET);
        std::abort();
    }();
    return *found;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    target().run(data, size);
    return 0;
}
