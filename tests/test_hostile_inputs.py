"""Inputs an attacker or a careless user would try: each is a clear input error naming its place, at once.

The small cases are files in ``tests/data/invalid/`` (each with the messages it must give);
these are the ones made at run time: too large to commit, or not files at all.
"""

from __future__ import annotations

import os
import threading
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from savingsmodel import InputError
from savingsmodel.files import load, loads

START_TOML = 'reference = "SCS4-1"\nstart_year = "2016/17"\n'
START_YAML = "reference: SCS4-1\nstart_year: 2016/17\n"


def refused(text: str, file_format: str) -> list[str]:
    source = f"hostile.{file_format}"
    with pytest.raises(InputError) as caught:
        loads(text, source=source, format=file_format)  # type: ignore[arg-type]
    found = [str(p) for p in caught.value.problems]
    assert all(line.startswith(f"{source}:") for line in found), found
    return found


def quickly(action: Callable[[], object], seconds: float = 2.0, megabytes: float | None = None) -> None:
    """Run ``action`` (which must refuse its input) within a time bound, and a memory bound when given.

    Memory is traced on a second run (tracing slows every allocation), so give a bound only for inputs
    that are refused early.
    """
    started = time.perf_counter()
    with pytest.raises(InputError):
        action()
    elapsed = time.perf_counter() - started
    assert elapsed < seconds, f"took {elapsed:.2f} s"
    if megabytes is not None:
        tracemalloc.start()
        try:
            with pytest.raises(InputError):
                action()
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert peak < megabytes * 2**20, f"used {peak / 2**20:.0f} MB"


# ---- Numbers too long or too large to be figures -------------------------------------------------------------


@pytest.mark.parametrize("file_format", ["toml", "yaml"])
def test_a_61_digit_amount_of_money_is_too_large_not_inexact(file_format: str) -> None:
    digits = "1" * 61
    grade = (
        f'[[grades]]\nname = "G"\nunit_cost = "{digits}"\n'
        if file_format == "toml"
        else f'grades:\n  - name: G\n    unit_cost: "{digits}"\n'
    )
    start = START_TOML if file_format == "toml" else START_YAML
    assert refused(start + grade, file_format) == [
        f"hostile.{file_format}:5: grades[0].unit_cost: expected an amount below 1,000,000,000,000,000, found {digits}"
    ]


@pytest.mark.parametrize(("file_format", "separator"), [("toml", " = "), ("yaml", ": ")])
def test_an_integer_of_4301_digits_is_refused_by_length(file_format: str, separator: str) -> None:
    start = START_TOML if file_format == "toml" else START_YAML
    text = f"{start}horizon{separator}{'9' * 4301}\n"
    assert refused(text, file_format) == [
        f"hostile.{file_format}:3: horizon: expected a number of at most 100 characters, found one of 4,301 characters"
    ]


def test_a_float_of_a_million_digits_is_refused_before_it_is_read() -> None:
    text = f"{START_TOML}horizon = 0.{'1' * 1_000_000}\n"
    quickly(lambda: loads(text, source="long.toml", format="toml"))


@pytest.mark.parametrize("text", ["1e9999999", "1e-9999999", "0e99999999"])
def test_an_exponent_that_int_would_spend_seconds_on_is_refused(text: str) -> None:
    assert refused(f"{START_TOML}horizon = {text}\n", "toml") == [
        f"hostile.toml:3: horizon: expected a number with an exponent from -100 to 100, found {text}"
    ]


@pytest.mark.parametrize("text", ["1e9999999", "1.0e+999999999999999999999", "1:2:3:4:5:6:7:8:9:1:2:3:4:5:6"])
def test_yaml_numbers_out_of_bounds_are_refused(text: str) -> None:
    found = refused(f"{START_YAML}horizon: {text}\n", "yaml")
    assert len(found) == 1
    assert found[0].startswith("hostile.yaml:3: horizon: expected ")


def test_text_a_number_field_reads_is_strict_and_bounded() -> None:
    lines = "".join(
        f'[[lines]]\nkind = "recurring_cost"\nname = "{i}"\namount = "1k"\nstart = 2016-04-01\n' for i in range(1)
    )
    text = (
        f'{START_TOML}[[grades]]\nname = "G"\nunit_cost = "48k"\n{lines}'
        '[[claims]]\nfigure = "fte_change"\nvalue = "1e-99999999999999999999"\nyear = "2016/17"\n'
    )
    found = refused(text, "toml")
    assert len(found) == 1
    assert "claims[0].value: expected " in found[0]


# ---- Structure: aliases, nesting, sheer number of items -------------------------------------------------------


def test_an_alias_bomb_is_refused_at_load_within_bounds() -> None:
    levels = ["a: &a [" + ",".join(['"lol"'] * 9) + "]"]
    levels += [f"{b}: &{b} [" + ",".join([f"*{a}"] * 9) + "]" for a, b in zip("abcdefgh", "bcdefghi", strict=False)]
    text = START_YAML + "title:\n" + "".join(f"  {level}\n" for level in levels)
    assert len(text.encode()) < 500
    quickly(lambda: loads(text, source="bomb.yaml", format="yaml"), seconds=1.0, megabytes=20)


