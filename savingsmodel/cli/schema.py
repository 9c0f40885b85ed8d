"""``savingsmodel schema``: the JSON Schema of the scenario file format."""

from __future__ import annotations

from typing import TYPE_CHECKING

from savingsmodel.cli.common import EXIT_OK, out

if TYPE_CHECKING:
    import argparse

__all__ = ["schema"]


def schema(args: argparse.Namespace) -> int:
    """The JSON Schema of the scenario format, for an editor's completion and checking."""
    import json

    from savingsmodel.files.schema import json_schema

    out(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return EXIT_OK
