"""Framing cues, driven by the codebook: labels, hedges, claims, assertion of the fall, events.

Every function works on one article (its raw text, content sentences and the merged spans of
attributed material from :mod:`analysis.narration`) and returns rows that carry the offsets of
their evidence, so each count in the report can be opened to the words behind it. The counts
per outlet are combined across chunks in :mod:`analysis.aggregate`.

Matching follows the codebook: whole words, case-insensitive, ``re:`` terms as regular
expressions, ``@Actor`` for all of an actor's names, the longest match winning where two overlap.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from .attribution import AttributionRow
from .codebook import Codebook
from .narration import NARRATION, VoiceSpans, voice_of
from .spans import keep_disjoint, without_bracketed_repeats
from .terms import FoldedText, TermIndex, TermPattern, compile_terms, fold_for_keys, fold_text

CLAIMS_FALL = "claims_fall"
DENIES_FALL = "denies_fall"

LABEL_COLUMNS = (
    "article_id",
    "outlet",
    "sentence_id",
    "side",
    "label",
    "term",
    "voice",
    "start",
    "end",
)
HEDGE_COLUMNS = ("article_id", "outlet", "sentence_id", "hedge", "term", "voice", "start", "end")
CLAIM_COLUMNS = (
    "article_id",
    "outlet",
    "attribution_id",
    "speaker",
    "speaker_side",
    "stance",
    "evidence",
    "start",
    "end",
)
ASSERTION_COLUMNS = ("article_id", "outlet", "sentence_id", "term", "start", "end", "text")
EVENT_COLUMNS = (
    "article_id",
    "outlet",
    "event_id",
    "event",
    "sentence_id",
    "voice",
    "start",
    "end",
    "text",
)


@dataclass(frozen=True)
class NamedTerms:
    """Named term patterns, ``entries`` of ``(*names, TermPattern)``, with their index."""

    entries: tuple[tuple, ...]
    index: TermIndex

    @classmethod
    def of(cls, entries: Iterable[tuple]) -> NamedTerms:
        entries = tuple(entries)
        return cls(entries, TermIndex([entry[-1] for entry in entries]))


@dataclass(frozen=True)
class EventTerms:
    """The codebook's events, ``(id, label, groups)``, with an index over every group of every
    event: ``positions[k]`` are the index positions of event ``k``'s groups and ``event_of``
    maps a position back to its event."""

    events: tuple[tuple[str, str, tuple[TermPattern, ...]], ...]
    index: TermIndex
    positions: tuple[tuple[int, ...], ...]
    event_of: tuple[int, ...]

    @classmethod
    def of(cls, events: Iterable[tuple[str, str, tuple[TermPattern, ...]]]) -> EventTerms:
        events = tuple(events)
        groups, positions, event_of = [], [], []
        for k, (_id, _label, event_groups) in enumerate(events):
            positions.append(tuple(range(len(groups), len(groups) + len(event_groups))))
            groups.extend(event_groups)
            event_of.extend([k] * len(event_groups))
        return cls(events, TermIndex(groups), tuple(positions), tuple(event_of))


def _label_patterns(codebook: Codebook) -> NamedTerms:
    return codebook.memo(
        "framing_label_patterns",
        lambda: NamedTerms.of((t.side, t.name, compile_terms(t.patterns)) for t in codebook.labels),
    )


def _hedge_patterns(codebook: Codebook) -> NamedTerms:
    return codebook.memo(
        "framing_hedge_patterns",
        lambda: NamedTerms.of((t.name, compile_terms(t.patterns)) for t in codebook.hedges),
    )


def _capture_patterns(codebook: Codebook) -> dict[str, TermPattern]:
    return codebook.memo(
        "framing_capture_patterns",
        lambda: {key: compile_terms(terms) for key, terms in codebook.capture.items()},
    )


def _event_patterns(codebook: Codebook) -> EventTerms:
    return codebook.memo(
        "framing_event_patterns",
        lambda: EventTerms.of(
            (e.id, e.label, tuple(codebook.compile(g) for g in e.groups)) for e in codebook.events
        ),
    )


def fold_sentences(text: str, sentences: Sequence) -> list[FoldedText]:
    """Each sentence folded once (:func:`analysis.terms.fold_text`), for every cue search on it."""
    return [fold_text(text[s.start : s.end]) for s in sentences]


def _folded(text: str, sentences: Sequence, folded: Sequence[FoldedText] | None) -> Sequence[FoldedText]:
    if folded is None:
        return fold_sentences(text, sentences)
    if len(folded) != len(sentences):
        raise ValueError(f"{len(folded)} folded sentences for {len(sentences)} sentences")
    return folded


def longest_matches(
    text: str, start: int, end: int, terms: NamedTerms, folded: FoldedText | None = None
) -> list[tuple]:
    """Matches of several named patterns in ``text[start:end]``; where matches overlap the
    longest wins (then the earliest, then the first pattern). Returns ``(s, e, *names)``;
    patterns whose keys rule the text out are not searched. ``folded`` is
    ``fold_text(text[start:end])`` when the caller has it already."""
    found = []
    if folded is None:
        folded = fold_text(text[start:end])
    for order in terms.index.candidates(folded):
        *names, pattern = terms.entries[order]
        for match in pattern.finditer(text, start, end):
            if match.end() > match.start():
                found.append((match.start(), match.end(), order, tuple(names)))
    ranked = sorted(found, key=lambda m: (m[0] - m[1], m[0], m[2]))
    return sorted((s, e, *names) for s, e, _, names in keep_disjoint(ranked))


def _occurrence_rows(
    article_id: str,
    outlet: str,
    text: str,
    sentences: Sequence,
    spans: VoiceSpans,
    terms: NamedTerms,
    folded: Sequence[FoldedText] | None,
    once_per_name: bool = False,
) -> list[tuple]:
    """One row per longest match of ``terms`` in each sentence: article, outlet, sentence, the
    pattern's names, the words as written, the voice (:func:`analysis.narration.voice_of`),
    offsets. With ``once_per_name``, a match repeating the one before it in brackets, under the
    same names, is left out (:func:`analysis.spans.without_bracketed_repeats`)."""
    rows = []
    for s, f in zip(sentences, _folded(text, sentences, folded), strict=True):
        matches = longest_matches(text, s.start, s.end, terms, f)
        if once_per_name:
            matches = without_bracketed_repeats(text, matches, key=_names_of_match)
        for start, end, *names in matches:
            voice = voice_of(spans, start, end)
            rows.append((article_id, outlet, s.sentence_id, *names, text[start:end], voice, start, end))
    return rows


def _names_of_match(match: tuple) -> tuple:
    """The pattern's names of a :func:`longest_matches` match (what follows its offsets)."""
    return match[2:]


