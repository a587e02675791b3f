#!/usr/bin/env bash
# Training speed of toolbox-compare.sh's six configurations (toolbox-configurations.sh),
# for its iteration budgets: recipe-speeds.sh on each, that is two 1-thread copies side by
# side (as the comparison runs them), two rounds, without evaluations, seconds per
# iteration read from metrics.jsonl between steps 50 and 400 (start-up excluded).
#
#   bench/experiments/toolbox-speeds.sh > runs/toolbox-speeds.txt   # about 4 minutes; give it the machine
#
# Prints the OpenBLAS kernel and one line per configuration, which toolbox-compare.sh
# reads with SPEEDS=FILE. Kept results: bench/results/2026-12-07-toolbox-speeds/.
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/experiments/toolbox-configurations.sh
entries=()
for i in "${!toolbox_names[@]}"; do
    entries+=("${toolbox_names[$i]}=$(toolbox_train_options "${toolbox_values[$i]}")")
done
exec bench/experiments/recipe-speeds.sh "${entries[@]}"
