"""Where things are written in a file: field paths, their lines, and keys written twice.

>>> render(("lines", 2, "grade"))
'lines[2].grade'
>>> line_of({"lines[2]": 14}, "lines[2].grade")
14
"""

from __future__ import annotations

from collections.abc import Mapping

from savingsmodel.core.errors import Problem

__all__ = ["Key", "Path", "by_path", "duplicate", "line_of", "render"]

Key = str | int
Path = tuple[Key, ...]


def line_of(positions: Mapping[str, int], path: str) -> int | None:
    """The line where ``path`` is written, or else where its nearest enclosing item is."""
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
