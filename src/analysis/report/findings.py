""" "What we found": sentences written from the tables, each naming the table behind it.

Every finding is computed, never typed in, and is phrased so that it still holds on another
corpus (one outlet, no quotes, no wire copy …): a finding whose data is missing is left out.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from .. import html
from ..narration import QUOTED, REPORTED, VOICES
from .context import ReportContext
from .tone_order import narration_extremes


def _pct(x: float) -> str:
    return f"{x:.0%}"


def _of(part: float, whole: float) -> str:
    """ "7 of 9": a share written with its counts, so a reader sees how little it may rest on."""
    return f"{int(part):,} of {int(whole):,}"


def _share(part: float, whole: float) -> str:
    """ "53% (33 of 62)": the percentage and the counts it comes from."""
    return f"{_pct(part / whole)} ({_of(part, whole)})"


def _finding(text: str, tables: list[str]) -> str:
    sources = ", ".join(f"derived/{t}.csv" for t in tables)
    return (
        f'<div class="finding">{html.esc(text)}<span class="source">Table: {html.esc(sources)}</span></div>'
    )


def voices_finding(ctx: ReportContext) -> str | None:
    sides = ctx.derived.voices_sides
    if sides.empty:
        return None
    total = sides.groupby("speaker_side")["n_attributions"].sum().sort_values(ascending=False)
    top_side = total.index[0]
    text = (
        f"Voices from the {ctx.side_label(top_side)} side make up {_share(total.iloc[0], total.sum())} "
        "of the attributed statements in the corpus"
    )
    per_outlet = sides.assign(total=sides.groupby("outlet")["n_attributions"].transform("sum"))
    per_outlet = per_outlet[per_outlet["speaker_side"] == top_side].sort_values("outlet")
    if ctx.n_outlets > 1 and len(per_outlet) > 1:
        per_outlet = per_outlet.assign(s=per_outlet["n_attributions"] / per_outlet["total"])
        hi = per_outlet.loc[per_outlet["s"].idxmax()]
        lo = per_outlet.loc[per_outlet["s"].idxmin()]
        text += (
            f"; {hi['outlet']} gives them the largest share ({_of(hi['n_attributions'], hi['total'])}) "
            f"and {lo['outlet']} the smallest ({_of(lo['n_attributions'], lo['total'])})"
        )
    return _finding(text + ".", ["voices_sides"])


def platforms_finding(ctx: ReportContext) -> str | None:
    platforms = ctx.derived.voices_platforms
    if platforms.empty:
        return None
    total = platforms.groupby("platform")["n_attributions"].sum()
    named = total.drop(labels=["unspecified"], errors="ignore")
    all_n = int(total.sum())
    unspecified = int(total.get("unspecified", 0))
    if named.empty:
        return _finding(
            f"None of the {all_n:,} attributed statements says through which channel it "
            "reached the newsroom.",
            ["voices_platforms"],
        )
    top = named.sort_values(ascending=False).index[0]
    text = (
        f"Where the channel is named, it is most often {ctx.codebook.platform_label(top)} "
        f"({int(named[top]):,} of {int(named.sum()):,} statements); {_pct(unspecified / all_n)} "
        "of all attributed statements name no channel at all"
    )
    self_published = [p for p in ctx.codebook.self_published_platforms if p in total.index]
    if self_published:
        posts = int(total[self_published].sum())
        text += (
            f". {_share(posts, all_n)} came as posts or recordings the speakers published themselves, "
            "which a newsroom cannot check independently"
        )
        relayed = _relayed_posts(ctx.derived.attributions, self_published)
        if relayed:
            text += (
                f"; {_of(relayed, posts)} of these reached the outlet through a news agency, another "
                "outlet or a journalist rather than from the speaker's own account"
            )
    return _finding(text + ".", ["voices_platforms", "attributions"])


def _relayed_posts(attributions: pd.DataFrame, self_published: list[str]) -> int:
    """Statements on the ``self_published`` platforms that a medium relayed: a named intermediary
    (``via``), a speaker of the ``media`` type (an agency's or outlet's own post, whatever side a
    codebook puts it on) or on a side called ``media`` (a reporter's own post)."""
    if attributions.empty:
        return 0
    posts = attributions[attributions["platform"].isin(self_published)]
    relayed = (
        (posts["via"].fillna("") != "")
        | (posts["speaker_type"] == "media")
        | (posts["speaker_side"] == "media")
    )
    return int(relayed.sum())


def _some(names: list[str], shown: int = 5) -> str:
    """``names`` joined with commas; past ``shown``, the first few and how many more."""
    if len(names) <= shown:
        return ", ".join(names)
    return f"{', '.join(names[:shown])} and {len(names) - shown:,} more"


def claims_finding(ctx: ReportContext) -> str | None:
    claims = ctx.derived.claims_by_outlet
    if claims.empty:
        return None
    n_claims = int(claims["attributions_claiming_fall"].sum())
    n_denials = int(claims["attributions_denying_fall"].sum())
    asserting = claims.loc[claims["sentences_asserting_fall"] > 0, "outlet"].tolist()
    name = ctx.codebook.claim_name
    text = f"{n_claims:,} attributed statements claim {name} and {n_denials:,} deny it. "
    if not asserting:
        text += f"No outlet states {name} as fact in its own voice"
    elif len(asserting) == 1:
        text += f"Only {asserting[0]} states it as fact in its own voice"
    else:
        text += f"{len(asserting)} outlets state it as fact in their own voice ({_some(asserting)})"
    return _finding(text + ".", ["claims_by_outlet", "claims", "assertions"])


HEDGE_EXAMPLES = 3


def hedge_examples(ctx: ReportContext) -> str:
    """ "(claimed, reportedly, according to reports …)": the codebook's first hedges, as examples of
    what is counted, with "…" when it lists more; empty when it lists none."""
    names = [h.name for h in ctx.codebook.hedges]
    if not names:
        return ""
    more = " …" if len(names) > HEDGE_EXAMPLES else ""
    return f" ({', '.join(names[:HEDGE_EXAMPLES])}{more})"


def hedging_finding(ctx: ReportContext) -> str | None:
    """How much each outlet hedges in its own words (narration and reported speech), with the
    counts behind each rate; no ranking when the smallest count is under 10."""
    hedging = ctx.derived.hedging
    rates = hedging.dropna(subset=["hedges_per_1000_own_words"])
    if rates.empty:
        return None
    examples = hedge_examples(ctx)
    if len(rates) == 1:
        row = rates.iloc[0]
        return _finding(
            f"{row['outlet']} uses {row['hedges_per_1000_own_words']:.1f} hedges{examples} "
            f"per 1,000 of its own words, narration and reported speech ({_hedges_in(row)}).",
            ["hedging", "hedges"],
        )
    rates = rates.sort_values("outlet")
    hi = rates.loc[rates["hedges_per_1000_own_words"].idxmax()]
    lo = rates.loc[rates["hedges_per_1000_own_words"].idxmin()]
    text = (
        f"Hedging{examples} in the outlets' own words (narration and reported speech) "
        f"ranges from {lo['hedges_per_1000_own_words']:.1f} per 1,000 words ({lo['outlet']}: "
        f"{_hedges_in(lo)}) to {hi['hedges_per_1000_own_words']:.1f} ({hi['outlet']}: "
        f"{_hedges_in(hi)})"
    )
    fewest = int(rates["hedges_in_own_words"].min())
    if fewest < 10:
        caution = (
            "these are counts in single articles, not a ranking"
            if ctx.one_article_per_outlet
            else "counts this small are not a ranking"
        )
        text += (
            f". With {fewest} hedge{'s' if fewest != 1 else ''} in the smallest count, one word more "
            f"or less moves a rate a long way: {caution}"
        )
    return _finding(text + ".", ["hedging", "hedges"])


def _hedges_in(row: pd.Series) -> str:
    n = int(row["hedges_in_own_words"])
    return f"{n} hedge{'s' if n != 1 else ''} in {int(row['own_words']):,} words"


def paraphrase_finding(ctx: ReportContext) -> str | None:
    """How much of the attributed material is the outlets' paraphrase rather than the speakers'
    own words, and which outlets quote no one verbatim. None when nothing is attributed."""
    voices = ctx.derived.tone_voices
    if voices.empty:
        return None
    words = voices.pivot_table(
        index="outlet", columns="voice", values="n_words", aggfunc="sum", fill_value=0
    ).reindex(columns=list(VOICES), fill_value=0)
    reported, quoted = words[REPORTED], words[QUOTED]
    total = int(reported.sum() + quoted.sum())
    if total == 0:
        return None
    text = (
        f"{_pct(reported.sum() / total)} of the attributed words ({_of(int(reported.sum()), total)}) "
        "are the outlets' paraphrase (reported speech), not the speakers' own words in quotation marks"
    )
    none = sorted(words.index[(quoted == 0) & (reported > 0)])
    if none and len(none) < len(words):
        text += f"; {_some(none)} quote{'s' if len(none) == 1 else ''} no one verbatim"
    return _finding(text + ".", ["tone_voices"])


def tone_finding(ctx: ReportContext) -> str | None:
    voices = ctx.derived.tone_voices
    narration = voices[voices["voice"] == "narration"]
    if narration.empty:
        return None
    segments = int(narration["n_segments"].sum())
    zero = round(float((narration["share_zero"] * narration["n_segments"]).sum()))
    share = (
        f"{_pct(zero / segments)} of narration segments ({_of(zero, segments)}) score exactly 0 on TextBlob"
    )
    text = (
        f"To a word-list tone measure, much of the outlets' own narration is flat: {share}"
        if zero / segments >= 0.5
        else share[0].upper() + share[1:]
    )
    extremes = narration_extremes(narration)
    if extremes is not None and extremes.agree:
        text += (
            f"; {extremes.textblob_low} narrates most negatively on both TextBlob "
            f"({extremes.textblob_mean:+.2f}, from {extremes.nonzero_segments} non-zero segments) "
            f"and VADER ({extremes.vader_mean:+.2f})"
        )
    elif extremes is not None:
        text += (
            f"; the two word lists {'do not agree' if extremes.tied else 'disagree'} "
            f"on which outlet narrates most negatively (TextBlob: {extremes.textblob_text()}; "
            f"VADER: {extremes.vader_text()}), so that ranking is not a finding"
        )
    agreement = ctx.derived.tone_agreement
    overall = agreement[agreement["outlet"] == "all outlets"]["spearman_rho"]
    if len(overall) and pd.notna(overall.iloc[0]):
        text += (
            f". TextBlob and VADER agree only loosely sentence by sentence (Spearman ρ = "
            f"{overall.iloc[0]:.2f}), so small differences are not findings"
        )
    return _finding(text + ".", ["tone_voices", "tone_agreement"])


def copy_and_events_finding(ctx: ReportContext) -> str | None:
    clusters = ctx.derived.wire_clusters
    matrix = ctx.derived.event_matrix
    parts = []
    if len(clusters):
        pairs = ctx.outlet_pairs_by_sharing
        top = pairs.iloc[0]
        widest = int(clusters["n_outlets"].max())
        spread = f", one of them in {widest} outlets" if widest > 2 else ""
        sharing = pairs[pairs["shared_passages"] > 0]
        who = (
            f"only {top['outlet_a']} and {top['outlet_b']} share any ({int(top['shared_passages']):,})"
            if len(sharing) == 1
            else f"{top['outlet_a']} and {top['outlet_b']} share the most ({int(top['shared_passages']):,})"
        )
        parts.append(
            f"{len(clusters):,} passages appear nearly word for word in two or more outlets{spread}, "
            f"a sign of shared wire copy; {who}"
        )
    elif ctx.n_outlets > 1:
        parts.append("No sentence is shared nearly word for word between outlets")
    if len(matrix) and ctx.n_outlets > 1:
        coverage = matrix.groupby(["event_id", "event"])["reported"].sum()
        n = int(coverage.max())
        widest = [label for (_, label), count in coverage.items() if count == n]
        if len(widest) == 1:
            parts.append(
                f"the most widely reported event, “{widest[0]}”, appears in {n} of {ctx.n_outlets} outlets"
            )
        else:
            parts.append(
                f"{len(widest)} events tie as the most widely reported, each in {n} of "
                f"{ctx.n_outlets} outlets ({_some([f'“{w}”' for w in widest], 3)})"
            )
        singles = coverage[coverage == 1]
        if len(singles):
            (single_id, single_label) = singles.index[0]
            outlet = matrix[(matrix["event_id"] == single_id) & (matrix["reported"] == 1)]["outlet"].iloc[0]
            parts.append(
                f"{len(singles)} of {len(coverage)} events appear in only one outlet (for example "
                f"“{single_label}”, only in {outlet})"
                if len(singles) > 1
                else f"“{single_label}” appears only in {outlet}"
            )
    if not parts:
        return None
    text = "; ".join(parts)
    return _finding(text[0].upper() + text[1:] + ".", ["wire_clusters", "wire_outlet_pairs", "event_matrix"])


FINDINGS: tuple[Callable[[ReportContext], str | None], ...] = (
    voices_finding,
    paraphrase_finding,
    platforms_finding,
    claims_finding,
    hedging_finding,
    tone_finding,
    copy_and_events_finding,
)


def findings_html(ctx: ReportContext) -> str:
    """The 4–6 findings that have data, in a fixed order."""
    found = [f for f in (finding(ctx) for finding in FINDINGS) if f]
    if not found:
        return '<p class="small">The corpus gives too little data for findings.</p>'
    return "".join(found)


__all__ = ["findings_html"]
