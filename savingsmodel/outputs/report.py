"""Reports: an evaluation and its findings as a terminal table, CSV, JSON or Markdown.

>>> from savingsmodel.engine.evaluation import evaluate
>>> from savingsmodel.examples import scs4_1_revised
>>> from savingsmodel.checks.reconcile import reconcile
>>> result = evaluate(scs4_1_revised())
>>> data = run_data(result, reconcile(result))
>>> [(y["net_saving"], y["net_saving_incremental"]) for y in data["years"]][:2]
[('360000.00', '360000.00'), ('360000.00', '0.00')]
>>> data["total_over_period"]["net_saving"]
'1440000.00'

Figures in the table are in pounds (exact, pence shown when there are any) or
in £k, each figure rounded half-up to £1k on its own, as committee tables are.
When rounding makes a column no longer add up, the table says so. JSON and CSV
in pounds carry every figure as a decimal string with two places.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from savingsmodel.checks.reconcile import Finding, Status
from savingsmodel.core.money import Money, RoundingMode, Unit
from savingsmodel.engine.unit_costs import unit_cost

if TYPE_CHECKING:
    from savingsmodel.checks.findings import CheckFinding
    from savingsmodel.engine.evaluation import Evaluation, YearFigures
    from savingsmodel.model.claims import Claim, Figure
    from savingsmodel.model.proposal import Proposal

__all__ = [
    "ROUNDING_NOTE",
    "Format",
    "Summary",
    "Units",
    "claim_path",
    "finding_data",
    "input_differences",
    "money_text",
    "plain_decimal",
    "render_comparison",
    "render_findings",
    "render_run",
    "rounding_breaks_sums",
    "run_data",
    "summarise",
]

ROUNDING_NOTE = "Figures may not sum due to rounding."

#: The money figures of a year, in the order a committee reads them, with their labels.
MONEY_ROWS: tuple[tuple[str, str], ...] = (
    ("gross_saving", "Gross saving"),
    ("additional_costs", "Additional costs"),
    ("one_off_costs", "One-off costs"),
    ("income", "Income"),
    ("recurring_net_saving", "Recurring net saving"),
    # The MTFP line is the recurring saving's change: one-off costs are funded and shown apart.
    ("recurring_net_saving_incremental", "Recurring net saving, incremental (MTFP line)"),
    ("net_saving", "Net saving (annual effect, after one-off costs)"),
    ("net_saving_incremental", "Net saving, incremental"),
    ("net_saving_cumulative", "Net saving, cumulative"),
    ("full_year_effect", "Full-year effect"),
)
# Figures whose sum over the years means something (the total over the period).
_SUMMABLE = ("gross_saving", "additional_costs", "one_off_costs", "income", "recurring_net_saving", "net_saving")


class Format(StrEnum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"
    MARKDOWN = "markdown"


class Units(StrEnum):
    POUNDS = "pounds"
    THOUSANDS = "thousands"


def plain_decimal(amount: Money | Decimal) -> str:
    """Money as a decimal string with two places, rounded half-up to the penny: ``"360000.00"``."""
    money = amount if isinstance(amount, Money) else Money(amount)
    return f"{money.round(Unit.PENCE, RoundingMode.HALF_UP).amount:.2f}"


def _count(value: Decimal) -> str:
    """A count (FTE) as written: ``12``, ``0.5``, ``-11``."""
    return f"{value.normalize():f}" if value != 0 else "0"


def _signed_count(value: Decimal) -> str:
    text = _count(value)
    return f"+{text}" if value > 0 else text


def money_text(amount: Money, units: Units) -> str:
    """Money for a reader: exact pounds, or £k rounded half-up to £1k."""
    if units is Units.THOUSANDS:
        return amount.format(Unit.THOUSANDS, RoundingMode.HALF_UP)
    return str(amount)


def _k(amount: Money) -> Money:
    return amount.round(Unit.THOUSANDS, RoundingMode.HALF_UP)


def rounding_breaks_sums(evaluation: Evaluation) -> bool:
    """Whether, rounded to £k figure by figure, any total shown no longer equals the sum of its parts."""
    for y in evaluation.years:
        parts = _k(y.gross_saving) + _k(y.income) - _k(y.additional_costs)
        if _k(y.recurring_net_saving) != parts or _k(y.net_saving) != parts - _k(y.one_off_costs):
            return True
    running = recurring = Money(0)
    for y in evaluation.years:
        running += _k(y.net_saving_incremental)
        recurring += _k(y.recurring_net_saving_incremental)
        if _k(y.net_saving_cumulative) != running or _k(y.recurring_net_saving) != recurring:
            return True
    # The table shows the total over the period of the net saving only.
    total = evaluation.total_over_period()
    return _k(total) != sum((_k(y.net_saving) for y in evaluation.years), Money(0))


def _figure(name: str) -> Figure:
    from savingsmodel.model.claims import Figure

    return Figure(name)


def _grades(evaluation: Evaluation) -> list[str]:
    names: list[str] = []
    for y in evaluation.years:
        names.extend(g for g in y.fte_change if g not in names)
    return names


# ---- data (JSON) ---------------------------------------------------------------------------------


def claim_path(finding: Finding) -> str | None:
    """Where the finding's claim is written: ``claims[3]``, or ``series[0]`` for a year of a claimed series."""
    if finding.claims:
        return f"claims[{finding.claims[0]}]"
    return None if finding.series is None else f"series[{finding.series}]"


