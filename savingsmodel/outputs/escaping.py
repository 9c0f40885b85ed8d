r"""User text, made inert for the format it is written in: Markdown, a spreadsheet cell, HTML.

A name or a note is data. Input refuses control characters (see :mod:`savingsmodel.core.text`),
but each format has its own syntax a text could trigger: Markdown turns ``[x](url)`` into a
link and ``<b>`` into HTML, a spreadsheet runs a cell that starts ``=`` as a formula. Every
format writes user text through one of these, and control characters that reached it by
another road (a model built without validation) are escaped on the way too.

>>> markdown_text("<b>WM</b> [paper](http://x) a|b")
'\\<b\\>WM\\</b\\> \\[paper\\](http://x) a\\|b'
>>> spreadsheet_text("=HYPERLINK(\"http://x\")"), spreadsheet_text("-£5k"), spreadsheet_text("Watch Manager")
('\'=HYPERLINK("http://x")', "'-£5k", 'Watch Manager')
>>> html_text('<script>"x" & \'y\'</script>')
'&lt;script&gt;&quot;x&quot; &amp; &#x27;y&#x27;&lt;/script&gt;'
"""

from __future__ import annotations

import html
import re
from typing import Final

from savingsmodel.core.text import escaped, one_line

__all__ = ["html_text", "inert_json", "markdown_text", "spreadsheet_text"]

# Markdown's inline syntax that could make user text act: HTML and entities (< > &), links and
# images ([ ] and the ! before them), code spans (`), table cells (|), and the escape itself.
_MARKDOWN: Final = re.compile(r"([\\`<>&\[\]|!])")
# A cell a spreadsheet would read as a formula (or a DDE command): OWASP's list.
_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")


def markdown_text(text: str) -> str:
    """User text for one line of Markdown: its syntax characters backslash-escaped, shown as written."""
    return _MARKDOWN.sub(r"\\\1", one_line(text))


def spreadsheet_text(text: str) -> str:
    """User text for a CSV or workbook cell: on one line, and written as text when it would start a formula.

    A leading apostrophe is what a spreadsheet shows as "this is text"; numbers are written as numbers
    elsewhere and never pass through here.
    """
    flat = one_line(text)
    # Checked before flattening (a leading tab or carriage return) and after (a space before "=").
    formula = text.startswith(_FORMULA_START) or flat.lstrip().startswith(_FORMULA_START)
    return f"'{flat}" if formula else flat


# JSON escapes C0 controls itself; these it leaves raw with ensure_ascii=False (C1, separators, overrides).
_JSON_RAW: Final = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def inert_json(dumped: str) -> str:
    """JSON text with the characters JSON leaves raw, but a terminal would act on, as ``\\uXXXX`` escapes.

    The data are the same (a JSON reader reads the escape as the character); only what a
    person sees in a terminal changes. Outside strings JSON has no such characters.
    """
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m[0]):04x}", dumped)


def html_text(text: str) -> str:
    """User text for HTML: every character with a meaning there escaped, quotes too; lines kept."""
    return html.escape(escaped(text, keep_lines=True), quote=True)
