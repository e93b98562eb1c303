// "Write Slurm job scripts": a zoo made on a Slurm cluster as an array job (one `zoo create --shard i/n`
// per array task) plus a merge job (`zoo merge`) that Slurm starts only after every shard succeeded.
// The same scripts come from the command line (`zooscope-cli zoo create ... --slurm-scripts DIR --shards N`)
// and from the window, so the user sees one shape of job wherever they made it; packaging/slurm/ holds an
// example. Plain C++ (no Qt), every file written through core/AtomicFile.
//
// Usage:
//     SlurmJobRequest r;
//     r.zooCreateArguments = {"--seeds", "1-1000", "--epochs", "50"};
//     r.outputZoo = "/shared/zoos/seeds.zoo";
//     r.shards = 20;
//     r.cliPath = "/usr/bin/zooscope-cli";
//     const SlurmJobFiles files = SlurmJobScripts::write(r, "/shared/zoos/seeds-jobs");
//     // then, on the cluster: /shared/zoos/seeds-jobs/submit.sh
#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace zooscope {

// What the scripts run. Paths that are relative are taken relative to workingDirectory, where both jobs
// also run (#SBATCH --chdir), so relative paths in the arguments mean what they meant when typed.
struct SlurmJobRequest {
    // The `zoo create` arguments as typed, e.g. {"--seeds", "1-1000", "--epochs", "50"}; without --out
    // and --shard (the scripts add those per shard) and without the Slurm options themselves.
    std::vector<std::string> zooCreateArguments;
    std::string outputZoo;        // the merged zoo the merge job writes; shards go next to it
    int shards = 0;               // array tasks, 1..kMaxShards (at most the zoo's models: no empty shard)
    std::string cliPath;          // zooscope-cli as the compute nodes find it (a name without '/': via PATH)
    std::string partition;        // #SBATCH --partition; empty: the cluster's default partition
    std::string timeLimit;        // #SBATCH --time of each job, Slurm's form ("90", "2:00:00", "1-12:00:00"); empty: the partition's
    int cpusPerTask = 0;          // #SBATCH --cpus-per-task and the shards' --threads (unless the arguments give
                                  // --threads); 0: not set (Slurm's default, one CPU)
    std::string workingDirectory; // empty: the current folder (a caller with absolute paths, like the window,
                                  // best gives the output zoo's folder: the process's folder may hold blanks)
};

// The files write() made, absolute paths.
struct SlurmJobFiles {
    std::string arrayScript;  // DIR/zoo-shards.sbatch: the array job, task i runs `zoo create ... --shard i/N`
    std::string mergeScript;  // DIR/zoo-merge.sbatch: `zoo merge OUT SHARD...`, cancelled if a shard fails
    std::string submitScript; // DIR/submit.sh [--wait]: submits both, the merge with --dependency=afterok
    std::vector<std::string> all() const { return {arrayScript, mergeScript, submitScript}; }
};

// A request that check() refuses: `field` names what is wrong as the command line's option does
// ("shards", "partition", "time-limit", "cpus-per-task", "out", "slurm-scripts" for the folder) or
// "cli", "arguments", "working-directory"; what() says why, e.g. "expects an integer in 1..100000, got '0'".
class SlurmRequestError : public std::invalid_argument {
public:
    SlurmRequestError(std::string field, const std::string& message)
        : std::invalid_argument(message), m_field(std::move(field))
    {
    }
    const std::string& field() const { return m_field; }

private:
    std::string m_field;
};

class SlurmJobScripts {
public:
    static constexpr int kMaxShards = 100000;
    static constexpr const char* kArrayScriptName = "zoo-shards.sbatch";
    static constexpr const char* kMergeScriptName = "zoo-merge.sbatch";
    static constexpr const char* kSubmitScriptName = "submit.sh";

    // Throws SlurmRequestError when the request cannot make working scripts in `folder` (no output zoo
    // or zooscope-cli, shards out of range, --out/--shard among the arguments, a time limit not in
    // Slurm's form, a partition name with blanks, a folder that an #SBATCH line cannot carry, ...).
    // Writes nothing and does not look at the disk.
    static void check(const SlurmJobRequest& request, const std::string& folder);

    // Writes the three scripts into `folder` (relative: to the current folder; created when missing, its
    // parent must exist), executable, replacing earlier ones. Checks the request first
    // (SlurmRequestError); a failed write throws std::runtime_error naming the path. Returns the paths.
    static SlurmJobFiles write(const SlurmJobRequest& request, const std::string& folder);

    // The scripts' text (what write() stores), for previews; `folder` is where the scripts and the jobs'
    // logs (zoo-shard-<i>.log, zoo-merge.log) go. The request must pass check().
    static std::string arrayScript(const SlurmJobRequest& request, const std::string& folder);
    static std::string mergeScript(const SlurmJobRequest& request, const std::string& folder);
    static std::string submitScript(const SlurmJobRequest& request, const std::string& folder);

    // Where array task `index` (1..shards) writes its shard: next to the output zoo,
    // "seeds.zoo" -> "seeds.shard-3-of-20.zoo" (absolute when the request's paths resolve so).
    static std::string shardPath(const SlurmJobRequest& request, int index);

    // `text` as one word for bash: unchanged when it holds only safe characters, else in single quotes.
    static std::string shellQuoted(const std::string& text);
};

} // namespace zooscope
