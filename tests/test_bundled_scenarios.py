"""The bundled scenarios: the worked case's one file (shipped in the package), with their figures and claims."""

from __future__ import annotations

import inspect
import os
import tomllib
from datetime import date
from decimal import Decimal
from fractions import Fraction
from importlib import resources
from pathlib import Path

import pytest

from savingsmodel import Money, Proposal, Status, evaluate, reconcile
from savingsmodel.core.money import RoundingMode, Unit, round_fraction
from savingsmodel.engine.unit_costs import unit_cost
from savingsmodel.examples import scs4_1_revised
from savingsmodel.files import load

from builders import CONSTANT_PRICES, ROOT, amounts

REVISED = "scenarios/scs4-1-revised.toml"
ORIGINAL = "scenarios/scs4-1-original.toml"


def test_the_worked_case_has_one_home_the_packaged_file() -> None:
    packaged = resources.files("savingsmodel.examples").joinpath("scs4-1-revised.toml")
    # scenarios/ holds a link to the file the package ships, not a second copy of the case.
    assert Path(REVISED).is_symlink()
    assert os.path.samefile(REVISED, str(packaged))
    assert scs4_1_revised() == load(REVISED).proposal
    assert [v.name for v in scs4_1_revised().variants] == ["posts-leave-october"]


def test_the_worked_case_is_read_from_its_file_not_written_in_python() -> None:
    # The example module holds no proposal of its own: it reads the packaged file, afresh at each call.
    source = inspect.getsource(inspect.getmodule(scs4_1_revised))
    assert "Proposal(" not in source
    assert "scs4-1-revised.toml" in source
    assert scs4_1_revised() is not scs4_1_revised()


def test_every_data_file_in_the_package_is_package_data() -> None:
    # A data file missing from [tool.setuptools.package-data] is absent from a wheel, though present in a checkout.
    with open("pyproject.toml", "rb") as handle:
        globs = tomllib.load(handle)["tool"]["setuptools"]["package-data"]["savingsmodel"]
    package = Path("savingsmodel")
    data = [
        path.relative_to(package)
        for path in package.rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts
    ]
    assert "examples/scs4-1-revised.toml" in {path.as_posix() for path in data}
    assert [path for path in data if not any(path.match(glob) for glob in globs)] == []


@pytest.mark.parametrize("path", [REVISED, ORIGINAL])
def test_every_line_grade_and_claim_cites_its_source(path: str) -> None:
    proposal = load(path).proposal
    assert all(line.source for line in proposal.lines)
    assert all(claim.source and claim.words for claim in proposal.claims)
    assert all(assumption.source for assumption in proposal.assumptions)
    assert all(variant.description for variant in proposal.variants)


def test_revised_claims_hold_except_the_crew_manager_conflict() -> None:
    findings = reconcile(evaluate(load(REVISED).proposal))
    not_holding = [(f.status, f.source) for f in findings if f.status is not Status.HOLDS]
    assert not_holding == [(Status.MISSES, "para 8.1"), (Status.CONFLICT, "para 8.1; para 12")]


def test_posts_leaving_in_october_give_a_part_year_effect() -> None:
    result = evaluate(load(REVISED).proposal.with_variant("posts-leave-october"))
    assert [y.gross_saving for y in result.years] == [Money(288000), *[Money(576000)] * 3]
    assert [y.net_saving for y in result.years] == [Money(72000), *[Money(360000)] * 3]
    assert [y.net_saving_incremental for y in result.years] == [Money(72000), Money(288000), Money(0), Money(0)]
    assert result.year("2016/17").full_year_effect == Money(360000)
    net = [f for f in reconcile(result) if f.claim == "net_saving 2016/17"]
    assert [f.status for f in net] == [Status.MISSES]


def test_the_scenario_dates_the_posts_and_has_a_later_variant() -> None:
    data = tomllib.loads((ROOT / "scenarios/scs4-1-revised.toml").read_text(encoding="utf-8"), parse_float=Decimal)
    case = Proposal.model_validate(data)
    assert case.line("Watch Manager posts released").start == date(2016, 4, 1)
    later = evaluate(case.with_variant("posts-leave-october"))
    assert amounts(later, "gross_saving")[:2] == [Money(288000), Money(576000)]
    # Savings lines are at base-year prices by default (issue 12, point 6): the report says so, and what it means.
    assert evaluate(case).prices == CONSTANT_PRICES


