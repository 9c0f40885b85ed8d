"""Scenario files: money and dates read exactly, variants, line numbers, atomic saving, TOML and YAML alike."""

from __future__ import annotations

import json
import os
import re
import stat
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from savingsmodel import evaluate
from savingsmodel.core.errors import InputError
from savingsmodel.core.money import Money
from savingsmodel.engine.unit_costs import unit_cost
from savingsmodel.examples import scs4_1_revised
from savingsmodel.files import Scenario, dumps, json_schema, load, loads, save
from savingsmodel.files.toml_format import _TomlScanner
from savingsmodel.model.claims import Claim
from savingsmodel.model.grades import Grade
from savingsmodel.model.lines import PostsReleased
from savingsmodel.model.proposal import Proposal, Variant

from builders import CASH_MEANING

SCENARIOS = Path(__file__).parent.parent / "scenarios"
HEAD_TOML = 'reference = "SCS4-1"\nstart_year = "2016/17"\n'
HEAD_YAML = "reference: SCS4-1\nstart_year: 2016/17\n"


def toml(text: str) -> Proposal:
    return loads(HEAD_TOML + text, source="test.toml", format="toml").proposal


def yaml_(text: str) -> Proposal:
    return loads(HEAD_YAML + text, source="test.yaml", format="yaml").proposal


# ---- Money and numbers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "amount"),
    [
        ("48000", "48000"),
        ("48000.10", "48000.10"),
        ("123456789012.3456789", "123456789012.3456789"),  # more digits than a float holds
        ('"48000"', "48000"),
        ('"£48,000"', "48000"),
        ('"48k"', "48000"),
        ('"1.2m"', "1200000"),
        ('"£0.1m"', "100000"),
        ("4_8000", "48000"),
    ],
)
def test_money_forms_in_toml(written: str, amount: str) -> None:
    grade = toml(f'[[grades]]\nname = "WM"\nunit_cost = {written}\n').grades[0]
    assert grade.unit_cost is not None
    assert grade.unit_cost.amount == Decimal(amount)


@pytest.mark.parametrize(
    ("written", "amount"),
    [
        ("48000", "48000"),
        ("48000.10", "48000.10"),
        ("123456789012.3456789", "123456789012.3456789"),
        ("'48000'", "48000"),
        ("£48,000", "48000"),
        ("48k", "48000"),
        ("1.2m", "1200000"),
        ("48_000.5", "48000.5"),
    ],
)
def test_money_forms_in_yaml(written: str, amount: str) -> None:
    grade = yaml_(f"grades:\n  - name: WM\n    unit_cost: {written}\n").grades[0]
    assert grade.unit_cost == Money(amount)


def test_a_float_written_in_the_file_keeps_its_decimal_digits() -> None:
    # 0.1 as a binary float is 0.1000000000000000055511151231257827; the file says 0.10.
    grade = toml('[[grades]]\nname = "WM"\nunit_cost = 0.10\n').grades[0]
    assert grade.unit_cost is not None
    assert grade.unit_cost.amount.as_tuple() == Decimal("0.10").as_tuple()
    line = yaml_("lines:\n  - {kind: recurring_cost, name: x, amount: 1234.56}\n").lines[0]
    assert line.amount.amount.as_tuple() == Decimal("1234.56").as_tuple()  # type: ignore[union-attr]


def test_fte_fractions_are_exact() -> None:
    body = '[[grades]]\nname = "WM"\nunit_cost = "48k"\n[[lines]]\nkind = "posts_released"\nname = "x"\ngrade = "WM"\n'
    assert toml(body + "fte = 0.1\n").lines[0].fte == Decimal("0.1")  # type: ignore[union-attr]
    figures = evaluate(toml(body + "fte = 2.5\n")).year("2016/17")
    assert figures.gross_saving == Money(120000)


# ---- Dates and YAML's booleans ---------------------------------------------------------------------------------


