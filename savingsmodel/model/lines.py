"""The lines of a proposal: what changes the budget, by how much, and when.

All amounts are annual, at the proposal's prices, and never negative: the kind
of line says which way it moves the budget.

>>> PostsReleased(name="WM posts", grade="Watch Manager", fte=12, source="para 9").fte
Decimal('12')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Annotated, Any, Final, Literal, Self

from pydantic import BeforeValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from savingsmodel.core.errors import InputError
from savingsmodel.core.fields import (
    FTE,
    Amount,
    Count,
    DateIn,
    In,
    MoneyIn,
    NumberIn,
    Percent,
    Portion,
    Positive,
    Value,
    YearIn,
)
from savingsmodel.core.money import Money
from savingsmodel.core.years import FinancialYear
from savingsmodel.model.prices import Uprating, uprating_named
from savingsmodel.rates.redundancy import shipped_caps

__all__ = [
    "LINE_KINDS",
    "Allowance",
    "CapitalFunding",
    "CapitalSpend",
    "Funding",
    "Line",
    "LineKind",
    "OneOffCost",
    "OneOffIncome",
    "PostsCreated",
    "PostsReleased",
    "RecurringCost",
    "RecurringIncome",
    "RecurringSaving",
    "Redundancy",
    "Regrade",
    "Step",
    "TransferIn",
    "TransferOut",
    "default_uprating",
]


class Step(Value):
    """Part of a schedule: ``fte`` posts change on ``on``."""

    on: In[date, DateIn]
    fte: In[FTE, NumberIn]


class _Line(Value):
    """What every line has: a unique name, where it comes from, and when it runs."""

    name: str = Field(min_length=1)
    note: str = ""
    source: str = ""
    start: In[date | None, DateIn | None] = Field(
        default=None, description="first day in effect; default the start of the proposal"
    )
    end: In[date | None, DateIn | None] = Field(default=None, description="last day in effect; default never")
    uprate: In[Annotated[Uprating | str, BeforeValidator(uprating_named)] | None, Uprating | str | None] = Field(
        default=None,
        description="pay | inflation | none, or the name of an index (the proposal's indices); default pay for "
        "staff lines, inflation for other recurring",
    )
    our_share: In[Portion | None, NumberIn | None] = Field(
        default=None,
        description="this body's share of a line shared with a partner ('60%'); default the proposal's, else all",
    )

    @model_validator(mode="after")
    def _end_after_start(self) -> Self:
        if self.start is not None and self.end is not None and self.end < self.start:
            raise PydanticCustomError(
                "dates",
                "expected end on or after start ({start}), found {end}",
                {"start": str(self.start), "end": str(self.end)},
            )
        return self


class _PostsLine(_Line):
    """A line counted in posts: a number of FTE, all at once or on a schedule."""

    fte: In[FTE | None, NumberIn | None] = Field(default=None)
    schedule: In[tuple[Step, ...], Sequence[Step | Mapping[str, Any]]] = Field(default=())
    unit_cost: In[Amount | None, MoneyIn | None] = Field(
        default=None, description="overrides the grade's unit cost for this line"
    )

    @model_validator(mode="after")
    def _fte_or_schedule(self) -> Self:
        if self.schedule:
            total = sum((s.fte for s in self.schedule), Decimal(0))
            if self.fte is not None and self.fte != total:
                raise PydanticCustomError(
                    "schedule",
                    "expected fte to equal the schedule's total {total}, found {fte}",
                    {"total": str(total), "fte": str(self.fte)},
                )
            if self.start is not None:
                raise PydanticCustomError("schedule", "expected either start or schedule, found both", {})
            late = [s.on for s in self.schedule if self.end is not None and s.on > self.end]
            if late:
                # A step after the end would never be in force: its posts would vanish from every figure.
                raise PydanticCustomError(
                    "schedule",
                    "expected every schedule step on or before end ({end}), found one on {on}",
                    {"end": str(self.end), "on": str(late[0])},
                )
            object.__setattr__(self, "fte", total)
        elif self.fte is None:
            raise PydanticCustomError("missing_fte", "expected fte or a schedule, found neither", {})
        return self

    def tranches(self, default_start: date) -> tuple[tuple[date, Decimal], ...]:
        """(date, fte) pairs: the schedule, or the whole fte on the start date (made for every posts line)."""
        if self.schedule:
            return tuple([(step.on, step.fte) for step in self.schedule])
        return ((self.start or default_start, self.fte or Decimal(0)),)


class _HeldPosts(_PostsLine):
    """Posts that people hold: the headcount behind the FTE, for employer NI worked per person."""

    headcount: In[Count | None, NumberIn | None] = Field(
        default=None,
        description="the people who hold the FTE (6.4 FTE held by 11 part-time people); "
        "without it, one person per whole FTE and one for a part",
    )

    @model_validator(mode="after")
    def _people_hold_the_posts(self) -> Self:
        if self.headcount is None:
            return self
        fte = self.fte or Decimal(0)
        if self.headcount != self.headcount.to_integral_value() or (fte and self.headcount == 0):
            raise PydanticCustomError(
                "headcount",
                "expected a whole number of people above zero, found {found}",
                {"found": str(self.headcount)},
            )
        if self.headcount < fte:
            raise PydanticCustomError(
                "headcount",
                "expected a headcount of at least the FTE {fte} (no one works more than full time), found {found}",
                {"fte": str(fte), "found": str(self.headcount)},
            )
        return self


class PostsReleased(_HeldPosts):
    """Posts removed from the establishment: the gross saving, at the grade's unit cost unless a cost is stated.

    A paper often states the total instead of the unit cost ("12 posts, £576k"): ``cost`` is that
    total, and the unit cost it implies (cost / FTE) is checked (``COST-IMPLIED``).
    """

    kind: Literal["posts_released"] = "posts_released"
    grade: str
    vacant: bool = Field(
        default=False,
        description="the posts are vacant: deleting them saves the budget held for them "
        "(net of the vacancy factor where the budget is set net of one)",
    )
    cost: In[Amount | None, MoneyIn | None] = Field(
        default=None, description="the stated annual cost of all these posts together: the saving as the paper gives it"
    )

    @model_validator(mode="after")
    def _cost_has_posts(self) -> Self:
        # The stated cost is shared over the posts: with none, it would vanish from every figure.
        if self.cost is not None and not self.fte:
            raise PydanticCustomError(
                "posts", "expected fte above zero when the posts have a stated cost, found {fte}", {"fte": "0"}
            )
        return self


class PostsCreated(_HeldPosts):
    """New posts: an additional cost, at the grade's unit cost unless a cost is stated."""

    kind: Literal["posts_created"] = "posts_created"
    grade: str
    cost: In[Amount | None, MoneyIn | None] = Field(
        default=None, description="the stated annual cost of all these posts together"
    )
    priced_in: str | None = Field(
        default=None, description="name of another line whose amount already includes these posts"
    )

    @model_validator(mode="after")
    def _cost_has_posts(self) -> Self:
        # The stated cost is shared over the posts: with none, it would vanish from every figure.
        if self.cost is not None and not self.fte:
            raise PydanticCustomError(
                "posts", "expected fte above zero when the posts have a stated cost, found {fte}", {"fte": "0"}
            )
        return self


