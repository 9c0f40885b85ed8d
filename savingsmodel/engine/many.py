"""Many inputs at once: a proposal's figures for a million sets of inputs, to the penny of the exact engine.

:func:`evaluate_many` takes a proposal and, for some of its inputs, an array of values
(one per **draw**), and gives every money figure for every draw and year as whole
pence in numpy integers. Row ``i`` is exactly what :func:`~savingsmodel.engine.evaluation.evaluate`
gives for the proposal changed by row ``i`` (:func:`changed`); a property test holds
the two to the penny.

>>> import numpy as np
>>> from savingsmodel.examples import scs4_1_revised
>>> many = evaluate_many(scs4_1_revised(), {"grades.Watch Manager.unit_cost": np.array([4_500_000, 4_800_000])})
>>> many.pence("net_saving")[:, 0].tolist()
[32400000, 36000000]

**Inputs** are named by the field a variant changes (``inputs_of`` lists a proposal's,
each with its value in the proposal):

- ``grades.<grade>.unit_cost``, ``lines.<line>.unit_cost``, ``lines.<line>.amount``,
  ``lines.<line>.cost``, ``lines.<line>.total``, ``lines.<line>.per_post``,
  ``lines.<line>.uplift_per_post``, and a redundancy line's ``lines.<line>.weekly_pay`` and
  ``lines.<line>.strain`` (``.strain_base`` when a ``strain_factor`` multiplies it): money, in
  **whole pence** (an integer; a :class:`~savingsmodel.core.money.Money` is taken as itself);
- ``lines.<line>.fte``, ``lines.<line>.posts``: FTE, exact to a ten-thousandth
  (integers, Decimals, or floats that are the nearest float to such a number);
- ``lines.<line>.start``: a **shift in whole months** (an integer; -3 is three months
  earlier): the line's start (the proposal's first day when it states none), or every
  step of its schedule, moves to the same day of the month that many months on (a day
  the month lacks becomes its last: 31 January + 1 is 28 or 29 February); its end stays; a
  redundancy's leaving date moves, and with it the limit on a week's pay in force on it;
- ``pay_awards.<year>.rate`` and ``inflation.<year>.rate``: the award (or inflation rate)
  of a financial year, such as ``pay_awards.2016/17.rate``, as a fraction (0.01 is 1%)
  exact to ten decimal places; a year in the horizon (or the one before) with no award
  gains one, effective 1 April. They move figures only in cash terms.

A line shared with a partner is taken at this body's share, as the exact engine takes it (each
annual rate times the share, to the penny, half-up); the share is the proposal's in every draw, not
an input yet. A line with no cost stated (a grade with no unit cost, an amount "to be confirmed") is
nothing, as in the exact engine, unless a draw gives it one (``lines.<line>.amount``). A line that
follows a named index moves by its rates, which are the proposal's in every draw.
Two limits: posts priced from a grade's build-up are rebuilt each year by the exact engine (that
year's pay, NI per person, pension), and are taken at those rebuilt rates, so their FTE and the
awards they follow are worked apart for each distinct value they take (up to
:data:`MOST_WORKED_APART`; past that an ``InputError`` with code ``not_vectorised``;
``grades.<grade>.unit_cost`` replaces the build-up and may vary freely); and a redundancy line's age,
service and enhancement are not inputs (its weeks of pay are whole steps of the statutory rules). Which
fields are inputs is the model's to say (:func:`savingsmodel.model.inputs.line_inputs`).

**Exactness.** Money is integer pence throughout, and each rounding the exact engine makes
is made here at the same point by the same rule: a line's annual rate at the prices in
force is rounded to the penny, half-up (:func:`~savingsmodel.engine.uprating.uprated`,
cumulatively over a line's tranches as :class:`~savingsmodel.engine.uprating.LineRates`
does), and a line's amount in a year is its exact sum of ``rate x share`` rounded once,
half-up. A rate times an uplift factor is worked in integers too: each award is
``(unit + rate) / unit`` in the fewest decimal places its rates need, so the product of pence and
factor stays within int64 for awards of a few places (a tie at a half penny is then rounded up
exactly, like any other). Only past int64 (rates of many places compounded over many years) is a
product placed by binary floating point, with a proven error bound, and every product within that
bound of a half penny is worked again exactly in Python's integers: no float ever decides a penny.
What a line does is read from its terms (:mod:`~savingsmodel.engine.terms`);
the dates, years and shares come from the exact engine's own functions.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from fractions import Fraction
from functools import cache, partial
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import numpy.typing as npt

from savingsmodel.core.errors import InputError, Problem, did_you_mean
from savingsmodel.core.money import Money
from savingsmodel.core.phasing import months_on
from savingsmodel.core.years import FinancialYear
from savingsmodel.engine import unit_costs
from savingsmodel.engine.evaluation import StartConventions, price_indices
from savingsmodel.engine.figures import COLUMNS
from savingsmodel.engine.redundancy import pension_strain, weeks_of_pay
from savingsmodel.engine.terms import Term, terms, vacancy
from savingsmodel.engine.uprating import PriceIndex, pieces
from savingsmodel.model.claims import Figure
from savingsmodel.model.inputs import RATE_COLLECTIONS, InputKind, award_years, grade_has_input, line_inputs
from savingsmodel.model.lines import (
    Allowance,
    CapitalSpend,
    Line,
    OneOffCost,
    OneOffIncome,
    PostsCreated,
    PostsReleased,
    RecurringCost,
    RecurringIncome,
    RecurringSaving,
    Redundancy,
    Regrade,
    TransferIn,
    TransferOut,
    default_uprating,
)
from savingsmodel.model.prices import Award, Prices, Uprating
from savingsmodel.model.proposal import Proposal
from savingsmodel.rates.redundancy import weekly_cap_on

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "FTE_FIGURES",
    "FTE_UNIT",
    "MONEY_FIGURES",
    "Input",
    "InputKind",
    "ManyFigures",
    "changed",
    "evaluate_many",
    "inputs_of",
]

#: FTE figures and FTE inputs are held as integers of this many parts of one FTE (ten-thousandths).
FTE_UNIT: Final = 10_000
_FTE_PLACES: Final = 4
#: Rates (awards, inflation) are held as integers of this many parts of one (ten decimal places).
_RATE_UNIT: Final = 10**10

#: The money figures by year, in pence: the columns of ``Evaluation.to_frame`` that are money, in their order.
MONEY_FIGURES: Final = tuple(column.name for column in COLUMNS if column.figure.is_money)
#: The FTE figures by year, at the year's end, in ten-thousandths of an FTE (``fte_change:<grade>`` too).
FTE_FIGURES: Final = tuple(column.name for column in COLUMNS if not column.figure.is_money)

_Array = npt.NDArray[Any]


@dataclass(frozen=True, slots=True)
class Input:
    """One input a proposal has: its name (a field path), what it is, and its value in the proposal.

    ``base`` is :class:`~savingsmodel.core.money.Money` for money, a Decimal FTE or rate, and 0 for a start
    (a shift in months from the proposal's own date).
    """

    name: str
    kind: InputKind
    base: Money | Decimal | int

    @property
    def base_value(self) -> int | Decimal:
        """The base as :func:`evaluate_many` takes it: pence for money (Decimal if not whole), else as it is.

        >>> Input("grades.Watch Manager.unit_cost", InputKind.MONEY, Money("48000")).base_value
        4800000
        """
        if isinstance(self.base, Money):
            pence = self.base.amount * 100
            return int(pence) if pence == pence.to_integral_value() else pence
        return self.base


# ---- What inputs a proposal has ----------------------------------------------------------------------


def _line_inputs(proposal: Proposal, line: Line) -> Iterator[Input]:
    """The line's inputs (the model's rules, :func:`~savingsmodel.model.inputs.line_inputs`), each with its value."""
    for field_name, kind in line_inputs(line):
        base: Money | Decimal | int
        if field_name == "start":
            base = 0  # a shift in months from the line's own date
        elif field_name == "unit_cost":
            own = getattr(line, "unit_cost", None)
            base = own if own is not None else _grade_cost(proposal, getattr(line, "grade", ""))
        else:
            stated = getattr(line, field_name)
            # An amount "to be confirmed" (or a strain not entered) is nothing until a draw states one.
            base = stated if stated is not None else (Money(0) if kind is InputKind.MONEY else Decimal(0))
        yield Input(f"lines.{line.name}.{field_name}", kind, base)


def inputs_of(proposal: Proposal) -> tuple[Input, ...]:
    """The inputs :func:`evaluate_many` can vary in this proposal, each with its value in the proposal.

    Grades' unit costs (those that have one), each line's amounts, FTE and start, and the pay awards and
    inflation rates the proposal states (any year of the horizon, or the one before, may be given too).

    >>> from savingsmodel.examples import scs4_1_revised
    >>> [(i.name, str(i.base)) for i in inputs_of(scs4_1_revised())][:4]
    [('grades.Watch Manager.unit_cost', '£48,000'), ('lines.Watch Manager posts released.fte', '12'), \
('lines.Watch Manager posts released.unit_cost', '£48,000'), ('lines.Watch Manager posts released.start', '0')]
    """
    found: list[Input] = []
    for grade in proposal.grades:
        if grade_has_input(grade):
            found.append(Input(f"grades.{grade.name}.unit_cost", InputKind.MONEY, _grade_cost(proposal, grade.name)))
    for line in proposal.lines:
        found.extend(_line_inputs(proposal, line))
    for collection in RATE_COLLECTIONS:
        awards: tuple[Award, ...] = getattr(proposal, collection)
        found.extend(Input(f"{collection}.{a.year}.rate", InputKind.RATE, a.rate) for a in awards)
    return tuple(found)


def _known_inputs(proposal: Proposal) -> dict[str, Input]:
    """Every input :func:`evaluate_many` takes: those listed, and an award of any year it may be given for."""
    known = {i.name: i for i in inputs_of(proposal)}
    for collection in RATE_COLLECTIONS:
        for year in award_years(proposal.start_year, len(proposal.years)):
            name = f"{collection}.{year}.rate"
            known.setdefault(name, Input(name, InputKind.RATE, Decimal(0)))
    return known


def _grade_cost(proposal: Proposal, grade: str) -> Money:
    return unit_costs.unit_cost(proposal.grade(grade)) or Money(0)


# ---- One row as the exact engine takes it ---------------------------------------------------------------


def _line_start_change(proposal: Proposal, line: Line, months: int) -> dict[str, Any]:
    schedule = getattr(line, "schedule", ())
    if schedule:
        return {"schedule": [{"on": months_on(step.on, months), "fte": step.fte} for step in schedule]}
    return {"start": months_on(line.start or proposal.start_year.start, months)}


def changed(proposal: Proposal, values: Mapping[str, object]) -> Proposal:
    """The proposal with one value for each named input, as the exact engine takes it (``Proposal.with_changes``).

    Values are as :func:`evaluate_many` takes them for one draw: money in pence, a start as a shift in months.

    >>> from savingsmodel.examples import scs4_1_revised
    >>> later = changed(scs4_1_revised(), {"lines.Watch Manager posts released.start": 6})
    >>> str(later.line("Watch Manager posts released").start)
    '2016-10-01'
    """
    known = _known_inputs(proposal)
    _check_names(values, known)
    grades: dict[str, dict[str, Any]] = {}
    lines: dict[str, dict[str, Any]] = {}
    awards: dict[str, dict[FinancialYear, Award]] = {
        c: {a.year: a for a in getattr(proposal, c)} for c in RATE_COLLECTIONS
    }
    for name, raw in values.items():
        spec = known[name]
        value = _one_value(spec, raw)
        if name.startswith("grades."):
            grades.setdefault(name[len("grades.") : -len(".unit_cost")], {})["unit_cost"] = value
        elif name.startswith("lines."):
            stem, _, fieldname = name.rpartition(".")
            line = proposal.line(stem[len("lines.") :])
            if fieldname == "start":
                months = value if isinstance(value, int) else 0
                lines.setdefault(line.name, {}).update(_line_start_change(proposal, line, months))
            else:
                lines.setdefault(line.name, {})[fieldname] = value
        else:
            collection, _, rest = name.partition(".")
            year = FinancialYear.parse(rest.removesuffix(".rate"))
            old = awards[collection].get(year)
            fields = old.model_dump() if old is not None else {"year": year}
            awards[collection][year] = Award(**{**fields, "rate": value})
    changes: dict[str, Any] = {}
    if grades:
        changes["grades"] = grades
    if lines:
        changes["lines"] = lines
    for collection, by_year in awards.items():
        if any(n.startswith(f"{collection}.") for n in values):
            changes[collection] = [by_year[y] for y in sorted(by_year)]
    return proposal.with_changes(**changes) if changes else proposal


def _one_value(spec: Input, raw: object) -> Money | Decimal | int:
    """One draw's value as a proposal field takes it: Money from pence, an FTE or rate as a Decimal."""
    array = _values(spec, raw, 1)
    value = array.values.reshape(-1)[0]
    if spec.kind is InputKind.MONEY:
        return Money(Decimal(int(value)).scaleb(-2 - array.places))
    if spec.kind is InputKind.FTE:
        return Decimal(int(value)).scaleb(-array.places)
    if spec.kind is InputKind.RATE:
        return Decimal(int(value)).scaleb(-10)
    return int(value)


