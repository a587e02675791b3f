#!/usr/bin/env python3
"""The truncation trick's fidelity / variety trade-off as Markdown tables.

    bench/experiments/truncation_table.py OUT RUN [RUN ...]

Reads OUT/RUN/truncation-TAU.json for TAU in none, 0.5, 1, 2 (`textgan eval --json`
on untruncated noise and at --truncation TAU, as bench/experiments/toolbox-compare.sh
writes them) and prints one row per τ: JS-1…4 (distance of the samples' n-grams from
the training text's, lower is better), the share of the samples' 4-grams that occur in
the training text (fidelity: each sample on its own, higher is better), Self-BLEU-4
(how much the samples repeat one another, lower is more varied) and distinct samples.
The first table is the first RUN alone (toolbox-compare.sh gives the best run first);
a second gives mean ± std over all RUNs.
"""
import json
import os
import statistics
import sys

TAUS = ["none", "0.5", "1", "2"]
HEADER = ("| τ | JS-1 | JS-2 | JS-3 | JS-4 | 4-grams in training | Self-BLEU-4 | distinct samples |\n"
          "|---|---|---|---|---|---|---|---|")


def sample_scores(path):
    """[JS-1, JS-2, JS-3, JS-4, 4-gram share in training, Self-BLEU-4, distinct samples] and the
    sample count of one `textgan eval --json` output."""
    with open(path) as f:
        s = json.load(f)["evaluation"]["samples"]
    values = [s["js1"], s["js2"], s["js3"], s["js4"], s["novelty"]["fourGramsInTraining"], s["selfBLEU4"],
              s["distinctSamples"]]
    return values, s["sampleCount"]


def scores(out, run, tau):
    """sample_scores of OUT/RUN/truncation-TAU.json."""
    return sample_scores(os.path.join(out, run, f"truncation-{tau}.json"))


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__.strip())
    out, runs = sys.argv[1], sys.argv[2:]
    print(f"truncation on {runs[0]} (sampled as its evaluations were):")
    print(HEADER)
    for tau in TAUS:
        v, n = scores(out, runs[0], tau)
        print(f"| {tau} | " + " | ".join(f"{x:.4f}" for x in v[:6]) + f" | {v[6]}/{n} |")
    if len(runs) > 1:
        print(f"\ntruncation on all {len(runs)} runs (mean ± std):")
        print(HEADER)
        for tau in TAUS:
            columns = list(zip(*[scores(out, run, tau)[0] for run in runs]))
            cells = [f"{statistics.mean(c):.4f} ± {statistics.stdev(c):.4f}" for c in columns[:6]]
            print(f"| {tau} | " + " | ".join(cells) + f" | {statistics.mean(columns[6]):.1f} |")


if __name__ == "__main__":
    main()
