"""The officer checks: each fires on the point it exists for and stays quiet on a sound proposal."""

from __future__ import annotations

import json
import tomllib
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from savingsmodel.checks.common import DEFAULT_BAND, plausible_band
from savingsmodel.checks.findings import CheckFinding, Severity
from savingsmodel.checks.registry import run_checks
from savingsmodel.checks.rota import STATUTORY_LEAVE_SHARE
from savingsmodel.core.errors import InputError
from savingsmodel.core.money import Money
from savingsmodel.engine.evaluation import evaluate
from savingsmodel.examples import scs4_1_revised
from savingsmodel.model.claims import Figure
from savingsmodel.model.proposal import Proposal
from savingsmodel.model.statements import CHECK_CODES, Rota

from builders import ROOT, changed, checks


def codes(findings: list[CheckFinding], severity: Severity | None = None) -> list[str]:
    return [f.code for f in findings if severity is None or f.severity is severity]


def warnings(proposal: Proposal) -> list[CheckFinding]:
    return [f for f in checks(proposal) if f.severity is Severity.WARNING]


def with_line(proposal: Proposal, name: str, **fields: Any) -> Proposal:
    lines = [{**x.model_dump(), **fields} if x.name == name else x.model_dump() for x in proposal.lines]
    return changed(proposal, lines=lines)


# ---- Sound proposals: the checks say nothing worse than info -----------------------------------------


def library_restructure() -> Proposal:
    """Six librarian posts go from April 2017 for two assistants; the one-off cost is shown apart."""
    return Proposal.model_validate(
        {
            "reference": "LIB-1",
            "title": "Library staffing restructure",
            "start_year": "2016/17",
            "grades": [
                {"name": "Librarian", "unit_cost": "32k", "plausible_unit_cost": ["25k", "45k"]},
                {"name": "Library Assistant", "unit_cost": "24k"},
            ],
            "lines": [
                {
                    "kind": "posts_released",
                    "name": "Librarian posts",
                    "grade": "Librarian",
                    "fte": 6,
                    "start": "2017-04-01",
                },
                {"kind": "posts_created", "name": "Assistant posts", "grade": "Library Assistant", "fte": 2},
                {"kind": "one_off_cost", "name": "Redundancy", "amount": "50k", "year": "2017/18"},
            ],
            "claims": [
                {"figure": "gross_saving", "value": "192k", "year": "2017/18"},
                {"figure": "one_off_costs", "value": "50k", "year": "2017/18"},
                {"figure": "net_saving", "value": "144k", "year": "2017/18"},
                {"figure": "net_after_one_off_costs", "value": "94k", "year": "2017/18"},
                {"figure": "fte_released", "value": 6, "year": "2017/18"},
            ],
            "counts": [
                {"what": "posts_in_scope", "value": 10, "grade": "Librarian"},
                {"what": "roles_created", "value": 4, "grade": "Librarian"},
                {
                    "what": "posts_released",
                    "value": 6,
                    "grade": "Librarian",
                    "phased": [{"year": "2017/18", "value": 6}],
                },
                {"what": "establishment_before", "value": 20, "grade": "Librarian"},
                {"what": "establishment_after", "value": 14, "grade": "Librarian"},
            ],
            "rotas": [
                {
                    "name": "Enquiry desk",
                    "positions": 2,
                    "hours_per_day": 10,
                    "days_per_year": 300,
                    "posts": 4,
                    "contracted_hours_per_week": 37,
                    "abstraction": "15%",
                }
            ],
        }
    )


def control_room() -> Proposal:
    """Ten posts go on 1 October 2016: the part-year saving is claimed, then the full-year effect."""
    return Proposal.model_validate(
        {
            "reference": "CR-2",
            "title": "Control room",
            "start_year": "2016/17",
            "grades": [
                {"name": "Operator", "unit_cost": "40k"},
                {"name": "Senior Operator", "unit_cost": "46k"},
            ],
            "lines": [
                {
                    "kind": "posts_released",
                    "name": "Operator posts",
                    "grade": "Operator",
                    "fte": 10,
                    "start": "2016-10-01",
                },
                {
                    "kind": "regrade",
                    "name": "Operators to senior",
                    "from_grade": "Operator",
                    "to_grade": "Senior Operator",
                    "fte": 2,
                },
                {"kind": "posts_created", "name": "Supervisor", "grade": "Senior Operator", "fte": 1, "cost": "46k"},
            ],
            "claims": [
                {"figure": "gross_saving", "value": "200k", "year": "2016/17"},
                {"figure": "gross_saving", "value": "200k", "year": "2017/18", "basis": "incremental"},
                {"figure": "gross_saving", "value": "400k", "year": "2017/18"},
                {"figure": "net_saving", "value": "142k", "year": "2016/17"},
                {"figure": "net_saving", "value": "342k", "year": "2017/18"},
            ],
            "counts": [
                {"what": "posts_released", "value": 10, "grade": "Operator", "year": "2016/17"},
                {"what": "posts_created", "value": 1, "grade": "Senior Operator"},
                {"what": "establishment_before", "value": 30, "grade": "Operator"},
                {"what": "establishment_after", "value": 18, "grade": "Operator"},
            ],
            "rotas": [
                {
                    "name": "Control room",
                    "positions": 1,
                    "posts": 6,
                    "contracted_hours_per_week": 42,
                    "abstraction": "0.2",
                }
            ],
        }
    )


