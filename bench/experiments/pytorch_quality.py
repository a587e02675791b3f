#!/usr/bin/env python3
"""The quality side of the PyTorch baseline: trains the same WGAN as textgan
(bench/pytorch_baseline.py's model, with the reference's initialisation) and
logs JS-1..4 of 640 argmax samples against the training text, computed as
the WGAN-GP paper's language experiment does (its NgramLanguageModel.js_with,
in bits, padding included). It answers: on this corpus, at these settings,
what does an independent implementation of the same model reach?

Initialisation as the reference's tflib: convolutions He-uniform with
std sqrt(4 / (fan_in + fan_out)), fan = channels x kernel; linear layers
Glorot-uniform with std sqrt(2 / (fan_in + fan_out)); biases zero. Adam
lr 1e-4, betas (0.5, 0.9). 640 lines are held out (as textgan holds them
out) and give the floor: their JS against the training lines.

Usage: python bench/experiments/pytorch_quality.py --penalty gp --iterations 2000 --critic-iterations 5 --threads 1
       python bench/experiments/pytorch_quality.py --penalty gp --seed 5 --run runs/torch-gp-seed5   (resumable)
Prints one JSON object per evaluation: the step, JS-1..4, training seconds, and
the last critic step's Wasserstein estimate and penalty (as textgan's metrics.jsonl
names them), and rareShare: the share of sample tokens that are rare in the
training text (below 0.1% of its tokens; padding counts as a token), and
criticInputNorm: the mean over characters of the L2 norm of the critic's input
weights W[:, v] (its 1x1 convolution V -> C), over rare and over common characters,
as textgan's metrics.jsonl logs it.
"""
import argparse
import fcntl
import json
import math
import os
import sys
import time
from collections import Counter

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.dirname(HERE)]  # the other experiments, and bench/ (pytorch_baseline.py)
import textgan_draws  # noqa: E402
from pytorch_baseline import Critic, Generator, load_corpus, load_textgan_weights  # noqa: E402

NOISE_SIZE = 128  # Z, as textgan's generator draws it


def reference_init(module):
    """tflib's initialisation: uniform with the given std (bound std * sqrt(3)), zero bias."""
    for m in module.modules():
        if isinstance(m, nn.Conv1d):
            out_c, in_c, k = m.weight.shape
            std = math.sqrt(4.0 / (in_c * k + out_c * k))
        elif isinstance(m, nn.Linear):
            out_f, in_f = m.weight.shape
            std = math.sqrt(2.0 / (in_f + out_f))
        else:
            continue
        with torch.no_grad():
            m.weight.uniform_(-std * math.sqrt(3), std * math.sqrt(3))
            m.bias.zero_()


def ngram_counts(rows, n):
    counts = Counter()
    for row in rows:
        for i in range(len(row) - n + 1):
            counts[row[i:i + n]] += 1
    return counts


def js_bits(p_counts, q_counts):
    """0.5 KL(p||m) + 0.5 KL(q||m) in bits, m = (p + q) / 2: js_with of the reference."""
    p_total, q_total = sum(p_counts.values()), sum(q_counts.values())
    kl_p = kl_q = 0.0
    for gram, c in p_counts.items():
        p = c / p_total
        q = q_counts.get(gram, 0) / q_total
        kl_p += p * math.log(p / ((p + q) / 2))
    for gram, c in q_counts.items():
        q = c / q_total
        p = p_counts.get(gram, 0) / p_total
        kl_q += q * math.log(q / ((p + q) / 2))
    return 0.5 * (kl_p + kl_q) / math.log(2)


class TorchDraws:
    """Noise and interpolation weights from PyTorch's global generator (the default)."""

    @staticmethod
    def noise(b, z):
        return torch.randn(b, z)

    @staticmethod
    def alphas(b):
        return torch.rand(b, 1, 1)


