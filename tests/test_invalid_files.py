"""The corpus of bad scenario files: each must give exactly the messages it states.

A case in ``tests/data/invalid/`` states its messages in ``# expect: `` lines at
the top (those lines count when the file's lines are numbered), or, when the
file cannot hold a comment, in a sidecar ``NAME.expected``. Files that must not
be committed (binary, not UTF-8, 10 MB) are written here at run time.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from savingsmodel.core.errors import InputError, Problem
from savingsmodel.files import load, loads
from savingsmodel.files.reading import MAX_FILE_BYTES, specific_path

INVALID = Path(__file__).parent / "data" / "invalid"
CASES = sorted(path for path in INVALID.iterdir() if path.suffix in (".toml", ".yaml", ".yml"))

VALID_START = b'reference = "SCS4-1"\nstart_year = "2016/17"\n'


def expected_messages(path: Path) -> list[str]:
    sidecar = path.with_name(path.name + ".expected")
    if sidecar.exists():
        return sidecar.read_text(encoding="utf-8").splitlines()
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.removeprefix("# expect: ") for line in lines if line.startswith("# expect: ")]


def messages(path: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        load(path)
    problems = caught.value.problems
    assert all(p.source == path for p in problems)
    assert all(p.line is not None for p in problems), "every problem names its line"
    return [str(p) for p in problems]


def test_the_corpus_covers_the_cases_the_issue_names() -> None:
    names = {path.stem for path in CASES}
    for case in (
        "syntax-error",
        "unknown-top-level-key",
        "unknown-line-key",
        "missing-required",
        "wrong-type",
        "negative-fte",
        "negative-money",
        "bad-money-string",
        "unknown-grade",
        "unknown-line-kind",
        "duplicate-grade-names",
        "duplicate-line-names",
        "duplicate-variant-names",
        "variant-missing-line",
        "variant-missing-grade",
        "variant-missing-field",
        "claim-year-outside-horizon",
        "empty",
        "yaml-duplicate-key",
        "yaml-top-level-list",
        "several-problems",
        "percentage-base-names-nothing",
        "shares-cannot-add-up",
        "scope-never-defined",
    ):
        assert case in names


@pytest.mark.parametrize("path", CASES, ids=lambda path: path.name)
def test_invalid_file_gives_exactly_its_messages(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = expected_messages(path)
    assert expected, f"{path.name} states no expected messages"
    monkeypatch.chdir(INVALID)
    assert messages(path.name) == expected


@pytest.mark.parametrize("path", CASES, ids=lambda path: path.name)
def test_the_same_messages_come_from_text(path: Path) -> None:
    """loads() on the file's bytes reports as load() does."""
    file_format = "yaml" if path.suffix in (".yaml", ".yml") else "toml"
    with pytest.raises(InputError) as caught:
        loads(path.read_bytes(), source=path.name, format=file_format)
    assert [str(p) for p in caught.value.problems] == expected_messages(path)