def _claim(finding: Finding, proposal: Proposal) -> Claim | None:
    if finding.claims and finding.claims[0] < len(proposal.claims):
        return proposal.claims[finding.claims[0]]
    return None


def _is_money(finding: Finding, proposal: Proposal) -> bool:
    claim = _claim(finding, proposal)
    if claim is not None:
        return claim.figure.is_money
    if finding.series is not None and finding.series < len(proposal.series):
        return proposal.series[finding.series].figure.is_money
    return True


def _quantity(value: Decimal | None, money: bool) -> str | None:
    if value is None:
        return None
    return plain_decimal(value) if money else _count(value)


def finding_data(finding: Finding, proposal: Proposal) -> dict[str, Any]:
    """One finding as JSON-ready values: money as ``"360000.00"``, FTE as ``"-11"``."""
    money = _is_money(finding, proposal)
    claim = _claim(finding, proposal)
    figure, grade, basis = finding.claim, None, None
    if claim is not None:
        figure, grade, basis = claim.figure.value, claim.grade, claim.basis.value
    elif finding.series is not None and finding.series < len(proposal.series):
        stated = proposal.series[finding.series]
        figure, basis = stated.figure.value, stated.basis.value
    return {
        "kind": "claim",
        "claim": figure,
        "grade": grade,
        "basis": basis,
        "description": finding.claim,
        "year": None if finding.year is None else str(finding.year),
        "stated": _quantity(finding.stated, money),
        "computed": _quantity(finding.computed, money),
        "difference": _quantity(finding.difference, money),
        "difference_percent": None if finding.difference_percent is None else f"{finding.difference_percent}",
        "status": finding.status.value,
        "source": finding.source,
        "claims": list(finding.claims),
        "path": claim_path(finding),
        "message": finding.message,
    }


def _year_data(y: YearFigures) -> dict[str, Any]:
    row: dict[str, Any] = {"year": str(y.year)}
    for name, _ in MONEY_ROWS:
        row[name] = plain_decimal(getattr(y, name))
    row["fte_change"] = _count(y.fte_change_total)
    row["fte_change_by_grade"] = {grade: _count(fte) for grade, fte in y.fte_change.items()}
    row["fte_released"] = _count(y.fte_released)
    row["fte_created"] = _count(y.fte_created)
    return row


