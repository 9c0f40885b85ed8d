"""Scenario files: one proposal per TOML or YAML file, read exactly and reported by line.

>>> scenario = loads('''
... reference = "SCS4-1"
... start_year = "2016/17"
... [[grades]]
... name = "Watch Manager"
... unit_cost = "£48,000"
... ''', source="scs.toml", format="toml")
>>> scenario.proposal.grades[0].unit_cost
Money('48000')
>>> scenario.line_of("grades[0].unit_cost")
6

Both formats carry the same fields, those of :class:`~savingsmodel.model.proposal.Proposal`.
Money never passes through a binary float: TOML floats are read as Decimal,
and YAML is read by a safe loader whose floats are Decimal and whose booleans
are only ``true`` and ``false`` (so a schedule step's ``on:`` stays a key).
Every problem in a file is reported at once, each as ``FILE:LINE: path: message``.
An Excel input template (``.xlsx``, :mod:`savingsmodel.files.xlsx`) is read into the same
fields and validated the same way, each problem placed at its cell:
``FILE: Sheet!Cell: path: message``.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final, Literal

from savingsmodel.core.errors import InputError, Problem
from savingsmodel.files.positions import line_of
from savingsmodel.files.reading import (
    MAX_FILE_BYTES,
    MAX_PROBLEMS,
    decode_text,
    place_problem,
    read_yaml,
    specific_path,
    text_keys,
    too_large,
)
from savingsmodel.files.toml_format import read_toml
from savingsmodel.model.proposal import Proposal, Variant

__all__ = ["MAX_FILE_BYTES", "MAX_PROBLEMS", "SUFFIXES", "Format", "Scenario", "load", "loads"]

Format = Literal["toml", "yaml"]
SUFFIXES: Final[Mapping[str, Format]] = {".toml": "toml", ".yaml": "yaml", ".yml": "yaml"}


@dataclass(frozen=True)
class Scenario:
    """A proposal read from a file, with where each of its fields is written.

    ``positions`` maps a field path such as ``lines[2].grade`` to its 1-based line;
    for a workbook, ``cells`` maps it to its cell (``Lines!C4``) instead.
    """

    proposal: Proposal
    source: str
    positions: Mapping[str, int] = field(default_factory=dict, repr=False, compare=False)
    cells: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)

    def line_of(self, path: str) -> int | None:
        """The line where ``path`` is written, or else where its nearest enclosing item is.

        >>> load("scenarios/scs4-1-revised.toml").line_of("lines[0].fte")
        35
        """
        return line_of(self.positions, path)

    def _repr_html_(self) -> str:
        """In a notebook: the file's name over its proposal's table."""
        import html  # here: the command line never shows HTML

        return f"<p>{html.escape(self.source)}</p>\n{self.proposal._repr_html_()}"

    def cell_of(self, path: str) -> str | None:
        """In a workbook, the cell where ``path`` is written (or its nearest enclosing item's); else None.

        >>> load("scenarios/scs4-1-revised.toml").cell_of("lines[0].fte") is None  # a TOML file has lines, not cells
        True
        """
        if not self.cells:
            return None
        from savingsmodel.files.xlsx import cell_of

        return cell_of(self.cells, path)


# ---- Reading ---------------------------------------------------------------------------------------------------


def load(path: str | os.PathLike[str]) -> Scenario:
    """Read a scenario from a ``.toml``, ``.yaml`` or ``.yml`` file, or an Excel input template (``.xlsx``).

    >>> load("scenarios/scs4-1-revised.toml").proposal
    Proposal('SCS4-1 15SCS42 S', 2016/17 for 4 years: 2 grades, 7 lines, 8 claims, 1 variant)
    """
    source = os.fspath(path)
    if Path(source).suffix.lower() == ".xlsx":
        return _load_workbook(source)
    file_format = SUFFIXES.get(Path(source).suffix.lower())
    if file_format is None:
        raise InputError.one(
            "",
            f"expected a .toml, .yaml, .yml or .xlsx file, found {Path(source).suffix or 'no extension'!r}",
            source,
            1,
            code="file_type",
        )
    try:
        # Opened without blocking, so a named pipe is answered at once (opening one waits for a writer);
        # then only a regular file is read: a FIFO, a device or a folder is refused, never read for ever.
        descriptor = os.open(source, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        try:
            status = os.fstat(descriptor)
            if not stat.S_ISREG(status.st_mode):
                raise InputError.one(
                    "",
                    f"cannot read the file: expected a regular file, found {_file_kind(status.st_mode)}",
                    source,
                    code="not_a_file",
                )
            if status.st_size > MAX_FILE_BYTES:
                raise too_large(status.st_size, source)
            with open(descriptor, "rb", closefd=False) as handle:
                # Read one byte past the limit: a file may grow between fstat and read.
                data = handle.read(MAX_FILE_BYTES + 1)
        finally:
            os.close(descriptor)
    except OSError as error:
        raise InputError.one(
            "", f"cannot read the file: {error.strerror or error}", source, code="unreadable"
        ) from None
    return loads(data, source=source, format=file_format)


def _file_kind(mode: int) -> str:
    kinds = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((name for test, name in kinds if test(mode)), "something that is not a file")


def loads(text: str | bytes, *, source: str, format: Format) -> Scenario:
    """Read a scenario from text (or the raw bytes of a file) in ``format``.

    >>> text = Path("scenarios/scs4-1-revised.toml").read_bytes()
    >>> loads(text, source="scs4-1-revised.toml", format="toml").line_of("grades[0].unit_cost")
    20
    """
    if format not in ("toml", "yaml"):
        raise InputError.one("", f"expected format 'toml' or 'yaml', found {format!r}", source, code="file_type")
    decoded = decode_text(text, source)
    if format == "toml":
        data, positions, problems = read_toml(decoded)
    else:
        data, positions, problems = read_yaml(decoded)
    if data is not None or not problems:  # a syntax error leaves nothing to validate
        proposal, found = _validate(data)
        problems += found
        if proposal is not None and not problems:
            return Scenario(proposal, source, positions)
    placed = sorted((place_problem(p, positions, source) for p in problems), key=lambda p: p.line or 0)
    if len(placed) > MAX_PROBLEMS:
        # A file of 100,000 bad items is one mistake made many times: the first ones show it.
        more = Problem(
            "",
            f"and {len(placed) - MAX_PROBLEMS:,} more problems (the first {MAX_PROBLEMS} are shown)",
            source,
            placed[MAX_PROBLEMS].line,
            code="more_problems",
        )
        placed = [*placed[:MAX_PROBLEMS], more]
    raise InputError(placed)  # in file order; sorted() keeps ties in order


def _load_workbook(source: str) -> Scenario:
    """An Excel input template: read into the fields a scenario file has, validated the same way, placed by cell."""
    from savingsmodel.files import xlsx

    try:
        with open(source, "rb") as handle:
            raw = handle.read(xlsx.MAX_WORKBOOK_BYTES + 1)
    except OSError as error:
        raise InputError.one(
            "", f"cannot read the file: {error.strerror or error}", source, code="unreadable"
        ) from None
    data, cells, problems = xlsx.read_workbook(raw)
    if data is not None:
        proposal, found = _validate(data)
        # One problem a cell: a value refused as read (a year typed as a date) is not reported again as missing.
        refused = {p.cell for p in problems}
        problems += [p for p in found if p.cell is not None or _cell(p, cells) not in refused]
        if proposal is not None and not problems:
            return Scenario(proposal, source, {}, cells)
    placed = [replace(p, source=source, cell=p.cell or _cell(p, cells)) for p in problems]
    raise InputError(sorted(placed, key=lambda p: xlsx.cell_order(p.cell)))


def _cell(problem: Problem, cells: Mapping[str, str]) -> str | None:
    """Where in a workbook a problem is: its field's cell, else its item's; a proposal field on the Proposal sheet."""
    from savingsmodel.files import xlsx

    found = xlsx.cell_of(cells, specific_path(problem))
    return found if found is not None or not problem.path else "Proposal!A1"


def _validate(data: object) -> tuple[Proposal | None, list[Problem]]:
    """The proposal, or every problem found in the parsed data."""
    if data is None or data == {}:
        message = "expected a proposal (reference, start_year, grades, lines, ...), found no fields"
        return None, [Problem("", message, code="empty")]
    if not isinstance(data, dict):
        found = "a list" if isinstance(data, list) else repr(data)
        message = f"expected a table of proposal fields at the top level, found {found}"
        return None, [Problem("", message, code="wrong_type")]
    try:
        proposal = Proposal(**text_keys(data))
    except InputError as error:
        return None, list(error.problems)
    return proposal, list(_variant_problems(proposal))


def _variant_problems(proposal: Proposal) -> Iterator[Problem]:
    """Problems that show only when a variant is laid over the baseline, placed at the variant."""
    for index, variant in enumerate(proposal.variants):
        try:
            proposal.with_variant(variant.name)
        except InputError as error:
            prefix = f"variants[{variant.name}]"
            for problem in error.problems:
                rest = problem.path.removeprefix(prefix).removeprefix(".")
                yield _variant_problem(proposal, index, rest, problem)


# Fields a variant replaces on the proposal itself (start_year, horizon, prices, ...): a problem with one is its own.
_VARIANT_SETTINGS: Final = frozenset(Variant.model_fields) - {"name", "description", "grades", "lines", "rotas"}


def _variant_problem(proposal: Proposal, index: int, rest: str, problem: Problem) -> Problem:
    """A problem from applying variant ``index``, placed at the override that causes it where that is known.

    ``rest`` is the problem's path inside the proposal with the variant applied; its reason stays its own.
    """
    here, message = f"variants[{index}]", problem.message
    match = re.match(r"(grades|lines|rotas)\[(\d+)\](.*)$", rest)
    if match is not None:
        items: Sequence[Any] = {"grades": proposal.grades, "lines": proposal.lines, "rotas": proposal.rotas}[match[1]]
        position = int(match[2])
        variant = proposal.variants[index]
        overrides = {"grades": variant.grades, "lines": variant.lines, "rotas": variant.rotas}[match[1]]
        if position < len(items) and items[position].name in overrides:
            return problem.at(f"{here}.{match[1]}.{items[position].name}{match[3]}")
    elif re.split(r"[.\[]", rest)[0] in _VARIANT_SETTINGS:
        return problem.at(f"{here}.{rest}")
    return problem.at(here, f"with this variant, {rest}: {message}" if rest else message)