def test_dates_as_toml_dates_and_as_text() -> None:
    body = '[[lines]]\nkind = "recurring_cost"\nname = "x"\namount = "5k"\n'
    assert toml(body + "start = 2016-10-01\n").lines[0].start == date(2016, 10, 1)
    assert toml(body + 'start = "2016-10-01"\n').lines[0].start == date(2016, 10, 1)


def test_yaml_dates_and_a_schedule_whose_on_key_stays_a_key() -> None:
    # YAML 1.1 reads a bare `on` as true; the loader reads YAML 1.2 booleans, so `on:` is a key.
    proposal = yaml_(
        "grades: [{name: WM, unit_cost: 48k}]\n"
        "lines:\n"
        "  - kind: posts_released\n"
        "    name: x\n"
        "    grade: WM\n"
        "    schedule:\n"
        "      - on: 2016-04-01\n"
        "        fte: 5\n"
        "      - {on: 2016-10-01, fte: 7}\n"
    )
    line = proposal.lines[0]
    assert [(s.on, s.fte) for s in line.schedule] == [(date(2016, 4, 1), 5), (date(2016, 10, 1), 7)]  # type: ignore[union-attr]


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "y", "n", "NO"])
def test_yaml_words_that_yaml_11_calls_booleans_stay_text(word: str) -> None:
    assert yaml_(f"grades:\n  - name: {word}\n").grades[0].name == word


def test_yaml_true_is_still_a_boolean() -> None:
    with pytest.raises(InputError, match=r"lines\[0\]\.fte: expected a number, found True"):
        yaml_("grades: [{name: WM, unit_cost: 1}]\nlines: [{kind: posts_released, name: x, grade: WM, fte: true}]\n")


# ---- Variants ----------------------------------------------------------------------------------------------------


def test_bundled_scenario_loads_and_matches_the_python_example() -> None:
    scenario = load(SCENARIOS / "scs4-1-revised.toml")
    assert scenario.source.endswith("scs4-1-revised.toml")
    assert evaluate(scenario.proposal).year("2016/17").net_saving == Money(360000)
    assert [line.name for line in scenario.proposal.lines] == [line.name for line in scs4_1_revised().lines]


def test_variants_override_a_unit_cost_and_a_start() -> None:
    proposal = toml(
        '[[grades]]\nname = "Watch Manager"\nunit_cost = "48k"\n'
        '[[lines]]\nkind = "posts_released"\nname = "WM posts"\ngrade = "Watch Manager"\nfte = 12\n'
        '[[variants]]\nname = "october"\n[variants.lines."WM posts"]\nstart = 2016-10-01\n'
        '[[variants]]\nname = "dearer"\nhorizon = 5\n[variants.grades."Watch Manager"]\nunit_cost = "50k"\n'
    )
    assert evaluate(proposal.with_variant("october")).year("2016/17").gross_saving == Money(288000)
    dearer = proposal.with_variant("dearer")
    assert evaluate(dearer).year("2016/17").gross_saving == Money(600000)
    assert len(dearer.years) == 5


# ---- Where things are written -----------------------------------------------------------------------------------