# ---- Values: arrays of exact integers ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Fixed:
    """Exact numbers as integers: ``values / 10**places`` (pence for money, FTE for FTE)."""

    values: _Array
    places: int = 0

    def at(self, places: int) -> _Array:
        """The values as integers of ``10**-places`` (places at least this one's)."""
        return _times_int(self.values, 10 ** (places - self.places))


def _times_int(values: _Array, k: int) -> _Array:
    if k == 1:
        return values
    return _mul(values, np.asarray(k, dtype=np.int64) if abs(k) < 2**62 else np.asarray(k, dtype=object))


_LIMIT: Final = 2**62


def _bound(values: _Array) -> int:
    if values.size == 0:
        return 0
    return max(abs(int(values.max())), abs(int(values.min())))


def _mul(a: _Array, b: _Array) -> _Array:
    """Exact product: int64 where it cannot overflow, Python integers (object arrays) where it might."""
    if a.dtype != object and b.dtype != object and _bound(a) * _bound(b) < _LIMIT:
        return np.asarray(a * b)
    return np.asarray(a.astype(object) * b.astype(object))


def _add(a: _Array, b: _Array) -> _Array:
    if a.dtype != object and b.dtype != object and _bound(a) + _bound(b) < _LIMIT:
        return np.asarray(a + b)
    return np.asarray(a.astype(object) + b.astype(object))


def _decimal_fixed(value: Decimal) -> tuple[int, int]:
    """An exact Decimal as (integer, places)."""
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # noqa: S101 - inputs are finite (validated by the models)
    whole = int("".join(map(str, digits)) or "0") * (-1 if sign else 1)
    return (whole, -exponent) if exponent < 0 else (whole * 10**exponent, 0)


def _money_fixed(value: Money) -> _Fixed:
    whole, places = _decimal_fixed(value.amount * 100)
    return _Fixed(np.asarray(whole, dtype=np.int64 if abs(whole) < _LIMIT else object), places)


def _bad(spec: Input, message: str) -> InputError:
    return InputError([Problem(spec.name, message, code="bad_input")])


def _values(spec: Input, raw: object, n: int) -> _Fixed:
    """A draw array (or scalar) of one input as exact integers, checked: pence, ten-thousandths, months, rates."""
    if spec.kind is InputKind.MONEY:
        if isinstance(raw, Money):
            fixed = _money_fixed(raw)
            if fixed.places:
                raise _bad(spec, f"expected whole pence, found {raw}")
            return fixed
        array = _integers(spec, raw, "whole pence as integers (4800000 is £48,000)")
        if array.size and int(array.min()) < 0:
            raise _bad(spec, f"expected amounts of zero or more, found {int(array.min())} pence")
        return _Fixed(array)
    if spec.kind is InputKind.MONTHS:
        return _Fixed(_integers(spec, raw, "a shift in whole months as integers"))
    unit, what = (FTE_UNIT, "an FTE") if spec.kind is InputKind.FTE else (_RATE_UNIT, "a rate")
    if spec.kind is InputKind.FTE and np.asarray(raw).dtype.kind in "iu":
        # Whole FTE kept whole (a unit cost times whole posts is whole pence: nothing to round), not copied.
        whole = np.asarray(raw, dtype=np.int64)
        if whole.size and int(whole.min()) < 0:
            raise _bad(spec, f"expected an FTE of zero or more, found {int(whole.min())}")
        return _Fixed(whole)
    array = _scaled(spec, raw, unit, what)
    if spec.kind is InputKind.FTE and array.size and int(array.min()) < 0:
        raise _bad(spec, f"expected an FTE of zero or more, found {Decimal(int(array.min())).scaleb(-4)}")
    if (
        spec.kind is InputKind.RATE
        and array.size
        and (int(array.min()) <= -_RATE_UNIT or int(array.max()) > _RATE_UNIT)
    ):
        worst = int(array.min()) if int(array.min()) <= -_RATE_UNIT else int(array.max())
        raise _bad(spec, f"expected a rate above -100% and at most 100%, found {Decimal(worst).scaleb(-10)}")
    return _Fixed(array, _FTE_PLACES if spec.kind is InputKind.FTE else 10)


def _integers(spec: Input, raw: object, expected: str) -> _Array:
    array = np.asarray(raw)
    if array.dtype.kind in "iu":
        # Not copied (ten inputs of a million draws are 80 MB written for nothing): what the figures keep of the
        # caller's arrays as they are is copied once the sums are made (_Sum.detach), so that figures made when
        # first read are those of the inputs given, whatever the caller then writes to its arrays.
        return np.asarray(array, dtype=np.int64)
    if array.dtype.kind == "f" and np.all(np.isfinite(array)) and np.all(array == np.round(array)):
        return array.astype(np.int64)
    if array.dtype == object and all(isinstance(v, int) for v in array.reshape(-1)):
        return array.astype(np.int64)
    raise _bad(spec, f"expected {expected}, found {_sample(array)}")


def _scaled(spec: Input, raw: object, unit: int, what: str) -> _Array:
    """Numbers as integers of ``1/unit``: exact Decimals, integers, text (``"2.5%"``) or floats that are
    the nearest float to such a number (so 0.1 is taken as one tenth, and 0.1234567 of an FTE is refused)."""
    array = np.asarray(raw)
    places = len(str(unit)) - 1
    if array.dtype.kind in "iu":
        return _mul(np.asarray(array, dtype=np.int64), np.asarray(unit, dtype=np.int64))  # a new array
    if array.dtype.kind == "f":
        scaled = np.round(array * unit)
        if np.all(np.isfinite(array)) and np.all(np.abs(scaled) < 2**53) and np.all(scaled / unit == array):
            return scaled.astype(np.int64)
        raise _bad(spec, f"expected {what} with at most {places} decimal places, found {_sample(array)}")
    out = []
    for value in array.reshape(-1):
        exact = _exact_number(value)
        whole = exact * unit
        if exact is None or whole != whole.to_integral_value():
            raise _bad(spec, f"expected {what} with at most {places} decimal places, found {value!r}")
        out.append(int(whole))
    return np.asarray(out, dtype=np.int64).reshape(array.shape)