class TextganDraws:
    """Noise and interpolation weights as textgan draws them (bench/experiments/textgan_draws.py), from
    `rng`, the generator that drew the initial weights; those named in `torch_ones` ("noise",
    "alphas") come from PyTorch's generator instead."""

    def __init__(self, rng, torch_ones=()):
        self.rng, self.torch_ones = rng, set(torch_ones)

    def noise(self, b, z):
        if "noise" in self.torch_ones:
            return TorchDraws.noise(b, z)
        return torch.from_numpy(self.rng.normal(b * z).reshape(b, z))

    def alphas(self, b):
        if "alphas" in self.torch_ones:
            return TorchDraws.alphas(b)
        return torch.from_numpy(self.rng.uniform(b)).view(b, 1, 1)


def critic_step(gen, critic, optimizer, real, penalty, lam, draws=TorchDraws):
    """One critic step on the real batch `real` [B, V, T] against fresh fakes: for gp the
    gradient penalty at one interpolate per example, for fd the slope between two. Draws the
    noise, then the alphas. Returns the Wasserstein estimate and the penalty, detached."""
    b = real.shape[0]
    with torch.no_grad():
        fake = gen(draws.noise(b, gen.input.in_features))
    if penalty == "gp":
        scores = critic(torch.cat([real, fake]))
        alpha = draws.alphas(b)
        x = (real + alpha * (fake - real)).requires_grad_(True)
        (g,) = torch.autograd.grad(critic(x).sum(), x, create_graph=True)
        value = lam * ((g.flatten(1).norm(dim=1) - 1) ** 2).mean()
    else:
        a1 = draws.alphas(b)
        a2 = draws.alphas(b)
        x1, x2 = real + a1 * (fake - real), real + a2 * (fake - real)
        scores = critic(torch.cat([real, fake, x1, x2]))
        distance = (x1 - x2).flatten(1).norm(dim=1).clamp_min(1e-12)
        slopes = (scores[2 * b:3 * b] - scores[3 * b:]).abs() / distance
        value = lam * ((slopes - 1) ** 2).mean()
    loss = scores[b:2 * b].mean() - scores[:b].mean() + value
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()
    return (scores[:b].mean() - scores[b:2 * b].mean()).detach(), value.detach()


def generator_step(gen, critic, optimizer, b, draws=TorchDraws):
    """One generator step on B fresh noise vectors, the critic frozen."""
    for q in critic.parameters():
        q.requires_grad_(False)
    loss = -critic(gen(draws.noise(b, gen.input.in_features))).mean()
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()
    for q in critic.parameters():
        q.requires_grad_(True)


class Scorer:
    """JS-1..4 of 640 argmax samples against the training rows, and rareShare: the share of
    sample tokens outside those that fill at least 0.1% of the training text's tokens."""

    def __init__(self, train):
        self.true_counts = [ngram_counts([tuple(r) for r in train.tolist()], n) for n in range(1, 5)]
        total = sum(self.true_counts[0].values())
        self.common = {gram for gram, c in self.true_counts[0].items() if c >= 1e-3 * total}

    def input_norms(self, critic):
        """{"rare": mean over rare characters v of ‖W[:, v]‖₂, "common": the same over the others},
        W the critic's input weights [C, V, 1]."""
        norms = critic.input.weight.detach().norm(dim=(0, 2)).tolist()
        common = [norms[v] for v in range(len(norms)) if (v,) in self.common]
        rare = [norms[v] for v in range(len(norms)) if (v,) not in self.common]
        return {"rare": sum(rare) / max(len(rare), 1), "common": sum(common) / max(len(common), 1)}

    def js(self, rows):
        return [js_bits(ngram_counts(rows, n), self.true_counts[n - 1]) for n in range(1, 5)]

    def score(self, gen, count=640):
        """(JS-1..4, rareShare) of `count` argmax samples from fresh noise."""
        with torch.no_grad():
            samples = gen(torch.randn(count, gen.input.in_features)).argmax(dim=1)  # [count, T]
        ids = samples.flatten().tolist()
        rare = sum(1 for i in ids if (i,) not in self.common) / len(ids)
        return self.js([tuple(r) for r in samples.tolist()]), rare


