"""``savingsmodel new FILE``: a commented starter scenario file, written whole and never over a file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from savingsmodel.cli.common import EXIT_BAD_INPUT, EXIT_OK, err

if TYPE_CHECKING:
    import argparse

__all__ = ["new"]


def new(args: argparse.Namespace) -> int:
    """Write the starter file, atomically, never over an existing file."""
    from importlib import resources

    from savingsmodel.files.writing import write_atomically

    path: str = args.file
    if not path.endswith(".toml"):
        err(f"{path}: expected a file name ending .toml (the starter file is TOML)")
        return EXIT_BAD_INPUT
    text = resources.files("savingsmodel.files").joinpath("starter.toml").read_text(encoding="utf-8")
    try:
        write_atomically(path, text, overwrite=False)
    except FileExistsError:
        err(f"{path}: already exists; not overwritten (choose another name, or move the file)")
        return EXIT_BAD_INPUT
    except OSError as error:
        err(f"{path}: cannot write: {error.strerror or error}")
        return EXIT_BAD_INPUT
    err(f"wrote {path}; next: savingsmodel run {path}")
    return EXIT_OK