def _exact_number(value: object) -> Any:
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return Decimal(int(value))
    if isinstance(value, str):
        text = value.strip()
        try:
            return Decimal(text[:-1]) / 100 if text.endswith("%") else Decimal(text)
        except ArithmeticError:
            return None
    if isinstance(value, (float, np.floating)):
        shortest = Decimal(repr(float(value)))
        return shortest if shortest.is_finite() else None
    return None


def _sample(array: _Array) -> str:
    flat = array.reshape(-1)
    return repr(flat[0]) if flat.size else "nothing"


def _check_names(values: Mapping[str, object], known: Mapping[str, Input]) -> None:
    problems = [
        Problem(name, f"unknown input {name!r}{did_you_mean(name, list(known))}", code="unknown_input", name=name)
        for name in values
        if name not in known
    ]
    if problems:
        raise InputError(problems)


# ---- The figures ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ManyFigures:
    """The figures of many draws: money as int64 pence and FTE as int64 ten-thousandths, by draw and year.

    ``pence(name)`` and ``fte(name)`` are arrays of shape ``(draws, years)``; row ``i`` is draw ``i``, column
    ``j`` the year ``years[j]``. Each figure is made when first read, and kept (a Monte Carlo run reads a few
    of them; each written is a million draws by the years); the inputs were copied, so writing to the caller's
    arrays after :func:`evaluate_many` changes no figure.
    """

    years: tuple[FinancialYear, ...]
    draws: int
    _money: Mapping[str, _Array] = field(repr=False)
    _fte: Mapping[str, _Array] = field(repr=False)

    def pence(self, name: str) -> _Array:
        """A money figure (a name of :data:`MONEY_FIGURES`), in whole pence: int64, ``(draws, years)``.

        The array is a read-only view (figures the same in every draw are held once); copy it to write to it.

        >>> from savingsmodel.examples import scs4_1_revised
        >>> many = evaluate_many(scs4_1_revised(), {"lines.ISO allowances.total": [1_500_000, 3_000_000]})
        >>> many.pence("additional_costs")[:, 0].tolist()
        [21600000, 23100000]
        """
        if name not in self._money:
            hint = did_you_mean(name, list(self._money))
            raise InputError.one("figure", f"expected a money figure, found {name!r}{hint}", code="unknown_figure")
        return self._money[name]

    def fte(self, name: str) -> _Array:
        """An FTE figure at each year's end (``fte_change``, ``fte_released``, ``fte_created`` or
        ``fte_change:<grade>``) in ten-thousandths of an FTE (:data:`FTE_UNIT`): int64, ``(draws, years)``.

        >>> from savingsmodel.examples import scs4_1_revised
        >>> many = evaluate_many(scs4_1_revised(), {"lines.Watch Manager posts released.fte": [12, 11.5]})
        >>> (many.fte("fte_change:Watch Manager")[:, 0] / FTE_UNIT).tolist()
        [-11.0, -10.5]
        """
        if name in self._fte:
            return self._fte[name]
        head, colon, _ = name.partition(":")
        if colon and head == "fte_change":
            return np.zeros((self.draws, len(self.years)), dtype=np.int64)
        hint = did_you_mean(name, list(self._fte))
        raise InputError.one("figure", f"expected an FTE figure, found {name!r}{hint}", code="unknown_figure")

    @property
    def names(self) -> tuple[str, ...]:
        """Every figure held: the money figures, then the FTE ones (with each grade's ``fte_change:<grade>``).

        >>> from savingsmodel.examples import scs4_1_revised
        >>> evaluate_many(scs4_1_revised(), {}).names[-2:]
        ('fte_change:Watch Manager', 'fte_change:Crew Manager')
        """
        return (*self._money, *self._fte)

    def to_frame(self, figures: Sequence[str] | None = None) -> pd.DataFrame:
        """A wide DataFrame: one row per draw, columns a MultiIndex ``(figure, year)``, values int64
        (money in pence, FTE in ten-thousandths). ``figures`` picks some (default all).

        >>> import numpy as np
        >>> from savingsmodel.examples import scs4_1_revised
        >>> frame = evaluate_many(scs4_1_revised(), {"lines.Resource Management Team.amount": [13_400_000, 0]}
        ...                       ).to_frame(["net_saving"])
        >>> frame["net_saving"]["2016/17"].tolist()
        [36000000, 49400000]
        """
        import pandas as pd

        chosen = list(self.names if figures is None else figures)
        blocks = {name: self.pence(name) if name in self._money else self.fte(name) for name in chosen}
        columns = pd.MultiIndex.from_tuples(
            [(name, str(year)) for name in chosen for year in self.years], names=["figure", "year"]
        )
        data = np.concatenate([blocks[name] for name in chosen], axis=1) if chosen else np.zeros((self.draws, 0))
        return pd.DataFrame(data, columns=columns, index=pd.RangeIndex(self.draws, name="draw"))


# ---- Prices: which award steps a date is past, and the factor of each level, by draw ----------------


@dataclass(frozen=True, slots=True)
class _Factor:
    """A price level's cumulative factor, exactly: ``numerator / denominator``, the numerator by draw (a row).

    Each award is ``(unit + rate) / unit`` in the fewest decimal places its rates need (a 2.5% award in
    thousandths: 1025/1000), so that the products of pence and factors stay within int64 as far as they
    can. ``approx`` is the factor as floats and ``ops`` the float roundings that made it, for the fallback.
    """

    numerator: _Array
    denominator: int
    approx: _Array
    ops: int


@dataclass(frozen=True)
class _Levels:
    """One price index as levels: level ``j`` is in force after the first ``j`` steps (awards), by date."""

    steps: tuple[date, ...]
    #: Each step's rate by draw (integers of 1/_RATE_UNIT), or an exact constant.
    rates: tuple[_Array | Fraction, ...]

    def level(self, day: date) -> int:
        return sum(1 for on in self.steps if on <= day)

    def index(self) -> PriceIndex:
        """A stand-in index whose factor at a day names the level (factor j + 2 at level j > 0)."""
        return PriceIndex("levels", tuple((on, Decimal(j + 2)) for j, on in enumerate(self.steps)))

    def factor(self, level: int) -> _Factor:
        """Level ``level``'s factor: the product of ``1 + rate`` of the first ``level`` awards, exactly."""
        numerator: _Array = np.ones(1, dtype=np.int64)
        denominator = 1
        approx = np.ones(1)
        for rate in self.rates[:level]:
            if isinstance(rate, Fraction):
                top, unit = np.asarray(rate.denominator + rate.numerator, dtype=object), rate.denominator
                approx = approx * float(1 + rate)
            else:
                # The rates' common tenth powers: rates of at most 4 places are counted in ten-thousandths.
                common = math.gcd(int(np.gcd.reduce(rate.reshape(-1))), _RATE_UNIT) if rate.size else _RATE_UNIT
                unit = _RATE_UNIT // common
                top = unit + rate // common
                approx = approx * (1.0 + rate / _RATE_UNIT)
            numerator = _mul(numerator, np.asarray(top) if np.asarray(top).dtype != object else _small(top))
            denominator *= unit
        return _Factor(np.atleast_1d(numerator), denominator, approx, 3 * level)


def _small(value: _Array) -> _Array:
    """A Python integer as int64 when it fits, so products stay in numpy's integers."""
    whole = int(value)
    return np.asarray(whole, dtype=np.int64 if abs(whole) < _LIMIT else object)


def _levels(proposal: Proposal, values: Mapping[str, _Fixed]) -> dict[Uprating | str, _Levels]:
    none = _Levels((), ())
    if proposal.prices == Prices.CONSTANT:
        return {**dict.fromkeys(Uprating, none), **{index.name: none for index in proposal.indices}}
    found: dict[Uprating | str, _Levels] = {Uprating.NONE: none}
    for index in proposal.indices:
        # A named index's rates are the proposal's in every draw.
        ordered = sorted(index.rates, key=lambda a: a.on)
        found[index.name] = _Levels(tuple(a.on for a in ordered), tuple(Fraction(a.rate) for a in ordered))
    for uprating, collection in ((Uprating.PAY, "pay_awards"), (Uprating.INFLATION, "inflation")):
        stated = {a.year: a for a in getattr(proposal, collection)}
        varied = {
            FinancialYear.parse(name[len(collection) + 1 : -len(".rate")]): fixed
            for name, fixed in values.items()
            if name.startswith(f"{collection}.")
        }
        steps: list[tuple[date, _Array | Fraction]] = []
        for year in sorted({*stated, *varied}):
            on = stated[year].on if year in stated else year.start
            if year in varied:
                steps.append((on, varied[year].values))
            else:
                steps.append((on, Fraction(stated[year].rate)))
        steps.sort(key=lambda s: s[0])
        found[uprating] = _Levels(tuple(on for on, _ in steps), tuple(rate for _, rate in steps))
    return found


def _round_half_up(numerator: _Array, denominator: int | _Array) -> _Array:
    """``numerator / denominator`` to the nearest integer, a half up (numerators are never negative here)."""
    if isinstance(denominator, int) and denominator == 1:
        return numerator
    return (2 * numerator + denominator) // (2 * denominator)


