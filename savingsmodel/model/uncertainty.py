"""Uncertain inputs: the distributions a scenario file declares for a Monte Carlo run, and how they move together.

An ``[[uncertain]]`` entry names one input by its field path (the names a variant
overrides: ``grades.Watch Manager.unit_cost``, ``lines.Resource Management
Team.amount``, ``lines.Watch Manager posts released.start``) and the distribution
its value is drawn from. Money is written as the file writes money (``"45k"``),
rates as rates (``"2%"``); a start date slips by whole months.

>>> u = Uncertain(input="grades.Watch Manager.unit_cost", distribution="pert", low="45k", mode="48k", high="54k")
>>> u.low, u.mode, u.high
(Decimal('45000'), Decimal('48000'), Decimal('54000'))
>>> Uncertain(input="x", distribution="triangular", low="50k", mode="48k", high="54k")
Traceback (most recent call last):
savingsmodel.core.errors.InputError: expected low <= mode <= high, found low 50000, mode 48000, high 54000

``[[correlations]]`` state a rank correlation between two inputs; the matrix they
make must be a correlation matrix (:func:`correlation_problems`). The arithmetic
(sampling, Iman-Conover) is the what-if layer's (:mod:`savingsmodel.whatif`):
here only what a user states, and its validation.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Final, Self

from pydantic import BeforeValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from savingsmodel.core.errors import Problem, did_you_mean
from savingsmodel.core.fields import In, MoneyIn, Number, NumberIn, Stated, Value, YearIn
from savingsmodel.core.money import Money
from savingsmodel.core.years import FinancialYear
from savingsmodel.model.claims import Basis, Figure
from savingsmodel.model.inputs import InputKind, entries, input_kinds

__all__ = [
    "Correlation",
    "Distribution",
    "InputKind",
    "Target",
    "Uncertain",
    "correlation_problems",
    "input_kinds",
    "uncertain_problems",
]


class Distribution(StrEnum):
    """The distributions an uncertain input may be drawn from.

    ``uniform`` (low, high); ``triangular`` and ``pert`` (low, mode, high: PERT is the
    beta distribution of project estimates, weighted towards the mode); ``truncated_normal``
    (mean, sd, and optionally low and high, where it is cut off); ``lognormal`` (mean and
    sd of the value itself, not of its logarithm); ``discrete`` (values, and optional
    weights); ``slippage`` (of a start date, in whole months: low, high and optionally
    the mode, the most likely slip).
    """

    UNIFORM = "uniform"
    TRIANGULAR = "triangular"
    PERT = "pert"
    TRUNCATED_NORMAL = "truncated_normal"
    LOGNORMAL = "lognormal"
    DISCRETE = "discrete"
    SLIPPAGE = "slippage"


def _quantity(value: object) -> object:
    """A parameter as the input is written: money text (``"45k"``), a rate (``"2%"``) or a number."""
    if isinstance(value, str) and value.strip().endswith("%"):
        text = value.strip().removesuffix("%")
        try:
            return Decimal(text).scaleb(-2) if text.strip() else value
        except ArithmeticError:
            return value  # reported by the stated figure's own check, in its words
    return value


#: A distribution's parameter: money text, a rate written as a percentage, or a number.
Quantity = Annotated[Stated, BeforeValidator(_quantity)]
QuantityIn = MoneyIn

#: Which parameters each distribution takes (required, then optional).
_PARAMETERS: Final[Mapping[Distribution, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    Distribution.UNIFORM: (("low", "high"), ()),
    Distribution.TRIANGULAR: (("low", "mode", "high"), ()),
    Distribution.PERT: (("low", "mode", "high"), ()),
    Distribution.TRUNCATED_NORMAL: (("mean", "sd"), ("low", "high")),
    Distribution.LOGNORMAL: (("mean", "sd"), ()),
    Distribution.DISCRETE: (("values",), ("weights",)),
    Distribution.SLIPPAGE: (("low", "high"), ("mode",)),
}
_ALL_PARAMETERS: Final = ("low", "mode", "high", "mean", "sd", "values", "weights")


def _error(message: str) -> PydanticCustomError:
    # The message is built here; braces in it (none expected) would be read as placeholders.
    return PydanticCustomError("distribution", message.replace("{", "(").replace("}", ")"))


def _text(value: Decimal) -> str:
    return f"{value.normalize():f}"


class Uncertain(Value):
    """One input drawn from a distribution in a Monte Carlo run (see :class:`Distribution`)."""

    input: str = Field(min_length=1, description="the input's field path, e.g. 'grades.Watch Manager.unit_cost'")
    distribution: In[Distribution, Distribution | str]
    low: In[Quantity | None, QuantityIn | None] = Field(default=None)
    mode: In[Quantity | None, QuantityIn | None] = Field(default=None)
    high: In[Quantity | None, QuantityIn | None] = Field(default=None)
    mean: In[Quantity | None, QuantityIn | None] = Field(default=None)
    sd: In[Quantity | None, QuantityIn | None] = Field(default=None, description="standard deviation")
    values: In[tuple[Quantity, ...], Sequence[QuantityIn]] = Field(default=(), description="discrete: the values")
    weights: In[tuple[Quantity, ...], Sequence[QuantityIn]] = Field(
        default=(), description="discrete: relative weights of the values; default equal"
    )
    source: str = ""
    note: str = ""

    @model_validator(mode="after")
    def _parameters_fit(self) -> Self:
        required, optional = _PARAMETERS[self.distribution]
        name = self.distribution.value
        for parameter in _ALL_PARAMETERS:
            given = getattr(self, parameter) not in (None, ())
            if parameter in required and not given:
                raise _error(f"expected {parameter} for a {name} distribution, found none")
            if given and parameter not in required + optional:
                takes = ", ".join(required + optional)
                raise _error(f"expected no {parameter} for a {name} distribution (it takes {takes}), found one")
        self._check_order()
        return self

    def _check_order(self) -> None:
        low, mode, high = self.low, self.mode, self.high
        ordered = self.distribution in (Distribution.TRIANGULAR, Distribution.PERT, Distribution.SLIPPAGE)
        if ordered and low is not None and mode is not None and high is not None and not low <= mode <= high:
            raise _error(
                f"expected low <= mode <= high, found low {_text(low)}, mode {_text(mode)}, high {_text(high)}"
            )
        if low is not None and high is not None and not low < high:
            raise _error(f"expected low below high, found low {_text(low)}, high {_text(high)}")
        if self.distribution is Distribution.SLIPPAGE:
            for parameter, value in (("low", low), ("mode", mode), ("high", high)):
                if value is not None and value != value.to_integral_value():
                    raise _error(f"expected {parameter} in whole months, found {_text(value)}")
        if self.sd is not None and self.sd <= 0:
            raise _error(f"expected sd above zero, found {_text(self.sd)}")
        if self.distribution is Distribution.LOGNORMAL and self.mean is not None and self.mean <= 0:
            raise _error(f"expected a mean above zero for a lognormal distribution, found {_text(self.mean)}")
        # A normal cut off far out in a tail leaves almost no probability: a slip of sign or scale, not a belief.
        mean, sd = self.mean or Decimal(0), self.sd or Decimal(1)
        if self.distribution is Distribution.TRUNCATED_NORMAL and (
            (low is not None and low > mean + 6 * sd) or (high is not None and high < mean - 6 * sd)
        ):
            raise _error("expected low and high to leave some of the distribution (within 6 sd of the mean)")
        if self.distribution is Distribution.DISCRETE:
            if self.weights and len(self.weights) != len(self.values):
                raise _error(f"expected one weight per value ({len(self.values)}), found {len(self.weights)} weights")
            if any(w < 0 for w in self.weights) or (self.weights and sum(self.weights) <= 0):
                raise _error("expected weights of zero or more, adding up to more than zero")

    @property
    def support(self) -> tuple[Decimal | None, Decimal | None]:
        """The least and greatest value a draw can take (None: unbounded on that side).

        >>> Uncertain(input="x", distribution="discrete", values=[3, 1, 2]).support
        (Decimal('1'), Decimal('3'))
        >>> Uncertain(input="x", distribution="lognormal", mean=10, sd=2).support
        (Decimal('0'), None)
        """
        if self.distribution is Distribution.DISCRETE:
            return min(self.values), max(self.values)
        if self.distribution is Distribution.LOGNORMAL:
            return Decimal(0), None
        return self.low, self.high

    def describe(self) -> str:
        """The distribution in a few words, as outputs list the assumptions.

        >>> Uncertain(input="x", distribution="pert", low="45k", mode="48k", high="54k").describe()
        'PERT (low 45000, mode 48000, high 54000)'
        """
        label = {"pert": "PERT", "truncated_normal": "truncated normal"}.get(self.distribution.value)
        parts = [
            f"{p} {_text(v)}"
            for p in ("low", "mode", "high", "mean", "sd")
            if (v := getattr(self, p)) is not None and p not in ("low", "high")
        ]
        bounds = [f"{p} {_text(v)}" for p in ("low", "high") if (v := getattr(self, p)) is not None]
        if self.distribution in (Distribution.TRIANGULAR, Distribution.PERT, Distribution.SLIPPAGE):
            parts = [f"{p} {_text(v)}" for p in ("low", "mode", "high") if (v := getattr(self, p)) is not None]
            bounds = []
        if self.distribution is Distribution.DISCRETE:
            parts = ["values " + ", ".join(_text(v) for v in self.values)]
            if self.weights:
                parts.append("weights " + ", ".join(_text(w) for w in self.weights))
        unit = " months" if self.distribution is Distribution.SLIPPAGE else ""
        return f"{label or self.distribution.value} ({', '.join(parts + bounds)}){unit}"


class Correlation(Value):
    """A rank (Spearman) correlation between two uncertain inputs, from -1 to 1.

    >>> Correlation(inputs=["lines.a.amount", "lines.b.amount"], rank="0.5").rank
    Decimal('0.5')
    """

    inputs: tuple[str, str] = Field(description="the two inputs' field paths")
    rank: In[Number, NumberIn] = Field(description="the rank correlation, from -1 to 1")
    source: str = ""
    note: str = ""

    @model_validator(mode="after")
    def _in_range(self) -> Self:
        if not -1 <= self.rank <= 1:
            raise _error(f"expected a rank correlation from -1 to 1, found {_text(self.rank)}")
        if self.inputs[0] == self.inputs[1]:
            raise _error(f"expected two different inputs, found {self.inputs[0]!r} twice")
        return self


class Target(Value):
    """A figure the proposal must reach (``at_least``) or keep under (``at_most``): an MTFP target.

    A Monte Carlo run reports the probability that it is met.

    >>> Target(figure="net_saving", basis="incremental", year="2016/17", at_least="360k").at_least
    Money('360000')
    """

    figure: In[Figure, Figure | str]
    basis: In[Basis, Basis | str] = Field(default=Basis.ANNUAL)
    year: In[FinancialYear | None, YearIn | None] = Field(default=None)
    at_least: In[Money | None, MoneyIn | None] = Field(default=None)
    at_most: In[Money | None, MoneyIn | None] = Field(default=None)
    words: str = ""
    source: str = ""

    @model_validator(mode="after")
    def _one_bound(self) -> Self:
        if not self.figure.is_money:
            raise _error(f"expected a money figure for a target, found {self.figure.value}")
        if (self.at_least is None) == (self.at_most is None):
            raise _error(
                "expected either at_least or at_most, found " + ("both" if self.at_least is not None else "neither")
            )
        if (self.basis is Basis.TOTAL) != (self.year is None):
            raise _error(
                "expected no year with basis 'total', found one"
                if self.year is not None
                else f"expected a year for basis '{self.basis.value}', found none"
            )
        return self

    def describe(self) -> str:
        """The target in a few words.

        >>> Target(figure="net_saving", basis="incremental", year="2016/17", at_least="360k").describe()
        'net_saving incremental 2016/17 at least £360,000'
        """
        basis = "" if self.basis in (Basis.ANNUAL, Basis.TOTAL) else f" {self.basis.value}"
        when = "over the period" if self.year is None else str(self.year)
        bound = f"at least {self.at_least}" if self.at_least is not None else f"at most {self.at_most}"
        return f"{self.figure.value}{basis} {when} {bound}"


#: What a draw of each kind of input may be, as (least, greatest, whole numbers only).
_BOUNDS: Final[Mapping[InputKind, tuple[Decimal | None, Decimal | None, str]]] = {
    InputKind.MONEY: (Decimal(0), None, "an amount cannot be negative"),
    InputKind.FTE: (Decimal(0), None, "an FTE cannot be negative"),
    InputKind.MONTHS: (None, None, ""),
    InputKind.RATE: (Decimal(-1), Decimal(1), "a rate is above -100% and at most 100%"),
}


def uncertain_problems(data: Mapping[str, Any]) -> Iterator[Problem]:
    """Uncertain entries that name no input, name one twice, or draw values the input cannot take; and bad
    correlations (see :func:`correlation_problems`).

    >>> data = {"grades": [{"name": "WM", "unit_cost": 48000}],
    ...         "uncertain": [{"input": "grades.WM.unitcost", "distribution": "uniform", "low": 1, "high": 2}]}
    >>> [str(p) for p in uncertain_problems(data)]
    ["uncertain[0].input: unknown input 'grades.WM.unitcost'; did you mean 'grades.WM.unit_cost'?"]
    """
    kinds = input_kinds(data)
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries(data, "uncertain")):
        name = entry.get("input")
        if not isinstance(name, str):
            continue  # reported by the field's own check
        kind = kinds.get(name)
        if kind is None:
            hint = did_you_mean(name, list(kinds)) if kinds else "; the proposal has no inputs"
            yield Problem(f"uncertain[{index}].input", f"unknown input {name!r}{hint}", code="unknown_input", name=name)
            continue
        if name in seen:
            yield Problem(
                f"uncertain[{index}].input",
                f"expected each input once, found {name!r} again (first at uncertain[{seen[name]}])",
                code="duplicate_name",
                name=name,
            )
        seen.setdefault(name, index)
        yield from _fits_kind(f"uncertain[{index}]", entry, kind)
    yield from correlation_problems(data, seen)


def _fits_kind(at: str, entry: Mapping[str, Any], kind: InputKind) -> Iterator[Problem]:
    """A distribution whose draws the input can take: whole months for a start, no negative amount or FTE."""
    distribution = entry.get("distribution")
    if kind is InputKind.MONTHS:
        if distribution not in (Distribution.SLIPPAGE, Distribution.DISCRETE):
            yield Problem(
                f"{at}.distribution",
                f"expected 'slippage' or 'discrete' (whole months) for a start date, found {str(distribution)!r}",
                code="distribution",
            )
        else:
            for index, value in enumerate(entry.get("values") or ()):
                if isinstance(value, Decimal) and value != value.to_integral_value():
                    yield Problem(
                        f"{at}.values[{index}]",
                        f"expected a whole number of months, found {_text(value)}",
                        code="distribution",
                    )
        return
    if distribution == Distribution.SLIPPAGE:
        yield Problem(
            f"{at}.distribution", "expected slippage only for a start date (lines.NAME.start)", code="distribution"
        )
        return
    least, greatest, why = _BOUNDS[kind]
    try:
        low, high = Uncertain.model_validate(entry).support if not isinstance(entry, Uncertain) else entry.support
    except Exception:
        return
    if least is not None and (low is None or low < least):
        found = "no lower bound" if low is None else _text(low)
        fix = " (cut a truncated normal off with low)" if low is None else ""
        yield Problem(at, f"expected draws of {_text(least)} or more ({why}){fix}, found {found}", code="distribution")
    if greatest is not None and (high is None or high > greatest):
        found = "no upper bound" if high is None else _text(high)
        yield Problem(at, f"expected draws of at most {_text(greatest)} ({why}), found {found}", code="distribution")


def correlation_problems(data: Mapping[str, Any], uncertain: Mapping[str, int] | None = None) -> Iterator[Problem]:
    """Correlations between inputs not declared uncertain, pairs stated twice, and a matrix that is no correlation
    matrix (not positive semi-definite: the stated correlations cannot all hold at once).

    >>> data = {"correlations": [{"inputs": ["a", "b"], "rank": 0.9}, {"inputs": ["b", "c"], "rank": 0.9},
    ...                          {"inputs": ["a", "c"], "rank": -0.9}]}
    >>> [str(p) for p in correlation_problems(data, {"a": 0, "b": 1, "c": 2})]  # doctest: +ELLIPSIS
    ['correlations: expected correlations that can hold together (a positive semi-definite matrix), found ...']
    """
    declared = dict(uncertain or {})
    pairs: dict[frozenset[str], int] = {}
    matrix: dict[tuple[str, str], float] = {}
    for index, entry in enumerate(entries(data, "correlations")):
        inputs, rank = entry.get("inputs"), entry.get("rank")
        if not isinstance(inputs, (list, tuple)) or len(inputs) != 2 or not isinstance(rank, (Decimal, int, float)):
            continue  # reported by the fields' own checks
        if not -1 <= rank <= 1:
            continue  # reported by the correlation's own check
        bad = False
        for position, name in enumerate(inputs):
            if name not in declared:
                hint = did_you_mean(str(name), list(declared)) if declared else "; no input is declared uncertain"
                yield Problem(
                    f"correlations[{index}].inputs[{position}]",
                    f"expected an input declared in [[uncertain]], found {name!r}{hint}",
                    code="unknown_input",
                    name=str(name),
                )
                bad = True
        pair = frozenset(str(n) for n in inputs)
        if pair in pairs:
            yield Problem(
                f"correlations[{index}]",
                f"expected each pair once, found {inputs[0]!r} and {inputs[1]!r} again "
                f"(first at correlations[{pairs[pair]}])",
                code="duplicate_name",
            )
            bad = True
        pairs.setdefault(pair, index)
        if not bad:
            a, b = str(inputs[0]), str(inputs[1])
            matrix[a, b] = matrix[b, a] = float(rank)
    if matrix:
        names = sorted({a for a, _ in matrix}, key=lambda n: declared.get(n, 0))
        smallest = smallest_eigenvalue([[1.0 if a == b else matrix.get((a, b), 0.0) for b in names] for a in names])
        if smallest < -1e-9:
            yield Problem(
                "correlations",
                "expected correlations that can hold together (a positive semi-definite matrix), found a matrix "
                f"whose smallest eigenvalue is {smallest:.3f}; weaken the strongest correlations",
                code="correlation_matrix",
            )


def smallest_eigenvalue(matrix: Sequence[Sequence[float]]) -> float:
    """The smallest eigenvalue of a small symmetric matrix (Jacobi rotations; no numpy at this layer).

    >>> round(smallest_eigenvalue([[1.0, 0.5], [0.5, 1.0]]), 12)
    0.5
    """
    a = [list(row) for row in matrix]
    n = len(a)
    for _ in range(100):
        off = sum(a[i][j] ** 2 for i in range(n) for j in range(n) if i != j)
        if off < 1e-22:
            break
        for p in range(n - 1):
            for q in range(p + 1, n):
                if abs(a[p][q]) < 1e-300:
                    continue
                theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
                t = math.copysign(1.0, theta) / (abs(theta) + math.sqrt(theta * theta + 1))
                c = 1 / math.sqrt(t * t + 1)
                s = t * c
                for k in range(n):
                    akp, akq = a[k][p], a[k][q]
                    a[k][p], a[k][q] = c * akp - s * akq, s * akp + c * akq
                for k in range(n):
                    apk, aqk = a[p][k], a[q][k]
                    a[p][k], a[q][k] = c * apk - s * aqk, s * apk + c * aqk
    return min(a[i][i] for i in range(n))