class Regrade(_PostsLine):
    """Existing posts moved to another grade: costs the difference, not a new post."""

    kind: Literal["regrade"] = "regrade"
    from_grade: str
    to_grade: str
    uplift_per_post: In[Amount | None, MoneyIn | None] = Field(
        default=None, description="stated; default the difference of the unit costs"
    )


class Allowance(_Line):
    """An extra payment attached to a role: per post times posts, or a total."""

    kind: Literal["allowance"] = "allowance"
    per_post: In[Amount | None, MoneyIn | None] = Field(default=None)
    posts: In[FTE | None, NumberIn | None] = Field(default=None)
    total: In[Amount | None, MoneyIn | None] = Field(default=None)

    @model_validator(mode="after")
    def _one_way(self) -> Self:
        by_post = self.per_post is not None or self.posts is not None
        if by_post == (self.total is not None):
            raise PydanticCustomError(
                "allowance",
                "expected either total, or per_post with posts, found {found}",
                {"found": "both" if by_post else "neither"},
            )
        if by_post and (self.per_post is None or self.posts is None):
            raise PydanticCustomError("allowance", "expected per_post and posts together, found only one", {})
        return self

    @property
    def annual(self) -> Money:
        """The allowance a year: its total, or per post times posts.

        >>> Allowance(name="ISO", per_post="3,750", posts=4).annual
        Money('15000')
        """
        if self.total is not None:
            return self.total
        return (self.per_post or Money(0)) * (self.posts or Decimal(0))


