"""savingsmodel: model staffing savings exactly, and check the figures a paper claims.

>>> from savingsmodel import evaluate, reconcile
>>> from savingsmodel.examples import scs4_1_revised
>>> result = evaluate(scs4_1_revised())
>>> print(result.explain("gross_saving", "2016/17"))
gross saving in 2016/17: £576,000
  12 FTE x £48,000 = £576,000 (Watch Manager posts released; para 9)
"""

from savingsmodel.checks import run_checks
from savingsmodel.engine import Evaluation, Explanation, YearFigures, evaluate
from savingsmodel.errors import InputError, Problem, SavingsModelError
from savingsmodel.findings import CheckFinding, Severity
from savingsmodel.money import Money, RoundingMode, Unit
from savingsmodel.pay import Award, Prices
from savingsmodel.phasing import Phasing
from savingsmodel.proposal import (
    Allowance,
    Assumption,
    Claim,
    Figure,
    Grade,
    OneOffCost,
    PostsCreated,
    PostsReleased,
    Proposal,
    RecurringCost,
    RecurringIncome,
    Regrade,
    SeriesClaim,
    Step,
    Variant,
)
from savingsmodel.reconcile import Finding, Status, findings_frame, reconcile
from savingsmodel.statements import Acknowledgement, Count, Rota
from savingsmodel.unitcost import UnitCostBuildUp
from savingsmodel.years import FinancialYear

__version__ = "0.1.0"

__all__ = [
    "Acknowledgement",
    "Allowance",
    "Assumption",
    "Award",
    "CheckFinding",
    "Claim",
    "Count",
    "Evaluation",
    "Explanation",
    "Figure",
    "FinancialYear",
    "Finding",
    "Grade",
    "InputError",
    "Money",
    "OneOffCost",
    "Phasing",
    "PostsCreated",
    "PostsReleased",
    "Prices",
    "Problem",
    "Proposal",
    "RecurringCost",
    "RecurringIncome",
    "Regrade",
    "Rota",
    "RoundingMode",
    "SavingsModelError",
    "SeriesClaim",
    "Severity",
    "Status",
    "Step",
    "Unit",
    "UnitCostBuildUp",
    "Variant",
    "YearFigures",
    "__version__",
    "evaluate",
    "findings_frame",
    "reconcile",
    "run_checks",
]
