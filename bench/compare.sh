#!/usr/bin/env bash
# textgan against PyTorch on the same model, schedule and data, alternating
# runs on the same settings; prints one table of s/iter and peak RSS ratios.
#
#   bench/compare.sh                      # C = 128 and 512, gp and fd, 2 threads, n_critic = 10
#   DIMS="128" PENALTIES="gp" ITERATIONS=2 ROUNDS=1 bench/compare.sh
#
# OpenBLAS is held to its AVX2 kernel on this machine by OPENBLAS_CORETYPE
# (older builds misbehave on some CPUs); PyTorch is not. Like-for-like, this
# script unsets OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE for its own textgan
# commands only, and prints the kernel OpenBLAS used. Needs a PyTorch CPU
# wheel in $PYTHON (default: the python3 on PATH, e.g. an activated venv):
#   python3 -m venv ~/torchenv && ~/torchenv/bin/pip install torch==2.13.0+cpu
#   PYTHON=~/torchenv/bin/python bench/compare.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
DIMS=${DIMS:-"128 512"}
PENALTIES=${PENALTIES:-"gp fd"}
THREADS=${THREADS:-2}
N_CRITIC=${N_CRITIC:-${K:-10}}   # critic steps per generator step (K: its old name, still read)
ITERATIONS=${ITERATIONS:-3}
ROUNDS=${ROUNDS:-3}       # alternating textgan / PyTorch rounds per cell (the machine's speed drifts)

"$PYTHON" -c "import torch" 2>/dev/null || { echo "bench/compare.sh: no PyTorch in $PYTHON; set PYTHON to a Python with torch (see the comment at the top)" >&2; exit 1; }
source bench/common.sh

echo "n_critic = $N_CRITIC, B = 64, T = 32, $THREADS threads; each cell: median over $ROUNDS alternating rounds of the median of $ITERATIONS timed iterations"
printf '%-5s %-8s %12s %12s %8s %11s %11s %8s  %s\n' C penalty "textgan s" "pytorch s" ratio "textgan MiB" "pytorch MiB" ratio "OpenBLAS kernel, vector kernels"
median() { python3 -c "import statistics,sys; print(statistics.median(float(x) for x in sys.argv[1:]))" "$@"; }
for c in $DIMS; do
    for p in $PENALTIES; do
        common="--dim $c --penalty $p --critic-iterations $N_CRITIC --iterations $ITERATIONS --threads $THREADS"
        tss=(); pss=(); tms=(); pms=(); rounds=()
        for r in $(seq "$ROUNDS"); do
            t=$(textgan bench $common --warmup 1 --json)
            py=$("$PYTHON" bench/pytorch_baseline.py $common --warmup 1 2>/dev/null)
            ts=$(echo "$t" | field "d['result']['secondsPerIteration']['median']")
            ps=$(echo "$py" | field "d['secondsPerIteration']['median']")
            tss+=("$ts"); pss+=("$ps")
            tms+=("$(echo "$t" | field "d['result']['peakMemoryMiB']")"); pms+=("$(echo "$py" | field "d['peakMemoryMiB']")")
            rounds+=("$(python3 -c "print(f'{$ts/$ps:.2f}')")")
            core=$(echo "$t" | field "d['openblasCore'] + ', vector kernels ' + d.get('kernelPath', '?')")
        done
        ts=$(median "${tss[@]}"); ps=$(median "${pss[@]}"); tm=$(median "${tms[@]}"); pm=$(median "${pms[@]}")
        printf '%-5s %-8s %12.3f %12.3f %8.2f %11.0f %11.0f %8.2f  %s (round ratios %s)\n' "$c" "$p" "$ts" "$ps" \
            "$(python3 -c "print($ts/$ps)")" "$tm" "$pm" "$(python3 -c "print($tm/$pm)")" "$core" "${rounds[*]}"
    done
done
