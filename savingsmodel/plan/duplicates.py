"""Double counting in a plan: the same proposal, the same saving (in the lines, or in the claims), or more posts
than the establishment holds.

Each finding names every proposal it is about, so the officer can go to both. Only counted proposals
are compared: an alternative left out of the plan (the original, when the revised counts) is not a
second count of the same saving.

>>> from savingsmodel.files.plan import load_plan
>>> double_counting(load_plan("scenarios/plan-2016.toml"))
[]
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from savingsmodel.core.money import Money
from savingsmodel.model.claims import Claim, Figure
from savingsmodel.model.establishment import selected_posts
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


def double_counting(plan: Plan, proposals: Sequence[Proposal] | None = None) -> list[PlanFinding]:
    """Every double count among the plan's counted proposals, in the order of the plan.

    ``proposals`` are the plan's proposals as evaluated (their lines priced from the establishment
    list's posts); by default, as read.
    """
    used = tuple(proposals) if proposals is not None else plan.proposals
    twice = list(_same_proposal(plan, used))
    # A proposal counted twice has every claim twice too: one finding says so, not one more per claim.
    alike = {f.proposals for f in twice}
    return [
        *twice,
        *_same_saving(plan, used),
        *_same_posts(plan),
        *_same_claim(plan, used, alike),
        *_beyond_establishment(plan, used),
    ]


def _same_posts(plan: Plan) -> Iterator[PlanFinding]:
    """A post on the establishment list released by two counted proposals."""
    if plan.establishment is None:
        return
    owner: dict[str, int] = {}
    shared: dict[tuple[int, int], list[str]] = {}
    for index in plan.counted():
        numbers: dict[str, None] = {}
        for selection in plan.file.proposals[index].posts:
            numbers.update(dict.fromkeys(p.number for p in selected_posts(selection, plan.establishment)))
        for number in numbers:
            first = owner.setdefault(number, index)
            if first != index:
                shared.setdefault((first, index), []).append(number)
    for (first, second), both in shared.items():
        listed = ", ".join(both[:10]) + (f" and {len(both) - 10} more" if len(both) > 10 else "")
        yield PlanFinding(
            "PLAN-SAME-POSTS",
            "warning",
            f"the same posts are released by two proposals: {_label(plan, first)} and {_label(plan, second)} "
            f"both release post{'s' if len(both) > 1 else ''} {listed}",
            (plan.name_of(first), plan.name_of(second)),
        )


def _label(plan: Plan, index: int) -> str:
    entry = plan.file.proposals[index]
    return f"{plan.name_of(index)} (proposals[{index}], {entry.directorate})"


def _same_proposal(plan: Plan, proposals: Sequence[Proposal]) -> Iterator[PlanFinding]:
    """Two counted entries that are one proposal: the same name, the same reference, or the same content."""
    counted = plan.counted()
    for a_pos, a in enumerate(counted):
        for b in counted[a_pos + 1 :]:
            pa, pb = proposals[a], proposals[b]
            same = (
                "name" if plan.name_of(a) == plan.name_of(b) else "reference" if pa.reference == pb.reference else None
            )
            if same is None and _content(pa) == _content(pb) and _line_posts(plan, a) == _line_posts(plan, b):
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


def _same_saving(plan: Plan, proposals: Sequence[Proposal]) -> Iterator[PlanFinding]:
    """One saving (the same line) claimed by two different counted proposals.

    A line whose posts the establishment list names is left to PLAN-SAME-POSTS: the list says
    whether two such lines are one saving, so lines alike in grade, FTE and dates are not guessed to be.
    """
    seen: dict[tuple[object, ...], tuple[int, str]] = {}
    flagged: set[tuple[int, int]] = set()
    for index in plan.counted():
        named = _line_posts(plan, index)
        for line in proposals[index].lines:
            key = _saving_key(line)
            if key is None or line.name in named:
                continue
            if key in seen and seen[key][0] != index and (seen[key][0], index) not in flagged:
                first, first_line = seen[key]
                if proposals[first].reference == proposals[index].reference:
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


def _beyond_establishment(plan: Plan, proposals: Sequence[Proposal]) -> Iterator[PlanFinding]:
    """More FTE of a grade released by the counted proposals than the establishment holds.

    The establishment is the plan's stated totals by grade; where a grade has none, the establishment
    list's posts of that grade.
    """
    held: dict[str, tuple[str, Decimal]] = {}
    if plan.establishment is not None:
        for post in plan.establishment.posts:
            grade, fte = held.get(post.grade.casefold(), (post.grade, Decimal(0)))
            held[post.grade.casefold()] = (grade, fte + post.fte)
    held.update({total.grade.casefold(): (total.grade, total.fte) for total in plan.file.establishment})
    released: dict[str, list[tuple[int, Decimal]]] = defaultdict(list)
    for index in plan.counted():
        by_grade: dict[str, Decimal] = defaultdict(Decimal)
        for line in proposals[index].lines:
            if isinstance(line, PostsReleased):
                by_grade[line.grade.casefold()] += line.fte or Decimal(0)
        for grade, fte in by_grade.items():
            released[grade].append((index, fte))
    for grade, parts in released.items():
        total = held.get(grade)
        released_fte = sum((fte for _, fte in parts), Decimal(0))
        if total is None or released_fte <= total[1]:
            continue
        shares = ", ".join(f"{_label(plan, i)} {fte.normalize():f}" for i, fte in parts)
        yield PlanFinding(
            "PLAN-BEYOND-ESTABLISHMENT",
            "warning",
            f"{released_fte.normalize():f} FTE {total[0]} released, but the establishment holds "
            f"{total[1].normalize():f}: {shares}",
            tuple(plan.name_of(i) for i, _ in parts),
        )


# ---- The same saving in two proposals' claims -------------------------------------------------------------------

#: The figures that are a saving: a claim of one of them counts the saving it names.
SAVING_FIGURES: Final = frozenset(
    {Figure.GROSS_SAVING, Figure.INCOME, Figure.NET_SAVING, Figure.NET_AFTER_ONE_OFF_COSTS}
)

# fmt: off
#: Words that name a figure or join words, not a saving: claims alike only in these (and in amounts and years) may
#: be two savings of one round amount, and are not taken as one.
GENERIC_WORDS: Final = frozenset((
    "a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "the", "to", "total", "annual", "year", "years",
    "full", "effect", "fye", "pye", "net", "gross", "saving", "savings", "income", "cost", "costs", "additional",
    "recurring", "one", "off", "incremental", "cumulative", "estimated", "approx", "approximately", "around",
    "about", "delivering", "delivers", "delivered", "deliver",
))
# fmt: on


def claim_words(words: str) -> str:
    """A claim's words as compared: case, spacing and punctuation aside (the amount and the year stay).

    >>> claim_words("  Deletion of the two WM posts at Slade: £96K.")
    'deletion of the two wm posts at slade £ 96k'
    """
    return " ".join(re.findall(r"[^\W_]+|£", words.casefold()))


def names_a_saving(words: str) -> bool:
    """Whether a claim's words say which saving it is: a word besides the figure's name, amounts and years.

    >>> names_a_saving("Net saving (savings - costs) £360k in 2016/17"), names_a_saving("Slade posts: £96k")
    (False, True)
    """
    return any(len(w) > 1 and w not in GENERIC_WORDS for w in re.findall(r"[^\W\d_]+", words.casefold()))


def _claim_key(claim: Claim) -> tuple[object, ...] | None:
    """What two claims must share to state one saving: the figure, its view, its year and the amount stated."""
    if claim.figure not in SAVING_FIGURES or claim.value == 0:
        return None
    return (claim.figure, claim.basis, claim.year, claim.of, claim.full_year, Money(claim.value))


def _line_posts(plan: Plan, index: int) -> dict[str, frozenset[str]]:
    """The post numbers each line of a counted proposal releases, from the establishment list (by line name)."""
    if plan.establishment is None:
        return {}
    posts: dict[str, set[str]] = defaultdict(set)
    for selection in plan.file.proposals[index].posts:
        posts[selection.line].update(p.number for p in selected_posts(selection, plan.establishment))
    return {line: frozenset(numbers) for line, numbers in posts.items()}


def _one_saving(plan: Plan, proposals: Sequence[Proposal], a: tuple[int, Claim], b: tuple[int, Claim]) -> str | None:
    """Why two claims of one figure, view, year and amount state one saving (None: nothing says they do)."""
    (i, first), (j, second) = a, b
    if first.words and claim_words(first.words) == claim_words(second.words) and names_a_saving(first.words):
        return f"in the same words: {first.words.strip()!r}"
    if first.line is None or second.line is None:
        return None
    lines_i = {line.name: line for line in proposals[i].lines}
    lines_j = {line.name: line for line in proposals[j].lines}
    line_i, line_j = lines_i.get(first.line), lines_j.get(second.line)
    if line_i is None or line_j is None:
        return None
    posts_i, posts_j = _line_posts(plan, i).get(first.line), _line_posts(plan, j).get(second.line)
    if posts_i is not None and posts_j is not None:  # the list says which posts: one saving if any is in both
        same = bool(posts_i & posts_j)
    else:
        key = _saving_key(line_i)
        same = key is not None and key == _saving_key(line_j)
    return f"on lines that are one saving: {first.line!r} and {second.line!r}" if same else None


def _same_claim(plan: Plan, proposals: Sequence[Proposal], alike: set[tuple[str, ...]]) -> Iterator[PlanFinding]:
    """One saving stated in the claims of two counted proposals (not one proposal counted twice).

    Two claims state one saving when they give the same amount of the same saving figure, in the same view and
    year, and something says it is the same saving: the same words (which name more than the figure, the amount
    and the year), or claims on lines that are one saving (released on the same dates, or the same posts of the
    establishment list). A round amount alone is never taken as one saving.
    """
    counted = plan.counted()
    keyed = [
        [(position, claim, key) for position, claim in enumerate(proposals[i].claims) if (key := _claim_key(claim))]
        for i in counted
    ]
    for a_pos, a in enumerate(counted):
        for b_pos in range(a_pos + 1, len(counted)):
            b = counted[b_pos]
            if (plan.name_of(a), plan.name_of(b)) in alike:
                continue
            found = next(
                (
                    (ca, cb, first, why)
                    for ca, first, ka in keyed[a_pos]
                    for cb, second, kb in keyed[b_pos]
                    if ka == kb and (why := _one_saving(plan, proposals, (a, first), (b, second))) is not None
                ),
                None,
            )
            if found is None:
                continue
            ca, cb, claim, why = found
            view = "" if claim.basis.value == "annual" else f" ({claim.basis.value})"
            year = f" {claim.year}" if claim.year is not None else " over the period"
            yield PlanFinding(
                "PLAN-SAME-CLAIM",
                "warning",
                f"the same saving is claimed by two proposals: {_label(plan, a)} claims[{ca}] and {_label(plan, b)} "
                f"claims[{cb}] both state {claim.figure.value}{view}{year} {Money(claim.value)}, {why}",
                (plan.name_of(a), plan.name_of(b)),
            )