def _on_costs(salary: int) -> Money:
    """Salary plus employer NI and FPS 1992 pension (21.7%), each rounded to the penny.

    NI for 2015/16: 13.8% above £8,112, less the contracted-out rebate (issue 12, point 3) of 3.4% on
    pay above the £5,824 LEL up to the £40,040 UAP (every salary here is below the UAP).
    """

    def penny(amount: Fraction) -> Decimal:
        return round_fraction(amount, Decimal("0.01"), RoundingMode.HALF_UP)

    exact_ni = Fraction("0.138") * (salary - 8112) - Fraction("0.034") * (salary - 5824)
    ni, pension = penny(exact_ni), penny(Fraction("0.217") * salary)
    return Money(salary) + Money(ni) + Money(pension)


def test_original_unit_costs_follow_their_stated_arithmetic() -> None:
    proposal = load(ORIGINAL).proposal
    assumed = {a.name: a.value for a in proposal.assumptions}
    assert (
        unit_cost(proposal.grade("Firefighter")) == _on_costs(int(assumed["Firefighter salary"])) == Money("37843.31")
    )
    assert unit_cost(proposal.grade("Supervisory Manager")) == _on_costs(int(assumed["Supervisory Manager salary"]))
    watch_manager = unit_cost(proposal.with_variant("watch-manager-rate").grade("Supervisory Manager"))
    # 34,086 + (0.138 x 25,974 - 0.034 x 28,262 = 3,584.412 - 960.908 = 2,623.504) + 7,396.66 (7,396.662)
    assert watch_manager == _on_costs(34086) == Money("44106.16")


def test_original_shows_what_the_claim_implies_per_post() -> None:
    proposal = load(ORIGINAL).proposal
    implied = next(a for a in proposal.assumptions if a.name == "cost per post implied by the claim")
    posts = sum((line.fte or Decimal(0) for line in proposal.lines), Decimal(0))
    assert posts == 14
    assert Decimal(implied.value) == Money(360000).scaled(Fraction(1, int(posts)), Unit.PENCE).amount
    assert "£360,000 / 14 posts = £25,714.29 a post" in implied.note


def test_original_check_says_how_far_the_claim_is_from_the_assumed_costs() -> None:
    proposal = load(ORIGINAL).proposal
    findings = reconcile(evaluate(proposal))
    net = findings[0]
    assert (net.status, net.stated, net.computed) == (Status.MISSES, Decimal(360000), Decimal("558210.76"))
    assert "misses by +£198,210.76 (+55.1%)" in net.message
    at_implied_cost = reconcile(evaluate(proposal.with_variant("claim-implied-unit-cost")))
    assert all(f.status is Status.HOLDS for f in at_implied_cost)


CARE = "scenarios/care-agency-vacancy.toml"


def test_the_care_service_case_saves_agency_spend_on_its_own_index_and_vacant_posts_net_of_the_factor() -> None:
    proposal = load(CARE).proposal
    assert all(line.source.startswith("para ") for line in proposal.lines)
    assert all(claim.source.startswith("para ") and claim.words for claim in proposal.claims)
    result = evaluate(proposal)
    # Six vacant posts at £31,000, the budget set net of a 5% vacancy factor: 95% of their cost.
    vacant = [result.line_figure("Vacant Care Worker posts", "gross_saving", y.year) for y in result.years]
    assert vacant == [Money(176700), Money(182001), Money("185641.02")]  # then the 3% and 2% pay awards
    # Agency spend follows the framework's own uplift (5%, then 4%), not pay awards or inflation.
    agency = [result.line_figure("Agency hours reduced", "gross_saving", y.year) for y in result.years]
    assert agency == [Money(240000), Money(252000), Money(262080)]
    assert [y.net_saving for y in result.years] == [Money(329700), Money(344391), Money("356318.82")]
    assert all(f.status is Status.HOLDS for f in reconcile(result))
