"""Reading the user's files and writing scenario files.

>>> from savingsmodel.files import load
>>> load("scenarios/scs4-1-revised.toml").proposal.reference
'SCS4-1 15SCS42 S'
"""

from savingsmodel.files.scenario import Scenario, load, loads
from savingsmodel.files.schema import json_schema
from savingsmodel.files.writing import dumps, save

__all__ = ["Scenario", "dumps", "json_schema", "load", "loads", "save"]
