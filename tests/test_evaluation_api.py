"""The Python API an analyst reaches for: one vocabulary of figure names, years as they come, explanations."""

from datetime import date
from decimal import Decimal

import pytest

from savingsmodel import (
    Basis,
    Claim,
    Figure,
    FinancialYear,
    Grade,
    InputError,
    Money,
    PostsReleased,
    Proposal,
    evaluate,
)
from savingsmodel.engine.figures import COLUMNS
from savingsmodel.examples import scs4_1_revised

RESULT = evaluate(scs4_1_revised())
LATER = evaluate(scs4_1_revised().with_variant("posts-leave-october"))


def test_series_takes_a_figures_name_as_explain_does() -> None:
    # The issue: series("net_saving") raised AttributeError: 'str' object has no attribute 'value'.
    assert RESULT.series("net_saving") == RESULT.series(Figure.NET_SAVING) == (Money(360000),) * 4
    assert RESULT.series("net_saving", "incremental") == RESULT.series(Figure.NET_SAVING, Basis.INCREMENTAL)
    assert RESULT.total_over_period("net_saving") == Money(1440000)
    assert RESULT.years[0].figure("gross_saving") == Money(576000)


@pytest.mark.parametrize("year", ["2017/18", FinancialYear(2017), 2017, date(2017, 9, 1)])
def test_every_year_argument_takes_text_a_financial_year_or_the_year_it_starts(year: object) -> None:
    # The issue: year(2025) raised an internal TypeError.
    assert RESULT.year(year).year == FinancialYear(2017)  # type: ignore[arg-type]
    assert RESULT.explain("gross_saving", year).year == FinancialYear(2017)  # type: ignore[arg-type]
    assert LATER.full_year("gross_saving", year) == Money(576000)  # type: ignore[arg-type]


def test_a_financial_year_is_made_from_text_or_the_year_it_starts() -> None:
    assert FinancialYear("2016/17") == FinancialYear(2016) == FinancialYear.parse("2016-17")
    # In a model (and a file) a bare number is ambiguous, so it is refused, saying what to write.
    with pytest.raises(InputError, match=r"year: .* found int 2016; write '2016/17' for the year from 1 April 2016"):
        Claim(figure="net_saving", value="360k", year=2016)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("year", "message"),
    [
        (2030, "year: expected a year from 2016/17 to 2019/20, found 2030/31"),
        (1066, "year: expected a start year from 1900 to 2999, found 1066"),
        ("2016", "year: expected a financial year such as '2016/17', found '2016'"),
        (2016.0, "year: expected a start year from 1900 to 2999, found 2016.0"),
    ],
)
def test_a_year_outside_the_horizon_or_unreadable_is_bad_input(year: object, message: str) -> None:
    with pytest.raises(InputError) as caught:
        RESULT.year(year)  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_the_names_of_columns_attributes_claims_and_explanations_are_one_vocabulary() -> None:
    frame = RESULT.to_frame(exact=True)
    first = RESULT.years[0]
    for column in COLUMNS:
        assert column.name in frame.columns
        assert first.figure(column.name) == frame.loc["2016/17", column.name]
        assert RESULT.series(column.name)[0] == frame.loc["2016/17", column.name]
        explained = RESULT.explain(column.name, "2016/17")
        assert explained.name == column.name
        assert explained.value == frame.loc["2016/17", column.name]
        if not column.full_year:
            claim = Claim(figure=column.figure, basis=column.basis, value=0, year="2016/17")
            assert claim.describe().startswith(column.figure.value)
        if column.name in ("fte_change",):
            continue
        assert getattr(first, column.name) == frame.loc["2016/17", column.name]


def test_the_mtfp_line_is_reachable_by_its_columns_name() -> None:
    explained = RESULT.explain("net_saving_incremental", "2017/18")
    assert str(explained) == (
        "net saving, incremental in 2017/18: £0\n  net saving in 2017/18 £360,000 - in 2016/17 £360,000 = £0"
    )
    assert LATER.explain("net_saving_cumulative", 2017).parts == (
        "the running total of the incremental figures from the horizon's start: "
        "£72,000 (2016/17) + £288,000 (2017/18) = £360,000",
    )
    full = LATER.explain("full_year_effect", 2016)
    assert full.value == Money(360000)
    assert full.parts[0] == "Watch Manager posts released: £576,000"


