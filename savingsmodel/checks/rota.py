"""Rota coverage: whether a pool of posts can staff positions around the clock, and at what abstraction.

"Three ISOs on a 24/7/365 rota" from 14 posts at 42 hours a week: 26,280
position-hours a year against 30,660 contracted hours, so leave, sickness and
training may take at most 14.3% of contracted hours. The arithmetic is exact
(fractions); figures are shown rounded half-up.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from fractions import Fraction
from typing import TYPE_CHECKING, Final

from savingsmodel.checks.common import cite, show_percent, show_posts
from savingsmodel.checks.findings import CheckFinding, Severity
from savingsmodel.checks.rules import Family, Reads, Rule, check
from savingsmodel.model.statements import Rota

if TYPE_CHECKING:
    from savingsmodel.engine.evaluation import Evaluation

__all__ = ["FAMILY", "STATUTORY_LEAVE_SHARE"]

#: Statutory minimum leave (5.6 weeks, Working Time Regulations 1998) as a share of a 365/7-week year.
STATUTORY_LEAVE_SHARE: Final = Fraction(56, 10) / Fraction(365, 7)


@check(
    Rule(
        "ROTA-COVER",
        Severity.INFO,
        reads=(Reads.ROTAS,),
        summary="the most abstraction a rota's posts allow",
        doc="""Always given: the most abstraction the posts allow, and at the stated abstraction the posts needed.

*Motivated by* para 8.5: 14 ISO posts "delivering three ISO's on a 24/7/365
rota": 3 x 24 x 365 = 26,280 position-hours; at a 42-hour week, 14 x 42 x
365/7 = 30,660 contracted hours; so leave, sickness and training can take at
most 1 - 26,280 / 30,660 = 14.3% of contracted hours. The paper states no
abstraction; the statutory minimum leave of 5.6 weeks alone is 10.7% of a
year, which leaves 3.6 points for sickness and training. (The 42-hour week is
an assumption the worked case records: the paper states no hours.)""",
    ),
    Rule(
        "ROTA-SHORT",
        Severity.WARNING,
        reads=(Reads.ROTAS,),
        summary="a rota's posts cover its positions at the abstraction assumed",
        doc="""The posts cannot cover the positions.

At the stated abstraction more posts are needed than stated; or, with no
abstraction stated, the most abstraction the posts allow is below the
statutory minimum leave (5.6 weeks in 365/7, 10.7%, Working Time Regulations
1998); or the posts are short even with no abstraction at all.""",
    ),
)
def rota_coverage(evaluation: Evaluation) -> Iterator[CheckFinding]:
    """For each rota, what its posts can cover (``ROTA-COVER``) and, when they cannot, by how much (``ROTA-SHORT``)."""
    for index, rota in enumerate(evaluation.proposal.rotas):
        yield from _rota(index, rota)


def _rota(index: int, rota: Rota) -> Iterator[CheckFinding]:
    subject, about = f"rotas[{index}]", (rota.name, *((rota.grade,) if rota.grade else ()))
    positions = (
        f"{show_posts(rota.positions)} positions x {show_posts(rota.hours_per_day)} hours x "
        f"{show_posts(rota.days_per_year)} days "
        f"= {show_posts(rota.position_hours)} position-hours a year"
    )
    contracted = Fraction(rota.posts) * rota.hours_per_post
    hours = (
        f"{show_posts(rota.posts)} posts x {show_posts(rota.contracted_hours_per_week)} hours a week x 365/7 "
        f"= {show_posts(contracted)} contracted hours"
    )
    head = f"{rota.name} rota{cite(rota.source)}: {positions}; {hours}"
    most = rota.max_abstraction
    if most < 0:
        yield CheckFinding(
            "ROTA-COVER",
            Severity.INFO,
            f"{head}: the posts are short of the positions before any abstraction",
            subject,
            about=about,
        )
        yield CheckFinding(
            "ROTA-SHORT",
            Severity.WARNING,
            f"{head}: too few hours to staff the positions even if nobody is ever on leave, sick or training; "
            f"{show_posts(rota.posts_needed(Fraction(0)))} posts are needed before any abstraction",
            subject,
            about=about,
        )
        return
    cover = f"{head}: the posts cover the rota only if leave, sickness and training take at most {show_percent(most)}"
    leave = f"the statutory minimum leave of 5.6 weeks alone is {show_percent(STATUTORY_LEAVE_SHARE)}"
    if rota.abstraction is None:
        yield CheckFinding(
            "ROTA-COVER",
            Severity.INFO,
            f"{cover} of contracted hours (abstraction not stated; {leave}); state the assumed abstraction",
            subject,
            about=about,
        )
        if most < STATUTORY_LEAVE_SHARE:
            yield CheckFinding(
                "ROTA-SHORT",
                Severity.WARNING,
                f"{head}: at most {show_percent(most)} abstraction is possible, less than {leave}: the posts cannot "
                f"cover the rota without overtime or other staff; at that leave alone "
                f"{_needed(rota, STATUTORY_LEAVE_SHARE)}",
                subject,
                about=about,
            )
        return
    stated = Fraction(rota.abstraction)
    yield CheckFinding(
        "ROTA-COVER",
        Severity.INFO,
        f"{cover} of contracted hours; the paper assumes {show_percent(stated)}, at which {_needed(rota, stated)}",
        subject,
        about=about,
    )
    if stated > most:
        yield CheckFinding(
            "ROTA-SHORT",
            Severity.WARNING,
            f"{head}: at the stated {show_percent(stated)} abstraction {_needed(rota, stated)}: "
            f"{show_posts(rota.posts)} cannot cover the positions without overtime or other staff; add posts, or "
            "state how the gap is filled",
            subject,
            about=about,
        )


def _needed(rota: Rota, abstraction: Fraction) -> str:
    needed = rota.posts_needed(abstraction)
    if needed.denominator == 1:
        return f"{show_posts(needed)} posts are needed"
    return f"{show_posts(needed)} posts are needed ({math.ceil(needed)} whole posts)"


FAMILY: Final = Family(
    "Rota coverage",
    (rota_coverage,),
    intro="""For a role staffed by a pool of posts:

    position-hours    = positions x hours per day x days per year
    contracted hours  = posts x contracted hours per week x 365/7
    posts needed      = position-hours / (contracted hours per post x (1 - abstraction))
    most abstraction  = 1 - position-hours / contracted hours

The arithmetic is exact (fractions); figures are shown rounded half-up, shares
to 0.1% and posts to 0.1 (with the whole posts needed, rounded up). Each rota
gets a `ROTA-COVER` info, followed by a `ROTA-SHORT` warning when its posts fall short.""",
)
