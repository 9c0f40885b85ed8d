"""The plan as a table, CSV, JSON or Markdown: by directorate and proposal, the totals, the target and the gap.

Money is exact pounds (two places where there are pence); in ``thousands`` units, the committee's £000 table
(:func:`~savingsmodel.outputs.thousands.plan_thousands_table`: whole £000 that add as printed, negatives in
brackets, nil as a dash), with a note for each figure that is not its own rounding. User text (names,
directorates) goes out through :mod:`savingsmodel.outputs.escaping` for each format, on one line in the text table.

>>> from savingsmodel.files.plan import load_plan
>>> from savingsmodel.plan import evaluate_plan
>>> print(render_plan(evaluate_plan(load_plan("scenarios/plan-2016.toml")), "table"))  # doctest: +ELLIPSIS
Fire and Rescue Service MTFP 2016/17 to 2019/20 (illustrative)
...
Plan total (incremental)                                    £412,500    £134,500          £0          £0
...
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, Literal

from savingsmodel.core.text import one_line
from savingsmodel.outputs.escaping import inert_json, markdown_text, spreadsheet_text
from savingsmodel.outputs.units import THOUSANDS_HEADER, THOUSANDS_NOTE, Units, count, k_cell, plain_decimal
from savingsmodel.plan.rollup import FTE_TOTALS

if TYPE_CHECKING:
    from savingsmodel.core.money import Money
    from savingsmodel.outputs.thousands import PlanThousands, ThousandsRow
    from savingsmodel.plan.rollup import PlanResult, ProposalRow
    from savingsmodel.plan.tracking import Tracked, Tracker

__all__ = ["PLAN_FORMATS", "PlanFormat", "render_plan"]

PlanFormat = Literal["table", "csv", "json", "markdown"]
PLAN_FORMATS: Final = ("table", "csv", "json", "markdown")

_MTFP_NOTE: Final = (
    "Each proposal's MTFP line is net_saving_incremental: the change in its recurring net saving from the year "
    "before; one-off costs are shown apart, with how they are funded."
)


def render_plan(
    result: PlanResult, format: PlanFormat | str, tracker: Tracker | None = None, units: Units | str = Units.POUNDS
) -> str:
    """The plan in ``format``: ``table`` (text), ``csv``, ``json`` or ``markdown``; with the tracker if given.

    In ``thousands`` units, the table, Markdown and CSV are the committee's £000 table of the plan, and the JSON
    (exact pounds, as always) carries the £000 table beside them.
    """
    if format not in PLAN_FORMATS:
        raise ValueError(f"expected a format of {', '.join(PLAN_FORMATS)}, found {format!r}")
    if Units(units) is Units.THOUSANDS:
        from savingsmodel.outputs.thousands import plan_thousands_table

        table = plan_thousands_table(result)
        if format == "table":
            return _k_table(result, table, tracker)
        if format == "csv":
            return _k_csv(table)
        if format == "markdown":
            return _k_markdown(result, table, tracker)
        return _json(result, tracker, table)
    if format == "table":
        return _table(result, tracker)
    if format == "csv":
        return _csv(result, tracker)
    if format == "json":
        return _json(result, tracker)
    if format == "markdown":
        return _markdown(result, tracker)
    raise ValueError(f"expected a format of {', '.join(PLAN_FORMATS)}, found {format!r}")


def _money(value: Money | None) -> str:
    return "" if value is None else str(value)


def _rating(row: ProposalRow) -> str:
    rag = f"{row.rag.value} " if row.rag is not None else ""
    return f"{rag}{(row.weight * 100).normalize():f}%"


# ---- The rows every format shows, made once ---------------------------------------------------------------------


def _summary_rows(result: PlanResult) -> list[tuple[str, Sequence[Money | None]]]:
    basis = result.plan.file.target_basis.value
    rows: list[tuple[str, Sequence[Money | None]]] = [
        ("Plan total (incremental)", result.total_incremental()),
        ("Plan total (cumulative)", result.total_cumulative()),
    ]
    if result.plan.file.targets:
        rows += [
            (f"Target ({basis})", result.targets()),
            (f"Gap to target ({basis}; positive: still to find)", result.gap()),
        ]
    rows += [
        ("Risk-weighted (incremental)", result.total_incremental(view="weighted")),
        ("Risk-weighted (cumulative)", result.total_cumulative(view="weighted")),
    ]
    if result.plan.file.targets:
        rows.append((f"Gap to target, risk-weighted ({basis})", result.gap(view="weighted")))
    if result.slip_months:
        rows += [
            (f"Slipped {result.slip_months} months (incremental)", result.total_incremental(view="slipped")),
            (f"Slipped {result.slip_months} months (cumulative)", result.total_cumulative(view="slipped")),
        ]
    rows.append(("One-off costs", result.one_off_costs()))
    funding = result.one_off_funding()
    for route in dict.fromkeys(route for year in funding for route in year):
        rows.append((f"  funded from {route.replace('_', ' ')}", [year.get(route) for year in funding]))
    if any(result.one_off_income()):
        rows.append(("One-off income", result.one_off_income()))
    if any(result.capital_spend()):
        rows.append(("Capital spend (not in the revenue figures)", result.capital_spend()))
    return rows


def _fte_rows(result: PlanResult) -> list[tuple[str, Sequence[Decimal]]]:
    return [
        ("FTE released (by the year's end)", result.fte("fte_released")),
        ("FTE created (by the year's end)", result.fte("fte_created")),
        ("Establishment change, FTE", result.fte("fte_change")),
    ]


# ---- The savings tracker --------------------------------------------------------------------------------------------

_TRACKER_HEAD: Final = (
    "approved",
    "forecast",
    "variance",
    "delivered",
    "to deliver",
    "written off",
    "replacement",
    "net variance",
)


def _tracked_cells(row: Tracked) -> list[str]:
    figures = (row.approved, row.forecast, row.variance, row.delivered, row.to_deliver)
    return [*(str(m) for m in figures), str(row.written_off), str(row.replacement), str(row.net_variance)]


def _tracker_title(tracker: Tracker) -> str:
    when = f"as at {tracker.as_at}" if tracker.as_at is not None else "on the latest returns"
    return f"Savings tracker, {tracker.current_year}, {when} (variance: forecast less approved; net: with replacements)"


def _show_tracker(tracker: Tracker | None) -> bool:
    return tracker is not None and (tracker.monitored or tracker.as_at is not None)


# ---- Text table ---------------------------------------------------------------------------------------------------


def _liner(label_width: int, width: int) -> Callable[[str, Sequence[str]], str]:
    """A row of a text table: its label cut to ``label_width`` characters, then its cells right-aligned."""

    def line(label: str, cells: Sequence[str]) -> str:
        label = one_line(label)
        if len(label) > label_width:
            label = label[: label_width - 1] + "…"
        return f"{label:<{label_width}}" + "".join(f"{c:>{width}}" for c in cells)

    return line


def _table(result: PlanResult, tracker: Tracker | None = None) -> str:
    years = [str(y) for y in result.years]
    # Wide enough for the widest figure, with a space before it: -£141,889.90 must not run into its neighbour.
    figures = [_money(m) for _, values in _summary_rows(result) for m in values]
    figures += [_money(m) for row in result.rows for m in row.incremental]
    line = _liner(56, max(12, 1 + max((len(f) for f in figures), default=0)))
    plan = result.plan.file
    out = [one_line(plan.name), f"{plan.start_year} to {result.years[-1]}. {_MTFP_NOTE}", ""]
    out.append(line("MTFP line by directorate and proposal (£)", years))
    for directorate, total in result.by_directorate().items():
        out.append(line(directorate, []))
        for row in result.counted:
            if row.directorate == directorate:
                where = f"{row.service}: " if row.service else ""
                out.append(line(f"  {where}{row.name} [{_rating(row)}]", [_money(m) for m in row.incremental]))
        out.append(line(f"  {directorate} total", [_money(m) for m in total]))
    out.append("")
    out += [line(label, [_money(m) for m in values]) for label, values in _summary_rows(result)]
    out += [line(label, [count(v) for v in values]) for label, values in _fte_rows(result)]
    left_out = [row for row in result.rows if not row.counted]
    if left_out:
        out += ["", "Not counted (alternatives left out, and entries marked counted = false):"]
        for row in left_out:
            group = f" (alternative of {row.alternatives})" if row.alternatives else ""
            out.append(line(f"  {row.name}{group}", [_money(m) for m in row.incremental]))
    out += ["", f"Cost of one month's slippage (the saving lost over {len(years)} years):"]
    out += [f"  {one_line(row.name)}: {row.slip_cost_per_month}" for row in result.counted]
    with_posts = [row for row in result.counted if row.redundancy is not None]
    if with_posts:
        out += [
            "",
            "Statutory redundancy pay for the filled posts released (the list's ages and service; not in the figures):",
        ]
        for row in with_posts:
            found = row.redundancy
            if found is None:
                continue
            unknown = f"; {found.unknown} filled posts without an age or service on the list" if found.unknown else ""
            shown = found.note or f"{found.amount} for {found.posts} post{'' if found.posts == 1 else 's'}"
            out.append(f"  {one_line(row.name)}: {shown}{unknown}")
    claims = [row for row in result.counted if row.claims_not_holding or row.check_warnings]
    if claims:
        out += ["", "Proposals whose own check does not pass (run savingsmodel check on each):"]
        for row in claims:
            out.append(
                f"  {one_line(row.name)}: claims not holding {row.claims_not_holding} of {row.claims}; "
                f"officer-check warnings {row.check_warnings}"
            )
    if tracker is not None and _show_tracker(tracker):
        year = tracker.current_year
        out += ["", one_line(_tracker_title(tracker))]
        out.append(f"{'':<32}" + "".join(f"{h:>14}" for h in _TRACKER_HEAD))
        for tracked in (*tracker.in_year(year), tracker.total(year)):
            name = one_line(tracked.name)
            name = name if len(name) <= 31 else name[:30] + "…"
            out.append(f"{name:<32}" + "".join(f"{c:>14}" for c in _tracked_cells(tracked)))
    out += ["", "Findings on the plan:" if result.findings else "Findings on the plan: none (no double counting found)"]
    out += [f"  {one_line(str(f))}" for f in result.findings]
    return "\n".join(out)


# ---- CSV ------------------------------------------------------------------------------------------------------------

_CSV_COLUMNS: Final = (
    "row",
    "directorate",
    "service",
    "proposal",
    "counted",
    "rag",
    "weight",
    "year",
    "incremental",
    "cumulative",
    "weighted_incremental",
    "weighted_cumulative",
    "slipped_incremental",
    "slipped_cumulative",
    "one_off_costs",
    "one_off_income",
    "capital_spend",
    "target",
    "gap",
    "fte_released",
    "fte_created",
    "fte_change",
    "approved",
    "forecast",
    "delivered",
    "written_off",
    "replacement",
    "reported_on",
)


def _amount(value: Money | None) -> str:
    return "" if value is None else plain_decimal(value)


def _csv(result: PlanResult, tracker: Tracker | None = None) -> str:
    """One long table: a row per proposal and year, then a row per directorate and year, then the plan's.

    With a tracker, each counted proposal's year carries its approved, forecast and delivered figures too.
    """
    tracked = {(t.name, t.year): t for t in tracker.rows} if tracker is not None else {}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    text = spreadsheet_text
    writer.writerow(_CSV_COLUMNS)
    for row in result.rows:
        cumulative, weighted, slipped = row.cumulative, row.weighted_cumulative, row.slipped_cumulative
        for i, year in enumerate(result.years):
            writer.writerow(
                [
                    "proposal",
                    text(row.directorate),
                    text(row.service),
                    text(row.name),
                    "yes" if row.counted else "no",
                    "" if row.rag is None else row.rag.value,
                    f"{row.weight.normalize():f}",
                    str(year),
                    _amount(row.incremental[i]),
                    _amount(cumulative[i]),
                    _amount(row.weighted_incremental[i]),
                    _amount(weighted[i]),
                    _amount(row.slipped_incremental[i]),
                    _amount(slipped[i]),
                    _amount(row.one_off_costs[i]),
                    _amount(row.one_off_income[i]),
                    _amount(row.capital_spend[i]),
                    "",
                    "",
                    count(row.fte_released[i]),
                    count(row.fte_created[i]),
                    count(row.fte_change[i]),
                    *_tracked_csv(tracked.get((row.name, year)) if row.counted else None),
                ]
            )
    weighted_by = result.by_directorate(view="weighted")
    slipped_by = result.by_directorate(view="slipped")
    for directorate, values in result.by_directorate().items():
        dw, ds = weighted_by[directorate], slipped_by[directorate]
        dcum, dwcum, dscum = _running(values), _running(dw), _running(ds)
        for i, year in enumerate(result.years):
            cells = [values[i], dcum[i], dw[i], dwcum[i], ds[i], dscum[i]]
            writer.writerow(
                ["directorate", text(directorate), "", "", "", "", "", str(year), *map(_amount, cells)] + [""] * 14
            )
    inc = result.total_incremental()
    cum = result.total_cumulative()
    w = result.total_incremental(view="weighted")
    wcum = result.total_cumulative(view="weighted")
    s = result.total_incremental(view="slipped")
    scum = result.total_cumulative(view="slipped")
    targets, gaps, one_off = result.targets(), result.gap(), result.one_off_costs()
    income, capital = result.one_off_income(), result.capital_spend()
    released, created, change = result.fte("fte_released"), result.fte("fte_created"), result.fte("fte_change")
    for i, year in enumerate(result.years):
        money = [inc[i], cum[i], w[i], wcum[i], s[i], scum[i], one_off[i], income[i], capital[i], targets[i], gaps[i]]
        fte = [count(released[i]), count(created[i]), count(change[i])]
        plan_tracked = _tracked_csv(tracker.total(year) if tracker is not None and tracker.monitored else None)
        writer.writerow(["plan", "", "", "", "", "", "", str(year), *map(_amount, money), *fte, *plan_tracked])
    return buffer.getvalue()


def _tracked_csv(tracked: Tracked | None) -> list[str]:
    if tracked is None:
        return [""] * 6
    money = (tracked.approved, tracked.forecast, tracked.delivered, tracked.written_off, tracked.replacement)
    return [*map(_amount, money), "" if tracked.reported_on is None else str(tracked.reported_on)]


def _running(values: Sequence[Money]) -> list[Money]:
    out: list[Money] = []
    for value in values:
        out.append(value if not out else out[-1] + value)
    return out


# ---- JSON -----------------------------------------------------------------------------------------------------------


def _series(values: Sequence[Money | None]) -> list[str | None]:
    return [None if v is None else plain_decimal(v) for v in values]


def _tracked_json(tracked: Tracked) -> dict[str, Any]:
    return {
        "proposal": tracked.name,
        "year": str(tracked.year),
        "approved": plain_decimal(tracked.approved),
        "forecast": plain_decimal(tracked.forecast),
        "variance": plain_decimal(tracked.variance),
        "delivered": plain_decimal(tracked.delivered),
        "to_deliver": plain_decimal(tracked.to_deliver),
        "written_off": plain_decimal(tracked.written_off),
        "replacement": plain_decimal(tracked.replacement),
        "net_variance": plain_decimal(tracked.net_variance),
        "reported_on": None if tracked.reported_on is None else str(tracked.reported_on),
    }


def _json(result: PlanResult, tracker: Tracker | None = None, thousands: PlanThousands | None = None) -> str:
    plan = result.plan.file
    data: dict[str, Any] = {
        "plan": plan.name,
        "years": [str(y) for y in result.years],
        "target_basis": plan.target_basis.value,
        "slip_months": result.slip_months,
        "mtfp_line": "net_saving_incremental",
        "proposals": [
            {
                "name": row.name,
                "reference": row.reference,
                "directorate": row.directorate,
                "service": row.service,
                "counted": row.counted,
                "alternatives": row.alternatives,
                "rag": None if row.rag is None else row.rag.value,
                "weight": f"{row.weight.normalize():f}",
                "incremental": _series(row.incremental),
                "cumulative": _series(row.cumulative),
                "weighted_incremental": _series(row.weighted_incremental),
                "weighted_cumulative": _series(row.weighted_cumulative),
                "slip_months": row.slip_months,
                "slipped_incremental": _series(row.slipped_incremental),
                "slipped_cumulative": _series(row.slipped_cumulative),
                "slip_cost_per_month": plain_decimal(row.slip_cost_per_month),
                "one_off_costs": _series(row.one_off_costs),
                "one_off_funding": [{k: plain_decimal(v) for k, v in year.items()} for year in row.one_off_funding],
                "one_off_income": _series(row.one_off_income),
                "capital_spend": _series(row.capital_spend),
                "fte_released": [count(v) for v in row.fte_released],
                "fte_created": [count(v) for v in row.fte_created],
                "fte_change": [count(v) for v in row.fte_change],
                "claims": row.claims,
                "claims_not_holding": row.claims_not_holding,
                "check_warnings": row.check_warnings,
                "statutory_redundancy": None
                if row.redundancy is None
                else {
                    "amount": plain_decimal(row.redundancy.amount),
                    "posts": row.redundancy.posts,
                    "without_age_or_service": row.redundancy.unknown,
                    "note": row.redundancy.note,
                },
            }
            for row in result.rows
        ],
        "directorates": {name: _series(values) for name, values in result.by_directorate().items()},
        "totals": {
            **{name: _series(values) for name, values in result.money_totals().items()},
            "one_off_funding": [{k: plain_decimal(v) for k, v in y.items()} for y in result.one_off_funding()],
            **{name: [count(v) for v in result.fte(name)] for name in FTE_TOTALS},
        },
        "findings": [
            {"code": f.code, "severity": f.severity, "proposals": list(f.proposals), "message": f.message}
            for f in result.findings
        ],
    }
    if tracker is not None:
        data["tracker"] = {
            "as_at": None if tracker.as_at is None else str(tracker.as_at),
            "year": str(tracker.current_year),
            "rows": [_tracked_json(t) for t in tracker.rows],
            "totals": [_tracked_json(tracker.total(year)) for year in tracker.years],
        }
    if thousands is not None:
        data["thousands"] = {
            "unit": THOUSANDS_HEADER,
            "rows": [
                {"row": kind, "directorate": directorate, "name": row.name, "incremental": list(row.values)}
                for kind, directorate, row in _k_rows(thousands)
            ],
            "plan_cumulative": list(thousands.cumulative.values),
            "target_basis": thousands.basis,
            "target": list(thousands.target),
            "gap": list(thousands.gap),
            "slipped": None if thousands.slipped is None else list(thousands.slipped.values),
            "notes": list(thousands.notes),
        }
    return inert_json(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"


# ---- Markdown -------------------------------------------------------------------------------------------------------


def _markdown(result: PlanResult, tracker: Tracker | None = None) -> str:
    years = [str(y) for y in result.years]
    md = markdown_text

    def row(cells: Sequence[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    head = ["directorate", "service", "proposal", "rating", *years]
    out = [
        f"# {md(result.plan.file.name)}",
        "",
        md(_MTFP_NOTE),
        "",
        row(head),
        row(["---"] * 3 + ["---"] + ["---:"] * len(years)),
    ]
    for r in result.counted:
        out.append(row([md(r.directorate), md(r.service), md(r.name), _rating(r), *(_money(m) for m in r.incremental)]))
    for directorate, total in result.by_directorate().items():
        out.append(row([f"**{md(directorate)} total**", "", "", "", *(_money(m) for m in total)]))
    out += ["", row(["", *years]), row(["---", *(["---:"] * len(years))])]
    out += [row([md(label.strip()), *(_money(m) for m in values)]) for label, values in _summary_rows(result)]
    out += [row([md(label), *(count(v) for v in values)]) for label, values in _fte_rows(result)]
    if tracker is not None and _show_tracker(tracker):
        year = tracker.current_year
        out += ["", f"## {md(_tracker_title(tracker))}", "", row(["proposal", *_TRACKER_HEAD])]
        out.append(row(["---", *(["---:"] * len(_TRACKER_HEAD))]))
        out += [row([md(t.name), *_tracked_cells(t)]) for t in tracker.in_year(year)]
        out.append(row(["**Plan total**", *_tracked_cells(tracker.total(year))]))
    out += ["", "## Findings", ""]
    out += [f"- **{f.code}** ({f.severity}): {md(f.message)}" for f in result.findings] or [
        "- none: no double counting found"
    ]
    return "\n".join(out) + "\n"


# ---- The committee's £000 table -------------------------------------------------------------------------------------


def _k_rows(table: PlanThousands) -> list[tuple[str, str, ThousandsRow]]:
    """Each MTFP line row with its kind (``proposal``, ``directorate``, ``plan``) and its directorate."""
    rows: list[tuple[str, str, ThousandsRow]] = []
    for directorate, parts, total in table.directorates:
        rows += [("proposal", directorate, part) for part in parts]
        rows.append(("directorate", directorate, total))
    rows.append(("plan", "", table.plan))
    return rows


def _k_cells(values: Sequence[int | None]) -> list[str]:
    return ["" if v is None else k_cell(v) for v in values]


def _k_summary(table: PlanThousands) -> list[tuple[str, list[str]]]:
    basis = table.basis
    rows = [
        (table.plan.label, _k_cells(table.plan.values)),
        (table.cumulative.label, _k_cells(table.cumulative.values)),
        (f"Target ({basis})", _k_cells(table.target)),
        (f"Gap to target ({basis}; positive: still to find)", _k_cells(table.gap)),
    ]
    if table.slipped is not None:
        slipped = table.slipped.values
        rows.append((table.slipped.label, _k_cells(slipped)))
        cumulative = [sum(slipped[: i + 1]) for i in range(len(slipped))]
        rows.append((table.slipped.label.replace("(incremental)", "(cumulative)"), _k_cells(cumulative)))
    return rows


def _k_notes(table: PlanThousands, tracker: Tracker | None = None) -> list[str]:
    notes = [THOUSANDS_NOTE]
    if tracker is not None and _show_tracker(tracker):
        notes.append("The savings tracker is in exact pounds: savingsmodel plan PLANFILE --as-at DATE.")
    if table.notes:
        notes.append("Printed so that the table adds, not each figure rounded on its own:")
        notes += [f"  {one_line(note)}" for note in table.notes]
    return notes


def _k_table(result: PlanResult, table: PlanThousands, tracker: Tracker | None = None) -> str:
    line = _liner(56, 10)
    plan = result.plan.file
    out = [one_line(plan.name), f"{plan.start_year} to {result.years[-1]}. {_MTFP_NOTE}", ""]
    out.append(line(f"MTFP line by directorate and proposal ({THOUSANDS_HEADER})", list(table.years)))
    for directorate, parts, total in table.directorates:
        out.append(line(directorate, []))
        out += [line(f"  {part.label}", _k_cells(part.values)) for part in parts]
        out.append(line(f"  {total.label}", _k_cells(total.values)))
    out.append("")
    out += [line(label, cells) for label, cells in _k_summary(table)]
    out += ["", *_k_notes(table, tracker)]
    out += ["", "Findings on the plan:" if result.findings else "Findings on the plan: none (no double counting found)"]
    out += [f"  {one_line(str(f))}" for f in result.findings]
    return "\n".join(out)


def _k_markdown(result: PlanResult, table: PlanThousands, tracker: Tracker | None = None) -> str:
    md = markdown_text

    def row(cells: Sequence[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    out = [f"# {md(result.plan.file.name)}", "", md(_MTFP_NOTE), ""]
    out += [row([THOUSANDS_HEADER, *table.years]), row(["---", *(["---:"] * len(table.years))])]
    for directorate, parts, total in table.directorates:
        out.append(row([f"**{md(directorate)}**", *([""] * len(table.years))]))
        out += [row([md(part.label), *_k_cells(part.values)]) for part in parts]
        out.append(row([f"**{md(total.label)}**", *_k_cells(total.values)]))
    out += [row([f"**{md(label)}**", *cells]) for label, cells in _k_summary(table)]
    out += [
        "",
        *(md(note.strip()) if not note.startswith("  ") else f"- {md(note.strip())}" for note in _k_notes(table)),
    ]
    out += ["", "## Findings", ""]
    out += [f"- **{f.code}** ({f.severity}): {md(f.message)}" for f in result.findings] or [
        "- none: no double counting found"
    ]
    return "\n".join(out) + "\n"


def _k_csv(table: PlanThousands) -> str:
    """A row per proposal, directorate and plan and year: the MTFP line and its running total in whole £000."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["row", "directorate", "name", "year", "incremental_k", "cumulative_k", "target_k", "gap_k"])
    for kind, directorate, line in _k_rows(table):
        running = 0
        for i, year in enumerate(table.years):
            running += line.values[i]
            plan_only = kind == "plan"
            target = table.target[i] if plan_only else None
            gap = table.gap[i] if plan_only else None
            writer.writerow(
                [
                    kind,
                    spreadsheet_text(directorate),
                    spreadsheet_text(line.name),
                    year,
                    line.values[i],
                    running,
                    "" if target is None else target,
                    "" if gap is None else gap,
                ]
            )
    return buffer.getvalue()
