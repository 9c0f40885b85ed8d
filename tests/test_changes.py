"""Changing a proposal from Python: validated, like a variant, never a silent or late failure."""

from datetime import date

import pytest

from savingsmodel import Grade, InputError, Money, Proposal, Variant, evaluate
from savingsmodel.examples import scs4_1_revised
from savingsmodel.model.proposal import apply_variant


def messages(error: pytest.ExceptionInfo[InputError]) -> list[str]:
    return [str(p) for p in error.value.problems]


def test_with_changes_takes_a_variants_overrides_and_returns_a_new_proposal() -> None:
    base = scs4_1_revised()
    later = base.with_changes(lines={"Watch Manager posts released": {"start": "2016-10-01"}})
    assert later is not base
    assert later.line("Watch Manager posts released").start == date(2016, 10, 1)
    assert base.line("Watch Manager posts released").start == date(2016, 4, 1)  # the baseline is untouched
    assert [str(y.net_saving) for y in evaluate(later).years][:2] == ["£72,000", "£360,000"]
    dearer = base.with_changes(grades={"Watch Manager": {"unit_cost": 50000}}, horizon=5)
    assert (dearer.grade("Watch Manager").unit_cost, dearer.horizon) == (Money(50000), 5)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        # The four: each failed late (deep in evaluate) or not at all.
        ({"grades": {"Watch Manager": {"unit_cost": "£40q"}}}, "grades.Watch Manager.unit_cost: expected an amount"),
        ({"grades": {"Watch Manager": {"unitcost": "40k"}}}, "did you mean 'unit_cost'?"),
        ({"start_year": "2016"}, "start_year: expected a financial year such as '2016/17', found '2016'"),
        ({"lines": {"Watch Manager posts releasd": {"fte": 3}}}, "unknown line 'Watch Manager posts releasd'"),
        ({"horizon": 0}, "horizon: expected"),
    ],
)
def test_with_changes_validates_with_the_messages_of_a_variant(changes: dict[str, object], message: str) -> None:
    with pytest.raises(InputError) as caught:
        scs4_1_revised().with_changes(**changes)  # type: ignore[arg-type]
    assert any(message in m for m in messages(caught)), messages(caught)
    assert not any(m.startswith("variants") for m in messages(caught))


def test_model_copy_with_an_update_validates_too() -> None:
    # pydantic's model_copy(update=...) skips validation; on our models it does not. The four:
    # "£40k" and 40000 reached evaluate unconverted, a text start date failed on "<", a misspelt key was dropped.
    grade = Grade(name="WM", unit_cost="48k")
    assert grade.model_copy(update={"unit_cost": "£40k"}).unit_cost == Money(40000)
    assert grade.model_copy(update={"unit_cost": 40000}).unit_cost == Money(40000)
    base = scs4_1_revised()
    posts = base.lines[0].model_copy(update={"start": "2016-10-01"})
    assert posts.start == date(2016, 10, 1)
    later = base.model_copy(update={"lines": (posts, *base.lines[1:])})
    assert str(evaluate(later).years[0].net_saving) == "£72,000"
    with pytest.raises(InputError, match="unit_cost: expected an amount of money"):
        grade.model_copy(update={"unit_cost": "£40q"})
    with pytest.raises(InputError, match="unknown field 'unitcost'; did you mean 'unit_cost'"):
        grade.model_copy(update={"unitcost": 40000})
    with pytest.raises(InputError, match="start_year: expected a financial year"):
        scs4_1_revised().model_copy(update={"start_year": "April 2016"})
    assert grade.model_copy() == grade


def test_assigning_to_a_field_is_an_input_error_that_says_what_to_do() -> None:
    proposal = scs4_1_revised()
    with pytest.raises(InputError, match=r"^horizon: cannot assign .* proposal\.with_changes\(horizon=\.\.\.\)"):
        proposal.horizon = 5  # type: ignore[misc]
    with pytest.raises(InputError, match=r"^unit_cost: cannot assign .*model_copy\(update="):
        proposal.grades[0].unit_cost = Money(1)  # type: ignore[misc]


def test_a_misspelt_grade_in_a_variant_names_its_place_once() -> None:
    # The issue: the path read 'variants[v].variants[0].grades' (the word doubled).
    base = scs4_1_revised()
    typo = Variant(name="v", grades={"Watch Managr": {"unit_cost": "50k"}})
    with pytest.raises(InputError) as caught:
        apply_variant(base, typo)
    assert messages(caught) == ["variants[v].grades: unknown grade 'Watch Managr'; did you mean 'Watch Manager'?"]
    with pytest.raises(InputError) as caught:
        apply_variant(base, Variant(name="v", lines={"WM posts": {"fte": 3}}))
    assert messages(caught)[0].startswith("variants[v].lines: unknown line 'WM posts'")


def test_a_proposal_with_changes_keeps_its_variants() -> None:
    base = scs4_1_revised()
    assert base.with_changes(horizon=5).variants == base.variants
    assert isinstance(base.with_changes(), Proposal)
