// The readers under fuzzing. Each target reads one input the way ZooScope reads that kind of file; the
// libFuzzer harnesses (FuzzMain.cpp) and the replay test (tests/tst_fuzzregressions.cpp) share them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace zooscope::fuzz {

// Accepted: the reader took the input. Rejected: it refused it with a std::exception, the message a user
// would see. Anything else (a crash, a hang, a sanitizer report, another kind of exception) is a bug.
enum class Outcome { Accepted, Rejected };

struct Target {
    const char* name; // also its folders: tests/fuzz/corpus/<name>, tests/fuzz/regressions/<name>
    Outcome (*run)(const uint8_t* data, size_t size);
};

// The engine's readers (zoo files, latents, state dicts, public zoo folders, IDX, reports, .hr files).
const std::vector<Target>& engineTargets();
// Session files (app/SessionFile), kept apart: they need Qt.
const Target& sessionTarget();

// An input that stands for several files: n - 1 little-endian uint32 lengths, then the files' bytes one
// after the other (the last takes the rest). Short or inconsistent inputs give shorter or empty parts.
std::vector<std::string> splitInput(const uint8_t* data, size_t size, size_t n);
std::string joinParts(const std::vector<std::string>& parts);

// A file of this process's scratch folder (under TMPDIR) holding `bytes`; `name` gives its suffix.
std::string scratchFile(const std::string& name, const std::string& bytes);
std::string scratchFolder();

} // namespace zooscope::fuzz
