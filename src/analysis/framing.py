"""Framing cues, driven by the codebook: labels, hedges, claims, assertion of the fall, events.

Every function works on one article (its raw text, content sentences and the merged spans of
attributed material from :mod:`analysis.narration`) and returns rows that carry the offsets of
their evidence, so each count in the report can be opened to the words behind it. Aggregates per
outlet are additive and combine across chunks.

Matching follows the codebook: whole words, case-insensitive, ``re:`` terms as regular
expressions, ``@Actor`` for all of an actor's names, the longest match winning where two overlap.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from .codebook import Codebook
from .narration import NARRATION, QUOTED, voice_of
from .parse import WORD_RE
from .terms import TermPattern, compile_terms, fold_for_keys

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
    for order, entry in enumerate(patterns):
        *names, pattern = entry
        if not pattern.may_occur_in(folded):
            continue
        for match in pattern.finditer(text, start, end):
            if match.end() > match.start():
                found.append((match.start(), match.end(), order, tuple(names)))
    chosen: list[tuple] = []
    for s, e, _, names in sorted(found, key=lambda m: (m[0] - m[1], m[0], m[2])):
        if all(e <= cs or s >= ce for cs, ce, *_ in chosen):
            chosen.append((s, e, *names))
    return sorted(chosen)


def label_rows(
    article_id: str, outlet: str, text: str, sentences: Sequence, spans: list, codebook: Codebook
) -> list[tuple]:
    """Every label occurrence: which word the outlet uses for which side, narration or quote."""
    rows = []
    patterns = _label_patterns(codebook)
    for s in sentences:
        for start, end, side, label in longest_matches(text, s.start, s.end, patterns):
            rows.append(
                (
                    article_id,
                    outlet,
                    s.sentence_id,
                    side,
                    label,
                    text[start:end],
                    voice_of(spans, start, end),
                    start,
                    end,
                )
            )
    return rows


def hedge_rows(
    article_id: str, outlet: str, text: str, sentences: Sequence, spans: list, codebook: Codebook
) -> list[tuple]:
    """Every hedge occurrence ("reportedly", "claimed", "could not be corroborated" …)."""
    rows = []
    patterns = _hedge_patterns(codebook)
    for s in sentences:
        for start, end, hedge in longest_matches(text, s.start, s.end, patterns):
            rows.append(
                (
                    article_id,
                    outlet,
                    s.sentence_id,
                    hedge,
                    text[start:end],
                    voice_of(spans, start, end),
                    start,
                    end,
                )
            )
    return rows


def claim_rows(attributions: pd.DataFrame | Iterable, text: str, codebook: Codebook) -> list[tuple]:
    """Attributions (a table, or rows with its columns as attributes) that claim the fall, or
    deny it (a denial word wins over a claim word: "the NRF disputed the Taliban's assertion
    that Panjshir had been taken" is a denial). Embedded posts are skipped: the attributions
    found inside them carry the stance."""
    patterns = _capture_patterns(codebook)
    rows = []
    if isinstance(attributions, pd.DataFrame):
        attributions = attributions.itertuples(index=False)
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
        if not patterns["assertion"].may_occur_in(folded):
            continue
        if codebook.capture.get("negation") and _occurs(patterns["negation"], sentence, folded):
            continue
        if any(_occurs(p, sentence, folded) for _, p in hedges):
            continue
        for match in patterns["assertion"].finditer(text, s.start, s.end):
            if voice_of(spans, match.start(), match.end()) == NARRATION:
                rows.append((article_id, outlet, s.sentence_id, match.group(), s.start, s.end, sentence))
                break
    return rows


def _occurs(pattern: TermPattern, sentence: str, folded: str) -> bool:
    return pattern.may_occur_in(folded) and pattern.search(sentence) is not None


def event_rows(
    article_id: str, outlet: str, text: str, sentences: Sequence, spans: list, codebook: Codebook
) -> list[tuple]:
    """Sentences reporting each codebook event (every group of terms matches in the sentence)."""
    rows = []
    events = _event_patterns(codebook)
    for s in sentences:
        sentence = text[s.start : s.end]
        folded = fold_for_keys(sentence)
        for event_id, label, groups in events:
            if all(_occurs(g, sentence, folded) for g in groups):
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


def narration_words(text: str, runs: Sequence[tuple[int, int, str]]) -> tuple[int, int]:
    """Words in narration runs and in quoted runs."""
    narration = quoted = 0
    for start, end, voice in runs:
        n = len(WORD_RE.findall(text[start:end]))
        if voice == QUOTED:
            quoted += n
        else:
            narration += n
    return narration, quoted


# --- per-outlet aggregates (additive across chunks) ------------------------------------------


def labels_by_outlet(labels: pd.DataFrame) -> pd.DataFrame:
    """Label occurrences per outlet, side, label and voice."""
    keys = ["outlet", "side", "label", "voice"]
    if labels.empty:
        return pd.DataFrame(columns=[*keys, "n"])
    return labels.groupby(keys, sort=True).size().reset_index(name="n")


def hedging_counts(hedges: pd.DataFrame, words: pd.DataFrame) -> pd.DataFrame:
    """Per outlet: narration and quoted words, hedges in each (``words``: outlet, narration_words,
    quoted_words per article)."""
    w = words.groupby("outlet", sort=True)[["narration_words", "quoted_words"]].sum()
    if hedges.empty:
        h = pd.DataFrame(index=w.index, columns=["hedges_in_narration", "hedges_in_quotes"]).fillna(0)
    else:
        h = (
            hedges.assign(n=1)
            .pivot_table(index="outlet", columns="voice", values="n", aggfunc="sum", fill_value=0)
            .reindex(columns=[NARRATION, QUOTED], fill_value=0)
            .rename(columns={NARRATION: "hedges_in_narration", QUOTED: "hedges_in_quotes"})
        )
    out = w.join(h, how="left").fillna(0).reset_index()
    for column in ("narration_words", "quoted_words", "hedges_in_narration", "hedges_in_quotes"):
        out[column] = out[column].astype(int)
    return out


def hedging_rates(counts: pd.DataFrame) -> pd.DataFrame:
    """Hedges per 1,000 words of narration (empty when an outlet has no narration)."""
    out = counts.copy()
    narration = out["narration_words"].where(out["narration_words"] > 0)
    out["hedges_per_1000_narration_words"] = (1000 * out["hedges_in_narration"] / narration).round(3)
    return out


def claims_by_outlet(claims: pd.DataFrame, assertions: pd.DataFrame, outlets: Sequence[str]) -> pd.DataFrame:
    """Per outlet: attributions claiming the fall, denying it, and sentences asserting it."""
    index = pd.Index(sorted(set(outlets)), name="outlet")
    stance = (
        claims.groupby(["outlet", "stance"]).size().unstack(fill_value=0)
        if len(claims)
        else pd.DataFrame(index=index)
    )
    out = pd.DataFrame(index=index)
    out["attributions_claiming_fall"] = stance.get(CLAIMS_FALL, pd.Series(dtype=int)).reindex(
        index, fill_value=0
    )
    out["attributions_denying_fall"] = stance.get(DENIES_FALL, pd.Series(dtype=int)).reindex(
        index, fill_value=0
    )
    asserted = assertions.groupby("outlet").size() if len(assertions) else pd.Series(dtype=int)
    out["sentences_asserting_fall"] = asserted.reindex(index, fill_value=0)
    return out.fillna(0).astype(int).reset_index()


def event_matrix(events: pd.DataFrame, codebook: Codebook, outlets: Sequence[str]) -> pd.DataFrame:
    """Outlet x event: whether the outlet reports it, in how many sentences, and the first one."""
    rows = []
    for outlet in sorted(set(outlets)):
        mine = events[events["outlet"] == outlet] if len(events) else events
        for event in codebook.events:
            hits = mine[mine["event_id"] == event.id] if len(mine) else mine
            first = hits.iloc[0] if len(hits) else None
            rows.append(
                (
                    outlet,
                    event.id,
                    event.label,
                    int(len(hits) > 0),
                    len(hits),
                    first["article_id"] if first is not None else "",
                    int(first["start"]) if first is not None else None,
                    int(first["end"]) if first is not None else None,
                )
            )
    table = pd.DataFrame(
        rows,
        columns=[
            "outlet",
            "event_id",
            "event",
            "reported",
            "n_sentences",
            "first_article_id",
            "first_start",
            "first_end",
        ],
    )
    for column in ("first_start", "first_end"):
        table[column] = table[column].astype("Int64")
    return table
