#!/usr/bin/env python3
"""textgan's random draws, reproduced in Python: so PyTorch can train on exactly the
numbers textgan would draw from the same seed (bench/experiments/pytorch_quality.py --draws textgan).

The integer streams are bit-exact ports of textgan's code:
  SeededGenerator   xoshiro256** seeded through SplitMix64 (Sources/TextGAN/Tensor/Random.swift)
  Float.random      Swift's stdlib: the low 24 bits of next(), times 2^-24, then delta * unit + lower in float32
  Tensor.normal     Box-Muller pairs (cos, sin) in float32
  Initializer       tflib uniform: bound = sqrt(3) * std, std = sqrt(2 or 4 / (fanIn + fanOut)), biases zero
  Corpus.split      the first H of SplitMix64.permutation(count, seed) are held out (Sources/Tokenize/Corpus.swift)
  BatchSampler      epochs of SplitMix64 Fisher-Yates permutations, Lemire's bounded draws (Sources/Tokenize)
The float32 transcendental functions (log, cos, sin, sqrt) are numpy's, which may differ from glibc's in the
last bit: the noise can differ from textgan's by an ulp, never in distribution.

Usage: see TextganDraws; `python3 bench/experiments/textgan_draws.py` prints the first draws of seed 1 for a spot check.
"""
import numpy as np

MASK = (1 << 64) - 1


def splitmix64_next(state):
    """(new state, output) of one SplitMix64 step."""
    state = (state + 0x9E3779B97F4A7C15) & MASK
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return state, z ^ (z >> 31)


def splitmix64_permutation(count, seed):
    """SplitMix64.permutation(count:seed:): Fisher-Yates from the top, j = next(below: i + 1) by Lemire."""
    state = seed
    indices = list(range(count))
    for i in range(count - 1, 0, -1):
        bound = i + 1
        state, x = splitmix64_next(state)
        product = x * bound
        if (product & MASK) < bound:
            threshold = ((1 << 64) - bound) % bound
            while (product & MASK) < threshold:
                state, x = splitmix64_next(state)
                product = x * bound
        j = product >> 64
        indices[i], indices[j] = indices[j], indices[i]
    return indices


class Xoshiro:
    """SeededGenerator: xoshiro256**, its state four SplitMix64 outputs of the seed."""

    def __init__(self, seed):
        s = seed & MASK
        self.s = []
        for _ in range(4):
            s, out = splitmix64_next(s)
            self.s.append(out)

    def next(self):
        s0, s1, s2, s3 = self.s
        result = ((((s1 * 5) & MASK) << 7 | ((s1 * 5) & MASK) >> 57) & MASK) * 9 & MASK
        t = (s1 << 17) & MASK
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = ((s3 << 45) | (s3 >> 19)) & MASK
        self.s = [s0, s1, s2, s3]
        return result

    def float_in(self, lower, upper):
        """Swift's Float.random(in: lower..<upper, using:)."""
        lower, upper = np.float32(lower), np.float32(upper)
        delta = np.float32(upper - lower)
        while True:
            unit = np.float32(self.next() & 0xFFFFFF) * np.float32(2.0 ** -24)
            value = np.float32(np.float32(delta * unit) + lower)
            if value != upper:
                return value

    def uniform(self, count, lower=0.0, upper=1.0):
        """Tensor.uniform: `count` draws in order."""
        return np.array([self.float_in(lower, upper) for _ in range(count)], dtype=np.float32)

    def normal(self, count):
        """Tensor.normal (mean 0, std 1): Box-Muller, out[i] = r cos(2 pi u2), out[i + 1] = r sin(2 pi u2),
        u1 drawn in [leastNormalMagnitude, 1) and raised to 2^-24, u2 in [0, 1). The integers are drawn one by one, the
        float32 arithmetic is vectorised (neither range can round up to its upper bound, so Swift's retry
        never happens)."""
        pairs = (count + 1) // 2
        words = np.array([self.next() & 0xFFFFFF for _ in range(2 * pairs)], dtype=np.uint32)
        scale = np.float32(2.0 ** -24)
        # Swift's u1 = k·2^-24 + leastNormalMagnitude rounds to k·2^-24 for k >= 1; k = 0 is raised to 2^-24.
        u1 = np.maximum(words[0::2].astype(np.float32) * scale, scale)
        u2 = words[1::2].astype(np.float32) * scale
        r = np.sqrt(np.float32(-2) * np.log(u1))
        angle = (np.float32(2) * np.float32(np.pi)) * u2
        out = np.empty(2 * pairs, dtype=np.float32)
        out[0::2] = r * np.cos(angle)
        out[1::2] = r * np.sin(angle)
        return out[:count]


