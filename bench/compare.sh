#!/usr/bin/env bash
# textgan against PyTorch on the same model, schedule and data, alternating
# runs on the same settings; prints one table of s/iter and peak RSS ratios.
#
#   bench/compare.sh                      # C = 128 and 512, gp and fd, 2 threads, n_critic = 10
#   DIMS="128" PENALTIES="gp" ITERATIONS=2 ROUNDS=1 bench/compare.sh
#   SPLITS="batch gemm" bench/compare.sh  # textgan's thread splits (textgan --split), each against the same PyTorch
#
# Per cell: s/iter of each, their ratio, peak memory, textgan's share of CPU time in the
# kernel over its timed iterations (system / (user + system), from getrusage), and the GFLOP/s of textgan's GEMMs inside
# training against the same calls replayed alone (textgan bench's GEMMReplay).
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
SPLITS=${SPLITS:-batch}

"$PYTHON" -c "import torch" 2>/dev/null || { echo "bench/compare.sh: no PyTorch in $PYTHON; set PYTHON to a Python with torch (see the comment at the top)" >&2; exit 1; }
source bench/common.sh

echo "n_critic = $N_CRITIC, B = 64, T = 32, $THREADS threads; each cell: median over $ROUNDS alternating rounds of the median of $ITERATIONS timed iterations"
printf '%-5s %-8s %-6s %10s %10s %6s %8s %8s %6s %5s %12s  %s\n' C penalty split "textgan s" "pytorch s" ratio "tg MiB" "pt MiB" ratio "sys%" "GEMM in/alone" "OpenBLAS kernel, vector kernels"
median() { python3 -c "import statistics,sys; print(statistics.median(float(x) for x in sys.argv[1:]))" "$@"; }
for c in $DIMS; do
    for p in $PENALTIES; do
        common="--dim $c --penalty $p --critic-iterations $N_CRITIC --iterations $ITERATIONS --threads $THREADS"
        declare -A tss=() tms=() sys=() gin=() galone=()
        pss=(); pms=()
        for r in $(seq "$ROUNDS"); do
            for split in $SPLITS; do
                t=$(textgan bench $common --split "$split" --warmup 1 --json)
                tss[$split]+="$(echo "$t" | field "d['result']['secondsPerIteration']['median']") "
                tms[$split]+="$(echo "$t" | field "d['result']['peakMemoryMiB']") "
                sys[$split]+="$(echo "$t" | field "round(100 * d['result']['cpuPerIteration']['systemSeconds'] / (d['result']['cpuPerIteration']['userSeconds'] + d['result']['cpuPerIteration']['systemSeconds']), 1)") "
                gin[$split]+="$(echo "$t" | field "d['result']['gemmGflopsPerThread']") "
                galone[$split]+="$(echo "$t" | field "d['result']['isolatedGemmGflopsPerThread']") "
                core=$(echo "$t" | field "d['openblasCore'] + ', vector kernels ' + d.get('kernelPath', '?')")
            done
            py=$("$PYTHON" bench/pytorch_baseline.py $common --warmup 1 2>/dev/null)
            pss+=("$(echo "$py" | field "d['secondsPerIteration']['median']")"); pms+=("$(echo "$py" | field "d['peakMemoryMiB']")")
        done
        ps=$(median "${pss[@]}"); pm=$(median "${pms[@]}")
        for split in $SPLITS; do
            ts=$(median ${tss[$split]}); tm=$(median ${tms[$split]})
            printf '%-5s %-8s %-6s %10.3f %10.3f %6.2f %8.0f %8.0f %6.2f %5.1f %5.0f/%-6.0f  %s\n' "$c" "$p" "$split" "$ts" "$ps" \
                "$(python3 -c "print($ts/$ps)")" "$tm" "$pm" "$(python3 -c "print($tm/$pm)")" "$(median ${sys[$split]})" \
                "$(median ${gin[$split]})" "$(median ${galone[$split]})" "$core"
        done
    done
done
