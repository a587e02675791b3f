#!/usr/bin/env bash
# The standard preset's EMA decay, measured: 0.999 (the preset's until this comparison),
# 0.998 and 0.9999 (the preset's since) on the bundled English corpus, 3 seeds, the toolbox
# comparison's control budget (25140 iterations: 30 minutes on this project's 2-vCPU AMD
# EPYC, bench/experiments/toolbox-compare.sh). Results: docs/recipes.md, "The weight
# average's decay".
#
#   bench/experiments/ema-decay-compare.sh [OUT]      # default OUT: runs/ema-decay
#
# The decay changes no training step, only the average that evaluations score and `sample`
# writes from, so a seed's runs train one trajectory whatever the decay: the script checks
# it (every loss and gradient column of metrics.jsonl identical across decays), then prints
# each seed's scores under every decay and each decay's differences from the first, the
# comparison paired by seed (ema-decay-paired-table.md), and compare's summary
# (ema-decay-table.md). CONTROL=DIR, a toolbox comparison's folder whose control trained
# with EMA 0.999 (the preset's until this comparison), copies its control runs in as the
# 0.999 runs instead of training them again (same binary only: the trajectory check fails
# if the binaries differ). The decay is capped by the warm-up min(decay, (1 + t)/(10 + t)),
# so any decay above 0.99964 behaves as 0.9999 does within 25140 iterations: an average
# over about the last t/9 steps.
# With the defaults, 9 runs (6 with CONTROL) of 30 such minutes over 2 jobs. Interrupt it
# any time and run it again to continue. TEXTGAN_BIN=PATH keeps one binary (bench/common.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-runs/ema-decay}
SEEDS=${SEEDS:-3}
JOBS=${JOBS:-2}
ITERATIONS=${ITERATIONS:-25140}
DECAYS=${DECAYS:-0.999 0.998 0.9999}
CORPUS=${CORPUS:-corpora/english.txt}
source bench/common.sh
mkdir -p "$OUT"
if [ -n "${CONTROL:-}" ]; then
    for seed in $(seq 1 "$SEEDS"); do
        from="$CONTROL/penalty=gp_loss=default_spectral-norm=default_ortho-reg=default_iterations=$ITERATIONS-seed$seed"
        to="$OUT/ema=0.999_iterations=$ITERATIONS-seed$seed"
        grep -q '"ema" : 0.999,' "$from/config.json" || { echo "ema-decay-compare: $from did not train with EMA 0.999" >&2; exit 2; }
        # Without the toolbox's evaluations of it (truncation-*.json, eval-*.json).
        [ -e "$to" ] || { cp -r "$from" "$to" && rm -f "$to"/truncation-*.json "$to"/eval-*.json; }
    done
fi
vary="ema+iterations=$(for d in $DECAYS; do printf '%s+%s,' "$d" "$ITERATIONS"; done | sed 's/,$//')"
textgan compare --corpus "$CORPUS" --out "$OUT" --seeds "$SEEDS" \
    --jobs "$JOBS" --threads 1 --eval-every 100 --log-every 20 --checkpoint-every 500 \
    --vary "$vary" 2>&1 | tee -a "$OUT/compare.log"

python3 - "$OUT" "$ITERATIONS" "$SEEDS" $DECAYS <<'PY' | tee "$OUT/ema-decay-paired-table.md"
import json, os, sys
out, iterations, seeds, decays = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
# Every run's metrics.jsonl rows, read once: runs[decay, seed].
runs = {}
for d in decays:
    for seed in range(1, seeds + 1):
        with open(os.path.join(out, f"ema={d}_iterations={iterations}-seed{seed}", "metrics.jsonl")) as f:
            runs[d, seed] = [json.loads(line) for line in f if line.strip()]
training = ["step", "criticLoss", "generatorLoss", "wasserstein", "penalty", "gradientNormMean", "gradientNormMax", "lineSlopeMean"]
for seed in range(1, seeds + 1):
    first = [[r.get(k) for k in training] for r in runs[decays[0], seed]]
    for d in decays[1:]:
        if [[r.get(k) for k in training] for r in runs[d, seed]] != first:
            sys.exit(f"ema-decay-compare: seed {seed} trained differently with EMA {d} than with {decays[0]}")
    print(f"seed {seed}: one trajectory under every decay ({len(first)} logged steps)")

# Per seed and decay (paired: one trajectory per seed): final JS-1 and JS-4, JS-4 over the
# last quarter of training, Self-BLEU-4; then each decay's mean difference from the first.
def scores(decay, seed):
    rows = [r for r in runs[decay, seed] if "js" in r]
    late = [r["js"][3] for r in rows if r["step"] > 0.75 * int(iterations)]
    return [rows[-1]["js"][0], rows[-1]["js"][3], sum(late) / len(late), rows[-1]["selfBLEU4"]]
table = {(d, s): scores(d, s) for d in decays for s in range(1, seeds + 1)}
print("\n| seed | decay | final JS-1 | final JS-4 | JS-4, last ¼ | Self-BLEU-4 |\n|---|---|---|---|---|---|")
for s in range(1, seeds + 1):
    for d in decays:
        print(f"| {s} | {d} | " + " | ".join(f"{x:.4f}" for x in table[d, s]) + " |")
print(f"\n| decay | final JS-1 − {decays[0]}'s | final JS-4 − {decays[0]}'s | JS-4, last ¼ − {decays[0]}'s | Self-BLEU-4 − {decays[0]}'s |\n|---|---|---|---|---|")
for d in decays[1:]:
    differences = [[a - b for a, b in zip(table[d, s], table[decays[0], s])] for s in range(1, seeds + 1)]
    print(f"| {d} | " + " | ".join(f"{sum(c) / len(c):+.4f} ({', '.join(f'{x:+.4f}' for x in c)})" for c in zip(*differences)) + " |")
PY
bench/experiments/summary_table.py "$OUT" | tee "$OUT/ema-decay-table.md"