def test_a_claim_of_a_columns_name_is_pointed_to_its_basis() -> None:
    with pytest.raises(InputError) as caught:
        Claim(figure="net_saving_incremental", value="360k", year="2016/17")
    assert str(caught.value) == (
        "figure: expected a figure such as 'net_saving', found 'net_saving_incremental'; "
        "write figure = 'net_saving' with basis = 'incremental'"
    )


def test_one_grades_fte_change_has_a_name_too() -> None:
    assert RESULT.series("fte_change:Crew Manager") == RESULT.series("fte_change", grade="Crew Manager")
    assert RESULT.year(2016).figure("fte_change:Watch Manager") == Decimal(-11)
    with pytest.raises(InputError, match="grade: expected a grade only for fte_change, found one for net_saving"):
        RESULT.series("net_saving", grade="Watch Manager")


def test_an_unknown_figure_is_named_with_a_hint() -> None:
    with pytest.raises(InputError, match="figure: unknown figure 'net_savings'; did you mean 'net_saving'"):
        RESULT.series("net_savings")
    with pytest.raises(InputError, match="expected a money figure's annual effect"):
        RESULT.total_over_period("net_saving_incremental")
    with pytest.raises(
        InputError, match="basis: expected 'annual', 'incremental', 'cumulative' or 'to_date', found 'total'"
    ):
        RESULT.series("net_saving", "total")
    with pytest.raises(InputError, match="basis: expected basis 'incremental' for 'net_saving_incremental'"):
        RESULT.series("net_saving_incremental", "cumulative")


def test_reprs_are_short() -> None:
    assert repr(RESULT) == (
        "<Evaluation of 'SCS4-1 15SCS42 S', 2016/17 to 2019/20: net saving £360,000, £360,000, £360,000, £360,000>"
    )
    assert repr(RESULT.explain("gross_saving", 2016)) == "Explanation('gross saving in 2016/17: £576,000', 1 part)"
    p = Proposal(
        reference="X",
        start_year="2016/17",
        grades=[Grade(name="A", unit_cost="30k")],
        lines=[PostsReleased(name="a", grade="A", fte=1)],
    )
    assert repr(p) == "Proposal('X', 2016/17 for 4 years: 1 grade, 1 line)"
    assert len(repr(scs4_1_revised())) < 200


def test_the_names_figures_once_had_are_refused_with_what_to_write() -> None:
    # "Net saving" is the paper's "savings - costs"; a file written with the old names is told, not misread.
    with pytest.raises(InputError, match=r"unknown figure 'recurring_net_saving'; write net_saving \(the recurring"):
        RESULT.series("recurring_net_saving")
    with pytest.raises(InputError, match=r"write net_saving with basis 'incremental' \(the MTFP line\)"):
        Claim(figure="recurring_net_saving_incremental", value="360k", year="2016/17")


def test_the_net_position_to_date_is_the_running_total_after_one_off_costs() -> None:
    explained = RESULT.explain("net_position_to_date", "2017/18")
    assert explained.value == Money(720000)
    assert explained.parts == (
        "the running total of the annual effects: £360,000 (2016/17) + £360,000 (2017/18) = £720,000",
    )
    assert explained.head == "net position to date in 2017/18: £720,000"


def test_an_explanation_of_one_grade_names_the_grade_in_its_head() -> None:
    # Bug: headed "FTE change in 2016/17: 8 FTE", as if all grades together moved by 8.
    assert RESULT.explain("fte_change", 2016, grade="Crew Manager").head == "FTE change, Crew Manager in 2016/17: 8 FTE"
    incremental = RESULT.explain("fte_change_incremental", 2016, grade="Crew Manager")
    assert incremental.head == "FTE change, Crew Manager, incremental in 2016/17: 8 FTE"
    assert RESULT.explain("fte_change", 2016).head == "FTE change in 2016/17: -3 FTE"
