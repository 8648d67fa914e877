#!/usr/bin/env bash
# A sweep as SHARDS independent processes under GNU parallel, then one merged report,
# byte-identical to running the whole sweep in one process.
#
#   examples/parallel.sh <scenario> <out-dir> <shards> [sweep options…]
#   examples/parallel.sh scenarios/scale-out.yaml out/scale 4 --vary topology.servers.count=2,4,8,16,32
#
# Each job finds its shard with --shard auto (GNU parallel numbers jobs from 1 in PARALLEL_SEQ;
# LBSIM_SHARD_COUNT says how many there are). JOBS (default: the number of shards) limits how many
# run at once; add e.g. --sshloginfile to PARALLEL_OPTS to spread them over several machines
# that share the output folder. LBSIM is the command to run (default: npx lbsim).
set -euo pipefail
if [ $# -lt 3 ]; then
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
scenario=$1 out=$2 shards=$3
shift 3
read -r -a lbsim <<< "${LBSIM:-npx lbsim}"
read -r -a parallel_opts <<< "${PARALLEL_OPTS:-}"

mkdir -p "$out"
seq "$shards" | LBSIM_SHARD_COUNT=$shards parallel --will-cite --halt now,fail=1 -j "${JOBS:-$shards}" "${parallel_opts[@]}" -q \
  "${lbsim[@]}" sweep "$scenario" "$@" --shard auto --workers 1 --quiet --out "$out/shard-{}"
merge_opts=()
for arg in "$@"; do [ "$arg" = --no-png ] && merge_opts+=(--no-png); done
"${lbsim[@]}" merge "$out"/shard-* --out "$out/merged" --quiet "${merge_opts[@]}"
echo "merged report: $out/merged/report.html"