#: What a file writes for a cost nobody has stated yet: the line is kept, and every figure it feeds cannot be checked.
TO_BE_CONFIRMED: Final = ("tbc", "to be confirmed", "not stated", "unknown")


def _to_be_confirmed(value: object) -> object:
    """``"tbc"`` (or ``"to be confirmed"``, ``"not stated"``, ``"unknown"``): no amount stated, kept as None."""
    if isinstance(value, str) and value.strip().lower() in TO_BE_CONFIRMED:
        return None
    return value


#: An amount that may be "to be confirmed" (None once read): the field must still be written, so a missing
#: amount is a typo refused at once, and a cost nobody knows is said so in words.
Unconfirmed = Annotated[Amount | None, BeforeValidator(_to_be_confirmed)]


class _AmountLine(_Line):
    amount: In[Unconfirmed, MoneyIn | None] = Field(
        description='the amount a year (once, for a one-off cost); "tbc" when nobody has stated it yet'
    )


class RecurringCost(_AmountLine):
    """A cost every year from its start: a new team, turnout costs."""

    kind: Literal["recurring_cost"] = "recurring_cost"


class RecurringIncome(_AmountLine):
    """Income every year from its start."""

    kind: Literal["recurring_income"] = "recurring_income"


class Funding(StrEnum):
    """Where a one-off cost is funded from: the revenue budget (the default), or a route that takes it off it.

    ``reserve``: an earmarked or general reserve; ``invest_to_save``: an invest-to-save fund, repaid from the
    savings; ``capital_receipts``: flexible use of capital receipts (for the revenue costs of transformation);
    ``grant``: a grant.
    """

    REVENUE = "revenue"
    RESERVE = "reserve"
    INVEST_TO_SAVE = "invest_to_save"
    CAPITAL_RECEIPTS = "capital_receipts"
    GRANT = "grant"

    @property
    def words(self) -> str:
        """As a report says where a cost is met from: ``from a reserve``.

        >>> Funding.CAPITAL_RECEIPTS.words
        'from flexible use of capital receipts'
        """
        return _FUNDING_WORDS[self]


_FUNDING_WORDS: Final[Mapping[Funding, str]] = {
    Funding.REVENUE: "from the revenue budget",
    Funding.RESERVE: "from a reserve",
    Funding.INVEST_TO_SAVE: "from an invest-to-save fund",
    Funding.CAPITAL_RECEIPTS: "from flexible use of capital receipts",
    Funding.GRANT: "from a grant",
}


class OneOffCost(_AmountLine):
    """Paid once, in the year of ``year`` or of ``start``: never every year.

    ``funding`` says where it is met from (:class:`Funding`); the figures count the whole cost whoever pays,
    and the report shows what falls on the revenue budget after funding.
    """

    kind: Literal["one_off_cost"] = "one_off_cost"
    year: In[FinancialYear | None, YearIn | None] = Field(default=None)
    funding: In[Funding, Funding | str] = Field(
        default=Funding.REVENUE,
        description="revenue (default), reserve, invest_to_save, capital_receipts or grant",
    )


class OneOffIncome(_AmountLine):
    """Income received once, in the year of ``year`` or of ``start``: a one-off grant or contribution.

    It is revenue in the year it arrives, beside the one-off costs: it counts in the net after one-off
    costs and the net position to date (so in payback), and never in the recurring net saving. A capital
    receipt is not revenue income: name it as a one-off cost's funding (``capital_receipts``) instead.

    >>> OneOffIncome(name="Transformation grant", amount="50k", year="2016/17").amount
    Money('50000')
    """

    kind: Literal["one_off_income"] = "one_off_income"
    year: In[FinancialYear | None, YearIn | None] = Field(default=None)
    what: str = Field(default="", description="what it is, in the paper's words: a grant, a partner's contribution")


