"""Posts from the establishment list: a proposal's released posts priced from the actual posts.

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
from decimal import Decimal
from fractions import Fraction

from savingsmodel.core.money import Money, RoundingMode, round_fraction
from savingsmodel.engine.unit_costs import build
from savingsmodel.model.buildup import UnitCostBuildUp
from savingsmodel.model.establishment import Establishment, EstablishmentList, Post, PostSelection, selected_posts
from savingsmodel.model.proposal import Proposal

__all__ = ["PricedPosts", "post_cost", "priced_posts", "with_posts"]

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
    changes = {
        p.line: {"fte": p.fte, "unit_cost": p.unit_cost} for p in priced_posts(selections, establishment, costing)
    }
    return proposal.with_changes(lines=changes)
