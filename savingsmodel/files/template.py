"""The Excel input template: a workbook with the same sections as the scenario file, to fill in.

``savingsmodel new --xlsx TEMPLATE.xlsx`` writes it, holding the starter proposal as an
example to overwrite; :func:`template` writes any proposal as one (a scenario file
turned into a workbook to edit). Each section is a sheet (Proposal, Grades, On-costs,
Lines, Schedule, Claims, Unit cost claims, Series, Assumptions, Pay awards, Inflation, Indices, Index rates, Counts,
Rotas, Acknowledged, Uncertain, Correlations, Targets, Variants), each field a column headed by its name, with a note
on the heading; grade, line-kind, figure and other columns offer a list to pick from. Every
command reads a filled-in template as it reads a scenario file
(:mod:`savingsmodel.files.xlsx`).

>>> from savingsmodel.examples import scs4_1_revised
>>> template(scs4_1_revised())[:2]
b'PK'

Text is written as text (never as a formula, whatever it starts with); XlsxWriter is
imported only when a template is written.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Final

from savingsmodel.core.money import Money
from savingsmodel.core.years import FinancialYear
from savingsmodel.files.toml_format import _toml_value
from savingsmodel.files.writing import _plain
from savingsmodel.files.xlsx import LISTS, PROPOSAL_FIELDS, README, SECTIONS, Column, Section
from savingsmodel.model.claims import Basis, Figure, PaybackMeasure
from savingsmodel.model.lines import LINE_KINDS
from savingsmodel.model.prices import Uprating
from savingsmodel.model.proposal import Proposal
from savingsmodel.model.statements import CHECK_CODES, CountKind
from savingsmodel.model.uncertainty import Distribution

__all__ = ["template"]

_ROWS: Final = 500  # rows that offer a list to pick from, below each heading
_MONEY: Final = "£#,##0.00;-£#,##0.00"
_FORMATS: Final = {"money": _MONEY, "rate": "0.0##%", "date": "yyyy-mm-dd", "year": "@", "number": "General"}

_LIST_VALUES: Final[dict[str, tuple[str, ...]]] = {
    "kinds": tuple(LINE_KINDS),
    "figures": tuple(f.value for f in Figure),
    "bases": tuple(b.value for b in Basis),
    "distributions": tuple(d.value for d in Distribution),
    "series_bases": (Basis.INCREMENTAL.value, Basis.CUMULATIVE.value),
    "uprating": tuple(u.value for u in Uprating),
    "phasing": ("months", "days"),
    "prices": ("cash", "constant"),
    "count_from": ("start", "first_full_month"),
    "payback": tuple(m.value for m in PaybackMeasure),
    "counts": tuple(k.value for k in CountKind),
    "codes": CHECK_CODES,
    "applies": ("proposal", "grades", "lines", "rotas"),
}

_README = """\
savingsmodel input template

Fill in one sheet per section of a proposal, as a scenario file has them: Proposal (one row per field), then
Grades, On-costs, Lines, Schedule, Claims, Unit cost claims, Series, Assumptions, Pay awards, Inflation, Indices,
Index rates, Counts, Scopes, Percentages, Rotas, Acknowledged, Uncertain, Correlations, Targets and Variants (one
row per item; an empty row is skipped; a sheet you do not need may be empty).
Each heading is the field's name as the file format reference names it; its note says what goes in it.

Then run it as you would a scenario file:  savingsmodel run THIS.xlsx   savingsmodel check THIS.xlsx

- Money: a number (48000) or text as in a scenario file (£48,000, 48k). Rates: 13.8% or 0.138.
- Years (start_year, a claim's year, ...) are text: 2016/17. The year columns are formatted as Text, so
  Excel keeps what you type; a year that Excel has turned into a date is refused.
- Dates (start, end, on, effective) are dates.
- A formula is read as its saved result (what Excel last worked out), never worked out here: save the
  workbook in Excel or LibreOffice after changing one. A formula with no saved result is refused.
- A problem is reported at its cell:  THIS.xlsx: Lines!F3: lines[1].fte: expected an FTE of zero or more, found -1
- Variants: one row per field a variant replaces; a schedule or awards as TOML, e.g.
  [{on = 2016-10-01, fte = 6}, {on = 2017-01-01, fte = 6}]
"""


def template(proposal: Proposal | None = None) -> bytes:
    """The input template as the bytes of an .xlsx file, filled with ``proposal`` (or empty)."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False},
    )
    writer = _TemplateWriter(book)
    data = _plain(proposal) if proposal is not None else {}
    writer.write(data if isinstance(data, dict) else {})
    book.close()
    return buffer.getvalue()


