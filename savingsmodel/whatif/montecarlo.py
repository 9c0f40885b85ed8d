"""The Monte Carlo run: a proposal's figures over many draws of its uncertain inputs.

The inputs, their distributions and their rank correlations are declared in the scenario file
(``[[uncertain]]``, ``[[correlations]]``: :mod:`savingsmodel.model.uncertainty`). Each draw's
figures are the exact engine's, to the penny (:func:`~savingsmodel.engine.many.evaluate_many`).
A run gives, for each figure chosen and each year, P10, P50, P90 and the mean with the standard
error of each; the probability that each claim holds and each target is met; and each input's
share of the variance.

**The ranges are only as good as the distributions.** They say what follows *if* the inputs
vary as declared; they are not a forecast, and they leave out whatever was not declared
uncertain. Every output says so (:data:`ASSUMPTIONS`).

>>> from savingsmodel.examples import scs4_1_revised
>>> run = simulate(scs4_1_revised(), draws=2_000, seed=7)  # the worked case declares ten uncertain inputs
>>> first = run.figures["net_saving_incremental"][0]  # the MTFP line, 2016/17
>>> first.p10 <= first.p50 <= first.p90
True
>>> [c.what for c in run.targets]
['net_saving incremental 2016/17 at least £360,000']

A run is the same, to the byte, for the same seed and number of draws, whatever the chunk size.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import numpy.typing as npt

from savingsmodel.core.errors import InputError, did_you_mean
from savingsmodel.core.money import Money, RoundingMode, round_fraction
from savingsmodel.core.years import FinancialYear
from savingsmodel.engine.figures import named
from savingsmodel.model.claims import Basis, Claim, Figure
from savingsmodel.model.uncertainty import Correlation, InputKind, Uncertain, input_kinds
from savingsmodel.whatif.sampling import Block, Sampler
from savingsmodel.whatif.solve import claim_figure
from savingsmodel.whatif.statistics import ColumnSummary, Summary, contributions

if TYPE_CHECKING:
    import pandas as pd

    from savingsmodel.engine.many import ManyFigures
    from savingsmodel.model.proposal import Proposal

__all__ = [
    "ASSUMPTIONS",
    "CHUNK",
    "DEFAULT_FIGURES",
    "WORKERS",
    "Chance",
    "Range",
    "Simulation",
    "simulate",
]

#: Said by every output of a run.
ASSUMPTIONS: Final = (
    "The input distributions are assumptions, declared in the scenario file: these ranges say what follows if the "
    "inputs vary as declared. They are not a forecast, and leave out every input not declared uncertain."
)
#: Draws evaluated at once (four blocks): memory is held to a chunk, however many draws a run has. Measured at a
#: million draws: 32,768 took 5% more CPU (evaluate_many's own cost, about 3.4 ms a call, paid twice as often) for
#: 45 MB less at the peak; 131,072 was slower (its arrays no longer near the cache) and peaked at 293 MB.
CHUNK: Final = 65_536
#: The most threads a run draws on unless told: each draws whole blocks while the chunk before is evaluated.
WORKERS: Final = 4
#: The figures a run reports unless told: the MTFP line and the recurring net saving.
DEFAULT_FIGURES: Final = ("net_saving_incremental", "net_saving")
#: Draws the shares of the variance are worked from (the first ones): enough for a rank correlation to 0.01.
CONTRIBUTION_DRAWS: Final = 100_000

Pence = npt.NDArray[np.int64]


def _money(pence: Fraction | int | float) -> Money:
    """Pence as Money, rounded to the penny half to even (a mean, a standard error); whole pence are exact."""
    value = Fraction(pence) if not isinstance(pence, float) else Fraction(pence).limit_denominator(10**6)
    return Money(round_fraction(value / 100, Decimal("0.01"), RoundingMode.HALF_EVEN))


@dataclass(frozen=True, slots=True)
class Range:
    """One figure in one year over the draws: percentiles, mean and spread, each with its standard error."""

    year: FinancialYear
    p10: Money
    p50: Money
    p90: Money
    mean: Money
    sd: Money
    p10_se: Money
    p50_se: Money
    p90_se: Money
    mean_se: Money

    @classmethod
    def of(cls, year: FinancialYear, column: ColumnSummary) -> Range:
        p10, p50, p90 = column.percentiles
        return cls(
            year,
            _money(p10.pence),
            _money(p50.pence),
            _money(p90.pence),
            _money(column.mean),
            _money(column.sd),
            _money(p10.standard_error),
            _money(p50.standard_error),
            _money(p90.standard_error),
            _money(column.mean_standard_error),
        )


@dataclass(frozen=True, slots=True)
class Chance:
    """The probability that a claim holds (or a target is met): the share of draws in which it does."""

    what: str
    source: str
    met: int
    draws: int
    kind: str = "claim"

    @property
    def probability(self) -> Fraction:
        return Fraction(self.met, self.draws)

    @property
    def standard_error(self) -> float:
        """The binomial standard error of the probability, ``sqrt(p (1 - p) / n)`` (the bound for independent
        draws)."""
        p = self.met / self.draws
        return math.sqrt(p * (1 - p) / self.draws)


@dataclass(frozen=True)
class Simulation:
    """What a Monte Carlo run found. ``figures`` maps each figure's name to its :class:`Range` by year;
    ``contributions`` each figure's name to each year's shares of the variance by input."""

    reference: str
    draws: int
    seed: int
    years: tuple[FinancialYear, ...]
    uncertain: tuple[Uncertain, ...]
    correlations: tuple[Correlation, ...]
    figures: Mapping[str, tuple[Range, ...]]
    claims: tuple[Chance, ...]
    targets: tuple[Chance, ...]
    contributions: Mapping[str, tuple[Mapping[str, float], ...]]
    contribution_draws: int
    not_simulated: tuple[str, ...] = field(default=())
    assumptions: str = ASSUMPTIONS

    def to_frame(self) -> pd.DataFrame:
        """The ranges as a frame: a row per figure and year, the amounts in pounds as Decimal strings' values."""
        import pandas as pd

        rows = [
            {"figure": name, "year": str(r.year)} | {key: getattr(r, key).amount for key in _RANGE_FIELDS}
            for name, ranges in self.figures.items()
            for r in ranges
        ]
        frame = pd.DataFrame(rows).set_index(["figure", "year"])
        frame.attrs["assumptions"] = self.assumptions
        return frame