class Redundancy(_Line):
    """Redundancy pay and pension strain for one person leaving on ``start`` (the leaving date): one-off costs
    in the year of leaving (the arithmetic is :mod:`savingsmodel.engine.redundancy`).

    Statutory redundancy pay from ``age`` (complete years, at leaving), ``service_years`` (complete years of
    continuous service) and ``weekly_pay``, capped at ``weekly_cap`` or the statutory limit in force on the
    leaving date, times ``multiplier`` (an enhancement). Pension strain is ``strain`` as entered, or
    ``strain_factor`` x ``strain_base``, whose ``strain_base_is`` says what it is (``annual_pension`` or
    ``salary``).
    """

    kind: Literal["redundancy"] = "redundancy"
    start: In[date, DateIn] = Field(description="the leaving date")
    age: int = Field(ge=16, le=100, description="age at leaving, in complete years")
    service_years: int = Field(ge=0, le=70, description="complete years of continuous service at leaving")
    weekly_pay: In[Amount, MoneyIn] = Field(description="a week's pay, before the statutory cap")
    weekly_cap: In[Amount | None, MoneyIn | None] = Field(
        default=None, description="the limit on a week's pay; default the statutory limit on the leaving date"
    )
    multiplier: In[Positive, NumberIn] = Field(default=Decimal(1), description="enhancement of the statutory pay")
    strain: In[Amount | None, MoneyIn | None] = Field(default=None, description="pension strain, as entered")
    strain_factor: In[Positive | None, NumberIn | None] = Field(default=None, description="strain = factor x base")
    strain_base: In[Amount | None, MoneyIn | None] = Field(default=None, description="what the factor multiplies")
    strain_base_is: Literal["annual_pension", "salary"] | None = Field(default=None)
    funding: In[Funding, Funding | str] = Field(default=Funding.REVENUE, description="as for a one-off cost")

    @model_validator(mode="after")
    def _strain_one_way(self) -> Self:
        if self.strain is not None and self.strain_factor is not None:
            raise PydanticCustomError("strain", "expected strain or strain_factor, found both", {})
        if self.strain_factor is not None and (self.strain_base is None or self.strain_base_is is None):
            raise PydanticCustomError(
                "strain",
                "expected strain_base and strain_base_is ('annual_pension' or 'salary') with strain_factor, "
                "found {missing} missing",
                {"missing": "strain_base" if self.strain_base is None else "strain_base_is"},
            )
        if self.end is not None:
            raise PydanticCustomError("dates", "expected no end (redundancy is paid once, on leaving), found one", {})
        if self.weekly_cap is None:
            try:  # refused here, at the line, not when the proposal is evaluated
                shipped_caps().on(self.start)
            except InputError as error:
                problems = list(error.problems)
                raise PydanticCustomError("cross", "{count} problems", {"count": 1, "problems": problems}) from None
        return self


class RecurringSaving(_AmountLine):
    """A recurring saving that is not posts: a contract ended or re-let, agency spend, premises, a service stopped.

    It feeds the gross saving like posts released, and uprates by inflation unless it says what it follows
    (``uprate``): a contract's own indexation, say.

    >>> RecurringSaving(name="Agency cover", amount="120k", what="agency").what
    'agency'
    """

    kind: Literal["recurring_saving"] = "recurring_saving"
    what: str = Field(
        default="", description="what is saved, in the paper's words: a contract, agency spend, premises, a service"
    )


class CapitalFunding(StrEnum):
    """How capital spend is financed: ``borrowing`` (the default: prudential borrowing, repaid from revenue
    by the minimum revenue provision), ``capital_receipts`` (proceeds of asset sales), ``grant`` (a capital
    grant) or ``reserve`` (a capital reserve). Only borrowing has a revenue consequence to work out.
    """

    BORROWING = "borrowing"
    CAPITAL_RECEIPTS = "capital_receipts"
    GRANT = "grant"
    RESERVE = "reserve"

    @property
    def words(self) -> str:
        """As a report says how capital is financed: ``funded by borrowing``.

        >>> CapitalFunding.CAPITAL_RECEIPTS.words
        'funded from capital receipts'
        """
        return _CAPITAL_WORDS[self]


_CAPITAL_WORDS: Final[Mapping[CapitalFunding, str]] = {
    CapitalFunding.BORROWING: "funded by borrowing",
    CapitalFunding.CAPITAL_RECEIPTS: "funded from capital receipts",
    CapitalFunding.GRANT: "funded by a capital grant",
    CapitalFunding.RESERVE: "funded from a capital reserve",
}


def _years_not_a_bool(value: object) -> object:
    """A number of years: ``true`` is not one (Python would read it as 1)."""
    if isinstance(value, bool):
        raise PydanticCustomError(
            "years", "expected a whole number of years, found {found}", {"found": str(value).lower()}
        )
    return value


