"""Claimed series: a figure claimed year by year, reconciled each year, and SERIES-KIND when its kind looks wrong."""

import pytest

from savingsmodel import FinancialYear, InputError, Proposal, RecurringIncome, Status, evaluate, reconcile
from savingsmodel.checks.series import series_kind_findings
from savingsmodel.model.claims import SeriesClaim

from builders import checks, clerks, messages

# Income that steps up each April: the yearly increments below, the running totals in TARGETS.
TARGETS = ["238k", "709k", "1397k", "1750k"]
STEPS = [("2016/17", "238k"), ("2017/18", "471k"), ("2018/19", "688k"), ("2019/20", "353k")]
STEP_LINES = [RecurringIncome(name=f"step {y}", amount=a, start=FinancialYear.parse(y).start) for y, a in STEPS]


def series_proposal(basis: str, lines: list[RecurringIncome] = STEP_LINES) -> Proposal:
    claimed = SeriesClaim(
        figure="net_saving", year="2016/17", values=TARGETS, basis=basis, rounded_to="1k", source="p5"
    )
    return Proposal(reference="T", start_year="2016/17", lines=lines, series=[claimed])


def _stepped(basis: str, values: list[str]) -> Proposal:
    """The stepped income with a series of these values claimed (and no source)."""
    claimed = SeriesClaim(figure="net_saving", year="2016/17", values=values, basis=basis, rounded_to="1k")
    return Proposal(reference="T1", start_year="2016/17", lines=STEP_LINES, series=[claimed])


# ---- Reconciling a series, year by year -------------------------------------------------------------------


def test_a_series_stated_as_what_it_is_is_not_flagged_and_holds_each_year() -> None:
    result = evaluate(series_proposal("cumulative"))
    assert series_kind_findings(result) == []
    findings = reconcile(result)
    assert [f.status for f in findings] == [Status.HOLDS] * 4
    assert findings[0].message.startswith("series[0] net_saving cumulative 2016/17 (p5): stated £238,000")


def test_incremental_reconcile_misses_each_year_of_misread_totals() -> None:
    findings = reconcile(evaluate(series_proposal("incremental")))
    assert [f.status for f in findings] == [Status.HOLDS, Status.MISSES, Status.MISSES, Status.MISSES]


# ---- SERIES-KIND: running totals stated as increments, and the like ----------------------------------------


def test_running_totals_stated_as_incremental_are_flagged() -> None:
    findings = series_kind_findings(evaluate(series_proposal("incremental")))
    assert [(f.code, f.severity, f.subject) for f in findings] == [("SERIES-KIND", "warning", "series[0]")]
    assert "match the computed cumulative figures" in findings[0].message
    assert "(£238,000, £471,000, £688,000, £353,000)" in findings[0].message


def test_a_rising_incremental_series_with_nothing_modelled_is_a_warning() -> None:
    findings = series_kind_findings(evaluate(series_proposal("incremental", lines=[])))
    assert [(f.code, f.severity) for f in findings] == [("SERIES-KIND", "warning")]
    assert "adds up to £4,094,000 over 4 years" in findings[0].message
    assert "yearly increments are £238,000, £471,000, £688,000, £353,000" in findings[0].message


def test_series_kind_is_a_check() -> None:
    """Running totals presented as incremental: 238, 709, 1,397, 1,750 are the cumulative figures."""
    [finding] = [f for f in checks(_stepped("incremental", ["238k", "709k", "1397k", "1750k"])) if f.is_warning]
    assert (finding.code, finding.subject) == ("SERIES-KIND", "series[0]")
    assert "the series looks cumulative" in finding.message
    assert [f.code for f in checks(_stepped("incremental", ["238k", "471k", "688k", "353k"]))] == []


# ---- Bad series ----------------------------------------------------------------------------------------------


def test_a_series_running_past_the_horizon_is_bad_input() -> None:
    series = SeriesClaim(figure="net_saving", year="2016/17", values=["60k", "0", "0", "0", "0"], basis="incremental")
    with pytest.raises(InputError) as error:
        clerks(series=[series])
    assert messages(error) == [
        "series[0].values: expected at most 4 values (2016/17 to 2019/20, the horizon), found 5 (to 2020/21)"
    ]
