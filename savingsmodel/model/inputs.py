"""The inputs a proposal has: which of its fields many draws may vary, and what kind of value each is.

The one home of the rules. A file's ``[[uncertain]]`` entries are checked against them as the file is read
(:func:`input_kinds`, on the proposal as written), and the vectorised evaluator lists and takes the same
inputs (:func:`savingsmodel.engine.many.inputs_of` walks :func:`line_inputs` and :func:`grade_has_input`,
adding each input's value in the proposal). An input is named by the field a variant changes:

>>> list(line_inputs({"kind": "recurring_cost", "name": "Team", "amount": "134k"}))
[('amount', <InputKind.MONEY: 'money'>), ('start', <InputKind.MONTHS: 'months'>)]
>>> [field for field, _ in line_inputs({"kind": "redundancy", "name": "R", "strain_factor": "3.2"})]
['weekly_pay', 'strain_base', 'start']

Lines are read as written (a mapping) or as models alike, so a file's entries and the evaluator's inputs
cannot drift apart; a property test holds the two readings equal over generated proposals.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from enum import StrEnum
from typing import Any, Final

from savingsmodel.core.fields import Value
from savingsmodel.core.years import FinancialYear

__all__ = ["RATE_COLLECTIONS", "InputKind", "award_years", "entries", "grade_has_input", "input_kinds", "line_inputs"]


class InputKind(StrEnum):
    """What an input is, which says what a draw of it may be: money in pence, an FTE, a shift in months, or a rate."""

    MONEY = "money"  # pounds, zero or more (whole pence to the evaluator)
    FTE = "fte"  # posts, zero or more (ten-thousandths)
    MONTHS = "months"  # a start date's shift, in whole months
    RATE = "rate"  # a pay award or inflation rate: above -100%, at most 100%


#: The collections of rates an input may name by year: ``pay_awards.<year>.rate``, ``inflation.<year>.rate``.
RATE_COLLECTIONS: Final = ("pay_awards", "inflation")


def _reader(item: Mapping[str, Any] | object) -> Any:
    if isinstance(item, Mapping):
        return item.get
    return lambda name: getattr(item, name, None)


def grade_has_input(grade: Mapping[str, Any] | object) -> bool:
    """Whether a grade's unit cost is an input: it has one, stated or built up.

    >>> grade_has_input({"name": "Crew Manager"}), grade_has_input({"name": "WM", "unit_cost": "48k"})
    (False, True)
    """
    get = _reader(grade)
    return get("unit_cost") is not None or get("build_up") is not None


def line_inputs(line: Mapping[str, Any] | object) -> Iterator[tuple[str, InputKind]]:
    """Each field of a line that is an input, with its kind, in the order the evaluator lists them.

    A posts line's FTE (unless on a schedule) and the unit cost it is priced at (with no stated cost), or its
    stated cost, or a regrade's uplift; a TUPE transfer's FTE; an allowance's total, or its per-post amount and
    posts; a redundancy's weekly pay and its pension strain (as entered, or the base a stated factor multiplies);
    capital spend nothing (its revenue cost is worked from it as stated); any other line's amount; and every
    line's start (a shift in whole months: a redundancy's leaving date).
    """
    get = _reader(line)
    kind = get("kind")
    if kind in ("transfer_out", "transfer_in"):
        if not get("schedule"):
            yield "fte", InputKind.FTE  # a TUPE transfer moves posts, and no money
    elif kind in ("posts_released", "posts_created", "regrade"):
        if not get("schedule"):
            yield "fte", InputKind.FTE
        stated = get("cost") is not None
        if (kind == "posts_released" and not stated) or (
            kind == "posts_created" and not stated and get("priced_in") is None
        ):
            yield "unit_cost", InputKind.MONEY
        if kind in ("posts_released", "posts_created") and stated and get("priced_in") is None:
            yield "cost", InputKind.MONEY
        if kind == "regrade" and get("uplift_per_post") is not None:
            yield "uplift_per_post", InputKind.MONEY
    elif kind == "redundancy":
        # Age, service and the enhancement are not inputs: the weeks of pay are whole steps of the rules.
        yield "weekly_pay", InputKind.MONEY
        yield ("strain_base" if get("strain_factor") is not None else "strain"), InputKind.MONEY
    elif kind == "capital_spend":
        return  # capital is no revenue figure; its revenue cost is worked from it as stated (not an input)
    elif kind == "allowance":
        if get("total") is not None:
            yield "total", InputKind.MONEY
        else:
            yield "per_post", InputKind.MONEY
            yield "posts", InputKind.FTE
    else:
        yield "amount", InputKind.MONEY
    yield "start", InputKind.MONTHS


def award_years(start_year: FinancialYear, horizon: int) -> tuple[FinancialYear, ...]:
    """The years a pay award or inflation rate may be given for: the horizon's and the year before it.

    >>> [str(y) for y in award_years(FinancialYear.parse("2016/17"), 2)]
    ['2015/16', '2016/17', '2017/18']
    """
    return (start_year.previous(), *start_year.range(horizon))


def input_kinds(data: Mapping[str, Any]) -> dict[str, InputKind]:
    """The inputs of a proposal (as written, or dumped) that may be uncertain, by field path, with their kinds.

    A grade's unit cost (stated or built up); each line's inputs (:func:`line_inputs`); and the pay award and
    inflation rate of each year of the horizon and the year before it (and of any other year one is stated for).

    >>> data = {"start_year": "2016/17", "horizon": 1, "grades": [{"name": "WM", "unit_cost": 48000}],
    ...         "lines": [{"kind": "posts_released", "name": "WM posts", "grade": "WM", "fte": 12}]}
    >>> list(input_kinds(data))  # doctest: +NORMALIZE_WHITESPACE
    ['grades.WM.unit_cost', 'lines.WM posts.fte', 'lines.WM posts.unit_cost', 'lines.WM posts.start',
     'pay_awards.2015/16.rate', 'pay_awards.2016/17.rate', 'inflation.2015/16.rate', 'inflation.2016/17.rate']
    """
    kinds: dict[str, InputKind] = {}
    for grade in entries(data, "grades"):
        if grade_has_input(grade):
            kinds[f"grades.{grade.get('name')}.unit_cost"] = InputKind.MONEY
    for line in entries(data, "lines"):
        for field, kind in line_inputs(line):
            kinds[f"lines.{line.get('name')}.{field}"] = kind
    years = _award_years(data)
    for collection in RATE_COLLECTIONS:
        stated = []
        for award in entries(data, collection):
            try:
                year = award.get("year")
                stated.append(year if isinstance(year, FinancialYear) else FinancialYear.parse(str(year)))
            except ValueError:
                continue  # reported by the award's own check
        for year in sorted({*stated, *years}):
            kinds[f"{collection}.{year}.rate"] = InputKind.RATE
    return kinds


def _award_years(data: Mapping[str, Any]) -> tuple[FinancialYear, ...]:
    """:func:`award_years` of a proposal as written: none when its start year or horizon is not one."""
    start, horizon = data.get("start_year"), data.get("horizon", 4)
    try:
        first = start if isinstance(start, FinancialYear) else FinancialYear.parse(str(start))
    except ValueError:
        return ()
    if not isinstance(horizon, int) or not 1 <= horizon <= 30 or first.start_year + horizon > 2999:
        return ()
    return award_years(first, horizon)


def entries(data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    """The entries of a list in a proposal as written (or of models, dumped); what is not a mapping is left out
    (reported by the fields' own checks)."""
    items = data.get(key)
    if not isinstance(items, (list, tuple)):
        return []
    dumped = (item.model_dump() if isinstance(item, Value) else item for item in items)
    return [item for item in dumped if isinstance(item, Mapping)]