# The sentence-level functions below take ``folded``, the sentences' fold_sentences(), when the
# caller has made it for several of them; without it they fold the sentences themselves.


def label_rows(
    article_id: str,
    outlet: str,
    text: str,
    sentences: Sequence,
    spans: VoiceSpans,
    codebook: Codebook,
    folded: Sequence[FoldedText] | None = None,
) -> list[tuple]:
    """Every label occurrence: which word the outlet uses for which side, and in which voice
    (narration, reported speech, quote). A label repeated in brackets straight after itself
    ("National Resistance Front (NRF)", both the codebook's "NRF") is one occurrence."""
    return _occurrence_rows(
        article_id, outlet, text, sentences, spans, _label_patterns(codebook), folded, once_per_name=True
    )


def hedge_rows(
    article_id: str,
    outlet: str,
    text: str,
    sentences: Sequence,
    spans: VoiceSpans,
    codebook: Codebook,
    folded: Sequence[FoldedText] | None = None,
) -> list[tuple]:
    """Every hedge occurrence ("reportedly", "claimed", "could not be corroborated" …)."""
    return _occurrence_rows(article_id, outlet, text, sentences, spans, _hedge_patterns(codebook), folded)


def claim_rows(attributions: Iterable[AttributionRow], text: str, codebook: Codebook) -> list[tuple]:
    """Attributions (rows of one article's attribution table) that claim the fall, or deny it.

    Both are searched in the cue and content together ("Taliban *claims victory* in Panjshir",
    "the Taliban *declared victory*"). A denial word wins over a claim word ("the NRF disputed
    the Taliban's assertion that Panjshir had been taken" is a denial). A claim word inside one
    of the codebook's negations ("a stronghold that has yet to be *conquered*") claims nothing.
    Embedded posts are skipped: the attributions found inside them carry the stance."""
    patterns = _capture_patterns(codebook)
    negation = patterns["negation"] if codebook.capture.get("negation") else None
    rows = []
    for a in attributions:
        if a.kind == "embedded_post":
            continue  # the post's own attributions carry the stance, not its account holder
        cue = a.cue or ""
        frame = f"{cue} {a.quote}"
        denial = _search(patterns["denial"], frame) if codebook.capture.get("denial") else None
        claim = _unnegated(patterns["claim"], frame, negation) if codebook.capture.get("claim") else None
        if denial:
            stance, evidence = DENIES_FALL, denial.group()
        elif claim:
            stance, evidence = CLAIMS_FALL, claim.group()
        else:
            continue
        rows.append(
            (
                a.article_id,
                a.outlet,
                a.attribution_id,
                a.speaker,
                a.speaker_side,
                stance,
                evidence,
                a.start,
                a.end,
            )
        )
    return rows


