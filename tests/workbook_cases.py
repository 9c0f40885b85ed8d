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
    RecurringSaving,
    Redundancy,
    Regrade,
    SeriesClaim,
    Step,
    TransferOut,
    UnitCostBuildUp,
)
from savingsmodel.model.buildup import OnCost

__all__ = ["CONTRACTED_OUT", "EDGE", "ONCOSTS", "REAL", "REDUNDANCIES"]

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


#: Unit costs rebuilt each year from every rule a build-up can meet: 2022/23's two NI rates, the
#: under-21 zero rate, allowances that are pensionable by the scheme's default and not NI-able, a
#: pension rate that changes, NI per person from a headcount and from one person per whole FTE,
#: vacant posts net of a grade's and of the proposal's vacancy factor, and a mid-year pay award.
ONCOSTS = Proposal(
    reference="ONC-1",
    start_year="2021/22",
    horizon=3,
    phasing="months",
    prices="cash",
    vacancy_factor="2.5%",
    grades=[
        Grade(
            name="Young",
            build_up=UnitCostBuildUp(
                salary="52000",
                tax_year="2021/22",
                ni_category="under_21",
                allowances="1500.5",
                allowances_ni=False,
                pension_scheme="lgps",
                pension_rate="17.5%",
                pension_rates={"2022/23": "18.25%"},
            ),
        ),
        Grade(
            name="Officer",
            vacancy_factor="3%",
            build_up=UnitCostBuildUp(salary="30000.01", tax_year="2021/22", pension_rate="19%"),
        ),
        Grade(name="Assistant", build_up=UnitCostBuildUp(salary="21000", tax_year="2021/22")),
    ],
    lines=[
        PostsReleased(name="Part-timers", grade="Officer", fte="6.4", headcount=11, start=date(2021, 7, 1)),
        PostsReleased(name="Vacant officers", grade="Officer", fte="2.5", vacant=True),
        PostsReleased(name="Vacant assistants", grade="Assistant", fte="1.75", vacant=True),
        PostsCreated(
            name="Young posts",
            grade="Young",
            schedule=[Step(on=date(2021, 10, 1), fte="1.5"), Step(on=date(2022, 1, 1), fte="0.75")],
        ),
    ],
    pay_awards=[
        Award(year="2022/23", rate="1.75%", effective=date(2022, 9, 1)),
        Award(year="2023/24", rate="4%"),
    ],
)

#: A build-up before 6 April 2016: the contracted-out rebate, then none the year after.
CONTRACTED_OUT = Proposal(
    reference="CO-1",
    start_year="2015/16",
    horizon=2,
    phasing="days",
    prices="cash",
    grades=[
        Grade(
            name="Watch Manager",
            build_up=UnitCostBuildUp(salary="36381", tax_year="2015/16", pension_rate="21.7%", allowances="600"),
        ),
    ],
    lines=[PostsReleased(name="Watch Managers", grade="Watch Manager", fte="3.5", start=date(2015, 11, 1))],
    pay_awards=[Award(year="2016/17", rate="1%")],
)

#: Redundancy pay and pension strain (issue 12, point 13): the weekly limit from the table and stated,
#: an enhancement that rounds, a strain estimated from a factor and one entered, under 2 years' service.
REDUNDANCIES = Proposal(
    reference="RED-1",
    start_year="2024/25",
    horizon=3,
    phasing="months",
    prices="cash",
    grades=[Grade(name="Officer", unit_cost="41234.57")],
    lines=[
        PostsReleased(name="Officers", grade="Officer", fte=3, start=date(2024, 10, 1)),
        Redundancy(
            name="Officer A",
            start=date(2024, 9, 30),
            age=58,
            service_years=27,
            weekly_pay="801.37",
            multiplier="1.75",
            strain_factor="2.85",
            strain_base="9876.54",
            strain_base_is="annual_pension",
            funding="reserve",
        ),
        Redundancy(
            name="Officer B",
            start=date(2024, 9, 30),
            age=39,
            service_years=6,
            weekly_pay="640.11",
            weekly_cap="650",
            strain="12345.67",
        ),
        Redundancy(name="Officer C", start=date(2025, 1, 31), age=24, service_years=1, weekly_pay="500"),
    ],
    pay_awards=[Award(year="2025/26", rate="3%")],
)
#: What a real proposal mixes (issue 13): a saving that is not posts following a named index with a
#: mid-year rate, a line shared with a partner at an odd split, a cost "to be confirmed", a TUPE transfer,
#: and posts priced from a stated total over tranches, in cash terms.
REAL = Proposal(
    reference="REAL-1",
    start_year="2019/20",
    horizon=3,
    prices="cash",
    pay_awards=[{"year": "2020/21", "rate": "2.75%"}],
    inflation=[{"year": "2020/21", "rate": "1.7%"}],
    indices=[
        {
            "name": "cleaning contract",
            "rates": [
                {"year": "2020/21", "rate": "3.1%", "effective": "2020-07-01"},
                {"year": "2021/22", "rate": "2%"},
            ],
            "source": "contract clause 7",
            "checked": "2019-03-01",
        }
    ],
    partner="Neighbour DC",
    our_share="37.5%",
    grades=[Grade(name="Clerk", unit_cost="23456.78"), Grade(name="Officer")],
    lines=[
        PostsReleased(
            name="Clerks",
            grade="Clerk",
            schedule=[Step(on=date(2019, 4, 1), fte="1.5"), Step(on=date(2019, 11, 1), fte="2")],
            cost="81,999.99",
        ),
        PostsReleased(name="Officers", grade="Officer", fte=2, our_share="100%"),
        RecurringSaving(name="Cleaning", amount="45,678.91", uprate="cleaning contract", start=date(2019, 8, 1)),
        RecurringCost(name="Telecare", amount="tbc"),
        TransferOut(name="Caretakers", grade="Clerk", fte=3, budget="70k", body="Acme"),
        RecurringCost(name="Team", amount="12,345.67", our_share="61%"),
    ],
)
