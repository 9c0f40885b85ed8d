"""YAML for scenario files: a safe loader that reads exact decimals and YAML 1.2 booleans, and a dumper to match.

Kept apart from :mod:`savingsmodel.files.scenario` so that reading TOML never imports PyYAML.
Only PyYAML's safe loader and dumper are used: no tag can build a Python object, and only
plain data is read (tables, lists, text, numbers, dates, true and false): ``!!binary``,
``!!set``, ``!!omap`` and ``!!pairs`` are refused like any tag that is not plain data.

A file is data, so reading one is bounded before anything is built from it: a number is
at most 100 characters with an exponent from -100 to 100 (:func:`number_text_problem`);
values nest at most :data:`MAX_DEPTH` deep; aliases repeat at most :data:`ALIAS_LIMIT`
values in all (a 340-byte "billion laughs" file would otherwise expand to 43 million);
and a value that contains itself through an alias is refused. A scalar a tag cannot
read (``!!int abc``) is a problem at its field, like any other, and every one is reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, localcontext
from typing import Final, cast

import yaml

from savingsmodel.core.text import shortened
from savingsmodel.files.positions import MAX_DEPTH, MAX_ITEMS, MAX_VALUES, Path, number_text_problem

__all__ = ["ALIAS_LIMIT", "dump", "read"]

Duplicate = tuple[Path, int, int]
#: A problem found while reading: the field path, its line, a reason code and the message.
Refusal = tuple[Path, int, str, str]

#: The most values aliases may repeat in all: a few shared on-cost tables, never a bomb.
ALIAS_LIMIT: Final = 10_000
# Expanded sizes are counted up to here and no further: a bomb's true size is astronomical.
_COUNT_CAP: Final = 10**12

# The C loader (libyaml) when PyYAML has it: about five times faster on a large file.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BOOL_TAG: Final = "tag:yaml.org,2002:bool"
_FLOAT_TAG: Final = "tag:yaml.org,2002:float"
_INT_TAG: Final = "tag:yaml.org,2002:int"
_TIMESTAMP_TAG: Final = "tag:yaml.org,2002:timestamp"
# Tags that build what a scenario never holds (bytes, sets, ordered pairs): refused as not plain data.
_NOT_PLAIN: Final = frozenset(f"tag:yaml.org,2002:{name}" for name in ("binary", "set", "omap", "pairs"))
# What a failing constructor raises (PyYAML's own raise these outside yaml.YAMLError).
_CONSTRUCTION_ERRORS: Final = (ValueError, ArithmeticError, LookupError, AttributeError, TypeError)


def _short_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """A safe loader whose floats are exact Decimals and whose booleans are only true and false.

    YAML 1.1 also reads ``on``, ``off``, ``yes`` and ``no`` as booleans, which would turn a
    schedule step's ``on:`` key into ``True``; YAML 1.2 does not, and neither does this.
    A scalar that cannot be read is noted in ``refused`` (and read as nothing), so that
    every one in a file is reported.
    """

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.refused: list[tuple[yaml.Node, str, str]] = []

    def _refuse(self, node: yaml.Node, code: str, message: str) -> None:
        self.refused.append((node, code, message))

    def _number_text(self, node: yaml.Node) -> str | None:
        """The scalar's text, or None (noted) when it is too long or its exponent too large to read."""
        text = str(self.construct_scalar(node))
        problem = number_text_problem(text)
        if problem is not None:
            self._refuse(node, "too_large", problem)
            return None
        return text

    def _unreadable(self, node: yaml.Node, expected: str) -> None:
        found = f"{_short_tag(node.tag)} {shortened(str(node.value))}"
        self._refuse(node, "wrong_type", f"expected {expected}, found {found}")

    def construct_yaml_int(self, node: yaml.Node) -> int | None:
        if self._number_text(node) is None:
            return None
        try:
            return int(super().construct_yaml_int(node))
        except _CONSTRUCTION_ERRORS:
            self._unreadable(node, "a whole number")
            return None

    def construct_yaml_float(self, node: yaml.Node) -> Decimal | None:
        raw = self._number_text(node)
        if raw is None:
            return None
        text = raw.replace("_", "").lower()
        sign = "-" if text.startswith("-") else ""
        text = text.lstrip("+-")
        try:
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
        except _CONSTRUCTION_ERRORS:
            self._unreadable(node, "a number")
            return None

    def construct_yaml_bool(self, node: yaml.Node) -> bool | None:
        try:
            return bool(super().construct_yaml_bool(node))
        except _CONSTRUCTION_ERRORS:
            self._unreadable(node, "true or false")
            return None

    def construct_yaml_timestamp(self, node: yaml.Node) -> object:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            # A date that does not exist (2016-13-01) stays text, so validation names the field and its line.
            return self.construct_scalar(node)
        except _CONSTRUCTION_ERRORS:
            self._unreadable(node, "a date such as 2016-04-01")
            return None

    def construct_undefined(self, node: yaml.Node) -> None:
        column = node.start_mark.column + 1
        message = f"YAML error at column {column}: could not determine a constructor for the tag {node.tag!r}"
        self._refuse(node, "not_plain_data", f"{message} (only plain data is read)")


