"""A Monte Carlo run for people and programs: a table, CSV or JSON.

Each output states, first, that the input distributions are assumptions
(:data:`~savingsmodel.whatif.montecarlo.ASSUMPTIONS`). Money is shown exactly: a percentile is the
pence of a draw; a mean and a standard error are rounded to the penny, half to even. In JSON and
CSV, money is a two-place decimal in pounds and a probability a decimal fraction.
"""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING, Any, Final, Literal

from savingsmodel.core.text import one_line
from savingsmodel.outputs.escaping import inert_json, spreadsheet_text
from savingsmodel.outputs.units import plain_decimal

if TYPE_CHECKING:
    from savingsmodel.whatif.montecarlo import Chance, Range, Simulation

__all__ = ["PERCENTILE_METHOD", "render_simulation", "simulation_data"]

SimulationFormat = Literal["table", "csv", "json"]

#: How the percentiles are read, said beside them.
PERCENTILE_METHOD: Final = (
    "P10, P50 and P90 are draws' own amounts: the smallest amount at least 10% (50%, 90%) of the draws are at or "
    "below (the inverted distribution function, 'lower')"
)
_ERRORS: Final = (
    "s.e.: standard error (the mean's: sd / sqrt(draws); a percentile's: from the order statistics of its 95% "
    "interval); for independent draws, so an upper bound for Latin hypercube draws. More draws shrink it as "
    "1 / sqrt(draws)"
)
_ROWS: Final = (("P10", "p10"), ("P50", "p50"), ("P90", "p90"), ("mean", "mean"))


def render_simulation(run: Simulation, format: SimulationFormat) -> str:
    """The run in ``format``: ``table`` (text), ``csv`` or ``json``."""
    if format == "json":
        return inert_json(json.dumps(simulation_data(run), indent=2, ensure_ascii=False)) + "\n"
    if format == "csv":
        return _csv(run)
    return _table(run)


def _label(name: str) -> str:
    from savingsmodel.engine.figures import COLUMNS

    return next((c.label for c in COLUMNS if c.name == name), name)


def _percent(value: float) -> str:
    return f"{100 * value:.1f}%"


def _chance_line(chance: Chance) -> str:
    where = f" ({chance.source})" if chance.source else ""
    p = float(chance.probability)
    return one_line(f"  {_percent(p):>6} (s.e. {_percent(chance.standard_error)})  {chance.what}{where}")


def _table(run: Simulation) -> str:
    out = [
        one_line(f"Monte Carlo: {run.reference}, {run.draws:,} draws, seed {run.seed}"),
        "",
        run.assumptions,
        "",
        "Uncertain inputs (the assumptions):",
        *(one_line(f"  {u.input}: {u.describe()}") for u in run.uncertain),
    ]
    if run.correlations:
        out.append("Rank correlations:")
        out.extend(one_line(f"  {c.inputs[0]} ~ {c.inputs[1]}: {c.rank.normalize():f}") for c in run.correlations)
    years = [str(y) for y in run.years]
    width = max(14, *(len(str(getattr(r, f))) + 2 for rs in run.figures.values() for r in rs for f in _FIELDS))
    for name, ranges in run.figures.items():
        out.extend(["", f"{name}: {_label(name)}", "  " + " " * 8 + "".join(f"{y:>{width}}" for y in years)])
        for label, key in _ROWS:
            out.append(f"  {label:<8}" + "".join(f"{_money(r, key):>{width}}" for r in ranges))
            out.append(f"  {'  s.e.':<8}" + "".join(f"{_money(r, key + '_se'):>{width}}" for r in ranges))
    out.extend(["", PERCENTILE_METHOD + ".", _ERRORS + "."])
    if run.claims:
        out.extend(["", "Probability each claim holds (within its rounding or tolerance):"])
        out.extend(_chance_line(c) for c in run.claims)
    if run.targets:
        out.extend(["", "Probability each target is met:"])
        out.extend(_chance_line(c) for c in run.targets)
    if run.not_simulated:
        out.extend(["", "Not simulated:"])
        out.extend(one_line(f"  {line}") for line in run.not_simulated)
    out.extend(
        [
            "",
            f"Share of the variance, by input (squared rank correlations, normalised to 100%; from the first "
            f"{run.contribution_draws:,} draws; inputs that act together or are correlated share theirs):",
        ]
    )
    first = max(len(u.input) for u in run.uncertain) + 4
    for name, by_year in run.contributions.items():
        out.append(f"  {name:<{first}}" + "".join(f"{y:>10}" for y in years))
        for u in run.uncertain:
            cells = "".join(f"{_percent(shares[u.input]) if any(shares.values()) else '-':>10}" for shares in by_year)
            out.append(one_line(f"    {u.input:<{first - 2}}") + cells)
    out.extend(["", run.assumptions])
    return "\n".join(out) + "\n"


