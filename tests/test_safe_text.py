"""Safe text in every output: control characters are refused on input, and whatever text reaches an
output is shown, never acted on (a terminal escape, a CSV row split, a Markdown link, a formula)."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from savingsmodel import Claim, Grade, InputError, Money, PostsReleased, Proposal, evaluate, reconcile
from savingsmodel.cli import main
from savingsmodel.core.errors import Problem
from savingsmodel.core.text import refused_characters
from savingsmodel.model.proposal import Variant
from savingsmodel.outputs.comparison import render_comparison
from savingsmodel.outputs.escaping import html_text, markdown_text, spreadsheet_text
from savingsmodel.outputs.report import render_run

# What would act in a terminal or split a row: every refused character but the line feed of a multi-line output.
ACTING = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
NASTY = "\x1b[2J\x1b]8;;http://evil\x07click\rWM\u202e\x85"


def base(**changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "reference": "R",
        "start_year": "2016/17",
        "grades": [{"name": "WM", "unit_cost": "48k"}],
        "lines": [{"kind": "posts_released", "name": "L", "grade": "WM", "fte": 1, "source": "para 1"}],
    }
    fields.update(changes)
    return fields


# Where a text can be written, as (field path, the proposal's fields with ``text`` there).
PLACES = {
    "reference": lambda t: base(reference=f"R{t}"),
    "title": lambda t: base(title=t),
    "grades[0].name": lambda t: base(grades=[{"name": t, "unit_cost": "48k"}], lines=[]),
    "grades[0].note": lambda t: base(grades=[{"name": "WM", "unit_cost": "48k", "note": t}]),
    "lines[0].source": lambda t: base(
        lines=[{"kind": "posts_released", "name": "L", "grade": "WM", "fte": 1, "source": t}]
    ),
    "claims[0].words": lambda t: base(claims=[{"figure": "net_saving", "value": "48k", "year": "2016/17", "words": t}]),
    "variants[0].description": lambda t: base(variants=[{"name": "v", "description": t}]),
    "variants[0].lines": lambda t: base(variants=[{"name": "v", "lines": {f"L{t}": {"fte": 2}}}]),
}


@settings(max_examples=60)
@given(st.sampled_from(sorted(PLACES)), st.sampled_from(refused_characters(multiline=True)), st.text(max_size=3))
def test_a_control_character_in_any_text_is_refused_at_its_field(place: str, char: str, around: str) -> None:
    text = "x" + char + around.replace("\x00", "")
    with pytest.raises(InputError) as caught:
        Proposal(**PLACES[place](text))
    problems = caught.value.problems
    assert any(p.path == place and p.code == "control_character" for p in problems), problems
    for problem in problems:
        assert ACTING.search(str(problem)) is None
        assert "\n" not in str(problem)


@pytest.mark.parametrize("place", ["reference", "title", "grades[0].name", "lines[0].source"])
def test_a_one_line_field_refuses_a_line_break_and_a_free_text_field_keeps_it(place: str) -> None:
    with pytest.raises(InputError, match="expected one line of text"):
        Proposal(**PLACES[place]("two\nlines"))
    assert Proposal(**PLACES["grades[0].note"]("two\nlines\tand a tab")).grades[0].note == "two\nlines\tand a tab"


def unvalidated() -> Proposal:
    """A proposal whose text never passed validation (built with model_construct), as a careless program might."""
    good = Proposal(**base(claims=[{"figure": "net_saving", "value": "48k", "year": "2016/17", "source": "p1"}]))
    grade = Grade.model_construct(**{**dict(good.grades[0]), "name": f"WM{NASTY}"})
    line = PostsReleased.model_construct(**{**dict(good.lines[0]), "grade": grade.name, "name": f"L{NASTY}"})
    claim = Claim.model_construct(**{**dict(good.claims[0]), "source": f"p{NASTY}", "words": f"w{NASTY}\nmore"})
    variant = Variant.model_construct(name=f"v{NASTY}", description=f"d{NASTY}\nmore", lines={}, grades={})
    # model_copy validates its changes (issue 14), so the unvalidated copy is built as model_construct builds it.
    return Proposal.model_construct(
        **{
            **dict(good),
            "title": f"T{NASTY}",
            "service": f"S{NASTY}",
            "grades": (grade,),
            "lines": (line,),
            "claims": (claim,),
            "variants": (variant,),
        }
    )


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "markdown"])
def test_text_that_skipped_validation_is_shown_escaped_in_every_format(fmt: str) -> None:
    result = evaluate(unvalidated())
    text = render_run(result, reconcile(result), fmt, variant=result.proposal.variants[0].name)
    assert ACTING.search(text) is None, repr(text)
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(text)))
        assert len(rows) == 1 + len(result.years) + 1
        assert len({len(row) for row in rows}) == 1
    if fmt == "json":
        data = json.loads(text)
        assert data["title"] == f"T{NASTY}"  # JSON carries the text exactly, escaped by JSON itself


def test_comparison_and_explanation_are_shown_escaped() -> None:
    a = evaluate(unvalidated())
    b = evaluate(Proposal.model_construct(**{**dict(unvalidated()), "horizon": 5}))
    assert ACTING.search(render_comparison(f"a{NASTY}", a, "b", b)) is None
    assert ACTING.search(str(a.explain("gross_saving", "2016/17"))) is None
    assert ACTING.search(str(a.explain("fte_change"))) is None


def test_check_json_stays_json_with_strange_text(tmp_path: Path) -> None:
    bad = tmp_path / "b\x1b[2J\rWM\u202e\x85.toml"
    bad.write_text('reference = "R"\nstart_year = "2016/17"\ntitle = "T\\u0085\\u202e"\n', encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        assert main(["check", str(bad), "--format", "json"]) == 2
    assert ACTING.search(out.getvalue()) is None
    entries = json.loads(out.getvalue())
    assert entries[0]["file"] == str(bad)
    assert entries[0]["path"] == "title"
    assert ACTING.search(err.getvalue()) is None


def test_a_problem_is_one_inert_line() -> None:
    problem = Problem("grades[0].name", f"unknown grade 'A{NASTY}'; known: 'B\nC'", f"f{NASTY}.toml", 3)
    shown = str(problem)
    assert "\n" not in shown
    assert ACTING.search(shown) is None
    assert shown.startswith("f\\x1b[2J")


def test_the_command_line_prints_a_strange_file_name_escaped(tmp_path: Path) -> None:
    name = str(tmp_path / f"a{NASTY}.toml")
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert main(["check", name]) == 2
    assert ACTING.search(err.getvalue()) is None
    assert "\\x1b[2J" in err.getvalue()


def test_markdown_escapes_html_and_links_in_user_text() -> None:
    proposal = Proposal(
        **base(
            title="<script>alert(1)</script> & [click](http://evil.example) ![x](http://t.example/p.png)",
            grades=[{"name": "<b>WM</b>|x", "unit_cost": "48k"}],
            lines=[{"kind": "posts_released", "name": "L", "grade": "<b>WM</b>|x", "fte": 1, "source": "`para` 1"}],
            claims=[{"figure": "net_saving", "value": "1", "year": "2016/17", "source": "[p](http://e.example)"}],
        )
    )
    result = evaluate(proposal)
    markdown = render_run(result, reconcile(result), "markdown")
    assert "<script>" not in markdown
    assert "<b>" not in markdown
    assert "\\<script\\>alert(1)\\</script\\> \\& \\[click\\](http://evil.example)" in markdown
    assert "\\!\\[x\\](http://t.example/p.png)" in markdown
    assert "| &nbsp;&nbsp;\\<b\\>WM\\</b\\>\\|x | " in markdown
    assert "\\[p\\](http://e.example)" in markdown
    # Nothing outside an escape opens a link, an image, HTML or a code span.
    assert re.search(r"(?<!\\)[\[<`]", markdown.replace("&nbsp;", "")) is None


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_spreadsheet_cell_that_would_be_a_formula_is_written_as_text(start: str) -> None:
    cell = spreadsheet_text(f'{start}HYPERLINK("http://evil")')
    assert cell.startswith("'")
    assert ACTING.search(cell) is None


def test_csv_text_cells_never_start_a_formula() -> None:
    grade = Grade.model_construct(name="=cmd|' /C calc'!A0", unit_cost=Money("48k"))
    good = Proposal(**base())
    line = PostsReleased.model_construct(**{**dict(good.lines[0]), "grade": grade.name})
    proposal = good.model_copy(update={"grades": (grade,), "lines": (line,)})
    text = render_run(evaluate(proposal), [], "csv")
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            assert not cell.startswith(("=", "+", "@")) or cell.lstrip("+-").replace(".", "").isdigit()


def test_html_escapes_everything() -> None:
    assert html_text("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#x27;&amp;&#x27;&lt;/a&gt;"
    assert html_text("a\x1bb\nc") == "a\\x1bb\nc"


def test_markdown_text_keeps_plain_words_as_they_are() -> None:
    assert markdown_text("Watch Manager posts released (para 9), £48,000") == (
        "Watch Manager posts released (para 9), £48,000"
    )
    assert markdown_text("two\nlines") == "two lines"


def test_a_valid_proposal_with_unusual_but_allowed_text_still_evaluates() -> None:
    proposal = Proposal(**base(title="Café 日本 «quotes» — dash", lines=[]))
    assert evaluate(proposal).years[0].net_saving == Money(0)
    assert date(2016, 4, 1) == proposal.start_year.start
