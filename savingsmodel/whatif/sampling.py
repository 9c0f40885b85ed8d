"""The draws of a Monte Carlo run: Latin hypercube sampling, each distribution's inverse, Iman-Conover.

A run of ``n`` draws with seed ``s`` is cut into **blocks** of :data:`BLOCK` draws (the last
one shorter). Block ``b`` is drawn from its own generator, ``SeedSequence(s, spawn_key=(b,))``,
as a Latin hypercube of its own size (scipy's ``qmc.LatinHypercube``): each input's range of
probability is cut into as many equal strata as the block has draws, and each stratum is drawn
once. The block, not the chunk a run is evaluated in, is the unit of drawing, so **the draws
depend on the seed and the number of draws only**: evaluating in chunks of 1,000 or of 1,000,000
gives the same draws, in the same order, to the byte (a chunk is cut from the blocks, and blocks
are made one at a time as chunks need them, so memory does not grow with the draws).

Inputs given a rank correlation are then reordered within each block by the Iman-Conover
method: van der Waerden scores are correlated by a Cholesky factor and each input takes the
ranks of its column. Reordering keeps every value drawn, so the Latin hypercube's strata
are kept too.

>>> from savingsmodel.model.uncertainty import Uncertain
>>> spec = Sampler.of([Uncertain(input="a", distribution="uniform", low=0, high=10)], seed=1)
>>> first = spec.block(0, 4)
>>> sorted(int(v // 2.5) for v in first.values[:, 0])  # one draw in each quarter of the range
[0, 1, 2, 3]
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from savingsmodel.core.errors import InputError, Problem
from savingsmodel.model.uncertainty import Correlation, Distribution, Uncertain

__all__ = ["BLOCK", "Block", "Sampler", "inverse", "rank_to_pearson"]

#: Draws per block: each block is one Latin hypercube, drawn from its own generator.
BLOCK: Final = 16_384

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Block:
    """The draws of one block: the probabilities (``uniforms``) and the input values they give, one column an input."""

    uniforms: Floats
    values: Floats


def rank_to_pearson(rank: Floats) -> Floats:
    """The Pearson correlation of normal scores that gives a rank (Spearman) correlation: ``2 sin(pi r / 6)``.

    >>> float(rank_to_pearson(np.array(0.5)).round(4))
    0.5176
    """
    return np.asarray(2 * np.sin(np.pi * rank / 6), dtype=np.float64)


def _factor(matrix: Floats) -> Floats:
    """A lower-triangular-like factor ``L`` with ``L @ L.T == matrix``, for a positive semi-definite matrix.

    Eigenvalues below zero (from rounding, or from the conversion of rank correlations) are set to zero:
    the nearest matrix that can hold.
    """
    values, vectors = np.linalg.eigh(matrix)
    clipped = np.clip(values, 0.0, None)
    factor = vectors * np.sqrt(clipped)
    # Rescale rows so the diagonal is one again after clipping.
    norms = np.sqrt((factor**2).sum(axis=1, keepdims=True))
    return np.asarray(factor / np.where(norms > 0, norms, 1.0), dtype=np.float64)


@dataclass(frozen=True)
class Sampler:
    """How to draw a run: the uncertain inputs, their target rank correlation, and the seed."""

    uncertain: tuple[Uncertain, ...]
    seed: int
    #: The columns (by position in ``uncertain``) given a correlation, and the Pearson matrix of their scores.
    correlated: tuple[int, ...] = ()
    target: Floats | None = None

    @classmethod
    def of(cls, uncertain: Sequence[Uncertain], correlations: Sequence[Correlation] = (), *, seed: int) -> Sampler:
        """The sampler of these declarations; a matrix that is not a correlation matrix is an :class:`InputError`."""
        if not 0 <= seed < 2**63:
            raise InputError.one("seed", f"expected a seed from 0 to 2**63 - 1, found {seed}", code="seed")
        names = [u.input for u in uncertain]
        involved = sorted({names.index(n) for c in correlations for n in c.inputs if n in names})
        if not correlations:
            return cls(tuple(uncertain), seed)
        position = {column: i for i, column in enumerate(involved)}
        rank = np.eye(len(involved))
        for index, correlation in enumerate(correlations):
            a, b = correlation.inputs
            if a not in names or b not in names:
                missing = a if a not in names else b
                raise InputError.one(
                    f"correlations[{index}].inputs",
                    f"expected an input declared in [[uncertain]], found {missing!r}",
                    code="unknown_input",
                )
            i, j = position[names.index(a)], position[names.index(b)]
            rank[i, j] = rank[j, i] = float(correlation.rank)
        check_correlation_matrix(rank)
        return cls(tuple(uncertain), seed, tuple(involved), rank_to_pearson(rank))

    def block(self, index: int, size: int) -> Block:
        """Block ``index`` of ``size`` draws: a Latin hypercube, its correlated columns reordered (Iman-Conover)."""
        from scipy.stats import qmc

        rng = np.random.default_rng(np.random.SeedSequence(self.seed, spawn_key=(index,)))
        dims = len(self.uncertain)
        uniforms = np.asarray(qmc.LatinHypercube(d=dims, rng=rng).random(size), dtype=np.float64)
        if self.correlated and self.target is not None and size > 1:
            uniforms = _iman_conover(uniforms, self.correlated, self.target, rng)
        values = np.empty_like(uniforms)
        for column, uncertain in enumerate(self.uncertain):
            values[:, column] = inverse(uncertain, uniforms[:, column])
        return Block(uniforms, values)

    def blocks(self, draws: int) -> Iterator[Block]:
        """Every block of a run of ``draws`` draws, in order, made one at a time."""
        for index, start in enumerate(range(0, draws, BLOCK)):
            yield self.block(index, min(BLOCK, draws - start))

    def chunks(self, draws: int, chunk: int) -> Iterator[Block]:
        """The run's draws in chunks of ``chunk`` (the last shorter), cut from the blocks: the same draws for any
        chunk size."""
        if chunk < 1:
            raise InputError.one("chunk", f"expected a chunk of 1 draw or more, found {chunk}", code="chunk")
        waiting: list[Block] = []
        held = 0
        for block in self.blocks(draws):
            waiting.append(block)
            held += len(block.values)
            while held >= chunk:
                joined = _join(waiting)
                yield Block(joined.uniforms[:chunk], joined.values[:chunk])
                rest = Block(joined.uniforms[chunk:], joined.values[chunk:])
                waiting, held = ([rest] if len(rest.values) else []), len(rest.values)
        if held:
            yield _join(waiting)


def _join(blocks: list[Block]) -> Block:
    if len(blocks) == 1:
        return blocks[0]
    return Block(np.concatenate([b.uniforms for b in blocks]), np.concatenate([b.values for b in blocks]))


def check_correlation_matrix(matrix: Floats) -> None:
    """Refuse a matrix that is not a correlation matrix: symmetric, ones on the diagonal, positive semi-definite.

    >>> check_correlation_matrix(np.array([[1.0, 0.9, -0.9], [0.9, 1.0, 0.9], [-0.9, 0.9, 1.0]]))
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    savingsmodel.core.errors.InputError: correlations: expected correlations that can hold together ... of -0.800
    """
    problems: list[Problem] = []
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        raise InputError.one("correlations", f"expected a square matrix, found shape {matrix.shape}")
    if not np.allclose(matrix, matrix.T, atol=1e-12):
        problems.append(Problem("correlations", "expected a symmetric matrix, found one that is not"))
    if not np.allclose(np.diag(matrix), 1.0, atol=1e-12):
        problems.append(Problem("correlations", "expected ones on the diagonal (each input with itself)"))
    if np.any(np.abs(matrix) > 1):
        problems.append(Problem("correlations", "expected correlations from -1 to 1"))
    if not problems:
        smallest = float(np.linalg.eigvalsh(matrix).min())
        if smallest < -1e-9:
            problems.append(
                Problem(
                    "correlations",
                    "expected correlations that can hold together (a positive semi-definite matrix), "
                    f"found a smallest eigenvalue of {smallest:.3f}",
                    code="correlation_matrix",
                )
            )
    if problems:
        raise InputError(problems)


def _iman_conover(uniforms: Floats, columns: tuple[int, ...], target: Floats, rng: np.random.Generator) -> Floats:
    """The block's uniforms with the ``columns`` reordered so that their rank correlation is near the target.

    Each column's scores are the van der Waerden scores ``ndtri(k / (n + 1))`` in a random order;
    their own sample correlation ``E`` is undone and the target put in (``S @ inv(chol(E)).T @
    chol(C).T``); each input then takes the ranks of its score column. The values are only
    reordered, so each input's distribution, and its strata, are as drawn.
    """
    from scipy.special import ndtri

    size = uniforms.shape[0]
    scores = ndtri(np.arange(1, size + 1) / (size + 1))
    matrix = np.empty((size, len(columns)))
    for position in range(len(columns)):
        matrix[:, position] = rng.permutation(scores)
    sample = np.corrcoef(matrix, rowvar=False)
    try:
        undo = np.linalg.inv(np.linalg.cholesky(sample))
    except np.linalg.LinAlgError:
        return uniforms  # a block too small for its scores to be independent: left as drawn
    correlated = matrix @ undo.T @ _factor(target).T
    out = uniforms.copy()
    for position, column in enumerate(columns):
        # The k-th smallest score takes the k-th smallest value drawn.
        out[np.argsort(correlated[:, position], kind="stable"), column] = np.sort(uniforms[:, column])
    return out


def inverse(uncertain: Uncertain, u: Floats) -> Floats:
    """The values of ``uncertain`` at probabilities ``u`` (its inverse distribution function), in the input's units.

    >>> from savingsmodel.model.uncertainty import Uncertain
    >>> tri = Uncertain(input="x", distribution="triangular", low=0, mode=5, high=10)
    >>> inverse(tri, np.array([0.0, 0.5, 1.0])).tolist()
    [0.0, 5.0, 10.0]
    >>> slip = Uncertain(input="x", distribution="slippage", low=0, mode=0, high=2)
    >>> inverse(slip, np.array([0.1, 0.6, 0.9])).tolist()  # weights 3, 2, 1
    [0.0, 1.0, 2.0]
    """
    from scipy import special

    kind = uncertain.distribution
    low = float(uncertain.low) if uncertain.low is not None else -np.inf
    high = float(uncertain.high) if uncertain.high is not None else np.inf
    if kind is Distribution.UNIFORM:
        return low + u * (high - low)
    if kind is Distribution.TRIANGULAR:
        mode = float(uncertain.mode if uncertain.mode is not None else 0)
        split = (mode - low) / (high - low)
        rising = low + np.sqrt(u * (high - low) * (mode - low))
        falling = high - np.sqrt((1 - u) * (high - low) * (high - mode))
        return np.where(u <= split, rising, falling)
    if kind is Distribution.PERT:
        mode = float(uncertain.mode if uncertain.mode is not None else 0)
        alpha = 1 + 4 * (mode - low) / (high - low)
        beta = 1 + 4 * (high - mode) / (high - low)
        return np.asarray(low + (high - low) * special.betaincinv(alpha, beta, u), dtype=np.float64)
    # A probability of exactly 0 or 1 (a Latin hypercube can draw 0) would be an infinite value of an unbounded
    # distribution: held one float's breadth inside.
    inner = np.clip(u, 2.0**-53, 1 - 2.0**-53)
    if kind is Distribution.TRUNCATED_NORMAL:
        mean, sd = float(uncertain.mean or 0), float(uncertain.sd or 1)
        lower = special.ndtr((low - mean) / sd)
        upper = special.ndtr((high - mean) / sd)
        inside = lower + inner * (upper - lower)
        return np.asarray(np.clip(mean + sd * special.ndtri(inside), low, high), dtype=np.float64)
    if kind is Distribution.LOGNORMAL:
        mean, sd = float(uncertain.mean or 1), float(uncertain.sd or 1)
        sigma2 = np.log1p((sd / mean) ** 2)
        mu = np.log(mean) - sigma2 / 2
        return np.asarray(np.exp(mu + np.sqrt(sigma2) * special.ndtri(inner)), dtype=np.float64)
    values, weights = _discrete(uncertain)
    cumulative = np.cumsum(weights) / weights.sum()
    index = np.searchsorted(cumulative, u, side="right")
    return values[np.minimum(index, len(values) - 1)]


def _discrete(uncertain: Uncertain) -> tuple[Floats, Floats]:
    """The values and weights of a discrete distribution, or of a slippage (whole months, weights rising by one
    from low to the mode and falling by one to high; equal without a mode)."""
    if uncertain.distribution is Distribution.SLIPPAGE:
        low, high = int(uncertain.low or 0), int(uncertain.high or 0)
        months = np.arange(low, high + 1, dtype=np.float64)
        if uncertain.mode is None:
            return months, np.ones_like(months)
        mode = int(uncertain.mode)
        weights = np.where(months <= mode, months - low + 1, high - months + 1)
        return months, weights.astype(np.float64)
    values = np.array([float(v) for v in uncertain.values])
    weights = np.array([float(w) for w in uncertain.weights]) if uncertain.weights else np.ones_like(values)
    order = np.argsort(values, kind="stable")  # increasing, so a higher probability never gives a lower value
    return values[order], weights[order]