_Loader.yaml_constructors = {
    tag: constructor for tag, constructor in _BaseLoader.yaml_constructors.items() if tag not in _NOT_PLAIN
}
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL_TAG]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(_BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_Loader.add_constructor(_INT_TAG, _Loader.construct_yaml_int)
_Loader.add_constructor(_FLOAT_TAG, _Loader.construct_yaml_float)
_Loader.add_constructor(_BOOL_TAG, _Loader.construct_yaml_bool)
_Loader.add_constructor(_TIMESTAMP_TAG, _Loader.construct_yaml_timestamp)
_Loader.add_constructor(None, _Loader.construct_undefined)


def read(text: str) -> tuple[object, dict[Path, int], list[Duplicate], list[Refusal]]:
    """The data, the line of each key and item, the keys given twice, and the problems that stop it being read.

    A problem with no field (a syntax error) has the path ``()``.
    """
    loader = _Loader(text)
    try:
        bounds = _Bounds(loader)
        if bounds.refusals:
            return None, {}, [], bounds.refusals
        loader.dispose()
        loader = _Loader(text)
        node = loader.get_single_node()
        if node is None:
            return None, {}, [], []
        shape = _Shape(node, aliases=bounds.aliases)
        if shape.refusals:
            return None, shape.lines, [], shape.refusals
        data = loader.construct_document(node)
        if loader.refused:
            refused = [(shape.path(n), n.start_mark.line + 1, code, message) for n, code, message in loader.refused]
            return None, shape.lines, [], refused
    except yaml.MarkedYAMLError as error:
        return None, {}, [], [((), *_syntax_failure(error))]
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        message = f"expected text, found {error.reason} (character #x{error.character:04X})"
        return None, {}, [], [((), line, "bad_character", message)]
    except yaml.YAMLError as error:
        return None, {}, [], [((), 1, "syntax", f"YAML error: {error}")]
    except RecursionError:
        return None, {}, [], [((), 1, "too_deep", f"expected values nested at most {MAX_DEPTH} deep, found deeper")]
    finally:
        loader.dispose()
    return data, shape.lines, shape.duplicates, []


class _Frame:
    """A table or list open in the event stream: its path and line, its items so far, the key awaiting a value."""

    __slots__ = ("is_table", "items", "key", "line", "path")

    def __init__(self, path: Path, line: int, is_table: bool) -> None:
        self.path, self.line, self.is_table = path, line, is_table
        self.items = 0
        self.key: str | None = None


class _Bounds:
    """The bounds on a file's shape, checked on the parser's events before any node is built.

    Values nested deeper than :data:`MAX_DEPTH`, a list or table of more than :data:`MAX_ITEMS`
    items, more than :data:`MAX_VALUES` values in all: each stops the read at once, at its
    place. ``aliases`` says whether any alias was seen (only then is expansion worked out).
    """

    def __init__(self, loader: _Loader) -> None:
        self.refusals: list[Refusal] = []
        self.aliases = False
        frames: list[_Frame] = []
        values = 0
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                frames.pop()
                continue
            if not isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent, yaml.CollectionStartEvent)):
                continue
            line = event.start_mark.line + 1 if event.start_mark is not None else 1
            path = self._place(frames[-1], event) if frames else ()
            values += 1
            if frames and frames[-1].items > MAX_ITEMS:
                frame = frames[-1]
                message = f"expected at most {MAX_ITEMS:,} items, found more"
                self.refusals.append((frame.path, frame.line, "too_many", message))
                return
            if values > MAX_VALUES:
                message = f"expected at most {MAX_VALUES:,} values in a file, found more"
                self.refusals.append((path[:1], line, "too_many", message))
                return
            if len(path) > MAX_DEPTH:
                message = f"expected values nested at most {MAX_DEPTH} deep, found deeper nesting"
                self.refusals.append((path[: MAX_DEPTH + 1], line, "too_deep", message))
                return
            if isinstance(event, yaml.AliasEvent):
                self.aliases = True
            elif isinstance(event, yaml.CollectionStartEvent):
                frames.append(_Frame(path, line, isinstance(event, yaml.MappingStartEvent)))

    @staticmethod
    def _place(frame: _Frame, event: yaml.Event) -> Path:
        """The path of the node an event starts, inside ``frame``; a table's key is counted as its item."""
        if not frame.is_table:
            frame.items += 1
            return (*frame.path, frame.items - 1)
        if frame.key is None:  # a key
            frame.items += 1
            frame.key = str(event.value) if isinstance(event, yaml.ScalarEvent) else "?"
            return frame.path
        path, frame.key = (*frame.path, frame.key), None
        return path


def _syntax_failure(error: yaml.MarkedYAMLError) -> tuple[int, str, str]:
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


