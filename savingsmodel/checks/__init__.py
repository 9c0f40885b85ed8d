"""Layer 4: judging the figures. Reconciliation of claims and the officer checks
(counts, words, ranges, rotas, timing, series) that an experienced officer would run.
Imports layers 0 to 3.
"""