def _uprated(rate: _Fixed, factor: _Factor | None) -> _Array:
    """:func:`~savingsmodel.engine.uprating.uprated` for every draw: ``rate x factor`` to the penny, half-up.

    ``rate`` is pence in integers of ``10**-places``. The product is worked in integers: the rate times the
    factor's numerator over its denominator, rounded half-up. When that could overflow int64 (rates of many
    decimal places compounded over many years), each product is first placed by floats, whose error is at
    most ``ops`` roundings of 2**-53 each (bounded here with room to spare), and every product that close to
    a half penny (every tie among them) is worked again exactly in Python's integers. The result is a row.
    """
    values = np.atleast_1d(rate.values)
    if factor is None:
        return _round_half_up(values, 10**rate.places)
    places = rate.places
    # Pence counted in finer units than needed (whole FTE times whole pence): drop the common tens first.
    while places and values.dtype != object and not np.any(values % 10):
        values, places = values // 10, places - 1
    scale = 10**places
    denominator = factor.denominator * scale
    if values.dtype != object and _bound(values) * _bound(factor.numerator) < 2**61 and denominator < 2**61:
        return _round_half_up(values * factor.numerator, denominator)
    x = np.atleast_1d(values.astype(np.float64) * factor.approx / float(scale))
    result = np.floor(x + 0.5).astype(np.int64)
    bound = (factor.ops + 8) * 2.0**-52 * np.abs(x) + 2.0**-900
    doubtful = np.flatnonzero((np.abs(x - np.floor(x) - 0.5) <= bound) | (np.abs(x) >= 2.0**50))
    if len(doubtful):
        by_draw = np.broadcast_to(values, x.shape)[doubtful].astype(object)
        tops = np.broadcast_to(factor.numerator, x.shape)[doubtful].astype(object)
        exact = _round_half_up(by_draw * tops, denominator)
        result[doubtful] = [int(v) for v in exact]
    return result


# ---- Lines: each term's rate (pence) and FTE, by draw ---------------------------------------------------


@dataclass(frozen=True)
class _LineRates:
    """A line's terms by draw: each term's annual rate (pence, exact), its FTE by grade, and its figure."""

    rates: tuple[_Fixed, ...]
    fte: tuple[Mapping[str, _Array], ...]
    #: True where the line feeds the gross saving (a regrade down), else its kind's own figure.
    down: _Array | None = None


class _Draws:
    """The inputs of every draw, each as exact integers, with the proposal's value for those not given."""

    def __init__(self, proposal: Proposal, values: Mapping[str, _Fixed], known: Mapping[str, Input]) -> None:
        self.proposal, self.values, self.known = proposal, values, known

    def money(self, name: str, base: Money | None) -> _Fixed | None:
        if name in self.values:
            return self.values[name]
        return None if base is None else _money_fixed(base)

    def fte(self, name: str, base: Decimal | None) -> _Fixed:
        if name in self.values:
            return self.values[name]
        return _fte_fixed(base or Decimal(0), name)

    def grade_cost(self, grade: str) -> _Fixed:
        return self.money(f"grades.{grade}.unit_cost", _grade_cost(self.proposal, grade)) or _Fixed(np.asarray(0))


def _fte_fixed(value: Decimal, where: str) -> _Fixed:
    whole = value * FTE_UNIT
    if whole != whole.to_integral_value():
        raise InputError.one(where, f"expected an FTE exact to a ten-thousandth to vary it, found {value}")
    return _Fixed(np.asarray(int(whole), dtype=np.int64), _FTE_PLACES)


def _fte_units(fte: _Fixed, sign: int = 1) -> _Array:
    """An FTE as the FTE figures count it, in ten-thousandths (:data:`FTE_UNIT`), times ``sign``."""
    return _times_int(fte.values, sign * 10 ** (_FTE_PLACES - fte.places))


def _product(money: _Fixed, fte: _Fixed) -> _Fixed:
    return _Fixed(_mul(money.values, fte.values), money.places + fte.places)


def _or(line_cost: _Fixed | None, grade_cost: _Fixed) -> _Fixed:
    """The line's own unit cost when it states one (£0 included), else its grade's, as terms.py reads it."""
    return grade_cost if line_cost is None else line_cost


def _tranches(draws: _Draws, line: PostsReleased | PostsCreated | Regrade | TransferOut | TransferIn) -> list[_Fixed]:
    if line.schedule:
        return [_fte_fixed(step.fte, f"lines.{line.name}.schedule") for step in line.schedule]
    return [draws.fte(f"lines.{line.name}.fte", line.fte)]


def _posts_released(draws: _Draws, line: PostsReleased) -> _LineRates:
    if line.cost is not None:
        # A stated total for all the posts: shared over the tranches as a created line's stated cost is.
        return _stated_cost(draws, line, draws.money(f"lines.{line.name}.cost", line.cost), -1)
    cost = _or(draws.money(f"lines.{line.name}.unit_cost", line.unit_cost), draws.grade_cost(line.grade))
    tranches = _tranches(draws, line)
    rates = [_product(cost, fte) for fte in tranches]
    held, _ = vacancy(draws.proposal, line)
    if held != 1:
        # Vacant posts save the budget held for them: each tranche's cost net of the vacancy factor, to the
        # penny, half-up (as terms.py prices it).
        rates = [
            _Fixed(_round_half_up(_times_int(r.values, held.numerator), held.denominator * 10**r.places)) for r in rates
        ]
    return _LineRates(tuple(rates), tuple({line.grade: _fte_units(fte, -1)} for fte in tranches))


def _posts_created(draws: _Draws, line: PostsCreated) -> _LineRates:
    tranches = _tranches(draws, line)
    fte = tuple({line.grade: _fte_units(t)} for t in tranches)
    if line.priced_in is not None:
        return _LineRates(tuple(_Fixed(np.asarray(0)) for _ in tranches), fte)
    stated = draws.money(f"lines.{line.name}.cost", line.cost)
    if stated is None:
        cost = _or(draws.money(f"lines.{line.name}.unit_cost", line.unit_cost), draws.grade_cost(line.grade))
        return _LineRates(tuple(_product(cost, t) for t in tranches), fte)
    return _stated_cost(draws, line, stated, 1)


def _stated_cost(draws: _Draws, line: PostsReleased | PostsCreated, stated: _Fixed | None, sign: int) -> _LineRates:
    """A stated total for all the posts: one tranche carries it all, a schedule's steps their shares."""
    tranches = _tranches(draws, line)
    fte = tuple({line.grade: _fte_units(t, sign)} for t in tranches)
    assert stated is not None  # noqa: S101 - the line states it
    if len(tranches) == 1:
        # One tranche carries all the stated cost (none when there are no posts: the model refuses that).
        only = tranches[0].values
        return _LineRates((_Fixed(np.where(only != 0, stated.values, 0), stated.places),), fte)
    # A schedule (fixed FTE): each step its share of the stated cost, rounded to the penny cumulatively.
    steps = [s.fte for s in line.schedule]
    total = sum(steps, Decimal(0))
    rates, done = [], Decimal(0)
    scale = 10**stated.places
    for step in steps:
        if step == total != 0:
            rates.append(stated)
        elif total == 0:
            rates.append(_Fixed(np.asarray(0)))
        else:
            after, before = Fraction(done + step) / Fraction(total), Fraction(done) / Fraction(total)
            upto = _round_half_up(_times_int(stated.values, after.numerator), after.denominator * scale)
            below = _round_half_up(_times_int(stated.values, before.numerator), before.denominator * scale)
            rates.append(_Fixed(upto - below))
        done += step
    return _LineRates(tuple(rates), fte)


def _regrade(draws: _Draws, line: Regrade) -> _LineRates:
    uplift = draws.money(f"lines.{line.name}.uplift_per_post", line.uplift_per_post)
    unpriced = [
        g
        for g in (line.from_grade, line.to_grade)
        if unit_costs.unit_cost(draws.proposal.grade(g)) is None and f"grades.{g}.unit_cost" not in draws.values
    ]
    if uplift is None and unpriced:
        # A grade with no unit cost: the uplift is not known, so it is nothing (as terms.py has it).
        tranches = _tranches(draws, line)
        return _LineRates(
            tuple(_Fixed(np.asarray(0)) for _ in tranches),
            tuple({line.from_grade: _fte_units(t, -1), line.to_grade: _fte_units(t)} for t in tranches),
        )
    if uplift is None:
        new, old = draws.grade_cost(line.to_grade), draws.grade_cost(line.from_grade)
        places = max(new.places, old.places)
        uplift = _Fixed(_add(new.at(places), -old.at(places)), places)
    # Moving posts down a grade saves the difference: a saving, not a negative cost.
    down = uplift.values < 0
    per_post = _Fixed(np.abs(uplift.values), uplift.places)
    tranches = _tranches(draws, line)
    return _LineRates(
        tuple(_product(per_post, t) for t in tranches),
        tuple({line.from_grade: _fte_units(t, -1), line.to_grade: _fte_units(t)} for t in tranches),
        down,
    )


def _allowance(draws: _Draws, line: Allowance) -> _LineRates:
    if line.total is not None:
        total = draws.money(f"lines.{line.name}.total", line.total)
        assert total is not None  # noqa: S101 - the line states it
        return _LineRates((total,), ({},))
    per_post = draws.money(f"lines.{line.name}.per_post", line.per_post) or _Fixed(np.asarray(0))
    return _LineRates((_product(per_post, draws.fte(f"lines.{line.name}.posts", line.posts)),), ({},))


def _amount(
    draws: _Draws, line: RecurringCost | RecurringIncome | OneOffCost | OneOffIncome | RecurringSaving
) -> _LineRates:
    amount = draws.money(f"lines.{line.name}.amount", line.amount)
    return _LineRates((amount if amount is not None else _Fixed(np.asarray(0)),), ({},))


def _transfer(draws: _Draws, line: TransferOut | TransferIn) -> _LineRates:
    """Posts that move with a service (TUPE): no money, the establishment moved."""
    sign = -1 if isinstance(line, TransferOut) else 1
    tranches = _tranches(draws, line)
    return _LineRates(
        tuple(_Fixed(np.asarray(0)) for _ in tranches), tuple({line.grade: _fte_units(t, sign)} for t in tranches)
    )


