"""Monte Carlo (issue 8 point 6): the draws, their statistics, the run on the worked case, and bad declarations.

The worked case declares ten uncertain inputs (``savingsmodel/examples/scs4-1-revised.toml``); the
expected figures below are worked by hand from those declarations (a mean is the product of the
inputs' means where they are independent), and a run must agree within a few of its own standard
errors: a check of the figures and of the standard errors at once.
"""

from __future__ import annotations

import itertools
import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from savingsmodel.cli import main
from savingsmodel.core.errors import InputError
from savingsmodel.examples import scs4_1_revised
from savingsmodel.files.scenario import loads
from savingsmodel.model.proposal import Proposal
from savingsmodel.model.uncertainty import Correlation, Uncertain
from savingsmodel.testing import proposals
from savingsmodel.whatif.montecarlo import ASSUMPTIONS, simulate
from savingsmodel.whatif.sampling import BLOCK, Sampler, inverse
from savingsmodel.whatif.statistics import PERCENTILES, Summary, contributions

ROOT = Path(__file__).parent.parent
REVISED = "scenarios/scs4-1-revised.toml"


@pytest.fixture(scope="module")
def worked() -> Proposal:
    return scs4_1_revised()


@pytest.fixture(scope="module")
def run_20k(worked: Proposal):  # type: ignore[no-untyped-def]
    return simulate(worked, draws=20_000, seed=11, figures=("gross_saving", "net_saving", "net_saving_incremental"))


# ---- The draws ---------------------------------------------------------------------------------------------------


def _uniform(name: str, low: float = 0, high: float = 1) -> Uncertain:
    return Uncertain(input=name, distribution="uniform", low=str(low), high=str(high))


@settings(max_examples=25, deadline=None)
@given(draws=st.integers(2, 3 * BLOCK + 5), chunk=st.integers(1, 2 * BLOCK), seed=st.integers(0, 2**63 - 1))
def test_the_chunk_size_never_changes_the_draws(draws: int, chunk: int, seed: int) -> None:
    sampler = Sampler.of([_uniform("a"), _uniform("b")], [Correlation(inputs=["a", "b"], rank="0.5")], seed=seed)
    whole = np.concatenate([b.values for b in sampler.chunks(draws, draws)])
    pieces = np.concatenate([b.values for b in sampler.chunks(draws, chunk)])
    assert whole.shape == (draws, 2)
    assert whole.tobytes() == pieces.tobytes()


def _reference_block(sampler: Sampler, index: int, size: int) -> np.ndarray:
    """Block ``index`` drawn the plain way, every array fresh: the draws the sampler's buffers and threads must give."""
    from savingsmodel.whatif.sampling import _iman_conover

    dims = len(sampler.uncertain)
    rng = np.random.default_rng(np.random.SeedSequence(sampler.seed, spawn_key=(index,)))
    where = rng.random((dims, size))
    strata = np.stack([rng.permutation(size) for _ in range(dims)])
    uniforms = strata + where
    if size > 1:
        for columns, factor, triangular in sampler._groups:
            for column, order in _iman_conover(strata, columns, factor, triangular):
                uniforms[column, order] = np.arange(size) + where[column]
    uniforms /= size
    return np.stack([inverse(u, uniforms[column]) for column, u in enumerate(sampler.uncertain)]).T


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    draws=st.integers(2, 4 * BLOCK + 7),
    chunk=st.integers(1, 3 * BLOCK),
    workers=st.integers(1, 4),
    reuse=st.booleans(),
    seed=st.integers(0, 2**63 - 1),
)
def test_threads_and_reused_buffers_never_change_the_draws(
    draws: int, chunk: int, workers: int, reuse: bool, seed: int
) -> None:
    """Drawn on 1 to 4 threads, a chunk ahead, into buffers kept from block to block and (with reuse) chunks drawn
    into the arrays of chunks already used: the same draws, to the byte, as each block drawn alone the plain way with
    fresh arrays, in order."""
    sampler = Sampler.of(
        [_uniform("a"), Uncertain(input="b", distribution="pert", low="1", mode="2", high="4"), _uniform("c")],
        [Correlation(inputs=["a", "b"], rank="0.6")],
        seed=seed,
    )
    # Each chunk copied out before the next is asked for, as reuse asks: its arrays may then be drawn into again.
    threaded = np.concatenate([b.values.copy() for b in sampler.chunks(draws, chunk, workers=workers, reuse=reuse)])
    plain = np.concatenate(
        [
            _reference_block(sampler, index, min(BLOCK, draws - start))
            for index, start in enumerate(range(0, draws, BLOCK))
        ]
    )
    assert threaded.tobytes() == plain.tobytes()


