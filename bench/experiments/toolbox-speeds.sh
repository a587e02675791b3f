#!/usr/bin/env bash
# Training speed of toolbox-compare.sh's six configurations, for its iteration budgets:
# each trains 400 iterations of the standard preset on one thread, two at a time side by
# side (as the comparison runs them), without evaluations, and seconds per iteration are
# read from metrics.jsonl between steps 50 and 400 (start-up excluded).
#
#   bench/experiments/toolbox-speeds.sh            # about 4 minutes; give it the machine
#
# Prints one line per configuration and the OpenBLAS kernel. Kept results:
# bench/results/2026-12-07-toolbox-speeds/.
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/common.sh
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
names=(control sn-none sn-gp hinge-sn r1-ns gp-ortho)
settings=("--penalty gp" "--penalty none --spectral-norm critic" "--penalty gp --spectral-norm critic"
          "--penalty none --loss hinge --spectral-norm critic" "--penalty r1 --loss ns" "--penalty gp --ortho-reg 5e-5")
train() {
    # shellcheck disable=SC2086  # $2 is a list of options
    textgan train --corpus corpora/english.txt --out "$scratch/$1" --iterations 400 --log-every 50 --eval-every 0 \
        --sample-every 100000 --checkpoint-every 100000 --threads 1 --quiet $2 >/dev/null
}
# Two rounds with different partners (0-1, 2-3, 4-5, then 1-2, 3-4, 5-0): the machine's
# speed drifts by several percent from one minute to the next.
for round in 1 2; do
    for i in 0 2 4; do
        a=$(( (i + round - 1) % 6 )) b=$(( (i + round) % 6 ))
        train "${names[$a]}-$round" "${settings[$a]}" & train "${names[$b]}-$round" "${settings[$b]}" & wait
    done
done
echo "OpenBLAS $(textgan bench --dim 8 --blocks 1 --iterations 1 --warmup 0 --threads 1 --json | field "d['openblasCore'] + ', vector kernels ' + d['kernelPath']")"
for name in "${names[@]}"; do
    python3 - "$scratch" "$name" <<'PY'
import json, sys
def speed(run):
    rows = {r["step"]: r for r in map(json.loads, open(f"{sys.argv[1]}/{run}/metrics.jsonl"))}
    return (rows[400]["elapsedSeconds"] - rows[50]["elapsedSeconds"]) / 350
rounds = [speed(f"{sys.argv[2]}-{r}") for r in (1, 2)]
print(f"{sys.argv[2]:10s} {sum(rounds) / 2:.4f} s/iter (rounds {rounds[0]:.4f}, {rounds[1]:.4f})")
PY
done
