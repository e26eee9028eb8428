"""Split text into three voices: the outlet's narration, reported speech and direct quotes.

An attribution's content span (``quote_start``/``quote_end`` in ``attributions.csv``) is the
material the outlet attributes to someone else. It comes in two voices:

* **quoted**: the speaker's own words as the outlet carries them: the passages in quotation
  marks inside any attribution's content (in "present in "strategic positions"", only
  ``"strategic positions"``), and the whole of an embedded post;
* **reported**: the rest of the attributed content, the outlet's paraphrase of what was said
  ("the NRF said *the fight would continue*"). Its wording is the outlet's, its claim the
  speaker's.

Everything else in a content sentence is the outlet's own voice, its **narration**.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable
from typing import NamedTuple

from .attribution import DIRECT, EMBEDDED
from .quotes import quote_spans

NARRATION = "narration"
REPORTED = "reported"
QUOTED = "quoted"
VOICES = (NARRATION, REPORTED, QUOTED)
# How the report names each voice.
VOICE_LABELS = {
    NARRATION: "outlet's narration",
    REPORTED: "reported speech (outlet's paraphrase)",
    QUOTED: "direct quotes and posts",
}


class VoiceSpans(NamedTuple):
    """Where an article's attributed material lies, as merged ``(start, end)`` spans.

    ``quoted`` lies inside ``attributed``; attributed text outside ``quoted`` is reported speech.
    """

    attributed: list[tuple[int, int]]
    quoted: list[tuple[int, int]]


NO_VOICES = VoiceSpans([], [])


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Union of spans as sorted, non-overlapping ``(start, end)`` pairs; empty spans are dropped."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(s for s in spans if s[0] < s[1]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def voice_spans(text: str, attributions: Iterable) -> VoiceSpans:
    """The :class:`VoiceSpans` of one article from its attribution rows (``kind``,
    ``quote_start``, ``quote_end``; offsets into ``text``).

    An embedded post's content is quoted whole. Elsewhere only the passages in quotation marks
    (double, or single used as quotes; marks included) are quoted: in "refuted the claims,
    saying "resistance is continuing"", "the claims, saying" is the outlet's words. A direct
    quote whose content holds no mark at all is quoted whole. A mark left open runs to the end
    of that content, never beyond it. Rows without a content span add nothing.
    """
    attributed: list[tuple[int, int]] = []
    quoted: list[tuple[int, int]] = []
    for a in attributions:
        start, end = a.quote_start, a.quote_end
        if start is None or end is None or start >= end:
            continue
        attributed.append((start, end))
        marked = quote_spans(text, start, end)
        if a.kind == EMBEDDED or (a.kind == DIRECT and not marked):
            quoted.append((start, end))
        else:
            quoted.extend(marked)
    return VoiceSpans(merge_spans(attributed), merge_spans(quoted))


def covered_chars(spans: list[tuple[int, int]], start: int, end: int) -> int:
    """How many characters of ``[start, end)`` lie inside the merged ``spans``."""
    total = 0
    i = max(0, bisect.bisect_right(spans, (start, start)) - 1)
    while i < len(spans) and spans[i][0] < end:
        s, e = spans[i]
        total += max(0, min(e, end) - max(s, start))
        i += 1
    return total


def voice_of(spans: VoiceSpans, start: int, end: int) -> str:
    """The voice of ``[start, end)`` (a mention, a term, a sentence).

    Narration unless at least half of it is attributed material; attributed material is quoted
    when at least half of it is in the speaker's own words, else reported. An empty range is
    narration.
    """
    if end <= start:
        return NARRATION
    attributed = covered_chars(spans.attributed, start, end)
    if 2 * attributed < end - start:
        return NARRATION
    return QUOTED if 2 * covered_chars(spans.quoted, start, end) >= attributed else REPORTED


def _cuts(spans: list[tuple[int, int]], start: int, end: int, into: set[int]) -> None:
    """Add to ``into`` the edges of ``spans`` that fall within ``[start, end]``; only the spans
    from the one that may reach ``start`` up to the last that starts before ``end`` are read."""
    i = max(0, bisect.bisect_right(spans, (start, start)) - 1)
    while i < len(spans) and spans[i][0] < end:
        s, e = spans[i]
        if e > start:
            into.add(max(s, start))
            into.add(min(e, end))
        i += 1


def split_by_voice(text: str, start: int, end: int, spans: VoiceSpans) -> list[tuple[int, int, str]]:
    """``[start, end)`` cut into maximal runs of narration, reported and quoted material.

    Runs are stripped of surrounding whitespace, and runs without a letter or digit (a lone
    comma between two quotes) are dropped. Offsets refer to ``text``.
    """
    cuts = {start, end}
    _cuts(spans.attributed, start, end, cuts)
    _cuts(spans.quoted, start, end, cuts)
    runs: list[tuple[int, int, str]] = []
    for a, b in itertools.pairwise(sorted(cuts)):
        if covered_chars(spans.quoted, a, b) == b - a:
            voice = QUOTED
        elif covered_chars(spans.attributed, a, b) == b - a:
            voice = REPORTED
        else:
            voice = NARRATION
        if runs and runs[-1][2] == voice and runs[-1][1] == a:
            runs[-1] = (runs[-1][0], b, voice)
        else:
            runs.append((a, b, voice))
    out = []
    for a, b, voice in runs:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b and any(ch.isalnum() for ch in text[a:b]):
            out.append((a, b, voice))
    return out
