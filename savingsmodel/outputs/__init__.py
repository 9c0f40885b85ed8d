"""Layer 6: writing results for people. Imports layers 0 to 5.

One view of a run's figures (``view``), written in units (``units``), rendered by each
format on its own: a text table (``text``), CSV (``csv_format``), JSON (``json_format``)
and Markdown (``markdown``); ``report`` picks the format for ``savingsmodel run``.
``comparison`` sets two evaluations side by side; ``findings`` counts and writes the
verdicts on claims.
"""