def _as_stated(draws: _Draws, line: CapitalSpend) -> _LineRates:
    """A line none of whose inputs varies: its terms' rates (the revenue cost of capital spend)."""
    own = [t for t in terms(draws.proposal) if t.line == line.name]
    return _LineRates(tuple(_money_fixed(t.rate) for t in own), tuple({} for _ in own))


def _redundancy(draws: _Draws, line: Redundancy) -> _LineRates:
    """Redundancy pay and pension strain by draw, as terms.py works them (:mod:`~savingsmodel.engine.redundancy`).

    The week's pay capped at the limit in force on the leaving date (a shift of the start moves the date, and
    with it the limit, unless the line states one), times the weeks of pay its age and service give (whole or
    half weeks), to the penny, half-up; times the enhancement, to the penny, half-up. The strain as entered, or
    its factor times its base, to the penny, half-up. Each is this body's share, to the penny, half-up, as the
    terms are. Pay and strain are paid on the same day: the rates are the line's terms', pay then strain, and a
    strain a draw gives a line whose proposal has none (so one term) is counted with its pay.
    """
    at = f"lines.{line.name}"
    weekly = draws.money(f"{at}.weekly_pay", line.weekly_pay)
    assert weekly is not None  # noqa: S101 - the line states it
    cap = _weekly_caps(draws, line)
    places = max(weekly.places, cap.places)
    used = np.minimum(weekly.at(places), cap.at(places))
    halves = int(weeks_of_pay(line.age, line.service_years) * 2)  # weeks are whole or half
    statutory = _round_half_up(_times_int(np.asarray(used), halves), 2 * 10**places)
    enhancement = Fraction(line.multiplier)
    pay = _Fixed(_round_half_up(_times_int(statutory, enhancement.numerator), enhancement.denominator))
    if line.strain_factor is not None:
        base = draws.money(f"{at}.strain_base", line.strain_base) or _Fixed(np.asarray(0))
        factor = Fraction(line.strain_factor)
        strain = _Fixed(_round_half_up(_times_int(base.values, factor.numerator), factor.denominator * 10**base.places))
        stated = pension_strain(line.strain_factor, line.strain_base or Money(0))
    else:
        strain = draws.money(f"{at}.strain", line.strain) or _Fixed(np.asarray(0))
        stated = line.strain or Money(0)
    share = draws.proposal.share_of(line)
    if share is not None:
        pay, strain = _shared(pay, share), _shared(strain, share)
    if stated:  # terms.py makes a strain term only when there is a strain
        return _LineRates((pay, strain), ({}, {}))
    joint = max(pay.places, strain.places)
    return _LineRates((_Fixed(_add(pay.at(joint), strain.at(joint)), joint),), ({},))


def _weekly_caps(draws: _Draws, line: Redundancy) -> _Fixed:
    """The limit on a week's pay by draw: the line's own, or the statutory limit in force on each leaving date."""
    if line.weekly_cap is not None:
        return _money_fixed(line.weekly_cap)
    shifts = draws.values.get(f"lines.{line.name}.start")
    if shifts is None or shifts.values.ndim == 0:
        return _money_fixed(_cap_after(draws.proposal, line, 0 if shifts is None else int(shifts.values)))
    present, which = _shift_groups(shifts.values)
    caps = [_money_fixed(_cap_after(draws.proposal, line, months)) for months in present.tolist()]
    places = max(c.places for c in caps)
    return _Fixed(np.asarray([int(c.at(places)) for c in caps], dtype=np.int64).take(which), places)


def _cap_after(proposal: Proposal, line: Redundancy, months: int) -> Money:
    """The statutory limit on a week's pay on the leaving date moved ``months``; a date the limits shipped do
    not cover is refused by the model, as the exact engine's proposal changed by the shift refuses it."""
    if months:
        _moved_terms(proposal, line, months)
    return weekly_cap_on(months_on(line.start, months))


#: Each kind of line's rates by draw: the vectorised reading of terms.py's table (a test holds the kinds equal).
_RATES: Final[Mapping[str, Callable[[_Draws, Any], _LineRates]]] = {
    "posts_released": _posts_released,
    "posts_created": _posts_created,
    "regrade": _regrade,
    "allowance": _allowance,
    "recurring_cost": _amount,
    "recurring_income": _amount,
    "one_off_cost": _amount,
    "one_off_income": _amount,
    "capital_spend": _as_stated,
    "redundancy": _redundancy,
    "recurring_saving": _amount,
    "transfer_out": _transfer,
    "transfer_in": _transfer,
}


def _our_share(proposal: Proposal, line: Line, rates: _LineRates) -> _LineRates:
    """A line shared with a partner: each term's rate times this body's share, to the penny, half-up (terms.py)."""
    share = proposal.share_of(line)
    if share is None or line.kind in ("redundancy", "capital_spend", "transfer_out", "transfer_in"):
        # A redundancy's rates are shared as they are worked (pay and strain apart), capital's read from its
        # terms, already shared; a transfer has none.
        return rates
    return replace(rates, rates=tuple(_shared(r, share) for r in rates.rates))


def _shared(rate: _Fixed, share: Decimal) -> _Fixed:
    """This body's share of a rate, to the penny, half-up (``Money.scaled``, as terms.py shares a term)."""
    part = Fraction(share)
    return _Fixed(_round_half_up(_times_int(rate.values, part.numerator), part.denominator * 10**rate.places))


# ---- Dates: where each term falls, for each shift of its line's start ----------------------------------


@dataclass(frozen=True)
class _Placed:
    """A line's terms placed in the years (the year before the horizon first) for one shift of its start.

    ``shares[(k, j)][t]`` is the share of year ``t`` in which term ``k`` runs at price level ``j``, as a
    numerator over the year's denominator; ``full_year[(k, j)][t]`` is 1 when term ``k`` is in force on
    year ``t``'s last day at level ``j``; ``in_force[k][t]`` the same for the term whatever the level.
    """

    shares: dict[tuple[int, int], list[int]]
    full_year: dict[tuple[int, int], list[int]]
    in_force: list[list[int]]
    figure: Figure


def _place(
    line_terms: Sequence[Term],
    years: Sequence[FinancialYear],
    denominators: Sequence[int],
    proposal: Proposal,
    levels: _Levels,
    figure: Figure | None = None,
) -> _Placed:
    """The line's terms placed in the years, counted from and to as the proposal's start conventions say for
    a line of ``figure`` (default the terms' own: a regrade is a cost or a saving by draw)."""
    index = levels.index()
    conventions = StartConventions.of(proposal)
    counted_as = line_terms[0].figure if figure is None else figure
    shares: dict[tuple[int, int], list[int]] = {}
    full_year: dict[tuple[int, int], list[int]] = {}
    in_force = [[0] * len(years) for _ in line_terms]
    for t, (year, denominator) in enumerate(zip(years, denominators, strict=True)):
        for k, term in enumerate(line_terms):
            if term.year is not None:
                if term.year == year:
                    paid = term.start if term.start in year else year.start
                    shares.setdefault((k, levels.level(paid)), [0] * len(years))[t] += denominator
                continue
            start, end = conventions.counted(replace(term, figure=counted_as), proposal.phasing)
            for piece in pieces(Money(1), start, end, year, proposal.phasing, index):
                numerator = piece.share * denominator
                if numerator.denominator != 1:
                    raise ValueError(f"a share of {year} not in {denominator}ths: {piece.share}")  # pragma: no cover
                level = 0 if piece.factor == 1 else int(piece.factor) - 1
                shares.setdefault((k, level), [0] * len(years))[t] += int(numerator)
            if term.start <= year.end and (term.end is None or term.end >= year.end):
                full_year.setdefault((k, levels.level(year.end)), [0] * len(years))[t] = 1
                in_force[k][t] = 1
    return _Placed(shares, full_year, in_force, counted_as)


def _line_terms(proposal: Proposal, line: Line) -> tuple[Term, ...]:
    return tuple(t for t in terms(proposal) if t.line == line.name)


# ---- The evaluator --------------------------------------------------------------------------------------


def _draw_count(values: Mapping[str, object]) -> int:
    lengths = {np.asarray(v).shape[0] for v in values.values() if np.ndim(np.asarray(v)) >= 1}
    if len(lengths) > 1:
        raise InputError.one(
            "inputs", f"expected arrays of one length (scalars broadcast), found lengths {sorted(lengths)}"
        )
    return lengths.pop() if lengths else 1


#: The most distinct values an input the arithmetic cannot vary by draw may take: each is worked apart.
MOST_WORKED_APART: Final = 256


def evaluate_many(proposal: Proposal, inputs: Mapping[str, object]) -> ManyFigures:
    """Every figure of the proposal for each draw of the inputs: arrays by figure, draw and year.

    ``inputs`` maps input names (:func:`inputs_of`) to arrays of one length ``n`` (scalars broadcast);
    inputs not given keep the proposal's value. See the module's notes for units. An input the arithmetic
    cannot vary by draw (the FTE or awards of posts whose build-up is rebuilt each year) is worked apart for
    each distinct value it takes, up to :data:`MOST_WORKED_APART` of them: the draws taking one value are
    evaluated together on the proposal with that value.

    >>> import numpy as np
    >>> from savingsmodel.examples import scs4_1_revised
    >>> many = evaluate_many(scs4_1_revised(), {"lines.Watch Manager posts released.start": np.array([0, 6])})
    >>> many.pence("net_saving").tolist()
    [[36000000, 36000000, 36000000, 36000000], [7200000, 36000000, 36000000, 36000000]]
    >>> many.pence("net_saving_incremental")[1].tolist()
    [7200000, 28800000, 0, 0]
    """
    try:
        return _vectorised(proposal, inputs)
    except InputError as refused:
        problem = refused.problems[0]
        if problem.code != "not_vectorised" or problem.path not in inputs:
            raise
        return _worked_apart(proposal, inputs, problem.path, refused)