def test_a_few_aliases_to_shared_values_are_fine() -> None:
    text = (
        START_YAML
        + "grades:\n  - &wm {name: Watch Manager, unit_cost: 48k, note: &n shared}\n"
        + "  - {name: Crew Manager, unit_cost: 40k, note: *n}\n"
        + "assumptions:\n  - {name: x, value: *n}\n"
    )
    scenario = loads(text, source="aliases.yaml", format="yaml")
    assert scenario.proposal.grades[1].note == "shared"


def test_a_chain_of_aliases_deeper_than_the_nesting_bound_is_refused() -> None:
    chain = ["  l0: &l0 [1]"] + [f"  l{i}: &l{i} [*l{i - 1}]" for i in range(1, 200)]
    text = START_YAML + "title:\n" + "\n".join(chain) + "\n"
    found = refused(text, "yaml")
    assert len(found) == 1
    assert "nested at most 32 deep" in found[0]


@pytest.mark.parametrize("file_format", ["toml", "yaml"])
def test_deep_nesting_is_refused_at_its_line(file_format: str) -> None:
    depth = 900
    start = START_TOML if file_format == "toml" else START_YAML
    separator = " = " if file_format == "toml" else ": "
    text = f"{start}title{separator}{'[' * depth}1{']' * depth}\n"
    found = refused(text, file_format)
    assert len(found) == 1
    assert found[0].startswith(f"hostile.{file_format}:3: title")
    assert "nested at most 32 deep" in found[0]


def test_deep_dotted_keys_are_refused_at_their_line() -> None:
    key = ".".join(["a"] * 2000)
    found = refused(f"{START_TOML}{key} = 1\n", "toml")
    assert found == [
        f"hostile.toml:3: {'.'.join(['a'] * 33)}: expected values nested at most 32 deep, found deeper nesting"
    ]


def test_the_position_scanner_is_linear_in_the_file() -> None:
    """400 KB of an array nested 150 deep holding 200k items took over 90 s; now refused at once."""
    depth, items = 150, 200_000
    text = START_TOML + "title = " + "[" * depth + ",".join(["1"] * items) + "]" * depth + "\n"
    assert len(text) > 400_000
    quickly(lambda: loads(text, source="deep.toml", format="toml"), seconds=2.0)


@pytest.mark.parametrize("file_format", ["toml", "yaml"])
def test_the_most_values_a_file_may_hold_are_read_quickly(file_format: str) -> None:
    start = START_TOML if file_format == "toml" else START_YAML
    separator = " = " if file_format == "toml" else ": "
    lists = "".join(f"x{i}{separator}[{', '.join(['1'] * 9_999)}]\n" for i in range(4))
    text = start + lists
    quickly(lambda: loads(text, source=f"wide.{file_format}", format=file_format), seconds=5.0)


@pytest.mark.parametrize("file_format", ["toml", "yaml"])
def test_more_values_than_a_file_may_hold_are_refused_at_once(file_format: str) -> None:
    start = START_TOML if file_format == "toml" else START_YAML
    separator = " = " if file_format == "toml" else ": "
    text = start + "".join(f"x{i}{separator}[{', '.join(['1'] * 9_999)}]\n" for i in range(6))
    assert refused(text, file_format) == [
        f"hostile.{file_format}:7: x4: expected at most 50,000 values in a file, found more"
    ]


@pytest.mark.parametrize("file_format", ["toml", "yaml"])
def test_a_list_of_a_hundred_thousand_items_is_refused_before_validation(file_format: str) -> None:
    start = START_TOML if file_format == "toml" else START_YAML
    separator = " = " if file_format == "toml" else ": "
    text = f"{start}lines{separator}[{', '.join(['1'] * 100_000)}]\n"
    assert refused(text, file_format) == [f"hostile.{file_format}:3: lines: expected at most 10,000 items, found more"]


def test_thousands_of_problems_give_a_bounded_report() -> None:
    text = f"{START_TOML}lines = [{', '.join(['1'] * 5_000)}]\n"
    found = refused(text, "toml")
    assert len(found) == 101
    assert found[0] == "hostile.toml:3: lines[0]: expected a table, found 1"
    assert found[-1] == "hostile.toml:3: and 4,900 more problems (the first 100 are shown)"


def test_a_top_level_kind_that_is_a_list_is_an_unknown_field() -> None:
    assert refused(f"kind = []\n{START_TOML}", "toml")[-1].startswith("hostile.toml:1: kind: unknown field 'kind'")


# ---- Not a regular file ---------------------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_fifo_is_refused_not_read_for_ever(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    outcome: list[BaseException | None] = []

    def read() -> None:
        try:
            load(fifo)
        except BaseException as error:  # handed to the test thread
            outcome.append(error)
        else:
            outcome.append(None)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=5)
    if reader.is_alive():
        # Unblock the reader before failing, so the test run does not hang.
        descriptor = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        os.close(descriptor)
        pytest.fail("reading a FIFO blocked")
    assert isinstance(outcome[0], InputError)
    assert str(outcome[0]) == f"{fifo}: cannot read the file: expected a regular file, found a named pipe (FIFO)"


def test_a_folder_and_a_device_are_refused(tmp_path: Path) -> None:
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    with pytest.raises(InputError, match="expected a regular file, found a folder"):
        load(folder)
    if os.path.exists("/dev/null"):
        with pytest.raises(InputError, match=r"expected a \.toml, \.yaml, \.yml or \.xlsx file"):
            load("/dev/null")
        link = tmp_path / "null.toml"
        link.symlink_to("/dev/null")
        with pytest.raises(InputError, match="expected a regular file, found a character device"):
            load(link)