SOUND = [library_restructure, control_room]


@pytest.mark.parametrize("make", SOUND)
def test_sound_proposals_raise_no_warnings(make: Any) -> None:
    findings = checks(make())
    assert [str(f) for f in findings if f.severity is Severity.WARNING] == []
    # The count identities they state are reported as holding, and the rota's room is always given.
    assert "ROTA-COVER" in codes(findings, Severity.INFO)
    assert "COUNT-ESTABLISHMENT" in codes(findings, Severity.INFO)


@pytest.mark.parametrize("make", SOUND)
def test_sound_proposals_reconcile(make: Any) -> None:
    from savingsmodel.checks.reconcile import Status, reconcile

    assert {f.status for f in reconcile(evaluate(make()))} == {Status.HOLDS}


def test_bundled_scenarios_raise_no_unacknowledged_warnings_except_the_worked_case_point() -> None:
    from savingsmodel.files import load

    paths = sorted(
        p
        for p in (ROOT / "scenarios").iterdir()
        if p.suffix in (".toml", ".yaml", ".yml") and not p.name.startswith("plan-")
    )
    assert paths
    for path in paths:
        proposal = load(path).proposal
        left = [f"{f.code}: {f.message}" for f in checks(proposal) if f.is_warning]
        expected = ["WORDS-UNIT-COST"] if path.name == "scs4-1-revised.toml" else []
        assert [x.split(":")[0] for x in left] == expected, (path.name, left)


# ---- The worked case ------------------------------------------------------------------------------


def test_worked_case_findings() -> None:
    findings = checks(scs4_1_revised())
    assert [(f.code, f.severity.value, f.subject) for f in findings] == [
        ("COUNT-SCOPE", "info", "counts[0]"),
        ("PRICED-IN", "info", "lines[1]"),
        ("WORDS-UNIT-COST", "warning", "lines[2]"),
        ("ROTA-COVER", "info", "rotas[0]"),
    ]
    scope, priced, words, rota = (f.message for f in findings)
    assert "26 (para 8.5); roles created 14 (para 8.5) + posts released 12 (para 9) = 26: holds" in scope
    assert "changes by -11 (12 released, 1 created)" in priced
    assert "priced in 'Resource Management Team' (£134,000)" in priced
    assert "8 new Crew Manager posts for £32,000 a year is £4,000 a post" in words
    assert "regrade" in words
    assert "26,280 position-hours" in rota
    assert "30,660 contracted hours" in rota
    assert "at most 14.3%" in rota


def test_worked_case_conflict_is_left_to_reconcile() -> None:
    """Crew managers +4 (para 8.1) against +8 (para 12) are two claims: reconcile reports it, the checks do not."""
    assert not [f for f in checks(scs4_1_revised()) if "para 8.1" in f.message]


def test_worked_case_file_states_the_same_counts_and_rotas() -> None:
    from savingsmodel.files import load

    proposal = load(ROOT / "scenarios" / "scs4-1-revised.toml").proposal
    assert proposal.counts == scs4_1_revised().counts
    assert proposal.rotas == scs4_1_revised().rotas


@pytest.mark.parametrize("form", ["toml", "yaml"])
def test_statements_round_trip_through_a_file(form: Any) -> None:
    from savingsmodel.files import dumps, loads

    proposal = changed(
        library_restructure(), acknowledged=[{"code": "ROTA-COVER", "target": "Enquiry desk", "reason": "known"}]
    )
    again = loads(dumps(proposal, form), source=f"p.{form}", format=form).proposal
    assert (again.counts, again.rotas, again.acknowledged, again.grades) == (
        proposal.counts,
        proposal.rotas,
        proposal.acknowledged,
        proposal.grades,
    )
    assert checks(again) == checks(proposal)


def test_worked_case_original_saving_per_post_is_plausible() -> None:
    """The original Day Crewing Plus: £360k for 14 posts is £25,714 a post, within what posts can save."""
    from savingsmodel.files import load

    proposal = load(ROOT / "scenarios" / "scs4-1-original.toml").proposal
    assert "RANGE-SAVING-PER-POST" not in codes(checks(proposal))


# ---- a. Count identities --------------------------------------------------------------------------


def _counts(proposal: Proposal, index: int, **fields: Any) -> Proposal:
    counts = [c.model_dump() for c in proposal.counts]
    counts[index] = {**counts[index], **fields}
    return changed(proposal, counts=counts)


