"""The run report as JSON, for programs: the figures by year, the total over the period
apart, the findings and their summary, prices and payback, and the officer checks. Money
is always a two-place decimal string in pounds (whatever the units), FTE as written.

>>> from savingsmodel.engine.evaluation import evaluate
>>> from savingsmodel.examples import scs4_1_revised
>>> from savingsmodel.checks.reconcile import reconcile
>>> result = evaluate(scs4_1_revised())
>>> data = run_data(result, reconcile(result))
>>> [(y["net_saving"], y["net_saving_incremental"]) for y in data["years"]][:2]
[('360000.00', '360000.00'), ('360000.00', '0.00')]
>>> data["total_over_period"]["net_saving"]
'1440000.00'
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from savingsmodel.outputs.escaping import inert_json
from savingsmodel.outputs.units import count, plain_decimal
from savingsmodel.outputs.view import RunView, run_view

if TYPE_CHECKING:
    from savingsmodel.checks.reconcile import Finding
    from savingsmodel.engine.evaluation import Evaluation

__all__ = ["render", "run_data"]


def render(view: RunView) -> str:
    data = _data(view) | {"checks": [c.as_dict() for c in view.checks]}
    return inert_json(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"


def run_data(evaluation: Evaluation, findings: Sequence[Finding], variant: str | None = None) -> dict[str, Any]:
    """What ``savingsmodel run --format json`` prints, less the officer checks, as a dict."""
    return _data(run_view(evaluation, findings, variant=variant))


def _data(view: RunView) -> dict[str, Any]:
    fte_change = view.fte[0]
    simple = view.payback.simple_months
    years = [
        {
            "year": year.name,
            **{row.name: plain_decimal(row.values[i]) for row in view.money},
            "fte_change": count(fte_change.values[i]),
            "fte_change_by_grade": {grade: count(fte) for grade, fte in year.fte_by_grade},
            "fte_released": count(year.fte_released),
            "fte_created": count(year.fte_created),
        }
        for i, year in enumerate(view.years)
    ]
    return {
        "reference": view.reference,
        "title": view.title,
        "service": view.service,
        "variant": view.variant,
        "years": years,
        "total_over_period": {
            "from": view.years[0].name,
            "to": view.years[-1].name,
            "note": "the sum of the annual effects over the period; not an annual figure",
            **{row.name: plain_decimal(row.total) for row in view.money if row.total is not None},
        },
        "findings": [f.as_dict() for f in view.findings],
        "summary": view.summary.as_dict(),
        "prices": view.prices,
        "payback_months": view.payback.months,  # null: it does not pay back within the horizon
        "payback": str(view.payback),
        # One-off costs / full-year net saving x 12, to 0.1 month; null with no saving to divide by.
        "payback_simple_months": None if simple is None else f"{simple:f}",
        "invest_to_save": view.invest_to_save,  # a one-off cost is funded from an invest-to-save fund
        # By year: one-off costs by funding route, and those left on the revenue budget after funding.
        "one_off_funding": [{route: plain_decimal(x) for route, x in year} for year in view.one_off_funding],
        "revenue_one_off_costs": [plain_decimal(x) for x in view.revenue_one_off_costs],
        # Capital spend, line by line: flagged as capital, in none of the revenue figures above.
        "capital_spend": [
            {
                "line": row.line,
                "year": str(row.year),
                "amount": plain_decimal(row.amount),
                "funding": row.funding.value,
                "revenue_consequence": row.consequence,
            }
            for row in view.capital
        ],
    }
