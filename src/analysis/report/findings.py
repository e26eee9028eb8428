""" "What we found": sentences written from the tables, each naming the table behind it.

Every finding is computed, never typed in, and is phrased so that it still holds on another
corpus (one outlet, no quotes, no wire copy …): a finding whose data is missing is left out.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from .. import html
from ..colors import OTHER
from .context import ReportContext

# Platforms through which a statement cannot be checked when a region's communications are cut.
UNCHECKABLE = ("twitter", "facebook", "social_media", "audio_message")


def _pct(x: float) -> str:
    return f"{x:.0%}"


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
    share = total.iloc[0] / total.sum()
    text = (
        f"Voices from the {ctx.side_label(top_side)} side make up {_pct(share)} of the "
        f"{int(total.sum()):,} attributed statements in the corpus"
    )
    per_outlet = sides.assign(total=sides.groupby("outlet")["n_attributions"].transform("sum"))
    per_outlet = per_outlet[per_outlet["speaker_side"] == top_side]
    if ctx.n_outlets > 1 and len(per_outlet) > 1:
        per_outlet = per_outlet.assign(s=per_outlet["n_attributions"] / per_outlet["total"])
        hi = per_outlet.loc[per_outlet["s"].idxmax()]
        lo = per_outlet.loc[per_outlet["s"].idxmin()]
        text += (
            f"; {hi['outlet']} gives them the largest share ({_pct(hi['s'])}) and "
            f"{lo['outlet']} the smallest ({_pct(lo['s'])})"
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
    uncheckable = [p for p in UNCHECKABLE if p in total.index]
    if uncheckable:
        share = total[uncheckable].sum() / all_n
        text += (
            f". {_pct(share)} came through social media posts or audio messages, which a newsroom "
            "could not check independently while communications were cut"
        )
    return _finding(text + ".", ["voices_platforms"])


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


def hedging_finding(ctx: ReportContext) -> str | None:
    hedging = ctx.derived.hedging
    rates = hedging.dropna(subset=["hedges_per_1000_narration_words"])
    if rates.empty:
        return None
    if len(rates) == 1:
        row = rates.iloc[0]
        return _finding(
            f"{row['outlet']} uses {row['hedges_per_1000_narration_words']:.1f} hedges "
            "(claimed, reportedly, could not be verified …) per 1,000 words of its own narration.",
            ["hedging", "hedges"],
        )
    hi = rates.loc[rates["hedges_per_1000_narration_words"].idxmax()]
    lo = rates.loc[rates["hedges_per_1000_narration_words"].idxmin()]
    return _finding(
        f"Hedging in the outlets' own narration (claimed, reportedly, could not be verified …) ranges "
        f"from {lo['hedges_per_1000_narration_words']:.1f} per 1,000 words ({lo['outlet']}) to "
        f"{hi['hedges_per_1000_narration_words']:.1f} ({hi['outlet']}).",
        ["hedging", "hedges"],
    )


def tone_finding(ctx: ReportContext) -> str | None:
    voices = ctx.derived.tone_voices
    narration = voices[voices["voice"] == "narration"]
    if narration.empty:
        return None
    zero = (narration["share_zero"] * narration["n_segments"]).sum() / narration["n_segments"].sum()
    text = (
        f"To a word-list tone measure, most of the outlets' own narration is flat: "
        f"{_pct(zero)} of narration segments score exactly 0 on TextBlob"
    )
    if len(narration) > 1:
        low = narration.loc[narration["mean_polarity"].idxmin()]
        high = narration.loc[narration["mean_polarity"].idxmax()]
        text += (
            f"; mean narration tone runs from {low['mean_polarity']:+.2f} ({low['outlet']}) to "
            f"{high['mean_polarity']:+.2f} ({high['outlet']})"
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
        parts.append(
            f"{len(clusters):,} passages appear nearly word for word in two or more outlets{spread}, "
            f"a sign of shared wire copy; {top['outlet_a']} and {top['outlet_b']} share the most "
            f"({int(top['shared_passages']):,})"
        )
    elif ctx.n_outlets > 1:
        parts.append("No sentence is shared nearly word for word between outlets")
    if len(matrix) and ctx.n_outlets > 1:
        coverage = matrix.groupby(["event_id", "event"])["reported"].sum().sort_values(ascending=False)
        (_, label), n = coverage.index[0], int(coverage.iloc[0])
        parts.append(f"the most widely reported event, “{label}”, appears in {n} of {ctx.n_outlets} outlets")
        singles = coverage[coverage == 1]
        if len(singles):
            (single_id, single_label) = singles.index[0]
            outlet = matrix[(matrix["event_id"] == single_id) & (matrix["reported"] == 1)]["outlet"].iloc[0]
            parts.append(f"“{single_label}” only in {outlet}")
    if not parts:
        return None
    text = "; ".join(parts)
    return _finding(text[0].upper() + text[1:] + ".", ["wire_clusters", "wire_outlet_pairs", "event_matrix"])


FINDINGS: tuple[Callable[[ReportContext], str | None], ...] = (
    voices_finding,
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


__all__ = ["OTHER", "findings_html"]
