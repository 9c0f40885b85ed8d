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
    per_post = rota.hours_per_post
    most = rota.max_abstraction
    if per_post is None or most is None:
        yield from _available_only(subject, about, rota, positions)
        return
    contracted = Fraction(rota.posts) * per_post
    if rota.contracted_hours_per_week is not None:
        each = f"{show_posts(rota.contracted_hours_per_week)} hours a week x 365/7"
    else:
        each = f"{show_posts(per_post)} contracted hours a year"
    hours = f"{show_posts(rota.posts)} posts x {each} = {show_posts(contracted)} contracted hours"
    head = f"{rota.name} rota{cite(rota.source)}: {positions}; {hours}"
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
    stated = rota.stated_abstraction
    if stated is None:
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
    if rota.available_hours_per_year is not None:
        # The paper states the hours a post works on the rota: the abstraction is what the contracted hours lose.
        assumes = (
            f"the paper's {show_posts(rota.available_hours_per_year)} hours a year available of "
            f"{show_posts(per_post)} contracted imply {show_percent(stated)}"
        )
    else:
        assumes = f"the paper assumes {show_percent(stated)}"
    yield CheckFinding(
        "ROTA-COVER",
        Severity.INFO,
        f"{cover} of contracted hours; {assumes}, at which {_needed(rota, stated)}",
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


def _available_only(subject: str, about: tuple[str, ...], rota: Rota, positions: str) -> Iterator[CheckFinding]:
    """A rota stated by the hours a post works on it a year: no contracted hours, so no most abstraction."""
    available = rota.available_hours
    needed = rota.posts_needed_available()
    if available is None or needed is None:  # pragma: no cover - a rota with no hours is refused on load
        return
    total = Fraction(rota.posts) * available
    head = (
        f"{rota.name} rota{cite(rota.source)}: {positions}; {show_posts(rota.posts)} posts x "
        f"{show_posts(available)} hours a year on the rota (after leave, sickness and training) = "
        f"{show_posts(total)} hours"
    )
    whole = f" ({math.ceil(needed)} whole posts)" if needed.denominator != 1 else ""
    if total >= rota.position_hours:
        yield CheckFinding(
            "ROTA-COVER",
            Severity.INFO,
            f"{head}: the posts cover the positions, {show_posts(needed)} posts needed{whole} (no contracted hours "
            "stated, so the most abstraction the posts allow cannot be worked out)",
            subject,
            about=about,
        )
        return
    yield CheckFinding(
        "ROTA-COVER",
        Severity.INFO,
        f"{head}: the posts are short of the positions",
        subject,
        about=about,
    )
    yield CheckFinding(
        "ROTA-SHORT",
        Severity.WARNING,
        f"{head}: {show_posts(needed)} posts are needed{whole}: {show_posts(rota.posts)} cannot cover the positions "
        "without overtime or other staff; add posts, or state how the gap is filled",
        subject,
        about=about,
    )


@check(
    Rule(
        "ROTA-RATIO",
        Severity.INFO,
        reads=(Reads.ROTAS,),
        summary="a rota's posts per position, beside other services' ratio",
    )
)
def rota_ratio(evaluation: Evaluation) -> Iterator[CheckFinding]:
    """For a rota that states another services' ratio (``benchmark_posts_per_position``): posts / positions
    beside it, and the posts the positions would take at that ratio.

    Services compare rotas by the posts each position takes: the ratio carries the hours, the
    abstraction and the shift pattern in one number. Given only when the paper (or the officer)
    states a ratio to compare with; an info, since a ratio that differs is a question, not an error.

    *Motivated by* para 8.5: 14 posts for 3 ISO positions is 4.7 posts per position.
    """
    for index, rota in enumerate(evaluation.proposal.rotas):
        if rota.benchmark_posts_per_position is None:
            continue
        ratio = rota.posts_per_position
        other = Fraction(rota.benchmark_posts_per_position)
        whose = f" ({rota.benchmark})" if rota.benchmark else ""
        at_theirs = other * Fraction(rota.positions)
        gap = at_theirs - Fraction(rota.posts)
        compared = (
            "the same posts" if gap == 0 else f"{show_posts(abs(gap))} {'more' if gap > 0 else 'fewer'} than stated"
        )
        yield CheckFinding(
            "ROTA-RATIO",
            Severity.INFO,
            f"{rota.name} rota{cite(rota.source)}: {show_posts(rota.posts)} posts for {show_posts(rota.positions)} "
            f"positions is {show_posts(ratio)} posts per position; other services{whose} have "
            f"{show_posts(other)}: at their ratio the positions take {show_posts(at_theirs)} posts, {compared}",
            f"rotas[{index}]",
            about=(rota.name, *((rota.grade,) if rota.grade else ())),
        )


def _needed(rota: Rota, abstraction: Fraction) -> str:
    needed = rota.posts_needed(abstraction)
    if needed.denominator == 1:
        return f"{show_posts(needed)} posts are needed"
    return f"{show_posts(needed)} posts are needed ({math.ceil(needed)} whole posts)"


FAMILY: Final = Family(
    "Rota coverage",
    (rota_coverage, rota_ratio),
    intro="""For a role staffed by a pool of posts:

    position-hours    = positions x hours per day x days per year
    contracted hours  = posts x contracted hours per week x 365/7 (or posts x contracted hours a year)
    posts needed      = position-hours / (contracted hours per post x (1 - abstraction))
                      = position-hours / available hours per post, when the paper states those
    most abstraction  = 1 - position-hours / contracted hours
    posts per position = posts / positions (beside other services' ratio, when stated)

The arithmetic is exact (fractions); figures are shown rounded half-up, shares
to 0.1% and posts to 0.1 (with the whole posts needed, rounded up). Each rota
gets a `ROTA-COVER` info, followed by a `ROTA-SHORT` warning when its posts fall short. Hours a
post works on the rota a year (`available_hours_per_year`), with contracted hours, imply the
abstraction (1 - available / contracted); without, the posts needed are worked from them alone.""",
)
