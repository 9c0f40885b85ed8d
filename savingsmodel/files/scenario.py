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
from savingsmodel.files.positions import by_path, duplicate, line_of, render
from savingsmodel.files.toml_format import read_toml
from savingsmodel.model.proposal import Proposal, Variant

__all__ = ["MAX_FILE_BYTES", "MAX_PROBLEMS", "SUFFIXES", "Format", "Scenario", "load", "loads"]

#: The largest scenario file read, in bytes (1 MiB). A real proposal is a few kilobytes; a
#: larger file is refused before it is parsed, so a stray 10 MB file is answered at once.
MAX_FILE_BYTES: Final = 1024 * 1024

#: The most problems reported for one file; the rest are counted in one more line.
MAX_PROBLEMS: Final = 100

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
                raise _too_large(status.st_size, source)
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
    decoded = _decode(text, source)
    if format == "toml":
        data, positions, problems = read_toml(decoded)
    else:
        data, positions, problems = _read_yaml(decoded)
    if data is not None or not problems:  # a syntax error leaves nothing to validate
        proposal, found = _validate(data)
        problems += found
        if proposal is not None and not problems:
            return Scenario(proposal, source, positions)
    placed = sorted((_place(p, positions, source) for p in problems), key=lambda p: p.line or 0)
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

    found = xlsx.cell_of(cells, _specific_path(problem))
    return found if found is not None or not problem.path else "Proposal!A1"


def _too_large(size: int, source: str) -> InputError:
    return InputError.one(
        "",
        f"expected a scenario file of at most {MAX_FILE_BYTES:,} bytes, found {size:,} bytes",
        source,
        1,
        code="too_large",
    )


def _decode(text: str | bytes, source: str) -> str:
    """Text from a file's bytes, refusing what is not a small UTF-8 text file."""
    if isinstance(text, str):
        size = len(text.encode("utf-8", "surrogatepass"))  # in bytes, as the file would be
        if size > MAX_FILE_BYTES:
            raise _too_large(size, source)
    else:
        raw = bytes(text)
        if len(raw) > MAX_FILE_BYTES:
            raise _too_large(len(raw), source)
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
        raise InputError.one(
            "",
            "expected a proposal (reference, start_year, grades, lines, ...), found an empty file",
            source,
            1,
            code="empty",
        )
    return text


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
        proposal = Proposal(**_text_keys(data))
    except InputError as error:
        return None, list(error.problems)
    return proposal, list(_variant_problems(proposal))


def _text_keys(data: object) -> Any:
    """The data with every key as text: YAML allows ``2016:`` as a key, a field name is text.

    A key that was not text then fails as an unknown field, at its line, like any other.
    """
    if isinstance(data, dict):
        return {key if isinstance(key, str) else str(key): _text_keys(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_text_keys(item) for item in data]
    return data


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


def _place(problem: Problem, positions: Mapping[str, int], source: str) -> Problem:
    """The problem with the file name and the line where its field is written."""
    line = problem.line
    if line is None:
        line = line_of(positions, _specific_path(problem))
    return replace(problem, source=source, line=line if line is not None else 1)


# A variant's table of overrides by grade or line name: a problem about one name is written at its key.
_VARIANT_OVERRIDES: Final = re.compile(r"variants\[\d+\]\.(?:grades|lines)")


def _specific_path(problem: Problem) -> str:
    """A path to look up that is more exact than the problem's own, from its reason and the name it is about."""
    path = problem.path
    if problem.code == "unknown_kind":
        return f"{path}.kind"  # the problem is the line's; its line is where the kind is written
    named = problem.code in ("unknown_grade", "unknown_line") and problem.name is not None
    if named and _VARIANT_OVERRIDES.fullmatch(path):
        return f"{path}.{problem.name}"
    return path


# ---- YAML ------------------------------------------------------------------------------------------------------


def _read_yaml(text: str) -> tuple[object, dict[str, int], list[Problem]]:
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