def test_line_of_fields_items_and_fallbacks() -> None:
    text = (
        "# a comment [[lines]]\n"  # 1
        'reference = "SCS4-1"\n'  # 2
        'start_year = "2016/17"\n'  # 3
        "[[grades]]\n"  # 4
        'name = "WM"\n'  # 5
        'unit_cost = "48k"\n'  # 6
        "[[lines]]  # first line\n"  # 7
        'kind = "posts_released"\n'  # 8
        'name = "x"\n'  # 9
        'note = """\n'  # 10
        "[[lines]]\n"  # 11: inside a string, not a table
        'name = "not a line"\n'  # 12
        '"""\n'  # 13
        'grade = "WM"\n'  # 14
        "schedule = [\n"  # 15
        "  {on = 2016-04-01, fte = 5},  # a comment ]\n"  # 16
        "  {on = 2016-10-01, fte = 7},\n"  # 17
        "]\n"  # 18
        "[[lines]]\n"  # 19
        "kind = 'recurring_cost'\n"  # 20
        "\"name\" = 'y'\n"  # 21
        "amount = '''5k'''\n"  # 22
        "[[variants]]\n"  # 23
        'name = "v"\n'  # 24
        '[variants.lines."x"]\n'  # 25
        "note = 'later'\n"  # 26
        "[variants.grades.WM]\n"  # 27
        'unit_cost = "50k"\n'  # 28
    )
    scenario = loads(text, source="s.toml", format="toml")
    expected = {
        "": 1,
        "reference": 2,
        "grades[0]": 4,
        "grades[0].unit_cost": 6,
        "lines[0]": 7,
        "lines[0].note": 10,
        "lines[0].grade": 14,
        "lines[0].schedule": 15,
        "lines[0].schedule[1]": 17,
        "lines[0].schedule[1].fte": 17,
        "lines[1].name": 21,
        "lines[1].amount": 22,
        "variants[0]": 23,
        "variants[0].lines": 25,
        "variants[0].lines.x.note": 26,
        "variants[0].grades.WM": 27,
        "variants[0].grades.WM.unit_cost": 28,
        # fallbacks: a field not written goes to its item; an unknown path to the top
        "lines[1].start": 19,
        "lines[0].schedule[1].on.year": 17,
        "claims[4]": 1,
    }
    assert {path: scenario.line_of(path) for path in expected} == expected
    assert len(scenario.proposal.lines) == 2


def test_line_of_in_yaml() -> None:
    text = (
        "reference: SCS4-1\n"  # 1
        "start_year: 2016/17\n"  # 2
        "grades:\n"  # 3
        "  - name: WM\n"  # 4
        "    unit_cost: 48k\n"  # 5
        "lines:\n"  # 6
        "  - kind: recurring_cost\n"  # 7
        "    name: x\n"  # 8
        "    amount: 5k\n"  # 9
        "  - {kind: recurring_income, name: y,\n"  # 10
        "     amount: 1k}\n"  # 11
    )
    scenario = loads(text, source="s.yaml", format="yaml")
    assert scenario.line_of("grades[0].unit_cost") == 5
    assert scenario.line_of("lines[0]") == 7
    assert scenario.line_of("lines[1]") == 10
    assert scenario.line_of("lines[1].amount") == 11
    assert scenario.line_of("lines[1].note") == 10


def test_scanner_dotted_and_quoted_keys_and_nested_arrays_of_tables() -> None:
    scanner = _TomlScanner(
        'a.b = 1\n"c\\u00e9 d".e = [[1, 2], [3]]\n[[t]]\n[[t.u]]\nx = 1\n[[t.u]]\ny = {z = {w = 2}}\n[[t]]\n'
    )
    scanner.run()
    assert scanner.lines[("a", "b")] == 1
    assert scanner.lines[("cé d", "e", 1, 0)] == 2
    assert scanner.lines[("t", 0, "u", 1, "y", "z", "w")] == 7
    assert scanner.lines[("t", 1)] == 8
    assert scanner.duplicates == []


def test_problems_come_in_file_order_with_crlf_line_endings() -> None:
    text = (HEAD_TOML + 'titel = "x"\n[[grades]]\nname = "WM"\nunit_cost = "-1"\n').replace("\n", "\r\n")
    with pytest.raises(InputError) as caught:
        loads(text, source="crlf.toml", format="toml")
    assert [str(p) for p in caught.value.problems] == [
        "crlf.toml:3: titel: unknown field 'titel'; did you mean 'title'?",
        "crlf.toml:6: grades[0].unit_cost: expected an amount of zero or more, found -£1",
    ]


def test_loads_refuses_an_unknown_format() -> None:
    with pytest.raises(InputError, match="expected format 'toml' or 'yaml', found 'json'"):
        loads("{}", source="x.json", format="json")  # type: ignore[arg-type]


# ---- The fixes this work made in the model ---------------------------------------------------------------------


