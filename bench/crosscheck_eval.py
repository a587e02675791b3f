#!/usr/bin/env python3
"""textgan's JS-n, recomputed by the PyTorch side: loads a textgan run's
generator (a checkpoint's safetensors, read here without the safetensors
package) into bench/pytorch_baseline.py's Generator, draws 640 argmax samples
for a few noise seeds and scores them with bench/pytorch_quality.py's js_bits
against that script's own training split of the corpus. Beside
`textgan eval --run DIR` it checks the generator's forward and the metric of an
actual trained run by an independent implementation.

Usage: python bench/crosscheck_eval.py --run runs/cmp/gp-seed1 [--checkpoint 2000]
"""
import argparse
import json
import os
import struct
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pytorch_baseline import Generator, load_corpus, load_textgan_weights  # noqa: E402
from pytorch_quality import js_bits, ngram_counts  # noqa: E402


def read_safetensors(path):
    """name -> float32 tensor, for every F32 entry of a safetensors file."""
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, h in header.items():
        if name != "__metadata__" and h["dtype"] == "F32":
            a, b = h["data_offsets"]
            out[name] = torch.frombuffer(bytearray(data[a:b]), dtype=torch.float32).view(*h["shape"])
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--run", required=True, help="a textgan run directory")
    p.add_argument("--checkpoint", type=int, help="step (default: the latest)")
    p.add_argument("--noise-seeds", type=int, default=3)
    args = p.parse_args()
    config = json.load(open(os.path.join(args.run, "config.json")))
    model = config["training"]["model"]
    step = args.checkpoint or int(open(os.path.join(args.run, "latest")).read().strip().split("-")[-1].split(".")[0])
    path = os.path.join(args.run, f"checkpoint-{step}.safetensors")
    v, t, c, z = model["vocabularySize"], model["sequenceLength"], model["channels"], model["latentSize"]
    gen = Generator(v, t, c, model["blocks"], model["kernelSize"], z)
    load_textgan_weights(read_safetensors(path).__getitem__, gen)

    ids, corpus_v = load_corpus(config["corpusPath"], t)
    if corpus_v != v:
        sys.exit(f"the corpus now has {corpus_v} characters, the run {v}")
    torch.manual_seed(1)
    train = ids[torch.randperm(ids.shape[0])[640:]]  # pytorch_quality.py's split
    true_counts = [ngram_counts([tuple(r) for r in train.tolist()], n) for n in range(1, 5)]
    for seed in range(1, args.noise_seeds + 1):
        torch.manual_seed(100 + seed)
        with torch.no_grad():
            rows = [tuple(r) for r in gen(torch.randn(640, z)).argmax(dim=1).tolist()]
        js = [js_bits(ngram_counts(rows, n), true_counts[n - 1]) for n in range(1, 5)]
        print(json.dumps({"checkpoint": path, "noiseSeed": seed, "js": [round(x, 4) for x in js]}), flush=True)


if __name__ == "__main__":
    main()
