#!/usr/bin/env python3
"""The share of sample positions that hold characters rare in the training text,
for files of decoded samples (`textgan sample --count 640 > FILE`, padding removed).

A character is rare when it fills under 0.1% of the corpus's token positions, each
line truncated to --seq-len and padded to it (the pads count as positions, as
pytorch_quality.py's `rareShare` counts them, so the two agree). The share divides
by --seq-len positions per sample line. Standard library only; characters are code
points (the English corpus has no multi-code-point graphemes among its rare ones).

Usage: python3 bench/rare_share.py --corpus corpora/english.txt samples.txt [...]
"""
import argparse
from collections import Counter


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", default="corpora/english.txt")
    p.add_argument("--seq-len", type=int, default=32)
    p.add_argument("samples", nargs="+", help="files of samples, one per line")
    args = p.parse_args()
    t = args.seq_len
    lines = [line.rstrip("\n")[:t] for line in open(args.corpus, encoding="utf-8")]
    counts = Counter("".join(lines))
    positions = len(lines) * t
    common = {c for c, n in counts.items() if n >= 1e-3 * positions}
    print(f"{args.corpus}: rare characters fill {sum(n for c, n in counts.items() if c not in common) / positions:.4f} of its positions")
    for path in args.samples:
        rows = [line.rstrip("\n") for line in open(path, encoding="utf-8")]
        if not rows:
            print(f"{path}: no samples")
            continue
        rare = sum(1 for row in rows for ch in row if ch not in common)
        print(f"{path}: {rare / (t * len(rows)):.4f}")


if __name__ == "__main__":
    main()
