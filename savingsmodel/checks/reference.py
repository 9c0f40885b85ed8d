"""The reference page of the checks, generated from the registry so that code and documentation cannot drift.

``docs/reference/checks.md`` is hand-written around one marked section, which
:func:`updated` fills with every code: its severity, what it reads, its summary
and its documentation, as each check declares them. Regenerate the page after
adding or changing a check, from the repository root::

    python -m savingsmodel.checks.reference docs/reference/checks.md

``--check`` changes nothing, and exits 1 when the page is stale (a test does the same).

>>> print(render().split("\\n")[5])
| [`COUNT-CONFLICT`](#count-conflict) | warning | counts | two statements of the same count agree |
"""

from __future__ import annotations

import argparse
import inspect
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from savingsmodel.checks.registry import FAMILIES
from savingsmodel.checks.rules import Family, Rule

__all__ = ["BEGIN", "COMMAND", "END", "main", "render", "updated"]

BEGIN: Final = "<!-- checks: begin -->"
END: Final = "<!-- checks: end -->"
#: What regenerates the page, from the repository root.
COMMAND: Final = "python -m savingsmodel.checks.reference docs/reference/checks.md"


def _severity(rule: Rule) -> str:
    return " or ".join(severity.value for severity in rule.severities)


def _reads(rule: Rule) -> str:
    return ", ".join(part.value for part in rule.reads)


def _anchor(code: str) -> str:
    # The anchor a Markdown renderer (GitHub, MkDocs) gives the heading "#### `CODE`".
    return code.lower()


def render(families: Sequence[Family] = FAMILIES) -> str:
    """The generated section: a table of every code, then each family's codes with their documentation."""
    out = [
        "<!-- Generated from the check registry (savingsmodel/checks/): do not edit by hand. Change a check's",
        f"     declaration, then regenerate: {COMMAND} -->",
        "",
        "| code | severity | reads | what it checks |",
        "|---|---|---|---|",
    ]
    out += [
        f"| [`{r.code}`](#{_anchor(r.code)}) | {_severity(r)} | {_reads(r)} | {r.summary} |"
        for family in families
        for r in family.rules
    ]
    for family in families:
        out += ["", f"### {family.title}"]
        if family.intro:
            out += ["", inspect.cleandoc(family.intro)]
        for rule in family.rules:
            out += [
                "",
                f"#### `{rule.code}`",
                "",
                f"*{_severity(rule)}; reads {_reads(rule)}*: {rule.summary}.",
                "",
                inspect.cleandoc(rule.doc),
            ]
    return "\n".join(out) + "\n"


def updated(page: str, families: Sequence[Family] = FAMILIES) -> str:
    """``page`` with the text between its :data:`BEGIN` and :data:`END` markers generated afresh."""
    start, end = page.find(BEGIN), page.find(END)
    if start < 0 or end < start:
        raise ValueError(f"expected the markers {BEGIN} and then {END} in the page, around the generated section")
    return f"{page[: start + len(BEGIN)]}\n{render(families)}{page[end:]}"


def main(argv: Sequence[str] | None = None) -> int:
    """Regenerate the page in place; with ``--check``, only say whether it is stale (exit 1 if so)."""
    parser = argparse.ArgumentParser(
        prog="python -m savingsmodel.checks.reference", description="Regenerate the checks' reference page."
    )
    parser.add_argument("page", type=Path, nargs="?", default=Path("docs/reference/checks.md"))
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if the page is stale")
    args = parser.parse_args(argv)
    page: Path = args.page
    text = page.read_text(encoding="utf-8")
    fresh = updated(text)
    if fresh == text:
        print(f"{page}: up to date")
        return 0
    if args.check:
        print(f"{page}: stale; regenerate it with {COMMAND}", file=sys.stderr)
        return 1
    page.write_text(fresh, encoding="utf-8")
    print(f"{page}: regenerated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
