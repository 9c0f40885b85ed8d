"""Input values as a person writes them, as the vectorised evaluator takes them, and each input's default ranges.

Every input's values are whole **units**: pence for money, ten-thousandths of an FTE,
months for a start, ten-billionths for a rate (see :mod:`savingsmodel.engine.many`).
Text is read by the input's kind:

>>> from savingsmodel.examples import scs4_1_revised
>>> spec = find_input(scs4_1_revised(), "grades.Watch Manager.unit_cost")
>>> read(spec, "£45k"), shown(spec, 4_500_000)
(4500000, '£45,000')
>>> start = find_input(scs4_1_revised(), "lines.Watch Manager posts released.start")
>>> read(start, "+6"), shown(start, 6), shown(start, -3), shown(start, 0)
(6, '+6 months', '-3 months', 'as stated')

**Default ranges.** Each input has an uncertainty range (what a tornado swings it over)
and a wider search range (where a break-even is looked for):

| kind | uncertainty (tornado, spider) | search (break-even) |
|---|---|---|
| money | 10% below and above the stated value, to the penny | £0 to ten times the stated value (at least £1m) |
| FTE | 10% below and above, to a ten-thousandth | 0 to ten times the stated FTE (at least 100) |
| start | 3 months earlier to 6 months later | from the horizon's first month to its last |
| rate | one percentage point below and above | -5% to 15% |

A start is never moved outside the horizon (a one-off cost must be paid inside it).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Final

from savingsmodel.core.errors import InputError, did_you_mean
from savingsmodel.core.fields import format_rate
from savingsmodel.core.money import Money, RoundingMode, Unit, round_fraction
from savingsmodel.core.phasing import months_on
from savingsmodel.engine.many import FTE_UNIT, Input, InputKind, inputs_of
from savingsmodel.model.lines import Redundancy
from savingsmodel.model.proposal import Proposal

__all__ = [
    "RATE_UNIT",
    "UNITS",
    "as_inputs",
    "find_input",
    "plain",
    "read",
    "search_range",
    "shown",
    "steps",
    "uncertainty",
]

#: A rate's unit: ten-billionths (ten decimal places), as the evaluator holds rates.
RATE_UNIT: Final = 10**10
#: Units in one of an input's natural measure: pence in a pound, ten-thousandths in an FTE, and so on.
UNITS: Final = {InputKind.MONEY: 100, InputKind.FTE: FTE_UNIT, InputKind.MONTHS: 1, InputKind.RATE: RATE_UNIT}


def find_input(proposal: Proposal, name: str) -> Input:
    """The proposal's input of this name (:func:`~savingsmodel.engine.many.inputs_of`, or an award's rate).

    >>> from savingsmodel.examples import scs4_1_revised
    >>> find_input(scs4_1_revised(), "grades.Watch Manager.unitcost")
    Traceback (most recent call last):
    savingsmodel.core.errors.InputError: grades.Watch Manager.unitcost: unknown input \
'grades.Watch Manager.unitcost'; did you mean 'grades.Watch Manager.unit_cost'?
    """
    known = {i.name: i for i in inputs_of(proposal)}
    if name in known:
        return known[name]
    collection, _, rest = name.partition(".")
    if collection in ("pay_awards", "inflation") and rest.endswith(".rate"):
        years = {str(y) for y in (proposal.start_year.previous(), *proposal.years)}
        if rest.removesuffix(".rate") in years:
            return Input(name, InputKind.RATE, Decimal(0))
    hint = did_you_mean(name, list(known))
    raise InputError.one(name, f"unknown input {name!r}{hint}", code="unknown_input", name=name)


def base_units(spec: Input) -> int:
    """The input's value in the proposal, in whole units (money to the penny, half-up, if it has part pence)."""
    if isinstance(spec.base, Money):
        return int(round_fraction(Fraction(spec.base.amount) * 100, Decimal(1), RoundingMode.HALF_UP))
    return int(Decimal(spec.base) * UNITS[spec.kind])


def read(spec: Input, text: str) -> int:
    """A value as a person writes it, in the input's units: ``£45k``, ``12.5`` (FTE), ``+6`` (months), ``2.5%``."""
    words = text.strip()
    try:
        if spec.kind is InputKind.MONEY:
            pence = Money(words).amount * 100
            if pence != pence.to_integral_value():
                raise ValueError(f"expected whole pence, found {words}")
            return int(pence)
        if spec.kind is InputKind.MONTHS:
            return int(words)
        number = Decimal(words[:-1]) / 100 if words.endswith("%") else Decimal(words)
        scaled = number * UNITS[spec.kind]
        if not scaled.is_finite() or scaled != scaled.to_integral_value():
            raise ValueError(f"expected at most {len(str(UNITS[spec.kind])) - 1} decimal places, found {words}")
        return int(scaled)
    except (ValueError, InvalidOperation, ArithmeticError) as error:
        expected = {
            InputKind.MONEY: "an amount such as '£45k' or '48000'",
            InputKind.FTE: "an FTE such as '12' or '11.5'",
            InputKind.MONTHS: "a shift in whole months such as '6' or '-3'",
            InputKind.RATE: "a rate such as '2.5%' or '0.025'",
        }[spec.kind]
        detail = str(error) if str(error).startswith("expected") else f"expected {expected}, found {words!r}"
        raise InputError.one(spec.name, detail, code="bad_value") from None


