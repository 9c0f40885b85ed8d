"""Double counting in a plan: the same proposal, the same saving or more posts than the establishment holds.

Each finding names every proposal it is about, so the officer can go to both. Only counted proposals
are compared: an alternative left out of the plan (the original, when the revised counts) is not a
second count of the same saving.

>>> from savingsmodel.files.plan import load_plan
>>> double_counting(load_plan("scenarios/plan-2016.toml"))
[]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from savingsmodel.model.lines import PostsReleased
from savingsmodel.model.plan import Plan
from savingsmodel.model.proposal import Proposal

__all__ = ["PlanFinding", "double_counting"]


@dataclass(frozen=True, slots=True)
class PlanFinding:
    """A finding about the plan as a whole: its code, ``warning`` or ``info``, and the proposals it names."""

    code: str
    severity: str
    message: str
    proposals: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.severity}: {self.code}: {self.message}"


def double_counting(plan: Plan) -> list[PlanFinding]:
    """Every double count among the plan's counted proposals, in the order of the plan."""
    return [*_same_proposal(plan), *_same_saving(plan), *_beyond_establishment(plan)]


def _label(plan: Plan, index: int) -> str:
    entry = plan.file.proposals[index]
    return f"{plan.name_of(index)} (proposals[{index}], {entry.directorate})"


def _same_proposal(plan: Plan) -> Iterator[PlanFinding]:
    """Two counted entries that are one proposal: the same name, the same reference, or the same content."""
    counted = plan.counted()
    for a_pos, a in enumerate(counted):
        for b in counted[a_pos + 1 :]:
            pa, pb = plan.proposals[a], plan.proposals[b]
            same = (
                "name" if plan.name_of(a) == plan.name_of(b) else "reference" if pa.reference == pb.reference else None
            )
            if same is None and _content(pa) == _content(pb):
                same = "lines"
            if same is not None:
                yield PlanFinding(
                    "PLAN-TWICE",
                    "warning",
                    f"the same proposal is counted twice: {_label(plan, a)} and {_label(plan, b)} have the same "
                    f"{same}; count one (or make them alternatives, with one counted)",
                    (plan.name_of(a), plan.name_of(b)),
                )


def _content(proposal: Proposal) -> tuple[object, ...]:
    return (proposal.start_year, proposal.lines, proposal.grades)


def _saving_key(line: object) -> tuple[object, ...] | None:
    """What makes two saving lines one saving: posts of a grade released on the same dates, or the same income."""
    if isinstance(line, PostsReleased):
        return ("posts_released", line.grade.casefold(), line.fte, line.start, line.schedule, line.end)
    kind = getattr(line, "kind", None)
    if kind == "recurring_income":
        return ("recurring_income", getattr(line, "amount", None), line.start, line.end)  # type: ignore[attr-defined]
    return None


def _same_saving(plan: Plan) -> Iterator[PlanFinding]:
    """One saving (the same line) claimed by two different counted proposals."""
    seen: dict[tuple[object, ...], tuple[int, str]] = {}
    flagged: set[tuple[int, int]] = set()
    for index in plan.counted():
        for line in plan.proposals[index].lines:
            key = _saving_key(line)
            if key is None:
                continue
            if key in seen and seen[key][0] != index and (seen[key][0], index) not in flagged:
                first, first_line = seen[key]
                if plan.proposals[first].reference == plan.proposals[index].reference:
                    continue  # the same proposal twice is PLAN-TWICE's
                flagged.add((first, index))
                yield PlanFinding(
                    "PLAN-SAME-SAVING",
                    "warning",
                    f"the same saving is in two proposals: {_label(plan, first)} line {first_line!r} and "
                    f"{_label(plan, index)} line {line.name!r} release the same posts on the same dates",
                    (plan.name_of(first), plan.name_of(index)),
                )
            seen.setdefault(key, (index, line.name))


def _beyond_establishment(plan: Plan) -> Iterator[PlanFinding]:
    """More FTE of a grade released by the counted proposals than the plan's establishment holds."""
    held = {total.grade.casefold(): total for total in plan.file.establishment}
    released: dict[str, list[tuple[int, Decimal]]] = defaultdict(list)
    for index in plan.counted():
        by_grade: dict[str, Decimal] = defaultdict(Decimal)
        for line in plan.proposals[index].lines:
            if isinstance(line, PostsReleased):
                by_grade[line.grade.casefold()] += line.fte or Decimal(0)
        for grade, fte in by_grade.items():
            released[grade].append((index, fte))
    for grade, parts in released.items():
        total = held.get(grade)
        released_fte = sum((fte for _, fte in parts), Decimal(0))
        if total is None or released_fte <= total.fte:
            continue
        shares = ", ".join(f"{_label(plan, i)} {fte.normalize():f}" for i, fte in parts)
        yield PlanFinding(
            "PLAN-BEYOND-ESTABLISHMENT",
            "warning",
            f"{released_fte.normalize():f} FTE {total.grade} released, but the establishment holds "
            f"{total.fte.normalize():f}: {shares}",
            tuple(plan.name_of(i) for i, _ in parts),
        )