def test_a_run_is_the_same_on_any_number_of_threads(worked: Proposal) -> None:
    one = simulate(worked, draws=3 * BLOCK + 11, seed=9, workers=1, chunk=BLOCK)
    assert simulate(worked, draws=3 * BLOCK + 11, seed=9, workers=2, chunk=BLOCK) == one
    assert simulate(worked, draws=3 * BLOCK + 11, seed=9, workers=3, chunk=5_000) == one


@pytest.mark.parametrize("workers", [1, 2])
def test_the_shares_are_worked_from_the_first_draws_as_drawn(worked: Proposal, workers: int) -> None:
    """The run draws chunks into arrays it used before and works the shares on a thread of its own: they are still
    those of the first draws as drawn, worked here from every draw at once."""
    from savingsmodel.engine.many import evaluate_many
    from savingsmodel.model.uncertainty import input_kinds
    from savingsmodel.whatif import montecarlo

    draws, chunk = 3 * BLOCK + 11, BLOCK  # every draw among the first: the chunks before are drawn into again
    run = simulate(worked, draws=draws, seed=9, workers=workers, chunk=chunk, figures=["net_saving"])
    sampler = Sampler.of(worked.uncertain, worked.correlations, seed=9)
    (whole,) = sampler.chunks(draws, draws)
    figure = evaluate_many(worked, montecarlo._inputs(sampler.uncertain, input_kinds(worked.model_dump()), whole))
    table = contributions(whole.uniforms, figure.pence("net_saving"))
    expected = tuple({u.input: float(row[i]) for i, u in enumerate(worked.uncertain)} for row in table)
    assert run.contributions["net_saving"] == expected
    assert run.contribution_draws == draws


def test_a_run_stopped_early_leaves_no_thread_drawing() -> None:
    import threading

    sampler = Sampler.of([_uniform("a"), _uniform("b")], seed=1)
    chunks = sampler.chunks(20 * BLOCK, BLOCK, workers=2)
    next(chunks)
    chunks.close()  # the pool is shut down with the generator
    assert not [t for t in threading.enumerate() if t.name.startswith("draws")]


def test_workers_below_one_are_refused(worked: Proposal) -> None:
    with pytest.raises(InputError, match="expected 1 worker or more, found 0"):
        simulate(worked, draws=100, workers=0)
    with pytest.raises(InputError, match="expected 1 worker or more"):
        next(Sampler.of([_uniform("a")], seed=1).chunks(10, 5, workers=0))


def test_the_same_seed_gives_the_same_run_to_the_byte_and_another_seed_another(worked: Proposal) -> None:
    one = simulate(worked, draws=3_000, seed=5)
    assert simulate(worked, draws=3_000, seed=5) == one
    assert simulate(worked, draws=3_000, seed=5, chunk=777) == one
    assert simulate(worked, draws=3_000, seed=6) != one


@settings(max_examples=20, deadline=None)
@given(size=st.integers(2, 3000), seed=st.integers(0, 2**32))
def test_each_block_is_a_latin_hypercube_even_after_correlating(size: int, seed: int) -> None:
    correlation = [Correlation(inputs=["a", "c"], rank="-0.7")]
    block = Sampler.of([_uniform("a"), _uniform("b"), _uniform("c")], correlation, seed=seed).block(0, size)
    for column in range(3):
        strata = np.floor(block.uniforms[:, column] * size).astype(int)
        assert sorted(strata.tolist()) == list(range(size))  # one draw in each of the size strata


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rank=st.decimals(Decimal("-0.9"), Decimal("0.9"), places=2), seed=st.integers(0, 2**32))
def test_iman_conover_gives_the_rank_correlation_asked_for(rank: Decimal, seed: int) -> None:
    from scipy.stats import spearmanr

    sampler = Sampler.of(
        [_uniform("a"), Uncertain(input="b", distribution="lognormal", mean="10", sd="5")],
        [Correlation(inputs=["a", "b"], rank=rank)],
        seed=seed,
    )
    values = np.concatenate([b.values for b in sampler.chunks(2 * BLOCK, BLOCK)])
    assert spearmanr(values[:, 0], values[:, 1])[0] == pytest.approx(float(rank), abs=0.02)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    ranks=st.tuples(*[st.sampled_from([Decimal(k) / 10 for k in range(-8, 9) if k])] * 3),
    seed=st.integers(0, 2**32),
)
def test_two_groups_of_correlated_inputs_each_get_their_correlations_and_stay_latin(
    ranks: tuple[Decimal, Decimal, Decimal], seed: int
) -> None:
    """Inputs a, b, c joined by two correlations, d and e by a third, f by none: each group is reordered apart (its
    first input keeping its strata's order), every rank correlation is the one asked for, every block a hypercube."""
    from scipy.stats import spearmanr

    names = ["a", "b", "c", "d", "e", "f"]
    declared = [("a", "b", ranks[0]), ("b", "c", ranks[1] / 2), ("d", "e", ranks[2])]
    sampler = Sampler.of(
        [_uniform(name) for name in names], [Correlation(inputs=[x, y], rank=r) for x, y, r in declared], seed=seed
    )
    assert [columns for columns, _, _ in sampler._groups] == [(0, 1, 2), (3, 4)]
    values = np.concatenate([b.values for b in sampler.chunks(2 * BLOCK, BLOCK)])
    for x, y, r in declared:
        got = spearmanr(values[:, names.index(x)], values[:, names.index(y)])[0]
        assert got == pytest.approx(float(r), abs=0.03)
    assert abs(spearmanr(values[:, 0], values[:, 3])[0]) < 0.03  # across groups: independent
    block = sampler.block(1, 500)
    for column in range(len(names)):
        strata = np.floor(block.uniforms[:, column] * 500).astype(int)
        assert sorted(strata.tolist()) == list(range(500))


