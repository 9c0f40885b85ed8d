"""Claims over time: a series of yearly figures, reconciled year by year, and checked for its kind.

An MTFP states savings by year either **incremental** (the change each year) or
**cumulative** (the running total). Read one as the other and every later figure
is wrong: targets of 238, 709, 1,397 and 1,750 read as incremental add up to
4,094, where as running totals they reach 1,750. A series in a proposal
(:class:`~savingsmodel.model.claims.SeriesClaim`) states its basis;
:func:`~savingsmodel.checks.reconcile.reconcile_series` checks each year, and :func:`series_kind_findings`
flags a series that looks like the other kind:

>>> from savingsmodel import Proposal, RecurringIncome, SeriesClaim
>>> steps = [("2016/17", "238k"), ("2017/18", "471k"), ("2018/19", "688k"), ("2019/20", "353k")]
>>> p = Proposal(
...     reference="T1", start_year="2016/17",
...     lines=[RecurringIncome(name=f"step {y}", amount=a, start=f"{y[:4]}-04-01") for y, a in steps],
...     series=[SeriesClaim(figure="net_saving", year="2016/17", values=["238k", "709k", "1397k", "1750k"],
...                         basis="incremental", rounded_to="1k", source="MTFP table")],
... )
>>> from savingsmodel.engine.evaluation import evaluate
>>> [f.code for f in series_kind_findings(evaluate(p))]
['SERIES-KIND']
"""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise
from typing import TYPE_CHECKING, Final

from savingsmodel.checks.findings import CheckFinding, Severity
from savingsmodel.checks.rules import Family, Reads, Rule, check
from savingsmodel.core.money import Money
from savingsmodel.model.claims import Basis, SeriesClaim

if TYPE_CHECKING:
    from savingsmodel.engine.evaluation import Evaluation

__all__ = ["FAMILY", "series_kind_findings"]


def _amounts(evaluation: Evaluation, series: SeriesClaim, basis: Basis) -> list[Decimal]:
    years = [y.year for y in evaluation.years]
    computed = evaluation.series(series.figure, basis)
    found = []
    for offset in range(len(series.values)):
        year = series.year + offset
        if year not in years:
            break
        value = computed[years.index(year)]
        found.append(value.amount if isinstance(value, Money) else value)
    return found


def _fits(stated: tuple[Decimal, ...], computed: list[Decimal], allowance: Decimal) -> bool:
    return bool(computed) and all(abs(s - c) <= allowance for s, c in zip(stated, computed, strict=False))


def _show(values: list[Decimal] | tuple[Decimal, ...], money: bool) -> str:
    return ", ".join(str(Money(v)) if money else f"{v.normalize():f}" for v in values)


@check(
    Rule(
        "SERIES-KIND",
        Severity.WARNING,
        reads=(Reads.SERIES, Reads.FIGURES),
        summary="a series of figures is presented in the view (incremental, cumulative) it is in",
    )
)
def series_kind_findings(evaluation: Evaluation) -> list[CheckFinding]:
    """A claimed series of yearly figures that reads as the other kind, on either of two signs.

    Both are warnings; the message says which:

    - the stated figures match the model's figures of the other kind
      (incremental figures that equal the computed running totals, or the reverse)
      and not those of the kind stated;
    - an "incremental" series of three or more figures that rises
      every year, whose year-on-year differences are closer to the computed
      incremental figures than the figures themselves (or the model computes
      nothing for it): it reads like running totals.
    """
    found: list[CheckFinding] = []
    for number, series in enumerate(evaluation.proposal.series):
        last = series.year + (len(series.values) - 1)
        if evaluation.unstated(series.figure, min(last, evaluation.years[-1].year), Basis.CUMULATIVE):
            continue  # the figures rest on lines with no cost: each year's claim already says it cannot be checked
        allowance = series.claims()[0].allowance
        stated = series.values
        money = series.figure.is_money
        incremental = _amounts(evaluation, series, Basis.INCREMENTAL)
        cumulative = _amounts(evaluation, series, Basis.CUMULATIVE)
        other = Basis.CUMULATIVE if series.basis is Basis.INCREMENTAL else Basis.INCREMENTAL
        fits_stated = _fits(stated, incremental if series.basis is Basis.INCREMENTAL else cumulative, allowance)
        fits_other = _fits(stated, cumulative if series.basis is Basis.INCREMENTAL else incremental, allowance)
        where = f"series[{number}]" + (f" ({series.source})" if series.source else "")
        head = f"{where} {series.figure.value} from {series.year} stated as {series.basis}: {_show(stated, money)}"
        if len(incremental) >= 2 and fits_other and not fits_stated:
            as_stated = incremental if series.basis is Basis.INCREMENTAL else cumulative
            found.append(
                CheckFinding(
                    "SERIES-KIND",
                    Severity.WARNING,
                    f"{head}; these match the computed {other} figures, not the {series.basis} ones "
                    f"({_show(as_stated, money)}): the series looks {other}",
                    f"series[{number}]",
                )
            )
            continue
        if series.basis is not Basis.INCREMENTAL or fits_stated or len(stated) < 3:
            continue
        differences = [stated[0], *(b - a for a, b in pairwise(stated))]
        rising = all(d > 0 for d in differences)
        closer = not any(incremental) or sum(abs(d - c) for d, c in zip(differences, incremental, strict=False)) < sum(
            abs(s - c) for s, c in zip(stated, incremental, strict=False)
        )
        if rising and closer:
            total = sum(stated, Decimal(0))
            found.append(
                CheckFinding(
                    "SERIES-KIND",
                    Severity.WARNING,
                    f"{head}; it rises every year like running totals: read as incremental it adds up to "
                    f"{_show([total], money)} over {len(stated)} years; read as cumulative the yearly increments are "
                    f"{_show(differences, money)}. Check which the paper means",
                    f"series[{number}]",
                )
            )
    return found


FAMILY: Final = Family("Series of yearly figures", (series_kind_findings,))
