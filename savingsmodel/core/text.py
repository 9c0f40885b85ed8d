r"""Safe text: which characters an input's text may hold, and how text is shown where it must stay inert.

A name or a note is data, shown in a terminal, a CSV file, Markdown or a workbook.
Control characters would act there instead of being shown: an escape sequence
clears a terminal or forges a line, a carriage return splits a CSV row, a
bidirectional override reorders what a reader sees. So every text an input
holds is checked once, when it is read (:func:`text_problem`, run on every
field of every input model), and what is shown is escaped again where it
leaves (:func:`escaped`), for text that never passed through a file.

>>> text_problem("Watch Manager") is None, text_problem("two\nlines", multiline=True) is None
(True, True)
>>> print(text_problem("Watch\rManager"))
expected text without control characters, found 'Watch\rManager' (a carriage return, U+000D)
>>> print(escaped("\x1b[2Jdone"))
\x1b[2Jdone
"""

from __future__ import annotations

import re
from typing import Final

__all__ = [
    "MULTILINE_FIELDS",
    "QUOTE_LIMIT",
    "cut",
    "escaped",
    "one_line",
    "refused_characters",
    "shortened",
    "text_problem",
]

# C0 controls but tab and line feed, DEL, C1 controls, the line and paragraph separators,
# and the bidirectional embeddings, overrides and isolates: never in an input's text.
_REFUSED: Final = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# Tab and line feed as well: not in a name, a reference or any one-line field.
_REFUSED_IN_ONE_LINE: Final = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

#: The fields whose text may run over lines (and hold tabs): free text, never a name.
MULTILINE_FIELDS: Final = frozenset({"note", "description", "reason", "words"})

_NAMES: Final = {
    "\t": "a tab",
    "\n": "a line break",
    "\r": "a carriage return",
    "\x1b": "an escape",
    "\x00": "a NUL",
    "\x7f": "a delete",
    "\u2028": "a line separator",
    "\u2029": "a paragraph separator",
}

#: The longest text a message quotes in full; longer text is cut, saying how long it was.
QUOTE_LIMIT: Final = 80


def _describe(char: str) -> str:
    if char in _NAMES:
        name = _NAMES[char]
    elif "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        name = "a bidirectional override"
    else:
        name = "a control character"
    return f"{name}, U+{ord(char):04X}"


def text_problem(text: str, *, multiline: bool = False) -> str | None:
    """Why ``text`` cannot be an input's text (``expected ..., found ...``), or None if it can."""
    match = (_REFUSED if multiline else _REFUSED_IN_ONE_LINE).search(text)
    if match is None:
        return None
    char = match[0]
    found = f"found {shortened(text)} ({_describe(char)})"
    if char in "\n\t" and not multiline:
        fields = ", ".join(sorted(MULTILINE_FIELDS - {"words"}))
        return f"expected one line of text, {found}; line breaks belong only in a {fields} or the paper's words"
    return f"expected text without control characters, {found}"


def escaped(text: str, *, keep_lines: bool = False) -> str:
    """``text`` with every control character written as an escape (``\\x1b``), so that it shows and never acts.

    ``keep_lines`` keeps line feeds and tabs (a multi-line report); otherwise they are escaped too.
    """
    pattern = _REFUSED if keep_lines else _REFUSED_IN_ONE_LINE
    return pattern.sub(lambda m: repr(m[0])[1:-1], text)


def one_line(text: str) -> str:
    """Free text shown on one line: its line breaks and tabs as spaces, anything else that acts escaped."""
    return escaped(" ".join(text.replace("\t", " ").splitlines()))


def shortened(text: str, limit: int = QUOTE_LIMIT) -> str:
    """The repr of ``text``, cut to about ``limit`` characters when longer (saying how long it was).

    >>> shortened("x" * 100, limit=10)
    "'xxxxxxxxxx'... (100 characters)"
    """
    if len(text) <= limit:
        return repr(text)
    return f"{text[:limit]!r}... ({len(text):,} characters)"


def refused_characters(*, multiline: bool = False) -> str:
    """Every character an input's text may not hold: for a generator of test text to leave out.

    >>> len(refused_characters()), len(refused_characters(multiline=True))
    (76, 74)
    """
    pattern = _REFUSED if multiline else _REFUSED_IN_ONE_LINE
    return "".join(chr(code) for code in range(0x2070) if pattern.match(chr(code)))


def cut(shown: str, limit: int = QUOTE_LIMIT) -> str:
    """Text already written for a reader (a number, a repr), cut to ``limit`` characters when longer."""
    return shown if len(shown) <= limit else f"{shown[:limit]}... ({len(shown):,} characters)"