def test_count_scope_fires_when_the_parts_do_not_add_up() -> None:
    proposal = _counts(scs4_1_revised(), 0, value=27)
    [finding] = [f for f in checks(proposal) if f.code == "COUNT-SCOPE"]
    assert finding.severity is Severity.WARNING
    assert "= 26, not 27: 1 post unaccounted for" in finding.message


def test_count_scope_takes_posts_released_from_the_lines_when_not_stated() -> None:
    proposal = changed(scs4_1_revised(), counts=[c.model_dump() for c in scs4_1_revised().counts[:2]])
    [finding] = [f for f in checks(proposal) if f.code == "COUNT-SCOPE"]
    assert finding.severity is Severity.INFO
    assert "posts the lines release by 2019/20 12 = 26: holds" in finding.message


def test_count_establishment_fires_and_holds() -> None:
    sound = library_restructure()
    [holds] = [f for f in checks(sound) if f.code == "COUNT-ESTABLISHMENT"]
    assert holds.severity is Severity.INFO
    assert "before 20 - posts released 6 + posts created 0 (lines) = 14" in holds.message
    broken = _counts(sound, 4, value=15)
    [finding] = [f for f in checks(broken) if f.code == "COUNT-ESTABLISHMENT"]
    assert finding.severity is Severity.WARNING
    assert "misses by 1" in finding.message


def test_count_establishment_counts_regrades() -> None:
    """30 operators - 10 released - 2 regraded to senior = 18."""
    [finding] = [f for f in checks(control_room()) if f.code == "COUNT-ESTABLISHMENT"]
    assert "- regraded 2 (lines) = 18" in finding.message
    assert finding.severity is Severity.INFO


def test_count_phased_fires_when_the_years_do_not_add_up() -> None:
    phased = [{"year": "2017/18", "value": 4}, {"year": "2018/19", "value": 1}]
    proposal = _counts(library_restructure(), 2, phased=phased)
    found = {f.code: f for f in warnings(proposal)}
    assert "phased 4 in 2017/18 + 1 in 2018/19 = 5, not the 6 stated" in found["COUNT-PHASED"].message
    # The lines release all 6 in 2017/18, so the phasing disagrees with them too.
    assert "COUNT-LINES" in found


def test_count_lines_fires_when_the_words_count_other_posts() -> None:
    proposal = _counts(scs4_1_revised(), 2, value=13)
    found = {f.code: f for f in warnings(proposal)}
    assert (
        "13 Watch Manager posts released stated, the lines release 12 by the end of 2016/17"
        in found["COUNT-LINES"].message
    )
    assert "COUNT-CLAIM" in found  # the paper's claim of 12 released (para 9) disagrees with the count
    assert found["COUNT-SCOPE"].severity is Severity.WARNING


def test_count_claim_fires_on_an_establishment_change() -> None:
    claims = [*(c.model_dump() for c in control_room().claims)]
    claims.append({"figure": "fte_change", "grade": "Operator", "value": -10, "year": "2016/17"})
    counts = [c.model_dump() for c in control_room().counts]
    counts[2] = {**counts[2], "year": "2016/17"}
    counts[3] = {**counts[3], "year": "2016/17"}
    proposal = changed(control_room(), claims=claims, counts=counts)
    [finding] = [f for f in warnings(proposal) if f.code == "COUNT-CLAIM"]
    assert "gives -12" in finding.message
    assert "says -10" in finding.message


def test_count_conflict_fires_on_two_counts_of_one_quantity() -> None:
    counts = [*(c.model_dump() for c in scs4_1_revised().counts), {"what": "roles_created", "value": 12}]
    counts[-1]["grade"] = "Watch Manager"
    proposal = changed(scs4_1_revised(), counts=counts)
    [finding] = [f for f in warnings(proposal) if f.code == "COUNT-CONFLICT"]
    assert finding.subject == "counts[3]"
    assert "counts[1] (para 8.5) says 14, counts[3] says 12" in finding.message


def test_priced_in_fires_when_the_host_line_is_too_small() -> None:
    proposal = with_line(scs4_1_revised(), "Resource Management Team", amount="40k")
    [finding] = [f for f in checks(proposal) if f.code == "PRICED-IN"]
    assert finding.severity is Severity.WARNING
    assert "1 x £48,000 = £48,000 is more than that line's whole amount" in finding.message


# ---- b. Words against figures ---------------------------------------------------------------------


def test_words_unit_cost_quiet_when_the_posts_are_costed_as_posts() -> None:
    proposal = with_line(scs4_1_revised(), "Additional Crew Manager posts", cost="320k")
    assert "WORDS-UNIT-COST" not in codes(checks(proposal))


def test_words_unit_cost_uses_the_grades_own_unit_cost() -> None:
    """With a Crew Manager unit cost of £42k, anything under £21k a post is below half of it."""
    grades = [g.model_dump() for g in scs4_1_revised().grades]
    grades[1]["unit_cost"] = "42k"
    proposal = with_line(changed(scs4_1_revised(), grades=grades), "Additional Crew Manager posts", cost="160k")
    [finding] = [f for f in checks(proposal) if f.code == "WORDS-UNIT-COST"]
    assert "£20,000 a post" in finding.message
    assert "at least £21,000, the low end of half to twice the stated Crew Manager unit cost" in finding.message


