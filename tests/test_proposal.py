"""The proposal model: what it accepts, what it refuses and how it says so."""

from decimal import Decimal

import pytest

from savingsmodel import (
    Claim,
    Grade,
    InputError,
    Money,
    OneOffCost,
    PostsCreated,
    PostsReleased,
    Proposal,
    SavingsModelError,
    Variant,
    evaluate,
)
from savingsmodel.examples import scs4_1_revised
from savingsmodel.model.proposal import apply_variant

from builders import clerks, messages

WM = Grade(name="Watch Manager", unit_cost="48k")


def test_every_problem_is_reported_at_once_with_its_path() -> None:
    with pytest.raises(InputError) as caught:
        Proposal(
            reference="X",
            start_year="2016/17",
            grades=[WM],
            lines=[
                {"kind": "posts_released", "name": "a", "grade": "WM C", "fte": -1, "ftee": 3},
                {"kind": "posts_creat", "name": "b"},
            ],
            claims=[{"figure": "net_saving", "value": "360k", "year": "2030/31"}],
            refrence="typo",
        )
    assert messages(caught.value) == [
        "lines[0].fte: expected an FTE of zero or more, found -1",
        "lines[0].ftee: unknown field 'ftee'; did you mean 'fte'?",
        "lines[1]: unknown kind 'posts_creat'; did you mean 'posts_created'?",
        "refrence: unknown field 'refrence'; did you mean 'reference'?",
        "lines[0].grade: unknown grade 'WM C'; known: 'Watch Manager'",
        "claims[0].year: expected a year from 2016/17 to 2019/20 (the horizon), found 2030/31",
    ]


def test_errors_share_one_root_and_are_value_errors() -> None:
    with pytest.raises(SavingsModelError):
        Grade(name="", unit_cost="1")
    assert issubclass(InputError, ValueError)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": "x", "grade": "Watch Manager", "fte": "-0.5"}, "fte: expected an FTE of zero or more, found -0.5"),
        ({"name": "x", "grade": "Watch Manager"}, "expected fte or a schedule, found neither"),
        ({"name": "x", "grade": "Watch Manager", "fte": "twelve"}, "fte: expected a number, found 'twelve'"),
        ({"name": "x", "grade": "Watch Manager", "fte": 1, "unit_cost": "-5"}, "expected an amount of zero or more"),
        (
            {"name": "x", "grade": "Watch Manager", "fte": 1, "start": "2017-02-30"},
            "start: expected a date such as 2016-04-01 (day value is outside expected range)",
        ),
        (
            {"name": "x", "grade": "Watch Manager", "fte": 1, "start": "2017-01-01", "end": "2016-01-01"},
            "expected end on or after start (2017-01-01), found 2016-01-01",
        ),
    ],
)
def test_bad_lines(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(InputError) as caught:
        PostsReleased(**kwargs)  # type: ignore[arg-type]
    assert message in str(caught.value)


def test_duplicate_names_and_a_grade_with_no_unit_cost() -> None:
    # A line priced from a grade with no unit cost is kept (its cost is not stated yet): not a problem here.
    with pytest.raises(InputError) as caught:
        Proposal(
            reference="X",
            start_year="2016/17",
            grades=[WM, WM, Grade(name="Crew Manager")],
            lines=[
                PostsReleased(name="a", grade="Crew Manager", fte=1),
                PostsCreated(name="a", grade="Watch Manager", fte=1, priced_in="team"),
            ],
            variants=[Variant(name="v"), Variant(name="v", lines={"nope": {"fte": 1}})],
        )
    assert messages(caught.value) == [
        "grades[1].name: expected a unique name, found 'Watch Manager' again",
        "lines[1].name: expected a unique name, found 'a' again",
        "variants[1].name: expected a unique name, found 'v' again",
        "lines[1].priced_in: unknown line 'team'",
        "variants[1].lines: unknown line 'nope'; known: 'a'",
    ]


def test_claims_need_a_year_unless_total() -> None:
    with pytest.raises(InputError, match="expected a year for basis 'annual', found none"):
        Claim(figure="net_saving", value="1")
    with pytest.raises(InputError, match="expected no year with basis 'total'"):
        Claim(figure="net_saving", value="1", year="2016/17", basis="total")
    assert Claim(figure="net_saving", value="£1.44m", basis="total").value == Decimal("1440000")


def test_proposals_are_immutable() -> None:
    proposal = scs4_1_revised()
    with pytest.raises(Exception, match="frozen"):
        proposal.horizon = 5  # type: ignore[misc]


def test_variant_overrides_without_copying() -> None:
    base = scs4_1_revised()
    proposal = base.model_copy(
        update={
            "variants": (
                Variant(
                    name="dearer",
                    grades={"Watch Manager": {"unit_cost": "50k"}},
                    lines={"Resource Management Team": {"amount": "140k"}},
                ),
            )
        }
    )
    dearer = proposal.with_variant("dearer")
    first = evaluate(dearer).years[0]
    assert first.gross_saving == Money("600000")
    assert first.additional_costs == Money("222000")
    assert evaluate(base).years[0].gross_saving == Money("576000")  # the baseline is untouched


def test_variant_errors_name_the_variant() -> None:
    bad = Variant(name="bad", lines={"Resource Management Team": {"amout": "1"}})
    # A changed copy is validated (tests/test_changes.py): the bad variant is refused where it is added ...
    with pytest.raises(InputError, match=r"^variants\[0\]\.lines\.Resource Management Team\.amout: cannot override"):
        scs4_1_revised().model_copy(update={"variants": (bad,)})
    # ... and laid over the proposal, it is named by its name.
    with pytest.raises(InputError, match=r"^variants\[bad\]\.lines\.Resource Management Team\.amout: cannot override"):
        apply_variant(scs4_1_revised(), bad)
    with pytest.raises(InputError, match="unknown variant 'bda'; known: 'posts-leave-october'"):
        scs4_1_revised().with_variant("bda")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"unit_cost": Decimal("1e999")}, "unit_cost: expected an amount below 1,000,000,000,000,000, found 1E+999"),
        ({"unit_cost": "0.000000000001"}, "unit_cost: expected an amount with at most 10 decimal places"),
    ],
)
def test_absurd_figures_are_refused_at_the_door(kwargs: dict[str, object], message: str) -> None:
    # Found by fuzzing: 1e999 passed validation, then overflowed exact arithmetic in the engine.
    with pytest.raises(InputError) as caught:
        Grade(name="Watch Manager", **kwargs)  # type: ignore[arg-type]
    assert message in str(caught.value)
    with pytest.raises(InputError, match="fte: expected a number below"):
        PostsReleased(name="x", grade="Watch Manager", fte=Decimal("1e20"))


