"""The workbook: a proposal's inputs, its arithmetic as live Excel formulas, its claims and a summary.

``savingsmodel export FILE --xlsx OUT.xlsx`` writes it. Colleagues and auditors open it
as a spreadsheet: every figure on the Summary is a formula over the Calculation sheet,
whose every cell is a formula over the input sheets (Grades, Lines, Schedule, Prices).
Inputs are shaded; change one (a unit cost, an FTE, a pay award) and the totals move
as savingsmodel's would. Key inputs have names (``UnitCost_Watch_Manager``,
``FTE_Watch_Manager_posts_released``, ``PayAward_2016_17``) for the Name Box.

>>> from savingsmodel.engine.evaluation import evaluate
>>> from savingsmodel.examples import scs4_1_revised
>>> book = workbook(evaluate(scs4_1_revised()))
>>> book.data[:2], len(book.figures) > 100
(b'PK', True)
>>> [f"{f.sheet}!{f.cell} {f.value}" for f in book.figures if f.what == "net_saving 2016/17"]
['Summary!B10 360000']

The arithmetic is the engine's, step by step: the rows of
:mod:`savingsmodel.engine.workings`, which are the evaluator's own steps. One Calculation
row per term (a tranche of its line) and year, a line's rows one after another, with the
annual rate (FTE x unit cost, a stated amount, ...); for a line in tranches, the line's
annual rate before and to this tranche; each stretch of the year at one price level (its
share, as the fraction the engine used, its uprating factor, and the rate at that price:
for a line in tranches ``ROUND(to*factor,2)-ROUND(before*factor,2)``, the line uprated
once); the line's exact running amount in the year; and the year's amount, which is
the rate itself for a line whose tranches all run the whole year at one price, and
otherwise the line's running amount rounded to the penny less the same before the
tranche (``ROUND(running,2)-ROUND(running_before,2)``), exactly where the engine rounds
(``ROUND`` takes a half away from zero, as the engine's half-up does, and nothing
rounded is negative). Summary figures are ``SUMIFS`` of those amounts by figure and year. ``figures`` lists
every cell that carries a figure with savingsmodel's value for it, so a test can
recalculate the workbook in a spreadsheet program and compare each one.

Written with XlsxWriter (imported when a workbook is written). Every text is written
as text, never as a formula, whatever it starts with. With ``results=True`` (the
default) each formula also carries savingsmodel's figure as its saved result, for
viewers that do not recalculate.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Final

from savingsmodel.core.money import Money
from savingsmodel.core.years import FinancialYear
from savingsmodel.engine.capital import programme
from savingsmodel.engine.figures import COLUMNS, named
from savingsmodel.engine.redundancy import pension_strain, statutory_redundancy
from savingsmodel.engine.terms import Term
from savingsmodel.engine.unit_costs import NIRules, build, build_in, year_ni
from savingsmodel.engine.uprating import PriceIndex
from savingsmodel.engine.workings import Workings, workings
from savingsmodel.model.buildup import NICategory, UnitCostBuildUp
from savingsmodel.model.claims import Basis, Figure
from savingsmodel.model.lines import LINE_KINDS, CapitalSpend, OneOffCost, Redundancy
from savingsmodel.model.prices import Award, Prices, Uprating
from savingsmodel.outputs.findings import FindingRow
from savingsmodel.rates.redundancy import weekly_cap_on

if TYPE_CHECKING:
    from savingsmodel.checks.findings import CheckFinding
    from savingsmodel.checks.reconcile import Finding
    from savingsmodel.engine.evaluation import Evaluation
    from savingsmodel.model.proposal import Proposal

__all__ = ["RATED_KINDS", "SHEETS", "CellFigure", "Workbook", "workbook"]

#: The sheets, in the order a reader meets them.
SHEETS: Final = (
    "Summary",
    "Claims",
    "Checks",
    "Grades",
    "Lines",
    "Schedule",
    "Prices",
    "Assumptions",
    "Unit costs by year",
    "Calculation",
    "Posts",
)

_MONEY = "£#,##0.00;-£#,##0.00"
_RATE = "0.0##%"
_FACTOR = "0.000000##"
_SHARE = "0.000000"
_DATE = "yyyy-mm-dd"
_INPUT_FILL = "#FFF2CC"  # the shading of a cell a reader may change


@dataclass(frozen=True, slots=True)
class CellFigure:
    """A cell that carries a figure, and savingsmodel's value for it (money in pounds, FTE, a factor)."""

    sheet: str
    cell: str
    value: Decimal
    what: str


@dataclass(frozen=True, slots=True)
class Workbook:
    """The workbook's bytes, every cell that carries a figure, and the named inputs (name: ``Sheet!$B$2``)."""

    data: bytes
    figures: tuple[CellFigure, ...]
    names: Mapping[str, str]


def workbook(
    evaluation: Evaluation,
    findings: Sequence[Finding] = (),
    checks: Sequence[CheckFinding] = (),
    variant: str | None = None,
    *,
    results: bool = True,
) -> Workbook:
    """The workbook of an evaluation, its findings and officer checks; ``variant`` names the variant shown.

    ``results=False`` leaves every formula's saved result at zero, so that only a
    recalculation gives the figures (as the tests use it).
    """
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            # Text is text: nothing a user wrote becomes a formula, a number or a link.
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    writer = _Writer(book, evaluation, workings(evaluation), results)
    writer.write(findings, checks, variant)
    book.close()
    return Workbook(buffer.getvalue(), tuple(writer.figures), dict(writer.names))


# ---- Cells -------------------------------------------------------------------------------------------------------


