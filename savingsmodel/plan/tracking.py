"""Tracking through the year: approved, forecast and delivered, with write-offs and replacement savings.

A savings tracker sets, for each proposal and year, the saving the approved MTFP carries against the
latest forecast and what has been delivered to date. The approved figure is the one the plan file
states (``approved``), else the model's own MTFP line. The position on a date reads the latest
monitoring return on or before it; a year with no return yet is forecast at its approved figure,
with nothing reported delivered.

>>> from datetime import date
>>> from savingsmodel.files.plan import load_plan
>>> from savingsmodel.plan.rollup import evaluate_plan
>>> tracker = track(evaluate_plan(load_plan("scenarios/plan-2016.toml")), as_at=date(2016, 9, 30))
>>> total = tracker.total("2016/17")
>>> str(total.approved), str(total.forecast), str(total.variance), str(total.delivered)
('£412,500', '£386,250', '-£26,250', '£180,000')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from savingsmodel.core.money import Money
from savingsmodel.core.years import FinancialYear
from savingsmodel.model.plan import Monitoring

if TYPE_CHECKING:
    import pandas as pd

    from savingsmodel.plan.rollup import PlanResult

__all__ = ["Tracked", "Tracker", "track"]

_ZERO = Money(0)


@dataclass(frozen=True, slots=True)
class Tracked:
    """One proposal's (or the plan's) saving in one year, as tracked.

    ``variance`` is forecast less approved (negative: a shortfall); ``net_variance`` adds the
    replacement savings found; ``to_deliver`` is what the forecast still needs after what is delivered.
    """

    name: str
    year: FinancialYear
    approved: Money
    forecast: Money
    delivered: Money
    written_off: Money
    replacement: Money
    reported_on: date | None

    @property
    def variance(self) -> Money:
        return self.forecast - self.approved

    @property
    def net_variance(self) -> Money:
        return self.forecast + self.replacement - self.approved

    @property
    def to_deliver(self) -> Money:
        return self.forecast - self.delivered


@dataclass(frozen=True)
class Tracker:
    """Every counted proposal's tracked saving, by year, as at a date (None: the latest returns)."""

    as_at: date | None
    years: tuple[FinancialYear, ...]
    rows: tuple[Tracked, ...]

    @property
    def monitored(self) -> bool:
        """Whether any monitoring return counts on the date."""
        return any(row.reported_on is not None for row in self.rows)

    @property
    def current_year(self) -> FinancialYear:
        """The year a tracker reports: the year of the date, else the latest year with a return, else the first."""
        if self.as_at is not None and any(self.as_at in year for year in self.years):
            return FinancialYear.containing(self.as_at)
        reported = [row.year for row in self.rows if row.reported_on is not None]
        return max(reported) if reported else self.years[0]

    def in_year(self, year: FinancialYear | str) -> tuple[Tracked, ...]:
        wanted = year if isinstance(year, FinancialYear) else FinancialYear.parse(year)
        return tuple(row for row in self.rows if row.year == wanted)

    def total(self, year: FinancialYear | str) -> Tracked:
        """The plan's total for ``year``: every counted proposal's figures added."""
        rows = self.in_year(year)
        wanted = year if isinstance(year, FinancialYear) else FinancialYear.parse(year)

        def add(field: str) -> Money:
            return sum((getattr(row, field) for row in rows), _ZERO)

        dates = [row.reported_on for row in rows if row.reported_on is not None]
        return Tracked(
            "Plan total",
            wanted,
            add("approved"),
            add("forecast"),
            add("delivered"),
            add("written_off"),
            add("replacement"),
            max(dates) if dates else None,
        )

    def to_frame(self) -> pd.DataFrame:
        """A row per proposal and year: approved, forecast, variance, delivered, written off, replacement."""
        import pandas as pd

        records = [
            {
                "proposal": row.name,
                "year": str(row.year),
                "approved": row.approved.amount,
                "forecast": row.forecast.amount,
                "variance": row.variance.amount,
                "delivered": row.delivered.amount,
                "to_deliver": row.to_deliver.amount,
                "written_off": row.written_off.amount,
                "replacement": row.replacement.amount,
                "net_variance": row.net_variance.amount,
                "reported_on": row.reported_on,
            }
            for row in self.rows
        ]
        return pd.DataFrame.from_records(records)


def latest(returns: Sequence[Monitoring], year: FinancialYear, as_at: date | None) -> Monitoring | None:
    """The latest return for ``year`` reported on or before ``as_at`` (any date, when None).

    >>> early = Monitoring(on="2016-06-30", year="2016/17", forecast="300k")
    >>> later = Monitoring(on="2016-09-30", year="2016/17", forecast="250k")
    >>> str(latest([later, early], FinancialYear(2016), date(2016, 7, 31)).forecast)
    '£300,000'
    """
    found = [r for r in returns if r.year == year and (as_at is None or r.on <= as_at)]
    return max(found, key=lambda r: r.on) if found else None


def track(result: PlanResult, *, as_at: date | None = None) -> Tracker:
    """The savings tracker of the plan's counted proposals on ``as_at`` (None: with every return)."""
    rows: list[Tracked] = []
    for row in result.counted:
        entry = result.plan.file.proposals[row.index]
        approved = {a.year: a.amount for a in entry.approved}
        for i, year in enumerate(result.years):
            planned = approved.get(year, row.incremental[i])
            found = latest(entry.monitoring, year, as_at)
            if found is None:
                rows.append(Tracked(row.name, year, planned, planned, _ZERO, _ZERO, _ZERO, None))
                continue
            rows.append(
                Tracked(
                    row.name,
                    year,
                    planned,
                    planned if found.forecast is None else found.forecast,
                    _ZERO if found.delivered is None else found.delivered,
                    found.written_off,
                    found.replacement,
                    found.on,
                )
            )
    return Tracker(as_at, result.years, tuple(rows))
