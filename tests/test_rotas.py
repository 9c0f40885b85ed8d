"""Rotas as papers state them (issue 13, point 9): hours a year, hours a post works on the rota, posts per
position beside other services, and rotas that variants change.

The worked case's ISO rota (3 positions around the clock, 14 posts) stated each way a paper states it, one
test for each bad input, and properties: the ways of stating the same hours agree exactly.
"""

from __future__ import annotations

import math
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from savingsmodel import InputError, Proposal, Rota
from savingsmodel.files import dumps, load, loads
from savingsmodel.files.template import template

from builders import changed, checks, clerks, messages

ISO: dict[str, Any] = {"name": "ISO", "positions": 3, "posts": 14, "source": "para 8.5"}


def _rota(variants: list[dict[str, Any]] | None = None, **fields: Any) -> Proposal:
    return clerks(rotas=[{**ISO, **fields}], variants=variants or [])


def _found(proposal: Proposal, *codes: str) -> list[tuple[str, str, str]]:
    return [(f.code, f.severity.value, f.message) for f in checks(proposal) if f.code in codes]


def test_contracted_hours_a_year_are_judged_as_the_same_hours_a_week() -> None:
    by_week = _found(_rota(contracted_hours_per_week=42), "ROTA-COVER", "ROTA-SHORT")
    by_year = _found(_rota(contracted_hours_per_year=2190), "ROTA-COVER", "ROTA-SHORT")
    assert by_year == [
        (
            "ROTA-COVER",
            "info",
            "ISO rota (para 8.5): 3 positions x 24 hours x 365 days = 26,280 position-hours a year; 14 posts x 2,190 "
            "contracted hours a year = 30,660 contracted hours: the posts cover the rota only if leave, sickness and "
            "training take at most 14.3% of contracted hours (abstraction not stated; the statutory minimum leave of "
            "5.6 weeks alone is 10.7%); state the assumed abstraction",
        )
    ]
    assert by_week[0][2].replace("42 hours a week x 365/7", "2,190 contracted hours a year") == by_year[0][2]


def test_hours_a_post_works_on_the_rota_alone_give_the_posts_needed() -> None:
    assert _found(_rota(available_hours_per_year=1752), "ROTA-COVER", "ROTA-SHORT") == [
        (
            "ROTA-COVER",
            "info",
            "ISO rota (para 8.5): 3 positions x 24 hours x 365 days = 26,280 position-hours a year; 14 posts x 1,752 "
            "hours a year on the rota (after leave, sickness and training) = 24,528 hours: the posts are short of "
            "the positions",
        ),
        (
            "ROTA-SHORT",
            "warning",
            "ISO rota (para 8.5): 3 positions x 24 hours x 365 days = 26,280 position-hours a year; 14 posts x 1,752 "
            "hours a year on the rota (after leave, sickness and training) = 24,528 hours: 15 posts are needed: 14 "
            "cannot cover the positions without overtime or other staff; add posts, or state how the gap is filled",
        ),
    ]
    [(_, severity, message)] = _found(_rota(posts=15, available_hours_per_year=1752), "ROTA-COVER", "ROTA-SHORT")
    assert severity == "info"
    assert message.endswith(
        "the posts cover the positions, 15 posts needed (no contracted hours stated, so the most abstraction the "
        "posts allow cannot be worked out)"
    )


def test_hours_on_the_rota_with_contracted_hours_imply_the_abstraction() -> None:
    found = _found(_rota(contracted_hours_per_week=42, available_hours_per_year=1752), "ROTA-COVER", "ROTA-SHORT")
    assert [code for code, _, _ in found] == ["ROTA-COVER", "ROTA-SHORT"]
    assert found[0][2].endswith(
        "at most 14.3% of contracted hours; the paper's 1,752 hours a year available of 2,190 contracted imply "
        "20.0%, at which 15 posts are needed"
    )
    # The same as stating the abstraction itself.
    stated = _found(_rota(contracted_hours_per_week=42, abstraction="20%"), "ROTA-SHORT")
    assert stated == found[1:]


def test_posts_per_position_beside_other_services() -> None:
    proposal = _rota(contracted_hours_per_week=42, benchmark_posts_per_position=5, benchmark="CIPFA family group")
    assert _found(proposal, "ROTA-RATIO") == [
        (
            "ROTA-RATIO",
            "info",
            "ISO rota (para 8.5): 14 posts for 3 positions is 4.7 posts per position; other services (CIPFA family "
            "group) have 5: at their ratio the positions take 15 posts, 1 more than stated",
        )
    ]
    assert _found(_rota(contracted_hours_per_week=42), "ROTA-RATIO") == []  # nothing to compare with


def test_a_variant_changes_a_rota_and_its_verdict() -> None:
    base = _rota(
        contracted_hours_per_week=42,
        abstraction="20%",
        variants=[{"name": "sixteen-posts", "rotas": {"ISO": {"posts": 16}}}],
    )
    assert [code for code, _, _ in _found(base, "ROTA-SHORT")] == ["ROTA-SHORT"]
    more = base.with_variant("sixteen-posts")
    assert more.rotas[0].posts == 16
    assert _found(more, "ROTA-SHORT") == []
    assert base.with_changes(rotas={"ISO": {"posts": 16}}).rotas == more.rotas


@pytest.mark.parametrize("fmt", ["toml", "yaml"])
def test_a_rota_variant_goes_through_a_file_and_back(fmt: str) -> None:
    base = _rota(
        contracted_hours_per_year=2190,
        benchmark_posts_per_position="4.8",
        benchmark="other fire services",
        variants=[{"name": "more", "rotas": {"ISO": {"posts": 16, "available_hours_per_year": 1800}}}],
    )
    again = loads(dumps(base, fmt), source=f"again.{fmt}", format=fmt)  # type: ignore[arg-type]
    assert again.proposal == base


