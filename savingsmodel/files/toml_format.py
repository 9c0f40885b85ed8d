"""TOML scenario files: reading with the line of every key, and writing a proposal back.

tomllib gives values but no positions, so :class:`_TomlScanner` walks the text
once more for where each key and array item is written. Floats are read as
Decimal, so money never passes through a binary float.
"""

from __future__ import annotations

import contextlib
import re
import tomllib
from collections.abc import Mapping
from datetime import date, datetime, time
from decimal import Decimal
from typing import Final, NoReturn

from savingsmodel.core.errors import Problem
from savingsmodel.core.money import TEXT_LIMIT
from savingsmodel.files.positions import (
    MAX_DEPTH,
    MAX_ITEMS,
    MAX_VALUES,
    Path,
    by_path,
    duplicate,
    number_text_problem,
    render,
    too_deep,
)

__all__ = ["decimal_text", "read_toml", "toml_document"]


_TOML_POSITION: Final = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)\s*$")
_TOML_MONEY_HINT: Final = re.compile(r"=\s*(?:£|-?\d[\d,.]*\s*(?:k|m|bn)\b)", re.IGNORECASE)


def read_toml(text: str) -> tuple[object, dict[str, int], list[Problem]]:
    """The data, the line of each field path, and every problem that stops the file being read.

    The scanner walks the text first, in one linear pass: values nested deeper than
    :data:`MAX_DEPTH`, and numbers too long or with too large an exponent, are refused
    there (every one, each at its line) before tomllib converts anything.
    """
    scanner = _TomlScanner(text)
    scanner.run()
    if scanner.refusal is not None:
        return None, by_path(scanner.lines), [scanner.refusal]
    if scanner.numbers:
        numbers = [
            Problem(render(path), message, line=line, code="too_large") for path, line, message in scanner.numbers
        ]
        return None, by_path(scanner.lines), numbers
    try:
        data = tomllib.loads(text, parse_float=_decimal)
    except tomllib.TOMLDecodeError as error:
        return None, {}, [_toml_syntax_problem(text, str(error), scanner)]
    except (_NumberError, ValueError) as error:
        # Only where the scanner stopped short of a number tomllib then met: the line is not known.
        message = str(error) if isinstance(error, _NumberError) else number_text_problem("9" * (TEXT_LIMIT + 1))
        return None, {}, [Problem("", message or "expected a number", line=1, code="too_large")]
    except RecursionError:
        return None, {}, [too_deep((), 1)]
    return data, by_path(scanner.lines), []


class _NumberError(ValueError):
    """A float tomllib found that is too long or too large to read."""


def _decimal(text: str) -> Decimal:
    problem = number_text_problem(text)
    if problem is not None:
        raise _NumberError(problem)
    return Decimal(text)


def _toml_syntax_problem(text: str, message: str, scanner: _TomlScanner) -> Problem:
    match = _TOML_POSITION.search(message)
    reason = message[: match.start()] if match else message
    if match is not None and match[1] is not None:
        line, column = int(match[1]), int(match[2])
    else:
        line, column = text.count("\n") + 1, None
    if reason.startswith(("Cannot overwrite a value", "Cannot declare")) and scanner.duplicates:
        # tomllib says only where it noticed; the scanner knows which key was set twice.
        return duplicate(*scanner.duplicates[0])
    where = f" at column {column}" if column is not None else " at the end of the file"
    hint = ""
    lines = text.splitlines()
    if reason == "Invalid value" and 0 < line <= len(lines) and _TOML_MONEY_HINT.search(lines[line - 1]):
        hint = '; write money text in quotes, such as "£48,000" or "48k"'
    return Problem("", f"TOML syntax error{where}: {reason[:1].lower()}{reason[1:]}{hint}", line=line, code="syntax")


class _ScanError(Exception):
    """The scanner met text it does not expect (only in a file tomllib refused)."""


class _StopError(Exception):
    """The file passes a bound (nesting, items, values): the scan stops there, and so does the read."""


_TRIVIA: Final = re.compile(r"(?:[ \t\r\n]+|#[^\n]*)*")
_SPACE: Final = re.compile(r"[ \t]*")
_BARE_KEY: Final = re.compile(r"[A-Za-z0-9_-]+")
_BASIC: Final = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_LITERAL: Final = re.compile(r"'[^'\n]*'")
_ML_BASIC: Final = re.compile(r'"""(?:[^"\\]|\\[\s\S]|"(?!""))*""""{0,2}')
_ML_LITERAL: Final = re.compile(r"'''(?:[^']|'(?!''))*''''{0,2}")
_SCALAR: Final = re.compile(r"[^,\]}\n#]+")
_ESCAPE: Final = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_NUMBER_START: Final = frozenset("+-0123456789")
_SIMPLE_ESCAPES: Final = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\", "e": "\x1b"}


