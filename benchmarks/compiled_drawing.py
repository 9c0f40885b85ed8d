"""Experiment (issue 8 point 7): would drawing in compiled code (numba) bring ``simulate`` to its targets?

The targets: 1,000,000 draws of ``scenarios/scs4-1-revised.toml`` within 0.3 s wall, 10,000,000 within 3 s.
This is a measured prototype, not part of the package: numba is not a dependency, and nothing here is
imported by ``savingsmodel``. It needs numba in the environment (``pip install numba``); without it, it
says so and stops.

**The prototype.** Compiled (numba-jitted) code draws each block (:data:`~savingsmodel.whatif.sampling.BLOCK`
draws) in a few passes with no array between the steps: the strata plus the points in them, the
Iman-Conover reordering of the correlated pairs (the same whole-number keys as ``sort_order``, sorted by a
radix sort), the division, and each input's inverse (uniform, triangular, the PERT by the library's own
table, the truncated normal and lognormal by SciPy's own ``ndtri`` called from compiled code, discrete and
slippage by counting steps). Two steps are left to numpy: the PERT's power and the lognormal's exponential.
numpy takes them with SIMD routines (AVX-512 here) that are faster than the C library's scalar ``pow``
and ``exp`` compiled code calls (the llvmlite wheels have no SVML), and that round differently in the last
bit or two; taken by numpy they are the library's to the bit. Three ways of taking the random numbers the
seed fixes, all reading the block's own generator (``SeedSequence(seed, spawn_key=(block,))``):

- ``numpy``: numpy's Generator fills the points and shuffles the strata, as the library does;
- ``numba``: the Generator is handed to the compiled code, whose ``random()`` and Fisher-Yates (numba's
  copy of numpy's ``random_interval``) call the bit generator through its function pointers;
- ``inline``: the generator's PCG64 state is read once and stepped inline in compiled code (a 128-bit
  multiply, the XSL-RR output, half of a 64-bit output held for the next 32-bit draw, as numpy does).

It checks each way's draws against the library's (``Sampler.block``), to the bit, and says how they differ
where they do; then times the drawing of 1,000,000 and 10,000,000 draws on one and two threads (each
block its own generator, so the threads never change the draws), and ``simulate`` itself with the
library's ``Sampler._draw`` swapped for the compiled one in this process (the package's files unchanged),
its figures checked against the library's. Last, the cost: numba's import time, the compile time of
the first call (cold, and from numba's on-disk cache), in fresh interpreters.

Not a test (timings depend on the machine and its load); run it by hand from the repository root:

    .venv/bin/python benchmarks/compiled_drawing.py              # everything (a few minutes)
    .venv/bin/python benchmarks/compiled_drawing.py --quick      # 1,000,000 draws only, one round

Figures of the first runs (2-core AMD EPYC, KVM, shared: another helper's mutation tests held one core
for most of them, so two threads rarely found a second core; numpy 2.4.6, numba 0.68.1):

- the same draws: 0 of 10,000,000 probabilities and 0 of 10,000,000 values differ from the library's
  (1,000,000 draws of seed 1; and 200,003 draws of seeds 1 and 7), each way. With the power and the
  exponential compiled too (the C library's), 62,926 values differed, by 1-2 floats (PERTs, lognormal);
- drawing 1,000,000 draws, one thread, CPU: library 0.320-0.339 s; compiled 0.238-0.246 s (numpy or numba
  random), 0.203 s (inline: random numbers 0.073 s, the rest 0.123 s, of which Iman-Conover 0.044 s);
  10,000,000: 3.19-3.21 s against 1.93-2.03 s; on two threads with a core free, 1.09 s wall;
- ``simulate``, 1,000,000 draws: library 0.70-0.79 s wall on one core (best 0.488 s with a core free),
  compiled (inline) 0.56-0.64 s (best 0.339 s); 10,000,000: 5.05-6.17 s against 3.62-4.25 s;
- the cost: numba + llvmlite wheels 63.5 MB (208 MB installed); ``import numba`` 0.14-0.19 s after numpy;
  the first call compiles in 6.5-6.6 s, or loads numba's cache in 0.19-0.24 s, each process; the peak
  memory of ``simulate`` 301-304 MB against the library's 182-183 MB (386 MB while compiling).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = "scenarios/scs4-1-revised.toml"
CHUNK = 65_536  # as savingsmodel.whatif.montecarlo.CHUNK: four blocks

try:
    import llvmlite.binding as llvm_binding
    import numba
    from llvmlite import ir
    from numba.extending import get_cython_function_address, intrinsic
    from numba.np.random.random_methods import random_interval
except ImportError:  # pragma: no cover - the experiment needs numba; the package does not
    numba = None

_LOW = (1 << 64) - 1
#: The ways of taking the random numbers the seed fixes (see the module's docstring).
RANDOM = ("numpy", "numba", "inline")

# Each input's kind, as the compiled code reads it.
UNIFORM, TRIANGULAR, PERT, TRUNCATED_NORMAL, LOGNORMAL, STEPS = range(6)


if numba is not None:
    # SciPy's own ndtri (the library's ufunc calls the same code), called by name: numba caches code that names a
    # symbol, not code holding a ctypes pointer.
    llvm_binding.add_symbol(
        "compiled_drawing_ndtri", get_cython_function_address("scipy.special.cython_special", "ndtri")
    )
    ndtri = numba.types.ExternalFunction("compiled_drawing_ndtri", numba.types.float64(numba.types.float64))
    njit = numba.njit

    @njit(nogil=True, cache=True)
    def radix_order(correlated, keys, spare, order):  # type: ignore[no-untyped-def]
        """``sort_order(correlated)`` into ``order``: the same whole-number keys (bits ordered as the floats, the
        position in the last bits), sorted by a least-significant-digit radix sort of 11 bits a pass (a stable
        sort of distinct keys: the same order as any sort), skipping a pass whose digit all keys share."""
        size = correlated.size
        shift = 1
        while (1 << shift) < size:  # max(1, (size - 1).bit_length())
            shift += 1
        bits = correlated.view(np.int64)
        for i in range(size):
            key = bits[i] ^ ((bits[i] >> 63) & np.int64(0x7FFF_FFFF_FFFF_FFFF))
            key = (key >> shift) << shift
            # As an unsigned number (the sign bit flipped), so the radix passes see the signed order.
            keys[i] = np.uint64(key | i) ^ np.uint64(0x8000_0000_0000_0000)
        counts = np.zeros((6, 2048), dtype=np.int64)
        for i in range(size):
            key = keys[i]
            for p in range(6):
                counts[p, (key >> np.uint64(p * 11)) & np.uint64(2047)] += 1
        source, target = keys, spare
        for p in range(6):
            if p * 11 + 11 <= shift:
                continue  # the position's bits: already in order
            if counts[p].max() == size:
                continue  # every key has this digit
            total = 0
            for d in range(2048):
                c = counts[p, d]
                counts[p, d] = total
                total += c
            for i in range(size):
                key = source[i]
                d = (key >> np.uint64(p * 11)) & np.uint64(2047)
                target[counts[p, d]] = key
                counts[p, d] += 1
            source, target = target, source
        mask = np.uint64((1 << shift) - 1)
        for i in range(size):
            order[i] = np.int64(source[i] & mask)

    @njit(nogil=True, cache=True)
    def finish(  # type: ignore[no-untyped-def]
        where,
        strata,
        uniforms,
        values,
        kinds,
        params,
        edges,
        steps,
        tables,
        groups,
        factors,
        triangular,
        scores,
        spread,
        scratch,
        order,
        pending,
        exponents,
    ):
        """The block after its random numbers: strata + points, Iman-Conover, the division, the inverses but for
        the PERT's power and the lognormal's exponential, left in ``pending`` for numpy's own (vectorised) ones."""
        dims, size = where.shape
        for c in range(dims):
            for i in range(size):
                uniforms[c, i] = strata[c, i] + where[c, i]
        if size > 1:
            correlated = scratch[0, :size]
            keys = scratch[1, :size].view(np.uint64)
            spare = scratch[2, :size].view(np.uint64)
            for g in range(groups.shape[0]):
                k = 0
                while k < groups.shape[1] and groups[g, k] >= 0:
                    k += 1
                # The scores' sample correlation (each column the same centred scores reordered).
                sample = np.zeros((k, k))
                for a in range(k):
                    for b in range(a + 1):
                        total = 0.0
                        ra, rb = strata[groups[g, a]], strata[groups[g, b]]
                        for i in range(size):
                            total += scores[ra[i]] * scores[rb[i]]
                        sample[a, b] = sample[b, a] = total / spread
                # Its Cholesky factor, by hand (k is small); not positive definite: left as drawn.
                lower = np.zeros((k, k))
                ok = True
                for a in range(k):
                    for b in range(a + 1):
                        s = sample[a, b]
                        for m in range(b):
                            s -= lower[a, m] * lower[b, m]
                        if a == b:
                            if s <= 0.0:
                                ok = False
                                break
                            lower[a, a] = np.sqrt(s)
                        else:
                            lower[a, b] = s / lower[b, b]
                    if not ok:
                        break
                if not ok:
                    continue
                undo = np.linalg.inv(lower)
                mix = np.ascontiguousarray(undo.T) @ np.ascontiguousarray(factors[g, :k, :k].T)
                first = 1 if triangular[g] else 0
                for j in range(first, k):
                    for i in range(size):
                        total = 0.0
                        for a in range(k):
                            total += scores[strata[groups[g, a], i]] * mix[a, j]
                        correlated[i] = total
                    radix_order(correlated, keys, spare, order[:size])
                    column = groups[g, j]
                    for r in range(size):  # the draw of the r-th smallest score takes the r-th stratum
                        uniforms[column, order[r]] = r + where[column, r]
        for c in range(dims):
            row, out, p = uniforms[c], values[c], params[c]
            kind = kinds[c]
            for i in range(size):
                u = row[i] / size
                row[i] = u
                if kind == UNIFORM:
                    out[i] = p[0] + u * (p[1] - p[0])
                elif kind == TRIANGULAR:
                    low, mode, high = p[0], p[1], p[2]
                    if u <= (mode - low) / (high - low):
                        out[i] = low + np.sqrt(u * (high - low) * (mode - low))
                    else:
                        out[i] = high - np.sqrt((1 - u) * (high - low) * (high - mode))
                elif kind == PERT:  # BetaInverse.__call__ to the power, taken by numpy (complete() does the rest)
                    low_half = u <= 0.5
                    pending[c, i] = u if low_half else 1.0 - u
                    exponents[c, i] = p[2] if low_half else p[4]
                elif kind == STEPS:
                    n = 0
                    for e in range(np.int64(p[0])):
                        if u >= edges[c, e]:
                            n += 1
                    out[i] = steps[c, n]
                else:
                    inner = min(max(u, 2.0**-53), 1 - 2.0**-53)
                    if kind == TRUNCATED_NORMAL:  # mean, sd, low, high, ndtr(low), ndtr(high)
                        inside = p[4] + inner * (p[5] - p[4])
                        out[i] = min(max(p[0] + p[1] * ndtri(inside), p[2]), p[3])
                    else:  # LOGNORMAL: mu, sqrt(sigma2); numpy takes the exponential
                        pending[c, i] = p[0] + p[1] * ndtri(inner)

    @njit(nogil=True, cache=True)
    def complete(uniforms, values, kinds, params, tables, pending):  # type: ignore[no-untyped-def]
        """The PERTs' and lognormals' values from numpy's powers and exponentials in ``pending``."""
        dims, size = uniforms.shape
        for c in range(dims):
            kind, p, out = kinds[c], params[c], values[c]
            if kind == LOGNORMAL:
                out[:] = pending[c]
            elif kind == PERT:  # BetaInverse.__call__ after the power, step by step
                table = tables[np.int64(p[7])]
                for i in range(size):
                    low_half = uniforms[c, i] <= 0.5
                    place = pending[c, i]
                    place *= p[3] if low_half else p[5]
                    interval = min(np.int64(place), 4095)
                    place -= interval
                    if not low_half:
                        interval += 4096
                    x = table[interval, 3] * place
                    x += table[interval, 2]
                    x *= place
                    x += table[interval, 1]
                    x *= place
                    x += table[interval, 0]
                    if not low_half:
                        x = max(1.0 - x, p[6])
                    out[i] = p[0] + (p[1] - p[0]) * x

    @njit(nogil=True, cache=True)
    def fill(rng, where, strata):  # type: ignore[no-untyped-def]
        """The random numbers the seed fixes, from the block's own Generator, as the library takes them: every point
        (``rng.random(out=where)``), then each column's strata shuffled (numpy's Fisher-Yates)."""
        dims, size = where.shape
        bitgen = rng.bit_generator
        for c in range(dims):
            for i in range(size):
                where[c, i] = rng.random()
        for c in range(dims):
            row = strata[c]
            for i in range(size):
                row[i] = i
            for i in range(size - 1, 0, -1):
                j = np.int64(random_interval(bitgen, i))
                row[i], row[j] = row[j], row[i]

    # numpy's PCG64 (the bit generator of default_rng), written out so the compiled code steps it inline rather than
    # through the bit generator's function pointers: 128-bit state, the default multiplier, XSL-RR output.
    _MULTIPLIER = 0x2360_ED05_1FC6_5DA4_4385_DF64_9FCC_F645

    @intrinsic
    def _pcg_step(typingctx, hi, lo, inc_hi, inc_lo):  # type: ignore[no-untyped-def]
        """state * multiplier + inc (mod 2**128), as (high, low) halves: one 128-bit multiply in LLVM."""
        u64 = numba.types.uint64
        signature = numba.types.UniTuple(u64, 2)(u64, u64, u64, u64)

        def codegen(context, builder, sig, args):  # type: ignore[no-untyped-def]
            wide = ir.IntType(128)
            sixty_four = ir.Constant(wide, 64)

            def join(high, low):  # type: ignore[no-untyped-def]
                return builder.or_(builder.shl(builder.zext(high, wide), sixty_four), builder.zext(low, wide))

            state = builder.add(builder.mul(join(args[0], args[1]), ir.Constant(wide, _MULTIPLIER)),
                                join(args[2], args[3]))  # fmt: skip
            halves = [
                builder.trunc(builder.lshr(state, sixty_four), ir.IntType(64)),
                builder.trunc(state, ir.IntType(64)),
            ]
            return context.make_tuple(builder, sig.return_type, halves)

        return signature, codegen

    @njit(inline="always")
    def _pcg_output(hi, lo):  # type: ignore[no-untyped-def]
        """XSL-RR: the halves xor-ed, rotated right by the top six bits."""
        x = hi ^ lo
        r = hi >> np.uint64(58)
        return (x >> r) | (x << ((np.uint64(64) - r) & np.uint64(63)))

    @njit(nogil=True, cache=True)
    def fill_inline(state, where, strata):  # type: ignore[no-untyped-def]
        """As :func:`fill`, PCG64 stepped inline from ``state`` (high, low, inc high, inc low; no 32 bits held):
        ``next_double`` for each point, then numpy's Fisher-Yates with ``random_interval`` on ``next_uint32``
        (half a 64-bit output held for the next call, as numpy's PCG64 does)."""
        dims, size = where.shape
        hi, lo, inc_hi, inc_lo = state[0], state[1], state[2], state[3]
        for c in range(dims):
            for i in range(size):
                hi, lo = _pcg_step(hi, lo, inc_hi, inc_lo)
                where[c, i] = np.float64(_pcg_output(hi, lo) >> np.uint64(11)) * (1.0 / 9007199254740992.0)
        held, has_held = np.uint64(0), False
        low32 = np.uint64(0xFFFF_FFFF)
        for c in range(dims):
            row = strata[c]
            for i in range(size):
                row[i] = i
            for i in range(size - 1, 0, -1):
                top = np.uint64(i)
                mask = top
                mask |= mask >> np.uint64(1)
                mask |= mask >> np.uint64(2)
                mask |= mask >> np.uint64(4)
                mask |= mask >> np.uint64(8)
                mask |= mask >> np.uint64(16)
                while True:
                    if has_held:
                        value, has_held = held, False
                    else:
                        hi, lo = _pcg_step(hi, lo, inc_hi, inc_lo)
                        out = _pcg_output(hi, lo)
                        held, has_held = out >> np.uint64(32), True
                        value = out & low32
                    value &= mask
                    if value <= top:
                        break
                j = np.int64(value)
                row[i], row[j] = row[j], row[i]