def run_data(evaluation: Evaluation, findings: Sequence[Finding], variant: str | None = None) -> dict[str, Any]:
    """What ``savingsmodel run --format json`` prints: the figures by year, the period total apart, the findings."""
    proposal = evaluation.proposal
    totals = {name: plain_decimal(evaluation.total_over_period(_figure(name))) for name in _SUMMABLE}
    return {
        "reference": proposal.reference,
        "title": proposal.title,
        "service": proposal.service,
        "variant": variant,
        "years": [_year_data(y) for y in evaluation.years],
        "total_over_period": {
            "from": str(evaluation.years[0].year),
            "to": str(evaluation.years[-1].year),
            "note": "the sum of the annual effects over the period; not an annual figure",
            **totals,
        },
        "findings": [finding_data(f, proposal) for f in findings],
        "summary": summarise(findings).as_dict(),
        **time_data(evaluation),  # prices, payback, cumulative net position, invest-to-save
    }


# ---- summary of findings -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Summary:
    """How many claims were checked and how they came out; conflicts are counted apart (pairs of claims)."""

    claims: int = 0
    holds: int = 0
    misses: int = 0
    conflicts: int = 0
    cannot_check: int = 0

    def __add__(self, other: Summary) -> Summary:
        return Summary(
            self.claims + other.claims,
            self.holds + other.holds,
            self.misses + other.misses,
            self.conflicts + other.conflicts,
            self.cannot_check + other.cannot_check,
        )

    @property
    def all_hold(self) -> bool:
        """Every claim holds: none misses, conflicts, or goes unchecked."""
        return self.misses == 0 and self.conflicts == 0 and self.cannot_check == 0

    def as_dict(self) -> dict[str, int]:
        return {
            "claims": self.claims,
            "holds": self.holds,
            "misses": self.misses,
            "conflicts": self.conflicts,
            "cannot_check": self.cannot_check,
        }

    def __str__(self) -> str:
        def n(count: int, one: str, many: str) -> str:
            return f"{count} {one if count == 1 else many}"

        return ", ".join(
            [
                n(self.claims, "claim", "claims"),
                n(self.holds, "holds", "hold"),
                n(self.misses, "misses", "miss"),
                n(self.conflicts, "conflict", "conflicts"),
                f"{self.cannot_check} cannot be checked",
            ]
        )


def summarise(findings: Iterable[Finding]) -> Summary:
    """Count the findings by status; every finding but a conflict is one claim (or one year of a series)."""
    found = list(findings)
    claims = sum(1 for f in found if f.status is not Status.CONFLICT)

    def count(status: Status) -> int:
        return sum(1 for f in found if f.status is status)

    return Summary(
        claims, count(Status.HOLDS), count(Status.MISSES), count(Status.CONFLICT), count(Status.CANNOT_CHECK)
    )


def render_findings(findings: Sequence[Finding], prefix: Callable[[Finding], str] = lambda f: "") -> list[str]:
    """One line per finding, ``holds: ...``, each after its prefix (a ``FILE:LINE: `` place)."""
    return [f"{prefix(f)}{f}" for f in findings]


# ---- rendering -------------------------------------------------------------------------------------


def _rows(evaluation: Evaluation, units: Units) -> list[tuple[str, list[str]]]:
    rows = [(label, [money_text(getattr(y, name), units) for y in evaluation.years]) for name, label in MONEY_ROWS]
    rows.append(("FTE change", [_signed_count(y.fte_change_total) for y in evaluation.years]))
    for grade in _grades(evaluation):
        rows.append((f"  {grade}", [_signed_count(y.fte_change.get(grade, Decimal(0))) for y in evaluation.years]))
    return rows


def _heading(evaluation: Evaluation, variant: str | None) -> list[str]:
    p = evaluation.proposal
    head = f"{p.reference}: {p.title}" if p.title else p.reference
    lines = [head]
    if p.service:
        lines.append(p.service)
    if variant:
        description = next((v.description for v in p.variants if v.name == variant), "")
        lines.append(f"Variant: {variant}" + (f" ({description})" if description else ""))
    return lines


def _total_line(evaluation: Evaluation, units: Units) -> str:
    first, last = evaluation.years[0].year, evaluation.years[-1].year
    total = money_text(evaluation.total_over_period(), units)
    return (
        f"Total over the period {first} to {last}: {total} net saving "
        "(the sum of the annual effects; not an annual figure)"
    )


