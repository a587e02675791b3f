#!/usr/bin/env python3
"""textgan's runs beside bench/experiments/pytorch_quality.py's, seed by seed: is a gap in
JS between the two implementations larger than their seeds' spread?

Reads every textgan run directory given (its metrics.jsonl) and every PyTorch
log given (pytorch_quality.py's JSON lines, or a --run directory holding them
in log.jsonl), and prints for each run its final JS-1 and JS-4 and its late
JS-1 and JS-4 (the mean of the evaluations in the last quarter of training, as
`textgan compare` reports them), then per side the mean and sample std, Welch's
t for the difference of the means with its Welch-Satterthwaite degrees of
freedom, and the exact one-sided Mann-Whitney p that textgan's values are the
larger (ties count one half; every split of the pooled runs enumerated).
Standard library only.

Usage:
  python3 bench/experiments/seeds_vs_pytorch.py --at 2000 --textgan runs/cmp/gp-seed{1,2,3} --pytorch torch-gp-seed{1,2}
"""
import argparse
import itertools
import json
import math
import os
import statistics
import sys


def log_file(side, name):
    """The JSON-lines file of a run given on the command line: a textgan run directory's
    metrics.jsonl; a pytorch_quality.py log, or its --run directory's log.jsonl."""
    if side == "textgan":
        return os.path.join(name, "metrics.jsonl")
    return os.path.join(name, "log.jsonl") if os.path.isdir(name) else name


def evaluation_records(path):
    """Every evaluation's JSON object in a JSON-lines file: a textgan run's metrics.jsonl (its
    unevaluated steps have no js) or a pytorch_quality.py log (its floor line has no step)."""
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [r for r in map(json.loads, f) if r.get("js") and r.get("step")]


def evaluations(path):
    """(step, js) of every evaluation in the file (evaluation_records)."""
    return [(r["step"], r["js"]) for r in evaluation_records(path)]


def trajectory_values(record):
    """The quantities --trajectory follows, from one evaluation's record of either side (None
    where the record lacks one): JS-1, JS-4, the share of sample positions on rare characters,
    the critic's rare / common input-row norms (textgan's criticInputNorms, PyTorch's
    criticInputNorm), and the Wasserstein estimate and penalty of the step's logged critic step."""
    norms = record.get("criticInputNorms") or record.get("criticInputNorm")
    ratio = norms["rare"] / norms["common"] if norms and norms.get("rare") is not None and norms.get("common") else None
    return {"JS-1": record["js"][0], "JS-4": record["js"][3], "rare %": 100 * record["rareShare"]
            if record.get("rareShare") is not None else None, "rare/common": ratio,
            "W": record.get("wasserstein"), "penalty": record.get("penalty")}


def print_trajectory(names, window):
    """`names`: {"textgan": run directories, "pytorch": logs or --run directories}. Per
    evaluation step, each side's mean of trajectory_values over its runs; then, per
    quantity, each run's mean over the evaluations with window[0] <= step <= window[1] and the
    Mann-Whitney p that textgan's are the larger."""
    runs = {side: [] for side in names}
    for side, side_names in names.items():
        for name in side_names:
            run = {r["step"]: trajectory_values(r) for r in evaluation_records(log_file(side, name))}
            if run:
                runs[side].append((name, run))
            else:
                print(f"{name}: no evaluations yet, left out", file=sys.stderr)
    keys = ["JS-1", "JS-4", "rare %", "rare/common", "W", "penalty"]
    steps = sorted({step for side in runs.values() for _, run in side for step in run})

    def mean(values):
        values = [v for v in values if v is not None]
        return f"{statistics.mean(values):.3f}" if values else "-"

    print("mean over each side's runs at each evaluation, textgan / pytorch "
          f"(n = {len(runs['textgan'])} / {len(runs['pytorch'])}; fewer where a run has not reached the step)")
    print(f"{'step':>5} " + " ".join(f"{k:>17}" for k in keys))
    for step in steps:
        cells = []
        for k in keys:
            a = mean([run[step][k] for _, run in runs["textgan"] if step in run])
            b = mean([run[step][k] for _, run in runs["pytorch"] if step in run])
            cells.append(f"{a:>8}/{b:<8}")
        print(f"{step:5d} " + " ".join(cells))
    lo, hi = window
    print(f"\nper-run means over the evaluations at steps {lo}-{hi}; one-sided Mann-Whitney p that textgan's are the larger")
    for k in keys:
        per_side = {}
        for side, side_runs in runs.items():
            per_side[side] = [statistics.mean(vs) for vs in
                              ([run[s][k] for s in run if lo <= s <= hi and run[s][k] is not None] for _, run in side_runs) if vs]
        line = ";  ".join(f"{side} " + " ".join(f"{v:.3f}" for v in vs) for side, vs in per_side.items())
        print(f"{k:12} {line};  p = {mann_whitney_p(per_side['textgan'], per_side['pytorch']):.3f}")


