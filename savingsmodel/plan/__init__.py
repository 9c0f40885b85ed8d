"""The MTFP plan: many proposals rolled up by year against the budget gap, risk-weighted, slipped, checked
for double counting.

>>> from savingsmodel.files.plan import load_plan
>>> result = evaluate_plan(load_plan("scenarios/plan-2016.toml"))
>>> [str(m) for m in result.total_cumulative()]
['£412,500', '£547,000', '£547,000', '£547,000']
"""

from savingsmodel.plan.duplicates import PlanFinding, double_counting
from savingsmodel.plan.rollup import PlanResult, ProposalRow, evaluate_plan
from savingsmodel.plan.slippage import slipped

__all__ = ["PlanFinding", "PlanResult", "ProposalRow", "double_counting", "evaluate_plan", "slipped"]
