"""The establishment list: every funded post, as payroll or HR export it, and how a proposal picks posts from it.

A post has a number, a grade, a cost centre, an FTE, the person in it (or none: vacant), the pay, and
optionally the post-holder's age and years of service (for redundancy). Reading a list is
:mod:`savingsmodel.files.establishment`'s; costing posts is :mod:`savingsmodel.plan.posts`'.

>>> posts = Establishment((Post("WM-001", "Watch Manager", "BAN", Decimal(1), "A. Smith", Money(36381)),
...                        Post("WM-002", "Watch Manager", "BAN", Decimal("0.5"), None, Money(36381))))
>>> [p.number for p in posts.select(grade="watch manager", cost_centre="BAN")], str(posts.fte("Watch Manager"))
(['WM-001', 'WM-002'], '1.5')
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any, Self

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from savingsmodel.core.errors import Problem
from savingsmodel.core.fields import In, NumberIn, Rate, Value, YearIn
from savingsmodel.core.money import Money, RoundingMode, Unit
from savingsmodel.core.years import FinancialYear

__all__ = [
    "Columns",
    "Establishment",
    "EstablishmentList",
    "EstablishmentMapping",
    "PayBasis",
    "Post",
    "PostSelection",
    "selected_posts",
    "selection_problems",
]


@dataclass(frozen=True, slots=True)
class Post:
    """One funded post on the establishment. ``person`` None is a vacant post."""

    number: str
    grade: str
    cost_centre: str
    fte: Decimal
    person: str | None
    pay: Money
    age: int | None = None
    service: Decimal | None = None

    @property
    def vacant(self) -> bool:
        return self.person is None


class PayBasis(StrEnum):
    """What the pay column holds: the full-time annual pay of the post's grade point, or the actual pay for its FTE."""

    FULL_TIME = "full_time"
    ACTUAL = "actual"


