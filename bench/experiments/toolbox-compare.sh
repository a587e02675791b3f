#!/usr/bin/env bash
# Issue 25's measurement: the GAN toolbox beside the standard preset, at equal
# wall-clock on the bundled English corpus, 3 seeds each, then the truncation
# trick on the best run. Results: docs/penalties.md, "The toolbox, measured".
#
#   bench/experiments/toolbox-compare.sh [OUT]     # default OUT: runs/toolbox
#
# Six configurations of one `textgan compare` (bench/experiments/toolbox-configurations.sh),
# each a change of the standard preset (C = 64, 3 blocks, kernel 3, 1 critic step, lr 1e-3,
# gp, Wasserstein loss, sampled from an EMA of the generator's weights, decay 0.999 when
# measured; the preset's decay is 0.9999 since, which changes no training step): the
# control (the preset itself), spectral norm on the critic with no penalty and with gp, the
# hinge loss with spectral norm, R1 with the non-saturating loss, gp with orthogonal
# regularisation. The EMA changes no training step, only which weights are sampled, so the
# control sampled from its weights instead is scored by `textgan eval --no-ema` on the
# control's own runs rather than trained again.
# Every run gets MINUTES of training on this project's 2-vCPU AMD EPYC (Zen 3), fixed as
# iterations from each configuration's speed there, two 1-thread runs side by side
# (toolbox-speeds.sh; toolbox-configurations.sh keeps the speeds the kept comparison used):
# the runs may then share the machine with other work without changing their results, as
# the recipe confirmation's do. On another CPU or binary, measure again and pass the output
# as SPEEDS=FILE. With the defaults, 18 runs of 30 such minutes over 2 jobs: about 5 hours
# on 2 idle cores (evaluations add 10–20% to the training time). Interrupt it any time and
# run it again to continue; it then re-renders the report. TEXTGAN_BIN=PATH (a copy of the release binary) keeps one binary for the
# whole comparison while the checkout is rebuilt (bench/common.sh).
#
# Then it prints the comparison as a compact table (summary_table.py; toolbox-table.md),
# the control sampled from its EMA and from its weights (ema_table.py; ema-table.md), and
# scores the best configuration's runs (the lowest JS-4 over the last quarter of training) with
# `textgan eval` on untruncated noise and at τ = 0.5, 1, 2: a table of JS-1…4, the share
# of 4-grams found in the training text, Self-BLEU-4 and distinct samples for its best run
# (lowest final JS-4) and one over all its seeds (truncation_table.py; truncation-table.md):
# the fidelity / variety trade-off.
#
# To try the script out only: MINUTES=0.1 SEEDS=1 EXTRA="--dim 8 --blocks 1" bench/experiments/toolbox-compare.sh runs/try
# Like bench/compare.sh it unsets OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE for its
# own commands (KEEP_CORETYPE=1 keeps them).
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-runs/toolbox}
MINUTES=${MINUTES:-30}
SEEDS=${SEEDS:-3}
JOBS=${JOBS:-2}
EXTRA=${EXTRA:-}
# The corpus as new runs record it (config.json keeps its absolute path): a checkout other
# than the one bench/keep-results.sh rewrites can point at that one's corpus.
CORPUS=${CORPUS:-corpora/english.txt}
source bench/common.sh
source bench/experiments/toolbox-configurations.sh
seconds_per_iteration=("${toolbox_seconds_per_iteration[@]}")
if [ -n "${SPEEDS:-}" ]; then
    for i in "${!toolbox_names[@]}"; do
        speed=$(awk -v n="${toolbox_names[$i]}" '$1 == n && $3 == "s/iter" { print $2 }' "$SPEEDS")
        [ -n "$speed" ] || { echo "toolbox-compare: no speed for ${toolbox_names[$i]} in $SPEEDS" >&2; exit 2; }
        seconds_per_iteration[$i]=$speed
    done
    echo "seconds per iteration from $SPEEDS: ${seconds_per_iteration[*]}"
fi
# compare's name of a configuration from its values joined by +: NAME=VALUE_…, its runs' folders NAME=VALUE_…-seedS.
configuration_label() {
    local -a names values
    IFS=+ read -r -a names <<< "$toolbox_varied+iterations"
    IFS=+ read -r -a values <<< "$1"
    local label="" i
    for i in "${!names[@]}"; do label+="${label:+_}${names[$i]}=${values[$i]}"; done
    echo "$label"
}
budgeted=()
for i in "${!toolbox_values[@]}"; do
    budgeted+=("${toolbox_values[$i]}+$(python3 -c "print(round($MINUTES * 60 / ${seconds_per_iteration[$i]}))")")
done
vary="$toolbox_varied+iterations=$(IFS=,; echo "${budgeted[*]}")"
mkdir -p "$OUT"
# A run that fails (a method that diverges, say) is a result too: the tables below cover the
# finished runs, and the script exits with compare's status at the end.
compare_status=0
# shellcheck disable=SC2086  # EXTRA is a list of options
textgan compare --corpus "$CORPUS" --out "$OUT" --seeds "$SEEDS" \
    --jobs "$JOBS" --threads 1 --eval-every 100 --log-every 20 --checkpoint-every 500 \
    --vary "$vary" $EXTRA 2>&1 | tee -a "$OUT/compare.log" || compare_status=$?
[ -f "$OUT/summary.json" ] || exit "$compare_status"

labels=()
for i in "${!budgeted[@]}"; do labels+=("$(configuration_label "${budgeted[$i]}")=${toolbox_names[$i]}"); done
echo "the comparison (mean ± std over seeds):"
bench/experiments/summary_table.py "$OUT" "${labels[@]}" | tee "$OUT/toolbox-table.md"

echo "the control sampled from its EMA and from its weights (final checkpoints):"
control_runs=()
for run in "$OUT/$(configuration_label "${budgeted[0]}")"-seed*; do
    textgan eval --run "$run" --json > "$run/eval-ema.json"
    textgan eval --run "$run" --json --no-ema > "$run/eval-weights.json"
    control_runs+=("$(basename "$run")")
done
bench/experiments/ema_table.py "$OUT" "${control_runs[@]}" | tee "$OUT/ema-table.md"

# The best configuration's runs, its best run first (lowest final JS-4).
mapfile -t best_runs < <(python3 - "$OUT" <<'EOF'
import json, math, os, sys
out = sys.argv[1]
summary = json.load(open(os.path.join(out, "summary.json")))
def late(c):
    m = c["lateJS4"]["mean"]
    return m if isinstance(m, (int, float)) and not math.isnan(m) else math.inf
best = min(summary["configurations"], key=late)
def final_js4(run):
    with open(os.path.join(out, run, "metrics.jsonl")) as f:
        js = [r["js"][3] for r in map(json.loads, filter(str.strip, f)) if "js" in r]
    return js[-1] if js else math.inf
runs = [f"{best['configuration'].replace('/', ',')}-seed{seed}" for seed in best["seeds"]]
print("\n".join(sorted(runs, key=final_js4)))
EOF
)
for run in "${best_runs[@]}"; do
    for tau in none 0.5 1 2; do
        if [ "$tau" = none ]; then args=(); else args=(--truncation "$tau"); fi
        textgan eval --run "$OUT/$run" --json "${args[@]}" > "$OUT/$run/truncation-$tau.json"
    done
done
bench/experiments/truncation_table.py "$OUT" "${best_runs[@]}" | tee "$OUT/truncation-table.md"
if [ "$compare_status" -ne 0 ]; then
    echo "toolbox-compare: textgan compare exited with status $compare_status; the tables cover its finished runs only" >&2
    exit "$compare_status"
fi
