"""In a notebook: short reprs, and each result shown as its summary table, every cell escaped."""

import re

from savingsmodel import Grade, PostsReleased, Proposal, evaluate, load, reconcile, run_checks
from savingsmodel.examples import scs4_1_revised

RESULT = evaluate(scs4_1_revised())


def cells(html: str) -> list[str]:
    return re.findall(r"<t[dh](?: [^>]*)?>(.*?)</t[dh]>", html)


def test_an_evaluation_shows_its_figures_by_year() -> None:
    html = RESULT._repr_html_()
    assert html.startswith("<table>")
    assert "<caption>SCS4-1 15SCS42 S: Revised staffing model" in html
    found = cells(html)
    assert found[:5] == ["", "2016/17", "2017/18", "2018/19", "2019/20"]
    assert "Net saving, incremental (MTFP line)" in found
    assert "£360,000" in found
    assert "Total over the period (not an annual figure): £1,440,000." in html
    assert len(html) < 8000


def test_a_proposal_shows_its_lines_and_a_short_repr() -> None:
    proposal = scs4_1_revised()
    html = proposal._repr_html_()
    assert "Watch Manager posts released" in cells(html)
    assert "Variants: posts-leave-october." in html
    assert repr(proposal) == "Proposal('SCS4-1 15SCS42 S', 2016/17 for 4 years: 2 grades, 7 lines, 8 claims, 1 variant)"
    assert str(proposal) == repr(proposal)


def test_explanations_findings_and_checks_show_as_tables() -> None:
    explained = RESULT.explain("additional_costs", "2016/17")
    assert cells(explained._repr_html_())[0] == "additional costs in 2016/17: £216,000"
    findings = reconcile(RESULT)
    html = findings._repr_html_()
    assert cells(html)[:4] == ["", "code", "where", "finding"]
    assert "misses" in cells(html)
    assert "WORDS-UNIT-COST" in cells(run_checks(RESULT)._repr_html_())
    assert findings[0]._repr_html_().count("<tr>") == 2
    assert repr(findings[0]).startswith("Finding('holds: gross_saving 2016/17")


def test_a_scenario_shows_its_file_and_its_proposal() -> None:
    scenario = load("scenarios/scs4-1-revised.toml")
    assert scenario._repr_html_().startswith("<p>scenarios/scs4-1-revised.toml</p>\n<table>")
    assert len(repr(scenario)) < 300


def test_what_a_user_wrote_is_escaped() -> None:
    proposal = Proposal(
        reference="<script>alert(1)</script>",
        start_year="2016/17",
        grades=[Grade(name="A & B", unit_cost="30k")],
        lines=[PostsReleased(name="<b>posts</b>", grade="A & B", fte=1)],
    )
    for html in (proposal._repr_html_(), evaluate(proposal)._repr_html_()):
        assert "<script>" not in html
        assert "<b>" not in html
    assert "&lt;b&gt;posts&lt;/b&gt;" in proposal._repr_html_()