def _unescape(body: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = match[1]
        return chr(int(code[1:], 16)) if code[0] in "uU" and len(code) > 1 else _SIMPLE_ESCAPES.get(code, code)

    return _ESCAPE.sub(one, body)


class _TomlScanner:
    """Where each table, key and array item of a TOML document is written.

    tomllib gives values but no positions, so this walks the text once more,
    following the grammar only as far as needed: table headers, keys (bare,
    quoted, dotted), strings of every form, arrays and inline tables over any
    number of lines. It also notes keys set twice, to name them when tomllib
    refuses a file for it, and numbers too long or too large to read; it stops at
    the first bound passed (``refusal``): values nested deeper than :data:`MAX_DEPTH`,
    a list or table of more than :data:`MAX_ITEMS` items, more than :data:`MAX_VALUES`
    values in all.

    One pass, linear in the text: each key or item notes its own path only (its
    enclosing paths were noted when their tables and arrays were entered), and no
    path is longer than :data:`MAX_DEPTH` + 1.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1
        self.lines: dict[Path, int] = {(): 1}
        self.defined: dict[Path, int] = {}
        self.arrays: dict[Path, int] = {}
        self.duplicates: list[tuple[Path, int, int]] = []
        self.numbers: list[tuple[Path, int, str]] = []
        self.refusal: Problem | None = None
        self._values = 0
        self._keys: dict[Path, int] = {}

    def run(self) -> None:
        """Scan the whole text; on text it does not expect, keep what was found so far."""
        with contextlib.suppress(_ScanError, RecursionError, _StopError):
            self._document()

    def _advance(self, end: int) -> None:
        self.line += self.text.count("\n", self.pos, end)
        self.pos = end

    def _skip(self, pattern: re.Pattern[str]) -> None:
        match = pattern.match(self.text, self.pos)
        if match is not None:
            self._advance(match.end())

    def _expect(self, token: str) -> None:
        if not self.text.startswith(token, self.pos):
            raise _ScanError(token)
        self._advance(self.pos + len(token))

    def _stop(self, problem: Problem) -> NoReturn:
        self.refusal = problem
        raise _StopError

    def _deep(self, path: Path, line: int) -> None:
        if len(path) > MAX_DEPTH:
            self._stop(too_deep(path, line))

    def _count(self, container: Path, items: int, line: int) -> None:
        """One more value, the ``items``-th of ``container``: stop past the bounds."""
        self._values += 1
        if items > MAX_ITEMS:
            self._stop(
                Problem(
                    render(container), f"expected at most {MAX_ITEMS:,} items, found more", line=line, code="too_many"
                )
            )
        if self._values > MAX_VALUES:
            message = f"expected at most {MAX_VALUES:,} values in a file, found more"
            self._stop(Problem(render(container[:1]), message, line=line, code="too_many"))

    def _note(self, path: Path, line: int) -> None:
        """Note a key's path and those enclosing it (a dotted key or header names several at once)."""
        self._deep(path, line)
        for size in range(1, len(path) + 1):
            self.lines.setdefault(path[:size], line)

    def _define(self, path: Path, line: int) -> None:
        if path in self.defined:
            self.duplicates.append((path, line, self.defined[path]))
        else:
            self.defined[path] = line
        self._note(path, line)
        parent = path[:-1]
        self._keys[parent] = self._keys.get(parent, 0) + 1
        self._count(parent, self._keys[parent], line)

    def _document(self) -> None:
        table: Path = ()
        while True:
            self._skip(_TRIVIA)
            if self.pos >= len(self.text):
                return
            line = self.line
            if self.text.startswith("[[", self.pos):
                self._advance(self.pos + 2)
                parts = self._key()
                self._expect("]]")
                array = (*self._resolve(parts[:-1]), parts[-1])
                index = self.arrays.get(array, 0)
                self.arrays[array] = index + 1
                table = (*array, index)
                self._note(table, line)
                self._count(array, index + 1, line)
            elif self.text.startswith("[", self.pos):
                self._advance(self.pos + 1)
                parts = self._key()
                self._expect("]")
                table = self._resolve(parts)
                self._define(table, line)
            else:
                self._key_value(table)

    def _resolve(self, parts: list[str]) -> Path:
        """A header's path, with the latest index of each array of tables on the way."""
        path: Path = ()
        for part in parts:
            path = (*path, part)
            if path in self.arrays:
                path = (*path, self.arrays[path] - 1)
        return path

    def _key(self) -> list[str]:
        parts: list[str] = []
        while True:
            self._skip(_SPACE)
            for pattern, quoted in ((_BASIC, True), (_LITERAL, False), (_BARE_KEY, False)):
                match = pattern.match(self.text, self.pos)
                if match is not None:
                    body = match[0][1:-1] if pattern is not _BARE_KEY else match[0]
                    parts.append(_unescape(body) if quoted else body)
                    self._deep(tuple(parts), self.line)  # before any path is made of a thousand parts
                    self._advance(match.end())
                    break
            else:
                raise _ScanError("key")
            self._skip(_SPACE)
            if not self.text.startswith(".", self.pos):
                return parts
            self._advance(self.pos + 1)

    def _key_value(self, table: Path) -> None:
        line = self.line
        path = (*table, *self._key())
        self._expect("=")
        self._define(path, line)
        self._skip(_SPACE)
        self._value(path)

    def _value(self, path: Path) -> None:
        for pattern in (_ML_BASIC, _ML_LITERAL, _BASIC, _LITERAL):
            match = pattern.match(self.text, self.pos)
            if match is not None:
                self._advance(match.end())
                return
        if self.text.startswith("[", self.pos):
            start = self.line
            self._advance(self.pos + 1)
            index = 0
            while True:
                self._skip(_TRIVIA)
                if self.text.startswith("]", self.pos):
                    self._advance(self.pos + 1)
                    return
                item = (*path, index)
                self._deep(item, self.line)
                self._count(path, index + 1, start)
                self.lines.setdefault(item, self.line)
                self._value(item)
                index += 1
                self._skip(_TRIVIA)
                if self.text.startswith(",", self.pos):
                    self._advance(self.pos + 1)
                elif not self.text.startswith("]", self.pos):
                    raise _ScanError("]")
        elif self.text.startswith("{", self.pos):
            self._advance(self.pos + 1)
            while True:
                self._skip(_TRIVIA)
                if self.text.startswith("}", self.pos):
                    self._advance(self.pos + 1)
                    return
                self._key_value(path)
                self._skip(_TRIVIA)
                if self.text.startswith(",", self.pos):
                    self._advance(self.pos + 1)
                elif not self.text.startswith("}", self.pos):
                    raise _ScanError("}")
        else:
            match = _SCALAR.match(self.text, self.pos)
            if match is None:
                raise _ScanError("value")
            token = match[0].strip()
            if token[:1] in _NUMBER_START:
                problem = number_text_problem(token)
                if problem is not None:
                    self.numbers.append((path, self.line, problem))
            self._advance(match.end())


def decimal_text(value: Decimal) -> str:
    """A Decimal written out in full, never in exponent form: ``48000``, ``0.5``."""
    return format(value, "f")


# TOML emitter: a small one, for the fixed shape of a proposal (no TOML writer in the standard library).

_BARE_KEY_TEXT: Final = re.compile(r"[A-Za-z0-9_-]+")
_TOML_ESCAPES: Final = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def toml_document(data: Mapping[str, object]) -> str:
    out: list[str] = []
    _toml_table(out, [], (), data, top=True)
    return "\n".join(out).lstrip("\n") + "\n"


def _is_table_array(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(item, Mapping) for item in value)


def _toml_table(
    out: list[str], header: list[str], where: Path, table: Mapping[str, object], *, top: bool = False
) -> None:
    """Keys first, then sub-tables; at the top, lists of tables become ``[[name]]`` blocks.

    ``header`` is the table's TOML name, ``where`` its field path (with indices) for messages.
    """
    nested = {
        key: value for key, value in table.items() if isinstance(value, Mapping) or (top and _is_table_array(value))
    }
    for key, value in table.items():
        if key not in nested:
            out.append(f"{_toml_key(key)} = {_toml_value(value, (*where, key))}")
    for key, value in nested.items():
        path = [*header, key]
        name = ".".join(_toml_key(k) for k in path)
        if isinstance(value, Mapping):
            if not value or any(not isinstance(item, Mapping) for item in value.values()):
                out.extend(["", f"[{name}]"])
            _toml_table(out, path, (*where, key), value)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                out.extend(["", f"[[{name}]]"])
                _toml_table(out, path, (*where, key, index), item)


def _toml_key(key: str) -> str:
    return key if _BARE_KEY_TEXT.fullmatch(key) else _toml_string(key)


def _toml_string(text: str) -> str:
    out = []
    for char in text:
        if char in _TOML_ESCAPES:
            out.append(_TOML_ESCAPES[char])
        elif char < " " or char == "\x7f":
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _toml_value(value: object, where: Path) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            return {"NaN": "nan", "sNaN": "nan", "Infinity": "inf", "-Infinity": "-inf"}[str(value)]
        return decimal_text(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item, (*where, i)) for i, item in enumerate(value)) + "]"
    if isinstance(value, Mapping):
        pairs = (f"{_toml_key(str(k))} = {_toml_value(v, (*where, str(k)))}" for k, v in value.items())
        return "{" + ", ".join(pairs) + "}"
    if value is None:
        raise ValueError(f"{render(where)}: TOML cannot hold an empty value (None); leave the key out, or write YAML")
    raise TypeError(f"{render(where)}: cannot write {type(value).__name__} {value!r} to TOML")