_RANGE_FIELDS: Final = ("p10", "p50", "p90", "mean", "sd", "p10_se", "p50_se", "p90_se", "mean_se")


def _as_input(kind: InputKind, values: npt.NDArray[np.float64]) -> npt.NDArray[Any]:
    """Draws as the vectorised engine takes them: whole pence, whole months, FTE to 4 places, rates to 10.

    Money is rounded to the penny half to even: the one rounding a draw makes.
    """
    if kind is InputKind.MONEY:
        return np.rint(values * 100).astype(np.int64)
    if kind is InputKind.MONTHS:
        return np.rint(values).astype(np.int64)
    return np.round(values, 4 if kind is InputKind.FTE else 10)


@dataclass(frozen=True)
class _Judged:
    """A claim or target as whole units of the engine's arrays: the figure's name, the bounds it holds within."""

    what: str
    source: str
    kind: str
    name: str
    money: bool
    column: int | None  # the year's column; None: the total over the period
    low: int | None
    high: int | None

    def met(self, many: ManyFigures) -> int:
        values = many.pence(self.name) if self.money else many.fte(self.name)
        picked = values.sum(axis=1) if self.column is None else values[:, self.column]
        held = np.ones(picked.shape, dtype=bool)
        if self.low is not None:
            held &= picked >= self.low
        if self.high is not None:
            held &= picked <= self.high
        return int(np.count_nonzero(held))


def _name(figure: Figure, basis: Basis, grade: str | None) -> str:
    # The column's name, as the engine names it (net_position_to_date is net_after_one_off_costs to date).
    return figure.value if basis is Basis.TOTAL else named(figure, basis, grade).name


def _judged_claims(proposal: Proposal, names: Sequence[str]) -> tuple[list[_Judged], list[str]]:
    claims: list[tuple[str, Claim]] = [(f"claims[{i}]", c) for i, c in enumerate(proposal.claims)]
    for number, series in enumerate(proposal.series):
        claims.extend((f"series[{number}]", c) for c in series.claims())
    judged, skipped = [], []
    for where, claim in claims:
        money = claim.figure.is_money
        if claim.basis is Basis.TOTAL and not money:
            skipped.append(f"{where} {claim.describe()}: not simulated (no such figure by draw)")
            continue
        target = claim_figure(proposal, claim)
        if target.name.split(":")[0] not in names:
            skipped.append(f"{where} {claim.describe()}: not simulated (no such figure by draw)")
            continue
        judged.append(
            _Judged(claim.describe(), claim.source, "claim", target.name, money, target.column, target.low, target.high)
        )
    return judged, skipped


