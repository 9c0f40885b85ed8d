"""How a check declares itself: its codes, their severities, what it reads, a summary and its documentation.

A check is a function from an evaluated proposal to findings, declared with
:func:`check` beside the function, in the module of its family::

    @check(
        Rule(
            "COUNT-PHASED",
            (Severity.INFO, Severity.WARNING),
            reads=(Reads.COUNTS,),
            summary="a count phased over years adds up to its total",
        )
    )
    def count_phased(evaluation: Evaluation) -> Iterator[CheckFinding]:
        \"\"\"Info when it holds, warning when it does not.\"\"\"

A function that reports several codes (a rota's cover and its shortfall)
declares one :class:`Rule` for each, with its own ``doc``; a function with one
rule may leave ``doc`` out, and its docstring documents the rule. Each code is
declared once: :mod:`savingsmodel.checks.registry` collects the families and
refuses a code declared twice or missing from
:data:`savingsmodel.model.statements.CHECK_CODES`.

The declarations are values, made once at import; nothing here records them
anywhere, so there is no list for code or tests to change at run time.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import KW_ONLY, dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING

from savingsmodel.checks.findings import CheckFinding, Severity

if TYPE_CHECKING:
    from savingsmodel.engine.evaluation import Evaluation

__all__ = ["Check", "CheckFunction", "Family", "Reads", "Rule", "check"]

#: What a check is: the findings it makes about an evaluated proposal.
CheckFunction = Callable[["Evaluation"], Iterable[CheckFinding]]


class Reads(StrEnum):
    """What a check reads: a part of the proposal, its evaluated figures, or the other checks' findings."""

    LINES = "lines"
    CLAIMS = "claims"
    SERIES = "series"
    COUNTS = "counts"
    ROTAS = "rotas"
    #: Percentages and shares the paper states.
    PERCENTAGES = "percentages"
    #: The scopes statements are about: a wider programme, or a part of the proposal.
    SCOPES = "scopes"
    GRADES = "grades"
    #: The price basis: cash or constant, the price base, the pay awards and inflation.
    PRICES = "prices"
    ACKNOWLEDGED = "acknowledged"
    #: The figures by year that :func:`~savingsmodel.engine.evaluation.evaluate` computes.
    FIGURES = "figures"
    #: What the other checks found (the acknowledgements are matched against it).
    FINDINGS = "findings"


@dataclass(frozen=True, slots=True)
class Rule:
    """One code a check may report, and what the reference page says of it.

    ``severity`` is the one severity the code is reported with, or each it may
    be (an identity that holds is an info, one that does not a warning).
    ``summary`` completes "checks that ..." in a line; ``doc`` is Markdown: the
    rule, when each severity is given, and the example from a paper that
    motivated it.
    """

    code: str
    severity: Severity | tuple[Severity, ...]
    _: KW_ONLY
    reads: tuple[Reads, ...]
    summary: str
    doc: str = ""

    @property
    def severities(self) -> tuple[Severity, ...]:
        """Each severity the code may be reported with."""
        return self.severity if isinstance(self.severity, tuple) else (self.severity,)


@dataclass(frozen=True, slots=True)
class Check:
    """A check function with the rules it declares: call it on an evaluation for its findings."""

    run: CheckFunction
    rules: tuple[Rule, ...]

    @property
    def name(self) -> str:
        """The function's name, e.g. ``count_scope``."""
        return self.run.__name__

    def __call__(self, evaluation: Evaluation) -> list[CheckFinding]:
        return list(self.run(evaluation))


def check(*rules: Rule) -> Callable[[CheckFunction], Check]:
    """Declare the function below as a check that reports the codes of ``rules``.

    A single rule without ``doc`` takes the function's docstring as its documentation.
    """

    def declare(run: CheckFunction) -> Check:
        if not rules:
            raise ValueError(f"check {run.__name__} declares no rule: give each code it reports")
        if len(rules) == 1 and not rules[0].doc:
            return Check(run, (replace(rules[0], doc=inspect.cleandoc(run.__doc__ or "")),))
        return Check(run, rules)

    return declare


@dataclass(frozen=True, slots=True)
class Family:
    """The checks of one module, under one heading of the reference page.

    ``intro`` is Markdown shown under the heading, before the codes. ``reported_after``
    declares codes no check function reports, because :func:`~savingsmodel.checks.registry.run_checks`
    reports them itself once every check has run (``ACK-UNUSED``, when it applies the acknowledgements).
    """

    title: str
    checks: tuple[Check, ...]
    _: KW_ONLY
    intro: str = ""
    reported_after: tuple[Rule, ...] = ()

    @property
    def rules(self) -> tuple[Rule, ...]:
        """Every code the family declares, in the order its checks run."""
        return (*(rule for one in self.checks for rule in one.rules), *self.reported_after)