def shown(spec: Input, units: int | Fraction) -> str:
    """A value in the input's units as a person reads it: ``£45,000``, ``11.5 FTE``, ``+6 months``, ``2.5%``.

    A fraction of a unit (an exact break-even) is shown to the penny, the ten-thousandth or the day it lies in.
    """
    exact = Fraction(units)
    if spec.kind is InputKind.MONEY:
        if exact.denominator == 1:
            return str(Money(Decimal(exact.numerator).scaleb(-2)))
        return f"{Money(round_fraction(exact / 100, Unit.PENCE.value, RoundingMode.HALF_UP))} (rounded)"
    if spec.kind is InputKind.MONTHS:
        if exact == 0:
            return "as stated"
        number = f"{exact.numerator}" if exact.denominator == 1 else f"{float(exact):.2f}"
        return f"{'+' if exact > 0 else ''}{number} month{'' if abs(exact) == 1 else 's'}"
    value = round_fraction(exact / UNITS[spec.kind], Decimal(1).scaleb(-10), RoundingMode.HALF_UP)
    if spec.kind is InputKind.FTE:
        return f"{value.normalize():f} FTE"
    return format_rate(value)


def plain(spec: Input, units: int) -> str:
    """A value for a program (CSV, JSON): pounds to two places, an FTE or rate as a decimal, months as an integer.

    >>> from savingsmodel.examples import scs4_1_revised
    >>> plain(find_input(scs4_1_revised(), "grades.Watch Manager.unit_cost"), 4_500_000)
    '45000.00'
    """
    if spec.kind is InputKind.MONEY:
        return f"{Decimal(units).scaleb(-2):.2f}"
    if spec.kind is InputKind.MONTHS:
        return str(units)
    value = Decimal(units) / UNITS[spec.kind]
    return f"{value.normalize():f}" if value else "0"


def as_inputs(spec: Input, units: object) -> object:
    """Values in whole units as :func:`~savingsmodel.engine.many.evaluate_many` takes them.

    Money and months are integers already; an FTE or a rate is passed as the nearest float to ``units / unit``,
    which the evaluator reads back exactly (it takes a float as the decimal it is nearest to).
    """
    import numpy as np

    array = np.asarray(units, dtype=np.int64)
    if spec.kind in (InputKind.MONEY, InputKind.MONTHS):
        return array
    return array / UNITS[spec.kind]


def uncertainty(proposal: Proposal, spec: Input) -> tuple[int, int]:
    """The default low and high of an input for a tornado or spider diagram (see the table above)."""
    base = base_units(spec)
    if spec.kind in (InputKind.MONEY, InputKind.FTE):
        tenth = int(round_fraction(Fraction(base, 10), Decimal(1), RoundingMode.HALF_UP))
        return max(0, base - tenth), base + tenth
    if spec.kind is InputKind.MONTHS:
        earliest, latest = _months_in_horizon(proposal, spec)
        return max(-3, earliest), min(6, latest)
    point = RATE_UNIT // 100
    return max(base - point, -RATE_UNIT + 1), min(base + point, RATE_UNIT)


def search_range(proposal: Proposal, spec: Input) -> tuple[int, int]:
    """The default range a break-even is looked for in (see the table above)."""
    base = base_units(spec)
    if spec.kind is InputKind.MONEY:
        return 0, max(10 * base, 100_000_000)
    if spec.kind is InputKind.FTE:
        return 0, max(10 * base, 100 * FTE_UNIT)
    if spec.kind is InputKind.MONTHS:
        return _months_in_horizon(proposal, spec)
    return -RATE_UNIT // 20, 3 * RATE_UNIT // 20


def _months_in_horizon(proposal: Proposal, spec: Input) -> tuple[int, int]:
    """The shifts that keep a line's start (its first step, for a schedule) from the horizon's first month to its
    last: earliest (at most 0) and latest (at least 0). A redundancy's leaving date is kept, besides, to the dates
    the statutory limits on a week's pay are shipped for, unless the line states its limit (``weekly_cap``)."""
    line = proposal.line(spec.name[len("lines.") : -len(".start")])
    schedule = getattr(line, "schedule", ())
    start: date = schedule[0].on if schedule else (line.start or proposal.start_year.start)
    first, last = proposal.start_year.start, proposal.years[-1].end
    here = start.year * 12 + start.month
    earliest, latest = min(0, first.year * 12 + first.month - here), max(0, last.year * 12 + last.month - here)
    if isinstance(line, Redundancy) and line.weekly_cap is None:
        from savingsmodel.rates.redundancy import shipped_caps

        table = shipped_caps()
        shipped = range(earliest, latest + 1)
        within = [m for m in shipped if m == 0 or table.caps[0].start <= months_on(start, m) <= table.until]
        earliest, latest = min(within), max(within)
    return earliest, latest


def steps(low: int, high: int, count: int) -> list[int]:
    """``count`` values evenly from ``low`` to ``high`` in whole units, each rounded half-up (ends exact).

    >>> steps(0, 10, 3), steps(4_000_000, 5_000_000, 5)
    ([0, 5, 10], [4000000, 4250000, 4500000, 4750000, 5000000])
    """
    if count < 1:
        raise InputError.one("steps", f"expected at least 1 step, found {count}")
    if count == 1 or low == high:
        return [low]
    values = [
        low + int(round_fraction(Fraction((high - low) * i, count - 1), Decimal(1), RoundingMode.HALF_UP))
        for i in range(count)
    ]
    return sorted(set(values)) if len(set(values)) < count else values
