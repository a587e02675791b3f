#!/usr/bin/env bash
# Data-parallel training on one machine: N ranks × 1 thread (mpirun) against
# 1 process × N threads, at the paper's model (5 blocks, kernel 5, B = 64,
# T = 32, n_critic = 10) with C = 128 and C = 512. For each: seconds per
# iteration (median of the timed iterations after WARMUP), all-reduce seconds
# per iteration and their share, and the bytes one rank sends into the
# all-reduces per iteration (n_critic critic gradients and one generator
# gradient, 4 bytes a parameter). Then `compare --jobs N` against the same
# runs one after another. docs/distributed.md explains the numbers.
#
#   bench/mpi.sh                         # C = 128 and 512, N = 2
#   DIMS=128 ITERATIONS=4 bench/mpi.sh
#
# Like the other bench scripts, unsets OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE
# for its own commands (KEEP_CORETYPE=1 leaves them) and prints the kernel
# OpenBLAS used. As root, set OMPI_ALLOW_RUN_AS_ROOT=1 and
# OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 (or run as another user).
set -euo pipefail
cd "$(dirname "$0")/.."
DIMS=${DIMS:-"128 512"}
RANKS=${RANKS:-2}
N_CRITIC=${N_CRITIC:-10}
ITERATIONS=${ITERATIONS:-4}
WARMUP=${WARMUP:-1}
COMPARE_ITERATIONS=${COMPARE_ITERATIONS:-300}
source bench/common.sh
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
corpus=corpora/english.txt
mpi() {
    if [ "$KEEP_CORETYPE" = 1 ]; then mpirun -n "$RANKS" --oversubscribe "$TEXTGAN_BIN" "$@"
    else mpirun -n "$RANKS" --oversubscribe -x OPENBLAS_CORETYPE= -x OPENBLAS_L2_SIZE= env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$TEXTGAN_BIN" "$@"; fi
}
# Median s/iter and all-reduce s/iter over the timed iterations of a run directory.
summarise() {
    python3 - "$1" "$WARMUP" <<'EOF'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1] + "/metrics.jsonl")][int(sys.argv[2]):]
s = statistics.median(r["secondsPerIteration"] for r in rows)
a = statistics.median(r.get("allReduceSecondsPerIteration") or 0 for r in rows)
print(f"{s:.3f} {a:.4f}")
EOF
}
total=$((ITERATIONS + WARMUP))
common=(--corpus "$corpus" --preset paper --critic-iterations "$N_CRITIC" --iterations "$total" --log-every 1 --eval-every 0
        --sample-every 100000 --checkpoint-every 100000)
printf '%-5s %-22s %9s %13s %8s %14s  %s\n' C layout "s/iter" "all-reduce s" share "MB sent/iter" "OpenBLAS kernel"
for dim in $DIMS; do
    textgan train "${common[@]}" --dim "$dim" --out "$out/one-$dim" --threads "$RANKS" > "$out/one-$dim.log"
    mpi train "${common[@]}" --dim "$dim" --out "$out/mpi-$dim" --threads 1 > "$out/mpi-$dim.log"
    kernel=$(grep -o 'OpenBLAS [A-Za-z0-9_]*' "$out/one-$dim.log" | head -1 | cut -d' ' -f2)
    bytes=$(python3 - "$out/one-$dim" "$N_CRITIC" <<'EOF'
import json, struct, glob, sys
# Parameters of each network, from the final checkpoint's tensor names and shapes.
path = sorted(glob.glob(sys.argv[1] + "/checkpoint-*.safetensors"))[-1]
raw = open(path, "rb").read()
header = json.loads(raw[8:8 + struct.unpack("<Q", raw[:8])[0]])
count = lambda prefix: sum(eval("*".join(map(str, v["shape"])) or "1") for k, v in header.items() if k.startswith(prefix))
print(f"{4 * (int(sys.argv[2]) * count('critic.') + count('generator.')) / 1e6:.1f}")
EOF
)
    read -r s1 _ <<< "$(summarise "$out/one-$dim")"
    read -r s2 a2 <<< "$(summarise "$out/mpi-$dim")"
    share=$(python3 -c "print(f'{100 * $a2 / $s2:.1f}%')")
    printf '%-5s %-22s %9s %13s %8s %14s  %s\n' "$dim" "1 process × $RANKS threads" "$s1" "-" "-" "-" "$kernel"
    printf '%-5s %-22s %9s %13s %8s %14s  %s\n' "$dim" "$RANKS ranks × 1 thread" "$s2" "$a2" "$share" "$bytes" "$kernel"
done

# compare --jobs: RANKS runs of the standard recipe at 1 thread, at once and one after another.
jobs_args=(compare --corpus "$corpus" --seeds "$RANKS" --iterations "$COMPARE_ITERATIONS" --threads 1 --eval-every 0 --quiet --penalties gp)
start=$(date +%s.%N); textgan "${jobs_args[@]}" --out "$out/sequential" > /dev/null; sequential=$(python3 -c "import time; print(time.time() - $start)")
start=$(date +%s.%N); textgan "${jobs_args[@]}" --out "$out/jobs" --jobs "$RANKS" > /dev/null; parallel=$(python3 -c "import time; print(time.time() - $start)")
python3 -c "print(f'compare, {$RANKS} runs of $COMPARE_ITERATIONS iterations: sequential {$sequential:.1f} s, --jobs $RANKS {$parallel:.1f} s ({$parallel / $sequential:.2f}×)')"
