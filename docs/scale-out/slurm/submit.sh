#!/bin/bash
# Submits SHARDS shards as Slurm job arrays of at most CHUNK tasks each (task ids must stay below
# the cluster's MaxArraySize: `scontrol show config | grep MaxArraySize`), at most PARALLEL tasks
# of each array running at once, then one merge job that starts when every array has ended.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
SHARDS=${SHARDS:-2500}
CHUNK=${CHUNK:-1000}
PARALLEL=${PARALLEL:-50}
export RENOPLAN_DATA=${RENOPLAN_DATA:-/shared/province}
arrays=()
for ((offset = 0; offset < SHARDS; offset += CHUNK)); do
  tasks=$((SHARDS - offset < CHUNK ? SHARDS - offset : CHUNK))
  arrays+=("$(sbatch --parsable --array="0-$((tasks - 1))%${PARALLEL}" \
    --export="ALL,SHARDS=${SHARDS},SHARD_OFFSET=${offset}" "$here/renoplan-array.sbatch")")
done
# afterany: the merge runs even when some scenarios failed (their shards exit 1); it refuses,
# naming them, if a shard never finished (then resubmit that shard and merge again).
sbatch --parsable --job-name=renoplan-merge --dependency="afterany:$(IFS=:; echo "${arrays[*]}")" \
  --wrap="cd '${RENOPLAN_DATA}' && renoplan batch merge plans --out plans"
