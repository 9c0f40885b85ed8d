"""The workbook recalculated by a spreadsheet program: every figure equals savingsmodel's to the penny.

Each bundled scenario (and each of its variants) and the corner cases of ``workbook_cases`` are
written with no saved results, recalculated by LibreOffice (headless, in one call for all of
them) and read back with openpyxl: every cell that carries a figure must equal savingsmodel's.
Then inputs are changed in a copy (a unit cost, a salary, a pay award, a headcount, vacancy factors) and,
recalculated, every figure moves as savingsmodel's do for the same change.

LibreOffice is Debian's ``libreoffice-calc-nogui`` (``.ci/run`` installs it); without it these
tests are skipped, unless SAVINGSMODEL_REQUIRE_TOOLS is set (as in CI), when they fail.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from savingsmodel import Evaluation, Money, Proposal, evaluate, reconcile
from savingsmodel.checks.registry import run_checks
from savingsmodel.files import load
from savingsmodel.outputs.workbook import Workbook, workbook

from builders import ROOT, changed
from workbook_cases import CONTRACTED_OUT, EDGE, ONCOSTS, REAL, REDUNDANCIES

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
if SOFFICE is None and os.environ.get("SAVINGSMODEL_REQUIRE_TOOLS"):
    pytest.fail("LibreOffice (soffice) is required here; install libreoffice-calc-nogui", pytrace=False)
pytestmark = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) not found: apt-get install libreoffice-calc-nogui"
)

# Recalculate every formula of an .xlsx file on load (by default LibreOffice may trust the saved results).
_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def recalculate(paths: list[Path], folder: Path) -> Path:
    """Open each workbook in LibreOffice, recalculate it and save it again, all in one call; the output folder."""
    profile = folder / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_PROFILE, encoding="utf-8")
    out = folder / "recalculated"
    command = [str(SOFFICE), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore"]
    command += ["--convert-to", "xlsx", "--outdir", str(out), *map(str, paths)]
    subprocess.run(command, check=True, capture_output=True, timeout=300)  # noqa: S603 - our own arguments
    return out


@dataclass(frozen=True)
class Case:
    name: str
    evaluation: Evaluation
    book: Workbook
    #: For a changed copy: what the changed cells should give (the workbook of the changed proposal).
    expected: Workbook | None = None


def written(name: str, proposal: Proposal) -> Case:
    evaluation = evaluate(proposal)
    book = workbook(evaluation, reconcile(evaluation), run_checks(evaluation), results=False)
    return Case(name, evaluation, book)


def cases() -> list[Case]:
    found = []
    for path in sorted(p for p in (ROOT / "scenarios").glob("*.toml") if not p.name.startswith("plan-")):
        proposal = load(path).proposal
        found.append(written(path.stem, proposal))
        found.extend(written(f"{path.stem}--{v.name}", proposal.with_variant(v.name)) for v in proposal.variants)
    found.append(written("edge", EDGE))
    found.append(written("real", REAL))
    # Posts rebuilt each year from a build-up, shared with a partner: this body's share of each rebuilt cost.
    found.append(written("oncosts-shared", ONCOSTS.with_changes(our_share="37.5%")))
    found.extend(written(f"edge--{v.name}", EDGE.with_variant(v.name)) for v in EDGE.variants)
    found += [written("oncosts", ONCOSTS), written("contracted-out", CONTRACTED_OUT)]
    found.append(written("redundancies", REDUNDANCIES))
    # Capital shared with a partner: this body's share of the sum, and of each year's MRP and interest.
    front_door = load(ROOT / "scenarios" / "digital-front-door.toml").proposal
    found.append(written("front-door-shared", front_door.with_changes(our_share="37.5%")))
    return found


def with_changed_inputs(case: Case, cells: dict[str, object], proposal: Proposal) -> Case:
    """A copy of ``case``'s workbook with ``cells`` (``Sheet!A1``) changed, expected to give ``proposal``'s figures."""
    book = openpyxl.load_workbook(io.BytesIO(case.book.data))
    for where, value in cells.items():
        sheet, cell = where.split("!")
        book[sheet.strip("'")][cell] = value
    buffer = io.BytesIO()
    book.save(buffer)
    evaluation = evaluate(proposal)
    expected = workbook(evaluation, reconcile(evaluation), run_checks(evaluation))
    return Case(f"{case.name}--changed", evaluation, Workbook(buffer.getvalue(), (), {}), expected)


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Case, openpyxl.Workbook]]:
    folder = tmp_path_factory.mktemp("workbooks")
    every = cases()
    by_name = {c.name: c for c in every}
    revised = load(ROOT / "scenarios" / "scs4-1-revised.toml").proposal
    library = load(ROOT / "scenarios" / "library-restructure.toml").proposal
    grades = [g.model_dump() for g in library.grades]
    grades[0]["build_up"]["salary"] = "26000"
    awards = [a.model_dump() for a in library.pay_awards]
    awards[1]["rate"] = "4%"
    every += [
        with_changed_inputs(
            by_name["scs4-1-revised"],
            {"Grades!B2": 50000},
            changed(revised, grades=[{**revised.grades[0].model_dump(), "unit_cost": "50000"}, revised.grades[1]]),
        ),
        with_changed_inputs(
            by_name["library-restructure"],
            {"Grades!C2": 26000, "Prices!C8": 0.04},
            changed(library, grades=grades, pay_awards=awards),
        ),
    ]
    oncosts = ONCOSTS.model_dump()
    oncosts["lines"][0]["headcount"] = 12
    oncosts["grades"][1]["vacancy_factor"] = "5%"
    every.append(
        with_changed_inputs(
            by_name["oncosts"],
            {"Lines!U2": 12, "Grades!W3": 0.05, "'Unit costs by year'!B2": 0.04},
            changed(ONCOSTS, lines=oncosts["lines"], grades=oncosts["grades"], vacancy_factor="4%"),
        )
    )
    # Capital: a larger sum borrowed at a higher rate moves the MRP and the interest, live.
    front_door = load(ROOT / "scenarios" / "digital-front-door.toml").proposal
    front_lines = [x.model_dump() for x in front_door.lines]
    front_lines[2] = {**front_lines[2], "amount": "500000", "interest_rate": "5%"}
    every.append(
        with_changed_inputs(
            by_name["digital-front-door"],
            {"Lines!M4": 500000, "Lines!AM4": 0.05},
            changed(front_door, lines=front_lines),
        )
    )
    paths = []
    for case in every:
        path = folder / f"{case.name}.xlsx"
        path.write_bytes(case.book.data)
        paths.append(path)
    out = recalculate(paths, folder)
    return {c.name: (c, openpyxl.load_workbook(out / f"{c.name}.xlsx", data_only=True)) for c in every}


def assert_figures(book: openpyxl.Workbook, expected: Workbook) -> int:
    wrong = []
    for figure in expected.figures:
        got = book[figure.sheet][figure.cell].value
        if not isinstance(got, int | float):
            wrong.append(f"{figure.sheet}!{figure.cell} {figure.what}: expected {figure.value}, found {got!r}")
            continue
        exact = Decimal(repr(got))
        to_the_penny = Money(exact).round() == Money(figure.value).round()
        if not to_the_penny or abs(exact - figure.value) > Decimal("0.0001"):
            wrong.append(f"{figure.sheet}!{figure.cell} {figure.what}: expected {figure.value}, found {got!r}")
    assert not wrong, "\n".join(wrong)
    return len(expected.figures)


def test_every_figure_of_every_bundled_scenario_recalculates_to_savingsmodels(
    recalculated: dict[str, tuple[Case, openpyxl.Workbook]],
) -> None:
    names = [n for n in recalculated if not n.endswith("--changed")]
    assert len(names) >= 9
    for name in names:
        case, book = recalculated[name]
        assert assert_figures(book, case.book) > 50, name


def test_changing_an_input_moves_every_figure_as_savingsmodel_moves_it(
    recalculated: dict[str, tuple[Case, openpyxl.Workbook]],
) -> None:
    for name in ("scs4-1-revised--changed", "library-restructure--changed", "oncosts--changed"):
        case, book = recalculated[name]
        assert case.expected is not None
        assert assert_figures(book, case.expected) > 100
        before = recalculated[name.removesuffix("--changed")][0].evaluation
        assert case.evaluation.years[0].net_saving != before.years[0].net_saving  # the change did move the totals


def test_the_live_claim_status_follows_the_recalculated_figures(
    recalculated: dict[str, tuple[Case, openpyxl.Workbook]],
) -> None:
    for name in ("scs4-1-revised", "scs4-1-revised--changed", "edge"):
        case, book = recalculated[name]
        sheet = book["Claims"]
        statuses = [sheet.cell(row, 7).value for row in range(2, sheet.max_row + 1)]
        assert statuses == [f.status.value for f in reconcile(case.evaluation)]
