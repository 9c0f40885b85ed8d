"""What if? Sweeps, tornado and spider diagrams, and break-even, over :func:`~savingsmodel.engine.many.evaluate_many`.

Each asks the vectorised evaluator for many draws at once and reads one figure in one
year off them: :mod:`~savingsmodel.whatif.sweeps` (a grid over one to three inputs, each
input's swing at its low and high, the figure across each input's range) and
:mod:`~savingsmodel.whatif.breakeven` (the value of one input that makes a figure reach a
target). :mod:`~savingsmodel.whatif.values` reads and writes input values as a person
writes them (``£45k``, ``12.5``, ``+6`` months, ``2.5%``) and gives each input its
default ranges.
"""