def _children(node: yaml.Node, path: Path) -> Iterator[tuple[yaml.Node, Path, int | None]]:
    """Each node inside ``node``, with its path and the line to note for that path (None: note nothing).

    A key is a node too (an alias may stand for one); it shares its value's path, noted once.
    """
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                sub = (*path, str(key_node.value))
                yield key_node, sub, None
                yield value_node, sub, key_node.start_mark.line + 1
            else:
                yield key_node, path, None
                yield value_node, path, None
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield item, (*path, index), item.start_mark.line + 1


class _Shape:
    """One walk over a composed document (each node once, however many aliases name it).

    It finds the line of each key and item and the keys given twice, and the refusals that
    stop the document being built: a value that contains itself, nesting deeper than
    :data:`MAX_DEPTH` once aliases are followed, and aliases that repeat more than
    :data:`ALIAS_LIMIT` values. Linear in the number of nodes: sizes and depths of
    shared nodes are worked once.
    """

    def __init__(self, root: yaml.Node, *, aliases: bool = True) -> None:
        self.lines: dict[Path, int] = {(): 1}
        self.duplicates: list[Duplicate] = []
        self.refusals: list[Refusal] = []
        self._paths: dict[int, Path] = {id(root): ()}
        self._size: dict[int, int] = {}
        self._depth: dict[int, int] = {}
        self._root = root
        if aliases:
            self._walk(root)
        else:
            self._positions(root)
        self.duplicates.sort(key=lambda duplicate: duplicate[1])

    def path(self, node: yaml.Node) -> Path:
        return self._paths.get(id(node), ())

    def _line(self, node: yaml.Node) -> int:
        return int(node.start_mark.line) + 1

    def _walk(self, root: yaml.Node) -> None:
        entered: set[int] = set()  # nodes begun and not finished: the ancestors of the one in hand
        stack: list[tuple[yaml.Node, Path, bool]] = [(root, (), False)]
        while stack:
            node, path, finished = stack.pop()
            key = id(node)
            if finished:
                entered.discard(key)
                inner = [child for child, _, _ in _children(node, path)]
                self._size[key] = min(_COUNT_CAP, 1 + sum(self._size[id(child)] for child in inner))
                self._depth[key] = 1 + max((self._depth[id(child)] for child in inner), default=0)
                continue
            if key in self._size:
                continue  # an alias to a node already walked
            if key in entered:
                # Named where the value that contains itself is written, not where its alias is.
                message = "expected plain data, found a value that contains itself through an alias"
                self.refusals.append((self.path(node), self._line(node), "alias_loop", message))
                return
            entered.add(key)
            stack.append((node, path, True))
            if len(path) > MAX_DEPTH:
                message = f"expected values nested at most {MAX_DEPTH} deep, found deeper nesting"
                self.refusals.append((path, self._line(node), "too_deep", message))
                return
            self._note_keys(node, path)
            for child, sub, line in _children(node, path):
                if line is not None:
                    self.lines.setdefault(sub, line)
                self._paths.setdefault(id(child), sub)
                stack.append((child, sub, False))
        self._check_expansion()

    def _positions(self, root: yaml.Node) -> None:
        """The walk of a document without aliases: a tree, so each node has one path and nothing repeats."""
        stack: list[tuple[yaml.Node, Path]] = [(root, ())]
        while stack:
            node, path = stack.pop()
            self._note_keys(node, path)
            for child, sub, line in _children(node, path):
                if line is not None:
                    self.lines.setdefault(sub, line)
                    self._paths[id(child)] = sub
                    stack.append((child, sub))

    def _note_keys(self, node: yaml.Node, path: Path) -> None:
        if not isinstance(node, yaml.MappingNode):
            return
        first: dict[tuple[str, str], int] = {}
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                continue
            found, line = (key_node.tag, str(key_node.value)), self._line(key_node)
            if found in first:
                self.duplicates.append(((*path, found[1]), line, first[found]))
            else:
                first[found] = line

    def _check_expansion(self) -> None:
        root = self._root
        if self._depth[id(root)] - 1 > MAX_DEPTH:
            # Deep only through aliases: follow the deepest child down to where the bound is passed.
            node, path = root, cast(Path, ())
            while len(path) <= MAX_DEPTH:
                inner = list(_children(node, path))
                if not inner:
                    break
                node, path, _ = max(inner, key=lambda found: self._depth[id(found[0])])
            message = f"expected values nested at most {MAX_DEPTH} deep (aliases followed), found deeper nesting"
            self.refusals.append((path, self._line(node), "too_deep", message))
            return
        repeated = self._size[id(root)] - len(self._size)
        if repeated > ALIAS_LIMIT:
            # Named at the top-level key that holds the most, where a reader will find the aliases.
            _, path, line = max(
                ((self._size[id(child)], sub, line) for child, sub, line in _children(root, ()) if line is not None),
                default=(0, (), 1),
            )
            shown = f"{repeated:,}" if self._size[id(root)] < _COUNT_CAP else f"more than {_COUNT_CAP:,}"
            message = f"expected at most {ALIAS_LIMIT:,} values repeated through aliases, found {shown}"
            self.refusals.append((path, line or 1, "alias_bomb", f"{message} (only plain data is read)"))


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
