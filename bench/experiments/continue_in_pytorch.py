#!/usr/bin/env python3
"""Continues a textgan run in PyTorch: loads a checkpoint's generator, critic
and both Adam states (moments and step counts) into bench/pytorch_baseline.py's
models and torch.optim.Adam, then trains on with bench/experiments/pytorch_quality.py's
loop (its critic and generator steps for the run's gp or fd, its split, with-replacement
batches, its own random draws), printing
JS-1..4 and the share of rare sample tokens every --eval-every iterations.
`textgan train --resume` of a copy of the same run is the other arm: from one
state, do the two implementations move the generator the same way?

Usage: python bench/experiments/continue_in_pytorch.py --run runs/cmp/gp-seed1 --iterations 200 --eval-every 50
"""
import argparse
import json
import os
import struct
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.dirname(HERE)]  # the other experiments, and bench/ (pytorch_baseline.py)
from crosscheck_eval import read_safetensors  # noqa: E402
from pytorch_baseline import Critic, Generator, load_corpus, load_textgan_weights  # noqa: E402
from pytorch_quality import Scorer, critic_step, generator_step  # noqa: E402


def checkpoint_metadata(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        return json.loads(json.loads(f.read(n))["__metadata__"]["textgan"])


def adam_from_checkpoint(network, name, make_models, tensors, step, config):
    """torch.optim.Adam over `network` ("generator" or "critic" is `name`) with textgan's moments
    (`adam.m.` / `adam.v.` tensors, mapped to PyTorch's layout as the weights are) and step count."""
    optimizer = torch.optim.Adam(network.parameters(), lr=config["learningRate"], betas=(config["beta1"], config["beta2"]))
    for moment, key in (("m", "exp_avg"), ("v", "exp_avg_sq")):
        scratch_gen, scratch_critic = make_models()
        load_textgan_weights(lambda n: tensors[f"adam.{moment}.{n}"], scratch_gen, scratch_critic)
        scratch = scratch_gen if name == "generator" else scratch_critic
        for p, s in zip(network.parameters(), scratch.parameters()):
            optimizer.state[p][key] = s.detach().clone()
    for p in network.parameters():
        optimizer.state[p]["step"] = torch.tensor(float(step))
    return optimizer


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--run", required=True)
    p.add_argument("--checkpoint", type=int, help="step (default: the latest)")
    p.add_argument("--iterations", type=int, default=200)
    p.add_argument("--eval-every", type=int, default=50)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=1)
    args = p.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    config = json.load(open(os.path.join(args.run, "config.json")))
    model, training = config["training"]["model"], config["training"]
    step = args.checkpoint or int(open(os.path.join(args.run, "latest")).read().strip().split("-")[-1].split(".")[0])
    path = os.path.join(args.run, f"checkpoint-{step}.safetensors")
    meta = checkpoint_metadata(path)
    tensors = read_safetensors(path)
    v, t, c, z, blocks, k = (model["vocabularySize"], model["sequenceLength"], model["channels"], model["latentSize"],
                             model["blocks"], model["kernelSize"])

    def make_models():
        return Generator(v, t, c, blocks, k, z), Critic(v, t, c, blocks, k)

    gen, critic = make_models()
    load_textgan_weights(tensors.__getitem__, gen, critic)
    opt_g = adam_from_checkpoint(gen, "generator", make_models, tensors, meta["generatorAdamStep"], training)
    opt_d = adam_from_checkpoint(critic, "critic", make_models, tensors, meta["criticAdamStep"], training)

    ids, corpus_v = load_corpus(config["corpusPath"], t)
    if corpus_v != v:
        sys.exit(f"the corpus now has {corpus_v} characters, the run {v}")
    if training["penalty"] not in ("gp", "fd"):
        sys.exit(f"the run's penalty is {training['penalty']}; this script continues gp and fd runs")
    train = ids[torch.randperm(ids.shape[0])[640:]]
    scorer = Scorer(train)
    b, lam = training["batchSize"], training["lambda"]

    def evaluate(at):
        js, rare = scorer.score(gen)
        print(json.dumps({"step": at, "js": js, "rareShare": rare}), flush=True)

    evaluate(step)
    for i in range(1, args.iterations + 1):
        for _ in range(training["criticIterations"]):
            real = torch.nn.functional.one_hot(train[torch.randint(0, train.shape[0], (b,))], v).float().transpose(1, 2)
            critic_step(gen, critic, opt_d, real, training["penalty"], lam)
        generator_step(gen, critic, opt_g, b)
        if i % args.eval_every == 0:
            evaluate(step + i)


if __name__ == "__main__":
    main()