class _TemplateWriter:
    def __init__(self, book: Any) -> None:
        self.book = book
        base = {"font_name": "Arial", "font_size": 10, "valign": "top"}
        self.formats = {kind: book.add_format({**base, "num_format": fmt}) for kind, fmt in _FORMATS.items()}
        self.formats["text"] = book.add_format(base)
        self.formats["bool"] = book.add_format(base)
        self.formats["any"] = book.add_format(base)
        self.formats["header"] = book.add_format({**base, "bold": True, "bottom": 1, "bg_color": "#D9D9D9"})
        self.formats["help"] = book.add_format({**base, "italic": True, "font_color": "#595959", "text_wrap": True})
        self.lists: dict[str, str] = {}

    def write(self, data: dict[str, Any]) -> None:
        readme = self.book.add_worksheet(README)
        readme.set_column(0, 0, 110)
        for row, line in enumerate(_README.splitlines()):
            readme.write_string(row, 0, line, self.formats["header"] if row == 0 else self.formats["text"])
        proposal = self.book.add_worksheet("Proposal")
        self._lists()
        self._proposal(proposal, data)
        sheets = {s.sheet: self.book.add_worksheet(s.sheet) for s in SECTIONS}
        for section in SECTIONS:
            sheet = sheets[section.sheet]
            self._headings(sheet, section)
            rows = list(self._items(section, data))
            for row, item in enumerate(rows, start=1):
                for col, column in enumerate(section.columns):
                    self._value(sheet, row, col, column, item.get(column.header))
        proposal.activate()

    def _lists(self) -> None:
        sheet = self.book.add_worksheet(LISTS)
        sheet.hide()
        for col, (name, values) in enumerate(_LIST_VALUES.items()):
            sheet.write_string(0, col, name, self.formats["header"])
            for row, value in enumerate(values, start=1):
                sheet.write_string(row, col, value, self.formats["text"])
            letter = chr(65 + col)
            self.lists[name] = f"={LISTS}!${letter}$2:${letter}${len(values) + 1}"
        self.lists["grades"] = f"=Grades!$A$2:$A${_ROWS + 1}"
        self.lists["lines"] = f"=Lines!$B$2:$B${_ROWS + 1}"

    def _proposal(self, sheet: Any, data: dict[str, Any]) -> None:
        for col, (title, width) in enumerate((("field", 18), ("value", 40), ("about", 70))):
            sheet.write_string(0, col, title, self.formats["header"])
            sheet.set_column(col, col, width)
        sheet.freeze_panes(1, 1)
        for row, column in enumerate(PROPOSAL_FIELDS, start=1):
            sheet.write_string(row, 0, column.header, self.formats["text"])
            sheet.write_string(row, 2, column.help, self.formats["help"])
            if column.kind == "year":
                sheet.write_blank(row, 1, None, self.formats["year"])  # typed later, it stays text
            self._value(sheet, row, 1, column, _get(data, column.where))
            self._choices(sheet, row, 1, row, column)

    def _headings(self, sheet: Any, section: Section) -> None:
        for col, column in enumerate(section.columns):
            sheet.write_string(0, col, column.header, self.formats["header"])
            sheet.write_comment(0, col, column.help, {"x_scale": 2, "y_scale": 0.8})
            sheet.set_column(col, col, column.width, self.formats.get(column.kind if column.kind == "year" else "text"))
            self._choices(sheet, 1, col, _ROWS, column)
        sheet.freeze_panes(1, 1)

    def _choices(self, sheet: Any, first: int, col: int, last: int, column: Column) -> None:
        if column.choices is None:
            return
        # Names of grades and lines may be typed before their rows exist: a warning, not a refusal.
        named = column.choices in ("grades", "lines")
        sheet.data_validation(
            first,
            col,
            last,
            col,
            {
                "validate": "list",
                "source": self.lists[column.choices],
                "error_type": "warning" if named else "stop",
                "error_title": column.header,
                "error_message": column.help[:250],
            },
        )

    def _items(self, section: Section, data: dict[str, Any]) -> Any:
        """The rows of a section: its items, with nested fields flattened to the headings."""
        if section.key == "build_up.other":
            for grade in data.get("grades", []):
                for cost in (grade.get("build_up") or {}).get("other", []):
                    yield {"grade": grade["name"], **cost}
            return
        if section.key == "schedule":
            for line in data.get("lines", []):
                for step in line.get("schedule", []):
                    yield {"line": line["name"], **step}
            return
        if section.key == "index_rates":
            for index in data.get("indices", []):
                for rate in index.get("rates", []):
                    yield {"index": index["name"], **rate}
            return
        if section.key == "variants":
            yield from _variant_rows(data.get("variants", []))
            return
        for item in data.get(section.key, []):
            flat = {k: v for k, v in item.items() if not isinstance(v, dict | list) or k in ("phased",)}
            if section.key == "scopes" and item.get("lines"):
                flat["lines"] = list(item["lines"])  # a part's lines: a TOML list in one cell
            for key, value in (item.get("build_up") or {}).items():
                if key != "other":
                    flat[f"build_up.{key}"] = value
            band = item.get("plausible_unit_cost")
            if band:
                flat["plausible_low"], flat["plausible_high"] = band
            for key in ("values", "weights", "inputs"):  # lists written one cell an item
                for n, value in enumerate(item.get(key, [])):
                    flat[f"{key}[{n}]"] = value
            if item.get("phased"):
                flat["phased"] = "; ".join(f"{p['year']}: {p['value']}" for p in item["phased"])
            yield flat

    def _value(self, sheet: Any, row: int, col: int, column: Column, value: Any) -> None:
        """A value as its column holds it: numbers as numbers (exact ones), years and text as text."""
        if value is None:
            return
        style = self.formats.get(column.kind, self.formats["text"])
        if isinstance(value, bool):
            sheet.write_boolean(row, col, value, style)
        elif column.kind == "toml" and isinstance(value, list | dict):
            sheet.write_string(row, col, _toml_value(value, ()), self.formats["text"])
        elif isinstance(value, datetime | date):
            sheet.write_datetime(row, col, datetime(value.year, value.month, value.day), self.formats["date"])
        elif isinstance(value, Money | Decimal | int) and column.kind not in ("text", "year"):
            number = value.amount if isinstance(value, Money) else Decimal(value)
            if _exact_in_a_cell(number):
                sheet.write_number(row, col, float(number), style)
            else:
                sheet.write_string(row, col, f"{number:f}", self.formats["text"])  # more digits than a cell holds
        elif isinstance(value, str) and column.kind in ("money", "number", "rate") and _is_number(value):
            self._value(sheet, row, col, column, Decimal(value))
        else:
            sheet.write_string(row, col, str(value), self.formats["year"] if column.kind == "year" else style)