def _unnegated(pattern: TermPattern, text: str, negation: TermPattern | None):
    """The first match of ``pattern`` in ``text`` that no ``negation`` match overlaps, or None."""
    if not pattern.may_occur_in(fold_for_keys(text)):
        return None
    negated = [] if negation is None else [(m.start(), m.end()) for m in negation.finditer(text)]
    for match in pattern.finditer(text):
        if not any(s < match.end() and match.start() < e for s, e in negated):
            return match
    return None


def _search(pattern: TermPattern, text: str):
    """``pattern.search(text)``, skipped when the pattern's keys rule ``text`` out."""
    return pattern.search(text) if pattern.may_occur_in(fold_for_keys(text)) else None


def assertion_rows(
    article_id: str,
    outlet: str,
    text: str,
    sentences: Sequence,
    spans: VoiceSpans,
    codebook: Codebook,
    folded: Sequence[FoldedText] | None = None,
) -> list[tuple]:
    """Sentences where the outlet itself states the fall: an assertion term in narration, with
    no negation ("yet to be conquered") and no hedge in the sentence."""
    patterns = _capture_patterns(codebook)
    if not codebook.capture.get("assertion"):
        return []
    assertion = patterns["assertion"]
    negation = patterns["negation"] if codebook.capture.get("negation") else None
    hedges = _hedge_patterns(codebook)
    rows = []
    for s, f in zip(sentences, _folded(text, sentences, folded), strict=True):
        if not assertion.may_occur(*f):
            continue
        sentence = text[s.start : s.end]
        if negation is not None and _occurs(negation, sentence, f):
            continue
        if any(hedges.entries[i][-1].search(sentence) is not None for i in hedges.index.candidates(f)):
            continue
        for match in assertion.finditer(text, s.start, s.end):
            if voice_of(spans, match.start(), match.end()) == NARRATION:
                rows.append((article_id, outlet, s.sentence_id, match.group(), s.start, s.end, sentence))
                break
    return rows


def _occurs(pattern: TermPattern, sentence: str, folded: FoldedText) -> bool:
    return pattern.may_occur(*folded) and pattern.search(sentence) is not None


def event_rows(
    article_id: str,
    outlet: str,
    text: str,
    sentences: Sequence,
    spans: VoiceSpans,
    codebook: Codebook,
    folded: Sequence[FoldedText] | None = None,
) -> list[tuple]:
    """Sentences reporting each codebook event (every group of terms matches in the sentence),
    in codebook order within a sentence."""
    rows = []
    terms = _event_patterns(codebook)
    for s, f in zip(sentences, _folded(text, sentences, folded), strict=True):
        hits = terms.index.candidates(f)
        if not hits:
            continue
        possible = set(hits)
        sentence = text[s.start : s.end]
        for k in sorted({terms.event_of[i] for i in hits}):
            event_id, label, groups = terms.events[k]
            if not all(i in possible for i in terms.positions[k]):
                continue
            if all(g.search(sentence) is not None for g in groups):
                rows.append(
                    (
                        article_id,
                        outlet,
                        event_id,
                        label,
                        s.sentence_id,
                        voice_of(spans, s.start, s.end),
                        s.start,
                        s.end,
                        sentence,
                    )
                )
    return rows


# --- per-outlet rates ------------------------------------------------------------------------


def hedging_rates(counts: pd.DataFrame) -> pd.DataFrame:
    """Hedges per 1,000 of the outlet's own words: its narration and its reported speech (the
    paraphrase is the outlet's wording; direct quotes are the speaker's). Adds ``own_words``,
    ``hedges_in_own_words`` and the rate, which is empty when an outlet has no words of its own."""
    out = counts.copy()
    out["own_words"] = out["narration_words"] + out["reported_words"]
    out["hedges_in_own_words"] = out["hedges_in_narration"] + out["hedges_in_reported"]
    own = out["own_words"].where(out["own_words"] > 0)
    out["hedges_per_1000_own_words"] = (1000 * out["hedges_in_own_words"] / own).round(3)
    return out
