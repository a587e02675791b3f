#!/usr/bin/env python3
"""A few WGAN training iterations in PyTorch, float64, written out so that
textgan's training step can be checked against an independent implementation.

For each penalty (gp, gp-one-sided, fd, fd-one-sided, gp-directional) it draws the initial
weights (tflib's initialisation, as bench/experiments/pytorch_quality.py), the real batches,
the noise and the interpolation weights, runs ITERATIONS generator iterations
of CRITIC_ITERATIONS critic steps + 1 generator step with Adam, and records
every loss and the final weights. Weights are written in textgan's layout:

  Linear  W [In, Out]        (PyTorch [Out, In], transposed)
  Conv1d  W [K, Cin, Cout]   (PyTorch [Cout, Cin, K])
  and the generator's input / the critic's output feature index t*C + c
  (textgan's [B, T, C]) instead of PyTorch's c*T + t ([B, C, T]).

Usage (from the repository root, with PyTorch installed):
  python Tests/TextGANTests/Fixtures/pytorch-trajectory/make.py > Tests/TextGANTests/Fixtures/pytorch-trajectory/trajectory.json
Made with torch 2.13.0+cpu.

The options change the sizes, e.g. the quality runs' model (C = 128, 5 blocks,
K = 5, T = 32, B = 64, lr 1e-4) for one penalty, as a fixture outside the
repository that the test replays when TEXTGAN_TRAJECTORY_FIXTURE names it:
  python .../make.py --vocab 113 --seq-len 32 --channels 128 --blocks 5 --kernel 5 \
      --latent 128 --batch 64 --iterations 2 --lr 1e-4 --penalties gp > /tmp/full.json
"""
import argparse
import json
import math
import os
import sys

import torch

BENCH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../../bench")
sys.path[:0] = [BENCH, os.path.join(BENCH, "experiments")]  # pytorch_baseline.py, pytorch_quality.py
from pytorch_baseline import Critic, Generator  # noqa: E402
from pytorch_quality import reference_init  # noqa: E402

V, T, C, BLOCKS, K, Z, B = 6, 5, 4, 2, 3, 3, 3
ITERATIONS, CRITIC_ITERATIONS = 3, 2
LR, BETAS, LAMBDA = 1e-3, (0.5, 0.9), 10.0
PENALTIES = ["gp", "gp-one-sided", "fd", "fd-one-sided", "gp-directional"]


def textgan_weights(gen, critic):
    """Every parameter under textgan's name, in textgan's layout, as a flat list."""
    out = {}

    def conv(name, m):
        out[name + ".weight"] = m.weight.detach().permute(2, 1, 0)  # [K, Cin, Cout]
        out[name + ".bias"] = m.bias.detach()

    def blocks(prefix, seq):
        for i, block in enumerate(seq):
            conv(f"{prefix}.block{i + 1}.conv1", block.conv1)
            conv(f"{prefix}.block{i + 1}.conv2", block.conv2)

    # generator.input: PyTorch output feature c*T + t -> textgan t*C + c
    w = gen.input.weight.detach().view(C, T, Z).permute(1, 0, 2).reshape(T * C, Z)
    out["generator.input.weight"] = w.t()
    out["generator.input.bias"] = gen.input.bias.detach().view(C, T).t().reshape(-1)
    blocks("generator", gen.blocks)
    conv("generator.output", gen.output)
    conv("critic.input", critic.input)
    blocks("critic", critic.blocks)
    # critic.output: PyTorch input feature c*T + t -> textgan t*C + c
    out["critic.output.weight"] = critic.output.weight.detach().view(C, T).t().reshape(T * C, 1)
    out["critic.output.bias"] = critic.output.bias.detach()
    return {k: {"shape": list(v.shape), "values": v.reshape(-1).tolist()} for k, v in out.items()}


def one_hot(ids):
    return torch.nn.functional.one_hot(ids, V).double().transpose(1, 2)  # [B, V, T]