def _judged_targets(proposal: Proposal, names: Sequence[str]) -> tuple[list[_Judged], list[str]]:
    years = list(proposal.years)
    judged, skipped = [], []
    for index, target in enumerate(proposal.targets):
        name = _name(target.figure, target.basis, None)
        if name not in names:
            skipped.append(f"targets[{index}] {target.describe()}: not simulated (no such figure by draw)")
            continue
        low = None if target.at_least is None else math.ceil(target.at_least.amount * 100)
        high = None if target.at_most is None else math.floor(target.at_most.amount * 100)
        column = None if target.year is None else years.index(target.year)
        judged.append(_Judged(target.describe(), target.source, "target", name, True, column, low, high))
    return judged, skipped


def simulate(
    proposal: Proposal,
    draws: int = 10_000,
    seed: int = 1,
    *,
    figures: Sequence[str] = DEFAULT_FIGURES,
    chunk: int = CHUNK,
    progress: Callable[[int], None] | None = None,
    workers: int | None = None,
) -> Simulation:
    """Draw the proposal's uncertain inputs ``draws`` times (seeded by ``seed``) and summarise the figures.

    ``figures`` names the money figures to give ranges of (a figure of
    :data:`~savingsmodel.engine.many.MONEY_FIGURES`); ``chunk`` is how many draws are evaluated at once
    (it changes the memory used, never the result); ``progress`` is told how many draws are done after
    each chunk; ``workers`` is how many threads draw (by default one a core, up to :data:`WORKERS`; it changes
    the time taken, never the result).

    >>> from savingsmodel.examples import scs4_1_revised
    >>> run = simulate(scs4_1_revised(), draws=1_000, seed=3, figures=["gross_saving"])
    >>> [str(r.year) for r in run.figures["gross_saving"]]
    ['2016/17', '2017/18', '2018/19', '2019/20']
    >>> run == simulate(scs4_1_revised(), draws=1_000, seed=3, figures=["gross_saving"], chunk=100, workers=3)
    True
    """
    from savingsmodel.engine.many import FTE_FIGURES, MONEY_FIGURES

    if not proposal.uncertain:
        raise InputError.one(
            "uncertain",
            "expected at least one [[uncertain]] input to draw, found none; declare one, such as "
            "input = 'grades.NAME.unit_cost', distribution = 'pert', low, mode, high",
            code="no_uncertainty",
        )
    if draws < 2:
        raise InputError.one("draws", f"expected at least 2 draws, found {draws}", code="draws")
    unknown = [name for name in figures if name not in MONEY_FIGURES]
    if unknown:
        raise InputError.one(
            "figure",
            f"expected a money figure, found {unknown[0]!r}{did_you_mean(unknown[0], MONEY_FIGURES)}",
            code="unknown_figure",
        )
    sampler = Sampler.of(proposal.uncertain, proposal.correlations, seed=seed)
    threads = workers if workers is not None else _cores()
    kinds = input_kinds(proposal.model_dump())
    names = (*MONEY_FIGURES, *FTE_FIGURES)
    claims, skipped = _judged_claims(proposal, names)
    targets, skipped_targets = _judged_targets(proposal, names)
    judged = [*claims, *targets]
    result = _run(proposal, sampler, kinds, (draws, chunk, threads), figures, judged, progress, keep_all=False)
    if result is None:  # a percentile fell outside its bracket (rare): draw again, keeping every draw
        result = _run(proposal, sampler, kinds, (draws, chunk, threads), figures, judged, None, keep_all=True)
    summaries, met, table, contribution_draws = result or ({}, [], None, 0)
    years = proposal.years
    shares = {}
    if table is not None:
        for number, name in enumerate(figures):
            rows = table[number * len(years) : (number + 1) * len(years)]
            shares[name] = tuple({u.input: float(row[i]) for i, u in enumerate(proposal.uncertain)} for row in rows)
    chances = [
        Chance(j.what, j.source, count, draws, j.kind) for j, count in zip([*claims, *targets], met, strict=True)
    ]
    return Simulation(
        reference=proposal.reference,
        draws=draws,
        seed=seed,
        years=years,
        uncertain=proposal.uncertain,
        correlations=proposal.correlations,
        figures={
            name: tuple(Range.of(year, column) for year, column in zip(years, summaries[name].result(), strict=True))
            for name in figures
        },
        claims=tuple(c for c in chances if c.kind == "claim"),
        targets=tuple(c for c in chances if c.kind == "target"),
        contributions=shares,
        contribution_draws=contribution_draws,
        not_simulated=(*skipped, *skipped_targets),
    )


