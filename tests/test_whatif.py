"""Sweeps, tornado, spider and break-even (issue 8, points 4 and 5), each held to the exact engine."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from savingsmodel.core.errors import InputError
from savingsmodel.core.money import Money
from savingsmodel.engine.evaluation import evaluate
from savingsmodel.engine.many import changed
from savingsmodel.examples import scs4_1_revised
from savingsmodel.whatif.breakeven import break_even, first_reaching
from savingsmodel.whatif.sweeps import spider, sweep, tornado
from savingsmodel.whatif.values import as_inputs, find_input, read, search_range, shown, steps, uncertainty

from builders import messages

WM = "lines.Watch Manager posts released"
UNIT_COST = "grades.Watch Manager.unit_cost"


def exact(values: dict[str, int], figure: str = "net_saving", year: int = 0) -> Money:
    """The exact engine's figure for the worked case changed by ``values`` (whole units)."""
    proposal = scs4_1_revised()
    given = {name: as_inputs(find_input(proposal, name), [units])[0] for name, units in values.items()}
    return Money(evaluate(changed(proposal, given)).series(figure)[year])


# ---- Values ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "units", "words"),
    [
        (UNIT_COST, "£45k", 4_500_000, "£45,000"),
        (UNIT_COST, "48000.5", 4_800_050, "£48,000.50"),
        (f"{WM}.fte", "11.5", 115_000, "11.5 FTE"),
        (f"{WM}.start", "-3", -3, "-3 months"),
        ("pay_awards.2016/17.rate", "2.5%", 250_000_000, "2.5%"),
    ],
)
def test_values_are_read_as_written_and_shown_back(name: str, text: str, units: int, words: str) -> None:
    spec = find_input(scs4_1_revised(), name)
    assert read(spec, text) == units
    assert shown(spec, units) == words


def test_a_value_that_cannot_be_read_names_the_input_and_what_was_expected() -> None:
    spec = find_input(scs4_1_revised(), f"{WM}.fte")
    with pytest.raises(InputError) as caught:
        read(spec, "twelve")
    assert messages(caught) == [f"{WM}.fte: expected an FTE such as '12' or '11.5', found 'twelve'"]


def test_default_ranges_of_the_worked_case() -> None:
    proposal = scs4_1_revised()
    assert uncertainty(proposal, find_input(proposal, UNIT_COST)) == (4_320_000, 5_280_000)
    assert uncertainty(proposal, find_input(proposal, f"{WM}.start")) == (0, 6)  # never before the horizon
    assert search_range(proposal, find_input(proposal, f"{WM}.start")) == (0, 47)  # to March 2020


@given(st.integers(-1000, 1000), st.integers(0, 5000), st.integers(2, 40))
def test_steps_run_evenly_from_low_to_high_inclusive(low: int, width: int, count: int) -> None:
    values = steps(low, low + width, count)
    assert values[0] == low
    assert values[-1] == low + width
    assert values == sorted(values)
    assert len(values) == min(count, width + 1) or width == 0


# ---- Sweep, tornado, spider -----------------------------------------------------------------------------


def test_a_sweep_is_the_exact_engine_at_every_point_of_the_grid() -> None:
    grid = sweep(scs4_1_revised(), {UNIT_COST: ["£40k", "£48k", "£52k"], f"{WM}.start": [0, 3, 6, 9]})
    assert grid.points == 12
    for i in range(12):
        point = {UNIT_COST: grid.values[UNIT_COST][i], f"{WM}.start": grid.values[f"{WM}.start"][i]}
        for year in range(4):
            assert grid.figures(year)[i] == exact(point, year=year)
    header, rows = grid.table([0])
    assert header == [UNIT_COST, f"{WM}.start", "2016/17"]
    assert rows[1] == ["£40,000", "+3 months", "£144,000"]


def test_a_sweep_takes_one_to_three_inputs() -> None:
    with pytest.raises(InputError, match="expected one to three inputs to sweep, found 0"):
        sweep(scs4_1_revised(), {})


def test_tornado_ranks_by_swing_and_each_bar_is_the_exact_engine() -> None:
    chart = tornado(scs4_1_revised(), "net_saving", "2016/17")
    swings = [bar.swing for bar in chart.bars]
    assert swings == sorted(swings, reverse=True)
    assert chart.base == Money(360_000)
    for bar in chart.bars:
        assert bar.at_low == exact({bar.input.name: bar.low})
        assert bar.at_high == exact({bar.input.name: bar.high})
    assert chart.bars[0].input.name == f"{WM}.start"


