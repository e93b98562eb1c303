#!/bin/bash
# ZooScope: submits zoo-shards.sbatch (16 shards) and zoo-merge.sbatch, which Slurm starts after
# every shard succeeded (--dependency=afterok) and cancels when one failed.
# Usage: submit.sh [--wait]
#   --wait  return when the merge job has ended; exit status 0 only when it completed.
# sbatch's environment variables (SBATCH_PARTITION, SBATCH_ACCOUNT, ...) apply to both jobs.
set -euo pipefail
zoo=/scratch/zoos/fmnist-grid.zoo
logs=/scratch/zoos/jobs
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
wait=()
case "${1:-}" in
  --wait) wait=(--wait) ;;
  "") ;;
  *) echo "usage: $0 [--wait]" >&2; exit 2 ;;
esac
array=$(sbatch --parsable "$here/zoo-shards.sbatch")
array=${array%%;*}
echo "submitted shard array job $array (16 tasks, logs $logs/zoo-shard-<i>.log)"
status=0
merge=$(sbatch --parsable "${wait[@]}" --dependency=afterok:"$array" "$here/zoo-merge.sbatch") || status=$?
merge=${merge%%;*}
if [ ${#wait[@]} -eq 0 ]; then
  [ "$status" -eq 0 ] || exit "$status"
  echo "submitted merge job $merge (writes $zoo, log $logs/zoo-merge.log)"
  exit 0
fi
# sbatch --wait exits 0 for a job cancelled before it started: ask for the job's state.
state=$(scontrol show job -o "$merge" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | cut -d= -f2 || true)
if [ "$status" -ne 0 ] || [ "${state:-COMPLETED}" != COMPLETED ]; then
  echo "merge job $merge ended ${state:-with exit status $status} (logs in $logs)" >&2
  exit 1
fi
echo "merge job $merge completed: $zoo"