def compare_with_checkpoint(gen, critic, path):
    """Prints, per parameter, max |ours - textgan's| / (1 + |textgan's|) against a textgan checkpoint."""
    from crosscheck_eval import read_safetensors
    tensors = read_safetensors(path)
    v, k = gen.output.out_channels, gen.blocks[0].conv1.kernel_size[0]
    theirs_gen = Generator(v, gen.t, gen.c, len(gen.blocks), k, gen.input.in_features)
    theirs_critic = Critic(v, gen.t, gen.c, len(critic.blocks), k)
    load_textgan_weights(lambda name: torch.as_tensor(tensors[name]), theirs_gen, theirs_critic)
    worst = 0.0
    for (name, ours), (_, theirs) in zip(list(gen.named_parameters()) + list(critic.named_parameters()),
                                         list(theirs_gen.named_parameters()) + list(theirs_critic.named_parameters())):
        r = ((ours - theirs).abs() / (1 + theirs.abs())).flatten()
        d = r.max().item()
        worst = max(worst, d)
        print(json.dumps({"parameter": name, "relativeDifference": d, "median": r.median().item(),
                          "shareAbove1e-6": (r > 1e-6).float().mean().item()}))
    print(json.dumps({"largestRelativeDifference": worst}), flush=True)


class TorchBatches:
    """The rows of each real batch: textgan's epoch sampler when given, else PyTorch's global
    generator, with replacement (torch.randint) or by epochs (consecutive slices of a fresh
    torch.randperm, drawn on first use so the default's random stream stays as it was)."""

    def __init__(self, count, batch_size, sampling, textgan_sampler=None):
        self.count, self.batch_size, self.sampling = count, batch_size, sampling
        self.textgan_sampler = textgan_sampler
        self.epoch_order, self.epoch_position = None, 0

    def next(self):
        if self.textgan_sampler is not None:
            return torch.tensor(self.textgan_sampler.next())
        if self.sampling == "replacement":
            return torch.randint(0, self.count, (self.batch_size,))
        taken = []
        while sum(len(t) for t in taken) < self.batch_size:
            if self.epoch_order is None or self.epoch_position == len(self.epoch_order):
                self.epoch_order, self.epoch_position = torch.randperm(self.count), 0
            take = min(self.batch_size - sum(len(t) for t in taken), len(self.epoch_order) - self.epoch_position)
            taken.append(self.epoch_order[self.epoch_position:self.epoch_position + take])
            self.epoch_position += take
        return torch.cat(taken)


