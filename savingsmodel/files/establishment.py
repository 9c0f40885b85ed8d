"""Reading an establishment list as payroll or HR export it (CSV, or an Excel workbook), through a mapping file.

Each body's export is read unchanged: a small TOML mapping file names the sheet, the row of the column
headings, and which heading is which field. pandas reads a CSV file and python-calamine (pandas' own
Excel engine) a workbook, every cell as text, so nothing is guessed; a workbook's cells are read as
their stored values, and nothing in it (formulas, macros, links) is ever run. Every problem names its
place, a CSV file's line or a workbook's cell, the field and its column, and what was expected:

``establishment.csv:14: fte (column 'FTE'): expected an FTE above zero, found '-1'``

>>> establishment = load_establishment("scenarios/establishment/establishment.csv",
...                                    "scenarios/establishment/mapping.toml")
>>> len(establishment), str(establishment.fte("Watch Manager"))
(13, '6.5')
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Final

from savingsmodel.core.errors import InputError, Problem
from savingsmodel.core.money import Money
from savingsmodel.files.reading import MAX_PROBLEMS, decode_text, place_problem, text_keys
from savingsmodel.files.toml_format import read_toml
from savingsmodel.model.establishment import Establishment, EstablishmentMapping, Post

__all__ = ["MAX_LIST_BYTES", "load_establishment", "load_mapping"]

#: The largest establishment list read: 100 MB (a 50,000-post list is about 4 MB as CSV).
MAX_LIST_BYTES: Final = 100 * 1024 * 1024
_FIELDS: Final = ("post_number", "grade", "cost_centre", "fte", "person", "pay", "age", "service")


def load_mapping(path: str | os.PathLike[str]) -> EstablishmentMapping:
    """The mapping file: which column is which field, placed problems as in any TOML file.

    >>> load_mapping("scenarios/establishment/mapping.toml").columns.post_number
    'Post No'
    """
    source = os.fspath(path)
    try:
        raw = Path(source).read_bytes()
    except OSError as error:
        raise InputError.one(
            "", f"cannot read the file: {error.strerror or error}", source, code="unreadable"
        ) from None
    data, positions, problems = read_toml(
        decode_text(raw, source, expected="a mapping of columns (header_row, [columns])")
    )
    if data is not None and not problems:
        try:
            return EstablishmentMapping(**text_keys(data))
        except InputError as error:
            problems = list(error.problems)
    raise InputError(sorted((place_problem(p, positions, source) for p in problems), key=lambda p: p.line or 0))


def load_establishment(
    path: str | os.PathLike[str], mapping: str | os.PathLike[str] | EstablishmentMapping
) -> Establishment:
    """The posts of a CSV file or an Excel workbook (``.xlsx``), read through ``mapping``."""
    source = os.fspath(path)
    chosen = mapping if isinstance(mapping, EstablishmentMapping) else load_mapping(mapping)
    suffix = Path(source).suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        found = suffix or "no extension"
        raise InputError.one(
            "", f"expected a .csv or .xlsx establishment list, found {found!r}", source, code="file_type"
        )
    try:
        size = os.stat(source).st_size
    except OSError as error:
        raise InputError.one(
            "", f"cannot read the file: {error.strerror or error}", source, code="unreadable"
        ) from None
    if size > MAX_LIST_BYTES:
        message = f"expected an establishment list of at most {MAX_LIST_BYTES:,} bytes, found {size:,} bytes"
        raise InputError.one("", message, source, code="too_large")
    table, sheet = _read_table(source, suffix, chosen)
    return _posts(table, chosen, source, sheet)


@dataclass(frozen=True, slots=True)
class _Table:
    """A list's cells as text: the headings (``header_row``), and each column below them, stripped."""

    headings: list[str]
    rows: int
    column: Callable[[int], list[str]]


def _read_table(source: str, suffix: str, mapping: EstablishmentMapping) -> tuple[_Table, str | None]:
    """Every cell as text, the headings from ``header_row``; an unreadable file is one problem."""
    header = mapping.header_row - 1
    try:
        if suffix == ".csv":
            import pandas as pd  # here: only reading a list needs it

            frame = pd.read_csv(
                source, dtype=str, keep_default_na=False, header=header, encoding="utf-8-sig", skip_blank_lines=False
            )
            return (
                _Table(
                    [str(c).strip() for c in frame.columns],
                    len(frame),
                    lambda index: [str(v).strip() for v in frame.iloc[:, index].tolist()],
                ),
                None,
            )
        return _read_workbook(source, header, mapping.sheet)
    except InputError:
        raise
    except (ValueError, OSError, UnicodeDecodeError, KeyError) as error:
        # pandas' and calamine's own reasons: a broken file, a wrong encoding, a heading row past the end.
        reason = " ".join(str(error).split())[:200]
        raise InputError.one("", f"cannot read the establishment list: {reason}", source, code="unreadable") from None
    except Exception as error:
        reason = " ".join(f"{type(error).__name__}: {error}".split())[:200]
        raise InputError.one("", f"cannot read the establishment list: {reason}", source, code="unreadable") from None


