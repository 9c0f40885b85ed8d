"""Reconciliation's rules, each at its boundary: the assertions mutation testing showed missing.

One proposal (12 Watch Manager posts at £48,000 released: £576,000 a year) and claims placed on
either side of each rule: a rounding step's half, a tolerance, the sign and size of a miss, a
conflict's overlapping allowances, what cannot be checked and why, and each field of a finding.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

from savingsmodel import Claim, Figure, Grade, PostsReleased, Proposal, Status, evaluate, reconcile
from savingsmodel.checks.findings import findings_frame
from savingsmodel.checks.reconcile import Finding, reconcile_payback, reconcile_series
from savingsmodel.core.years import FinancialYear
from savingsmodel.model.claims import Basis, SeriesClaim
from savingsmodel.model.lines import OneOffCost, RecurringIncome

Y1 = FinancialYear(2016)


def proposal(claims: list[Claim] = (), series: list[SeriesClaim] = ()) -> Proposal:  # type: ignore[assignment]
    return Proposal(
        reference="R",
        start_year="2016/17",
        grades=[Grade(name="WM", unit_cost="48k")],
        lines=[PostsReleased(name="L", grade="WM", fte=12)],
        claims=claims,
        series=series,
    )


def gross(value: str, **fields: object) -> Claim:
    return Claim(figure="gross_saving", value=value, year="2016/17", **fields)


def verdicts(*claims: Claim) -> list[tuple[str, str]]:
    return [(f.status.value, f.message) for f in reconcile(evaluate(proposal(list(claims))))]


def test_a_claim_holds_to_half_its_rounding_step_and_no_further() -> None:
    assert verdicts(
        gross("576.5k", rounded_to=1000, source="p1"),
        gross("575.5k", rounded_to=1000, source="p2"),
        gross("577k", rounded_to=1000, source="p3"),
    )[:3] == [
        ("holds", "gross_saving 2016/17 (p1): stated £576,500, computed £576,000: holds to the nearest £1,000"),
        ("holds", "gross_saving 2016/17 (p2): stated £575,500, computed £576,000: holds to the nearest £1,000"),
        ("misses", "gross_saving 2016/17 (p3): stated £577,000, computed £576,000: misses by -£1,000 (-0.2%)"),
    ]
    assert verdicts(gross("576501", rounded_to=1000))[0][0] == "misses"
    assert verdicts(gross("575499", rounded_to=1000))[0][0] == "misses"


def test_a_tolerance_is_named_only_when_it_is_what_the_claim_holds_by() -> None:
    assert verdicts(gross("576100", tolerance=200), gross("576000", tolerance=200), gross("576200", tolerance=200)) == [
        ("holds", "gross_saving 2016/17: stated £576,100, computed £576,000: holds within the tolerance of £200"),
        ("holds", "gross_saving 2016/17: stated £576,000, computed £576,000: holds"),
        ("holds", "gross_saving 2016/17: stated £576,200, computed £576,000: holds within the tolerance of £200"),
    ]
    assert verdicts(gross("576201", tolerance=200))[0][0] == "misses"
    # Within the rounding and the tolerance: the rounding is named.
    assert verdicts(gross("576.4k", rounded_to=1000, tolerance=600))[0][1].endswith("holds to the nearest £1,000")
    assert verdicts(gross("576.6k", rounded_to=1000, tolerance=600))[0][1].endswith(
        "holds within the tolerance of £600"
    )


def test_a_miss_says_which_way_and_by_what_share() -> None:
    assert verdicts(
        Claim(figure="net_saving", value="0", year="2016/17"),
        Claim(figure="net_saving", value="576001", year="2016/17"),
        Claim(figure="net_saving", value="575999", year="2016/17"),
        Claim(figure="net_saving", value="500000", year="2016/17"),
    )[:4] == [
        ("misses", "net_saving 2016/17: stated £0, computed £576,000: misses by +£576,000"),
        ("misses", "net_saving 2016/17: stated £576,001, computed £576,000: misses by -£1 (-0.0%)"),
        ("misses", "net_saving 2016/17: stated £575,999, computed £576,000: misses by +£1 (+0.0%)"),
        ("misses", "net_saving 2016/17: stated £500,000, computed £576,000: misses by +£76,000 (+15.2%)"),
    ]
    counted = verdicts(
        Claim(figure="fte_change", value="-12", year="2016/17", grade="WM"),
        Claim(figure="fte_change", value="-10", year="2017/18", basis="incremental"),
        Claim(figure="fte_change", value="1", year="2017/18", basis="incremental"),
    )
    assert counted[:3] == [
        ("holds", "fte_change (WM) 2016/17: stated -12, computed -12: holds"),
        ("misses", "fte_change incremental 2017/18: stated -10, computed 0: misses by +10 (+100.0%)"),
        ("misses", "fte_change incremental 2017/18: stated 1, computed 0: misses by -1 (-100.0%)"),
    ]


def test_a_percentage_miss_is_rounded_half_up_to_a_tenth() -> None:
    finding = Finding(Status.MISSES, (0,), "x", Y1, Decimal(16), Decimal(17), "")
    assert finding.difference == Decimal(1)
    assert finding.difference_percent == Decimal("6.3")  # 6.25%: half-up, not half-even
    under = Finding(Status.MISSES, (0,), "x", Y1, Decimal(16), Decimal(15), "")
    assert under.difference_percent == Decimal("-6.3")
    assert Finding(Status.HOLDS, (0,), "x", Y1, Decimal(0), Decimal(1), "").difference_percent is None
    assert Finding(Status.CANNOT_CHECK, (0,), "x", Y1, Decimal(1), None, "").difference is None


def test_claims_conflict_only_when_their_allowances_do_not_overlap() -> None:
    findings = reconcile(
        evaluate(
            proposal(
                [
                    gross("576.5k", rounded_to=1000, source="p1"),
                    gross("575.5k", rounded_to=1000, source="p2"),  # 1,000 apart, allowances 500 + 500: no conflict
                    gross("577k", rounded_to=1000, source="p3"),
                    gross("576100", tolerance=200),
                ]
            )
        )
    )
    conflicts = [f for f in findings if f.status is Status.CONFLICT]
    assert [(f.claims, f.message) for f in conflicts] == [
        (
            (1, 2),
            "gross_saving 2016/17: p2 says £575,500, p3 says £577,000; both cannot hold; "
            "the lines give £576,000, which agrees with p2",
        ),
        (
            (2, 3),
            "gross_saving 2016/17: p3 says £577,000, claims[3] says £576,100; both cannot hold; "
            "the lines give £576,000, which agrees with claims[3]",
        ),
    ]
    first = conflicts[0]
    assert (first.claim, first.year, first.stated, first.computed) == (
        "gross_saving 2016/17",
        Y1,
        None,
        Decimal(576000),
    )
    assert first.source == "p2; p3"


def test_a_conflict_where_neither_claim_holds_says_only_what_the_lines_give() -> None:
    findings = reconcile(
        evaluate(
            proposal(
                [
                    Claim(figure="fte_change", value="-4", year="2016/17"),
                    Claim(figure="fte_change", value="-8", year="2016/17"),
                ]
            )
        )
    )
    assert findings[-1].message == (
        "fte_change 2016/17: claims[0] says -4, claims[1] says -8; both cannot hold; the lines give -12"
    )


def test_only_claims_in_the_same_view_are_the_same_quantity() -> None:
    def conflicts(a: str, b: str) -> int:
        claims = [
            Claim(figure="net_saving", value="576k", year="2016/17", basis=a),
            Claim(figure="net_saving", value="1", year="2016/17", basis=b),
        ]
        return sum(f.status is Status.CONFLICT for f in reconcile(evaluate(proposal(claims))))

    # The cumulative view is the running total of the horizon's increments: the annual level less the
    # year before the horizon's, so an annual and a cumulative claim may both hold.
    assert conflicts("annual", "cumulative") == 0
    assert conflicts("cumulative", "annual") == 0
    assert conflicts("annual", "annual") == 1
    assert conflicts("incremental", "incremental") == 1
    assert conflicts("cumulative", "cumulative") == 1
    assert conflicts("annual", "incremental") == 0
    assert conflicts("incremental", "cumulative") == 0


def test_what_cannot_be_checked_says_why_and_keeps_the_claim() -> None:
    outside = Claim(figure="net_saving", value="1", year="2019/20", source="p9")
    no_grade = Claim(figure="fte_change", value="1", year="2016/17", grade="XX")
    fte_total = Claim.model_construct(
        figure=Figure.FTE_CHANGE,
        value=Decimal(1),
        year=None,
        basis=Basis.TOTAL,
        grade=None,
        rounded_to=None,
        tolerance=None,
        words="",
        source="",
    )
    # Written past validation (which refuses all three): the API still answers each.
    unchecked = Proposal.model_construct(**{**dict(proposal()), "claims": (outside, no_grade, fte_total), "horizon": 2})
    findings = reconcile(evaluate(unchecked))
    assert findings == [
        Finding(
            Status.CANNOT_CHECK,
            (0,),
            "net_saving 2019/20",
            FinancialYear(2019),
            Decimal(1),
            None,
            "net_saving 2019/20 (p9): cannot check: 2019/20 is outside the horizon",
            "p9",
        ),
        Finding(
            Status.CANNOT_CHECK,
            (1,),
            "fte_change (XX) 2016/17",
            Y1,
            Decimal(1),
            None,
            "fte_change (XX) 2016/17: cannot check: the proposal has no grade 'XX'",
            "",
        ),
        Finding(
            Status.CANNOT_CHECK,
            (2,),
            "fte_change over the period",
            None,
            Decimal(1),
            None,
            "fte_change over the period: cannot check: an FTE change has no total over the period; claim it for a year",
            "",
        ),
    ]


def test_a_conflict_about_a_year_the_model_cannot_check_gives_no_verdict() -> None:
    a = Claim(figure="net_saving", value="1k", year="2019/20", source="p1")
    b = Claim(figure="net_saving", value="2k", year="2019/20", source="p2")
    # Written past validation (which refuses a year outside the horizon); model_copy validates.
    unchecked = Proposal.model_construct(**{**dict(proposal()), "claims": (a, b), "horizon": 2})
    conflict = reconcile(evaluate(unchecked))[-1]
    assert (conflict.status, conflict.computed) == (Status.CONFLICT, None)
    assert conflict.message == "net_saving 2019/20: p1 says £1,000, p2 says £2,000; both cannot hold"


def test_a_total_over_the_period_is_checked_against_the_sum_of_the_years() -> None:
    total = Claim(figure="gross_saving", value="2.304m", basis="total", source="p4")
    (finding,) = reconcile(evaluate(proposal([total])))
    assert (finding.status, finding.year, finding.computed) == (Status.HOLDS, None, Decimal(2304000))
    assert finding.message == "gross_saving over the period (p4): stated £2,304,000, computed £2,304,000: holds"


def test_each_year_of_a_series_is_a_finding_that_names_its_series() -> None:
    series = SeriesClaim(figure="net_saving", year="2016/17", values=["576k", "1"], basis="incremental", source="t2")
    findings = reconcile_series(evaluate(proposal(series=[series])))
    assert [(f.status, f.claims, f.series, f.year, f.claim, f.message) for f in findings] == [
        (
            Status.HOLDS,
            (),
            0,
            Y1,
            "series[0] net_saving incremental 2016/17",
            "series[0] net_saving incremental 2016/17 (t2): stated £576,000, computed £576,000: holds",
        ),
        (
            Status.MISSES,
            (),
            0,
            FinancialYear(2017),
            "series[0] net_saving incremental 2017/18",
            "series[0] net_saving incremental 2017/18 (t2): stated £1, computed £0: misses by -£1 (-100.0%)",
        ),
    ]
    assert reconcile(evaluate(proposal(series=[series])))[-2:] == findings


def test_the_findings_frame_has_a_row_per_finding() -> None:
    findings = reconcile(
        evaluate(proposal([gross("577k", source="p3"), Claim(figure="gross_saving", value="1", basis="total")]))
    )
    assert findings[0].row() == {
        "kind": "claim",
        "status": "misses",
        "subject": "claims[0]",
        "claim": "gross_saving 2016/17",
        "year": "2016/17",
        "stated": Decimal(577000),
        "computed": Decimal(576000),
        "difference": Decimal(-1000),
        "difference_percent": Decimal("-0.2"),
        "source": "p3",
        "message": "gross_saving 2016/17 (p3): stated £577,000, computed £576,000: misses by -£1,000 (-0.2%)",
    }
    # The frame holds claims' verdicts and officer checks alike: a verdict has no severity or code.
    rows = findings_frame(findings, exact=True).to_dict("records")
    assert rows[0] == {**findings[0].row(), "severity": None, "code": None, "acknowledged": None}
    assert pd.isna(rows[1]["year"])  # no year: a total over the period
    assert (rows[1]["claim"], rows[1]["subject"]) == ("gross_saving over the period", "claims[1]")
    # Without exact=True the figures are floats, for plotting.
    assert findings_frame(findings).to_dict("records")[0]["difference_percent"] == -0.2


@pytest.mark.parametrize("status", list(Status))
def test_a_finding_reads_as_its_status_and_message(status: Status) -> None:
    assert str(Finding(status, (), "x", None, None, None, "the message")) == f"{status.value}: the message"


def payback_finding(claim: dict[str, object], *lines: object) -> tuple[object, ...]:
    rules = Proposal(
        reference="R",
        start_year="2016/17",
        grades=[Grade(name="WM", unit_cost="48k")],
        lines=list(lines),  # type: ignore[arg-type]
        payback=claim,  # type: ignore[arg-type]
    )
    found = reconcile_payback(evaluate(rules))
    assert found is not None
    return (found.status, found.claim, found.stated, found.computed, found.source, found.payback, found.message)


def test_a_stated_payback_is_a_finding_with_the_months_stated_and_computed_and_the_sign_of_the_miss() -> None:
    cost, saving = OneOffCost(name="c", amount="3"), RecurringIncome(name="s", amount="12")  # £1 a month
    assert payback_finding({"months": 5, "source": "p14"}, cost, saving) == (
        Status.MISSES,
        "payback period",
        Decimal(5),
        Decimal(3),
        "p14",
        True,
        "payback period (p14): stated 5 months, computed 3 months: misses by -2 months",
    )
    # The simple ratio: £3 / £12 x 12 = 3.0 months; a miss of half a month either way has its sign.
    assert payback_finding({"months": "2.5", "measure": "simple"}, cost, saving)[-1] == (
        "payback simple: stated 2.5 months, computed 3 months: misses by +0.5 months"
    )
    assert payback_finding({"months": "3.5", "measure": "simple"}, cost, saving)[-1] == (
        "payback simple: stated 3.5 months, computed 3 months: misses by -0.5 months"
    )
    # No full-year saving to divide by: the simple ratio misses any stated figure, saying why.
    assert payback_finding({"months": 5, "measure": "simple", "source": "p14"}, OneOffCost(name="c", amount="5")) == (
        Status.MISSES,
        "payback simple",
        Decimal(5),
        None,
        "p14",
        True,
        "payback simple (p14): stated 5 months: misses: "
        "simple payback: none (no full-year net saving to recover £5 from)",
    )
