#!/usr/bin/env bash
# The quality bar of the compare issue: gp, gp-one-sided, fd and fd-one-sided,
# 3 seeds each, 2000 generator iterations at C = 128, n_critic = 5, B = 64, T = 32 on
# the bundled English corpus, then one report over all twelve runs.
#
#   bench/experiments/quality-bar.sh [OUT]   # default OUT: runs/quality-bar
#
# Two `textgan compare` processes share the machine, one thread each (the
# analytic penalties in one, the difference penalties in the other): on a
# 2-core machine that finishes the twelve runs in about 60% of the time of
# one 2-thread process, and both families see the same load, so their
# s/iter stay comparable with each other (use `textgan bench` or `make bench`
# for speed itself). Interrupt it any time and run it again to continue.
# Like bench/compare.sh it unsets OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE for
# its own commands (KEEP_CORETYPE=1 keeps them): the kernel changes speed,
# not results beyond rounding.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-runs/quality-bar}
ITERATIONS=${ITERATIONS:-2000}   # smaller values, and DIM, SEEDS, only to try the script out
DIM=${DIM:-128}
SEEDS=${SEEDS:-3}
source bench/common.sh
settings=(--corpus corpora/english.txt --out "$OUT" --seeds "$SEEDS" --iterations "$ITERATIONS" --critic-iterations 5
          --batch-size 64 --seq-len 32 --dim "$DIM" --checkpoint-every 100 --eval-every 100 --log-every 20 --threads 1)
mkdir -p "$OUT"
textgan compare "${settings[@]}" --penalties gp,gp-one-sided > "$OUT/analytic.log" 2>&1 &
analytic=$!
textgan compare "${settings[@]}" --penalties fd,fd-one-sided > "$OUT/difference.log" 2>&1 &
difference=$!
trap 'kill -INT $analytic $difference 2>/dev/null; wait' INT TERM
echo "training; progress in $OUT/analytic.log and $OUT/difference.log"
status=0
wait $analytic || status=$?
wait $difference || status=$?
[ "$status" = 0 ] || { echo "a compare process stopped (exit $status); run this script again to continue" >&2; exit "$status"; }
textgan compare --out "$OUT" --penalties gp,gp-one-sided,fd,fd-one-sided --seeds "$SEEDS" --report-only