# ---- Claims, dates and the horizon: what is refused, and why ------------------------------------------


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
        clerks(claims=[claim])
    assert messages(error) == ["claims[0].grade: unknown grade 'Clerc'; did you mean 'Clerk'?"]


def test_an_fte_claim_over_the_period_is_bad_input() -> None:
    # Before: accepted, then "cannot check", and `check` still exited 0.
    with pytest.raises(InputError) as error:
        Claim(figure="fte_change", value=-2, basis="total")
    assert "expected a year for fte_change (an FTE figure has no total over the period), found basis 'total'" in str(
        error.value
    )


def test_a_one_off_cost_paid_outside_the_horizon_is_bad_input() -> None:
    # Before: the cost was silently left out of every figure.
    late = OneOffCost(name="Redundancy", amount="40k", start="2025-01-01")
    with pytest.raises(InputError) as error:
        clerks(lines=[PostsReleased(name="Clerks", grade="Clerk", fte=2), late])
    assert messages(error) == [
        "lines[1].start: expected a one-off cost paid from 2016-04-01 to 2020-03-31 (the horizon), found 2025-01-01"
    ]


def test_a_one_off_cost_with_a_year_in_the_horizon_may_start_outside_it() -> None:
    # `year` says where the cost falls; the start date is then only a note of when it was agreed.
    paid = OneOffCost(name="Redundancy", amount="40k", start="2015-01-01", year="2016/17")
    result = evaluate(clerks(lines=[PostsReleased(name="Clerks", grade="Clerk", fte=2), paid]))
    assert str(result.years[0].one_off_costs) == "£40,000"


def test_a_schedule_step_after_the_line_ends_is_bad_input() -> None:
    # Before: the step was silently never in force.
    from savingsmodel.model.lines import Step

    steps = [Step(on="2016-04-01", fte=1), Step(on="2018-04-01", fte=1)]
    with pytest.raises(InputError) as error:
        PostsReleased(name="Clerks", grade="Clerk", schedule=steps, end="2017-03-31")
    assert "expected every schedule step on or before end (2017-03-31), found one on 2018-04-01" in str(error.value)


def test_a_stated_cost_for_no_posts_is_bad_input() -> None:
    # Before: 0 FTE with a stated cost of £32,000 cost nothing, silently.
    from savingsmodel.model.lines import PostsCreated

    with pytest.raises(InputError) as error:
        PostsCreated(name="CM", grade="Clerk", fte=0, cost="32k")
    assert "expected fte above zero when the posts have a stated cost, found 0" in str(error.value)


def test_a_horizon_running_past_the_last_year_is_bad_input_not_a_traceback() -> None:
    with pytest.raises(InputError) as error:
        Proposal(reference="x", start_year="2998/99", horizon=4)
    assert messages(error) == [
        "horizon: expected a horizon ending by 2999/00 (the last financial year), found 4 years to 3001/02"
    ]


def test_asking_for_a_variant_of_a_proposal_with_none_says_there_are_none() -> None:
    # Before: "unknown variant 'later'" and nothing more.
    with pytest.raises(InputError) as error:
        clerks().with_variant("later")
    assert messages(error) == ["variants: unknown variant 'later'; the proposal has no variants"]