@dataclass(frozen=True)
class Establishment:
    """The posts of an establishment list, in the order of the list, found by number."""

    posts: tuple[Post, ...]
    source: str = ""
    #: What ``pay`` holds: the full-time pay (a post costs pay x FTE), or the actual pay for the post's FTE.
    pay_basis: PayBasis = PayBasis.FULL_TIME
    _by_number: Mapping[str, Post] = field(default_factory=dict, repr=False, compare=False)

    _by_place: Mapping[tuple[str, str], tuple[Post, ...]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_number", {post.number: post for post in self.posts})
        # Posts by grade and cost centre (without regard to case): a selection is a look-up, not a scan.
        places: dict[tuple[str, str], list[Post]] = {}
        for post in self.posts:
            places.setdefault((post.grade.casefold(), post.cost_centre.casefold()), []).append(post)
        object.__setattr__(self, "_by_place", {key: tuple(found) for key, found in places.items()})

    def __len__(self) -> int:
        return len(self.posts)

    def post(self, number: str) -> Post | None:
        return self._by_number.get(number)

    def select(self, *, grade: str | None = None, cost_centre: str | None = None) -> tuple[Post, ...]:
        """The posts of a grade, a cost centre, or both (each matched without regard to case)."""
        g = grade.casefold() if grade is not None else None
        c = cost_centre.casefold() if cost_centre is not None else None
        if g is not None and c is not None:
            return self._by_place.get((g, c), ())
        return tuple(
            post
            for post in self.posts
            if (g is None or post.grade.casefold() == g) and (c is None or post.cost_centre.casefold() == c)
        )

    def salary(self, post: Post) -> Money:
        """A post's pay for its FTE, to the penny (half-up): full-time pay x FTE, or the actual pay as exported.

        >>> half = Post("1", "Library Assistant", "LIB", Decimal("0.5"), None, Money(25583))
        >>> Establishment((half,)).salary(half)
        Money('12791.50')
        """
        if self.pay_basis is PayBasis.ACTUAL:
            return post.pay
        return post.pay.scaled(Fraction(post.fte), Unit.PENCE, RoundingMode.HALF_UP)

    def fte(self, grade: str) -> Decimal:
        """The FTE a grade holds on the establishment."""
        return sum((post.fte for post in self.select(grade=grade)), Decimal(0))


class Columns(Value):
    """The heading of each column in the list, as the export writes it."""

    post_number: str = Field(min_length=1)
    grade: str = Field(min_length=1)
    cost_centre: str = Field(min_length=1)
    fte: str = Field(min_length=1)
    person: str = Field(min_length=1)
    pay: str = Field(min_length=1)
    age: str | None = Field(default=None, min_length=1)
    service: str | None = Field(default=None, min_length=1)


class EstablishmentMapping(Value):
    """How to read one body's export unchanged: which sheet, which row holds the headings, which column is what."""

    columns: In[Columns, Columns | Mapping[str, Any]]
    sheet: str | None = Field(default=None, min_length=1, description="in a workbook; default the first sheet")
    header_row: int = Field(default=1, ge=1, le=1000, description="the line (or row) of the column headings")
    vacant: tuple[str, ...] = Field(default=("", "vacant"), description="person values that mean the post is vacant")
    pay_basis: In[PayBasis, PayBasis | str] = Field(default=PayBasis.FULL_TIME)


class EstablishmentList(Value):
    """The establishment list a plan rests on: the file, its column mapping, and how its posts are costed."""

    file: str = Field(min_length=1, description="a CSV or Excel file, relative to the plan")
    mapping: str = Field(min_length=1, description="the mapping file (TOML), relative to the plan")
    tax_year: In[FinancialYear, YearIn] = Field(description="the tax year whose employer NI costs the posts")
    pension_rate: In[Rate, NumberIn] = Field(default=Decimal(0), description="employer pension, a rate of pay")
    apprenticeship_levy: In[Rate | None, NumberIn | None] = Field(default=None)
    source: str = ""


class PostSelection(Value):
    """Posts a proposal's line releases (or regrades): by post number, or by grade and cost centre.

    ``fte`` takes exactly that many FTE of the posts selected by grade and cost centre, in whole posts
    (vacant first, then in the order of the list), for a proposal that deletes some of a team's posts.
    """

    line: str = Field(min_length=1, description="the name of the proposal's posts_released (or regrade) line")
    post_numbers: tuple[str, ...] = Field(default=())
    grade: str | None = Field(default=None, min_length=1)
    cost_centre: str | None = Field(default=None, min_length=1)
    fte: In[Decimal | None, NumberIn | None] = Field(default=None, gt=0)

    @classmethod
    def cross_problems(cls, data: object) -> Iterator[Problem]:
        if not isinstance(data, Mapping):
            return
        numbers, by_place = data.get("post_numbers"), data.get("grade") or data.get("cost_centre")
        if numbers and by_place:
            yield Problem("post_numbers", "expected post numbers, or a grade and cost centre, found both", code="both")
        elif not numbers and not by_place:
            message = "expected post_numbers, or a grade and cost centre, found neither"
            yield Problem("post_numbers", message, code="missing")
        if numbers and data.get("fte") is not None:
            yield Problem("fte", "expected fte only with a grade and cost centre, found it with post numbers")

    @model_validator(mode="after")
    def _one_way(self) -> Self:
        stated = {"post_numbers": self.post_numbers, "grade": self.grade, "cost_centre": self.cost_centre}
        problems = list(self.cross_problems({**stated, "fte": self.fte}))
        if problems:
            raise PydanticCustomError("cross", "{count} problems", {"count": len(problems), "problems": problems})
        return self


def selection_problems(selection: PostSelection, establishment: Establishment) -> Iterator[Problem]:
    """Post numbers not on the list, a selection that matches no post, or asks for more FTE than it matches."""
    for index, number in enumerate(selection.post_numbers):
        if establishment.post(number) is None:
            yield Problem(f"post_numbers[{index}]", f"unknown post number {number!r} on the establishment list")
    if not selection.post_numbers:
        matched = establishment.select(grade=selection.grade, cost_centre=selection.cost_centre)
        what = " and ".join(
            f"{name} {value!r}"
            for name, value in (("grade", selection.grade), ("cost centre", selection.cost_centre))
            if value is not None
        )
        if not matched:
            yield Problem("grade", f"expected posts with {what} on the establishment list, found none")
        elif selection.fte is not None:
            held = sum((p.fte for p in matched), Decimal(0))
            if selection.fte > held:
                yield Problem(
                    "fte", f"expected at most the {held.normalize():f} FTE with {what}, found {selection.fte}"
                )
            elif sum((p.fte for p in _taken(matched, selection.fte)), Decimal(0)) != selection.fte:
                posts = ", ".join(f"{p.number} {p.fte.normalize():f}" for p in _in_turn(matched))
                yield Problem(
                    "fte",
                    f"expected an FTE that whole posts with {what} make ({posts}; vacant first, then the list's "
                    f"order), found {selection.fte}: name the posts by post_numbers",
                )


def selected_posts(selection: PostSelection, establishment: Establishment) -> tuple[Post, ...]:
    """The posts a selection picks: by number; or by grade and cost centre, vacant first, making ``fte``.

    A part of a post is never taken: whole posts are taken in turn, passing over one that would take
    more than ``fte`` (a proposal releasing 1.5 FTE of a team releases 1.5, not 2); a selection whose
    FTE whole posts taken so cannot make is refused at load (:func:`selection_problems`).
    """
    if selection.post_numbers:
        return tuple(p for n in selection.post_numbers if (p := establishment.post(n)) is not None)
    matched = establishment.select(grade=selection.grade, cost_centre=selection.cost_centre)
    return matched if selection.fte is None else _taken(matched, selection.fte)


def _in_turn(posts: Sequence[Post]) -> list[Post]:
    return sorted(posts, key=lambda p: not p.vacant)  # stable: vacant posts first, then the list's order


def _taken(posts: Sequence[Post], fte: Decimal) -> tuple[Post, ...]:
    taken: list[Post] = []
    total = Decimal(0)
    for post in _in_turn(posts):
        if total + post.fte <= fte:
            taken.append(post)
            total += post.fte
        if total == fte:
            break
    return tuple(taken)
