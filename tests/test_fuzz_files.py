"""Damaged scenario files: whatever the damage, the loader answers with InputError or a proposal, never a crash."""

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from savingsmodel import InputError, evaluate
from savingsmodel.files import dumps, load, loads

ROOT = Path(__file__).resolve().parent.parent
TOML = (ROOT / "scenarios" / "scs4-1-revised.toml").read_text(encoding="utf-8").splitlines()
YAML = dumps(load(ROOT / "scenarios" / "scs4-1-revised.toml").proposal, "yaml").splitlines()
SWAPS = ["", "-1", "0", '"x"', "[]", "{}", "1e999", '"£1.2.3m"', "2016-13-01", '"2099/00"', "true", '"(£5k)"']


@st.composite
def damaged(draw: st.DrawFn, original: list[str]) -> str:
    lines = list(original)
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "swap", "duplicate", "garble"]))
        if action == "drop":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "swap" and (" = " in lines[index] or ": " in lines[index]):
            separator = " = " if " = " in lines[index] else ": "
            key = lines[index].split(separator, 1)[0]
            lines[index] = f"{key}{separator}{draw(st.sampled_from(SWAPS))}"
        else:
            lines[index] = draw(st.text(max_size=20))
    return "\n".join(lines)


@settings(max_examples=150)
@given(damaged(TOML))
def test_a_damaged_toml_file_is_an_input_error_or_a_proposal(text: str) -> None:
    answers_cleanly(text, "toml")


@settings(max_examples=150)
@given(damaged(YAML))
def test_a_damaged_yaml_file_is_an_input_error_or_a_proposal(text: str) -> None:
    answers_cleanly(text, "yaml")


def answers_cleanly(text: str, file_format: str) -> None:
    source = f"damaged.{file_format}"
    try:
        scenario = loads(text, source=source, format=file_format)  # type: ignore[arg-type]
    except InputError as error:
        problems = error.problems
    else:
        evaluate(scenario.proposal)
        return
    assert problems
    assert all(str(problem).startswith(f"{source}:") for problem in problems)
