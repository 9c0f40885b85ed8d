"""A JSON Schema of the scenario format, for editors' completion and checking."""

from __future__ import annotations

import re
from typing import Any

from savingsmodel.model.proposal import Proposal

__all__ = ["json_schema"]


def json_schema() -> dict[str, Any]:
    """A JSON Schema of the scenario format, for editors' completion and checking."""
    schema = Proposal.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "savingsmodel scenario",
        **{key: _portable_patterns(value) for key, value in schema.items() if key != "title"},
    }


def _portable_patterns(node: object) -> object:
    """The schema with every ``pattern`` rewritten for the regular expressions editors use."""
    if isinstance(node, dict):
        return {
            key: _portable_pattern(value) if key == "pattern" and isinstance(value, str) else _portable_patterns(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_portable_patterns(item) for item in node]
    return node


def _portable_pattern(pattern: str) -> str:
    """A Python pattern read case-insensitively, as JavaScript (VS Code) and Rust (taplo) read it.

    Named groups ``(?P<name>`` are Python's own, so they become plain groups; the
    loader ignores case (``48K``, ``fy2016/17``), so each letter outside a class
    becomes ``[kK]``: a schema pattern has no flags.
    """
    pattern = re.sub(r"\(\?P<\w+>", "(", pattern)
    out: list[str] = []
    index, in_class = 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            out.append(pattern[index : index + 2])
            index += 2
            continue
        in_class = (in_class or char == "[") and char != "]"
        out.append(f"[{char.lower()}{char.upper()}]" if char.isascii() and char.isalpha() and not in_class else char)
        index += 1
    return "".join(out)
