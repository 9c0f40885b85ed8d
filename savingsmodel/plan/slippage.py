"""Slippage: a proposal's savings coming N months later than planned.

What slips is what saves: the posts released, the income and the savings that are not posts (a contract,
agency spend), each start date (or schedule step) moved
later by whole months. Costs (new posts, regrades, recurring and one-off costs, capital and its revenue
cost) stay where they are: a restructure that runs late still pays its new team, so slippage can only
lower a year's saving. One-off income stays too: a grant arrives when it is paid, not when the saving does. A line
already in force before the plan's first day is delivered and does not slip.

>>> from savingsmodel.examples import scs4_1_revised
>>> later = slipped(scs4_1_revised(), 6, not_before=date(2016, 4, 1))
>>> str(later.line("Watch Manager posts released").start)
'2016-10-01'
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any, Final

from savingsmodel.model.lines import PostsReleased, RecurringIncome, RecurringSaving
from savingsmodel.model.proposal import Proposal

__all__ = ["SLIPPING_KINDS", "add_months", "slipped"]

#: The line kinds whose start moves when a proposal slips: the lines that save.
SLIPPING_KINDS: Final = frozenset({"posts_released", "recurring_income", "recurring_saving"})


def add_months(day: date, months: int) -> date:
    """``day`` moved ``months`` later, the day of the month kept where the month has it (else its last day).

    >>> add_months(date(2016, 1, 31), 1), add_months(date(2016, 4, 1), 18)
    (datetime.date(2016, 2, 29), datetime.date(2017, 10, 1))
    """
    if months < 0:
        raise ValueError(f"expected months of slippage of zero or more, found {months}")
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def slipped(proposal: Proposal, months: int, *, not_before: date) -> Proposal:
    """The proposal with each saving line's start (or each schedule step) ``months`` later.

    Only dates on or after ``not_before`` (the plan's first day) move; a line with an end date never
    starts after it (it then saves one day, never more than before).
    """
    if months < 0:
        raise ValueError(f"expected months of slippage of zero or more, found {months}")
    if months == 0:
        return proposal
    default_start = proposal.start_year.start
    changes: dict[str, dict[str, Any]] = {}
    for line in proposal.lines:
        if not isinstance(line, PostsReleased | RecurringIncome | RecurringSaving):
            continue

        def later(day: date, end: date | None = line.end) -> date:
            if day < not_before:
                return day
            moved = add_months(day, months)
            return min(moved, end) if end is not None else moved

        if isinstance(line, PostsReleased) and line.schedule:
            steps = [{"on": later(step.on), "fte": step.fte} for step in line.schedule]
            if any(step["on"] != old.on for step, old in zip(steps, line.schedule, strict=True)):
                changes[line.name] = {"schedule": steps}
        else:
            start = line.start or default_start
            if later(start) != start:
                changes[line.name] = {"start": later(start)}
    return proposal.with_changes(lines=changes) if changes else proposal