@settings(max_examples=60, deadline=None)
@given(
    scores=st.lists(
        st.one_of(
            st.floats(allow_nan=False, allow_infinity=False, width=64),
            st.sampled_from([0.0, -0.0, 1.0, -1.0, 1.0 + 2**-52, 5e-324]),
        ),
        min_size=1,
        max_size=300,
    )
)
def test_sort_order_is_argsorts_order_up_to_near_ties(scores: list[float]) -> None:
    """Scores out of order by sort_order are near ties: fewer representable floats apart than there are scores
    (a few parts in 10**12 for a block's 16,384); scores further apart are in argsort's order."""
    from savingsmodel.whatif.sampling import sort_order

    def floats_apart(x: float, y: float) -> int:  # how many representable floats from y up to x
        def place(v: float) -> int:
            bits = int(np.array(v).view(np.int64))
            return bits if bits >= 0 else -(bits & 0x7FFF_FFFF_FFFF_FFFF) - 1

        return place(x) - place(y)

    values = np.array(scores)
    order = sort_order(values)
    assert sorted(order.tolist()) == list(range(len(values)))  # each position once
    near = 2 ** max(1, (len(values) - 1).bit_length())
    ordered = values[order].tolist()
    for first, second in itertools.pairwise(ordered):
        assert second >= first or floats_apart(first, second) < near
    if all(abs(floats_apart(x, y)) >= near for i, x in enumerate(scores) for y in scores[:i]):
        assert order.tolist() == np.argsort(values, kind="stable").tolist()


@settings(max_examples=200, deadline=None)
@given(
    low=st.integers(0, 10**6),
    mode=st.integers(0, 10**4),
    width=st.integers(1, 10**4),
    u=st.lists(
        st.one_of(st.floats(0, 1), st.floats(0, 1e-6), st.floats(1 - 1e-6, 1), st.sampled_from([0.0, 0.5, 1.0])),
        min_size=1,
        max_size=50,
    ),
)
def test_the_pert_inverse_is_betaincinv_within_1e_13_in_value_and_in_probability(
    low: int, mode: int, width: int, u: list[float]
) -> None:
    """A PERT's inverse is read from a table (sampling.BetaInverse), not SciPy's exact betaincinv: it is within
    1e-13 of it in the value (a fraction of the range) and gives the exact quantile of a probability within
    1e-13 of the one drawn, over every PERT shape; and it never falls as the probability rises."""
    from scipy import special

    from savingsmodel.whatif.sampling import beta_inverse

    pert = Uncertain(input="x", distribution="pert", low=low, mode=low + min(mode, width), high=low + width)
    a = 1 + 4 * min(mode, width) / width
    b = 1 + 4 * (width - min(mode, width)) / width
    probabilities = np.array(u)
    x = beta_inverse(a, b)(probabilities)
    assert np.all((x >= 0) & (x <= 1))
    exact = special.betaincinv(a, b, probabilities)
    known = np.isfinite(exact)  # SciPy gives nan for some subnormal probabilities (5e-324); the table does not
    assert np.abs(x - exact)[known].max(initial=0) <= 1e-13
    assert np.abs(special.betainc(a, b, x) - probabilities).max() <= 1e-13
    ordered = np.sort(probabilities)
    assert np.all(np.diff(beta_inverse(a, b)(ordered)) >= 0)
    values = inverse(pert, probabilities)
    assert np.abs(values - (low + width * exact))[known].max(initial=0) <= 1e-13 * width + 1e-15 * (low + width)