class RunDirectory:
    """--run DIR: the log (log.jsonl, the lines printed) and, at every evaluation, a checkpoint
    (checkpoint.pt: weights, both Adam states, PyTorch's random state, the draws and the batch
    sampler), so a run stopped anywhere resumes from its last evaluation and goes on exactly as
    it would have; one process at a time (DIR/lock). The options of a run are fixed when it starts (options.json); resuming with
    others is refused, except --threads, which changes only the speed, and --iterations, which
    may extend a run (an evaluation at the old last step stays in its trajectory)."""

    FREE = {"threads", "run", "iterations"}

    def __init__(self, path, options, defaults):
        self.path = path
        os.makedirs(path, exist_ok=True)
        # Held until this process ends: a second process on the same run would interleave its log and checkpoints.
        self.lock = open(os.path.join(path, "lock"), "w")
        try:
            fcntl.flock(self.lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            sys.exit(f"error: another process is training {path} (it holds {path}/lock); wait for it or stop it")
        self.log_path = os.path.join(path, "log.jsonl")
        self.checkpoint_path = os.path.join(path, "checkpoint.pt")
        options_path = os.path.join(path, "options.json")
        fixed = {k: v for k, v in options.items() if k not in self.FREE}
        if os.path.exists(options_path):
            with open(options_path) as f:
                earlier = json.load(f)
            # An option added after the run started held its default then.
            earlier = {k: earlier.get(k, defaults.get(k)) for k in (set(earlier) | set(fixed)) - self.FREE}
            differ = sorted(k for k in earlier if earlier[k] != fixed.get(k))
            if differ:
                sys.exit(f"error: {path} was started with other options ("
                         + ", ".join(f"{k} {earlier[k]!r}, now {fixed.get(k)!r}" for k in differ)
                         + "); resume it with the same ones or use another --run")
        else:
            with open(options_path, "w") as f:
                json.dump(fixed, f, indent=1, sort_keys=True)

    def has_checkpoint(self):
        return os.path.exists(self.checkpoint_path)

    def load_checkpoint(self):
        return torch.load(self.checkpoint_path, weights_only=False)

    def save_checkpoint(self, state):
        """Written beside, then renamed over the old one: a stop while writing keeps the last."""
        partial = self.checkpoint_path + ".partial"
        torch.save(state, partial)
        os.replace(partial, self.checkpoint_path)

    def keep_log_through(self, step):
        """Drops log lines of evaluations after `step` (printed before a stop, not checkpointed)."""
        with open(self.log_path) as f:
            lines = [l for l in f if json.loads(l).get("step", 0) <= step]
        with open(self.log_path, "w") as f:
            f.writelines(lines)

    def start_log(self):
        """Empties log.jsonl: a run without a checkpoint starts from step 1."""
        open(self.log_path, "w").close()

    def append(self, line):
        with open(self.log_path, "a") as f:
            f.write(line + "\n")


def emit(record, run):
    """Prints one JSON line, and appends it to the run's log.jsonl."""
    line = json.dumps(record)
    print(line, flush=True)
    if run:
        run.append(line)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", default="corpora/english.txt")
    p.add_argument("--dim", type=int, default=128)
    p.add_argument("--blocks", type=int, default=5, help="residual blocks in each network (textgan's --blocks)")
    p.add_argument("--kernel-size", type=int, default=5, help="convolution width (textgan's --kernel-size)")
    p.add_argument("--seq-len", type=int, default=32)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--penalty", choices=["gp", "fd"], default="gp")
    p.add_argument("--critic-iterations", type=int, default=5)
    p.add_argument("--iterations", type=int, default=2000)
    p.add_argument("--eval-every", type=int, default=100)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--lambda", dest="lam", type=float, default=10.0)
    p.add_argument("--sampling", choices=["replacement", "epoch"], default="replacement",
                   help="real batches drawn with replacement (default), or as textgan and the reference draw them: "
                        "consecutive slices of a fresh permutation each epoch")
    p.add_argument("--draws", choices=["torch", "textgan"], default="torch",
                   help="torch: PyTorch's own random streams (default); textgan: every draw textgan makes for this "
                        "--seed (initial weights, held-out split, epoch batches, noise, alphas; bench/experiments/textgan_draws.py), "
                        "so only the arithmetic differs from `textgan train`")
    p.add_argument("--except", dest="torch_draws", default="",
                   help="with --draws textgan: these draws (comma list of init, batches, noise, alphas) come from "
                        "PyTorch instead (init: tflib's law by torch.rand; batches: --sampling), to find which of "
                        "textgan's draws a difference comes from")
    p.add_argument("--dump-after", type=int, default=0,
                   help="with --draws textgan: after this many iterations print the largest relative difference "
                        "between these weights and the textgan checkpoint given by --compare-checkpoint, then stop")
    p.add_argument("--compare-checkpoint", help="a textgan checkpoint of the same seed, for --dump-after")
    p.add_argument("--run", help="a directory for log.jsonl and a checkpoint at every evaluation; if it holds "
                                 "a checkpoint, the run resumes from it (same options) and goes on as it would have")
    args = p.parse_args()
    # Options are checked before the corpus is counted, not after (or, for --dump-after, after training).
    torch_draws = set(filter(None, args.torch_draws.split(",")))
    if torch_draws - {"init", "batches", "noise", "alphas"}:
        p.error(f"--except: unknown draws {sorted(torch_draws - {'init', 'batches', 'noise', 'alphas'})}; "
                "choose from init, batches, noise, alphas")
    if (torch_draws or args.dump_after) and args.draws != "textgan":
        p.error("--except and --dump-after go with --draws textgan")
    if args.dump_after and not args.compare_checkpoint:
        p.error("--dump-after needs --compare-checkpoint (a textgan checkpoint of the same seed)")
    if args.dump_after and args.run:
        p.error("--dump-after stops after a few iterations and keeps no run; leave out --run")
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)

    ids, v = load_corpus(args.corpus, args.seq_len)
    if args.draws == "textgan":
        train_rows, held_rows = textgan_draws.held_out_split(ids.shape[0], min(640, ids.shape[0] // 10), args.seed)
        held, train = ids[held_rows], ids[train_rows]
    else:
        order = torch.randperm(ids.shape[0])
        held, train = ids[order[:640]], ids[order[640:]]
    b, t = args.batch_size, args.seq_len
    scorer = Scorer(train)
    floor = scorer.js([tuple(r) for r in held.tolist()])

    gen = Generator(v, t, args.dim, args.blocks, args.kernel_size, NOISE_SIZE)
    critic = Critic(v, t, args.dim, args.blocks, args.kernel_size)
    if args.draws == "textgan":
        rng = textgan_draws.Xoshiro(args.seed)
        weights = textgan_draws.textgan_initial_weights(rng, v, t, args.dim, args.blocks, args.kernel_size,
                                                        NOISE_SIZE)
        if "init" in torch_draws:
            reference_init(gen)
            reference_init(critic)
        else:
            load_textgan_weights(lambda name: torch.from_numpy(weights[name]), gen, critic)
        draws = TextganDraws(rng, torch_draws)
        sampler = None if "batches" in torch_draws else textgan_draws.BatchSampler(train.shape[0], b, args.seed)
    else:
        reference_init(gen)
        reference_init(critic)
        draws, sampler = TorchDraws, None
    opt_g = torch.optim.Adam(gen.parameters(), lr=1e-4, betas=(0.5, 0.9))
    opt_d = torch.optim.Adam(critic.parameters(), lr=1e-4, betas=(0.5, 0.9))

    batches = TorchBatches(train.shape[0], b, args.sampling, sampler)

    def real_batch():
        rows = train[batches.next()]
        return torch.nn.functional.one_hot(rows, v).float().transpose(1, 2)  # [B, V, T]

    run = RunDirectory(args.run, vars(args), vars(p.parse_args([]))) if args.run else None
    first_step, seconds_before = 1, 0.0
    if run and run.has_checkpoint():
        state = run.load_checkpoint()
        gen.load_state_dict(state["generator"])
        critic.load_state_dict(state["critic"])
        opt_g.load_state_dict(state["generatorOptimizer"])
        opt_d.load_state_dict(state["criticOptimizer"])
        torch.set_rng_state(state["torchRNG"])
        draws, batches = state["draws"], state["batches"]
        first_step, seconds_before = state["step"] + 1, state["seconds"]
        run.keep_log_through(state["step"])
        print(f"resumed {args.run} after step {state['step']}", file=sys.stderr, flush=True)
    else:
        if run:
            run.start_log()
        emit({"floor": floor, "trainingExamples": train.shape[0], "vocabularySize": v}, run)

    start = time.perf_counter()
    for step in range(first_step, args.iterations + 1):
        for _ in range(args.critic_iterations):
            wasserstein, penalty = critic_step(gen, critic, opt_d, real_batch(), args.penalty, args.lam, draws)
        generator_step(gen, critic, opt_g, b, draws)
        if step == args.dump_after:
            compare_with_checkpoint(gen, critic, args.compare_checkpoint)
            return
        if step % args.eval_every == 0 or step == args.iterations:
            js, rare = scorer.score(gen)
            seconds = seconds_before + time.perf_counter() - start
            emit({"step": step, "js": js, "seconds": seconds,
                  "wasserstein": wasserstein.item(), "penalty": penalty.item(), "rareShare": rare,
                  "criticInputNorm": scorer.input_norms(critic)}, run)
            if run:
                run.save_checkpoint({
                    "step": step, "seconds": seconds, "generator": gen.state_dict(), "critic": critic.state_dict(),
                    "generatorOptimizer": opt_g.state_dict(), "criticOptimizer": opt_d.state_dict(),
                    "torchRNG": torch.get_rng_state(), "draws": draws, "batches": batches})

if __name__ == "__main__":
    main()
