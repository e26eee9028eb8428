"""Choosing among matches: the best span wins over those it overlaps, and a name repeated in
brackets right after itself ("National Resistance Front (NRF)") counts once."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Hashable, Iterable, Sequence
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


# "X (Y)": only whitespace and the opening bracket between the two names, the closing one after.
_OPENS_APPOSITION = re.compile(r"\s*\(\s*")
_CLOSES_APPOSITION = re.compile(r"\s*\)")


def without_bracketed_repeats(
    text: str, spans: Sequence[Span], key: Callable[[Span], Hashable]
) -> list[Span]:
    """``spans`` (sorted by start, disjoint) without each one written in brackets straight after
    a kept span with the same ``key``: "National Resistance Front (NRF)" names the group once.

    Only whitespace may stand between the first name and "(", and between the second and ")".
    A different key ("the Taliban (the Islamic Emirate)" when the codebook tells the two apart),
    a comma ("NRF, (…)") or other words inside the brackets ("(the NRF's fighters)") keep both.
    """
    kept: list[Span] = []
    for span in spans:
        if kept:
            before = kept[-1]
            if (
                key(before) == key(span)
                and _OPENS_APPOSITION.fullmatch(text, before[1], span[0]) is not None
                and _CLOSES_APPOSITION.match(text, span[1]) is not None
            ):
                continue
        kept.append(span)
    return kept
