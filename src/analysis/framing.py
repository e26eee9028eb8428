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

import pandas as pd

from .attribution import AttributionRow
from .codebook import Codebook
from .narration import NARRATION, voice_of
from .spans import keep_disjoint
from .terms import TermPattern, compile_terms, fold_for_keys, key_words

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


def _label_patterns(codebook: Codebook) -> tuple[tuple[str, str, TermPattern], ...]:
    return codebook.memo(
        "framing_label_patterns",
        lambda: tuple((t.side, t.name, compile_terms(t.patterns)) for t in codebook.labels),
    )


def _hedge_patterns(codebook: Codebook) -> tuple[tuple[str, TermPattern], ...]:
    return codebook.memo(
        "framing_hedge_patterns",
        lambda: tuple((t.name, compile_terms(t.patterns)) for t in codebook.hedges),
    )


def _capture_patterns(codebook: Codebook) -> dict[str, TermPattern]:
    return codebook.memo(
        "framing_capture_patterns",
        lambda: {key: compile_terms(terms) for key, terms in codebook.capture.items()},
    )


def _event_patterns(codebook: Codebook) -> tuple[tuple[str, str, tuple[TermPattern, ...]], ...]:
    return codebook.memo(
        "framing_event_patterns",
        lambda: tuple((e.id, e.label, tuple(codebook.compile(g) for g in e.groups)) for e in codebook.events),
    )


def longest_matches(text: str, start: int, end: int, patterns: Sequence[tuple]) -> list[tuple]:
    """Matches of several named patterns (``(*names, TermPattern)``) in ``text[start:end]``;
    where matches overlap the longest wins (then the earliest, then the first pattern).
    Returns ``(s, e, *names)``; patterns whose keys rule the text out are not searched."""
    found = []
    folded = fold_for_keys(text[start:end])
    words = key_words(folded)
    for order, entry in enumerate(patterns):
        *names, pattern = entry
        if not pattern.may_occur(folded, words):
            continue
        for match in pattern.finditer(text, start, end):
            if match.end() > match.start():
                found.append((match.start(), match.end(), order, tuple(names)))
    ranked = sorted(found, key=lambda m: (m[0] - m[1], m[0], m[2]))
    return sorted((s, e, *names) for s, e, _, names in keep_disjoint(ranked))


def _occurrence_rows(
    article_id: str, outlet: str, text: str, sentences: Sequence, spans: list, patterns: Sequence[tuple]
) -> list[tuple]:
    """One row per longest match of ``patterns`` in each sentence: article, outlet, sentence, the
    pattern's names, the words as written, narration or quote, offsets."""
    return [
        (article_id, outlet, s.sentence_id, *names, text[start:end], voice_of(spans, start, end), start, end)
        for s in sentences
        for start, end, *names in longest_matches(text, s.start, s.end, patterns)
    ]


def label_rows(
    article_id: str, outlet: str, text: str, sentences: Sequence, spans: list, codebook: Codebook
) -> list[tuple]:
    """Every label occurrence: which word the outlet uses for which side, narration or quote."""
    return _occurrence_rows(article_id, outlet, text, sentences, spans, _label_patterns(codebook))


def hedge_rows(
    article_id: str, outlet: str, text: str, sentences: Sequence, spans: list, codebook: Codebook
) -> list[tuple]:
    """Every hedge occurrence ("reportedly", "claimed", "could not be corroborated" …)."""
    return _occurrence_rows(article_id, outlet, text, sentences, spans, _hedge_patterns(codebook))


def claim_rows(attributions: Iterable[AttributionRow], text: str, codebook: Codebook) -> list[tuple]:
    """Attributions (rows of one article's attribution table) that claim the fall, or deny it
    (a denial word wins over a claim word: "the NRF disputed the Taliban's assertion that
    Panjshir had been taken" is a denial). Embedded posts are skipped: the attributions found
    inside them carry the stance."""
    patterns = _capture_patterns(codebook)
    rows = []
    for a in attributions:
        if a.kind == "embedded_post":
            continue  # the post's own attributions carry the stance, not its account holder
        cue = a.cue or ""
        frame = f"{cue} {a.quote}"
        denial = patterns["denial"].search(frame) if codebook.capture.get("denial") else None
        claim = patterns["claim"].search(a.quote) if codebook.capture.get("claim") else None
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


def assertion_rows(
    article_id: str, outlet: str, text: str, sentences: Sequence, spans: list, codebook: Codebook
) -> list[tuple]:
    """Sentences where the outlet itself states the fall: an assertion term in narration, with
    no negation ("yet to be conquered") and no hedge in the sentence."""
    patterns = _capture_patterns(codebook)
    if not codebook.capture.get("assertion"):
        return []
    hedges = _hedge_patterns(codebook)
    rows = []
    for s in sentences:
        sentence = text[s.start : s.end]
        folded = fold_for_keys(sentence)
        words = key_words(folded)
        if not patterns["assertion"].may_occur(folded, words):
            continue
        if codebook.capture.get("negation") and _occurs(patterns["negation"], sentence, folded, words):
            continue
        if any(_occurs(p, sentence, folded, words) for _, p in hedges):
            continue
        for match in patterns["assertion"].finditer(text, s.start, s.end):
            if voice_of(spans, match.start(), match.end()) == NARRATION:
                rows.append((article_id, outlet, s.sentence_id, match.group(), s.start, s.end, sentence))
                break
    return rows


def _occurs(pattern: TermPattern, sentence: str, folded: str, words: set[str]) -> bool:
    return pattern.may_occur(folded, words) and pattern.search(sentence) is not None


def event_rows(
    article_id: str, outlet: str, text: str, sentences: Sequence, spans: list, codebook: Codebook
) -> list[tuple]:
    """Sentences reporting each codebook event (every group of terms matches in the sentence)."""
    rows = []
    events = _event_patterns(codebook)
    for s in sentences:
        sentence = text[s.start : s.end]
        folded = fold_for_keys(sentence)
        words = key_words(folded)
        for event_id, label, groups in events:
            if all(_occurs(g, sentence, folded, words) for g in groups):
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
    """Hedges per 1,000 words of narration (empty when an outlet has no narration)."""
    out = counts.copy()
    narration = out["narration_words"].where(out["narration_words"] > 0)
    out["hedges_per_1000_narration_words"] = (1000 * out["hedges_in_narration"] / narration).round(3)
    return out
