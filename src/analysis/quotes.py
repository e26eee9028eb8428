"""Find quotations in a span of raw text, including the unbalanced ones real articles have.

A quotation is a pair of double quote marks (straight or curly), or of single quote marks used
as quotes in headlines (``'will continue'``), never an apostrophe inside a word (``Taliban's``).
Straight double quotes are paired by their context: a mark after a space opens, a mark before a
space or punctuation closes. A closing mark with no opener (``… take practical steps."`` in 004)
is ignored; an opening mark never closed runs to the end of the span, as a quotation continued
into the next paragraph does. Offsets include the quote marks.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

OPENERS = frozenset("“„«")
CLOSERS = frozenset("”»")
STRAIGHT = '"'
SINGLE_OPEN = frozenset("‘")
SINGLE_CLOSE = frozenset("’")
OPEN_CONTEXT = frozenset("([{—–-/")
CLOSE_CONTEXT = frozenset(".,;:!?)]}—–-…")
DOUBLE_MARK_RE = re.compile('["“”„«»]')  # and "''", found with str.find (see _double_marks)
# A single mark that can open or close: never an apostrophe with a letter or digit on both sides
# ("Taliban's"), which _single_role would drop anyway; "‘" opens even there. Only the lookbehind
# can see before the span's start, so a mark exactly at the start is taken on its own.
# (One character class first, so the pattern engine can skip to candidates quickly.)
SINGLE_MARK_RE = re.compile("['‘’](?:(?<=‘)|(?<![^\\W_].)|(?![^\\W_]))")


def _role(text: str, i: int, start: int, end: int, width: int = 1) -> str:
    """'open', 'close' or 'either' for the straight double quote (``width`` chars) at ``i``."""
    before = text[i - 1] if i > start else " "
    after = text[i + width] if i + width < end else " "
    opens = before.isspace() or before in OPEN_CONTEXT
    closes = after.isspace() or after in CLOSE_CONTEXT or after in CLOSERS
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    return "either"


def _double_marks(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Double quote marks as (position, length, role): a curly mark has its role; a straight
    mark, or the two apostrophes ``''`` that some newspapers use, is judged by context."""
    marks = []
    i = text.find("''", start, end)
    while i >= 0:  # two apostrophes as one mark, left to right like a pattern's matches
        marks.append((i, 2, _role(text, i, start, end, width=2)))
        i = text.find("''", i + 2, end)
    if marks:  # the other marks are not apostrophes, so none falls inside a "''"
        marks += _single_double_marks(text, start, end)
        return sorted(marks)
    return _single_double_marks(text, start, end)


def _single_double_marks(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """The double marks of :func:`_double_marks` that are one character."""
    marks = []
    for match in DOUBLE_MARK_RE.finditer(text, start, end):
        i, mark = match.start(), match.group()
        if mark == STRAIGHT:
            marks.append((i, 1, _role(text, i, start, end)))
        elif mark in OPENERS:
            marks.append((i, 1, "open"))
        else:
            marks.append((i, 1, "close"))
    return marks


def double_quote_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of double-quoted passages in ``text[start:end]``, quote marks included."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    open_is_clear = False  # the opener was unambiguous (curly, or a straight mark after a space)
    for position, width, role in _double_marks(text, start, end):
        clear = role != "either"
        if role == "either":
            role = "open" if open_at is None else "close"
        if role == "open":
            # A second opener replaces a doubtful first one; after a clear one it is a stray.
            if open_at is None or not open_is_clear:
                open_at, open_is_clear = position, clear
        elif open_at is not None:
            spans.append((open_at, position + width))
            open_at = None
    if open_at is not None and open_is_clear and open_at + 1 < end:
        spans.append((open_at, end))
    return spans


def _single_role(text: str, i: int, start: int, end: int) -> str | None:
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    if before.isalnum() and after.isalnum():
        return None  # apostrophe inside a word
    if (before.isspace() or before in OPEN_CONTEXT) and after.isalnum():
        return "open"
    if (after.isspace() or after in CLOSE_CONTEXT) and not before.isspace():
        return "close"
    return None


def single_quote_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of single-quoted passages (headline style), apostrophes excluded."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    marks = [match.start() for match in SINGLE_MARK_RE.finditer(text, start + 1, end)]
    if start < end and text[start] in "'‘’":
        marks.insert(0, start)
    for i in marks:
        ch = text[i]
        if ch == "'" and ((i + 1 < end and text[i + 1] == "'") or (i > start and text[i - 1] == "'")):
            continue  # half of a '' double quote
        if ch == "'" or ch in SINGLE_OPEN or ch in SINGLE_CLOSE:
            role = _single_role(text, i, start, end)
            if ch in SINGLE_OPEN and role is None:
                role = "open"
            if role == "open" and open_at is None:
                open_at = i
            elif role == "close" and open_at is not None and i - open_at > 1:
                spans.append((open_at, i + 1))
                open_at = None
    return spans


def quote_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """All quotations in the span, double-quoted first; single quotes inside them are dropped."""
    doubles = double_quote_spans(text, start, end)
    # Double-quoted spans are built one after another, so they are sorted and never overlap:
    # the only one that can hold a single-quoted span is the last to open at or before it.
    opens = [ds for ds, _ in doubles]
    singles = []
    for s, e in single_quote_spans(text, start, end):
        k = bisect.bisect_right(opens, s) - 1
        if k < 0 or e > doubles[k][1]:
            singles.append((s, e))
    return sorted(doubles + singles)


def inside(spans: Sequence[tuple[int, int]], position: int) -> tuple[int, int] | None:
    """The quotation whose text (between its marks) contains ``position``, if any."""
    for s, e in spans:
        if s < position < e - 1:
            return (s, e)
    return None