class CapitalSpend(_Line):
    """Capital spend, flagged as capital: it never enters the revenue figures, and is reported apart.

    ``amount`` is spent in the year of ``year`` or of ``start``. Its revenue consequence, where the paper
    states one, is a recurring cost (one of the additional costs) from the year after the spend: either
    stated (``revenue_cost`` a year, for ``asset_life`` years when given, else every year), or worked for
    spend funded by borrowing: the minimum revenue provision (MRP) in equal instalments over
    ``asset_life`` years (the asset life method), and interest at ``interest_rate`` on the balance not yet
    provided for (:mod:`savingsmodel.engine.capital`). With none of the three, it has no revenue
    consequence (the check ``CAPITAL-REVENUE-UNSTATED`` says so of spend funded by borrowing).

    >>> CapitalSpend(name="Vehicles", amount="600k", year="2016/17", asset_life=5).funding.value
    'borrowing'
    """

    kind: Literal["capital_spend"] = "capital_spend"
    amount: In[Amount, MoneyIn] = Field(description="the capital spend, once")
    year: In[FinancialYear | None, YearIn | None] = Field(default=None)
    funding: In[CapitalFunding, CapitalFunding | str] = Field(
        default=CapitalFunding.BORROWING, description="borrowing (default), capital_receipts, grant or reserve"
    )
    asset_life: In[Annotated[int | None, BeforeValidator(_years_not_a_bool)], int | str | None] = Field(
        default=None, ge=1, le=100, description="years over which the minimum revenue provision repays it"
    )
    interest_rate: In[Percent | None, NumberIn | None] = Field(
        default=None, description="the borrowing cost a year, on the balance not yet provided for ('4.5%')"
    )
    revenue_cost: In[Amount | None, MoneyIn | None] = Field(
        default=None, description="the revenue consequence a year, as stated (instead of working it)"
    )

    @model_validator(mode="after")
    def _revenue_consequence(self) -> Self:
        worked = [f for f in ("asset_life", "interest_rate") if getattr(self, f) is not None]
        if self.funding is not CapitalFunding.BORROWING and (worked or self.revenue_cost is not None):
            field = worked[0] if worked else "revenue_cost"
            raise PydanticCustomError(
                "capital",
                "expected {field} only on capital funded by borrowing (it is repaid from revenue), "
                "found funding {funding}",
                {"field": field, "funding": self.funding.value},
            )
        if self.revenue_cost is not None and self.interest_rate is not None:
            raise PydanticCustomError(
                "capital",
                "expected revenue_cost (stated) or interest_rate (worked), found both",
                {},
            )
        if self.end is not None:
            raise PydanticCustomError("dates", "expected no end (capital spend is once), found one", {})
        if self.uprate is not None:
            raise PydanticCustomError(
                "capital",
                "expected no uprate on capital spend (its revenue cost is cash, fixed when it is borrowed), "
                "found {found}",
                {"found": str(self.uprate)},
            )
        return self


class _Transfer(_PostsLine):
    """Staff moving with a service under TUPE: a transfer of budget, neither posts released nor posts created."""

    grade: str
    budget: In[Unconfirmed | None, MoneyIn | None] = Field(
        default=None, description="the annual budget that moves with the staff (shown, not a saving or a cost)"
    )
    body: str = Field(default="", description="the other employer: where the staff go, or come from")

    @model_validator(mode="after")
    def _not_priced(self) -> Self:
        # A transfer is not priced: a unit cost here would be read by nothing, so it is refused, not ignored.
        if self.unit_cost is not None:
            raise PydanticCustomError(
                "transfer",
                "expected no unit_cost on a TUPE transfer (the budget moves with the staff: state it as budget), "
                "found {found}",
                {"found": str(self.unit_cost)},
            )
        return self


class TransferOut(_Transfer):
    """Staff transferred out with a service (TUPE): the establishment falls, but no post is released or saved.

    >>> TransferOut(name="Catering staff", grade="Cook", fte=6, budget="150k", body="Acme Catering").budget
    Money('150000')
    """

    kind: Literal["transfer_out"] = "transfer_out"


class TransferIn(_Transfer):
    """Staff transferred in with a service (TUPE): the establishment grows, but no post is created or costed."""

    kind: Literal["transfer_in"] = "transfer_in"


