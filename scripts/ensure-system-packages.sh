#!/usr/bin/env bash
# Makes sure the system libraries textgan links against are installed:
# libopenblas-dev (GEMM), libutf8proc-dev (Unicode), and libopenmpi-dev with
# openmpi-bin (the MPI trait, on by default: training over several processes).
# Installs them with apt-get when they are missing and we can; otherwise says
# what to run. Without MPI: swift build --disable-default-traits.
set -euo pipefail

packages=(libopenblas-dev libutf8proc-dev libopenmpi-dev openmpi-bin)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "textgan: installing missing system packages: ${missing[*]}" >&2
if ! command -v apt-get >/dev/null 2>&1; then
    echo "textgan: apt-get not found; install ${missing[*]} (OpenBLAS, utf8proc and Open MPI development files) with your package manager" >&2
    exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
    sudo=()
elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
else
    echo "textgan: not root and no sudo; run as root: apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
fi
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}"