# ---- c. Plausible ranges --------------------------------------------------------------------------


def test_range_unit_cost_fires_on_a_grade_outside_its_band() -> None:
    grades = [g.model_dump() for g in library_restructure().grades]
    grades[0]["unit_cost"] = "50k"  # outside the given band of £25k to £45k, inside the default
    proposal = changed(library_restructure(), grades=grades)
    [finding] = [f for f in warnings(proposal) if f.code == "RANGE-UNIT-COST"]
    assert finding.subject == "grades[0]"
    assert "£50,000 is above the band given for Librarian (£25,000 to £45,000)" in finding.message


def test_range_unit_cost_default_band() -> None:
    assert plausible_band(library_restructure(), None) == DEFAULT_BAND
    assert plausible_band(library_restructure(), "Library Assistant") == (Money(12000), Money(48000))
    grades = [g.model_dump() for g in control_room().grades]
    grades[0]["unit_cost"] = "160k"
    [finding] = [f for f in warnings(changed(control_room(), grades=grades)) if f.code == "RANGE-UNIT-COST"]
    assert "above the default band (£15,000 to £150,000)" in finding.message


def test_range_unit_cost_fires_on_a_stated_cost_per_new_post_too_high() -> None:
    proposal = with_line(control_room(), "Supervisor", cost="150k")
    [finding] = [f for f in warnings(proposal) if f.code == "RANGE-UNIT-COST"]
    assert finding.subject == "lines[2]"
    assert "£150,000 a post, is above half to twice the stated Senior Operator unit cost" in finding.message


def test_range_unit_cost_fires_on_a_line_unit_cost() -> None:
    proposal = with_line(control_room(), "Operator posts", unit_cost="15k")
    assert "RANGE-UNIT-COST" in codes(warnings(proposal))


def _counted_only(value: str) -> Proposal:
    """A paper that states posts and a saving but no unit costs: the original Day Crewing Plus shape."""
    return Proposal.model_validate(
        {
            "reference": "DCP",
            "start_year": "2016/17",
            "claims": [{"figure": "net_saving", "value": value, "year": "2016/17"}],
            "counts": [{"what": "posts_released", "value": 14, "year": "2016/17"}],
        }
    )


def test_range_saving_per_post() -> None:
    assert "RANGE-SAVING-PER-POST" not in codes(checks(_counted_only("360k")))
    [finding] = [f for f in warnings(_counted_only("3m")) if f.code == "RANGE-SAVING-PER-POST"]
    assert "£3,000,000 for the 14 posts the paper counts is £214,286 a post" in finding.message


def test_range_net_above_gross() -> None:
    claims = [*(c.model_dump() for c in control_room().claims)]
    claims[3] = {**claims[3], "value": "250k"}
    [finding] = [f for f in warnings(changed(control_room(), claims=claims)) if f.code == "RANGE-NET-ABOVE-GROSS"]
    assert "net £250,000 is more than the gross saving £200,000 (stated in claims[0]) plus income £0" in (
        finding.message
    )
    assert "RANGE-NET-ABOVE-GROSS" not in codes(checks(control_room()))


# ---- d. Rota coverage -----------------------------------------------------------------------------


def _iso(**fields: Any) -> Proposal:
    rota = {**scs4_1_revised().rotas[0].model_dump(), **fields}
    return changed(scs4_1_revised(), rotas=[rota])


def test_rota_short_at_a_stated_abstraction() -> None:
    findings = checks(_iso(abstraction="20%"))
    [short] = [f for f in findings if f.code == "ROTA-SHORT"]
    assert "at the stated 20.0% abstraction 15 posts are needed: 14 cannot cover the positions" in short.message
    [cover] = [f for f in findings if f.code == "ROTA-COVER"]
    assert "at most 14.3%" in cover.message


def test_rota_quiet_at_an_abstraction_the_posts_allow() -> None:
    findings = checks(_iso(abstraction="14%"))
    assert "ROTA-SHORT" not in codes(findings)
    [cover] = [f for f in findings if f.code == "ROTA-COVER"]
    assert "the paper assumes 14.0%, at which 14.0 posts are needed (14 whole posts)" in cover.message


def test_rota_short_below_statutory_leave_when_abstraction_is_not_stated() -> None:
    [short] = [f for f in checks(_iso(posts=13)) if f.code == "ROTA-SHORT"]
    assert "at most 7.7% abstraction is possible, less than the statutory minimum leave" in short.message
    [none] = [f for f in checks(_iso(posts=11)) if f.code == "ROTA-SHORT"]
    assert "even if nobody is ever on leave" in none.message