def scores(evaluations):
    """final JS-1, final JS-4, late JS-1, late JS-4 (means of the evaluations after 3/4 of the
    last step) and that step."""
    evaluations.sort()
    last_step, last_js = evaluations[-1]
    late = [js for step, js in evaluations if 4 * step > 3 * last_step]
    return (last_js[0], last_js[3], sum(js[0] for js in late) / len(late), sum(js[3] for js in late) / len(late),
            last_step)


def mann_whitney_u(a, b):
    """U = the number of pairs (x in a, y in b) with x > y, ties counting one half."""
    return sum(1.0 if x > y else 0.5 if x == y else 0.0 for x in a for y in b)


def mann_whitney_p(a, b):
    """Exact one-sided p of U(a, b) >= the observed one when a and b are draws of one law: the
    share of the splits of the pooled values into groups of len(a) and len(b) whose U is at
    least as large (nan with an empty group or more than 10^6 splits)."""
    pooled = a + b
    if not a or not b or math.comb(len(pooled), len(a)) > 10 ** 6:
        return math.nan
    observed = mann_whitney_u(a, b)
    at_least = total = 0
    for chosen in itertools.combinations(range(len(pooled)), len(a)):
        picked = set(chosen)
        u = mann_whitney_u([pooled[i] for i in chosen], [pooled[i] for i in range(len(pooled)) if i not in picked])
        at_least += u >= observed - 1e-9
        total += 1
    return at_least / total


def welch(a, b):
    """Welch's t for mean(a) - mean(b) and its degrees of freedom (nan with fewer than 2 each)."""
    if len(a) < 2 or len(b) < 2:
        return math.nan, math.nan
    va, vb = statistics.variance(a) / len(a), statistics.variance(b) / len(b)
    t = (statistics.mean(a) - statistics.mean(b)) / math.sqrt(va + vb)
    dof = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
    return t, dof


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--textgan", nargs="+", default=[], help="textgan run directories")
    p.add_argument("--pytorch", nargs="+", default=[],
                   help="pytorch_quality.py logs, or its --run directories (their log.jsonl)")
    p.add_argument("--at", type=int, help="only runs evaluated at this step, scored there (leave out runs still training)")
    p.add_argument("--trajectory", metavar="FROM:TO",
                   help="instead: each side's mean JS-1, JS-4, rare share, critic rare/common rows, Wasserstein "
                        "estimate and penalty at every evaluation, and per-run means over steps FROM-TO compared")
    args = p.parse_args()
    if args.trajectory:
        try:
            window = tuple(int(x) for x in args.trajectory.split(":"))
            assert len(window) == 2 and window[0] <= window[1]
        except (ValueError, AssertionError):
            sys.exit(f"--trajectory {args.trajectory}: expected FROM:TO, two steps, FROM <= TO (e.g. 400:800)")
        print_trajectory({"textgan": args.textgan, "pytorch": args.pytorch}, window)
        return
    sides = {"textgan": [], "pytorch": []}
    for side, names in [("textgan", args.textgan), ("pytorch", args.pytorch)]:
        for name in names:
            found = evaluations(log_file(side, name))
            if args.at is not None:
                found = [e for e in found if e[0] <= args.at]
                if not found or found[-1][0] != args.at:
                    print(f"{name}: not evaluated at step {args.at} yet, left out", file=sys.stderr)
                    continue
            if found:
                sides[side].append((name, scores(found)))
            else:
                print(f"{name}: no evaluations yet, left out", file=sys.stderr)
    print(f"{'run':60} {'step':>5} {'JS-1':>7} {'JS-4':>7} {'late JS-1':>9} {'late JS-4':>9}")
    for side, runs in sides.items():
        for name, (js1, js4, late1, late4, step) in runs:
            print(f"{name:60} {step:5d} {js1:7.4f} {js4:7.4f} {late1:9.4f} {late4:9.4f}")
    print()
    columns = {"final JS-1": 0, "final JS-4": 1, "late JS-1": 2, "late JS-4": 3}
    for label, i in columns.items():
        values = {side: [s[i] for _, s in runs] for side, runs in sides.items()}
        parts = []
        for side, v in values.items():
            if v:
                std = statistics.stdev(v) if len(v) > 1 else math.nan
                parts.append(f"{side} {statistics.mean(v):.4f} ± {std:.4f} (n = {len(v)})")
        t, dof = welch(values["textgan"], values["pytorch"])
        u_p = mann_whitney_p(values["textgan"], values["pytorch"])
        print(f"{label:11} " + ";  ".join(parts) + f";  Welch t = {t:.2f}, dof = {dof:.1f}; "
              f"Mann-Whitney U = {mann_whitney_u(values['textgan'], values['pytorch']):g}, "
              f"one-sided p = {u_p:.3f}")


if __name__ == "__main__":
    main()
