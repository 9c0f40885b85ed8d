"""Capital spend: kept off the revenue figures, with the revenue cost of borrowing for it worked year by year.

Capital spend is not revenue spend: it never enters the gross saving, the costs, the net saving, the
one-off costs or payback. When it is funded by borrowing, the revenue budget pays for it later, and that
**revenue consequence** is a recurring cost:

- the **minimum revenue provision** (MRP), the amount set aside from revenue each year to repay the
  borrowing. Worked here by the *asset life method* in equal instalments: the capital sum over the
  asset's life in years, from the financial year after the spend (the year after the asset comes into
  use, when the statutory guidance lets MRP start: DLUHC, *Capital finance: guidance on minimum revenue
  provision*, the asset life method; councils' MRP statements commonly say "equal annual instalments
  over the expected life of the asset");
- the **borrowing cost**: interest at the stated rate on the balance not yet provided for (the capital
  sum less the MRP of earlier years), each year from the same first year.

Each instalment is the capital sum over the life, to the penny, half-up; the last takes what is left, so
the instalments add up to the capital sum exactly. Each year's interest is rounded to the penny, half-up.

>>> rows = charges(Money(1000), FinancialYear(2016), 3, Decimal("0.05"))
>>> [(str(r.year), str(r.mrp), str(r.interest)) for r in rows]
[('2017/18', '£333.33', '£50'), ('2018/19', '£333.33', '£33.33'), ('2019/20', '£333.34', '£16.67')]
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from savingsmodel.core.fields import format_rate
from savingsmodel.core.money import Money, RoundingMode, Unit
from savingsmodel.core.years import FinancialYear
from savingsmodel.model.lines import CapitalFunding, CapitalSpend
from savingsmodel.model.proposal import Proposal

__all__ = ["CapitalRow", "Charge", "charges", "later", "mrp_instalments", "programme", "spent_in", "working"]


@dataclass(frozen=True, slots=True)
class Charge:
    """One year's revenue cost of borrowing: the MRP and the interest, and the balance they are worked on."""

    year: FinancialYear
    mrp: Money
    interest: Money
    #: The balance not yet provided for at the start of the year: what the interest is charged on.
    outstanding: Money

    @property
    def total(self) -> Money:
        return self.mrp + self.interest


def mrp_instalments(amount: Money, life: int) -> tuple[Money, ...]:
    """The minimum revenue provision by equal instalments over ``life`` years: each the sum over the life,
    to the penny, half-up, and the last what is left, so that they add up to the sum exactly.

    >>> [str(x) for x in mrp_instalments(Money(100), 3)]
    ['£33.33', '£33.33', '£33.34']
    """
    if life < 1:
        raise ValueError(f"expected an asset life of at least 1 year, found {life}")
    each = amount.scaled(Fraction(1, life), Unit.PENCE, RoundingMode.HALF_UP)
    return (*(each for _ in range(life - 1)), amount - each * (life - 1))


def charges(amount: Money, spent: FinancialYear, life: int | None, rate: Decimal | None) -> Iterator[Charge]:
    """The revenue cost of borrowing ``amount`` in ``spent``, year by year from the year after.

    With a life, the MRP repays it over that many years and interest (at ``rate``, if any) runs on the
    balance until it is repaid; with no life, nothing is repaid and the interest runs on the whole sum
    every year (one row, for the first year: the same every year after it).
    """
    if later(spent, 1) is None:
        return  # spent in the last financial year there is: nothing falls in any horizon
    first = spent.next()
    if life is None:
        interest = _interest(amount, rate)
        yield Charge(first, Money(0), interest, amount)
        return
    outstanding = amount
    for k, mrp in enumerate(mrp_instalments(amount, life)):
        year = later(first, k)
        if year is None:
            return  # past the last financial year there is, so past every horizon
        yield Charge(year, mrp, _interest(outstanding, rate), outstanding)
        outstanding -= mrp