Line = Annotated[
    PostsReleased
    | PostsCreated
    | Regrade
    | Allowance
    | RecurringCost
    | RecurringIncome
    | OneOffCost
    | OneOffIncome
    | CapitalSpend
    | Redundancy
    | RecurringSaving
    | TransferOut
    | TransferIn,
    Field(discriminator="kind"),
]


@dataclass(frozen=True, slots=True)
class LineKind:
    """What a kind of line is, decided once: its model, its words, how it uprates, how it is priced.

    ``uprating`` is how the line's amount moves when the line does not say.
    ``prices_from_grade`` says the line may take its price from its grades' unit
    costs; ``stated_price`` names the fields that, when given, state the price
    instead (a regrade's ``uplift_per_post``). ``once`` says the amount is paid
    once, in one year, not every year.

    >>> kind = LINE_KINDS["posts_created"]
    >>> kind.name, kind.label, kind.uprating.value, kind.counted_in_posts
    ('posts_created', 'posts created', 'pay', True)
    >>> kind.takes_grade_price({"grade": "Crew Manager", "fte": 8}), kind.takes_grade_price({"cost": "32k"})
    (True, False)
    """

    model: type[_Line]
    label: str
    uprating: Uprating
    prices_from_grade: bool = False
    stated_price: tuple[str, ...] = ()
    once: bool = False

    @property
    def name(self) -> str:
        """The ``kind`` a file writes: the model's own tag, so it is spelt once."""
        return str(self.model.model_fields["kind"].default)

    @property
    def counted_in_posts(self) -> bool:
        """Whether the line is a number of posts (an FTE or a schedule), moving the establishment."""
        return issubclass(self.model, _PostsLine)

    def takes_grade_price(self, line: Mapping[str, Any]) -> bool:
        """Whether a line of this kind (its fields, as written) takes its cost from its grades' unit costs.

        It does when the kind prices from a grade and the line states none of the fields that replace that price.
        """
        return self.prices_from_grade and all(line.get(field) is None for field in self.stated_price)


# By kind of line: staff costs follow pay awards; other recurring amounts follow
# inflation; a one-off cost is taken as the cash paid in its year.
_KINDS: Final = (
    LineKind(PostsReleased, "posts released", Uprating.PAY, prices_from_grade=True, stated_price=("unit_cost", "cost")),
    LineKind(
        PostsCreated,
        "posts created",
        Uprating.PAY,
        prices_from_grade=True,
        stated_price=("unit_cost", "cost", "priced_in"),
    ),
    # A regrade prices from both its grades, and only the uplift replaces them: its unit_cost is not used.
    LineKind(Regrade, "regrade", Uprating.PAY, prices_from_grade=True, stated_price=("uplift_per_post",)),
    LineKind(Allowance, "allowance", Uprating.PAY),
    LineKind(RecurringCost, "recurring cost", Uprating.INFLATION),
    LineKind(RecurringIncome, "recurring income", Uprating.INFLATION),
    LineKind(OneOffCost, "one-off cost", Uprating.NONE, once=True),
    LineKind(OneOffIncome, "one-off income", Uprating.NONE, once=True),
    # Capital is spent once; its revenue cost (MRP and interest) is cash, fixed when the money is borrowed.
    LineKind(CapitalSpend, "capital spend", Uprating.NONE, once=True),
    LineKind(Redundancy, "redundancy", Uprating.NONE, once=True),
    # A saving that is not posts follows prices, as other recurring amounts do, unless the line says.
    LineKind(RecurringSaving, "recurring saving", Uprating.INFLATION),
    # A TUPE transfer moves posts and the budget with them: nothing to price, and nothing saved or spent.
    LineKind(TransferOut, "transfer out", Uprating.NONE),
    LineKind(TransferIn, "transfer in", Uprating.NONE),
)
#: Every kind of line, by the ``kind`` a file writes: the one table of line kinds, in the order of :data:`Line`.
LINE_KINDS: Final[Mapping[str, LineKind]] = MappingProxyType({kind.name: kind for kind in _KINDS})


def default_uprating(kind: str) -> Uprating:
    """How a kind of line uprates when the line does not say.

    >>> default_uprating("posts_released"), default_uprating("recurring_cost"), default_uprating("one_off_cost")
    (<Uprating.PAY: 'pay'>, <Uprating.INFLATION: 'inflation'>, <Uprating.NONE: 'none'>)
    """
    found = LINE_KINDS.get(kind)
    return found.uprating if found is not None else Uprating.NONE