def test_binary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("binary.toml").write_bytes(VALID_START + b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert messages("binary.toml") == [
        "binary.toml:5: expected a text file, found binary data (a NUL byte at byte offset 52)"
    ]


def test_not_utf8(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("latin1.toml").write_bytes(VALID_START + 'title = "Café"\n'.encode("latin-1"))
    assert messages("latin1.toml") == [
        "latin1.toml:3: expected UTF-8 text, found byte 0xE9 at byte offset 56 (column 13); save the file as UTF-8"
    ]


def test_utf16(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("wide.yaml").write_bytes("reference: SCS4-1\n".encode("utf-16"))
    assert messages("wide.yaml") == ["wide.yaml:1: expected UTF-8 text, found UTF-16 (save the file as UTF-8)"]


def test_utf8_with_a_byte_order_mark_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + VALID_START)
    assert load(path).proposal.reference == "SCS4-1"


@pytest.mark.parametrize("suffix", [".toml", ".yaml"])
def test_10_mb_file_is_refused_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str) -> None:
    monkeypatch.chdir(tmp_path)
    line = b"# " + b"x" * 97 + b"\n"
    Path("huge" + suffix).write_bytes(VALID_START + line * 100_000)
    size = os.path.getsize("huge" + suffix)
    started = time.perf_counter()
    found = messages("huge" + suffix)
    elapsed = time.perf_counter() - started
    assert found == [f"huge{suffix}:1: expected a scenario file of at most 1,048,576 bytes, found {size:,} bytes"]
    assert elapsed < 5, f"took {elapsed:.2f} s"  # refused before parsing: milliseconds in practice


def test_10_mb_text_is_refused_by_loads() -> None:
    with pytest.raises(InputError, match="at most 1,048,576 bytes"):
        loads("#" * 10_000_000, source="huge.toml", format="toml")


def test_the_size_limit_is_inclusive(tmp_path: Path) -> None:
    at_limit = VALID_START + b"#" * (MAX_FILE_BYTES - len(VALID_START) - 1) + b"\n"
    assert len(at_limit) == MAX_FILE_BYTES
    (tmp_path / "at-limit.toml").write_bytes(at_limit)
    assert load(tmp_path / "at-limit.toml").proposal.reference == "SCS4-1"
    (tmp_path / "over.toml").write_bytes(b" " + at_limit)
    with pytest.raises(InputError, match="at most"):
        load(tmp_path / "over.toml")


def test_a_file_with_another_suffix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("scenario.txt").write_bytes(VALID_START)
    assert messages("scenario.txt") == ["scenario.txt:1: expected a .toml, .yaml, .yml or .xlsx file, found '.txt'"]


def test_a_missing_file_and_a_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("folder.toml").mkdir()
    for name in ("missing.toml", "folder.toml"):
        with pytest.raises(InputError) as caught:
            load(name)
        assert str(caught.value).startswith(f"{name}: cannot read the file: ")


# ---- Reason codes: what a program reads instead of the message ------------------------------------------------


def problems(path: str) -> tuple[Problem, ...]:
    with pytest.raises(InputError) as caught:
        load(path)
    return caught.value.problems


@pytest.mark.parametrize("path", CASES, ids=lambda path: path.name)
def test_every_problem_in_the_corpus_has_a_reason_code(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(INVALID)
    found = problems(path.name)
    assert [p for p in found if not p.code] == []
    assert all(p.code == p.code.strip() and " " not in p.code for p in found)


@pytest.mark.parametrize(
    ("name", "codes"),
    [
        ("unknown-line-kind.toml", [("unknown_kind", "recurring_costs"), ("missing_kind", None)]),
        ("unknown-grade.toml", [("unknown_grade", "Watch Manger"), ("unknown_grade", "WM C")]),
        ("variant-missing-grade.toml", [("unknown_grade", "Crew Manager")]),
        ("variant-missing-line.toml", [("unknown_line", "Watch Manager posts")]),
        ("unknown-top-level-key.toml", [("extra_field", "titel")]),
        ("missing-required.toml", [("missing", None)] * 3),
        ("toml-duplicate-key.toml", [("duplicate_key", "unit_cost")]),
        ("duplicate-line-names.toml", [("duplicate_name", "Turnout costs")]),
        ("syntax-error.toml", [("syntax", None)]),
        ("yaml-syntax-error.yaml", [("syntax", None)]),
        ("yaml-second-document.yaml", [("several_documents", None)]),
        ("empty.toml", [("empty", None)]),
        ("negative-money.toml", [("negative", None)]),
        ("claim-year-outside-horizon.toml", [("outside_horizon", None)]),
        ("variant-breaks-a-claim.toml", [("outside_horizon", None)]),
    ],
)
def test_reason_codes_and_names(
    name: str, codes: list[tuple[str, str | None]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(INVALID)
    assert [(p.code, p.name) for p in problems(name)] == codes


def test_files_refused_before_parsing_have_reason_codes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("binary.toml").write_bytes(VALID_START + b"\x89PNG\r\n\x1a\n\x00")
    Path("latin1.toml").write_bytes(VALID_START + 'title = "Café"\n'.encode("latin-1"))
    Path("wide.yaml").write_bytes("reference: SCS4-1\n".encode("utf-16"))
    Path("huge.toml").write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    Path("scenario.txt").write_bytes(VALID_START)
    found = {name: [p.code for p in problems(name)] for name in os.listdir()}
    found["missing.toml"] = [p.code for p in problems("missing.toml")]
    assert found == {
        "binary.toml": ["binary"],
        "latin1.toml": ["encoding"],
        "wide.yaml": ["encoding"],
        "huge.toml": ["too_large"],
        "scenario.txt": ["file_type"],
        "missing.toml": ["unreadable"],
    }


def test_a_problem_is_placed_by_its_code_and_name_not_its_words() -> None:
    # The loader looks for a more exact line from the reason code and the name, never from the message.
    unknown_kind = Problem("lines[3]", "any words at all", code="unknown_kind", name="recurring_costs")
    assert specific_path(unknown_kind) == "lines[3].kind"
    odd = "WM 'C' \"2\""  # a name whose repr no pattern on the message could read back
    unknown = Problem("variants[0].grades", f"unknown grade {odd!r}", code="unknown_grade", name=odd)
    assert specific_path(unknown) == f"variants[0].grades.{odd}"
    words_only = Problem("lines[3]", "unknown kind 'x'")
    assert specific_path(words_only) == "lines[3]"


def test_a_problem_renders_without_its_code() -> None:
    plain = Problem("lines[2].grade", "unknown grade 'WM C'", "scs.toml", 14)
    coded = Problem("lines[2].grade", "unknown grade 'WM C'", "scs.toml", 14, code="unknown_grade", name="WM C")
    assert str(coded) == str(plain) == "scs.toml:14: lines[2].grade: unknown grade 'WM C'"
