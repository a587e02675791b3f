#!/usr/bin/env python3
"""textgan's JS-n, recomputed by the PyTorch side: loads a textgan run's
generator (a checkpoint's safetensors, read here without the safetensors
package) into bench/pytorch_baseline.py's Generator, draws 640 argmax samples
for a few noise seeds and scores them with bench/experiments/pytorch_quality.py's js_bits
against that script's own training split of the corpus. Beside
`textgan eval --run DIR` it checks the generator's forward and the metric of an
actual trained run by an independent implementation.

--slopes also loads the critic and prints its slopes at 640 interpolates
x = real + a (fake - real) of held-out lines (this script's split) and the
generator's softmax outputs, a ~ U(0, 1): the mean of ||grad D(x)|| and of
|grad D(x) . u|, u = (fake - real)/||fake - real|| (the slope along the
real->fake line), beside `textgan eval`'s last line.

Usage: python bench/experiments/crosscheck_eval.py --run runs/cmp/gp-seed1 [--checkpoint 2000] [--slopes]
"""
import argparse
import json
import os
import struct
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.dirname(HERE)]  # the other experiments, and bench/ (pytorch_baseline.py)
from pytorch_baseline import Critic, Generator, load_corpus, load_textgan_weights  # noqa: E402
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
    p.add_argument("--slopes", action="store_true", help="also the critic's slopes at interpolates")
    args = p.parse_args()
    config = json.load(open(os.path.join(args.run, "config.json")))
    model = config["training"]["model"]
    step = args.checkpoint or int(open(os.path.join(args.run, "latest")).read().strip().split("-")[-1].split(".")[0])
    path = os.path.join(args.run, f"checkpoint-{step}.safetensors")
    v, t, c, z = model["vocabularySize"], model["sequenceLength"], model["channels"], model["latentSize"]
    gen = Generator(v, t, c, model["blocks"], model["kernelSize"], z)
    critic = Critic(v, t, c, model["blocks"], model["kernelSize"]) if args.slopes else None
    load_textgan_weights(read_safetensors(path).__getitem__, gen, critic)

    ids, corpus_v = load_corpus(config["corpusPath"], t)
    if corpus_v != v:
        sys.exit(f"the corpus now has {corpus_v} characters, the run {v}")
    torch.manual_seed(1)
    order = torch.randperm(ids.shape[0])
    train, held = ids[order[640:]], ids[order[:640]]  # pytorch_quality.py's split
    true_counts = [ngram_counts([tuple(r) for r in train.tolist()], n) for n in range(1, 5)]
    for seed in range(1, args.noise_seeds + 1):
        torch.manual_seed(100 + seed)
        with torch.no_grad():
            rows = [tuple(r) for r in gen(torch.randn(640, z)).argmax(dim=1).tolist()]
        js = [js_bits(ngram_counts(rows, n), true_counts[n - 1]) for n in range(1, 5)]
        line = {"checkpoint": path, "noiseSeed": seed, "js": [round(x, 4) for x in js]}
        if critic is not None:
            line.update(slopes(gen, critic, held, v, z))
        print(json.dumps(line), flush=True)


def slopes(gen, critic, held, v, z):
    """Mean ||grad D(x)|| and |grad D(x) . u| at interpolates of the held-out rows (one-hot) and as
    many generated ones, in the critic's [B, V, T] layout; the norms are over the whole [V, T] input."""
    real = torch.nn.functional.one_hot(held, v).float().transpose(1, 2)
    with torch.no_grad():
        fake = gen(torch.randn(held.shape[0], z))
    alpha = torch.rand(held.shape[0], 1, 1)
    x = (real + alpha * (fake - real)).requires_grad_(True)
    (grad,) = torch.autograd.grad(critic(x).sum(), x)
    u = (fake - real) / (fake - real).flatten(1).norm(dim=1).clamp_min(1e-12).view(-1, 1, 1)
    return {"gradientNormMean": round(grad.flatten(1).norm(dim=1).mean().item(), 4),
            "lineSlopeMean": round((grad * u).flatten(1).sum(dim=1).abs().mean().item(), 4)}


if __name__ == "__main__":
    main()
