"""Spectral normalisation in a textgan checkpoint, against the SVD.

    python3 bench/experiments/spectral_norm_check.py CHECKPOINT [SEQ_LEN]

For every weight a run normalises (the checkpoint's `sn.u.NAME` / `sn.v.NAME`
vectors), reads the weight `[..., out]` as the matrix M `[fan-in, out]` as
textgan does, and prints the power-iteration estimate σ = vᵀ·M·u the run
divides by, the largest singular value of M from the SVD (both of the raw
weight, which spectral normalisation leaves free to grow; for a run with
`--spectral-norm-conv operator`, of the convolution's operator), and their ratio:
how far above 1 the normalised matrix M/σ really is. For a convolution
`[K, Cin, Cout]` with K > 1 it also prints the operator norm of the
normalised convolution itself on SEQ_LEN positions (default 32) with same
padding: the Lipschitz constant of the layer, which M's σ bounds only up to
a factor √K. Needs PyTorch (for the SVD); reads the safetensors format itself.
"""
import json
import struct
import sys

import torch


def tensors(path):
    """name → float64 tensor of every tensor in a safetensors file."""
    raw = open(path, "rb").read()
    size = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + size])
    base = 8 + size
    dtypes = {"F32": torch.float32, "F64": torch.float64}
    result = {}
    for name, h in header.items():
        if name == "__metadata__" or h["dtype"] not in dtypes:
            continue
        start, end = h["data_offsets"]
        data = bytearray(raw[base + start:base + end])
        result[name] = torch.frombuffer(data, dtype=dtypes[h["dtype"]]).reshape(h["shape"]).double()
    return result


def convolution_matrix(weight, length):
    """The matrix [T·Cin, T·Cout] of a same-padded convolution y[t] = Σ_k x[t + k − K//2]·W[k]."""
    k, cin, cout = weight.shape
    a = torch.zeros(length * cin, length * cout, dtype=weight.dtype)
    for t in range(length):
        for tap in range(k):
            source = t + tap - k // 2
            if 0 <= source < length:
                a[source * cin:(source + 1) * cin, t * cout:(t + 1) * cout] = weight[tap]
    return a


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__.strip())
    length = int(sys.argv[2]) if len(sys.argv) == 3 else 32
    t = tensors(sys.argv[1])
    names = sorted(k[len("sn.u."):] for k in t if k.startswith("sn.u."))
    if not names:
        sys.exit(f"{sys.argv[1]}: no spectral normalisation vectors (trained without --spectral-norm?)")
    print(f"{'weight':36s} {'shape':14s} {'σ estimate':>10s} {'σ (SVD)':>10s} {'ratio':>7s} {'conv norm / σ':>13s}")
    for name in names:
        weight = t[name]
        u, v = t["sn.u." + name], t["sn.v." + name]
        matrix = weight.reshape(-1, weight.shape[-1])
        # --spectral-norm-conv operator: u and v span the T positions, σ is the operator's.
        if u.numel() != weight.shape[-1]:
            matrix = convolution_matrix(weight, u.numel() // weight.shape[-1])
        estimate = float(v @ matrix @ u)
        exact = float(torch.linalg.svdvals(matrix)[0])
        conv = ""
        if weight.dim() == 3 and weight.shape[0] > 1:
            conv = f"{float(torch.linalg.svdvals(convolution_matrix(weight, length))[0]) / estimate:13.4f}"
        print(f"{name:36s} {str(list(weight.shape)):14s} {estimate:10.4f} {exact:10.4f} {exact / estimate:7.4f} {conv}")


if __name__ == "__main__":
    main()