def _worked_apart(proposal: Proposal, inputs: Mapping[str, object], name: str, refused: InputError) -> ManyFigures:
    """The draws grouped by the value ``name`` takes, each group evaluated on the proposal with that value."""
    n = _draw_count(inputs)
    column = np.asarray(inputs[name])
    distinct, group = np.unique(column, return_inverse=True) if column.ndim else (column[None], np.zeros(n, int))
    if len(distinct) > MOST_WORKED_APART:
        raise InputError.one(
            name,
            f"{refused.problems[0].message}; it takes {len(distinct):,} distinct values here, and at most "
            f"{MOST_WORKED_APART} are worked apart",
            code="not_vectorised",
        ) from None
    parts: list[tuple[_Array, ManyFigures]] = []
    for g, value in enumerate(distinct):
        rows = np.flatnonzero(group == g) if column.ndim else np.arange(n)
        rest = {k: v if np.ndim(np.asarray(v)) == 0 else np.asarray(v)[rows] for k, v in inputs.items() if k != name}
        # Another input that cannot vary is worked apart in its turn, within this group.
        one = value.item() if isinstance(value, np.generic) else value
        parts.append((rows, evaluate_many(_with_value(proposal, name, one), rest)))
    years = parts[0][1].years

    def gathered(name: str, money: bool) -> _Array:
        out = np.empty((n, len(years)), dtype=np.int64)
        for rows, part in parts:
            out[rows] = part.pence(name) if money else part.fte(name)
        return out

    # Each figure gathered when first read, as the groups' own figures are made.
    money = _Made({name: partial(gathered, name, True) for name in parts[0][1]._money})
    fte_names = dict.fromkeys(name for _, part in parts for name in part._fte)
    return ManyFigures(years, n, money, _Made({name: partial(gathered, name, False) for name in fte_names}))


_WITH_VALUE: dict[tuple[int, str, object], tuple[Proposal, Proposal]] = {}


def _with_value(proposal: Proposal, name: str, value: object) -> Proposal:
    """The proposal with one input's value (:func:`changed`), made once per proposal: a Monte Carlo run's
    chunks then find the same proposal, and with it the placements already made for it."""
    key = (id(proposal), name, value)
    known = _WITH_VALUE.get(key)
    if known is None or known[0] is not proposal:  # proposals are frozen: the same object changes alike
        if len(_WITH_VALUE) >= 1024:
            _WITH_VALUE.clear()
        known = _WITH_VALUE[key] = (proposal, changed(proposal, {name: value}))
    return known[1]


def _vectorised(proposal: Proposal, inputs: Mapping[str, object]) -> ManyFigures:
    """:func:`evaluate_many` for inputs the arithmetic can vary by draw (an ``InputError`` names one it cannot)."""
    known = _known_inputs(proposal)
    _check_names(inputs, known)
    n = _draw_count(inputs)
    values = {name: _values(known[name], raw, n) for name, raw in inputs.items()}
    for name, fixed in values.items():
        if fixed.values.ndim:
            values[name] = _Fixed(fixed.values.reshape(n), fixed.places)
    draws = _Draws(proposal, values, known)
    levels = _levels(proposal, values)
    first = proposal.start_year
    # Arrays are (year, draw), the year before the horizon first (the opening the first year's increment
    # moves from); a figure the same in every draw stays one column wide until a draw differs.
    years = (first.previous(), *proposal.years)
    months = proposal.phasing.value == "months"
    denominators = np.asarray([12 if months else y.days for y in years], dtype=np.int64)
    width = len(years)
    totals = {figure: _Sum(width) for figure in _LINE_FIGURES}
    full_year = _Sum(width)
    fte_by_grade: dict[str, _Sum] = {}
    released, created = _Sum(width), _Sum(width)
    base_terms = tuple(terms(proposal))
    indices = price_indices(proposal)
    with_terms = {t.line for t in base_terms}
    for line in proposal.lines:
        if line.name not in with_terms:
            continue  # a line with no terms (capital spend with no revenue consequence) feeds no figure
        rates = _our_share(proposal, line, _RATES[line.kind](draws, line))
        uprating = line.uprate or default_uprating(line.kind)
        line_levels = levels[uprating]
        shifts = values.get(f"lines.{line.name}.start")
        placed, which = _placements(proposal, line, base_terms, shifts, years, denominators, line_levels, n)
        _check_line(line, rates, n)
        own = tuple(t for t in base_terms if t.line == line.name)
        by_year = _rebuilt(proposal, line, own, values, years, line_levels, indices[uprating])
        amount, line_full_year = _line_amounts(rates, placed, which, line_levels, denominators, by_year)
        figure = placed[0].figure
        if line.kind == "regrade":
            # Counted from its start as a cost where it costs, as a saving where it saves (the start conventions).
            up, _ = _placements(
                proposal, line, base_terms, shifts, years, denominators, line_levels, n, Figure.ADDITIONAL_COSTS
            )
            saved, _ = _placements(
                proposal, line, base_terms, shifts, years, denominators, line_levels, n, Figure.GROSS_SAVING
            )
            up_amount, up_full_year = _line_amounts(rates, up, which, line_levels, denominators)
            amount, line_full_year = _line_amounts(rates, saved, which, line_levels, denominators)
            down = np.atleast_1d(rates.down if rates.down is not None else False)
            totals[Figure.GROSS_SAVING].add(amount.masked(down))
            totals[Figure.ADDITIONAL_COSTS].add(up_amount.masked(~down))
            full_year.add(line_full_year.masked(down))
            full_year.add(up_full_year.masked(~down), -1)
        else:
            totals[figure].add(amount)
            if line.kind not in ("one_off_cost", "one_off_income"):
                costs = figure in (Figure.ADDITIONAL_COSTS, Figure.ONE_OFF_COSTS)
                full_year.add(line_full_year, -1 if costs else 1)
        for k, grades in enumerate(rates.fte):
            in_force = np.asarray([p.in_force[k] for p in placed], dtype=np.int64)
            for grade, fte in grades.items():
                moved = _Sum(width)
                moved.spread(np.atleast_1d(fte)[None, :], in_force, which)
                fte_by_grade.setdefault(grade, _Sum(width)).add(moved)
                if line.kind == "posts_released":
                    released.add(moved, -1)
                elif line.kind == "posts_created":
                    created.add(moved)
    # The caller's arrays (or buffers) the inputs may still be views of; a list was copied when read.
    callers = [np.asarray(raw) for raw in inputs.values() if not isinstance(raw, (list, tuple))]
    if callers:
        for found in (*totals.values(), full_year, *fte_by_grade.values(), released, created):
            found.detach(callers)
    return _figures(years, n, totals, full_year, fte_by_grade, released, created)


_LINE_FIGURES: Final = (
    Figure.GROSS_SAVING,
    Figure.ADDITIONAL_COSTS,
    Figure.ONE_OFF_COSTS,
    Figure.INCOME,
    Figure.ONE_OFF_INCOME,
)


def _rebuilt(
    proposal: Proposal,
    line: Line,
    own: tuple[Term, ...],
    values: Mapping[str, _Fixed],
    years: Sequence[FinancialYear],
    levels: _Levels,
    index: PriceIndex,
) -> Callable[[int, int, _Array], _Array] | None:
    """For posts priced from a build-up, rebuilt each year: each tranche's rate by year at a price level.

    The exact engine's own rebuild (:mod:`savingsmodel.engine.rebuilt`), worked once per year and level: so
    the line's FTE and the awards it follows must be the same in every draw (a unit cost given as an input
    replaces the build-up, and the line is then priced as any other).
    """
    if all(t.rebuild is None for t in own):
        return None
    grade = getattr(line, "grade", "")
    if f"lines.{line.name}.unit_cost" in values or f"grades.{grade}.unit_cost" in values:
        return None  # a stated unit cost replaces the build-up, in every draw
    collections: dict[Uprating | str, str] = {Uprating.PAY: "pay_awards", Uprating.INFLATION: "inflation"}
    collection = collections.get(line.uprate or Uprating.PAY)
    varied = [
        name
        for name in values
        if name == f"lines.{line.name}.fte" or (levels.steps and collection and name.startswith(f"{collection}."))
    ]
    if varied:
        raise InputError.one(
            varied[0],
            f"expected the same value in every draw for line {line.name!r}: its posts are priced from the "
            f"build-up of grade {grade!r}, rebuilt each year; give grades.{grade}.unit_cost to vary its price",
            code="not_vectorised",
        )
    factors = [Decimal(1), *(index.factor_at(on) for on in levels.steps)]
    made: dict[tuple[int, int], _Array] = {}

    def by_year(k: int, j: int, needed: _Array) -> _Array:
        if (k, j) not in made:
            rebuild = own[k].rebuild
            amounts = [
                int(rebuild(year, factors[j]).rate.amount * 100) if rebuild is not None and want else 0
                for year, want in zip(years, needed.tolist(), strict=True)
            ]
            made[k, j] = np.asarray(amounts, dtype=np.int64)
        return made[k, j]

    return by_year


