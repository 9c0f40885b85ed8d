"""Excel input workbooks: the template's layout, and reading a filled-in template into a proposal's fields.

A template (``savingsmodel new --xlsx``) has a sheet per section of the scenario file
(Proposal, Grades, Lines, Claims, ...), a row per item and a column per field, headed
by the field's name as a scenario file writes it. :func:`read_workbook` turns it into
the same data the TOML loader builds, with the cell of every field, so the one
validation (:mod:`savingsmodel.files.scenario`) reports each problem at its
``Sheet!Cell``:

    my-proposal.xlsx: Lines!F3: lines[1].fte: expected an FTE of zero or more, found -1

Numbers are read as a spreadsheet shows them: the stored binary number's shortest
decimal, to 15 significant digits (Excel keeps no more), so a typed 0.1 is 0.1 and
£48,176.81 is £48,176.81; text such as ``"£48k"`` is read as text, and money text is
parsed as in a scenario file. A formula is read as its saved result (what the
spreadsheet program last worked out), never evaluated; one with no saved result is
refused at its cell. Dates are dates; years such as ``2016/17`` must be text (a cell
formatted as Text, as the template's year columns are).

openpyxl is imported only when a workbook is read.
"""

from __future__ import annotations

import io
import re
import tomllib
import warnings
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Context, Decimal, InvalidOperation
from typing import Any, Final

from savingsmodel.core.errors import Problem, did_you_mean
from savingsmodel.files.positions import line_of

__all__ = [
    "LISTS",
    "MAX_WORKBOOK_BYTES",
    "PROPOSAL_FIELDS",
    "SECTIONS",
    "Column",
    "Section",
    "cell_of",
    "cell_order",
    "read_workbook",
]

#: The largest workbook read (8 MiB), and the most its parts may hold unpacked (64 MiB): a real
#: template is tens of kilobytes; a larger file is refused before it is opened.
MAX_WORKBOOK_BYTES: Final = 8 * 1024 * 1024
_MAX_UNPACKED: Final = 64 * 1024 * 1024
#: The most rows read from a sheet: a proposal has tens of lines, not thousands.
_MAX_ROWS: Final = 2000
# Excel keeps 15 significant digits of a number; a stored double is read back to as many.
_EXCEL_DIGITS: Final = Context(prec=15)


@dataclass(frozen=True, slots=True)
class Column:
    """A column of a section: its heading (the field's name), what it holds, and a line of help.

    ``kind`` says how the template writes and formats it: ``text``, ``money``, ``number``,
    ``rate``, ``year``, ``date``, ``bool`` or ``toml`` (a table or list written as TOML text);
    ``choices`` names a list a cell may pick from.
    ``path`` is where the value goes in the item (default: the heading, split at dots).
    """

    header: str
    help: str
    kind: str = "text"
    choices: str | None = None
    width: float = 14
    path: tuple[str | int, ...] = ()

    @property
    def where(self) -> tuple[str | int, ...]:
        return self.path or tuple(self.header.split("."))


@dataclass(frozen=True, slots=True)
class Section:
    """A sheet: the scenario file's section ``key``, and its columns."""

    sheet: str
    key: str
    about: str
    columns: tuple[Column, ...]


def _c(header: str, help: str, kind: str = "text", choices: str | None = None, width: float = 14, **kw: Any) -> Column:
    return Column(header, help, kind, choices, width, **kw)


#: The Proposal sheet: one row per field, the field's name in column A and its value in column B.
PROPOSAL_FIELDS: Final = (
    _c("reference", "the MTFP line reference, e.g. SCS4-1 (required)"),
    _c("title", "what the proposal does"),
    _c("service", "the service or directorate"),
    _c("source_document", "the paper: committee, date, item"),
    _c("start_year", "the first financial year modelled, as text: 2016/17 (required)", "year"),
    _c("horizon", "how many financial years to model (default 4)", "number"),
    _c("phasing", "part years counted in whole months (default) or days", choices="phasing"),
    _c(
        "prices",
        "constant (base-year prices, the default) or cash (uprated by pay awards and inflation)",
        choices="prices",
    ),
    _c("price_base", "the year whose prices the amounts are in, e.g. 2015/16", "year"),
    _c("vacancy_factor", "the vacancy factor budgets are set net of, e.g. 3% (a grade may state its own)", "rate"),
    _c(
        "costs_count_from",
        "months phasing: a cost counts from the month it starts in (start, the default) or first_full_month",
        choices="count_from",
    ),
    _c(
        "savings_count_from",
        "months phasing: a saving counts from its first full month (first_full_month, the default) or start",
        choices="count_from",
    ),
    _c("partner", "a shared service: the body (or bodies) it is shared with"),
    _c("our_share", "a shared service: this body's share of every line, e.g. 60% (default all)", "rate"),
    _c("payback.months", "the payback period the paper states, in months", "number"),
    _c(
        "payback.measure",
        "period (from the first one-off spend, the default) or simple (one-off costs / full-year net saving)",
        choices="payback",
    ),
    _c("payback.tolerance", "months either way the payback may be and still hold", "number"),
    _c("payback.words", "the paper's own words for the payback"),
    _c("payback.source", "where the paper states the payback, e.g. para 14"),
)

_NAME = "a name, unique in its sheet"
_SOURCE = "where the paper says so, e.g. para 9"

