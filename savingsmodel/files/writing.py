"""Writing scenario files: a proposal as TOML or YAML text, written atomically.

Only fields that differ from their default are written, so a file reads as the
officer would write it; :func:`write_atomically` is the one way a file is
written, whole or not at all.
"""

from __future__ import annotations

import errno
import os
import secrets
import shutil
from collections.abc import Mapping
from enum import Enum
from pathlib import Path

from pydantic import BaseModel

from savingsmodel.core.errors import InputError
from savingsmodel.core.money import Money
from savingsmodel.core.years import FinancialYear
from savingsmodel.files.scenario import SUFFIXES, Format
from savingsmodel.files.toml_format import decimal_text, toml_document
from savingsmodel.model.proposal import Proposal

__all__ = ["dumps", "save", "write_atomically", "write_bytes_atomically"]


def dumps(proposal: Proposal, format: Format = "toml") -> str:
    """The proposal as the text of a scenario file; only fields that differ from their default are written."""
    data = _plain(proposal)
    if not isinstance(data, dict):
        raise TypeError(f"expected a Proposal, found {type(proposal).__name__}")
    if format == "toml":
        return toml_document(data)
    if format == "yaml":
        from savingsmodel.files import yaml_format

        return yaml_format.dump(data)
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
    chosen = format or SUFFIXES.get(target.suffix.lower())
    if chosen is None:
        raise InputError.one(
            "", f"expected a .toml, .yaml or .yml file, found {target.suffix or 'no extension'!r}", source
        )
    text = dumps(proposal, chosen)
    try:
        write_atomically(target, text, overwrite=overwrite)
    except OSError as error:
        if isinstance(error, FileExistsError) and not overwrite:
            message = "expected a new file, found one already there (not overwritten)"
        else:
            message = f"cannot write the file: {error.strerror or error}"
        raise InputError.one("", message, source) from None


def write_atomically(path: str | os.PathLike[str], text: str, *, overwrite: bool) -> None:
    """Write ``text`` to the file ``path`` (UTF-8, lines ending ``\\n``): the whole file, or nothing.

    The text goes to a new temporary file beside ``path`` and is flushed to
    disk; then one step puts it in place: a rename over ``path``
    (``overwrite=True``; an existing file keeps its permissions), or a hard
    link that fails if anything is at ``path`` (``overwrite=False``), so of
    two writers racing for a new name one wins and the other is refused. A new
    file's permissions follow the umask, as the operating system applies it;
    the process umask is left alone (reading it means changing it, for
    every thread).

    Raises :class:`FileExistsError` if ``overwrite=False`` and ``path``
    exists, and :class:`OSError` if the file cannot be written; either way
    ``path`` is as it was and no temporary file is left.

    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder) / "a.toml"
    ...     write_atomically(path, "x = 1\\n", overwrite=False)
    ...     try:
    ...         write_atomically(path, "x = 2\\n", overwrite=False)
    ...     except FileExistsError:
    ...         print("refused;", path.read_text(), end="")
    refused; x = 1
    """
    write_bytes_atomically(path, text.encode("utf-8"), overwrite=overwrite)


def write_bytes_atomically(path: str | os.PathLike[str], data: bytes, *, overwrite: bool) -> None:
    """Write ``data`` to the file ``path`` exactly as :func:`write_atomically` writes text: whole, or not at all.

    For the files that are bytes (a workbook, a PDF, a Word document): the same temporary
    file beside ``path``, the same one step into place, the same refusals.
    """
    target = Path(path)
    if not overwrite and os.path.lexists(target):
        raise _exists(target)
    temporary = _write_temporary(target, data)
    try:
        if overwrite:
            if target.exists():
                shutil.copymode(target, temporary)
            os.replace(temporary, target)
        else:
            _link_new(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def _write_temporary(target: Path, data: bytes) -> Path:
    """A new file beside ``target`` holding ``data``, flushed to disk; its permissions follow the umask."""
    for _ in range(100):
        temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            # Mode 0o666 and the operating system takes the umask off, as for any new file:
            # no need to read the umask, which only os.umask (a process-wide change) can do.
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        return temporary
    raise OSError("no free temporary name beside it")


def _link_new(temporary: Path, target: Path) -> None:
    """Put ``temporary`` at ``target`` only if nothing is there, without a window for a race."""
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise
    except OSError:
        # A file system without hard links: check, then rename (a small window, but never half a file).
        if os.path.lexists(target):
            raise _exists(target) from None
        os.replace(temporary, target)


def _exists(target: Path) -> FileExistsError:
    return FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), os.fspath(target))


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
            # Prices are written whenever awards are: a proposal that lists them must say which prices it means.
            stated = name == "prices" and bool(getattr(value, "pay_awards", ()) or getattr(value, "inflation", ()))
            if not stated and not info.is_required() and _same(item, info.get_default(call_default_factory=True)):
                continue
            # A required amount that is None was written "tbc" (to be confirmed): it is written so again.
            table[name] = "tbc" if item is None and info.is_required() else _plain(item)
        return table
    if isinstance(value, Money):
        return decimal_text(value.amount)
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
