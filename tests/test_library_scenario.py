"""The bundled illustrative scenario LIB-01 (library restructure): it loads, it is sound, and its figures are right.

The expected figures are worked here by hand, from the inputs the file states, with Decimal and Fraction
arithmetic of their own (not the library's rounding helpers), so a change in the engine that moves a figure
fails these tests.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from itertools import pairwise

import pytest

from savingsmodel import Money, Proposal, Status, evaluate, reconcile, run_checks
from savingsmodel.cli import EXIT_OK, main
from savingsmodel.engine import unit_costs
from savingsmodel.files import load

LIBRARY = "scenarios/library-restructure.toml"
VARIANT = "october-leavers-go-in-january"

# Inputs as the file states them (assumptions A1-A8).
LA_SALARY, SLA_SALARY = Decimal(25583), Decimal(28598)
NI_RATE, NI_THRESHOLD = Decimal("0.15"), Decimal(5000)
PENSION, LEVY = Decimal("0.175"), Decimal("0.005")
PAY_2026, INFLATION_2026 = Decimal("1.03"), Decimal("1.02")
KIOSKS, ROOM_HIRE = Decimal(14 * 1100), Decimal(3 * 5 * 48 * 22)
ONE_OFF = Decimal(4 * 9600) + Decimal(2 * 31500) + Decimal(14 * 1500 + 3000)


def penny(amount: Decimal | Fraction) -> Decimal:
    """To the penny, half-up, by Decimal's own quantize."""
    if isinstance(amount, Fraction):
        amount = Decimal(amount.numerator) / Decimal(amount.denominator)
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def unit_cost(salary: Decimal) -> Decimal:
    """Salary plus employer NI above the threshold, LGPS and the levy, each on-cost rounded to the penny."""
    return salary + penny(NI_RATE * (salary - NI_THRESHOLD)) + penny(PENSION * salary) + penny(LEVY * salary)


LA, SLA = unit_cost(LA_SALARY), unit_cost(SLA_SALARY)
NI_LA = penny(NI_RATE * (LA_SALARY - NI_THRESHOLD))  # one full-time Library Assistant's employer NI
HALF_NI = penny(NI_RATE * (LA_SALARY / 2 - NI_THRESHOLD))  # a half-time one's: the threshold is per person
REGRADE = 4 * (SLA - LA)


@pytest.fixture(scope="module")
def proposal() -> Proposal:
    return load(LIBRARY).proposal


def test_the_unit_costs_are_built_from_salary_ni_pension_and_levy(proposal: Proposal) -> None:
    assert [unit_cost(LA_SALARY), unit_cost(SLA_SALARY)] == [Decimal("33275.40"), Decimal("37285.34")]
    assert [unit_costs.unit_cost(g) for g in proposal.grades] == [Money(LA), Money(SLA)]


def test_it_says_it_is_an_illustrative_example_and_cites_everything(proposal: Proposal) -> None:
    with open(LIBRARY, encoding="utf-8") as handle:
        assert "ILLUSTRATIVE EXAMPLE, NOT A REAL PAPER" in handle.readline()
    assert all(line.source for line in proposal.lines)
    assert all(claim.source and claim.words for claim in proposal.claims)
    assert all(series.source and series.words for series in proposal.series)
    assert all(assumption.source for assumption in proposal.assumptions)
    assert all(variant.description for variant in proposal.variants)


def test_check_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", LIBRARY]) == EXIT_OK
    out = capsys.readouterr().out
    assert "16 claims, 16 hold, 0 miss, 0 conflicts, 0 cannot be checked" in out
    assert ": warning " not in out


def test_every_claim_holds_and_no_check_warns(proposal: Proposal) -> None:
    result = evaluate(proposal)
    assert {f.status for f in reconcile(result)} == {Status.HOLDS}
    findings = run_checks(result)
    assert not [f for f in findings if f.severity == "warning"]
    assert sorted(f.code for f in findings) == ["COUNT-ESTABLISHMENT", "COUNT-ESTABLISHMENT", "COUNT-SCOPE"]


def test_2025_26_is_a_part_year(proposal: Proposal) -> None:
    year = evaluate(proposal).year("2025/26")
    # 6 FTE all year, 4 FTE from October (6/12), 2.5 FTE from January (3/12): each tranche rounded once.
    # NI is per person (issue 12, point 2): with no headcount, the 12.5 FTE are 12 full-time people and
    # one half-time, whose NI is 15% x (12,791.50 - 5,000) = 1,168.73, not half of 3,087.45 (1,543.725).
    # The January tranche is the 12.5 FTE less the 10 before it: 12.5 x (33,275.40 - 3,087.45)
    # + 12 x 3,087.45 + 1,168.73 = 415,567.505, to the penny 415,567.51, less 10 x 33,275.40 = 82,813.51.
    january = penny(Decimal("12.5") * (LA - NI_LA) + 12 * NI_LA + HALF_NI) - 10 * LA
    assert january == Decimal("82813.51")
    gross = 6 * LA + penny(Fraction(4 * LA) * Fraction(6, 12)) + penny(Fraction(january) * Fraction(3, 12))
    costs = penny(Fraction(REGRADE) / 2) + penny(Fraction(KIOSKS) / 2)
    income = penny(Fraction(ROOM_HIRE) / 4)
    assert (year.gross_saving, year.additional_costs, year.income) == (Money(gross), Money(costs), Money(income))
    assert year.gross_saving == Money("286906.58")
    assert year.one_off_costs == Money(ONE_OFF) == Money(125400)
    assert year.net_saving == Money(gross + income - costs)
    assert year.net_after_one_off_costs == Money(gross + income - costs - ONE_OFF)
    # The full-year effect: everything in force on 31 March 2026, for a whole year, at 2025/26 prices.
    assert year.full_year_effect == Money(10 * LA + january - REGRADE - KIOSKS + ROOM_HIRE)


