"""Split text into the outlet's own narration and attributed (quoted or reported) material.

An attribution's content span (``quote_start``/``quote_end`` in ``attributions.csv``) is the
material the outlet attributes to someone else: a direct quote, reported speech, an embedded post.
Everything else in a content sentence is the outlet's own voice, its narration.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable

NARRATION = "narration"
QUOTED = "quoted"


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Union of spans as sorted, non-overlapping ``(start, end)`` pairs."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(s for s in spans if s[0] < s[1]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def quoted_chars(spans: list[tuple[int, int]], start: int, end: int) -> int:
    """How many characters of ``[start, end)`` lie inside the merged ``spans``."""
    total = 0
    i = max(0, bisect.bisect_right(spans, (start, start)) - 1)
    while i < len(spans) and spans[i][0] < end:
        s, e = spans[i]
        total += max(0, min(e, end) - max(s, start))
        i += 1
    return total


def voice_of(spans: list[tuple[int, int]], start: int, end: int) -> str:
    """``quoted`` when at least half of ``[start, end)`` is attributed material, else narration."""
    if end <= start:
        return NARRATION
    return QUOTED if 2 * quoted_chars(spans, start, end) >= end - start else NARRATION


def split_by_voice(
    text: str, start: int, end: int, spans: list[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """``[start, end)`` cut into maximal runs of narration and quoted material.

    Runs are stripped of surrounding whitespace and runs without a letter or digit are dropped.
    Offsets refer to ``text``; ``spans`` are merged (:func:`merge_spans`), so only those from
    the one that may reach ``start`` up to the last that starts before ``end`` are looked at.
    """
    cuts = {start, end}
    i = max(0, bisect.bisect_right(spans, (start, start)) - 1)
    while i < len(spans) and spans[i][0] < end:
        s, e = spans[i]
        if e > start:
            cuts.add(max(s, start))
            cuts.add(min(e, end))
        i += 1
    points = sorted(cuts)
    runs: list[tuple[int, int, str]] = []
    for a, b in itertools.pairwise(points):
        voice = QUOTED if quoted_chars(spans, a, b) == b - a else NARRATION
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
