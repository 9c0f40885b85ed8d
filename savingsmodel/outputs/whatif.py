"""Sweeps, tornado diagrams and break-even as text, CSV or JSON (``savingsmodel sweep``, ``tornado``, ``break-even``).

Text is a table for a reader (money as ``£360,000``, inputs as written: ``£45,000``,
``+6 months``, ``2.5%``). CSV and JSON are for programs: money a two-place decimal string in
pounds, as ``run`` writes it; an input's value in pounds (two places), FTE, months or a rate as
a decimal fraction. Text cells never start a formula in a spreadsheet.
"""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from savingsmodel.core.money import Money
from savingsmodel.outputs.escaping import inert_json, spreadsheet_text
from savingsmodel.outputs.text import grid
from savingsmodel.outputs.units import plain_decimal
from savingsmodel.whatif.values import UNITS, plain, shown

if TYPE_CHECKING:
    from savingsmodel.whatif.breakeven import BreakEven
    from savingsmodel.whatif.sweeps import Sweep, Tornado

__all__ = ["render_break_even", "render_sweep", "render_tornado"]

_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?(?:/[0-9]+)?")


def _csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    # A number (a minus sign starts many) is written as it is; any other cell as text never read as a formula.
    writer.writerows([[cell if _NUMBER.fullmatch(cell) else spreadsheet_text(cell) for cell in row] for row in rows])
    return buffer.getvalue()


def _json(data: dict[str, Any]) -> str:
    return inert_json(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"


def render_sweep(sweep: Sweep, years: list[int], form: str) -> str:
    """The figure at each point of the grid, in the years chosen (their places in the horizon)."""
    names = [spec.name for spec in sweep.inputs]
    pence = sweep.many.pence(sweep.figure)
    labels = [str(sweep.many.years[y]) for y in years]
    if form == "json":
        points = [
            {
                "inputs": {spec.name: plain(spec, sweep.values[spec.name][i]) for spec in sweep.inputs},
                sweep.figure: {
                    label: plain_decimal(_money(pence[i, y])) for label, y in zip(labels, years, strict=True)
                },
            }
            for i in range(sweep.points)
        ]
        return _json({"figure": sweep.figure, "years": labels, "points": points})
    if form == "csv":
        rows = [[*names, *(f"{sweep.figure} {label}" for label in labels)]]
        rows += [
            [*(plain(spec, sweep.values[spec.name][i]) for spec in sweep.inputs)]
            + [plain_decimal(_money(pence[i, y])) for y in years]
            for i in range(sweep.points)
        ]
        return _csv(rows)
    header, rows = sweep.table(years)
    lines = [f"{sweep.figure} by {', '.join(names)} ({sweep.points} points)", ""]
    widths = [max(len(h), *(len(r[k]) for r in rows)) for k, h in enumerate(header)]
    lines.append(
        "  ".join(
            h.rjust(w) if k >= len(names) else h.ljust(w) for k, (h, w) in enumerate(zip(header, widths, strict=True))
        ).rstrip()
    )
    for row in rows:
        cells = (
            c.rjust(w) if k >= len(names) else c.ljust(w) for k, (c, w) in enumerate(zip(row, widths, strict=True))
        )
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"


def render_tornado(chart: Tornado, form: str) -> str:
    """The inputs in rank order of swing, with their low and high and the figure at each."""
    if form == "json":
        bars = [
            {
                "input": bar.input.name,
                "low": plain(bar.input, bar.low),
                "high": plain(bar.input, bar.high),
                "at_low": plain_decimal(bar.at_low),
                "at_high": plain_decimal(bar.at_high),
                "swing": plain_decimal(bar.swing),
            }
            for bar in chart.bars
        ]
        return _json({"figure": chart.figure, "year": str(chart.year), "base": plain_decimal(chart.base), "bars": bars})
    if form == "csv":
        rows = [["rank", "input", "low", "high", "at_low", "at_high", "swing"]]
        rows += [
            [
                str(rank),
                bar.input.name,
                plain(bar.input, bar.low),
                plain(bar.input, bar.high),
                plain_decimal(bar.at_low),
                plain_decimal(bar.at_high),
                plain_decimal(bar.swing),
            ]
            for rank, bar in enumerate(chart.bars, 1)
        ]
        return _csv(rows)
    lines = [f"{chart.figure} in {chart.year}: {chart.base} as stated; each input alone from its low to its high", ""]
    columns = ["low", "high", "at low", "at high", "swing"]
    ranked = [
        (
            f"{rank}. {bar.input.name}",
            [shown(bar.input, bar.low), shown(bar.input, bar.high), str(bar.at_low), str(bar.at_high), str(bar.swing)],
        )
        for rank, bar in enumerate(chart.bars, 1)
    ]
    lines += grid(columns, ranked, corner="input")
    return "\n".join(lines) + "\n"


def render_break_even(found: BreakEven, form: str) -> str:
    """The value found (or why none), in words for a reader, as data for a program."""
    if form in ("json", "csv"):
        exact = found.exact
        data = {
            "input": found.input.name,
            "figure": found.figure,
            "year": str(found.year),
            "target": plain_decimal(found.target),
            "low": plain(found.input, found.low),
            "high": plain(found.input, found.high),
            "found": found.found,
            "value": None if found.value is None else plain(found.input, found.value),
            "exact": None if exact is None else _fraction(exact / UNITS[found.input.kind]),
            "method": None if not found.found else "linear" if exact is not None else "search",
            "at_low": plain_decimal(_money(found.reached.at_low)),
            "at_high": plain_decimal(_money(found.reached.at_high)),
        }
        if form == "json":
            return _json(data)
        return _csv([list(data), ["" if v is None else str(v) for v in data.values()]])
    return f"{found}\n"


def _money(pence: int) -> Money:
    return Money(Decimal(int(pence)).scaleb(-2))


def _fraction(value: Fraction) -> str:
    """An exact value as a decimal when it has one of at most ten places, else as ``p/q`` (a third is not
    26333.3333333333)."""
    if value.denominator == 1:
        return str(value.numerator)
    for places in range(1, 11):
        if (value * 10**places).denominator == 1:
            return f"{Decimal(value.numerator) / Decimal(value.denominator):.{places}f}"
    return f"{value.numerator}/{value.denominator}"
