"""``savingsmodel new FILE`` or ``new --xlsx TEMPLATE``: a starter scenario file or an Excel input template,
written whole and never over a file (unless ``--force``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from savingsmodel.cli.common import EXIT_BAD_INPUT, EXIT_OK, UsageError, err, refuse_existing, write_output

if TYPE_CHECKING:
    import argparse

__all__ = ["new"]


def new(args: argparse.Namespace) -> int:
    """Write the starter file (or template), atomically, never over an existing file without ``--force``."""
    from importlib import resources

    from savingsmodel.files.writing import write_atomically

    path: str | None = args.file
    template: str | None = getattr(args, "xlsx", None)
    force: bool = getattr(args, "force", False)
    if template is not None and path is None:
        return _template(template, force)
    if path is None or template is not None:
        raise UsageError("savingsmodel new: error: give a FILE ending .toml, or --xlsx TEMPLATE ending .xlsx (one)")
    if not path.endswith(".toml"):
        err(f"{path}: expected a file name ending .toml (the starter file is TOML)")
        return EXIT_BAD_INPUT
    text = resources.files("savingsmodel.files").joinpath("starter.toml").read_text(encoding="utf-8")
    try:
        write_atomically(path, text, overwrite=force)
    except FileExistsError:
        err(f"{path}: already exists; not overwritten (choose another name, or add --force)")
        return EXIT_BAD_INPUT
    except OSError as error:
        err(f"{path}: cannot write: {error.strerror or error}")
        return EXIT_BAD_INPUT
    err(f"wrote {path}; next: savingsmodel run {path}")
    return EXIT_OK


def _template(path: str, force: bool) -> int:
    """The Excel input template, holding the starter proposal as an example to overwrite."""
    from importlib import resources

    from savingsmodel.files.scenario import loads
    from savingsmodel.files.template import template

    if not path.lower().endswith(".xlsx"):
        raise UsageError(f"{path}: expected a file name ending .xlsx (the template is an Excel workbook)")
    refuse_existing([path], force)
    text = resources.files("savingsmodel.files").joinpath("starter.toml").read_text(encoding="utf-8")
    write_output(path, template(loads(text, source="starter.toml", format="toml").proposal), force)
    err(f"next: fill it in, then savingsmodel run {path}")
    return EXIT_OK
