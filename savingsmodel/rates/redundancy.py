"""The statutory limit on a week's pay for redundancy pay, by the date it came into force, with its source.

The table ships in ``redundancy_caps.toml`` beside this module, from 6 April 2015; :func:`weekly_cap_on`
gives the limit in force on a leaving date. A date the table does not cover (before 6 April 2015, or after
the last day it was checked to) needs the limit stated on the line, and the error says so.

>>> weekly_cap_on(date(2025, 9, 30))
Money('719')
>>> weekly_cap_on(date(2025, 4, 5))
Money('700')
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from datetime import date
from importlib import resources

from savingsmodel.core.errors import InputError
from savingsmodel.core.money import Money

__all__ = ["CapTable", "WeeklyCap", "shipped_caps", "weekly_cap_on"]


@dataclass(frozen=True, slots=True)
class WeeklyCap:
    """The limit on a week's pay in force from ``start``."""

    start: date
    amount: Money
    source: str


@dataclass(frozen=True, slots=True)
class CapTable:
    """The limits in date order, the last day the table was checked to (``until``), and when it was checked."""

    caps: tuple[WeeklyCap, ...]
    until: date
    checked: date

    def on(self, day: date) -> WeeklyCap:
        """The limit in force on ``day``; outside the table, an :class:`InputError` asking for it to be stated."""
        if day < self.caps[0].start or day > self.until:
            raise InputError.one(
                "weekly_cap",
                f"expected a leaving date from {self.caps[0].start:%-d %B %Y} to {self.until:%-d %B %Y} "
                f"(the statutory weekly pay limits shipped, checked {self.checked}), or weekly_cap stated, "
                f"found a leaving date of {day}",
                code="no_weekly_cap",
            )
        return [cap for cap in self.caps if cap.start <= day][-1]


@functools.cache
def shipped_caps() -> CapTable:
    """The table that ships with savingsmodel (read once)."""
    text = resources.files("savingsmodel.rates").joinpath("redundancy_caps.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    caps = tuple(
        WeeklyCap(row["from"], Money(row["weekly_cap"]), row["source"])
        for row in sorted(data["limit"], key=lambda row: row["from"])
    )
    return CapTable(caps, data["until"], data["checked"])


def weekly_cap_on(day: date) -> Money:
    """The statutory limit on a week's pay in force on ``day``."""
    return shipped_caps().on(day).amount
