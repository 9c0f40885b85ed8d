"""Charts for the report, drawn with matplotlib and kept as SVG text to embed in the page.

- :func:`waterfall`: from the gross saving, through each cost line (and income), to the
  net saving and, with one-off costs, the net after them, in one year;
- :func:`profile`: the net saving by year (its annual effect and the MTFP
  line) against any target the paper states (a claimed series, or claims by year).

Each is a :class:`Chart`: a title, the SVG, and a caption. A report takes more charts
the same way (the Monte Carlo range and the tornado of the what-if work to come are
charts like these), so adding one needs no change here.

matplotlib is imported only when a chart is drawn, and drawn without pyplot (no global
state): a ``Figure`` on the Agg canvas, saved as SVG with its text kept as text (no
fonts embedded or fetched), under a local ``rc_context``. Labels are the figures as a
reader reads them (money text from :class:`~savingsmodel.core.money.Money`); only the
bars' lengths are binary floats, as any drawing's are.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from savingsmodel.core.money import Money
from savingsmodel.model.claims import Basis, Figure
from savingsmodel.outputs.units import Units, money_text

if TYPE_CHECKING:
    from savingsmodel.engine.evaluation import Evaluation

__all__ = ["Chart", "profile", "standard_charts", "targets", "waterfall"]

_SAVING, _COST, _TOTAL, _TARGET = "#2E6F9E", "#B5523B", "#3B3B3B", "#E0A526"


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart for the report: ``svg`` is the whole ``<svg>`` element, to embed as it is."""

    name: str
    title: str
    svg: str
    caption: str = ""


def _label(text: str) -> str:
    """Text as matplotlib draws it literally: a ``$`` would otherwise start mathematics."""
    return text.replace("\\", "\\\\").replace("$", r"\$")


def _k(amount: Money) -> str:
    return money_text(amount, Units.THOUSANDS)


def _svg(figure: Any, name: str) -> str:
    """The figure as an ``<svg>`` element: text as text, no date, ids made from the chart's name."""
    import matplotlib

    out = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": name}):
        figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    text = out.getvalue()
    return text[text.index("<svg") :]


def _figure(width: float, height: float) -> tuple[Any, Any]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure as MplFigure

    figure = MplFigure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.spines[["top", "right"]].set_visible(False)
    axes.yaxis.set_major_formatter(_thousands_axis())
    axes.tick_params(labelsize=8)
    return figure, axes


def _thousands_axis() -> Any:
    from matplotlib.ticker import FuncFormatter

    # Axis ticks are a drawing's scale, not figures: £k, from the float the axis holds.
    return FuncFormatter(lambda value, _: f"£{value / 1000:,.0f}k")


def waterfall(evaluation: Evaluation, year: str | None = None) -> Chart:
    """From the gross saving through each cost to the net saving, in ``year`` (default: the first)."""
    figures = evaluation.year(year) if year is not None else evaluation.years[0]
    when = figures.year
    steps: list[tuple[str, Money, str]] = [("Gross saving", figures.gross_saving, "total")]
    by_line: dict[tuple[str, Figure], Money] = {}
    for c in evaluation.contributions:
        if c.year == when and c.figure is not Figure.GROSS_SAVING and c.amount:
            by_line[c.line, c.figure] = by_line.get((c.line, c.figure), Money(0)) + c.amount
    steps += [(line, amount, "up") for (line, fig), amount in by_line.items() if fig is Figure.INCOME]
    steps += [(line, -amount, "down") for (line, fig), amount in by_line.items() if fig is Figure.ADDITIONAL_COSTS]
    steps.append(("Net saving (savings - costs)", figures.net_saving, "total"))
    one_offs = [(line, -amount, "down") for (line, fig), amount in by_line.items() if fig is Figure.ONE_OFF_COSTS]
    one_offs += [(line, amount, "up") for (line, fig), amount in by_line.items() if fig is Figure.ONE_OFF_INCOME]
    if one_offs:
        steps += [*one_offs, ("Net after one-off costs", figures.net_after_one_off_costs, "total")]
    height = max(2.6, 0.32 * len(steps) + 1.2)
    figure, axes = _figure(7.2, height)
    running = Money(0)
    labels = []
    for position, (label, amount, role) in enumerate(steps):
        if role == "total":
            left, width, colour = 0.0, float(amount.amount), _TOTAL
            running = amount
        else:
            left, width = float(running.amount), float(amount.amount)
            colour = _SAVING if amount >= Money(0) else _COST
            running += amount
        axes.barh(position, width, left=left, color=colour, height=0.62)
        value = _k(amount) if role == "total" else (f"+{_k(amount)}" if amount >= Money(0) else _k(amount))
        end = left + width if role != "total" else width
        axes.annotate(
            _label(value),
            (max(left, end), position),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )
        labels.append(_label(label if len(label) <= 46 else label[:45] + "…"))
    axes.xaxis.set_major_formatter(_thousands_axis())
    axes.set_yticks(range(len(steps)), labels)
    axes.invert_yaxis()
    axes.axvline(0, color="#999999", linewidth=0.8)
    axes.margins(x=0.18)
    axes.set_title(_label(f"From gross saving to net saving, {when}"), fontsize=10, loc="left")
    caption = (
        f"{when}: gross saving {figures.gross_saving}, less additional costs {figures.additional_costs}"
        + (f", plus income {figures.income}" if figures.income else "")
        + f", gives the net saving {figures.net_saving}"
        + (
            f"; less one-off costs {figures.one_off_costs}"
            + (f", plus one-off income {figures.one_off_income}" if figures.one_off_income else "")
            + f", {figures.net_after_one_off_costs}"
            if one_offs
            else ""
        )
        + "."
    )
    return Chart("waterfall", f"From gross saving to net saving, {when}", _svg(figure, "waterfall"), caption)


