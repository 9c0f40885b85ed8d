"""Layer 4: judging the figures. Imports layers 0 to 3.

Reconciliation of claims (:mod:`~savingsmodel.checks.reconcile`), and the
officer checks an experienced officer would run once the sums hold: one module
per family (``counts``, ``priced_in``, ``words``, ``ranges``, ``rota``, ``prices``,
``timing``, ``series``, ``acknowledgements``), each check declared beside its
function (``rules``), collected and run by ``registry``, whose declarations
also make the reference page (``reference``). Helpers the families share are
in ``common``; what they report, in ``findings``.

Nothing is imported here: ``run_checks`` is public as ``savingsmodel.run_checks``
(loaded on first use), so importing one module of this package, such as
``findings`` or ``reconcile``, does not load every family of checks.
"""
