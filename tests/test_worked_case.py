"""The worked case, SCS4-1 (revised), end to end: the figures, the explanations, the claims."""

from decimal import Decimal

from savingsmodel import Figure, FinancialYear, Money, Status, evaluate, findings_frame, reconcile
from savingsmodel.examples import scs4_1_revised


def test_figures_by_year() -> None:
    result = evaluate(scs4_1_revised())
    assert [str(y.year) for y in result.years] == ["2016/17", "2017/18", "2018/19", "2019/20"]
    first = result.year("2016/17")
    assert first.gross_saving == Money("576000")
    assert first.additional_costs == Money("216000")
    assert first.net_saving == Money("360000")
    assert [y.net_saving for y in result.years] == [Money("360000")] * 4
    assert [y.net_saving_incremental for y in result.years] == [Money("360000"), Money(0), Money(0), Money(0)]
    assert [y.net_saving_cumulative for y in result.years] == [Money("360000")] * 4
    assert result.total_over_period() == Money("1440000")


def test_establishment_change() -> None:
    first = evaluate(scs4_1_revised()).year(FinancialYear(2016))
    assert first.fte_change["Watch Manager"] == Decimal(-11)
    assert first.fte_change["Crew Manager"] == Decimal(8)
    assert first.fte_released == Decimal(12)


def test_every_figure_is_explained_by_its_lines() -> None:
    result = evaluate(scs4_1_revised())
    gross = result.explain("gross_saving", "2016/17")
    assert gross.parts == ("12 FTE x £48,000 = £576,000 (Watch Manager posts released; para 9)",)
    costs = result.explain(Figure.ADDITIONAL_COSTS, "2016/17")
    assert len(costs.parts) == 6
    assert "8 FTE, stated cost £32,000 = £32,000 (Additional Crew Manager posts; para 12)" in costs.parts
    assert "1 FTE priced in 'Resource Management Team' = £0" in costs.parts[0]
    net = result.explain("net_saving", "2016/17")
    assert net.parts[0] == "gross saving £576,000 + income £0 - additional costs £216,000 = £360,000"
    after = result.explain("net_after_one_off_costs", "2016/17")
    assert after.parts[0].endswith("- one-off costs £0 = £360,000")
    # ...and down to the lines: the gross saving's one line and the six cost lines.
    assert net.parts[1:] == (
        *(f"gross saving: {text}" for text in gross.parts),
        *(f"additional costs: {text}" for text in costs.parts),
    )
    assert "£1,440,000" in str(result.explain("net_saving"))


def test_the_papers_claims_hold_except_the_crew_manager_contradiction() -> None:
    findings = reconcile(evaluate(scs4_1_revised()))
    by_source = {f.source: f for f in findings if len(f.claims) == 1 and f.claim.startswith(("gross", "add", "net"))}
    assert by_source["para 11"].status is Status.HOLDS
    assert by_source["para 12"].status is Status.HOLDS
    statuses = [f.status for f in findings]
    assert statuses.count(Status.HOLDS) == 7
    assert statuses.count(Status.MISSES) == 1
    conflicts = [f for f in findings if f.status is Status.CONFLICT]
    assert len(conflicts) == 1
    assert "para 8.1 says 4, para 12 says 8" in conflicts[0].message
    missed = next(f for f in findings if f.status is Status.MISSES)
    assert missed.source == "para 8.1"
    assert missed.difference == Decimal(4)


def test_findings_as_a_table() -> None:
    frame = findings_frame(reconcile(evaluate(scs4_1_revised())))
    assert list(frame["status"]).count("holds") == 7
    missed = frame[frame["status"] == "misses"].iloc[0]
    assert (missed["stated"], missed["computed"], missed["difference"]) == (Decimal(4), Decimal(8), Decimal(4))
    assert missed["difference_percent"] == Decimal("100.0")
    assert frame[frame["status"] == "conflict"]["source"].item() == "para 8.1; para 12"
