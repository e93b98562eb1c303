#include "app/cli/CommandLine.h"

#include "core/EngineInfo.h"
#include "core/Progress.h"

#include <algorithm>
#include <exception>
#include <fstream>
#include <functional>
#include <iterator>
#include <ostream>
#include <sstream>

namespace zooscope::cli {

std::string invocation()
{
    std::ifstream in("/proc/self/cmdline", std::ios::binary);
    std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::string out;
    size_t start = 0;
    bool first = true;
    while (start < all.size()) {
        size_t end = all.find('\0', start);
        if (end == std::string::npos)
            end = all.size();
        std::string arg = all.substr(start, end - start);
        if (first) {
            const auto slash = arg.rfind('/');
            if (slash != std::string::npos)
                arg = arg.substr(slash + 1);
            first = false;
        }
        if (!out.empty())
            out.push_back(' ');
        if (arg.empty() || arg.find_first_of(" \t\"'\\$") != std::string::npos) {
            std::string q = "'";
            for (char c : arg)
                q += c == '\'' ? std::string("'\\''") : std::string(1, c);
            out += q + "'";
        } else {
            out += arg;
        }
        start = end + 1;
    }
    return out;
}

Arguments::Arguments(const std::vector<std::string>& args, const std::vector<std::string>& flags)
{
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a.rfind("--", 0) != 0 || a == "--") {
            m_positionals.push_back(a);
            continue;
        }
        std::string key = a.substr(2);
        const auto eq = key.find('=');
        if (eq != std::string::npos) {
            m_options[key.substr(0, eq)] = key.substr(eq + 1);
        } else if (std::find(flags.begin(), flags.end(), key) != flags.end()) {
            m_options[key] = "1";
        } else {
            if (i + 1 >= args.size())
                throw UsageError("option --" + key + " needs a value");
            m_options[key] = args[++i];
        }
    }
}

bool Arguments::has(const std::string& key) const { return m_options.count(key) > 0; }

std::string Arguments::value(const std::string& key, const std::string& fallback) const
{
    const auto it = m_options.find(key);
    return it == m_options.end() ? fallback : it->second;
}

std::string Arguments::required(const std::string& key) const
{
    if (!has(key))
        throw UsageError("missing required option --" + key);
    return value(key);
}

// The whole text as an integer or a number; nothing when any of it is not (or out of the type's range).
static std::optional<long long> wholeInteger(const std::string& v)
{
    try {
        size_t used = 0;
        const long long n = std::stoll(v, &used);
        if (used == v.size())
            return n;
    } catch (const std::exception&) {
    }
    return std::nullopt;
}

static std::optional<double> wholeNumber(const std::string& v)
{
    try {
        size_t used = 0;
        const double x = std::stod(v, &used);
        if (used == v.size())
            return x;
    } catch (const std::exception&) {
    }
    return std::nullopt;
}

long long Arguments::integer(const std::string& key, long long fallback) const
{
    if (!has(key))
        return fallback;
    if (const auto n = wholeInteger(value(key)))
        return *n;
    throw UsageError("option --" + key + " expects an integer, got '" + value(key) + "'");
}

double Arguments::number(const std::string& key, double fallback) const
{
    if (!has(key))
        return fallback;
    if (const auto x = wholeNumber(value(key)))
        return *x;
    throw UsageError("option --" + key + " expects a number, got '" + value(key) + "'");
}

// "1e-09" rather than "0.000000", "100000" rather than "1e+05": the bounds as a user would type them.
static std::string boundText(double x)
{
    std::ostringstream o;
    o << x;
    return o.str();
}

long long Arguments::integer(const std::string& key, long long fallback, long long min, long long max) const
{
    if (!has(key))
        return fallback;
    const auto n = wholeInteger(value(key));
    if (n && *n >= min && *n <= max)
        return *n;
    throw UsageError("option --" + key + ": expects an integer in " + std::to_string(min) + ".." + std::to_string(max) +
                     ", got '" + value(key) + "'");
}

double Arguments::number(const std::string& key, double fallback, double min, double max) const
{
    if (!has(key))
        return fallback;
    const auto x = wholeNumber(value(key));
    if (x && *x >= min && *x <= max) // false for NaN
        return *x;
    throw UsageError("option --" + key + ": expects a number in " + boundText(min) + ".." + boundText(max) + ", got '" +
                     value(key) + "'");
}

