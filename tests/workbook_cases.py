"""Proposals that reach every corner of the workbook's formulas: shared by the workbook tests.

``EDGE`` has a part-pence unit cost in a full year, a built-up grade with every kind of
on-cost, schedules, a regrade down a grade, a stated cost shared over tranches, an
allowance per post, mid-year and zero pay awards under the days convention, inflation on
a one-off cost, a line in force before the horizon, and claims of every basis.
"""

from __future__ import annotations

from datetime import date

from savingsmodel import (
    Allowance,
    Award,
    Claim,
    Grade,
    OneOffCost,
    PostsCreated,
    PostsReleased,
    Proposal,
    RecurringCost,
    RecurringIncome,
    Regrade,
    SeriesClaim,
    Step,
    UnitCostBuildUp,
)
from savingsmodel.model.buildup import OnCost

__all__ = ["EDGE"]

EDGE = Proposal(
    reference="EDGE-1",
    title='=HYPERLINK("http://example.invalid","every corner")',
    service="+ a service whose name starts with a plus",
    start_year="2019/20",
    horizon=3,
    phasing="days",
    grades=[
        Grade(name="Clerk", unit_cost="76.85", source="@payroll"),
        Grade(
            name="Officer",
            build_up=UnitCostBuildUp(
                salary="30000.01",
                tax_year="2019/20",
                pension_rate="17.35%",
                allowances="1234.5",
                allowances_pensionable=True,
                apprenticeship_levy="0.5%",
                other=[OnCost(name="car", amount="1000"), OnCost(name="training", rate="1.25%")],
            ),
        ),
        Grade(name="Senior*?~", unit_cost="31000.03"),
    ],
    lines=[
        PostsReleased(name="Clerks", grade="Clerk", fte="0.5", source="-para 1"),
        PostsReleased(
            name="Officers",
            grade="Officer",
            schedule=[Step(on=date(2019, 4, 1), fte=1), Step(on=date(2019, 11, 15), fte="2.5")],
        ),
        Regrade(name="Down a grade", from_grade="Officer", to_grade="Senior*?~", fte=1, start=date(2020, 2, 29)),
        PostsCreated(
            name="Team",
            grade="Officer",
            cost="100000.01",
            schedule=[Step(on=date(2019, 6, 1), fte=1), Step(on=date(2020, 1, 1), fte=2)],
        ),
        Allowance(name="Standby", per_post="333.33", posts="2.5", start=date(2019, 7, 15), end=date(2021, 1, 31)),
        RecurringIncome(name="Fees", amount="1000.01", start=date(2019, 10, 1)),
        OneOffCost(name="Redundancy", amount="5000.05", start=date(2020, 9, 30), uprate="inflation"),
        RecurringCost(name="Early", amount="1200", start=date(2018, 10, 1)),
    ],
    prices="cash",
    pay_awards=[
        Award(year="2019/20", rate="2.75%", effective=date(2019, 9, 1)),
        Award(year="2020/21", rate="0%"),
        Award(year="2021/22", rate="1.5%", effective=date(2021, 7, 1)),
    ],
    inflation=[Award(year="2020/21", rate="2%")],
    claims=[
        Claim(figure="net_saving", value="50k", year="2019/20", rounded_to="1k", source="=1+1"),
        Claim(figure="net_saving", value="10k", year="2020/21", basis="incremental", rounded_to="1k"),
        Claim(figure="gross_saving", value="400k", basis="total", rounded_to="1k"),
        Claim(figure="fte_change", grade="Clerk", value="-0.5", year="2021/22"),
        Claim(figure="fte_released", value=3, year="2019/20"),
    ],
    series=[SeriesClaim(figure="net_saving", year="2019/20", values=["50k", "0", "1k"], basis="incremental")],
    variants=[{"name": "constant", "prices": "constant"}, {"name": "months", "phasing": "months"}],
)