def _read_workbook(source: str, header: int, wanted: str | None) -> tuple[_Table, str]:
    """A workbook's sheet, read by python-calamine (the reader pandas' ``engine="calamine"`` uses).

    calamine, in Rust, reads the cells' stored values, about ten times faster than openpyxl (a
    50,000-post workbook in about 0.6 s, not 11.5 s), and only reads them: no formula is calculated,
    no macro or link is run, and a formula with no stored value is an empty cell. Its rows are read
    here directly, not through a pandas frame, which would cost as long again turning each cell into
    text; each cell becomes the text pandas would give it (``36381`` for a whole number, ``0.8``).
    """
    from python_calamine import CalamineWorkbook  # here: only a workbook needs it

    book = CalamineWorkbook.from_path(source)
    try:
        names = [str(n) for n in book.sheet_names]
        sheet = wanted or names[0]
        if sheet not in names:
            listed = ", ".join(repr(n) for n in names)
            raise InputError.one("sheet", f"expected a sheet {sheet!r} in the workbook, found {listed}", source)
        # From cell A1 (skip_empty_area=False), so a cell's row and column are the sheet's own.
        rows = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    finally:
        book.close()
    if len(rows) <= header:
        message = f"expected the column headings on row {header + 1} (header_row), found {len(rows)} rows"
        raise InputError.one(
            "", f"cannot read the establishment list: {message} in sheet {sheet!r}", source, code="unreadable"
        )
    body = rows[header + 1 :]

    def column(index: int) -> list[str]:
        return [
            value.strip() if type(value) is str else _cell_text(value).strip()
            for value in (row[index] if index < len(row) else "" for row in body)
        ]

    return _Table([_cell_text(c).strip() for c in rows[header]], len(body), column), sheet


def _cell_text(value: object) -> str:
    """A cell's value as text, as pandas' ``dtype=str`` writes it: a whole number without ``.0``, a date with
    its time."""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date) and not isinstance(value, datetime):
        return str(datetime(value.year, value.month, value.day))
    return str(value)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _posts(table: _Table, mapping: EstablishmentMapping, source: str, sheet: str | None) -> Establishment:
    headings = table.headings
    stated = {name: getattr(mapping.columns, name) for name in _FIELDS}
    header = mapping.header_row
    problems: list[Problem] = []
    where: dict[str, int] = {}
    for name, heading in stated.items():
        if heading is None:
            continue
        if heading.strip() not in headings:
            found = ", ".join(repr(h) for h in headings[:20])
            problems.append(
                _at(
                    Problem(f"columns.{name}", f"expected a column headed {heading!r}, found {found}", code="missing"),
                    source,
                    sheet,
                    header,
                    None,
                )
            )
        else:
            where[name] = headings.index(heading.strip())
    if problems:
        raise InputError(problems)
    vacant = {v.strip().casefold() for v in mapping.vacant}
    # Each column as a list of stripped texts, once: the loop below then reads plain lists.
    empty = [""] * table.rows
    columns = {name: table.column(index) for name, index in where.items()}
    posts: list[Post] = []
    first: dict[str, int] = {}
    # Pay points repeat across a list (a grade's few spinal points): each text is parsed once.
    pay_of: dict[str, Money | None] = {}
    fte_of: dict[str, Decimal | None] = {}

    def bad(name: str, message: str, line: int) -> None:
        heading = stated[name]
        problems.append(_at(Problem(f"{name} (column {heading!r})", message), source, sheet, line, where[name]))

    rows = zip(
        columns["post_number"],
        columns["grade"],
        columns["cost_centre"],
        columns["fte"],
        columns["person"],
        columns["pay"],
        columns.get("age", empty),
        columns.get("service", empty),
        strict=True,
    )
    for row, (number, grade, centre, fte_text, person, pay_text, age_text, service_text) in enumerate(rows):
        line = header + 1 + row
        if not (number or grade or centre or fte_text or person or pay_text or age_text or service_text):
            continue  # a blank line between teams, or at the end of an export
        for name, value in (("post_number", number), ("grade", grade), ("cost_centre", centre)):
            if not value:
                bad(name, "expected a value, found an empty cell", line)
        if number:
            if number in first:
                message = f"expected each post number once, found {number!r} again (first on line {first[number]})"
                bad("post_number", message, line)
            else:
                first[number] = line
        if fte_text not in fte_of:
            fte_of[fte_text] = _decimal(fte_text)
        fte = fte_of[fte_text]
        if fte is None or fte <= 0:
            bad("fte", f"expected an FTE above zero, found {fte_text!r}", line)
        if pay_text not in pay_of:
            pay_of[pay_text] = _money(pay_text)
        pay = pay_of[pay_text]
        if pay is None:
            bad("pay", f"expected an amount of pay of zero or more, such as 36381 or £36,381, found {pay_text!r}", line)
        age: int | None = None
        if age_text:
            age = int(age_text) if age_text.isdigit() else None
            if age is None or not 15 <= age <= 100:
                bad("age", f"expected an age in whole years from 15 to 100, found {age_text!r}", line)
        service: Decimal | None = None
        if service_text:
            service = _decimal(service_text)
            if service is None or service < 0:
                bad("service", f"expected years of service of zero or more, found {service_text!r}", line)
        if len(problems) > MAX_PROBLEMS:
            break
        if fte is None or fte <= 0 or pay is None or not (number and grade and centre):
            continue
        posts.append(
            Post(number, grade, centre, fte, None if person.casefold() in vacant else person, pay, age, service)
        )
    if problems:
        if len(problems) > MAX_PROBLEMS:
            more = Problem("", f"and more problems (the first {MAX_PROBLEMS} are shown)", source, code="more_problems")
            problems = [*problems[:MAX_PROBLEMS], more]
        raise InputError(problems)
    return Establishment(tuple(posts), source, pay_basis=mapping.pay_basis)


def _at(problem: Problem, source: str, sheet: str | None, line: int, column: int | None) -> Problem:
    """A problem placed at a CSV line, or at a workbook's cell (the heading row's first cell for a heading)."""
    if sheet is None:
        return replace(problem, source=source, line=line)
    return replace(problem, source=source, cell=f"{sheet}!{_column_letter(column or 0)}{line}")


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


_ZERO: Final = Money(0)


def _money(text: str) -> Money | None:
    try:
        value = Money(text)
    except (InputError, ValueError, TypeError, ArithmeticError):
        return None
    return value if value >= _ZERO else None