def _variant_rows(variants: list[dict[str, Any]]) -> Any:
    """One row per field a variant replaces; the description on its first row."""
    for variant in variants:
        rows: list[dict[str, Any]] = []
        settings = {k: x for k, x in variant.items() if k not in ("name", "description", "grades", "lines", "rotas")}
        rows.extend({"applies_to": "proposal", "field": k, "value": _cell(x)} for k, x in settings.items())
        for applies in ("grades", "lines", "rotas"):
            for name, changes in (variant.get(applies) or {}).items():
                rows.extend(
                    {"applies_to": applies, "name": name, "field": k, "value": _cell(x)} for k, x in changes.items()
                )
        rows = rows or [{}]  # a variant that changes nothing still has its row
        if variant.get("description"):
            rows[0]["description"] = variant["description"]
        for row in rows:
            yield {"variant": variant["name"], **row}


def _get(data: dict[str, Any], where: tuple[str | int, ...]) -> Any:
    """The value at ``where`` in ``data`` (``payback.months``: the months of the payback table), or None."""
    value: Any = data
    for key in where:
        if not isinstance(value, dict):
            return None
        value = value.get(str(key))
    return value


def _cell(value: Any) -> Any:
    """A variant's new value for a cell: a list or table as TOML text, anything else as it is."""
    if isinstance(value, list | dict):
        return _toml_value(value, ())
    if isinstance(value, FinancialYear):
        return str(value)
    return value


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return text.strip() == text and text != "" and Decimal(text).is_finite()


def _exact_in_a_cell(number: Decimal) -> bool:
    """Whether a spreadsheet cell (a binary double, shown to 15 digits) gives ``number`` back exactly."""
    return len(number.normalize().as_tuple().digits) <= 15 and Decimal(repr(float(number))) == number
