#include "core/cluster/SlurmJobScripts.h"

#include "core/AtomicFile.h"

#include <algorithm>
#include <filesystem>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace zooscope {

namespace {

namespace fs = std::filesystem;

fs::path workingDirectoryOf(const SlurmJobRequest& r)
{
    return r.workingDirectory.empty() ? fs::current_path() : fs::absolute(r.workingDirectory).lexically_normal();
}

fs::path resolved(const std::string& path, const fs::path& base)
{
    const fs::path p(path);
    return (p.is_absolute() ? p : base / p).lexically_normal();
}

std::string folderOf(const std::string& folder) { return fs::absolute(folder).lexically_normal().string(); }

// A path on an #SBATCH line: sbatch splits those lines at blanks and reads % as a pattern (%a, %j).
void checkDirectiveSafe(const std::string& path, const std::string& field)
{
    if (path.find_first_of(" \t\n\r\"'%\\$`") != std::string::npos)
        throw SlurmRequestError(field, "'" + path +
                                           "' holds a blank, quote, backslash, $, ` or %, which #SBATCH lines cannot "
                                           "carry; choose a path without them");
}

// Slurm's --time forms: minutes, minutes:seconds, hours:minutes:seconds, days-hours,
// days-hours:minutes, days-hours:minutes:seconds, or unlimited.
bool isSlurmTime(const std::string& t)
{
    static const std::regex form(R"(^(\d+(:\d+){0,2}|\d+-\d+(:\d+){0,2}|UNLIMITED|INFINITE|unlimited|infinite)$)");
    return std::regex_match(t, form);
}

bool startsWithOption(const std::string& arg, const std::string& option)
{
    return arg == option || arg.rfind(option + "=", 0) == 0;
}

bool hasThreadsOption(const std::vector<std::string>& args)
{
    return std::any_of(args.begin(), args.end(), [](const std::string& a) { return startsWithOption(a, "--threads"); });
}

// The shard file name around its index: prefix + i + suffix, "seeds.zoo" -> "seeds.shard-" i "-of-20.zoo".
std::pair<std::string, std::string> shardNameParts(const SlurmJobRequest& r)
{
    const fs::path out = resolved(r.outputZoo, workingDirectoryOf(r));
    const std::string prefix = (out.parent_path() / (out.stem().string() + ".shard-")).string();
    return {prefix, "-of-" + std::to_string(r.shards) + out.extension().string()};
}

std::string cliOf(const SlurmJobRequest& r)
{
    if (r.cliPath.find('/') == std::string::npos)
        return r.cliPath; // found through PATH on the nodes
    return resolved(r.cliPath, workingDirectoryOf(r)).string();
}

// The #SBATCH lines both jobs share.
void commonDirectives(std::ostringstream& s, const SlurmJobRequest& r)
{
    s << "#SBATCH --chdir=" << workingDirectoryOf(r).string() << "\n";
    if (!r.partition.empty())
        s << "#SBATCH --partition=" << r.partition << "\n";
    if (!r.timeLimit.empty())
        s << "#SBATCH --time=" << r.timeLimit << "\n";
}

std::string commandLine(const std::string& cli, const std::vector<std::string>& words)
{
    std::string line = SlurmJobScripts::shellQuoted(cli);
    for (const auto& w : words) {
        line += ' ';
        line += SlurmJobScripts::shellQuoted(w);
    }
    return line;
}

} // namespace

void SlurmJobScripts::check(const SlurmJobRequest& r, const std::string& folder)
{
    using E = SlurmRequestError;
    if (r.outputZoo.empty())
        throw E("out", "no output zoo file given (the merged zoo the merge job writes)");
    if (r.cliPath.empty())
        throw E("cli", "no zooscope-cli path given (the program the jobs run on the nodes)");
    if (r.shards < 1 || r.shards > kMaxShards)
        throw E("shards", "expects an integer in 1.." + std::to_string(kMaxShards) + ", got '" +
                              std::to_string(r.shards) + "'");
    if (r.cpusPerTask < 0 || r.cpusPerTask > 1024)
        throw E("cpus-per-task", "expects an integer in 1..1024 (or 0: Slurm's default), got '" +
                                     std::to_string(r.cpusPerTask) + "'");
    if (!r.timeLimit.empty() && !isSlurmTime(r.timeLimit))
        throw E("time-limit", "'" + r.timeLimit + "' is not in Slurm's form (minutes, H:MM:SS, D-HH:MM:SS or unlimited)");
    static const std::regex partitionName(R"(^[A-Za-z0-9_.,-]+$)");
    if (!r.partition.empty() && !std::regex_match(r.partition, partitionName))
        throw E("partition", "'" + r.partition + "' is not a Slurm partition name (letters, digits, _ . - and commas)");
    for (const auto& a : r.zooCreateArguments) {
        for (const char* own : {"--out", "--shard", "--slurm-scripts", "--shards"})
            if (startsWithOption(a, own))
                throw E("arguments", std::string(own) + " is set by the job scripts themselves; leave it out of the "
                                                        "zoo create arguments");
        if (a.find('\0') != std::string::npos)
            throw E("arguments", "an argument holds a NUL character");
    }
    // Paths also appear in the scripts' comments, where a line break would start a command.
    if (r.outputZoo.find_first_of("\n\r") != std::string::npos)
        throw E("out", "the path holds a line break");
    if (r.cliPath.find_first_of("\n\r") != std::string::npos)
        throw E("cli", "the path holds a line break");
    checkDirectiveSafe(workingDirectoryOf(r).string(), "working-directory");
    checkDirectiveSafe(folderOf(folder), "slurm-scripts");
}

