"""Scenario files: one proposal per TOML or YAML file, read exactly and reported by line.

>>> scenario = loads('''
... reference = "SCS4-1"
... start_year = "2016/17"
... [[grades]]
... name = "Watch Manager"
... unit_cost = "£48,000"
... ''', source="scs.toml", format="toml")
>>> scenario.proposal.grades[0].unit_cost
Money('48000')
>>> scenario.line_of("grades[0].unit_cost")
6

Both formats carry the same fields, those of :class:`~savingsmodel.proposal.Proposal`.
Money never passes through a binary float: TOML floats are read as Decimal,
and YAML is read by a safe loader whose floats are Decimal and whose booleans
are only ``true`` and ``false`` (so a schedule step's ``on:`` stays a key).
Every problem in a file is reported at once, each as ``FILE:LINE: path: message``.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any, Final, Literal

from pydantic import BaseModel

from savingsmodel.errors import InputError, Problem
from savingsmodel.money import Money
from savingsmodel.proposal import Proposal, Variant
from savingsmodel.years import FinancialYear

__all__ = ["Scenario", "dumps", "json_schema", "load", "loads", "save"]

#: The largest scenario file read, in bytes (1 MiB). A real proposal is a few kilobytes; a
#: larger file is refused before it is parsed, so a stray 10 MB file is answered at once.
MAX_FILE_BYTES: Final = 1024 * 1024

Format = Literal["toml", "yaml"]
_SUFFIXES: Final[Mapping[str, Format]] = {".toml": "toml", ".yaml": "yaml", ".yml": "yaml"}
_Key = str | int
_Path = tuple[_Key, ...]


@dataclass(frozen=True)
class Scenario:
    """A proposal read from a file, with where each of its fields is written.

    ``positions`` maps a field path such as ``lines[2].grade`` to its 1-based line.
    """

    proposal: Proposal
    source: str
    positions: Mapping[str, int] = field(default_factory=dict, repr=False, compare=False)

    def line_of(self, path: str) -> int | None:
        """The line where ``path`` is written, or else where its nearest enclosing item is."""
        return _line_of(self.positions, path)


# ---- Reading ---------------------------------------------------------------------------------------------------


def load(path: str | os.PathLike[str]) -> Scenario:
    """Read a scenario from a ``.toml``, ``.yaml`` or ``.yml`` file."""
    source = os.fspath(path)
    file_format = _SUFFIXES.get(Path(source).suffix.lower())
    if file_format is None:
        raise InputError.one(
            "", f"expected a .toml, .yaml or .yml file, found {Path(source).suffix or 'no extension'!r}", source, 1
        )
    try:
        with open(source, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise _too_large(size, source)
            # fstat says 0 for pipes and some special files: read one byte past the limit to know.
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise InputError.one("", f"cannot read the file: {error.strerror or error}", source) from None
    return loads(data, source=source, format=file_format)


def loads(text: str | bytes, *, source: str, format: Format) -> Scenario:
    """Read a scenario from text (or the raw bytes of a file) in ``format``."""
    if format not in ("toml", "yaml"):
        raise InputError.one("", f"expected format 'toml' or 'yaml', found {format!r}", source)
    decoded = _decode(text, source)
    if format == "toml":
        data, positions, problems = _read_toml(decoded)
    else:
        data, positions, problems = _read_yaml(decoded)
    if data is not None or not problems:  # a syntax error leaves nothing to validate
        proposal, found = _validate(data)
        problems += found
        if proposal is not None and not problems:
            return Scenario(proposal, source, positions)
    placed = [_place(p, positions, source) for p in problems]
    raise InputError(sorted(placed, key=lambda p: p.line or 0))  # in file order; sorted() keeps ties in order


def _too_large(size: int, source: str) -> InputError:
    return InputError.one(
        "", f"expected a scenario file of at most {MAX_FILE_BYTES:,} bytes, found {size:,} bytes", source, 1
    )


def _decode(text: str | bytes, source: str) -> str:
    """Text from a file's bytes, refusing what is not a small UTF-8 text file."""
    if isinstance(text, str):
        size = len(text.encode("utf-8", "surrogatepass"))  # in bytes, as the file would be
        if size > MAX_FILE_BYTES:
            raise _too_large(size, source)
    else:
        raw = bytes(text)
        if len(raw) > MAX_FILE_BYTES:
            raise _too_large(len(raw), source)
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise InputError.one("", "expected UTF-8 text, found UTF-16 (save the file as UTF-8)", source, 1)
        nul = raw.find(b"\0")
        if nul >= 0:
            line = raw.count(b"\n", 0, nul) + 1
            raise InputError.one(
                "", f"expected a text file, found binary data (a NUL byte at byte offset {nul})", source, line
            )
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            line = raw.count(b"\n", 0, error.start) + 1
            column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
            byte = raw[error.start]
            raise InputError.one(
                "",
                f"expected UTF-8 text, found byte 0x{byte:02X} at byte offset {error.start} (column {column}); "
                "save the file as UTF-8",
                source,
                line,
            ) from None
    nul = text.find("\0")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise InputError.one("", "expected a text file, found binary data (a NUL character)", source, line)
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InputError.one(
            "", "expected a proposal (reference, start_year, grades, lines, ...), found an empty file", source, 1
        )
    return text


