#!/usr/bin/env bash
# How textgan's cost grows with batch size B and width C: s/iter of
# `textgan bench` over a grid, with the cost per example per C² beside it
# (constant when the cost is linear in B and quadratic in C).
#
#   bench/scaling.sh                               # B ∈ {16, 64, 256}, C ∈ {64, 128, 256, 512}, gp, n_critic = 10
#   BATCHES="16 64" DIMS="64 128" PENALTY=fd bench/scaling.sh
#
# Like compare.sh, unsets OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE for its own
# commands (KEEP_CORETYPE=1 leaves them) and prints the kernel OpenBLAS used.
set -euo pipefail
cd "$(dirname "$0")/.."
BATCHES=${BATCHES:-"16 64 256"}
DIMS=${DIMS:-"64 128 256 512"}
PENALTY=${PENALTY:-gp}
THREADS=${THREADS:-2}
N_CRITIC=${N_CRITIC:-${K:-10}}   # critic steps per generator step (K: its old name, still read)
ITERATIONS=${ITERATIONS:-2}

source bench/common.sh

echo "penalty $PENALTY, n_critic = $N_CRITIC, T = 32, $THREADS threads, median of $ITERATIONS iterations after 1 warm-up"
printf '%-5s %-5s %10s %10s %6s %24s  %s\n' C B "s/iter" "GFLOP/s" "GEMM" "µs per example·(C/128)²" "OpenBLAS kernel, vector kernels"
for c in $DIMS; do
    for b in $BATCHES; do
        t=$(textgan bench --dim "$c" --batch-size "$b" --penalty "$PENALTY" --critic-iterations "$N_CRITIC" \
            --iterations "$ITERATIONS" --warmup 1 --threads "$THREADS" --json)
        s=$(echo "$t" | field "d['result']['secondsPerIteration']['median']")
        g=$(echo "$t" | field "d['result']['gflopsPerSecond']")
        share=$(echo "$t" | field "round(100 * d['result']['gemmShare'])")
        core=$(echo "$t" | field "d['openblasCore'] + ', vector kernels ' + d.get('kernelPath', '?')")
        per=$(python3 -c "print($s / $b / ($c * $c / (128 * 128)) * 1e6)")
        printf '%-5s %-5s %10.3f %10.1f %5s%% %24.0f  %s\n' "$c" "$b" "$s" "$g" "$share" "$per" "$core"
    done
done
