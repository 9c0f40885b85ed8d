"""What if? Questions asked of a proposal by drawing or varying its inputs: the Monte Carlo run.

- :mod:`~savingsmodel.whatif.sampling`: the draws (Latin hypercube, each distribution's inverse,
  Iman-Conover rank correlation), in fixed blocks so that a run is the same whatever its chunk size;
- :mod:`~savingsmodel.whatif.statistics`: percentiles, means and their standard errors, kept over
  chunks without keeping every draw; each input's share of the variance;
- :mod:`~savingsmodel.whatif.montecarlo`: :func:`~savingsmodel.whatif.montecarlo.simulate`, the run.

numpy is imported by these modules; SciPy and tqdm only inside the functions that use them.
"""
