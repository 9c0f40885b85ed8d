"""Payback: how many months of savings it takes to recover a proposal's one-off costs.

The **cumulative net position** at the end of a month is every recurring saving
(gross saving plus income less recurring costs) to the end of that month, less
every one-off cost paid by then. A one-off cost counts at the start of the month
it is paid in; savings accrue through each month. The **payback period** is the
number of months from the start of the first year to the end of the month from
which the position is zero or better for the rest of the horizon, counting no
earlier than the month the last one-off cost is paid (a cost paid later must be
recovered too). A proposal with no one-off costs has nothing to pay back
(0 months); one whose position is below zero at the end of the horizon does not
pay back within it.

>>> from datetime import date
>>> from fractions import Fraction
>>> # £10k a month saved, £25k paid once in the first month
>>> payback = find_payback([Fraction(-15000), *[Fraction(10000)] * 11], 0, Money(25000), date(2016, 4, 1))
>>> payback.months, str(payback)
(3, 'pays back £25,000 of one-off costs by the end of June 2016: 3 months from April 2016')

The months are whole calendar months, whatever the phasing convention; the
monthly amounts are exact (unrounded), since only their sign is reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from savingsmodel.core.money import Money
from savingsmodel.core.phasing import month_start

__all__ = ["Payback", "find_payback"]


@dataclass(frozen=True, slots=True)
class Payback:
    """The payback period in months (``None``: not within the horizon; 0: nothing to pay back)."""

    months: int | None
    one_off_costs: Money
    horizon_months: int
    start: date

    @property
    def by(self) -> date | None:
        """The first day of the month after payback (None when it does not pay back)."""
        return None if self.months is None else month_start(self.start, self.months)

    def __str__(self) -> str:
        if not self.one_off_costs:
            return "no one-off costs: nothing to pay back"
        if self.months is None:
            end = month_start(self.start, self.horizon_months)
            return (
                f"does not pay back {self.one_off_costs} of one-off costs within the horizon "
                f"({self.horizon_months} months to the end of {month_start(end, -1):%B %Y})"
            )
        last = month_start(self.start, self.months - 1)
        count = "1 month" if self.months == 1 else f"{self.months} months"
        paid = f"pays back {self.one_off_costs} of one-off costs"
        return f"{paid} by the end of {last:%B %Y}: {count} from {self.start:%B %Y}"


def find_payback(monthly_net: Sequence[Fraction], last_cost: int | None, one_off_costs: Money, start: date) -> Payback:
    """The payback period from each month's change in the net position.

    ``monthly_net`` holds, for each month of the horizon, the recurring saving of
    the month less any one-off cost paid in it; ``last_cost`` is the index of the
    month the last one-off cost is paid in (None when there is none).
    """
    horizon = len(monthly_net)
    if last_cost is None:
        return Payback(0, one_off_costs, horizon, start)
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
        payback = month + 1
    return Payback(payback, one_off_costs, horizon, start)