def test_a_variant_overriding_a_field_that_does_not_exist_is_refused_in_python_too() -> None:
    with pytest.raises(InputError) as caught:
        Proposal(
            reference="x",
            start_year="2016/17",
            grades=[Grade(name="WM", unit_cost="48k")],
            lines=[PostsReleased(name="L", grade="WM", fte=12)],
            variants=[Variant(name="v", lines={"L": {"strat": date(2016, 10, 1)}}, grades={"WM": {"name": "X"}})],
        )
    assert [str(p) for p in caught.value.problems] == [
        "variants[0].grades.WM.name: cannot override 'name': a variant changes a grade's fields, not its name or kind",
        "variants[0].lines.L.strat: cannot override 'strat'; did you mean 'start'?",
    ]


def test_a_misspelt_choice_gets_a_did_you_mean() -> None:
    with pytest.raises(InputError) as caught:
        Claim(figure="net_savings", value=1, year="2016/17", basis="anual")  # type: ignore[arg-type]
    found = [str(p) for p in caught.value.problems]
    assert found[0].endswith("found 'net_savings'; did you mean 'net_saving'?")
    assert (
        found[1] == "basis: expected 'annual', 'incremental', 'cumulative', 'to_date' or 'total', found 'anual'; "
        "did you mean 'annual'?"
    )


# ---- YAML and TOML alike ---------------------------------------------------------------------------------------


def test_yaml_and_toml_twins_load_equal() -> None:
    from_toml = toml(
        '[[grades]]\nname = "Watch Manager"\nunit_cost = "£48,000"\n'
        '[[lines]]\nkind = "posts_released"\nname = "WM posts"\ngrade = "Watch Manager"\nfte = 12\n'
        "schedule = [{on = 2016-04-01, fte = 12}]\n"
        '[[claims]]\nfigure = "net_saving"\nvalue = "360k"\nyear = "2016/17"\nrounded_to = "1k"\n'
        '[[variants]]\nname = "v"\n[variants.grades."Watch Manager"]\nunit_cost = "50k"\n'
    )
    from_yaml = yaml_(
        "grades:\n  - name: Watch Manager\n    unit_cost: £48,000\n"
        "lines:\n  - kind: posts_released\n    name: WM posts\n    grade: Watch Manager\n    fte: 12\n"
        "    schedule: [{on: 2016-04-01, fte: 12}]\n"
        "claims:\n  - {figure: net_saving, value: 360k, year: 2016/17, rounded_to: 1k}\n"
        "variants:\n  - name: v\n    grades:\n      Watch Manager: {unit_cost: 50k}\n"
    )
    assert from_toml == from_yaml


@pytest.mark.parametrize(
    "path", sorted(p for p in SCENARIOS.glob("*.toml") if not p.name.startswith("plan-")), ids=lambda p: p.name
)
def test_bundled_scenarios_say_the_same_in_yaml(path: Path) -> None:
    proposal = load(path).proposal
    assert loads(dumps(proposal, "yaml"), source="x.yaml", format="yaml").proposal == proposal
    assert loads(dumps(proposal, "toml"), source="x.toml", format="toml").proposal == proposal


# ---- Writing -------------------------------------------------------------------------------------------------------


def test_dumps_writes_only_what_differs_from_the_defaults() -> None:
    text = dumps(
        Proposal(
            reference="SCS4-1",
            start_year="2016/17",
            grades=[Grade(name="Watch Manager", unit_cost="£48,000.50")],
            lines=[PostsReleased(name="WM posts", grade="Watch Manager", fte="2.5", start=date(2016, 10, 1))],
        )
    )
    assert text == (
        'reference = "SCS4-1"\n'
        'start_year = "2016/17"\n'
        "\n"
        "[[grades]]\n"
        'name = "Watch Manager"\n'
        'unit_cost = "48000.50"\n'
        "\n"
        "[[lines]]\n"
        'kind = "posts_released"\n'
        'name = "WM posts"\n'
        "start = 2016-10-01\n"
        "fte = 2.5\n"
        'grade = "Watch Manager"\n'
    )


