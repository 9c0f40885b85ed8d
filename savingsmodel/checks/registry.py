"""The officer checks, registered: what an experienced finance officer looks for once the sums hold.

Each family of checks is a module (:mod:`~savingsmodel.checks.counts`,
:mod:`~savingsmodel.checks.percentages`, :mod:`~savingsmodel.checks.scoped`,
:mod:`~savingsmodel.checks.priced_in`, :mod:`~savingsmodel.checks.words`,
:mod:`~savingsmodel.checks.ranges`, :mod:`~savingsmodel.checks.rota`,
:mod:`~savingsmodel.checks.timing`, :mod:`~savingsmodel.checks.prices`, :mod:`~savingsmodel.checks.pensions`,
:mod:`~savingsmodel.checks.series`, :mod:`~savingsmodel.checks.capital`,
:mod:`~savingsmodel.checks.acknowledgements`) whose checks declare their codes
beside their functions (:mod:`~savingsmodel.checks.rules`). This module
collects them, once, at import: :data:`FAMILIES` in the order they run,
:data:`RULES` every code. :func:`run_checks` runs the checks in that order, and
within a family in the order of its ``checks``; then it applies the
acknowledgements, which adds ``ACK-UNUSED`` last.

>>> from savingsmodel.engine.evaluation import evaluate
>>> from savingsmodel.examples import scs4_1_revised
>>> findings = run_checks(evaluate(scs4_1_revised()))
>>> [(f.code, f.severity.value) for f in findings]  # doctest: +NORMALIZE_WHITESPACE
[('COUNT-SCOPE', 'info'), ('PRICED-IN', 'info'), ('WORDS-UNIT-COST', 'warning'), ('ROTA-COVER', 'info')]
>>> RULES["ROTA-SHORT"].summary
"a rota's posts cover its positions at the abstraction assumed"

Severity: a **warning** is a point the paper gets wrong or cannot support as
written; an **info** is a point that holds, or holds only on an assumption the
officer should see (a derived figure the paper does not state). Acknowledged
findings are still returned, with the reason in ``acknowledged``. Every check,
its rule and its motivating example are in ``docs/reference/checks.md``,
generated from :data:`FAMILIES` by :mod:`savingsmodel.checks.reference`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

from savingsmodel.checks import (
    acknowledgements,
    capital,
    counts,
    implied,
    pensions,
    percentages,
    priced_in,
    prices,
    ranges,
    rota,
    scoped,
    series,
    timing,
    words,
)
from savingsmodel.checks.acknowledgements import acknowledge
from savingsmodel.checks.findings import CheckFinding, Findings
from savingsmodel.checks.rules import Check, Family, Rule
from savingsmodel.model.statements import CHECK_CODES

if TYPE_CHECKING:
    from savingsmodel.engine.evaluation import Evaluation

__all__ = ["CHECKS", "FAMILIES", "RULES", "collect", "run_checks"]

#: Every family, in the order its checks run and its codes are documented.
FAMILIES: Final[tuple[Family, ...]] = (
    counts.FAMILY,
    percentages.FAMILY,
    scoped.FAMILY,
    priced_in.FAMILY,
    words.FAMILY,
    ranges.FAMILY,
    implied.FAMILY,
    rota.FAMILY,
    timing.FAMILY,
    prices.FAMILY,
    pensions.FAMILY,
    series.FAMILY,
    capital.FAMILY,
    acknowledgements.FAMILY,
)


def collect(families: Sequence[Family]) -> Mapping[str, Rule]:
    """Every rule of ``families`` by its code, read-only; refused when a code is declared twice, unknown to the
    model, or undocumented. Run once, at import, to make :data:`RULES`.
    """
    rules: dict[str, Rule] = {}
    for family in families:
        for rule in family.rules:
            if rule.code in rules:
                raise ValueError(f"check code {rule.code} is declared twice; declare each code once")
            if rule.code not in CHECK_CODES:
                raise ValueError(
                    f"check code {rule.code} is not in savingsmodel.model.statements.CHECK_CODES; add it there, "
                    "so that an acknowledgement naming it is accepted on load"
                )
            if not (rule.severities and rule.reads and rule.summary.strip() and rule.doc.strip()):
                raise ValueError(f"check code {rule.code} needs a severity, what it reads, a summary and a doc")
            rules[rule.code] = rule
    # Read-only, so that nothing can register or drop a check once the package is imported.
    return MappingProxyType(rules)


#: Every declared rule by its code, in the order the checks run.
RULES: Final = collect(FAMILIES)
#: Every check function, in the order :func:`run_checks` runs them.
CHECKS: Final[tuple[Check, ...]] = tuple(one for family in FAMILIES for one in family.checks)


def run_checks(evaluation: Evaluation) -> Findings[CheckFinding]:
    """Every check on an evaluated proposal, in the order of :data:`CHECKS`, acknowledgements applied.

    >>> from savingsmodel.engine.evaluation import evaluate
    >>> from savingsmodel.examples import scs4_1_revised
    >>> [f.code for f in run_checks(evaluate(scs4_1_revised())) if f.is_warning]
    ['WORDS-UNIT-COST']
    """
    found = [finding for one in CHECKS for finding in one.run(evaluation)]
    return Findings(acknowledge(evaluation.proposal, found, RULES))