def targets(evaluation: Evaluation) -> dict[Basis, dict[str, Money]]:
    """What the paper states for the net saving by year: its annual effect, or the MTFP line."""
    stated: dict[Basis, dict[str, Money]] = {Basis.ANNUAL: {}, Basis.INCREMENTAL: {}}
    p = evaluation.proposal
    # Only the proposal's own claims: a part's or a wider programme's net saving is another figure.
    claims = [
        c for c in p.claims if c.figure is Figure.NET_SAVING and c.year is not None and c.scope in (None, "proposal")
    ]
    for series in p.series:
        if series.figure is Figure.NET_SAVING:
            claims.extend(series.claims())
    # A cumulative figure is the annual effect less the year before the horizon's: shown as the annual effect.
    opening = Money(0) if evaluation.opening is None else evaluation.opening.net_saving
    for claim in claims:
        value = Money(claim.value) + (opening if claim.basis is Basis.CUMULATIVE else Money(0))
        basis = Basis.ANNUAL if claim.basis is Basis.CUMULATIVE else claim.basis
        if basis in stated:
            stated[basis].setdefault(str(claim.year), value)
    return stated


def profile(evaluation: Evaluation) -> Chart:
    """The net saving by year, its annual effect and the MTFP line, against what the paper states."""
    years = [str(y.year) for y in evaluation.years]
    annual = [y.net_saving for y in evaluation.years]
    line = [y.net_saving_incremental for y in evaluation.years]
    stated = targets(evaluation)
    figure, axes = _figure(7.2, 3.2)
    width = 0.38
    xs = range(len(years))
    axes.bar(
        [x - width / 2 for x in xs],
        [float(a.amount) for a in annual],
        width,
        color=_SAVING,
        label="Net saving (annual effect)",
    )
    axes.bar(
        [x + width / 2 for x in xs],
        [float(a.amount) for a in line],
        width,
        color="#8DB6D4",
        label="MTFP line (incremental)",
    )
    for basis, offset, label in (
        (Basis.ANNUAL, -width / 2, "stated (annual)"),
        (Basis.INCREMENTAL, width / 2, "stated (MTFP line)"),
    ):
        points = [(x + offset, stated[basis][y]) for x, y in zip(xs, years, strict=True) if y in stated[basis]]
        if points:
            axes.scatter(
                [x for x, _ in points],
                [float(v.amount) for _, v in points],
                marker="D",
                s=36,
                color=_TARGET,
                edgecolor=_TOTAL,
                zorder=3,
                label=f"Target {label}",
            )
    for x, a in zip(xs, annual, strict=True):
        axes.annotate(
            _label(_k(a)),
            (x - width / 2, float(a.amount)),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            fontsize=7,
        )
    axes.set_xticks(list(xs), years)
    axes.axhline(0, color="#999999", linewidth=0.8)
    axes.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    axes.set_title("Savings profile by year", fontsize=10, loc="left")
    any_target = any(stated.values())
    caption = "The net saving by year" + (", against the figures the paper states." if any_target else ".")
    return Chart("profile", "Savings profile by year", _svg(figure, "profile"), caption)


def standard_charts(evaluation: Evaluation, more: Sequence[Chart] = ()) -> list[Chart]:
    """The report's charts: the waterfall and the profile, then any others (a Monte Carlo range, a tornado)."""
    return [waterfall(evaluation), profile(evaluation), *more]