def tflib_uniform(rng, shape, fan_in, fan_out, numerator):
    """Initializer.glorotUniform (numerator 2) / heUniform (numerator 4), row-major in textgan's layout."""
    std = np.sqrt(np.float32(numerator) / np.float32(fan_in + fan_out))
    bound = np.float32(std * np.sqrt(np.float32(3)))
    return rng.uniform(int(np.prod(shape)), -bound, bound).reshape(shape)


def textgan_initial_weights(rng, v, t, c, blocks, k, z):
    """Generator(c, using:) then Critic(c, using:): {textgan name: float32 array in textgan's layout}."""
    w = {}

    def linear(name, n_in, n_out):
        w[name + ".weight"] = tflib_uniform(rng, (n_in, n_out), n_in, n_out, 2)
        w[name + ".bias"] = np.zeros(n_out, dtype=np.float32)

    def conv(name, c_in, c_out, kernel):
        w[name + ".weight"] = tflib_uniform(rng, (kernel, c_in, c_out), c_in * kernel, c_out * kernel, 4)
        w[name + ".bias"] = np.zeros(c_out, dtype=np.float32)

    linear("generator.input", z, t * c)
    for i in range(blocks):
        conv(f"generator.block{i + 1}.conv1", c, c, k)
        conv(f"generator.block{i + 1}.conv2", c, c, k)
    conv("generator.output", c, v, 1)
    conv("critic.input", v, c, 1)
    for i in range(blocks):
        conv(f"critic.block{i + 1}.conv1", c, c, k)
        conv(f"critic.block{i + 1}.conv2", c, c, k)
    linear("critic.output", t * c, 1)
    return w


class BatchSampler:
    """Tokenize's BatchSampler: epoch e visits the examples in SplitMix64.permutation order,
    seeded with SplitMix64(seed).next() ^ e * 0xD1B54A32D192ED03."""

    def __init__(self, count, batch_size, seed):
        self.count, self.batch_size, self.seed = count, batch_size, seed
        self.epoch, self.position = 0, 0
        self.order = self._permutation(0)

    def _permutation(self, epoch):
        _, first = splitmix64_next(self.seed & MASK)
        return splitmix64_permutation(self.count, first ^ ((epoch * 0xD1B54A32D192ED03) & MASK))

    def next(self):
        batch = []
        while len(batch) < self.batch_size:
            if self.position == self.count:
                self.epoch += 1
                self.position = 0
                self.order = self._permutation(self.epoch)
            take = min(self.batch_size - len(batch), self.count - self.position)
            batch += self.order[self.position:self.position + take]
            self.position += take
        return batch


def held_out_split(count, held_out, seed):
    """Corpus.split(heldOut:seed:): (training indices, held-out indices), each in corpus order."""
    held = set(splitmix64_permutation(count, seed)[:held_out])
    return [i for i in range(count) if i not in held], sorted(held)


if __name__ == "__main__":
    rng = Xoshiro(1)
    print("xoshiro seed 1, first outputs:", [rng.next() for _ in range(3)])
    print("uniform:", Xoshiro(1).uniform(4))
    print("normal:", Xoshiro(1).normal(4))
    print("split of 10, 3 held out, seed 1:", held_out_split(10, 3, 1))
    print("sampler 10 x 4, seed 1:", [BatchSampler(10, 4, 1).next()])
