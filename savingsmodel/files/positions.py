"""Where things are written in a file: field paths, their lines, and keys written twice.

>>> render(("lines", 2, "grade"))
'lines[2].grade'
>>> line_of({"lines[2]": 14}, "lines[2].grade")
14
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final, TypeVar

from savingsmodel.core.errors import Problem
from savingsmodel.core.money import TEXT_LIMIT

__all__ = [
    "EXPONENT_LIMIT",
    "MAX_DEPTH",
    "MAX_ITEMS",
    "MAX_VALUES",
    "Key",
    "Path",
    "by_path",
    "duplicate",
    "line_of",
    "number_text_problem",
    "render",
    "too_deep",
]

Key = str | int
Path = tuple[Key, ...]

#: The deepest a value may be nested (tables and lists): a proposal needs about eight
#: (``variants[0].grades.NAME.build_up.on_costs[0].rate``). The bound keeps every walk over a
#: file short and linear, and far from Python's recursion limit.
MAX_DEPTH: Final = 32
#: The most items a list or table in a file may hold: a proposal has tens of lines, and validating
#: 100,000 bad ones would take seconds to say the same thing 100,000 times.
MAX_ITEMS: Final = 10_000
#: The most values (texts, numbers, lists, tables) a file may hold in all: a large proposal has a few
#: thousand, and every step after reading (validation, positions, messages) is bounded by this.
MAX_VALUES: Final = 50_000
#: The largest exponent a number in a file may have: ``1e100``; ``1e999999999`` would take an
#: integer conversion seconds and a gigabyte, and no figure comes near either.
EXPONENT_LIMIT: Final = 100
_EXPONENT: Final = re.compile(r"^[-+]?[0-9_.]*[eE]([-+]?[0-9_]+)$")


def number_text_problem(text: str) -> str | None:
    """Why a number written in a file is not read (too long, or too large an exponent), or None.

    Checked on the text, before any conversion, in both formats alike.

    >>> number_text_problem("48000.50") is None, number_text_problem("1e999999999")
    (True, 'expected a number with an exponent from -100 to 100, found 1e999999999')
    """
    if len(text) > TEXT_LIMIT:
        return f"expected a number of at most {TEXT_LIMIT} characters, found one of {len(text):,} characters"
    match = _EXPONENT.match(text.strip())
    if match is not None and abs(int(match[1].replace("_", "") or "0")) > EXPONENT_LIMIT:
        return f"expected a number with an exponent from -{EXPONENT_LIMIT} to {EXPONENT_LIMIT}, found {text.strip()}"
    return None


def too_deep(path: Path, line: int) -> Problem:
    """The problem of values nested deeper than :data:`MAX_DEPTH`, at the path where the bound is passed."""
    message = f"expected values nested at most {MAX_DEPTH} deep, found deeper nesting"
    return Problem(render(path[: MAX_DEPTH + 1]), message, line=line, code="too_deep")


Place = TypeVar("Place")


def line_of(positions: Mapping[str, Place], path: str) -> Place | None:
    """Where ``path`` is written (a file's line, a workbook's cell), or else where its nearest enclosing item is."""
    while True:
        if path in positions:
            return positions[path]
        if not path:
            return None
        if path.endswith("]") and "[" in path:
            path = path[: path.rindex("[")]
        else:
            path = path[: path.rindex(".")] if "." in path else ""


def render(path: Path) -> str:
    """A field path as problems write it: ``lines[2].grade``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def by_path(lines: Mapping[Path, int]) -> dict[str, int]:
    rendered: dict[str, int] = {}
    for path, line in lines.items():
        rendered.setdefault(render(path), line)
    return rendered


def duplicate(path: Path, line: int, first: int) -> Problem:
    message = f"expected each key once, found {path[-1]!r} again (first on line {first})"
    return Problem(render(path), message, line=line, code="duplicate_key", name=str(path[-1]))