@settings(max_examples=40, deadline=None)
@given(
    a=st.floats(1, 5),
    b=st.floats(1, 5),
    u=st.lists(
        st.one_of(st.floats(0, 1), st.sampled_from([0.0, 0.5, 1.0, 0.5 - 2**-54, 0.5 + 2**-53, 5e-324, 1 - 2**-53])),
        max_size=200,
    ),
)
def test_the_pert_inverse_in_one_pass_is_each_half_read_alone_to_the_bit(a: float, b: float, u: list[float]) -> None:
    """The inverse reads both halves of its table in one pass over the probabilities; each value is worked by the
    same steps as when each half was read over its own part, so the draws are the same to the last bit."""
    from savingsmodel.whatif.sampling import beta_inverse

    table = beta_inverse(a, b)
    probabilities = np.array(u, dtype=np.float64)
    assert table(probabilities).tobytes() == table.halves(probabilities).tobytes()


def test_the_pert_inverse_over_a_million_probabilities_and_every_shape_stays_within_1e_14() -> None:
    """A sweep, where the property above samples: shapes from 1 to 5 in steps of 0.05, probabilities spread evenly
    and into both tails down to 1e-300."""
    from scipy import special

    from savingsmodel.whatif.sampling import beta_inverse

    rng = np.random.default_rng(8)
    u = np.concatenate([rng.random(10_000), 10 ** -rng.uniform(1, 300, 500), 1 - 10 ** -rng.uniform(1, 16, 500)])
    worst = 0.0
    for a in np.arange(1.0, 5.0001, 0.05):
        b = 6 - a
        x = beta_inverse(a, b)(u)
        worst = max(worst, float(np.abs(x - special.betaincinv(a, b, u)).max()))
        worst = max(worst, float(np.abs(special.betainc(a, b, x) - u).max()))
    assert worst < 1e-14


_DISTRIBUTIONS = st.one_of(
    st.tuples(st.integers(0, 1000), st.integers(1, 1000)).map(
        lambda t: Uncertain(input="x", distribution="uniform", low=t[0], high=t[0] + t[1])
    ),
    st.tuples(st.integers(0, 1000), st.integers(0, 100), st.integers(1, 100)).flatmap(
        lambda t: st.sampled_from(["triangular", "pert"]).map(
            lambda kind: Uncertain(
                input="x", distribution=kind, low=t[0], mode=t[0] + min(t[1], t[2]), high=t[0] + t[2]
            )
        )
    ),
    st.tuples(st.integers(-100, 100), st.integers(1, 50), st.integers(1, 100)).map(
        lambda t: Uncertain(
            input="x", distribution="truncated_normal", mean=t[0], sd=t[1], low=t[0] - t[2], high=t[0] + t[2]
        )
    ),
    st.tuples(st.integers(1, 1000), st.integers(1, 1000)).map(
        lambda t: Uncertain(input="x", distribution="lognormal", mean=t[0], sd=t[1])
    ),
    st.lists(st.integers(-50, 50), min_size=1, max_size=6).map(
        lambda v: Uncertain(input="x", distribution="discrete", values=v)
    ),
    st.tuples(st.integers(-3, 3), st.integers(0, 6), st.integers(1, 6)).map(
        lambda t: Uncertain(input="x", distribution="slippage", low=t[0], mode=t[0] + min(t[1], t[2]), high=t[0] + t[2])
    ),
)


@settings(max_examples=150, deadline=None)
@given(uncertain=_DISTRIBUTIONS, seed=st.integers(0, 2**32))
def test_every_draw_is_inside_its_distribution_and_whole_where_it_must_be(uncertain: Uncertain, seed: int) -> None:
    u = np.concatenate([[0.0, 1e-12, 0.5, 1 - 1e-12, 1.0], np.random.default_rng(seed).random(200)])
    values = inverse(uncertain, u)
    low, high = uncertain.support
    assert np.all(np.isfinite(values))
    if low is not None:
        assert values.min() >= float(low) - 1e-9 * max(1, abs(float(low)))
    if high is not None:
        assert values.max() <= float(high) + 1e-9 * max(1, abs(float(high)))
    if uncertain.distribution.value in ("discrete", "slippage"):
        assert np.all(values == np.round(values))
    assert np.all(np.diff(inverse(uncertain, np.sort(u))) >= 0)  # a higher probability never gives less


# ---- The statistics ----------------------------------------------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(
    data=st.lists(st.integers(-(10**9), 10**9), min_size=2, max_size=400),
    chunk=st.integers(1, 100),
    spread=st.integers(1, 3),
)
def test_percentiles_and_means_over_chunks_are_those_of_all_the_draws(data: list[int], chunk: int, spread: int) -> None:
    values = np.array(data, dtype=np.int64).reshape(-1, 1) // spread
    summary = Summary(len(values), 1)
    for start in range(0, len(values), chunk):
        summary.add(values[start : start + chunk])
    if not summary.exact:  # a bracket missed: the run is drawn again keeping every draw
        summary = Summary(len(values), 1, keep_all=True)
        summary.add(values)
    (column,) = summary.result()
    expected = [int(np.quantile(values[:, 0], float(p), method="inverted_cdf")) for p in PERCENTILES]
    assert [p.pence for p in column.percentiles] == expected
    assert column.mean == Fraction(int(values.sum()), len(values))
    assert column.sd == pytest.approx(float(np.std(values, ddof=1)), rel=1e-9, abs=1e-6)


