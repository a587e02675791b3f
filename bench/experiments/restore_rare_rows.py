#!/usr/bin/env python3
"""Gives the critic back its view of rare characters, in a textgan checkpoint:
scales each input-weight row W[0, v, :] of a rare character v (under 0.1% of the
training text's positions, pads counted, as textgan's metrics define it) up to the
mean norm of the common characters' rows, in place. Nothing else changes (Adam
moments, the other layers), so `textgan train --resume` continues from there.

The experiment it was written for (docs/penalties.md, "The rare-character
rows"): does the analytic penalty's shrinking of these rows let the generator
write rare characters?

    cp -r runs/gp-seed1 runs/fix && cp -r runs/gp-seed1 runs/ctl
    python3 bench/experiments/restore_rare_rows.py runs/fix/checkpoint-2000.safetensors
    textgan train --resume runs/fix --iterations 2300 --eval-every 50 --threads 1   # and the same for runs/ctl

Needs numpy and torch (the corpus loader of pytorch_baseline.py, whose ids are textgan's).
"""
import argparse
import json
import os
import struct
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.dirname(HERE)]  # the other experiments, and bench/ (pytorch_baseline.py)
from pytorch_baseline import load_corpus  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("checkpoint", help="a textgan checkpoint-N.safetensors, rewritten in place")
    p.add_argument("--corpus", default="corpora/english.txt")
    p.add_argument("--seq-len", type=int, default=32)
    args = p.parse_args()

    ids, v = load_corpus(args.corpus, args.seq_len)
    counts = torch.bincount(ids.flatten(), minlength=v).double()
    rare = (counts < 1e-3 * counts.sum()).numpy()
    try:
        with open(args.checkpoint, "rb") as f:
            raw = bytearray(f.read())
        n = struct.unpack("<Q", raw[:8])[0]
        header = json.loads(raw[8:8 + n])
    except (OSError, struct.error, ValueError) as error:
        sys.exit(f"{args.checkpoint}: not a readable safetensors file ({error})")
    entry = header.get("critic.input.weight") if isinstance(header, dict) else None
    if entry is None or entry["dtype"] != "F32" or entry["shape"][:2] != [1, v]:
        sys.exit(f"{args.checkpoint}: no F32 critic.input.weight of shape [1, {v}, C] (got {entry}); "
                 "is it a textgan checkpoint of a run on this corpus?")
    start, end = (8 + n + offset for offset in entry["data_offsets"])
    w = np.frombuffer(bytes(raw[start:end]), dtype="<f4").reshape(v, -1).copy()
    norms = np.linalg.norm(w, axis=1)
    target = norms[~rare].mean()
    print(f"{rare.sum()} rare rows: mean norm {norms[rare].mean():.3f} -> {target:.3f} (the common rows' mean)")
    w[rare] *= (target / np.maximum(norms[rare], 1e-12))[:, None]
    raw[start:end] = w.astype("<f4").tobytes()
    with open(args.checkpoint, "wb") as f:
        f.write(raw)


if __name__ == "__main__":
    main()