def test_toml_strings_are_escaped() -> None:
    nasty = 'quote " backslash \\ é 日本 [[lines]]'
    # Tabs and line breaks belong only in free text (control characters are refused on input).
    note = "tab \t newline \n and a blank line\n\n end"
    grade = Grade(name=nasty, note=note)
    proposal = Proposal(reference=nasty, title="'''", service='"""', start_year="2016/17", grades=[grade])
    for file_format in ("toml", "yaml"):
        text = dumps(proposal, file_format)  # type: ignore[arg-type]
        assert loads(text, source="x", format=file_format).proposal == proposal  # type: ignore[arg-type]


def test_toml_cannot_hold_none_in_a_variant_override() -> None:
    proposal = Proposal(
        reference="x",
        start_year="2016/17",
        lines=[PostsReleased(name="L", grade="WM", fte=1, unit_cost="1k", end=date(2017, 1, 1))],
        grades=[Grade(name="WM")],
        variants=[Variant(name="v", lines={"L": {"end": None}})],
    )
    with pytest.raises(ValueError, match=r"variants\[0\]\.lines\.L\.end: TOML cannot hold an empty value"):
        dumps(proposal, "toml")
    assert loads(dumps(proposal, "yaml"), source="x.yaml", format="yaml").proposal == proposal


def test_save_and_load_again(tmp_path: Path) -> None:
    proposal = load(SCENARIOS / "scs4-1-revised.toml").proposal
    for name in ("copy.toml", "copy.yaml", "copy.yml"):
        save(proposal, tmp_path / name)
        assert load(tmp_path / name).proposal == proposal
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.toml", "copy.yaml", "copy.yml"]  # no temp files


def test_save_refuses_to_overwrite_only_when_asked(tmp_path: Path) -> None:
    proposal = scs4_1_revised()
    target = tmp_path / "mine.toml"
    target.write_text("# my own notes\n", encoding="utf-8")
    with pytest.raises(InputError, match="found one already there"):
        save(proposal, target, overwrite=False)
    assert target.read_text(encoding="utf-8") == "# my own notes\n"
    save(proposal, tmp_path / "new.toml", overwrite=False)
    assert load(tmp_path / "new.toml").proposal == proposal
    save(proposal, target)
    assert load(target).proposal == proposal
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.toml", "new.toml"]


