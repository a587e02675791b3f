#!/usr/bin/env bash
# Training speed of toolbox-compare.sh's six configurations, for its iteration budgets:
# each trains 400 iterations of the standard preset on one thread, two at a time side by
# side (as the comparison runs them), without evaluations, and seconds per iteration are
# read from metrics.jsonl between steps 50 and 400 (start-up excluded).
#
#   bench/experiments/toolbox-speeds.sh            # about 2 minutes; give it the machine
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
for i in 0 2 4; do
    train "${names[$i]}" "${settings[$i]}" & train "${names[$((i + 1))]}" "${settings[$((i + 1))]}" & wait
done
echo "OpenBLAS $(textgan bench --dim 8 --blocks 1 --iterations 1 --warmup 0 --threads 1 --json | field "d['openblasCore'] + ', vector kernels ' + d['kernelPath']")"
for name in "${names[@]}"; do
    python3 - "$scratch/$name/metrics.jsonl" "$name" <<'PY'
import json, sys
rows = {r["step"]: r for r in map(json.loads, open(sys.argv[1]))}
print(f"{sys.argv[2]:10s} {(rows[400]['elapsedSeconds'] - rows[50]['elapsedSeconds']) / 350:.4f} s/iter")
PY
done
