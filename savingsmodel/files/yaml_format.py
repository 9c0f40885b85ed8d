"""YAML for scenario files: a safe loader that reads exact decimals and YAML 1.2 booleans, and a dumper to match.

Kept apart from :mod:`savingsmodel.files.scenario` so that reading TOML never imports PyYAML.
Only PyYAML's safe loader and dumper are used: no tag can build a Python object.
"""

from __future__ import annotations

import re
from decimal import Decimal, localcontext
from typing import Final

import yaml

__all__ = ["dump", "read"]

Key = str | int
Path = tuple[Key, ...]
Duplicate = tuple[Path, int, int]

# The C loader (libyaml) when PyYAML has it: about five times faster on a large file.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BOOL_TAG: Final = "tag:yaml.org,2002:bool"
_FLOAT_TAG: Final = "tag:yaml.org,2002:float"
_INT_TAG: Final = "tag:yaml.org,2002:int"


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """A safe loader whose floats are exact Decimals and whose booleans are only true and false.

    YAML 1.1 also reads ``on``, ``off``, ``yes`` and ``no`` as booleans, which would turn a
    schedule step's ``on:`` key into ``True``; YAML 1.2 does not, and neither does this.
    """

    def construct_yaml_float(self, node: yaml.Node) -> Decimal:
        text = str(self.construct_scalar(node)).replace("_", "").lower()
        sign = "-" if text.startswith("-") else ""
        text = text.lstrip("+-")
        if text in (".inf", ".nan"):
            return Decimal(f"{sign}{'Infinity' if text == '.inf' else 'NaN'}")
        if ":" in text:  # YAML 1.1 base 60, such as 1:30.5
            with localcontext() as context:
                context.prec = 100
                value = Decimal(0)
                for part in text.split(":"):
                    value = value * 60 + Decimal(part)
            return -value if sign else value
        return Decimal(sign + text)

    def construct_yaml_timestamp(self, node: yaml.Node) -> object:
        # A date that does not exist (2016-13-01) stays text, so validation names the field and its line.
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL_TAG]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(_BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_Loader.add_constructor(_FLOAT_TAG, _Loader.construct_yaml_float)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


#: A failure to read: its line, its reason code (as a Problem's) and its message.
Failure = tuple[int, str, str]


def read(text: str) -> tuple[object, dict[Path, int], list[Duplicate], Failure | None]:
    """The data, the line of each key and item, the keys given twice, and the (line, code, message) of a failure."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}, [], None
        lines, duplicates = _positions(node)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        return None, {}, [], _syntax_failure(error)
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        message = f"expected text, found {error.reason} (character #x{error.character:04X})"
        return None, {}, [], (line, "bad_character", message)
    except yaml.YAMLError as error:
        return None, {}, [], (1, "syntax", f"YAML error: {error}")
    except RecursionError:
        return None, {}, [], (1, "too_deep", "expected a proposal, found values nested too deeply")
    finally:
        loader.dispose()
    return data, lines, duplicates, None


def _syntax_failure(error: yaml.MarkedYAMLError) -> Failure:
    mark, context = error.problem_mark or error.context_mark, error.context_mark
    where = f" at column {mark.column + 1}" if mark is not None else ""
    line = mark.line + 1 if mark is not None else 1
    if "single document" in str(error.context):
        return line, "several_documents", "expected one proposal (one YAML document), found a second document"
    reason = error.problem or error.context or "unreadable YAML"
    if isinstance(error, yaml.constructor.ConstructorError):
        return line, "not_plain_data", f"YAML error{where}: {reason} (only plain data is read)"
    if error.context and error.problem and context is not None:
        reason += f" ({error.context} that starts on line {context.line + 1})"
    return line, "syntax", f"YAML syntax error{where}: {reason}"


def _positions(root: yaml.Node) -> tuple[dict[Path, int], list[Duplicate]]:
    """Where each key and item of a composed YAML document is written, and the keys given twice."""
    lines: dict[Path, int] = {(): 1}
    duplicates: list[Duplicate] = []
    stack: list[tuple[yaml.Node, Path]] = [(root, ())]
    seen: set[int] = set()  # an alias shares its anchor's node: walk it once
    while stack:
        node, path = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first: dict[tuple[str, str], int] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                key, line = str(key_node.value), key_node.start_mark.line + 1
                sub = (*path, key)
                if (key_node.tag, key) in first:
                    duplicates.append((sub, line, first[(key_node.tag, key)]))
                else:
                    first[(key_node.tag, key)] = line
                    lines.setdefault(sub, line)
                stack.append((value_node, sub))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                lines.setdefault((*path, index), item.start_mark.line + 1)
                stack.append((item, (*path, index)))
    return lines, sorted(duplicates, key=lambda duplicate: duplicate[1])


class _Dumper(yaml.SafeDumper):
    """A safe dumper that writes Decimals exactly, as numbers the loader reads back as Decimal."""


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    if not value.is_finite():
        text = ".nan" if value.is_nan() else ("-.inf" if value < 0 else ".inf")
        return dumper.represent_scalar(_FLOAT_TAG, text)
    text = format(value, "f")
    return dumper.represent_scalar(_FLOAT_TAG if "." in text else _INT_TAG, text)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # PyYAML writes these line separators raw, and a reader folds them into spaces: quote and escape them.
    style = '"' if any(char in value for char in "\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(Decimal, _represent_decimal)
_Dumper.add_representer(str, _represent_str)


def dump(data: object) -> str:
    """YAML text of plain data (tables, lists, text, Decimals, dates), block style, keys in order."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=120)