class Compiled:
    """A sampler's blocks drawn by compiled code: the same arguments as ``Sampler._draw``."""

    def __init__(self, sampler: Any, *, random: str = "numba") -> None:
        from scipy import special

        from savingsmodel.whatif.sampling import BLOCK, Distribution, _discrete, _scores, beta_inverse

        self.sampler, self.random, self.block_size = sampler, random, BLOCK
        dims = len(sampler.uncertain)
        self.kinds = np.zeros(dims, dtype=np.int64)
        self.params = np.zeros((dims, 8))
        self.edges, self.steps = np.zeros((dims, 16)), np.zeros((dims, 17))
        tables = []
        for c, u in enumerate(sampler.uncertain):
            kind = u.distribution
            low = float(u.low) if u.low is not None else -np.inf
            high = float(u.high) if u.high is not None else np.inf
            if kind is Distribution.UNIFORM:
                self.kinds[c], self.params[c, :2] = UNIFORM, (low, high)
            elif kind is Distribution.TRIANGULAR:
                self.kinds[c], self.params[c, :3] = TRIANGULAR, (low, float(u.mode or 0), high)
            elif kind is Distribution.PERT:
                mode = float(u.mode if u.mode is not None else 0)
                inverse = beta_inverse(1 + 4 * (mode - low) / (high - low), 1 + 4 * (high - mode) / (high - low))
                halves = (inverse.lower.power, inverse.lower.scale, inverse.upper.power, inverse.upper.scale)
                self.kinds[c] = PERT
                self.params[c] = (low, high, *halves, inverse.lower.end, len(tables))
                tables.append(inverse._table)
            elif kind is Distribution.TRUNCATED_NORMAL:
                mean, sd = float(u.mean or 0), float(u.sd or 1)
                lower, upper = special.ndtr((low - mean) / sd), special.ndtr((high - mean) / sd)
                self.kinds[c], self.params[c, :6] = TRUNCATED_NORMAL, (mean, sd, low, high, lower, upper)
            elif kind is Distribution.LOGNORMAL:
                mean, sd = float(u.mean or 1), float(u.sd or 1)
                sigma2 = np.log1p((sd / mean) ** 2)
                self.kinds[c], self.params[c, :2] = LOGNORMAL, (np.log(mean) - sigma2 / 2, np.sqrt(sigma2))
            else:
                values, weights = _discrete(u)
                if len(values) > 17:
                    raise SystemExit("the prototype counts at most 17 values of a discrete input")
                cumulative = np.cumsum(weights) / weights.sum()
                self.kinds[c], self.params[c, 0] = STEPS, len(values) - 1
                self.edges[c, : len(values) - 1] = cumulative[:-1]
                self.steps[c, : len(values)] = values
        self.tables = np.array(tables) if tables else np.zeros((1, 8192, 4))
        found = sampler._groups
        width = max((len(columns) for columns, _, _ in found), default=1)
        self.groups = np.full((len(found), width), -1, dtype=np.int64)
        self.factors = np.zeros((len(found), width, width))
        self.triangular = np.zeros(len(found), dtype=np.bool_)
        for g, (columns, factor, triangular) in enumerate(found):
            self.groups[g, : len(columns)] = columns
            self.factors[g, : len(columns), : len(columns)] = factor
            self.triangular[g] = triangular
        self._scores = _scores
        self.powers = [c for c in range(dims) if self.kinds[c] == PERT]
        self.exponentials = [c for c in range(dims) if self.kinds[c] == LOGNORMAL]
        self._local: dict[int, tuple[np.ndarray, ...]] = {}

    def _buffers(self, dims: int, size: int) -> tuple[np.ndarray, ...]:
        import threading

        key = threading.get_ident()
        held = self._local.get(key)
        if held is None or held[0].shape != (dims, size):
            held = (np.empty((dims, size)), np.empty((dims, size), dtype=np.int64), np.empty((3, size)),
                    np.empty(size, dtype=np.int64), np.empty((dims, size)), np.empty((dims, size)))  # fmt: skip
            self._local[key] = held
        return held

    def draw(self, index: int, uniforms: np.ndarray, values: np.ndarray) -> None:
        """Block ``index`` into ``uniforms`` and ``values`` (one row an input), as ``Sampler._draw``."""
        dims, size = uniforms.shape
        rng = np.random.default_rng(np.random.SeedSequence(self.sampler.seed, spawn_key=(index,)))
        where, strata, scratch, order, pending, exponents = self._buffers(dims, size)
        if self.random == "inline":
            state = rng.bit_generator.state["state"]
            halves = (state["state"] >> 64, state["state"] & _LOW, state["inc"] >> 64, state["inc"] & _LOW)
            fill_inline(np.array(halves, dtype=np.uint64), where, strata)
        elif self.random == "numba":
            fill(rng, where, strata)
        else:
            rng.random(out=where)
            for column in range(dims):
                strata[column] = np.arange(size)
                rng.shuffle(strata[column])
        scores, spread = self._scores(size)
        finish(
            where, strata, uniforms, values, self.kinds, self.params, self.edges, self.steps, self.tables,
            self.groups, self.factors, self.triangular, scores, spread, scratch, order, pending, exponents,
        )  # fmt: skip
        for row in self.powers:
            np.power(pending[row], exponents[row], out=pending[row])
        for row in self.exponentials:
            np.exp(pending[row], out=pending[row])
        complete(uniforms, values, self.kinds, self.params, self.tables, pending)

    def run(self, draws: int, workers: int) -> None:
        """Every block of ``draws``, chunk by chunk into the same arrays (as ``simulate`` reuses them), on
        ``workers`` threads."""
        dims = len(self.sampler.uncertain)
        uniforms, values = np.empty((dims, CHUNK)), np.empty((dims, CHUNK))
        pool = ThreadPoolExecutor(workers) if workers > 1 else None
        try:
            for start in range(0, draws, CHUNK):
                size = min(CHUNK, draws - start)
                jobs = []
                for at in range(0, size, self.block_size):
                    there = slice(at, min(at + self.block_size, size))
                    index = (start + at) // self.block_size
                    args = (index, uniforms[:, there], values[:, there])
                    jobs.append(pool.submit(self.draw, *args) if pool else self.draw(*args))
                for job in jobs:
                    if job is not None:
                        job.result()
        finally:
            if pool is not None:
                pool.shutdown()