@settings(max_examples=60, deadline=None)
@given(
    positions=st.integers(1, 10),
    hours=st.integers(1, 24),
    days=st.integers(1, 366),
    posts=st.integers(1, 100),
    week=st.integers(1, 60),
    a=st.fractions(0, Fraction(99, 100)),
    b=st.fractions(0, Fraction(99, 100)),
)
def test_rota_properties(
    positions: int, hours: int, days: int, posts: int, week: int, a: Fraction, b: Fraction
) -> None:
    rota = Rota(
        name="r",
        positions=positions,
        hours_per_day=hours,
        days_per_year=days,
        posts=posts,
        contracted_hours_per_week=week,
    )
    low, high = sorted((a, b))
    # More abstraction never needs fewer posts.
    assert rota.posts_needed(low) <= rota.posts_needed(high)
    if low < high:
        assert rota.posts_needed(low) < rota.posts_needed(high)
    # The most abstraction the posts allow is exactly where the posts needed equal the posts stated.
    assert rota.posts_needed(rota.max_abstraction) == posts
    # The posts cover the rota at an abstraction exactly when it is at most the maximum.
    assert (rota.posts_needed(low) <= posts) == (low <= rota.max_abstraction)


@settings(max_examples=40, deadline=None)
@given(posts=st.integers(12, 30), percent=st.integers(0, 40))
def test_rota_short_fires_exactly_when_posts_cannot_cover(posts: int, percent: int) -> None:
    findings = checks(_iso(posts=posts, abstraction=f"{percent}%"))
    needed = Fraction(26280) / (Fraction(posts * 42 * 365, 7) * (1 - Fraction(percent, 100))) * posts
    assert ("ROTA-SHORT" in codes(findings)) == (needed > posts)


def test_statutory_leave_share() -> None:
    assert Fraction(392, 3650) == STATUTORY_LEAVE_SHARE


# ---- Count identities as properties ---------------------------------------------------------------


@settings(max_examples=50, deadline=None)
@given(
    roles=st.integers(0, 40),
    released=st.integers(1, 40),
    created=st.integers(0, 10),
    spare=st.integers(0, 50),
    split=st.integers(0, 40),
    wrong=st.integers(-3, 3),
)
def test_count_identities_hold_for_consistent_counts(
    roles: int, released: int, created: int, spare: int, split: int, wrong: int
) -> None:
    first = min(split, released)
    before = released + spare
    proposal = Proposal.model_validate(
        {
            "reference": "P",
            "start_year": "2016/17",
            "grades": [{"name": "G", "unit_cost": "40k"}],
            "lines": [
                {
                    "kind": "posts_released",
                    "name": "out",
                    "grade": "G",
                    "schedule": [
                        {"on": "2016-04-01", "fte": first},
                        {"on": "2017-04-01", "fte": released - first},
                    ],
                },
                *([{"kind": "posts_created", "name": "in", "grade": "G", "fte": created}] if created else []),
            ],
            "counts": [
                {"what": "posts_in_scope", "value": roles + released + (wrong if roles + released + wrong >= 0 else 0)},
                {"what": "roles_created", "value": roles},
                {
                    "what": "posts_released",
                    "value": released,
                    "phased": [{"year": "2016/17", "value": first}, {"year": "2017/18", "value": released - first}],
                },
                {"what": "establishment_before", "value": before, "grade": "G"},
                {"what": "establishment_after", "value": before - released + created, "grade": "G"},
            ],
        }
    )
    found = checks(proposal)
    scope = [f for f in found if f.code == "COUNT-SCOPE"]
    assert [f.severity for f in scope] == [
        Severity.WARNING if wrong and roles + released + wrong >= 0 else Severity.INFO
    ]
    others = [f for f in found if f.code != "COUNT-SCOPE"]
    assert [str(f) for f in others if f.severity is Severity.WARNING] == []
    assert {f.code for f in others} >= {"COUNT-PHASED", "COUNT-ESTABLISHMENT"}


# ---- e. Timing -------------------------------------------------------------------------------------


def test_timing_full_year_fires_when_posts_leave_in_october() -> None:
    proposal = with_line(scs4_1_revised(), "Watch Manager posts released", start="2016-10-01")
    finding = next(f for f in warnings(proposal) if f.code == "TIMING-FULL-YEAR")
    assert finding.subject == "claims[0]"
    assert "stated £576,000 is the full-year figure, counted in full in 2016/17" in finding.message
    assert "'Watch Manager posts released' starts on 1 October 2016, after 2016/17 begins on 1 April 2016" in (
        finding.message
    )
    assert "the part-year figure is £288,000; count the rest in 2017/18" in finding.message
    net = [f for f in checks(proposal) if f.code == "TIMING-FULL-YEAR" and f.subject == "claims[2]"]
    assert "the part-year figure is £72,000" in net[0].message
    assert len([f for f in checks(proposal) if f.code == "TIMING-FULL-YEAR"]) == 3  # gross, net, incremental net