def _column(col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell(row: int, col: int) -> str:
    """``B5`` for row 4, column 1 (both from 0)."""
    return f"{_column(col)}{row + 1}"


def _absolute(sheet: str, row: int, col: int) -> str:
    return f"{sheet}!${_column(col)}${row + 1}"


def _name(prefix: str, text: str) -> str:
    """A valid workbook name from ``text``: ``UnitCost_Watch_Manager``; never one that reads as a cell."""
    words = re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_")[:60]
    return f"{prefix}_{words}" if words else prefix


def _number(value: Decimal | Money | int) -> float:
    # xlsx holds every number as a binary double; Excel and LibreOffice show it to 15 digits.
    amount = value.amount if isinstance(value, Money) else value
    return float(amount)


def _share_formula(share: Fraction, months: bool, days: int) -> str:
    """A share of a year as the engine counts it: ``=9/12`` or ``=274/365``."""
    parts = 12 if months else days
    counted = share * parts
    if counted.denominator == 1:
        return f"={counted.numerator}/{parts}"
    return f"={share.numerator}/{share.denominator}"


# ---- The writer --------------------------------------------------------------------------------------------------


@dataclass
class _Writer:
    book: Any
    evaluation: Evaluation
    done: Workings
    results: bool
    figures: list[CellFigure] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    formats: dict[str, Any] = field(default_factory=dict)
    # Where the inputs are: grade name -> unit-cost cell; line name -> {field: cell}; step cells by line.
    unit_cost_cells: dict[str, str] = field(default_factory=dict)
    line_cells: dict[str, dict[str, str]] = field(default_factory=dict)
    step_cells: dict[str, list[str]] = field(default_factory=dict)
    # Award factor cells: uprating -> [(effective day, cell)] in date order.
    factor_cells: dict[Uprating | str, list[tuple[date, str]]] = field(default_factory=dict)
    # Summary cells: (figure row name, year or "total") -> cell.
    summary_cells: dict[tuple[str, str], str] = field(default_factory=dict)
    # Built-up grades: grade -> its Grades row (1-based); its other on-costs: (Grades row, by rate?).
    grade_rows: dict[str, int] = field(default_factory=dict)
    other_rows: dict[str, list[tuple[int, bool]]] = field(default_factory=dict)
    # The proposal's vacancy factor (a grade may state its own on Grades).
    vacancy_cell: str = "0"
    # A rebuilt posts term's annual rate in a year at a pay level: (term number, year, factor cell) -> cell.
    rebuilt_cells: dict[tuple[int, FinancialYear, str | None], str] = field(default_factory=dict)
    # The employer NI rules' rows on the Unit costs by year sheet: (year, rule's start, share of the year) -> row.
    ni_rows: dict[tuple[FinancialYear, date, Fraction], int] = field(default_factory=dict)

    @property
    def proposal(self) -> Proposal:
        return self.evaluation.proposal

    def write(self, findings: Sequence[Finding], checks: Sequence[CheckFinding], variant: str | None) -> None:
        self._formats()
        sheets = {name: self.book.add_worksheet(name) for name in SHEETS}
        # Inputs first (the formulas refer to them), then the arithmetic, then what reads it.
        self._grades(sheets["Grades"])
        self._lines(sheets["Lines"], sheets["Schedule"])
        self._prices(sheets["Prices"])
        self._assumptions(sheets["Assumptions"])
        self._unit_costs(sheets["Unit costs by year"])
        calculation = self._calculation(sheets["Calculation"])
        posts = self._posts(sheets["Posts"])
        self._summary(sheets["Summary"], calculation, posts, variant)
        self._claims(sheets["Claims"], findings)
        self._checks(sheets["Checks"], checks)
        for sheet in sheets.values():
            # Printed, each sheet fits the width of a landscape A4 page.
            sheet.set_landscape()
            sheet.set_paper(9)
            sheet.fit_to_pages(1, 0)
        sheets["Summary"].activate()

    # ---- formats and writing helpers

    def _formats(self) -> None:
        add = self.book.add_format
        base = {"font_name": "Arial", "font_size": 10, "valign": "top"}
        self.formats = {
            "text": add(base),
            "wrap": add({**base, "text_wrap": True}),
            "title": add({**base, "bold": True, "font_size": 14}),
            "bold": add({**base, "bold": True}),
            "note": add({**base, "italic": True, "font_color": "#595959"}),
            "header": add({**base, "bold": True, "bottom": 1, "bg_color": "#D9D9D9", "text_wrap": True}),
            "money": add({**base, "num_format": _MONEY}),
            "money_bold": add({**base, "num_format": _MONEY, "bold": True}),
            "rate": add({**base, "num_format": _RATE}),
            "factor": add({**base, "num_format": _FACTOR}),
            "share": add({**base, "num_format": _SHARE}),
            "count": add({**base, "num_format": "General"}),
            "date": add({**base, "num_format": _DATE}),
            "year": add({**base, "num_format": "0"}),
        }
        for kind in ("text", "money", "rate", "count", "date"):
            spec = {**base, "bg_color": _INPUT_FILL, "border": 1, "border_color": "#BFBFBF"}
            if kind != "text":
                spec["num_format"] = {"money": _MONEY, "rate": _RATE, "count": "General", "date": _DATE}[kind]
            self.formats[f"input_{kind}"] = add(spec)

    def text(self, sheet: Any, row: int, col: int, value: object, style: str = "text") -> None:
        """Text as text: a value starting ``=``, ``+``, ``-`` or ``@`` is never read as a formula."""
        if value is None or value == "":
            return
        sheet.write_string(row, col, str(value), self.formats[style])

    def number(self, sheet: Any, row: int, col: int, value: Decimal | Money | int | None, style: str) -> None:
        if value is not None:
            sheet.write_number(row, col, _number(value), self.formats[style])

    def formula(
        self,
        sheet: Any,
        row: int,
        col: int,
        formula: str,
        style: str,
        value: Decimal | Money | int | str | None = None,
        what: str = "",
    ) -> str:
        """A formula with savingsmodel's figure as its saved result; recorded as a figure when ``what`` says so."""
        result: float | str = 0
        if isinstance(value, str):
            result = value if self.results else ""
        elif value is not None and self.results:
            result = _number(value)
        sheet.write_formula(row, col, formula, self.formats[style], result)
        if what and value is not None and not isinstance(value, str):
            amount = value.amount if isinstance(value, Money) else Decimal(value)
            self.figures.append(CellFigure(sheet.get_name(), _cell(row, col), amount, what))
        return _cell(row, col)

    def name(self, prefix: str, text: str, sheet: str, row: int, col: int) -> str:
        """Name an input cell; a name already taken gets a number."""
        base = _name(prefix, text)
        chosen, n = base, 1
        taken = {k.lower() for k in self.names}
        while chosen.lower() in taken:
            n += 1
            chosen = f"{base}_{n}"
        target = _absolute(sheet, row, col)
        self.book.define_name(chosen, f"={target}")
        self.names[chosen] = target
        return chosen

    def headers(self, sheet: Any, row: int, titles: Sequence[str], widths: Sequence[float]) -> None:
        # Tall enough for a heading wrapped on two lines (a spreadsheet does not size a row on opening).
        sheet.set_row(row, 27)
        for col, (title, width) in enumerate(zip(titles, widths, strict=True)):
            sheet.write_string(row, col, title, self.formats["header"])
            sheet.set_column(col, col, width)

    # ---- Grades

    def _grades(self, sheet: Any) -> None:
        titles = (
            "Grade",
            "Unit cost",
            "Salary",
            "Allowances",
            "Allowances pensionable",
            "Employer NI rate",
            "NI secondary threshold",
            "Employer NI",
            "Employer pension rate",
            "Employer pension",
            "Apprenticeship levy rate",
            "Apprenticeship levy",
            "Other on-costs",
            "Pay point",
            "Source",
            "Note",
            "Employer NI from",
            "Allowances NI-able",
            "NI zero-rate upper threshold",
            "Contracted-out rebate",
            "Lower earnings limit",
            "Upper accrual point",
            "Vacancy factor",
        )
        widths = (24, 14, 12, 12, 12, 11, 12, 12, 11, 12, 11, 12, 12, 26, 28, 40, 40, 11, 12, 11, 12, 12, 11)
        self.headers(sheet, 0, titles, widths)
        sheet.freeze_panes(1, 1)
        # Other on-costs sit in a table of their own below the grades, each row added into its grade.
        others = [(g.name, cost) for g in self.proposal.grades if g.build_up is not None for cost in g.build_up.other]
        other_top = len(self.proposal.grades) + 3
        other_rows: dict[str, list[int]] = {}
        if others:
            self.text(sheet, other_top - 1, 0, "Other on-costs (each added into its grade's Other on-costs)", "bold")
            for col, title in enumerate(("Grade", "On-cost", "Rate of salary", "Amount", "On-cost a year")):
                sheet.write_string(other_top, col, title, self.formats["header"])
            for offset, (grade_name, _) in enumerate(others, start=1):
                other_rows.setdefault(grade_name, []).append(other_top + offset)
        for row, g in enumerate(self.proposal.grades, start=1):
            self.text(sheet, row, 0, g.name)
            self.text(sheet, row, 14, g.source)
            self.text(sheet, row, 15, g.note, "wrap")
            self.unit_cost_cells[g.name] = f"Grades!$B${row + 1}"
            self.grade_rows[g.name] = row + 1
            if g.vacancy_factor is not None:
                self.number(sheet, row, 22, g.vacancy_factor, "input_rate")
            else:
                sheet.write_blank(row, 22, None, self.formats["input_rate"])
            if g.build_up is None:
                if g.unit_cost is not None:
                    self.number(sheet, row, 1, g.unit_cost, "input_money")
                    self.name("UnitCost", g.name, "Grades", row, 1)
                else:
                    self.text(sheet, row, 1, "none stated", "note")
                continue
            self._build_up(sheet, row, g.name, g.build_up, other_rows.get(g.name, []))
        for offset, (grade_name, cost) in enumerate(others, start=1):
            row = other_top + offset
            r = row + 1
            grade_row = next(i for i, g in enumerate(self.proposal.grades, start=2) if g.name == grade_name)
            built = build(self.proposal.grade(grade_name).build_up)  # type: ignore[arg-type]
            amount = next((x.amount for x in built.lines if x.name == cost.name), Money(0))
            what = f"{cost.name} of {grade_name}"
            self.other_rows.setdefault(grade_name, []).append((r, cost.rate is not None))
            self.text(sheet, row, 0, grade_name)
            self.text(sheet, row, 1, cost.name)
            if cost.rate is not None:
                self.number(sheet, row, 2, cost.rate, "input_rate")
                self.formula(sheet, row, 4, f"=ROUND(C{r}*C{grade_row},2)", "money", amount, what)
            else:
                self.number(sheet, row, 3, cost.amount, "input_money")
                self.formula(sheet, row, 4, f"=D{r}", "money", amount, what)

    def _build_up(self, sheet: Any, row: int, grade: str, b: UnitCostBuildUp, other_rows: Sequence[int]) -> None:
        """A built-up unit cost: salary and rates as inputs, each on-cost a formula rounded as the engine rounds it."""
        built = build(b)
        rules = NIRules.of(b, None)
        period = rules.period
        amounts = {_line_name(line.name): line.amount for line in built.lines}
        r = row + 1
        self.number(sheet, row, 2, b.salary, "input_money")
        self.name("Salary", grade, "Grades", row, 2)
        self.number(sheet, row, 3, b.allowances, "input_money")
        self.text(sheet, row, 4, "yes" if b.are_allowances_pensionable()[0] else "no", "input_text")
        self.text(sheet, row, 17, "yes" if b.allowances_ni else "no", "input_text")
        self.number(sheet, row, 5, rules.rate, "input_rate")
        self.number(sheet, row, 6, rules.threshold, "input_money")
        # The zero rate's upper threshold (under 21s, apprentices under 25) and the contracted-out rebate
        # (to 5 April 2016) are inputs where they apply and blank (nothing) where they do not.
        upper, rebate = rules.upper(), rules.rebate()
        self._input_or_blank(sheet, row, 18, upper, "input_money")
        for col, value, style in zip(
            (19, 20, 21), rebate or (None, None, None), ("input_rate", "input_money", "input_money"), strict=True
        ):
            self._input_or_blank(sheet, row, col, value, style)
        zero = Money(0)
        ni = amounts.get("employer National Insurance", zero)
        pay = f'(C{r}+IF(R{r}="yes",D{r},0))'
        ni_formula = f"=ROUND(MAX(F{r}*MAX({pay}-MAX(G{r},S{r}),0)-T{r}*MAX(MIN({pay},V{r})-U{r},0),0),2)"
        self.formula(sheet, row, 7, ni_formula, "money", ni, f"employer NI of {grade}")
        self.number(sheet, row, 8, b.pension_rate, "input_rate")
        self.name("PensionRate", grade, "Grades", row, 8)
        pension = amounts.get("employer pension", zero)
        formula = f'=ROUND(I{r}*IF(E{r}="yes",C{r}+D{r},C{r}),2)'
        self.formula(sheet, row, 9, formula, "money", pension, f"employer pension of {grade}")
        if b.apprenticeship_levy is not None:
            self.number(sheet, row, 10, b.apprenticeship_levy, "input_rate")
        else:
            sheet.write_blank(row, 10, None, self.formats["input_rate"])
        levy = amounts.get("apprenticeship levy", zero)
        self.formula(sheet, row, 11, f"=ROUND(K{r}*{pay},2)", "money", levy, f"apprenticeship levy of {grade}")
        other = sum((amounts.get(cost.name, zero) for cost in b.other), zero)
        cells = ",".join(f"E{x + 1}" for x in other_rows)
        self.formula(sheet, row, 12, f"=SUM({cells})" if cells else "=0", "money", other, f"other on-costs of {grade}")
        self.text(sheet, row, 13, b.pay_point)
        if period is not None and (b.ni_rate is None or b.ni_threshold is None):
            self.text(sheet, row, 16, f"tax year {period.tax_year}: {period.source}", "wrap")
        total = f"=C{r}+D{r}+H{r}+J{r}+L{r}+M{r}"
        self.formula(sheet, row, 1, total, "money_bold", built.total, f"unit cost of {grade}")
        self.name("UnitCost", grade, "Grades", row, 1)

    def _input_or_blank(self, sheet: Any, row: int, col: int, value: Decimal | Money | None, style: str) -> None:
        if value is None:
            sheet.write_blank(row, col, None, self.formats[style])
        else:
            self.number(sheet, row, col, value, style)

    # ---- Lines and their schedules

    def _lines(self, sheet: Any, schedule: Any) -> None:
        titles = (
            "Line",
            "Kind",
            "Grade",
            "From grade",
            "To grade",
            "FTE",
            "Unit cost (this line)",
            "Stated cost (all posts)",
            "Uplift per post",
            "Per post",
            "Posts",
            "Total a year",
            "Amount",
            "Start",
            "End",
            "Year (one-off)",
            "Uprates by",
            "Priced in",
            "Source",
            "Note",
            "Headcount",
            "Vacant posts",
            *_REDUNDANCY_TITLES,
            "Our share",
            *_CAPITAL_TITLES,
        )
        widths: tuple[float, ...] = (
            34,
            16,
            20,
            16,
            16,
            8,
            13,
            13,
            12,
            11,
            8,
            12,
            12,
            11,
            11,
            10,
            10,
            24,
            20,
            48,
            10,
            8,
        )
        widths += (7, 8, 12, 12, 9, 9, 13, 13, 13, 9, 12, 13, 13, 12)
        widths += (10,)  # our share
        widths += (10, 10, 13)  # capital: asset life, interest rate, revenue cost
        self.headers(sheet, 0, titles, widths)
        sheet.freeze_panes(1, 1)
        self.headers(schedule, 0, ("Line", "On", "FTE"), (34, 12, 8))
        schedule.freeze_panes(1, 1)
        step_row = 1
        for row, line in enumerate(self.proposal.lines, start=1):
            cells: dict[str, str] = {}
            self.line_cells[line.name] = cells
            self.text(sheet, row, 0, line.name)
            self.text(sheet, row, 1, line.kind)
            self.text(sheet, row, 18, line.source)
            self.text(sheet, row, 19, line.note, "wrap")
            if line.start is not None:
                sheet.write_datetime(row, 13, _datetime(line.start), self.formats["date"])
            if line.end is not None:
                sheet.write_datetime(row, 14, _datetime(line.end), self.formats["date"])
            uprate = line.uprate or LINE_KINDS[line.kind].uprating
            self.text(sheet, row, 16, str(uprate))
            data = line.model_dump()
            for col, key in ((2, "grade"), (3, "from_grade"), (4, "to_grade"), (17, "priced_in")):
                self.text(sheet, row, col, data.get(key))
            if data.get("year") is not None:
                self.text(sheet, row, 15, str(data["year"]))
            schedule_steps = data.get("schedule") or ()
            if "fte" in data:
                if schedule_steps:
                    first = step_row
                    steps: list[str] = []
                    for step in schedule_steps:
                        self.text(schedule, step_row, 0, line.name)
                        schedule.write_datetime(step_row, 1, _datetime(step["on"]), self.formats["date"])
                        self.number(schedule, step_row, 2, step["fte"], "input_count")
                        steps.append(f"Schedule!$C${step_row + 1}")
                        step_row += 1
                    self.step_cells[line.name] = steps
                    total = f"=SUM(Schedule!C{first + 1}:C{step_row})"
                    self.formula(sheet, row, 5, total, "count", data["fte"])
                else:
                    self.number(sheet, row, 5, data["fte"], "input_count")
                    self.name("FTE", line.name, "Lines", row, 5)
                cells["fte"] = f"Lines!$F${row + 1}"
            money_fields = (
                (6, "unit_cost", "LineUnitCost"),
                (7, "cost", "Cost"),
                (8, "uplift_per_post", "Uplift"),
                (9, "per_post", "PerPost"),
                (11, "total", "Total"),
                (12, "amount", "Amount"),
            )
            if "amount" in data and data["amount"] is None:
                self.text(sheet, row, 12, "tbc")
            share = self.proposal.share_of(line)
            if share is not None:
                # This body's share of a line shared with a partner: each rate is that share of the whole's.
                self.number(sheet, row, _SHARE_COL, share, "input_rate")
                cells["our_share"] = f"Lines!${_column(_SHARE_COL)}${row + 1}"
            for col, key, prefix in money_fields:
                if data.get(key) is not None:
                    self.number(sheet, row, col, data[key], "input_money")
                    self.name(prefix, line.name, "Lines", row, col)
                    cells[key] = f"Lines!${_column(col)}${row + 1}"
            if data.get("posts") is not None:
                self.number(sheet, row, 10, data["posts"], "input_count")
                cells["posts"] = f"Lines!$K${row + 1}"
            if data.get("headcount") is not None:
                self.number(sheet, row, 20, data["headcount"], "input_count")
                cells["headcount"] = f"Lines!$U${row + 1}"
            if data.get("vacant"):
                self.text(sheet, row, 21, "yes")
            if isinstance(line, Redundancy):
                self._redundancy(sheet, row, line, cells)
            elif isinstance(line, (OneOffCost, CapitalSpend)):
                self.text(sheet, row, 35, line.funding.value)  # where it is funded from: shown, not a formula's input
            if isinstance(line, CapitalSpend):
                self._capital(sheet, row, line, cells)

    def _redundancy(self, sheet: Any, row: int, line: Redundancy, cells: dict[str, str]) -> None:
        """Redundancy pay and pension strain: the inputs, and each step as a formula rounded where the engine rounds.

        The weeks of pay by age band, in one formula: of the N = MIN(service, 20) years counted back
        from leaving, those begun at 22 or over number MAX(0, MIN(N, age - 22)) and those at 41 or
        over MAX(0, MIN(N, age - 41)); each year gives half a week, a year begun at 22 or over half
        a week more, at 41 or over half a week more again. Under 2 years' service, none.
        """
        r = row + 1
        pay = statutory_redundancy(
            line.age, line.service_years, line.weekly_pay, line.start, line.weekly_cap, line.multiplier
        )
        cap = line.weekly_cap if line.weekly_cap is not None else weekly_cap_on(line.start)
        self.number(sheet, row, 22, line.age, "input_count")
        self.number(sheet, row, 23, line.service_years, "input_count")
        self.number(sheet, row, 24, line.weekly_pay, "input_money")
        self.number(sheet, row, 25, cap, "input_money")
        self.number(sheet, row, 26, line.multiplier, "input_count")
        what = f"of {line.name}"
        n = f"MIN(X{r},20)"
        weeks = f"=IF(X{r}<2,0,0.5*({n}+MAX(0,MIN({n},W{r}-22))+MAX(0,MIN({n},W{r}-41))))"
        self.formula(sheet, row, 27, weeks, "count", pay.weeks, f"weeks of redundancy pay {what}")
        statutory = f"=ROUND(MIN(Y{r},Z{r})*AB{r},2)"
        self.formula(sheet, row, 28, statutory, "money", pay.statutory, f"statutory redundancy pay {what}")
        self.formula(sheet, row, 29, f"=ROUND(AC{r}*AA{r},2)", "money", pay.enhanced, f"redundancy pay {what}")
        cells["redundancy"] = f"Lines!$AD${r}"
        if line.strain_factor is not None and line.strain_base is not None:
            self.number(sheet, row, 31, line.strain_factor, "input_count")
            self.number(sheet, row, 32, line.strain_base, "input_money")
            self.text(sheet, row, 33, (line.strain_base_is or "").replace("_", " "))
            strain, formula = pension_strain(line.strain_factor, line.strain_base), f"=ROUND(AF{r}*AG{r},2)"
        else:
            self._input_or_blank(sheet, row, 30, line.strain, "input_money")
            strain, formula = line.strain or Money(0), f"=AE{r}"
        self.formula(sheet, row, 34, formula, "money", strain, f"pension strain {what}")
        cells["strain"] = f"Lines!$AI${r}"
        self.text(sheet, row, 35, line.funding.value)

    def _capital(self, sheet: Any, row: int, line: CapitalSpend, cells: dict[str, str]) -> None:
        """Capital spend's revenue consequence, as inputs: the asset life, the interest rate, a stated cost."""
        for offset, key, value, style in (
            (0, "asset_life", line.asset_life, "input_count"),
            (1, "interest_rate", line.interest_rate, "input_rate"),
            (2, "revenue_cost", line.revenue_cost, "input_money"),
        ):
            if value is not None:
                col = _CAPITAL_COL + offset
                self.number(sheet, row, col, value, style)
                cells[key] = f"Lines!${_column(col)}${row + 1}"

    # ---- Prices

    def _prices(self, sheet: Any) -> None:
        p = self.proposal
        sheet.set_column(0, 0, 22)
        sheet.set_column(1, 1, 10)
        sheet.set_column(2, 4, 12)
        sheet.set_column(5, 6, 40)
        self.text(sheet, 0, 0, "Prices", "bold")
        self.text(sheet, 0, 1, p.prices.value)
        self.text(sheet, 1, 0, "Price base", "bold")
        self.text(sheet, 1, 1, "" if p.price_base is None else str(p.price_base))
        self.text(sheet, 2, 0, f"The figures are in {self.evaluation.prices}.", "note")
        if p.prices == Prices.CONSTANT:
            self.text(sheet, 3, 0, "Constant prices: no award uprates any figure (every factor is 1).", "note")
        titles = ("Uprates", "Year", "Rate", "Effective", "Cumulative factor", "Source", "Note")
        self.headers(sheet, 5, titles, (22, 10, 12, 12, 12, 40, 40))
        sheet.freeze_panes(6, 0)
        row = 6
        followed: list[tuple[Uprating | str, tuple[Award, ...], str, str]] = [
            (Uprating.PAY, p.pay_awards, "pay award", "PayAward"),
            (Uprating.INFLATION, p.inflation, "inflation", "Inflation"),
        ]
        # Each named index (a contract's indexation, CPI, ...) has its own rows and factors.
        followed += [(x.name, x.rates, x.name, f"Index{n}") for n, x in enumerate(p.indices, start=1)]
        for uprating, awards, label, prefix in followed:
            cells: list[tuple[date, str]] = []
            previous: str | None = None
            for award in sorted(awards, key=lambda a: a.on):
                r = row + 1
                self.text(sheet, row, 0, label)
                self.text(sheet, row, 1, str(award.year))
                self.number(sheet, row, 2, award.rate, "input_rate")
                self.name(prefix, str(award.year), "Prices", row, 2)
                sheet.write_datetime(row, 3, _datetime(award.on), self.formats["date"])
                formula = f"=(1+C{r})" if previous is None else f"={previous}*(1+C{r})"
                factor = PriceIndex.from_awards(awards, label).factor_at(award.on)
                self.formula(sheet, row, 4, formula, "factor", factor, f"{label} factor from {award.on}")
                previous = f"E{r}"
                self.text(sheet, row, 5, award.source)
                self.text(sheet, row, 6, award.note, "wrap")
                cells.append((award.on, f"Prices!$E${r}"))
                row += 1
            self.factor_cells[uprating] = cells if p.prices == Prices.CASH else []

    def factor_cell(self, uprating: Uprating | str, day: date) -> str | None:
        """The cell of the cumulative factor in force on ``day``; None when nothing uprates (a factor of 1)."""
        found = None
        for on, cell in self.factor_cells.get(uprating, ()):
            if on <= day:
                found = cell
        return found

    # ---- Assumptions

    def _assumptions(self, sheet: Any) -> None:
        self.headers(sheet, 0, ("Assumption", "Value", "Source", "Note"), (36, 40, 40, 60))
        sheet.freeze_panes(1, 1)
        for row, a in enumerate(self.proposal.assumptions, start=1):
            self.text(sheet, row, 0, a.name, "wrap")
            if isinstance(a.value, Decimal):
                self.number(sheet, row, 1, a.value, "count")
            else:
                self.text(sheet, row, 1, a.value, "wrap")
            self.text(sheet, row, 2, a.source, "wrap")
            self.text(sheet, row, 3, a.note, "wrap")

    # ---- Unit costs by year: each built-up grade rebuilt from each year's rules, and each posts line's rate

    def _unit_costs(self, sheet: Any) -> None:
        """Posts priced from a build-up, rebuilt each year: the NI rules, each grade's build-up, each line's rate.

        Three tables, each row live formulas over the inputs: the employer NI rules of each year
        used (inputs: rate, thresholds, the zero rates' upper thresholds, the contracted-out rebate
        and its band, the share of the tax year a rule was in force); each built-up grade in each
        year at each pay level (pay uprated and rounded to the penny, NI of one full-time person,
        that year's pension rate, the unit cost); and each posts tranche in each year at each pay
        level (NI per person, from the headcount or one person per whole FTE, the share a vacant
        post saves, and the tranche's annual rate rounded cumulatively over its line).
        """
        p = self.proposal
        u = _UNIT_SHEET
        sheet.set_column(0, 0, 34)
        sheet.set_column(1, 16, 13)
        sheet.set_column(17, 17, 80)
        self.text(sheet, 0, 0, "Unit costs rebuilt each financial year (posts priced from a build-up)", "bold")
        self.text(sheet, 1, 0, "Vacancy factor (the proposal's; a grade's own is on Grades)")
        if p.vacancy_factor is not None:
            self.number(sheet, 1, 1, p.vacancy_factor, "input_rate")
        else:
            sheet.write_blank(1, 1, None, self.formats["input_rate"])
        self.vacancy_cell = _ref(u, 1, 1)
        self.text(
            sheet,
            2,
            0,
            "Each year's build-up: pay uprated by the awards in force, that year's employer NI per person over "
            "the year's threshold, that year's pension rate. Shaded cells may be changed.",
            "note",
        )
        # What the Calculation sheet needs: each rebuilt term in each year at each price level it meets.
        wanted: dict[tuple[int, FinancialYear, str | None], tuple[Any, Decimal]] = {}
        for w in self.done.rows:
            if w.term.rebuild is None:
                continue
            for piece in w.pieces:
                fc = self.factor_cell(w.term.uprating, piece.since or w.year.start)
                wanted.setdefault((w.number, w.year, fc), (w, piece.factor))
            if w.term.year is None:
                fc = self.factor_cell(w.term.uprating, w.year.end)
                wanted.setdefault((w.number, w.year, fc), (w, w.full_year_factor))
        if not wanted:
            self.text(sheet, 4, 0, "No posts are priced from a build-up: nothing is rebuilt.", "note")
            return
        grades: dict[tuple[str, FinancialYear, str | None], Decimal] = {}
        for (_, year, fc), (w, factor) in wanted.items():
            grades.setdefault((self.proposal.line(w.term.line).grade, year, fc), factor)  # type: ignore[union-attr]
        self.ni_rows = self._ni_table(sheet, 5, sorted({(g, y) for g, y, _ in grades}, key=lambda k: (k[1], k[0])))
        row = 5 + len(self.ni_rows) + 3
        build_rows = self._build_ups(sheet, row, grades)
        row += len(build_rows) + 2
        self._rebuilt_lines(sheet, row, wanted, build_rows)

    def _ni_table(
        self, sheet: Any, top: int, used: Sequence[tuple[str, FinancialYear]]
    ) -> dict[tuple[FinancialYear, date, Fraction], int]:
        """The employer NI rules of each year a build-up is rebuilt in: one row per rule, its cells inputs."""
        self.text(
            sheet, top - 1, 0, "Employer NI by year (HMRC's rates and thresholds; shaded cells are inputs)", "bold"
        )
        titles = (
            "Financial year",
            "Tax year in force",
            "From",
            "To",
            "Share of the tax year",
            "Rate",
            "Secondary threshold",
            "Upper secondary threshold (under 21)",
            "Apprentice upper secondary threshold",
            "Contracted-out rebate",
            "Lower earnings limit",
            "Upper accrual point",
            "Checked",
            "Provisional",
            "Source",
        )
        for col, title in enumerate(titles):
            sheet.write_string(top, col, title, self.formats["header"])
        rows: dict[tuple[FinancialYear, date, Fraction], int] = {}
        row = top + 1
        for grade, year in used:
            build_up = self.proposal.grade(grade).build_up
            if build_up is None:  # pragma: no cover - only built-up grades are rebuilt
                continue
            for rules, share in year_ni(build_up, year):
                period = rules.period
                if period is None or (year, period.start, share) in rows:
                    continue
                rows[year, period.start, share] = row + 1
                self.text(sheet, row, 0, str(year))
                self.text(sheet, row, 1, str(period.tax_year))
                sheet.write_datetime(row, 2, _datetime(period.start), self.formats["date"])
                sheet.write_datetime(row, 3, _datetime(period.end), self.formats["date"])
                self.formula(sheet, row, 4, f"={share.numerator}/{share.denominator}", "share")
                self.number(sheet, row, 5, period.rate, "input_rate")
                self.number(sheet, row, 6, period.threshold, "input_money")
                values = (
                    (7, period.upper_secondary_threshold, "input_money"),
                    (8, period.apprentice_upper_secondary_threshold, "input_money"),
                    (9, period.contracted_out_rebate, "input_rate"),
                    (10, period.lower_earnings_limit, "input_money"),
                    (11, period.upper_accrual_point, "input_money"),
                )
                for col, value, style in values:
                    self._input_or_blank(sheet, row, col, value, style)
                if period.checked is not None:
                    sheet.write_datetime(row, 12, _datetime(period.checked), self.formats["date"])
                self.text(sheet, row, 13, "provisional" if period.provisional else "")
                self.text(sheet, row, 14, period.source)
                row += 1
        return rows

    def _ni_formula(self, pay: str, grade: str, year: FinancialYear) -> str:
        """One person's employer NI on annual ``pay`` in ``year``, exactly (each rule weighted by its share)."""
        build_up = self.proposal.grade(grade).build_up
        if build_up is None:  # pragma: no cover - only built-up grades are rebuilt
            return "0"
        g = self.grade_rows[grade]
        u = _UNIT_SHEET
        parts = []
        for rules, share in year_ni(build_up, year):
            period = rules.period
            n = None if period is None else self.ni_rows[year, period.start, share]
            weight = "1" if n is None else _ref(u, n - 1, 4)
            rate = f"Grades!$F${g}" if build_up.ni_rate is not None or n is None else _ref(u, n - 1, 5)
            floor = f"Grades!$G${g}" if build_up.ni_threshold is not None or n is None else _ref(u, n - 1, 6)
            if n is not None and rules.upper() is not None:
                col = 7 if rules.category is NICategory.UNDER_21 else 8
                floor = f"MAX({floor},{_ref(u, n - 1, col)})"
            rebate = ""
            if n is not None and rules.rebate() is not None:
                share_of, lel, uap = (_ref(u, n - 1, c) for c in (9, 10, 11))
                rebate = f"-{share_of}*MAX(MIN({pay},{uap})-{lel},0)"
            parts.append(f"{weight}*MAX({rate}*MAX({pay}-{floor},0){rebate},0)")
        return "+".join(parts)

    def _build_ups(
        self,
        sheet: Any,
        top: int,
        grades: Mapping[tuple[str, FinancialYear, str | None], Decimal],
    ) -> dict[tuple[str, FinancialYear, str | None], int]:
        """Each built-up grade in each year at each pay level: its build-up as live formulas."""
        self.text(sheet, top - 1, 0, "Each grade's build-up, rebuilt for the year", "bold")
        titles = (
            "Grade",
            "Year",
            "Year starting",
            "Pay factor",
            "Salary",
            "Allowances",
            "NI-able pay",
            "Pensionable pay",
            "Employer NI (one full-time person)",
            "Employer pension rate",
            "Employer pension",
            "Apprenticeship levy",
            "Other on-costs",
            "Unit cost",
            "Unit cost less employer NI",
            "",
            "",
            "The build-up (savingsmodel's words)",
        )
        for col, title in enumerate(titles):
            if title:
                sheet.write_string(top, col, title, self.formats["header"])
        rows: dict[tuple[str, FinancialYear, str | None], int] = {}
        for row, ((grade, year, fc), factor) in enumerate(grades.items(), start=top + 1):
            build_up = self.proposal.grade(grade).build_up
            if build_up is None:  # pragma: no cover - only built-up grades are rebuilt
                continue
            r, g = row + 1, self.grade_rows[grade]
            rows[grade, year, fc] = r
            built = build_in(build_up, year, factor)
            amounts = {_line_name(line.name): line.amount for line in built.lines}
            zero = Money(0)
            what = f"{grade} built for {year} at pay x {factor}"
            self.text(sheet, row, 0, grade)
            self.text(sheet, row, 1, str(year))
            self.number(sheet, row, 2, year.start_year, "year")
            if fc is None:
                self.number(sheet, row, 3, 1, "factor")
                salary, allowances = f"=Grades!$C${g}", f"=Grades!$D${g}"
            else:
                self.formula(sheet, row, 3, f"={fc}", "factor", factor)
                # Pay uprated by the awards in force, each to the penny, half-up (as the engine uprates it).
                salary, allowances = f"=ROUND(Grades!$C${g}*D{r},2)", f"=ROUND(Grades!$D${g}*D{r},2)"
            self.formula(sheet, row, 4, salary, "money", amounts["salary"], f"salary of {what}")
            self.formula(sheet, row, 5, allowances, "money", amounts.get("allowances", zero), f"allowances of {what}")
            self.formula(sheet, row, 6, f'=E{r}+IF(Grades!$R${g}="yes",F{r},0)', "money")
            self.formula(sheet, row, 7, f'=E{r}+IF(Grades!$E${g}="yes",F{r},0)', "money")
            ni = amounts.get("employer National Insurance", zero)
            ni_formula = f"=ROUND({self._ni_formula(f'G{r}', grade, year)},2)"
            self.formula(sheet, row, 8, ni_formula, "money", ni, f"employer NI of {what}")
            if any(stated <= year for stated in build_up.pension_rates):
                self.number(sheet, row, 9, build_up.pension_rate_in(year), "input_rate")
            else:
                self.formula(sheet, row, 9, f"=Grades!$I${g}", "rate", build_up.pension_rate)
            pension = amounts.get("employer pension", zero)
            self.formula(sheet, row, 10, f"=ROUND(J{r}*H{r},2)", "money", pension, f"employer pension of {what}")
            levy = amounts.get("apprenticeship levy", zero)
            self.formula(sheet, row, 11, f"=ROUND(Grades!$K${g}*G{r},2)", "money", levy, f"levy of {what}")
            others = [
                f"ROUND(Grades!$C${o}*E{r},2)" if by_rate else f"Grades!$D${o}"
                for o, by_rate in self.other_rows.get(grade, [])
            ]
            other = sum((amounts.get(cost.name, zero) for cost in build_up.other), zero)
            self.formula(sheet, row, 12, f"={'+'.join(others) or '0'}", "money", other, f"other on-costs of {what}")
            total = f"=E{r}+F{r}+I{r}+K{r}+L{r}+M{r}"
            self.formula(sheet, row, 13, total, "money_bold", built.total, f"unit cost of {what}")
            self.formula(sheet, row, 14, f"=N{r}-I{r}", "money", built.total - ni)
            self.text(sheet, row, 17, "; ".join(part.strip() for part in str(built).splitlines()))
        return rows

    def _rebuilt_lines(
        self,
        sheet: Any,
        top: int,
        wanted: Mapping[tuple[int, FinancialYear, str | None], tuple[Any, Decimal]],
        build_rows: Mapping[tuple[str, FinancialYear, str | None], int],
    ) -> None:
        """Each rebuilt posts tranche in each year at each pay level: NI per person, the share saved, the rate."""
        self.text(sheet, top - 1, 0, "Each posts line's annual rate, rebuilt for the year", "bold")
        titles = (
            "Line",
            "Tranche",
            "Year",
            "Year starting",
            "Pay factor",
            "FTE before this tranche",
            "FTE to this tranche",
            "Line's FTE",
            "Headcount",
            "Share of the cost (vacant posts)",
            "Unit cost less employer NI",
            "Employer NI (one full-time person)",
            "Employer NI of the people before",
            "Employer NI of the people to this tranche",
            "Cost before this tranche (exact)",
            "Cost to this tranche (exact)",
            "Annual rate",
            "Working (savingsmodel's words)",
        )
        for col, title in enumerate(titles):
            sheet.write_string(top, col, title, self.formats["header"])
        u = _UNIT_SHEET
        for row, ((number, year, fc), (w, factor)) in enumerate(wanted.items(), start=top + 1):
            r = row + 1
            line = self.proposal.line(w.term.line)
            grade: str = line.grade  # type: ignore[union-attr]
            b = build_rows[grade, year, fc]
            cells = self.line_cells[line.name]
            steps = self.step_cells.get(line.name)
            this = steps[w.tranche] if steps else cells.get("fte", "0")
            before = "+".join(steps[: w.tranche]) if steps else ""
            rebuilt = w.term.rebuild(year, factor)
            what = f"{line.name} tranche {w.tranche + 1} {year} at pay x {factor}"
            self.text(sheet, row, 0, line.name)
            self.number(sheet, row, 1, w.tranche + 1, "count")
            self.text(sheet, row, 2, f"{year}{' (year before)' if w.opening else ''}")
            self.number(sheet, row, 3, year.start_year, "year")
            self.formula(sheet, row, 4, f"={_ref(u, b - 1, 3)}", "factor", factor)
            self.formula(sheet, row, 5, f"={before or 0}", "count")
            self.formula(sheet, row, 6, f"=F{r}+{this}", "count")
            self.formula(sheet, row, 7, f"={cells.get('fte', '0')}", "count")
            headcount = cells.get("headcount")
            if headcount is not None:
                self.formula(sheet, row, 8, f"={headcount}", "count")
            held = "1" if not getattr(line, "vacant", False) else self._held(grade)
            if w.term.share is not None and "our_share" in cells:
                held = f"{held}*{cells['our_share']}"  # this body's share of a line shared with a partner
            self.formula(sheet, row, 9, f"={held}", "share")
            self.formula(sheet, row, 10, f"={_ref(u, b - 1, 14)}", "money")
            self.formula(sheet, row, 11, f"={_ref(u, b - 1, 8)}", "money")
            pay = _ref(u, b - 1, 6)
            for col, x in ((12, f"F{r}"), (13, f"G{r}")):
                if headcount is not None and line.fte:  # type: ignore[union-attr]
                    # NI per person: each of the headcount on FTE/headcount of full-time pay.
                    each = self._ni_formula(f"({pay}*H{r}/I{r})", grade, year)
                    formula = f"=I{r}*{x}/H{r}*ROUND({each},2)"
                else:
                    # No headcount: one full-time person per whole FTE, and one for the part.
                    part = self._ni_formula(f"({pay}*ROUND({x}-INT({x}),10))", grade, year)
                    formula = f"=INT({x})*L{r}+ROUND({part},2)"
                self.formula(sheet, row, col, formula, "money")
            exact_before, exact_to = _decimal(rebuilt.before), _decimal(rebuilt.upto)
            self.formula(sheet, row, 14, f"=(K{r}*F{r}+M{r})*J{r}", "money", exact_before, f"cost before {what}")
            self.formula(sheet, row, 15, f"=(K{r}*G{r}+N{r})*J{r}", "money", exact_to, f"cost to {what}")
            # Each end rounded to the penny, half-up, so a line's tranches add up to the line's own rate.
            rate = f"=ROUND(P{r},2)-ROUND(O{r},2)"
            self.formula(sheet, row, 16, rate, "money", rebuilt.rate, f"annual rate of {what}")
            self.text(sheet, row, 17, rebuilt.head)
            self.rebuilt_cells[number, year, fc] = _ref(u, row, 16)

    def _held(self, grade: str) -> str:
        """What share of vacant posts' cost deleting them saves: 1 less the vacancy factor."""
        vf = f"Grades!$W${self.grade_rows[grade]}"
        return f"(1-IF(ISNUMBER({vf}),{vf},{self.vacancy_cell}))"

    # ---- Calculation: one row per term and year

    def _calculation(self, sheet: Any) -> _Table:
        rows = self.done.rows
        most = max((len(w.pieces) for w in rows), default=1) or 1
        titles = [
            "Line",
            "Kind",
            "Figure",
            "Year",
            "Year starting",
            "From",
            "Working (savingsmodel's words)",
            "Annual rate",
            "Line's annual rate before this tranche",
            "Line's annual rate to this tranche",
        ]
        widths = [34, 14, 16, 9, 9, 11, 50, 13, 13, 13]
        first_piece = len(titles)
        for k in range(1, most + 1):
            titles += [f"Share {k}", f"Factor {k}", f"Rate at prices {k}"]
            widths += [9, 10, 13]
        exact_col = len(titles)
        amount_col = exact_col + 1
        titles += [
            "Line's exact amount to this tranche",
            "Amount",
            "In full-year effect (1/0)",
            "Factor at year end",
            "Full-year amount",
            "Source",
        ]
        widths += [15, 13, 10, 10, 13, 40]
        self.headers(sheet, 0, titles, widths)
        sheet.freeze_panes(1, 1)
        sheet.autofilter(0, 0, max(len(rows), 1), len(titles) - 1)
        months = self.proposal.phasing.value == "months"
        # The cell of the line's exact running amount in a year, by (opening, line, year): the tranche before's.
        running: dict[tuple[bool, int, FinancialYear], str] = {}
        for row, w in enumerate(rows, start=1):
            r = row + 1
            figure_formula, rate_formula = self._rate(w.term, w.tranche)
            year = f"{w.year}{' (year before)' if w.opening else ''}"
            self.text(sheet, row, 0, w.term.line)
            self.text(sheet, row, 1, w.term.kind)
            if figure_formula is None:
                self.text(sheet, row, 2, w.term.figure.value)
            else:
                self.formula(sheet, row, 2, figure_formula, "text", w.term.figure.value)
            self.text(sheet, row, 3, year)
            self.number(sheet, row, 4, w.year.start_year, "year")
            sheet.write_datetime(row, 5, _datetime(w.term.start), self.formats["date"])
            self.text(sheet, row, 6, w.term.working)
            what = f"{w.term.line} {year}"
            self.formula(sheet, row, 7, rate_formula, "money", w.term.rate, f"annual rate of {what}")
            # A line in tranches is uprated once, as a line (the engine's LineRates): each tranche's rate at
            # prices is the line's running annual rate to it, uprated and rounded, less the same before it.
            several = len(w.line_terms) > 1
            if several:
                earlier = w.line_terms[: w.tranche]
                before = "+".join(f"({self._rate(t, j)[1][1:]})" for j, t in enumerate(earlier)) or "0"
                before_value = sum((t.rate for t in earlier), Money(0))
                self.formula(sheet, row, 8, f"={before}", "money", before_value, f"line rate before {what}")
                self.formula(sheet, row, 9, f"=I{r}+H{r}", "money", before_value + w.term.rate, f"line rate to {what}")

            parts: list[str] = []
            for k, piece in enumerate(w.pieces):
                col = first_piece + 3 * k
                self.formula(sheet, row, col, _share_formula(piece.share, months, w.year.days), "share")
                factor = self.factor_cell(w.term.uprating, piece.since or w.year.start)
                if factor is None:
                    self.number(sheet, row, col + 1, 1, "factor")
                else:
                    self.formula(sheet, row, col + 1, f"={factor}", "factor", piece.factor, f"factor {k + 1} of {what}")
                share, fac, rate_at = _cell(row, col), _cell(row, col + 1), _cell(row, col + 2)
                rebuilt = self.rebuilt_cells.get((w.number, w.year, factor))
                self.formula(
                    sheet,
                    row,
                    col + 2,
                    # Posts priced from a build-up: the year's rebuilt rate, from the Unit costs by year sheet.
                    f"={rebuilt or _at_prices(r, fac, several)}",
                    "money",
                    piece.rate,
                    f"rate at prices {k + 1} of {what}",
                )
                parts.append(f"{rate_at}*{share}")
            # The year's amount, as the engine makes it: a whole year at one price is the rate itself (no ROUND);
            # otherwise the line's exact running total rounded to the penny, less the same for the tranche before
            # (so a line's tranches add up to its figure rounded once). Excel's ROUND takes a half away from zero,
            # the engine's half-up (round_fraction's HALF_UP is away from zero too); and what is rounded is never
            # negative anyway: amounts, FTE and unit costs are at least zero, factors above zero (an award is above
            # -100%), and a regrade down is a saving with a positive amount.
            group = (w.opening, w.number - w.tranche, w.year)
            earlier_exact = running.get(group)
            if not w.pieces:
                amount = "=0"
            else:
                exact = "+".join(parts)
                self.formula(
                    sheet, row, exact_col, f"={earlier_exact}+{exact}" if earlier_exact else f"={exact}", "money"
                )
                running[group] = here = _cell(row, exact_col)
                if not w.rounded:
                    amount = f"={_cell(row, first_piece + 2)}"
                elif earlier_exact:
                    amount = f"=ROUND({here},2)-ROUND({earlier_exact},2)"
                else:
                    amount = f"=ROUND({here},2)"
            self.formula(sheet, row, amount_col, amount, "money", w.amount, f"amount of {what}")
            self.number(sheet, row, amount_col + 1, 1 if w.full_year is not None else 0, "count")
            end_factor = None if w.term.year is not None else self.factor_cell(w.term.uprating, w.year.end)
            if end_factor is None:
                self.number(sheet, row, amount_col + 2, 1, "factor")
            else:
                self.formula(sheet, row, amount_col + 2, f"={end_factor}", "factor", w.full_year_factor)
            flag, fac = _cell(row, amount_col + 1), _cell(row, amount_col + 2)
            rebuilt = self.rebuilt_cells.get((w.number, w.year, end_factor))
            self.formula(
                sheet,
                row,
                amount_col + 3,
                f"=IF({flag}=1,{rebuilt or _at_prices(r, fac, several)},0)",
                "money",
                w.full_year if w.full_year is not None else Money(0),
                f"full-year amount of {what}",
            )
            self.text(sheet, row, amount_col + 4, w.term.source)
        last = max(len(rows), 1) + 1
        return _Table(
            "Calculation",
            last,
            {
                "figure": f"Calculation!$C$2:$C${last}",
                "year": f"Calculation!$E$2:$E${last}",
                "amount": f"Calculation!${_column(amount_col)}$2:${_column(amount_col)}${last}",
                "full_year": f"Calculation!${_column(amount_col + 3)}$2:${_column(amount_col + 3)}${last}",
            },
        )

    def _rate(self, term: Term, tranche: int) -> tuple[str | None, str]:
        """The formula of a term's annual rate over the input cells, and of its figure when that can change.

        A line shared with a partner: this body's share of the whole's rate, to the penny (as the engine's).
        """
        if term.unstated:
            return None, "=0"  # no cost stated yet (a grade with no unit cost, "tbc"): kept at zero, as the engine does
        figure, rate = self._whole_rate(term, tranche)
        share = self.line_cells[term.line].get("our_share")
        if term.share is None or share is None:
            return figure, rate
        return figure, f"=ROUND(({rate[1:]})*{share},2)"

    def _whole_rate(self, term: Term, tranche: int) -> tuple[str | None, str]:
        """The formula of a term's annual rate over the input cells, and of its figure when that can change."""
        line = self.proposal.line(term.line)
        cells = self.line_cells[line.name]
        steps = self.step_cells.get(line.name)
        fte = steps[tranche] if steps else cells.get("fte", "0")
        data = line.model_dump()
        kind = line.kind
        if kind == "posts_released" and data.get("cost") is None:
            unit = cells.get("unit_cost") or self._unit(data["grade"])
            if data.get("vacant"):
                # Vacant posts save the budget held for them: net of the vacancy factor, to the penny, half-up.
                held = self._held(data["grade"])
                return None, f"=IF({held}=1,{fte}*{unit},ROUND({fte}*{unit}*{held},2))"
            return None, f"={fte}*{unit}"
        if kind in ("posts_released", "posts_created"):
            if data.get("priced_in") is not None:
                return None, "=0"
            if data.get("cost") is not None:
                # A stated cost shared over the tranches, each rounded cumulatively (as the engine shares it).
                cost, total = cells["cost"], data["fte"] or Decimal(0)
                this = data["schedule"][tranche]["fte"] if steps else total
                if this == total != 0:
                    return None, f"={cost}"
                if total == 0 or not steps:
                    return None, f"={cost}*{fte}"
                done = "+".join(steps[:tranche]) or "0"
                share_to = f"ROUND({cost}*({done}+{fte})/{cells['fte']},2)"
                return None, f"={share_to}-ROUND({cost}*({done})/{cells['fte']},2)"
            unit = cells.get("unit_cost") or self._unit(data["grade"])
            return None, f"={fte}*{unit}"
        if kind == "regrade":
            if data.get("uplift_per_post") is not None:
                return None, f"={fte}*{cells['uplift_per_post']}"
            if term.unstated:
                return None, "=0"  # a grade with no unit cost: the uplift is not known (the engine's rule)
            per_post = f"({self._unit(data['to_grade'])}-{self._unit(data['from_grade'])})"
            # Moving posts down a grade saves the difference: the engine's rule, kept live.
            figure = f'=IF({per_post}<0,"{Figure.GROSS_SAVING.value}","{Figure.ADDITIONAL_COSTS.value}")'
            return figure, f"=ABS{per_post}*{fte}"
        if kind == "redundancy":
            # Two one-off costs on the leaving date: the redundancy pay, then the pension strain (when there is one).
            return None, f"={cells['redundancy'] if tranche == 0 else cells['strain']}"
        if kind == "allowance":
            if data.get("total") is not None:
                return None, f"={cells['total']}"
            return None, f"={cells['per_post']}*{cells['posts']}"
        if kind in ("transfer_out", "transfer_in"):
            return None, "=0"  # TUPE: the budget moves with the staff; nothing is saved or spent
        if kind == "capital_spend":
            return None, self._capital_rate(cells, tranche)
        if kind in _AMOUNT_KINDS:
            # An amount "to be confirmed" is no amount yet: the line is kept at zero, as the engine keeps it.
            return None, f"={cells['amount']}" if "amount" in cells else "=0"
        raise ValueError(f"the workbook does not know the line kind {kind!r}")  # pragma: no cover - a test holds it

    @staticmethod
    def _capital_rate(cells: Mapping[str, str], k: int) -> str:
        """The revenue cost of capital in the ``k``-th year after its spend, as the engine works it
        (:mod:`savingsmodel.engine.capital`): stated, or MRP by equal instalments (each rounded to the penny,
        the last the rest) plus interest on the balance not yet repaid (rounded to the penny)."""
        if "revenue_cost" in cells:
            return f"={cells['revenue_cost']}"
        amount, life, rate = cells["amount"], cells.get("asset_life"), cells.get("interest_rate")
        if life is None:
            return f"=ROUND({rate}*{amount},2)"
        each = f"ROUND({amount}/{life},2)"
        mrp = f"IF({k}<{life}-1,{each},{amount}-({life}-1)*{each})"
        charge = mrp if rate is None else f"{mrp}+ROUND({rate}*({amount}-{k}*{each}),2)"
        # A shorter life typed in: nothing is charged once the sum is repaid.
        return f"=IF({k}>={life},0,{charge})"

    def _unit(self, grade: str) -> str:
        return self.unit_cost_cells.get(grade, "0")

    # ---- Posts: the FTE each term moves, by grade, at each year's end

    def _posts(self, sheet: Any) -> _Table:
        titles = ("Line", "Kind", "Grade", "Grade no.", "Year", "Year starting", "FTE at the year's end")
        self.headers(sheet, 0, titles, (34, 16, 24, 8, 16, 9, 12))
        sheet.freeze_panes(1, 1)
        grade_numbers = {g.name: n for n, g in enumerate(self.proposal.grades, start=1)}
        tranches = _tranche_numbers(self.done.terms)
        for row, p in enumerate(self.done.posts, start=1):
            line = self.proposal.line(p.term.line)
            tranche = tranches[p.number]  # the opening year's rows are of the same terms
            steps = self.step_cells.get(line.name)
            fte = steps[tranche] if steps else self.line_cells[line.name].get("fte", "0")
            data = line.model_dump()
            down = line.kind in ("posts_released", "transfer_out") or (
                line.kind == "regrade" and p.grade == data["from_grade"] and p.grade != data["to_grade"]
            )
            year = f"{p.year}{' (year before)' if p.opening else ''}"
            self.text(sheet, row, 0, p.term.line)
            self.text(sheet, row, 1, p.term.kind)
            self.text(sheet, row, 2, p.grade)
            self.number(sheet, row, 3, grade_numbers.get(p.grade, 0), "year")
            self.text(sheet, row, 4, year)
            self.number(sheet, row, 5, p.year.start_year, "year")
            self.formula(
                sheet, row, 6, f"={'-' if down else ''}{fte}", "count", p.fte, f"FTE of {p.term.line} {p.grade} {year}"
            )
        last = max(len(self.done.posts), 1) + 1
        return _Table(
            "Posts",
            last,
            {
                "kind": f"Posts!$B$2:$B${last}",
                "grade": f"Posts!$D$2:$D${last}",
                "year": f"Posts!$F$2:$F${last}",
                "fte": f"Posts!$G$2:$G${last}",
            },
        )

    # ---- Summary

    def _summary(self, sheet: Any, calc: _Table, posts: _Table, variant: str | None) -> None:
        e, p = self.evaluation, self.proposal
        heading = [f"{p.reference}: {p.title}" if p.title else p.reference]
        if p.service:
            heading.append(p.service)
        if variant:
            heading.append(f"Variant: {variant}")
        self.text(sheet, 0, 0, heading[0], "title")
        for i, line in enumerate(heading[1:], start=1):
            self.text(sheet, i, 0, line)
        top = len(heading)
        self.text(sheet, top, 0, f"Figures in {e.prices}; pounds, exact to the penny.", "note")
        self.text(
            sheet,
            top + 1,
            0,
            "Shaded cells on the input sheets (Grades, Lines, Schedule, Prices) may be changed: every figure "
            "here is a formula over them, through the Calculation and Posts sheets.",
            "note",
        )
        header = top + 3
        opening = self.done.opening_year
        years: list[tuple[FinancialYear, bool]] = [(y.year, False) for y in e.years]
        if opening is not None:
            years.insert(0, (opening, True))
        sheet.set_column(0, 0, 62)
        sheet.set_column(1, len(years), 15)
        sheet.set_column(len(years) + 1, len(years) + 1, 20)
        sheet.write_string(header, 0, "Figure", self.formats["header"])
        for col, (year, before) in enumerate(years, start=1):
            sheet.write_string(header, col, f"{year}{' (year before)' if before else ''}", self.formats["header"])
        total_col = len(years) + 1
        sheet.write_string(header, total_col, "Total over the period", self.formats["header"])
        sheet.freeze_panes(header + 1, 1)
        figures = {y.year: y for y in e.years}
        row = header + 1

        def year_value(year: FinancialYear, before: bool, get: Callable[[Any], Any]) -> Any:
            return get(e.opening) if before else get(figures[year])

        def put(
            name: str,
            label: str,
            formula: Callable[[int, FinancialYear, bool], str | None],
            value: Callable[[Any], Money | Decimal],
            style: str = "money",
            total: bool = False,
            part: bool = False,
        ) -> None:
            nonlocal row
            self.text(
                sheet, row, 0, f"    {label}" if part else label, "bold" if not part and style != "count" else "text"
            )
            for col, (year, before) in enumerate(years, start=1):
                text = formula(col, year, before)
                if text is None:
                    continue
                got = year_value(year, before, value)
                where = f"{name} {year}{' (year before)' if before else ''}"
                self.summary_cells[(name, "before" if before else str(year))] = self.formula(
                    sheet, row, col, text, style, got, where
                )
            if total:
                first = 2 if opening is not None else 1
                figure = Figure(name)
                self.summary_cells[(name, "total")] = self.formula(
                    sheet,
                    row,
                    total_col,
                    f"=SUM({_cell(row, first)}:{_cell(row, total_col - 1)})",
                    "money_bold",
                    e.total_over_period(figure),
                    f"{name} total over the period",
                )
            row += 1

        def sumifs(figure: Figure, column: str = "amount") -> Callable[[int, FinancialYear, bool], str]:
            def make(col: int, year: FinancialYear, before: bool) -> str:
                return (
                    f'=SUMIFS({calc.ranges[column]},{calc.ranges["figure"]},"{figure.value}",'
                    f"{calc.ranges['year']},{year.start_year})"
                )

            return make

        def getter(name: str) -> Callable[[Any], Any]:
            return lambda y: getattr(y, name)

        labels = {c.name: c.label for c in COLUMNS}
        rows_of: dict[str, int] = {}

        def at(name: str, col: int) -> str:
            return _cell(rows_of[name], col)

        def line_figure(figure: Figure) -> None:
            rows_of[figure.value] = row
            put(figure.value, labels[figure.value], sumifs(figure), getter(figure.value), total=True)

        def formula_row(name: str, make: Callable[[int, FinancialYear, bool], str | None], total: bool = False) -> None:
            rows_of[name] = row
            put(name, labels[name], make, getter(name), total=total)

        first_col = 2 if opening is not None else 1

        def change(name: str) -> Callable[[int, FinancialYear, bool], str | None]:
            def make(col: int, year: FinancialYear, before: bool) -> str | None:
                if before:
                    return None
                if col == 1:
                    return f"={at(name, col)}"
                return f"={at(name, col)}-{at(name, col - 1)}"

            return make

        def running(name: str) -> Callable[[int, FinancialYear, bool], str | None]:
            # A running total from the horizon's start: the year before the horizon is not in it.
            def make(col: int, year: FinancialYear, before: bool) -> str | None:
                if before:
                    return None
                step = at(name, col)
                return f"={step}" if col == first_col else f"={_cell(row, col - 1)}+{step}"

            return make

        def full_year(col: int, year: FinancialYear, before: bool) -> str | None:
            if before:
                return None
            parts = [sumifs(f, "full_year")(col, year, before)[1:] for f in (Figure.GROSS_SAVING, Figure.INCOME)]
            cost = sumifs(Figure.ADDITIONAL_COSTS, "full_year")(col, year, before)[1:]
            return f"={parts[0]}+{parts[1]}-{cost}"

        for figure in (Figure.GROSS_SAVING, Figure.ADDITIONAL_COSTS, Figure.INCOME):
            line_figure(figure)
        formula_row(
            "net_saving",
            lambda c, y, b: f"={at('gross_saving', c)}+{at('income', c)}-{at('additional_costs', c)}",
            total=True,
        )
        formula_row("net_saving_incremental", change("net_saving"))
        formula_row("net_saving_cumulative", running("net_saving_incremental"))
        formula_row("full_year_effect", full_year)
        line_figure(Figure.ONE_OFF_COSTS)
        line_figure(Figure.ONE_OFF_INCOME)
        formula_row(
            "net_after_one_off_costs",
            lambda c, y, b: f"={at('net_saving', c)}-{at('one_off_costs', c)}+{at('one_off_income', c)}",
            total=True,
        )
        formula_row("net_position_to_date", running("net_after_one_off_costs"))

        # FTE: the establishment change at each year's end, by grade.
        grades = [g.name for g in p.grades if any(w.grade == g.name for w in self.done.posts)]
        grade_rows: list[int] = []
        fte_row = row
        put(
            "fte_change",
            "FTE change",
            lambda c, y, b: f"=SUM({_cell(fte_row + 1, c)}:{_cell(fte_row + len(grades), c)})" if grades else "=0",
            lambda y: y.fte_change_total,
            "count",
        )
        numbers = {g.name: n for n, g in enumerate(p.grades, start=1)}

        def posts_sum(criteria: str, sign: str = "") -> Callable[[int, FinancialYear, bool], str]:
            def make(col: int, year: FinancialYear, before: bool) -> str:
                return f"={sign}SUMIFS({posts.ranges['fte']},{criteria},{posts.ranges['year']},{year.start_year})"

            return make

        def fte_of(grade: str) -> Callable[[Any], Decimal]:
            return lambda y: Decimal(y.fte_change.get(grade, Decimal(0)))

        for grade in grades:
            grade_rows.append(row)
            criteria = f"{posts.ranges['grade']},{numbers[grade]}"
            put(f"fte_change:{grade}", grade, posts_sum(criteria), fte_of(grade), "count", part=True)
        kinds = f"{posts.ranges['kind']}"
        put(
            "fte_released", "FTE released", posts_sum(f'{kinds},"posts_released"', "-"), getter("fte_released"), "count"
        )
        put("fte_created", "FTE created", posts_sum(f'{kinds},"posts_created"'), getter("fte_created"), "count")
        row += 1
        first, last = e.years[0].year, e.years[-1].year
        self.text(
            sheet,
            row,
            0,
            f"The total over the period ({first} to {last}) is the sum of the annual effects: never an annual figure.",
            "note",
        )
        if e.payback.one_off_costs:
            row += 1
            self.text(sheet, row, 0, f"Payback (worked by savingsmodel month by month): {e.payback}.", "note")
        for capital in programme(p):
            # Capital is flagged and kept off the revenue lines above: its revenue cost is in the additional costs.
            row += 1
            self.text(sheet, row, 0, f"Capital spend (not in the revenue figures): {capital.text}.", "note")
        self._capital_row(sheet, row + 2, years, total_col)

    def _capital_row(self, sheet: Any, row: int, years: Sequence[tuple[FinancialYear, bool]], total_col: int) -> None:
        """The capital programme by year, apart from the revenue figures: a formula over the capital lines' sums
        (this body's share, to the penny, when a line is shared)."""
        capital = programme(self.proposal)
        if not capital:
            return
        self.text(sheet, row, 0, "Capital spend (not in the revenue figures)", "bold")
        first = None
        for col, (year, before) in enumerate(years, start=1):
            if before:
                continue
            first = col if first is None else first
            spent = [c for c in capital if c.year == year]
            parts = []
            for c in spent:
                cells = self.line_cells[c.line]
                share = cells.get("our_share")
                parts.append(f"ROUND({cells['amount']}*{share},2)" if share else cells["amount"])
            amount = sum((c.amount for c in spent), Money(0))
            formula = "=" + ("+".join(parts) if parts else "0")
            self.formula(sheet, row, col, formula, "money", amount, f"capital spend {year}")
        total = sum((c.amount for c in capital if c.year in {y for y, _ in years}), Money(0))
        self.formula(
            sheet,
            row,
            total_col,
            f"=SUM({_cell(row, first or 1)}:{_cell(row, total_col - 1)})",
            "money_bold",
            total,
            "capital spend total over the period",
        )

    # ---- Claims and checks

    def _claims(self, sheet: Any, findings: Sequence[Finding]) -> None:
        titles = (
            "Claim",
            "Source",
            "Stated",
            "Computed",
            "Difference",
            "Allowance",
            "Status (live)",
            "savingsmodel's finding",
            "The paper's words",
        )
        self.headers(sheet, 0, titles, (40, 16, 14, 14, 14, 11, 11, 80, 50))
        sheet.freeze_panes(1, 1)
        from savingsmodel.checks.reconcile import Status

        for row, finding in enumerate(findings, start=1):
            r = row + 1
            shown = FindingRow.of(finding, self.proposal)
            claim = self._claim_of(finding)
            style = "money" if shown.is_money else "count"
            self.text(sheet, row, 0, finding.claim, "wrap")
            self.text(sheet, row, 1, finding.source, "wrap")
            self.text(sheet, row, 7, finding.message, "wrap")
            if claim is not None:
                self.text(sheet, row, 8, claim.words, "wrap")
            if finding.status is Status.CONFLICT or claim is None:
                self.text(sheet, row, 6, finding.status.value)
                continue
            self.number(sheet, row, 2, finding.stated, f"input_{'money' if shown.is_money else 'count'}")
            allowance = finding.allowance if finding.allowance is not None else claim.allowance
            self.number(sheet, row, 5, allowance, style)
            link = self._computed(claim)
            if link is None or finding.computed is None:
                if finding.computed is not None:
                    self.number(sheet, row, 3, finding.computed, style)
                self.text(sheet, row, 6, finding.status.value)
                continue
            self.formula(sheet, row, 3, link, style, finding.computed, f"computed {finding.claim}")
            self.formula(sheet, row, 4, f"=D{r}-C{r}", style, finding.difference, f"difference {finding.claim}")
            self.formula(sheet, row, 6, f'=IF(ABS(D{r}-C{r})<=F{r},"holds","misses")', "text", finding.status.value)

    def _claim_of(self, finding: Finding) -> Any:
        if finding.claims and finding.claims[0] < len(self.proposal.claims):
            return self.proposal.claims[finding.claims[0]]
        if finding.series is not None and finding.series < len(self.proposal.series):
            year = finding.year
            return next((c for c in self.proposal.series[finding.series].claims() if c.year == year), None)
        return None

    def _computed(self, claim: Any) -> str | None:
        """A formula for a claim's figure over the Summary, where the Summary has it."""
        if claim.of.value == "whole" and self.evaluation.whole is not None:
            return None  # the Summary is this body's share; the whole's figure is shown as computed, not live
        if claim.line is not None or claim.full_year:
            return None  # one line's part, or a full-year effect, has no row of its own: shown as computed, not live
        name = claim.figure.value
        if claim.grade is not None:
            name = f"fte_change:{claim.grade}"
        if claim.basis is Basis.TOTAL:
            cell = self.summary_cells.get((name, "total"))
            return None if cell is None else f"=Summary!{cell}"
        year = str(claim.year)
        shown = None if claim.grade is not None else self.summary_cells.get((named(name, claim.basis).name, year))
        if shown is not None:
            return f"=Summary!{shown}"  # a row of its own (the MTFP line, the position to date)
        cell = self.summary_cells.get((name, year))
        if cell is None:
            return None
        if claim.basis is Basis.ANNUAL:
            return f"=Summary!{cell}"
        first = self.summary_cells.get((name, str(self.evaluation.years[0].year)))
        if claim.basis is Basis.TO_DATE:
            return f"=SUM(Summary!{first}:Summary!{cell})"
        # Incremental from the year before; cumulative from the year before the horizon (zero when none).
        before = self.summary_cells.get((name, str(claim.year.previous())))
        if claim.basis is Basis.CUMULATIVE or before is None:
            before = self.summary_cells.get((name, "before"))
        return f"=Summary!{cell}-Summary!{before}" if before else f"=Summary!{cell}"

    def _checks(self, sheet: Any, checks: Sequence[CheckFinding]) -> None:
        self.headers(sheet, 0, ("Code", "Severity", "About", "Finding", "Acknowledged"), (22, 9, 14, 100, 40))
        sheet.freeze_panes(1, 1)
        if not checks:
            self.text(sheet, 1, 0, "No officer check found anything to report.", "note")
        for row, c in enumerate(checks, start=1):
            self.text(sheet, row, 0, c.code)
            self.text(sheet, row, 1, c.severity.value)
            self.text(sheet, row, 2, c.subject)
            self.text(sheet, row, 3, c.message, "wrap")
            self.text(sheet, row, 4, c.acknowledged or "", "wrap")


@dataclass(frozen=True, slots=True)
class _Table:
    sheet: str
    last_row: int
    ranges: Mapping[str, str]


def _at_prices(r: int, factor: str, several: bool) -> str:
    """Row ``r``'s annual rate at a factor's prices, rounded to the penny (as ``uprated``: at a factor of 1 too,
    so 0.5 FTE at £76.85 runs at £38.43 a year; a whole-pence rate is itself).

    A line in tranches is uprated as one line (the engine's ``LineRates``): the line's annual rate
    to this tranche (column J), uprated and rounded, less the same for the tranches before it (I).
    """
    if several:
        return f"ROUND(J{r}*{factor},2)-ROUND(I{r}*{factor},2)"
    return f"ROUND(H{r}*{factor},2)"


_UNIT_SHEET: Final = "Unit costs by year"


def _ref(sheet: str, row: int, col: int) -> str:
    """An absolute reference to a cell of a sheet whose name has spaces: ``'Unit costs by year'!$B$2``."""
    return f"'{sheet}'!${_column(col)}${row + 1}"


def _line_name(name: str) -> str:
    """A build-up line's name without what it says in brackets: ``allowances (NI-able: yes; ...)`` is ``allowances``."""
    for plain in ("allowances (", "employer pension ("):
        if name.startswith(plain):
            return plain[:-2]
    return name


def _decimal(amount: Fraction) -> Decimal:
    """An exact amount as a decimal, to 10 places (for comparing a recalculated cell)."""
    return (Decimal(amount.numerator) / Decimal(amount.denominator)).quantize(Decimal("1E-10"))


#: The kinds of line whose annual rate (or one-off cost) is their stated ``amount``.
_AMOUNT_KINDS: Final = frozenset(
    {"recurring_cost", "recurring_income", "one_off_cost", "one_off_income", "recurring_saving"}
)
#: Every kind of line :meth:`_Writer._rate` prices (a test holds it to ``LINE_KINDS``).
RATED_KINDS: Final = (
    frozenset(
        {
            "posts_released",
            "posts_created",
            "regrade",
            "redundancy",
            "allowance",
            "transfer_out",
            "transfer_in",
            "capital_spend",
        }
    )
    | _AMOUNT_KINDS
)

#: The Lines sheet's redundancy columns (W onwards): inputs, then each step of the pay and the strain.
_REDUNDANCY_TITLES: Final = (
    "Age at leaving",
    "Years of service",
    "Week's pay",
    "Weekly pay limit",
    "Enhancement",
    "Weeks of pay",
    "Statutory redundancy pay",
    "Redundancy pay",
    "Pension strain (entered)",
    "Strain factor",
    "Strain base",
    "Strain base is",
    "Pension strain",
    "Funding",
)
#: The Lines sheet's column of this body's share of a shared line: after the redundancy columns (W onwards).
_SHARE_COL: Final = 22 + len(_REDUNDANCY_TITLES)
#: The Lines sheet's capital columns, after the share: what capital spend's revenue cost is worked from.
_CAPITAL_TITLES: Final = ("Asset life (years)", "Interest rate", "Revenue cost a year")
_CAPITAL_COL: Final = _SHARE_COL + 1


def _tranche_numbers(all_terms: Sequence[Term]) -> list[int]:
    """Each term's tranche of its line: the terms of a line come in the order of its schedule."""
    seen: dict[str, int] = {}
    numbers = []
    for term in all_terms:
        numbers.append(seen.get(term.line, 0))
        seen[term.line] = numbers[-1] + 1
    return numbers


def _datetime(day: date) -> Any:
    from datetime import datetime

    return datetime(day.year, day.month, day.day)