def _ulps(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """How many representable floats apart each pair is."""
    ia, ib = a.view(np.int64), b.view(np.int64)
    ia = np.where(ia < 0, np.int64(-(2**63)) - ia, ia)
    ib = np.where(ib < 0, np.int64(-(2**63)) - ib, ib)
    return np.abs(ia - ib)


def compare(sampler: Any, compiled: Compiled, draws: int) -> dict[str, Any]:
    """Each block drawn both ways: how many probabilities and values differ, by how many floats, in which input."""
    from savingsmodel.whatif.sampling import BLOCK

    dims = len(sampler.uncertain)
    differ_u = differ_v = 0
    worst: dict[str, int] = {}
    for index, start in enumerate(range(0, draws, BLOCK)):
        size = min(BLOCK, draws - start)
        library = sampler.block(index, size)
        uniforms, values = np.empty((dims, size)), np.empty((dims, size))
        compiled.draw(index, uniforms, values)
        differ_u += int(np.count_nonzero(uniforms.T.view(np.int64) != library.uniforms.view(np.int64)))
        differ_v += int(np.count_nonzero(values.T.view(np.int64) != library.values.view(np.int64)))
        for c, u in enumerate(sampler.uncertain):
            apart = int(_ulps(np.ascontiguousarray(values[c]), np.ascontiguousarray(library.values[:, c])).max())
            if apart:
                worst[u.distribution.value] = max(worst.get(u.distribution.value, 0), apart)
    return {"probabilities differing": differ_u, "values differing": differ_v, "most floats apart, by kind": worst}


def best(work: Callable[[], object], rounds: int) -> tuple[float, float]:
    """The least wall time of ``rounds`` runs, and the least CPU time (each its own least)."""
    wall = cpu = float("inf")
    for _ in range(rounds):
        start, clock = time.perf_counter(), time.process_time()
        work()
        wall, cpu = min(wall, time.perf_counter() - start), min(cpu, time.process_time() - clock)
    return wall, cpu


_START = """
import json, sys, time
start = time.perf_counter()
import numpy
numpy_done = time.perf_counter()
import numba
numba_done = time.perf_counter()
sys.path.insert(0, "benchmarks")
import compiled_drawing
from savingsmodel.files.scenario import load
from savingsmodel.whatif.sampling import Sampler
proposal = load(sys.argv[1]).proposal
sampler = Sampler.of(proposal.uncertain, proposal.correlations, seed=1)
compiled = compiled_drawing.Compiled(sampler, random="inline")
sampler.block(0, 1000)  # the library's tables and scores made, as in any run
made = time.perf_counter()
import numpy as np
compiled.draw(0, np.empty((10, 1000)), np.empty((10, 1000)))
first = time.perf_counter() - made
made = time.perf_counter()
compiled.draw(1, np.empty((10, 1000)), np.empty((10, 1000)))
print(json.dumps({"numpy": numpy_done - start, "numba": numba_done - numpy_done, "first call": first,
                  "second call": time.perf_counter() - made}))
"""

_SIMULATE = """
import json, sys, time
sys.path.insert(0, "benchmarks")
from savingsmodel.files.scenario import load
from savingsmodel.whatif.montecarlo import simulate
from savingsmodel.whatif.sampling import Sampler
proposal = load(sys.argv[1]).proposal
draws, how = int(sys.argv[2]), sys.argv[3]
if how != "library":  # every Sampler's blocks drawn by the compiled code, in this process only
    import compiled_drawing
    def _draw(self, index, uniforms, values):
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            compiled = compiled_drawing.Compiled(self, random=how)
            object.__setattr__(self, "_compiled", compiled)
        compiled.draw(index, uniforms, values)
    Sampler._draw = _draw
simulate(proposal, draws=70_000, seed=1)  # warm: first calls fill caches (and compile, for blocks in a chunk too)
start, cpu = time.perf_counter(), time.process_time()
run = simulate(proposal, draws=draws, seed=1)
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
first = run.figures["net_saving_incremental"][0]
# The peak of this process's own memory (VmHWM: ru_maxrss would count the parent's at the fork).
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM")) / 1024
print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": peak,
                  "figures": [str(first.p10.amount), str(first.p50.amount), str(first.p90.amount),
                              float(run.targets[0].probability)]}))
"""


def _python(code: str, *argv: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    done = subprocess.run(  # noqa: S603 - this Python, fixed code
        [sys.executable, "-c", code, *argv], capture_output=True, text=True, check=True, cwd=ROOT,
        env={**environment, **(env or {})},
    )  # fmt: skip
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="1,000,000 draws only, one round")
    parser.add_argument("--rounds", type=int, default=5, help="runs of each; the fastest is reported")
    args = parser.parse_args()
    if numba is None:
        print("numba is not installed: this experiment needs it (pip install numba); skipped.")
        return
    rounds = 1 if args.quick else args.rounds
    sizes = (1_000_000,) if args.quick else (1_000_000, 10_000_000)
    print(
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, numpy {np.__version__}, "
        f"numba {numba.__version__}, load average {os.getloadavg()[0]:.2f}"
    )

    print("\nstart-up, each in a fresh interpreter (import times, and the first call: compiling or loading):")
    with tempfile.TemporaryDirectory() as cache:
        for name in ("cold (empty cache)", "warm (numba's cache on disk)", "warm again"):
            figures = _python(_START, SCENARIO, env={"NUMBA_CACHE_DIR": cache})
            print(
                f"  {name:<30} import numpy {figures['numpy']:.3f} s, import numba {figures['numba']:.3f} s, "
                f"first call {figures['first call']:.3f} s, second {figures['second call'] * 1000:.2f} ms"
            )

    sys.path.insert(0, str(ROOT))
    from savingsmodel.files.scenario import load
    from savingsmodel.whatif.sampling import Sampler

    proposal = load(ROOT / SCENARIO).proposal
    sampler = Sampler.of(proposal.uncertain, proposal.correlations, seed=1)
    ways = {name: Compiled(sampler, random=name) for name in RANDOM}
    for compiled in ways.values():
        compiled.run(1_000, 1)  # compile
    print("\nthe same draws? each block drawn by the library and by the compiled code, 1,000,000 draws, seed 1:")
    for name, compiled in ways.items():
        print(f"  {name}-random: {compare(sampler, compiled, 1_000_000)}")

    for draws in sizes:
        print(f"\ndrawing {draws:,} draws, chunks of {CHUNK:,} (best of {rounds}: wall, CPU):")
        library = best(lambda d=draws: list(sampler.chunks(d, CHUNK, reuse=True)), rounds)
        print(f"  library (numpy), one thread          {library[0]:7.3f} s  {library[1]:7.3f} s")
        library = best(lambda d=draws: list(sampler.chunks(d, CHUNK, workers=2, reuse=True)), rounds)
        print(f"  library (numpy), two threads         {library[0]:7.3f} s  {library[1]:7.3f} s")
        for name, compiled in ways.items():
            for workers in (1, 2):
                wall, cpu = best(lambda c=compiled, d=draws, w=workers: c.run(d, w), rounds)
                label = f"compiled, {name}-random, {workers} thread{'s' if workers > 1 else ''}"
                print(f"  {label:<36} {wall:7.3f} s  {cpu:7.3f} s")

    for draws in sizes:
        print(f"\nsimulate, {draws:,} draws, in a fresh interpreter (best of {rounds} by wall: wall, CPU, peak):")
        for how in ("library", *RANDOM):
            runs = [_python(_SIMULATE, SCENARIO, str(draws), how) for _ in range(rounds)]
            fastest = min(runs, key=lambda r: r["seconds"])
            least_cpu = min(r["cpu"] for r in runs)
            label = "library (numpy)" if how == "library" else f"compiled drawing, {how}-random"
            print(
                f"  {label:<34} {fastest['seconds']:7.3f} s  {least_cpu:7.3f} s  {fastest['peak_mb']:5.0f} MB  "
                f"P10/P50/P90, target: {fastest['figures']}"
            )
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