def _table(evaluation: Evaluation, findings: Sequence[Finding], units: Units, variant: str | None) -> str:
    rows = _rows(evaluation, units)
    years = [str(y.year) for y in evaluation.years]
    label_width = max(len(label) for label, _ in rows)
    widths = [max(len(years[i]), *(len(values[i]) for _, values in rows)) for i in range(len(years))]

    def line(label: str, values: Sequence[str]) -> str:
        cells = "  ".join(v.rjust(w) for v, w in zip(values, widths, strict=True))
        return f"{label.ljust(label_width)}  {cells}".rstrip()

    out = [*_heading(evaluation, variant), ""]
    if units is Units.THOUSANDS:
        out.append("Figures in £k, each rounded half-up to the nearest £1k.")
    out.append(line("", years))
    out.extend(line(label, values) for label, values in rows)
    out += ["", _total_line(evaluation, units), *time_notes(evaluation, lambda m: money_text(m, units))]
    if units is Units.THOUSANDS and rounding_breaks_sums(evaluation):
        out.append(ROUNDING_NOTE)
    out += _findings_block(evaluation, findings)
    return "\n".join(out) + "\n"


def _findings_block(evaluation: Evaluation, findings: Sequence[Finding], bullet: str = "  ") -> list[str]:
    if not findings:
        return ["", "Claims: none stated."]
    summary = summarise(findings)
    return ["", f"Claims ({summary}):", *(f"{bullet}{f}" for f in findings)]


def _markdown(evaluation: Evaluation, findings: Sequence[Finding], units: Units, variant: str | None) -> str:
    heading = _heading(evaluation, variant)
    out = [f"## {heading[0]}", "", *(f"{x}  " for x in heading[1:])]
    if len(heading) > 1:
        out.append("")
    if units is Units.THOUSANDS:
        out += ["Figures in £k, each rounded half-up to the nearest £1k.", ""]
    years = [str(y.year) for y in evaluation.years]
    out.append("| Figure | " + " | ".join(years) + " |")
    out.append("|---|" + "---:|" * len(years))
    for label, values in _rows(evaluation, units):
        shown = label.replace("  ", "&nbsp;&nbsp;", 1) if label.startswith("  ") else label
        shown = shown.replace("|", "\\|")  # a grade named "A|B" must not split its row into more cells
        out.append(f"| {shown} | " + " | ".join(values) + " |")
    notes = time_notes(evaluation, lambda m: money_text(m, units))
    out += ["", _total_line(evaluation, units), *(f"{note}  " for note in notes)]
    if units is Units.THOUSANDS and rounding_breaks_sums(evaluation):
        out += ["", ROUNDING_NOTE]
    block = _findings_block(evaluation, findings, bullet="- ")
    out += [block[0], f"### {block[1].rstrip(':')}", *([""] if len(block) > 2 else []), *block[2:]]
    return "\n".join(out) + "\n"


def _csv(evaluation: Evaluation, units: Units) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    grades = _grades(evaluation)
    suffix = "_k" if units is Units.THOUSANDS else ""

    def cell(amount: Money) -> str:
        if units is Units.THOUSANDS:
            return f"{_k(amount).amount.scaleb(-3).quantize(Decimal(1)):f}"
        return plain_decimal(amount)

    writer.writerow(
        ["year", *(f"{name}{suffix}" for name, _ in MONEY_ROWS), "fte_change", *(f"fte_change:{g}" for g in grades)]
    )
    for y in evaluation.years:
        writer.writerow(
            [
                str(y.year),
                *(cell(getattr(y, name)) for name, _ in MONEY_ROWS),
                _count(y.fte_change_total),
                *(_count(y.fte_change.get(g, Decimal(0))) for g in grades),
            ]
        )
    # The period total is a row of its own, labelled so that it is never read as a year.
    writer.writerow(
        [
            "total over the period (not an annual figure)",
            *(cell(evaluation.total_over_period(_figure(name))) if name in _SUMMABLE else "" for name, _ in MONEY_ROWS),
            "",
            *("" for _ in grades),
        ]
    )
    return buffer.getvalue()


