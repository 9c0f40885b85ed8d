"""Payback: how many months of savings it takes to recover a proposal's one-off costs.

The **net position to date** at the end of a month is every net saving (gross
saving plus income less recurring costs) from the horizon's start to the end of
that month, less every one-off cost paid by then (the year-end figure is
``net_position_to_date``). A one-off cost counts at the start of the month
it is paid in; savings accrue through each month. The **payback period** is, as
officers quote it, the number of months from the start of the month of the
**first one-off spend** to the end of the month from which the position is zero
or better for the rest of the horizon, counting no earlier than the month the
last one-off cost is paid (a cost paid later must be recovered too). A proposal
with no one-off costs has nothing to pay back (0 months); one whose position is
below zero at the end of the horizon does not pay back within it.

Beside it stands the **simple payback** papers print: one-off costs divided by the
full-year net saving (the full-year effect at the end of the horizon,
when every change is in force), times 12, to 0.1 of a month, half-up.

>>> from datetime import date
>>> from fractions import Fraction
>>> # £10k a month saved, £25k paid once in the first month
>>> payback = find_payback([Fraction(-15000), *[Fraction(10000)] * 11], 0, 0, Money(25000), date(2016, 4, 1))
>>> payback.months, str(payback)
(3, 'pays back £25,000 of one-off costs by the end of June 2016: 3 months from the first one-off spend in April 2016')

The months are whole calendar months, whatever the phasing convention; the
monthly amounts are exact (unrounded), since only their sign is reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from savingsmodel.core.money import Money, RoundingMode, round_fraction
from savingsmodel.core.phasing import month_start

__all__ = ["Payback", "find_payback", "simple_payback"]

#: The simple payback is stated to a tenth of a month, rounded half-up.
SIMPLE_STEP = Decimal("0.1")
_NIL = Money(0)


@dataclass(frozen=True, slots=True)
class Payback:
    """The payback period in months from the first one-off spend (``None``: not within the horizon; 0: nothing
    to pay back), and the simple ratio beside it.

    ``first_cost`` is the index of the month of the first one-off spend (month 0 is the first month of the
    horizon); ``full_year_saving`` is the full-year net saving the simple ratio divides by.
    """

    months: int | None
    one_off_costs: Money
    horizon_months: int
    start: date
    first_cost: int | None = None
    full_year_saving: Money = _NIL

    @property
    def first_spend(self) -> date | None:
        """The first day of the month of the first one-off spend, from which the months count."""
        return None if self.first_cost is None else month_start(self.start, self.first_cost)

    @property
    def by(self) -> date | None:
        """The first day of the month after payback (None when it does not pay back)."""
        if self.months is None:
            return None
        return month_start(self.start, (self.first_cost or 0) + self.months)

    @property
    def simple_months(self) -> Decimal | None:
        """One-off costs / full-year net saving x 12, to 0.1 month; None with no saving to divide by."""
        return simple_payback(self.one_off_costs, self.full_year_saving)

    def simple_text(self) -> str:
        """The simple ratio and its working, as a paper prints it."""
        working = f"one-off costs {self.one_off_costs} / full-year net saving {self.full_year_saving} x 12"
        simple = self.simple_months
        if simple is None:
            return f"simple payback: none (no full-year net saving to recover {self.one_off_costs} from)"
        return f"simple payback {simple:f} months ({working})"

    def __str__(self) -> str:
        if not self.one_off_costs:
            return "no one-off costs: nothing to pay back"
        if self.months is None:
            end = month_start(self.start, self.horizon_months)
            return (
                f"does not pay back {self.one_off_costs} of one-off costs within the horizon "
                f"({self.horizon_months} months to the end of {month_start(end, -1):%B %Y})"
            )
        first = month_start(self.start, self.first_cost or 0)
        last = month_start(first, self.months - 1)
        count = "1 month" if self.months == 1 else f"{self.months} months"
        paid = f"pays back {self.one_off_costs} of one-off costs"
        return f"{paid} by the end of {last:%B %Y}: {count} from the first one-off spend in {first:%B %Y}"


def simple_payback(one_off_costs: Money, full_year_saving: Money) -> Decimal | None:
    """One-off costs / full-year net saving x 12, in months to 0.1, half-up.

    >>> simple_payback(Money(200000), Money(576000))
    Decimal('4.2')
    >>> simple_payback(Money(200000), Money(0)) is None
    True
    """
    if full_year_saving.amount <= 0:
        return None
    ratio = Fraction(one_off_costs.amount) / Fraction(full_year_saving.amount) * 12
    return round_fraction(ratio, SIMPLE_STEP, RoundingMode.HALF_UP)


def find_payback(
    monthly_net: Sequence[Fraction],
    first_cost: int | None,
    last_cost: int | None,
    one_off_costs: Money,
    start: date,
    full_year_saving: Money = _NIL,
) -> Payback:
    """The payback period from each month's change in the net position.

    ``monthly_net`` holds, for each month of the horizon, the recurring saving of
    the month less any one-off cost paid in it; ``first_cost`` and ``last_cost`` are
    the indices of the months the first and the last one-off costs are paid in
    (None when there is none).
    """
    horizon = len(monthly_net)
    if first_cost is None or last_cost is None:
        return Payback(0, one_off_costs, horizon, start, None, full_year_saving)
    positions: list[Fraction] = []
    position = Fraction(0)
    for change in monthly_net:
        position += change
        positions.append(position)
    # Walk back from the end: the payback month is the first of the run of months, after the
    # last cost, in which the position never falls below zero again.
    payback: int | None = None
    for month in range(horizon - 1, last_cost - 1, -1):
        if positions[month] < 0:
            break
        payback = month + 1 - first_cost
    return Payback(payback, one_off_costs, horizon, start, first_cost, full_year_saving)
