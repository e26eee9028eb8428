"""Quote marks found by the fast scans are those a plain scan of every mark finds."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import quotes
from analysis.quotes import _double_marks, _role, _single_role, quote_spans, single_quote_spans


def _double_marks_plainly(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Every double mark, "''" included, from one left-to-right pattern."""
    marks = []
    for match in re.compile("''|[\"“”„«»]").finditer(text, start, end):
        i, mark = match.start(), match.group()
        if mark == "''":
            marks.append((i, 2, _role(text, i, start, end, width=2)))
        elif mark == '"':
            marks.append((i, 1, _role(text, i, start, end)))
        else:
            marks.append((i, 1, "open" if mark in quotes.OPENERS else "close"))
    return marks


def _single_quote_spans_plainly(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Single-quoted spans with every single mark visited (apostrophes inside words too)."""
    spans, open_at = [], None
    for i in range(start, end):
        ch = text[i]
        if ch not in "'‘’":
            continue
        if ch == "'" and ((i + 1 < end and text[i + 1] == "'") or (i > start and text[i - 1] == "'")):
            continue
        role = _single_role(text, i, start, end)
        if ch == "‘" and role is None:
            role = "open"
        if role == "open" and open_at is None:
            open_at = i
        elif role == "close" and open_at is not None and i - open_at > 1:
            spans.append((open_at, i + 1))
            open_at = None
    return spans


PIECES = ["'", "''", "'''", "‘", "’", '"', "“", "”", "„", "«", "»", "a", "B", "7", "_", "é", " ", "\n"]
PIECES += ["(", ".", ",", "—", "Taliban", "don", "s", "²"]


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(PIECES), max_size=14).map("".join), st.data())
def test_marks_and_single_quotes_match_a_scan_of_every_mark(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert _double_marks(text, start, end) == _double_marks_plainly(text, start, end)
    assert single_quote_spans(text, start, end) == _single_quote_spans_plainly(text, start, end)


def test_quotes_of_real_paragraphs_are_found_with_apostrophes_left_alone():
    text = (
        "Fight against Taliban 'will continue': National Resistance Front. "
        "The Taliban's spokesman said ''we don't want war'' on Monday, and ‘Massoud’s men’ agreed."
    )
    spans = [text[s:e] for s, e in quote_spans(text, 0, len(text))]
    assert spans == ["'will continue'", "''we don't want war''", "‘Massoud’s men’"]
