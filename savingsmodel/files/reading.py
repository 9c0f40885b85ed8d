"""Reading a user's text file, whatever it holds (a proposal, a plan, a mapping): its bytes to text, YAML with
the line of every field, keys as text, and each problem placed at the line where its field is written.

Shared by the scenario, plan and establishment readers, so that every file is refused for the same reasons
with the same words:

>>> decode_text(b"\\xef\\xbb\\xbfname = 'MTFP'\\n", "plan.toml")
"name = 'MTFP'\\n"
>>> print(place_problem(Problem("targets[0].amount", "expected an amount"), {"targets[0]": 12}, "plan.toml"))
plan.toml:12: targets[0].amount: expected an amount
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, Final

from savingsmodel.core.errors import InputError, Problem
from savingsmodel.files.positions import by_path, duplicate, line_of, render

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_PROBLEMS",
    "decode_text",
    "place_problem",
    "read_yaml",
    "specific_path",
    "text_keys",
    "too_large",
]

#: The largest scenario or plan file read, in bytes (1 MiB). A real proposal is a few kilobytes; a
#: larger file is refused before it is parsed, so a stray 10 MB file is answered at once.
MAX_FILE_BYTES: Final = 1024 * 1024

#: The most problems reported for one file; the rest are counted in one more line.
MAX_PROBLEMS: Final = 100

#: What an empty proposal file is told it should hold (a plan or a mapping file says its own).
PROPOSAL: Final = "a proposal (reference, start_year, grades, lines, ...)"


def too_large(size: int, source: str) -> InputError:
    """The one problem of a file larger than :data:`MAX_FILE_BYTES`."""
    return InputError.one(
        "",
        f"expected a scenario file of at most {MAX_FILE_BYTES:,} bytes, found {size:,} bytes",
        source,
        1,
        code="too_large",
    )


def decode_text(text: str | bytes, source: str, *, expected: str = PROPOSAL) -> str:
    """Text from a file's bytes, refusing what is not a small UTF-8 text file, or is empty (``expected``
    says what the file should hold)."""
    if isinstance(text, str):
        size = len(text.encode("utf-8", "surrogatepass"))  # in bytes, as the file would be
        if size > MAX_FILE_BYTES:
            raise too_large(size, source)
    else:
        raw = bytes(text)
        if len(raw) > MAX_FILE_BYTES:
            raise too_large(len(raw), source)
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise InputError.one(
                "", "expected UTF-8 text, found UTF-16 (save the file as UTF-8)", source, 1, code="encoding"
            )
        nul = raw.find(b"\0")
        if nul >= 0:
            line = raw.count(b"\n", 0, nul) + 1
            raise InputError.one(
                "",
                f"expected a text file, found binary data (a NUL byte at byte offset {nul})",
                source,
                line,
                code="binary",
            )
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            line = raw.count(b"\n", 0, error.start) + 1
            column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
            byte = raw[error.start]
            raise InputError.one(
                "",
                f"expected UTF-8 text, found byte 0x{byte:02X} at byte offset {error.start} (column {column}); "
                "save the file as UTF-8",
                source,
                line,
                code="encoding",
            ) from None
    nul = text.find("\0")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise InputError.one(
            "", "expected a text file, found binary data (a NUL character)", source, line, code="binary"
        )
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InputError.one("", f"expected {expected}, found an empty file", source, 1, code="empty")
    return text


def text_keys(data: object) -> Any:
    """The data with every key as text: YAML allows ``2016:`` as a key, a field name is text.

    A key that was not text then fails as an unknown field, at its line, like any other.
    """
    if isinstance(data, dict):
        return {key if isinstance(key, str) else str(key): text_keys(value) for key, value in data.items()}
    if isinstance(data, list):
        return [text_keys(item) for item in data]
    return data


def place_problem(problem: Problem, positions: Mapping[str, int], source: str) -> Problem:
    """The problem with the file name and the line where its field is written."""
    line = problem.line
    if line is None:
        line = line_of(positions, specific_path(problem))
    return replace(problem, source=source, line=line if line is not None else 1)


# A variant's table of overrides by grade or line name: a problem about one name is written at its key.
_VARIANT_OVERRIDES: Final = re.compile(r"variants\[\d+\]\.(?:grades|lines)")


def specific_path(problem: Problem) -> str:
    """A path to look up that is more exact than the problem's own, from its reason and the name it is about."""
    path = problem.path
    if problem.code == "unknown_kind":
        return f"{path}.kind"  # the problem is the line's; its line is where the kind is written
    named = problem.code in ("unknown_grade", "unknown_line") and problem.name is not None
    if named and _VARIANT_OVERRIDES.fullmatch(path):
        return f"{path}.{problem.name}"
    return path


def read_yaml(text: str) -> tuple[object, dict[str, int], list[Problem]]:
    """YAML text parsed safely (floats as Decimal), the line of every field path, and its problems."""
    # Imported here: reading a TOML file (the common case, and the CLI's start-up) never loads PyYAML.
    from savingsmodel.files import yaml_format

    data, lines, duplicates, refused = yaml_format.read(text)
    if refused:
        return (
            None,
            by_path(lines),
            [Problem(render(path), message, line=line, code=code) for path, line, code, message in refused],
        )
    return data, by_path(lines), [duplicate(*found) for found in duplicates]