def test_tornado_over_given_ranges() -> None:
    chart = tornado(scs4_1_revised(), ranges={"lines.Resource Management Team.amount": ("£100k", "£160k")})
    (bar,) = chart.bars
    assert (bar.at_low, bar.at_high, bar.swing) == (Money(394_000), Money(334_000), Money(60_000))


def test_spider_follows_the_figure_across_the_range() -> None:
    chart = spider(scs4_1_revised(), ranges={f"{WM}.fte": ("10", "14")}, points=5)
    assert [str(m) for _, m in chart.lines[f"{WM}.fte"]] == ["£264,000", "£312,000", "£360,000", "£408,000", "£456,000"]


def test_an_unknown_figure_or_year_is_an_input_error() -> None:
    with pytest.raises(InputError, match="found 'net_savings'; did you mean 'net_saving'"):
        tornado(scs4_1_revised(), "net_savings")
    with pytest.raises(InputError, match="expected a year from 2016/17 to 2019/20"):
        tornado(scs4_1_revised(), "net_saving", "2030/31")


# ---- Break-even -----------------------------------------------------------------------------------------


def test_break_even_of_a_unit_cost_is_exact_where_the_figure_is_linear() -> None:
    found = break_even(scs4_1_revised(), UNIT_COST)
    assert found.value == 1_800_000
    assert found.exact == Fraction(1_800_000)
    assert exact({UNIT_COST: 1_800_000}) == 0


def test_break_even_between_whole_pence_gives_the_exact_fraction_and_the_first_penny_past_it() -> None:
    # 12 FTE: the net saving is 12 x unit cost - £216k, so £100,000 is reached at £26,333.33 1/3.
    found = break_even(scs4_1_revised(), UNIT_COST, target="£100k")
    assert found.exact == Fraction(7_900_000, 3)
    assert found.value == 2_633_334
    assert exact({UNIT_COST: 2_633_334}) >= Money(100_000) > exact({UNIT_COST: 2_633_333})
    assert "£26,333.33 (rounded)" in str(found)


def test_break_even_of_a_start_is_found_by_search() -> None:
    found = break_even(scs4_1_revised(), f"{WM}.start", "net_saving_incremental", 2016, target="£200k")
    assert found.value == 4
    assert found.exact is None
    assert exact({f"{WM}.start": 4}, "net_saving_incremental") <= Money(200_000)
    assert exact({f"{WM}.start": 3}, "net_saving_incremental") > Money(200_000)


def test_no_value_in_the_range_says_so_with_the_figure_at_each_end() -> None:
    found = break_even(scs4_1_revised(), "lines.ISO allowances.total", within=("£0", "£100k"), target="£500k")
    assert not found.found
    assert str(found) == (
        "no value of lines.ISO allowances.total from £0 to £100,000 makes net_saving in 2016/17 reach £500,000: "
        "it runs from £375,000 (at £0) to £275,000 (at £100,000)"
    )


@given(st.integers(-50, 50), st.integers(1, 7), st.integers(-200, 200), st.integers(0, 3000))
def test_first_reaching_is_the_first_unit_at_or_past_the_target(a: int, d: int, target: int, width: int) -> None:
    # A rounded straight line, rising or falling: the search must agree with walking the range unit by unit.
    def figure(xs: list[int] | tuple[int, ...]) -> list[int]:
        return [int((Fraction(a * x, d)).__round__()) for x in xs]

    low, high = -width // 2, width - width // 2
    found = first_reaching(lambda xs: figure(list(xs)), low, high, target)
    start = figure([low])[0]
    side = (start > target) - (start < target)
    walked = next(
        (x for x in range(low, high + 1) if ((figure([x])[0] > target) - (figure([x])[0] < target)) != side), None
    )
    assert found.value == (low if side == 0 else walked)


def test_a_target_with_part_pence_is_refused() -> None:
    with pytest.raises(InputError, match="target: expected whole pence"):
        break_even(scs4_1_revised(), UNIT_COST, target=Money(Decimal("0.001")))


# ---- The command line -----------------------------------------------------------------------------------