def test_2026_27_is_the_full_year_uprated(proposal: Proposal) -> None:
    year = evaluate(proposal).year("2026/27")
    # The unit cost is rebuilt for 2026/27 (issue 12, point 1): salary 25,583 x 1.03 = 26,350.49, then
    # NI 15% x (26,350.49 - 5,000) = 3,202.57, LGPS 17.5% = 4,611.34, levy 0.5% = 131.75: 34,296.15;
    # 12.5 FTE x 34,296.15 = 428,701.875, to the penny (cumulatively over the tranches) 428,701.88.
    salary = penny(Decimal(25583) * PAY_2026)
    unit = salary + penny(Decimal("0.15") * (salary - 5000)) + penny(Decimal("0.175") * salary)
    unit += penny(Decimal("0.005") * salary)
    assert unit == Decimal("34296.15")
    # NI per person: 12 full-time people at 3,202.57 and one half-time at 15% x (13,175.245 - 5,000) = 1,226.29
    ni = penny(Decimal("0.15") * (salary - 5000))
    half = penny(Decimal("0.15") * (salary / 2 - 5000))
    gross = penny(Decimal("12.5") * (unit - ni) + 12 * ni + half)
    costs = penny(REGRADE * PAY_2026) + penny(KIOSKS * INFLATION_2026)
    income = penny(ROOM_HIRE * INFLATION_2026)
    assert year.gross_saving == Money(gross) == Money("428326.88")
    assert year.net_saving == Money(gross + income - costs)
    assert year.one_off_costs == Money(0)


def test_the_mtfp_line_is_the_change_in_the_recurring_saving(proposal: Proposal) -> None:
    result = evaluate(proposal)
    annual = [y.net_saving for y in result.years]
    incremental = result.series(proposal.series[0].figure, "incremental")
    assert list(incremental) == [annual[0], *(b - a for a, b in pairwise(annual))]
    # The paper's rounded line adds up to the rounded annual effect of the last year.
    stated = proposal.series[0].values
    assert sum(stated, Decimal(0)) == (annual[-1].amount / 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP) * 1000


def months_to_pay_back(monthly_net: list[Fraction], cost_month: int) -> int | None:
    """The months to the end of the month the running position first reaches zero, once the costs are paid."""
    position = Fraction(0)
    for month, change in enumerate(monthly_net):
        position += change
        if month >= cost_month and position >= 0:
            return month + 1
    return None


def test_payback_by_hand(proposal: Proposal) -> None:
    la = Fraction(LA)
    april = 6 * la / 12
    october = (10 * la - Fraction(REGRADE) - Fraction(KIOSKS)) / 12
    january = (Fraction(Decimal("12.5")) * la - Fraction(REGRADE) - Fraction(KIOSKS) + Fraction(ROOM_HIRE)) / 12
    months = [april] * 6 + [october - Fraction(ONE_OFF)] + [october] * 2 + [january] * 3
    # By the end of October the position is still short (-£464.28); November brings it above zero.
    assert penny(sum(months[:7], Fraction(0))) == Decimal("-464.28")
    assert months_to_pay_back(months, cost_month=6) == 8  # the one-off costs are all paid in October
    payback = evaluate(proposal).payback
    # Counted from the first one-off spend (October 2025, month 7 of the horizon): October and November.
    assert payback.months == 8 - 6
    assert str(payback) == (
        "pays back £125,400 of one-off costs by the end of November 2025: 2 months from the first one-off spend "
        "in October 2025"
    )


def test_the_variant_loads_and_moves_the_2025_26_saving_down_by_three_months_of_four_posts(proposal: Proposal) -> None:
    assert [v.name for v in proposal.variants] == [VARIANT]
    base = evaluate(proposal)
    later = evaluate(proposal.with_variant(VARIANT))
    moved = base.year("2025/26").gross_saving - later.year("2025/26").gross_saving
    # 4 FTE leave in January instead of October: 3 months' less saving, 4 x £33,275.40 x 3/12.
    assert moved == Money(penny(Fraction(4 * LA) * Fraction(3, 12))) == Money(LA)
    assert later.year("2025/26").net_saving == base.year("2025/26").net_saving - moved
    # The one-offs move months, not years; the full year is unchanged (to the penny, per tranche rounding).
    assert later.year("2025/26").one_off_costs == base.year("2025/26").one_off_costs
    assert abs((later.year("2026/27").gross_saving - base.year("2026/27").gross_saving).amount) <= Decimal("0.01")
    missed = {f.claim for f in reconcile(later) if f.status is Status.MISSES}
    assert "gross_saving 2025/26" in missed


def test_the_variant_file_runs(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", LIBRARY, "--variant", VARIANT, "--units", "thousands"]) == EXIT_OK
    gross = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("Gross saving"))
    assert gross.split()[2] == "254"
