"""The worked case, shipped as Python: Oxfordshire Fire and Rescue Service, MTFP line SCS4-1.

Source: Performance Scrutiny Committee, 5 November 2015, "Revised Staffing
Model and Community Risk Management Plan (CRMP) Development", paragraphs 7-12.
The same proposal is in ``scenarios/scs4-1-revised.toml``; a test keeps the two equal.

>>> from savingsmodel import evaluate
>>> figures = evaluate(scs4_1_revised()).year("2016/17")
>>> figures.gross_saving, figures.additional_costs, figures.net_saving
(Money('576000'), Money('216000'), Money('360000'))
"""

from __future__ import annotations

from datetime import date

from savingsmodel.model.claims import Claim, Figure
from savingsmodel.model.grades import Grade
from savingsmodel.model.lines import Allowance, PostsCreated, PostsReleased, RecurringCost
from savingsmodel.model.proposal import Assumption, Proposal
from savingsmodel.model.statements import Count, Rota

__all__ = ["scs4_1_revised"]


def scs4_1_revised() -> Proposal:
    """The revised proposal: 12 Watch Manager posts released to create 14 ISO roles."""
    return Proposal(
        reference="SCS4-1 15SCS42 S",
        title="Revised staffing model: Watch Manager posts to Incident Support Officer roles",
        service="Oxfordshire Fire and Rescue Service",
        source_document="Performance Scrutiny Committee, 5 November 2015, item 6",
        start_year="2016/17",
        grades=[
            Grade(name="Watch Manager", unit_cost="48000", source="para 11", note="including on-costs"),
            Grade(name="Crew Manager", note="the paper gives no unit cost"),
        ],
        lines=[
            PostsReleased(
                name="Watch Manager posts released",
                grade="Watch Manager",
                fte=12,
                source="para 9",
                start=date(2016, 4, 1),  # "by April 2016": gone by the first day of 2016/17
                note="26 posts in scope (para 8.1-8.4) less 14 ISO roles created (para 8.5); "
                "through vacancies and retirements by April 2016",
            ),
            PostsCreated(
                name="Resource Management Team Watch Manager post",
                grade="Watch Manager",
                fte=1,
                priced_in="Resource Management Team",
                source="para 10",
                note="the 'additional post created*': its cost is taken to sit inside the team's £134k",
            ),
            PostsCreated(
                name="Additional Crew Manager posts",
                grade="Crew Manager",
                fte=8,
                cost="32000",
                source="para 12",
                note="'The creation of eight additional Crew Manager posts £32k'",
            ),
            Allowance(name="ISO allowances", total="15000", source="para 12"),
            RecurringCost(
                name="Additional turnout and disturbance costs", amount="5000", source="para 12", note="approx."
            ),
            RecurringCost(
                name="Uplift of responsibilities from WM A to WM B",
                amount="30000",
                source="para 12",
                note="approx.; the number of posts uplifted is not stated",
            ),
            RecurringCost(name="Resource Management Team", amount="134000", source="para 12"),
        ],
        claims=[
            Claim(
                figure=Figure.GROSS_SAVING,
                value="576k",
                year="2016/17",
                rounded_to="1k",
                source="para 11",
                words="Each WM post (including on costs) equates to £48k, therefore, delivering £576k.",
            ),
            Claim(
                figure=Figure.ADDITIONAL_COSTS,
                value="216k",
                year="2016/17",
                rounded_to="1k",
                source="para 12",
                words="Total additional costs £216k",
            ),
            Claim(
                figure=Figure.NET_SAVING,
                value="360k",
                year="2016/17",
                rounded_to="1k",
                source="para 12",
                words="Net saving (savings – costs) £360k",
            ),
            Claim(
                figure=Figure.RECURRING_NET_SAVING,
                value="360k",
                year="2016/17",
                basis="incremental",
                rounded_to="1k",
                source="para 7",
                words="Delivering savings of £360k in 2016/17",
            ),
            Claim(
                figure=Figure.FTE_RELEASED,
                value=12,
                year="2016/17",
                source="para 9",
                words="This will release 12 posts",
            ),
            Claim(
                figure=Figure.FTE_CHANGE,
                grade="Watch Manager",
                value=-11,
                year="2016/17",
                source="para 10",
                words="The number of Watch Managers (WM) on the establishment will reduce by 11",
            ),
            Claim(
                figure=Figure.FTE_CHANGE,
                grade="Crew Manager",
                value=4,
                year="2016/17",
                source="para 8.1",
                words="increase crew managers by 4 to maintain supervisory management",
            ),
            Claim(
                figure=Figure.FTE_CHANGE,
                grade="Crew Manager",
                value=8,
                year="2016/17",
                source="para 12",
                words="The creation of eight additional Crew Manager posts",
            ),
        ],
        assumptions=[
            Assumption(
                name="Watch Manager unit cost",
                value="48000",
                source="para 11",
                note="including on-costs; a Watch Manager B on £36,381 in 2015/16 costs £48,176.80",
            ),
            Assumption(
                name="posts gone by",
                value="2016-04-01",
                source="para 9",
                note="'by April 2016', so the saving counts in full from the start of 2016/17",
            ),
        ],
        counts=[
            Count(
                what="posts_in_scope",
                value=26,
                grade="Watch Manager",
                source="para 8.5",
                words="From the 26 posts detailed above",
            ),
            Count(
                what="roles_created",
                value=14,
                grade="Watch Manager",
                source="para 8.5",
                words="it is intended to create 14 Incident Support Officer (ISO) roles at Watch Manager level",
            ),
            Count(
                what="posts_released",
                value=12,
                grade="Watch Manager",
                year="2016/17",
                source="para 9",
                words="This will release 12 posts ... by April 2016",
            ),
        ],
        rotas=[
            Rota(
                name="Incident Support Officer",
                positions=3,
                posts=14,
                contracted_hours_per_week=42,
                grade="Watch Manager",
                source="para 8.5",
                note="42 hours a week assumed: the whole-time duty system's average week; the paper states no hours",
                words="provide incident support on a rota pattern delivering three ISO's on a 24/7/365 rota",
            ),
        ],
    )