def test_timing_quiet_when_the_part_year_is_claimed() -> None:
    assert "TIMING-FULL-YEAR" not in codes(checks(control_room()))
    assert "TIMING-FULL-YEAR" not in codes(checks(scs4_1_revised()))


def netted(*, one_off_claimed: bool, words: str = "") -> list[CheckFinding]:
    """The library case with its net saving stated as £94k: the £144k with the £50k redundancy netted in."""
    claims = [c.model_dump() for c in library_restructure().claims]
    claims[2] = {**claims[2], "value": "94k", "words": words}
    if not one_off_claimed:
        del claims[1]
    return [f for f in warnings(changed(library_restructure(), claims=claims)) if f.code == "ONE-OFF-NETTED"]


def test_one_off_netted_fires_on_a_net_saving_with_the_one_off_in_it() -> None:
    [finding] = netted(one_off_claimed=False)
    assert finding.subject == "claims[1]"
    assert "the net saving stated, £94,000, has the one-off costs of 2017/18 (£50,000: 'Redundancy') netted" in (
        finding.message
    )
    assert "the net saving (savings - costs) is £144,000. Show the one-off costs separately" in finding.message


def test_one_off_netted_points_to_the_figure_after_one_offs_when_the_paper_says_so() -> None:
    for found in (netted(one_off_claimed=True), netted(one_off_claimed=False, words="after one-off redundancy")):
        assert [f.message.rsplit(". ", 1)[-1] for f in found] == [
            "The paper says so: claim it as net_after_one_off_costs"
        ]


def test_one_off_netted_quiet_on_the_figure_after_one_off_costs() -> None:
    # The fixture states £94k as what it is: the net after one-off costs.
    assert "ONE-OFF-NETTED" not in codes(checks(library_restructure()))


# ---- Acknowledgements ------------------------------------------------------------------------------


def test_acknowledgement_marks_the_finding() -> None:
    reason = "agreed with the service: the eight are firefighters made crew managers, priced as an uplift"
    proposal = changed(
        scs4_1_revised(),
        acknowledged=[{"code": "WORDS-UNIT-COST", "target": "Additional Crew Manager posts", "reason": reason}],
    )
    findings = checks(proposal)
    [words] = [f for f in findings if f.code == "WORDS-UNIT-COST"]
    assert words.acknowledged == reason
    assert not words.is_warning
    assert not any(f.is_warning for f in findings)
    assert str(words).endswith(f"[acknowledged: {reason}]")


def test_acknowledgement_by_path_and_by_code() -> None:
    for ack in ({"code": "rota-cover", "target": "rotas[0]", "reason": "r"}, {"code": "ROTA-COVER", "reason": "r"}):
        findings = checks(changed(scs4_1_revised(), acknowledged=[ack]))
        assert [f.acknowledged for f in findings if f.code == "ROTA-COVER"] == ["r"]
        assert "ACK-UNUSED" not in codes(findings)


def test_acknowledgement_that_matches_nothing_is_reported() -> None:
    proposal = changed(
        scs4_1_revised(), acknowledged=[{"code": "WORDS-UNIT-COST", "target": "lines[3]", "reason": "accepted"}]
    )
    findings = checks(proposal)
    assert [f.acknowledged for f in findings if f.code == "WORDS-UNIT-COST"] == [None]
    [unused] = [f for f in findings if f.code == "ACK-UNUSED"]
    assert unused.severity is Severity.INFO
    assert "acknowledged[0] (WORDS-UNIT-COST, target 'lines[3]') matches no finding" in unused.message


def test_acknowledgement_with_an_unknown_code_is_an_input_error() -> None:
    with pytest.raises(InputError) as caught:
        changed(scs4_1_revised(), acknowledged=[{"code": "WORDS-UNIT-COTS", "reason": "x"}])
    [problem] = caught.value.problems
    assert problem.path == "acknowledged[0].code"
    assert problem.message == "expected a check code, found 'WORDS-UNIT-COTS'; did you mean 'WORDS-UNIT-COST'?"


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_acknowledgement_needs_a_reason(reason: str | None) -> None:
    ack: dict[str, Any] = {"code": "ROTA-COVER"}
    if reason is not None:
        ack["reason"] = reason
    with pytest.raises(InputError) as caught:
        changed(scs4_1_revised(), acknowledged=[ack])
    assert [p.path for p in caught.value.problems] == ["acknowledged[0].reason"]