def test_a_rota_variant_goes_through_the_excel_template_and_back(tmp_path: Path) -> None:
    base = _rota(
        available_hours_per_year=1752,
        benchmark_posts_per_position=5,
        variants=[{"name": "more", "rotas": {"ISO": {"posts": 16}}}],
    )
    target = tmp_path / "rota.xlsx"
    target.write_bytes(template(base))
    assert load(target).proposal == base


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, "rotas[0]: expected a post's hours: contracted_hours_per_week, contracted_hours_per_year or"),
        (
            {"contracted_hours_per_week": 42, "contracted_hours_per_year": 2190},
            "rotas[0]: expected contracted hours a week or a year, found both (42 a week and 2190 a year)",
        ),
        (
            {"contracted_hours_per_week": 42, "available_hours_per_year": 1800, "abstraction": "15%"},
            "rotas[0]: expected an abstraction or the available hours a year, found both",
        ),
        (
            {"contracted_hours_per_week": 42, "available_hours_per_year": 2200},
            "rotas[0]: expected available hours a year of at most the contracted hours (2,190), found 2200",
        ),
        (
            {"contracted_hours_per_year": 9000},
            "rotas[0].contracted_hours_per_year: expected at most 8,784 hours a year (366 x 24), found 9000",
        ),
        (
            {"contracted_hours_per_week": 42, "benchmark_posts_per_position": 0},
            "rotas[0].benchmark_posts_per_position: expected a number above zero, found 0",
        ),
    ],
)
def test_each_bad_rota_is_refused_with_its_place(fields: dict[str, Any], expected: str) -> None:
    with pytest.raises(InputError) as caught:
        _rota(**fields)
    assert any(message.startswith(expected) for message in messages(caught)), messages(caught)


@pytest.mark.parametrize(
    ("rotas", "expected"),
    [
        ({"ISX": {"posts": 16}}, "variants[0].rotas: unknown rota 'ISX'; did you mean 'ISO'?"),
        ({"ISO": {"postz": 16}}, "variants[0].rotas.ISO.postz: cannot override 'postz'; did you mean 'posts'?"),
        ({"ISO": {"name": "X"}}, "variants[0].rotas.ISO.name: cannot override 'name'"),
    ],
)
def test_a_variant_naming_a_rota_or_field_the_proposal_lacks_is_refused(rotas: dict[str, Any], expected: str) -> None:
    with pytest.raises(InputError) as caught:
        _rota(contracted_hours_per_week=42, variants=[{"name": "v", "rotas": rotas}])
    assert any(message.startswith(expected) for message in messages(caught)), messages(caught)


def test_a_variant_that_breaks_a_rota_is_refused_at_its_override() -> None:
    base = _rota(contracted_hours_per_week=42)
    with pytest.raises(InputError) as caught:
        base.with_changes(rotas={"ISO": {"posts": -1}})
    assert messages(caught) == ["rotas.ISO.posts: expected a number above zero, found -1"]


def test_two_rotas_of_one_name_are_refused() -> None:
    with pytest.raises(InputError) as caught:
        clerks(rotas=[{**ISO, "contracted_hours_per_week": 42}, {**ISO, "contracted_hours_per_week": 40}])
    assert messages(caught) == ["rotas[1].name: expected a unique name, found 'ISO' again"]


# ---- Properties ---------------------------------------------------------------------------------------------

# Weeks of whole multiples of 7 hours make a whole year's hours (x 365/7), so both can be written exactly.
_HOURS = st.integers(2, 8).map(lambda sevens: 7 * sevens)


@settings(max_examples=80, deadline=None)
@given(positions=st.integers(1, 6), posts=st.integers(1, 60), week=_HOURS, share=st.integers(0, 40))
def test_the_ways_of_stating_a_post_s_hours_agree_exactly(positions: int, posts: int, week: int, share: int) -> None:
    abstraction = Fraction(share, 100)
    weekly = Rota(name="R", positions=positions, posts=posts, contracted_hours_per_week=week, abstraction=f"{share}%")
    year = Fraction(week) * Fraction(365, 7)
    available = year * (1 - abstraction)
    yearly = Rota(
        name="R",
        positions=positions,
        posts=posts,
        contracted_hours_per_year=year.numerator,
        abstraction=f"{share}%",
    )
    assert yearly.max_abstraction == weekly.max_abstraction
    assert yearly.posts_needed(abstraction) == weekly.posts_needed(abstraction)
    assert weekly.available_hours == available
    assert weekly.posts_needed_available() == weekly.posts_needed(abstraction)
    assert weekly.posts_per_position * positions == posts


@settings(max_examples=60, deadline=None)
@given(positions=st.integers(1, 6), available=st.integers(500, 2500), spare=st.integers(0, 3))
def test_enough_whole_posts_at_the_hours_on_the_rota_are_never_short(
    positions: int, available: int, spare: int
) -> None:
    position_hours = positions * 24 * 365
    posts = math.ceil(Fraction(position_hours, available)) + spare
    proposal = changed(
        clerks(), rotas=[{"name": "R", "positions": positions, "posts": posts, "available_hours_per_year": available}]
    )
    assert [f.code for f in checks(proposal) if f.is_warning] == []
    if posts > 1:
        fewer = changed(proposal, rotas=[{**proposal.rotas[0].model_dump(), "posts": posts - spare - 1}])
        assert [f.code for f in checks(fewer) if f.is_warning] == ["ROTA-SHORT"]