def later(year: FinancialYear, years: int) -> FinancialYear | None:
    """The financial year ``years`` after ``year``; None past the last there is (2999/00), where no horizon runs.

    >>> later(FinancialYear(2016), 2), later(FinancialYear(2998), 2)
    (FinancialYear('2018/19'), None)
    """
    return year + years if year.start_year + years <= _LAST else None


_LAST = 2999  # the last financial year's start (FinancialYear's own bound)


def _interest(balance: Money, rate: Decimal | None) -> Money:
    if not rate:
        return Money(0)
    return balance.scaled(Fraction(rate), Unit.PENCE, RoundingMode.HALF_UP)


def working(charge: Charge, amount: Money, life: int | None, rate: Decimal | None) -> str:
    """A year's charge in words.

    >>> row = next(charges(Money(600000), FinancialYear(2016), 5, Decimal("0.04")))
    >>> working(row, Money(600000), 5, Decimal("0.04"))
    'MRP £120,000 (£600,000 / 5 years) + interest £24,000 (4% x £600,000 outstanding)'
    """
    parts = []
    if life is not None:
        parts.append(f"MRP {charge.mrp} ({amount} / {life} years)")
    if rate:
        parts.append(f"interest {charge.interest} ({format_rate(rate)} x {charge.outstanding} outstanding)")
    return " + ".join(parts)


def spent_in(proposal: Proposal, line: CapitalSpend) -> FinancialYear:
    """The financial year capital is spent in: its ``year``, or the year of its start (the proposal's start)."""
    return line.year or FinancialYear.containing(line.start or proposal.start_year.start)


@dataclass(frozen=True, slots=True)
class CapitalRow:
    """A capital line as the capital programme shows it, apart from the revenue figures.

    ``amount`` is this body's share when the line is shared with a partner (to the penny, half-up).
    ``consequence`` says what falls on the revenue budget, in words.
    """

    line: str
    year: FinancialYear
    amount: Money
    funding: CapitalFunding
    consequence: str

    @property
    def text(self) -> str:
        """``Vehicles 2016/17 £600,000 funded by borrowing; revenue cost: ...``."""
        return f"{self.line} {self.year} {self.amount} {self.funding.words}; {self.consequence}"


def programme(proposal: Proposal) -> tuple[CapitalRow, ...]:
    """The proposal's capital spend, line by line, in the order written: never part of a revenue figure.

    >>> from savingsmodel import Proposal
    >>> p = Proposal(reference="X", start_year="2016/17", lines=[
    ...     {"kind": "capital_spend", "name": "Vehicles", "amount": "600k", "asset_life": 5}])
    >>> print(programme(p)[0].text)
    Vehicles 2016/17 £600,000 funded by borrowing; revenue cost: MRP over 5 years from 2017/18, in the additional costs
    """
    rows = []
    for line in proposal.lines:
        if not isinstance(line, CapitalSpend):
            continue
        share = proposal.share_of(line)
        amount = line.amount if share is None else line.amount.scaled(Fraction(share), Unit.PENCE, RoundingMode.HALF_UP)
        rows.append(CapitalRow(line.name, spent_in(proposal, line), amount, line.funding, consequence(proposal, line)))
    return tuple(rows)


def consequence(proposal: Proposal, line: CapitalSpend) -> str:
    """What capital spend costs the revenue budget, in words: stated, worked, or none stated."""
    first = later(spent_in(proposal, line), 1)
    since = f"from {first}" if first is not None else "from the year after"
    over = "" if line.asset_life is None else f" for {line.asset_life} years"
    if line.revenue_cost is not None:
        return f"revenue cost: {line.revenue_cost} a year{over} {since} (stated), in the additional costs"
    parts = []
    if line.asset_life is not None:
        parts.append(f"MRP over {line.asset_life} years")
    if line.interest_rate:
        parts.append(f"interest at {format_rate(line.interest_rate)} on the balance")
    if parts:
        return f"revenue cost: {' and '.join(parts)} {since}, in the additional costs"
    return "no revenue consequence stated"