# ---- Bad statements ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "item", "path", "message"),
    [
        ("rotas", {"abstraction": 1}, "rotas[0].abstraction", "expected a share from 0 up to (not including) 1"),
        ("rotas", {"abstraction": "-5%"}, "rotas[0].abstraction", "expected a share from 0"),
        ("rotas", {"hours_per_day": 25}, "rotas[0].hours_per_day", "expected at most 24 hours a day, found 25"),
        ("rotas", {"days_per_year": 400}, "rotas[0].days_per_year", "expected at most 366 days a year, found 400"),
        ("rotas", {"contracted_hours_per_week": 0}, "rotas[0].contracted_hours_per_week", "expected a number above"),
        ("rotas", {"contracted_hours_per_week": 200}, "rotas[0].contracted_hours_per_week", "at most 168 hours"),
        ("rotas", {"posts": "many"}, "rotas[0].posts", "expected a number, found 'many'"),
        ("rotas", {"grade": "Watch Manger"}, "rotas[0].grade", "did you mean 'Watch Manager'?"),
        ("counts", {"value": -1}, "counts[0].value", "expected a number of zero or more, found -1"),
        ("counts", {"what": "posts_in_scop"}, "counts[0].what", "found 'posts_in_scop'"),
        ("counts", {"valeu": 3}, "counts[0].valeu", "unknown field 'valeu'; did you mean 'value'?"),
        ("counts", {"grade": "Watch Manger"}, "counts[0].grade", "did you mean 'Watch Manager'?"),
        ("counts", {"year": "2025/26"}, "counts[0].year", "expected a year from 2016/17 to 2019/20"),
    ],
)
def test_bad_statements_are_input_errors(field: str, item: dict[str, Any], path: str, message: str) -> None:
    base = scs4_1_revised()
    items = [x.model_dump() for x in getattr(base, field)]
    items[0] = {**items[0], **item}
    with pytest.raises(InputError) as caught:
        changed(base, **{field: items})
    assert any(p.path.startswith(path) and message in p.message for p in caught.value.problems), [
        str(p) for p in caught.value.problems
    ]


def test_bad_band() -> None:
    grades = [g.model_dump() for g in scs4_1_revised().grades]
    grades[0]["plausible_unit_cost"] = ["80k", "25k"]
    with pytest.raises(InputError) as caught:
        changed(scs4_1_revised(), grades=grades)
    assert "expected [low, high] with 0 < low <= high, found [£80,000, £25,000]" in str(caught.value)


# ---- The codes themselves --------------------------------------------------------------------------


def test_every_finding_has_a_known_code_and_a_subject() -> None:
    proposals = [
        scs4_1_revised(),
        with_line(scs4_1_revised(), "Watch Manager posts released", start="2016-10-01"),
        _iso(posts=12),
        _counted_only("3m"),
        *(make() for make in SOUND),
    ]
    for proposal in proposals:
        for finding in checks(proposal):
            assert finding.code in CHECK_CODES
            assert finding.subject
            assert finding.as_dict()["kind"] == "check"


def test_every_code_is_documented() -> None:
    text = (ROOT / "docs" / "reference" / "checks.md").read_text()
    missing = [code for code in CHECK_CODES if f"`{code}`" not in text]
    assert missing == []


def test_range_saving_per_post_allows_for_income_the_lines_show() -> None:
    proposal = changed(
        _counted_only("3m"),
        lines=[{"kind": "recurring_income", "name": "Lease of the old station", "amount": "2.8m"}],
        claims=[{"figure": "net_saving", "value": "3m", "year": "2016/17", "tolerance": "1m"}],
    )
    assert "RANGE-SAVING-PER-POST" not in codes(checks(proposal))
    poorer = with_line(proposal, "Lease of the old station", amount="0.2m")
    [finding] = [f for f in checks(poorer) if f.code == "RANGE-SAVING-PER-POST"]
    assert "£3,000,000 less income £200,000 for the 14 posts the paper counts is £200,000 a post" in finding.message


def test_range_saving_per_post_allows_for_savings_the_lines_show_that_are_not_posts() -> None:
    # The care-service case: agency spend saved on its own line is no part of what the posts save.
    proposal = changed(
        _counted_only("3m"),
        lines=[{"kind": "recurring_saving", "name": "Agency spend", "amount": "2.8m"}],
        claims=[{"figure": "gross_saving", "value": "3m", "year": "2016/17", "tolerance": "1m"}],
    )
    assert "RANGE-SAVING-PER-POST" not in codes(checks(proposal))
    poorer = with_line(proposal, "Agency spend", amount="0.2m")
    [finding] = [f for f in checks(poorer) if f.code == "RANGE-SAVING-PER-POST"]
    assert "£3,000,000 less other savings £200,000 for the 14 posts the paper counts is £200,000 a post" in (
        finding.message
    )


def test_count_claim_compares_a_grade_count_with_an_all_grades_claim_only_when_one_grade_moves() -> None:
    """10 Operators released; a claim of 11 released in all grades could include another grade's post."""
    base = control_room()
    grades = [*(g.model_dump() for g in base.grades), {"name": "Manager", "unit_cost": "60k"}]
    lines = [*(x.model_dump() for x in base.lines)]
    claims = [*(c.model_dump() for c in base.claims), {"figure": "fte_released", "value": 11, "year": "2016/17"}]
    alone = changed(base, claims=claims)
    assert "COUNT-CLAIM" in codes(warnings(alone))
    lines.append({"kind": "posts_released", "name": "Manager post", "grade": "Manager", "fte": 1})
    claims[-1]["value"] = 11
    both = changed(base, grades=grades, lines=lines, claims=claims)
    assert "COUNT-CLAIM" not in codes(checks(both))


