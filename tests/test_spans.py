"""Longest-match selection among overlapping spans, and its use on one very long article."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import config
from analysis.codebook import load_codebook
from analysis.narration import QUOTED, REPORTED, VoiceSpans, merge_spans, split_by_voice
from analysis.spans import keep_disjoint, without_bracketed_repeats

from .conftest import article_text


def _keep_disjoint_by_scanning(ranked):
    """The rule as first written: compare each span with every span kept so far."""
    chosen = []
    for span in ranked:
        s, e = span[0], span[1]
        if all(e <= cs or s >= ce for cs, ce, *_ in chosen):
            chosen.append(span)
    return chosen


spans = st.lists(
    st.tuples(st.integers(0, 60), st.integers(1, 15), st.integers(0, 3)).map(
        lambda t: (t[0], t[0] + t[1], t[2])
    ),
    max_size=40,
)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(spans)
def test_keep_disjoint_keeps_what_comparing_with_every_kept_span_keeps(candidates):
    ranked = sorted(candidates, key=lambda m: (m[0] - m[1], m[0], m[2]))
    assert keep_disjoint(ranked) == _keep_disjoint_by_scanning(ranked)


def test_touching_spans_are_both_kept_and_a_contained_one_is_not():
    assert keep_disjoint([(0, 10, "a"), (10, 12, "b"), (3, 5, "c"), (9, 11, "d")]) == [
        (0, 10, "a"),
        (10, 12, "b"),
    ]


def _inside(spans, i):
    return any(s <= i < e for s, e in spans)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(spans, spans, st.integers(0, 70), st.integers(0, 30))
def test_split_by_voice_gives_each_character_its_voice(reported, quoted, start, length):
    """Every character of the range lands in the run of its own voice (quoted wins over reported,
    attributed over narration), whatever the spans near the range; a-z text has no spaces to
    strip, so the runs tile the range."""
    text = "".join(chr(97 + i % 26) for i in range(100))
    quoted_merged = merge_spans((s, e) for s, e, _ in quoted)
    voices = VoiceSpans(merge_spans([*((s, e) for s, e, _ in reported), *quoted_merged]), quoted_merged)
    end = start + length
    runs = split_by_voice(text, start, end, voices)
    assert "".join(text[a:b] for a, b, _ in runs) == text[start:end]
    for a, b, voice in runs:
        for i in range(a, b):
            expected = (
                QUOTED
                if _inside(voices.quoted, i)
                else REPORTED
                if _inside(voices.attributed, i)
                else "narration"
            )
            assert voice == expected
    assert all(r1[2] != r2[2] for r1, r2 in itertools.pairwise(runs))


def test_actor_mentions_of_a_very_long_article_are_those_of_its_parts():
    """A live blog of many updates: the mentions of the whole text are each part's mentions,
    shifted (the overlap rule no longer compares every mention with every other)."""
    codebook = load_codebook(config.DEFAULT_CODEBOOK)
    part = article_text("004") + "\n\n"
    whole = part * 40
    one = codebook.actor_mentions(part)
    every = codebook.actor_mentions(whole)
    assert len(one) > 20
    assert [(s, e, a.name) for s, e, a in every] == [
        (s + k * len(part), e + k * len(part), a.name) for k in range(40) for s, e, a in one
    ]


def test_a_bracketed_repeat_is_dropped_only_when_the_brackets_hold_it_alone():
    def spans_of(text, *names):
        found, at = [], 0
        for name in names:
            at = text.index(name, at)
            found.append((at, at + len(name), "NRF"))
            at += len(name)
        return found

    def kept(text, *names):
        return [
            text[s:e]
            for s, e, _ in without_bracketed_repeats(text, spans_of(text, *names), key=lambda m: m[2])
        ]

    assert kept("the Front ( NRF ) said", "Front", "NRF") == ["Front"]
    assert kept("the Front\n(NRF) said", "Front", "NRF") == ["Front"]
    assert kept("the Front (NRF said", "Front", "NRF") == ["Front", "NRF"]  # never closed
    assert kept("the Front [NRF] said", "Front", "NRF") == ["Front", "NRF"]
    assert kept("Front (NRF) (NRF)", "Front", "NRF", "NRF") == ["Front", "NRF"]  # compared with the kept one
    assert kept("") == []
    different = [(4, 9, "NRF"), (11, 14, "Taliban")]
    assert without_bracketed_repeats("the Front (NRF)", different, key=lambda m: m[2]) == different
