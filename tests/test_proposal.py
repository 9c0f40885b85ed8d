"""The proposal model: what it accepts, what it refuses and how it says so."""

from decimal import Decimal

import pytest

from savingsmodel import (
    Claim,
    Grade,
    InputError,
    Money,
    PostsCreated,
    PostsReleased,
    Proposal,
    SavingsModelError,
    Variant,
    evaluate,
)
from savingsmodel.examples import scs4_1_revised
from savingsmodel.model.proposal import apply_variant

WM = Grade(name="Watch Manager", unit_cost="48k")


def messages(error: InputError) -> list[str]:
    return [str(p) for p in error.problems]


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


def test_duplicate_names_and_missing_unit_cost() -> None:
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
        "lines[0].grade: expected grade 'Crew Manager' to have a unit_cost (this line is priced from it), found none",
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
