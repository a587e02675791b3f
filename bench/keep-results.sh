#!/usr/bin/env bash
# Keeps what a comparison's numbers need, without checkpoints, in bench/results:
#   bench/keep-results.sh RUNS_DIR bench/results/NAME
# copies the report (report.md, report.html, summary.json, and jobs.json, which the report
# reads to say how many runs shared the machine), the tables the experiment
# scripts write (*-table*.md) and, for every run directory, config.json, vocab.json,
# metrics.jsonl, its last samples file and the `textgan eval --json` outputs the scripts
# write (truncation-*.json, eval-*.json), with absolute paths rewritten to relative ones:
# the repository's (config.json and the report name the corpus) and RUNS_DIR's own
# (evaluations name the checkpoint they scored, now relative to bench/results/NAME).
# `textgan compare --out bench/results/NAME --report-only …` re-renders the report from them.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 RUNS_DIR bench/results/NAME" >&2; exit 2; }
src=${1%/}
dest=${2%/}
top=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$dest"
# JSONEncoder writes / as \/, so the JSON files hold the path as \/work\/… too.
escape() { printf '%s/' "$1" | sed 's|/|\\\\/|g'; }
runs=$(cd "$src" && pwd)
escaped_runs=$(escape "$runs")
escaped_top=$(escape "$top")
relative() { sed -e "s|$runs/||g" -e "s|$escaped_runs||g" -e "s|$top/||g" -e "s|$escaped_top||g" "$1" > "$2"; }
for f in report.md report.html summary.json jobs.json; do
    [ -f "$src/$f" ] && relative "$src/$f" "$dest/$f"
done
for table in "$src"/*-table*.md; do
    [ -f "$table" ] && cp "$table" "$dest/"
done
for run in "$src"/*/; do
    [ -f "$run/config.json" ] || continue
    name=$(basename "$run")
    mkdir -p "$dest/$name"
    relative "$run/config.json" "$dest/$name/config.json"
    cp "$run/metrics.jsonl" "$run/vocab.json" "$dest/$name/" 2>/dev/null || true
    last=$(ls "$run" | grep -E '^samples-[0-9]+\.txt$' | sort -t- -k2 -n | tail -1)
    [ -n "$last" ] && cp "$run/$last" "$dest/$name/"
    for evaluation in "$run"/truncation-*.json "$run"/eval-*.json; do
        [ -f "$evaluation" ] && relative "$evaluation" "$dest/$name/$(basename "$evaluation")"
    done
done
echo "kept $(ls -d "$dest"/*/ 2>/dev/null | wc -l) runs in $dest"
