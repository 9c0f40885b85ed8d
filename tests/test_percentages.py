"""Percentages and shares (issue 13, point 11), and scopes (point 12): worked again from the figures they rest on.

Examples from a council programme paper (the bundled business support review), one test for each bad
input, and properties: a percentage worked from the model's own figures and rounded as a paper prints it
always holds; a rounded percentage never misfires on an exact identity; figures of a narrower scope are
never compared with a wider one's.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from savingsmodel import InputError, Proposal, evaluate, reconcile
from savingsmodel.checks.findings import Severity
from savingsmodel.core.money import RoundingMode, round_fraction
from savingsmodel.files import load
from savingsmodel.model.lines import OneOffCost, PostsReleased
from savingsmodel.model.statements import Percentage

from builders import CLERK, changed, checks, clerks, messages

SCENARIO = "scenarios/business-support-review.toml"


def _codes(proposal: Proposal, code: str) -> list[tuple[str, str]]:
    return [(f.severity.value, f.message) for f in checks(proposal) if f.code == code]


def _with_percentages(proposal: Proposal, *percentages: dict[str, Any], **fields: Any) -> Proposal:
    return changed(proposal, percentages=list(percentages), **fields)


def _printed(share: Fraction, places: int) -> str:
    """``share`` as a paper prints it: a percentage to ``places`` decimals, half-up."""
    step = Decimal(1).scaleb(-places)
    return f"{round_fraction(share * 100, step, RoundingMode.HALF_UP)}%"


# ---- The bundled programme paper ---------------------------------------------------------------------


def test_the_programme_paper_s_percentages_shares_and_scopes_all_hold() -> None:
    proposal = load(SCENARIO).proposal
    found = checks(proposal)
    assert [f.code for f in found if f.is_warning] == []
    percent = [f.message for f in found if f.code == "PERCENT-CLAIM"]
    assert percent[0] == (
        "percentages[0] (para 3.1): stated 9% (printed to 1%): posts released (Business Support Officer) 3 "
        "(counts[2], para 3.1) / establishment before (Business Support Officer) 33 (counts[1], para 3.1, table 2) "
        "= 9.1%: holds"
    )
    assert "posts released 3 (the lines, by the end of 2028/29) / posts released 24 (counts[0], para 2.1)" in percent[1]
    assert "£96,000 (the lines) / one-off costs 2025/26 £513,000 (the lines) = 18.7%: holds" in percent[2]
    assert "the service's non-pay budget £1,200,000 (stated) = 2.0%: holds" in percent[4]
    shares = [f.message for f in found if f.code == "PERCENT-SHARES"]
    assert shares == ["shares of 'one-off costs': 19% + 81% = 100%: adds up to 100%"]
    parts = [f.message for f in found if f.code == "SCOPE-PART"]
    assert parts[0].endswith(
        "stated £3,800,000; the proposal's from the lines £447,424.08: the part is within the whole"
    )
    assert parts[1].endswith("stated 24; the proposal's lines by 2028/29 3: the part is within the whole")


def test_the_programme_s_claim_is_never_reconciled_with_the_lines() -> None:
    proposal = load(SCENARIO).proposal
    findings = reconcile(evaluate(proposal))
    # claims[0] is the programme's £3.8m: the lines cost only the review, a part of it.
    assert [f.claims for f in findings] == [(1,), (2,), (3,)]
    assert all(f.status.value == "holds" for f in findings)


def test_a_percentage_worked_on_the_other_base_says_which_base_holds() -> None:
    proposal = load(SCENARIO).proposal
    data = proposal.model_dump()
    data["percentages"][0]["base"] = "establishment_after"
    found = _codes(Proposal(**data), "PERCENT-CLAIM")
    assert found[0] == (
        "warning",
        "percentages[0] (para 3.1): stated 9% (printed to 1%): posts released (Business Support Officer) 3 "
        "(counts[2], para 3.1) / establishment after (Business Support Officer) 30 (establishment before "
        "(Business Support Officer) 33 (counts[1], para 3.1, table 2) - posts released (Business Support Officer) 3 "
        "(counts[2], para 3.1) + posts created (Business Support Officer) 0 (the lines, by the end of 2028/29)) "
        "= 10.0%: misses by +1.0 percentage points; on the establishment before the change (establishment before "
        "(Business Support Officer) 33 (counts[1], para 3.1, table 2)) it is 9.1%, which holds: the paper worked it "
        "on that base, so say base = 'establishment_before'",
    )


def test_shares_of_one_whole_that_fall_short_of_100_percent() -> None:
    proposal = load(SCENARIO).proposal
    data = proposal.model_dump()
    data["percentages"][3]["value"] = "78%"
    found = _codes(Proposal(**data), "PERCENT-SHARES")
    assert found == [
        (
            "warning",
            "shares of 'one-off costs': 19% + 78% = 97%, not 100% (their rounding allows ±1%): a part of the whole "
            "is not stated, or a share is mis-stated",
        )
    ]


def test_shares_of_one_whole_must_be_of_one_base() -> None:
    proposal = load(SCENARIO).proposal
    data = proposal.model_dump()
    data["percentages"][3]["year"] = "2026/27"
    found = _codes(Proposal(**data), "PERCENT-SHARES")
    assert found[0][0] == "warning"
    assert "shares of one whole must be of one base" in found[0][1]


def test_a_percentage_that_cannot_be_worked_out_says_which_figure_is_missing() -> None:
    proposal = _with_percentages(
        clerks(), {"value": "50%", "of": "posts_released", "base": "establishment_before", "grade": "Clerk"}
    )
    assert _codes(proposal, "PERCENT-CLAIM") == [
        (
            "info",
            "percentages[0]: stated 50% (printed to 1%): cannot be worked out: no count of establishment before "
            "(Clerk) is stated, and the lines do not give it",
        )
    ]


def test_a_money_figure_of_a_grade_is_not_worked_out() -> None:
    proposal = _with_percentages(
        clerks(), {"value": "50%", "of": "gross_saving", "base_amount": "120k", "grade": "Clerk", "year": "2016/17"}
    )
    (severity, message), *_ = _codes(proposal, "PERCENT-CLAIM")
    assert severity == "info"
    assert "a money figure is the whole scope's, not a grade's" in message


def test_a_rounding_step_stated_overrides_the_digits() -> None:
    cut = Percentage(value="10%", of="posts_released", base="establishment_before", rounded_to="5%")
    assert cut.rounded_to == Decimal("0.05")
    assert Percentage(value="12.25%", of="posts_released", base="establishment_before").rounded_to == Decimal("0.0001")


# ---- Scopes: like with like ---------------------------------------------------------------------------


def test_counts_of_different_scopes_are_never_in_conflict_or_set_against_the_lines() -> None:
    proposal = clerks(
        scopes=[{"name": "programme"}],
        counts=[
            {"what": "posts_released", "value": 2},
            {"what": "posts_released", "value": 24, "scope": "programme"},
        ],
    )
    found = checks(proposal)
    assert [f.code for f in found if f.is_warning] == []
    assert [f.code for f in found] == ["SCOPE-PART"]


def test_a_part_s_claim_is_worked_out_from_its_own_lines() -> None:
    proposal = clerks(
        lines=[
            PostsReleased(name="Clerks", grade="Clerk", fte=2),
            OneOffCost(name="Redundancy pay", amount="20000", start="2016-04-01"),
            OneOffCost(name="Pension strain", amount="60000", start="2016-04-01"),
        ],
        scopes=[{"name": "strain", "lines": ["Pension strain"]}],
        claims=[
            {"figure": "one_off_costs", "value": "60k", "year": "2016/17", "scope": "strain"},
            {"figure": "one_off_costs", "value": "80k", "year": "2016/17"},
        ],
    )
    findings = reconcile(evaluate(proposal))
    assert [f.message for f in findings] == [
        "one_off_costs [strain] 2016/17: stated £60,000, computed £60,000: holds",
        "one_off_costs 2016/17: stated £80,000, computed £80,000: holds",
    ]


def test_a_part_larger_than_its_whole_is_a_warning() -> None:
    proposal = clerks(
        scopes=[{"name": "programme", "source": "para 2"}],
        claims=[{"figure": "gross_saving", "value": "50k", "year": "2016/17", "scope": "programme"}],
    )
    found = _codes(proposal, "SCOPE-PART")
    assert found == [
        (
            "warning",
            "claims[0] gross_saving [programme] 2016/17: stated £50,000; the proposal's from the lines £60,000: the "
            "part is larger than the whole by £10,000; both cannot hold, or a figure is given the wrong scope",
        )
    ]


def test_a_wider_scope_s_net_figure_is_not_compared_with_a_part() -> None:
    proposal = clerks(
        scopes=[{"name": "programme"}],
        claims=[{"figure": "net_saving", "value": "10k", "year": "2016/17", "scope": "programme"}],
    )
    ((severity, message),) = _codes(proposal, "SCOPE-PART")
    assert severity == "info"
    assert "not compared" in message


# ---- Bad input ----------------------------------------------------------------------------------------


def test_a_base_that_names_nothing_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        _with_percentages(clerks(), {"value": "9%", "of": "posts_released", "base": "staff"})
    assert messages(caught) == [
        "percentages[0].base: expected a count (posts_in_scope, roles_created, posts_released, posts_created, "
        "establishment_before, establishment_after) or a figure (gross_saving, additional_costs, one_off_costs, "
        "income, one_off_income, net_saving, net_after_one_off_costs, fte_change, fte_released, fte_created), "
        "found 'staff'"
    ]


@pytest.mark.parametrize(
    ("percentage", "expected"),
    [
        ({"value": "9%", "of": "posts_released"}, "percentages[0]: expected a base: a count such as"),
        (
            {"value": "2%", "of": "additional_costs", "base": "gross_saving", "base_amount": "1.2m"},
            "percentages[0]: expected a base or a base_amount, found both ('gross_saving' and 1200000)",
        ),
        (
            {"value": "9%", "of": "posts_released", "base": "establishment_before", "basis": "total"},
            "percentages[0]: expected money figures with basis 'total' (posts do not add up over years)",
        ),
        (
            {"value": "9%", "of": "posts_released", "base": "establishment_before", "basis": "anual"},
            "percentages[0].basis: expected 'annual' or 'total', found 'anual'; did you mean 'annual'?",
        ),
        (
            {"value": "-9%", "of": "posts_released", "base": "establishment_before"},
            "percentages[0].value: expected a percentage of zero or more, found -0.09",
        ),
        (
            {"value": "9%", "of": "posts_released", "base": "establishment_before", "rounded_to": 0},
            "percentages[0].rounded_to: expected a step above zero such as '1%', found 0",
        ),
        (
            {"value": "9%", "of": "posts_released", "base": "establishment_before", "grade": "Clark"},
            "percentages[0].grade: unknown grade 'Clark'; did you mean 'Clerk'?",
        ),
    ],
)
def test_each_bad_percentage_is_refused_with_its_place(percentage: dict[str, Any], expected: str) -> None:
    with pytest.raises(InputError) as caught:
        _with_percentages(clerks(), percentage)
    assert any(message.startswith(expected) for message in messages(caught)), messages(caught)


def test_shares_that_cannot_add_up_are_refused() -> None:
    share = {"of": "gross_saving", "base": "gross_saving", "whole": "savings", "year": "2016/17"}
    with pytest.raises(InputError) as caught:
        _with_percentages(clerks(), {**share, "value": "60%"}, {**share, "value": "45.5%"})
    assert messages(caught) == [
        "percentages[0].whole: expected the shares of 'savings' to add up to 100% (within their rounding, ±0.55%), "
        "found 60% + 45.5% = 105.5%: they cannot all be shares of one whole; check each share and its base"
    ]
    # Within their rounding, over 100% is what rounding does: 34% + 34% + 33% of thirds.
    _with_percentages(clerks(), *({**share, "value": v} for v in ("34%", "34%", "33%")))


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {
                "counts": [{"what": "posts_released", "value": 3, "scope": "programe"}],
                "scopes": [{"name": "programme"}],
            },
            "counts[0].scope: unknown scope 'programe'; did you mean 'programme'?",
        ),
        (
            {"claims": [{"figure": "gross_saving", "basis": "total", "value": "1m", "scope": "programme"}]},
            "claims[0].scope: unknown scope 'programme'; known: 'proposal'",
        ),
        (
            {"percentages": [{"value": "9%", "of": "posts_released", "base": "posts_released", "base_scope": "prog"}]},
            "percentages[0].base_scope: unknown scope 'prog'; known: 'proposal'",
        ),
        (
            {"scopes": [{"name": "a", "within": "b"}, {"name": "b", "within": "a"}]},
            "scopes[0].within: expected a wider scope, found 'a' within itself",
        ),
        ({"scopes": [{"name": "proposal"}]}, "scopes[0].name: expected a name other than 'proposal'"),
        ({"scopes": [{"name": "part", "lines": ["Clarks"]}]}, "scopes[0].lines[0]: unknown line 'Clarks'"),
        (
            {"scopes": [{"name": "part", "lines": ["Clerks"]}, {"name": "wide", "within": "part"}]},
            "scopes[1].within: expected a wider scope to be within another wider scope, found it within 'part'",
        ),
        ({"scopes": [{"name": "x"}, {"name": "x"}]}, "scopes[1].name: expected a unique name, found 'x' again"),
    ],
)
def test_a_scope_never_defined_or_defined_wrongly_is_refused(fields: dict[str, Any], expected: str) -> None:
    with pytest.raises(InputError) as caught:
        clerks(**fields)
    assert any(message.startswith(expected) for message in messages(caught)), messages(caught)


# ---- Properties -----------------------------------------------------------------------------------------


def _establishment(before: int, released: int, **percentage: Any) -> Proposal:
    return clerks(
        grades=[CLERK],
        lines=[PostsReleased(name="Clerks", grade="Clerk", fte=released)],
        counts=[
            {"what": "establishment_before", "grade": "Clerk", "value": before},
            {"what": "establishment_after", "grade": "Clerk", "value": before - released},
        ],
        percentages=[{"of": "posts_released", "grade": "Clerk", **percentage}],
    )


@settings(max_examples=60, deadline=None)
@given(
    before=st.integers(2, 400),
    data=st.data(),
    places=st.integers(0, 2),
    base=st.sampled_from(["establishment_before", "establishment_after"]),
)
def test_a_percentage_worked_from_the_model_s_own_figures_and_rounded_as_printed_always_holds(
    before: int, data: st.DataObject, places: int, base: str
) -> None:
    released = data.draw(st.integers(1, before if base == "establishment_before" else before - 1), "released")
    whole = before if base == "establishment_before" else before - released
    printed = _printed(Fraction(released, whole), places)
    found = checks(_establishment(before, released, value=printed, base=base))
    # A rounded percentage never misfires on an exact identity: the count identity holds as well.
    assert [f.code for f in found if f.is_warning] == []
    assert [f.severity for f in found if f.code == "PERCENT-CLAIM"] == [Severity.INFO]
    assert [f.message.endswith("holds") for f in found if f.code == "PERCENT-CLAIM"] == [True]


@settings(max_examples=60, deadline=None)
@given(before=st.integers(2, 400), data=st.data(), places=st.integers(0, 2))
def test_a_percentage_beyond_half_its_printed_step_always_misses(before: int, data: st.DataObject, places: int) -> None:
    released = data.draw(st.integers(1, before - 1), "released")
    step = Fraction(1, 10**places) / 100
    exact = Fraction(released, before)
    # A printed value more than half a step away from the exact share, at the step printed.
    off = data.draw(st.integers(1, 5), "off")
    sign = data.draw(st.sampled_from([-1, 1]), "sign")
    nearest = round_fraction(exact * 100, Decimal(1).scaleb(-places), RoundingMode.HALF_UP)
    wrong = Fraction(nearest) / 100 + sign * off * step
    if wrong < 0 or abs(wrong - exact) <= step / 2:
        return
    printed = f"{Decimal(wrong.numerator) / Decimal(wrong.denominator) * 100:.{places}f}%"
    found = checks(_establishment(before, released, value=printed, base="establishment_before"))
    assert [f.severity for f in found if f.code == "PERCENT-CLAIM"] == [Severity.WARNING]


@settings(max_examples=40, deadline=None)
@given(amounts=st.lists(st.integers(1, 900_000), min_size=2, max_size=5), places=st.integers(0, 2))
def test_shares_of_the_model_s_own_figures_each_rounded_always_hold_and_add_up(amounts: list[int], places: int) -> None:
    lines = [OneOffCost(name=f"cost {n}", amount=str(a), start="2016-04-01") for n, a in enumerate(amounts)]
    total = sum(amounts)
    proposal = clerks(
        lines=[PostsReleased(name="Clerks", grade="Clerk", fte=2), *lines],
        scopes=[{"name": f"part {n}", "lines": [f"cost {n}"]} for n in range(len(amounts))],
        percentages=[
            {
                "value": _printed(Fraction(a, total), places),
                "of": "one_off_costs",
                "scope": f"part {n}",
                "base": "one_off_costs",
                "base_scope": "proposal",
                "year": "2016/17",
                "whole": "one-off costs",
            }
            for n, a in enumerate(amounts)
        ],
    )
    found = checks(proposal)
    assert [f.code for f in found if f.is_warning] == []
    assert [f.code for f in found if f.code == "PERCENT-SHARES"] == ["PERCENT-SHARES"]


@settings(max_examples=40, deadline=None)
@given(
    wider=st.integers(0, 10_000_000),
    count=st.integers(0, 500),
    basis=st.sampled_from(["annual", "total"]),
)
def test_figures_of_a_wider_scope_are_never_compared_with_the_lines_or_the_proposal_s_claims(
    wider: int, count: int, basis: str
) -> None:
    year = {"year": "2016/17"} if basis == "annual" else {}
    proposal = clerks(
        scopes=[{"name": "programme"}],
        claims=[
            {"figure": "gross_saving", "value": "60k", "basis": basis, **year},
            {"figure": "gross_saving", "value": str(wider), "basis": basis, "scope": "programme", **year},
        ],
        counts=[
            {"what": "posts_released", "value": 2},
            {"what": "posts_released", "value": count, "scope": "programme"},
        ],
    )
    evaluation = evaluate(proposal)
    findings = reconcile(evaluation)
    # Only the proposal's own claim is judged, and never found in conflict with the programme's.
    assert [f.claims for f in findings] == [(0,)]
    found = checks(proposal)
    assert {f.code for f in found} == {"SCOPE-PART"}
    # The programme's figures are set against the part only, warning exactly when the part is larger.
    lines_total = 60_000 * (4 if basis == "total" else 1)
    warnings = [f.subject for f in found if f.is_warning]
    assert ("claims[1]" in warnings) is (lines_total > wider)
    assert ("counts[1]" in warnings) is (count < 2)