def _validate(data: object) -> tuple[Proposal | None, list[Problem]]:
    """The proposal, or every problem found in the parsed data."""
    if data is None or data == {}:
        return None, [Problem("", "expected a proposal (reference, start_year, grades, lines, ...), found no fields")]
    if not isinstance(data, dict):
        found = "a list" if isinstance(data, list) else repr(data)
        return None, [Problem("", f"expected a table of proposal fields at the top level, found {found}")]
    try:
        proposal = Proposal(**_text_keys(data))
    except InputError as error:
        return None, list(error.problems)
    return proposal, list(_variant_problems(proposal))


def _text_keys(data: object) -> Any:
    """The data with every key as text: YAML allows ``2016:`` as a key, a field name is text.

    A key that was not text then fails as an unknown field, at its line, like any other.
    """
    if isinstance(data, dict):
        return {key if isinstance(key, str) else str(key): _text_keys(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_text_keys(item) for item in data]
    return data


def _variant_problems(proposal: Proposal) -> Iterator[Problem]:
    """Problems that show only when a variant is laid over the baseline, placed at the variant."""
    for index, variant in enumerate(proposal.variants):
        try:
            proposal.with_variant(variant.name)
        except InputError as error:
            prefix = f"variants[{variant.name}]"
            for problem in error.problems:
                rest = problem.path.removeprefix(prefix).removeprefix(".")
                yield _variant_problem(proposal, index, rest, problem.message)


# Fields a variant replaces on the proposal itself (start_year, horizon, prices, ...): a problem with one is its own.
_VARIANT_SETTINGS: Final = frozenset(Variant.model_fields) - {"name", "description", "grades", "lines"}


def _variant_problem(proposal: Proposal, index: int, rest: str, message: str) -> Problem:
    """A problem from applying variant ``index``, placed at the override that causes it where that is known."""
    here = f"variants[{index}]"
    match = re.match(r"(grades|lines)\[(\d+)\](.*)$", rest)
    if match is not None:
        items = proposal.grades if match[1] == "grades" else proposal.lines
        position = int(match[2])
        variant = proposal.variants[index]
        overrides = variant.grades if match[1] == "grades" else variant.lines
        if position < len(items) and items[position].name in overrides:
            return Problem(f"{here}.{match[1]}.{items[position].name}{match[3]}", message)
    elif re.split(r"[.\[]", rest)[0] in _VARIANT_SETTINGS:
        return Problem(f"{here}.{rest}", message)
    return Problem(here, f"with this variant, {rest}: {message}" if rest else message)


def _place(problem: Problem, positions: Mapping[str, int], source: str) -> Problem:
    """The problem with the file name and the line where its field is written."""
    line = problem.line
    if line is None:
        line = _line_of(positions, _specific_path(problem))
    return Problem(problem.path, problem.message, source, line if line is not None else 1)


def _specific_path(problem: Problem) -> str:
    """A path to look up that is more exact than the problem's own, where its message names one."""
    path, message = problem.path, problem.message
    if message.startswith("unknown kind"):
        return f"{path}.kind"
    named = re.match(r"unknown (?:grade|line) (['\"])(.*?)\1", message)
    if named is not None and re.fullmatch(r"variants\[\d+\]\.(?:grades|lines)", path):
        return f"{path}.{named[2]}"
    return path


def _line_of(positions: Mapping[str, int], path: str) -> int | None:
    while True:
        if path in positions:
            return positions[path]
        if not path:
            return None
        if path.endswith("]") and "[" in path:
            path = path[: path.rindex("[")]
        else:
            path = path[: path.rindex(".")] if "." in path else ""


def _render(path: _Path) -> str:
    """A field path as problems write it: ``lines[2].grade``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _positions(lines: Mapping[_Path, int]) -> dict[str, int]:
    rendered: dict[str, int] = {}
    for path, line in lines.items():
        rendered.setdefault(_render(path), line)
    return rendered


def _duplicate(path: _Path, line: int, first: int) -> Problem:
    message = f"expected each key once, found {path[-1]!r} again (first on line {first})"
    return Problem(_render(path), message, line=line)


# ---- TOML ------------------------------------------------------------------------------------------------------

_TOML_POSITION: Final = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)\s*$")
_TOML_MONEY_HINT: Final = re.compile(r"=\s*(?:£|-?\d[\d,.]*\s*(?:k|m|bn)\b)", re.IGNORECASE)


def _read_toml(text: str) -> tuple[object, dict[str, int], list[Problem]]:
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as error:
        return None, {}, [_toml_syntax_problem(text, str(error))]
    except RecursionError:
        return None, {}, [Problem("", "expected a proposal, found values nested too deeply", line=1)]
    scanner = _TomlScanner(text)
    scanner.run()
    return data, _positions(scanner.lines), []


def _toml_syntax_problem(text: str, message: str) -> Problem:
    match = _TOML_POSITION.search(message)
    reason = message[: match.start()] if match else message
    if match is not None and match[1] is not None:
        line, column = int(match[1]), int(match[2])
    else:
        line, column = text.count("\n") + 1, None
    if reason.startswith(("Cannot overwrite a value", "Cannot declare")):
        # tomllib says only where it noticed; the scanner knows which key was set twice.
        scanner = _TomlScanner(text)
        scanner.run()
        if scanner.duplicates:
            return _duplicate(*scanner.duplicates[0])
    where = f" at column {column}" if column is not None else " at the end of the file"
    hint = ""
    lines = text.splitlines()
    if reason == "Invalid value" and 0 < line <= len(lines) and _TOML_MONEY_HINT.search(lines[line - 1]):
        hint = '; write money text in quotes, such as "£48,000" or "48k"'
    return Problem("", f"TOML syntax error{where}: {reason[:1].lower()}{reason[1:]}{hint}", line=line)


class _ScanError(Exception):
    """The scanner met text it does not expect (only in a file tomllib refused)."""


_TRIVIA: Final = re.compile(r"(?:[ \t\r\n]+|#[^\n]*)*")
_SPACE: Final = re.compile(r"[ \t]*")
_BARE_KEY: Final = re.compile(r"[A-Za-z0-9_-]+")
_BASIC: Final = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_LITERAL: Final = re.compile(r"'[^'\n]*'")
_ML_BASIC: Final = re.compile(r'"""(?:[^"\\]|\\[\s\S]|"(?!""))*""""{0,2}')
_ML_LITERAL: Final = re.compile(r"'''(?:[^']|'(?!''))*''''{0,2}")
_SCALAR: Final = re.compile(r"[^,\]}\n#]+")
_ESCAPE: Final = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
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
    refuses a file for it.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1
        self.lines: dict[_Path, int] = {(): 1}
        self.defined: dict[_Path, int] = {}
        self.arrays: dict[_Path, int] = {}
        self.duplicates: list[tuple[_Path, int, int]] = []

    def run(self) -> None:
        """Scan the whole text; on text it does not expect, keep what was found so far."""
        with contextlib.suppress(_ScanError, RecursionError):
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

    def _note(self, path: _Path, line: int) -> None:
        for size in range(1, len(path) + 1):
            self.lines.setdefault(path[:size], line)

    def _define(self, path: _Path, line: int) -> None:
        if path in self.defined:
            self.duplicates.append((path, line, self.defined[path]))
        else:
            self.defined[path] = line
        self._note(path, line)

    def _document(self) -> None:
        table: _Path = ()
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
            elif self.text.startswith("[", self.pos):
                self._advance(self.pos + 1)
                parts = self._key()
                self._expect("]")
                table = self._resolve(parts)
                self._define(table, line)
            else:
                self._key_value(table)

    def _resolve(self, parts: list[str]) -> _Path:
        """A header's path, with the latest index of each array of tables on the way."""
        path: _Path = ()
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
                    self._advance(match.end())
                    break
            else:
                raise _ScanError("key")
            self._skip(_SPACE)
            if not self.text.startswith(".", self.pos):
                return parts
            self._advance(self.pos + 1)

    def _key_value(self, table: _Path) -> None:
        line = self.line
        path = (*table, *self._key())
        self._expect("=")
        self._define(path, line)
        self._skip(_SPACE)
        self._value(path)

    def _value(self, path: _Path) -> None:
        for pattern in (_ML_BASIC, _ML_LITERAL, _BASIC, _LITERAL):
            match = pattern.match(self.text, self.pos)
            if match is not None:
                self._advance(match.end())
                return
        if self.text.startswith("[", self.pos):
            self._advance(self.pos + 1)
            index = 0
            while True:
                self._skip(_TRIVIA)
                if self.text.startswith("]", self.pos):
                    self._advance(self.pos + 1)
                    return
                self._note((*path, index), self.line)
                self._value((*path, index))
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
            self._advance(match.end())


# ---- YAML ------------------------------------------------------------------------------------------------------


def _read_yaml(text: str) -> tuple[object, dict[str, int], list[Problem]]:
    # Imported here: reading a TOML file (the common case, and the CLI's start-up) never loads PyYAML.
    from savingsmodel import _yaml

    data, lines, duplicates, failure = _yaml.read(text)
    if failure is not None:
        line, message = failure
        return None, {}, [Problem("", message, line=line)]
    return data, _positions(lines), [_duplicate(*duplicate) for duplicate in duplicates]


# ---- Writing ---------------------------------------------------------------------------------------------------


def dumps(proposal: Proposal, format: Format = "toml") -> str:
    """The proposal as the text of a scenario file; only fields that differ from their default are written."""
    data = _plain(proposal)
    if not isinstance(data, dict):
        raise TypeError(f"expected a Proposal, found {type(proposal).__name__}")
    if format == "toml":
        return _toml_document(data)
    if format == "yaml":
        from savingsmodel import _yaml

        return _yaml.dump(data)
    raise ValueError(f"expected format 'toml' or 'yaml', found {format!r}")


def save(
    proposal: Proposal,
    path: str | os.PathLike[str],
    *,
    format: Format | None = None,
    overwrite: bool = True,
) -> None:
    """Write the proposal to ``path`` atomically: the file is whole, or untouched.

    The format follows the suffix unless given. With ``overwrite=False`` an
    existing file is refused and left as it was.
    """
    target = Path(path)
    source = os.fspath(path)
    chosen = format or _SUFFIXES.get(target.suffix.lower())
    if chosen is None:
        raise InputError.one(
            "", f"expected a .toml, .yaml or .yml file, found {target.suffix or 'no extension'!r}", source
        )
    text = dumps(proposal, chosen)
    if not overwrite and target.exists():
        raise InputError.one("", "expected a new file, found one already there (not overwritten)", source)
    temporary = _write_temporary(target, text, source)
    try:
        if overwrite:
            if target.exists():
                shutil.copymode(target, temporary)
            os.replace(temporary, target)
        else:
            _link_new(temporary, target, source)
    except OSError as error:
        raise InputError.one("", f"cannot write the file: {error.strerror or error}", source) from None
    finally:
        temporary.unlink(missing_ok=True)


def _write_temporary(target: Path, text: str, source: str) -> Path:
    """A new file beside ``target`` holding ``text``, flushed to disk; permissions follow the umask."""
    for _ in range(100):
        temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        except OSError as error:
            raise InputError.one("", f"cannot write the file: {error.strerror or error}", source) from None
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        return temporary
    raise InputError.one("", "cannot write the file: no free temporary name beside it", source)


def _link_new(temporary: Path, target: Path, source: str) -> None:
    """Put ``temporary`` at ``target`` only if nothing is there, without a window for a race."""
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise InputError.one("", "expected a new file, found one already there (not overwritten)", source) from None
    except OSError:
        # A file system without hard links: check, then rename (a small window, but never half a file).
        if target.exists():
            raise InputError.one("", "expected a new file, found one already there (not overwritten)", source) from None
        os.replace(temporary, target)


def _plain(value: object) -> object:
    """Plain data for a file: tables, lists, text, exact numbers and dates; defaults left out."""
    if isinstance(value, BaseModel):
        table: dict[str, object] = {}
        fields = type(value).model_fields
        if "kind" in fields:
            table["kind"] = _plain(value.kind)  # type: ignore[attr-defined]
        schedule = getattr(value, "schedule", ())
        for name, info in fields.items():
            item = getattr(value, name)
            if name == "kind" or (name == "fte" and schedule):
                continue  # the kind leads; a schedule's fte is its total, so it is not written twice
            if not info.is_required() and _same(item, info.get_default(call_default_factory=True)):
                continue
            table[name] = _plain(item)
        return table
    if isinstance(value, Money):
        return _decimal_text(value.amount)
    if isinstance(value, FinancialYear):
        return str(value)
    if isinstance(value, Enum):
        return _plain(value.value)
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def _same(value: object, default: object) -> bool:
    if value is None or default is None:
        return value is default
    return type(value) is type(default) and value == default


def _decimal_text(value: Decimal) -> str:
    """A Decimal written out in full, never in exponent form: ``48000``, ``0.5``."""
    return format(value, "f")


# TOML emitter: a small one, for the fixed shape of a proposal (no TOML writer in the standard library).

_BARE_KEY_TEXT: Final = re.compile(r"[A-Za-z0-9_-]+")
_TOML_ESCAPES: Final = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _toml_document(data: Mapping[str, object]) -> str:
    out: list[str] = []
    _toml_table(out, [], (), data, top=True)
    return "\n".join(out).lstrip("\n") + "\n"


def _is_table_array(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(item, Mapping) for item in value)


def _toml_table(
    out: list[str], header: list[str], where: _Path, table: Mapping[str, object], *, top: bool = False
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


def _toml_value(value: object, where: _Path) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            return {"NaN": "nan", "sNaN": "nan", "Infinity": "inf", "-Infinity": "-inf"}[str(value)]
        return _decimal_text(value)
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
        raise ValueError(f"{_render(where)}: TOML cannot hold an empty value (None); leave the key out, or write YAML")
    raise TypeError(f"{_render(where)}: cannot write {type(value).__name__} {value!r} to TOML")


# ---- Schema ----------------------------------------------------------------------------------------------------


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
