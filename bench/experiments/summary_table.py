#!/usr/bin/env python3
"""A compact Markdown table of a `textgan compare` comparison, for docs/.

    bench/experiments/summary_table.py OUT [CONFIGURATION=LABEL ...]

Reads OUT/summary.json (written by compare's report) and prints one row per
configuration, mean ± std over its seeds: final JS-1 and JS-4, JS-4 over the
last quarter of training (the verdict's ranking), Self-BLEU-4, distinct
samples and the critic's mean input-gradient norm at interpolates at the end
(the Lipschitz diagnostic), iterations; then held-out real text (the floor). LABEL
names a configuration in place of compare's NAME=VALUE_... label; rows keep
compare's order.
"""
import json
import math
import sys


def cell(stat, digits=4):
    """'mean ± std' of a summary statistic, the mean alone for one seed or no spread, '' if absent."""
    if not isinstance(stat, dict) or not isinstance(stat.get("mean"), (int, float)) or math.isnan(stat["mean"]):
        return ""
    if stat.get("count", 1) > 1 and stat["std"] > 0:
        return f"{stat['mean']:.{digits}f} ± {stat['std']:.{digits}f}"
    return f"{stat['mean']:.{digits}f}"


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__.strip())
    out = sys.argv[1]
    # Configurations are NAME=VALUE_… themselves: the label follows the last '='.
    labels = {}
    for argument in sys.argv[2:]:
        configuration, _, label = argument.rpartition("=")
        labels[configuration] = label
    summary = json.load(open(f"{out}/summary.json"))
    print("| configuration | seeds | iterations | final JS-1 | final JS-4 | JS-4, last ¼ | Self-BLEU-4 | distinct samples | ‖∇D(x̂)‖ |")
    print("|---|---|---|---|---|---|---|---|---|")
    for c in summary["configurations"]:
        name = labels.get(c["configuration"], c["configuration"])
        print(f"| {name} | {len(c['seeds'])} | {c['iterations']} | {cell(c['finalJS'][0])} | {cell(c['finalJS'][3])} "
              f"| {cell(c['lateJS4'])} | {cell(c['finalSelfBLEU4'], 3)} | {cell(c['finalDistinctSamples'], 0)} "
              f"| {cell(c['finalGradientNorm'], 3)} |")
    floor = summary["floorJS"]
    print(f"| held-out real text | | | {floor[0]:.4f} | {floor[3]:.4f} | | {summary['floorSelfBLEU4']:.3f} | | |")


if __name__ == "__main__":
    main()