def _run(
    proposal: Proposal,
    sampler: Sampler,
    kinds: Mapping[str, InputKind],
    sizes: tuple[int, int, int],
    figures: Sequence[str],
    judged: Sequence[_Judged],
    progress: Callable[[int], None] | None,
    *,
    keep_all: bool,
) -> tuple[dict[str, Summary], list[int], npt.NDArray[np.float64] | None, int] | None:
    """The run's summaries, the draws each claim or target held in, and the shares of the variance (a row a figure's
    year) with the draws they were worked from; None when a percentile fell outside its bracket."""
    from concurrent.futures import Future, ThreadPoolExecutor

    from savingsmodel.engine.many import evaluate_many

    draws, chunk, workers = sizes  # the draws, the chunk, the threads drawing
    years = len(proposal.years)
    summaries = {name: Summary(draws, years, keep_all=keep_all) for name in figures}
    met = [0] * len(judged)
    first_uniforms: list[npt.NDArray[np.float64]] = []
    first_outputs: dict[str, list[Pence]] = {name: [] for name in figures}
    kept, done = 0, 0
    # The shares of the variance are worked from the first draws alone: on a thread of their own once those are in
    # (numpy's sorts let go of the interpreter's lock), while the later chunks are evaluated.
    sharing = ThreadPoolExecutor(1, thread_name_prefix="shares") if workers > 1 else None
    shares: Future[npt.NDArray[np.float64]] | None = None
    table: npt.NDArray[np.float64] | None = None
    try:
        # The chunks' arrays are drawn into again once used (reuse): what is kept of a chunk is copied out of it.
        for block in sampler.chunks(draws, chunk, workers=workers, reuse=True):
            many = evaluate_many(proposal, _inputs(sampler.uncertain, kinds, block))
            for name in figures:
                pence = many.pence(name)
                summaries[name].add(pence)
                if kept < CONTRIBUTION_DRAWS:
                    first_outputs[name].append(pence[: CONTRIBUTION_DRAWS - kept])
            if kept < CONTRIBUTION_DRAWS:
                first_uniforms.append(block.uniforms[: CONTRIBUTION_DRAWS - kept].copy())
                kept += min(len(block.uniforms), CONTRIBUTION_DRAWS - kept)
            for index, one in enumerate(judged):
                met[index] += one.met(many)
            done += len(block.values)
            if shares is None and table is None and figures and kept == min(CONTRIBUTION_DRAWS, draws):
                uniforms = np.concatenate(first_uniforms)
                outputs = [np.concatenate(first_outputs[name]) for name in figures]
                if sharing is not None:
                    shares = sharing.submit(_shares, uniforms, outputs)
                else:
                    table = _shares(uniforms, outputs)
            if progress is not None:
                progress(done)
        if not all(summary.exact for summary in summaries.values()):
            return None
        return summaries, met, table if shares is None else shares.result(), kept
    finally:
        if sharing is not None:
            sharing.shutdown(wait=True, cancel_futures=True)


def _shares(uniforms: npt.NDArray[np.float64], outputs: Sequence[Pence]) -> npt.NDArray[np.float64]:
    """Each input's share of the variance of every figure's years at once: the inputs' ranks worked once for all."""
    return contributions(uniforms, np.hstack(outputs))


def _cores() -> int:
    """The threads to draw on: one a core this process may run on, up to :data:`WORKERS`."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(WORKERS, cores))


def _inputs(uncertain: Sequence[Uncertain], kinds: Mapping[str, InputKind], block: Block) -> dict[str, Any]:
    return {u.input: _as_input(kinds[u.input], block.values[:, column]) for column, u in enumerate(uncertain)}
