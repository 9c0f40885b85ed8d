"""The comparison of two evaluations, what ``savingsmodel compare`` prints: the inputs that
differ, then A, B and B - A for each figure that differs by year, each line's effect on
the net saving, and the totals over the period; and the same from Python, as a frame
(:func:`compare`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from savingsmodel.core.errors import InputError
from savingsmodel.core.money import Money
from savingsmodel.core.text import one_line
from savingsmodel.engine.evaluation import Evaluation, evaluate
from savingsmodel.engine.figures import COLUMNS
from savingsmodel.engine.frames import grades_changed, number
from savingsmodel.engine.unit_costs import unit_cost
from savingsmodel.files.scenario import Scenario, load
from savingsmodel.model.claims import Figure
from savingsmodel.model.proposal import Proposal
from savingsmodel.outputs.text import grid
from savingsmodel.outputs.units import (
    ROUNDING_NOTE,
    SIGN_NOTE,
    THOUSANDS_HEADER,
    Sign,
    Units,
    in_thousands,
    k_cell,
    money_text,
    signed_count,
)
from savingsmodel.outputs.view import RunView, run_view

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Side", "compare", "input_differences", "render_comparison"]

T = TypeVar("T")
#: One side of a comparison: a proposal, its evaluation, a scenario read from a file, or the file's path.
Side = Proposal | Evaluation | Scenario | str | os.PathLike[str]


def compare(
    a: Side,
    b: Side,
    *,
    labels: tuple[str, str] = ("A", "B"),
    by: Literal["figure", "line"] = "figure",
    exact: bool = False,
) -> pd.DataFrame:
    """What ``savingsmodel compare`` prints, as a frame: A, B and B - A for each figure and year.

    Each side is a proposal (a baseline, or ``proposal.with_variant(name)``), an evaluation,
    a scenario, or a scenario file's path. ``by="figure"`` gives a row per figure (the names
    of :meth:`Evaluation.to_frame`) and year; ``by="line"`` a row per line and year: each
    line's effect on the net after one-off costs. The columns are the two labels and ``"B - A"`` in
    them; figures are floats, or with ``exact=True`` Decimals (a year outside one side's
    horizon is missing). ``attrs["inputs"]`` lists the inputs that differ.

    >>> from savingsmodel.examples import scs4_1_revised
    >>> base = scs4_1_revised()
    >>> frame = compare(base, base.with_variant("posts-leave-october"), labels=("baseline", "october"))
    >>> frame.loc[("net_saving", "2016/17")].tolist()
    [360000.0, 72000.0, -288000.0]
    >>> frame.columns.tolist()
    ['baseline', 'october', 'october - baseline']
    >>> frame.attrs["inputs"]
    ['lines["Watch Manager posts released"].start: 2016-04-01 -> 2016-10-01']
    >>> changed = frame[frame["october - baseline"] != 0]
    >>> sorted(set(changed.index.get_level_values("figure")))  # doctest: +NORMALIZE_WHITESPACE
    ['gross_saving', 'net_after_one_off_costs', 'net_position_to_date', 'net_saving', 'net_saving_cumulative',
     'net_saving_incremental']
    """
    import pandas as pd

    first, second = _evaluation(a, "a"), _evaluation(b, "b")
    label_a, label_b = labels
    if label_a == label_b:
        raise InputError.one("labels", f"expected two different labels, found {label_a!r} twice")
    difference = f"{label_b} - {label_a}"
    years = sorted({str(y.year) for y in (*first.years, *second.years)})
    values_a: dict[str, dict[str, Money]] | dict[str, dict[str, Money | Decimal]]
    values_b: dict[str, dict[str, Money]] | dict[str, dict[str, Money | Decimal]]
    if by == "line":
        values_a, values_b = _net_by_line(first), _net_by_line(second)
        names = [*values_a, *(n for n in values_b if n not in values_a)]
        index_names = ["line", "year"]
    elif by == "figure":
        values_a, values_b = _by_figure(first), _by_figure(second)
        names = [*values_a, *(n for n in values_b if n not in values_a)]
        index_names = ["figure", "year"]
    else:
        raise InputError.one("by", f"expected 'figure' or 'line', found {by!r}", code="unknown_choice")
    rows = []
    for name in names:
        for year in years:
            va, vb = values_a.get(name, {}).get(year), values_b.get(name, {}).get(year)
            if by == "line":  # a line with nothing in a year adds nothing to that year's net saving
                va = va if va is not None or not _within(first, year) else Money(0)
                vb = vb if vb is not None or not _within(second, year) else Money(0)
            diff = None if va is None or vb is None else vb - va
            rows.append([_cell(va, exact), _cell(vb, exact), _cell(diff, exact)])
    index = pd.MultiIndex.from_tuples([(n, y) for n in names for y in years], names=index_names)
    frame = pd.DataFrame(rows, index=index, columns=[label_a, label_b, difference])
    if not exact:
        frame = frame.astype(float)
    frame.attrs["inputs"] = input_differences(first.proposal, second.proposal)
    frame.attrs["prices"] = (first.prices, second.prices)
    return frame


def _evaluation(side: Side, name: str) -> Evaluation:
    if isinstance(side, Evaluation):
        return side
    if isinstance(side, Proposal):
        return evaluate(side)
    if isinstance(side, Scenario):
        return evaluate(side.proposal)
    if isinstance(side, (str, os.PathLike)):
        return evaluate(load(side).proposal)
    raise InputError.one(
        name, f"expected a proposal, an evaluation, a scenario or a file's path, found {type(side).__name__}"
    )


def _within(evaluation: Evaluation, year: str) -> bool:
    return any(str(y.year) == year for y in evaluation.years)


def _cell(value: Money | Decimal | None, exact: bool) -> Decimal | float | None:
    if value is None:
        return None
    return number(value, exact)


def _by_figure(evaluation: Evaluation) -> dict[str, dict[str, Money | Decimal]]:
    """Every figure of every year by its name, as :meth:`Evaluation.to_frame` names them."""
    found: dict[str, dict[str, Money | Decimal]] = {}
    for column in COLUMNS:
        found[column.name] = {str(y.year): y.figure(column.name) for y in evaluation.years}
    for grade in grades_changed(evaluation.years):
        found[f"fte_change:{grade}"] = {str(y.year): y.fte_change.get(grade, Decimal(0)) for y in evaluation.years}
    return found


def render_comparison(
    a_label: str,
    a: Evaluation,
    b_label: str,
    b: Evaluation,
    units: Units | str = Units.POUNDS,
    sign: Sign | str = Sign.SAVINGS,
) -> str:
    """What ``savingsmodel compare`` prints: the inputs that differ, then B - A per year and per line.

    In thousands the cells are £000 (the unit in the header, negatives in brackets, nil as a dash), each
    rounded half-up on its own; ``sign="budget"`` shows savings negative and costs positive.
    """
    units, sign = Units(units), Sign(sign)
    view_a, view_b = run_view(a), run_view(b)
    corner = THOUSANDS_HEADER if units is Units.THOUSANDS else ""

    def cell(value: Money, name: str = "net_saving") -> str:
        if sign is Sign.BUDGET and name not in ("additional_costs", "one_off_costs"):
            value = -value
        if units is Units.THOUSANDS:
            return k_cell(int(in_thousands(value).amount.scaleb(-3)))
        return money_text(value, units)

    years = sorted({y.name for y in (*view_a.years, *view_b.years)})
    out = ["Comparing", f"  A: {one_line(a_label)}", f"  B: {one_line(b_label)}", ""]

    differences = input_differences(a.proposal, b.proposal)
    out.append("Inputs that differ:" if differences else "Inputs that differ: none")
    out += [f"  {one_line(d)}" for d in differences]

    def money(values: Sequence[Money | None], name: str) -> list[str]:
        return ["n/a" if x is None else cell(x, name) for x in values]

    rows: list[tuple[str, list[str]]] = []
    same: list[str] = []
    # In £k, a difference is rounded on its own, like every other figure: say so when that shows.
    breaks_sums = False
    k = in_thousands
    for row_a, row_b in zip(view_a.money, view_b.money, strict=True):
        va, vb = _by_year(view_a, row_a.values, years), _by_year(view_b, row_b.values, years)
        breaks_sums = breaks_sums or any(
            x is not None and y is not None and k(y - x) != k(y) - k(x) for x, y in zip(va, vb, strict=True)
        )
        if va == vb and row_a.name != "net_saving":
            if row_a.name != "one_off_income" or any(va):  # one-off income is said only where there is some
                same.append(row_a.label)
            continue
        diff = [None if x is None or y is None else y - x for x, y in zip(va, vb, strict=True)]
        name = row_a.name
        rows += [(row_a.label, []), ("  A", money(va, name)), ("  B", money(vb, name)), ("  B - A", money(diff, name))]
    fte_a, fte_b = _by_year(view_a, view_a.fte[0].values, years), _by_year(view_b, view_b.fte[0].values, years)
    if fte_a != fte_b:

        def fte(values: Sequence[Decimal | None]) -> list[str]:
            return ["-" if x is None else signed_count(x) for x in values]

        fte_diff = [None if x is None or y is None else y - x for x, y in zip(fte_a, fte_b, strict=True)]
        rows += [("FTE change", []), ("  A", fte(fte_a)), ("  B", fte(fte_b)), ("  B - A", fte(fte_diff))]
    else:
        same.append("FTE change")
    out += ["", "Figures by year:"]
    if sign is Sign.BUDGET:
        out.append(f"  {SIGN_NOTE}")
    out += grid(years, rows, indent="  ", corner=corner)
    if same:
        out.append(f"The same in every year: {', '.join(_lower_first(s) for s in same)}.")

    lines_a, lines_b = _net_by_line(a), _net_by_line(b)
    line_rows: list[tuple[str, list[str]]] = []
    line_diffs: list[list[Money]] = []
    for name in [*lines_a, *(n for n in lines_b if n not in lines_a)]:
        ya, yb = lines_a.get(name, {}), lines_b.get(name, {})
        diffs = [yb.get(y, Money(0)) - ya.get(y, Money(0)) for y in years]
        if any(diffs):
            line_rows.append((one_line(name), [cell(d) for d in diffs]))
            line_diffs.append(diffs)
    net_a = _by_year(view_a, view_a.figure("net_after_one_off_costs").values, years)
    net_b = _by_year(view_b, view_b.figure("net_after_one_off_costs").values, years)
    for i, (a_net, b_net) in enumerate(zip(net_a, net_b, strict=True)):
        if a_net is not None and b_net is not None:
            parts = sum((k(d[i]) for d in line_diffs), Money(0))
            breaks_sums = breaks_sums or parts != k(b_net - a_net)
    out += ["", "Effect by line on the net after one-off costs, B - A:"]
    out += grid(years, line_rows, indent="  ", corner=corner) if line_rows else ["  no line's effect differs"]

    total_a, total_b = view_a.total, view_b.total
    out += [
        "",
        f"Total over the period (the sum of the annual effects; not an annual figure): "
        f"A {money_text(total_a, units)}, B {money_text(total_b, units)}, "
        f"B - A {money_text(total_b - total_a, units)}",
    ]
    breaks_sums = breaks_sums or k(total_b - total_a) != k(total_b) - k(total_a)
    if units is Units.THOUSANDS and breaks_sums:
        out.append(ROUNDING_NOTE)
    return "\n".join(out) + "\n"


def _by_year(view: RunView, values: Sequence[T], years: Sequence[str]) -> list[T | None]:
    """A row's values lined up on ``years``: ``None`` for a year outside the view's horizon."""
    by_name = dict(zip((y.name for y in view.years), values, strict=True))
    return [by_name.get(year) for year in years]


def _lower_first(label: str) -> str:
    """``Gross saving`` to ``gross saving``, but ``FTE change`` stays as it is."""
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]


def _net_by_line(evaluation: Evaluation) -> dict[str, dict[str, Money]]:
    """Each line's effect on the net after one-off costs, by year: savings and income add, costs take away."""
    effect: dict[str, dict[str, Money]] = {}
    for c in evaluation.contributions:
        signed = c.amount if c.figure in (Figure.GROSS_SAVING, Figure.INCOME) else -c.amount
        years = effect.setdefault(c.line, {})
        years[str(c.year)] = years.get(str(c.year), Money(0)) + signed
    for line in evaluation.proposal.lines:
        effect.setdefault(line.name, {})
    return effect


# ---- the inputs -----------------------------------------------------------------------------------


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
