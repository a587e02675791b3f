#!/usr/bin/env python3
"""PyTorch's own float32 error on a trajectory fixture: replays the fixture's
draws (initial weights, batches, noise, alphas) in float64 and in float32 and
prints the largest |a - b| / (1 + |b|) of the losses and of the final weights
against the fixture, the measure textgan's float32 test prints. It tells how
far float32 alone moves a run from float64, as a scale for textgan's number.

Usage: python replay_float32.py FIXTURE.json
"""
import json
import sys

import torch

import make
from make import Critic, Generator
from pytorch_baseline import load_textgan_weights


def replay(fixture, run, dtype):
    """(largest loss difference, largest generator weight difference, largest critic weight difference)."""
    b = fixture["batchSize"]
    gen = Generator(make.V, make.T, make.C, make.BLOCKS, make.K, make.Z).to(dtype)
    critic = Critic(make.V, make.T, make.C, make.BLOCKS, make.K).to(dtype)
    weights = run["initialWeights"]
    load_textgan_weights(lambda name: torch.tensor(weights[name]["values"], dtype=dtype).view(*weights[name]["shape"]), gen, critic)
    betas = (fixture["beta1"], fixture["beta2"])
    opt_g = torch.optim.Adam(gen.parameters(), lr=fixture["learningRate"], betas=betas)
    opt_d = torch.optim.Adam(critic.parameters(), lr=fixture["learningRate"], betas=betas)
    worst_loss = 0.0
    for step in run["steps"]:
        z = torch.tensor(step["noise"], dtype=dtype).view(b, make.Z)
        if step["network"] == "critic":
            ids = torch.tensor(step["realIDs"]).view(b, make.T)
            real = torch.nn.functional.one_hot(ids, make.V).to(dtype).transpose(1, 2)
            with torch.no_grad():
                fake = gen(z)
            alphas = [torch.tensor(a, dtype=dtype) for a in step["alphas"]]
            wasserstein_loss, penalty = make.critic_losses(critic, real, fake, alphas, run["penalty"])
            loss = wasserstein_loss + penalty
            opt_d.zero_grad(set_to_none=True)
            loss.backward()
            opt_d.step()
        else:
            loss = make.generator_step(gen, critic, opt_g, z)
        worst_loss = max(worst_loss, abs(loss.item() - step["loss"]) / (1 + abs(step["loss"])))
    final = make.textgan_weights(gen, critic)

    def largest(prefix):
        return max(abs(a - e) / (1 + abs(e))
                   for name, w in final.items() if name.startswith(prefix)
                   for a, e in zip(w["values"], run["finalWeights"][name]["values"]))
    return worst_loss, largest("generator."), largest("critic.")


def main():
    fixture = json.load(open(sys.argv[1]))
    m = fixture["model"]
    make.V, make.T, make.C = m["vocabularySize"], m["sequenceLength"], m["channels"]
    make.BLOCKS, make.K, make.Z = m["blocks"], m["kernelSize"], m["latentSize"]
    make.B, make.LAMBDA = fixture["batchSize"], fixture["lambda"]
    for run in fixture["runs"]:
        for dtype in [torch.float64, torch.float32]:
            losses, generator, critic = replay(fixture, run, dtype)
            print(f"{run['penalty']} {dtype}: losses {losses:.3g}, generator weights {generator:.3g}, critic weights {critic:.3g}",
                  flush=True)


if __name__ == "__main__":
    main()
