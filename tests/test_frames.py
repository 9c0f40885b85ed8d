"""Frames an analyst can use: numeric columns, per-grade FTE, a long form, findings and checks, comparisons."""

from decimal import Decimal

import pandas as pd
import pytest

from savingsmodel import (
    compare,
    evaluate,
    findings_frame,
    long_frame,
    reconcile,
    run_checks,
)
from savingsmodel.examples import scs4_1_revised

BASE = scs4_1_revised()
RESULT = evaluate(BASE)


def test_to_frame_has_numeric_columns_to_sum_multiply_and_plot() -> None:
    frame = RESULT.to_frame()
    assert frame.index.name == "year"
    assert all(pd.api.types.is_float_dtype(dtype) for dtype in frame.dtypes)
    assert frame["net_saving"].sum() == 1440000
    assert (frame["gross_saving"] * 1.1).iloc[0] == pytest.approx(633600)
    assert frame.attrs["prices"] == RESULT.prices


def test_to_frame_has_a_column_per_grades_fte_change() -> None:
    frame = RESULT.to_frame()
    assert frame.loc["2016/17", ["fte_change:Watch Manager", "fte_change:Crew Manager", "fte_change"]].tolist() == [
        -11,
        8,
        -3,
    ]


def test_the_exact_figures_are_a_parameter_away() -> None:
    frame = RESULT.to_frame(exact=True)
    assert frame.loc["2016/17", "net_saving"] == Decimal(360000)
    assert all(isinstance(v, Decimal) for v in frame["gross_saving"])


def test_the_long_form_has_a_row_per_figure_and_year() -> None:
    tidy = RESULT.to_frame(long=True)
    assert tidy.columns.tolist() == ["figure", "year", "value"]
    wide = RESULT.to_frame()
    assert len(tidy) == wide.size
    row = tidy[(tidy["figure"] == "net_saving_incremental") & (tidy["year"] == "2017/18")]
    assert row["value"].tolist() == [0.0]
    assert tidy.pivot(index="year", columns="figure", values="value")[wide.columns].equals(wide)


def test_the_long_form_of_many_results_has_a_column_for_the_input() -> None:
    results = {cost: evaluate(BASE.with_changes(grades={"Watch Manager": {"unit_cost": cost}})) for cost in (46, 48)}
    tidy = long_frame(results, name="unit_cost_k")
    assert tidy.columns.tolist() == ["unit_cost_k", "figure", "year", "value"]
    gross = tidy.query("figure == 'gross_saving' and year == '2016/17'")
    assert gross["value"].tolist() == [46 * 12, 48 * 12]
    listed = long_frame([RESULT, RESULT], exact=True)
    assert listed["input"].unique().tolist() == [0, 1]
    assert isinstance(listed["value"].iloc[0], Decimal)


def test_findings_frame_covers_claims_and_officer_checks() -> None:
    # The issue: findings_frame(run_checks(result)) raised AttributeError: 'CheckFinding' has no 'claim'.
    checks = findings_frame(run_checks(RESULT))
    assert set(checks["kind"]) == {"check"}
    assert checks.loc[0, ["severity", "code", "subject"]].tolist() == ["info", "COUNT-SCOPE", "counts[0]"]
    claims = findings_frame(reconcile(RESULT))
    assert claims.loc[6, ["kind", "status", "subject", "stated", "computed", "difference"]].tolist() == [
        "claim",
        "misses",
        "claims[6]",
        4.0,
        8.0,
        4.0,
    ]
    both = pd.concat([claims, checks], ignore_index=True)
    assert both.columns.tolist() == findings_frame([*reconcile(RESULT), *run_checks(RESULT)]).columns.tolist()
    assert reconcile(RESULT).to_frame(exact=True).loc[0, "stated"] == Decimal(576000)


def test_compare_gives_what_the_command_line_prints_as_a_frame() -> None:
    october = BASE.with_variant("posts-leave-october")
    frame = compare(BASE, october)
    assert frame.columns.tolist() == ["A", "B", "B - A"]
    assert frame.index.names == ["figure", "year"]
    assert frame.loc[("gross_saving", "2016/17")].tolist() == [576000, 288000, -288000]
    assert frame.loc[("gross_saving", "2017/18"), "B - A"] == 0
    assert frame.attrs["inputs"] == ['lines["Watch Manager posts released"].start: 2016-04-01 -> 2016-10-01']
    by_line = compare(evaluate(BASE), october, by="line")
    assert by_line.loc[("Watch Manager posts released", "2016/17"), "B - A"] == -288000
    assert by_line.loc[("ISO allowances", "2016/17"), "B - A"] == 0


def test_compare_two_variants_and_two_files() -> None:
    variants = compare(BASE.with_variant("posts-leave-october"), BASE, labels=("october", "baseline"))
    assert variants.loc[("net_saving", "2016/17"), "baseline - october"] == 288000
    files = compare("scenarios/scs4-1-revised.toml", "scenarios/scs4-1-original.toml", exact=True)
    assert isinstance(files.iloc[0, 0], Decimal)
    assert files.loc[("net_saving", "2016/17"), "A"] == Decimal(360000)
    assert files.attrs["inputs"]  # the two papers differ in many inputs
