"""Errors: one root exception, and problems that name their place.

Every error a user can cause is a :class:`SavingsModelError`. Bad input is an
:class:`InputError` carrying every :class:`Problem` found, so a file with five
mistakes is reported once, with five lines, each rendered like
``scs.toml:14: lines[2].grade: unknown grade 'WM C'; known grades: 'Watch Manager'``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from savingsmodel.core.text import one_line

__all__ = ["InputError", "Problem", "SavingsModelError", "did_you_mean"]


class SavingsModelError(Exception):
    """The root of every error savingsmodel raises on purpose."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input, and where it is.

    ``source`` is a file name (or sheet), ``line`` a 1-based line (or cell),
    ``path`` the field path inside the proposal such as ``lines[2].grade``.
    ``code`` is a short, stable reason (``unknown_grade``, ``missing``,
    ``syntax``, ...) for a program to act on, so nothing parses ``message``
    back; ``name`` is the name or key the problem is about, where it has one
    (the unknown grade ``'WM C'``). Neither is rendered: ``str()`` is the place
    and the message. In a workbook the place is a ``cell`` (``Lines!C4``), not a line:

    >>> problem = Problem("lines[2].grade", "unknown grade 'WM C'", "scs.toml", 14, code="unknown_grade", name="WM C")
    >>> str(problem), problem.code
    ("scs.toml:14: lines[2].grade: unknown grade 'WM C'", 'unknown_grade')
    >>> str(Problem("lines[2].fte", "expected an FTE of zero or more, found -1", "scs.xlsx", cell="Lines!F4"))
    'scs.xlsx: Lines!F4: lines[2].fte: expected an FTE of zero or more, found -1'
    """

    path: str
    message: str
    source: str | None = None
    line: int | None = None
    code: str = field(default="", kw_only=True)
    name: str | None = field(default=None, kw_only=True)
    cell: str | None = field(default=None, kw_only=True)

    def at(self, path: str, message: str | None = None) -> Problem:
        """The same problem (its reason and name kept) at another field path, not yet placed in a file.

        >>> str(Problem("grade", "unknown grade 'WM C'", code="unknown_grade").at("lines[2].grade"))
        "lines[2].grade: unknown grade 'WM C'"
        """
        return Problem(path, self.message if message is None else message, code=self.code, name=self.name)

    def __str__(self) -> str:
        """One line, inert: a control character in a file name or a quoted name is shown escaped."""
        place = ""
        if self.cell is not None:
            place = f"{self.source}: {self.cell}: " if self.source is not None else f"{self.cell}: "
        elif self.source is not None:
            place = f"{self.source}:{self.line}: " if self.line is not None else f"{self.source}: "
        path = f"{self.path}: " if self.path else ""
        return one_line(f"{place}{path}{self.message}")


class InputError(SavingsModelError, ValueError):
    """Input that cannot be used; ``problems`` lists every reason found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def one(
        cls,
        path: str,
        message: str,
        source: str | None = None,
        line: int | None = None,
        *,
        code: str = "",
        name: str | None = None,
    ) -> InputError:
        """An error of one problem.

        >>> str(InputError.one("horizon", "expected a whole number, found 'four'", "scs.toml", 6))
        "scs.toml:6: horizon: expected a whole number, found 'four'"
        """
        return cls([Problem(path, message, source, line, code=code, name=name)])


def did_you_mean(found: str, known: Sequence[str]) -> str:
    """A hint naming the closest known word, or the known words when none is close."""
    known = list(dict.fromkeys(known))
    close = difflib.get_close_matches(found, known, n=1, cutoff=0.6)
    if close:
        return f"; did you mean '{close[0]}'?"
    if not known:
        return ""
    listed = ", ".join(f"'{k}'" for k in known)
    return f"; known: {listed}"
