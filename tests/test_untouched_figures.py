"""A figure that no input changes must not change: rounding happens once per line, never per piece of it."""

from datetime import date

from savingsmodel import Award, Grade, PostsReleased, Proposal, RecurringCost, Step, evaluate

WM = Grade(name="Watch Manager", unit_cost="48123.45")


def tranches(*ftes: int) -> PostsReleased:
    days = (date(2016, 4, 1), date(2016, 7, 1), date(2017, 1, 1))
    return PostsReleased(
        name="WM posts",
        grade="Watch Manager",
        schedule=[Step(on=on, fte=fte) for on, fte in zip(days, ftes, strict=False)],
    )


def proposal(line: PostsReleased, **more: object) -> Proposal:
    return Proposal(reference="X", start_year="2016/17", grades=[WM], lines=[line], **more)  # type: ignore[arg-type]


def test_when_posts_go_within_the_first_year_does_not_move_a_later_year_by_a_penny() -> None:
    # The example: a variant that only changes the tranches of 2016/17 (5, 4, 3 -> 6, 3, 3) moved
    # 2017/18 by £0.01, because each tranche's uprated rate was rounded on its own.
    awards = [Award(year="2017/18", rate="1.7%")]
    a = evaluate(proposal(tranches(5, 4, 3), prices="cash", pay_awards=awards))
    b = evaluate(proposal(tranches(6, 3, 3), prices="cash", pay_awards=awards))
    assert a.years[0].gross_saving != b.years[0].gross_saving  # the first year is touched
    for year_a, year_b in zip(a.years[1:], b.years[1:], strict=True):
        assert year_a.gross_saving == year_b.gross_saving  # every later year is the line's uprated rate, once
        assert year_a.full_year_effect == year_b.full_year_effect
    # 12 x £48,123.45 = £577,481.40; x 1.017 = £587,298.5838 -> £587,298.58, whatever the tranches.
    assert str(a.years[1].gross_saving) == "£587,298.58"
    assert a.full_year("gross_saving", "2017/18") == b.full_year("gross_saving", "2017/18")


def test_a_mid_year_award_is_rounded_once_for_the_line_not_once_per_tranche() -> None:
    awards = [Award(year="2017/18", rate="1.7%", effective=date(2017, 7, 1))]
    a = evaluate(proposal(tranches(5, 4, 3), prices="cash", pay_awards=awards))
    b = evaluate(proposal(tranches(6, 3, 3), prices="cash", pay_awards=awards))
    assert [y.gross_saving for y in a.years[1:]] == [y.gross_saving for y in b.years[1:]]


def test_each_tranche_shown_adds_up_to_the_line() -> None:
    result = evaluate(proposal(tranches(5, 4, 3), prices="cash", pay_awards=[Award(year="2017/18", rate="1.7%")]))
    for year in result.years:
        shown = [c.amount for c in result.contributions if c.year == year.year]
        assert sum(shown) == year.gross_saving


def test_a_line_undated_starts_with_the_proposal_not_in_the_year_before() -> None:
    # Posts gone in October 2015 make 2015/16 the opening year; a cost that starts with the proposal (2016/17)
    # was counted in 2015/16 too, so the first year's MTFP line left it out.
    p = Proposal(
        reference="X",
        start_year="2016/17",
        grades=[Grade(name="A", unit_cost="30k")],
        lines=[
            PostsReleased(name="early", grade="A", fte=2, start=date(2015, 10, 1)),
            RecurringCost(name="new team", amount="10k"),
        ],
    )
    result = evaluate(p)
    assert result.opening is not None
    assert (result.opening.gross_saving, result.opening.additional_costs) == (30000, 0)
    # 2016/17: £60k saved less £10k of new costs = £50k, £20k more than 2015/16's £30k.
    assert [str(y.net_saving_incremental) for y in result.years] == ["£20,000", "£0", "£0", "£0"]