def test_brackets_narrowed_as_draws_add_up_still_give_the_exact_percentiles(monkeypatch: pytest.MonkeyPatch) -> None:
    from savingsmodel.whatif import statistics

    monkeypatch.setattr(statistics, "_NARROW_AT", 50)  # narrow often, to see that narrowing keeps the ranks wanted
    values = np.random.default_rng(4).lognormal(10, 1, (40_000, 2)).astype(np.int64)
    summary = Summary(len(values), 2)
    for start in range(0, len(values), 4_000):
        summary.add(values[start : start + 4_000])
    assert summary.exact
    assert summary.brackets is not None
    assert max(b.held for brackets in summary.brackets for b in brackets) < 2_000  # far fewer than the draws
    for year, column in enumerate(summary.result()):
        expected = [int(np.quantile(values[:, year], float(p), method="inverted_cdf")) for p in PERCENTILES]
        assert [p.pence for p in column.percentiles] == expected


@settings(max_examples=40, deadline=None)
@given(
    data=st.lists(st.integers(-50, 50), min_size=1, max_size=300),
    chunk=st.integers(1, 60),
    sort_at=st.integers(1, 40),
    bounds=st.tuples(st.integers(-60, 60), st.integers(0, 60)),
)
def test_a_bracket_put_aside_and_sorted_in_parts_gives_each_rank_as_one_sort_would(
    data: list[int], chunk: int, sort_at: int, bounds: tuple[int, int]
) -> None:
    """A bracket keeps a chunk's draws as they come, sorts them in when enough have gathered (``sort_at``) and merges
    the sorted parts when read, perhaps read between chunks: each rank it holds is the value a sort of every draw gives
    that rank, and a rank it does not hold it says it does not."""
    from savingsmodel.whatif import statistics

    low, high = bounds[0], bounds[0] + bounds[1]
    values = np.array(data, dtype=np.int64)
    bracket = statistics._Bracket(low, high)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(statistics, "_NARROW_AT", sort_at)
        for start in range(0, len(values), chunk):
            bracket.add(values[start : start + chunk])
            if start % (3 * chunk) == 0:
                bracket.value_at(1)  # read between chunks: merged, then added to again
    ordered = np.sort(values)
    below = int(np.count_nonzero(values < low))
    inside = int(np.count_nonzero((values >= low) & (values <= high)))
    for rank in range(1, len(values) + 1):
        expected = int(ordered[rank - 1]) if below < rank <= below + inside else None
        assert bracket.value_at(rank) == expected


def test_a_pilot_chunk_that_misleads_is_noticed() -> None:
    summary = Summary(2_000, 1)
    summary.add(np.zeros((1_000, 1), dtype=np.int64))  # the pilot: all zero
    summary.add(np.arange(1, 1_001, dtype=np.int64).reshape(-1, 1))  # then the real spread
    assert not summary.exact
    with pytest.raises(ValueError, match="draw again"):
        summary.result()


def test_shares_of_the_variance_follow_the_input_that_moves_the_figure() -> None:
    rng = np.random.default_rng(3)
    u = rng.random((5_000, 3))
    figure = (1000 * u[:, 0] + 100 * u[:, 1]).astype(np.int64).reshape(-1, 1)
    shares = contributions(u, figure)[0]
    assert shares.sum() == pytest.approx(1)
    assert shares[0] > 0.95 > shares[1] > shares[2]
    assert contributions(u, np.ones((5_000, 1), dtype=np.int64)).tolist() == [[0.0, 0.0, 0.0]]
    # Columns worked once and copied (a constant one, one equal to another) have the shares worked alone.
    other = (10 * u[:, 2]).astype(np.int64).reshape(-1, 1)
    table = np.hstack([np.zeros_like(figure), figure, other, figure])
    assert contributions(u, table).tolist() == [
        [0.0, 0.0, 0.0],
        contributions(u, figure)[0].tolist(),
        contributions(u, other)[0].tolist(),
        contributions(u, figure)[0].tolist(),
    ]


