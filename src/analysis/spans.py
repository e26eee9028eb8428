"""Choosing among overlapping matches: the best span wins, the spans it overlaps drop out."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from typing import TypeVar

Span = TypeVar("Span", bound=tuple)


def keep_disjoint(ranked: Iterable[Span]) -> list[Span]:
    """The spans of ``ranked`` (tuples opening with ``start, end``, non-empty, best first) that
    overlap no span kept before them, in ranked order. Touching spans (one ends where the next
    starts) do not overlap. Kept spans are indexed by start, so an article with thousands of
    matches costs ``n log n``, not ``n²``."""
    starts: list[int] = []
    ends: list[int] = []
    kept: list[Span] = []
    for span in ranked:
        s, e = span[0], span[1]
        i = bisect.bisect_left(starts, e) - 1  # the last kept span starting before e
        if i >= 0 and ends[i] > s:
            continue
        j = bisect.bisect_left(starts, s)
        starts.insert(j, s)
        ends.insert(j, e)
        kept.append(span)
    return kept