_FIELDS: Final = ("p10", "p50", "p90", "mean", "p10_se", "p50_se", "p90_se", "mean_se")


def _money(r: Range, key: str) -> str:
    return str(getattr(r, key))


def simulation_data(run: Simulation) -> dict[str, Any]:
    """What ``savingsmodel simulate --format json`` prints, as a dict.

    Money as two-place decimal strings in pounds; probabilities and shares as numbers from 0 to 1.
    """

    def chance(c: Chance) -> dict[str, Any]:
        return {
            "what": c.what,
            "source": c.source,
            "probability": float(c.probability),
            "standard_error": c.standard_error,
            "draws_met": c.met,
        }

    return {
        "assumptions": run.assumptions,
        "reference": run.reference,
        "draws": run.draws,
        "seed": run.seed,
        "percentiles": PERCENTILE_METHOD,
        "standard_errors": _ERRORS,
        "uncertain": [{"input": u.input, "distribution": u.describe(), "source": u.source} for u in run.uncertain],
        "correlations": [
            {"inputs": list(c.inputs), "rank": float(c.rank), "source": c.source} for c in run.correlations
        ],
        "figures": {
            name: [
                {"year": str(r.year), **{key: plain_decimal(getattr(r, key)) for key in (*_FIELDS, "sd")}}
                for r in ranges
            ]
            for name, ranges in run.figures.items()
        },
        "claims": [chance(c) for c in run.claims],
        "targets": [chance(c) for c in run.targets],
        "not_simulated": list(run.not_simulated),
        "contributions": {
            "method": "squared rank (Spearman) correlation of each input with the figure, normalised to add to 1",
            "draws": run.contribution_draws,
            "by_figure": {
                name: [{"year": str(y), "shares": shares} for y, shares in zip(run.years, by_year, strict=True)]
                for name, by_year in run.contributions.items()
            },
        },
    }


def _csv(run: Simulation) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    text = spreadsheet_text
    writer.writerow(["kind", "subject", "year", "statistic", "value", "standard_error"])
    writer.writerow(["note", "", "", "assumptions", text(run.assumptions), ""])
    for name, ranges in run.figures.items():
        for r in ranges:
            for key in ("p10", "p50", "p90", "mean"):
                value, error = plain_decimal(getattr(r, key)), plain_decimal(getattr(r, key + "_se"))
                writer.writerow(["range", name, str(r.year), key, value, error])
            writer.writerow(["range", name, str(r.year), "sd", plain_decimal(r.sd), ""])
    for c in (*run.claims, *run.targets):
        chance = f"{float(c.probability):.6f}"
        writer.writerow([c.kind, text(c.what), "", "probability", chance, f"{c.standard_error:.6f}"])
    for name, by_year in run.contributions.items():
        for year, shares in zip(run.years, by_year, strict=True):
            for u in run.uncertain:
                writer.writerow(["share_of_variance", name, str(year), text(u.input), f"{shares[u.input]:.6f}", ""])
    return buffer.getvalue()
