"""Plan files: the MTFP's proposals, targets and alternatives, in TOML or YAML, read with every problem placed.

A plan lists proposal files by paths relative to the plan's own folder, and proposals written inline.
Every problem in the plan, and in every proposal file it names, is reported at once: the plan's own as
``plan.toml:LINE: proposals[2].file: ...``, a proposal file's at its own file and line.

>>> plan = load_plan("scenarios/plan-2016.toml")
>>> [plan.name_of(i) for i in plan.counted()]
['SCS4-1 revised', 'FRS-FLEET-1', 'FRS-CONTROL-2']

A path that leaves the plan's folder (``../other/p.toml``, or an absolute path) is refused unless
``allow_outside=True``: a plan passed round a team should not read whatever its paths point at.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Final

from savingsmodel.core.errors import InputError, Problem, did_you_mean
from savingsmodel.files.positions import line_of
from savingsmodel.files.reading import MAX_FILE_BYTES, MAX_PROBLEMS, decode_text, place_problem, read_yaml, text_keys
from savingsmodel.files.scenario import SUFFIXES, Format, load
from savingsmodel.files.toml_format import read_toml
from savingsmodel.model.establishment import Establishment, PostSelection, selection_problems
from savingsmodel.model.lines import PostsReleased, Regrade
from savingsmodel.model.plan import Plan, PlanFile
from savingsmodel.model.proposal import Proposal

__all__ = ["is_plan_file", "load_plan", "loads_plan"]

_ALLOW: Final = " (allow it with --allow-outside, or allow_outside=True)"
_PLAN: Final = "a plan (name, start_year, targets, proposals, ...)"


def load_plan(path: str | os.PathLike[str], *, allow_outside: bool = False) -> Plan:
    """Read a plan file (``.toml``, ``.yaml`` or ``.yml``) and every proposal file it names.

    >>> plan = load_plan("scenarios/plan-2016.toml")
    >>> plan.file.name, len(plan.proposals), str(plan.file.years[0])
    ('Fire and Rescue Service MTFP 2016/17 to 2019/20 (illustrative)', 4, '2016/17')
    """
    source = os.fspath(path)
    file_format = SUFFIXES.get(Path(source).suffix.lower())
    if file_format is None:
        found = Path(source).suffix or "no extension"
        raise InputError.one(
            "", f"expected a .toml, .yaml or .yml plan file, found {found!r}", source, 1, code="file_type"
        )
    try:
        if not Path(source).is_file():
            raise InputError.one("", "cannot read the file: expected a regular file", source, code="not_a_file")
        with open(source, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise InputError.one(
            "", f"cannot read the file: {error.strerror or error}", source, code="unreadable"
        ) from None
    return loads_plan(data, source=source, format=file_format, folder=Path(source).parent, allow_outside=allow_outside)


def loads_plan(
    text: str | bytes,
    *,
    source: str,
    format: Format,
    folder: str | os.PathLike[str] = ".",
    allow_outside: bool = False,
) -> Plan:
    """Read a plan from text; its proposal files are read from ``folder`` (the plan's own folder)."""
    if not (text.strip() if isinstance(text, str) else bytes(text).strip()):
        raise InputError.one("", f"expected {_PLAN}, found an empty file", source, 1, code="empty")
    decoded = decode_text(text, source, expected=_PLAN)
    data, positions, problems = read_toml(decoded) if format == "toml" else read_yaml(decoded)
    plan_file: PlanFile | None = None
    if data is not None or not problems:
        if not isinstance(data, dict):
            problems.append(
                Problem(
                    "",
                    f"expected a table of plan fields at the top level, found {type(data).__name__}",
                    code="wrong_type",
                )
            )
        else:
            try:
                plan_file = PlanFile(**text_keys(data))
            except InputError as error:
                problems += error.problems
    placed = [place_problem(p, positions, source) for p in problems]
    others: list[Problem] = []
    proposals: list[Proposal] = []
    sources: list[str] = []
    establishment = None
    if plan_file is not None and not placed:
        base = Path(folder)
        establishment, found_here, found_there = _establishment(plan_file, base, positions, source, allow_outside)
        placed += found_here
        others += found_there
        for index, entry in enumerate(plan_file.proposals):
            here = f"proposals[{index}]"
            at = line_of(positions, f"{here}.file") or line_of(positions, here) or 1
            proposal: Proposal | None = entry.proposal
            where = source
            if entry.file is not None:
                where = os.fspath(base / entry.file)
                refusal = _outside(base, entry.file, allow_outside)
                if refusal is not None:
                    placed.append(Problem(f"{here}.file", refusal, source, at, code="outside_plan"))
                    proposal = None
                else:
                    proposal, here_problems, found = _read_proposal(where, f"{here}.file", source, at)
                    placed += here_problems
                    others += found
            if proposal is not None and entry.variant is not None:
                try:
                    proposal = proposal.with_variant(entry.variant)
                except InputError as error:
                    variant_line = line_of(positions, f"{here}.variant") or at
                    placed += [
                        replace(p.at(f"{here}.variant"), source=source, line=variant_line) for p in error.problems
                    ]
                    proposal = None
            if proposal is not None and entry.posts:
                placed += _posts_problems(entry.posts, proposal, establishment, plan_file, here, positions, source)
            if proposal is not None:
                proposals.append(proposal)
                sources.append(where)
        if not placed and not others:
            return Plan(plan_file, tuple(proposals), tuple(sources), source, establishment)
    every = sorted(placed, key=lambda p: p.line or 0) + others
    if len(every) > MAX_PROBLEMS:
        more = Problem(
            "",
            f"and {len(every) - MAX_PROBLEMS:,} more problems (the first {MAX_PROBLEMS} are shown)",
            source,
            code="more_problems",
        )
        every = [*every[:MAX_PROBLEMS], more]
    raise InputError(every)


def is_plan_file(path: str | os.PathLike[str]) -> bool:
    """Whether a file reads as a plan (a table with ``proposals`` and no proposal ``reference``), not a proposal.

    So that ``savingsmodel check scenarios/*.toml`` can pass over a plan beside the proposals it lists.

    >>> is_plan_file("scenarios/plan-2016.toml"), is_plan_file("scenarios/scs4-1-revised.toml")
    (True, False)
    """
    source = os.fspath(path)
    file_format = SUFFIXES.get(Path(source).suffix.lower())
    if file_format is None:
        return False
    try:
        with open(source, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
        data, _positions, problems = (read_toml if file_format == "toml" else read_yaml)(
            decode_text(raw, source, expected=_PLAN)
        )
    except (OSError, InputError):
        return False
    return not problems and isinstance(data, dict) and "proposals" in data and "reference" not in data


def _establishment(
    plan_file: PlanFile, base: Path, positions: Mapping[str, int], source: str, allow_outside: bool
) -> tuple[Establishment | None, list[Problem], list[Problem]]:
    """The establishment list the plan rests on (None when it names none), or its problems."""
    stated = plan_file.establishment_list
    if stated is None:
        return None, [], []
    here: list[Problem] = []
    for field in ("file", "mapping"):
        refusal = _outside(base, getattr(stated, field), allow_outside)
        if refusal is not None:
            path = f"establishment_list.{field}"
            here.append(Problem(path, refusal, source, line_of(positions, path) or 1, code="outside_plan"))
    if here:
        return None, here, []
    from savingsmodel.files.establishment import load_establishment  # here: only a plan with a list reads one

    try:
        return load_establishment(base / stated.file, base / stated.mapping), [], []
    except InputError as error:
        unreadable = {"unreadable", "not_a_file", "file_type"}
        if all(p.code in unreadable for p in error.problems):
            at = line_of(positions, "establishment_list.file") or 1
            return (
                None,
                [
                    replace(p.at("establishment_list.file", f"{p.source}: {p.message}"), source=source, line=at)
                    for p in error.problems
                ],
                [],
            )
        return None, [], list(error.problems)


def _posts_problems(
    selections: tuple[PostSelection, ...],
    proposal: Proposal,
    establishment: Establishment | None,
    plan_file: PlanFile,
    here: str,
    positions: Mapping[str, int],
    source: str,
) -> list[Problem]:
    """Posts named for lines the proposal does not release, or not on the establishment list."""
    problems: list[Problem] = []

    def at(path: str, message: str, code: str = "") -> None:
        problems.append(Problem(path, message, source, line_of(positions, path) or 1, code=code))

    if establishment is None:
        if plan_file.establishment_list is None:
            at(f"{here}.posts", "expected an establishment_list in the plan to take posts from, found none", "missing")
        return problems
    releasing = {line.name: line for line in proposal.lines if isinstance(line, PostsReleased | Regrade)}
    for index, selection in enumerate(selections):
        path = f"{here}.posts[{index}]"
        line = releasing.get(selection.line)
        if line is None:
            hint = did_you_mean(selection.line, list(releasing)) if releasing else "; the proposal has none"
            message = f"expected a posts_released or regrade line of the proposal, found {selection.line!r}{hint}"
            at(f"{path}.line", message)
        elif line.schedule:
            at(f"{path}.line", f"expected a line released on one date, found {selection.line!r} on a schedule")
        for problem in selection_problems(selection, establishment):
            at(f"{path}.{problem.path}", problem.message)
    return problems


def _outside(base: Path, written: str, allow_outside: bool) -> str | None:
    """Why a proposal's path is refused (it leaves the plan's folder), or None."""
    if allow_outside:
        return None
    if os.path.isabs(written):
        return f"expected a path relative to the plan's folder, found the absolute path {written!r}{_ALLOW}"
    # The path as written, not where a link in the folder leads: a plan's folder may hold links to shared files.
    if os.path.normpath(written).split(os.sep)[0] == os.pardir or Path(written).drive:
        return f"expected a path inside the plan's folder, found {written!r}, which leaves it{_ALLOW}"
    return None


def _read_proposal(
    path: str, field: str, plan_source: str, line: int
) -> tuple[Proposal | None, list[Problem], list[Problem]]:
    """The proposal in ``path``, or its problems: those placed in the plan (a file that cannot be read is the
    plan entry's problem), and those in the proposal's own file, at its own lines."""
    try:
        return load(path).proposal, [], []
    except InputError as error:
        unreadable = {"unreadable", "not_a_file", "file_type"}
        if all(p.code in unreadable for p in error.problems):
            here = [Problem(field, f"{path}: {p.message}", plan_source, line, code=p.code) for p in error.problems]
            return None, here, []
        return None, [], list(error.problems)
