#!/usr/bin/env bash
# Training speed of recipe configurations as the recipe search runs them: two 1-thread
# copies of one configuration side by side (two seeds of it), without evaluations; seconds
# per iteration are read from metrics.jsonl between steps 50 and ITERATIONS (start-up
# excluded), averaged over both copies and ROUNDS rounds. With MINUTES, also prints the
# iterations that budget buys, which is how docs/recipes.md fixes "equal time" while the
# machine does other work.
#
#   bench/experiments/recipe-speeds.sh NAME='TRAIN OPTIONS' …      # give it the machine
#   MINUTES=60 bench/experiments/recipe-speeds.sh c64='--preset standard' c96='--preset standard --dim 96'
#
# Environment: CORPUS (corpora/english.txt), EXTRA (options for every configuration, e.g.
# --max-vocab 2800), ROUNDS (2), ITERATIONS (400), MINUTES, TEXTGAN_BIN (bench/common.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -gt 0 ] || { sed -n '2,13p' "$0" | cut -c3-; exit 2; }
for entry in "$@"; do
    [ "${entry%%=*}" != "$entry" ] || { echo "recipe-speeds: '$entry' is not NAME='OPTIONS'" >&2; exit 2; }
done
source bench/common.sh
corpus=${CORPUS:-corpora/english.txt} rounds=${ROUNDS:-2} iterations=${ITERATIONS:-400}
[ "$iterations" -gt 50 ] || { echo "recipe-speeds: ITERATIONS must be above 50" >&2; exit 2; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
train() {
    # shellcheck disable=SC2086  # $2 and EXTRA are lists of options
    textgan train --corpus "$corpus" --out "$scratch/$1" --iterations "$iterations" --log-every 50 --eval-every 0 \
        --sample-every 100000 --checkpoint-every 100000 --threads 1 --quiet $2 ${EXTRA:-} >/dev/null
}
for entry in "$@"; do
    name=${entry%%=*} options=${entry#*=}
    for round in $(seq "$rounds"); do
        train "$name-$round-a" "$options" & train "$name-$round-b" "$options" & wait
    done
done
echo "OpenBLAS $(textgan bench --dim 8 --blocks 1 --iterations 1 --warmup 0 --threads 1 --json | field "d['openblasCore'] + ', vector kernels ' + d['kernelPath']")"
for entry in "$@"; do
    python3 - "$scratch" "${entry%%=*}" "$rounds" "$iterations" "${MINUTES:-}" <<'PY'
import json, sys
scratch, name, rounds, last, minutes = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
def speed(run):
    rows = {r["step"]: r for r in map(json.loads, open(f"{scratch}/{run}/metrics.jsonl"))}
    return (rows[last]["elapsedSeconds"] - rows[50]["elapsedSeconds"]) / (last - 50)
speeds = [speed(f"{name}-{r}-{copy}") for r in range(1, rounds + 1) for copy in "ab"]
mean = sum(speeds) / len(speeds)
line = f"{name:12s} {mean:.4f} s/iter (min {min(speeds):.4f}, max {max(speeds):.4f}, {len(speeds)} runs)"
if minutes:
    line += f"; {float(minutes):g} minutes = {round(float(minutes) * 60 / mean)} iterations"
print(line)
PY
done