def test_save_keeps_the_old_file_whole_when_writing_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "scenario.toml"
    target.write_text("# the old file\n", encoding="utf-8")

    def failing_replace(source: object, destination: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(InputError, match="cannot write the file: No space left on device"):
        save(scs4_1_revised(), target)
    assert target.read_text(encoding="utf-8") == "# the old file\n"
    assert [p.name for p in tmp_path.iterdir()] == ["scenario.toml"]


def test_save_keeps_an_existing_files_permissions(tmp_path: Path) -> None:
    target = tmp_path / "shared.toml"
    target.write_text("", encoding="utf-8")
    target.chmod(0o640)
    save(scs4_1_revised(), target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_save_refuses_an_unknown_suffix(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"expected a \.toml, \.yaml or \.yml file, found '\.json'"):
        save(scs4_1_revised(), tmp_path / "x.json")
    save(scs4_1_revised(), tmp_path / "x.json", format="yaml")
    assert loads((tmp_path / "x.json").read_bytes(), source="x.json", format="yaml").proposal == scs4_1_revised()


# ---- Schema ------------------------------------------------------------------------------------------------------


def test_json_schema_describes_every_field() -> None:
    schema = json_schema()
    json.dumps(schema)  # plain JSON
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert set(schema["properties"]) == set(Proposal.model_fields)
    assert schema["additionalProperties"] is False
    kinds = {ref["$ref"].rsplit("/", 1)[-1] for ref in schema["properties"]["lines"]["items"]["oneOf"]}
    assert kinds == {
        "PostsReleased",
        "PostsCreated",
        "Regrade",
        "Allowance",
        "RecurringCost",
        "RecurringIncome",
        "OneOffCost",
        "OneOffIncome",
        "CapitalSpend",
        "Redundancy",
        "RecurringSaving",
        "TransferOut",
        "TransferIn",
    }


def test_scenario_is_a_frozen_value() -> None:
    scenario = loads(HEAD_TOML, source="x.toml", format="toml")
    assert isinstance(scenario, Scenario)
    with pytest.raises(AttributeError):
        scenario.source = "y"  # type: ignore[misc]


def _patterns(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
        return found + [p for value in node.values() for p in _patterns(value)]
    if isinstance(node, list):
        return [p for item in node for p in _patterns(item)]
    return []


def test_json_schema_patterns_are_portable_and_accept_what_the_loader_accepts() -> None:
    patterns = set(_patterns(json_schema()))
    assert patterns, "money and financial years carry patterns"
    assert not any("(?P<" in p for p in patterns)  # Python-only syntax: JavaScript and Rust editors reject it
    money = next(p for p in patterns if "£" in p)
    year = next(p for p in patterns if "{4}" in p)
    for text in ("48000", "£48,000", "48k", "48K", "1.2m", "£1.5BN", "-5k"):
        assert re.fullmatch(money, text), text
        Money(text)  # and the loader takes it too
    assert not re.fullmatch(money, "48 thousand")
    for text in ("2016/17", "FY2016/17", "fy 2016-2017"):
        assert re.fullmatch(year, text), text


def test_a_file_with_every_section_round_trips() -> None:
    scenario = load(Path(__file__).parent / "data" / "every-section.toml")
    proposal = scenario.proposal
    assert proposal.grades[0].build_up is not None
    assert proposal.rotas[0].abstraction == Decimal("0.15")
    assert proposal.pay_awards[0].effective == date(2016, 7, 1)
    assert scenario.line_of("grades[0].build_up.other[0].rate") == scenario.line_of("grades[0].build_up.other[0]")
    for file_format in ("toml", "yaml"):
        text = dumps(proposal, file_format)  # type: ignore[arg-type]
        assert loads(text, source="x", format=file_format).proposal == proposal  # type: ignore[arg-type]


TIME_FILE = """
reference = "T"
start_year = "2016/17"
prices = "cash"
price_base = "2015/16"

[[pay_awards]]
year = "2016/17"
rate = "1%"
effective = 2016-07-01

[[inflation]]
year = "2016/17"
rate = 0.02

[[grades]]
name = "Watch Manager B"
build_up = { salary = "36381", tax_year = "2015/16", pension_rate = "21.7%" }

[[lines]]
kind = "posts_released"
name = "WM posts"
grade = "Watch Manager B"
schedule = [{ on = 2016-04-01, fte = 5 }, { on = 2016-07-01, fte = 4 }, { on = 2017-01-01, fte = 3 }]

[[lines]]
kind = "recurring_cost"
name = "fixed contract"
amount = "10k"
uprate = "none"

[[series]]
figure = "net_saving"
year = "2016/17"
values = ["238k", "709k"]
basis = "cumulative"
"""


@pytest.mark.parametrize("fmt", ["toml", "yaml"])
def test_scenario_files_carry_dates_awards_build_ups_and_series(fmt: str) -> None:
    from savingsmodel.files import dumps, loads

    case = loads(TIME_FILE, source="time.toml", format="toml")
    again = loads(dumps(case.proposal, fmt), source=f"again.{fmt}", format=fmt)  # type: ignore[arg-type]
    assert again.proposal == case.proposal
    assert case.line_of("series[0]") == TIME_FILE.splitlines().index("[[series]]") + 1
    result = evaluate(case.proposal)
    assert unit_cost(case.proposal.grades[0]) == Money("47137.86")  # 2015/16, contracted out: see test_unit_costs
    assert (
        result.prices == "cash terms from 2015/16 prices (uprated by 1 pay award and 1 inflation rate: " + CASH_MEANING
    )
    assert result.years[0].additional_costs == Money(10000)


def test_the_format_reference_names_every_field() -> None:
    """docs/reference/file-format.md keeps up with the model: each field of each section is named in it."""
    doc = (Path(__file__).parent.parent / "docs" / "reference" / "file-format.md").read_text(encoding="utf-8")
    schema = json_schema()
    sections = [schema, *schema["$defs"].values()]
    missing = sorted({name for section in sections for name in section.get("properties", {}) if f"`{name}`" not in doc})
    assert missing == []
