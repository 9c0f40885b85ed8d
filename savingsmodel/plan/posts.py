"""Posts from the establishment list: a proposal's released posts priced from the actual posts.

A ``regrade`` line may name its posts too: it then takes their FTE (its cost stays the difference of the
two grades' unit costs, or its stated uplift, as the list says nothing of the grade the posts move to).

When a plan entry names the posts a line releases (by post number, or by grade and cost centre), the
line's FTE is those posts' FTE and its unit cost their actual cost: each post's pay for its FTE, with
employer NI worked **per person** (each post's holder has the secondary threshold to themselves: two
half-time posts held by two people cost less NI than one full-time post, and releasing them saves
less), employer pension and any apprenticeship levy, each on-cost rounded to the penny as a unit-cost
build-up is. The cost per FTE is the posts' total cost over their FTE, carried to ten decimal places,
so the line's figure for a full year is the posts' total cost to the penny.

>>> from decimal import Decimal
>>> from savingsmodel.core.money import Money
>>> from savingsmodel.model.establishment import Establishment, EstablishmentList, Post
>>> posts = Establishment((Post("A", "Library Assistant", "LIB", Decimal("0.5"), "X", Money(25583)),
...                        Post("B", "Library Assistant", "LIB", Decimal("0.5"), "Y", Money(25583))))
>>> costing = EstablishmentList(file="e.csv", mapping="m.toml", tax_year="2025/26", pension_rate="17.5%")
>>> [str(post_cost(p, posts, costing)) for p in posts.posts]
['£16,198.74', '£16,198.74']

Each half-time post: pay 0.5 x £25,583 = £12,791.50; NI 15% x (£12,791.50 - £5,000) = £1,168.73; pension
17.5% x £12,791.50 = £2,238.51: £16,198.74, so the two cost £32,397.48. One full-time post on the same pay
costs £25,583 + £3,087.45 + £4,477.03 = £33,147.48: £750 more (£749.99 of it NI), as one person
has the threshold once where two people have it twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from savingsmodel.core.errors import InputError
from savingsmodel.core.money import Money, RoundingMode, Unit, round_fraction
from savingsmodel.engine.redundancy import statutory_redundancy
from savingsmodel.engine.unit_costs import build
from savingsmodel.model.buildup import UnitCostBuildUp
from savingsmodel.model.establishment import Establishment, EstablishmentList, Post, PostSelection, selected_posts
from savingsmodel.model.lines import PostsReleased, Regrade
from savingsmodel.model.proposal import Proposal

__all__ = ["PricedPosts", "Redundancy", "post_cost", "priced_posts", "redundancy_of", "with_posts"]

# Ten places: far below a penny for any FTE a line can hold, so no rounding shows in a figure.
_PLACES = Decimal("1e-10")


def post_cost(post: Post, establishment: Establishment, costing: EstablishmentList) -> Money:
    """One post's annual cost: its pay for its FTE and the employer's on-costs, NI on its holder alone."""
    build_up = UnitCostBuildUp(
        salary=establishment.salary(post),
        tax_year=costing.tax_year,
        pension_rate=costing.pension_rate,
        apprenticeship_levy=costing.apprenticeship_levy,
    )
    return build(build_up).total


class PricedPosts:
    """The posts a line releases, their FTE, their total cost and the cost per FTE (to the penny, half-up)."""

    __slots__ = ("cost", "fte", "line", "posts")

    def __init__(self, line: str, posts: Sequence[Post], cost: Money) -> None:
        self.line = line
        self.posts = tuple(posts)
        self.fte = sum((p.fte for p in posts), Decimal(0))
        self.cost = cost

    @property
    def unit_cost(self) -> Money:
        """The cost per FTE, carried to ten decimal places (half-up) so that FTE x cost per FTE is the
        posts' total again to the penny: the line's figure is the sum of its posts' costs, exactly."""
        if not self.fte:
            return Money(0)
        return Money(round_fraction(Fraction(self.cost.amount) / Fraction(self.fte), _PLACES, RoundingMode.HALF_UP))


def priced_posts(
    selections: Sequence[PostSelection], establishment: Establishment, costing: EstablishmentList
) -> list[PricedPosts]:
    """Each line's posts (several selections for one line are added together, a post counted once)."""
    by_line: dict[str, dict[str, Post]] = {}
    for selection in selections:
        chosen = by_line.setdefault(selection.line, {})
        for post in selected_posts(selection, establishment):
            chosen.setdefault(post.number, post)
    return [
        PricedPosts(
            line, list(posts.values()), sum((post_cost(p, establishment, costing) for p in posts.values()), Money(0))
        )
        for line, posts in by_line.items()
    ]


def with_posts(
    proposal: Proposal, selections: Sequence[PostSelection], establishment: Establishment, costing: EstablishmentList
) -> Proposal:
    """The proposal with each selected line's FTE and unit cost those of the actual posts."""
    if not selections:
        return proposal
    regraded = {line.name for line in proposal.lines if isinstance(line, Regrade)}
    changes: dict[str, dict[str, object]] = {}
    for priced in priced_posts(selections, establishment, costing):
        # A regrade takes the posts' FTE; its cost stays the difference of the grades (or its stated uplift).
        regrade = priced.line in regraded
        changes[priced.line] = {"fte": priced.fte} if regrade else {"fte": priced.fte, "unit_cost": priced.unit_cost}
    return proposal.with_changes(lines=changes)


@dataclass(frozen=True, slots=True)
class Redundancy:
    """Statutory redundancy pay for the filled posts a proposal releases, from the list's ages and service.

    ``posts`` were worked; ``unknown`` are filled posts without an age or years of service on the list;
    ``note`` says why none could be worked (a leaving date the shipped limits do not cover), else is empty.
    """

    amount: Money
    posts: int
    unknown: int
    note: str = ""


def redundancy_of(proposal: Proposal, selections: Sequence[PostSelection], establishment: Establishment) -> Redundancy:
    """Statutory redundancy pay (no enhancement) for each filled post released, leaving on its line's start.

    A week's pay is the post's pay for its FTE over 52, to the penny (half-up), capped at the statutory
    limit on the leaving date; service counts in complete years. Vacant posts cost none. A figure for the
    officer to set beside the proposal's own one-off costs: it is not added to the plan's figures.

    >>> from savingsmodel.files.plan import load_plan
    >>> plan = load_plan("scenarios/plan-2016-posts.toml")
    >>> entry, proposal = plan.file.proposals[0], plan.proposals[0]
    >>> found = redundancy_of(proposal, entry.posts, plan.establishment)
    >>> str(found.amount), found.posts, found.unknown
    ('£10,985.88', 2, 0)
    """
    starts = {
        line.name: line.start or proposal.start_year.start for line in proposal.lines if isinstance(line, PostsReleased)
    }
    total, worked, unknown = Money(0), 0, 0
    seen: set[str] = set()
    for selection in selections:
        if selection.line not in starts:
            continue  # a regrade: no one leaves
        leaving: date = starts[selection.line]
        for post in selected_posts(selection, establishment):
            if post.number in seen or post.vacant:
                continue
            seen.add(post.number)
            if post.age is None or post.service is None:
                unknown += 1
                continue
            weekly = establishment.salary(post).scaled(Fraction(1, 52), Unit.PENCE, RoundingMode.HALF_UP)
            try:
                pay = statutory_redundancy(post.age, int(post.service), weekly, leaving)
            except InputError as error:
                return Redundancy(Money(0), 0, unknown, error.problems[0].message)
            total += pay.statutory
            worked += 1
    return Redundancy(total, worked, unknown)
