"""The base of every input model: immutable, strict about unknown fields, clear on bad input."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from savingsmodel.errors import InputError

__all__ = ["Value"]


class Value(BaseModel):
    """A frozen pydantic model that raises :class:`InputError` naming every bad field.

    pydantic calls ``__init__`` for nested models too, so each level explains its
    own errors and the level above places them under its field path.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as error:
            # Imported here: the translation knows the proposal's line kinds, and the
            # proposal module is built on this one.
            from savingsmodel.proposal import problems_from_validation

            raise InputError(problems_from_validation(error, data, type(self))) from None