@settings(max_examples=100, deadline=None)
@given(
    values=st.one_of(
        st.lists(st.integers(-50, 50), min_size=1, max_size=200),
        # Pence too far apart for a draw's position beside them in one whole number: ranked another way, alike.
        st.lists(st.integers(-(2**62), 2**62), min_size=1, max_size=50),
        st.lists(st.sampled_from([-(2**62), 2**62, 0, 1]), min_size=1, max_size=50),
    )
)
def test_ranks_of_pence_share_ties_as_scipys_rankdata_does(values: list[int]) -> None:
    from scipy.stats import rankdata

    from savingsmodel.whatif.statistics import _average_ranks

    pence = np.array(values, dtype=np.int64)
    assert _average_ranks(pence).tolist() == rankdata(pence).tolist()


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32), draws=st.integers(2, 500), inputs=st.integers(1, 4))
def test_shares_of_the_variance_are_those_of_spearmans_correlations(seed: int, draws: int, inputs: int) -> None:
    """Each share is the input's squared Spearman correlation with the figure over their sum (SciPy's, here)."""
    from scipy.stats import spearmanr

    rng = np.random.default_rng(seed)
    u = rng.random((draws, inputs))
    figure = (rng.integers(1, 5, inputs) * 100 * u).sum(axis=1).astype(np.int64) // 7 + rng.integers(0, 30, draws)
    shares = contributions(u, figure.reshape(-1, 1))[0]
    if figure.min() == figure.max():  # a figure that does not vary: no shares (and no Spearman correlation)
        assert shares.tolist() == [0.0] * inputs
        return
    rho = np.array([spearmanr(u[:, i], figure)[0] for i in range(inputs)])
    if np.all(np.isfinite(rho)) and (rho**2).sum() > 0:
        assert shares == pytest.approx(rho**2 / (rho**2).sum(), abs=1e-9)


# ---- The worked case ---------------------------------------------------------------------------------------------


def _within(value: Decimal, expected: float, standard_error: Decimal, errors: float = 5) -> bool:
    return abs(float(value) - expected) <= errors * float(standard_error) + 0.01


def test_the_worked_case_mean_gross_saving_is_fte_times_unit_cost_on_average(run_20k) -> None:  # type: ignore[no-untyped-def]
    # 2019/20: every slip (six months at most) is long over. Independent inputs: E[fte] x E[unit cost].
    mean_fte = (10 * 1 + 11 * 2 + 12 * 7) / 10
    mean_cost = (46_000 + 4 * 48_000 + 52_000) / 6  # PERT: (low + 4 mode + high) / 6
    last = run_20k.figures["gross_saving"][-1]
    assert _within(last.mean.amount, mean_fte * mean_cost, last.mean_se.amount)
    assert last.p10 < last.p50 < last.p90
    for value in (last.p10, last.p50, last.p90):
        assert value.amount == value.amount.quantize(Decimal("0.01"))  # a draw's own pence


def test_the_worked_case_chance_of_whole_posts_is_the_weight_declared(run_20k) -> None:  # type: ignore[no-untyped-def]
    released = next(c for c in run_20k.claims if c.what.startswith("fte_released"))
    assert abs(float(released.probability) - 0.7) <= 5 * max(released.standard_error, 1e-3)


def test_the_worked_case_reports_each_input_and_the_target(run_20k, worked: Proposal) -> None:  # type: ignore[no-untyped-def]
    assert run_20k.assumptions == ASSUMPTIONS
    assert [c.what for c in run_20k.targets] == [worked.targets[0].describe()]
    # Posts leave on 1 April 2016 at the earliest, and only later at worst: the £360k MTFP line is rarely met.
    assert run_20k.targets[0].probability < Fraction(1, 2)
    first_year = run_20k.contributions["net_saving_incremental"][0]
    assert set(first_year) == {u.input for u in worked.uncertain}
    assert sum(first_year.values()) == pytest.approx(1)
    # The slip of the posts' start moves the first year's MTFP line most.
    assert max(first_year, key=first_year.__getitem__) == "lines.Watch Manager posts released.start"


def test_a_figure_with_no_uncertainty_has_no_spread_and_probability_one(worked: Proposal) -> None:
    still = Uncertain(input="lines.ISO allowances.start", distribution="discrete", values=[0])
    fixed = BaseModel.model_copy(worked, update={"uncertain": (still,), "correlations": ()})
    run = simulate(fixed, draws=500, seed=1, figures=("gross_saving",))
    assert {r.p10 for r in run.figures["gross_saving"]} == {r.p90 for r in run.figures["gross_saving"]}
    assert all(r.sd.amount == 0 and r.mean_se.amount == 0 for r in run.figures["gross_saving"])
    gross = next(c for c in run.claims if c.what.startswith("gross_saving"))
    assert gross.probability == 1
    assert gross.standard_error == 0


# ---- The command line --------------------------------------------------------------------------------------------


