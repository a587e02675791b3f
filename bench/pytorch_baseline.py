#!/usr/bin/env python3
"""The textgan model, schedule and penalties in PyTorch, timed the same way
as `textgan bench`: full generator iterations (n_critic critic steps + 1 generator
step) after warm-up, on the bundled English corpus.

Same architecture as textgan (docs/design.md): generator z[B,128] -> Linear ->
[B,C,T] -> N ResBlocks -> Conv1d 1x1 C->V -> softmax over V; critic [B,V,T]
-> Conv1d 1x1 V->C -> N ResBlocks -> flatten -> Linear -> [B]; ResBlock(x) =
x + 0.3*conv5(relu(conv5(relu(x)))). Adam(lr 1e-4, betas 0.5/0.9). As in
textgan, the critic scores real and fake (and, for fd, both interpolates) in
one batched forward; gp takes autograd.grad(create_graph=True) at the
interpolates. PyTorch's layout is channels-first, its idiomatic Conv1d one.

Usage: python bench/pytorch_baseline.py --dim 128 --penalty gp --critic-iterations 10 --threads 2
Prints one JSON object.
"""
import argparse
import json
import resource
import statistics
import time
import unicodedata
from collections import Counter

import torch
from torch import nn


class ResBlock(nn.Module):
    def __init__(self, c, k):
        super().__init__()
        self.conv1 = nn.Conv1d(c, c, k, padding=k // 2)
        self.conv2 = nn.Conv1d(c, c, k, padding=k // 2)

    def forward(self, x):
        return x + 0.3 * self.conv2(torch.relu(self.conv1(torch.relu(x))))


class Generator(nn.Module):
    def __init__(self, v, t, c, blocks, k, z):
        super().__init__()
        self.t, self.c = t, c
        self.input = nn.Linear(z, t * c)
        self.blocks = nn.Sequential(*[ResBlock(c, k) for _ in range(blocks)])
        self.output = nn.Conv1d(c, v, 1)

    def forward(self, z):
        h = self.input(z).view(-1, self.c, self.t)
        return torch.softmax(self.output(self.blocks(h)), dim=1)  # [B, V, T]


class Critic(nn.Module):
    def __init__(self, v, t, c, blocks, k):
        super().__init__()
        self.input = nn.Conv1d(v, c, 1)
        self.blocks = nn.Sequential(*[ResBlock(c, k) for _ in range(blocks)])
        self.output = nn.Linear(t * c, 1)

    def forward(self, x):
        return self.output(self.blocks(self.input(x)).flatten(1)).view(-1)


def load_textgan_weights(tensor, gen, critic=None):
    """Copies textgan's parameters into `gen` (and `critic`): `tensor(name)` returns the
    parameter `name` in textgan's layout (Conv1d W [K, Cin, Cout], Linear W [In, Out],
    the generator's input / the critic's output feature t*C + c of [B, T, C]), here
    PyTorch's ([Cout, Cin, K], [Out, In], feature c*T + t of [B, C, T])."""
    t, c, z = gen.t, gen.c, gen.input.in_features

    def conv(name, m):
        m.weight.copy_(tensor(name + ".weight").permute(2, 1, 0))
        m.bias.copy_(tensor(name + ".bias"))

    with torch.no_grad():
        w = tensor("generator.input.weight").t()  # [T*C, Z]
        gen.input.weight.copy_(w.reshape(t, c, z).permute(1, 0, 2).reshape(c * t, z))
        gen.input.bias.copy_(tensor("generator.input.bias").reshape(t, c).t().reshape(-1))
        for i, block in enumerate(gen.blocks):
            conv(f"generator.block{i + 1}.conv1", block.conv1)
            conv(f"generator.block{i + 1}.conv2", block.conv2)
        conv("generator.output", gen.output)
        if critic is not None:
            conv("critic.input", critic.input)
            for i, block in enumerate(critic.blocks):
                conv(f"critic.block{i + 1}.conv1", block.conv1)
                conv(f"critic.block{i + 1}.conv2", block.conv2)
            critic.output.weight.copy_(tensor("critic.output.weight").reshape(t, c).t().reshape(1, c * t))
            critic.output.bias.copy_(tensor("critic.output.bias"))


def load_corpus(path, t, max_vocab=2048):
    """One example per line, NFC, truncated/padded to T; id 0 pad, 1 unknown; the
    vocabulary counts every character of every line, as textgan's does."""
    lines = [unicodedata.normalize("NFC", l.rstrip("\n")) for l in open(path, encoding="utf-8")]
    lines = [l for l in lines if l]
    counts = Counter(ch for l in lines for ch in l)
    chars = [c for c, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))][: max_vocab - 2]
    index = {c: i + 2 for i, c in enumerate(chars)}
    ids = torch.zeros(len(lines), t, dtype=torch.long)
    for row, l in enumerate(lines):
        for col, ch in enumerate(l[:t]):
            ids[row, col] = index.get(ch, 1)
    return ids, len(chars) + 2


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", default="corpora/english.txt")
    p.add_argument("--dim", type=int, default=128)
    p.add_argument("--blocks", type=int, default=5)
    p.add_argument("--seq-len", type=int, default=32)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--penalty", choices=["gp", "fd", "none"], default="gp")
    p.add_argument("--critic-iterations", type=int, default=10)
    p.add_argument("--iterations", type=int, default=5)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--lambda", dest="lam", type=float, default=10.0)
    args = p.parse_args()

    torch.manual_seed(1)
    torch.set_num_threads(args.threads)
    ids, v = load_corpus(args.corpus, args.seq_len)
    b, t = args.batch_size, args.seq_len
    gen = Generator(v, t, args.dim, args.blocks, 5, 128)
    critic = Critic(v, t, args.dim, args.blocks, 5)
    opt_g = torch.optim.Adam(gen.parameters(), lr=1e-4, betas=(0.5, 0.9))
    opt_d = torch.optim.Adam(critic.parameters(), lr=1e-4, betas=(0.5, 0.9))

    def real_batch():
        rows = ids[torch.randint(0, ids.shape[0], (b,))]
        return torch.nn.functional.one_hot(rows, v).float().transpose(1, 2)  # [B, V, T]

    def critic_step():
        real = real_batch()
        with torch.no_grad():
            fake = gen(torch.randn(b, 128))
        if args.penalty == "gp":
            scores = critic(torch.cat([real, fake]))
            alpha = torch.rand(b, 1, 1)
            x = (real + alpha * (fake - real)).requires_grad_(True)
            (g,) = torch.autograd.grad(critic(x).sum(), x, create_graph=True)
            penalty = args.lam * ((g.flatten(1).norm(dim=1) - 1) ** 2).mean()
        elif args.penalty == "fd":
            a1, a2 = torch.rand(b, 1, 1), torch.rand(b, 1, 1)
            x1, x2 = real + a1 * (fake - real), real + a2 * (fake - real)
            scores = critic(torch.cat([real, fake, x1, x2]))
            distance = (x1 - x2).flatten(1).norm(dim=1).clamp_min(1e-12)
            slopes = (scores[2 * b:3 * b] - scores[3 * b:]).abs() / distance
            penalty = args.lam * ((slopes - 1) ** 2).mean()
        else:
            scores = critic(torch.cat([real, fake]))
            penalty = torch.zeros(())
        loss = scores[b:2 * b].mean() - scores[:b].mean() + penalty
        opt_d.zero_grad(set_to_none=True)
        loss.backward()
        opt_d.step()
        return loss.item()

    def generator_step():
        for q in critic.parameters():
            q.requires_grad_(False)
        loss = -critic(gen(torch.randn(b, 128))).mean()
        opt_g.zero_grad(set_to_none=True)
        loss.backward()
        opt_g.step()
        for q in critic.parameters():
            q.requires_grad_(True)
        return loss.item()

    def iteration():
        for _ in range(args.critic_iterations):
            d = critic_step()
        g = generator_step()
        return d, g

    for _ in range(args.warmup):
        iteration()
    times = []
    for _ in range(args.iterations):
        start = time.perf_counter()
        d, g = iteration()
        times.append(time.perf_counter() - start)
    assert all(map(lambda x: x == x, (d, g))), "non-finite loss"
    print(json.dumps({
        "framework": f"pytorch {torch.__version__}", "threads": torch.get_num_threads(),
        "dim": args.dim, "penalty": args.penalty, "criticIterations": args.critic_iterations,
        "batchSize": b, "seqLen": t, "vocabularySize": v,
        "secondsPerIteration": {"median": statistics.median(times), "min": min(times), "max": max(times), "count": len(times)},
        "peakMemoryMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "lastCriticLoss": d, "lastGeneratorLoss": g,
    }))


if __name__ == "__main__":
    main()