std::vector<int64_t> Arguments::integerList(const std::string& key, const IntegerListRules& rules,
                                           std::vector<int64_t> fallback) const
{
    if (!has(key))
        return fallback;
    try {
        IntegerListRules asTyped = rules;
        asTyped.sortedUnique = false;
        std::vector<int64_t> list = parseIntegerList(value(key), asTyped);
        if (rules.sortedUnique && std::adjacent_find(list.begin(), list.end(), std::greater_equal<int64_t>()) != list.end())
            throw std::invalid_argument("'" + value(key) + "' is not in ascending order without repeats");
        return list;
    } catch (const std::invalid_argument& e) {
        throw UsageError("option --" + key + ": " + e.what());
    }
}

void Arguments::allowOnly(const std::vector<std::string>& known) const
{
    for (const auto& [key, v] : m_options) {
        if (std::find(known.begin(), known.end(), key) == known.end())
            throw UsageError("unknown option --" + key);
    }
}

CommandLine::CommandLine() = default;

void CommandLine::add(Command command) { m_commands.push_back(std::move(command)); }

static std::vector<std::string> words(const std::string& name)
{
    std::istringstream in(name);
    std::vector<std::string> w;
    for (std::string s; in >> s;)
        w.push_back(s);
    return w;
}

void CommandLine::printHelp(std::ostream& out) const
{
    out << "Usage: zooscope-cli <command> [options]\n\n"
           "ZooScope " << EngineInfo::version()
        << ": create model zoos, train hyper-representations, sample and test new models.\n\n"
           "Options:\n"
           "  --help       show this help (or `<command> --help` for a command's options)\n"
           "  --version    show the versions of ZooScope and its engine\n\n"
           "Exit codes: 0 done; 2 bad usage (an unknown command or option, a value outside its range, an input\n"
           "that is missing or a folder, an output that cannot be written), reported before any work starts;\n"
           "1 a failure while the command runs (e.g. a damaged file); 130 interrupted (Ctrl-C).\n\n"
           "Commands:\n";
    size_t width = 0;
    for (const auto& c : m_commands)
        width = std::max(width, c.name.size());
    for (const auto& c : m_commands)
        out << "  " << c.name << std::string(width - c.name.size() + 3, ' ') << c.summary << "\n";
}

int CommandLine::run(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) const
{
    if (argv.empty() || argv[0] == "--help" || argv[0] == "-h" || argv[0] == "help") {
        printHelp(out);
        return argv.empty() ? 2 : 0;
    }
    if (argv[0] == "--version" || argv[0] == "-v") {
        out << "zooscope-cli " << EngineInfo::version() << "\n"
            << "LibTorch " << EngineInfo::torchVersion() << ", HDF5 " << EngineInfo::hdf5Version() << "\n";
        return 0;
    }

    // The longest registered name that the arguments start with wins ("zoo create" over "zoo").
    const Command* match = nullptr;
    size_t matchedWords = 0;
    for (const auto& c : m_commands) {
        const auto w = words(c.name);
        if (w.size() > argv.size() || w.size() <= matchedWords)
            continue;
        if (std::equal(w.begin(), w.end(), argv.begin())) {
            match = &c;
            matchedWords = w.size();
        }
    }
    if (!match) {
        err << "zooscope-cli: unknown command '" << argv[0] << "'. Run `zooscope-cli --help` for the list.\n";
        return 2;
    }

    const std::vector<std::string> rest(argv.begin() + static_cast<long>(matchedWords), argv.end());
    if (std::find(rest.begin(), rest.end(), "--help") != rest.end()) {
        out << match->usage << "\n";
        return 0;
    }
    try {
        return match->run(Arguments(rest, match->flags), out, err);
    } catch (const UsageError& e) {
        err << "zooscope-cli " << match->name << ": " << e.what() << "\n"
            << "Run `zooscope-cli " << match->name << " --help` for its options.\n";
        return 2;
    } catch (const OperationCancelled&) {
        err << "zooscope-cli " << match->name << ": interrupted\n";
        return 130;
    } catch (const std::exception& e) {
        err << "zooscope-cli " << match->name << ": error: " << e.what() << "\n";
        return 1;
    }
}

} // namespace zooscope::cli
