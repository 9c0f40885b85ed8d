"""What if? Sweeps, tornado and spider diagrams, break-even, and the Monte Carlo run, over
:func:`~savingsmodel.engine.many.evaluate_many`.

Each asks the vectorised evaluator for many draws at once and reads figures off them:
:mod:`~savingsmodel.whatif.sweeps` (a grid over one to three inputs, each input's swing at its low
and high, the figure across each input's range) and :mod:`~savingsmodel.whatif.breakeven` (the value
of one input that makes a figure reach a target). :mod:`~savingsmodel.whatif.values` reads and writes
input values as a person writes them (``£45k``, ``12.5``, ``+6`` months, ``2.5%``) and gives each
input its default ranges.

The Monte Carlo run draws the inputs a scenario file declares uncertain:

- :mod:`~savingsmodel.whatif.sampling`: the draws (Latin hypercube, each distribution's inverse,
  Iman-Conover rank correlation), in fixed blocks so that a run is the same whatever its chunk size;
- :mod:`~savingsmodel.whatif.statistics`: percentiles, means and their standard errors, kept over
  chunks without keeping every draw; each input's share of the variance;
- :mod:`~savingsmodel.whatif.montecarlo`: :func:`~savingsmodel.whatif.montecarlo.simulate`, the run.

SciPy and tqdm are imported only inside the functions that use them.
"""
