#pragma once

#include "core/IntegerList.h"

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <limits>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace zooscope::cli {

// The running command line as typed, program name without its folder, quoted where needed: what a zoo
// file records as the command that made it.
std::string invocation();

// A command-line error the user can fix; printed as "zooscope-cli: <message>" with exit code 2 (failures
// while the command runs exit 1, an interruption 130).
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The arguments after a subcommand's name: `--key value`, `--key=value`, `--flag` and positionals.
class Arguments {
public:
    // `flags` names the options that take no value (everything else starting with -- takes one).
    Arguments(const std::vector<std::string>& args, const std::vector<std::string>& flags = {});

    bool has(const std::string& key) const;
    std::string value(const std::string& key, const std::string& fallback = {}) const;
    std::string required(const std::string& key) const;
    long long integer(const std::string& key, long long fallback) const;
    double number(const std::string& key, double fallback) const;
    // The same with the option's allowed range [min, max], declared where the option is read: a value
    // outside it, or not a number (NaN and infinities included), throws UsageError "option --key:
    // expects an integer in min..max, got 'v'". `fallback` (when the option is absent) is not checked, so
    // it may mean "unset" (e.g. -1 for "the last epoch").
    long long integer(const std::string& key, long long fallback, long long min, long long max) const;
    double number(const std::string& key, double fallback, double min, double max) const;
    // "0,1,5" or "1-1000" (core/IntegerList); `fallback` when the option is absent. Throws UsageError
    // "option --key: ..." naming the bad item. With rules.sortedUnique the list must be typed in
    // ascending order without repeats ("1,0" is refused rather than silently reordered).
    std::vector<int64_t> integerList(const std::string& key, const IntegerListRules& rules,
                                     std::vector<int64_t> fallback = {}) const;
    const std::vector<std::string>& positionals() const { return m_positionals; }
    // Throws UsageError naming the first option not in `known`.
    void allowOnly(const std::vector<std::string>& known) const;

private:
    std::map<std::string, std::string> m_options;
    std::vector<std::string> m_positionals;
};

// Bounds that several commands' options share (their usage texts state them).
struct OptionLimits {
    static constexpr long long kThreads = 1024;  // --threads: worker or compute threads
    static constexpr long long kEpoch = 100000;  // an epoch of a zoo (--epoch, --epochs lists, --at, ...)
    static constexpr long long kSeed = std::numeric_limits<int64_t>::max(); // --seed: 0..2^63-1
    static constexpr double kMaxAbs = 1e6;       // --max-abs: a bound on |w|
};

struct Command {
    std::string name;     // may have several words: "zoo create"
    std::string summary;  // one line for --help
    std::string usage;    // the full usage text for `<name> --help`
    std::function<int(const Arguments& args, std::ostream& out, std::ostream& err)> run;
    std::vector<std::string> flags; // options of this command that take no value
};

// Dispatches `zooscope-cli <command words...> [options]` to the registered commands.
class CommandLine {
public:
    CommandLine();
    void add(Command command);
    int run(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) const;

private:
    void printHelp(std::ostream& out) const;
    std::vector<Command> m_commands;
};

} // namespace zooscope::cli