def critic_losses(critic, real, fake, alphas, penalty):
    """The critic's Wasserstein loss E[D(fake)] - E[D(real)] and its penalty, for
    one-hot `real` and generated `fake` [B, V, T] and per-example alphas [B]."""
    b = real.shape[0]
    x = [real + a.view(b, 1, 1) * (fake - real) for a in alphas]
    if penalty.startswith("gp"):
        scores = critic(torch.cat([real, fake]))
        xi = x[0].requires_grad_(True)
        (g,) = torch.autograd.grad(critic(xi).sum(), xi, create_graph=True)
        if penalty == "gp-directional":  # |∇D(x̂)·u|, u the unit direction of fake - real
            d = (fake - real).flatten(1)
            u = d / d.norm(dim=1, keepdim=True).clamp_min(1e-12)
            slopes = (g.flatten(1) * u).sum(dim=1).abs()
        else:
            slopes = g.flatten(1).norm(dim=1)
    else:
        scores = critic(torch.cat([real, fake, x[0], x[1]]))
        distance = (x[0] - x[1]).flatten(1).norm(dim=1).clamp_min(1e-12)
        slopes = (scores[2 * b:3 * b] - scores[3 * b:]).abs() / distance
    excess = slopes - 1
    if penalty.endswith("one-sided"):
        excess = excess.clamp_min(0)
    return scores[b:2 * b].mean() - scores[:b].mean(), LAMBDA * (excess ** 2).mean()


def generator_step(gen, critic, opt_g, z):
    """One Adam step of the generator on -E[D(G(z))], the critic frozen; returns the loss."""
    for q in critic.parameters():
        q.requires_grad_(False)
    loss = -critic(gen(z)).mean()
    opt_g.zero_grad(set_to_none=True)
    loss.backward()
    opt_g.step()
    for q in critic.parameters():
        q.requires_grad_(True)
    return loss


def trajectory(penalty, seed):
    torch.manual_seed(seed)
    gen, critic = Generator(V, T, C, BLOCKS, K, Z).double(), Critic(V, T, C, BLOCKS, K).double()
    reference_init(gen)
    reference_init(critic)
    initial = textgan_weights(gen, critic)
    opt_g = torch.optim.Adam(gen.parameters(), lr=LR, betas=BETAS)
    opt_d = torch.optim.Adam(critic.parameters(), lr=LR, betas=BETAS)
    steps = []
    for _ in range(ITERATIONS):
        for _ in range(CRITIC_ITERATIONS):
            ids = torch.randint(0, V, (B, T))
            z = torch.randn(B, Z, dtype=torch.float64)
            alphas = [torch.rand(B, dtype=torch.float64) for _ in range(1 if penalty.startswith("gp") else 2)]
            real = one_hot(ids)
            with torch.no_grad():
                fake = gen(z)
            wasserstein_loss, pen = critic_losses(critic, real, fake, alphas, penalty)
            loss = wasserstein_loss + pen
            opt_d.zero_grad(set_to_none=True)
            loss.backward()
            opt_d.step()
            steps.append({"network": "critic", "realIDs": ids.reshape(-1).tolist(), "noise": z.reshape(-1).tolist(),
                          "alphas": [a.tolist() for a in alphas], "loss": loss.item(),
                          "wassersteinLoss": wasserstein_loss.item(), "penalty": pen.item()})
        z = torch.randn(B, Z, dtype=torch.float64)
        loss = generator_step(gen, critic, opt_g, z)
        steps.append({"network": "generator", "noise": z.reshape(-1).tolist(), "loss": loss.item()})
    return {"penalty": penalty, "seed": seed, "initialWeights": initial, "steps": steps,
            "finalWeights": textgan_weights(gen, critic)}


def main():
    global V, T, C, BLOCKS, K, Z, B, ITERATIONS, CRITIC_ITERATIONS, LR, PENALTIES
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    for flag, default in [("vocab", V), ("seq-len", T), ("channels", C), ("blocks", BLOCKS), ("kernel", K),
                          ("latent", Z), ("batch", B), ("iterations", ITERATIONS),
                          ("critic-iterations", CRITIC_ITERATIONS)]:
        p.add_argument("--" + flag, type=int, default=default)
    p.add_argument("--lr", type=float, default=LR)
    p.add_argument("--penalties", default=",".join(PENALTIES))
    a = p.parse_args()
    V, T, C, BLOCKS, K, Z, B = a.vocab, a.seq_len, a.channels, a.blocks, a.kernel, a.latent, a.batch
    ITERATIONS, CRITIC_ITERATIONS, LR, PENALTIES = a.iterations, a.critic_iterations, a.lr, a.penalties.split(",")
    print(json.dumps({
        "model": {"vocabularySize": V, "sequenceLength": T, "channels": C, "blocks": BLOCKS, "kernelSize": K, "latentSize": Z},
        "batchSize": B, "learningRate": LR, "beta1": BETAS[0], "beta2": BETAS[1], "lambda": LAMBDA,
        "torchVersion": torch.__version__,
        "runs": [trajectory(p, seed) for seed, p in enumerate(PENALTIES, start=1)],
    }))


if __name__ == "__main__":
    main()
