"""Bugs found by using the tool as an officer would: each test failed before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from savingsmodel import InputError, evaluate
from savingsmodel.checks.reconcile import Status, reconcile
from savingsmodel.cli import EXIT_BAD_INPUT, main
from savingsmodel.model.claims import Claim, SeriesClaim
from savingsmodel.model.grades import Grade
from savingsmodel.model.lines import OneOffCost, PostsReleased
from savingsmodel.model.proposal import Proposal

CLERK = Grade(name="Clerk", unit_cost="30000")


def _proposal(**fields: object) -> Proposal:
    data: dict[str, object] = {
        "reference": "T-1",
        "start_year": "2016/17",
        "grades": [CLERK],
        "lines": [PostsReleased(name="Clerks", grade="Clerk", fte=2)],
    }
    data.update(fields)
    return Proposal(**data)  # type: ignore[arg-type]


def _messages(error: pytest.ExceptionInfo[InputError]) -> list[str]:
    return [f"{p.path}: {p.message}" for p in error.value.problems]


def test_a_claim_that_holds_only_by_its_tolerance_does_not_say_it_holds_to_the_rounding() -> None:
    # £60,000 computed; £57k stated to £1k with a £5k tolerance: within the tolerance, not the rounding.
    claim = Claim(figure="gross_saving", value="57k", year="2016/17", rounded_to="1k", tolerance="5k")
    [finding] = reconcile(evaluate(_proposal(claims=[claim])))
    assert finding.status is Status.HOLDS
    assert "to the nearest £1,000" not in finding.message
    assert finding.message.endswith("holds within the tolerance of £5,000")


def test_a_claim_within_its_rounding_still_says_so_when_it_also_has_a_tolerance() -> None:
    claim = Claim(figure="gross_saving", value="60k", year="2016/17", rounded_to="1k", tolerance="5k")
    [finding] = reconcile(evaluate(_proposal(claims=[claim])))
    assert finding.message.endswith("holds to the nearest £1,000")


def test_a_claim_that_holds_only_by_its_tolerance_says_so() -> None:
    claim = Claim(figure="gross_saving", value="59k", year="2016/17", tolerance="2k")
    [finding] = reconcile(evaluate(_proposal(claims=[claim])))
    assert finding.message.endswith("holds within the tolerance of £2,000")


def test_a_money_claim_cannot_name_a_grade() -> None:
    # Before: the grade was ignored and the claim compared with the whole proposal's figure.
    with pytest.raises(InputError) as error:
        Claim(figure="gross_saving", grade="Clerk", value="60k", year="2016/17")
    assert "grade" in str(error.value)
    assert "expected a grade only for fte_change" in str(error.value)


def test_a_claim_about_an_unknown_grade_is_bad_input_with_a_suggestion() -> None:
    # Before: "cannot check", and `check` exited 0.
    claim = Claim(figure="fte_change", grade="Clerc", value=-2, year="2016/17")
    with pytest.raises(InputError) as error:
        _proposal(claims=[claim])
    assert _messages(error) == ["claims[0].grade: unknown grade 'Clerc'; did you mean 'Clerk'?"]


def test_a_series_running_past_the_horizon_is_bad_input() -> None:
    series = SeriesClaim(figure="net_saving", year="2016/17", values=["60k", "0", "0", "0", "0"], basis="incremental")
    with pytest.raises(InputError) as error:
        _proposal(series=[series])
    assert _messages(error) == [
        "series[0].values: expected at most 4 values (2016/17 to 2019/20, the horizon), found 5 (to 2020/21)"
    ]


def test_a_one_off_cost_paid_outside_the_horizon_is_bad_input() -> None:
    # Before: the cost was silently left out of every figure.
    late = OneOffCost(name="Redundancy", amount="40k", start="2025-01-01")
    with pytest.raises(InputError) as error:
        _proposal(lines=[PostsReleased(name="Clerks", grade="Clerk", fte=2), late])
    assert _messages(error) == [
        "lines[1].start: expected a one-off cost paid from 2016-04-01 to 2020-03-31 (the horizon), found 2025-01-01"
    ]


def test_a_one_off_cost_with_a_year_in_the_horizon_may_start_outside_it() -> None:
    # `year` says where the cost falls; the start date is then only a note of when it was agreed.
    paid = OneOffCost(name="Redundancy", amount="40k", start="2015-01-01", year="2016/17")
    result = evaluate(_proposal(lines=[PostsReleased(name="Clerks", grade="Clerk", fte=2), paid]))
    assert str(result.years[0].one_off_costs) == "£40,000"


def test_a_conflict_names_the_claim_that_agrees_even_when_it_has_no_source() -> None:
    # Before: the first claim, with no source, was called "the second".
    first = Claim(figure="fte_change", value=-2, year="2016/17")
    second = Claim(figure="fte_change", value=-3, year="2016/17", source="para 9")
    findings = reconcile(evaluate(_proposal(claims=[first, second])))
    [conflict] = [f for f in findings if f.status is Status.CONFLICT]
    assert "claims[0] says -2, para 9 says -3" in conflict.message
    assert "agrees with claims[0]" in conflict.message


def test_explain_refuses_a_grade_for_a_money_figure(capsys: pytest.CaptureFixture[str]) -> None:
    # Before: --grade was ignored and the whole proposal's gross saving shown as if for the grade.
    code = main(["explain", "scenarios/scs4-1-revised.toml", "gross_saving", "2016/17", "--grade", "Crew Manager"])
    out, err = capsys.readouterr()
    assert code == EXIT_BAD_INPUT
    assert out == ""
    assert "grade: expected a grade only for fte_change, found one for gross_saving" in err


def test_an_infinite_amount_reads_as_english(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "inf.yaml"
    path.write_text(
        "reference: x\nstart_year: 2016/17\nlines:\n  - kind: recurring_cost\n    name: b\n    amount: .inf\n",
        encoding="utf-8",
    )
    assert main(["run", str(path)]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "a finite an" not in err
    assert "lines[0].amount: expected a finite amount of money, found Decimal('Infinity')" in err


def test_compare_shows_a_default_setting_as_its_value_not_as_unset() -> None:
    # Before: "horizon: (not set) -> 2", when A models 4 years (the default).
    from savingsmodel.outputs.comparison import input_differences

    a = _proposal()
    b = _proposal(horizon=2, phasing="days")
    assert input_differences(a, b) == ["horizon: 4 (the default) -> 2", "phasing: months (the default) -> days"]
    assert input_differences(b, a) == ["horizon: 2 -> 4 (the default)", "phasing: days -> months (the default)"]
    assert input_differences(a, _proposal(title="New")) == ["title: (not set) -> New"]


def test_a_stated_cost_shared_over_tranches_adds_back_to_the_stated_cost() -> None:
    # Before: three tranches of a £10,000 stated cost were £3,333.33 each: £9,999.99 once all had arrived.
    from savingsmodel.model.lines import PostsCreated, Step

    steps = [Step(on="2016-04-01", fte=1), Step(on="2016-10-01", fte=1), Step(on="2017-04-01", fte=1)]
    made = PostsCreated(name="New posts", grade="Clerk", cost="10000", schedule=steps)
    result = evaluate(_proposal(lines=[made]))
    assert [str(y.additional_costs) for y in result.years] == ["£5,000", "£10,000", "£10,000", "£10,000"]
    amounts = [c.amount for c in result.contributions if c.year == result.years[1].year]
    assert sorted(str(a) for a in amounts) == ["£3,333.33", "£3,333.33", "£3,333.34"]


def test_a_miss_of_a_penny_is_not_shown_as_a_positive_percentage() -> None:
    # Before: "misses by -£0.01 (+0.0%)".
    claim = Claim(figure="gross_saving", value="60000.01", year="2016/17")
    [finding] = reconcile(evaluate(_proposal(claims=[claim])))
    assert finding.message.endswith("misses by -£0.01 (-0.0%)")


def test_an_fte_claim_over_the_period_is_bad_input() -> None:
    # Before: accepted, then "cannot check", and `check` still exited 0.
    with pytest.raises(InputError) as error:
        Claim(figure="fte_change", value=-2, basis="total")
    assert "expected a year for fte_change (an FTE figure has no total over the period), found basis 'total'" in str(
        error.value
    )


def test_a_schedule_step_after_the_line_ends_is_bad_input() -> None:
    # Before: the step was silently never in force.
    from savingsmodel.model.lines import Step

    steps = [Step(on="2016-04-01", fte=1), Step(on="2018-04-01", fte=1)]
    with pytest.raises(InputError) as error:
        PostsReleased(name="Clerks", grade="Clerk", schedule=steps, end="2017-03-31")
    assert "expected every schedule step on or before end (2017-03-31), found one on 2018-04-01" in str(error.value)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("rounded_to", "-1k", "rounded_to: expected a step above zero such as '1k', found -1000"),
        ("rounded_to", "0", "rounded_to: expected a step above zero such as '1k', found 0"),
        ("tolerance", "-5", "tolerance: expected zero or more, found -5"),
    ],
)
def test_a_negative_rounding_or_tolerance_is_bad_input(field: str, value: str, message: str) -> None:
    # Before: accepted; with both negative, not even an exact figure could hold.
    with pytest.raises(InputError) as claim_error:
        Claim(figure="income", value="1000", year="2016/17", **{field: value})
    assert message in str(claim_error.value)
    with pytest.raises(InputError) as series_error:
        SeriesClaim(figure="income", year="2016/17", values=["1000"], basis="cumulative", **{field: value})
    assert message in str(series_error.value)


def test_a_grade_with_a_pipe_does_not_break_the_markdown_table() -> None:
    from savingsmodel.outputs.report import render_run

    grade = Grade(name="Grade A|B", unit_cost="20k")
    proposal = _proposal(grades=[grade], lines=[PostsReleased(name="x", grade="Grade A|B", fte=1)])
    result = evaluate(proposal)
    text = render_run(result, reconcile(result), "markdown", "pounds")
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    # Every row has as many cells as the header: an unescaped | would add one.
    assert {line.replace("\\|", "").count("|") for line in rows} == {rows[0].count("|")}
    assert "| &nbsp;&nbsp;Grade A\\|B | -1 | -1 | -1 | -1 |" in rows


def test_asking_for_a_variant_of_a_proposal_with_none_says_there_are_none() -> None:
    # Before: "unknown variant 'later'" and nothing more.
    with pytest.raises(InputError) as error:
        _proposal().with_variant("later")
    assert _messages(error) == ["variants: unknown variant 'later'; the proposal has no variants"]


def test_a_stated_cost_for_no_posts_is_bad_input() -> None:
    # Before: 0 FTE with a stated cost of £32,000 cost nothing, silently.
    from savingsmodel.model.lines import PostsCreated

    with pytest.raises(InputError) as error:
        PostsCreated(name="CM", grade="Clerk", fte=0, cost="32k")
    assert "expected fte above zero when the posts have a stated cost, found 0" in str(error.value)


def test_a_one_off_cost_dated_with_a_time_is_reported_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "dt.toml"
    path.write_text(
        'reference = "DT"\nstart_year = "2016/17"\n[[lines]]\nkind = "one_off_cost"\nname = "o"\namount = "1k"\n'
        "start = 2025-01-01T10:00:00\n",
        encoding="utf-8",
    )
    assert main(["run", str(path)]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "dt.toml:7: lines[0].start: " in err


def test_a_horizon_running_past_the_last_year_is_bad_input_not_a_traceback() -> None:
    with pytest.raises(InputError) as error:
        Proposal(reference="x", start_year="2998/99", horizon=4)
    assert _messages(error) == [
        "horizon: expected a horizon ending by 2999/00 (the last financial year), found 4 years to 3001/02"
    ]