REVISED = "scenarios/scs4-1-revised.toml"


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    from savingsmodel.cli import main

    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_sweep_as_csv_for_a_spreadsheet(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(
        capsys, "sweep", REVISED, "--input", f"{UNIT_COST}=£40k:£56k:3", "--year", "2016/17", "--format", "csv"
    )
    assert code == 0
    assert out.splitlines() == [
        f"{UNIT_COST},net_saving 2016/17",
        "40000.00,264000.00",
        "48000.00,360000.00",
        "56000.00,456000.00",
    ]


def test_sweep_of_listed_values_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    code, out, _ = cli(capsys, "sweep", REVISED, "--input", f"{WM}.start=0;6", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["points"][1] == {
        "inputs": {f"{WM}.start": "6"},
        "net_saving": {"2016/17": "72000.00", "2017/18": "360000.00", "2018/19": "360000.00", "2019/20": "360000.00"},
    }


def test_tornado_table_ranks_the_inputs(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "tornado", REVISED, "--input", f"{UNIT_COST}=40k:56k", "--input", f"{WM}.fte=11:12")
    assert code == 0
    assert out.splitlines()[0] == "net_saving in 2016/17: £360,000 as stated; each input alone from its low to its high"
    assert out.splitlines()[3].split() == [
        "1.",
        "grades.Watch",
        "Manager.unit_cost",
        "£40,000",
        "£56,000",
        "£264,000",
        "£456,000",
        "£192,000",
    ]


def test_break_even_in_words_and_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    code, out, _ = cli(capsys, "break-even", REVISED, UNIT_COST)
    assert code == 0
    assert out.startswith("net_saving in 2016/17 reaches £0 when grades.Watch Manager.unit_cost is £18,000 (exactly")
    code, out, _ = cli(capsys, "break-even", REVISED, UNIT_COST, "--target", "£100k", "--format", "json")
    data = json.loads(out)
    assert (data["value"], data["exact"], data["method"]) == ("26333.34", "79000/3", "linear")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["tornado", REVISED, "--input", "grades.Watch Manager.unitcost=1:2"], "did you mean"),
        (["tornado", REVISED, "--input", "no equals sign"], "expected --input NAME=LOW:HIGH"),
        (["sweep", REVISED], "expected one to three --input, found 0"),
        (["sweep", REVISED, "--input", f"{UNIT_COST}=a:b"], "expected an amount of money"),
        (["tornado", REVISED, "--figure", "fte_change"], "expected a money figure"),
        (["break-even", REVISED, UNIT_COST, "--within", "1"], "expected --within LOW:HIGH"),
        (["break-even", REVISED, UNIT_COST, "--year", "2030"], "expected a year from 2016/17 to 2019/20"),
    ],
)
def test_bad_input_exits_2_with_a_message_and_no_traceback(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, _, err = cli(capsys, *argv)
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_a_leavers_date_is_swung_only_over_the_dates_the_weekly_pay_limits_are_shipped_for() -> None:
    # The limits shipped run to 5 April 2026: a leaver on 31 December 2025 can go at most three months later in a
    # tornado (31 March 2026), and a line that states its limit may go the usual six.
    from datetime import date

    from savingsmodel.model.lines import Redundancy

    from builders import proposal, released

    def leaver(**fields: object) -> object:
        return Redundancy(name="Leaver", start=date(2025, 12, 31), age=45, service_years=10, weekly_pay="600", **fields)

    shipped = proposal(released(fte=12), leaver(strain="20000"), start_year="2025/26")
    start = find_input(shipped, "lines.Leaver.start")
    assert uncertainty(shipped, start) == (-3, 3)
    assert search_range(shipped, start)[1] == 3
    bars = {bar.input.name: bar for bar in tornado(shipped, figure="one_off_costs", year="2025/26").bars}
    pay, strain = bars["lines.Leaver.weekly_pay"], bars["lines.Leaver.strain"]
    assert pay.at_high - pay.at_low == Money(12 * 120)  # 12 weeks of £540 to £660 a week, under the limit (£719)
    assert strain.at_high - strain.at_low == Money(4000)  # £18,000 to £22,000
    stated = proposal(released(fte=12), leaver(weekly_cap="700"), start_year="2025/26")
    assert uncertainty(stated, find_input(stated, "lines.Leaver.start")) == (-3, 6)
