"""savingsmodel: model staffing savings exactly, and check the figures a paper claims.

>>> from savingsmodel import evaluate, reconcile
>>> from savingsmodel.examples import scs4_1_revised
>>> result = evaluate(scs4_1_revised())
>>> print(result.explain("gross_saving", "2016/17"))
gross saving in 2016/17: £576,000
  12 FTE x £48,000 = £576,000 (Watch Manager posts released; para 9)

The public names below are loaded on first use (PEP 562), so ``import
savingsmodel`` and ``savingsmodel --version`` cost almost nothing; each name
lives in the layer that owns it (``docs/explanation/architecture.md``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Final

__version__ = "0.1.0"

#: Each public name and the module it lives in: the one list of the public API.
_PUBLIC: Final = {
    "Acknowledgement": "savingsmodel.model.statements",
    "Allowance": "savingsmodel.model.lines",
    "Assumption": "savingsmodel.model.proposal",
    "Award": "savingsmodel.model.prices",
    "Basis": "savingsmodel.model.claims",
    "CheckFinding": "savingsmodel.checks.findings",
    "CapitalSpend": "savingsmodel.model.lines",
    "Claim": "savingsmodel.model.claims",
    "Count": "savingsmodel.model.statements",
    "Evaluation": "savingsmodel.engine.evaluation",
    "Findings": "savingsmodel.checks.findings",
    "Explanation": "savingsmodel.engine.figures",
    "Figure": "savingsmodel.model.claims",
    "FinancialYear": "savingsmodel.core.years",
    "Finding": "savingsmodel.checks.reconcile",
    "Grade": "savingsmodel.model.grades",
    "Input": "savingsmodel.engine.many",
    "InputError": "savingsmodel.core.errors",
    "ManyFigures": "savingsmodel.engine.many",
    "Money": "savingsmodel.core.money",
    "OneOffCost": "savingsmodel.model.lines",
    "OneOffIncome": "savingsmodel.model.lines",
    "Percentage": "savingsmodel.model.statements",
    "Phasing": "savingsmodel.core.phasing",
    "PostsCreated": "savingsmodel.model.lines",
    "PostsReleased": "savingsmodel.model.lines",
    "Prices": "savingsmodel.model.prices",
    "Problem": "savingsmodel.core.errors",
    "Proposal": "savingsmodel.model.proposal",
    "RecurringCost": "savingsmodel.model.lines",
    "RecurringIncome": "savingsmodel.model.lines",
    "RecurringSaving": "savingsmodel.model.lines",
    "Redundancy": "savingsmodel.model.lines",
    "Regrade": "savingsmodel.model.lines",
    "Rota": "savingsmodel.model.statements",
    "Scope": "savingsmodel.model.statements",
    "Scenario": "savingsmodel.files.scenario",
    "RoundingMode": "savingsmodel.core.money",
    "SavingsModelError": "savingsmodel.core.errors",
    "SeriesClaim": "savingsmodel.model.claims",
    "Severity": "savingsmodel.checks.findings",
    "Status": "savingsmodel.checks.reconcile",
    "Step": "savingsmodel.model.lines",
    "TransferIn": "savingsmodel.model.lines",
    "TransferOut": "savingsmodel.model.lines",
    "Unit": "savingsmodel.core.money",
    "UnitCostBuildUp": "savingsmodel.model.buildup",
    "Variant": "savingsmodel.model.proposal",
    "YearFigures": "savingsmodel.engine.figures",
    "break_even": "savingsmodel.whatif.breakeven",
    "compare": "savingsmodel.outputs.comparison",
    "evaluate": "savingsmodel.engine.evaluation",
    "evaluate_many": "savingsmodel.engine.many",
    "evaluate_plan": "savingsmodel.plan.rollup",
    "findings_frame": "savingsmodel.checks.findings",
    "inputs_of": "savingsmodel.engine.many",
    "load": "savingsmodel.files.scenario",
    "load_plan": "savingsmodel.files.plan",
    "loads": "savingsmodel.files.scenario",
    "long_frame": "savingsmodel.engine.evaluation",
    "reconcile": "savingsmodel.checks.reconcile",
    "run_checks": "savingsmodel.checks.registry",
    "spider": "savingsmodel.whatif.sweeps",
    "sweep": "savingsmodel.whatif.sweeps",
    "tornado": "savingsmodel.whatif.sweeps",
    "simulate": "savingsmodel.whatif.montecarlo",
}

__all__ = sorted([*_PUBLIC, "__version__"])


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'savingsmodel' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # looked up once; later uses are plain attribute reads
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_PUBLIC})


if TYPE_CHECKING:  # what type checkers and editors see: the same names, imported eagerly
    from savingsmodel.checks.findings import CheckFinding, Findings, Severity, findings_frame
    from savingsmodel.checks.reconcile import Finding, Status, reconcile
    from savingsmodel.checks.registry import run_checks
    from savingsmodel.core.errors import InputError, Problem, SavingsModelError
    from savingsmodel.core.money import Money, RoundingMode, Unit
    from savingsmodel.core.phasing import Phasing
    from savingsmodel.core.years import FinancialYear
    from savingsmodel.engine.evaluation import Evaluation, evaluate, long_frame
    from savingsmodel.engine.figures import Explanation, YearFigures
    from savingsmodel.engine.many import Input, ManyFigures, evaluate_many, inputs_of
    from savingsmodel.files.plan import load_plan
    from savingsmodel.files.scenario import Scenario, load, loads
    from savingsmodel.model.buildup import UnitCostBuildUp
    from savingsmodel.model.claims import Basis, Claim, Figure, SeriesClaim
    from savingsmodel.model.grades import Grade
    from savingsmodel.model.lines import (
        Allowance,
        CapitalSpend,
        OneOffCost,
        OneOffIncome,
        PostsCreated,
        PostsReleased,
        RecurringCost,
        RecurringIncome,
        RecurringSaving,
        Redundancy,
        Regrade,
        Step,
        TransferIn,
        TransferOut,
    )
    from savingsmodel.model.prices import Award, Prices
    from savingsmodel.model.proposal import Assumption, Proposal, Variant
    from savingsmodel.model.statements import Acknowledgement, Count, Percentage, Rota, Scope
    from savingsmodel.outputs.comparison import compare
    from savingsmodel.plan.rollup import evaluate_plan
    from savingsmodel.whatif.breakeven import break_even
    from savingsmodel.whatif.montecarlo import simulate
    from savingsmodel.whatif.sweeps import spider, sweep, tornado