def test_simulate_prints_json_that_says_the_distributions_are_assumptions(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", REVISED, "--draws", "2000", "--seed", "3", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["assumptions"] == ASSUMPTIONS
    assert data["draws"] == 2000
    assert data["seed"] == 3
    years = data["figures"]["net_saving_incremental"]
    assert [y["year"] for y in years] == ["2016/17", "2017/18", "2018/19", "2019/20"]
    assert all(Decimal(y["p10"]) <= Decimal(y["p50"]) <= Decimal(y["p90"]) for y in years)


@pytest.mark.parametrize("format", ["table", "csv"])
def test_every_format_says_the_distributions_are_assumptions(format: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", REVISED, "--draws", "500", "--format", format]) == 0
    assert ASSUMPTIONS in capsys.readouterr().out


def test_the_same_command_prints_the_same_bytes(capsys: pytest.CaptureFixture[str]) -> None:
    outputs = []
    for _ in range(2):
        assert main(["simulate", REVISED, "--draws", "1500", "--seed", "9", "--format", "csv"]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--draws", "1"], "expected from 2 to 100,000,000 draws, found 1"),
        (["--draws", "lots"], "expected a whole number of draws, found 'lots'"),
        (["--seed", "-1"], "expected a seed from 0 to"),
        (["--figure", "net_savings"], "figure: expected a money figure, found 'net_savings'; did you mean"),
    ],
)
def test_bad_arguments_exit_2_with_a_message_and_no_traceback(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["simulate", REVISED, *argv]) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert "Traceback" not in captured.err
    assert captured.out == ""


def test_a_file_with_no_uncertain_inputs_is_bad_input_for_simulate(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", "scenarios/scs4-1-original.toml", "--draws", "100"]) == 2
    assert "expected at least one [[uncertain]] input" in capsys.readouterr().err


# ---- Bad declarations, refused when the file is read -------------------------------------------------------------

_BASE = """
reference = "X"
start_year = "2016/17"
[[grades]]
name = "Watch Manager"
unit_cost = "48k"
[[lines]]
kind = "posts_released"
name = "WM posts"
grade = "Watch Manager"
fte = 12
[[lines]]
kind = "recurring_cost"
name = "Team"
amount = "134k"
"""


@pytest.mark.parametrize(
    ("declared", "message"),
    [
        (
            '[[uncertain]]\ninput = "grades.Watch Manager.unitcost"\ndistribution = "uniform"\nlow = 1\nhigh = 2',
            "uncertain[0].input: unknown input 'grades.Watch Manager.unitcost'; "
            "did you mean 'grades.Watch Manager.unit_cost'?",
        ),
        (
            '[[uncertain]]\ninput = "lines.Team.amount"\ndistribution = "triangular"\nlow = "140k"\nmode = "134k"\n'
            'high = "150k"',
            "uncertain[0]: expected low <= mode <= high, found low 140000, mode 134000, high 150000",
        ),
        (
            '[[uncertain]]\ninput = "lines.Team.amount"\ndistribution = "pert"\nlow = "120k"\nhigh = "150k"',
            "uncertain[0]: expected mode for a pert distribution, found none",
        ),
        (
            '[[uncertain]]\ninput = "lines.Team.amount"\ndistribution = "uniform"\nlow = "120k"\nhigh = "150k"\n'
            'mode = "130k"',
            "uncertain[0]: expected no mode for a uniform distribution (it takes low, high), found one",
        ),
        (
            '[[uncertain]]\ninput = "lines.Team.amount"\ndistribution = "truncated_normal"\nmean = "134k"\nsd = "10k"',
            "uncertain[0]: expected draws of 0 or more (an amount cannot be negative)",
        ),
        (
            '[[uncertain]]\ninput = "lines.Team.amount"\ndistribution = "slippage"\nlow = 0\nhigh = 3',
            "uncertain[0].distribution: expected slippage only for a start date",
        ),
        (
            '[[uncertain]]\ninput = "lines.WM posts.start"\ndistribution = "uniform"\nlow = 0\nhigh = 3',
            "uncertain[0].distribution: expected 'slippage' or 'discrete' (whole months) for a start date",
        ),
        (
            '[[uncertain]]\ninput = "lines.WM posts.start"\ndistribution = "slippage"\nlow = 0\nhigh = 2.5',
            "uncertain[0]: expected high in whole months, found 2.5",
        ),
        (
            '[[uncertain]]\ninput = "lines.Team.amount"\ndistribution = "discrete"\nvalues = ["1k", "2k"]\n'
            "weights = [1]",
            "uncertain[0]: expected one weight per value (2), found 1 weights",
        ),
        (
            '[[uncertain]]\ninput = "lines.Team.amount"\ndistribution = "lognormal"\nmean = "5k"\nsd = 0',
            "uncertain[0]: expected sd above zero, found 0",
        ),
        (
            '[[uncertain]]\ninput = "lines.Team.amount"\ndistribution = "uniform"\nlow = 1\nhigh = 2\n'
            '[[uncertain]]\ninput = "lines.Team.amount"\ndistribution = "uniform"\nlow = 1\nhigh = 2',
            "uncertain[1].input: expected each input once, found 'lines.Team.amount' again (first at uncertain[0])",
        ),
        (
            '[[uncertain]]\ninput = "lines.Team.amount"\ndistribution = "uniform"\nlow = 1\nhigh = 2\n'
            '[[correlations]]\ninputs = ["lines.Team.amount", "lines.WM posts.fte"]\nrank = 0.5',
            "correlations[0].inputs[1]: expected an input declared in [[uncertain]], found 'lines.WM posts.fte'",
        ),
        (
            '[[uncertain]]\ninput = "lines.Team.amount"\ndistribution = "uniform"\nlow = 1\nhigh = 2\n'
            '[[uncertain]]\ninput = "lines.WM posts.fte"\ndistribution = "uniform"\nlow = 1\nhigh = 2\n'
            '[[correlations]]\ninputs = ["lines.Team.amount", "lines.WM posts.fte"]\nrank = 1.5',
            "correlations[0]: expected a rank correlation from -1 to 1, found 1.5",
        ),
        (
            '[[targets]]\nfigure = "net_saving"\nat_least = "300k"',
            "targets[0]: expected a year for basis 'annual', found none",
        ),
    ],
)
def test_a_bad_declaration_is_refused_on_load_with_its_line(declared: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        loads(_BASE + declared, source="bad.toml", format="toml")
    text = str(caught.value)
    assert message in text
    assert text.startswith("bad.toml:")


def test_correlations_that_cannot_hold_together_are_refused_on_load() -> None:
    names = ["lines.Team.amount", "lines.WM posts.fte", "grades.Watch Manager.unit_cost"]
    declared = "".join(f'[[uncertain]]\ninput = "{n}"\ndistribution = "uniform"\nlow = 1\nhigh = 2\n' for n in names)
    for (a, b), rank in zip([(0, 1), (1, 2), (0, 2)], ["0.9", "0.9", "-0.9"], strict=True):
        declared += f'[[correlations]]\ninputs = ["{names[a]}", "{names[b]}"]\nrank = {rank}\n'
    with pytest.raises(InputError, match=r"correlations: expected correlations that can hold together"):
        loads(_BASE + declared, source="bad.toml", format="toml")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(proposal=proposals())
def test_the_model_and_the_vectorised_engine_agree_on_the_inputs_there_are(proposal: Proposal) -> None:
    """A file may declare uncertain exactly the inputs evaluate_many takes, each of the same kind."""
    from savingsmodel.engine.many import _known_inputs
    from savingsmodel.model.uncertainty import input_kinds

    engine = {name: spec.kind.value for name, spec in _known_inputs(proposal).items()}
    model = {name: kind.value for name, kind in input_kinds(proposal.model_dump()).items()}
    assert model == engine


def test_the_worked_case_declares_ten_inputs_each_one_the_engine_takes(worked: Proposal) -> None:
    from savingsmodel.engine.many import inputs_of

    assert len(worked.uncertain) == 10
    assert {u.input for u in worked.uncertain} <= {i.name for i in inputs_of(worked)}


# ---- The schema and the progress bar -----------------------------------------------------------------------------


def test_the_json_schema_lists_the_distributions_and_accepts_the_worked_case_declarations() -> None:
    import tomllib

    import jsonschema

    from savingsmodel.files.schema import json_schema
    from savingsmodel.model.uncertainty import Distribution

    schema = json_schema()
    assert {"uncertain", "correlations", "targets"} <= set(schema["properties"])
    assert set(schema["$defs"]["Distribution"]["enum"]) == {d.value for d in Distribution}
    data = tomllib.loads((ROOT / REVISED).read_text(encoding="utf-8"))
    for key, model in (("uncertain", "Uncertain"), ("correlations", "Correlation"), ("targets", "Target")):
        validator = jsonschema.Draft202012Validator({"$defs": schema["$defs"], **schema["$defs"][model]})
        for entry in data[key]:
            validator.validate(entry)
    bad = jsonschema.Draft202012Validator({"$defs": schema["$defs"], **schema["$defs"]["Uncertain"]})
    assert not bad.is_valid({"input": "x", "distribution": "gaussian", "low": 1, "high": 2})


class _Terminal:
    """Standard error as a terminal: what tqdm writes is kept."""

    def __init__(self) -> None:
        self.written: list[str] = []

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.written.append(text)
        return len(text)

    def flush(self) -> None:
        pass


def test_the_progress_bar_is_only_for_a_terminal_and_a_run_past_a_second(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    from savingsmodel.cli.simulate import _progress

    monkeypatch.setattr(sys, "stderr", io.StringIO())
    with _progress(100) as tell:
        assert tell is None  # not a terminal: no bar, and tqdm not even imported for it
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with _progress(100) as tell:
        assert tell is not None
        tell(50)
        tell(100)
    assert "draws" not in "".join(terminal.written)  # done within a second: nothing was drawn