std::string SlurmJobScripts::shellQuoted(const std::string& text)
{
    static const std::regex safe(R"(^[A-Za-z0-9_@%+=:,./-]+$)");
    if (std::regex_match(text, safe))
        return text;
    std::string q = "'";
    for (char c : text)
        q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

std::string SlurmJobScripts::shardPath(const SlurmJobRequest& r, int index)
{
    const auto [prefix, suffix] = shardNameParts(r);
    return prefix + std::to_string(index) + suffix;
}

std::string SlurmJobScripts::arrayScript(const SlurmJobRequest& r, const std::string& folder)
{
    const std::string n = std::to_string(r.shards);
    const std::string dir = folderOf(folder);
    const auto [prefix, suffix] = shardNameParts(r);
    std::vector<std::string> args = r.zooCreateArguments;
    if (!hasThreadsOption(args)) // all cores of the node would crowd the other tasks there
        args.insert(args.end(), {"--threads", std::to_string(std::max(r.cpusPerTask, 1))});

    std::ostringstream s;
    s << "#!/bin/bash\n"
      << "# ZooScope: a zoo in " << n << " shards, array task i trains block i of " << n
      << " (zoo create --shard i/" << n << ").\n"
      << "# Written by \"Write Slurm job scripts\" (zooscope-cli zoo create ... --slurm-scripts DIR --shards N).\n"
      << "# Submit with submit.sh next to this file: it also submits " << kMergeScriptName << ", which joins the\n"
      << "# shards into " << resolved(r.outputZoo, workingDirectoryOf(r)).string() << " once every task succeeded.\n"
      << "# A task stopped by Slurm (time limit, preemption: SIGTERM) keeps its shard's .resume file; run it\n"
      << "# again (sbatch --array=<i> " << kArrayScriptName << ") and it continues from there.\n"
      << "#SBATCH --job-name=zooscope-shards\n"
      << "#SBATCH --array=1-" << n << "\n"
      << "#SBATCH --output=" << dir << "/zoo-shard-%a.log\n";
    if (r.cpusPerTask > 0)
        s << "#SBATCH --cpus-per-task=" << r.cpusPerTask << "\n";
    commonDirectives(s, r);
    s << "set -euo pipefail\n"
      << "shard=${SLURM_ARRAY_TASK_ID:?\"submit this script with sbatch as an array job (submit.sh does)\"}\n"
      << "exec " << commandLine(cliOf(r), {"zoo", "create"});
    for (const auto& a : args)
        s << " " << shellQuoted(a);
    s << " --shard \"$shard/" << n << "\" --out " << shellQuoted(prefix) << "\"$shard\"" << shellQuoted(suffix) << "\n";
    return s.str();
}

std::string SlurmJobScripts::mergeScript(const SlurmJobRequest& r, const std::string& folder)
{
    const std::string n = std::to_string(r.shards);
    const auto [prefix, suffix] = shardNameParts(r);
    const std::string out = resolved(r.outputZoo, workingDirectoryOf(r)).string();
    std::ostringstream s;
    s << "#!/bin/bash\n"
      << "# ZooScope: joins the " << n << " shards of " << kArrayScriptName << " into " << out << " (zoo merge).\n"
      << "# submit.sh submits it with --dependency=afterok:<array job>: it starts once every shard succeeded\n"
      << "# and is cancelled when one failed. The shard files stay; remove them once the zoo is fine.\n"
      << "#SBATCH --job-name=zooscope-merge\n"
      << "#SBATCH --output=" << folderOf(folder) << "/zoo-merge.log\n"
      << "#SBATCH --kill-on-invalid-dep=yes\n";
    commonDirectives(s, r);
    s << "set -euo pipefail\n"
      << "shards=()\n"
      << "for ((i = 1; i <= " << n << "; ++i)); do shards+=(" << shellQuoted(prefix) << "\"$i\"" << shellQuoted(suffix)
      << "); done\n"
      << "exec " << commandLine(cliOf(r), {"zoo", "merge", out}) << " \"${shards[@]}\"\n";
    return s.str();
}

std::string SlurmJobScripts::submitScript(const SlurmJobRequest& r, const std::string& folder)
{
    const std::string out = resolved(r.outputZoo, workingDirectoryOf(r)).string();
    const std::string dir = folderOf(folder);
    std::ostringstream s;
    s << "#!/bin/bash\n"
      << "# ZooScope: submits " << kArrayScriptName << " (" << r.shards << " shards) and " << kMergeScriptName
      << ", which Slurm starts after\n"
      << "# every shard succeeded (--dependency=afterok) and cancels when one failed.\n"
      << "# Usage: submit.sh [--wait]\n"
      << "#   --wait  return when the merge job has ended; exit status 0 only when it completed.\n"
      << "# sbatch's environment variables (SBATCH_PARTITION, SBATCH_ACCOUNT, ...) apply to both jobs.\n"
      << "set -euo pipefail\n"
      << "zoo=" << shellQuoted(out) << "\n"
      << "logs=" << shellQuoted(dir) << "\n"
      << "here=$(cd \"$(dirname \"${BASH_SOURCE[0]}\")\" && pwd)\n"
      << "wait=()\n"
      << "case \"${1:-}\" in\n"
      << "  --wait) wait=(--wait) ;;\n"
      << "  \"\") ;;\n"
      << "  *) echo \"usage: $0 [--wait]\" >&2; exit 2 ;;\n"
      << "esac\n"
      << "array=$(sbatch --parsable \"$here/" << kArrayScriptName << "\")\n"
      << "array=${array%%;*}\n"
      << "echo \"submitted shard array job $array (" << r.shards << " tasks, logs $logs/zoo-shard-<i>.log)\"\n"
      << "status=0\n"
      << "merge=$(sbatch --parsable \"${wait[@]}\" --dependency=afterok:\"$array\" \"$here/" << kMergeScriptName
      << "\") || status=$?\n"
      << "merge=${merge%%;*}\n"
      << "if [ ${#wait[@]} -eq 0 ]; then\n"
      << "  [ \"$status\" -eq 0 ] || exit \"$status\"\n"
      << "  echo \"submitted merge job $merge (writes $zoo, log $logs/zoo-merge.log)\"\n"
      << "  exit 0\n"
      << "fi\n"
      << "# sbatch --wait exits 0 for a job cancelled before it started: ask for the job's state.\n"
      << "state=$(scontrol show job -o \"$merge\" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | cut -d= -f2 || true)\n"
      << "if [ \"$status\" -ne 0 ] || [ \"${state:-COMPLETED}\" != COMPLETED ]; then\n"
      << "  echo \"merge job $merge ended ${state:-with exit status $status} (logs in $logs)\" >&2\n"
      << "  exit 1\n"
      << "fi\n"
      << "echo \"merge job $merge completed: $zoo\"\n";
    return s.str();
}

SlurmJobFiles SlurmJobScripts::write(const SlurmJobRequest& r, const std::string& folder)
{
    check(r, folder);
    const fs::path dir = folderOf(folder);
    std::error_code ec;
    if (!fs::is_directory(dir, ec) && !fs::create_directory(dir, ec))
        throw std::runtime_error("cannot create the folder " + dir.string() + ": " +
                                 (ec ? ec.message() : std::string("not a folder")));
    SlurmJobFiles files;
    files.arrayScript = (dir / kArrayScriptName).string();
    files.mergeScript = (dir / kMergeScriptName).string();
    files.submitScript = (dir / kSubmitScriptName).string();
    const std::pair<std::string, std::string> texts[] = {{files.arrayScript, arrayScript(r, folder)},
                                                         {files.mergeScript, mergeScript(r, folder)},
                                                         {files.submitScript, submitScript(r, folder)}};
    for (const auto& [path, text] : texts) {
        AtomicFile::write(path, text);
        fs::permissions(path, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                  fs::perms::others_read | fs::perms::others_exec,
                        ec);
        if (ec)
            throw std::runtime_error("cannot make " + path + " executable: " + ec.message());
    }
    return files;
}

} // namespace zooscope
