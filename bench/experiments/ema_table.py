#!/usr/bin/env python3
"""A run sampled from the EMA of its generator's weights and from the weights themselves.

    bench/experiments/ema_table.py OUT RUN [RUN ...]

Reads OUT/RUN/eval-ema.json and OUT/RUN/eval-weights.json (`textgan eval --json` and
`textgan eval --json --no-ema` on the run's final checkpoint, as
bench/experiments/toolbox-compare.sh writes them) and prints one Markdown row per run and
source: JS-1 and JS-4 (lower is better), the share of the samples' 4-grams found in the
training text (higher is better), Self-BLEU-4 (lower is more varied) and distinct samples.
"""
import os
import sys

from truncation_table import sample_scores

SOURCES = {"ema": "eval-ema.json", "weights": "eval-weights.json"}


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__.strip())
    out, runs = sys.argv[1], sys.argv[2:]
    print("| seed | sampled from | JS-1 | JS-4 | 4-grams in training | Self-BLEU-4 | distinct samples |")
    print("|---|---|---|---|---|---|---|")
    for run in runs:
        seed = run.rsplit("-", 1)[-1]
        for source, name in SOURCES.items():
            v, n = sample_scores(os.path.join(out, run, name))
            print(f"| {seed} | {source} | {v[0]:.4f} | {v[3]:.4f} | {v[4]:.4f} | {v[5]:.4f} | {v[6]}/{n} |")


if __name__ == "__main__":
    main()