def _check_line(line: Line, rates: _LineRates, n: int) -> None:
    """What the model refuses of one draw and the arithmetic would pass over: stated posts' cost with no posts,
    and more FTE than the people who hold the posts."""
    headcount = getattr(line, "headcount", None)
    if headcount is not None and not getattr(line, "schedule", ()) and rates.fte:
        fte = np.abs(np.atleast_1d(next(iter(rates.fte[0].values()))))
        over = fte > int(headcount * FTE_UNIT)
        if np.any(over):
            raise InputError.one(
                f"lines.{line.name}.fte",
                f"expected an FTE of at most the headcount {headcount} (no one works more than full time), "
                f"found {Decimal(int(fte[np.argmax(over)])).scaleb(-4)} in draw {int(np.argmax(over))}",
            )
    if isinstance(line, PostsCreated) and line.cost is not None and line.priced_in is None and not line.schedule:
        none = np.atleast_1d(rates.fte[0][line.grade]) == 0
        if np.any(none):
            raise InputError.one(
                f"lines.{line.name}.fte",
                f"expected fte above zero when the posts have a stated cost, found 0 in draw {int(np.argmax(none))}",
            )


def _placements(
    proposal: Proposal,
    line: Line,
    base_terms: tuple[Term, ...],
    shifts: _Fixed | None,
    years: Sequence[FinancialYear],
    denominators: _Array,
    levels: _Levels,
    n: int,
    figure: Figure | None = None,
) -> tuple[list[_Placed], _Array | None]:
    """The line placed for each shift that occurs, and which of them each draw takes (None: one for all).

    Each shift is applied as the exact engine takes it (``Proposal.with_changes``) and placed by its
    terms, so a shift the model refuses (a start after the line's end) is the model's input error.
    """
    dens = [int(d) for d in denominators]
    if shifts is None or (shifts.values.ndim == 0 and int(shifts.values) == 0):
        return [_placed(proposal, line, None, base_terms, years, dens, levels, figure)], None
    present, which = _shift_groups(np.broadcast_to(shifts.values, (n,)))
    placed = [_placed(proposal, line, months, base_terms, years, dens, levels, figure) for months in present.tolist()]
    return placed, which


def _shift_groups(values: _Array) -> tuple[_Array, _Array]:
    """The shifts that occur, least first, and which of them each draw takes (its place among them)."""
    low, high = int(values.min()), int(values.max())
    if high - low > 4096:  # pragma: no cover - shifts over three centuries
        present, which = np.unique(values, return_inverse=True)
        return present, which
    offsets = values - low if low else values  # a table by offset: no sort of a million shifts
    present = np.flatnonzero(np.bincount(offsets)) + low
    if len(present) == high - low + 1:
        return present, offsets  # every shift between the least and the most occurs: the offset is the placement
    lookup = np.zeros(high - low + 1, dtype=np.int64)
    lookup[present - low] = np.arange(len(present))
    return present, lookup.take(offsets)


#: A line placed in the years, by (proposal, line, shift, figure, award dates): a Monte Carlo run calls
#: evaluate_many once a chunk with the same few shifts, and placing one by the exact engine's pieces is about
#: a fifth of a millisecond (a shift: a few a line; the worked case, 41 a call).
_PLACED: dict[tuple[int, str, int | None, Figure | None, tuple[date, ...]], tuple[Proposal, _Placed]] = {}


def _placed(
    proposal: Proposal,
    line: Line,
    months: int | None,
    base_terms: tuple[Term, ...],
    years: Sequence[FinancialYear],
    denominators: Sequence[int],
    levels: _Levels,
    figure: Figure | None,
) -> _Placed:
    """The line placed with its start moved ``months`` (None: as the proposal has it), made once per proposal.

    What a placement depends on: the proposal (frozen, so the same object places alike), the line, the shift,
    the figure it is counted as, and the dates of its price steps (the years and their denominators are the
    proposal's; the awards' rates, which may vary by draw, are not read here).
    """
    key = (id(proposal), line.name, months, figure, levels.steps)
    known = _PLACED.get(key)
    if known is None or known[0] is not proposal:
        if months is None:
            own = tuple(t for t in base_terms if t.line == line.name)
        else:
            own = _moved_terms(proposal, line, months)
        if len(_PLACED) >= 1024:
            _PLACED.clear()
        known = _PLACED[key] = (proposal, _place(own, years, denominators, proposal, levels, figure))
    return known[1]


#: The terms of a line moved by a shift, by (proposal, line, shift): a Monte Carlo run calls evaluate_many once a
#: chunk with the same few shifts, and each move is a validation of the whole proposal (about 5 ms).
_MOVED: dict[tuple[int, str, int], tuple[Proposal, tuple[Term, ...]]] = {}


def _moved_terms(proposal: Proposal, line: Line, months: int) -> tuple[Term, ...]:
    """The line's terms with its start moved ``months`` (``Proposal.with_changes``), made once per proposal."""
    key = (id(proposal), line.name, months)
    known = _MOVED.get(key)
    if known is None or known[0] is not proposal:  # proposals are frozen: the same object has the same terms
        moved = proposal.with_changes(lines={line.name: _line_start_change(proposal, line, months)})
        if len(_MOVED) >= 256:
            _MOVED.clear()
        known = _MOVED[key] = (proposal, _line_terms(moved, line))
    return known[1]


class _Sum:
    """A sum of amounts by (year, draw), kept as rows until read: no (year, draw) array per line.

    A line placed alike in every draw adds a row by draw (its rate) times a table of the years (how many
    times the rate counts in each): rows with the same table are summed as rows, and spread over the years
    once, when read. A line placed by draw (its start shifted) adds a row by draw for each year it changes.
    Rows are one value wide (the same in every draw) or a value per draw, each held with its sign (a cost in
    a net figure is taken away when read, not negated first); they are never written in place (a row may be
    another sum's, or a caller's input array), so adding is always to a new row.
    """

    def __init__(self, years: int) -> None:
        self.years = years
        #: A table of years (how many times the row counts in each) -> a row by draw, and its sign.
        self.by_table: dict[tuple[int, ...], tuple[_Array, int]] = {}
        #: A year -> a row by draw, and its sign.
        self.by_year: dict[int, tuple[_Array, int]] = {}

    @staticmethod
    def _into(found: dict[Any, tuple[_Array, int]], key: Any, row: _Array, sign: int) -> None:
        old = found.get(key)
        if old is None:
            found[key] = (row, sign)
        else:
            held, held_sign = old
            found[key] = (held + row if sign == held_sign else held - row, held_sign)

    def add_table(self, table: Sequence[int] | _Array, row: _Array, sign: int = 1) -> None:
        key = tuple(int(v) for v in table)
        if any(key):
            self._into(self.by_table, key, np.atleast_1d(row), sign)

    def add_year(self, year: int, row: _Array, sign: int = 1) -> None:
        self._into(self.by_year, year, np.atleast_1d(row), sign)

    def add(self, other: _Sum, sign: int = 1) -> None:
        for key, (row, held) in other.by_table.items():
            self._into(self.by_table, key, row, held * sign)
        for year, (row, held) in other.by_year.items():
            self._into(self.by_year, year, row, held * sign)

    def masked(self, keep: _Array) -> _Sum:
        """The sum in the draws ``keep`` marks, nothing in the others (each draw's figures are its own)."""
        kept = _Sum(self.years)
        kept.by_table = {key: (np.where(keep, row, 0), sign) for key, (row, sign) in self.by_table.items()}
        kept.by_year = {year: (np.where(keep, row, 0), sign) for year, (row, sign) in self.by_year.items()}
        return kept

    def spread(self, share: _Array, table: _Array, which: _Array | None) -> None:
        """Add a rate times a table of years with a row per placement (as (year, draw): each draw's placement).

        ``share`` is a row by draw, ``(1, draws)``, or a rate by year the same in every draw, ``(years, 1)``.
        Years that every placement counts alike are one table; only the others are gathered draw by draw.
        """
        alike = np.all(table == table[0], axis=0)  # one placement (which is None): every year alike
        if share.shape[0] == 1:
            self.add_table(np.where(alike, table[0], 0), share[0])
        else:
            for year in np.flatnonzero(alike & (table[0] != 0)).tolist():
                self.add_year(year, share[year] * table[0, year])
        for year in np.flatnonzero(~alike).tolist():
            if which is None:  # pragma: no cover - a table of one placement is alike in every year
                raise ValueError("placements differ with no draw to take them")
            counted = table[:, year].take(which)
            self.add_year(year, (share[0] if share.shape[0] == 1 else share[year]) * counted)

    def _rows(self) -> tuple[_Array, ...]:
        return (*(row for row, _ in self.by_table.values()), *(row for row, _ in self.by_year.values()))

    def row(self, year: int, out: _Array | None = None) -> _Array:
        """One year's amounts by draw (one wide when the same in every draw), written to ``out`` if given."""
        if out is None:
            width = max((r.shape[0] for r in self._rows()), default=1)
            out = np.empty(width, dtype=np.result_type(np.int64, *self._rows()))
        parts = [(row, sign * key[year]) for key, (row, sign) in self.by_table.items() if key[year]]
        if year in self.by_year:
            parts.append(self.by_year[year])
        parts.sort(key=lambda part: part[1] < 0)  # a row added first: a cost is then taken from it in place
        if not parts:
            out[...] = 0
        for i, (part, times) in enumerate(parts):
            if i == 0:
                if times == 1:
                    np.copyto(out, part)
                elif times == -1:
                    np.negative(part, out=out)
                else:
                    np.multiply(part, times, out=out)
            elif times == 1:
                np.add(out, part, out=out)
            elif times == -1:
                np.subtract(out, part, out=out)
            else:
                np.add(out, part * times, out=out)
        return out

    def array(self, first: int = 1) -> _Array:
        """The years from ``first`` as (year, draw): one column when the same in every draw; each row written once.

        A sum the same in every year from ``first`` (posts in force from the horizon's start, a cost all year) is
        one row, read as every year's (a read-only view): written once, not once a year.
        """
        width = max((r.shape[0] for r in self._rows()), default=1)
        shape = (self.years - first, width)
        if not any(year >= first for year in self.by_year) and all(len(set(key[first:])) <= 1 for key in self.by_table):
            return np.broadcast_to(self.row(first), shape)
        out = np.empty(shape, dtype=np.result_type(np.int64, *self._rows()))
        for t in range(first, self.years):
            self.row(t, out[t - first])
        return out

    def detach(self, arrays: Sequence[_Array]) -> None:
        """Copy the rows that are (or share memory with) any of ``arrays``, the caller's: the sums are then the
        draws' own, and a figure made later is not changed by what the caller writes to its arrays meanwhile."""

        def own(row: _Array) -> _Array:
            return row.copy() if any(np.may_share_memory(row, array) for array in arrays) else row

        self.by_table = {key: (own(row), sign) for key, (row, sign) in self.by_table.items()}
        self.by_year = {year: (own(row), sign) for year, (row, sign) in self.by_year.items()}