#: Every other sheet of a template, in order: one row per item.
SECTIONS: Final = (
    Section(
        "Grades",
        "grades",
        "One row per grade: a unit cost, or a build-up from salary (the build_up columns).",
        (
            _c("name", _NAME, width=24),
            _c(
                "unit_cost",
                "the fully loaded annual cost of one FTE, e.g. 48000 (or fill the build_up columns)",
                "money",
            ),
            _c(
                "plausible_low",
                "the lowest unit cost the checks accept (optional)",
                "money",
                path=("plausible_unit_cost", 0),
            ),
            _c("plausible_high", "the highest unit cost the checks accept", "money", path=("plausible_unit_cost", 1)),
            _c("unit_cost_rounded_to", "the paper states unit_cost rounded to this step, e.g. 1k for £48k", "money"),
            _c("build_up.salary", "annual salary of one FTE", "money"),
            _c("build_up.pay_point", "the grade and point the salary is", width=24),
            _c("build_up.tax_year", "the tax year whose employer NI applies, as text: 2025/26", "year"),
            _c("build_up.on", "or the date whose employer NI applies", "date"),
            _c("build_up.ni_rate", "overrides the table's employer NI rate, e.g. 13.8%", "rate"),
            _c("build_up.ni_threshold", "overrides the table's annual NI secondary threshold", "money"),
            _c("build_up.pension_rate", "employer pension contribution, a rate of salary: 21.7%", "rate"),
            _c(
                "build_up.pension_rates",
                'the pension rate from a year on, as TOML: {"2026/27" = "19%"}',
                "toml",
                width=20,
            ),
            _c("build_up.pension_scheme", "lgps, firefighters, police, nhs, teachers, civil_service or other"),
            _c(
                "build_up.contracted_out",
                "TRUE or FALSE: contracted out to 5 April 2016 (default: the scheme's)",
                "bool",
            ),
            _c("build_up.pension_deficit_rate", "deficit recovery, a rate of salary (never in the unit cost)", "rate"),
            _c("build_up.pension_rate_includes_deficit", "TRUE when pension_rate includes deficit recovery", "bool"),
            _c("build_up.ni_category", "standard, under_21 or apprentice_under_25 (the zero rates)"),
            _c("build_up.allowances", "annual allowances per FTE", "money"),
            _c(
                "build_up.allowances_pensionable",
                "TRUE when the allowances attract pension (default: the scheme's)",
                "bool",
            ),
            _c("build_up.allowances_ni", "FALSE when the allowances do not attract employer NI (default TRUE)", "bool"),
            _c("build_up.apprenticeship_levy", "e.g. 0.5% of NI-able pay", "rate"),
            _c("build_up.source", "where the salary and rates come from", width=24),
            _c("build_up.note", "anything a reader should know about the build-up", width=24),
            _c("vacancy_factor", "the grade's vacancy factor, e.g. 3% (default: the proposal's)", "rate"),
            _c("source", _SOURCE, width=20),
            _c("note", "why, or what is assumed", width=30),
        ),
    ),
    Section(
        "On-costs",
        "build_up.other",
        "Other on-costs of a built-up grade: a rate of salary, or a fixed amount a year.",
        (
            _c("grade", "the grade (with build_up columns) it adds to", choices="grades", width=24),
            _c("name", "the on-cost, e.g. car allowance", width=24),
            _c("rate", "a rate of salary, e.g. 1.25%", "rate"),
            _c("amount", "or a fixed amount a year", "money"),
        ),
    ),
    Section(
        "Lines",
        "lines",
        "One row per line: what changes the budget. Fill the columns its kind uses.",
        (
            _c(
                "kind",
                "posts_released, posts_created, regrade, allowance, recurring_cost, ...",
                choices="kinds",
                width=17,
            ),
            _c("name", _NAME, width=32),
            _c("grade", "for posts released or created: the grade", choices="grades", width=20),
            _c("from_grade", "for a regrade: the grade the posts leave", choices="grades", width=18),
            _c("to_grade", "for a regrade: the grade the posts move to", choices="grades", width=18),
            _c("fte", "FTE (0.5 allowed); or leave empty and list the steps on the Schedule sheet", "number", width=8),
            _c("unit_cost", "overrides the grade's unit cost for this line", "money"),
            _c("cost", "posts released or created: the stated annual cost of all the posts together", "money"),
            _c("priced_in", "posts created: the line whose amount already includes these posts", width=20),
            _c(
                "uplift_per_post",
                "regrade: the stated uplift of one post (default: the unit costs' difference)",
                "money",
            ),
            _c("per_post", "allowance: per post a year (with posts)", "money"),
            _c("posts", "allowance: how many posts", "number", width=8),
            _c("total", "allowance: or the total a year", "money"),
            _c(
                "amount",
                "recurring cost, income or saving a year; one-off cost, one-off income or capital spend once; "
                "tbc if not yet known",
                "money",
            ),
            _c(
                "what",
                "recurring saving: what is saved (a contract, agency spend, premises); one-off income: what it is",
                width=20,
            ),
            _c("budget", "TUPE transfer: the annual budget that moves with the staff", "money"),
            _c("body", "TUPE transfer: the other employer", width=20),
            _c(
                "year",
                "one-off cost, one-off income or capital spend: the year it falls in, as text: 2016/17",
                "year",
                width=9,
            ),
            _c("start", "first day in effect (default: the first day of start_year)", "date", width=11),
            _c("end", "last day in effect (default: never)", "date", width=11),
            _c("uprate", "pay, inflation or none (default: pay for staff lines)", choices="uprating", width=10),
            _c("our_share", "shared with a partner: this body's share of the line, e.g. 40%", "rate", width=9),
            _c("headcount", "posts: the people who hold the FTE (employer NI is per person)", "number", width=9),
            _c("vacant", "posts released: TRUE when the posts are vacant", "bool", width=8),
            _c(
                "funding",
                "one-off cost or redundancy: revenue (default), reserve, invest_to_save, capital_receipts or grant; "
                "capital spend: borrowing (default), capital_receipts, grant or reserve",
                width=10,
            ),
            _c(
                "asset_life",
                "capital spend: years the minimum revenue provision (MRP) repays it over",
                "number",
                width=8,
            ),
            _c("interest_rate", "capital spend: the borrowing cost a year on the balance, e.g. 4.5%", "rate", width=8),
            _c("revenue_cost", "capital spend: its revenue cost a year, as stated (instead of working it)", "money"),
            _c("age", "redundancy: age at leaving, complete years", "number", width=6),
            _c("service_years", "redundancy: complete years of continuous service", "number", width=8),
            _c("weekly_pay", "redundancy: a week's pay, before the statutory cap", "money"),
            _c("weekly_cap", "redundancy: the limit on a week's pay (default: the statutory limit)", "money"),
            _c("multiplier", "redundancy: the enhancement of statutory pay, e.g. 1.5 (default 1)", "number", width=9),
            _c("strain", "redundancy: the pension strain, as entered", "money"),
            _c("strain_factor", "redundancy: or the strain as a factor x strain_base", "number", width=9),
            _c("strain_base", "redundancy: what strain_factor multiplies", "money"),
            _c("strain_base_is", "redundancy: annual_pension or salary", width=12),
            _c("source", _SOURCE, width=16),
            _c("note", "why, or what is assumed", width=40),
        ),
    ),
    Section(
        "Schedule",
        "schedule",
        "Posts lines that change in steps: one row per step (the line's fte is then their total).",
        (
            _c("line", "the name of the line on the Lines sheet", choices="lines", width=32),
            _c("on", "the day the posts change", "date", width=11),
            _c("fte", "how many FTE change that day", "number", width=8),
        ),
    ),
    Section(
        "Claims",
        "claims",
        "One row per figure the paper states, to be recomputed.",
        (
            _c("figure", "gross_saving, additional_costs, net_saving, fte_change, ...", choices="figures", width=20),
            _c("value", "as stated: 576000, £576k, or a count such as -11", "number"),
            _c("year", "the year, as text: 2016/17 (none for basis total)", "year", width=9),
            _c("basis", "annual (default), incremental, cumulative or total", choices="bases", width=11),
            _c("grade", "fte_change only: one grade", choices="grades", width=18),
            _c("scope", "whose figure: a name on the Scopes sheet (default the proposal's lines)", width=16),
            _c("rounded_to", "the paper rounds to, e.g. 1k", "number", width=10),
            _c("tolerance", "an allowance for an approximate figure", "number", width=10),
            _c("words", "the paper's own words", width=40),
            _c("source", _SOURCE, width=16),
            _c("of", "shared with a partner: ours (default) or whole", width=8),
            _c("line", "one line's part of the figure: its name on the Lines sheet", choices="lines", width=24),
            _c("full_year", "TRUE: the full-year effect (the year's rate on its last day)", "bool", width=9),
        ),
    ),
    Section(
        "Unit cost claims",
        "unit_cost_claims",
        "One row per unit cost the paper states (one FTE of a grade for a year), set against the one in use.",
        (
            _c("grade", "the grade, by name", choices="grades", width=24),
            _c("value", "as stated: 48000 or £48k", "money"),
            _c("rounded_to", "the paper rounds to, e.g. 1k", "number", width=10),
            _c("tolerance", "an allowance for an approximate figure", "number", width=10),
            _c("words", "the paper's own words", width=40),
            _c("source", _SOURCE, width=16),
        ),
    ),
    Section(
        "Series",
        "series",
        "Figures the paper states for consecutive years: values[0] is the first year's.",
        (
            _c("figure", "the figure, usually net_saving", choices="figures", width=20),
            _c("year", "the first year, as text: 2016/17", "year", width=9),
            _c("basis", "incremental (the MTFP line) or cumulative", choices="series_bases", width=11),
            _c("rounded_to", "the paper rounds to, e.g. 1k", "number", width=10),
            _c("tolerance", "an allowance for approximate figures", "number", width=10),
            _c("words", "the paper's own words", width=30),
            _c("source", _SOURCE, width=16),
            *(
                _c(f"values[{n}]", f"the figure for the year {n} after the first", "number", path=("values", n))
                for n in range(10)
            ),
        ),
    ),
    Section(
        "Assumptions",
        "assumptions",
        "The assumptions log: what was assumed, its value and where it comes from.",
        (
            _c("name", _NAME, width=30),
            _c("value", "the value assumed", "any", width=30),
            _c("source", "where it comes from", width=30),
            _c("note", "why", width=40),
        ),
    ),
    Section(
        "Pay awards",
        "pay_awards",
        "Pay awards by year (at most one a year): they uprate staff lines in cash terms.",
        (
            _c("year", "the financial year, as text: 2016/17", "year", width=9),
            _c("rate", "e.g. 1%", "rate", width=8),
            _c("effective", "the day it takes effect (default 1 April)", "date", width=11),
            _c("source", "where it comes from", width=24),
            _c("note", "why", width=40),
        ),
    ),
    Section(
        "Inflation",
        "inflation",
        "Inflation by year (at most one a year): it uprates other recurring lines in cash terms.",
        (
            _c("year", "the financial year, as text: 2016/17", "year", width=9),
            _c("rate", "e.g. 2%", "rate", width=8),
            _c("effective", "the day it takes effect (default 1 April)", "date", width=11),
            _c("source", "where it comes from", width=24),
            _c("note", "why", width=40),
        ),
    ),
    Section(
        "Indices",
        "indices",
        "Named indices a line may follow instead of pay awards or inflation; their rates go on Index rates.",
        (
            _c("name", "the name a line gives as its uprate (not pay, inflation or none)", width=30),
            _c("source", "where the rates come from: a contract clause, ONS, GOV.UK", width=30),
            _c("checked", "the day the rates were checked against the source", "date", width=11),
            _c("note", "anything else to say", width=40),
        ),
    ),
    Section(
        "Index rates",
        "index_rates",
        "The rates of each named index: one row per index and year (at most one a year).",
        (
            _c("index", "the name of the index on the Indices sheet", width=30),
            _c("year", "the financial year, as text: 2026/27", "year", width=9),
            _c("rate", "e.g. 3.2%", "rate", width=8),
            _c("effective", "the day it takes effect (default 1 April)", "date", width=11),
            _c("source", "where it comes from", width=24),
            _c("note", "why", width=40),
        ),
    ),
    Section(
        "Counts",
        "counts",
        "Numbers of posts or roles the paper states (checked against each other and the lines).",
        (
            _c("what", "posts_in_scope, roles_created, posts_released, ...", choices="counts", width=20),
            _c("value", "the number", "number", width=8),
            _c("grade", "the grade counted (optional)", choices="grades", width=18),
            _c("scope", "whose posts: a name on the Scopes sheet (default the proposal's lines)", width=16),
            _c("year", "the year by whose end it applies, as text", "year", width=9),
            _c("phased", "its split over years, e.g. 2016/17: 6; 2017/18: 6", width=22),
            _c("words", "the paper's own words", width=40),
            _c("source", _SOURCE, width=16),
            _c("adds", "TRUE for 'one more': added to the count of the same what, grade and year above", "bool"),
        ),
    ),
    Section(
        "Scopes",
        "scopes",
        "Parts of what the paper describes with figures of their own: a wider programme (no lines), or some lines.",
        (
            _c("name", _NAME + " (not 'proposal': that is the lines' own scope)", width=20),
            _c(
                "lines", 'a part of the proposal: its lines, as TOML: ["Redundancy pay"]; none: wider', "toml", width=30
            ),
            _c("within", "the scope this one is part of (optional)", width=16),
            _c("words", "the paper's own words", width=40),
            _c("source", _SOURCE, width=16),
        ),
    ),
    Section(
        "Percentages",
        "percentages",
        "Percentages and shares the paper states, each of a named base, worked again from the figures.",
        (
            _c("value", "as printed: 9%", "rate", width=8),
            _c("of", "what it measures: a count (posts_released, ...) or a figure (gross_saving, ...)", width=18),
            _c("base", "what it is a percentage of: establishment_before, establishment_after, a figure", width=20),
            _c("base_amount", "or a base the paper states, e.g. £1.2m", "money", width=12),
            _c("base_name", "what the stated base is: the non-pay budget", width=24),
            _c("grade", "one grade, for both sides (optional)", choices="grades", width=18),
            _c("scope", "whose figures 'of' is (default the proposal's lines)", width=16),
            _c("base_scope", "whose figures the base is (default: scope)", width=16),
            _c("year", "the year, as text (default the horizon's last)", "year", width=9),
            _c("basis", "annual (default) or total", width=9),
            _c("whole", "shares of one whole name it alike; they add up to 100%", width=16),
            _c("rounded_to", "the step printed (default: read off the digits, 9% is to 1%)", "rate", width=10),
            _c("words", "the paper's own words", width=40),
            _c("source", _SOURCE, width=16),
        ),
    ),
    Section(
        "Rotas",
        "rotas",
        "Roles staffed on a rota by a pool of posts.",
        (
            _c("name", _NAME, width=24),
            _c("positions", "positions staffed at once", "number", width=9),
            _c("hours_per_day", "default 24", "number", width=9),
            _c("days_per_year", "default 365", "number", width=9),
            _c("posts", "posts in the pool", "number", width=8),
            _c("contracted_hours_per_week", "hours a week of one post", "number", width=10),
            _c("contracted_hours_per_year", "or hours a year of one post", "number", width=10),
            _c("available_hours_per_year", "or hours a post works on the rota a year, after leave etc.", "number"),
            _c("abstraction", "share of hours lost to leave, sickness, training: 15%", "rate", width=10),
            _c("benchmark_posts_per_position", "posts per position in other services, to compare", "number"),
            _c("benchmark", "whose ratio: CIPFA family group, 2015", width=24),
            _c("grade", "the grade of the posts", choices="grades", width=18),
            _c("words", "the paper's own words", width=30),
            _c("source", _SOURCE, width=16),
            _c("note", "what is assumed", width=30),
        ),
    ),
    Section(
        "Acknowledged",
        "acknowledged",
        "Officer-check findings looked at and accepted, each with a reason.",
        (
            _c("code", "the check's code, e.g. ROTA-COVER", choices="codes", width=22),
            _c("target", "a line, grade or rota name, or a path such as lines[2] (optional)", width=24),
            _c("reason", "why it is accepted", width=50),
        ),
    ),
    Section(
        "Uncertain",
        "uncertain",
        "Inputs drawn from a distribution by savingsmodel simulate: one row an input (the ranges are assumptions).",
        (
            _c("input", "the input's field path, e.g. grades.Watch Manager.unit_cost", width=40),
            _c(
                "distribution",
                "uniform, triangular, pert, truncated_normal, lognormal, discrete, slippage",
                choices="distributions",
                width=16,
            ),
            _c("low", "the least value (slippage: months)", "any", width=10),
            _c("mode", "the most likely value", "any", width=10),
            _c("high", "the greatest value", "any", width=10),
            _c("mean", "truncated_normal, lognormal: the mean", "any", width=10),
            _c("sd", "truncated_normal, lognormal: the standard deviation", "any", width=10),
            _c("source", "where the range comes from", width=16),
            _c("note", "why", width=30),
            *(_c(f"values[{n}]", "discrete: a value", "any", width=8, path=("values", n)) for n in range(10)),
            *(_c(f"weights[{n}]", "discrete: its weight", "any", width=8, path=("weights", n)) for n in range(10)),
        ),
    ),
    Section(
        "Correlations",
        "correlations",
        "Rank correlations between two uncertain inputs, from -1 to 1.",
        (
            _c("inputs[0]", "one input (as on the Uncertain sheet)", width=40, path=("inputs", 0)),
            _c("inputs[1]", "the other input", width=40, path=("inputs", 1)),
            _c("rank", "the rank correlation, e.g. 0.5", "number", width=8),
            _c("source", "where it comes from", width=16),
            _c("note", "why", width=30),
        ),
    ),
    Section(
        "Targets",
        "targets",
        "Figures the proposal must reach (at_least) or keep under (at_most); simulate gives the chance of each.",
        (
            _c("figure", "a money figure, usually net_saving", choices="figures", width=20),
            _c("basis", "annual (default), incremental, cumulative or total", choices="bases", width=11),
            _c("year", "the year, as text: 2016/17 (none for basis total)", "year", width=9),
            _c("at_least", "the least the figure may be", "number", width=12),
            _c("at_most", "the most the figure may be", "number", width=12),
            _c("words", "the paper's own words", width=30),
            _c("source", _SOURCE, width=16),
        ),
    ),
    Section(
        "Variants",
        "variants",
        "What-ifs: one row per field a variant replaces. applies_to: proposal, grades, lines or rotas.",
        (
            _c("variant", "the variant's name (rows with the same name make one variant)", width=24),
            _c("description", "what the variant tests (on any of its rows)", width=40),
            _c("applies_to", "proposal, grades, lines or rotas", choices="applies", width=11),
            _c("name", "the grade, line or rota name (empty for the proposal)", width=28),
            _c("field", "the field replaced, e.g. start, unit_cost, fte, prices", width=16),
            _c(
                "value",
                "its new value; a schedule or awards as TOML, e.g. [{on = 2016-10-01, fte = 6}]",
                "any",
                width=30,
            ),
        ),
    ),
)

