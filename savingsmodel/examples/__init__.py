"""The worked case: Oxfordshire Fire and Rescue Service, MTFP line SCS4-1, as the scenario file it is.

Source: Performance Scrutiny Committee, 5 November 2015, "Revised Staffing
Model and Community Risk Management Plan (CRMP) Development", paragraphs 7-12.
The proposal has one home, ``scs4-1-revised.toml`` beside this module (shipped
in the package, so it does not depend on where the repository is);
``scenarios/scs4-1-revised.toml`` is a link to that file.

>>> from savingsmodel import evaluate
>>> figures = evaluate(scs4_1_revised()).year("2016/17")
>>> figures.gross_saving, figures.additional_costs, figures.net_saving
(Money('576000'), Money('216000'), Money('360000'))
"""

from __future__ import annotations

from importlib import resources

from savingsmodel.files import loads
from savingsmodel.model.proposal import Proposal

__all__ = ["scs4_1_revised"]

# The worked case's file, by its name inside this package.
_SCS4_1_REVISED = "scs4-1-revised.toml"


def scs4_1_revised() -> Proposal:
    """The revised proposal: 12 Watch Manager posts released to create 14 ISO roles, and its what-if variant.

    Read afresh from the packaged file at each call (a few milliseconds), so no caller shares another's copy.
    """
    text = resources.files(__name__).joinpath(_SCS4_1_REVISED).read_bytes()
    return loads(text, source=_SCS4_1_REVISED, format="toml").proposal