def _line_amounts(
    rates: _LineRates,
    placed: list[_Placed],
    which: _Array | None,
    levels: _Levels,
    denominators: _Array,
    by_year: Callable[[int, int, _Array], _Array] | None = None,
) -> tuple[_Sum, _Sum]:
    """A line's amount in each year (its exact sum rounded once, half-up) and its full-year effect, by draw.

    Years in which every share is whole (the line runs all year, or not at all, in every draw) need no
    rounding: their amounts are sums of whole rates, and only the other years are divided and rounded.
    ``by_year`` gives a rebuilt line's tranche rates, year by year (the same in every draw), for a price level.
    """
    cumulative: list[_Fixed] = []
    places = max((r.places for r in rates.rates), default=0)
    running: _Array | None = None
    for rate in rates.rates:
        # The first tranche is its own running total (not copied: a million draws are 8 MB).
        running = rate.at(places) if running is None else _add(running, rate.at(places))
        cumulative.append(_Fixed(running, places))
    pairs = sorted({pair for p in placed for pair in (*p.shares, *p.full_year)})
    factors: dict[int, _Factor | None] = {}
    upto: dict[tuple[int, int], _Array] = {}
    for k, j in pairs if by_year is None else ():
        for kk in (k - 1, k):
            if kk >= 0 and (kk, j) not in upto:
                if j not in factors:
                    factors[j] = levels.factor(j) if j else None
                upto[kk, j] = _uprated(cumulative[kk], factors[j])
    width = len(denominators)
    tables = {
        pair: np.asarray([p.shares.get(pair, [0] * width) for p in placed], dtype=np.int64)
        for pair in pairs
        if any(pair in p.shares for p in placed)
    }
    whole = np.all([np.all(t % denominators == 0, axis=0) for t in tables.values()] or [[True] * width], axis=0)
    part = np.flatnonzero(~whole).tolist()
    amount, full_year = _Sum(width), _Sum(width)
    numerators = _Sum(width)  # the exact sums of the years to round, over the year's denominator
    for k, j in pairs:
        # The tranche's share of the line's uprated rate: all tranches to it, less those before (LineRates).
        if by_year is None:
            share = np.asarray(upto[k, j] - upto[k - 1, j] if k else upto[k, j], dtype=np.int64)[None, :]
        else:
            # (year, 1): rebuilt for each year the tranche counts in (the build-up of no other year is asked for)
            used = [p.shares.get((k, j), [0] * width) for p in placed]
            used += [p.full_year.get((k, j), [0] * width) for p in placed]
            share = np.asarray(by_year(k, j, np.any(np.asarray(used) != 0, axis=0)), dtype=np.int64)[:, None]
        table = tables.get((k, j))
        if table is not None:
            amount.spread(share, np.where(whole, table // denominators, 0), which)
            if part:
                numerators.spread(share, np.where(whole, 0, table), which)
        if any((k, j) in p.full_year for p in placed):
            in_force = np.asarray([p.full_year.get((k, j), [0] * width) for p in placed], dtype=np.int64)
            full_year.spread(share, in_force, which)
    for year in part:
        amount.add_year(year, _round_half_up(numerators.row(year), int(denominators[year])))
    return amount, full_year


def _running_total(by_year: _Array) -> _Array:
    """Each year's running total from the first year, row by row (numpy's cumsum down rows is far slower)."""
    running = np.empty(by_year.shape, dtype=by_year.dtype)  # rows contiguous, whatever the strides of by_year
    running[0] = by_year[0]
    for year in range(1, len(by_year)):
        np.add(running[year - 1], by_year[year], out=running[year])
    return running


class _Made(Mapping[str, _Array]):
    """Figures made when first read, and kept: a figure no caller reads (an FTE figure in a Monte Carlo run of
    money figures) is never written, and each is written once however often it is read."""

    def __init__(self, makers: Mapping[str, Callable[[], _Array]]) -> None:
        self._makers = makers
        self._made: dict[str, _Array] = {}
        # Figures may be read from two threads (a Monte Carlo run working chunks side by side): each is made once,
        # under the lock, and the makers' own caches (the net saving, shared by five figures) are filled under it.
        self._lock = threading.RLock()

    def __getitem__(self, name: str) -> _Array:
        made = self._made.get(name)
        if made is None:
            with self._lock:
                made = self._made.get(name)
                if made is None:
                    made = self._made[name] = self._makers[name]()
        return made

    def __contains__(self, name: object) -> bool:
        return name in self._makers  # without making it

    def __iter__(self) -> Iterator[str]:
        return iter(self._makers)

    def __len__(self) -> int:
        return len(self._makers)


def _figures(
    years: tuple[FinancialYear, ...],
    n: int,
    totals: Mapping[Figure, _Sum],
    full_year: _Sum,
    fte_by_grade: Mapping[str, _Sum],
    released: _Sum,
    created: _Sum,
) -> ManyFigures:
    """The year figures from the lines' sums, given (draw, year), each made when first read; the opening year
    (the first of ``years``) is read only where a figure moves from it, and each figure is written once."""
    shape = (len(years) - 1, n)

    @cache
    def line_figure(figure: Figure) -> _Array:
        return totals[figure].array()

    @cache
    def net_sum() -> _Sum:
        # The lines' rows summed as rows: the net saving written once, not the gross and costs first.
        total = _Sum(len(years))
        total.add(totals[Figure.GROSS_SAVING])
        total.add(totals[Figure.INCOME])
        total.add(totals[Figure.ADDITIONAL_COSTS], -1)
        return total

    @cache
    def net() -> _Array:
        return net_sum().array()

    @cache
    def opening() -> _Array:
        return net_sum().row(0)

    def incremental() -> _Array:
        year_end = net()
        change = np.empty(np.broadcast_shapes(year_end.shape, (1, opening().shape[0])), dtype=year_end.dtype)
        np.subtract(year_end[:1], opening(), out=change[:1])
        np.subtract(year_end[1:], year_end[:-1], out=change[1:])
        return change

    @cache
    def after() -> _Array:
        return _sum_of(net(), (line_figure(Figure.ONE_OFF_COSTS), -1), (line_figure(Figure.ONE_OFF_INCOME), 1))

    @cache
    def by_grade(grade: str) -> _Array:
        return fte_by_grade[grade].array()

    def fte_change() -> _Array:
        """The grades' changes added up, from the first grade's (read as its own figure too): one array written."""
        grades = [by_grade(g) for g in fte_by_grade]
        if not grades:
            return np.zeros((shape[0], 1), np.int64)
        return _sum_of(grades[0], *((g, 1) for g in grades[1:]))

    money: dict[str, Callable[[], _Array]] = {
        "gross_saving": lambda: line_figure(Figure.GROSS_SAVING),
        "additional_costs": lambda: line_figure(Figure.ADDITIONAL_COSTS),
        "one_off_costs": lambda: line_figure(Figure.ONE_OFF_COSTS),
        "one_off_income": lambda: line_figure(Figure.ONE_OFF_INCOME),
        "income": lambda: line_figure(Figure.INCOME),
        "net_saving": net,
        "net_saving_incremental": incremental,
        "net_saving_cumulative": lambda: net() - opening(),
        "net_after_one_off_costs": after,
        "net_position_to_date": lambda: _running_total(after()),
        "full_year_effect": full_year.array,
    }
    fte: dict[str, Callable[[], _Array]] = {
        "fte_change": fte_change,
        "fte_released": released.array,
        "fte_created": created.array,
    }
    for grade in fte_by_grade:  # in the order the lines first move them, as the exact engine's fte_change
        fte[f"fte_change:{grade}"] = partial(by_grade, grade)

    def as_read(make: Callable[[], _Array]) -> Callable[[], _Array]:
        """(year, draw) to a read-only (draw, year) view; a figure the same in every draw is held once."""
        return lambda: np.broadcast_to(make().astype(np.int64, copy=False), shape).T

    return ManyFigures(
        tuple(years[1:]),
        n,
        # In the order of the exact engine's columns; a column this evaluator lacks is a KeyError (a test runs it).
        _Made({name: as_read(money[name]) for name in MONEY_FIGURES}),
        _Made({name: as_read(make) for name, make in fte.items()}),
    )


def _sum_of(first: _Array, *others: tuple[_Array, int]) -> _Array:
    """``first`` plus (or less) each other (year, draw) array; ``first`` itself when the others are all nought."""
    total = first
    for other, sign in others:
        if other.shape[1] == 1 and not np.any(other):
            continue  # nothing in any draw: no array written
        if total is first or other.shape[1] > total.shape[1]:
            total = total + other if sign > 0 else total - other
        elif sign > 0:
            total += other
        else:
            total -= other
    return total