def render_run(
    evaluation: Evaluation,
    findings: Sequence[Finding],
    fmt: Format | str = Format.TABLE,
    units: Units | str = Units.POUNDS,
    variant: str | None = None,
    checks: Sequence[CheckFinding] = (),
) -> str:
    """The output of ``savingsmodel run``: the figures by year, the period total apart, the findings, the checks."""
    fmt, units = Format(fmt), Units(units)
    if fmt is Format.JSON:
        import json

        data = run_data(evaluation, findings, variant) | {"checks": [c.as_dict() for c in checks]}
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt is Format.CSV:
        return _csv(evaluation, units)
    if fmt is Format.MARKDOWN:
        text = _markdown(evaluation, findings, units, variant)
        return text + "".join(f"{line}\n" for line in _checks_block(checks, "### Officer checks", "- "))
    return _table(evaluation, findings, units, variant) + "".join(
        f"{line}\n" for line in _checks_block(checks, "Officer checks (beyond the arithmetic):", "  ")
    )


def _checks_block(checks: Sequence[CheckFinding], heading: str, bullet: str) -> list[str]:
    if not checks:
        return []
    return ["", heading, *(f"{bullet}{c}" for c in checks)]


# ---- comparison ------------------------------------------------------------------------------------


def _flat(item: Any, prefix: str = "") -> dict[str, Any]:
    """A dumped model as ``{field.path: value}``, so that two can be compared field by field."""
    flat: dict[str, Any] = {}
    if isinstance(item, dict):
        for key, value in item.items():
            flat.update(_flat(value, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(item, list) and item and all(isinstance(x, dict) for x in item):
        for index, value in enumerate(item):
            flat.update(_flat(value, f"{prefix}[{index}]"))
    else:
        flat[prefix] = item
    return flat


def _shown(value: Any) -> str:
    if value is None or value == [] or value == {}:
        return "(not set)"
    return str(value)


def _setting(dumped: dict[str, Any], proposal: Proposal, key: str) -> str:
    """A top-level setting as written, or its default value (horizon 4 is not "not set")."""
    if key in dumped:
        return _shown(dumped[key])
    value = getattr(proposal, key, None)
    return "(not set)" if value is None or value in ("", (), [], {}) else f"{value} (the default)"


def input_differences(a: Proposal, b: Proposal) -> list[str]:
    """The inputs that differ, one line each: ``lines["X"].start: 2016-04-01 -> 2016-10-01``.

    Grades, lines and assumptions are matched by name, so reordering them is not a
    difference; other lists (claims, counts, variants) are only said to differ.
    """
    # Defaults left out: an input written nowhere and one written as its default are the same input.
    da, db = a.model_dump(mode="json", exclude_defaults=True), b.model_dump(mode="json", exclude_defaults=True)
    out: list[str] = []
    by_name = ("grades", "lines", "assumptions")
    for key in da.keys() | db.keys():
        if key in by_name or da.get(key) == db.get(key):
            continue
        va, vb = da.get(key), db.get(key)
        if isinstance(va, list) or isinstance(vb, list):
            # Claims, counts, variants...: too long to show; say that they differ.
            out.append(f"{key}: {len(va or [])} in A, {len(vb or [])} in B, not the same")
        else:
            out.append(f"{key}: {_setting(da, a, key)} -> {_setting(db, b, key)}")
    for grade in a.grades:
        other = next((g for g in b.grades if g.name == grade.name), None)
        built_up = grade.build_up is not None or (other is not None and other.build_up is not None)
        if other is not None and built_up and unit_cost(grade) != unit_cost(other):
            # A build-up's parts differ below; this is the one figure the lines use.
            out.append(
                f'grades["{grade.name}"] unit cost in use: {_shown(unit_cost(grade))} -> {_shown(unit_cost(other))}'
            )
    for collection in by_name:
        named_a = {x["name"]: x for x in da.get(collection, [])}
        named_b = {x["name"]: x for x in db.get(collection, [])}
        for name in named_a.keys() - named_b.keys():
            out.append(f'{collection}["{name}"]: only in A')
        for name in named_b.keys() - named_a.keys():
            out.append(f'{collection}["{name}"]: only in B')
        for name in named_a.keys() & named_b.keys():
            fa, fb = _flat(named_a[name]), _flat(named_b[name])
            for path in sorted(fa.keys() | fb.keys()):
                if fa.get(path) != fb.get(path):
                    out.append(f'{collection}["{name}"].{path}: {_shown(fa.get(path))} -> {_shown(fb.get(path))}')
    return sorted(out)


def _net_by_line(evaluation: Evaluation) -> dict[str, dict[str, Money]]:
    """Each line's effect on the net saving, by year: savings and income add, costs take away."""
    from savingsmodel.model.claims import Figure

    effect: dict[str, dict[str, Money]] = {}
    for c in evaluation.contributions:
        signed = c.amount if c.figure in (Figure.GROSS_SAVING, Figure.INCOME) else -c.amount
        years = effect.setdefault(c.line, {})
        years[str(c.year)] = years.get(str(c.year), Money(0)) + signed
    for line in evaluation.proposal.lines:
        effect.setdefault(line.name, {})
    return effect


def render_comparison(
    a_label: str, a: Evaluation, b_label: str, b: Evaluation, units: Units | str = Units.POUNDS
) -> str:
    """What ``savingsmodel compare`` prints: the inputs that differ, then B - A per year and per line."""
    units = Units(units)
    years = sorted({str(y.year) for y in (*a.years, *b.years)})
    by_year_a = {str(y.year): y for y in a.years}
    by_year_b = {str(y.year): y for y in b.years}
    out = ["Comparing", f"  A: {a_label}", f"  B: {b_label}", ""]

    differences = input_differences(a.proposal, b.proposal)
    out.append("Inputs that differ:" if differences else "Inputs that differ: none")
    out += [f"  {d}" for d in differences]

    def money(figures: YearFigures | None, name: str) -> Money | None:
        return None if figures is None else getattr(figures, name)

    rows: list[tuple[str, list[str]]] = []
    same: list[str] = []
    # In £k, a difference is rounded on its own, like every other figure: say so when that shows.
    breaks_sums = False
    for name, label in MONEY_ROWS:
        va = [money(by_year_a.get(y), name) for y in years]
        vb = [money(by_year_b.get(y), name) for y in years]
        breaks_sums = breaks_sums or any(
            x is not None and y is not None and _k(y - x) != _k(y) - _k(x) for x, y in zip(va, vb, strict=True)
        )
        if va == vb and name != "net_saving":
            same.append(label)
            continue
        rows.append((label, []))
        rows.append(("  A", [_cell(x, units) for x in va]))
        rows.append(("  B", [_cell(x, units) for x in vb]))
        rows.append(("  B - A", [_cell(_minus(x, y), units) for x, y in zip(vb, va, strict=True)]))
    fte_a = [by_year_a[y].fte_change_total if y in by_year_a else None for y in years]
    fte_b = [by_year_b[y].fte_change_total if y in by_year_b else None for y in years]
    if fte_a != fte_b:
        rows.append(("FTE change", []))
        rows.append(("  A", ["-" if x is None else _signed_count(x) for x in fte_a]))
        rows.append(("  B", ["-" if x is None else _signed_count(x) for x in fte_b]))
        rows.append(
            (
                "  B - A",
                ["-" if x is None or y is None else _signed_count(y - x) for x, y in zip(fte_a, fte_b, strict=True)],
            )
        )
    else:
        same.append("FTE change")
    out += ["", "Figures by year:", *_grid(years, rows)]
    if same:
        out.append(f"The same in every year: {', '.join(_lower_first(s) for s in same)}.")

    lines_a, lines_b = _net_by_line(a), _net_by_line(b)
    line_rows: list[tuple[str, list[str]]] = []
    line_diffs: list[list[Money]] = []
    for name in [*lines_a, *(n for n in lines_b if n not in lines_a)]:
        ya, yb = lines_a.get(name, {}), lines_b.get(name, {})
        diffs = [yb.get(y, Money(0)) - ya.get(y, Money(0)) for y in years]
        if any(diffs):
            line_rows.append((name, [money_text(d, units) for d in diffs]))
            line_diffs.append(diffs)
    for i, year in enumerate(years):
        a_net, b_net = money(by_year_a.get(year), "net_saving"), money(by_year_b.get(year), "net_saving")
        if a_net is not None and b_net is not None:
            parts = sum((_k(d[i]) for d in line_diffs), Money(0))
            breaks_sums = breaks_sums or parts != _k(b_net - a_net)
    out += ["", "Effect on the net saving by line, B - A:"]
    out += _grid(years, line_rows) if line_rows else ["  no line's effect differs"]

    total_a, total_b = a.total_over_period(), b.total_over_period()
    out += [
        "",
        f"Total over the period (the sum of the annual effects; not an annual figure): "
        f"A {money_text(total_a, units)}, B {money_text(total_b, units)}, "
        f"B - A {money_text(total_b - total_a, units)}",
    ]
    breaks_sums = breaks_sums or _k(total_b - total_a) != _k(total_b) - _k(total_a)
    if units is Units.THOUSANDS and breaks_sums:
        out.append(ROUNDING_NOTE)
    return "\n".join(out) + "\n"


def _lower_first(label: str) -> str:
    """``Gross saving`` to ``gross saving``, but ``FTE change`` stays as it is."""
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]


def _cell(value: Money | None, units: Units) -> str:
    return "-" if value is None else money_text(value, units)


def _minus(b: Money | None, a: Money | None) -> Money | None:
    return None if a is None or b is None else b - a


def _grid(years: Sequence[str], rows: Sequence[tuple[str, Sequence[str]]]) -> list[str]:
    label_width = max([len(label) for label, _ in rows] + [0])
    widths = [max([len(years[i])] + [len(v[i]) for _, v in rows if v]) for i in range(len(years))]

    def line(label: str, values: Sequence[str]) -> str:
        cells = "  ".join(v.rjust(w) for v, w in zip(values, widths, strict=True)) if values else ""
        return f"  {label.ljust(label_width)}  {cells}".rstrip()

    return [line("", years), *(line(label, values) for label, values in rows)]


def time_notes(evaluation: Evaluation, show: Callable[[Money], str] = str) -> list[str]:
    """Lines for a report: which prices the figures are in, and (with one-off costs) payback and invest-to-save.

    ``show`` writes an amount in the report's units (exact pounds by default).
    """
    notes = [f"Prices: {evaluation.prices}."]
    payback = evaluation.payback
    if payback.one_off_costs:
        notes.append(f"Payback: {payback}.")
        position = ", ".join(
            f"{y.year} {show(x)}" for y, x in zip(evaluation.years, evaluation.cumulative_net_position, strict=True)
        )
        notes.append(f"Cumulative net position (net savings less one-off costs to date): {position}.")
        if evaluation.invest_to_save:
            first = evaluation.years[0]
            notes.append(
                f"Invest-to-save: one-off costs of {show(payback.one_off_costs)} exceed the first year's "
                f"recurring net saving of {show(first.recurring_net_saving)}."
            )
    return notes


def time_data(evaluation: Evaluation) -> dict[str, Any]:
    """The same for JSON: prices, payback months (null: not within the horizon), position by year, invest-to-save."""
    payback = evaluation.payback
    return {
        "prices": evaluation.prices,
        "payback_months": payback.months,
        "payback": str(payback),
        "cumulative_net_position": {
            str(y.year): f"{x.round(Unit.PENCE, RoundingMode.HALF_UP).amount:.2f}"
            for y, x in zip(evaluation.years, evaluation.cumulative_net_position, strict=True)
        },
        "invest_to_save": evaluation.invest_to_save,
    }