#: The sheet of the lists a template's cells pick from, hidden; and the help sheet.
LISTS: Final = "Lists"
README: Final = "Read me"
_EXPORT_SHEETS: Final = frozenset({"Summary", "Calculation", "Posts", "Checks", "Prices"})
# Fields whose value in a variant row is a list or table, written as TOML: [{on = 2016-10-01, fte = 6}].
_STRUCTURED: Final = frozenset({"schedule", "pay_awards", "inflation", "build_up", "plausible_unit_cost", "other"})


# Workbook text holds the characters XML cannot (control characters) as _xHHHH_, and a literal "_xHHHH_"
# as "_x005F_xHHHH_" (ECMA-376, ST_Xstring); XlsxWriter and Excel write both. openpyxl reads the second back
# but not the first, so a control character's escape is undone here (a literal "_x0007_" typed in a cell,
# which openpyxl cannot tell from an escaped bell, is read as the bell).
_ESCAPED: Final = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescape_text(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = int(match[1], 16)
        return chr(code) if code < 0x20 or code in (0xFFFE, 0xFFFF) else match[0]

    return _ESCAPED.sub(one, text) if "_x" in text else text


def cell_of(cells: Mapping[str, str], path: str) -> str | None:
    """The cell where ``path`` is written, or else where its nearest enclosing item is."""
    return line_of(cells, path)


def cell_order(cell: str | None) -> tuple[int, int, int]:
    """A key that sorts cells as the sheets, rows and columns of a template come."""
    if cell is None:
        return (-1, 0, 0)
    sheet, _, where = cell.rpartition("!")
    order = [README, "Proposal", *(s.sheet for s in SECTIONS)]
    match = re.fullmatch(r"([A-Z]+)(\d+)", where)
    column = 0
    if match:
        for letter in match[1]:
            column = column * 26 + ord(letter) - 64
    return (order.index(sheet) if sheet in order else len(order), int(match[2]) if match else 0, column)


# ---- Reading -----------------------------------------------------------------------------------------------------


def read_workbook(data: bytes) -> tuple[dict[str, Any] | None, dict[str, str], list[Problem]]:
    """A workbook's proposal fields (as the TOML loader builds them), the cell of each field, and its problems.

    Problems carry their cell (``Problem.cell``) and no source; the caller places them in the file.
    """
    problems: list[Problem] = []
    opened = _open(data, problems)
    if opened is None:
        return None, {}, problems
    formulas, values = opened
    try:
        return _read(formulas, values, problems)
    finally:
        formulas.close()
        values.close()


def _read(
    formulas: Any, values: Any, problems: list[Problem]
) -> tuple[dict[str, Any] | None, dict[str, str], list[Problem]]:
    reader = _Reader(problems)
    names = list(values.sheetnames)
    known = {"Proposal", README, LISTS, *(s.sheet for s in SECTIONS)}
    for name in names:
        if name not in known:
            hint = did_you_mean(name, [s for s in known if s not in (README, LISTS)])
            if _EXPORT_SHEETS & set(names):
                hint = "; this looks like a workbook from savingsmodel export (an output): give its scenario file"
            reader.problem(f"{name}!A1", "", f"unknown sheet {name!r}{hint}", "unknown_sheet")
    if "Proposal" not in names:
        problems.append(
            Problem(
                "",
                "expected a sheet named Proposal (reference, start_year, ...), found none",
                cell="Proposal!A1",
                code="missing",
            )
        )
        return None, {}, problems
    sheets = {name: reader.rows(formulas[name], values[name]) for name in names if name in known}
    data_out = reader.proposal(sheets["Proposal"])
    for section in SECTIONS:
        if section.sheet in sheets and section.key not in ("build_up.other", "schedule", "variants", "index_rates"):
            data_out[section.key] = reader.items(section, sheets[section.sheet])
    reader.attach_other(data_out, sheets.get("On-costs"))
    reader.attach_schedule(data_out, sheets.get("Schedule"))
    reader.attach_index_rates(data_out, sheets.get("Index rates"))
    if "Variants" in sheets:
        data_out["variants"] = reader.variants(sheets["Variants"])
    return data_out, reader.cells, problems


def _open(data: bytes, problems: list[Problem]) -> tuple[Any, Any] | None:
    """The workbook twice: its formulas (to know which cells hold one) and its saved values."""
    if len(data) > MAX_WORKBOOK_BYTES:
        message = f"expected a workbook of at most {MAX_WORKBOOK_BYTES:,} bytes, found {len(data):,} bytes"
        problems.append(Problem("", message, code="too_large"))
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            encrypted = any(info.flag_bits & 0x1 for info in archive.infolist())
    except zipfile.BadZipFile:
        hint = (
            "; save it from Excel as an Excel Workbook (.xlsx)"
            if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            else ""
        )
        problems.append(
            Problem("", f"expected an Excel workbook (.xlsx), found something else{hint}", code="file_type")
        )
        return None
    if encrypted or unpacked > _MAX_UNPACKED:
        why = "an encrypted workbook" if encrypted else f"{unpacked:,} bytes unpacked"
        problems.append(
            Problem(
                "",
                f"expected a plain workbook of at most {_MAX_UNPACKED:,} bytes unpacked, found {why}",
                code="too_large",
            )
        )
        return None
    import openpyxl

    try:
        with warnings.catch_warnings():
            # openpyxl warns of features it drops (data validation extensions, ...): none matters for reading.
            warnings.simplefilter("ignore")
            formulas = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
            values = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:
        problems.append(Problem("", f"cannot read the workbook: {type(error).__name__}: {error}", code="syntax"))
        return None
    return formulas, values


@dataclass(frozen=True, slots=True)
class _Cell:
    ref: str  # Sheet!A1
    value: Any  # the value read: text, Decimal, int, bool, date or datetime; None when empty


_Row = tuple[int, dict[str, _Cell]]  # a row's number, and its cells by heading


class _Reader:
    """Turns sheets into the proposal's fields, recording each field's cell and each problem at its cell."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        self.cells: dict[str, str] = {}

    def problem(self, cell: str, path: str, message: str, code: str) -> None:
        self.problems.append(Problem(path, message, cell=cell, code=code))

    # ---- cells

    def rows(self, formulas: Any, values: Any) -> list[list[_Cell]]:
        """Every row of a sheet as cells with their values read (formulas as their saved results)."""
        sheet = values.title
        out: list[list[_Cell]] = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pairs = zip(formulas.iter_rows(), values.iter_rows(), strict=False)
            for number, (frow, vrow) in enumerate(pairs, start=1):
                if number > _MAX_ROWS:
                    if any(c.value is not None for c in vrow):
                        self.problem(
                            f"{sheet}!A{number}", "", f"expected at most {_MAX_ROWS} rows, found more", "too_large"
                        )
                    break
                cells = []
                for col, (f, v) in enumerate(zip(frow, vrow, strict=False), start=1):
                    ref = f"{sheet}!{_column(col)}{number}"
                    cells.append(_Cell(ref, self._value(ref, f, v)))
                out.append(cells)
        return out

    def _value(self, ref: str, formula: Any, saved: Any) -> Any:
        is_formula = getattr(formula, "data_type", None) == "f" or (
            isinstance(formula.value, str) and formula.value.startswith("=")
        )
        value = saved.value
        if is_formula and value is None:
            self.problem(
                ref,
                "",
                f"a formula with no saved result ({str(formula.value)[:60]}); type the value, or open and save the "
                "workbook in Excel or LibreOffice so that its result is saved (formulas are never worked out here)",
                "formula",
            )
            return None
        if getattr(saved, "data_type", None) == "e" or (
            isinstance(value, str) and value.startswith("#") and is_formula
        ):
            self.problem(ref, "", f"expected a value, found the spreadsheet error {value}", "formula")
            return None
        if isinstance(value, str):
            # Text as written (as a scenario file keeps it); a cell of spaces alone is an empty cell.
            return _unescape_text(value) if value.strip() else None
        if isinstance(value, bool) or value is None:
            return value
        if isinstance(value, float):
            try:
                return _EXCEL_DIGITS.create_decimal(repr(value)).normalize(_EXCEL_DIGITS)
            except InvalidOperation:
                self.problem(ref, "", f"expected a number, found {value!r}", "number")
                return None
        if isinstance(value, datetime):
            return value.date() if value.time() == datetime.min.time() else value
        return value  # int, date, time

    # ---- sections

    def proposal(self, rows: list[list[_Cell]]) -> dict[str, Any]:
        fields = {c.header: c for c in PROPOSAL_FIELDS}
        data: dict[str, Any] = {}
        seen: set[str] = set()
        for cells in rows[1:]:
            if not cells or cells[0].value is None:
                if any(c.value is not None for c in cells[1:2]):
                    self.problem(cells[1].ref, "", "expected a field name in column A beside this value", "missing")
                continue
            key, ref = str(cells[0].value).strip(), cells[0].ref
            if key not in fields:
                hint = did_you_mean(str(key), list(fields))
                self.problem(ref, "", f"unknown field {str(key)!r}{hint}", "unknown_field")
                continue
            if key in seen:
                self.problem(ref, key, f"expected each field once, found {key!r} again", "duplicate_key")
                continue
            seen.add(key)
            value = cells[1] if len(cells) > 1 else None
            self.cells[key] = value.ref if value is not None else ref
            if value is not None and value.value is not None:
                _put(data, fields[key].where, self._typed(fields[key], value, key))
        return data

    def _headings(self, section: Section, rows: list[list[_Cell]]) -> dict[int, Column]:
        """The columns by position, from the first row; unknown or repeated headings are problems."""
        known = {c.header: c for c in section.columns}
        found: dict[int, Column] = {}
        seen: set[str] = set()
        head = rows[0] if rows else []
        for position, cell in enumerate(head):
            if cell.value is None:
                continue
            header = str(cell.value)
            if header not in known:
                hint = did_you_mean(header, list(known))
                self.problem(cell.ref, "", f"unknown heading {header!r} on {section.sheet}{hint}", "unknown_field")
                continue
            if header in seen:
                self.problem(cell.ref, "", f"expected each heading once, found {header!r} again", "duplicate_key")
                continue
            seen.add(header)
            found[position] = known[header]
        for cells in rows[1:]:
            for position, cell in enumerate(cells):
                if (
                    cell.value is not None
                    and position not in found
                    and (position >= len(head) or head[position].value is None)
                ):
                    self.problem(
                        cell.ref,
                        "",
                        "expected a value under a heading, found one in a column with none",
                        "unknown_field",
                    )
        return found

    def _records(self, section: Section, rows: list[list[_Cell]]) -> Iterator[tuple[list[_Cell], dict[str, _Cell]]]:
        headings = self._headings(section, rows)
        for cells in rows[1:]:
            named = {headings[i].header: c for i, c in enumerate(cells) if i in headings and c.value is not None}
            if named:
                yield cells, named

    def items(self, section: Section, rows: list[list[_Cell]]) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        columns = {c.header: c for c in section.columns}
        for index, (cells, named) in enumerate(self._records(section, rows)):
            base = f"{section.key}[{index}]"
            self.cells[base] = cells[0].ref
            item: dict[str, Any] = {}
            for header, cell in named.items():
                column = columns[header]
                where = column.where
                path = _render(base, where)
                self.cells.setdefault(_render(base, where[:-1]) if isinstance(where[-1], int) else path, cell.ref)
                self.cells[path] = cell.ref
                value = self._typed(column, cell, path)
                if section.key == "counts" and header == "phased":
                    value = self._phased(cell, path)
                _put(item, where, value)
            if "plausible_unit_cost" in item:
                low_high = item["plausible_unit_cost"]
                item["plausible_unit_cost"] = [low_high.get(0), low_high.get(1)]
            for key in ("values", "weights", "inputs"):  # a list, one cell an item
                if key in item:
                    found = item[key]
                    item[key] = [found.get(n) for n in range(max(found) + 1)]
            items.append(item)
        return items

    def attach_other(self, data: dict[str, Any], rows: list[list[_Cell]] | None) -> None:
        """Other on-costs into their grades' build-ups."""
        if rows is None:
            return
        section = next(s for s in SECTIONS if s.sheet == "On-costs")
        grades = data.get("grades", [])
        for cells, named in self._records(section, rows):
            grade = named.get("grade")
            index = next((i for i, g in enumerate(grades) if grade and g.get("name") == grade.value), None)
            if index is None:
                names = [str(g.get("name")) for g in grades]
                found = grade.value if grade else None
                self.problem(
                    (grade or cells[0]).ref,
                    "",
                    f"unknown grade {found!r}{did_you_mean(str(found), names)}",
                    "unknown_grade",
                )
                continue
            build_up = grades[index].setdefault("build_up", {})
            others = build_up.setdefault("other", [])
            base = f"grades[{index}].build_up.other[{len(others)}]"
            self.cells[base] = cells[0].ref
            item: dict[str, Any] = {}
            for header, cell in named.items():
                if header != "grade":
                    self.cells[f"{base}.{header}"] = cell.ref
                    item[header] = self._typed(next(c for c in section.columns if c.header == header), cell, base)
            others.append(item)

    def attach_schedule(self, data: dict[str, Any], rows: list[list[_Cell]] | None) -> None:
        """Schedule steps into their lines."""
        if rows is None:
            return
        section = next(s for s in SECTIONS if s.sheet == "Schedule")
        lines = data.get("lines", [])
        for cells, named in self._records(section, rows):
            line = named.get("line")
            index = next((i for i, x in enumerate(lines) if line and x.get("name") == line.value), None)
            if index is None:
                names = [str(x.get("name")) for x in lines]
                found = line.value if line else None
                self.problem(
                    (line or cells[0]).ref,
                    "",
                    f"unknown line {found!r}{did_you_mean(str(found), names)}",
                    "unknown_line",
                )
                continue
            steps = lines[index].setdefault("schedule", [])
            base = f"lines[{index}].schedule[{len(steps)}]"
            self.cells[base] = cells[0].ref
            step: dict[str, Any] = {}
            for header in ("on", "fte"):
                if header in named:
                    self.cells[f"{base}.{header}"] = named[header].ref
                    column = next(c for c in section.columns if c.header == header)
                    step[header] = self._typed(column, named[header], f"{base}.{header}")
            steps.append(step)

    def attach_index_rates(self, data: dict[str, Any], rows: list[list[_Cell]] | None) -> None:
        """Index rates into their indices, as schedule steps into their lines."""
        if rows is None:
            return
        section = next(s for s in SECTIONS if s.sheet == "Index rates")
        indices = data.get("indices", [])
        for cells, named in self._records(section, rows):
            index_name = named.get("index")
            at = next((i for i, x in enumerate(indices) if index_name and x.get("name") == index_name.value), None)
            if at is None:
                names = [str(x.get("name")) for x in indices]
                found = index_name.value if index_name else None
                hint = did_you_mean(str(found), names) if names else "; the Indices sheet names none"
                self.problem((index_name or cells[0]).ref, "", f"unknown index {found!r}{hint}", "unknown_index")
                continue
            rates = indices[at].setdefault("rates", [])
            base = f"indices[{at}].rates[{len(rates)}]"
            self.cells[base] = cells[0].ref
            rate: dict[str, Any] = {}
            for header, cell in named.items():
                if header != "index":
                    self.cells[f"{base}.{header}"] = cell.ref
                    column = next(c for c in section.columns if c.header == header)
                    rate[header] = self._typed(column, cell, f"{base}.{header}")
            rates.append(rate)

    def variants(self, rows: list[list[_Cell]]) -> list[dict[str, Any]]:
        section = next(s for s in SECTIONS if s.sheet == "Variants")
        found: dict[str, dict[str, Any]] = {}
        for cells, named in self._records(section, rows):
            name = named.get("variant")
            if name is None:
                self.problem(cells[0].ref, "", "expected the variant's name in this row, found none", "missing")
                continue
            key = str(name.value)
            index = list(found).index(key) if key in found else len(found)
            variant = found.setdefault(key, {"name": key})
            base = f"variants[{index}]"
            self.cells.setdefault(base, name.ref)
            self.cells.setdefault(f"{base}.name", name.ref)
            if "description" in named and "description" not in variant:
                variant["description"] = str(named["description"].value)
                self.cells[f"{base}.description"] = named["description"].ref
            field = named.get("field")
            if field is None:
                if "value" in named or "applies_to" in named:
                    self.problem(cells[0].ref, base, "expected the field the variant replaces, found none", "missing")
                continue
            applies = str(named["applies_to"].value) if "applies_to" in named else "proposal"
            target = named.get("name")
            value_cell = named.get("value", field)
            value = self._variant_value(str(field.value), named.get("value"), base)
            if applies == "proposal":
                self.cells[f"{base}.{field.value}"] = value_cell.ref
                variant[str(field.value)] = value
            elif applies in ("grades", "lines", "rotas"):
                if target is None:
                    self.problem(field.ref, base, f"expected the name of one of the {applies}, found none", "missing")
                    continue
                self.cells.setdefault(f"{base}.{applies}", target.ref)
                self.cells[f"{base}.{applies}.{target.value}"] = target.ref
                self.cells[f"{base}.{applies}.{target.value}.{field.value}"] = value_cell.ref
                variant.setdefault(applies, {}).setdefault(str(target.value), {})[str(field.value)] = value
            else:
                ref = named["applies_to"].ref
                hint = did_you_mean(applies, ["proposal", "grades", "lines", "rotas"])
                self.problem(
                    ref,
                    base,
                    f"expected applies_to proposal, grades, lines or rotas, found {applies!r}{hint}",
                    "wrong_type",
                )
        return list(found.values())

    # ---- values

    def _typed(self, column: Column, cell: _Cell, path: str) -> Any:
        """A cell's value for a field: years must be text; everything else goes to the one validation as read."""
        value = cell.value
        if column.kind == "toml" and isinstance(value, str):
            try:
                return tomllib.loads(f"value = {value}", parse_float=Decimal)["value"]
            except tomllib.TOMLDecodeError as error:
                self.problem(cell.ref, path, f"expected TOML, such as {column.help.split(': ')[-1]}: {error}", "syntax")
                return None
        if column.kind == "year" and isinstance(value, date | datetime):
            self.problem(
                cell.ref,
                path,
                f"expected a financial year as text such as '2016/17', found a date ({value:%Y-%m-%d}); "
                "format the cell as Text and type the year again",
                "wrong_type",
            )
            return None
        if column.kind == "year" and isinstance(value, int | Decimal):
            return str(value)  # "2016" is refused by the year's own check, with its words
        if column.kind == "text" and isinstance(value, Decimal | int) and not isinstance(value, bool):
            return f"{value:f}" if isinstance(value, Decimal) else str(value)
        return value

    def _phased(self, cell: _Cell, path: str) -> Any:
        """``2016/17: 6; 2017/18: 6`` as a count's phased steps."""
        text = str(cell.value)
        steps = []
        for part in (p.strip() for p in text.split(";")):
            if not part:
                continue
            year, sep, value = part.partition(":")
            if not sep:
                self.problem(cell.ref, path, f"expected 'YEAR: COUNT; YEAR: COUNT', found {text!r}", "wrong_type")
                return None
            steps.append({"year": year.strip(), "value": value.strip()})
        return steps

    def _variant_value(self, field: str, cell: _Cell | None, path: str) -> Any:
        if cell is None:
            return ""  # a field named with no value: replaced by empty text (a note cleared)
        value = cell.value
        if field in _STRUCTURED and isinstance(value, str):
            try:
                return tomllib.loads(f"value = {value}", parse_float=Decimal)["value"]
            except tomllib.TOMLDecodeError as error:
                self.problem(
                    cell.ref,
                    path,
                    f"expected {field} as TOML, such as [{{on = 2016-10-01, fte = 6}}]: {error}",
                    "syntax",
                )
                return None
        return value


def _put(item: dict[Any, Any], where: Sequence[str | int], value: Any) -> None:
    for key in where[:-1]:
        item = item.setdefault(key, {})
    item[where[-1]] = value


def _render(base: str, where: Sequence[str | int]) -> str:
    text = base
    for part in where:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def _column(col: int) -> str:
    """Column letters of a 1-based column number: 1 is A, 27 is AA."""
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