def test_the_file_example_in_the_docs_is_a_valid_proposal() -> None:
    """The TOML block under "Statements the checks read" loads, added to the worked case's file."""
    text = (ROOT / "docs" / "reference" / "checks.md").read_text()
    block = text.split("## Statements the checks read")[1].split("```toml\n")[1].split("```")[0]
    data = tomllib.loads(block, parse_float=Decimal)
    base = scs4_1_revised().model_dump()
    grades = [g for g in base["grades"] if g["name"] != "Crew Manager"]
    crew = {**next(g for g in base["grades"] if g["name"] == "Crew Manager"), **data["grades"][0]}
    proposal = Proposal(
        **{
            **base,
            "grades": [*grades, crew],
            "counts": data["counts"],
            "rotas": data["rotas"],
            "acknowledged": data["acknowledged"],
            "scopes": data["scopes"],
            "percentages": data["percentages"],
        }
    )
    # The worked case states no Watch Manager establishment, so the percentage cannot be worked out: an info.
    [percent] = [f for f in checks(proposal) if f.code == "PERCENT-CLAIM"]
    assert "cannot be worked out: no count of establishment before (Watch Manager)" in percent.message
    [words] = [f for f in checks(proposal) if f.code == "WORDS-UNIT-COST"]
    assert words.acknowledged is not None
    assert "£35,000, the low end of the band given for Crew Manager" in words.message


# ---- The command line: an unacknowledged warning fails `check`; an info never does -------------------


def test_check_exit_code_follows_unacknowledged_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from savingsmodel.cli import main
    from savingsmodel.files import save

    sound = tmp_path / "sound.toml"
    save(control_room(), sound)
    assert main(["check", str(sound)]) == 0  # infos only
    assert "info ROTA-COVER" in capsys.readouterr().out

    short = tmp_path / "short.toml"
    rota = {**control_room().rotas[0].model_dump(), "posts": 4}
    save(changed(control_room(), rotas=[rota]), short)
    assert main(["check", str(short)]) == 1
    assert "warning ROTA-SHORT" in capsys.readouterr().out

    accepted = tmp_path / "accepted.toml"
    ack = {"code": "ROTA-SHORT", "target": "Control room", "reason": "overtime covers the gap, budgeted apart"}
    save(changed(control_room(), rotas=[rota], acknowledged=[ack]), accepted)
    assert main(["check", str(accepted)]) == 0
    out = capsys.readouterr().out
    assert "[acknowledged: overtime covers the gap, budgeted apart]" in out

    assert main(["check", "--format", "json", str(accepted)]) == 0
    entries = [e for e in json.loads(capsys.readouterr().out) if e["kind"] == "check"]
    short_entry = next(e for e in entries if e["code"] == "ROTA-SHORT")
    assert short_entry["acknowledged"] == "overtime covers the gap, budgeted apart"
    assert short_entry["line"] is not None


def test_a_line_that_starts_after_the_horizon_is_pointed_out() -> None:
    # Nothing of a line starting after the horizon reaches any figure; say so rather than drop it quietly.
    late = with_line(library_restructure(), "Librarian posts", start="2021-04-01")
    [finding] = [f for f in checks(late) if f.code == "TIMING-AFTER-HORIZON"]
    assert finding.severity is Severity.INFO
    assert finding.subject == "lines[0]"
    assert "starts on 2021-04-01, after the horizon (2016/17 to 2019/20)" in finding.message


@pytest.mark.parametrize("make", SOUND)
def test_lines_inside_the_horizon_are_not_pointed_out(make: Any) -> None:
    assert "TIMING-AFTER-HORIZON" not in codes(checks(make()))


def test_the_full_year_figure_is_at_the_years_uprated_rates() -> None:
    # Posts leave on 1 October 2016 after a 1 April 2016 pay award of 2%: in full, 2016/17 would save
    # 10 x £30,000 x 1.02 = £306,000. A paper claiming that counts them in full; the check must see it.
    proposal = Proposal.model_validate(
        {
            "reference": "PAY-1",
            "start_year": "2016/17",
            "grades": [{"name": "Firefighter", "unit_cost": "30k"}],
            "lines": [
                {"kind": "posts_released", "name": "FF", "grade": "Firefighter", "fte": 10, "start": "2016-10-01"}
            ],
            "prices": "cash",
            "pay_awards": [{"year": "2016/17", "rate": "2%"}],
            "claims": [{"figure": "gross_saving", "value": "306000", "year": "2016/17"}],
        }
    )
    result = evaluate(proposal)
    assert result.full_year(Figure.GROSS_SAVING, "2016/17") == Money(306000)
    assert "TIMING-FULL-YEAR" in codes(run_checks(result), Severity.WARNING)
