"""Scopes: whose figures a statement is about, so that checks compare like with like.

A paper often states figures for a wider programme and for the part it costs ("24 roles
saving £3.8m, of which 3 exits cost £513k"). The proposal's lines cost one scope (named
``proposal``); a :class:`~savingsmodel.model.statements.Scope` with lines is a part of it,
costed by those lines alone; one without lines is wider, its figures stated, never costed.
:class:`Scopes` answers, for the checks: is a scope costed, what are its terms and figures,
and which scope is within which.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pydantic import BaseModel

from savingsmodel.engine.evaluation import evaluate
from savingsmodel.engine.terms import Term
from savingsmodel.model.statements import PROPOSAL_SCOPE, Scope

if TYPE_CHECKING:
    from savingsmodel.engine.evaluation import Evaluation

__all__ = ["Scopes", "scope_of"]


def scope_of(name: str | None) -> str:
    """The scope a statement names, ``proposal`` when it names none.

    >>> scope_of(None), scope_of("programme")
    ('proposal', 'programme')
    """
    return name or PROPOSAL_SCOPE


@dataclass
class Scopes:
    """The scopes of one evaluated proposal; a part's figures are worked out once, when first asked for."""

    evaluation: Evaluation
    _parts: dict[str, Evaluation] = field(default_factory=dict)

    def named(self, name: str) -> Scope | None:
        """The scope of this name, None for the proposal (or a name the proposal does not define)."""
        return next((s for s in self.evaluation.proposal.scopes if s.name == name), None)

    def costed(self, name: str | None) -> bool:
        """Whether the lines cost the scope: the proposal, or a part of it (a scope with lines)."""
        scope = self.named(scope_of(name))
        return scope is None or not scope.wider

    def terms(self, name: str | None) -> tuple[Term, ...]:
        """The terms of a costed scope's lines (all the proposal's for ``proposal``)."""
        scope = self.named(scope_of(name))
        if scope is None:
            return self.evaluation.terms
        return tuple(t for t in self.evaluation.terms if t.line in scope.lines)

    def figures(self, name: str | None) -> Evaluation:
        """A costed scope's figures: the proposal's own, or those of a part's lines alone."""
        scope = self.named(scope_of(name))
        if scope is None:
            return self.evaluation
        if scope.name not in self._parts:
            proposal = self.evaluation.proposal
            # Only the part's lines: the statements are the whole proposal's, and are not evaluated here.
            part = BaseModel.model_copy(
                proposal,
                update={"lines": tuple(x for x in proposal.lines if x.name in scope.lines), "variants": ()},
            )
            self._parts[scope.name] = evaluate(part)
        return self._parts[scope.name]

    def outer(self, name: str | None) -> list[str]:
        """Every scope ``name`` is within, nearest first: a part is within its ``within`` (default the
        proposal), the proposal within every wider scope, a wider scope within its ``within``.

        >>> from savingsmodel.examples import scs4_1_revised
        >>> Scopes(evaluate(scs4_1_revised())).outer(None)
        []
        """
        found: list[str] = []
        current = scope_of(name)
        while True:
            scope = self.named(current)
            if scope is None:
                # The proposal: within every wider scope not within another (those follow by their own within).
                tops = [s.name for s in self.evaluation.proposal.scopes if s.wider and s.within is None]
                lower = [s.name for s in self.evaluation.proposal.scopes if s.wider and s.within is not None]
                return [*found, *(n for n in lower if n not in found), *(n for n in tops if n not in found)]
            step = scope.within or (PROPOSAL_SCOPE if not scope.wider else None)
            if step is None or step in found or step == current:
                return found
            found.append(step)
            current = step

    def within(self, inner: str | None, outer: str | None) -> bool:
        """Whether scope ``inner`` is part of scope ``outer`` (and not the same scope)."""
        return scope_of(outer) in self.outer(inner)
